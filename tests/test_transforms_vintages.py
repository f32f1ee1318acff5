"""Vintages are read from the loaded frames, so a refreshed file (a new vintage, or one equal to an old one) works."""
import math

import pandas as pd
import pytest

from loaders.datasets import load
from transforms import country as tc
from transforms import remittances as rm
from transforms import vintages as tv

WDI, _ = load("wdi_series")
WORLD, _ = load("world_pct_gdp")
STOCK, _ = load("migrant_stock")
TIERS, _ = load("tip_tiers")
NEW = "2026-12-01"
REFRESHED = (tv.USD, "NY.GDP.MKTP.CD", tv.PCT)  # received US$, GDP and computed % of GDP; official rows kept


def refreshed(wdi: pd.DataFrame, vintage: str = NEW, scale: float = 1.01, keep_old: bool = True) -> pd.DataFrame:
    """A frame as a refresh would leave it: received, GDP and computed % of GDP again in a new vintage (values
    scaled, so the test can tell which vintage was read), the official % of GDP and paid rows kept as they were."""
    latest = wdi[(wdi["vintage"] == "2026-07-01") & wdi["indicator_code"].isin(REFRESHED)]
    latest = latest[(latest["indicator_code"] != tv.PCT) | (latest["flag"] == "computed")]
    new = latest.assign(vintage=vintage, value=latest["value"] * scale)
    return pd.concat([wdi if keep_old else wdi.drop(latest.index), new], ignore_index=True)


def refreshed_world(world: pd.DataFrame, vintage: str = NEW, scale: float = 1.01) -> pd.DataFrame:
    """The world % of GDP frame with its computed rows again in a new vintage."""
    computed = world[world["flag"] == "computed"]
    return pd.concat([world, computed.assign(vintage=vintage, value=computed["value"] * scale)], ignore_index=True)


def test_the_snapshots_vintages_are_read_from_it():
    assert tv.of_series(WDI) == tv.Vintages("2026-07-01", "2023-05-10")
    assert tv.of_world(WORLD) == tv.Vintages("2026-07-01", "2023-05-10")
    assert tv.paid_vintage(WDI) == "2023-05-10" and rm.vintages(WORLD) == {"latest": "2026-07-01", "official": "2023-05-10"}


@pytest.mark.parametrize("keep_old", [True, False])
def test_a_refreshed_frame_brings_its_own_latest_vintage_and_keeps_the_official_one(keep_old):
    wdi = refreshed(WDI, keep_old=keep_old)
    assert tv.of_series(wdi) == tv.Vintages(NEW, "2023-05-10")
    assert tv.series_vintage(wdi, "SP.POP.TOTL") == "2026-07-01"  # not refreshed: its own newest


def test_an_official_vintage_equal_to_the_latest_is_read_from_published_rows_only():
    wdi = WDI.copy()
    wdi.loc[wdi["flag"] != "computed", "vintage"] = NEW  # a refresh that stamped every published row alike
    wdi.loc[wdi["flag"] == "computed", "vintage"] = NEW
    assert tv.of_series(wdi) == tv.Vintages(NEW, NEW)
    both = rm.indicator(wdi, tv.PCT, NEW)
    assert not both.duplicated(["iso3", "year"]).any() and set(both["flag"]) == {"computed", "official"}
    published = rm.indicator(wdi, tv.PCT, NEW, published=True)
    assert set(published["flag"]) == {"official"} and published["year"].max() == 2021


@pytest.mark.parametrize("frame, expected", [
    (pd.DataFrame({"vintage": ["2023-05-10", "2025-02", None], "value": [1.0, 2.0, 3.0], "flag": ["", "", ""]}), "2025-02"),
    (pd.DataFrame({"vintage": ["2023-05-10", "2026-07-01"], "value": [1.0, math.nan], "flag": ["", ""]}), "2023-05-10"),
    (pd.DataFrame({"vintage": pd.Series([], dtype=str), "value": pd.Series([], dtype=float)}), None),
])
def test_the_newest_vintage_is_the_latest_date_among_rows_with_a_value(frame, expected):
    assert tv.newest(frame) == expected


def test_one_row_per_country_and_year_prefers_the_computed_value_for_the_latest_view_only():
    rows = pd.DataFrame({"iso3": ["TJK", "TJK", "TJK"], "year": [2021, 2021, 2022], "value": [1.0, 2.0, 3.0],
                         "flag": ["", "computed", "computed"]})
    assert tv.one_per_year(rows)["value"].tolist() == [2.0, 3.0]
    assert tv.one_per_year(rows, prefer_computed=False)["value"].tolist() == [1.0, 3.0]


def test_remittance_key_figures_pick_the_newest_vintage_of_a_refreshed_frame():
    world = refreshed_world(WORLD)
    kf = rm.key_figures(world, refreshed(WDI), 2005)
    assert kf["vintage"] == NEW and kf["year"] == 2024
    assert kf["top"]["iso3"] == "TJK" and kf["top"]["value"] == pytest.approx(47.153119 * 1.01, rel=1e-6)
    assert kf["paid"]["vintage"] == "2023-05-10" and kf["paid"]["year"] == 2021


@pytest.mark.parametrize("measure", rm.MEASURES)
def test_every_dependence_series_of_a_refreshed_frame_draws_one_vintage_with_one_row_per_year(measure):
    wdi, world = refreshed(WDI), refreshed_world(WORLD)
    for key, vintage in rm.vintages(world).items():
        dep = rm.dependence(wdi, world, measure, rm.measure_vintage(measure, vintage, wdi), ["TJK", "KGZ", "WLD"], (1990, 2024))
        series = dep["series"]
        assert series["vintage"].nunique() <= 1 and not series.duplicated(["iso3", "year"]).any()
    usd = rm.measure_series(wdi, world, "usd", rm.measure_vintage("usd", NEW, wdi))
    assert set(usd["vintage"]) == {NEW}


def test_the_ranking_of_a_refreshed_world_frame_reads_the_new_vintage_without_doubled_rows():
    world = refreshed_world(WORLD)
    latest = rm.vintages(world)["latest"]
    ranked = rm.ranks(world, latest, rm.broad_year(world, latest))
    assert latest == NEW and not ranked["iso3"].duplicated().any()
    assert ranked.iloc[0]["iso3"] == "TJK" and ranked.iloc[0]["vintage"] == NEW


@pytest.mark.parametrize("iso3", tc.FOCUS)
def test_country_key_figures_and_messages_of_a_refreshed_frame_pick_the_newest_vintage(iso3):
    wdi, world = refreshed(WDI), refreshed_world(WORLD)
    figures = tc.key_figures(wdi, world, STOCK, TIERS, iso3)
    old = tc.key_figures(WDI, WORLD, STOCK, TIERS, iso3)
    for key in ("usd", "gdp", "pct"):
        if not old[key].missing and not old[key].official:
            assert figures[key].value == pytest.approx(old[key].value * 1.01) and figures[key].year == old[key].year
    assert figures["population"] == old["population"]  # not refreshed: still read, from its own newest vintage
    assert tc.message_facts(wdi, figures, load("corridor_costs")[0], STOCK, iso3)
    assert len(tc.peer_series(wdi, iso3)) and not tc.peer_series(wdi, iso3).duplicated(["iso3", "year"]).any()


def test_turkmenistans_old_official_value_is_still_found_after_a_refresh():
    wdi = refreshed(WDI)
    facts = dict(tc.message_facts(wdi, tc.key_figures(wdi, refreshed_world(WORLD), STOCK, TIERS, "TKM"),
                                  load("corridor_costs")[0], STOCK, "TKM"))
    assert facts["dependence_old_official"]["official_year"] == 2019


def test_nan_values_and_an_empty_frame_do_not_raise():
    wdi = refreshed(WDI)
    wdi.loc[wdi["vintage"] == NEW, "value"] = math.nan  # a refresh whose new rows are all gaps
    assert tv.latest_vintage(wdi) == "2026-07-01"  # a vintage of gaps only is not the newest with data
    empty = WDI.iloc[:0]
    assert tc.series_span(empty, tc.PCT) is None and tc.peer_series(empty, "TJK").empty
    assert tc.latest(empty, "TJK", tc.PCT).missing
