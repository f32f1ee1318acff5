"""Export buttons: a chart as a 2x PNG with its title and source, and the current view as 16:9 slides."""
from __future__ import annotations

import streamlit as st

from ui.state import ctx, t

_SLIDES = "_slides"


def register(title: str, fig, source: str) -> None:
    """Remember a drawn chart so 'Export slides' can include it."""
    st.session_state.setdefault(_SLIDES, []).append({"title": title, "figure": fig, "source": source})


def png_button(fig, source: str, filename: str, key: str) -> None:
    """Offer the chart as a PNG at 2x with title and source, rendered only when clicked."""
    st.download_button(t("export.png"), data=lambda: _png(fig, source), file_name=f"{filename}.png",
                       mime="image/png", key=f"png_{key}", on_click="ignore", icon=":material/image:")


def slides_button(page_title: str, snapshot: str) -> None:
    """Offer the charts of the current view as a PPTX deck in the chosen language."""
    slides = list(st.session_state.get(_SLIDES, []))
    if not slides:
        return
    footer = t("export.footer", page=page_title, snapshot=snapshot)
    st.download_button(t("export.slides", n=len(slides)), data=lambda: _deck(slides, footer),
                       file_name=f"{t('export.slides_file')}_{ctx().lang}.pptx", key="export_slides",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       on_click="ignore", icon=":material/slideshow:")


def _png(fig, source: str) -> bytes:
    """Render the PNG (imported here: Kaleido and python-pptx load only when someone exports)."""
    from reports.slides import figure_png

    return figure_png(fig, source)


def _deck(slides: list[dict], footer: str) -> bytes:
    """Build the PPTX deck (imported here for the same reason)."""
    from reports.slides import build_deck

    return build_deck(slides, footer)
