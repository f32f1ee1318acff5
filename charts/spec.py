"""A chart as the app shows it: the figure and everything that travels with it (data, sources, words), no Streamlit.

Pages draw it with ui.components.show(); presenter mode and the slide deck draw the same object, so a figure is built
once, by one pure function in figures/, wherever it appears.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from loaders.provenance import Provenance


@dataclass
class Chart:
    """One chart: its figure, the data it draws, its sources and the words around it."""

    key: str  # stable id: the Streamlit element key, the slide's id, part of file names
    figure: Any  # a plotly Figure (pydeck decks are drawn by pages only, never as slides)
    table: pd.DataFrame  # exactly the data the figure draws, with translated headings (the CSV download)
    provs: list[Provenance]
    summary: str = ""  # the reading of the chart in one paragraph (Markdown-escaped)
    filename: str = "chart"  # download name without extension; page, view and country are added by the page
    computed: bool = False  # values computed for the dashboard, said in the source line
    note: str | None = None  # a caveat shown before the source line
    lines: tuple[str, ...] = field(default_factory=tuple)  # at most three short lines for presenter mode and slides

    @property
    def title(self) -> str:
        """Return the figure's title text."""
        layout = getattr(self.figure, "layout", None)
        return (layout.title.text or "") if layout is not None else ""
