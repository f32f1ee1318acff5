"""World Bank API v2 client: one indicator for several countries, every page, as a tidy frame."""
from __future__ import annotations

import json
import math
import re
import time
from dataclasses import dataclass
from functools import partial

import pandas as pd
import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util import Retry

import config

COLUMNS = ("iso3", "indicator_code", "year", "value")
DTYPES = {"iso3": "str", "indicator_code": "str", "year": "int64", "value": "float64"}
RETRY_STATUSES = (429, 500, 502, 503, 504)
PER_PAGE = 1000  # nine codes x 66 years fit in one page; bigger answers are paged
FIRST_YEAR, LAST_YEAR = 1960, 2100
_ISO3 = re.compile(r"[A-Z]{3}")
_YEAR = re.compile(r"\d{4}")
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")
MAX_BODY = 50 * 1024 * 1024  # one page of 1000 rows is ~300 kB; anything near this is not the API
CHUNK = 64 * 1024


class WorldBankError(RuntimeError):
    """The World Bank API could not be reached, refused the request or sent an answer that cannot be used."""


@dataclass
class Budget:
    """What a whole refresh may spend: a wall-clock deadline (time.monotonic) and most pages per indicator."""

    deadline: float
    max_pages: int
    seconds: float

    @classmethod
    def from_config(cls) -> "Budget":
        """Start the clock with WORLDBANK_TOTAL_TIMEOUT seconds and WORLDBANK_MAX_PAGES pages per indicator."""
        seconds = float(config.get_int("WORLDBANK_TOTAL_TIMEOUT"))
        return cls(time.monotonic() + seconds, config.get_int("WORLDBANK_MAX_PAGES"), seconds)

    def left(self) -> float:
        """Return the seconds left, raising once none are (a slow mirror cannot keep a refresh running)."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise WorldBankError(f"the refresh took longer than {self.seconds:g} s in total (WORLDBANK_TOTAL_TIMEOUT)")
        return remaining


def make_session(retries: int | None = None, backoff: float = 0.5) -> requests.Session:
    """Return a session whose GETs retry 429, 5xx and connection errors with exponential backoff."""
    total = config.get_int("WORLDBANK_RETRIES") if retries is None else retries
    wait = float(config.get_int("WORLDBANK_TIMEOUT"))  # a Retry-After longer than one request's timeout is not waited
    retry = Retry(total=total, backoff_factor=backoff, status_forcelist=RETRY_STATUSES, allowed_methods={"GET"},
                  respect_retry_after_header=True, raise_on_status=False, backoff_max=wait, retry_after_max=wait)
    adapter = HTTPAdapter(max_retries=retry)
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def fetch_indicator(code: str, countries: list[str], *, session: requests.Session, base_url: str | None = None,
                    timeout: float | None = None, date: str | None = None,
                    budget: Budget | None = None) -> tuple[pd.DataFrame, dict]:
    """Fetch every page of one indicator: a frame (iso3, indicator_code, year, value) and the header's metadata."""
    base = (base_url or config.get("WORLDBANK_API_URL")).rstrip("/")
    url = f"{base}/country/{';'.join(countries)}/indicator/{code}"
    params = {"format": "json", "per_page": PER_PAGE, **({"date": date} if date else {})}
    wait = float(config.get_int("WORLDBANK_TIMEOUT") if timeout is None else timeout)
    budget = budget or Budget.from_config()
    pages = _all_pages(partial(_get_page, session, url, params, wait, base, budget), code, budget.max_pages)
    rows = [row for _, page_rows in pages for row in page_rows]
    return _tidy(code, rows), _meta([header for header, _ in pages])


def _all_pages(get, code: str, max_pages: int) -> list[tuple[dict, list]]:
    """Fetch page 1, then every further page its header announces, refusing a count that changes or is too large."""
    pages = [get(1)]
    expected = pages[0][0]["pages"]
    if expected > max_pages:  # a header cannot make the refresh send thousands of requests
        raise WorldBankError(f"{code}: the answer announces {expected} pages, more than the {max_pages} allowed "
                             "(WORLDBANK_MAX_PAGES)")
    for number in range(2, expected + 1):
        header, rows = get(number)
        if header["pages"] != expected:
            raise WorldBankError(f"{code}: page {number} says {header['pages']} pages, page 1 said {expected} "
                                 "(the data changed while paging)")
        pages.append((header, rows))
    return pages


def _get_page(session: requests.Session, url: str, params: dict, timeout: float, base: str, budget: Budget,
              page: int) -> tuple[dict, list]:
    """GET one page within the budget's time and return its header and rows."""
    wait = min(timeout, budget.left())
    try:
        with session.get(url, params={**params, "page": page}, timeout=wait, stream=True) as resp:
            if not resp.ok:  # retryable statuses arrive here only once the adapter's retries are spent
                raise WorldBankError(f"World Bank API answered HTTP {resp.status_code} for {resp.url}")
            return _parse(_decode(_read_body(resp, budget), resp.url), resp.url)
    except requests.RequestException as exc:
        raise WorldBankError(f"World Bank API unreachable at {base}: {_reason(exc, timeout)}") from exc


def _read_body(resp: requests.Response, budget: Budget) -> bytes:
    """Read a body in chunks, stopping at the deadline or MAX_BODY (a trickling or endless answer ends here)."""
    chunks, size = [], 0
    while True:
        try:
            chunk = resp.raw.read1(CHUNK, decode_content=True)  # returns what has arrived, not a full chunk
        except urllib3.exceptions.HTTPError as exc:
            raise WorldBankError(f"World Bank API connection broke while sending {resp.url} ({exc})") from exc
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_BODY:
            raise WorldBankError(f"World Bank API sent more than {MAX_BODY // 2**20} MB for {resp.url}")
        chunks.append(chunk)
        budget.left()


def _decode(body: bytes, where: str) -> object:
    """Parse a body as JSON, tolerating the byte-order mark the API sometimes sends."""
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise WorldBankError(f"World Bank API sent something that is not JSON for {where} ({exc})") from exc


def _parse(payload: object, where: str) -> tuple[dict, list]:
    """Split an answer into header and rows, refusing the error envelope and any other shape."""
    _raise_if_envelope(payload)
    if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], dict)):
        raise WorldBankError(f"unexpected answer from {where}: expected [header, rows]")
    header, rows = payload
    rows = [] if rows is None else rows  # [header, null] is how the API says "no data"
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise WorldBankError(f"unexpected answer from {where}: rows are not a list of objects")
    return {**header, "pages": _page_count(header, where)}, rows


def _raise_if_envelope(payload: object) -> None:
    """Raise what the API said when it answers with its error envelope [{"message": [...]}]."""
    if isinstance(payload, list) and payload and isinstance(payload[0], dict) and "message" in payload[0]:
        messages = payload[0]["message"] if isinstance(payload[0]["message"], list) else [payload[0]["message"]]
        said = "; ".join(_message_text(m) for m in messages)
        raise WorldBankError(f"World Bank API refused the request: {said}")


def _message_text(message: object) -> str:
    """Render one error-envelope message as 'id key: value'."""
    if not isinstance(message, dict):
        return str(message)
    return f"{message.get('id', '?')} {message.get('key', '')}: {message.get('value', '')}".strip()


def _page_count(header: dict, where: str) -> int:
    """Return the header's page count, refusing a header without a usable one."""
    pages = header.get("pages")
    if isinstance(pages, bool) or not re.fullmatch(r"\d+", str(pages)):
        raise WorldBankError(f"unexpected answer from {where}: header has no page count")
    return int(pages)


def _tidy(code: str, rows: list[dict]) -> pd.DataFrame:
    """Validate rows and return the tidy frame; rows whose value is null are gaps and stay out."""
    bad = [_label(row) for row in rows if not _ISO3.fullmatch(str(row.get("countryiso3code")))]
    if bad:
        raise WorldBankError(f"{code}: rows without a usable ISO3 code: {', '.join(sorted(set(bad)))}")
    records = [record for record in (_record(code, row) for row in rows) if record is not None]
    return pd.DataFrame.from_records(records, columns=list(COLUMNS)).astype(DTYPES)


def _label(row: dict) -> str:
    """Name a row's country for an error message: its code as given and the country's name."""
    country = row.get("country")
    name = country.get("value") if isinstance(country, dict) else None
    return f"{row.get('countryiso3code')!r} ({name or 'unnamed'})"


def _record(code: str, row: dict) -> tuple | None:
    """Return (iso3, code, year, value) for one row, None for a gap, or raise for a value that is not a number."""
    iso3 = row["countryiso3code"]
    year = _year(code, iso3, row.get("date"))
    value = row.get("value")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise WorldBankError(f"{code}: value {value!r} for {iso3} {year} is not a number")
    return iso3, code, year, float(value)


def _year(code: str, iso3: str, date: object) -> int:
    """Return a row's date as a year, refusing anything but a year from 1960 to 2100."""
    if not (isinstance(date, str) and _YEAR.fullmatch(date) and FIRST_YEAR <= int(date) <= LAST_YEAR):
        raise WorldBankError(f"{code}: date {date!r} for {iso3} is not a year from {FIRST_YEAR} to {LAST_YEAR}")
    return int(date)


def _meta(headers: list[dict]) -> dict:
    """Return lastupdated (the latest any page gave), the source name and the row total."""
    stamps = [h["lastupdated"] for h in headers if isinstance(h.get("lastupdated"), str) and h["lastupdated"]]
    return {"lastupdated": max(stamps, default=None), "source": headers[0].get("sourcename"),
            "total": headers[0].get("total"), "pages": headers[0]["pages"]}


def _reason(exc: requests.RequestException, timeout: float) -> str:
    """Say in a few words why a request failed, without urllib3's nested reprs."""
    if isinstance(exc, requests.Timeout):
        return f"no answer within {timeout:g} s"
    found = _ERRNO.search(str(exc))
    return found.group(1).strip().lower() if found else (str(exc).splitlines() or [type(exc).__name__])[0][:200]
