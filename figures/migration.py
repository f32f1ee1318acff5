"""Pure builders of the migration page's charts (no Streamlit), on the UN DESA International Migrant Stock 2024.

Every builder takes the page's choices as keyword arguments: country (default: fc.country), direction ("out":
emigrants by destination, "in": immigrants by origin), year (default: the latest in the data), sex ("all", "female",
"male"). `partner_map` and `destinations` are the presenter story's "migration_map" and "destinations" steps.
The comparison of the 2020 and 2024 revisions is figures.sources.revision_comparison, the one builder both the
Sources page and this page draw; `revision_note` is this page's one line about it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from charts import flows, maps
from charts.spec import Chart
from charts.theme import COUNTRY_COLOURS, separators
from figures import FigureContext
from geo.boundaries import GEOJSON_URL, REGION_VIEW
from geo.countries import CENTRAL_ASIA, FOCUS, name
from loaders.provenance import Provenance
from transforms import migration as mg

MAP_VIEW = "wide"
TOP_BARS = 10


@dataclass(frozen=True)
class Choice:
    """The page's choices, checked against the data (an unknown value falls back to the default)."""

    country: str
    direction: str
    year: int
    sex: str


def stock(fc: FigureContext, sex: str = "all") -> tuple[pd.DataFrame, Provenance]:
    """Return the migrant stock with value = the chosen sex's count and each pair's female share, and its source."""
    frame, prov = fc.load("migrant_stock")
    return mg.by_sex(frame, sex if sex in mg.SEXES else "all"), prov


def years(fc: FigureContext) -> list[int]:
    """Return the years the migrant stock holds (1990, 1995, ..., 2020, 2024)."""
    return mg.years(fc.load("migrant_stock")[0])


def choose(fc: FigureContext, frame: pd.DataFrame, country=None, direction="out", year=None, sex="all") -> Choice:
    """Return the choices a builder draws: the context's country, out, the latest year and all sexes by default."""
    held = mg.years(frame)
    return Choice(country if country in FOCUS else fc.country, direction if direction in mg.DIRECTIONS else "out",
                  int(year) if year in held else held[-1], sex if sex in mg.SEXES else "all")


def heads(fc: FigureContext, *cols: str, **messages: str) -> dict[str, str]:
    """Translated headers for the columns a table shows (a column may take another column's message)."""
    return {c: fc.t(f"migration.col.{messages.get(c, c)}") for c in cols}


def who(fc: FigureContext, c: Choice) -> str:
    """The people a view counts, in words: "women born in Uzbekistan", «иммигранты, проживающие в Казахстане»."""
    return fc.t(f"migration.who.{c.direction}.{c.sex}", country=c.country)


def sex_suffix(fc: FigureContext, sex: str) -> str:
    """A title's mention of the sex shown: nothing for all, " (women)" or " (men)"."""
    return "" if sex == "all" else " " + fc.t(f"migration.sex_suffix.{sex}")


def _geo(fc: FigureContext) -> dict:
    """The bundled boundaries (injected on pages; read from data/ otherwise)."""
    if fc.geojson is not None:
        return fc.geojson()
    from geo.boundaries import read_geojson

    return read_geojson()


# ---- the map -----------------------------------------------------------------------------------------------------

def class_labels(fc: FigureContext, top: float) -> list[str]:
    """Label the map's classes in the reader's language: "3,000–9,999", …, "1,000,000 or more"."""
    def label(lo, hi):
        if hi is None:
            return fc.t("migration.map.class_last", lo=mg.people(lo, fc.lang))
        return fc.t("migration.map.class", lo=mg.people(lo, fc.lang), hi=mg.people(hi - 1, fc.lang))
    return [label(lo, hi) for lo, hi in maps.classes(top)]


def map_labels(fc: FigureContext, c: Choice, part: pd.DataFrame) -> dict:
    """Every word of the classed map: title, legend title and entries, hover lines of the grey and chosen countries."""
    words = {k: fc.t(f"migration.map.{k}") for k in ("legend_title", "chosen_hover", "zero", "zero_hover", "no_figure",
                                                      "no_figure_hover", "outside")}
    title = fc.t(f"migration.map.title_{c.direction}", who=who(fc, c), year=c.year)
    top = float(part["value"].max()) if len(part) else 0.0
    return words | {"title": title, "classes": class_labels(fc, top),
                    "chosen": fc.t("migration.map.chosen", country=name(c.country, fc.lang))}


def map_lines(fc: FigureContext, part: pd.DataFrame, c: Choice) -> tuple[str, ...]:
    """At most three short lines for presenter mode and slides: the total, the largest partner, women among them."""
    known = part[part["iso3"] != mg.UNKNOWN]
    if known.empty:
        return ()
    top = known.iloc[0]
    lines = [fc.t("migration.map.line_total", year=c.year, total=mg.people(part["value"].sum(), fc.lang)),
             fc.t(f"migration.map.line_top_{c.direction}", top=top["iso3"], value=mg.people(top["value"], fc.lang),
                  share=mg.percent(top["share"], fc.lang))]
    if c.sex == "all" and {"female", "male"} <= set(part):
        women = 100 * part["female"].sum() / (part["female"].sum() + part["male"].sum())
        lines.append(fc.t("migration.map.line_women", share=mg.percent(women, fc.lang)))
    return tuple(lines)


def partner_map(fc: FigureContext, country: str | None = None, direction: str = "out", year: int | None = None,
                sex: str = "all") -> Chart:
    """Choropleth of the chosen country's partners in classes on a log scale, the country marked, gaps apart."""
    frame, prov = stock(fc, sex)
    c = choose(fc, frame, country, direction, year, sex)
    part = mg.partner_view(frame, c.country, c.direction, c.year, fc.lang)
    hover = {"value_text": fc.t("migration.map.hover_count"), "share_text": fc.t("migration.map.hover_share"),
             "female_share_text": fc.t("migration.hover.female"), "year_text": fc.t("migration.year_label")}
    fig = maps.classed_map(part, _geo(fc), value_col="value", labels=map_labels(fc, c, part), hover_cols=hover,
                           chosen=c.country, zeros=mg.zero_partners(frame, c.country, c.direction, c.year),
                           view=MAP_VIEW, separators=separators(fc.lang), name_prop=f"name_{fc.lang}",
                           geojson_url=GEOJSON_URL)
    table = mg.labelled(part, heads(fc, "iso3", "name", "year", "value", "share", "female_share"))
    summary = (mg.map_summary(part, who(fc, c), c.direction, c.year, fc.lang, fc.t) if len(part)
               else fc.t("migration.map.empty", country=c.country, year=c.year))
    return Chart(key=f"mig_map_{c.country}", figure=fig, table=table, provs=[prov], summary=summary,
                 filename=f"migrants_{c.country}_{c.direction}_{c.year}_{c.sex}", lines=map_lines(fc, part, c))


def map_notes(fc: FigureContext, country: str | None = None, direction: str = "out", year: int | None = None,
              sex: str = "all") -> list[str]:
    """What the map cannot show, in words: partners beyond its frame, the other or unknown origin."""
    frame, _ = stock(fc, sex)
    c = choose(fc, frame, country, direction, year, sex)
    part = mg.partner_view(frame, c.country, c.direction, c.year, fc.lang)
    drawn = {f["id"] for f in _geo(fc)["features"]}
    notes = (mg.outside_note(part, drawn, fc.lang, fc.t), mg.unknown_note(part, fc.lang, fc.t))
    return [n for n in notes if n]


def coverage_note(fc: FigureContext, country: str | None = None, direction: str = "out") -> str | None:
    """Say when the file holds this direction of the country only for Central Asian partners (the rest is a gap)."""
    frame, _ = fc.load("migrant_stock")
    iso3 = country if country in FOCUS else fc.country
    return fc.t("migration.map.coverage", country=iso3) if mg.coverage_limited(frame, iso3, direction) else None


# ---- the flow map ------------------------------------------------------------------------------------------------

@dataclass
class Flow:
    """The flow map (a pydeck Deck: pages draw it, slides do not) with what goes around it."""

    title: str
    deck: Any  # None when no arc falls inside the map's frame
    table: pd.DataFrame
    summary: str
    key_html: str
    unplaced: int
    provs: list[Provenance]
    filename: str


def flow(fc: FigureContext, country: str | None = None, direction: str = "out", year: int | None = None,
         sex: str = "all", every: bool = False) -> Flow:
    """Arcs from the place of birth to the country of residence, capital to capital, the largest labelled."""
    frame, prov = stock(fc, sex)
    c = choose(fc, frame, country, direction, year, sex)
    largest = mg.flow_arcs(frame, CENTRAL_ASIA if every else [c.country], c.direction, c.year)
    arcs = mg.arc_view(largest, REGION_VIEW[MAP_VIEW], c.year, fc.lang, fc.t)
    countries = fc.t("migration.flow.all_countries") if every else name(c.country, fc.lang)
    title = fc.t(f"migration.flow.title_{c.direction}", countries=countries, sex=sex_suffix(fc, c.sex), year=c.year)
    deck = None
    if len(arcs):
        deck = maps.flow_deck(arcs, _geo(fc), tooltip_html="{tip}", view_state=REGION_VIEW[MAP_VIEW],
                              name_prop=f"name_{fc.lang}", flat=True, geojson_url=GEOJSON_URL,
                              labels=mg.arc_labels(arcs, c.direction, every, fc.lang, fc.t))
    key = maps.width_key(mg.width_key(arcs["value"], fc.lang, fc.t), fc.t("migration.flow.key_title"),
                         (fc.t("migration.flow.key_birth"), fc.t("migration.flow.key_residence")))
    table = mg.labelled(arcs, heads(fc, "origin", "destination", "year", "value", "female_share"))
    summary = mg.flow_summary(arcs, c.year, fc.lang, fc.t) if len(arcs) else ""
    return Flow(title, deck, table, summary, key if len(arcs) else "", len(largest) - len(arcs), [prov],
                f"arcs_{'CA' if every else c.country}_{c.direction}_{c.year}_{c.sex}")


# ---- main destinations (sankey) ----------------------------------------------------------------------------------

def destinations(fc: FigureContext, year: int | None = None, sex: str = "all") -> Chart:
    """Sankey: people born in the five Central Asian countries to their main countries of residence."""
    frame, prov = stock(fc, sex)
    c = choose(fc, frame, None, "out", year, sex)
    links = mg.sankey_links(frame, CENTRAL_ASIA, c.year)
    labels = mg.sankey_labels(links, fc.lang, fc.t("migration.sankey.other"))
    named = mg.named_links(links, labels, fc.lang)
    fig = flows.sankey(named, title=fc.t("migration.sankey.title", sex=sex_suffix(fc, c.sex), year=c.year),
                       labels=labels, unit=fc.t("migration.people"), year_label=fc.t("migration.year_label"),
                       link_hover={"female_share_text": fc.t("migration.hover.female")})
    sankey_who = fc.t(f"migration.sankey.who.{c.sex}")
    return Chart(key="mig_sankey", figure=fig, provs=[prov], filename=f"central_asia_destinations_{c.year}_{c.sex}",
                 table=mg.labelled(named, heads(fc, "origin", "destination", "year", "value", "female_share")),
                 summary=mg.sankey_summary(links, sankey_who, c.year, fc.lang, fc.t),
                 lines=destination_lines(fc, links, c.year))


def destination_lines(fc: FigureContext, links: pd.DataFrame, year: int) -> tuple[str, ...]:
    """At most three short lines: everyone abroad, then the two largest destinations with their shares."""
    dest = mg.destination_totals(links)
    total = dest.sum()
    named = dest.drop(mg.OTHER, errors="ignore").head(2)
    lines = [fc.t("migration.sankey.line_total", year=year, total=mg.people(total, fc.lang))]
    lines += [mg.cap(fc.t("migration.sankey.line_top", top=code, value=mg.people(value, fc.lang),
                          share=mg.percent(100 * value / total, fc.lang))) for code, value in named.items()]
    return tuple(lines)


# ---- partners and corridors --------------------------------------------------------------------------------------

def partner_bars(fc: FigureContext, country: str | None = None, direction: str = "out", year: int | None = None,
                 sex: str = "all") -> Chart | None:
    """The ten largest partners as bars, with share and female share on hover (None when there are none)."""
    frame, prov = stock(fc, sex)
    c = choose(fc, frame, country, direction, year, sex)
    top = mg.partner_view(frame, c.country, c.direction, c.year, fc.lang).head(TOP_BARS)
    if top.empty:
        return None
    people = fc.t("migration.bars.value")
    fig = flows.partner_bars(top, title=fc.t(f"migration.bars.title_{c.direction}", who=who(fc, c), year=c.year),
                             x_title=fc.t("migration.bars.axis"), colour=COUNTRY_COLOURS[c.country], value_label=people,
                             share_label=fc.t("migration.bars.share"), year_label=fc.t("migration.year_label"),
                             hover_cols={"share_text": fc.t("migration.bars.share"),
                                         "female_share_text": fc.t("migration.hover.female")})
    return Chart(key="mig_bars", figure=fig, provs=[prov], summary=mg.bars_summary(top, fc.lang, fc.t),
                 table=mg.labelled(top, heads(fc, "iso3", "name", "year", "value", "share", "female_share")),
                 filename=f"top_partners_{c.country}_{c.direction}_{c.year}_{c.sex}")


@dataclass
class Corridors:
    """The corridor table: for download (gaps empty) and for the data grid (gaps "–", numbers sortable)."""

    title: str
    table: pd.DataFrame
    grid: Any  # a pandas Styler
    provs: list[Provenance]
    filename: str


def corridor_table(fc: FigureContext, country: str | None = None, direction: str = "out", year: int | None = None,
                   sex: str = "all", every: bool = False) -> Corridors:
    """Every corridor of the year (or one country's side): people, women among them, change since 2000 and 2010 where
    the year is later, and modelled remittances sent back."""
    frame, prov = stock(fc, sex)
    remit, remit_prov = fc.load("bilateral_remittances")
    c = choose(fc, frame, country, direction, year, sex)
    rows = mg.corridor_view(frame, remit, c.year, c.country, c.direction, every, fc.lang,
                            fc.t("migration.flag.modelled"))
    labels = heads(fc, *mg.corridor_columns(c.year))
    table = mg.labelled(rows, labels)
    grid = mg.labelled(mg.for_grid(rows, mg.CORRIDOR_NUMBERS), labels)
    grid = grid.style.format(mg.corridor_formats(labels, fc.lang))
    title = fc.t("migration.table.title", sex=sex_suffix(fc, c.sex), year=c.year)
    return Corridors(title, table, grid, [prov, remit_prov], f"corridors_{c.year}_{c.sex}")


# ---- trends ------------------------------------------------------------------------------------------------------

def _span(frame: pd.DataFrame) -> dict:
    """The first and last year of a series, for titles that say where the data end."""
    return {"first": int(frame["year"].min()), "last": int(frame["year"].max())}


def _names(fc: FigureContext) -> dict[str, str]:
    """The six countries' names in the reader's language."""
    return {c: name(c, fc.lang) for c in FOCUS}


def _trend(fc: FigureContext, shares: pd.DataFrame, kind: str, country: str | None, sex: str, prov) -> Chart:
    """One of the trend charts (people abroad, or the share of them in Russia) for the chosen sex."""
    percent = kind == "share"
    title = fc.t(f"migration.trend.title_{kind}", sex=sex_suffix(fc, sex), **_span(shares))
    fig = flows.trend_lines(shares, title=title, y_title=fc.t(f"migration.trend.axis_{kind}"), names=_names(fc),
                            value_col=kind, hover_value=fc.t(f"migration.trend.hover_{kind}"), percent=percent,
                            year_label=fc.t("migration.year_label"), suffix=fc.t("migration.pct") if percent else "",
                            emphasis=country)
    table = mg.labelled(mg.with_names(shares, {"iso3": "country"}, fc.lang),
                        heads(fc, "country", "year", "in_russia", "total", "share", share="share_russia"))
    summary = mg.trend_summaries(shares, country or fc.country, _names(fc), fc.lang, fc.t)[kind]
    return Chart(key=f"mig_trend_{kind}", figure=fig, table=table, provs=[prov], summary=summary,
                 note=fc.t("migration.trend.note") if kind == "total" else None, filename=f"emigrants_{kind}_{sex}")


def trend_total(fc: FigureContext, country: str | None = None, sex: str = "all") -> Chart:
    """People born in each Central Asian country living abroad, 1990-2024 (the chosen country drawn thicker)."""
    frame, prov = stock(fc, sex)
    return _trend(fc, mg.russia_share(frame), "total", country, sex, prov)


def trend_russia(fc: FigureContext, country: str | None = None, sex: str = "all") -> Chart:
    """The share of each Central Asian country's emigrants living in Russia, 1990-2024."""
    frame, prov = stock(fc, sex)
    return _trend(fc, mg.russia_share(frame), "share", country, sex, prov)


def female_share(fc: FigureContext, country: str | None = None) -> Chart:
    """Women among the emigrants of each Central Asian country, 1990-2024, against the line of equal numbers."""
    frame, prov = fc.load("migrant_stock")
    shares = mg.female_share_of_emigrants(frame)
    fig = flows.trend_lines(shares, title=fc.t("migration.trend.title_female", **_span(shares)),
                            y_title=fc.t("migration.trend.axis_female"), names=_names(fc), value_col="female_share",
                            hover_value=fc.t("migration.trend.hover_female"), year_label=fc.t("migration.year_label"),
                            percent=True, suffix=fc.t("migration.pct"), emphasis=country,
                            reference=(50, fc.t("migration.trend.parity")))
    table = mg.labelled(mg.with_names(shares, {"iso3": "country"}, fc.lang),
                        heads(fc, "country", "year", "female", "total", "female_share"))
    return Chart(key="mig_trend_female", figure=fig, table=table, provs=[prov], filename="emigrants_female_share",
                 summary=mg.female_summary(shares, country or fc.country, fc.lang, fc.t))


# ---- labour migration to Russia ----------------------------------------------------------------------------------

@dataclass
class Labour:
    """The published labour-migration figures of one country (or, for Russia, all foreign citizens)."""

    who: str
    chart: Chart | None
    share_lines: list[str]


def labour(fc: FigureContext, country: str | None = None) -> Labour:
    """Each published figure as a labelled point, never joined to another; shares in per cent as lines of text."""
    data, prov = fc.load("labour_migration")
    iso3 = country if country in FOCUS else fc.country
    whom = fc.t("migration.labour.all_foreign") if iso3 == "RUS" else name(iso3, fc.lang)
    counts, share_rows = mg.labour_view(data, iso3, fc.lang, fc.t)
    lines = mg.share_lines(share_rows, fc.lang, fc.t)
    if counts.empty:
        return Labour(whom, None, lines)
    fig = flows.labour_points(counts, title=fc.t("migration.labour.title", country=whom),
                              x_title=fc.t("migration.labour.axis"),
                              family_labels={f: fc.t(f"migration.family.{f}") for f in flows.FAMILY_STYLE},
                              hover_labels={k: fc.t(f"migration.hover.{k}") for k in ("period", "value", "source")})
    table = mg.labelled(counts, heads(fc, "measure_name", "period_name", "value", "reported_by", "source_url",
                                      measure_name="measure", period_name="period"))
    chart = Chart(key="mig_labour", figure=fig, table=table, provs=[prov], filename=f"labour_migration_{iso3}",
                  summary=fc.t("migration.labour.summary", n=len(counts), years=mg.year_span(counts["year"])))
    return Labour(whom, chart, lines)


# ---- what the 2024 revision changed (the table and its sentences: figures.sources.revision_comparison) ----------

def revision_note(fc: FigureContext) -> str:
    """Say, in one line under the chart, that every figure is the 2024 revision's and how much the largest revised
    corridor moved, with the reason the UN gives; the full comparison is figures.sources.revision_comparison."""
    from figures.sources import REV

    comparison, _ = fc.load("migrant_stock_revisions")
    corridor = mg.revision_table(comparison).query("measure == 'corridor'").sort_values("change").iloc[0]
    said = fc.t("migration.revision", origin=corridor["iso3"], partner=corridor["partner_iso3"],
                year=int(corridor["year"]), old=mg.people(corridor["rev2020"], fc.lang),
                new=mg.people(corridor["rev2024"], fc.lang))
    return f"{said} {fc.t(REV + '.why')}"
