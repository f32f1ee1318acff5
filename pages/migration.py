"""Migration (UN DESA International Migrant Stock 2024): one view at a time (map, flow map, main destinations,
partners and corridors, trends, labour migration to Russia), each with its controls right above its chart."""
import streamlit as st

from figures import FigureContext
from figures import migration as fm
from ui import state
from ui.cached import boundaries_geojson, built, dataset
from ui.components import gap_note, md_safe, page_header, show
from ui.migration_sections import (DEFAULT_COUNTRY, choose_clicked, controls, corridor_block, coverage, flow_block,
                                   notes, revision_block)
from ui.state import ctx, t

fc = FigureContext(load=dataset, lang=ctx().lang, t=t, country=DEFAULT_COUNTRY, geojson=boundaries_geojson)
page_header("migration.title", "migration.intro")


def partner_map() -> None:
    """Choropleth of the chosen country's partners; a click on one of the six countries chooses it."""
    c = controls(fc, "country", "direction", "year", "sex")
    item = built(fm.partner_map, fc, **c)
    show(item, on_select=lambda: choose_clicked(item.key))
    notes(built(fm.map_notes, fc, **c) + [t("migration.select_hint"), t("migration.gaps"), t("app.disclaimer")])
    coverage(fc, c["country"], c["direction"])
    revision_block(fc)


def flow_view() -> None:
    """Flow map, capital to capital (the page's only pydeck chart: browsers limit WebGL contexts)."""
    c = controls(fc, "country", "direction", "year", "sex", switch=("all", t("migration.flow.all")))
    flow_block(fm.flow(fc, **c), key=f"mig_flow_{c['country']}")
    if not c["every"]:
        coverage(fc, c["country"], c["direction"])


def destinations() -> None:
    """Sankey: the five countries to their main destinations, small partners grouped."""
    show(built(fm.destinations, fc, **controls(fc, "year", "sex")))


def partner_view() -> None:
    """Top partners as bars, then the sortable corridor table."""
    c = controls(fc, "country", "direction", "year", "sex")
    bars = built(fm.partner_bars, fc, **c)
    if bars is None:
        gap_note(t("migration.map.empty", country=c["country"], year=c["year"]))
    else:
        show(bars)
    coverage(fc, c["country"], c["direction"])
    every = state.toggle("allc", t("migration.table.all"), False)
    corridor_block(fm.corridor_table(fc, **c, every=every))


def trends() -> None:
    """People abroad, the share of them in Russia, and women among them, since 1990."""
    c = controls(fc, "country", "sex")
    for builder in (fm.trend_total, fm.trend_russia):
        show(built(builder, fc, **c))
    show(built(fm.female_share, fc, country=c["country"]))
    revision_block(fc)


def labour_view() -> None:
    """Labour migration to Russia: each published figure a labelled point, never joined to another."""
    c = controls(fc, "country")
    found = fm.labour(fc, **c)
    if found.chart is None:
        gap_note(t("migration.labour.empty", country=found.who))
    else:
        show(found.chart)
    for line in found.share_lines:
        st.markdown("- " + md_safe(line))
    if c["country"] == "TKM":
        gap_note(t("migration.labour.tkm"))
    st.info(t("migration.labour.note"))


SECTIONS = {"map": partner_map, "flows": flow_view, "destinations": destinations, "partners": partner_view,
            "trends": trends, "labour": labour_view}
code, box = state.view("view", {c: t(f"migration.view.{c}") for c in SECTIONS}, "map")
with box:
    SECTIONS[code]()
