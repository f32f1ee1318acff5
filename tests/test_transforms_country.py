"""Country transforms: key figures equal the snapshot, gaps are found, messages are filled from data in both languages."""
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from charts import tip
from charts.tip import LABEL_KEYS, TIERS
from geo.countries import FOCUS
from loaders.datasets import DATASETS, load
from transforms import country as tc
from transforms.vintages import of_series
from ui.i18n import catalogue, translate

FRAMES = {n: load(n)[0] for n in DATASETS}
PROVS = {n: load(n)[1] for n in DATASETS}
RAW_WDI = pd.read_csv(Path(__file__).resolve().parents[1] / "data" / "wdi" / "wdi_series.csv")
VINTAGES = of_series(FRAMES["wdi_series"])  # read from the data: 2026-07-01 and 2023-05-10 in the snapshot


def figures(iso3: str) -> dict:
    """Key figures of a country from the snapshot."""
    return tc.key_figures(FRAMES["wdi_series"], FRAMES["world_pct_gdp"], FRAMES["migrant_stock"], FRAMES["tip_tiers"], iso3)


def raw_latest(iso3: str, code: str) -> tuple[float, int]:
    """The latest value of an indicator read straight from the CSV (vintage 2026-07-01), independent of the transform."""
    rows = RAW_WDI[(RAW_WDI.iso3 == iso3) & (RAW_WDI.indicator_code == code) & (RAW_WDI.vintage == "2026-07-01")]
    last = rows.dropna(subset=["value"]).sort_values("year").iloc[-1]
    return float(last.value), int(last.year)


@pytest.mark.parametrize("iso3", FOCUS)
@pytest.mark.parametrize("key, code", [("population", tc.POP), ("gdp", tc.GDP), ("pct", tc.PCT), ("usd", tc.USD)])
def test_key_figures_equal_the_snapshot_values_with_their_year(iso3, key, code):
    if (iso3, key) == ("TKM", "pct"):
        return  # its computed series ends in 1996: the official value is shown (next test)
    value, year = raw_latest(iso3, code)
    fig = figures(iso3)[key]
    assert (fig.value, fig.year, fig.vintage, fig.official) == (value, year, "2026-07-01", False)


def test_turkmenistans_share_of_gdp_is_its_latest_official_value_with_its_year_and_the_last_computed_year():
    rows = RAW_WDI[(RAW_WDI.iso3 == "TKM") & (RAW_WDI.indicator_code == tc.PCT) & (RAW_WDI.vintage == "2023-05-10")]
    last = rows.dropna(subset=["value"]).sort_values("year").iloc[-1]
    fig = figures("TKM")["pct"]
    assert (fig.value, fig.year, fig.vintage, fig.official, fig.extra) == (last.value, 2019, "2023-05-10", True, (1996,))
    assert tc.pct_text(fig.value, "en") == "<0.01%" and tc.pct_text(fig.value, "ru") == "<0,01\u00a0%"


@pytest.mark.parametrize("iso3, rank, n, year, official", [("TJK", 1, 160, 2024, False), ("KGZ", 13, 160, 2024, False),
                                                           ("TKM", 177, 190, 2019, True)])
def test_the_world_rank_counts_economies_only_in_the_figures_year_and_vintage(iso3, rank, n, year, official):
    fig = figures(iso3)["rank"]
    assert (fig.value, fig.year, fig.extra, fig.official) == (rank, year, (n,), official)


@pytest.mark.parametrize("iso3, total, dest, partners", [
    ("TJK", 514478, "RUS", 31), ("KAZ", 2796572, "RUS", 45), ("RUS", 9134094, "UKR", 97)])
def test_emigrants_are_summed_over_the_destinations_in_the_latest_year_of_the_2024_revision(iso3, total, dest, partners):
    figs = figures(iso3)
    assert figs["emigrants"] == tc.Figure(total, 2024, (partners,))
    assert figs["destination"].extra == (dest,)


def test_russias_immigrants_are_the_sum_of_every_origin_the_unknown_one_included():
    assert figures("RUS")["immigrants"] == tc.Figure(7605774, 2024, (43,))


@pytest.mark.parametrize("iso3, share", [("TJK", 42.6), ("UZB", 48.7), ("KAZ", 53.6), ("KGZ", 55.0), ("TKM", 64.1)])
def test_women_among_emigrants_are_a_figure_and_a_message_of_the_latest_year(iso3, share):
    fig = tc.women_emigrants(FRAMES["migrant_stock"], iso3)
    assert (round(fig.value, 1), fig.year) == (share, 2024) and fig.extra[1] == figures(iso3)["emigrants"].value
    (key, values), = tc.women_fact(FRAMES["migrant_stock"], iso3)
    for lang in ("en", "ru"):
        text = translate(f"country.msg.{key}", lang, country="X", **tc.display_values(values, lang, {}))
        assert "{" not in text and tc.pct_text(fig.value, lang) in text
    texts = tc.figure_texts({"women": fig}, "en", {})["women"]
    assert texts["value"] == tc.pct_text(fig.value, "en") and texts["n"] == f"{fig.extra[0]:,.0f}"


@pytest.mark.parametrize("iso3, tier, run, since, previous", [
    ("RUS", "Tier 3", 12, 2013, "Tier 2 Watch List"), ("TJK", "Tier 2", 1, 2025, "Tier 2 Watch List")])
def test_the_latest_tier_says_how_long_it_has_held_and_what_it_changed_from(iso3, tier, run, since, previous):
    extra = figures(iso3)["tier"].extra
    assert extra[:4] == (tier, run, since, previous)


@pytest.mark.parametrize("years, expected", [
    ([], []), ([2001], [(2001, 2001)]), ([2003, 2001, 2002, 2005], [(2001, 2003), (2005, 2005)])])
def test_years_collapse_into_ranges(years, expected):
    assert tc.year_ranges(years) == expected


@pytest.mark.parametrize("present, lo, hi, expected", [
    ([1996], 1993, 2000, [(1993, 1995), (1997, 2000)]), (range(1990, 2001), 1993, 2000, [])])
def test_missing_years_are_the_gaps_between_lo_and_hi(present, lo, hi, expected):
    assert tc.missing_years(present, lo, hi) == expected


@pytest.mark.parametrize("label, iso3, scope", [
    ("KGZ", "KGZ", "country"), ("UZB (Jizzakh)", "UZB", "country"),
    ("Central Asia (KAZ, KGZ, TKM, UZB)", "KGZ", "regional"), ("Central Asia (KAZ, KGZ, TKM, UZB)", "TJK", None),
    ("Central Asia (incl. UZB)", "TJK", "regional"), ("Central Asia (incl. UZB)", "RUS", None), ("KGZ", "KAZ", None)])
def test_published_results_are_matched_to_a_country_or_labelled_regional(label, iso3, scope):
    assert tc.result_scope(label, iso3) == scope


@pytest.mark.parametrize("text, iso3, found", [
    ("Turkmenistan has no values.", "TKM", True), ("No placement found for KGZ 2016", "KGZ", True),
    ("Kyrgyz Republic: the 2026-07 vintage", "KGZ", True), ("No rows for TKM 2001-2008", "KAZ", False),
    ("KAZAKH text", "KAZ", False)])
def test_a_metadata_line_mentions_a_country_by_code_or_name(text, iso3, found):
    assert tc.mentions(text, iso3) is found


def test_turkmenistans_gaps_are_found_in_the_data_and_the_metadata():
    gaps = dict(tc.data_gaps(FRAMES["wdi_series"], FRAMES["tip_tiers"], FRAMES["tip_law"], FRAMES["corridor_costs"],
                             FRAMES["published_results"], "TKM"))
    assert gaps["years_pct"]["ranges"][-1] == (1997, 2024)
    assert gaps["years_tier"]["ranges"] == [(2001, 2008)]
    assert "no_corridor" in gaps and "no_country_results" in gaps
    assert len(tc.metadata_gaps(PROVS, "TKM")) >= 5


@pytest.mark.parametrize("iso3", FOCUS)
def test_every_country_gets_three_to_six_key_messages_one_on_women_among_its_emigrants(iso3):
    facts = tc.message_facts(FRAMES["wdi_series"], figures(iso3), FRAMES["corridor_costs"], FRAMES["migrant_stock"], iso3)
    assert 3 <= len(facts) <= 6 and "women_emigrants" in dict(facts)


def test_a_remittance_value_decades_old_gives_way_to_the_official_one_and_says_why():
    facts = dict(tc.message_facts(FRAMES["wdi_series"], figures("TKM"), FRAMES["corridor_costs"], FRAMES["migrant_stock"], "TKM"))
    old = facts["dependence_old_official"]  # the 2026-07 vintage stops in 1996; the official series in 2019
    assert (old["year"], old["official_year"], old["computed_year"]) == (2019, 2019, 1996)


def test_a_value_years_behind_its_neighbours_is_stale():
    assert tc.stale(tc.Figure(1.0, 1996), 2024) and not tc.stale(tc.Figure(1.0, 2019), 2024) and not tc.stale(tc.Figure(), 2024)


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("iso3", FOCUS)
def test_every_message_fills_its_template_with_formatted_numbers(lang, iso3):
    facts = tc.message_facts(FRAMES["wdi_series"], figures(iso3), FRAMES["corridor_costs"], FRAMES["migrant_stock"], iso3)
    for key, values in facts:
        tiers = {k: translate(LABEL_KEYS[code], lang) for k, code in TIERS.items()}
        text = translate(f"country.msg.{key}", lang, country=iso3, vintage=VINTAGES.latest, official=VINTAGES.official,
                         **tc.display_values(values, lang, tiers, translate("country.msg.reported_by", lang)))
        assert "{" not in text and "None" not in text and iso3 not in text
        if lang == "ru":  # Roman quarter numbers (III кв.) are Russian usage
            assert not re.search(r"[A-Za-z]{2,}", re.sub(r"\b[IV]+\u00a0кв\.", "", text)), text


@pytest.mark.parametrize("key, value, lang, expected", [
    ("pct", 47.153, "en", "47.2%"), ("pct", 0.0826, "ru", "0,08\u00a0%"), ("usd", 6.8e9, "en", "US$ 6.80 bn"),
    ("usd", 2.4e8, "ru", "240,0 млн долл. США"), ("rank", 13, "en", "13th"), ("dest", "RUS", "ru", "Россия"),
    ("year", 2024, "ru", "2024")])
def test_message_values_are_formatted_for_the_language(key, value, lang, expected):
    assert tc.display_value(key, value, lang) == expected


def test_every_source_text_shown_for_a_country_has_a_translation_in_both_languages():
    texts = {g for c in FOCUS for _, g in tc.metadata_gaps(PROVS, c)}
    for c in FOCUS:
        rows = tc.country_results(FRAMES["published_results"], c)
        texts |= set(rows[["country_or_region", "indicator", "unit", "period"]].to_numpy().ravel())
    for lang in ("en", "ru"):
        missing = [x for x in texts if f"country.text.{tc.text_key(x)}" not in catalogue(lang)]
        assert not missing, (lang, missing)


def test_the_russian_catalogue_has_no_english_words_outside_proper_names():
    allowed = {"USAID", "SMICA", "Winrock", "International", "Remittance", "Prices", "Worldwide", "TIP", "Kelley",
               "Heiss", "ISO3", "PDF", "A4", "RFA", "COVID"}
    for key, text in catalogue("ru").items():
        if key.startswith("country.") and key != "country.brief.file":
            text = re.sub(r"\{\s*\w+\s*,\s*plural\s*,|\b(zero|one|two|few|many|other)\s*\{", " ", text)  # plural syntax
            words = set(re.findall(r"[A-Za-z]{2,}\d?", re.sub(r"\{[^{}]*\}", "", text)))
            assert words <= allowed, (key, words - allowed)


# ---- page texts and tables (moved out of pages/country.py) --------------------------------------------------

def words(lang: str):
    """The page's translate(key, **values) and has_key(key) for one language."""
    return (lambda key, **values: translate(key, lang, **values)), (lambda key: key in catalogue(lang))


def test_a_missing_key_figure_is_a_card_that_says_so_with_no_year():
    texts = {"population": {"value": "7,618,847", "when": "2025", "year": "2025", "vintage": VINTAGES.latest}, "gdp": None}
    cards = tc.figure_cards(texts, words("en")[0])
    assert cards[0][:3] == ("Population", "7,618,847", "2025")
    assert cards[1] == ("GDP", translate("country.none"), "", translate("country.fig.help.missing"))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_key_messages_are_sentences_with_no_placeholder_left(lang):
    tiers = {k: translate(LABEL_KEYS[code], lang) for k, code in TIERS.items()}
    facts = tc.message_facts(FRAMES["wdi_series"], figures("TJK"), FRAMES["corridor_costs"], FRAMES["migrant_stock"], "TJK")
    lines = tc.message_lines(facts, words(lang)[0], "X", lang, tiers, VINTAGES)
    assert len(lines) == len(facts) and all("{" not in line and "None" not in line for line in lines)
    assert ("47,2\u00a0%" if lang == "ru" else "47.2%") in lines[0]


@pytest.mark.parametrize("lang, years, measures", [("en", "1997–2024", "investigations, prosecutions, convictions"),
                                                   ("ru", "1997–2024", "расследования, уголовные преследования")])
def test_turkmenistans_gaps_are_written_out_with_year_ranges_and_measure_names(lang, years, measures):
    gaps = tc.data_gaps(FRAMES["wdi_series"], FRAMES["tip_tiers"], FRAMES["tip_law"], FRAMES["corridor_costs"],
                        FRAMES["published_results"], "TKM")
    lines = tc.gap_lines(gaps, words(lang)[0], VINTAGES.latest)
    assert len(lines) == len(gaps) and years in lines[0] and any(measures in line for line in lines)


@pytest.mark.parametrize("lang, shown, untranslated", [("en", 2, 0), ("ru", 1, 1)])
def test_an_untranslated_metadata_note_is_counted_not_shown_in_english_on_a_russian_page(lang, shown, untranslated):
    known = next(g for _, g in tc.metadata_gaps(PROVS, "TKM"))
    provs = {"x": SimpleNamespace(file="nofile", dataset="Some dataset", gaps=(known, "Turkmenistan: a note never translated."))}
    lines, left = tc.metadata_lines(provs, "TKM", *words(lang), lang)
    assert (len(lines), left) == (shown, untranslated)
    assert lang == "en" or not any("never translated" in line for line in lines)


def test_a_source_text_without_a_translation_stays_as_written():
    assert tc.source_text("A label nobody translated", *words("ru")) == "A label nobody translated"


@pytest.mark.parametrize("rows", [3, 0])
def test_the_dependence_summary_counts_the_years_shown_or_says_there_are_none(rows):
    own = pd.DataFrame({"year": [2022, 2023, 2024][:rows], "value": [1.0, 2.0, 3.0][:rows]})
    text = tc.dependence_summary(own, {"value": "3.0%", "year": "2024"}, "X", words("en")[0])
    key = "country.chart.dep_summary" if rows else "country.chart.dep_summary_none"
    assert text == translate(key, country="X", n=rows, span="2022–2024", pct="3.0%", year="2024")


@pytest.mark.parametrize("lang, value, share", [("en", "333,664", "61.7%"), ("ru", "333\u00a0664", "61,7\u00a0%")])
def test_the_map_rows_carry_formatted_people_and_shares_for_the_hover(lang, value, share):
    part = tc.map_partners(FRAMES["migrant_stock"], "KGZ", {"RUS": "Russia"}, lang)
    assert part.iloc[0][["iso3", "name", "value_text", "share_text"]].tolist() == ["RUS", "Russia", value, share]


@pytest.mark.parametrize("iso3, direction, top, total", [("KGZ", "out", "Russia", "540,573"), ("TKM", "in", "Russia", "193,763")])
def test_partner_bars_show_the_ten_largest_and_the_summary_sums_all_partners(iso3, direction, top, total):
    shown, facts = tc.top_partners(FRAMES["migrant_stock"], iso3, direction, {"RUS": "Russia"}, "en")
    assert len(shown) == 10 and (facts["top"], facts["total"]) == (top, total)


def test_a_country_with_no_partners_gets_no_summary_values():
    shown, facts = tc.top_partners(FRAMES["migrant_stock"].iloc[:0], "KGZ", "out", {}, "en")
    assert shown.empty and facts == {}


def test_the_cost_summary_names_the_cheapest_corridor_of_the_latest_quarter():
    corr = tc.corridor_from_russia(FRAMES["corridor_costs"], "TJK").assign(when="")
    text = tc.cost_summary(corr, {"TJK": "Tajikistan"}, "en", words("en")[0])
    assert text == "Latest (Q3 2020): 2.0% of the amount sent to Tajikistan, below the SDG 10.c target (less than 3%)."
    everyone = tc.corridor_from_russia(FRAMES["corridor_costs"], "RUS")
    names = {c: c for c in everyone.iso3}
    assert re.search(r"corridors below the SDG 10.c target \(less than 3%\): \d of [2-5]\.$",
                     tc.cost_summary(everyone, names, "en", words("en")[0]))


@pytest.mark.parametrize("iso3, tier, expected", [
    ("TKM", None, "Reports without a placement in the data: 2001–2008."),
    ("KGZ", {"value": "Tier 2", "year": "2025"}, "Latest: Tier 2 in the 2025 report.")])
def test_the_tier_summary_gives_the_latest_placement_and_the_years_without_one(iso3, tier, expected):
    grid = tip.tier_grid(FRAMES["tip_tiers"], [iso3], range(tc.TIP_YEARS[0], tc.TIP_YEARS[1] + 1))
    assert expected in tc.tier_summary(grid, tier, words("en")[0])


def test_a_corridor_at_exactly_three_percent_has_not_met_the_sdg_target():
    corr = pd.DataFrame({"iso3": ["TJK"], "year": [2020], "quarter": [3], "x": [2020.5], "value": [3.0], "when": [""]})
    for lang, missed in (("en", "not below the SDG 10.c target (less than 3%)"),
                         ("ru", "задача 10.c ЦУР (менее 3\u00a0%) не достигнута")):
        assert missed in tc.cost_summary(corr, {"TJK": "Tajikistan"}, lang, words(lang)[0])


def test_law_figures_worded_otherwise_are_left_out_of_the_counted_measures():
    law = pd.DataFrame({"iso3": ["KGZ"] * 2, "report_year": [2024, 2024], "reporting_period": ["2023"] * 2,
                        "measure": ["convictions", "hotline_calls"], "value": [3, 900], "source": ["s", "s"]})
    assert tc.counted_law(law, "KGZ").measure.tolist() == ["convictions"]


@pytest.mark.parametrize("lang, headings, value", [
    ("en", ["Indicator", "Value", "Unit", "Period", "Scope", "Country or region", "Source"], "62%"),
    ("ru", ["Показатель", "Значение", "Единица", "Период", "Охват", "Страна или регион", "Источник"], "62\u00a0%")])
def test_the_results_table_is_translated_and_formats_values_by_unit(lang, headings, value):
    table = tc.results_table(tc.country_results(FRAMES["published_results"], "KGZ"), *words(lang), lang)
    assert list(table.columns) == headings and table.iloc[1, 1] == value
    assert table.iloc[0, 4] == translate("country.results.scope_country", lang)


def test_the_indicator_table_keeps_one_countrys_totals_in_indicator_and_period_order():
    loaded = pd.DataFrame({"country_iso3": ["KGZ", "KGZ", "KGZ", "UZB"], "sex": ["total", "female", "total", "total"],
                           "age_group": ["total"] * 4, "indicator_code": ["B", "B", "A", "A"],
                           "period": ["2024", "2024", "2023", "2023"], "indicator": ["b", "b-f", "a", "a-uz"],
                           "source": ["EXAMPLE_x.csv", "f", "f", "f"]})
    rows = tc.country_indicators(loaded, "KGZ")
    assert tc.indicator_table(rows, {"indicator": "Name"})["Name"].tolist() == ["a", "b"]
    assert tc.is_example(rows) and not tc.is_example(rows[rows.source == "f"])


def test_bullets_make_a_markdown_list_and_nothing_from_nothing():
    assert (tc.bullets(["a", "b"]), tc.bullets([])) == ("- a\n- b", "")


def test_one_countrys_law_figures_get_a_colour_per_measure_and_a_whole_count_axis():
    reported = tc.counted_law(FRAMES["tip_law"], "KGZ")
    measures = {m: m.upper() for m in reported.measure.unique()}
    labels = {k: k for k in LABEL_KEYS}
    rows = tip.measure_rows(reported, "KGZ", {"KGZ": "Kyrgyz Republic"}, labels, measures, "en")
    fig = tip.measure_points(rows.assign(value=0), {**labels, "law_title": "Figures"}, measures, "Kyrgyz Republic")
    assert {t.name for t in fig.data} == set(measures.values())
    assert len({t.marker.color for t in fig.data}) == len(measures) and fig.layout.yaxis.range == (0, 5.0)
    assert tip.measure_table(rows, labels)["measure"].tolist() == rows["measure_name"].tolist()
