"""Figures in the snapshot equal the curated source files they were built from."""
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is not beside this checkout")

import tools.build_snapshot as build  # noqa: E402


@pytest.mark.parametrize("builder, path", [
    (build.wdi_series, "wdi/wdi_series.csv"),
    (build.world_ranking, "wdi/remittances_pct_gdp_world.csv"),
    (build.migrant_stock_2024, "migration/ims2024_bilateral_by_sex.csv"),
    (build.revision_comparison, "migration/ims_revision_comparison.csv"),
    (build.world_totals, "migration/ims2024_world_totals.csv"),
    (build.remittances_paid, "wdi/remittances_paid_2025-02.csv"),
])
def test_rebuilding_a_table_from_the_sources_gives_the_committed_snapshot(builder, path):
    committed = pd.read_csv(ROOT / "data" / path, keep_default_na=False)
    rebuilt = builder(SHARED).astype(str).reset_index(drop=True)
    pd.testing.assert_frame_equal(committed.astype(str), rebuilt, check_dtype=False)


@pytest.mark.parametrize("source, snapshot, key, source_col", [
    ("migration/ims2024_bilateral_by_sex.csv", "migration/ims2024_bilateral_by_sex.csv", ["origin_iso3", "destination_iso3", "year"], "total"),
    ("wdi/remittances_paid_vintage_2025-02.csv", "wdi/remittances_paid_2025-02.csv", ["iso3", "indicator_code", "year"], "value"),
    ("migration/bilateral_remittances.csv", "migration/bilateral_remittances.csv", ["sender_iso3", "receiver_iso3", "year"], "usd_millions"),
    ("rpw/remittance_cost_by_country_wdi.csv", "rpw/cost_by_country.csv", ["iso3", "indicator_code", "year"], "value"),
    ("tip/tip_law_enforcement.csv", "tip/tip_law_enforcement.csv", ["iso3", "report_year", "reporting_period", "measure"], "value"),
])
def test_snapshot_values_equal_the_source_values(source, snapshot, key, source_col):
    src = pd.read_csv(SHARED / source).replace(build.CODE_FIXES).set_index(key)[source_col].sort_index()
    snap = pd.read_csv(ROOT / "data" / snapshot).set_index(key)["value"].sort_index()
    pd.testing.assert_series_equal(src, snap, check_names=False)


@pytest.mark.parametrize("iso3, year, expected", [("TJK", 2024, 47.15), ("UZB", 2024, 13.66), ("KGZ", 2024, 17.60), ("TJK", 2022, 49.90)])
def test_published_cross_checks_hold_in_the_snapshot(iso3, year, expected):
    wdi = pd.read_csv(ROOT / "data/wdi/wdi_series.csv")
    row = wdi[(wdi.iso3 == iso3) & (wdi.year == year) & (wdi.flag == "computed")]
    assert round(float(row.value.iloc[0]), 2) == expected


IMS2024 = "migration/ims2024_bilateral_by_sex.csv"
SOURCES_C = SHARED / "SOURCES_C.md"


def test_the_2024_revision_source_is_the_file_sources_c_describes():
    digest = hashlib.sha256((SHARED / IMS2024).read_bytes()).hexdigest()
    assert digest == build.IMS2024_SHA256 == "b1ff204c04041a6f6c8d37571461f7e6e191a718737cc50cfe790bd05c4860da"
    assert digest in SOURCES_C.read_text(encoding="utf-8")


@pytest.mark.parametrize("sex", ["female", "male"])
def test_women_and_men_in_the_snapshot_equal_the_source_and_add_up_to_the_total(sex):
    src = pd.read_csv(SHARED / IMS2024).set_index(["origin_iso3", "destination_iso3", "year"])
    snap = pd.read_csv(ROOT / "data" / IMS2024).set_index(["origin_iso3", "destination_iso3", "year"])
    pd.testing.assert_series_equal(src[sex].sort_index(), snap[sex].sort_index())
    assert (snap["female"] + snap["male"] == snap["value"]).all()


@pytest.mark.parametrize("origin, destination, year, column, expected", [
    ("KAZ", "RUS", 2020, "value", 1635008), ("UZB", "RUS", 2020, "value", 871154), ("KAZ", "RUS", 2024, "value", 1321004),
    ("TJK", "RUS", 2024, "female", 169322), ("UZB", "RUS", 2024, "female", 368966), ("OOO", "RUS", 2024, "value", 335177),
])
def test_held_out_corridors_of_the_2024_revision_are_in_the_snapshot(origin, destination, year, column, expected):
    snap = pd.read_csv(ROOT / "data" / IMS2024)
    row = snap[(snap.origin_iso3 == origin) & (snap.destination_iso3 == destination) & (snap.year == year)]
    assert row[column].item() == expected


def test_russias_2024_immigrant_total_is_the_one_sources_c_gives():
    snap = pd.read_csv(ROOT / "data" / IMS2024)
    assert snap[(snap.destination_iso3 == "RUS") & (snap.year == 2024)]["value"].sum() == 7605774


@pytest.mark.parametrize("iso3, share", [("TJK", 42.6), ("UZB", 48.7), ("KAZ", 53.6), ("KGZ", 55.0), ("TKM", 64.1)])
def test_the_female_share_of_emigrants_in_2024_is_the_one_sources_c_gives(iso3, share):
    snap = pd.read_csv(ROOT / "data" / IMS2024).query("origin_iso3 == @iso3 and year == 2024")
    assert round(100 * snap["female"].sum() / snap["value"].sum(), 1) == share


@pytest.mark.parametrize("iso3, measure, rev2020, rev2024", [
    ("KAZ", "corridor", 2558907, 1635008), ("UZB", "corridor", 1146175, 871154),
    ("KAZ", "immigrants", 3459530, 1990268), ("RUS", "immigrants", 11636152, 7297611),
])
def test_the_revision_comparison_sums_both_revisions_files_the_same_way(iso3, measure, rev2020, rev2024):
    table = pd.read_csv(ROOT / "data/migration/ims_revision_comparison.csv")
    row = table[(table.iso3 == iso3) & (table.measure == measure)].iloc[0]
    assert (row.rev2020, row.rev2024) == (rev2020, rev2024)
    old = pd.read_csv(SHARED / "migration/bilateral_migrant_stock.csv").query("year == 2020")
    side = "destination_iso3" if measure == "immigrants" else "origin_iso3"
    rows = old[old[side] == iso3]
    rows = rows[rows.destination_iso3 == "RUS"] if measure == "corridor" else rows
    assert rows["migrants"].sum() == rev2020


def test_the_world_totals_are_the_check_figures_sources_c_gives():
    totals = pd.read_csv(ROOT / "data/migration/ims2024_world_totals.csv").set_index("year")["total"]
    text = SOURCES_C.read_text(encoding="utf-8")
    assert totals.to_dict() == {1990: 153916063, 2020: 275284032, 2024: 304021813}
    assert all(f"{v:,} ({y})" in " ".join(text.split()) for y, v in totals.items())


@pytest.mark.parametrize("year, expected", [(2020, 16872180000.0), (2021, 16819550000.0)])
def test_russias_paid_2020_and_2021_equal_the_official_vintage_already_held(year, expected):
    paid = pd.read_csv(ROOT / "data/wdi/remittances_paid_2025-02.csv").query("iso3 == 'RUS' and year == @year")
    wdi = pd.read_csv(ROOT / "data/wdi/wdi_series.csv")
    held = wdi.query("iso3 == 'RUS' and year == @year and indicator_code == 'BM.TRF.PWKR.CD.DT' and vintage == '2023-05-10'")
    assert paid["value"].item() == held["value"].item() == expected


def test_the_sidecars_of_the_new_files_carry_the_vintage_citation_and_caveats():
    meta = lambda rel: json.loads((ROOT / "data" / f"{rel}.meta.json").read_text(encoding="utf-8"))  # noqa: E731
    stock, paid = meta(IMS2024), meta("wdi/remittances_paid_2025-02.csv")
    assert stock["vintage"] == "2024 revision" and build.IMS2024_CITE in stock["notes"]
    assert build.IMS2024_CITE in " ".join(SOURCES_C.read_text(encoding="utf-8").split())  # cited exactly as given
    assert any("OOO" in g for g in stock["gaps"]) and any("not zero" in g for g in stock["gaps"])
    assert stock["accessed"] == paid["accessed"] == "2026-12-06" and "gdidata" in stock["url"]
    assert paid["vintage"] == "WDI, 2025-02 extract" and any("fall in money sent" in g for g in paid["gaps"])
    assert {"2020 revision", "2024 revision"} <= set(meta("migration/ims_revision_comparison.csv")["vintage"].split(" and "))
