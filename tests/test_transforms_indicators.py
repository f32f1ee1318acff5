"""Indicator transforms and builders: periods, progress worked out by hand, survivor masking, shares, TIP context."""
import json
import math
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from charts import indicators as ich, tip
from loaders import indicators as il
from loaders.datasets import load
from transforms import indicators as tr
from ui.i18n import catalogue, translate

FIX = Path(__file__).resolve().parent / "fixtures" / "indicators"
EXAMPLE = FIX / "EXAMPLE_valid_export_not_project_results.csv"
NAMES = {"KAZ": "Kazakhstan", "KGZ": "Kyrgyz Republic", "UZB": "Uzbekistan", "TKM": "Turkmenistan", "TJK": "Tajikistan", "RUS": "Russia"}


@pytest.fixture(scope="module")
def example() -> pd.DataFrame:
    """The example export, masked and labelled as the page shows it."""
    frame = il.read_bytes(EXAMPLE.name, EXAMPLE.read_bytes(), il.Limits(10**6, 1000)).frame
    return tr.labelled(tr.mask_survivors(frame, 5), "en", NAMES, ("{year}", "{year} Q{q}"), 5, "hidden")


def row(frame: pd.DataFrame, code: str, iso3: str, period: str, sex: str = "total", age: str = "total") -> pd.Series:
    """The one row of a key."""
    hit = frame[(frame.indicator_code == code) & (frame.country_iso3 == iso3) & (frame.period == period)
                & (frame.sex == sex) & (frame.age_group == age)]
    assert len(hit) == 1
    return hit.iloc[0]


@pytest.mark.parametrize("period, bounds", [("2023", (2023 * 4, 4)), ("2023Q1", (2023 * 4, 1)), ("2024Q3", (2024 * 4 + 2, 1))])
def test_a_period_is_a_run_of_quarters(period, bounds):
    assert tr.period_bounds(period) == bounds


@pytest.mark.parametrize("period, through, share", [
    ("2024", (2024, 2), 0.5), ("2024", (2024, 4), 1.0), ("2024", (2023, 4), 0.0), ("2024Q2", (2024, 2), 1.0),
    ("2023", (2024, 2), 1.0), ("2025", (2024, 2), 0.0),
])
def test_the_share_of_a_period_elapsed_counts_quarters_up_to_the_reporting_date(period, through, share):
    assert tr.elapsed_share(period, through[0] * 4 + through[1] - 1) == share


@pytest.mark.parametrize("periods, through", [
    (["2023", "2024"], (2024, 4)), (["2024", "2024Q1", "2024Q2"], (2024, 2)), (["2024Q4", "2025"], (2025, 4)),
    (["2023Q3"], (2023, 3)),
])
def test_progress_is_as_of_the_last_quarter_reported_or_the_end_of_the_latest_year(periods, through):
    assert tr.quarter_parts(tr.reported_through(pd.DataFrame({"period": periods}))) == through


@pytest.mark.parametrize("ratio, expected, masked, status", [
    (1.2, 0.5, False, "achieved"), (1.0, 1.0, False, "achieved"), (0.6, 0.5, False, "on_track"), (0.45, 0.5, False, "behind"),
    (0.8, 1.0, False, "behind"), (0.75, math.nan, False, "on_track"), (0.74, math.nan, False, "behind"),
    (math.nan, 0.5, False, "no_target"), (0.9, 0.5, True, "hidden"),
])
def test_status_follows_the_documented_rule(ratio, expected, masked, status):
    assert tr.status_of(ratio, expected, masked) == status


@pytest.mark.parametrize("code, iso3, period, pct, expected_pct, status", [
    ("IR2-TRAIN", "KGZ", "2023", 80.0, 100.0, "behind"),    # 800 / 1000; 2023 fully elapsed by 2024 Q2
    ("IR2-TRAIN", "KGZ", "2024", 45.0, 50.0, "behind"),     # 450 / 1000; 2 of 4 quarters elapsed
    ("IR2-TRAIN", "UZB", "2024", 60.0, 50.0, "on_track"),   # 600 / 1000 >= 50 %
    ("IR2-TRAIN", "UZB", "2023", 120.0, 100.0, "achieved"),  # 1200 / 1000
    ("IR2-TRAIN", "KGZ", "2024Q1", 80.0, 100.0, "behind"),  # 200 / 250
    ("IR2-TRAIN", "KGZ", "2024Q2", 100.0, 100.0, "achieved"),
    ("IR1-STRAT", "KAZ", "2023", 75.0, 100.0, "behind"),    # 3 / 4 with the year over
    ("IR3-SURVIVORS", "KGZ", "2023", 80.0, 100.0, "behind"),  # 12 / 15 (12 is shown: not below 5)
])
def test_progress_of_a_valid_export_matches_hand_computed_figures(example, code, iso3, period, pct, expected_pct, status):
    rows = tr.progress(example, tr.reported_through(example))
    got = row(rows, code, iso3, period)
    assert (round(got.pct, 6), got.expected_pct, got.status) == (pct, expected_pct, status)


def test_without_time_information_three_quarters_of_the_target_counts_as_on_track(example):
    assert row(tr.progress(example, None), "IR1-STRAT", "KAZ", "2023").status == "on_track"


def test_rows_without_a_target_or_hidden_get_no_progress(example):
    rows = tr.progress(example, tr.reported_through(example))
    assert row(rows, "IR4-PROSECUTED", "KGZ", "2024").status == "no_target"
    hidden = row(rows, "IR3-SURVIVORS", "UZB", "2023")
    assert hidden.status == "hidden" and math.isnan(hidden.pct)


def test_small_survivor_counts_are_masked_and_their_complement_hidden(example):
    assert row(example, "IR3-SURVIVORS", "UZB", "2023").value_text == "<5"  # 4 survivors
    male = row(example, "IR3-SURVIVORS", "KGZ", "2023", sex="male")  # 3: masked
    female = row(example, "IR3-SURVIVORS", "KGZ", "2023", sex="female")  # 9 = 12 - 3 would give 3 away
    assert (male.value_text, male["mask"], female.value_text, female["mask"]) == ("<5", "primary", "hidden", "secondary")
    assert row(example, "IR3-SURVIVORS", "KGZ", "2023").value_text == "12"
    survivors = example[example.indicator_code == "IR3-SURVIVORS"]
    assert not (survivors["value"] < 5).any() and survivors.loc[survivors["mask"] != "", "value"].isna().all()
    assert row(example, "IR3-SURVIVORS", "UZB", "2023").baseline_text == "<5"  # a baseline of 2 survivors


@pytest.mark.parametrize("value, masked", [(0, True), (4, True), (5, False), (12, False)])
def test_the_survivor_threshold_is_strictly_below_it(value, masked):
    frame = pd.DataFrame({"indicator_code": ["IR3-SURVIVORS"], "country_iso3": ["KGZ"], "period": ["2023"], "sex": ["total"],
                          "age_group": ["total"], "value": [float(value)], "baseline": [math.nan], "survivor": [True]})
    assert (tr.mask_survivors(frame, 5)["mask"].iloc[0] != "") is masked


def test_other_indicators_are_never_masked(example):
    assert (example.loc[~example.survivor.astype(bool), "mask"] == "").all()
    assert row(example, "IR4-PROSECUTED", "KGZ", "2024").value_text == "2"


def test_shares_of_women_and_youth_are_part_over_total(example):
    assert tr.share_of(example, "IR2-TRAIN", "2023", "sex", "female")["KGZ"] == 62.5  # 500 / 800
    assert tr.share_of(example, "IR2-TRAIN", "2023", "age_group", "youth")["KGZ"] == 25.0  # 200 / 800
    assert math.isnan(tr.share_of(example, "IR3-SURVIVORS", "2023", "sex", "female")["KGZ"])  # hidden, so no share


def test_the_values_table_carries_status_and_shares_per_indicator_and_country(example):
    table = tr.summary_table(example[example.period == "2023"], "2023", tr.reported_through(example))
    kgz = row(table, "IR2-TRAIN", "KGZ", "2023")
    assert (kgz.status, kgz.women_pct, kgz.youth_pct) == ("behind", 62.5, 25.0)


def test_the_trend_keeps_one_kind_of_period_in_time_order(example):
    assert tr.trend(example, "IR2-TRAIN", quarterly=False)["period"].tolist() == ["2023", "2023", "2024", "2024"]
    assert tr.trend(example, "IR2-TRAIN", quarterly=True)["period"].tolist() == ["2024Q1", "2024Q2"]


def test_period_options_are_chronological_and_the_default_is_the_latest_year():
    options = tr.period_options(pd.DataFrame({"period": ["2024Q2", "2023", "2024", "2024Q1"]}))
    assert options == ["2023", "2024", "2024Q1", "2024Q2"] and tr.default_period(options) == "2024"


def test_masked_counts_never_reach_a_figure_as_numbers(example):
    rows = tr.trend(example, "IR3-SURVIVORS", quarterly=False)
    fig = ich.trend_bars(rows, {k: k for k in ich.LABELS}, {}, 5, "people")
    masked = [t for t in fig.data if t.legendgroup == "masked"]
    assert masked and all(list(t.y) == [5] * len(t.y) and set(t.text) <= {"<5", "hidden"} for t in masked)
    spec = json.loads(fig.to_json())
    shown = [v for t in spec["data"] if t.get("legendgroup") != "masked" and t.get("type") == "bar" for v in (t.get("y") or []) if v]
    assert 3 not in shown and 4 not in shown and 9 not in shown


def test_the_progress_chart_draws_a_panel_per_indicator_with_status_words(example):
    rows = tr.progress(example, tr.reported_through(example))
    rows = rows[(rows.period == "2023") & rows.status.isin(ich.STATUS_COLOURS)].assign(label=lambda f: f.indicator)
    fig = ich.progress_bullets(rows, {k: k for k in ich.LABELS}, {s: s.upper() for s in tr.STATUSES}, "en")
    texts = [x for t in fig.data if t.type == "scatter" and t.mode == "text" for x in t.text]
    assert "120% · ACHIEVED" in texts and "80% · BEHIND" in texts
    assert len(fig.layout.annotations) == rows.indicator.nunique()


def test_every_published_figure_has_its_names_in_both_languages():
    pub, _ = load("published_results")
    for lang in ("en", "ru"):
        rows = tr.published_rows(pub, lambda k, **v: translate(k, lang, **v), lang)
        assert all(not text.startswith("indicators.") for r in rows for text in r.values())
    assert len({tr.slug(i) for i in pub.indicator}) == len(pub)


@pytest.mark.parametrize("raw, text", [
    ("2016", "calendar year 2016"),
    ("Apr 2019-Mar 2020 (reporting period)", "April 2019 – March 2020"),
    ("Apr 2020-Mar 2021 (previous reporting period)", "April 2020 – March 2021 (previous reporting period)"),
])
def test_tip_reporting_periods_are_translated_not_copied(raw, text):
    labels = {k: translate(v, "en") for k, v in tip.LABEL_KEYS.items()}
    assert tip.period_text(raw, labels) == text


def test_every_tip_period_measure_and_evidence_in_the_snapshot_has_a_russian_label():
    labels = {k: translate(v, "ru") for k, v in tip.LABEL_KEYS.items()}
    law, _ = load("tip_law")
    tiers, _ = load("tip_tiers")
    assert all(tip.period_text(p, labels) != p or p.isdigit() for p in law.reporting_period)
    assert set(law.measure) <= set(tip.MEASURES)
    assert all(tip.evidence_label(e, labels) for e in tiers.evidence)
    assert all(v in catalogue("ru") for v in tip.LABEL_KEYS.values())


def test_the_tier_grid_shows_every_gap_as_no_placement_found():
    tiers, _ = load("tip_tiers")
    grid = tip.tier_grid(tiers, ["KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS"], range(2001, 2026))
    gaps = grid[grid.tier_code == tip.GAP]
    assert len(grid) == 150 and len(gaps) == 14  # TKM 2001-08, UZB 2001-02, TJK 2001, KGZ/TJK/RUS 2016
    assert set(gaps[gaps.report_year == 2016].iso3) == {"KGZ", "TJK", "RUS"}


def test_the_tier_strip_has_four_tiers_and_the_gap_in_its_legend_for_one_country():
    tiers, _ = load("tip_tiers")
    labels = {k: translate(v, "en") for k, v in tip.LABEL_KEYS.items()}
    fig = tip.tier_strip(tip.tier_grid(tiers, ["KGZ"], range(2001, 2026)), NAMES, labels)
    assert [t.name for t in fig.data] == ["Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3", "No placement found"]
    assert fig.data[-1].marker.pattern.shape == "/"


@pytest.mark.parametrize("lang, problem, expected", [
    ("en", "This indicator is counted only in Kyrgyz Republic.", "A row for Kyrgyz Republic only, or another indicator."),
    ("ru", "Этот показатель учитывается только в стране: Кыргызстан.", "Строка для страны: Кыргызстан\u00a0— или другой показатель."),
])
def test_the_report_is_translated_and_names_countries_in_the_language(lang, problem, expected):
    issues = [il.Issue(8, "country_iso3", "outside_scope", "UZB", "KGZ")]
    names = {"KGZ": "Кыргызстан" if lang == "ru" else "Kyrgyz Republic"}
    table = tr.issue_rows(issues, lambda k, **v: translate(k, lang, **v), lang, names)
    assert table.iloc[0].tolist() == ["8", "country_iso3", "UZB", problem, expected]


# ---- page texts and tables (moved out of pages/indicators.py) -----------------------------------------------

def english(key: str, **values) -> str:
    """translate() in English, as the page's t() would in an English run."""
    return translate(key, "en", **values)


@pytest.mark.parametrize("raw, shown", [("bad_numbers.csv", r"bad\_numbers\.csv"), ("[x](http://a)", r"\[x\]\(http\://a\)"),
                                        ("*b* #1", r"\*b\* \#1")])
def test_a_file_name_is_escaped_so_markdown_shows_it_as_typed(raw, shown):
    assert tr.plain_markdown(raw) == shown


@pytest.mark.parametrize("lang, vintage", [("en", "1,234 rows"), ("ru", "1\u00a0234 строки")])
def test_loaded_files_sources_say_who_supplied_them_and_how_many_rows(lang, vintage):
    texts = tr.source_texts("upload", 1234, lambda k, **v: translate(k, lang, **v), lang, "2026-01-01")
    assert set(texts) == set(il.PROV_FIELDS) and vintage in texts["vintage"] and texts["accessed"] == "2026-01-01"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_catalogue_table_names_indicators_and_units_in_the_language(lang):
    table = tr.catalog_table(il.catalog(), lang, lambda k, **v: translate(k, lang, **v))
    assert list(table.columns) == ["code", "result", "name", "unit"]
    assert table["name"].tolist() == il.catalog()[f"name_{lang}"].tolist()
    assert not table["result"].str.startswith("indicators.").any()


def test_the_indicator_choice_lists_loaded_indicators_in_catalogue_order_defaulting_to_one_about_people(example):
    codes, first = tr.indicator_options(example, il.catalog())
    assert codes == ["IR1-STRAT", "IR2-TRAIN", "IR3-SURVIVORS", "IR4-PROSECUTED"] and first == "IR2-TRAIN"
    assert tr.indicator_options(example[example.indicator_code == "IR1-STRAT"], il.catalog()) == (["IR1-STRAT"], "IR1-STRAT")


def test_progress_rows_carry_the_label_status_word_and_shares_as_text(example):
    rows = tr.summary_table(example[example.period == "2023"], "2023", tr.reported_through(example))
    rows = tr.progress_rows(rows, {s: s.upper() for s in tr.STATUSES}, "en")
    kgz = row(rows, "IR2-TRAIN", "KGZ", "2023")
    assert (kgz.label, kgz.word, kgz.women, kgz.youth) == (
        "People reached with training and education on safe and responsible migration — Kyrgyz Republic", "BEHIND", "62%", "25%")
    assert tr.status_counts(rows, ("achieved", "on_track", "behind"), "en") == {"n": "5", "achieved": "1", "on_track": "0",
                                                                                "behind": "3"}


@pytest.mark.parametrize("code, quarterly, expected", [
    ("IR2-TRAIN", False, "Training: the highest total shown is 1,200 (people), in Uzbekistan (2023)."),
    ("IR3-SURVIVORS", True, translate("indicators.trend.summary_none"))])
def test_the_trend_summary_names_the_highest_value_shown_or_says_none_is(example, code, quarterly, expected):
    assert tr.trend_summary(tr.trend(example, code, quarterly), "Training", "people", english) == expected


@pytest.mark.parametrize("dim, items, parts", [("sex", "Kyrgyz Republic: 62%", [["Women", "62%"], ["Men", "38%"]]),
                                               ("age_group", "Kyrgyz Republic: 25%", [["Youth", "25%"], ["Adults", "75%"]])])
def test_the_breakdown_names_each_countrys_share_of_women_or_youth_and_tables_every_part(example, dim, items, parts):
    rows = tr.breakdown(example, "IR2-TRAIN", "2023", dim)
    assert tr.share_items(rows, dim, "en") == items
    table = tr.breakdown_table(rows, dim, {"female": "Women", "male": "Men", "youth": "Youth", "adult": "Adults"}, "en")
    assert list(table.columns) == ["country", "period_text", "part", "value_text", "share_text"]
    assert table[["part", "share_text"]].values.tolist() == parts


@pytest.mark.parametrize("note, title", [(None, "Trend"), ("Example data", "Trend<br><sup>Example data</sup>")])
def test_a_chart_of_example_data_says_so_under_its_title(note, title):
    fig = ich.with_note(go.Figure(layout={"title": {"text": "Trend"}}), note)
    assert fig.layout.title.text == title


def test_the_measure_choice_lists_the_reported_measures_in_their_fixed_order():
    law = pd.DataFrame({"measure": ["convictions", "investigations", "convictions"]})
    assert tip.measures_in(law) == ["investigations", "convictions"]
