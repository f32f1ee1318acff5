"""Complementary masking of survivor counts: no masked count can be worked out as a total minus the shown parts.

Issue 18: a year total of 20 beside quarters 3 (masked), 5, 6, 6 gave the masked quarter away (20 - 5 - 6 - 6).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import ui.components
from transforms import indicators as tr

ROOT = Path(__file__).resolve().parents[1]
THRESHOLD = 5
SEXES, AGES = ("female", "male", "total"), ("youth", "adult", "total")
PERIODS = ("2024", "2024Q1", "2024Q2", "2024Q3", "2024Q4")


def cells(values: dict[tuple[str, str, str], int], indicator: str = "IR3-SURVIVORS") -> pd.DataFrame:
    """A tidy frame of survivor counts keyed by (period, sex, age group)."""
    return pd.DataFrame([{"indicator_code": indicator, "country_iso3": "UZB", "period": p, "sex": s, "age_group": a,
                          "value": float(v), "baseline": float("nan"), "target": float("nan"), "survivor": True}
                         for (p, s, a), v in values.items()])


def recoverable(masked: pd.DataFrame) -> list[str]:
    """Masked cells that a total minus its shown parts (or the parts' sum, for a masked total) gives away."""
    found = []
    for total, parts in tr.additive_groups(masked):
        hidden = [c for c in (total, *parts) if masked.at[c, "mask"] != ""]
        if len(hidden) == 1:
            row = masked.loc[hidden[0]]
            found.append(f"{row.period} {row.sex} {row.age_group}")
    return found


ISSUE_EXAMPLE = {("2024", "total", "total"): 20, ("2024Q1", "total", "total"): 3, ("2024Q2", "total", "total"): 5,
                 ("2024Q3", "total", "total"): 6, ("2024Q4", "total", "total"): 6}


def test_the_issues_year_and_quarters_mask_the_next_smallest_quarter_too():
    masked = tr.mask_survivors(cells(ISSUE_EXAMPLE), THRESHOLD).set_index("period")
    assert masked["mask"].to_dict() == {"2024": "", "2024Q1": "primary", "2024Q2": "secondary", "2024Q3": "",
                                        "2024Q4": ""}
    assert masked["value"].isna().to_dict() == {"2024": False, "2024Q1": True, "2024Q2": True, "2024Q3": False,
                                                "2024Q4": False}


@pytest.mark.parametrize("values, hidden", [
    ({("2024", "total", "total"): 30, ("2024", "female", "total"): 2, ("2024", "male", "total"): 28},
     {("2024", "female", "total"), ("2024", "male", "total")}),
    ({("2024", "total", "total"): 30, ("2024", "total", "youth"): 25, ("2024", "total", "adult"): 5,
      ("2024", "female", "youth"): 4}, {("2024", "total", "youth"), ("2024", "total", "adult"), ("2024", "female", "youth")}),
    ({("2024", "total", "total"): 3, ("2024Q1", "total", "total"): 3}, {("2024", "total", "total"), ("2024Q1", "total", "total")}),
    ({("2024", "total", "total"): 12, ("2024Q1", "total", "total"): 2}, {("2024", "total", "total"), ("2024Q1", "total", "total")}),
])
def test_a_lone_masked_cell_takes_a_complement_from_every_total_it_belongs_to(values, hidden):
    masked = tr.mask_survivors(cells(values), THRESHOLD)
    got = {(r.period, r.sex, r.age_group) for r in masked.itertuples() if r.mask}
    assert hidden <= got and recoverable(masked) == []


@st.composite
def survivor_tables(draw) -> dict:
    """Any set of survivor counts over a year, its quarters, sexes and age groups (some cells missing)."""
    keys = [(p, s, a) for p in PERIODS for s in SEXES for a in AGES]
    chosen = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=len(keys), unique=True))
    return {k: draw(st.integers(0, 40)) for k in chosen}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(survivor_tables())
def test_no_masked_count_can_be_recovered_as_a_total_minus_the_shown_parts(values):
    masked = tr.mask_survivors(cells(values), THRESHOLD)
    assert recoverable(masked) == []
    assert not (masked["value"] < THRESHOLD).any()
    assert masked.loc[masked["mask"] != "", "value"].isna().all()


def test_cells_of_other_indicators_are_never_masked_however_small():
    frame = cells(ISSUE_EXAMPLE).assign(survivor=False)
    assert (tr.mask_survivors(frame, THRESHOLD)["mask"] == "").all()


# --- the page: table, chart data and CSV rows ---------------------------------------------------------------------

@pytest.fixture
def issue_data(tmp_path, monkeypatch) -> Path:
    """A DATA_DIR with the real snapshot and an indicators file holding the issue's year and quarters for UZB."""
    for sub in (ROOT / "data").iterdir():
        if sub.is_dir() and sub.name != "indicators":
            (tmp_path / sub.name).symlink_to(sub)
    folder = tmp_path / "indicators"
    folder.mkdir()
    lines = ["indicator_code,country_iso3,period,sex,age_group,value"]
    lines += [f"IR3-SURVIVORS,UZB,{p},{s},{a},{v}" for (p, s, a), v in ISSUE_EXAMPLE.items()]
    (folder / "survivors.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    return tmp_path


def drawn_numbers(at: AppTest, downloads: list[pd.DataFrame]) -> set[str]:
    """Every count a reader or a CSV gets for the project data: the value cells of tables and downloads (the TIP
    Report's published figures, with a report year, apart) and every text of the survivors' charts."""
    frames = [f for f in [d.value for d in at.dataframe] + downloads if "Report year" not in f and "Tier" not in f]
    texts = {str(c) for f in frames for col in f.columns if "alue" in str(col) for c in f[col].astype(str)}
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if not spec["layout"]["title"]["text"].startswith("Trafficking survivors"):
            continue
        for trace in spec["data"]:
            for field in ("text", "hovertext", "customdata"):
                texts |= {v.strip() for v in re.split(r"[\"\[\],]", json.dumps(trace.get(field) or []))}
    return texts


@pytest.mark.parametrize("script, params", [
    ("pages/indicators.py", {"ind": "IR3-SURVIVORS", "period": "2024"}),
    ("pages/indicators.py", {"ind": "IR3-SURVIVORS", "period": "2024Q2"}),
    ("pages/country.py", {"country": "UZB", "view": "results"}),
])
def test_the_page_gives_nothing_away_in_tables_chart_data_or_csv_rows(issue_data, monkeypatch, script, params):
    downloads, original = [], ui.components.download_csv
    monkeypatch.setattr(ui.components, "download_csv",
                        lambda frame, *a, **k: (downloads.append(frame.copy()), original(frame, *a, **k)))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in {"lang": "en", **params}.items():
        at.query_params[key] = value
    for key in ("table_ind_trend", "table_ind_values", "table_ind_progress", "table_country_indicators"):
        at.session_state[key] = True
    at.switch_page(script).run()
    assert not at.exception, [e.message for e in at.exception]
    shown = drawn_numbers(at, downloads)
    assert not shown & {"3", "5", "3.0", "5.0"}, sorted(n for n in shown if re.fullmatch(r"[35](\.0)?", n))
