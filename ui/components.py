"""Reusable page pieces: chart blocks with source footer, data table, summary and download; notes and cards."""
from __future__ import annotations

import re
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from charts.spec import Chart
from charts.theme import fmt_date, separators, template
from figures.sources import described, source_line as source_text
from loaders.provenance import Provenance
from ui import export
from ui.state import ctx, t

PLOTLY_CONFIG = {
    "topojsonURL": "/app/static/topojson/",  # plotly.js otherwise fetches world topojson from a CDN
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "toggleSpikelines", "hoverClosestCartesian",
                               "hoverCompareCartesian"],
}
# plotly.js speaks English unless given a dictionary (its locale bundles are not in Streamlit's build): the words of
# the toolbar buttons this dashboard keeps, and the hints plotly shows on the chart.
PLOTLY_RU = {"ru": {"dictionary": {
    "Download plot as a png": "Скачать изображение (PNG)", "Download plot as a PNG": "Скачать изображение (PNG)",
    "Download plot": "Скачать изображение",
    "Zoom": "Масштаб", "Pan": "Сдвиг", "Zoom in": "Увеличить", "Zoom out": "Уменьшить",
    "Autoscale": "Автомасштаб", "Reset axes": "Сбросить оси", "Reset view": "Исходный вид",
    "Reset": "Сбросить", "Box Select": "Выделить область", "Lasso Select": "Выделить лассо",
    "Toggle Spike Lines": "Линии-указатели", "Show closest data on hover": "Ближайшее значение",
    "Compare data on hover": "Сравнить значения", "Double-click to zoom back out": "Двойной щелчок: исходный масштаб",
    "Snapshot succeeded": "Изображение сохранено", "Taking snapshot - this may take a few seconds":
        "Сохранение изображения…", "Sorry, there was a problem downloading your snapshot!":
        "Не удалось сохранить изображение.", "Produced with Plotly.js": "Сделано с Plotly.js",
    "Reset camera to default": "Исходный вид", "Zoom out of the map": "Уменьшить", "Zoom in the map": "Увеличить"},
    "format": {"decimal": ",", "thousands": "\u00a0"}}}
_FORMULA = re.compile(r"^[=+\-@\t\r]")
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|$~])")


def md_safe(text: str) -> str:
    """Escape what Markdown would read as markup in text from data or messages ($ maths, * and _ emphasis, <tags>).

    `**bold**` written in a message stays bold; everything else is shown as typed ("US$ per person … US$").
    """
    parts = str(text).split("**")
    return "**".join(_MARKDOWN.sub(r"\\\1", part) for part in parts)


def plotly_config(filename: str) -> dict:
    """Return the plotly config: offline maps, the toolbar in this run's language, PNG downloads named after the view."""
    config = {**PLOTLY_CONFIG, "toImageButtonOptions": {"format": "png", "scale": 2, "filename": filename}}
    if ctx().lang == "ru":
        config |= {"locale": "ru", "locales": PLOTLY_RU}
    return config


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
    """Compose the one-line source footer for a chart in this run's language."""
    return source_text(provs, computed, ctx().lang)


def _described(prov: Provenance, name: str) -> str:
    """Return a provenance field in this run's language, dates in its format (the sidecar's text when no translation
    exists, or when a refresh stamped a vintage the translation does not speak of)."""
    return described(prov, name, ctx().lang)  # the Sources page reads the same texts the same way


def source_footer(provs: list[Provenance], computed: bool = False, note: str | None = None) -> str:
    """Draw the source footer under a chart and return its text."""
    text = source_line(provs, computed)
    st.caption(md_safe(("⚠ " + note + " — " if note else "") + t("source.label") + ": " + text))
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
    """Draw a plotly chart with its summary, source footer, data table and CSV download (see show())."""
    return show(Chart(key=key, figure=fig, table=data, provs=provs, summary=summary, filename=filename,
                      computed=computed, note=note), on_select=on_select)


def show(item: Chart, on_select=None):
    """Draw a Chart: figure, its reading, the source line, and its data as a table, CSV (with provenance) and PNG."""
    fig = style(item.figure)
    name = download_name(item.filename)
    kwargs = {"on_select": on_select, "selection_mode": "points"} if on_select else {}
    event = st.plotly_chart(fig, config=plotly_config(name), key=item.key, **kwargs)
    if item.summary:
        st.markdown(md_safe(item.summary))
    source = t("source.label") + ": " + source_footer(item.provs, item.computed, item.note)
    data_block(item.table, key=item.key, filename=name, figure=fig, source=source, provs=item.provs,
               flags=item.note or "")
    export.register(item.title, fig, source)
    return event


def download_name(stem: str) -> str:
    """Name a download after the page, its view and country, what it holds and today's date (no spaces)."""
    page = st.session_state.get("_page") or "overview"
    view, country = st.query_params.get("view"), st.query_params.get("country")
    parts = [page, view, country, stem, date.today().isoformat()]
    seen: list[str] = []
    for part in parts:
        if part and part not in seen and not any(part in s for s in seen if part != s):
            seen.append(part)
    return re.sub(r"[^\w.-]+", "_", "_".join(seen))[:120]


def data_block(data: pd.DataFrame, *, key: str, filename: str, figure=None, source: str = "",
               provs: list[Provenance] | None = None, flags: str = "") -> None:
    """Offer the chart's data as a table, a CSV download and a PNG, one click away (hidden in presenter mode)."""
    if ctx().presenter:
        return
    # Drawn once opened: a data grid and two buttons per chart would otherwise be built on every page load.
    with st.expander(t("chart.table"), key=f"table_{key}", on_change="rerun") as box:
        if box.open:
            shown = safe_frame(data)
            table(shown)
            cols = st.columns(2 if figure is not None else 1)
            with cols[0]:
                download_csv(shown, filename, key=f"dl_{key}", provs=provs, flags=flags)
            if figure is not None:
                with cols[1]:
                    export.png_button(figure, source, filename, key)


def table(frame, **kw) -> None:
    """Draw a data grid (in Russian without its English-only toolbar: ui.navigation.language_chrome; CSV is offered)."""
    st.dataframe(frame, hide_index=True, **kw)


def provenance_header(provs: list[Provenance] | None, flags: str = "") -> list[str]:
    """Return the commented lines that open a CSV download: source, vintage, licence, dates, flags, link."""
    lines = []
    for p in dict.fromkeys(provs or []):
        lines += [f"# {t('csv.source')}: {_described(p, 'publisher')}, {_described(p, 'dataset')}",
                  f"# {t('csv.vintage')}: {_described(p, 'vintage')}; {t('csv.licence')}: {_described(p, 'licence')}; "
                  f"{t('csv.accessed')}: {fmt_date(p.accessed, ctx().lang)}; {t('csv.mode')}: {t(f'source.mode.{p.mode}')}"]
    if flags:
        lines.append(f"# {t('csv.flags')}: {flags}")
    if lines:
        lines.append(f"# {t('csv.downloaded')}: {fmt_date(date.today(), ctx().lang)}. {t('csv.howto')}")
    return lines


def csv_bytes(frame: pd.DataFrame, header: list[str] | tuple[str, ...] = ()) -> bytes:
    """Return the frame as formula-safe CSV, UTF-8 with a BOM so spreadsheets read Cyrillic correctly.

    header: commented lines (`# …`) before the column names, carrying the data's provenance with the file.
    """
    lines = "".join(line.replace("\n", " ") + "\n" for line in header)
    return (lines + safe_frame(frame).to_csv(index=False)).encode("utf-8-sig")


def download_csv(frame: pd.DataFrame, filename: str, key: str, label: str | None = None,
                 provs: list[Provenance] | None = None, flags: str = "") -> None:
    """A download button for exactly the frame given, its provenance in a commented header; written only when clicked."""
    header = provenance_header(provs, flags)
    st.download_button(label or t("chart.download"), partial(csv_bytes, frame, header), file_name=f"{filename}.csv",
                       mime="text/csv", key=key, on_click="ignore")


def gap_note(text: str) -> None:
    """Say on screen where data is missing (a gap stays a gap)."""
    st.info(md_safe(text), icon="ℹ️")


def page_header(title_key: str, intro_key: str | None = None) -> None:
    """Draw a page title and its one-line introduction."""
    st.title(t(title_key))
    if intro_key:
        st.markdown(md_safe(t(intro_key)))
