"""The country builders (figures/country.py): pure, for any of the six countries in both languages, held-out figures
exactly as in the data, at most three lines for presenter mode, and words that read right in each language."""
import json
import re
from functools import partial
from pathlib import Path

import pandas as pd
import pytest

from charts.spec import Chart
from charts.theme import presentable
from figures import country as fcn
from figures import story
from geo.countries import FOCUS
from tests.figure_helpers import context

ROOT = Path(__file__).resolve().parents[1]
BUILDERS = {"key_figures": fcn.key_figures, "dependence": fcn.dependence, "destinations": fcn.destinations,
            "map": fcn.destination_map, "origins": partial(fcn.partners_chart, direction="in"), "costs": fcn.costs,
            "tiers": fcn.tiers, "law": fcn.law}
STOCK = pd.read_csv(ROOT / "data" / "migration" / "ims2024_bilateral_by_sex.csv")


def texts_of(chart: Chart) -> list[str]:
    """Every word a reader sees on a chart: title, trace names, hover texts, annotations, table cells, summary, lines."""
    spec = json.loads(chart.figure.to_json())
    out = [chart.title, chart.summary, *chart.lines]
    out += [str(a.get("text", "")) for a in spec["layout"].get("annotations", [])]
    for trace in spec["data"]:
        out += [str(trace.get(k, "")) for k in ("name", "hovertemplate")]
        out += [str(v) for v in (trace.get("hovertext") or [])]
    out += [str(c) for c in chart.table.astype(str).to_numpy().ravel()] + [str(c) for c in chart.table.columns]
    return out


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("iso3", FOCUS)
@pytest.mark.parametrize("builder", list(BUILDERS))
def test_every_builder_draws_any_country_in_both_languages_or_says_it_has_nothing(builder, iso3, lang):
    chart = BUILDERS[builder](context(lang, iso3))
    if chart is None:  # only where the data has nothing: no corridor into Turkmenistan
        assert (builder, iso3) == ("costs", "TKM")
        return
    assert isinstance(chart, Chart) and chart.title and chart.provs and len(chart.lines) <= 3
    words = texts_of(chart)
    assert not [w for w in words if re.search(r"\b(None|nan|NaN)\b", w)]
    assert not [w for w in words if re.search(r"\{\w+[^}]*\}", w.replace("%{", ""))], "a placeholder left unfilled"


@pytest.mark.parametrize("step", [s for s in story.STORY if s.builder.startswith("figures.country:")], ids=lambda s: s.id)
@pytest.mark.parametrize("iso3", FOCUS)
def test_the_storys_country_steps_build_with_no_choices_for_every_country_with_lines(step, iso3):
    chart = story.build(step, context("ru", iso3))
    assert chart.title and 1 <= len(chart.lines) <= 3 and all(len(line) <= 90 for line in chart.lines)


@pytest.mark.parametrize("iso3, figures", [
    ("KGZ", {"Population": "7,343,064", "Emigrants": "540,573", "Immigrants": "194,816", "Main destination": "Russia, 61.7%",
             "Women among emigrants": "55.0%", "World rank, % of GDP": "13th of 160"}),
    ("TJK", {"Emigrants": "514,478", "Women among emigrants": "42.6%", "Remittances, % of GDP": "47.2%"}),
    ("TKM", {"Remittances, % of GDP": "<0.01%", "Women among emigrants": "64.1%", "TIP Report tier": "Tier 2 Watch List"}),
])
def test_the_key_figures_chart_shows_held_out_figures_as_in_the_data(iso3, figures):
    chart = fcn.key_figures(context("en", iso3))
    table = chart.table.set_index("Figure")["Value"].to_dict()
    shown = " ".join(a.text.replace("<br>", " ") for a in chart.figure.layout.annotations)
    for label, value in figures.items():
        assert table[label] == value and value in shown


def test_turkmenistans_share_of_gdp_is_the_latest_official_value_with_its_year_not_the_1996_computed_one():
    chart = fcn.key_figures(context("en", "TKM"))
    row = chart.table.set_index("Figure").loc["Remittances, % of GDP"]
    assert (row["Value"], row["Year"]) == ("<0.01%", "2019") and "2023-05-10" in row["Source and definition"]
    rank = chart.table.set_index("Figure").loc["World rank, % of GDP"]
    assert rank["Year"] == "2019" and "official" in rank["Source and definition"]
    dep = fcn.dependence(context("en", "TKM"))
    own = dep.table[dep.table["ISO3 code"] == "TKM"]
    assert set(own["Vintage"]) == {"2023-05-10"} and own["Year"].max() == 2019 and not dep.computed
    assert set(fcn.dependence(context("en", "KGZ")).table["Vintage"]) == {"2026-07-01"}


def test_money_the_cards_cannot_date_recently_says_how_old_it_is():
    card = next(c for c in fcn.facts(context("en", "TKM")).cards if c[0] == "Remittances received")
    assert card[1:3] == ("4.4 US$ m", "1996") and "No later value is published" in card[3]


@pytest.mark.parametrize("iso3", FOCUS)
def test_emigrant_and_immigrant_figures_are_the_sum_of_every_row_in_the_file_other_and_unknown_included(iso3):
    year = int(STOCK["year"].max())
    rows = STOCK[STOCK["year"] == year]
    out = float((rows.loc[rows["origin_iso3"] == iso3, ["female", "male"]]).to_numpy().sum())
    into = float((rows.loc[rows["destination_iso3"] == iso3, ["female", "male"]]).to_numpy().sum())
    figures = fcn.facts(context("en", iso3)).figures
    assert (figures["emigrants"].value, figures["immigrants"].value, figures["emigrants"].year) == (out, into, 2024)


def test_russias_immigrant_total_counts_the_un_other_or_unknown_origin():
    rows = STOCK[(STOCK["year"] == 2024) & (STOCK["destination_iso3"] == "RUS")]
    assert "OOO" in set(rows["origin_iso3"])
    assert fcn.facts(context("en", "RUS")).figures["immigrants"].value == 7605774


@pytest.mark.parametrize("lang, line", [
    ("en", "Women were 42.6% of the people born in Tajikistan living abroad in 2024 (219,120 of 514,478)."),
    ("ru", "Женщины составляли 42,6\u00a0% уроженцев Таджикистана, проживавших за рубежом в 2024\u00a0г. "
           "(219\u00a0120 из 514\u00a0478\u00a0чел.)."),
])
def test_a_countrys_key_messages_say_how_many_of_its_emigrants_are_women(lang, line):
    assert line in fcn.facts(context(lang, "TJK")).messages


def test_the_destinations_bars_carry_each_partners_share_of_women_in_hover_and_table():
    chart = fcn.destinations(context("ru", "KGZ"))
    rus = chart.table.iloc[0]
    row = STOCK[(STOCK.year == 2024) & (STOCK.origin_iso3 == "KGZ") & (STOCK.destination_iso3 == "RUS")].iloc[0]
    assert (rus["Страна"], rus["Значение"]) == ("Россия", row.female + row.male)
    assert rus["Женщины (%)"] == pytest.approx(100 * row.female / (row.female + row.male))
    assert "Женщины" in chart.figure.data[0].hovertemplate and "\u00a0%" in chart.figure.data[0].hovertemplate


@pytest.mark.parametrize("lang, words", [("en", "as reported by CIA World Factbook"),
                                         ("ru", "по данным источника: Всемирная книга фактов ЦРУ")])
def test_a_tier_read_in_a_secondary_publication_says_who_reported_it_in_the_figure_and_the_message(lang, words):
    facts = fcn.facts(context(lang, "TKM"))
    tier = facts.cards[-1]
    assert words in tier[3] and any(words in m for m in facts.messages)
    kgz = fcn.facts(context(lang, "KGZ"))  # its 2025 placement was read in the report itself
    assert not any("CIA" in m or "ЦРУ" in m for m in kgz.messages)


def test_the_tier_strip_names_the_secondary_source_in_hover_and_table():
    chart = fcn.tiers(context("en", "RUS"))
    assert any("as reported by CIA World Factbook" in str(v) for v in chart.table.to_numpy().ravel())


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_key_figures_are_legible_in_presenter_mode_and_fit_their_cards(lang):
    chart = fcn.key_figures(context(lang, "TKM"))
    shown = presentable(chart.figure, lang)
    assert min(a.font.size for a in shown.layout.annotations) >= 18
    assert all(len(part) <= 20 for a in chart.figure.layout.annotations for part in a.text.split("<br>"))
    assert len(chart.table) == 10 and len(chart.figure.layout.shapes) == 10


@pytest.mark.parametrize("iso3", ["KGZ", "UZB"])
def test_the_sdg_target_is_less_than_three_percent_in_every_word_of_the_cost_chart(iso3):
    for lang, words in (("en", "less than 3%"), ("ru", "менее 3\u00a0%")):
        chart = fcn.costs(context(lang, iso3))
        assert any(words in str(a.text) for a in chart.figure.layout.annotations) and words in chart.summary


@pytest.mark.parametrize("pattern", [
    "уроженцы страны «", "в стране «", "в страну «", "страны {", "(?i)выпуск", "(?i)снимк", r"\bНКО\b", "(?i)Цель ЦУР",
    "(?i)категори"])
def test_russian_country_texts_decline_names_agree_numbers_and_use_the_glossary(pattern):
    words = []
    for iso3 in FOCUS:
        fc = context("ru", iso3)
        facts = fcn.facts(fc)
        words += [m for m in facts.messages] + [c[3] for c in facts.cards]
        for build in BUILDERS.values():
            chart = build(fc)
            words += texts_of(chart) if chart is not None else []
    assert not [w for w in words if re.search(pattern, w)]


@pytest.mark.parametrize("lang, expected", [
    ("en", "In 2024, 540,573 people born in the Kyrgyz Republic lived abroad (UN DESA); 61.7% of them in Russia."),
    ("ru", "В 2024\u00a0г. за рубежом проживали 540\u00a0573 уроженца Кыргызстана (ДЭСВ ООН); 61,7\u00a0% из них\u00a0— в России."),
])
def test_messages_decline_the_country_and_agree_the_number_with_its_noun(lang, expected):
    assert expected in fcn.facts(context(lang, "KGZ")).messages


def test_builders_never_import_streamlit():
    source = (ROOT / "figures" / "country.py").read_text(encoding="utf-8")
    assert "streamlit" not in source
