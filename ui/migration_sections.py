"""Streamlit pieces of the migration page: its controls, map clicks, the flow map, the corridor table and the note on
what the UN's 2024 revision changed."""
from __future__ import annotations

import streamlit as st

from figures import FigureContext
from figures import migration as fm
from figures import sources as fs
from geo.countries import FOCUS, name
from transforms.migration import ARC_TOP, DIRECTIONS, SEXES, clicked_iso3
from ui import state
from ui.cached import built
from ui.components import data_block, download_csv, download_name, gap_note, md_safe, source_footer, table
from ui.state import t

DEFAULT_COUNTRY = "UZB"  # the page opens on the largest emigrant population of the five
# Narrower segment buttons, so country, direction, eight years and the sex fit one row above the chart at 1440 px.
CONTROLS_CSS = ("<style>.st-key-mig_controls button[data-variant='segmented_control']"
                "{padding-left:0.45rem !important;padding-right:0.45rem !important}</style>")


def controls(fc: FigureContext, *shown: str, switch: tuple[str, str] | None = None) -> dict:
    """Draw the view's controls in one row right above its chart and return the choices (builder keyword arguments).

    Each choice lives in the link and the session (ui.state), so it holds across the other controls, tabs, pages and
    languages; switch: an on/off toggle (URL name, label) drawn at the end of the row.
    """
    chosen = {}
    st.html(CONTROLS_CSS)
    with st.container(horizontal=True, vertical_alignment="bottom", gap="small", key="mig_controls"):
        for control in shown:
            chosen[control] = DRAW[control](fc)
        if switch:
            chosen["every"] = state.toggle(switch[0], switch[1], False)
    return chosen


def _country(fc: FigureContext) -> str:
    """The country: a select box of the six."""
    names = {c: name(c, fc.lang) for c in FOCUS}
    return state.choice("country", t("migration.country"), FOCUS, DEFAULT_COUNTRY, format_func=names.get,
                        kind="select", width=180)


def _direction(fc: FigureContext) -> str:
    """Emigrants (by destination) or immigrants (by origin)."""
    return state.choice("dir", t("migration.direction"), DIRECTIONS, "out", kind="segmented", required=True,
                        format_func=lambda d: t(f"migration.dir.{d}"))


def _year(fc: FigureContext) -> int:
    """The year, one click among the years the data hold (1990, 1995, ..., 2020, 2024)."""
    held = fm.years(fc)
    return state.choice("year", t("migration.year"), held, held[-1], kind="segmented", required=True)


def _sex(fc: FigureContext) -> str:
    """All, women or men."""
    return state.choice("sex", t("migration.sex"), SEXES, "all", kind="segmented", required=True,
                        format_func=lambda s: t(f"migration.sexes.{s}"))


DRAW = {"country": _country, "direction": _direction, "year": _year, "sex": _sex}


def choose_clicked(key: str) -> None:
    """Callback: a country clicked on a map becomes the page's country (so the URL follows)."""
    iso3 = clicked_iso3(st.session_state.get(key))
    if iso3 in FOCUS:
        st.session_state["url_country"] = iso3


def notes(texts: list[str]) -> None:
    """Draw short notes under a chart as one caption."""
    if texts:
        st.caption(md_safe(" ".join(texts)))


def coverage(fc: FigureContext, country: str, direction: str) -> None:
    """Say when the file holds this direction of the country only for Central Asian partners (the rest is a gap)."""
    if note := built(fm.coverage_note, fc, country=country, direction=direction):
        gap_note(note)


def flow_block(flow: fm.Flow, key: str) -> None:
    """Draw the flow map (pydeck, no tiles) under its title, its key, reading, source, data and disclaimer."""
    st.markdown(f"**{md_safe(flow.title)}**")
    if flow.deck is not None:
        # Keyed by country: after a click picks one, the new map starts without a selection (which greys other layers).
        st.pydeck_chart(flow.deck, on_select=lambda: choose_clicked(key), selection_mode="single-object", key=key)
        st.html(flow.key_html)
        st.markdown(md_safe(flow.summary))
    if flow.unplaced:
        st.caption(t("migration.flow.unplaced", n=flow.unplaced))
    st.caption(t("migration.flow.legend", top=ARC_TOP))
    source_footer(flow.provs)
    data_block(flow.table, key="mig_flow_data", filename=flow.filename, provs=flow.provs)
    st.caption(t("app.disclaimer"))


def corridor_block(corr: fm.Corridors) -> None:
    """Draw the sortable corridor table (gaps "–", numbers in the reader's convention), its size, CSV and source."""
    st.markdown(f"**{md_safe(corr.title)}**")
    table(corr.grid, height=380)
    st.caption(t("migration.table.rows", n=len(corr.table)) + " " + t("migration.table.caption"))
    download_csv(corr.table, corr.filename, key="dl_mig_corridors", label=t("migration.table.download"),
                 provs=corr.provs, flags=t("migration.table.modelled_note"))
    source_footer(corr.provs, note=t("migration.table.modelled_note"))


def revision_block(fc: FigureContext) -> None:
    """Say once, under the chart, what the UN's 2024 revision changed: one line, then the comparison the Sources page
    shows too (figures.sources.revision_comparison: words for the six countries and a small table) when opened."""
    st.caption(md_safe(built(fm.revision_note, fc)))
    with st.expander(t(fs.REV + ".title"), key="mig_revision", on_change="rerun") as box:
        if box.open:  # drawn once opened: the page stays quick
            view = fs.revision_comparison(fc)
            st.markdown("\n".join(f"- {md_safe(fact)}" for fact in view.facts))
            st.caption(md_safe(view.caption))
            st.markdown(fs.markdown_table(view.shown, right=tuple(view.shown.columns[1:])))  # as on /sources
            st.caption(md_safe(view.method))
            source_footer(view.provs)
            download_csv(view.table, download_name(view.filename), key="dl_mig_revision", provs=view.provs,
                         label=t(fs.REV + ".download"))
