"""Migration: the chosen country, direction and year, then one view at a time: map, flow map, destinations, partners
and corridors, trends, labour migration to Russia."""
import streamlit as st

from charts import flows, maps
from charts.theme import COUNTRY_COLOURS, separators
from geo.boundaries import GEOJSON_URL, REGION_VIEW
from geo.countries import CENTRAL_ASIA, FOCUS, names
from transforms import migration as mg
from ui import state
from ui.cached import boundaries_geojson, dataset
from ui.components import chart, gap_note, page_header
from ui.migration_sections import bold, choose_clicked, corridor_table, flow_footer, flow_map, headers
from ui.state import ctx, t

lang = ctx().lang
(stock, p_stock), (remit, p_remit), (labour, p_labour) = map(dataset, ("migrant_stock", "bilateral_remittances", "labour_migration"))

page_header("migration.title", "migration.intro")
country_names, dir_names = dict(zip(FOCUS, names(FOCUS, lang))), {d: t(f"migration.dir.{d}") for d in mg.DIRECTIONS}
with st.container(horizontal=True):  # three buttons that each read their choice, wrapping on a narrow screen
    country = state.pick("country", t("migration.country"), FOCUS, "UZB", format_func=country_names.get)
    direction = state.pick("dir", t("migration.direction"), mg.DIRECTIONS, "out", format_func=dir_names.get)
    year = state.pick("year", t("migration.year"), mg.years(stock), mg.latest_year(stock))
cname = country_names[country]


def partners():
    """The chosen country's partners in the chosen direction and year, and the same as a labelled table."""
    part = mg.partner_view(stock, country, direction, year, lang)
    return part, mg.labelled(part, headers("iso3", "name", "year", "value", "share"))


def coverage() -> None:
    """Say when the file holds this direction of the country only for Central Asian partners (the rest is a gap)."""
    if mg.coverage_limited(stock, country, direction):
        gap_note(t("migration.map.coverage", country=cname))


def partner_map() -> None:
    """Choropleth of the chosen country's partners; a click on one of the six countries chooses it."""
    part, part_table = partners()
    if part.empty:
        gap_note(t("migration.map.empty", country=cname, year=year))
    else:
        geo = boundaries_geojson()
        chart(map_figure(part, geo), part_table, [p_stock], key=f"mig_map_{country}",
              filename=f"migrants_{country}_{direction}_{year}", on_select=lambda: choose_clicked(f"mig_map_{country}"),
              summary=mg.map_summary(part, cname, direction, year, lang, t))
        if outside := mg.outside_note(part, {f["id"] for f in geo["features"]}, lang, t):
            st.caption(outside)
    coverage()
    st.caption(" ".join((t("migration.select_hint"), t("migration.gaps"), t("app.disclaimer"))))


def map_figure(part, geo):
    """The partners' choropleth, its hover in this language."""
    return maps.choropleth(part, geo, value_col="value", title=t(f"migration.map.title_{direction}", country=cname, year=year),
                           colorbar_title=t("migration.map.colorbar"), hover_name_col="name", view="wide",
                           hover_cols={"value_text": t("migration.map.hover_count"), "share_text": t("migration.map.hover_share"),
                                       "year_text": t("migration.year_label")}, name_prop=f"name_{lang}",
                           separators=separators(lang), no_data_label=t("migration.map.no_data"), geojson_url=GEOJSON_URL)


def flow_view() -> None:
    """Flow map, capital to capital (the page's only pydeck chart: browsers limit WebGL contexts)."""
    every = state.toggle("all", t("migration.flow.all"), False)
    frame = REGION_VIEW["wide"]
    largest = mg.flow_arcs(stock, CENTRAL_ASIA if every else [country], direction, year)
    arcs = mg.arc_view(largest, frame, year, lang, t)
    bold(t(f"migration.flow.title_{direction}", countries=t("migration.flow.all_countries") if every else cname, year=year))
    if not arcs.empty:
        flow_map(arcs, boundaries_geojson(), frame, f"mig_flow_{country}", lang)
        st.markdown(mg.flow_summary(arcs, year, lang, t))
    if not every:
        coverage()
    flow_footer(arcs, len(largest) - len(arcs), year, [p_stock])


def destinations() -> None:
    """Sankey: the five countries to their main destinations, small partners grouped."""
    links = mg.sankey_links(stock, CENTRAL_ASIA, year)
    labels = mg.sankey_labels(links, lang, t("migration.sankey.other"))
    fig = flows.sankey(links, title=t("migration.sankey.title", year=year), labels=labels, unit=t("migration.people"),
                       year_label=t("migration.year_label"))
    chart(fig, mg.labelled(mg.named_links(links, labels), headers(*mg.LINK_COLUMNS)), [p_stock], key="mig_sankey",
          filename=f"central_asia_destinations_{year}", summary=mg.sankey_summary(links, labels, year, lang, t))


def partner_view() -> None:
    """Top partners as bars, then the sortable corridor table."""
    part, part_table = partners()
    if not part.empty:
        top10 = part.head(10)
        fig = flows.partner_bars(top10, title=t(f"migration.bars.title_{direction}", country=cname, year=year),
                                 x_title=t("migration.bars.axis"), colour=COUNTRY_COLOURS[country],
                                 year_label=t("migration.year_label"), value_label=t("migration.bars.value"),
                                 share_label=t("migration.bars.share"))
        chart(fig, part_table.head(10), [p_stock], key="mig_bars", filename=f"top_partners_{country}_{direction}_{year}",
              summary=mg.bars_summary(top10, lang, t))
    coverage()
    corridors()


def corridors() -> None:
    """The sortable corridor table: this country and direction, or every corridor in the file."""
    bold(t("migration.table.title", year=year))
    every_corridor = state.toggle("allc", t("migration.table.all"), False)
    table = mg.corridor_view(stock, remit, year, country, direction, every_corridor, lang, t("migration.flag.modelled"))
    heads = headers("origin", "destination", "year", "migrants", "change_2000", "change_2000_pct", "change_2010",
                    "change_2010_pct", "remit_back", "flag")
    corridor_table(mg.labelled(table, heads), mg.corridor_formats(heads, lang), year, [p_stock, p_remit])


def trends() -> None:
    """Trend since 1990: people abroad, and the share of them living in Russia."""
    shares = mg.russia_share(stock)
    trend_table = mg.labelled(mg.with_names(shares, {"iso3": "country"}, lang),
                              headers("country", "year", "in_russia", "total", "share"))
    summaries = mg.trend_summaries(shares, country, country_names, lang, t)
    for kind in mg.TREND_KINDS:
        fig = flows.trend_lines(shares, title=t(f"migration.trend.title_{kind}"), y_title=t(f"migration.trend.axis_{kind}"),
                                names=country_names, value_col=kind, hover_value=t(f"migration.trend.hover_{kind}"),
                                year_label=t("migration.year_label"), percent=kind == "share")
        chart(fig, trend_table, [p_stock], key=f"mig_trend_{kind}", filename=f"emigrants_{kind}",
              note=t("migration.trend.note"), summary=summaries[kind])


def labour_view() -> None:
    """Labour migration to Russia: each published figure a labelled point, never joined to another."""
    who = t("migration.labour.all_foreign") if country == "RUS" else cname
    counts, share_rows = mg.labour_view(labour, country, lang, t)
    if counts.empty:
        gap_note(t("migration.labour.empty", country=who))
    else:
        labour_chart(counts, who)
    for line in mg.share_lines(share_rows, lang, t):
        st.markdown("- " + line)
    if country == "TKM":
        gap_note(t("migration.labour.tkm"))
    st.info(t("migration.labour.note"))


def labour_chart(counts, who: str) -> None:
    """The published labour-migration figures as points, with their table and sources."""
    fig = flows.labour_points(counts, title=t("migration.labour.title", country=who), x_title=t("migration.labour.axis"),
                              family_labels={f: t(f"migration.family.{f}") for f in flows.FAMILY_STYLE},
                              hover_labels={k: t(f"migration.hover.{k}") for k in ("period", "value", "source")})
    heads = headers("measure_name", "period_name", "value", "reported_by", "source_url",
                    measure_name="measure", period_name="period")
    chart(fig, mg.labelled(counts, heads), [p_labour], key="mig_labour", filename=f"labour_migration_{country}",
          summary=t("migration.labour.summary", n=len(counts), years=mg.year_span(counts["year"])))


SECTIONS = {"map": partner_map, "flows": flow_view, "destinations": destinations, "partners": partner_view,
            "trends": trends, "labour": labour_view}
code, box = state.view("view", {c: t(f"migration.view.{c}") for c in SECTIONS}, "map")
with box:
    SECTIONS[code]()
