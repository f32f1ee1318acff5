"""The overview's pieces, pure: one card per country (its words) and the regional map of remittance dependence."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from charts.maps import choropleth
from charts.spec import Chart
from charts.theme import fmt_money, fmt_number, fmt_pct, separators
from figures import FigureContext
from geo.boundaries import GEOJSON_URL
from geo.countries import FOCUS, name
from transforms import migration as mg
from transforms import remittances as rm
from transforms.tip_sources import reported_by
from transforms.vintages import latest_vintage, official_vintage


@dataclass
class Card:
    """What one country's card says: its headline share (with the series it comes from) and its lines."""

    iso3: str
    name: str
    headline: dict | None  # {"year", "value", "change", "flag", "vintage", "official"} or None
    trend: list[float] = field(default_factory=list)
    trend_years: list[int] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    note: str | None = None  # a gap said on the card


def card_series(wdi: pd.DataFrame, iso3: str) -> tuple[pd.DataFrame, str | None, bool]:
    """Return the % of GDP series a card shows: the latest vintage's, unless the official one ends later (then that).

    A card never mixes vintages; it shows whichever single series reaches the most recent year (Turkmenistan: the
    official series ends in 2019, the computed one has only 1996).
    """
    latest, official = latest_vintage(wdi), official_vintage(wdi)
    computed = rm.indicator(wdi, rm.PCT, latest)
    published = rm.indicator(wdi, rm.PCT, official, published=True) if official else computed.iloc[0:0]
    last = lambda s: rm.last_year(s, iso3) or 0  # noqa: E731 - one-line helper
    if last(published) > last(computed):
        return published[published["iso3"] == iso3], official, True
    return computed[computed["iso3"] == iso3], latest, False


def pct(value: float, lang: str) -> str:
    """Write a share of GDP: two digits under 1%, one above, and "<0.01%" rather than a false zero."""
    if 0 < abs(value) < 0.005:
        return "<" + fmt_pct(0.01 if value > 0 else -0.01, lang, 2)
    return fmt_pct(value, lang, 2 if abs(value) < 1 else 1)


def last_run(series: pd.DataFrame) -> pd.DataFrame:
    """Keep a series' last run of consecutive years (a line must not join 1996 to 2010 as if they were neighbours)."""
    years = series["year"].astype(int).tolist()
    start = len(years) - 1
    while start > 0 and years[start - 1] == years[start] - 1:
        start -= 1
    return series.iloc[start:]


def card(fc: FigureContext, iso3: str) -> Card:
    """Build one country's card from the snapshot."""
    wdi, _ = fc.load("wdi_series")
    series, vintage, official = card_series(wdi, iso3)
    last = rm.latest_with_change(series, iso3)
    headline = {**last, "vintage": vintage, "official": official} if last else None
    lines = [money_line(fc, wdi, iso3), people_line(fc, iso3), tier_line(fc, iso3)]
    note = fc.t("overview.card.gap_tkm", year=last["year"], vintage=vintage) if iso3 == "TKM" and last else None
    trend = last_run(rm.trend(series, iso3))
    return Card(iso3, name(iso3, fc.lang), headline, trend["value"].tolist(), trend["year"].astype(int).tolist(), lines,
                note)


def money_line(fc: FigureContext, wdi: pd.DataFrame, iso3: str) -> str:
    """Say the remittances received in US$ in the latest year with a value."""
    money = rm.latest_with_change(rm.indicator(wdi, rm.USD, latest_vintage(wdi)), iso3)
    if not money:
        return fc.t("overview.card.usd_none")
    amount = fmt_money(money["value"], fc.lang, "bn" if money["value"] >= 1e9 else "m")
    return fc.t("overview.card.usd", amount=amount, year=money["year"])


def people_line(fc: FigureContext, iso3: str) -> str:
    """Say how many people born in the country live abroad (for Russia: how many immigrants live there), with the
    share of women; totals are the sum of every row in the file, 'other / unknown' included."""
    stock = mg.by_sex(fc.load("migrant_stock")[0])
    direction = "in" if iso3 == "RUS" else "out"
    year = mg.latest_year(stock)
    rows = mg.partners(stock, iso3, direction, year)
    if rows.empty:
        return fc.t("overview.card.emigrants_none")
    women = float(rows["female"].sum()) / float(rows["value"].sum()) * 100 if "female" in rows else None
    countries = int((rows["iso3"] != "OOO").sum())
    key = "overview.card.immigrants" if direction == "in" else "overview.card.emigrants"
    return fc.t(key, year=year, people=fmt_number(mg.total(stock, iso3, direction, year), fc.lang),
                n=fmt_number(countries, fc.lang), women=pct(women, fc.lang) if women is not None else "–")


def tier_line(fc: FigureContext, iso3: str) -> str:
    """Say the country's latest TIP Report tier, and who reported it when that was not the report itself."""
    tiers = fc.load("tip_tiers")[0]
    rows = tiers[tiers["iso3"] == iso3].dropna(subset=["tier"]).sort_values("report_year")
    if rows.empty:
        return fc.t("overview.card.tier_none")
    row = rows.iloc[-1]
    line = fc.t("overview.card.tier", year=int(row["report_year"]), tier=fc.t(f"overview.tier.{row['tier']}"))
    source = reported_by(row["evidence"], row["source"], fc.lang)
    return line + (" " + fc.t("overview.card.reported_by", source=source) if source else "")


def regional_map(fc: FigureContext, year: int | None = None) -> Chart:
    """The six countries coloured by remittances received as % of GDP in one year (the latest any of them has)."""
    wdi, prov = fc.load("wdi_series")
    latest = latest_vintage(wdi)
    share = rm.indicator(wdi, rm.PCT, latest)
    year = year or rm.latest_common_year(share)
    names = {c: name(c, fc.lang) for c in FOCUS}
    values = rm.labelled(rm.values_in_year(share, year), names,
                         {"computed": fc.t("remit.note.computed_pct", vintage=latest)})
    values["share"] = values["value"].map(lambda v: pct(v, fc.lang))
    fig = choropleth(values, fc.geojson(), value_col="value", title=fc.t("overview.map_title", year=year),
                     colorbar_title=fc.t("overview.map_colorbar"), hover_name_col="name", separators=separators(fc.lang),
                     hover_cols={"share": fc.t("overview.map_colorbar"), "when": fc.t("overview.map_year"),
                                 "note": fc.t("overview.map_note")}, name_prop=f"name_{fc.lang}", geojson_url=GEOJSON_URL)
    return Chart(key="overview_map", figure=fig, table=map_table(fc, values), provs=[prov], computed=True,
                 summary=map_summary(fc, values, year), filename=f"remittances_pct_gdp_{year}",
                 lines=map_lines(fc, values, year))


def map_table(fc: FigureContext, values: pd.DataFrame) -> pd.DataFrame:
    """The map's data with translated headings and its flags spelt out."""
    headers = {c: fc.t(f"remit.col.{c}") for c in ("iso3", "name", "year", "value", "vintage", "flag")}
    return rm.table(values, headers | {"value": fc.t("overview.map_colorbar")},
                    {"flag": {"computed": fc.t("remit.flag.computed")}})


def map_summary(fc: FigureContext, values: pd.DataFrame, year: int) -> str:
    """Say which country depends most and which least on remittances in the map's year."""
    top, low = values.nlargest(1, "value").iloc[0], values.nsmallest(1, "value").iloc[0]
    return fc.t("overview.map_summary", year=year, country=top["iso3"], value=top["share"], least=low["iso3"],
                least_value=low["share"])


def missing(values: pd.DataFrame) -> list[str]:
    """Return the six countries the map cannot colour (no value in its year)."""
    return [c for c in FOCUS if c not in set(values["iso3"])]


def map_lines(fc: FigureContext, values: pd.DataFrame, year: int) -> tuple[str, ...]:
    """At most three short lines for presenter mode and slides: the reading, and the gap if a country is blank."""
    gap = missing(values)
    lines = [map_summary(fc, values, year)]
    if gap:
        lines.append(fc.t("overview.map_gap", names=", ".join(name(c, fc.lang) for c in gap), year=year))
    return tuple(lines)
