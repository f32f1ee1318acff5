"""Build the committed snapshot in data/ (and geo/countries.csv) from the curated files in ../shared/data.

Run by a developer, never by the app: `python tools/build_snapshot.py [--shared ../shared/data]`.
Figures are carried unchanged; `quote` columns are dropped (other publications' sentences stay out).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loaders.snapshot import write_sidecar  # noqa: E402

ACCESSED = "2026-11-28"
FOCUS = ["KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS"]
CC_BY = "CC BY 4.0"
WDI_A = {
    "publisher": "World Bank",
    "dataset": "World Development Indicators (via Datahub mirror datasets/world-development-indicators, monthly API refresh)",
    "vintage": "2026-07-01",
    "url": "https://data.worldbank.org/ ; datasets/world-development-indicators@4ebec5a2273f531ba238a34dbe440394dc5a6c4b:indicators/<code>/data.csv",
}
WDI_B = {
    "publisher": "World Bank",
    "dataset": "World Development Indicators, bulk-download Excel files",
    "vintage": "2023-05-10",
    "url": "kietnguyen01/Remittance-Fees-Analysis@49c9aa819ad08d8be0bd451ee8e3ef7aafe65ef1:data/remittance/",
}
DERIVED = "BX.TRF.PWKR.DT.GD.ZS_DERIVED"
PCT = "BX.TRF.PWKR.DT.GD.ZS"
VINTAGE_OF = {  # indicator code in shared/ -> vintage (SOURCES.md: A or B)
    "BX.TRF.PWKR.CD.DT": "2026-07-01", "NY.GDP.MKTP.CD": "2026-07-01", "SP.POP.TOTL": "2026-07-01",
    "SM.POP.NETM": "2026-07-01", "SM.POP.TOTL": "2026-07-01", DERIVED: "2026-07-01",
    PCT: "2023-05-10", "BM.TRF.PWKR.CD.DT": "2023-05-10",
}
RU_OVERRIDES = {"KGZ": "Кыргызстан", "TKM": "Туркменистан", "RUS": "Россия", "WLD": "Мир",
                "ECS": "Европа и Центральная Азия", "ECA": "Европа и Центральная Азия (без стран с высоким доходом)",
                "CHI": "Нормандские острова", "XKX": "Косово", "MDA": "Молдова", "BLR": "Беларусь"}
EN_OVERRIDES = {"RUS": "Russia", "ECS": "Europe & Central Asia", "KOR": "South Korea", "PRK": "North Korea",
                "IRN": "Iran", "EGY": "Egypt", "SYR": "Syria", "YEM": "Yemen", "VEN": "Venezuela",
                "GMB": "The Gambia", "BHS": "The Bahamas", "LAO": "Laos", "HKG": "Hong Kong SAR, China",
                "MAC": "Macao SAR, China", "FSM": "Micronesia", "CZE": "Czechia", "SVK": "Slovakia",
                "TUR": "Türkiye", "KOS": "Kosovo"}
CODE_FIXES = {"SUD": "SDN"}  # the republished UN DESA matrix used a non-ISO code for Sudan
FOCUS_COLOURS = {"KAZ": "#0072B2", "KGZ": "#E69F00", "TJK": "#009E73", "TKM": "#CC79A7", "UZB": "#D55E00", "RUS": "#56B4E9"}


def write(frame: pd.DataFrame, rel: str, meta: dict) -> None:
    """Write one CSV into data/ with its sidecar."""
    path = ROOT / "data" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n")
    write_sidecar(path, {"accessed": ACCESSED, "mode": "snapshot", **meta})
    print(f"{rel}: {len(frame)} rows")


def wdi_series(shared: Path) -> pd.DataFrame:
    """Tidy WDI series for the focus countries and aggregates, one vintage per row, computed ratios flagged."""
    df = pd.read_csv(shared / "wdi/wdi_central_asia.csv")
    df["vintage"] = df.indicator_code.map(VINTAGE_OF)
    df["flag"] = (df.indicator_code == DERIVED).map({True: "computed", False: ""})
    df["indicator_code"] = df.indicator_code.replace({DERIVED: PCT})
    out = df[["iso3", "indicator_code", "year", "value", "vintage", "flag"]]
    return out.sort_values(["indicator_code", "vintage", "iso3", "year"]).reset_index(drop=True)


def world_ranking(shared: Path) -> pd.DataFrame:
    """Remittances as % of GDP for every economy and aggregate, both vintages, aggregates marked."""
    meta = pd.read_csv(shared / "wdi/wdi_country_metadata.csv")
    agg = dict(zip(meta.iso3, meta.is_aggregate.astype(bool)))
    off = pd.read_csv(shared / "wdi/remittances_pct_gdp_all_countries.csv").assign(vintage="2023-05-10", flag="")
    der = pd.read_csv(shared / "wdi/remittances_pct_gdp_all_countries_derived.csv").assign(vintage="2026-07-01", flag="computed")
    df = pd.concat([off, der], ignore_index=True)
    df["is_aggregate"] = df.iso3.map(agg).fillna(False).astype(bool)
    out = df[["iso3", "year", "value", "vintage", "flag", "is_aggregate"]]
    return out.sort_values(["vintage", "iso3", "year"]).reset_index(drop=True)


def country_table(shared: Path) -> pd.DataFrame:
    """One table of every code the snapshot uses: ISO3, WB/ISO2 code, English and Russian names, point, colour."""
    feats = json.loads((shared / "geo/countries.geojson").read_text(encoding="utf-8"))["features"]
    ne = pd.DataFrame([f["properties"] for f in feats])
    ne = ne.drop_duplicates("ISO_A3").set_index("ISO_A3")
    wb = pd.read_csv(shared / "wdi/wdi_country_metadata.csv").set_index("iso3")
    caps = pd.read_csv(shared / "geo/capitals.csv").set_index("iso3")
    codes = sorted(set(ne.index) | set(wb.index))
    rows = [_country_row(c, ne, wb, caps) for c in codes]
    return pd.DataFrame(rows)


def _country_row(code: str, ne: pd.DataFrame, wb: pd.DataFrame, caps: pd.DataFrame) -> dict:
    """Build one row of the country table."""
    n = ne.loc[code] if code in ne.index else None
    en = EN_OVERRIDES.get(code) or (wb.loc[code, "country"] if code in wb.index else n["NAME_EN"])
    ru = RU_OVERRIDES.get(code) or (n["NAME_RU"] if n is not None else en)
    iso2 = n["ISO_A2"] if n is not None and n["ISO_A2"] not in ("-99", None) else ""
    if code in caps.index:
        lat, lon, kind, cap = caps.loc[code, "lat"], caps.loc[code, "lon"], "capital", caps.loc[code, "capital"]
    elif n is not None:
        lat, lon, kind, cap = n["LABEL_Y"], n["LABEL_X"], "label", ""
    else:
        lat = lon = None
        kind = cap = ""
    aggregate = bool(wb.loc[code, "is_aggregate"]) if code in wb.index else False
    return {"iso3": code, "iso2": iso2, "name_en": en, "name_ru": ru, "capital_en": cap,
            "lat": lat, "lon": lon, "point": kind, "is_aggregate": aggregate,
            "focus": code in FOCUS, "colour": FOCUS_COLOURS.get(code, "")}


def build(shared: Path) -> None:
    """Write every snapshot file."""
    write(wdi_series(shared), "wdi/wdi_series.csv", {
        **WDI_A, "vintage": "2026-07-01 (remittances received US$, GDP, population, net migration, migrant stock, computed % of GDP); 2023-05-10 (official % of GDP, remittances paid)",
        "dataset": "World Development Indicators: remittances, GDP, population, migration (KAZ, KGZ, TJK, TKM, UZB, RUS, WLD, ECS, ECA)",
        "url": WDI_A["url"] + " ; " + WDI_B["url"],
        "licence": CC_BY,
        "gaps": [
            "Turkmenistan: remittances received (US$) only for 1996; official % of GDP 1996 and 2010-2019; remittances paid 1996-1997 only.",
            "Official % of GDP (BX.TRF.PWKR.DT.GD.ZS) and remittances paid stop at 2021 (vintage 2023-05-10).",
            "Rows flagged 'computed' are 100 x BX.TRF.PWKR.CD.DT / NY.GDP.MKTP.CD from the 2026-07 vintage (the World Bank's own definition), computed, not published; aggregates are not computed.",
            "No 2025 remittance value exists in any source found.",
            "Kyrgyz Republic: the 2026-07 vintage gives 17.6% of GDP for 2024, below the ~24% quoted in press reports from earlier vintages.",
        ],
        "notes": "Columns: iso3, indicator_code, year, value, vintage, flag. A chart draws one vintage at a time.",
    })
    write(world_ranking(shared), "wdi/remittances_pct_gdp_world.csv", {
        **WDI_B, "vintage": "2023-05-10 (official, 1970-2021); 2026-07-01 (computed, 1970-2024)",
        "dataset": "Personal remittances, received (% of GDP), every economy and aggregate",
        "url": WDI_B["url"] + "remittances-received-percent-gdp.xls ; " + WDI_A["url"],
        "licence": CC_BY,
        "gaps": ["Lebanon has no 2024 remittance value in the 2026-07 vintage.",
                 "Aggregates (is_aggregate) are excluded from rankings; only the official vintage has aggregate ratios.",
                 "175 economies have a computed 2021 value, 160 a 2024 value."],
        "notes": "Rows flagged 'computed' are 100 x remittances / GDP from the 2026-07 vintage.",
    })
    meta = pd.read_csv(shared / "wdi/wdi_country_metadata.csv")
    write(meta.rename(columns={"country": "name_en"}), "wdi/country_metadata.csv", {
        **WDI_B, "dataset": "World Development Indicators: country metadata (region, income group)",
        "licence": CC_BY, "gaps": [], "notes": "is_aggregate: no World Bank region (World, regions, income groups)."})
    build_migration(shared)
    build_rpw(shared)
    build_tip(shared)
    build_project(shared)
    table = country_table(shared)
    table.to_csv(ROOT / "geo/countries.csv", index=False, lineterminator="\n")
    print(f"geo/countries.csv: {len(table)} rows")


def build_migration(shared: Path) -> None:
    """Bilateral migrant stock, bilateral remittances and labour-migration points."""
    stock = pd.read_csv(shared / "migration/bilateral_migrant_stock.csv")
    stock = stock.rename(columns={"migrants": "value"}).assign(unit="persons")
    stock[["origin_iso3", "destination_iso3"]] = stock[["origin_iso3", "destination_iso3"]].replace(CODE_FIXES)
    write(stock[["origin_iso3", "destination_iso3", "year", "value", "unit"]], "migration/bilateral_migrant_stock.csv", {
        "publisher": "United Nations, Department of Economic and Social Affairs, Population Division",
        "dataset": "International Migrant Stock 2020 (POP/DB/MIG/Stock/Rev.2020), destination by origin, both sexes",
        "vintage": "2020 revision", "licence": "Free to use with attribution (UN DESA)",
        "url": "https://www.un.org/development/desa/pd/content/international-migrant-stock ; X80110/migration-visualization@cb840bd0b4a94cb70dcbb98c59290bb640182d2c:json/stock.json",
        "gaps": ["Pairs with a zero or empty cell are left out (no data cannot be told from zero), e.g. no KGZ->TKM row.",
                 "2020 revision; the 2024 revision was not available.",
                 "Counts people by country of birth (or citizenship), not current labour migrants.",
                 "Sudan's code was given as SUD in the republished matrix; recorded as ISO3 SDN.",
                 "Covers pairs where the origin or the destination is one of the six countries (KAZ, KGZ, TJK, TKM, UZB, RUS); flows between two other countries are not included."],
        "notes": "Mid-year stock, persons; years 1990-2020 every five years.",
    })
    rem = pd.read_csv(shared / "migration/bilateral_remittances.csv")
    rem = rem.rename(columns={"usd_millions": "value"}).assign(unit="US$ million", flag="modelled")
    write(rem[["sender_iso3", "receiver_iso3", "year", "value", "unit", "flag"]], "migration/bilateral_remittances.csv", {
        "publisher": "World Bank / KNOMAD",
        "dataset": "Bilateral Remittance Estimates for 2017 using Migrant Stocks, Host Country Incomes, and Origin Country Incomes (April 2018 version)",
        "vintage": "April 2018 (estimates for 2017)", "licence": "World Bank data (no licence stated in the file; usually CC BY 4.0)",
        "url": "https://www.knomad.org/data/remittances ; hbenveniste/mig-scenarios@38feb3672bc6b8dfd35d1cb047f3b49dccff1109:data/rem_wb/WB_Bilateral_Remittance_Estimates_2017.xlsx",
        "gaps": ["Modelled analytical estimates, not officially reported data.",
                 "One year only (2017).",
                 "Uzbekistan and Turkmenistan inflows are all attributed to Russia: this reflects data limits, not real corridors."],
        "notes": "Money flows from sender to receiver, US$ million.",
    })
    lab = pd.read_csv(shared / "migration/labour_migration_russia.csv")
    write(lab[["year", "origin_iso3", "measure", "value", "period", "reported_by", "source_url"]], "migration/labour_migration_russia.csv", {
        "publisher": "Russian MVD, FSB Border Service, Tajik Ministry of Labour, Kyrgyz State Migration Service (as quoted by news outlets)",
        "dataset": "Published labour-migration figures: entries for work, work patents, registrations, departures",
        "vintage": "figures reported 2016-2025", "licence": "Facts quoted from news reports; cite outlet and agency",
        "url": "source_url column (news.tj, 24.kg, RBC, AKIpress, Sputnik, Kursiv, Kun.uz, Fergana, RIA Novosti, RIAMO)",
        "gaps": ["Scattered figures, not a consistent annual series: periods vary (full year, Jan-Mar, Jan-Jun, Jan-Sep).",
                 "Different measures (entries, patents, registrations) must not be joined into one line.",
                 "The 2018 Uzbekistan entries figure was quoted as '1,573.7 million' [sic]; recorded as 1,573,700.",
                 "Turkmenistan appears once (996 entries for work, Q1 2023).",
                 "origin_iso3 = ALL means all foreign citizens."],
        "notes": "Each row is one published figure with its period and measure.",
    })


def build_rpw(shared: Path) -> None:
    """Remittance Prices Worldwide corridors touching the focus countries, and the WDI cost series."""
    cor = pd.read_csv(shared / "rpw/corridor_costs.csv")
    cor = cor[cor.sending_iso3.isin(FOCUS) | cor.receiving_iso3.isin(FOCUS)]
    cor = cor.rename(columns={"avg_total_cost_pct": "value"})
    write(cor[["sending_iso3", "receiving_iso3", "period", "year", "quarter", "value"]].reset_index(drop=True), "rpw/corridor_costs.csv", {
        "publisher": "World Bank", "dataset": "Remittance Prices Worldwide (Corridors), ATCR.CORR average total cost to remit (% of US$200)",
        "vintage": "2020-12-07 (data to 2020Q3)", "licence": CC_BY,
        "url": "https://remittanceprices.worldbank.org/ ; natesheehan/sdg_10C@3365194021a149cc7971af2fb1b3a0ac63fabf1d:data/36d1ed87-9a2d-41da-8eac-c1c25d45fa65_Data.csv",
        "gaps": ["No corridor into Turkmenistan; none sent from any Central Asian country.",
                 "Nothing after 2020Q3; 2011-2012 are semi-annual (Q1 and Q3 only).",
                 "Only corridors where the sender or receiver is one of the six countries are kept."],
        "notes": "value: average total cost of sending the equivalent of US$200, % of amount sent. SDG 10.c target: 3%.",
    })
    cost = pd.read_csv(shared / "rpw/remittance_cost_by_country_wdi.csv")
    write(cost[["iso3", "indicator_code", "year", "value"]].assign(vintage="2023-05-10"), "rpw/cost_by_country.csv", {
        **WDI_B, "dataset": "WDI SI.RMT.COST.IB.ZS (cost of sending to a country) and SI.RMT.COST.OB.ZS (from a country), %",
        "url": WDI_B["url"] + "sending-cost-to-country.xls ; sending-cost-from-country.xls",
        "licence": CC_BY, "gaps": ["Turkmenistan has no values.", "2011-2020 only."],
        "notes": "Average transaction cost of sending remittances, % of amount sent.",
    })


def build_tip(shared: Path) -> None:
    """TIP Report tiers and reported law-enforcement figures (quotes dropped)."""
    tiers = pd.read_csv(shared / "tip/tip_tiers.csv")
    write(tiers[["iso3", "report_year", "tier", "evidence", "source"]], "tip/tip_tiers.csv", {
        "publisher": "U.S. Department of State", "dataset": "Trafficking in Persons Report, tier placements 2001-2025",
        "vintage": "TIP Reports 2001-2025", "licence": "Public domain (U.S. Government work)",
        "url": "https://www.state.gov/trafficking-in-persons-report/ ; 2001-2015 via andrewheiss/From-the-Trenches-Anti-TIP-NGOs-and-US@475c15ba:data/tip_tiers_orig.csv",
        "gaps": ["No placement found for KGZ 2016, TJK 2016 or RUS 2016.",
                 "No rows for TKM 2001-2008, UZB 2001-2002 or TJK 2001 (most likely not ranked; not checked).",
                 "Waivers and automatic downgrades are not coded."],
        "notes": "evidence: how the placement was read (stated, stated in next report, secondary, compiled dataset).",
    })
    law = pd.read_csv(shared / "tip/tip_law_enforcement.csv")
    write(law[["iso3", "report_year", "reporting_period", "measure", "value", "source"]], "tip/tip_law_enforcement.csv", {
        "publisher": "U.S. Department of State", "dataset": "Trafficking in Persons Report country narratives: reported law-enforcement and victim-identification figures",
        "vintage": "TIP Reports 2016-2025", "licence": "Public domain (U.S. Government work)",
        "url": "source column (state.gov, ecoi.net, refworld.org copies of the narratives)",
        "gaps": ["Sparse: only figures found in the text read are recorded.",
                 "Zero is recorded only where the report says so outright; 'did not report' is never zero.",
                 "reporting_period is a calendar year when the text names one, else the TIP window (April-March)."],
        "notes": "Each value has its report year and reporting period.",
    })


def build_project(shared: Path) -> None:
    """The project's published results (quotes dropped)."""
    res = pd.read_csv(shared / "project/smca_published_results.csv")
    write(res[["country_or_region", "period", "indicator", "value", "unit", "source_url"]], "project/published_results.csv", {
        "publisher": "USAID; Winrock International", "dataset": "Safe Migration in Central Asia (SMICA): published results",
        "vintage": "publications 2020-2024", "licence": "USAID material: public domain; Winrock page: no licence stated",
        "url": "source_url column (winrock.org RFA No. 24-01-KZ; usaid.gov fact sheets and press releases)",
        "gaps": ["No annual or quarterly reports were found: no per-year or per-country indicator tables.",
                 "No per-country split of the cumulative totals.",
                 "'over', 'more than', 'about' values are recorded as the stated number; the unit says so."],
        "notes": "Published figures, regional and cumulative; separate from loaded indicator data.",
    })


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    build(parser.parse_args().shared)
