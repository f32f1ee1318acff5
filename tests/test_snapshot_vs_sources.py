"""Figures in the snapshot equal the curated source files they were built from."""
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
])
def test_rebuilding_a_table_from_the_sources_gives_the_committed_snapshot(builder, path):
    committed = pd.read_csv(ROOT / "data" / path, keep_default_na=False)
    rebuilt = builder(SHARED).astype(str).reset_index(drop=True)
    pd.testing.assert_frame_equal(committed.astype(str), rebuilt, check_dtype=False)


@pytest.mark.parametrize("source, snapshot, key, source_col", [
    ("migration/bilateral_migrant_stock.csv", "migration/bilateral_migrant_stock.csv", ["origin_iso3", "destination_iso3", "year"], "migrants"),
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
