"""Remittances reshaped for charts and sentences: series per measure, world ranks, sending shares, costs, cards."""
from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from functools import partial
from typing import Callable

import pandas as pd

from charts.theme import fmt_money, fmt_number, fmt_pct, fmt_quarter, ordinal
from geo.countries import CENTRAL_ASIA, FOCUS, decline
from transforms.vintages import Vintages, is_computed, latest_vintage, of_world, one_per_year, paid_vintage

Say = Callable[..., str]  # t(key, **values): the page passes it in, so sentences are built here without Streamlit

PCT, USD, PAID, POP = "BX.TRF.PWKR.DT.GD.ZS", "BX.TRF.PWKR.CD.DT", "BM.TRF.PWKR.CD.DT", "SP.POP.TOTL"
COST_IN, COST_OUT = "SI.RMT.COST.IB.ZS", "SI.RMT.COST.OB.ZS"
MEASURES = ("pct", "usd", "per_person", "paid")
# Each measure: the indicator it is read from and the display scale. Vintages come from the loaded frames: % of GDP
# in the vintage chosen, the others in the newest vintage their own rows hold (see measure_vintage).
MEASURE_SOURCE = {"pct": (PCT, 1.0), "usd": (USD, 1e9), "paid": (PAID, 1e9)}
VINTAGE_OF = {"usd": "latest", "per_person": "latest", "paid": "paid"}
COMPARATORS = ("WLD", "ECS", "TON", "NPL", "NIC", "HND")
AGGREGATE_CODES = ("WLD", "ECS")
SDG_TARGET = 3.0  # SDG 10.c: cost of remitting below 3% of the amount sent
RPW_AMOUNT = 200  # Remittance Prices Worldwide prices the sending of the equivalent of US$200
BROAD_COVERAGE = 150
TOP_N = 20
SERIES_COLUMNS = ["iso3", "year", "value", "vintage", "flag"]
# Russia's reported outflow from 2022 disagrees with the inflows its main receivers report (SOURCES_C.md): such values
# are flagged "disputed", drawn apart and always shown with that caveat, never as a fall in money sent.
DISPUTED_FROM = {"RUS": 2022}
RUSSIA_RECEIVERS = ("TJK", "KGZ", "UZB")  # the receivers that get most of their remittances from Russia
DISPUTED = "disputed"


_READ: dict[tuple[int, str], tuple[weakref.ref, object]] = {}


def read_once(frame: pd.DataFrame, what: str, compute: Callable[[], object]):
    """Return compute(), worked out once per frame object and question: a page run asks the same frame the same thing a
    dozen times (its vintages, the coverage of a vintage) and each answer scans every row. An answer dies with its frame
    (a weak reference checks it is the same object), so a new or refreshed frame is always read afresh; nothing here
    changes a frame in place, and callers must not change an answer."""
    key = (id(frame), what)
    hit = _READ.get(key)
    if hit is None or hit[0]() is not frame:
        if len(_READ) > 64:
            _READ.clear()
        hit = _READ[key] = (weakref.ref(frame), compute())
    return hit[1]


def world_vintages(world: pd.DataFrame) -> Vintages:
    """Return the latest and official vintages of the world frame (transforms.vintages.of_world), read once."""
    return read_once(world, "vintages", lambda: of_world(world))


def newest_received(wdi: pd.DataFrame) -> str | None:
    """Return the newest vintage of remittances received (transforms.vintages.latest_vintage), read once."""
    return read_once(wdi, "latest", lambda: latest_vintage(wdi))


@dataclass(frozen=True)
class Shock:
    """A shock to mark on time charts: first and last year and its message key."""

    start: int
    end: int
    key: str


SHOCKS = (Shock(2009, 2009, "gfc"), Shock(2014, 2015, "ruble"), Shock(2020, 2020, "covid"), Shock(2022, 2022, "war"))


def with_flag(frame: pd.DataFrame) -> pd.DataFrame:
    """Mark every value 'computed' or 'official' (the snapshot leaves published values unflagged)."""
    out = frame.copy()
    out["flag"] = out["flag"].astype(object).fillna("official").replace("", "official")  # an all-empty column reads as float
    return out


def indicator(wdi: pd.DataFrame, code: str, vintage: str | None, published: bool = False) -> pd.DataFrame:
    """Return one indicator of one vintage as iso3, year, value, vintage, flag (gaps dropped, one row a year;
    published=True leaves computed values out)."""
    rows = wdi[(wdi["indicator_code"] == code) & (wdi["vintage"] == vintage)].dropna(subset=["value"])
    rows = rows[~is_computed(rows)] if published else rows
    rows = one_per_year(rows, prefer_computed=vintage == newest_received(wdi))
    return with_flag(rows[SERIES_COLUMNS]).sort_values(["iso3", "year"]).reset_index(drop=True)


def in_view(frame: pd.DataFrame, codes, years: tuple[int, int]) -> pd.DataFrame:
    """Keep the chosen countries and years, countries in the order chosen."""
    order = {c: i for i, c in enumerate(codes)}
    kept = frame[frame["iso3"].isin(order) & frame["year"].between(*years)]
    kept = kept.sort_values(["iso3", "year"], key=lambda s: s.map(order) if s.name == "iso3" else s)
    return kept.reset_index(drop=True)


def pct_of_gdp(world: pd.DataFrame, vintage: str | None) -> pd.DataFrame:
    """Return remittances % of GDP for every economy and aggregate in one vintage (one row a year)."""
    rows = one_per_year(world[world["vintage"] == vintage].dropna(subset=["value"]),
                        prefer_computed=vintage == world_vintages(world).latest)
    return with_flag(rows[SERIES_COLUMNS]).sort_values(["iso3", "year"]).reset_index(drop=True)


def vintages(world: pd.DataFrame) -> dict[str, str]:
    """Return the % of GDP vintages one can choose, {"latest": ..., "official": ...}, read from the world frame."""
    return world_vintages(world).choices()


def per_person(wdi: pd.DataFrame) -> pd.DataFrame:
    """Return remittances received per person in US$: received US$ / population, both of the latest vintage."""
    latest = newest_received(wdi)
    money, people = indicator(wdi, USD, latest), indicator(wdi, POP, latest)
    both = money.merge(people[["iso3", "year", "value"]], on=["iso3", "year"], suffixes=("", "_pop"))
    both["value"] = both["value"] / both["value_pop"]
    both["flag"] = "computed"  # a ratio made here, never published as such
    return both[SERIES_COLUMNS]


def measure_series(wdi: pd.DataFrame, world: pd.DataFrame, measure: str, vintage: str,
                   paid: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the series a measure draws, in display units (%, US$ billions or US$ per person).

    paid: the remittances-paid dataset, read for the outflows instead of wdi's paid rows when given (its own vintage);
    Russia's values from DISPUTED_FROM on are flagged "disputed".
    """
    if measure == "pct":
        return pct_of_gdp(world, vintage)
    if measure == "per_person":
        return per_person(wdi)
    code, scale = MEASURE_SOURCE[measure]
    source = paid if measure == "paid" and paid is not None else wdi
    frame = indicator(source, code, measure_vintage(measure, vintage, wdi, paid))
    frame["value"] = frame["value"] / scale
    return mark_disputed(frame) if measure == "paid" else frame


def measure_vintage(measure: str, vintage: str | None, wdi: pd.DataFrame, paid: pd.DataFrame | None = None) -> str | None:
    """Return the vintage a measure is drawn from: % of GDP the one chosen, the others their newest in the frame
    (the outflows: in the paid dataset when given)."""
    if measure == "paid" and paid is not None:
        return paid_vintage(paid)
    if measure == "pct":
        return vintage
    return paid_vintage(wdi) if VINTAGE_OF.get(measure) == "paid" else newest_received(wdi)


def mark_disputed(series: pd.DataFrame, since: dict[str, int] = DISPUTED_FROM) -> pd.DataFrame:
    """Flag the outflow values whose reporting the receivers contradict (see DISPUTED_FROM) as "disputed"."""
    first = series["iso3"].map(since)
    out = series.copy()
    out.loc[first.notna() & (out["year"] >= first), "flag"] = DISPUTED
    return out


def disputed_years(series: pd.DataFrame) -> list[int]:
    """Return the years that hold a disputed value, in order."""
    return sorted(int(y) for y in series.loc[series["flag"] == DISPUTED, "year"].unique()) if "flag" in series else []


def paid_caveat(paid: pd.DataFrame, wdi: pd.DataFrame, sender: str = "RUS", receivers=RUSSIA_RECEIVERS) -> dict | None:
    """Return the numbers of the outflow caveat: the sender's reported outflow in the last undisputed year and each
    disputed year, and its main receivers' reported inflows (latest vintage) in that year and the first disputed one."""
    out = mark_disputed(indicator(paid, PAID, paid_vintage(paid)))
    rows = out[out["iso3"] == sender]
    later = rows[rows["flag"] == DISPUTED]
    before = rows[(rows["flag"] != DISPUTED) & (rows["year"] < later["year"].min())] if len(later) else rows.iloc[0:0]
    if later.empty or before.empty:
        return None
    years = (int(before["year"].max()), int(later["year"].min()))
    inflows = indicator(wdi, USD, newest_received(wdi))
    inflows = inflows[inflows["iso3"].isin(receivers) & inflows["year"].isin(years)].groupby("year")["value"].sum()
    return {"before": years[0], "after": years[1], "receivers": list(receivers),
            "before_out": float(before.iloc[-1]["value"]), "later": list(zip(later["year"].astype(int), later["value"])),
            "before_in": inflows.get(years[0]), "after_in": inflows.get(years[1])}


def without_values(frame: pd.DataFrame, codes) -> list[str]:
    """Return the chosen codes that have no value in the frame (to say so, not drop them silently)."""
    present = set(frame["iso3"])
    return [c for c in codes if c not in present]


def year_bounds(wdi: pd.DataFrame, world: pd.DataFrame) -> tuple[int, int]:
    """Return the first and last year any remittance series has a value."""
    flows = wdi[wdi["indicator_code"].isin([PCT, USD, PAID])].dropna(subset=["value"])
    years = pd.concat([flows["year"], world.dropna(subset=["value"])["year"]])
    return int(years.min()), int(years.max())


def shocks_in(years: tuple[int, int], shocks=SHOCKS) -> list[Shock]:
    """Return the shocks that fall inside a year range."""
    return [s for s in shocks if s.end >= years[0] and s.start <= years[1]]


def economies(world: pd.DataFrame, vintage: str) -> pd.DataFrame:
    """Return economies only (no regions or income groups) with a value, for one vintage."""
    rows = world[(world["vintage"] == vintage) & ~world["is_aggregate"].astype(bool)].dropna(subset=["value"])
    return with_flag(one_per_year(rows, prefer_computed=vintage == world_vintages(world).latest))


def coverage(world: pd.DataFrame, vintage: str) -> pd.Series:
    """Return how many economies have a value, by year (read once per frame and vintage)."""
    return read_once(world, f"coverage:{vintage}",
                     lambda: economies(world, vintage).groupby("year")["iso3"].nunique().sort_index())


def broad_year(world: pd.DataFrame, vintage: str, minimum: int = BROAD_COVERAGE) -> int:
    """Return the latest year where at least `minimum` economies have a value (else the latest best-covered year)."""
    counts = coverage(world, vintage)
    if counts.empty:
        raise ValueError(f"no economy has a % of GDP value in vintage {vintage}")
    broad = counts[counts >= min(minimum, counts.max())]
    return int(broad.index.max())


def rank_years(world: pd.DataFrame, vintage: str) -> list[int]:
    """Return the years one can rank in a vintage, latest first."""
    return sorted(coverage(world, vintage).index.astype(int), reverse=True)


def ranks(world: pd.DataFrame, vintage: str, year: int) -> pd.DataFrame:
    """Rank economies by remittances % of GDP in a year (1 = most dependent), with n economies ranked."""
    rows = economies(world, vintage)
    rows = rows[rows["year"] == year].sort_values(["value", "iso3"], ascending=[False, True]).reset_index(drop=True)
    rows["rank"] = range(1, len(rows) + 1)
    rows["n"] = len(rows)
    return rows[["rank", "n", "iso3", "year", "value", "vintage", "flag"]]


def ranking_view(ranked: pd.DataFrame, top: int = TOP_N, keep=FOCUS) -> pd.DataFrame:
    """Return the top economies plus the focus countries ranked below them (so their place is shown)."""
    tail = ranked[(ranked["rank"] > top) & ranked["iso3"].isin(keep)]
    out = pd.concat([ranked[ranked["rank"] <= top], tail], ignore_index=True)
    out["in_top"] = out["rank"] <= top
    return out


def rank_of(ranked: pd.DataFrame, iso3: str) -> dict | None:
    """Return one economy's rank row as a dict, or None when it has no value that year."""
    row = ranked[ranked["iso3"] == iso3]
    return None if row.empty else row.iloc[0].to_dict()


def in_top(ranked: pd.DataFrame, codes=CENTRAL_ASIA, k: int = 10) -> list[str]:
    """Return which of the codes are in the top k, most dependent first."""
    return ranked[(ranked["rank"] <= k) & ranked["iso3"].isin(codes)]["iso3"].tolist()


def source_shares(bilateral: pd.DataFrame, receivers=FOCUS, partners=("RUS", "KAZ")) -> pd.DataFrame:
    """Split each receiver's modelled inflows into shares from each partner and from elsewhere."""
    rows = bilateral[bilateral["receiver_iso3"].isin(receivers)].copy()
    rows["source"] = rows["sender_iso3"].where(rows["sender_iso3"].isin(partners), "other")
    sums = rows.groupby(["receiver_iso3", "source"], as_index=False)["value"].sum()
    grid = pd.MultiIndex.from_product([[r for r in receivers if r in set(rows["receiver_iso3"])],
                                       [*partners, "other"]], names=["receiver_iso3", "source"])
    # a receiver cannot send to itself, so its own column stays a true zero rather than a gap
    out = sums.set_index(["receiver_iso3", "source"]).reindex(grid, fill_value=0.0).reset_index()
    out["share"] = 100 * out["value"] / out.groupby("receiver_iso3")["value"].transform("sum")
    out["year"] = int(bilateral["year"].max())
    return out.rename(columns={"receiver_iso3": "iso3", "value": "usd_m"})


def corridor_series(costs: pd.DataFrame, sender: str = "RUS", receivers=CENTRAL_ASIA) -> pd.DataFrame:
    """Return the quarterly cost of sending US$200 from one sender to each receiver, with a numeric time axis."""
    rows = costs[(costs["sending_iso3"] == sender) & costs["receiving_iso3"].isin(receivers)].dropna(subset=["value"])
    rows = rows.rename(columns={"receiving_iso3": "iso3"}).copy()
    rows["x"] = rows["year"] + (rows["quarter"] - 1) / 4  # quarters as decimal years: no locale-bound date axis
    rows = rows[["sending_iso3", "iso3", "period", "year", "quarter", "x", "value"]]
    return rows.sort_values(["iso3", "x"]).reset_index(drop=True)


def cost_series(cost_by_country: pd.DataFrame, inbound=CENTRAL_ASIA, outbound=("RUS",)) -> pd.DataFrame:
    """Return the average cost of sending to each inbound country and from each outbound one, by year."""
    to = cost_by_country[(cost_by_country["indicator_code"] == COST_IN) & cost_by_country["iso3"].isin(inbound)]
    out = cost_by_country[(cost_by_country["indicator_code"] == COST_OUT) & cost_by_country["iso3"].isin(outbound)]
    both = pd.concat([to, out]).dropna(subset=["value"])
    both = both.assign(direction=both["indicator_code"].map({COST_IN: "to", COST_OUT: "from"}))
    both = both[["iso3", "direction", "indicator_code", "year", "value", "vintage"]]
    return both.sort_values(["direction", "iso3", "year"]).reset_index(drop=True)


def change_since(series: pd.DataFrame, base: int, codes=CENTRAL_ASIA) -> pd.DataFrame:
    """Return each country's value in a base year and in its latest year, and the change (gaps left out)."""
    rows = series[series["iso3"].isin(codes)]
    first = rows[rows["year"] == base][["iso3", "value"]].rename(columns={"value": "start"})
    last = rows.sort_values("year").groupby("iso3").tail(1)[["iso3", "year", "value"]].rename(columns={"value": "end"})
    out = first.merge(last, on="iso3")
    out = out[out["year"] > base].assign(change=lambda d: d["end"] - d["start"], base=base)
    return out.sort_values("iso3", key=lambda s: s.map({c: i for i, c in enumerate(codes)})).reset_index(drop=True)


def latest_with_change(series: pd.DataFrame, iso3: str) -> dict | None:
    """Return a country's latest year and value, and the change from the year before when that year has a value."""
    rows = series[series["iso3"] == iso3].sort_values("year")
    if rows.empty:
        return None
    last = rows.iloc[-1]
    before = rows[rows["year"] == last["year"] - 1]
    change = float(last["value"] - before.iloc[0]["value"]) if len(before) else None
    return {"year": int(last["year"]), "value": float(last["value"]), "change": change, "flag": last["flag"]}


def value_in(series: pd.DataFrame, iso3: str, year: int) -> float | None:
    """Return a country's value in one year, or None for a gap."""
    rows = series[(series["iso3"] == iso3) & (series["year"] == year)]
    return None if rows.empty else float(rows.iloc[0]["value"])


def emigrants(stock: pd.DataFrame, origin: str, year: int | None = None, scope=FOCUS) -> dict:
    """Sum people born in a country living abroad in a year (default: the stock's latest); 'complete' is False when
    the table only holds the origin's rows for destinations inside the six focus countries (then the sum would
    understate and must not be shown)."""
    year = int(stock["year"].max()) if year is None and len(stock) else year
    rows = stock[(stock["origin_iso3"] == origin) & (stock["year"] == year)].dropna(subset=["value"])
    outside = set(rows["destination_iso3"]) - set(scope)
    # every row adds to the total; a destination of 0 (a definite absence) is not counted as one
    return {"total": float(rows["value"].sum()), "destinations": int(rows.loc[rows["value"] > 0, "destination_iso3"].nunique()),
            "complete": bool(outside), "year": year}


def latest_tier(tiers: pd.DataFrame, iso3: str) -> dict | None:
    """Return a country's latest TIP tier placement (report year and tier), or None."""
    rows = tiers[tiers["iso3"] == iso3].dropna(subset=["tier"]).sort_values("report_year")
    return None if rows.empty else {"year": int(rows.iloc[-1]["report_year"]), "tier": str(rows.iloc[-1]["tier"])}


def trend(series: pd.DataFrame, iso3: str, last: int = 15) -> pd.DataFrame:
    """Return a country's last rows (year, value), oldest first."""
    return series[series["iso3"] == iso3].sort_values("year")[["year", "value"]].tail(last).reset_index(drop=True)


def labelled(frame: pd.DataFrame, names: dict[str, str], notes: dict[str, str], when: str = "{year}") -> pd.DataFrame:
    """Add translated names, a note per flag and a 'when' text (from a template over the row) for hover and tables."""
    out = frame.copy()
    out["name"] = out["iso3"].map(names).fillna(out["iso3"])
    out["note"] = out["flag"].map(notes).fillna("") if "flag" in out else notes.get("", "")
    out["when"] = [when.format(**row) for row in out.to_dict("records")]
    return out


def year_spans(years) -> list[tuple[int, int]]:
    """Collapse years into runs of consecutive years, e.g. 1996, 2010..2019 -> [(1996, 1996), (2010, 2019)]."""
    spans: list[tuple[int, int]] = []
    for y in sorted({int(y) for y in years}):
        if spans and y == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], y)
        else:
            spans.append((y, y))
    return spans


def cheapest(corridors: pd.DataFrame) -> dict | None:
    """Return the latest quarter's cheapest corridor and how many corridors met the SDG target then."""
    if corridors.empty:
        return None
    last = corridors[corridors["x"] == corridors["x"].max()].sort_values("value")
    best = last.iloc[0]
    return {"iso3": best["iso3"], "value": float(best["value"]), "year": int(best["year"]),
            "quarter": int(best["quarter"]), "met": int((last["value"] < SDG_TARGET).sum()), "n": len(last)}


def common_start(series: pd.DataFrame, codes, year: int) -> int:
    """Return the first year from which every code with a value in `year` has values (a fair base for change)."""
    present = series[(series["year"] == year) & series["iso3"].isin(codes)]["iso3"]
    starts = series[series["iso3"].isin(present)].groupby("iso3")["year"].min()
    return int(starts.max()) if len(starts) else year


def values_in_year(series: pd.DataFrame, year: int, codes=FOCUS) -> pd.DataFrame:
    """Return the countries' values in one year (countries without a value that year are simply absent)."""
    return series[series["iso3"].isin(codes) & (series["year"] == year)][SERIES_COLUMNS].reset_index(drop=True)


def latest_common_year(series: pd.DataFrame, codes=FOCUS) -> int:
    """Return the latest year in which any of the countries has a value."""
    return int(series[series["iso3"].isin(codes)]["year"].max())


def first_date(text: str) -> str:
    """Return the first ISO date (YYYY-MM-DD) in a provenance text, or the text itself."""
    found = re.search(r"\d{4}-\d{2}-\d{2}", str(text))
    return found.group(0) if found else str(text)


def key_figures(world: pd.DataFrame, wdi: pd.DataFrame, base: int, codes=CENTRAL_ASIA,
                paid: pd.DataFrame | None = None) -> dict:
    """Return the numbers behind the key sentences: the most dependent country and its rank, the top-10 count,
    the change since a base year and Russia's outflow in its last undisputed year (all from the snapshot, none typed).

    paid: the remittances-paid dataset (its own vintage); without it wdi's paid rows are read.
    """
    latest, source = world_vintages(world).latest, wdi if paid is None else paid
    paid_in = paid_vintage(source)
    year = broad_year(world, latest)
    ranked = ranks(world, latest, year)
    top = ranked[ranked["iso3"].isin(codes)].iloc[0].to_dict()
    outflow = mark_disputed(indicator(source, PAID, paid_in))
    found = latest_with_change(outflow[outflow["flag"] != DISPUTED], "RUS")
    return {"year": year, "n": len(ranked), "top": top, "top10": in_top(ranked, codes), "vintage": latest,
            "changes": change_since(pct_of_gdp(world, latest), base, codes),
            "paid": {**found, "vintage": paid_in} if found else None,
            "caveat": paid_caveat(paid, wdi) if paid is not None else None}


def base_years(world: pd.DataFrame, codes=CENTRAL_ASIA) -> tuple[list[int], int]:
    """Return the years a change can be measured from (latest vintage) and the default: the first year all
    countries with a current value have data."""
    latest = world_vintages(world).latest
    series, year = pct_of_gdp(world, latest), broad_year(world, latest)
    years = sorted(series[series["iso3"].isin(codes) & (series["year"] < year)]["year"].unique().tolist())
    return [int(y) for y in years], common_start(series, codes, year)


def dependence(wdi: pd.DataFrame, world: pd.DataFrame, measure: str, vintage: str, codes, years,
               paid: pd.DataFrame | None = None) -> dict:
    """Return the series drawn for the chosen view, and which chosen codes have no values (aggregates apart)."""
    series = in_view(measure_series(wdi, world, measure, vintage, paid), codes, years)
    missing = [c for c in without_values(series, codes) if c != "TKM"]  # Turkmenistan gets its own note
    found = world_vintages(world)
    aggregates = [c for c in missing if c in AGGREGATE_CODES and measure == "pct" and vintage == found.latest]
    return {"series": series, "aggregates": aggregates, "missing": [c for c in missing if c not in aggregates],
            "official": found.official}


def share_view(bilateral: pd.DataFrame, names: dict[str, str], source_names: dict[str, str], amount,
               note: str) -> pd.DataFrame:
    """Return the sending shares labelled for the chart: names, source names, amount text (via `amount`) and note."""
    shares = source_shares(bilateral)
    return shares.assign(name=shares["iso3"].map(names), label=shares["iso3"].map(names),
                         source_name=shares["source"].map(source_names), amount=shares["usd_m"].map(amount), note=note)


def biggest_from(shares: pd.DataFrame, source: str = "RUS", exclude=("UZB", "TKM")) -> dict:
    """Return the receiver with the largest share from one source, leaving out all-attributed receivers."""
    rows = shares[(shares["source"] == source) & ~shares["iso3"].isin(exclude) & (shares["iso3"] != source)]
    return rows.nlargest(1, "share").iloc[0].to_dict()


def last_year(series: pd.DataFrame, iso3: str) -> int | None:
    """Return the last year a country has a value in a series, or None."""
    years = series[series["iso3"] == iso3]["year"]
    return int(years.max()) if len(years) else None


def table(frame: pd.DataFrame, headers: dict[str, str], values: dict[str, dict] | None = None) -> pd.DataFrame:
    """Return the columns a chart shows, in order, with translated headers and coded values spelt out
    (the data table and CSV then read in the page's language)."""
    out = frame[list(headers)].copy()
    for col, labels in (values or {}).items():
        out[col] = out[col].map(labels).fillna(out[col])
    for col in [c for c in out.columns if out[c].isna().any()]:
        out[col] = out[col].astype(object).where(out[col].notna(), "–")  # a gap reads as a dash, never None or nan
    return out.rename(columns=headers).reset_index(drop=True)


# Text for the page: numbers formatted with charts.theme, sentences worded by `say` (the page's t). Countries that a
# message declines ({country:to}, {sender:from}) are passed as ISO3 codes; names at the start of a sentence as names.

def share_text(value: float, lang: str, digits: int | None = None) -> str:
    """Format a share in % (tiny shares, like Kazakhstan's or Russia's under 1%, get two digits to differ from zero)."""
    return fmt_pct(value, lang, (2 if abs(value) < 1 else 1) if digits is None else digits)


def signed_text(value: float, lang: str) -> str:
    """Format a change in percentage points with its sign (two digits under one point)."""
    return ("+" if value > 0 else "") + fmt_number(value, lang, 2 if abs(value) < 1 else 1)


def listed(codes, names: dict[str, str]) -> str:
    """Join the countries' names with commas, in the order given."""
    return ", ".join(names[c] for c in codes)


def spans_text(years) -> str:
    """Write years as runs, e.g. '1996, 2010–2019' (empty when there are none)."""
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in year_spans(years))


def span_text(first: int, last: int, say: Say) -> str:
    """Write the years a chart covers: "1990–2024" (Russian «1990–2024 гг.»), or one year."""
    return say("remit.span_one", year=first) if first == last else say("remit.span", first=first, last=last)


def measure_text(measure: str, value: float, lang: str, say: Say) -> str:
    """Format one value of a measure for a sentence: % of GDP, US$ billions or US$ per person."""
    if measure == "pct":
        return share_text(value, lang)
    if measure == "per_person":
        return say("remit.value.per_person", value=fmt_number(value, lang))
    return fmt_money(value * 1e9, lang)


def flag_notes(measure: str, vintage: str, say: Say) -> dict[str, str]:
    """Return the hover note for each flag of a measure's values (how a computed value was made, or 'official')."""
    kind = "per_person" if measure == "per_person" else "pct"
    return {"computed": say(f"remit.note.computed_{kind}", vintage=vintage),
            "official": say("remit.note.official", vintage=vintage), DISPUTED: say("remit.note.disputed")}


def key_facts(figures: dict, base: int, names: dict[str, str], lang: str, say: Say) -> list[str]:
    """Word the key figures (see key_figures): the most dependent country, the top 10, changes, Russia's outflow
    and, when the paid dataset is read, the caveat on its later years."""
    top, top10, year, paid = figures["top"], figures["top10"], figures["year"], figures["paid"]
    facts = [say("remit.fact_top", year=year, country=names[top["iso3"]], share=share_text(top["value"], lang),
                 rank=ordinal(int(top["rank"]), lang), n=fmt_number(figures["n"], lang)),
             say("remit.fact_top10", year=year, k=len(top10), names=listed(top10, names)) if top10
             else say("remit.fact_top10_none", year=year)]
    facts += change_facts(figures["changes"], base, names, lang, say)
    if paid:
        facts.append(say("remit.fact_paid", amount=fmt_money(paid["value"], lang), year=paid["year"],
                         vintage=figures.get("paid_label") or paid["vintage"]))
    if figures.get("caveat"):
        facts.append(caveat_text(figures["caveat"], names, lang, say))
    return facts


def change_facts(changes: pd.DataFrame, base: int, names: dict[str, str], lang: str, say: Say) -> list[str]:
    """Word each country's change since the base year (see change_since), or say no country has one."""
    return [say("remit.fact_change", country=names[r.iso3], start=share_text(r.start, lang), base=r.base,
                end=share_text(r.end, lang), year=r.year, change=signed_text(r.change, lang))
            for r in changes.itertuples()] or [say("remit.fact_change_none", base=base)]


def joined(items: list[str], say: Say) -> str:
    """Join items as a reader lists them: "a, b and c" («a, b и c»)."""
    if len(items) < 2:
        return "".join(items)
    return say("remit.and", first=", ".join(items[:-1]), last=items[-1])


def caveat_text(caveat: dict, names: dict[str, str], lang: str, say: Say) -> str:
    """Word the outflow caveat (see paid_caveat): the sender's reported fall beside its receivers' reported rise."""
    later = joined([say("remit.amount_in", amount=fmt_money(v, lang), year=y) for y, v in caveat["later"]], say)
    return say("remit.caveat", before=caveat["before"], after=caveat["after"], later=later,
               before_out=fmt_money(caveat["before_out"], lang), receivers=listed(caveat["receivers"], names),
               before_in=fmt_money(caveat["before_in"], lang), after_in=fmt_money(caveat["after_in"], lang))


def dependence_summary(shown: pd.DataFrame, measure: str, lang: str, say: Say) -> str:
    """Name the country with the highest value in the chart's last year, with that value."""
    peak = shown[shown["year"] == shown["year"].max()].nlargest(1, "value")
    if not len(peak):
        return say("remit.dep_summary_none")
    return say("remit.dep_summary", country=peak["name"].iloc[0], year=int(peak["year"].iloc[0]),
               value=measure_text(measure, peak["value"].iloc[0], lang, say))


def dependence_gaps(dep: dict, codes, vintage: str, names: dict[str, str], say: Say) -> list[str]:
    """Word what the dependence chart leaves out: aggregates, chosen codes without values, Turkmenistan's years."""
    notes = []
    if dep["aggregates"]:
        notes.append(say("remit.gap_aggregates", names=listed(dep["aggregates"], names), vintage=dep["official"]))
    if dep["missing"]:
        notes.append(say("remit.gap_no_values", names=listed(dep["missing"], names), vintage=vintage))
    if "TKM" in codes:
        spans = spans_text(dep["series"][dep["series"]["iso3"] == "TKM"]["year"])
        notes.append(say("remit.gap_tkm", years=spans) if spans else say("remit.gap_tkm_none"))
    return notes


def rank_labels(view: pd.DataFrame, lang: str, say: Say) -> pd.DataFrame:
    """Add each bar's label ('1. Tajikistan') and value text to a labelled ranking view."""
    return view.assign(label=[say("remit.rank.label", rank=r, country=c) for r, c in zip(view["rank"], view["name"])],
                       text=[share_text(v, lang) for v in view["value"]])


def rank_summary(view: pd.DataFrame, ranked: pd.DataFrame, year: int, lang: str, say: Say, top: int = TOP_N) -> str:
    """Say who ranks first of how many economies, and how many Central Asian countries are in the top."""
    return say("remit.rank.summary", country=view["name"].iloc[0], n=fmt_number(len(ranked), lang), year=year,
               value=share_text(view["value"].iloc[0], lang), k=len(in_top(ranked, k=top)), top=top)


def rank_lines(ranked: pd.DataFrame, names: dict[str, str], year: int, lang: str, say: Say,
               codes=CENTRAL_ASIA) -> list[str]:
    """Word each country's world rank in the year, or that it has no value then (a gap, not a low rank)."""
    lines = []
    for code in codes:
        row = rank_of(ranked, code)
        lines.append(say("remit.rank.line", country=names[code], rank=ordinal(int(row["rank"]), lang),
                         n=fmt_number(row["n"], lang), value=share_text(row["value"], lang))
                     if row else say("remit.rank.none", country=names[code], year=year))
    return lines


def source_view(bilateral: pd.DataFrame, names: dict[str, str], lang: str, say: Say) -> pd.DataFrame:
    """Return the sending shares worded for the chart: sources, amounts in US$ millions and the modelled note."""
    sources = {c: say("remit.src.from", country=names[c]) for c in ("RUS", "KAZ")} | {"other": say("remit.src.other")}
    amount = partial(modelled_amount, lang=lang, say=say)
    return share_view(bilateral, names, sources, amount, say("remit.note.modelled", year=int(bilateral["year"].max())))


def modelled_amount(usd_m: float, lang: str, say: Say) -> str:
    """Word a modelled amount given in US$ millions."""
    return say("remit.src.amount", amount=fmt_money(usd_m * 1e6, lang, "m"))


def source_summary(shares: pd.DataFrame, names: dict[str, str], lang: str, say: Say) -> str:
    """Name the receiver with the largest share from Russia (all-attributed receivers left out)."""
    most = biggest_from(shares)
    return say("remit.src.summary", country=most["iso3"], share=share_text(most["share"], lang))


def corridor_view(costs: pd.DataFrame, names: dict[str, str], say: Say, lang: str = "en") -> pd.DataFrame:
    """Return the quarterly corridor costs from Russia, labelled with names, a note and the quarter in words."""
    out = labelled(corridor_series(costs).assign(flag="rpw"), names, {"rpw": say("remit.cost.corr_hover_note")})
    return out.assign(when=[fmt_quarter(y, q, lang) for y, q in zip(out["year"], out["quarter"])])


def average_view(cost_by_country: pd.DataFrame, names: dict[str, str], say: Say, lang: str = "en") -> pd.DataFrame:
    """Return the yearly average costs, each line named by its direction ('To Kazakhstan', «Из России»), with the
    vintage note."""
    avg = cost_series(cost_by_country).assign(flag="avg")
    avg = labelled(avg, names, {"avg": say("remit.cost.avg_hover_note", vintage=avg["vintage"].iloc[0])})
    lines = [capitalised(decline(c, d, lang)) for d, c in zip(avg["direction"], avg["iso3"])]  # d: "to" or "from"
    return avg.assign(name=lines)


def capitalised(text: str) -> str:
    """Start a label with a capital (a declined name opens with a preposition: 'to Kazakhstan', «в Казахстан»)."""
    return text[:1].upper() + text[1:]


def other_senders(costs: pd.DataFrame, sender: str = "RUS", receivers=CENTRAL_ASIA) -> list[str]:
    """Return the other sending countries whose corridors into the receivers the corridor table prices."""
    rows = costs[costs["receiving_iso3"].isin(receivers) & (costs["sending_iso3"] != sender)].dropna(subset=["value"])
    return sorted(rows["sending_iso3"].unique().tolist())


def corridor_summary(corridors: pd.DataFrame, names: dict[str, str], lang: str, say: Say) -> str:
    """Name the latest quarter's cheapest corridor and how many corridors met the SDG 10.c target."""
    best = cheapest(corridors)
    return say("remit.cost.corr_summary", period=fmt_quarter(best["year"], best["quarter"], lang), country=best["iso3"],
               sender="RUS", value=share_text(best["value"], lang, 2), met=best["met"], n=best["n"],
               target=share_text(SDG_TARGET, lang, 0))


def average_summary(avg: pd.DataFrame, lang: str, say: Say) -> str:
    """Say what sending money from Russia and to the dearest receiver cost on average in the latest year."""
    last = avg[avg["year"] == avg["year"].max()]
    rus, to = last[last["direction"] == "from"], last[last["direction"] == "to"].nlargest(1, "value")
    if rus.empty or to.empty:
        return ""
    return say("remit.cost.avg_summary", year=int(last["year"].iloc[0]), value=share_text(rus["value"].iloc[0], lang, 2),
               country=to["iso3"].iloc[0], dearest=share_text(to["value"].iloc[0], lang, 2))
