"""Reusable page pieces: chart blocks with source footer, data table, summary and download; notes and cards."""
from __future__ import annotations

import re
from functools import partial

import pandas as pd
import streamlit as st

from charts.theme import separators, template
from loaders.provenance import Provenance
from ui import export
from ui.i18n import has
from ui.state import ctx, t

PLOTLY_CONFIG = {
    "topojsonURL": "/app/static/topojson/",  # plotly.js otherwise fetches world topojson from a CDN
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def safe_cell(value):
    """Neutralise text a spreadsheet would run as a formula."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with every text cell made formula-safe."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(safe_cell)
    return out


def source_line(provs: list[Provenance], computed: bool = False) -> str:
    """Compose the one-line source footer for a chart."""
    parts = []
    for p in dict.fromkeys(provs):
        field = lambda name: _described(p, name)  # noqa: E731 - short local alias
        parts.append(t("source.line", publisher=field("publisher"), dataset=field("dataset"), vintage=field("vintage"),
                       licence=field("licence"), accessed=p.accessed, mode=t(f"source.mode.{p.mode}")))
    text = " · ".join(parts)
    return text + (" " + t("source.computed") if computed else "")


def _described(prov: Provenance, name: str) -> str:
    """Return a provenance field in this run's language (the sidecar's text when no translation exists)."""
    raw, key = str(getattr(prov, name)), f"ds.{prov.file}.{name}"
    if name == "vintage" and not re.search(r"[A-Za-z]", raw):
        return raw  # a bare date (e.g. written by a refresh) needs no translation and must not be replaced
    return t(key) if has(key, ctx().lang) else raw


def source_footer(provs: list[Provenance], computed: bool = False, note: str | None = None) -> str:
    """Draw the source footer under a chart and return its text."""
    text = source_line(provs, computed)
    st.caption(("⚠ " + note + " — " if note else "") + t("source.label") + ": " + text)
    if any(p.mode == "stale" for p in provs):
        st.warning(t("source.stale"))
    return text


def style(fig):
    """Apply the mode's template and the language's number separators."""
    fig.update_layout(template=template(ctx().presenter), separators=separators(ctx().lang))
    if ctx().presenter:
        fig.update_layout(height=max(fig.layout.height or 0, 560))
    return fig


def chart(fig, data: pd.DataFrame, provs: list[Provenance], *, key: str, summary: str, filename: str,
          computed: bool = False, note: str | None = None, on_select=None):
    """Draw a plotly chart with its summary, source footer, data table and CSV download."""
    style(fig)
    title = fig.layout.title.text or ""
    config = {**PLOTLY_CONFIG, "toImageButtonOptions": {"format": "png", "scale": 2, "filename": filename}}
    kwargs = {"on_select": on_select, "selection_mode": "points"} if on_select else {}
    event = st.plotly_chart(fig, config=config, key=key, **kwargs)
    st.markdown(summary)
    source = source_footer(provs, computed, note)
    data_block(data, key=key, filename=filename, figure=fig, source=t("source.label") + ": " + source)
    export.register(title, fig, t("source.label") + ": " + source)
    return event


def data_block(data: pd.DataFrame, *, key: str, filename: str, figure=None, source: str = "") -> None:
    """Offer the chart's data as a table, a CSV download and a PNG, one click away (hidden in presenter mode)."""
    if ctx().presenter:
        return
    # Drawn once opened: a data grid and two buttons per chart would otherwise be built on every page load.
    with st.expander(t("chart.table"), key=f"table_{key}", on_change="rerun") as box:
        if box.open:
            shown = safe_frame(data)
            st.dataframe(shown, hide_index=True)
            cols = st.columns(2 if figure is not None else 1)
            with cols[0]:
                download_csv(shown, filename, key=f"dl_{key}")
            if figure is not None:
                with cols[1]:
                    export.png_button(figure, source, filename, key)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Return the frame as formula-safe CSV, UTF-8 with a BOM so spreadsheets read Cyrillic correctly."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def download_csv(frame: pd.DataFrame, filename: str, key: str, label: str | None = None) -> None:
    """A download button for exactly the frame given; the file is written only when clicked."""
    st.download_button(label or t("chart.download"), partial(csv_bytes, frame), file_name=f"{filename}.csv",
                       mime="text/csv", key=key, on_click="ignore")


def gap_note(text: str) -> None:
    """Say on screen where data is missing (a gap stays a gap)."""
    st.info(text, icon="ℹ️")


def page_header(title_key: str, intro_key: str | None = None) -> None:
    """Draw a page title and its one-line introduction."""
    st.title(t(title_key))
    if intro_key:
        st.markdown(t(intro_key))
