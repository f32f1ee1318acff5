"""Build the committed snapshot in data/ (and geo/countries.csv) from the curated files in ../shared/data.

Run by a developer, never by the app: `python tools/build_snapshot.py [--shared ../shared/data] [--only migration paid]`.
Figures are carried unchanged; `quote` columns are dropped (other publications' sentences stay out).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
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
# Russian short names, cases and prepositional phrases, and the English article, one row per code (hand-edited):
# the Russian names and the case columns of geo/countries.csv come from here, never from the sources.
CASES_FILE = ROOT / "geo" / "country_cases.csv"
CASE_COLUMNS = ["en_article", "ru_gen", "ru_dat", "ru_acc", "ru_ins", "ru_prep", "ru_in", "ru_to", "ru_from"]
EN_OVERRIDES = {"RUS": "Russia", "ECS": "Europe & Central Asia", "KOR": "South Korea", "PRK": "North Korea",
                "IRN": "Iran", "EGY": "Egypt", "SYR": "Syria", "YEM": "Yemen", "VEN": "Venezuela",
                "GMB": "The Gambia", "BHS": "The Bahamas", "LAO": "Laos", "HKG": "Hong Kong SAR, China",
                "MAC": "Macao SAR, China", "FSM": "Micronesia", "CZE": "Czechia", "SVK": "Slovakia",
                "TUR": "Türkiye", "KOS": "Kosovo",
                # areas whose status the US does not recognise: labelled as areas, never as countries
                "CYN": "Northern Cyprus (area)", "SOL": "Somaliland region",
                "OOO": "Other or unknown countries"}  # UN DESA's residual origin code
CODE_FIXES = {"SUD": "SDN"}  # the republished UN DESA matrix used a non-ISO code for Sudan
FOCUS_COLOURS = {"KAZ": "#0072B2", "KGZ": "#E69F00", "TJK": "#009E73", "TKM": "#CC79A7", "UZB": "#D55E00", "RUS": "#56B4E9"}
ACCESSED_C = "2026-12-06"  # files described in SOURCES_C.md
GDIDATA = "iom/gdidata@c9e4cc6"  # the R data package both SOURCES_C files were read from
IMS2024_SHA256 = "b1ff204c04041a6f6c8d37571461f7e6e191a718737cc50cfe790bd05c4860da"  # as SOURCES_C.md gives
IMS2024_CITE = ("United Nations Department of Economic and Social Affairs, Population Division (2024). "
                "International Migrant Stock 2024.")
IMS2020_MIRROR = "X80110/migration-visualization@cb840bd0b4a94cb70dcbb98c59290bb640182d2c:json/stock.json"
UN_DESA = {
    "publisher": "United Nations, Department of Economic and Social Affairs, Population Division",
    "licence": "Free to use with attribution (UN DESA)",
    "url": "https://www.un.org/development/desa/pd/content/international-migrant-stock ; retrieved from "
           f"{GDIDATA}:data/undesa_stocks.rda (R data package, read with the Python package rdata)",
}
STOCK_COLUMNS = ["origin_iso3", "destination_iso3", "year", "value", "female", "male", "unit", "basis",
                 "refugees_included", "imputed"]
WORLD_CHECK = re.compile(r"world totals over all pairs of the full object:\s*(?P<figures>[^\n]+(?:\n[^\n-][^\n]*)*)")


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
    cases = _country_cases()
    codes = sorted(set(ne.index) | set(wb.index) | set(cases.index))
    rows = [_country_row(c, ne, wb, caps) for c in codes]
    return _with_cases(pd.DataFrame(rows), cases)


def _country_cases() -> pd.DataFrame:
    """Read the hand-edited Russian names, cases and English articles, indexed by ISO3."""
    return pd.read_csv(CASES_FILE, dtype=str, keep_default_na=False).set_index("iso3")


def _with_cases(table: pd.DataFrame, cases: pd.DataFrame) -> pd.DataFrame:
    """Take name_ru and the case columns from the cases file; fail on a code it does not cover."""
    missing = sorted(set(table.iso3) - set(cases.index))
    if missing:
        raise SystemExit(f"{CASES_FILE.name} has no row for {missing}: add their Russian name and cases")
    rows = cases.loc[table.iso3]
    return table.assign(name_ru=rows.name_ru.to_numpy(), **{c: rows[c].to_numpy() for c in CASE_COLUMNS})


def _country_row(code: str, ne: pd.DataFrame, wb: pd.DataFrame, caps: pd.DataFrame) -> dict:
    """Build one row of the country table."""
    n = ne.loc[code] if code in ne.index else None
    en = EN_OVERRIDES.get(code) or (wb.loc[code, "country"] if code in wb.index else n["NAME_EN"])
    iso2 = n["ISO_A2"] if n is not None and n["ISO_A2"] not in ("-99", None) else ""
    if code in caps.index:
        lat, lon, kind, cap = caps.loc[code, "lat"], caps.loc[code, "lon"], "capital", caps.loc[code, "capital"]
    elif n is not None:
        lat, lon, kind, cap = n["LABEL_Y"], n["LABEL_X"], "label", ""
    else:
        lat = lon = None
        kind = cap = ""
    aggregate = bool(wb.loc[code, "is_aggregate"]) if code in wb.index else False
    return {"iso3": code, "iso2": iso2, "name_en": en, "name_ru": "", "capital_en": cap,
            "lat": lat, "lon": lon, "point": kind, "is_aggregate": aggregate,
            "focus": code in FOCUS, "colour": FOCUS_COLOURS.get(code, "")}


def migrant_stock_2024(shared: Path) -> pd.DataFrame:
    """UN DESA International Migrant Stock 2024 by sex, wide: value (= female + male), female, male and the UN's flags."""
    path = shared / "migration/ims2024_bilateral_by_sex.csv"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != IMS2024_SHA256:  # the curated copy changed: its checks in SOURCES_C.md no longer describe it
        raise SystemExit(f"{path}: sha256 {digest} is not the one SOURCES_C.md gives")
    stock = pd.read_csv(path, keep_default_na=False)
    if not (stock["total"] == stock["female"] + stock["male"]).all():
        raise SystemExit(f"{path}: total is not female + male in every row")
    stock = stock.rename(columns={"total": "value"}).assign(unit="persons")
    return stock[STOCK_COLUMNS].sort_values(["origin_iso3", "destination_iso3", "year"], ignore_index=True)


def revision_comparison(shared: Path) -> pd.DataFrame:
    """For the six countries, 2020 emigrants and immigrants in the 2020 and 2024 revisions (each the sum over every
    partner row of its file), and the KAZ->RUS and UZB->RUS corridors in both."""
    old = pd.read_csv(shared / "migration/bilateral_migrant_stock.csv").rename(columns={"migrants": "value"})
    old[["origin_iso3", "destination_iso3"]] = old[["origin_iso3", "destination_iso3"]].replace(CODE_FIXES)
    new = migrant_stock_2024(shared)
    files = {"rev2020": old[old.year == 2020], "rev2024": new[new.year == 2020]}
    rows = []
    for iso3 in FOCUS:
        for measure, side in (("emigrants", "origin_iso3"), ("immigrants", "destination_iso3")):
            picked = {rev: f[f[side] == iso3] for rev, f in files.items()}
            rows.append(_comparison_row(iso3, measure, "", picked))
    for origin in ("KAZ", "UZB"):
        picked = {rev: f[(f.origin_iso3 == origin) & (f.destination_iso3 == "RUS")] for rev, f in files.items()}
        rows.append(_comparison_row(origin, "corridor", "RUS", picked))
    return pd.DataFrame(rows)


def _comparison_row(iso3: str, measure: str, partner: str, picked: dict[str, pd.DataFrame]) -> dict:
    """One row of the revision comparison: the sum of each revision's rows and how many rows were summed."""
    row = {"iso3": iso3, "measure": measure, "partner_iso3": partner, "year": 2020}
    row |= {rev: int(rows["value"].sum()) for rev, rows in picked.items()}
    row |= {f"partners_{rev}": len(rows) for rev, rows in picked.items()}
    return {**row, "unit": "persons"}


def world_totals(shared: Path) -> pd.DataFrame:
    """The world totals SOURCES_C.md gives as checks of the 2024 revision (read from the note, never retyped)."""
    found = WORLD_CHECK.search((shared / "SOURCES_C.md").read_text(encoding="utf-8"))
    if found is None:
        raise SystemExit("SOURCES_C.md: no world totals found")
    pairs = re.findall(r"([\d,]+) \((\d{4})\)", found.group("figures"))
    return pd.DataFrame({"year": [int(y) for _, y in pairs], "total": [int(n.replace(",", "")) for n, _ in pairs]})


def remittances_paid(shared: Path) -> pd.DataFrame:
    """WDI remittances paid (US$), the early-2025 extract, in the series contract with its own vintage."""
    paid = pd.read_csv(shared / "wdi/remittances_paid_vintage_2025-02.csv")
    paid = paid.assign(vintage="2025-02", flag="")
    return paid[["iso3", "indicator_code", "year", "value", "vintage", "flag"]].sort_values(["iso3", "year"], ignore_index=True)


def build_paid(shared: Path) -> None:
    """Remittances paid to 2023 (WDI, 2025-02 extract), kept apart from wdi_series.csv: its own vintage."""
    write(remittances_paid(shared), "wdi/remittances_paid_2025-02.csv", {
        "publisher": "World Bank", "accessed": ACCESSED_C, "licence": CC_BY,
        "dataset": "World Development Indicators: personal remittances, paid (current US$), BM.TRF.PWKR.CD.DT",
        "vintage": "WDI, 2025-02 extract",
        "url": f"https://data.worldbank.org/indicator/BM.TRF.PWKR.CD.DT ; retrieved from {GDIDATA}:data/wdi.rda "
               "(variable remout, read with the Python package rdata)",
        "gaps": [
            "Russia's reported outflow falls from US$ 16.8 bn (2021) to 5.8 bn (2022) and 7.4 bn (2023), while the inflows reported by Tajikistan, the Kyrgyz Republic and Uzbekistan, most of which come from Russia, rose in 2022: the two sides disagree, so the drop must not be read as a fall in money sent.",
            "Kyrgyz Republic to 2022 only; Turkmenistan 1996-1997 only.",
            "Russia 2020 and 2021 equal the official 2023-05-10 vintage in wdi_series.csv.",
        ],
        "notes": "Columns: iso3, indicator_code, year, value, vintage, flag (vintage 2025-02 on every row). Current US$.",
    })


def build(shared: Path, only: tuple[str, ...] = ()) -> None:
    """Write every snapshot file, or only the named parts (a part another engineer owns is then left untouched)."""
    for part, builder in PARTS.items():
        if not only or part in only:
            builder(shared)


def build_wdi(shared: Path) -> None:
    """WDI series, the world ranking table and country metadata."""
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


def build_geo_table(shared: Path) -> None:
    """geo/countries.csv: every code the snapshot uses, with names, points and colours."""
    table = country_table(shared)
    table.to_csv(ROOT / "geo/countries.csv", index=False, lineterminator="\n")
    print(f"geo/countries.csv: {len(table)} rows")


def build_migration(shared: Path) -> None:
    """Bilateral migrant stock (2024 revision, by sex), the revision comparison, world totals, bilateral remittances
    and labour-migration points."""
    write(migrant_stock_2024(shared), "migration/ims2024_bilateral_by_sex.csv", {
        **UN_DESA, "accessed": ACCESSED_C, "vintage": "2024 revision",
        "dataset": "International Migrant Stock 2024, by sex, destination and origin",
        "gaps": [
            "A pair absent from the file means the UN had too little data to estimate it, not zero; only rows with a 0 are a definite absence.",
            "Origin OOO is the UN's 'other / unknown' origin; those people count in the destination's total.",
            "Migrant stock counts people by country of birth (or citizenship) at mid-year, not seasonal labour migrants, who are largely absent from census counts.",
            "The basis differs by destination (basis column: born = foreign-born, citizens = foreign citizens, born+citizens); refugees_included and imputed are the UN's own flags.",
            "Covers pairs where the origin or the destination is one of the six countries (KAZ, KGZ, TJK, TKM, UZB, RUS); flows between two other countries are not included.",
            "This revision replaces the 2020 revision's figures, earlier years included; the two must not be mixed (see ims_revision_comparison.csv).",
        ],
        "notes": f"Cite: {IMS2024_CITE} Persons at mid-year (1 July); years 1990-2020 every five years and 2024. "
                 "value = female + male (the UN's both-sexes figure is the same sum).",
    })
    write(revision_comparison(shared), "migration/ims_revision_comparison.csv", {
        **UN_DESA, "accessed": ACCESSED_C, "vintage": "2020 revision and 2024 revision",
        "dataset": "International Migrant Stock: the year 2020 in the 2020 revision and in the 2024 revision, six countries",
        "url": UN_DESA["url"] + " ; 2020 revision: " + IMS2020_MIRROR,
        "gaps": [
            "Totals are the sum over every partner row of each revision's file, the same method on both sides; the files do not list the same partners (partners_rev2020, partners_rev2024), and only the 2024 file has an 'other / unknown' origin (OOO).",
            "Year 2020 only (the latest year both revisions hold); the 2024 revision revised earlier years too.",
        ],
        "notes": f"Cite: {IMS2024_CITE} United Nations Department of Economic and Social Affairs, Population Division "
                 "(2020). International Migrant Stock 2020. measure: emigrants (people born in iso3 living abroad), immigrants "
                 "(people born abroad living in iso3), corridor (people born in iso3 living in partner_iso3).",
    })
    write(world_totals(shared), "migration/ims2024_world_totals.csv", {
        **UN_DESA, "accessed": ACCESSED_C, "vintage": "2024 revision",
        "dataset": "International Migrant Stock 2024: world totals (check figures)",
        "gaps": ["Three years only (1990, 2020, 2024): the published check figures, not a series.",
                 "ims2024_bilateral_by_sex.csv holds only pairs touching the six countries, so the world total cannot be summed from it."],
        "notes": f"Cite: {IMS2024_CITE} Sum over all pairs of the UN's full table, as given in the curated source notes "
                 "(SOURCES_C.md); the UN's published headline is 304 million international migrants in 2024.",
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


PARTS = {"wdi": build_wdi, "paid": build_paid, "migration": build_migration, "rpw": build_rpw, "tip": build_tip,
         "project": build_project, "geo": build_geo_table}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--only", nargs="+", choices=list(PARTS), default=(), help="build only these parts")
    args = parser.parse_args()
    build(args.shared, tuple(args.only))
