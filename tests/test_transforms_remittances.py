"""Remittance reshaping: measures and vintages, world ranks, sending shares, costs and the numbers behind sentences."""
from functools import partial

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.countries import CENTRAL_ASIA, FOCUS, name
from loaders.datasets import load
from transforms import remittances as rm
from ui.i18n import translate

# The snapshot's vintages, as the transforms read them from the frames (a test below checks they are these).
LATEST, OFFICIAL, PAID_IN = "2026-07-01", "2023-05-10", "2023-05-10"


@pytest.fixture(scope="module")
def snap():
    """The real snapshot tables this page reads."""
    names = ("wdi_series", "world_pct_gdp", "bilateral_remittances", "corridor_costs", "cost_by_country",
             "migrant_stock", "tip_tiers")
    return {n: load(n)[0] for n in names}


def test_tajikistan_2024_computed_share_is_47_15_percent_and_first_of_160(snap):
    ranked = rm.ranks(snap["world_pct_gdp"], LATEST, 2024)
    tjk = rm.rank_of(ranked, "TJK")
    assert tjk["value"] == pytest.approx(47.153119, abs=1e-6)
    assert (tjk["rank"], tjk["n"], tjk["flag"]) == (1, 160, "computed")


@pytest.mark.parametrize("vintage, year", [(LATEST, 2024), (LATEST, 2015), (OFFICIAL, 2021)])
def test_ranks_count_economies_only_never_regions_or_income_groups(snap, vintage, year):
    world = snap["world_pct_gdp"]
    ranked = rm.ranks(world, vintage, year)
    aggregates = set(world[world["is_aggregate"]]["iso3"])
    assert not set(ranked["iso3"]) & aggregates
    expected = world[(world["vintage"] == vintage) & (world["year"] == year) & ~world["is_aggregate"]]["value"].notna().sum()
    assert len(ranked) == ranked["n"].iloc[0] == expected
    assert list(ranked["rank"]) == list(range(1, len(ranked) + 1))
    assert ranked["value"].is_monotonic_decreasing


@pytest.mark.parametrize("vintage, minimum, expected", [(LATEST, 150, 2024), (OFFICIAL, 150, 2021),
                                                        (LATEST, 178, 2016), (LATEST, 10_000, 2014)])
def test_the_default_ranking_year_is_the_latest_with_broad_coverage(snap, vintage, minimum, expected):
    assert rm.broad_year(snap["world_pct_gdp"], vintage, minimum) == expected


@pytest.mark.parametrize("measure, vintage, expected_vintage", [
    ("pct", LATEST, LATEST), ("pct", OFFICIAL, OFFICIAL), ("usd", OFFICIAL, LATEST),
    ("per_person", OFFICIAL, LATEST), ("paid", LATEST, PAID_IN)])
def test_each_measure_draws_exactly_one_vintage(snap, measure, vintage, expected_vintage):
    used = rm.measure_vintage(measure, vintage, snap["wdi_series"])
    series = rm.measure_series(snap["wdi_series"], snap["world_pct_gdp"], measure, used)
    assert used == expected_vintage and set(series["vintage"]) == {expected_vintage}


@pytest.mark.parametrize("measure, iso3, year, expected", [
    ("pct", "TJK", 2024, 47.153119), ("usd", "TJK", 2024, None), ("paid", "RUS", 2021, 16.81955)])
def test_measures_are_in_display_units(snap, measure, iso3, year, expected):
    wdi = snap["wdi_series"]
    series = rm.measure_series(wdi, snap["world_pct_gdp"], measure, rm.measure_vintage(measure, LATEST, wdi))
    raw = wdi[(wdi["iso3"] == iso3) & (wdi["year"] == year) & (wdi["indicator_code"] == rm.USD)]["value"]
    want = expected if expected is not None else raw.item() / 1e9
    assert rm.value_in(series, iso3, year) == pytest.approx(want, rel=1e-6)


def test_us_dollars_per_person_divide_remittances_by_population_of_the_same_vintage_and_say_computed(snap):
    wdi = snap["wdi_series"]
    pick = lambda code: wdi.query("iso3 == 'TJK' and year == 2024 and indicator_code == @code")["value"].item()  # noqa: E731
    series = rm.per_person(wdi)
    assert rm.value_in(series, "TJK", 2024) == pytest.approx(pick(rm.USD) / pick(rm.POP))
    assert set(series["flag"]) == {"computed"}


@pytest.mark.parametrize("measure, vintage, years, aggregates, missing", [
    ("pct", LATEST, (2020, 2024), ["WLD", "ECS"], []),  # aggregates have no computed ratio
    ("pct", OFFICIAL, (2020, 2021), [], []),
    ("usd", LATEST, (2020, 2024), [], ["TON"]),  # only % of GDP is held for other economies
    ("pct", OFFICIAL, (2023, 2024), [], ["TJK", "WLD", "ECS", "TON"]),  # the official series stops in 2021
])
def test_chosen_codes_without_values_are_reported_not_dropped_silently(snap, measure, vintage, years, aggregates, missing):
    dep = rm.dependence(snap["wdi_series"], snap["world_pct_gdp"], measure, vintage, ["TJK", "WLD", "ECS", "TON", "TKM"], years)
    assert (dep["aggregates"], dep["missing"]) == (aggregates, missing)  # Turkmenistan gets its own explanation


def test_a_view_keeps_the_chosen_countries_in_the_chosen_order_and_years():
    frame = pd.DataFrame({"iso3": ["KAZ", "TJK", "TJK", "KAZ"], "year": [2001, 2000, 2001, 2000], "value": [1, 2, 3, 4],
                          "vintage": "v", "flag": "official"})
    view = rm.in_view(frame, ["TJK", "KAZ"], (2001, 2001))
    assert list(zip(view["iso3"], view["year"])) == [("TJK", 2001), ("KAZ", 2001)]


def test_sending_shares_of_each_receiver_add_up_to_one_hundred(snap):
    shares = rm.source_shares(snap["bilateral_remittances"])
    assert shares.groupby("iso3")["share"].sum().to_dict() == pytest.approx({c: 100.0 for c in set(shares["iso3"])})


@pytest.mark.parametrize("iso3, source, expected", [("UZB", "RUS", 100.0), ("TKM", "RUS", 100.0), ("KAZ", "KAZ", 0.0),
                                                    ("TJK", "RUS", 100 * 1686.574 / 2219.699)])
def test_sending_shares_match_the_modelled_estimates(snap, iso3, source, expected):
    shares = rm.source_shares(snap["bilateral_remittances"]).set_index(["iso3", "source"])
    assert shares.at[(iso3, source), "share"] == pytest.approx(expected, rel=1e-4)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["RUS", "KAZ", "DEU", "UKR"]), st.sampled_from(list(CENTRAL_ASIA)),
                          st.floats(0.01, 1e4)), min_size=1, max_size=20))
def test_shares_always_add_up_to_one_hundred_for_any_flows(rows):
    frame = pd.DataFrame(rows, columns=["sender_iso3", "receiver_iso3", "value"]).assign(year=2017)
    frame = frame[frame["sender_iso3"] != frame["receiver_iso3"]]
    if frame.empty:
        return
    sums = rm.source_shares(frame, receivers=CENTRAL_ASIA).groupby("iso3")["share"].sum()
    assert all(abs(s - 100) < 1e-6 for s in sums)


def test_corridor_costs_from_russia_cover_four_countries_and_not_turkmenistan(snap):
    corridors = rm.corridor_series(snap["corridor_costs"])
    assert sorted(set(corridors["iso3"])) == ["KAZ", "KGZ", "TJK", "UZB"]
    q3 = corridors[(corridors["year"] == 2019) & (corridors["quarter"] == 3)]
    assert set(q3["x"]) == {2019.5}


def test_the_cheapest_corridor_is_read_from_the_latest_quarter():
    frame = pd.DataFrame({"iso3": ["KAZ", "TJK", "KAZ", "TJK"], "year": [2020] * 4, "quarter": [2, 2, 3, 3],
                          "x": [2020.25, 2020.25, 2020.5, 2020.5], "value": [1.0, 5.0, 2.5, 3.5]})
    assert rm.cheapest(frame) == {"iso3": "KAZ", "value": 2.5, "year": 2020, "quarter": 3, "met": 1, "n": 2}


@pytest.mark.parametrize("costs, met", [([3.0, 3.5], 0), ([2.99, 3.0], 1), ([2.0, 2.5], 2)])
def test_the_sdg_target_is_met_only_below_three_percent_never_at_exactly_three(costs, met):
    frame = pd.DataFrame({"iso3": ["KAZ", "TJK"], "year": [2020] * 2, "quarter": [3, 3], "x": [2020.5] * 2, "value": costs})
    assert rm.cheapest(frame)["met"] == met


def test_average_costs_hold_sending_to_each_country_and_from_russia(snap):
    costs = rm.cost_series(snap["cost_by_country"])
    assert set(costs[costs["direction"] == "from"]["iso3"]) == {"RUS"}
    assert set(costs[costs["direction"] == "to"]["iso3"]) == {"KAZ", "KGZ", "TJK", "UZB"}


@pytest.mark.parametrize("years, expected", [([1996], [(1996, 1996)]), ([2010, 1996, 2011, 2012], [(1996, 1996), (2010, 2012)]),
                                             ([], [])])
def test_years_collapse_into_runs(years, expected):
    assert rm.year_spans(years) == expected


@pytest.mark.parametrize("years, keys", [((1970, 2024), ["gfc", "ruble", "covid", "war"]), ((2015, 2019), ["ruble"]),
                                         ((1990, 2008), [])])
def test_only_shocks_inside_the_year_range_are_marked(years, keys):
    assert [s.key for s in rm.shocks_in(years)] == keys


def test_latest_value_carries_the_change_from_the_year_before_only_when_that_year_exists(snap):
    series = rm.indicator(snap["wdi_series"], rm.PCT, LATEST)
    tjk, tkm = rm.latest_with_change(series, "TJK"), rm.latest_with_change(series, "TKM")
    assert (tjk["year"], tjk["flag"]) == (2024, "computed")
    assert tjk["change"] == pytest.approx(47.153119 - 37.844578, abs=1e-5)
    assert (tkm["year"], tkm["change"]) == (1996, None)


def test_change_since_a_base_year_leaves_out_countries_without_both_values():
    frame = pd.DataFrame({"iso3": ["KAZ", "KAZ", "UZB"], "year": [2005, 2024, 2024], "value": [1.0, 3.0, 9.0], "flag": "x"})
    out = rm.change_since(frame, 2005)
    assert out[["iso3", "start", "end", "change", "year"]].values.tolist() == [["KAZ", 1.0, 3.0, 2.0, 2024]]


def test_key_figures_name_the_most_dependent_central_asian_country_with_its_world_rank(snap):
    kf = rm.key_figures(snap["world_pct_gdp"], snap["wdi_series"], 2005)
    assert (kf["year"], kf["n"], kf["top"]["iso3"], kf["top"]["rank"], kf["top10"]) == (2024, 160, "TJK", 1, ["TJK"])
    assert kf["paid"]["year"] == 2021


def test_the_default_base_year_is_when_every_country_with_a_current_value_has_data(snap):
    years, default = rm.base_years(snap["world_pct_gdp"])
    assert default == 2005 and default in years and max(years) < 2024


@pytest.mark.parametrize("origin, destinations, complete", [("TJK", ["RUS", "DEU"], True), ("RUS", ["KAZ", "UZB"], False),
                                                            ("TKM", [], False)])
def test_an_emigrant_total_counts_as_complete_only_when_destinations_reach_beyond_the_region(origin, destinations, complete):
    stock = pd.DataFrame({"origin_iso3": origin, "destination_iso3": destinations, "year": 2020,
                          "value": [10.0] * len(destinations)})
    found = rm.emigrants(stock, origin)
    assert (found["complete"], found["total"], found["destinations"]) == (complete, 10.0 * len(destinations), len(destinations))


@pytest.mark.parametrize("iso3", ["KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS"])
@pytest.mark.parametrize("year", [None, 2020])
def test_emigrants_of_each_country_sum_the_snapshot_rows_of_the_latest_year_or_the_one_asked_for(snap, iso3, year):
    shown = year or 2024  # the latest year of the 2024 revision
    raw = pd.read_csv("data/migration/ims2024_bilateral_by_sex.csv").query("origin_iso3 == @iso3 and year == @shown")
    found = rm.emigrants(snap["migrant_stock"], iso3, year)
    assert found["total"] == raw["value"].sum() and found["complete"] and found["year"] == shown
    assert found["destinations"] == raw.loc[raw["value"] > 0, "destination_iso3"].nunique()  # a 0 row is no destination


@pytest.mark.parametrize("iso3, year, tier", [("RUS", 2025, "Tier 3"), ("KGZ", 2025, "Tier 2 Watch List")])
def test_the_latest_tip_tier_is_the_newest_report(snap, iso3, year, tier):
    assert rm.latest_tier(snap["tip_tiers"], iso3) == {"year": year, "tier": tier}


def test_labels_fill_names_notes_and_when_from_templates():
    frame = pd.DataFrame({"iso3": ["TJK"], "year": [2020], "quarter": [3], "value": [1.0], "flag": ["computed"]})
    out = rm.labelled(frame, {"TJK": "Таджикистан"}, {"computed": "расчёт"}, when="{quarter} кв. {year}")
    assert out.iloc[0][["name", "note", "when"]].tolist() == ["Таджикистан", "расчёт", "3 кв. 2020"]


@pytest.mark.parametrize("text, expected", [("2026-07-01 (remittances ...); 2023-05-10", "2026-07-01"), ("April 2018", "April 2018")])
def test_the_snapshot_date_is_the_first_date_in_the_provenance(text, expected):
    assert rm.first_date(text) == expected


def test_map_values_take_one_year_so_a_stale_value_never_passes_for_a_current_one(snap):
    series = rm.indicator(snap["wdi_series"], rm.PCT, LATEST)
    year = rm.latest_common_year(series)
    values = rm.values_in_year(series, year)
    assert year == 2024 and "TKM" not in set(values["iso3"]) and len(values) == 5


# Text for the page: formats and sentences, worded by a `say` that stands in for t().

def fake_say(key, **values):
    """A stand-in for t(): the key and its values, so tests see what would be translated."""
    return key + (str(sorted(values.items())) if values else "")


def say_in(lang):
    """The real catalogue in one language, as the page's t() would word it."""
    return partial(translate, lang=lang)


@pytest.mark.parametrize("value, lang, digits, expected", [
    (47.153119, "en", None, "47.2%"), (47.153119, "ru", None, "47,2\u00a0%"), (0.0812, "en", None, "0.08%"),
    (-0.5, "ru", None, "-0,50\u00a0%"), (3.0, "en", 0, "3%"), (1.2345, "ru", 2, "1,23\u00a0%")])
def test_shares_take_two_digits_under_one_percent_and_the_languages_decimal_mark(value, lang, digits, expected):
    assert rm.share_text(value, lang, digits) == expected


@pytest.mark.parametrize("value, lang, expected", [(9.3087, "en", "+9.3"), (-0.456, "ru", "-0,46"), (0.0, "en", "0.00"),
                                                   (12.25, "ru", "+12,2")])
def test_changes_carry_their_sign_and_two_digits_under_one_point(value, lang, expected):
    assert rm.signed_text(value, lang) == expected


@pytest.mark.parametrize("years, expected", [([1996, 2010, 2011, 2012], "1996, 2010–2012"), ([2001], "2001"), ([], "")])
def test_years_are_written_as_runs(years, expected):
    assert rm.spans_text(years) == expected


def test_countries_are_listed_by_name_in_the_order_given():
    assert rm.listed(["UZB", "TJK"], {"TJK": "Таджикистан", "UZB": "Узбекистан"}) == "Узбекистан, Таджикистан"


@pytest.mark.parametrize("measure, value, lang, expected", [
    ("pct", 47.153119, "ru", "47,2\u00a0%"), ("usd", 3.2, "en", "US$ 3.20 bn"), ("paid", 16.81955, "ru", "16,82 млрд долл. США"),
    ("per_person", 1234.4, "en", "remit.value.per_person[('value', '1,234')]")])
def test_each_measure_is_worded_in_its_unit(measure, value, lang, expected):
    assert rm.measure_text(measure, value, lang, fake_say) == expected


@pytest.mark.parametrize("measure, computed_key", [("pct", "remit.note.computed_pct"), ("usd", "remit.note.computed_pct"),
                                                   ("per_person", "remit.note.computed_per_person")])
def test_hover_notes_say_how_a_computed_value_was_made_and_which_vintage_it_is(measure, computed_key):
    notes = rm.flag_notes(measure, LATEST, fake_say)
    assert notes == {"computed": f"{computed_key}[('vintage', '{LATEST}')]",
                     "official": f"remit.note.official[('vintage', '{LATEST}')]", "disputed": "remit.note.disputed"}


@pytest.mark.parametrize("lang, top_fact, paid_fact", [
    ("en", "In 2024, Tajikistan received remittances worth 47.2% of its GDP: 1st of 160 economies in the world.",
     "Remittances paid out of Russia, the main sending country: US$ 16.82 bn in 2021"),
    ("ru", "47,2\u00a0%", "16,82\u00a0млрд долл. США")])
def test_key_facts_word_the_snapshots_figures_in_the_readers_language(snap, lang, top_fact, paid_fact):
    names = {c: name(c, lang) for c in CENTRAL_ASIA}
    figures = rm.key_figures(snap["world_pct_gdp"], snap["wdi_series"], 2005)
    facts = rm.key_facts(figures, 2005, names, lang, say_in(lang))
    assert top_fact in facts[0] and paid_fact in facts[-1]
    assert len(facts) == 2 + len(figures["changes"]) + 1  # top, top 10, one change per country, Russia's outflow


def test_without_a_change_to_show_the_facts_say_so():
    empty = pd.DataFrame(columns=["iso3", "start", "end", "year", "change", "base"])
    assert rm.change_facts(empty, 2005, {}, "en", fake_say) == ["remit.fact_change_none[('base', 2005)]"]


def test_the_dependence_summary_names_the_highest_value_in_the_last_year_or_says_there_is_none():
    shown = pd.DataFrame({"iso3": ["TJK", "KGZ", "KGZ"], "name": ["Tajikistan", "Kyrgyz Republic", "Kyrgyz Republic"],
                          "year": [2023, 2023, 2024], "value": [50.0, 20.0, 18.0]})
    assert rm.dependence_summary(shown, "pct", "en", fake_say) == (
        "remit.dep_summary[('country', 'Kyrgyz Republic'), ('value', '18.0%'), ('year', 2024)]")
    assert rm.dependence_summary(shown.iloc[0:0], "pct", "en", fake_say) == "remit.dep_summary_none"


@pytest.mark.parametrize("aggregates, missing, codes, tkm_years, expected", [
    ([], [], ["TJK"], [], []),
    (["WLD"], ["TON"], ["WLD", "TON"], [], ["remit.gap_aggregates", "remit.gap_no_values"]),
    ([], [], ["TKM"], [1996, 2010, 2011], ["remit.gap_tkm[('years', '1996, 2010–2011')]"]),
    ([], [], ["TKM"], [], ["remit.gap_tkm_none"]),
])
def test_every_gap_in_the_dependence_chart_is_said(aggregates, missing, codes, tkm_years, expected):
    series = pd.DataFrame({"iso3": "TKM", "year": tkm_years, "value": 1.0})
    dep = {"series": series, "aggregates": aggregates, "missing": missing, "official": OFFICIAL}
    notes = rm.dependence_gaps(dep, codes, LATEST, {"WLD": "World", "TON": "Tonga"}, fake_say)
    assert [n if "tkm" in n else n.split("[")[0] for n in notes] == expected


def test_the_ranking_is_labelled_summarised_and_worded_per_central_asian_country(snap):
    ranked = rm.ranks(snap["world_pct_gdp"], LATEST, 2024)
    names = {c: name(c) for c in set(ranked["iso3"]) | set(CENTRAL_ASIA)}
    notes = rm.flag_notes("pct", LATEST, fake_say)
    view = rm.rank_labels(rm.labelled(rm.ranking_view(ranked), names, notes), "en", say_in("en"))
    first, last = view.iloc[0], view.iloc[-1]
    assert (first["label"], first["text"], last["label"]) == ("1. Tajikistan", "47.2%", "149. Kazakhstan")
    summary = rm.rank_summary(view, ranked, 2024, "en", say_in("en"))
    assert summary.startswith("Tajikistan ranks first of 160 economies in 2024 with 47.2% of GDP")
    lines = rm.rank_lines(ranked, names, 2024, "en", say_in("en"))
    assert lines[0] == "Kazakhstan: 149th of 160 (0.08% of GDP)" and lines[3].startswith("Turkmenistan: no value in 2024")


def test_sending_shares_are_worded_as_modelled_with_amounts_in_millions(snap):
    names = {c: name(c, "ru") for c in set(FOCUS)}
    shares = rm.source_view(snap["bilateral_remittances"], names, "ru", say_in("ru"))
    tjk = shares[(shares["iso3"] == "TJK") & (shares["source"] == "RUS")].iloc[0]
    assert tjk["source_name"] == translate("remit.src.from", "ru", country=names["RUS"])
    assert "1\xa0686,6\xa0млн долл. США" in tjk["amount"]
    assert tjk["note"] == translate("remit.note.modelled", "ru", year=2017)
    summary = rm.source_summary(shares, names, "ru", fake_say)
    assert summary == "remit.src.summary[('country', 'KGZ'), ('share', '76,6\\xa0%')]"  # declined by the message
    assert rm.source_summary(shares, names, "ru", say_in("ru")) == (
        "По модельной оценке, наибольшая доля переводов из России\u00a0— у Кыргызстана: 76,6\u00a0%.")


@pytest.mark.parametrize("lang, quarter, sending, summary, average", [
    ("en", "Q1 2011", {"from": {"From Russia"}, "to": {"To Kazakhstan", "To the Kyrgyz Republic", "To Tajikistan",
                                                       "To Uzbekistan"}},
     "In Q3 2020, the cheapest corridor from Russia was to Kazakhstan at 1.40% of the amount sent; "
     "4 of 4 corridors were below the SDG 10.c target of 3%.",
     "In 2020, sending money from Russia cost 1.94% of the amount sent on average; sending to Tajikistan from all "
     "senders cost 7.21%, the highest of the countries shown."),
    ("ru", "I\u00a0кв. 2011\u00a0г.", {"from": {"Из России"}, "to": {"В Казахстан", "В Кыргызстан", "В Таджикистан",
                                                                   "В Узбекистан"}},
     "В III\u00a0кв. 2020\u00a0г. дешевле всего обходился перевод из России в Казахстан: 1,40\u00a0% от суммы перевода; "
     "задаче 10.c ЦУР (менее 3\u00a0%) соответствовали 4 коридора из 4.",
     "В 2020\u00a0г. перевод из России в среднем стоил 1,94\u00a0% от суммы перевода; перевод в Таджикистан из всех "
     "стран\u00a0— 7,21\u00a0%, дороже всего среди показанных стран."),
])
def test_cost_lines_are_named_by_direction_and_summarised_against_the_target(snap, lang, quarter, sending, summary,
                                                                             average):
    names = {c: name(c, lang) for c in FOCUS}
    corridors = rm.corridor_view(snap["corridor_costs"], names, say_in(lang), lang)
    avg = rm.average_view(snap["cost_by_country"], names, say_in(lang), lang)
    assert corridors["when"].iloc[0] == quarter
    assert {d: set(avg.loc[avg["direction"] == d, "name"]) for d in sending} == sending
    assert rm.corridor_summary(corridors, names, lang, say_in(lang)) == summary
    assert rm.average_summary(avg, lang, say_in(lang)) == average


# Remittances paid: the 2025-02 extract as its own dataset; Russia's values from 2022 on are disputed.

@pytest.fixture(scope="module")
def paid():
    """The remittances-paid extract (WDI, 2025-02)."""
    return load("remittances_paid")[0]


def test_the_outflows_read_the_extract_in_its_own_vintage_when_it_is_given(snap, paid):
    wdi, world = snap["wdi_series"], snap["world_pct_gdp"]
    assert rm.measure_vintage("paid", LATEST, wdi, paid) == "2025-02"
    series = rm.measure_series(wdi, world, "paid", LATEST, paid)
    assert set(series["vintage"]) == {"2025-02"}
    assert rm.value_in(series, "RUS", 2023) == pytest.approx(7.4224843292) and rm.last_year(series, "KGZ") == 2022
    assert rm.value_in(rm.measure_series(wdi, world, "paid", PAID_IN), "RUS", 2022) is None  # wdi's stops in 2021


@pytest.mark.parametrize("iso3, year, flag", [("RUS", 2021, "official"), ("RUS", 2022, "disputed"),
                                              ("RUS", 2023, "disputed"), ("KAZ", 2023, "official"),
                                              ("TJK", 2022, "official")])
def test_only_russias_outflow_from_2022_on_is_flagged_disputed(snap, paid, iso3, year, flag):
    series = rm.measure_series(snap["wdi_series"], snap["world_pct_gdp"], "paid", LATEST, paid)
    assert series.loc[(series["iso3"] == iso3) & (series["year"] == year), "flag"].item() == flag
    assert rm.disputed_years(series) == [2022, 2023]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["RUS", "KAZ", "TJK"]), st.integers(1990, 2030)), min_size=1, max_size=30,
                unique=True))
def test_a_value_is_disputed_exactly_when_it_is_russias_from_2022_on(rows):
    frame = pd.DataFrame(rows, columns=["iso3", "year"]).assign(value=1.0, flag="official")
    marked = rm.mark_disputed(frame)
    expected = (marked["iso3"] == "RUS") & (marked["year"] >= 2022)
    assert (marked["flag"] == "disputed").tolist() == expected.tolist()


def test_the_caveat_sets_russias_reported_fall_beside_its_receivers_reported_inflows(snap, paid):
    wdi = snap["wdi_series"]
    caveat = rm.paid_caveat(paid, wdi)
    received = rm.indicator(wdi, rm.USD, LATEST)
    inflow = lambda year: received[received["iso3"].isin(["TJK", "KGZ", "UZB"]) & (received["year"] == year)]["value"].sum()  # noqa: E731
    assert (caveat["before"], caveat["after"], caveat["receivers"]) == (2021, 2022, ["TJK", "KGZ", "UZB"])
    assert caveat["before_out"] == pytest.approx(16_819_550_000)
    assert [y for y, _ in caveat["later"]] == [2022, 2023]
    assert [v for _, v in caveat["later"]] == pytest.approx([5_786_942_080.7, 7_422_484_329.2])
    assert (caveat["before_in"], caveat["after_in"]) == (pytest.approx(inflow(2021)), pytest.approx(inflow(2022)))
    assert caveat["after_in"] > caveat["before_in"]  # the receivers' side rose: the reason for the caveat


def test_without_a_disputed_year_there_is_no_caveat(snap, paid):
    assert rm.paid_caveat(paid[paid["year"] <= 2021], snap["wdi_series"]) is None


@pytest.mark.parametrize("lang, words", [
    ("en", ["US$ 16.82 bn in 2021", "US$ 5.79 bn in 2022 and US$ 7.42 bn in 2023", "US$ 15.21 bn in 2021",
            "US$ 24.12 bn in 2022", "the drop is not a fall in money sent"]),
    ("ru", ["16,82 млрд долл. США в 2021 г.", "до 5,79 млрд долл. США в 2022 г. и 7,42 млрд долл. США в 2023 г.",
            "24,12 млрд долл. США в 2022 г.", "Таджикистан, Кыргызстан, Узбекистан",
            "это снижение не означает, что денег стали отправлять меньше"])])
def test_the_caveat_is_worded_with_the_datas_numbers_in_both_languages(snap, paid, lang, words):
    names = {c: name(c, lang) for c in FOCUS}
    text = rm.caveat_text(rm.paid_caveat(paid, snap["wdi_series"]), names, lang, say_in(lang)).replace("\u00a0", " ")
    assert [w for w in words if w not in text] == []


def test_key_figures_give_russias_last_undisputed_outflow_from_the_extract_and_its_caveat(snap, paid):
    kf = rm.key_figures(snap["world_pct_gdp"], snap["wdi_series"], 2005, paid=paid)
    assert (kf["paid"]["year"], kf["paid"]["vintage"]) == (2021, "2025-02")
    assert kf["paid"]["value"] == pytest.approx(16_819_550_000) and kf["caveat"]["after"] == 2022
    facts = rm.key_facts(kf | {"paid_label": "WDI, 2025-02 extract"}, 2005, {c: name(c) for c in FOCUS}, "en",
                         say_in("en"))
    assert facts[-2] == ("Remittances paid out of Russia, the main sending country: US$ 16.82 bn in 2021 "
                         "(WDI, 2025-02 extract).")
    assert facts[-1].startswith("Russia's reported outflow falls from US$ 16.82 bn in 2021")


@pytest.mark.parametrize("k, lang, expected", [
    (1, "en", "1 Central Asian country is in the world's top 10 in 2024: Tajikistan."),
    (2, "en", "2 Central Asian countries are in the world's top 10 in 2024: Tajikistan, Tajikistan."),
    (1, "ru", "1 страна Центральной Азии входит в мировую десятку в 2024 г.: Таджикистан."),
    (2, "ru", "2 страны Центральной Азии входят в мировую десятку в 2024 г.: Таджикистан, Таджикистан."),
    (5, "ru", "5 стран Центральной Азии входят в мировую десятку в 2024 г.: "
              "Таджикистан, Таджикистан, Таджикистан, Таджикистан, Таджикистан.")])
def test_the_count_of_countries_in_the_top_ten_agrees_with_its_noun(k, lang, expected):
    text = say_in(lang)("remit.fact_top10", year=2024, k=k, names=", ".join([name("TJK", lang)] * k))
    assert text.replace("\u00a0", " ") == expected


def test_a_gap_in_a_table_reads_as_a_dash_never_none_or_nan():
    frame = pd.DataFrame({"iso3": ["TJK", "KGZ"], "value": [1.5, float("nan")], "note": ["x", None]})
    out = rm.table(frame, {"iso3": "ISO3", "value": "Value", "note": "Note"})
    assert out.to_dict("records") == [{"ISO3": "TJK", "Value": 1.5, "Note": "x"}, {"ISO3": "KGZ", "Value": "–", "Note": "–"}]


def test_the_corridors_of_other_senders_into_central_asia_are_named(snap):
    assert rm.other_senders(snap["corridor_costs"]) == ["DEU"]


@pytest.mark.parametrize("first, last, lang, expected", [(1993, 2024, "en", "1993–2024"), (2020, 2020, "en", "2020"),
                                                         (1993, 2024, "ru", "1993–2024 гг."), (2020, 2020, "ru", "2020 г.")])
def test_a_charts_years_are_written_as_a_span(first, last, lang, expected):
    assert rm.span_text(first, last, say_in(lang)).replace("\u00a0", " ") == expected


def test_a_frame_is_read_once_per_question_and_a_new_frame_afresh():
    asked = []
    frame = pd.DataFrame({"value": [1.0]})
    first = rm.read_once(frame, "q", lambda: asked.append(1) or "answer")
    again = rm.read_once(frame, "q", lambda: asked.append(1) or "other")
    other = rm.read_once(frame.copy(), "q", lambda: asked.append(1) or "fresh")
    assert (first, again, other, len(asked)) == ("answer", "answer", "fresh", 2)


def test_a_refreshed_world_frame_gets_its_own_vintages_not_the_previous_frames(snap):
    world = snap["world_pct_gdp"]
    refreshed = world.assign(vintage=world["vintage"].replace("2026-07-01", "2026-12-01"))
    assert rm.world_vintages(world).latest == LATEST and rm.world_vintages(refreshed).latest == "2026-12-01"


@pytest.mark.parametrize("items, lang, expected", [([], "en", ""), (["a"], "en", "a"), (["a", "b"], "en", "a and b"),
                                                   (["a", "b", "c"], "ru", "a, b и c")])
def test_a_list_is_joined_as_a_reader_lists_it(items, lang, expected):
    assert rm.joined(items, say_in(lang)) == expected
