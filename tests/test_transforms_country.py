"""Country transforms: key figures equal the snapshot, gaps are found, messages are filled from data in both languages."""
import re
from pathlib import Path

import pandas as pd
import pytest

from charts.tip import LABEL_KEYS, TIERS
from geo.countries import FOCUS
from loaders.datasets import DATASETS, load
from transforms import country as tc
from ui.i18n import catalogue, translate

FRAMES = {n: load(n)[0] for n in DATASETS}
PROVS = {n: load(n)[1] for n in DATASETS}
RAW_WDI = pd.read_csv(Path(__file__).resolve().parents[1] / "data" / "wdi" / "wdi_series.csv")


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
    value, year = raw_latest(iso3, code)
    assert figures(iso3)[key] == tc.Figure(value, year)


@pytest.mark.parametrize("iso3, rank, n, year", [("TJK", 1, 160, 2024), ("KGZ", 13, 160, 2024), ("TKM", 104, 142, 1996)])
def test_the_world_rank_counts_economies_only_in_the_figures_year(iso3, rank, n, year):
    assert figures(iso3)["rank"] == tc.Figure(rank, year, (n,))


@pytest.mark.parametrize("iso3, total, dest, partners", [
    ("TJK", 586851, "RUS", 47), ("KAZ", 4203899, "RUS", 59), ("RUS", 10756697, "UKR", 101)])
def test_emigrants_are_summed_over_the_destinations_in_the_2020_stock(iso3, total, dest, partners):
    figs = figures(iso3)
    assert figs["emigrants"] == tc.Figure(total, 2020, (partners,))
    assert figs["destination"].extra == (dest,)


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
def test_every_country_gets_three_to_five_key_messages(iso3):
    facts = tc.message_facts(FRAMES["wdi_series"], figures(iso3), FRAMES["corridor_costs"], FRAMES["migrant_stock"], iso3)
    assert 3 <= len(facts) <= 5


def test_a_remittance_value_decades_old_is_called_old_not_latest():
    facts = dict(tc.message_facts(FRAMES["wdi_series"], figures("TKM"), FRAMES["corridor_costs"], FRAMES["migrant_stock"], "TKM"))
    old = facts["dependence_old_official"]  # the 2026-07 vintage stops in 1996; the older official series in 2019
    assert (old["year"], old["official_year"]) == (1996, 2019)


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("iso3", FOCUS)
def test_every_message_fills_its_template_with_formatted_numbers(lang, iso3):
    facts = tc.message_facts(FRAMES["wdi_series"], figures(iso3), FRAMES["corridor_costs"], FRAMES["migrant_stock"], iso3)
    for key, values in facts:
        tiers = {k: translate(LABEL_KEYS[code], lang) for k, code in TIERS.items()}
        text = translate(f"country.msg.{key}", lang, country="X", vintage=tc.VINTAGE, official=tc.OFFICIAL,
                         **tc.display_values(values, lang, tiers, translate("country.chart.cost_when", lang)))
        assert "{" not in text and "None" not in text
        if lang == "ru":
            assert not re.search(r"[A-Za-z]{2,}", text), text


@pytest.mark.parametrize("key, value, lang, expected", [
    ("pct", 47.153, "en", "47.2%"), ("pct", 0.0826, "ru", "0,08%"), ("usd", 6.8e9, "en", "US$ 6.80 bn"),
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
            words = set(re.findall(r"[A-Za-z]{2,}\d?", re.sub(r"\{[^}]*\}", "", text)))
            assert words <= allowed, (key, words - allowed)
