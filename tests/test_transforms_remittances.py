"""Remittance reshaping: measures and vintages, world ranks, sending shares, costs and the numbers behind sentences."""
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.countries import CENTRAL_ASIA
from loaders.datasets import load
from transforms import remittances as rm


@pytest.fixture(scope="module")
def snap():
    """The real snapshot tables this page reads."""
    names = ("wdi_series", "world_pct_gdp", "bilateral_remittances", "corridor_costs", "cost_by_country",
             "migrant_stock", "tip_tiers")
    return {n: load(n)[0] for n in names}


def test_tajikistan_2024_computed_share_is_47_15_percent_and_first_of_160(snap):
    ranked = rm.ranks(snap["world_pct_gdp"], rm.LATEST, 2024)
    tjk = rm.rank_of(ranked, "TJK")
    assert tjk["value"] == pytest.approx(47.153119, abs=1e-6)
    assert (tjk["rank"], tjk["n"], tjk["flag"]) == (1, 160, "computed")


@pytest.mark.parametrize("vintage, year", [(rm.LATEST, 2024), (rm.LATEST, 2015), (rm.OFFICIAL, 2021)])
def test_ranks_count_economies_only_never_regions_or_income_groups(snap, vintage, year):
    world = snap["world_pct_gdp"]
    ranked = rm.ranks(world, vintage, year)
    aggregates = set(world[world["is_aggregate"]]["iso3"])
    assert not set(ranked["iso3"]) & aggregates
    expected = world[(world["vintage"] == vintage) & (world["year"] == year) & ~world["is_aggregate"]]["value"].notna().sum()
    assert len(ranked) == ranked["n"].iloc[0] == expected
    assert list(ranked["rank"]) == list(range(1, len(ranked) + 1))
    assert ranked["value"].is_monotonic_decreasing


@pytest.mark.parametrize("vintage, minimum, expected", [(rm.LATEST, 150, 2024), (rm.OFFICIAL, 150, 2021),
                                                        (rm.LATEST, 178, 2016), (rm.LATEST, 10_000, 2014)])
def test_the_default_ranking_year_is_the_latest_with_broad_coverage(snap, vintage, minimum, expected):
    assert rm.broad_year(snap["world_pct_gdp"], vintage, minimum) == expected


@pytest.mark.parametrize("measure, vintage, expected_vintage", [
    ("pct", rm.LATEST, rm.LATEST), ("pct", rm.OFFICIAL, rm.OFFICIAL), ("usd", rm.OFFICIAL, rm.LATEST),
    ("per_person", rm.OFFICIAL, rm.LATEST), ("paid", rm.LATEST, rm.OFFICIAL)])
def test_each_measure_draws_exactly_one_vintage(snap, measure, vintage, expected_vintage):
    used = rm.measure_vintage(measure, vintage)
    series = rm.measure_series(snap["wdi_series"], snap["world_pct_gdp"], measure, used)
    assert used == expected_vintage and set(series["vintage"]) == {expected_vintage}


@pytest.mark.parametrize("measure, iso3, year, expected", [
    ("pct", "TJK", 2024, 47.153119), ("usd", "TJK", 2024, None), ("paid", "RUS", 2021, 16.81955)])
def test_measures_are_in_display_units(snap, measure, iso3, year, expected):
    wdi = snap["wdi_series"]
    series = rm.measure_series(wdi, snap["world_pct_gdp"], measure, rm.measure_vintage(measure, rm.LATEST))
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
    ("pct", rm.LATEST, (2020, 2024), ["WLD", "ECS"], []),  # aggregates have no computed ratio
    ("pct", rm.OFFICIAL, (2020, 2021), [], []),
    ("usd", rm.LATEST, (2020, 2024), [], ["TON"]),  # only % of GDP is held for other economies
    ("pct", rm.OFFICIAL, (2023, 2024), [], ["TJK", "WLD", "ECS", "TON"]),  # the official series stops in 2021
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
    series = rm.indicator(snap["wdi_series"], rm.PCT, rm.LATEST)
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
def test_emigrants_of_each_country_sum_the_2020_snapshot_rows(snap, iso3):
    raw = pd.read_csv("data/migration/bilateral_migrant_stock.csv").query("origin_iso3 == @iso3 and year == 2020")
    found = rm.emigrants(snap["migrant_stock"], iso3)
    assert found["total"] == raw["value"].sum() and found["complete"]


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
    series = rm.indicator(snap["wdi_series"], rm.PCT, rm.LATEST)
    year = rm.latest_common_year(series)
    values = rm.values_in_year(series, year)
    assert year == 2024 and "TKM" not in set(values["iso3"]) and len(values) == 5
