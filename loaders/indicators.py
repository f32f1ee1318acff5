"""Project indicator files: the schema, reading CSV/XLSX, a row-level validation report and the tidy table.

A file is accepted whole or refused whole: any problem refuses it and nothing loaded before changes.
Problems are Issue records (spreadsheet row, column, message code, offending text); the page translates them.
"""
from __future__ import annotations

import csv
import hashlib
import io
import math
import pickle
import re
import select
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

import config
from geo.countries import CENTRAL_ASIA, to_iso3
from loaders.provenance import Provenance

CATALOG = Path(__file__).with_name("indicator_catalog.toml")
ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
EXAMPLE = TEMPLATES / "EXAMPLE_indicators_not_project_results.csv"
REQUIRED = ("indicator_code", "country_iso3", "period", "sex", "age_group", "value")
OPTIONAL = ("baseline", "target")
COLUMNS = REQUIRED + OPTIONAL
KEY = ("indicator_code", "country_iso3", "period", "sex", "age_group")
SEXES = ("female", "male", "total")
AGES = ("youth", "adult", "total")
PARTS = {"sex": ("female", "male"), "age_group": ("youth", "adult")}
YEARS = (2010, 2035)  # a period outside this window is almost surely a typo
MAX_ISSUES = 300  # enough to act on; the rest are counted, not listed
MAX_COLUMNS = 40
SUFFIXES = (".csv", ".xlsx")
MB = 1_000_000  # UPLOAD_MAX_MB counts in decimal megabytes, as Streamlit's uploader does on Linux (one unit throughout)
MAX_COUNT = 10**9  # more people, documents or cases than any project reports: a typo or a hostile file
MAX_UNPACKED = 50 * MB  # what an XLSX may expand to; its XML is about 10x its size, so this leaves room for 5 MB
MAX_RATIO = 200  # a member packed tighter than this (and over 1 MB unpacked) is a zip bomb, not a spreadsheet
MAX_SHEET_COLUMNS = 50  # a sheet's declared width; the schema has 8 columns (each cell costs ~10 µs to parse)
MAX_BLANK_LINES = 10_000  # blank lines tolerated beyond the row limit before a file is refused as too long
PARSE_MEMORY = 2 * 1024**3  # address space a parsing worker may use; past it the worker fails, not the server
WORKER_START = 30.0  # seconds a worker may take to start (import pandas and openpyxl); the parse's limit starts after
ENCODINGS = "UTF-8, UTF-16 or Windows-1251 (Cyrillic) / Windows-1252 (Latin)"
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')
_LETTERS = re.compile(r"[^\W\d_]+")
_PERIOD = re.compile(r"^(\d{4})(?:\s*[-_ ]?\s*[Qq]([1-4]))?$")
_FORMULA = re.compile(r"^[=+\-@\t\r]")  # what spreadsheets run as a formula
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]")  # an HTML/XML tag opening
_SPACES = re.compile(r"[\s\u00a0\u202f']")  # thousands separators people type: space, no-break space, apostrophe


@dataclass(frozen=True)
class Issue:
    """One problem: spreadsheet row (1 = header, None = whole file), column, message code, offending text."""

    row: int | None
    column: str
    code: str
    value: str = ""
    detail: str = ""  # what the message needs besides the value: a row number, a file name, a limit


@dataclass
class LoadResult:
    """A file's outcome: the tidy table when accepted, else None and the issues that refused it."""

    name: str
    sha256: str
    frame: pd.DataFrame | None
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Tell whether the file was accepted."""
        return self.frame is not None and not self.issues


@dataclass(frozen=True)
class Limits:
    """Largest file (bytes), most data rows, and the seconds (0: in this process, unbounded) one file may be parsed."""

    max_bytes: int
    max_rows: int
    seconds: float = 20.0

    @classmethod
    def from_config(cls) -> "Limits":
        """Read UPLOAD_MAX_MB (decimal megabytes, as people and browsers count them), UPLOAD_MAX_ROWS and
        UPLOAD_PARSE_SECONDS."""
        return cls(config.get_int("UPLOAD_MAX_MB") * MB, config.get_int("UPLOAD_MAX_ROWS"),
                   float(config.get_int("UPLOAD_PARSE_SECONDS")))


class Invalid(ValueError):
    """A cell's value is not acceptable; args[0] is the message code."""


@lru_cache(maxsize=1)
def catalog() -> pd.DataFrame:
    """Return the indicator catalogue indexed by code."""
    with CATALOG.open("rb") as handle:
        rows = tomllib.load(handle)["indicator"]
    frame = pd.DataFrame(rows).set_index("code", drop=False)
    frame["countries"] = frame["countries"].map(tuple)
    return frame


def catalog_note() -> str:
    """Return who defined the catalogue (kept with the data, shown on the page)."""
    with CATALOG.open("rb") as handle:
        return str(tomllib.load(handle)["defined_by"])


# ---- reading -------------------------------------------------------------------------------------------------

class Unreadable(ValueError):
    """A file refused before its rows are read; args[0] is the message code, args[1] its detail."""


def _decode(payload: bytes) -> str:
    """Decode text by its byte-order mark, else as strict UTF-8, else as the one Windows code page that reads it as
    words of one alphabet (Cyrillic 1251 or Latin 1252); refuse what none of these reads reliably."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if payload.startswith(bom):
            return _strict(payload, codec)
    head = payload[:400]
    if head and head.count(0) * 3 >= len(head):  # UTF-16 without a BOM: every other byte is zero
        return _strict(payload, "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be")
    for codec in ("utf-8", "cp1251", "cp1252"):
        try:
            text = payload.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "utf-8" or _one_alphabet(text):
            return text
    raise Unreadable("encoding", ENCODINGS)


def _strict(payload: bytes, codec: str) -> str:
    """Decode with one codec, refusing bytes it cannot read."""
    try:
        return payload.decode(codec)
    except UnicodeDecodeError:
        raise Unreadable("encoding", ENCODINGS) from None


def _one_alphabet(text: str) -> bool:
    """True when no word mixes Latin and Cyrillic letters (a wrong code page makes words like 'Cafй')."""
    for word in _LETTERS.findall(text):
        cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in word)
        if 0 < cyrillic < len(word) and any(ch.isascii() for ch in word):
            return False
    return True


def _delimiter(text: str) -> str:
    """Pick the delimiter of the header line: comma, semicolon (Russian Excel) or tab."""
    first = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count)


def _cell_text(value) -> str:
    """Turn a spreadsheet cell into text as the user typed it (whole floats without '.0')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header(name: str) -> str:
    """Normalise a column heading: trimmed, lower case, spaces and dashes as underscores."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lstrip("\ufeff").lower())


def parse_rows(rows, max_rows: int) -> tuple[pd.DataFrame, list[Issue]]:
    """Turn raw rows (an iterable; first non-blank = header) into a text table indexed by spreadsheet row, with layout
    issues; reading stops as soon as the file is known to be too long (blank lines count towards that too)."""
    header, issues, records, index, lines = None, [], [], [], 0
    for number, raw in enumerate(rows, start=1):
        lines += 1
        if len(index) > max_rows or lines > max_rows + MAX_BLANK_LINES:
            return pd.DataFrame(), [Issue(None, "", "too_many_rows", detail=str(max_rows))]
        cells = [_cell_text(c) for c in list(raw)[:MAX_COLUMNS]]
        if not any(cells):
            continue
        if header is None:
            header, first = [_header(h) for h in cells], number
            issues += [Issue(1, h, "duplicate_column", h) for i, h in enumerate(header) if h and h in header[:i]]
            continue
        if any(cells[len(header):]):
            issues.append(Issue(number - first + 1, "", "extra_cells", detail=str(len(header))))
        records.append((cells + [""] * len(header))[: len(header)])
        index.append(number - first + 1)
    if header is None:
        return pd.DataFrame(), [Issue(None, "", "empty")]
    if len(index) > max_rows:
        return pd.DataFrame(), [Issue(None, "", "too_many_rows", detail=str(max_rows))]
    keep = [i for i, h in enumerate(header) if h and h not in header[:i]]
    frame = pd.DataFrame([[r[i] for i in keep] for r in records], columns=[header[i] for i in keep], index=index,
                         dtype=object)
    return frame, issues


def parse_csv(payload: bytes, max_rows: int) -> tuple[pd.DataFrame, list[Issue]]:
    """Read CSV bytes (comma, semicolon or tab; UTF-8, UTF-16, Windows-1251 or -1252) into a text table, row by row."""
    try:
        text = _decode(payload).replace("\x00", "")
    except Unreadable as exc:
        return pd.DataFrame(), [Issue(None, "", exc.args[0], detail=exc.args[1])]
    try:
        lines = io.StringIO(text, newline="")
        return parse_rows(csv.reader(lines, delimiter=_delimiter(text)), max_rows)
    except csv.Error:
        return pd.DataFrame(), [Issue(None, "", "unreadable")]


def xlsx_bounds(payload: bytes, max_rows: int) -> None:
    """Refuse an XLSX from its zip directory and its sheets' declared size, before any XML is parsed."""
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        members = archive.infolist()
        if sum(m.file_size for m in members) > MAX_UNPACKED:
            raise Unreadable("too_large_unpacked", str(MAX_UNPACKED // MB))
        if any(m.file_size > MB and m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members):
            raise Unreadable("too_large_unpacked", str(MAX_UNPACKED // MB))
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                with archive.open(member) as sheet:
                    _check_dimension(sheet.read(4096), max_rows)


def _check_dimension(head: bytes, max_rows: int) -> None:
    """Refuse a sheet whose declared dimension (<dimension ref="A1:H120"/>) is too tall or too wide."""
    found = _DIMENSION.search(head)
    if not found or not found.group(3):
        return
    rows = int(found.group(4)) - int(found.group(2)) + 1
    columns = _column_number(found.group(3)) - _column_number(found.group(1)) + 1
    if columns > MAX_SHEET_COLUMNS:
        raise Unreadable("too_many_columns", str(MAX_SHEET_COLUMNS))
    if rows > max_rows + MAX_BLANK_LINES or rows * columns > (max_rows + 1) * MAX_COLUMNS:
        raise Unreadable("too_many_rows", str(max_rows))


def _column_number(letters: bytes) -> int:
    """Return a spreadsheet column's number (A = 1, Z = 26, AA = 27)."""
    number = 0
    for letter in letters.decode("ascii"):
        number = number * 26 + ord(letter) - 64
    return number


def parse_xlsx(payload: bytes, max_rows: int) -> tuple[pd.DataFrame, list[Issue]]:
    """Read the 'Data' sheet (else the first) of an XLSX file, streamed, checked first; formulas come back as text."""
    import openpyxl

    try:
        xlsx_bounds(payload, max_rows)
        book = openpyxl.load_workbook(io.BytesIO(payload), read_only=True, data_only=False)
        try:
            sheet = book["Data"] if "Data" in book.sheetnames else book.worksheets[0]
            return parse_rows(sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True), max_rows)
        finally:
            book.close()
    except Unreadable as exc:
        return pd.DataFrame(), [Issue(None, "", exc.args[0], detail=exc.args[1])]
    except Exception:  # untrusted bytes: zipfile and openpyxl raise many kinds of errors on broken files
        return pd.DataFrame(), [Issue(None, "", "unreadable")]


def read_bytes(name: str, payload: bytes, limits: Limits | None = None) -> LoadResult:
    """Read and validate one file's bytes in a worker process with a deadline; never raises on bad input."""
    limits = limits or Limits.from_config()
    if limits.seconds <= 0 or len(payload) > limits.max_bytes:
        return parse_bytes(name, payload, limits)
    return in_worker(name, payload, limits)[0] or LoadResult(
        name, hashlib.sha256(payload).hexdigest(), None, [Issue(None, "", "too_slow", detail=f"{limits.seconds:g}")])


def parse_bytes(name: str, payload: bytes, limits: Limits) -> LoadResult:
    """Read and validate one file's bytes here and now (read_bytes runs this in a worker)."""
    digest = hashlib.sha256(payload).hexdigest()
    suffix = Path(str(name)).suffix.lower()
    if len(payload) > limits.max_bytes:
        mb = f"{limits.max_bytes / MB:g}"
        return LoadResult(name, digest, None, [Issue(None, "", "too_large", detail=mb)])
    if suffix not in SUFFIXES:
        return LoadResult(name, digest, None, [Issue(None, "", "file_type", suffix[:12])])
    reader = parse_xlsx if suffix == ".xlsx" else parse_csv
    raw, issues = reader(payload, limits.max_rows)
    frame, more = validate(raw) if not issues or all(i.row for i in issues) else (None, [])
    issues = _cap(sorted(issues + more, key=_order))
    return LoadResult(name, digest, frame.assign(source=name) if frame is not None and not issues else None, issues)


def in_worker(name: str, payload: bytes, limits: Limits) -> tuple[LoadResult | None, int]:
    """Parse in a worker process (python -m loaders.indicators) limited in time, CPU and memory; return its result
    (None when it did not finish in time) and its process id.

    A process, not a thread, so it can be killed: a hostile file never keeps parsing after the deadline (nor after
    the session that uploaded it is gone), and its memory is the worker's, not the server's. A fresh interpreter,
    not multiprocessing: under Streamlit the __main__ module is the page script, which a forked or spawned
    multiprocessing child would import again.
    """
    argv = [sys.executable, "-m", "loaders.indicators", "--worker", f"{limits.seconds:g}"]
    worker = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        ready = select.select([worker.stdout], [], [], WORKER_START)[0] and worker.stdout.readline() == b"ready\n"
        if not ready:  # the interpreter did not even start in time: the machine is overloaded
            raise subprocess.TimeoutExpired(argv, WORKER_START)
        out, _ = worker.communicate(pickle.dumps((name, payload, limits)), timeout=limits.seconds)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.communicate()
        return None, worker.pid
    if worker.returncode != 0 or not out:  # killed by its CPU or memory limit, or failed: no answer
        return None, worker.pid
    return pickle.loads(out), worker.pid  # noqa: S301 - our own worker's answer, through our own pipe


def _serve(seconds: float) -> None:
    """In the worker: cap memory and CPU time (the parse's limit from here on), say ready, read (name, payload,
    limits) from stdin, write the result to stdout."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (PARSE_MEMORY, PARSE_MEMORY))
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(used.ru_utime + used.ru_stime + seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    sys.stdout.buffer.write(b"ready\n")
    sys.stdout.buffer.flush()
    name, payload, limits = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - written by in_worker
    sys.stdout.buffer.write(pickle.dumps(parse_bytes(name, payload, limits)))


# ---- cell rules ----------------------------------------------------------------------------------------------

def _required(text: str) -> str:
    """Refuse a blank cell."""
    if not text:
        raise Invalid("blank")
    return text


def _indicator(text: str) -> str:
    """Accept a catalogue code (any case)."""
    code = _required(text).strip().upper()
    if code not in catalog().index:
        raise Invalid("unknown_indicator")
    return code


def _country(text: str) -> str:
    """Accept a project country as ISO3 code or name (English or Russian)."""
    iso3 = to_iso3(_required(text))
    if iso3 not in CENTRAL_ASIA:
        raise Invalid("unknown_country")
    return iso3


def _period(text: str) -> str:
    """Accept a year ('2023') or quarter ('2023Q2', '2023 Q2', '2023-q2') in the plausible window."""
    match = _PERIOD.match(_required(text).strip())
    if not match or not YEARS[0] <= int(match.group(1)) <= YEARS[1]:
        raise Invalid("bad_period")
    return match.group(1) + (f"Q{match.group(2)}" if match.group(2) else "")


def _choice(options: tuple[str, ...], code: str):
    """Make a rule that accepts one of a few words (any case)."""
    def rule(text: str) -> str:
        word = _required(text).strip().lower()
        if word not in options:
            raise Invalid(code)
        return word
    return rule


def _count(required: bool):
    """Make a rule for a whole, non-negative number (blank allowed unless required)."""
    def rule(text: str) -> float:
        if not text:
            if required:
                raise Invalid("blank")
            return math.nan
        try:
            number = float(_SPACES.sub("", text))
        except ValueError:
            raise Invalid("not_number") from None
        if not math.isfinite(number):
            raise Invalid("not_number")
        if number < 0:
            raise Invalid("negative")
        if not number.is_integer():
            raise Invalid("not_whole")
        if number > MAX_COUNT:
            raise Invalid("too_big_number")
        return number
    return rule


RULES = {
    "indicator_code": _indicator, "country_iso3": _country, "period": _period,
    "sex": _choice(SEXES, "bad_sex"), "age_group": _choice(AGES, "bad_age"),
    "value": _count(True), "baseline": _count(False), "target": _count(False),
}


def _unsafe(text: str) -> str | None:
    """Return 'formula' or 'markup' for text a spreadsheet would run or a browser would render."""
    if _FORMULA.match(text):
        try:
            float(text)  # '-5' or '+3' are numbers, judged by the number rules
        except ValueError:
            return "formula"
    return "markup" if _MARKUP.search(text) else None


def _clip(text: str) -> str:
    """Shorten offending text for the report."""
    return text if len(text) <= 60 else text[:57] + "…"


def check_cells(raw: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    """Apply the cell rules; return parsed columns (bad cells as None) and one issue per bad cell."""
    parsed, issues = pd.DataFrame(index=raw.index), []
    for column in raw.columns:
        rule, values = RULES.get(column), []
        for row, text in raw[column].items():
            value, problem = None, _unsafe(text)
            if problem is None and rule is not None:
                try:
                    value = rule(text)
                except Invalid as exc:
                    problem = exc.args[0]
            if problem:
                issues.append(Issue(int(row), column, problem, _clip(text)))
            values.append(value)
        if rule is not None:
            parsed[column] = pd.Series(values, index=raw.index, dtype=object)
    return parsed, issues


# ---- row and table rules -------------------------------------------------------------------------------------

def _scope_issues(frame: pd.DataFrame) -> list[Issue]:
    """Refuse rows for a country outside an indicator's scope (IR4 is KGZ only) or breakdowns it does not have."""
    spec = catalog().loc[frame["indicator_code"]].set_index(frame.index)
    scoped = spec["countries"].map(bool) & ~pd.Series(
        [c in s for c, s in zip(frame["country_iso3"], spec["countries"])], index=frame.index, dtype=bool)
    issues = [Issue(int(r), "country_iso3", "outside_scope", frame.at[r, "country_iso3"], ", ".join(spec.at[r, "countries"]))
              for r in frame.index[scoped]]
    for column in ("sex", "age_group"):
        bad = ~spec["by_sex_age"].astype(bool) & (frame[column] != "total")
        issues += [Issue(int(r), column, "not_disaggregated", frame.at[r, column]) for r in frame.index[bad]]
    return issues


def _duplicate_issues(frame: pd.DataFrame) -> list[Issue]:
    """Refuse a second row for the same indicator, country, period, sex and age group."""
    first = frame.reset_index().groupby(list(KEY))["index"].transform("min").to_numpy()
    return [Issue(int(row), "indicator_code", "duplicate", detail=str(int(f)))
            for row, f in zip(frame.index, first) if int(f) != int(row)]


def parts_over_total(frame: pd.DataFrame) -> list[tuple[object, list]]:
    """Return (total row, part rows) wherever female+male or youth+adult exceed their total."""
    found = []
    for dim, parts in PARTS.items():
        keys = ["indicator_code", "country_iso3", "period", "age_group" if dim == "sex" else "sex"]
        is_part = frame[dim].isin(parts)
        sums = frame[is_part].groupby(keys)["value"].sum().rename("parts")
        totals = frame[frame[dim] == "total"].rename_axis("label").reset_index().set_index(keys)
        joined = totals.join(sums, how="inner")
        for key, rec in joined[joined["parts"] > joined["value"]].iterrows():
            match = is_part & (frame[keys] == pd.Series(key, index=keys)).all(axis=1)
            found.append((rec["label"], list(frame.index[match])))
    return found


def _parts_issues(frame: pd.DataFrame) -> list[Issue]:
    """Refuse totals smaller than the sum of their sex or age parts."""
    return [Issue(int(total), "value", "parts_exceed", detail=", ".join(str(int(p)) for p in parts))
            for total, parts in parts_over_total(frame)]


def header_issues(columns) -> list[Issue]:
    """Report required columns that are missing."""
    return [Issue(1, c, "missing_column") for c in REQUIRED if c not in columns]


def validate(raw: pd.DataFrame) -> tuple[pd.DataFrame | None, list[Issue]]:
    """Check a text table; return the tidy table (None when any problem) and every problem found."""
    issues = header_issues(raw.columns)
    if issues:
        return None, issues
    if raw.empty:
        return None, [Issue(None, "", "no_rows")]
    parsed, issues = check_cells(raw)
    for column in OPTIONAL:
        parsed[column] = parsed[column] if column in parsed else math.nan
    clean = parsed.drop(index={i.row for i in issues})
    for column in ("value", "baseline", "target"):
        clean[column] = pd.to_numeric(clean[column], errors="coerce").astype(float)
    issues += _scope_issues(clean)
    issues += _duplicate_issues(clean)
    issues += _parts_issues(clean.drop(index={i.row for i in issues if i.code == "duplicate"}))
    return (None if issues else tidy(clean)), issues


def tidy(parsed: pd.DataFrame) -> pd.DataFrame:
    """Return the accepted rows with number types, sheet row numbers and the catalogue's fields."""
    frame = parsed[list(COLUMNS)].copy()
    for column in ("value", "baseline", "target"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    for column in KEY:
        frame[column] = frame[column].astype(str)
    frame["row"] = frame.index.astype(int)
    fields = catalog()[["result", "name_en", "name_ru", "unit_en", "unit_ru", "survivor", "by_sex_age"]]
    return frame.join(fields, on="indicator_code").reset_index(drop=True)


def _order(issue: Issue) -> tuple:
    """Sort issues by row, then by the column's place in the schema."""
    place = COLUMNS.index(issue.column) if issue.column in COLUMNS else len(COLUMNS)
    return (issue.row or 0, place, issue.code)


def _cap(issues: list[Issue]) -> list[Issue]:
    """Keep the first MAX_ISSUES problems and say how many more there were."""
    if len(issues) <= MAX_ISSUES:
        return issues
    return issues[:MAX_ISSUES] + [Issue(None, "", "more_issues", detail=str(len(issues) - MAX_ISSUES))]


# ---- combining files -----------------------------------------------------------------------------------------

def combine(results: list[LoadResult]) -> pd.DataFrame:
    """Stack the accepted files' tables (an empty table with the schema when none)."""
    frames = [r.frame for r in results if r.ok]
    if not frames:
        return tidy(pd.DataFrame(columns=list(COLUMNS))).assign(source=pd.Series(dtype=str))
    return pd.concat(frames, ignore_index=True)


def accept(loaded: pd.DataFrame, result: LoadResult) -> LoadResult:
    """Refuse an otherwise clean file whose rows clash with data already loaded; loaded data never changes."""
    if not result.ok or loaded.empty:
        return result
    new = result.frame.set_index("row", drop=False)
    old_keys = {tuple(k): s for k, s in zip(loaded[list(KEY)].itertuples(index=False), loaded["source"])}
    issues = [Issue(int(r), "indicator_code", "already_loaded", detail=old_keys[tuple(k)])
              for r, k in zip(new.index, new[list(KEY)].itertuples(index=False)) if tuple(k) in old_keys]
    fresh = result.frame[~result.frame["row"].isin({i.row for i in issues})]  # repeated rows are reported once, above
    union = pd.concat([loaded.assign(row=-1), fresh], ignore_index=True)
    for total, parts in parts_over_total(union):
        rows = sorted(int(union.at[i, "row"]) for i in [total, *parts] if union.at[i, "row"] > 0)
        issues += [Issue(rows[0], "value", "parts_exceed_loaded")] if rows else []
    if not issues:
        return result
    return LoadResult(result.name, result.sha256, None, sorted(set(issues), key=_order))


def load_folder(folder: Path, limits: Limits | None = None) -> list[LoadResult]:
    """Read every CSV/XLSX file of a folder in name order; a file clashing with earlier ones is refused."""
    results: list[LoadResult] = []
    paths = sorted(p for p in Path(folder).glob("*") if p.suffix.lower() in SUFFIXES and not p.name.startswith("."))
    for path in paths:
        result = read_bytes(path.name, path.read_bytes(), limits)
        results.append(accept(combine(results), result))
    return results


def folder_stamp(folder: Path) -> str:
    """Return a cache key that changes when any file in the folder changes."""
    try:
        return "|".join(f"{p.name}:{p.stat().st_mtime_ns}:{p.stat().st_size}" for p in sorted(Path(folder).iterdir()))
    except OSError:
        return "missing"


def indicator_dir() -> Path:
    """Return the folder whose files load at start (data/indicators under DATA_DIR)."""
    return config.data_dir() / "indicators"


PROV_FIELDS = ("publisher", "dataset", "vintage", "licence", "accessed")


def provenance(frame: pd.DataFrame, texts: dict, mode: str) -> Provenance:
    """Describe loaded indicator data for the source footer (publisher, dataset, vintage, licence, accessed: translated)."""
    return Provenance(file="", publisher=texts["publisher"], dataset=texts["dataset"], vintage=texts["vintage"], url="",
                      licence=texts["licence"], accessed=texts["accessed"], sha256="", rows=len(frame), mode=mode)


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    from loaders import indicators  # its classes must pickle under their importable name, not as __main__'s

    indicators._serve(float(sys.argv[2]))
