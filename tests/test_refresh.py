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
import time
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
import requests
import responses

import config

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
    assert meta.vintage.startswith(f"{NEW} (") and (meta.rows, meta.mode) == (len(frame), "snapshot")
    assert meta.sha256 == sha256_of(data_dir / SERIES)
    assert meta.accessed == dt.date.today().isoformat() and meta.url.startswith(BASE)
    assert validate_series(frame) == [] and set(frame.flag) == {"", "computed"}
    assert set(frame.vintage[frame.indicator_code.isin(INDICATORS)]) >= {NEW}
    prev = sorted((data_dir / "wdi" / "previous").glob("*.csv"))
    assert len(prev) == 1 and prev[0].read_bytes() == old_bytes and verify(prev[0]).vintage.startswith("2026-07-01 (")
    changed = {str(SERIES), str(sidecar_path(SERIES))}
    assert {k: v for k, v in tree(data_dir).items() if k in before and k not in changed} == \
        {k: v for k, v in before.items() if k not in changed}


def lines_of(text: str, pairs: set[tuple[str, str, str]]) -> set[str]:
    """Return the CSV lines whose (indicator, vintage, flag) is among pairs."""
    found = set()
    for line in text.splitlines()[1:]:
        iso3, code, year, value, vintage, flag = line.split(",")
        if (code, vintage, flag) in pairs:
            found.add(line)
    return found


def pairs_in(frame: pd.DataFrame) -> set[tuple[str, str, str]]:
    """Return the (indicator, vintage, flag) groups of a series frame."""
    return set(zip(frame.indicator_code, frame.vintage, frame.flag))


def test_a_refresh_keeps_rows_it_does_not_replace_byte_for_byte(api, data_dir):
    old_text = (data_dir / SERIES).read_text(encoding="utf-8")
    old = pd.read_csv(data_dir / SERIES, keep_default_na=False)
    assert run(data_dir) == 0
    new_text = (data_dir / SERIES).read_text(encoding="utf-8")
    new = pd.read_csv(data_dir / SERIES, keep_default_na=False)
    untouched = {p for p in pairs_in(old) if p[1] != NEW}
    assert ("BX.TRF.PWKR.DT.GD.ZS", "2023-05-10", "") in untouched and ("BM.TRF.PWKR.CD.DT", "2023-05-10", "") in untouched
    assert lines_of(new_text, untouched) == lines_of(old_text, untouched)
    assert new_text.splitlines()[0] == "iso3,indicator_code,year,value,vintage,flag"
    assert pairs_in(new) == pairs_in(old) | {(c, NEW, "") for c in INDICATORS} | {(PCT, NEW, "computed")}


def set_lastupdated(store: dict, stamp: str, codes=INDICATORS) -> None:
    """Make every recorded page of the given indicators say lastupdated = stamp."""
    for (code, _), body in store.items():
        if code in codes:
            body[0]["lastupdated"] = stamp


def test_a_fetched_vintage_already_in_the_file_is_replaced_never_duplicated(api, data_dir):
    set_lastupdated(api, "2026-07-01")
    old = pd.read_csv(data_dir / SERIES, keep_default_na=False)
    assert run(data_dir) == 0
    new = pd.read_csv(data_dir / SERIES, keep_default_na=False)
    assert not new.duplicated(["iso3", "indicator_code", "year", "vintage", "flag"]).any()
    fetched = sum(len([r for r in body[1] if r["value"] is not None]) for (code, _), body in api.items() if code == REMIT)
    assert len(new[(new.indicator_code == REMIT) & (new.vintage == "2026-07-01")]) == fetched
    kept = old[old.vintage == "2023-05-10"].reset_index(drop=True)
    pd.testing.assert_frame_equal(new[(new.vintage == "2023-05-10")].reset_index(drop=True), kept)
    assert pairs_in(new) == pairs_in(old) | {(c, "2026-07-01", "") for c in INDICATORS}


def test_each_indicator_takes_its_own_lastupdated_and_computed_rows_that_of_the_remittances(api, data_dir):
    set_lastupdated(api, "2026-09-30", codes=(GDP, "SP.POP.TOTL"))
    assert run(data_dir) == 0
    new = pd.read_csv(data_dir / SERIES, keep_default_na=False)
    assert set(new.vintage[new.indicator_code == GDP]) == {"2026-07-01", "2026-09-30"}
    assert set(new.vintage[(new.indicator_code == PCT) & (new.flag == "computed")]) == {"2026-07-01", NEW}


def latest_and_official(frame: pd.DataFrame) -> tuple[str, str]:
    """Read the vintages from the data as transforms/vintages.py does (newest US$ vintage, newest official %)."""
    latest = max(frame.vintage[frame.indicator_code == REMIT])
    official = max(frame.vintage[(frame.indicator_code == PCT) & (frame.flag != "computed")])
    return latest, official


def test_after_a_refresh_the_newest_vintages_hold_the_fetched_series_and_their_computed_shares(api, data_dir):
    assert run(data_dir) == 0
    frame = pd.read_csv(data_dir / SERIES, keep_default_na=False)
    latest, official = latest_and_official(frame)
    assert (latest, official) == (NEW, NEW)
    rows = frame[frame.vintage == latest].set_index(["indicator_code", "flag", "iso3", "year"]).value
    computed, remit, gdp = rows.loc[(PCT, "computed")], rows.loc[(REMIT, "")], rows.loc[(GDP, "")]
    assert set(computed.index.get_level_values("iso3")) == set(FOCUS) - {"TKM"} or \
        set(computed.index.get_level_values("iso3")) <= set(FOCUS)
    both = remit.index.intersection(gdp.index)
    both = [k for k in both if k[0] in FOCUS and gdp[k] > 0]
    assert sorted(computed.index) == sorted(both)
    assert all(computed[k] == round(100 * remit[k] / gdp[k], 6) for k in both)


def test_computed_shares_cover_the_years_the_official_series_lacks_for_countries_only(api, data_dir):
    assert run(data_dir) == 0
    frame = pd.read_csv(data_dir / SERIES, keep_default_na=False)
    frame = frame[frame.vintage == NEW].set_index(["indicator_code", "flag", "iso3", "year"]).sort_index()
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
    pair = [f[(f.flag == "computed") & (f.vintage == v)].set_index(key).value for f, v in ((old, "2026-07-01"), (new, NEW))]
    assert pair[1].sort_index().equals(pair[0].reindex(pair[1].index).sort_index())


@pytest.mark.parametrize("line, kept", [
    ("Turkmenistan: remittances received (US$) only for 1996; official % of GDP 1996 and 2010-2019; "
     "remittances paid 1996-1997 only.", True),
    ("No 2025 remittance value exists in any source found.", True),
    ("Official % of GDP (BX.TRF.PWKR.DT.GD.ZS) and remittances paid stop at 2021 (vintage 2023-05-10).", True),
    ("A line about a vintage no longer in the file (vintage 2019-12-20).", False),
    ("Rows flagged 'computed' are 100 x BX.TRF.PWKR.CD.DT / NY.GDP.MKTP.CD from the 2026-07 vintage "
     "(the World Bank's own definition), computed, not published; aggregates are not computed.", False),
])
def test_known_gap_lines_are_carried_over_while_their_vintage_stays_in_the_file(api, data_dir, line, kept):
    side = sidecar_path(data_dir / SERIES)
    meta = json.loads(side.read_text(encoding="utf-8"))
    side.write_text(json.dumps({**meta, "gaps": meta["gaps"] + [line] * (line not in meta["gaps"])}), encoding="utf-8")
    assert run(data_dir) == 0
    gaps = verify(data_dir / SERIES).gaps
    assert (line in gaps) is kept
    assert any(g.startswith("Rows flagged 'computed'") and NEW in g and "2026-07-01" in g for g in gaps)
    assert any(g.startswith(f"Latest year with data in vintage {NEW}: ") for g in gaps)


def test_a_second_refresh_keeps_the_first_under_its_own_vintage(api, data_dir):
    assert run(data_dir) == 0
    first = (data_dir / SERIES).read_bytes()
    assert run(data_dir) == 0
    kept = data_dir / "wdi" / "previous" / f"wdi_series.{NEW}.csv"
    assert kept.read_bytes() == first and verify(kept).vintage.startswith(NEW)
    assert len(list((data_dir / "wdi" / "previous").glob("*.csv"))) == 2
    assert (data_dir / SERIES).read_bytes() == first  # the same answer twice gives the same file


def test_previous_is_pruned_to_the_newest_copies_after_each_refresh(api, data_dir, monkeypatch):
    monkeypatch.setenv("SNAPSHOT_KEEP_PREVIOUS", "2")
    for stamp in ("2026-08-01", "2026-09-01", "2026-10-01", "2026-11-01"):
        set_lastupdated(api, stamp)
        assert run(data_dir) == 0
    kept = sorted(p.name for p in (data_dir / "wdi" / "previous").iterdir())
    assert kept == ["wdi_series.2026-09-01.csv", "wdi_series.2026-09-01.csv.meta.json",
                    "wdi_series.2026-10-01.csv", "wdi_series.2026-10-01.csv.meta.json"]


@pytest.fixture
def no_render(monkeypatch):
    """Record the candidates a dry run would draw instead of drawing every page (tested on its own below)."""
    seen = []
    monkeypatch.setattr(refresh, "render_pages", lambda data_dir, payload, meta: seen.append((data_dir, payload, meta)))
    return seen


def test_a_dry_run_prints_what_would_change_and_writes_nothing(api, data_dir, capsys, no_render):
    before = tree(data_dir)
    assert run(data_dir, "--dry-run") == 0
    assert len(no_render) == 1 and no_render[0][0] == data_dir
    out = capsys.readouterr().out
    assert f"to '{NEW}'" in out and "nothing written" in out
    assert re.search(rf"{re.escape(REMIT)}: 298 -> \d+ rows", out)
    assert re.search(rf"{re.escape(PCT)} \(computed\): 137 -> \d+ rows", out)
    assert tree(data_dir) == before


def test_a_dry_run_fails_with_the_page_that_breaks_and_writes_nothing(api, data_dir, capsys, monkeypatch, tmp_path):
    script = tmp_path / "check_pages.py"
    script.write_text("import sys\nprint('/country?country=TJK&lang=en: exception: ValueError: boom')\n"
                      "print('110 links drawn in 1 s: 1 problem(s)')\nsys.exit(1)\n", encoding="utf-8")
    monkeypatch.setattr(refresh, "CHECK_PAGES", script)
    before = tree(data_dir)
    assert run(data_dir, "--dry-run") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "breaks pages" in err and "country=TJK" in err and "boom" in err
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
    assert meta.vintage.startswith(NEW) and validate_series(frame) == []
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


# --- bounded: a whole refresh has one clock and a page cap -------------------------------------------------------

def test_a_header_announcing_2000_pages_is_refused_after_one_request(monkeypatch):
    monkeypatch.setenv("WORLDBANK_MAX_PAGES", "20")
    body = load(f"live_{GDP}_p1.json")
    body[0]["pages"] = 2000
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, f"{BASE}/country/{';'.join(CODES)}/indicator/{GDP}", json=body)
        with pytest.raises(WorldBankError, match=r"announces 2000 pages, more than the 20 allowed"):
            fetch_indicator(GDP, list(CODES), session=make_session(retries=0), base_url=BASE)
        assert len(rsps.calls) == 1


class Trickle(BaseHTTPRequestHandler):
    """Answers 200 and then one byte every 50 ms, for at most 30 s (a mirror that never finishes)."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        """Send a JSON-looking body one byte at a time."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        deadline = time.monotonic() + 30
        try:
            while time.monotonic() < deadline:
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass  # the client gave up, as it should

    def log_message(self, *args):
        """Stay quiet."""


@pytest.fixture
def trickle_api():
    """A server on 127.0.0.1 that trickles its answer; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v2"
    server.shutdown()
    server.server_close()


def test_a_mirror_sending_a_byte_every_50_ms_is_cut_off_by_the_total_timeout(trickle_api, data_dir, capsys, monkeypatch):
    monkeypatch.setenv("WORLDBANK_TOTAL_TIMEOUT", "2")
    before, t0 = tree(data_dir), time.monotonic()
    assert main(["--data-dir", str(data_dir), "--base-url", trickle_api], session=make_session(retries=0)) == 1
    assert time.monotonic() - t0 < 6
    assert "took longer than 2 s in total (WORLDBANK_TOTAL_TIMEOUT)" in capsys.readouterr().err
    assert tree(data_dir) == before


def test_the_budget_and_page_cap_are_settings_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("WORLDBANK_TOTAL_TIMEOUT", "WORLDBANK_MAX_PAGES", "SNAPSHOT_KEEP_PREVIOUS"):
        assert name in {s.name for s in config.SETTINGS} and f"`{name}`" in readme


# --- end to end against the shared World Bank look-alike, then every page drawn ----------------------------------

FAKE_API = ROOT.parent / "shared" / "tools" / "fake_wb_api.py"
FAKE_DATA = ROOT.parent / "shared" / "data" / "wdi"


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def fake_api():
    """The shared fake_wb_api.py on 127.0.0.1, lastupdated 2026-11-15; yields its base URL."""
    if not FAKE_API.exists():
        pytest.skip(f"{FAKE_API} not found (the shared tools sit beside the repository)")
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(FAKE_API), "--data", str(FAKE_DATA), "--port", str(port),
                             "--lastupdated", "2026-11-15"])
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                requests.get(f"http://127.0.0.1:{port}/v2/country/KAZ/indicator/{GDP}?format=json", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/v2"
    finally:
        proc.kill()
        proc.wait()


def test_a_refresh_from_the_world_bank_look_alike_keeps_old_vintages_and_every_page_draws(fake_api, data_dir):
    old = pd.read_csv(data_dir / SERIES, keep_default_na=False)
    done = run_module(fake_api, data_dir)
    assert done.returncode == 0, done.stderr
    new = pd.read_csv(data_dir / SERIES, keep_default_na=False)
    untouched = {p for p in pairs_in(old)}
    assert lines_of((data_dir / SERIES).read_text(), untouched - {(c, "2026-11-15", f) for c, _, f in untouched}) \
        >= {line for line in lines_of(old.to_csv(index=False, lineterminator="\n"), {p for p in untouched
                                                                               if p[1] == "2023-05-10"})}
    assert latest_and_official(new) == ("2026-11-15", "2026-11-15")
    assert set(new.iso3[(new.flag == "computed") & (new.vintage == "2026-11-15")]) <= set(FOCUS)
    checked = subprocess.run([sys.executable, "tools/check_pages.py", "--data-dir", str(data_dir), "--langs", "en"],
                             cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert checked.returncode == 0, checked.stdout[-3000:]


def test_a_dry_run_against_the_look_alike_draws_every_page_and_writes_nothing(fake_api, data_dir):
    before = tree(data_dir)
    env = {**os.environ, "WORLDBANK_RETRIES": "1", "WORLDBANK_TIMEOUT": "5"}
    done = subprocess.run([sys.executable, "-m", "loaders.refresh", "--dry-run", "--base-url", fake_api,
                           "--data-dir", str(data_dir)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "2026-11-15" in done.stdout and "nothing written" in done.stdout
    assert tree(data_dir) == before
