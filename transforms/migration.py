"""Reshaping for the migration page: women and men, totals, corridors, partners, sankey links, arcs, trends, the
revision comparison and labour figures."""
from __future__ import annotations

import math
import re
from functools import partial
from typing import Callable

import pandas as pd

from charts.theme import fmt_number, fmt_pct
from geo.countries import CENTRAL_ASIA, FOCUS, is_known, name, point

Say = Callable[..., str]  # t(key, **values): the page passes it in, so sentences are built here without Streamlit

DIRECTIONS: tuple[str, ...] = ("out", "in")  # emigrants by destination / immigrants by origin
SEXES: tuple[str, ...] = ("all", "female", "male")
UNKNOWN = "OOO"  # the UN's "other / unknown" origin: counted in a destination's total, never on a map
# Used only while geo/countries.csv has no OOO row (country names belong there; once it has one, it wins).
UNKNOWN_NAMES = {"en": "Other / unknown origin", "ru": "Другие / неизвестно"}
SHARE_COLUMNS: tuple[str, ...] = ("female", "male", "female_share")  # carried by views when the stock has them
MEASURE_ORDER: tuple[str, ...] = ("emigrants", "immigrants", "corridor")  # the revision comparison's rows
# For each direction: (column holding the chosen country, column holding its partners).
SIDES = {"out": ("origin_iso3", "destination_iso3"), "in": ("destination_iso3", "origin_iso3")}
OTHER = "OTHER"  # sankey node for the small partners grouped together
ALL_FOREIGN = "ALL"  # labour_migration: all foreign citizens
BASE_YEARS: tuple[int, ...] = (2000, 2010)
ARC_TOP = 12  # largest corridors drawn per country on the flow map; more arcs turn into a hairball
MONTH_FORM = {"jan_to_early": "month_gen"}  # Russian needs the genitive after "до начала"
ENDS = {"origin_iso3": "origin", "destination_iso3": "destination"}  # the name column of each end of a corridor
LINK_COLUMNS: tuple[str, ...] = ("origin", "destination", "year", "value")  # what the arc and sankey tables show
CORRIDOR_NUMBERS = ("migrants", "female_share", "change_2000", "change_2000_pct", "change_2010", "change_2010_pct",
                    "remit_back")
TREND_KINDS: tuple[str, ...] = ("total", "share")  # people abroad, and the share of them living in Russia

# Labour figures are different things; each family gets its own marker, never a line across them.
MEASURE_FAMILY: dict[str, str] = {
    "labour_migrants_departed_abroad": "departures", "labour_migrants_departed_abroad_women": "departures",
    "labour_migrants_departed_to_KAZ": "departures", "labour_migrants_departed_to_RUS": "departures",
    "citizens_in_labour_migration_abroad": "presence", "citizens_present_in_RUS": "presence",
    "migration_registrations_in_RUS": "registrations", "work_patents_issued": "patents",
    "entered_RUS_for_work": "entries", "fsb_entries_purpose_work": "entries", "fsb_entries_all_purposes": "entries",
    "entries_purpose_work": "entries", "mvd_arrivals_in_RUS": "entries", "mvd_foreign_arrivals": "entries",
    "mvd_arrivals_in_RUS_share_for_work_pct": "shares", "mvd_foreign_arrivals_share_pct": "shares",
}
# Published periods, as written in the file, mapped to a message key and its values (so Russian reads Russian).
PERIODS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"^(?P<year>\d{4}) full year$"), "full_year"),
    (re.compile(r"^(?P<year>\d{4}) Jan-(?P<month>[A-Z][a-z]{2})$"), "jan_to"),
    (re.compile(r"^(?P<year>\d{4}) Jan to early (?P<month>[A-Z][a-z]{2})$"), "jan_to_early"),
    (re.compile(r"^as of (?P<month>[A-Z][a-z]+) (?P<year>\d{4})$"), "as_of"),
)


def by_sex(stock: pd.DataFrame, sex: str = "all") -> pd.DataFrame:
    """Return the stock with value = the chosen sex's count (all = female + male) and, on every row, the pair's
    female_share (% of its total; NaN where the total is 0), so every view below works for women or men alike."""
    if sex not in SEXES:
        raise ValueError(f"sex must be one of {SEXES}, not {sex!r}")
    out = stock.copy()
    total = out["female"] + out["male"]
    out["female_share"] = (100 * out["female"] / total.where(total > 0)).astype(float)
    out["value"] = total if sex == "all" else out[sex]
    return out


def years(stock: pd.DataFrame) -> list[int]:
    """Return the years the stock holds, oldest first (1990, 1995, ..., 2020, 2024: not evenly spaced)."""
    return sorted(int(y) for y in stock["year"].dropna().unique())


def latest_year(stock: pd.DataFrame) -> int:
    """Return the stock's latest year (the default year of every view)."""
    return int(stock["year"].max())


def total(stock: pd.DataFrame, iso3: str, direction: str, year: int) -> float:
    """Return a country's emigrant ('out') or immigrant ('in') total in a year: the sum of all its rows in the file,
    the UN's 'other / unknown' origin included."""
    own = SIDES[direction][0]
    return float(stock.loc[(stock[own] == iso3) & (stock["year"] == year), "value"].sum())


def totals(stock: pd.DataFrame, direction: str, codes=FOCUS) -> pd.DataFrame:
    """Return each country's emigrant or immigrant total per year (iso3, year, value: the sum of its rows) and how
    many partners with at least one person it was summed over."""
    own, other = SIDES[direction]
    rows = stock[stock[own].isin(list(codes))]
    out = rows.groupby([own, "year"], as_index=False).agg(value=("value", "sum"),
                                                           partners=("value", lambda v: int((v > 0).sum())))
    return out.rename(columns={own: "iso3"}).sort_values(["iso3", "year"], ignore_index=True)


def female_share_of_emigrants(stock: pd.DataFrame, origins=CENTRAL_ASIA) -> pd.DataFrame:
    """Return, per origin and year, women among people born there living abroad: iso3, year, female, total and
    female_share (%), summed over every destination in the file (NaN share where the total is 0)."""
    rows = stock[stock["origin_iso3"].isin(list(origins))]
    out = rows.groupby(["origin_iso3", "year"], as_index=False)[["female", "male"]].sum()
    out["total"] = out["female"] + out["male"]
    out["female_share"] = (100 * out["female"] / out["total"].where(out["total"] > 0)).astype(float)
    out = out.rename(columns={"origin_iso3": "iso3"})[["iso3", "year", "female", "total", "female_share"]]
    return out.sort_values(["iso3", "year"], ignore_index=True)


def women_among_emigrants(stock: pd.DataFrame, iso3: str, year: int | None = None) -> dict | None:
    """Return the women among a country's emigrants in a year (default: the latest with any emigrant):
    {"iso3", "year", "share" (%), "female", "total"}, or None when the file holds no emigrant of it."""
    shares = female_share_of_emigrants(stock, [iso3]).dropna(subset=["female_share"])
    shares = shares if year is None else shares[shares["year"] == year]
    if shares.empty:
        return None
    last = shares.iloc[-1]
    return {"iso3": iso3, "year": int(last["year"]), "share": float(last["female_share"]),
            "female": float(last["female"]), "total": float(last["total"])}


def revision_table(comparison: pd.DataFrame, codes=FOCUS) -> pd.DataFrame:
    """Return the revision comparison as a small tidy table: iso3, measure (emigrants, immigrants, corridor),
    partner_iso3 ('' for totals), rev2020, rev2024, change (2024 revision minus 2020 revision) and change_pct."""
    out = comparison[comparison["iso3"].isin(list(codes))].copy()
    out["partner_iso3"] = out["partner_iso3"].fillna("").astype(str)
    out["change"] = out["rev2024"] - out["rev2020"]
    out["change_pct"] = 100 * out["change"] / out["rev2020"].where(out["rev2020"] > 0)
    order = {c: i for i, c in enumerate(codes)} | {m: i for i, m in enumerate(MEASURE_ORDER)}
    out = out.sort_values(["measure", "iso3"], key=lambda s: s.map(order), ignore_index=True)
    return out[["iso3", "measure", "partner_iso3", "year", "rev2020", "rev2024", "change", "change_pct"]]


def place_name(code: str, lang: str) -> str:
    """Name a country (or the UN's other / unknown origin) in lang; an unknown code stays a code."""
    if code == UNKNOWN and not is_known(code):
        return UNKNOWN_NAMES.get(lang, UNKNOWN_NAMES["en"])
    return name(code, lang)


def _carried(frame: pd.DataFrame) -> list[str]:
    """The women-and-men columns a frame has (a stock made by by_sex has them; older frames do not)."""
    return [c for c in SHARE_COLUMNS if c in frame.columns]


def partners(stock: pd.DataFrame, iso3: str, direction: str, year: int) -> pd.DataFrame:
    """Return a country's partners in one year (iso3, year, value, share % of the country's total, and female,
    male, female_share when the stock has them), largest first. A row of 0 is a definite absence, not a partner."""
    own, other = SIDES[direction]
    rows = stock[(stock[own] == iso3) & (stock["year"] == year) & (stock["value"] > 0)]
    out = rows.rename(columns={other: "iso3"})[["iso3", "year", "value", *_carried(rows)]].copy()
    out["share"] = 100 * out["value"] / out["value"].sum() if len(out) else []
    return out.sort_values("value", ascending=False, ignore_index=True)


def partner_codes(stock: pd.DataFrame, iso3: str, direction: str) -> set[str]:
    """Return every partner a country has in the file, any year."""
    own, other = SIDES[direction]
    return set(stock.loc[stock[own] == iso3, other])


def coverage_limited(stock: pd.DataFrame, iso3: str, direction: str, within=CENTRAL_ASIA) -> bool:
    """Tell whether the file holds partners of a country only inside `within` (so everyone else is a gap)."""
    codes = partner_codes(stock, iso3, direction)
    return bool(codes) and codes <= set(within)


def outside(frame: pd.DataFrame, shown: set[str]) -> tuple[int, float]:
    """Return how many partners, and how many people, fall outside a map's drawn countries."""
    rest = frame[~frame["iso3"].isin(shown)]
    return len(rest), float(rest["value"].sum())


def with_names(frame: pd.DataFrame, columns: dict[str, str], lang: str) -> pd.DataFrame:
    """Add a name column (in lang) for each ISO3 column, e.g. {"iso3": "name"}; OTHER and ALL stay codes."""
    out = frame.copy()
    for code_col, name_col in columns.items():
        out[name_col] = [place_name(c, lang) for c in out[code_col]]
    return out


def sankey_links(stock: pd.DataFrame, origins, year: int, top: int = 8) -> pd.DataFrame:
    """Return origin -> destination links for a year; destinations outside the top N overall become OTHER (with the
    female share of each link when the stock has women and men)."""
    rows = stock[stock["origin_iso3"].isin(list(origins)) & (stock["year"] == year) & (stock["value"] > 0)]
    keep = rows.groupby("destination_iso3")["value"].sum().nlargest(top).index
    dest = rows["destination_iso3"].where(rows["destination_iso3"].isin(keep), OTHER)
    summed = ["value", *[c for c in ("female", "male") if c in rows.columns]]
    links = rows.assign(destination_iso3=dest).groupby(["origin_iso3", "destination_iso3"], as_index=False)[summed].sum()
    if "female" in links and "male" in links:
        both = links["female"] + links["male"]
        links["female_share"] = (100 * links["female"] / both.where(both > 0)).astype(float)
    return links.assign(year=year).sort_values(["origin_iso3", "value"], ascending=[True, False], ignore_index=True)


def corridors(stock: pd.DataFrame, remit: pd.DataFrame, year: int) -> pd.DataFrame:
    """Every corridor with migrants in a year, its change since 2000 and 2010, and modelled money sent back."""
    wide = stock.pivot_table(index=["origin_iso3", "destination_iso3"], columns="year", values="value", aggfunc="sum")
    out = wide[[year]].rename(columns={year: "migrants"}).dropna().reset_index()
    out = out[out["migrants"] > 0].reset_index(drop=True)  # a 0 is a definite absence, not a corridor
    for base in BASE_YEARS:
        before = wide[base].reindex(pd.MultiIndex.from_frame(out[["origin_iso3", "destination_iso3"]])) \
            if base in wide else pd.Series(math.nan, index=out.index)
        before = pd.Series(before.to_numpy(), index=out.index)
        # A pair missing in the base year is a gap, not zero; a base after the chosen year has no change to show;
        # a change from a true zero has no percentage.
        valid = year > base
        out[f"change_{base}"] = (out["migrants"] - before) if valid else math.nan
        out[f"change_{base}_pct"] = (100 * (out["migrants"] - before) / before.where(before > 0)) if valid else math.nan
    money = remit.rename(columns={"sender_iso3": "destination_iso3", "receiver_iso3": "origin_iso3", "value": "remit_back"})
    out = out.merge(money[["origin_iso3", "destination_iso3", "remit_back", "flag"]], how="left")
    if "female_share" in stock:
        shares = stock[stock["year"] == year][["origin_iso3", "destination_iso3", "female_share"]]
        out = out.merge(shares.drop_duplicates(["origin_iso3", "destination_iso3"]), how="left")
    return out.assign(year=year).sort_values("migrants", ascending=False, ignore_index=True)


def corridors_of(table: pd.DataFrame, iso3: str, direction: str) -> pd.DataFrame:
    """Keep the corridors of one country in one direction."""
    return table[table[SIDES[direction][0]] == iso3].reset_index(drop=True)


def flow_arcs(stock: pd.DataFrame, countries, direction: str, year: int, top: int = ARC_TOP) -> pd.DataFrame:
    """Arcs origin capital -> destination capital for the largest `top` partners of each country (NaN: no point)."""
    own, other = SIDES[direction]
    rows = stock[stock[own].isin(list(countries)) & (stock["year"] == year) & (stock["value"] > 0)]
    rows = rows.sort_values("value", ascending=False).groupby(own).head(top)
    arcs = rows[["origin_iso3", "destination_iso3", "year", "value", *_carried(rows)]].reset_index(drop=True)
    for end, col in (("source", "origin_iso3"), ("target", "destination_iso3")):
        points = [point(c) or (math.nan, math.nan) for c in arcs[col]]
        arcs[f"{end}_lon"], arcs[f"{end}_lat"] = [p[0] for p in points], [p[1] for p in points]
    return arcs.assign(width=arc_widths(arcs["value"]))


def in_frame(arcs: pd.DataFrame, lon: tuple[float, float], lat: tuple[float, float]) -> pd.DataFrame:
    """Keep arcs with both ends inside a map frame (an arc to a point off the map, or to no point, misleads)."""
    inside = pd.Series(True, index=arcs.index)
    for end in ("source", "target"):
        inside &= arcs[f"{end}_lon"].between(*lon) & arcs[f"{end}_lat"].between(*lat)  # NaN -> False
    return arcs[inside].reset_index(drop=True)


def arc_widths(values: pd.Series, thinnest: float = 1.0, widest: float = 12.0) -> pd.Series:
    """Scale arc widths by the square root of migrants (area-like), so one corridor does not hide the rest."""
    top = values.max() if len(values) else 0
    if not top:
        return pd.Series([thinnest] * len(values), index=values.index, dtype=float)
    return thinnest + (widest - thinnest) * (values / top) ** 0.5


def emigrant_totals(stock: pd.DataFrame, origins=CENTRAL_ASIA) -> pd.DataFrame:
    """Return people born in each origin living abroad, per year (sum over destinations in the file)."""
    rows = stock[stock["origin_iso3"].isin(list(origins))]
    return rows.groupby(["origin_iso3", "year"], as_index=False)["value"].sum().rename(columns={"origin_iso3": "iso3"})


def russia_share(stock: pd.DataFrame, origins=CENTRAL_ASIA) -> pd.DataFrame:
    """Return, per origin and year, emigrants living in Russia, all emigrants and the share in Russia (%)."""
    totals = emigrant_totals(stock, origins).rename(columns={"value": "total"})
    rus = stock[(stock["destination_iso3"] == "RUS") & stock["origin_iso3"].isin(list(origins))]
    rus = rus.rename(columns={"origin_iso3": "iso3", "value": "in_russia"})[["iso3", "year", "in_russia"]]
    out = totals.merge(rus, on=["iso3", "year"], how="left")
    return out.assign(share=100 * out["in_russia"] / out["total"])[["iso3", "year", "in_russia", "total", "share"]]


def period_parts(period: str) -> tuple[str, dict[str, str]] | None:
    """Split a published period ('2018 Jan-Sep') into a message key and its values; None when unknown."""
    for pattern, key in PERIODS:
        match = pattern.match(str(period).strip())
        if match:
            return key, match.groupdict()
    return None


def period_name(period: str, say) -> str:
    """Word a published period in the reader's language via say(key, **values); unknown patterns stay as published."""
    parts = period_parts(period)
    if parts is None:
        return str(period)
    key, values = parts
    if "month" in values:
        values = {**values, "month": say(f"migration.{MONTH_FORM.get(key, 'month')}.{values['month']}")}
    return say(f"migration.period.{key}", **values)


def labour_labels(rows: pd.DataFrame, say) -> pd.DataFrame:
    """Add period_name, measure_name and a row label ('period · measure') worded by say (the page passes t)."""
    out = rows.copy()
    out["period_name"] = [period_name(p, say) for p in out["period"]]
    out["measure_name"] = [say(f"migration.measure.{m}") for m in out["measure"]]
    return out.assign(label=out["period_name"] + " · " + out["measure_name"])


def year_span(years: pd.Series) -> str:
    """Return '2018–2025', or '2023' when all years are the same."""
    lo, hi = int(years.min()), int(years.max())
    return str(lo) if lo == hi else f"{lo}–{hi}"


def labour_rows(labour: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """Return the published figures for one origin (Russia means all foreign citizens), with measure family."""
    code = ALL_FOREIGN if iso3 == "RUS" else iso3
    rows = labour[labour["origin_iso3"] == code].copy()
    rows["family"] = rows["measure"].map(MEASURE_FAMILY).fillna("entries")
    return rows.sort_values(["year", "family", "measure"], ignore_index=True)


def split_shares(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split labour rows into counts of people and shares in per cent (they cannot share an axis)."""
    is_share = rows["family"] == "shares"
    return rows[~is_share].reset_index(drop=True), rows[is_share].reset_index(drop=True)


def latest_pair(totals: pd.DataFrame, iso3: str) -> tuple[pd.Series, pd.Series] | None:
    """Return the first and last rows of one country's series, for a 'from ... to ...' sentence."""
    rows = totals[totals["iso3"] == iso3].sort_values("year")
    return (rows.iloc[0], rows.iloc[-1]) if len(rows) else None


def labelled(frame: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Keep the given columns, in order, under their (translated) headers: the table and CSV a reader sees."""
    return frame[list(labels)].rename(columns=labels)


def clicked_iso3(event) -> str | None:
    """Return the country a map click picked: a plotly choropleth point or a pydeck object with iso3."""
    selection = (event or {}).get("selection") or {}
    for point in selection.get("points") or []:
        if point.get("location"):
            return str(point["location"])
    for objects in (selection.get("objects") or {}).values():
        for obj in objects:
            props = obj.get("properties") or obj
            if props.get("iso3"):
                return str(props["iso3"])
    return None


# Text for the page: numbers formatted with charts.theme, sentences worded by `say` (the page's t).

def people(value: float, lang: str) -> str:
    """Format a count of people: whole number, the language's thousands mark."""
    return fmt_number(value, lang)


def percent(value: float, lang: str) -> str:
    """Format a value already in per cent, one decimal."""
    return fmt_pct(value, lang)


def millions(value: float, lang: str) -> str:
    """Format an amount in US$ millions, one decimal."""
    return fmt_number(value, lang, 1)


def cap(text: str) -> str:
    """Capitalise the first letter of a phrase that starts a sentence (names keep their own capitals)."""
    return text[:1].upper() + text[1:]


def partner_view(stock: pd.DataFrame, iso3: str, direction: str, year: int, lang: str) -> pd.DataFrame:
    """Return a country's partners (see partners) with names and the texts the map's hover shows."""
    part = with_names(partners(stock, iso3, direction, year), {"iso3": "name"}, lang)
    part = part.assign(value_text=part["value"].map(partial(people, lang=lang)),
                       share_text=part["share"].map(partial(percent, lang=lang)), year_text=str(year))
    if "female_share" in part:
        part["female_share_text"] = part["female_share"].map(partial(percent, lang=lang))
    return part


def zero_partners(stock: pd.DataFrame, iso3: str, direction: str, year: int) -> list[str]:
    """Return the partners the file records with 0 people in a year (a definite absence, unlike a missing pair)."""
    own, other = SIDES[direction]
    rows = stock[(stock[own] == iso3) & (stock["year"] == year) & (stock["value"] == 0)]
    return sorted(rows[other])


def map_summary(part: pd.DataFrame, who: str, direction: str, year: int, lang: str, say: Say) -> str:
    """Word the map: the total (every row, other or unknown origin included and said), in how many countries, and
    the largest partner with its share. who: the people counted ("people born in Uzbekistan")."""
    known = part[part["iso3"] != UNKNOWN]
    unknown = float(part.loc[part["iso3"] == UNKNOWN, "value"].sum())
    top = known.iloc[0] if len(known) else part.iloc[0]
    extra = say("migration.map.unknown_part", value=people(unknown, lang)) if unknown else ""
    return say(f"migration.map.summary_{direction}", who=cap(who), year=year, total=people(part["value"].sum(), lang),
               unknown=extra, n=len(known), top=top["iso3"], top_value=people(top["value"], lang),
               top_share=percent(top["share"], lang))


def outside_note(part: pd.DataFrame, shown: set[str], lang: str, say: Say) -> str | None:
    """Say how many partner countries, and people, fall outside the map's drawn countries (None when none do); the
    other or unknown origin is said apart (unknown_note)."""
    n_out, people_out = outside(part[part["iso3"] != UNKNOWN], shown)
    return say("migration.map.beyond", n=n_out, people=people(people_out, lang)) if n_out else None


def unknown_note(part: pd.DataFrame, lang: str, say: Say) -> str | None:
    """Say how many people the UN counts with an other or unknown origin (in the total, on no map), or None."""
    unknown = float(part.loc[part["iso3"] == UNKNOWN, "value"].sum())
    return say("migration.map.unknown", people=people(unknown, lang)) if unknown else None


def arc_view(largest: pd.DataFrame, frame: dict, year: int, lang: str, say: Say) -> pd.DataFrame:
    """Keep the arcs inside a map frame (lon, lat ranges), name both ends and word each arc's tooltip (with the
    female share of the corridor when the stock has it)."""
    arcs = with_names(in_frame(largest, frame["lon"], frame["lat"]), ENDS, lang)
    shares = arcs["female_share"] if "female_share" in arcs else pd.Series(math.nan, index=arcs.index)
    arcs["female_share_text"] = shares.map(partial(percent, lang=lang))
    arcs["tip"] = [say("migration.flow.tooltip", origin=o, destination=d, value=people(v, lang), year=year, female=f)
                   for o, d, v, f in zip(arcs["origin"], arcs["destination"], arcs["value"], arcs["female_share_text"])]
    return arcs


def arc_labels(arcs: pd.DataFrame, direction: str, every: bool, lang: str, say: Say, top: int = 5) -> pd.DataFrame:
    """Label the largest arcs at the partner's end with its name and people; with every country drawn, the partners
    the most people go to (or come from), with the total of the arcs ending there (per-arc labels would overlap)."""
    end, partner = ("target" if direction == "out" else "source"), ENDS[SIDES[direction][1]]
    where = [partner, f"{end}_lon", f"{end}_lat"]
    rows = arcs.groupby(where, as_index=False)["value"].sum() if every else arcs[[*where, "value"]]
    rows = rows.sort_values("value", ascending=False)
    labels = pd.DataFrame({"label": [say("migration.flow.label", name=n, value=people(v, lang))
                                     for n, v in zip(rows[partner], rows["value"])],
                           "label_lon": rows[f"{end}_lon"].to_numpy(), "label_lat": rows[f"{end}_lat"].to_numpy()})
    return apart(labels).head(top).reset_index(drop=True)


def apart(labels: pd.DataFrame, per_char: float = 1.3, high: float = 3.5) -> pd.DataFrame:
    """Keep labels (largest first) that do not overlap one kept before, in degrees at the flow map's opening zoom
    (about 1.3 degrees of longitude per character and 3.5 of latitude per line)."""
    kept: list[int] = []
    for i, row in labels.iterrows():
        clash = any(abs(row["label_lon"] - labels.at[j, "label_lon"]) < per_char * (len(row["label"]) +
                    len(labels.at[j, "label"])) / 2 and abs(row["label_lat"] - labels.at[j, "label_lat"]) < high
                    for j in kept)
        if not clash:
            kept.append(i)
    return labels.loc[kept]


def nice_below(value: float) -> float:
    """Return the largest 1, 2 or 5 times a power of ten not above value (0 for nothing)."""
    if value < 1:
        return 0.0
    power = 10 ** math.floor(math.log10(value))
    return max(m * power for m in (1, 2, 5) if m * power <= value)


def width_key(values: pd.Series, lang: str, say: Say) -> list[tuple[float, str]]:
    """Return the flow map's key: (arc width in pixels, label) for round numbers under the widest arc, as drawn."""
    top = float(values.max()) if len(values) else 0.0
    steps = sorted({nice_below(top / f) for f in (1, 10, 100)} - {0.0})
    widths = arc_widths(pd.Series([*steps, top], dtype=float))[:-1]  # scaled against the widest arc, as the map is
    return [(float(w), say("migration.flow.key_value", value=people(v, lang))) for w, v in zip(widths, steps)]


def flow_summary(arcs: pd.DataFrame, year: int, lang: str, say: Say) -> str:
    """Name the widest arc drawn, with its people, and how many arcs are drawn."""
    widest = arcs.loc[arcs["value"].idxmax()]
    return say("migration.flow.summary", origin=widest["origin"], destination=widest["destination"],
               value=people(widest["value"], lang), year=year, n=len(arcs))


def sankey_labels(links: pd.DataFrame, lang: str, other: str) -> dict[str, str]:
    """Name every node of the sankey in lang; the grouped small partners read `other`."""
    codes = {*links["origin_iso3"], *links["destination_iso3"]}
    return {c: place_name(c, lang) for c in codes} | {OTHER: other}


def named_links(links: pd.DataFrame, labels: dict[str, str], lang: str = "en") -> pd.DataFrame:
    """Add the origin and destination names the sankey shows, and the female share as text (for hover and table)."""
    out = links.assign(origin=links["origin_iso3"].map(labels), destination=links["destination_iso3"].map(labels))
    if "female_share" in out:
        out["female_share_text"] = out["female_share"].map(partial(percent, lang=lang))
    return out


def destination_totals(links: pd.DataFrame) -> pd.Series:
    """Return the sankey's people per destination, largest first (the small partners grouped as OTHER)."""
    return links.groupby("destination_iso3")["value"].sum().sort_values(ascending=False)


def sankey_summary(links: pd.DataFrame, who: str, year: int, lang: str, say: Say) -> str:
    """Word the sankey: everyone abroad, and how many of them (and what share) live in the largest destination."""
    dest = destination_totals(links)
    named = dest.drop(OTHER, errors="ignore")  # "other countries" grouped is no place to name
    return say("migration.sankey.summary", who=cap(who), year=year, total=people(dest.sum(), lang),
               rus=people(named.iloc[0], lang), share=percent(100 * named.iloc[0] / dest.sum(), lang),
               top=named.index[0])


def bars_summary(top: pd.DataFrame, lang: str, say: Say) -> str:
    """Word the partner bars: the share the partners shown hold, and the largest with its people."""
    return say("migration.bars.summary", n=len(top), share=percent(top["share"].sum(), lang), top=top.iloc[0]["name"],
               value=people(top.iloc[0]["value"], lang))


def corridor_view(stock: pd.DataFrame, remit: pd.DataFrame, year: int, iso3: str, direction: str, every: bool,
                  lang: str, modelled: str) -> pd.DataFrame:
    """Return the year's corridor table (every corridor, or one country's side), both ends named, flag worded."""
    table = corridors(stock, remit, year)
    table = table if every else corridors_of(table, iso3, direction)
    return with_names(table, ENDS, lang).assign(flag=table["flag"].map({"modelled": modelled}).fillna(""))


def corridor_columns(year: int) -> tuple[str, ...]:
    """Return the corridor table's columns for a year: a change since a base year only when the year is later."""
    changes = [c for base in BASE_YEARS if year > base for c in (f"change_{base}", f"change_{base}_pct")]
    return ("origin", "destination", "year", "migrants", "female_share", *changes, "remit_back", "flag")


GAP = -math.inf  # a gap in the data grid: sorts below every number and shows as "–" (a null would show as "None")


def for_grid(frame: pd.DataFrame, numbers) -> pd.DataFrame:
    """Return a copy for the data grid whose number columns hold GAP instead of NaN (downloads keep NaN: empty)."""
    cols = [c for c in numbers if c in frame]
    return frame.assign(**{c: frame[c].astype(float).fillna(GAP) for c in cols})


def corridor_formats(headers: dict[str, str], lang: str) -> dict[str, Callable]:
    """Return a formatter per number column of the corridor table, keyed by its header: %, US$ millions or people;
    a gap reads "–"."""
    kinds = {c: percent if c.endswith(("_pct", "_share")) else millions if c == "remit_back" else people
             for c in CORRIDOR_NUMBERS}
    return {headers[c]: partial(_or_dash, kind, lang) for c, kind in kinds.items() if c in headers}


def _or_dash(kind: Callable, lang: str, value) -> str:
    """Format a number, or "–" for a gap (NaN or GAP)."""
    gap = value is None or (isinstance(value, float) and (math.isnan(value) or value == GAP))
    return "–" if gap else kind(value, lang)


def trend_focus(shares: pd.DataFrame, iso3: str) -> str:
    """Return the country a trend sentence is about: the chosen one, or (Russia, no origin here) the largest origin."""
    return iso3 if iso3 in set(shares["iso3"]) else shares.sort_values("total").iloc[-1]["iso3"]


def trend_summaries(shares: pd.DataFrame, iso3: str, names: dict[str, str], lang: str, say: Say) -> dict[str, str]:
    """Word each trend's first and last value for a country (Russia, not an origin here: the largest origin)."""
    focus = trend_focus(shares, iso3)
    first, last = latest_pair(shares, focus)
    formats = {"total": people, "share": percent}
    return {kind: say(f"migration.trend.summary_{kind}", country=names[focus], first=formats[kind](first[kind], lang),
                      y0=int(first["year"]), last=formats[kind](last[kind], lang), y1=int(last["year"]))
            for kind in TREND_KINDS}


def female_summary(shares: pd.DataFrame, iso3: str, lang: str, say: Say) -> str:
    """Word the female share of emigrants in the latest year: the lowest and highest country, and the chosen one."""
    year = int(shares["year"].max())
    latest = shares[shares["year"] == year].dropna(subset=["female_share"]).sort_values("female_share")
    low, high = latest.iloc[0], latest.iloc[-1]
    focus = latest[latest["iso3"] == trend_focus(latest, iso3)].iloc[0]
    return say("migration.trend.summary_female", year=year, low=percent(low["female_share"], lang),
               low_country=place_name(low["iso3"], lang), high=percent(high["female_share"], lang),
               high_country=place_name(high["iso3"], lang), country=place_name(focus["iso3"], lang),
               value=percent(focus["female_share"], lang))


def labour_view(labour: pd.DataFrame, iso3: str, lang: str, say: Say) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return one origin's published counts, worded and with value texts, and its shares in per cent apart."""
    counts, shares = split_shares(labour_labels(labour_rows(labour, iso3), say))
    return counts.assign(text=counts["value"].map(partial(people, lang=lang))), shares


def share_lines(shares: pd.DataFrame, lang: str, say: Say) -> list[str]:
    """Word each published share: measure, period and value in per cent."""
    return [say("migration.labour.share_line", measure=r["measure_name"], period=r["period_name"],
                value=percent(r["value"], lang)) for _, r in shares.iterrows()]
