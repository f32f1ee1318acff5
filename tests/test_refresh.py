"""Refreshing data/wdi/wdi_series.csv: a valid snapshot on success, data/ byte-for-byte unchanged on any failure.

Every test works on a tmp copy of data/. The API is served from tests/fixtures/worldbank/ by `responses`, or, in
the end-to-end tests, by a small http.server on 127.0.0.1 that pages and answers the way the World Bank API does.
"""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
import requests
import responses

from loaders import refresh
from loaders.refresh import CODES, FOCUS, GDP, INDICATORS, PCT, REMIT, main, validate_series
from loaders.snapshot import sha256_of, sidecar_path, verify
from loaders.worldbank import WorldBankError, fetch_indicator, make_session

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "worldbank"
BASE = "https://api.test/v2"
NEW = "2026-10-15"  # lastupdated in the fixtures
SERIES = Path("wdi") / "wdi_series.csv"


def load(name: str) -> object:
    """Return one fixture's parsed JSON."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def recorded_pages() -> dict[tuple[str, int], object]:
    """Return every recorded answer keyed by (indicator, page)."""
    found = (re.fullmatch(r"live_(.+)_p(\d+)\.json", p.name) for p in FIXTURES.glob("live_*_p*.json"))
    return {(m.group(1), int(m.group(2))): load(m.group(0)) for m in found}


def tree(root: Path) -> dict[str, str]:
    """Return the sha256 of every file (and a marker for every folder) under root."""
    return {str(p.relative_to(root)): ("<dir>" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(root.rglob("*"))}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A tmp copy of the repository's data/ folder."""
    return Path(shutil.copytree(ROOT / "data", tmp_path / "data"))


def answer(store: dict, code: str, request) -> tuple:
    """Serve one recorded page; a store entry may also be raw text, an HTTP status or an exception to raise."""
    body = store.get((code, int(parse_qs(urlsplit(request.url).query)["page"][0])), load("empty.json"))
    if isinstance(body, Exception):
        raise body
    if isinstance(body, int):
        return body, {}, "error"
    return 200, {"Content-Type": "application/json;charset=utf-8"}, body if isinstance(body, str) else json.dumps(body)


@pytest.fixture
def api():
    """A mocked World Bank API serving the recorded pages; tests change the returned store to break it."""
    store = recorded_pages()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        for code in INDICATORS:
            url = f"{BASE}/country/{';'.join(CODES)}/indicator/{code}"
            rsps.add_callback(responses.GET, url, callback=partial(answer, store, code))
        yield store


def run(data_dir: Path, *args: str, retries: int = 0) -> int:
    """Run the command line against the mocked API and a data folder."""
    argv = ["--data-dir", str(data_dir), "--base-url", BASE, *args]
    return main(argv, session=make_session(retries=retries, backoff=0))


def rows(store: dict, code: str) -> list[dict]:
    """Return the rows of an indicator's recorded first page (to edit in place)."""
    return store[(code, 1)][1]


def set_value(store: dict, code: str, iso3: str, year: int, value: object) -> None:
    """Change one recorded value."""
    for row in rows(store, code):
        if row["countryiso3code"] == iso3 and row["date"] == str(year):
            row["value"] = value


# --- success -----------------------------------------------------------------------------------------------------

def test_a_refresh_writes_a_valid_snapshot_in_the_apis_vintage_and_keeps_the_previous(api, data_dir, capsys):
    before, old_bytes = tree(data_dir), (data_dir / SERIES).read_bytes()
    assert run(data_dir) == 0
    out = capsys.readouterr()
    assert out.err == "" and out.out.count("\n") == 1 and out.out.startswith(f"refreshed {data_dir / SERIES}")
    meta = verify(data_dir / SERIES)
    frame = pd.read_csv(data_dir / SERIES, keep_default_na=False)
    assert (meta.vintage, meta.rows, meta.mode) == (NEW, len(frame), "snapshot")
    assert meta.sha256 == sha256_of(data_dir / SERIES)
    assert meta.accessed == dt.date.today().isoformat() and meta.url.startswith(BASE)
    assert validate_series(frame) == [] and set(frame.vintage) == {NEW} and set(frame.flag) == {"", "computed"}
    prev = sorted((data_dir / "wdi" / "previous").glob("*.csv"))
    assert len(prev) == 1 and prev[0].read_bytes() == old_bytes and verify(prev[0]).vintage.startswith("2026-07-01 (")
    changed = {str(SERIES), str(sidecar_path(SERIES))}
    assert {k: v for k, v in tree(data_dir).items() if k in before and k not in changed} == \
        {k: v for k, v in before.items() if k not in changed}


def test_computed_shares_cover_the_years_the_official_series_lacks_for_countries_only(api, data_dir):
    assert run(data_dir) == 0
    frame = pd.read_csv(data_dir / SERIES, keep_default_na=False).set_index(["indicator_code", "flag", "iso3", "year"])
    official = frame.loc[(PCT, "")].value
    computed = frame.loc[(PCT, "computed")].value
    assert ("KGZ", 2024) in computed.index and ("KGZ", 2024) not in official.index
    assert set(computed.index.get_level_values("iso3")) <= set(FOCUS)
    remit, gdp = frame.loc[(REMIT, "")].value, frame.loc[(GDP, "")].value
    assert computed["TJK", 2024] == round(100 * remit["TJK", 2024] / gdp["TJK", 2024], 6)


def test_the_same_figures_give_the_same_computed_shares_as_the_bundled_snapshot(api, data_dir):
    old = pd.read_csv(data_dir / SERIES, keep_default_na=False)
    assert run(data_dir) == 0
    new = pd.read_csv(data_dir / SERIES, keep_default_na=False)
    key = ["iso3", "year"]
    pair = [f[(f.flag == "computed")].set_index(key).value for f in (old, new)]
    assert pair[1].sort_index().equals(pair[0].reindex(pair[1].index).sort_index())


@pytest.mark.parametrize("line, kept", [
    ("Turkmenistan: remittances received (US$) only for 1996; official % of GDP 1996 and 2010-2019; "
     "remittances paid 1996-1997 only.", True),
    ("No 2025 remittance value exists in any source found.", True),
    ("Official % of GDP (BX.TRF.PWKR.DT.GD.ZS) and remittances paid stop at 2021 (vintage 2023-05-10).", False),
    ("Rows flagged 'computed' are 100 x BX.TRF.PWKR.CD.DT / NY.GDP.MKTP.CD from the 2026-07 vintage "
     "(the World Bank's own definition), computed, not published; aggregates are not computed.", False),
])
def test_known_gap_lines_are_carried_over_and_lines_about_an_older_vintage_are_not(api, data_dir, line, kept):
    assert run(data_dir) == 0
    gaps = verify(data_dir / SERIES).gaps
    assert (line in gaps) is kept
    assert any(g.startswith("Rows flagged 'computed'") and NEW in g for g in gaps)
    assert any(g.startswith(f"Latest year with data in vintage {NEW}: ") for g in gaps)


def test_a_second_refresh_keeps_the_first_under_its_own_vintage(api, data_dir):
    assert run(data_dir) == 0
    first = (data_dir / SERIES).read_bytes()
    assert run(data_dir) == 0
    kept = data_dir / "wdi" / "previous" / f"wdi_series.{NEW}.csv"
    assert kept.read_bytes() == first and verify(kept).vintage == NEW
    assert len(list((data_dir / "wdi" / "previous").glob("*.csv"))) == 2


def test_a_dry_run_prints_what_would_change_and_writes_nothing(api, data_dir, capsys):
    before = tree(data_dir)
    assert run(data_dir, "--dry-run") == 0
    out = capsys.readouterr().out
    assert f"to '{NEW}'" in out and "nothing written" in out
    assert re.search(rf"{re.escape(REMIT)}: 298 -> \d+ rows", out)
    assert re.search(rf"{re.escape(PCT)} \(computed\): 137 -> \d+ rows", out)
    assert tree(data_dir) == before


# --- failures leave data/ unchanged ------------------------------------------------------------------------------

def drop_country(store: dict, code: str, iso3: str) -> None:
    """Remove one country's rows from an indicator's recorded answer."""
    store[(code, 1)][1] = [r for r in rows(store, code) if r["countryiso3code"] != iso3]


def add_row(store: dict, code: str, **changes) -> None:
    """Append a copy of an indicator's first row with some fields changed."""
    rows(store, code).append({**copy.deepcopy(rows(store, code)[0]), **changes})


def every_page(store: dict, code: str, body: object) -> None:
    """Make every page of an indicator answer the same body."""
    for key in [k for k in store if k[0] == code] or [(code, 1)]:
        store[key] = body


FAILURES = {
    "connection refused": (lambda s: s.update({(REMIT, 1): requests.ConnectionError("[Errno 111] Connection refused")}),
                           f"World Bank API unreachable at {BASE}: connection refused"),
    "read timeout": (lambda s: s.update({(GDP, 1): requests.exceptions.ReadTimeout("read timed out")}),
                     "no answer within 20 s"),
    "500 forever": (lambda s: every_page(s, "SP.POP.TOTL", 500), "HTTP 500"),
    "malformed JSON": (lambda s: s.update({(GDP, 1): '[{"page": 1, "pages": 1'}), "not JSON"),
    "error envelope": (lambda s: s.update({("SM.POP.NETM", 1): load("error_envelope.json")}),
                       "120 Invalid value: The provided parameter value is not valid"),
    "page count changes halfway": (lambda s: s[(REMIT, 2)][0].update(pages=3), "page 2 says 3 pages"),
    "second page changes shape": (lambda s: s.update({(REMIT, 2): {"page": 2, "rows": []}}), "expected [header, rows]"),
    "value not a number": (lambda s: set_value(s, GDP, "UZB", 2023, "n/a"), "value 'n/a' for UZB 2023 is not a number"),
    "bad ISO3 code": (lambda s: add_row(s, GDP, countryiso3code=""), "without a usable ISO3 code"),
    "missing indicator": (lambda s: every_page(s, "SM.POP.TOTL", load("empty.json")), "SM.POP.TOTL missing entirely"),
    "focus country missing": (lambda s: drop_country(s, "BM.TRF.PWKR.CD.DT", "TKM"),
                              "BM.TRF.PWKR.CD.DT missing for TKM"),
    "% of GDP above 100": (lambda s: set_value(s, PCT, "KGZ", 2021, 130.5), "% of GDP values outside 0..100"),
    "negative US$": (lambda s: set_value(s, "BM.TRF.PWKR.CD.DT", "RUS", 2020, -1.0), "negative US$ or population"),
    "unknown country": (lambda s: add_row(s, GDP, countryiso3code="XKX"), "unknown ISO3 codes: XKX"),
    "duplicate rows": (lambda s: add_row(s, GDP), "duplicate rows"),
    "no lastupdated": (lambda s: [page[0].pop("lastupdated") for page in s.values()], "no lastupdated date"),
}


@pytest.mark.parametrize("breakage, said", FAILURES.values(), ids=FAILURES.keys())
def test_a_failed_refresh_exits_1_with_one_line_and_leaves_data_unchanged(api, data_dir, capsys, breakage, said):
    breakage(api)
    before = tree(data_dir)
    assert run(data_dir, retries=2) == 1
    out = capsys.readouterr()
    assert out.out == "" and out.err.count("\n") == 1
    assert out.err.startswith("refresh failed: ") and said in out.err and out.err.endswith(f"{data_dir} unchanged\n")
    assert tree(data_dir) == before


def refuse_replace(monkeypatch, names: set[str] | None) -> None:
    """Make os.replace raise PermissionError for targets with these names (all targets when names is None)."""
    real = os.replace

    def fake(src, dst, *args, **kwargs):
        if names is None or Path(dst).name in names:
            raise PermissionError(13, "Permission denied", str(dst))
        return real(src, dst, *args, **kwargs)
    monkeypatch.setattr(os, "replace", fake)


def fail_main_sidecar(monkeypatch) -> None:
    """Make write_sidecar raise for the live file only (the previous copy's sidecar still works)."""
    real = refresh.write_sidecar

    def fake(path, meta):
        if Path(path).name == "wdi_series.csv":
            raise OSError(28, "No space left on device")
        return real(path, meta)
    monkeypatch.setattr(refresh, "write_sidecar", fake)


WRITE_FAILURES = {
    "read-only folder (every rename refused)": lambda mp: refuse_replace(mp, None),
    "the data file cannot be renamed into place": lambda mp: refuse_replace(mp, {"wdi_series.csv"}),
    "the sidecar cannot be renamed into place": lambda mp: refuse_replace(mp, {"wdi_series.csv.meta.json"}),
    "writing the sidecar fails": fail_main_sidecar,
}


@pytest.mark.parametrize("breakage", WRITE_FAILURES.values(), ids=WRITE_FAILURES.keys())
def test_a_write_that_fails_halfway_is_undone_and_data_stays_unchanged(api, data_dir, capsys, monkeypatch, breakage):
    before = tree(data_dir)
    breakage(monkeypatch)
    assert run(data_dir) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("refresh failed: ") and err.endswith("unchanged\n")
    assert tree(data_dir) == before


def test_when_even_the_undo_fails_the_message_says_data_may_be_inconsistent(api, data_dir, capsys, monkeypatch):
    calls = []
    real = os.replace

    def fake(src, dst):
        calls.append(Path(dst).name)
        if Path(dst).name == "wdi_series.csv.meta.json" or calls.count("wdi_series.csv") > 1:
            raise PermissionError(13, "Permission denied", str(dst))
        return real(src, dst)
    monkeypatch.setattr(os, "replace", fake)
    assert run(data_dir) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "could not restore" in err and err.endswith("data may be inconsistent, check it\n")


# --- the data contract -------------------------------------------------------------------------------------------

def bundled_live_rows() -> pd.DataFrame:
    """Return the bundled snapshot's rows, all relabelled into one vintage (a frame that passes the contract)."""
    frame = pd.read_csv(ROOT / "data" / SERIES, keep_default_na=False)
    return frame.assign(vintage=NEW)


CONTRACT_BREAKS = {
    "a missing column": (lambda f: f.drop(columns="flag"), "missing columns: flag"),
    "a lowercase code": (lambda f: f.assign(iso3=f.iso3.where(f.index != 0, "kaz")), "malformed ISO3 codes: 'kaz'"),
    "an unknown code": (lambda f: f.assign(iso3=f.iso3.where(f.index != 0, "FRA")), "unknown ISO3 codes: FRA"),
    "a year out of range": (lambda f: f.assign(year=f.year.where(f.index != 0, 1959)), "years not whole numbers"),
    "a fractional year": (lambda f: f.assign(year=f.year.astype(float).where(f.index != 0, 2000.5)), "years not whole"),
    "an infinite value": (lambda f: f.assign(value=f.value.where(f.index != 0, math.inf)), "not finite numbers"),
    "a text value": (lambda f: f.assign(value=f.value.astype(object).where(f.index != 0, "abc")), "not finite"),
    "a duplicate row": (lambda f: pd.concat([f, f.iloc[[0]]]), "2 duplicate rows"),
    "an unknown flag": (lambda f: f.assign(flag=f.flag.where(f.index != 0, "estimated")), "unknown flags"),
    "a computed row on another indicator": (lambda f: f.assign(flag=f.flag.where(f.indicator_code != GDP, "computed")),
                                            "'computed' rows outside"),
    "an empty vintage": (lambda f: f.assign(vintage=f.vintage.where(f.index != 0, "")), "rows without a vintage"),
    "a missing indicator": (lambda f: f[f.indicator_code != "SM.POP.NETM"], "SM.POP.NETM missing entirely"),
    "a share below 0": (lambda f: f.assign(value=f.value.where(f.indicator_code != PCT, -0.1)), "outside 0..100"),
    "a negative population": (lambda f: f.assign(value=f.value.where(f.indicator_code != "SP.POP.TOTL", -5.0)),
                              "negative US$ or population"),
}


def test_the_bundled_rows_pass_the_contract_once_in_one_vintage():
    assert validate_series(bundled_live_rows()) == []


def test_negative_net_migration_is_allowed():
    frame = bundled_live_rows()
    assert (frame.value[frame.indicator_code == "SM.POP.NETM"] < 0).any() and validate_series(frame) == []


@pytest.mark.parametrize("breakage, said", CONTRACT_BREAKS.values(), ids=CONTRACT_BREAKS.keys())
def test_validate_series_names_each_broken_rule(breakage, said):
    problems = validate_series(breakage(bundled_live_rows()))
    assert any(said in p for p in problems), problems


# --- end to end: a subprocess against a local server -------------------------------------------------------------

class WorldBankLike(BaseHTTPRequestHandler):
    """Answers /v2/country/<codes>/indicator/<code> from the recorded rows, 40 per page at most, BOM and all."""

    rows_by_code: dict[str, list[dict]] = {}
    max_per_page = 40

    def do_GET(self):  # noqa: N802 (http.server's name)
        """Serve one page, or the API's error envelope for a path or indicator it does not know."""
        parts = urlsplit(self.path)
        found = re.fullmatch(r"/v2/country/([^/]+)/indicator/([^/]+)", parts.path)
        if not found or found.group(2) not in self.rows_by_code:
            return self.send(load("error_envelope.json"))
        wanted = {c.upper() for c in found.group(1).split(";")}
        rows = [r for r in self.rows_by_code[found.group(2)] if r["countryiso3code"] in wanted]
        self.send(self.page(rows, parse_qs(parts.query)))

    def page(self, rows: list[dict], query: dict) -> list:
        """Cut the rows into pages like the API, capping per_page."""
        per = min(int(query.get("per_page", ["50"])[0]), self.max_per_page)
        number, pages = int(query.get("page", ["1"])[0]), max(1, math.ceil(len(rows) / per))
        header = {"page": number, "pages": pages, "per_page": per, "total": len(rows), "sourceid": "2",
                  "sourcename": "World Development Indicators", "lastupdated": NEW}
        return [header, rows[(number - 1) * per:number * per] or None]

    def send(self, payload: object) -> None:
        """Write a JSON answer preceded by a byte-order mark, as the real API sometimes does."""
        body = b"\xef\xbb\xbf" + json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        """Stay quiet."""


@pytest.fixture(scope="module")
def local_api():
    """A World Bank-like server on 127.0.0.1 (never another interface); yields its base URL."""
    rows_by_code: dict[str, list[dict]] = {}
    for (code, _), body in sorted(recorded_pages().items()):
        rows_by_code.setdefault(code, []).extend(body[1])
    handler = type("Handler", (WorldBankLike,), {"rows_by_code": rows_by_code})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v2"
    server.shutdown()
    server.server_close()


def run_module(base_url: str, data_dir: Path) -> subprocess.CompletedProcess:
    """Run `python -m loaders.refresh` in a subprocess with quick retries."""
    env = {**os.environ, "WORLDBANK_RETRIES": "1", "WORLDBANK_TIMEOUT": "5"}
    argv = [sys.executable, "-m", "loaders.refresh", "--base-url", base_url, "--data-dir", str(data_dir)]
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_the_command_refreshes_from_a_paging_server_into_a_valid_snapshot(local_api, data_dir):
    done = run_module(local_api, data_dir)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and done.stdout.startswith("refreshed ")
    meta = verify(data_dir / SERIES)
    frame = pd.read_csv(data_dir / SERIES, keep_default_na=False)
    assert meta.vintage == NEW and validate_series(frame) == []
    assert len(list((data_dir / "wdi" / "previous").glob("*.csv"))) == 1


def test_the_local_server_pages_and_refuses_like_the_api(local_api):
    session = make_session(retries=0)
    frame, meta = fetch_indicator(REMIT, list(CODES), session=session, base_url=local_api)
    assert meta["pages"] == 2 and len(frame) == frame.dropna().shape[0] > 0
    with pytest.raises(WorldBankError, match="120 Invalid value"):
        fetch_indicator("NOT.AN.INDICATOR", ["KAZ"], session=session, base_url=local_api)


def test_the_command_pointed_at_a_closed_port_exits_1_and_changes_nothing(data_dir):
    before = tree(data_dir)
    done = run_module("http://127.0.0.1:9/v2", data_dir)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (f"refresh failed: World Bank API unreachable at http://127.0.0.1:9/v2: "
                           f"connection refused; {data_dir} unchanged\n")
    assert tree(data_dir) == before
