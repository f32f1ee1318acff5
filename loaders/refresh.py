"""Refresh data/wdi/wdi_series.csv from the World Bank API: fetch, validate, then swap the new pair in atomically.

Run by a maintainer, never by the app: `python -m loaders.refresh [--dry-run] [--data-dir DIR] [--base-url URL]`.
On any failure it prints one line to stderr, exits 1 and leaves data/ byte-for-byte as it was.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import re
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import requests

import config
from loaders import worldbank
from loaders.snapshot import SnapshotError, atomic_write_bytes, read_meta, sidecar_path, write_sidecar

REMIT, GDP, PCT = "BX.TRF.PWKR.CD.DT", "NY.GDP.MKTP.CD", "BX.TRF.PWKR.DT.GD.ZS"
INDICATORS = (REMIT, GDP, "SP.POP.TOTL", "SM.POP.NETM", "SM.POP.TOTL", PCT, "BM.TRF.PWKR.CD.DT")
NON_NEGATIVE = (REMIT, GDP, "BM.TRF.PWKR.CD.DT", "SP.POP.TOTL", "SM.POP.TOTL")  # US$ and head counts
FOCUS = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS")
CODES = FOCUS + ("WLD", "ECS", "ECA")
COLUMNS = ("iso3", "indicator_code", "year", "value", "vintage", "flag")
KEY = ["iso3", "indicator_code", "year", "vintage", "flag"]
SORT = ["indicator_code", "vintage", "flag", "iso3", "year"]
FLAGS = ("", "computed")
REL_PATH = Path("wdi") / "wdi_series.csv"
PREVIOUS = "previous"
CHECK_PAGES = Path(__file__).resolve().parents[1] / "tools" / "check_pages.py"
PAGE_CHECK_TIMEOUT = 900  # seconds; every page, view and country in two languages takes about 15 s
ALARM_GRACE = 5  # seconds past WORLDBANK_TOTAL_TIMEOUT before the alarm cuts a read the budget could not reach
FIRST_YEAR, LAST_YEAR = worldbank.FIRST_YEAR, worldbank.LAST_YEAR
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_VINTAGE_MENTION = re.compile(r"\b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])(?:-\d{2})?\b")
_SAFE_TAG = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]*")
GENERATED_GAPS = ("Rows flagged 'computed'", "Latest year with data")  # rewritten on every refresh
DEFAULT_META = {  # used only when the old sidecar is missing or unreadable
    "publisher": "World Bank",
    "dataset": "World Development Indicators: remittances, GDP, population, migration "
               "(KAZ, KGZ, TJK, TKM, UZB, RUS, WLD, ECS, ECA)",
    "vintage": "unknown", "url": "https://data.worldbank.org/", "licence": "CC BY 4.0", "accessed": "unknown",
    "gaps": [], "notes": "Columns: iso3, indicator_code, year, value, vintage, flag. A chart draws one vintage at a time.",
    "mode": "snapshot",
}


class RefreshError(RuntimeError):
    """A refresh was refused; data/ is unchanged unless data_changed is set."""

    def __init__(self, message: str, data_changed: bool = False):
        super().__init__(message)
        self.data_changed = data_changed


class _Overtime(BaseException):
    """Raised by the refresh's alarm when the whole fetch ran out of time."""


FAILURES = (worldbank.WorldBankError, RefreshError, SnapshotError, OSError, ValueError)


# --- fetch and build ---------------------------------------------------------------------------------------------

def fetch_live(session: requests.Session, base_url: str | None = None,
               budget: worldbank.Budget | None = None) -> pd.DataFrame:
    """Fetch the seven indicators for the nine codes; each row stamped with its indicator's lastupdated as vintage."""
    budget = budget or worldbank.Budget.from_config()  # one clock and one page cap for the whole refresh
    frames, stamps = {}, {}
    for code in INDICATORS:
        frames[code], meta = worldbank.fetch_indicator(code, list(CODES), session=session, base_url=base_url,
                                                       budget=budget)
        stamps[code] = meta.get("lastupdated")
    vintages = indicator_vintages(stamps)
    return pd.concat([frame.assign(vintage=vintages[code]) for code, frame in frames.items()], ignore_index=True)


def indicator_vintages(stamps: dict[str, str | None]) -> dict[str, str]:
    """Return each indicator's lastupdated date; one without a date takes the latest the others gave."""
    dates = {code: s for code, s in stamps.items() if isinstance(s, str) and _DATE.fullmatch(s)}
    if not dates:
        raise RefreshError("the World Bank API gave no lastupdated date (YYYY-MM-DD) to use as the vintage")
    latest = max(dates.values())
    return {code: dates.get(code, latest) for code in stamps}


def computed_pct(tidy: pd.DataFrame) -> pd.DataFrame:
    """Return 100 x remittances / GDP for the focus countries (not aggregates), rounded to 6 decimals.

    The rows take the vintage of the remittances (US$) rows they extend, as tools/build_snapshot.py stamps them.
    """
    countries = tidy[tidy.iso3.isin(FOCUS)]
    remit = countries.loc[countries.indicator_code == REMIT, ["iso3", "year", "value"]]
    gdp = countries.loc[countries.indicator_code == GDP, ["iso3", "year", "value"]]
    both = remit.merge(gdp, on=["iso3", "year"], suffixes=("_remit", "_gdp"))
    both = both[both.value_gdp > 0]  # a ratio to a zero or negative GDP means nothing
    ratio = (100 * both.value_remit / both.value_gdp).round(6)
    frame = pd.DataFrame({"iso3": both.iso3, "indicator_code": PCT, "year": both.year, "value": ratio})
    if "vintage" in tidy.columns:
        stamps = tidy.vintage[tidy.indicator_code == REMIT]
        frame["vintage"] = stamps.iloc[0] if len(stamps) else ""
    return frame


def build_series(tidy: pd.DataFrame, vintage: str | None = None) -> pd.DataFrame:
    """Return the fetched rows in the snapshot contract: official rows plus computed % of GDP, each in its vintage."""
    tidy = tidy.assign(vintage=vintage) if vintage is not None else tidy
    official = tidy.assign(flag="")
    computed = computed_pct(tidy).assign(flag="computed")
    frame = pd.concat([official, computed], ignore_index=True)[list(COLUMNS)]
    return frame.sort_values(SORT).reset_index(drop=True)


def merge_series(old: pd.DataFrame, fetched: pd.DataFrame) -> pd.DataFrame:
    """Keep the old rows of every (indicator, vintage, flag) the fetch did not bring; replace those it did."""
    brought = set(zip(fetched.indicator_code, fetched.vintage, fetched.flag))
    kept = [key not in brought for key in zip(old.indicator_code, old.vintage, old.flag)]
    frame = pd.concat([old[kept], fetched], ignore_index=True)[list(COLUMNS)]
    return frame.sort_values(SORT).reset_index(drop=True)


def current_series(path: Path) -> pd.DataFrame:
    """Return the rows in place now (the newest good copy if the file fails its checks; none if there is none)."""
    from loaders.datasets import load  # datasets imports snapshot too; imported here to keep this module light

    try:
        frame, _ = load("wdi_series", path.parents[1])
    except SnapshotError as exc:
        if not path.exists() and not (path.parent / PREVIOUS).exists():
            return pd.DataFrame({c: pd.Series(dtype="float64" if c == "value" else "object") for c in COLUMNS})
        raise RefreshError(f"the current series and every kept copy fail their checks ({exc}); "
                           "restore a good copy before refreshing") from exc
    frame = frame[list(COLUMNS)].copy()
    frame["flag"] = frame.flag.fillna("").astype(str)
    frame["vintage"] = frame.vintage.astype(str)
    frame["year"] = frame.year.astype("int64")
    return frame


def vintage_text(frame: pd.DataFrame) -> str:
    """Say which vintage each indicator's rows come from, newest first (one date when all share one)."""
    labels = frame.indicator_code + frame.flag.map(lambda f: f" ({f})" if f else "")
    by_vintage = labels.groupby(frame.vintage).unique()
    if len(by_vintage) == 1:
        return str(by_vintage.index[0])
    return "; ".join(f"{v} ({', '.join(sorted(codes))})" for v, codes in sorted(by_vintage.items(), reverse=True))


# --- the data contract -------------------------------------------------------------------------------------------

def validate_series(frame: pd.DataFrame) -> list[str]:
    """Return every way a wdi_series frame breaks the data contract (empty when it is fine)."""
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        return [f"missing columns: {', '.join(missing)}"]
    checks = (_check_codes, _check_years, _check_values, _check_labels, _check_duplicates, _check_coverage,
              _check_ranges)
    return [problem for check in checks for problem in check(frame)]


def _check_codes(frame: pd.DataFrame) -> list[str]:
    """ISO3 codes are three capital letters and among the nine codes the series covers."""
    codes = set(frame.iso3.astype(str))
    malformed = sorted(c for c in codes if not re.fullmatch(r"[A-Z]{3}", c))
    unknown = sorted(codes - set(CODES) - set(malformed))
    return ([f"malformed ISO3 codes: {', '.join(map(repr, malformed))}"] if malformed else []) + \
        ([f"unknown ISO3 codes: {', '.join(unknown)}"] if unknown else [])


def _check_years(frame: pd.DataFrame) -> list[str]:
    """Years are whole numbers from 1960 to 2100."""
    years = pd.to_numeric(frame.year, errors="coerce")
    bad = frame.year[years.isna() | (years % 1 != 0) | (years < FIRST_YEAR) | (years > LAST_YEAR)]
    if not len(bad):
        return []
    return [f"years not whole numbers in {FIRST_YEAR}..{LAST_YEAR}: {sorted(set(map(str, bad)))[:5]}"]


def _check_values(frame: pd.DataFrame) -> list[str]:
    """Values are finite numbers."""
    values = pd.to_numeric(frame.value, errors="coerce").astype("float64")
    bad = frame[~np.isfinite(values.to_numpy())]
    return [f"{len(bad)} values are not finite numbers (first: {_where(bad)})"] if len(bad) else []


def _check_labels(frame: pd.DataFrame) -> list[str]:
    """Indicators are the seven known ones, flags '' or 'computed' (on % of GDP only), every row has a vintage."""
    unknown = sorted(set(frame.indicator_code.astype(str)) - set(INDICATORS))
    flags = sorted(set(frame.flag.astype(str)) - set(FLAGS))
    stray = ((frame.flag == "computed") & (frame.indicator_code != PCT)).any()
    undated = (frame.vintage.astype(str).str.strip() == "").any()
    return [text for text, wrong in ((f"unknown indicators: {', '.join(unknown)}", unknown),
                                     (f"unknown flags: {flags}", flags),
                                     (f"'computed' rows outside {PCT}", stray),
                                     ("rows without a vintage", undated)) if wrong]


def _check_duplicates(frame: pd.DataFrame) -> list[str]:
    """No two rows share iso3, indicator, year, vintage and flag."""
    dupes = frame[frame.duplicated(KEY, keep=False)]
    return [f"{len(dupes)} duplicate rows (first: {_where(dupes)})"] if len(dupes) else []


def _check_coverage(frame: pd.DataFrame) -> list[str]:
    """Each of the seven indicators has official rows for every focus country."""
    official = frame[frame.flag == ""]
    problems = []
    for code in INDICATORS:
        have = set(official.iso3[official.indicator_code == code])
        lacking = [c for c in FOCUS if c not in have]
        if lacking:
            problems.append(f"{code} missing for {', '.join(lacking)}" if have else f"{code} missing entirely")
    return problems


def _check_ranges(frame: pd.DataFrame) -> list[str]:
    """% of GDP lies within 0..100; US$ amounts and head counts are not negative."""
    values = pd.to_numeric(frame.value, errors="coerce")
    pct = frame[(frame.indicator_code == PCT) & ((values < 0) | (values > 100))]
    negative = frame[frame.indicator_code.isin(NON_NEGATIVE) & (values < 0)]
    return ([f"{len(pct)} % of GDP values outside 0..100 (first: {_where(pct)})"] if len(pct) else []) + \
        ([f"{len(negative)} negative US$ or population values (first: {_where(negative)})"] if len(negative) else [])


def _where(rows: pd.DataFrame) -> str:
    """Name the first offending row as 'ISO3 indicator year = value'."""
    row = rows.iloc[0]
    return f"{row.iso3} {row.indicator_code} {row.year} = {row.value!r}"


# --- sidecar -----------------------------------------------------------------------------------------------------

def old_meta(path: Path) -> dict:
    """Return the current sidecar as a dict, or defaults when it is missing or unreadable."""
    try:
        return read_meta(path).to_dict()
    except SnapshotError:
        return dict(DEFAULT_META)


def carry_gaps(gaps: list[str], frame: pd.DataFrame, vintage: str) -> list[str]:
    """Keep the known-gap lines about vintages still in the file, and rewrite the generated ones."""
    present = sorted(set(frame.vintage.astype(str)))
    kept = [g for g in gaps if not g.startswith(GENERATED_GAPS) and _about_vintages(g, present)]
    computed_in = sorted(set(frame.vintage[frame.flag == "computed"].astype(str)), reverse=True) or [vintage]
    computed = (f"Rows flagged 'computed' are 100 x {REMIT} / {GDP} from the {' and '.join(computed_in)} vintage "
                "(the World Bank's own definition), computed, not published; aggregates are not computed.")
    return kept + [computed, _coverage_line(frame, vintage)]


def _about_vintages(line: str, present: list[str]) -> bool:
    """True when every vintage date a line mentions is one still in the file (or a prefix of one, like 2026-07)."""
    return all(any(v.startswith(m) for v in present) for m in _VINTAGE_MENTION.findall(line))


def _coverage_line(frame: pd.DataFrame, vintage: str) -> str:
    """Say the latest year each official indicator reaches for the focus countries in the new vintage."""
    rows = frame[(frame.flag == "") & frame.iso3.isin(FOCUS) & (frame.vintage == vintage)]
    last = rows.groupby("indicator_code").year.max()
    reach = "; ".join(f"{code} {last[code]}" for code in INDICATORS if code in last)
    return f"Latest year with data in vintage {vintage}: {reach}"


def new_meta(old: dict, frame: pd.DataFrame, vintage: str, base: str, today: str) -> dict:
    """Return the new sidecar fields (file, sha256 and rows are filled in by write_sidecar)."""
    url = f"{base.rstrip('/')}/country/{';'.join(CODES)}/indicator/<code>?format=json"
    return {"publisher": old["publisher"], "dataset": old["dataset"], "licence": old["licence"],
            "notes": old["notes"], "vintage": vintage_text(frame), "url": url, "accessed": today, "mode": "snapshot",
            "gaps": carry_gaps(list(old["gaps"]), frame, vintage)}


# --- install -----------------------------------------------------------------------------------------------------

def previous_path(path: Path, old_vintage: str) -> Path:
    """Return where the old file is kept: previous/<stem>.<old vintage or a timestamp><suffix>."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    dates = re.findall(r"\d{4}-\d{2}-\d{2}", old_vintage)  # a sidecar naming several vintages: the newest
    safe = _SAFE_TAG.fullmatch(old_vintage) and old_vintage != "unknown"
    tag = max(dates) if dates else old_vintage if safe else stamp
    target = path.parent / PREVIOUS / f"{path.stem}.{tag}{path.suffix}"
    return target if not target.exists() else target.with_name(f"{path.stem}.{tag}.{stamp}{path.suffix}")


def install(path: Path, payload: bytes, meta: dict, old: dict, today: str) -> Path | None:
    """Keep the old pair in previous/, write the data file, then its sidecar; on any failure put all back."""
    prev = previous_path(path, old["vintage"]) if path.exists() else None
    touched = [path, sidecar_path(path)] + ([prev, sidecar_path(prev)] if prev else [])
    saved = {p: (p.read_bytes() if p.exists() else None) for p in touched}
    new_dirs = [d for d in (path.parent, path.parent / PREVIOUS) if not d.exists()]
    try:
        _write_all(path, payload, meta, prev, old, today)
    except BaseException:
        _restore(saved, new_dirs)
        raise
    return prev


def _write_all(path: Path, payload: bytes, meta: dict, prev: Path | None, old: dict, today: str) -> None:
    """Copy the old pair aside, then write data before sidecar so the pair is never silently mismatched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if prev is not None:
        prev.parent.mkdir(exist_ok=True)
        atomic_write_bytes(prev, path.read_bytes())
        notes = f"{old['notes']} Superseded on {today} by vintage {meta['vintage']}.".strip()
        write_sidecar(prev, {**old, "notes": notes})
    atomic_write_bytes(path, payload)
    write_sidecar(path, meta)


def _restore(saved: dict[Path, bytes | None], new_dirs: list[Path]) -> None:
    """Put every touched file back as it was and remove folders this run created."""
    try:
        for path, before in saved.items():
            if before is None:
                path.unlink(missing_ok=True)
            elif not path.exists() or path.read_bytes() != before:
                atomic_write_bytes(path, before)
        for folder in reversed(new_dirs):
            if folder.exists() and not any(folder.iterdir()):
                folder.rmdir()
    except OSError as exc:
        raise RefreshError(f"could not restore the previous snapshot ({exc})", data_changed=True) from exc


# --- orchestration and command line ------------------------------------------------------------------------------

def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """Serialise a frame the way tools/build_snapshot.py does."""
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def describe_change(path: Path, frame: pd.DataFrame, old: dict, vintage: str) -> str:
    """Say what a refresh would change: the vintage and rows per indicator, old -> new."""
    before = _row_counts(_read_old(path))
    after = _row_counts(frame)
    lines = [f"dry run: {path} would go from vintage {old['vintage']!r} to {vintage!r}, "
             f"{sum(before.values())} -> {len(frame)} rows; nothing written"]
    lines += [f"  {key}: {before.get(key, 0)} -> {after.get(key, 0)} rows" for key in sorted(set(before) | set(after))]
    return "\n".join(lines)


def _read_old(path: Path) -> pd.DataFrame:
    """Read the current file for comparison, or an empty frame when there is none."""
    try:
        return pd.read_csv(path, keep_default_na=False, dtype={"flag": str})
    except (OSError, ValueError):
        return pd.DataFrame(columns=list(COLUMNS))


def _row_counts(frame: pd.DataFrame) -> dict[str, int]:
    """Count rows per indicator, computed rows apart."""
    if not {"indicator_code", "flag"} <= set(frame.columns):
        return {}
    keys = frame.indicator_code.astype(str) + frame.flag.astype(str).map(lambda f: f" ({f})" if f else "")
    return keys.value_counts().to_dict()


def refresh(data_dir: Path, session: requests.Session, base_url: str | None = None, dry_run: bool = False,
            today: str | None = None) -> str:
    """Fetch, validate, merge with what is kept and (unless dry_run) install the series; return what to print."""
    path = Path(data_dir) / REL_PATH
    with deadline_alarm(float(config.get_int("WORLDBANK_TOTAL_TIMEOUT"))):
        fetched = build_series(fetch_live(session, base_url))
    _refuse(validate_series(fetched), "the new series breaks the data contract")
    frame = merge_series(current_series(path), fetched)
    _refuse(validate_series(frame), "the series with the rows kept breaks the data contract")
    vintage, old = max(fetched.vintage), old_meta(path)
    today = today or dt.date.today().isoformat()
    meta = new_meta(old, frame, vintage, base_url or config.get("WORLDBANK_API_URL"), today)
    if dry_run:
        render_pages(Path(data_dir), to_csv_bytes(frame), meta)
        return describe_change(path, frame, old, vintage)
    prev = install(path, to_csv_bytes(frame), meta, old, today)
    prune_previous(path)
    kept = f"; previous kept as {prev.relative_to(Path(data_dir))}" if prev else ""
    return f"refreshed {path}: {len(frame)} rows, vintage {vintage}{kept}"


def _refuse(problems: list[str], what: str) -> None:
    """Raise a RefreshError listing the first problems, if there are any."""
    if problems:
        raise RefreshError(f"{what}: {'; '.join(problems[:5])}")


@contextlib.contextmanager
def deadline_alarm(seconds: float):
    """Interrupt the block after seconds (plus a grace) even inside one blocking read; main thread only."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def ring(*_):
        raise _Overtime  # a BaseException, so no library's `except Exception` swallows it
    before = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds + ALARM_GRACE)
    try:
        yield
    except _Overtime:
        raise worldbank.WorldBankError(f"the refresh took longer than {seconds:g} s in total "
                                       "(WORLDBANK_TOTAL_TIMEOUT)") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


def render_pages(data_dir: Path, payload: bytes, meta: dict) -> None:
    """Draw every page against a copy of data_dir holding the candidate (tools/check_pages.py, in a subprocess)."""
    with tempfile.TemporaryDirectory(prefix="refresh_candidate_") as work:
        candidate = Path(work) / REL_PATH.name
        candidate.write_bytes(payload)
        write_sidecar(candidate, meta)
        argv = [sys.executable, str(CHECK_PAGES), "--data-dir", str(data_dir),
                "--candidate", f"{REL_PATH}={candidate}"]
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=PAGE_CHECK_TIMEOUT,
                                  cwd=CHECK_PAGES.parents[1])
        except subprocess.TimeoutExpired as exc:
            raise RefreshError(f"drawing the pages took longer than {PAGE_CHECK_TIMEOUT} s") from exc
    if done.returncode != 0:
        lines = [line for line in done.stdout.splitlines() if line.strip()] or done.stderr.strip().splitlines()[-1:]
        summary = lines[-1] if lines else "no output"
        raise RefreshError(f"the new series breaks pages: {' | '.join(lines[:3])} ({summary})")


def prune_previous(path: Path, keep: int | None = None) -> list[Path]:
    """Keep only the newest few copies (and their sidecars) in previous/; return the files removed."""
    from loaders.datasets import previous_versions

    keep = config.get_int("SNAPSHOT_KEEP_PREVIOUS") if keep is None else keep
    removed = []
    for old in previous_versions(path)[max(keep, 1):]:
        for item in (old, sidecar_path(old)):
            item.unlink(missing_ok=True)
            removed.append(item)
    return removed


def _parser() -> argparse.ArgumentParser:
    """Describe the command line."""
    parser = argparse.ArgumentParser(prog="python -m loaders.refresh", description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true",
                        help="fetch and validate, print what would change, write nothing")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="snapshot folder (default: the DATA_DIR setting)")
    parser.add_argument("--base-url", default=None,
                        help="World Bank API v2 base URL (default: the WORLDBANK_API_URL setting)")
    return parser


def main(argv: list[str] | None = None, session: requests.Session | None = None) -> int:
    """Run a refresh from the command line: 0 on success, 1 with one line on stderr when refused."""
    args = _parser().parse_args(argv)
    data_dir = args.data_dir or config.data_dir()
    try:
        print(refresh(data_dir, session or worldbank.make_session(), args.base_url, args.dry_run))
    except FAILURES as exc:
        state = "data may be inconsistent, check it" if getattr(exc, "data_changed", False) else "unchanged"
        print(f"refresh failed: {' '.join(str(exc).split())}; {data_dir} {state}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
