"""The indicators page's pure builders (figures/indicators.py): data from data/ and the example file, words in both
languages, no Streamlit."""
from __future__ import annotations

import pandas as pd
import pytest

from figures import FigureContext
from figures import indicators as fi
from loaders import indicators as il
from loaders.datasets import load
from transforms import indicators as tr
from ui.i18n import translate


def context(lang: str, country: str = "KGZ") -> FigureContext:
    """A FigureContext reading data/ directly, in one language."""
    return FigureContext(load=load, lang=lang, t=lambda key, **values: translate(key, lang, **values), country=country)


def shown(lang: str) -> pd.DataFrame:
    """The example export, masked and labelled as the page passes it to the builders."""
    frame = il.read_bytes(il.EXAMPLE.name, il.EXAMPLE.read_bytes()).frame
    return tr.labelled(tr.mask_survivors(frame, 5), lang, fi.names(context(lang)), ("{year}", ""), 5, "hidden")


@pytest.mark.parametrize("lang, first_line", [
    ("en", "Over 31,000 people reached with training on safe migration"),
    ("ru", "Свыше 31\u00a0000 человек охвачены обучением по безопасной миграции"),
])
def test_the_published_results_are_the_regional_totals_with_units_sources_and_three_lines(lang, first_line):
    chart = fi.published_results(context(lang))
    bar = chart.figure.data[0]
    assert list(bar.x) == [31000, 2887, 13000, 844] and len(bar.text) == 4
    assert chart.lines[0] == first_line and len(chart.lines) == 3
    assert chart.title.endswith("winrock.org</sup>")  # where every figure was published (the link in hover and table)
    assert {row[3] for row in bar.customdata} == {"https://winrock.org/contracts/request-for-application-rfa-no-24-01-kz"}
    assert chart.table.columns.tolist() == [translate(f"indicators.col.{c}", lang) for c in tr.PUBLISHED_COLUMNS]


@pytest.mark.parametrize("value, lang, text", [
    (1, "en", "1 person"), (844, "en", "844 people"), (1, "ru", "1 человек"), (844, "ru", "844 человека"),
    (25, "ru", "25 человек"), (21, "ru", "21 человек"), (2, "ru", "2 человека"),
])
def test_a_published_count_agrees_with_its_noun(value, lang, text):
    assert translate("indicators.pub.figure.people", lang, value=str(value)) == text


@pytest.mark.parametrize("quarterly, span", [(False, "2022–2025"), (True, "Q1 2025 – Q2 2025")])
def test_the_trend_title_says_where_the_data_end(quarterly, span):
    chart = fi.trend(context("en"), shown("en"), "IR2-TRAIN", quarterly, [])
    assert chart.title.endswith(span) and chart.key == "ind_trend"


def test_quarters_are_named_as_everywhere_else_in_russian():
    assert fi.period_text(context("ru"), "2025Q3") == "III\u00a0кв. 2025\u00a0г." and fi.period_text(context("ru"), "2025") == "2025"


def test_progress_is_compact_enough_for_half_of_it_to_show_on_the_first_screen():
    fc = context("en")
    rows = fi.progress_rows(fc, shown("en"), "2025", tr.reported_through(shown("en")))
    chart = fi.progress(fc, rows, "2025", [])
    assert chart is not None and chart.figure.layout.height <= 1000  # every indicator and country of the example file
    assert not chart.table.isna().any().any()  # percentages as text: no NaN in the table


def test_progress_without_any_target_draws_nothing():
    fc = context("en")
    rows = fi.progress_rows(fc, shown("en").assign(target=float("nan")), "2025", None)
    assert fi.progress(fc, rows, "2025", []) is None


def test_a_breakdown_of_hidden_counts_only_draws_nothing():
    view = shown("en")
    survivors = view[(view["indicator_code"] == "IR3-SURVIVORS") & (view["country_iso3"] == "KGZ")]
    assert fi.breakdown(context("en"), survivors.assign(mask="primary"), "IR3-SURVIVORS", "2025", "sex", []) is None


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_tier_strip_says_who_reported_a_placement_read_in_a_secondary_publication(lang):
    chart = fi.tip_tiers(context(lang))
    words = translate("indicators.tip.ev.reported_by", lang, source="Wikipedia" if lang == "en" else "Википедия")
    turkmenistan_2017 = [row for t in chart.figure.data for row in (t.customdata if t.customdata is not None else [])
                         if row[1] == 2017 and row[0] == fi.names(context(lang))["TKM"]]
    assert [row[2] for row in turkmenistan_2017] == [words]
    assert words in chart.table[translate("indicators.tip.evidence", lang)].tolist()


def test_the_tip_figures_title_names_the_report_years_and_the_measure():
    chart = fi.tip_figures(context("en"), "convictions")
    law = load("tip_law")[0]
    years = law.loc[law["measure"] == "convictions", "report_year"]
    assert chart.title == f"Figures in the TIP Reports of {years.min()}–{years.max()}: Convictions"
    drawn = [y for trace in chart.figure.data for y in list(trace.y)]
    assert sorted(drawn) == sorted(law.loc[law["measure"] == "convictions", "value"].tolist())
