"""Streamlit pieces the remittances page repeats: table headers, the vintage choice, bullet lists, gap notes."""
from __future__ import annotations

from typing import Sequence

import streamlit as st

from charts.timeseries import Marker
from transforms.remittances import Shock
from ui.components import gap_note
from ui.state import pick, t


def headers(*keys: str, **labels: str) -> dict[str, str]:
    """Translated headers for the columns a chart's table shows (labels given here win)."""
    return {k: labels.get(k) or t(f"remit.col.{k}") for k in keys}


def vintage_pick(name: str, vintages: dict[str, str]) -> str:
    """A URL-bound choice of the % of GDP vintage behind a button; return its key ("latest" or "official").
    vintages: {key: vintage} read from the data (transforms.remittances.vintages)."""
    return pick(name, t("remit.vintage_label"), list(vintages), "latest", help=t("remit.vintage_help"),
                format_func=lambda v: t(f"remit.vintage.{v}", vintage=vintages[v]))


def bullets(lines: list[str]) -> None:
    """Draw sentences as one bulleted list."""
    st.markdown("\n".join(f"- {line}" for line in lines))


def gap_notes(notes: list[str]) -> None:
    """Say each gap on screen, in turn."""
    for note in notes:
        gap_note(note)


def markers(shocks: Sequence[Shock]) -> list[Marker]:
    """Translate the shocks into chart markers with their short labels."""
    return [Marker(s.start, s.end, t(f"remit.shock.{s.key}", year=s.start, start=s.start, end=s.end)) for s in shocks]
