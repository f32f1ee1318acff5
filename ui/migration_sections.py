"""Streamlit pieces of the migration page: table headers, map clicks, the flow map and the corridor table."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from charts import maps
from geo.boundaries import GEOJSON_URL
from geo.countries import FOCUS
from loaders.provenance import Provenance
from transforms.migration import ARC_TOP, LINK_COLUMNS, clicked_iso3, labelled
from ui.components import data_block, download_csv, source_footer
from ui.state import t


def headers(*cols: str, **messages: str) -> dict[str, str]:
    """Translated headers for the columns a table shows (a column may be given another column's message)."""
    return {c: t(f"migration.col.{messages.get(c, c)}") for c in cols}


def bold(text: str) -> None:
    """Draw a short bold heading (a chart without a plotly title, or a table)."""
    st.markdown(f"**{text}**")


def choose_clicked(key: str) -> None:
    """Callback: a country clicked on a map becomes the page's country (so the URL follows)."""
    iso3 = clicked_iso3(st.session_state.get(key))
    if iso3 in FOCUS:
        st.session_state["url_country"] = iso3


def flow_map(arcs: pd.DataFrame, geo: dict, view: dict, key: str, lang: str) -> None:
    """Draw the flow map (pydeck, no tiles); a click on one of the six countries chooses it."""
    deck = maps.flow_deck(arcs, geo, tooltip_html="{tip}", view_state=view, name_prop=f"name_{lang}", flat=True,
                          geojson_url=GEOJSON_URL)
    # Keyed by country: after a click picks one, the new map starts without a selection (which greys other layers).
    st.pydeck_chart(deck, on_select=lambda: choose_clicked(key), selection_mode="single-object", key=key)


def flow_footer(arcs: pd.DataFrame, unplaced: int, year: int, provs: list[Provenance]) -> None:
    """Draw what sits under the flow map: arcs left out, how to read it, source, data table and the disclaimer."""
    if unplaced:
        st.caption(t("migration.flow.unplaced", n=unplaced))
    st.caption(t("migration.flow.legend", top=ARC_TOP))
    source_footer(provs)
    data_block(labelled(arcs, headers(*LINK_COLUMNS)), key="mig_flow_data", filename=f"arcs_{year}")
    st.caption(t("app.disclaimer"))


def corridor_table(shown: pd.DataFrame, formats: dict, year: int, provs: list[Provenance]) -> None:
    """Draw the sortable corridor table with localised numbers, its row count, CSV download and source footer."""
    st.dataframe(shown.style.format(formats, na_rep="–"), hide_index=True, height=380)  # sorts on the numbers
    st.caption(t("migration.table.rows", n=len(shown)) + " " + t("migration.table.caption"))
    download_csv(shown, f"corridors_{year}", key="dl_mig_corridors", label=t("migration.table.download"))
    source_footer(provs, note=t("migration.table.modelled_note"))
