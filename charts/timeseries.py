"""Line charts over time: one line per country, shock markers, an optional target line."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.theme import NEUTRAL

SHOCK_FILL = "rgba(127,127,127,0.15)"
COMPARATOR_DASH = "dot"
# Comparators (aggregates and other dependent economies) get colours outside the focus palette and dotted lines.
COMPARATOR_COLOURS = {"WLD": "#000000", "ECS": "#7F7F7F", "TON": "#8C564B", "NPL": "#9467BD", "NIC": "#882255",
                      "HND": "#44AA99"}


@dataclass(frozen=True)
class Marker:
    """A translated shock marker: first and last x and its short label."""

    start: float
    end: float
    label: str


DOUBT_FLAG = "disputed"  # rows flagged so are drawn apart: dotted, hollow markers, their own legend entry


@dataclass(frozen=True)
class Doubt:
    """How to draw values whose reporting is disputed: the legend entry per country and a short label on the chart."""

    names: dict[str, str]  # iso3 -> legend entry, e.g. "Russia, 2022–2023: reported, disputed"
    label: str = ""  # a short note placed by the last disputed point


def line_chart(frame: pd.DataFrame, *, title: str, y_title: str, value_hover: str, colours: dict[str, str],
               x_col: str = "year", yearly: bool = True, height: int = 480, markers: Sequence[Marker] = (),
               doubt: Doubt | None = None) -> go.Figure:
    """Draw one line per country from a frame with iso3, name, x_col, value, when and note (in hover), shocks marked.

    Rows flagged "disputed" (a `flag` column) are drawn as a dotted continuation with hollow markers, named by `doubt`.
    """
    doubtful = frame["flag"].eq(DOUBT_FLAG) if "flag" in frame else pd.Series(False, index=frame.index)
    # One constructor call with every trace and the layout: plotly validates once instead of per added trace.
    traces = [_line(break_gaps(rows, x_col) if yearly else rows, iso3, colours, x_col, value_hover)
              for iso3, rows in frame[~doubtful].groupby("iso3", sort=False)]
    traces += [_doubtful(frame, rows, iso3, colours, x_col, value_hover, doubt)
               for iso3, rows in frame[doubtful].groupby("iso3", sort=False)]
    fig = go.Figure(traces, layout=dict(
        title=title, height=height, hovermode="closest", margin=dict(l=10, r=10, t=100, b=10),
        yaxis=dict(title=y_title, rangemode="tozero"), xaxis=dict(title=None, tickformat="d"),
        legend=dict(orientation="h", y=-0.12, x=0)))
    if doubt and doubt.label and doubtful.any():
        last = frame[doubtful].sort_values(x_col).iloc[-1]
        fig.update_layout(annotations=[dict(x=last[x_col], y=last["value"], text=doubt.label, showarrow=True, ax=-40,
                                            ay=0, font=dict(size=12, color="#444444"), xanchor="right")])
    return add_markers(fig, list(markers))


def _doubtful(frame: pd.DataFrame, rows: pd.DataFrame, iso3: str, colours: dict[str, str], x_col: str,
              value_hover: str, doubt: Doubt | None) -> go.Scatter:
    """A country's disputed values: a dotted line from its last undisputed point, hollow markers, a legend entry."""
    before = frame[(frame["iso3"] == iso3) & (frame[x_col] < rows[x_col].min()) & ~frame["flag"].eq(DOUBT_FLAG)]
    rows = pd.concat([before.sort_values(x_col).tail(1), rows.sort_values(x_col)])
    trace = _line(rows, iso3, colours, x_col, value_hover)
    name = (doubt.names.get(iso3) if doubt else None) or f"{rows['name'].iloc[0]} ({DOUBT_FLAG})"
    return trace.update(name=name, line=dict(dash="dot"), marker=dict(size=9, symbol="circle-open"))


def break_gaps(rows: pd.DataFrame, x_col: str = "year") -> pd.DataFrame:
    """Insert empty rows for missing years so a line breaks at a gap instead of bridging it."""
    span = range(int(rows[x_col].min()), int(rows[x_col].max()) + 1)
    full = rows.set_index(x_col).reindex(span).rename_axis(x_col).reset_index()
    full[["iso3", "name"]] = rows[["iso3", "name"]].iloc[0].tolist()
    return full


def _line(rows: pd.DataFrame, iso3: str, colours: dict[str, str], x_col: str, value_hover: str):
    """Build one country's trace: fixed colour for focus countries, dotted line for comparators."""
    focus = iso3 in colours
    line = dict(color=colours[iso3] if focus else COMPARATOR_COLOURS.get(iso3, NEUTRAL),
                dash=None if focus else COMPARATOR_DASH)
    # small markers too: a year standing alone between gaps must still be visible
    return go.Scatter(x=rows[x_col], y=rows["value"], name=rows["name"].iloc[0], mode="lines+markers", line=line,
                      marker=dict(size=5),
                      customdata=rows[["when", "note"]], connectgaps=False,
                      hovertemplate=f"<b>{rows['name'].iloc[0]}</b><br>%{{customdata[0]}}: {value_hover}"
                                    "<br>%{customdata[1]}<extra></extra>")


def add_markers(fig: go.Figure, markers: list[Marker]) -> go.Figure:
    """Mark shocks: a line for a single year, a shaded band for a span; labels staggered above the plot."""
    # Shapes as plain dicts in one layout update: add_vline/add_vrect re-scan every subplot per call (~10 ms each).
    shapes = [_shock_shape(m) for m in markers]
    notes = [dict(x=(m.start + m.end) / 2, y=1.0 + 0.06 * (i % 3), xref="x", yref="paper", text=m.label,
                  showarrow=False, yanchor="bottom", font=dict(size=12, color="#444444")) for i, m in enumerate(markers)]
    if markers:
        fig.update_layout(shapes=[*fig.layout.shapes, *shapes], annotations=[*fig.layout.annotations, *notes])
    return fig


def _shock_shape(m: Marker) -> dict:
    """A shaded band over a span of years, or a dashed line at a single year, spanning the plot's height."""
    band = m.end > m.start
    return dict(type="rect" if band else "line", xref="x", yref="y domain", x0=m.start, x1=m.end, y0=0, y1=1,
                layer="below" if band else None, fillcolor=SHOCK_FILL if band else None,
                line=dict(width=0) if band else dict(color=NEUTRAL, width=1, dash="dash"))


def add_target(fig: go.Figure, value: float, label: str) -> go.Figure:
    """Draw a horizontal target line (e.g. the SDG 10.c 3% cost target) with its label."""
    fig.add_hline(y=value, line=dict(color="#000000", width=1.5, dash="dash"),
                  annotation_text=label, annotation_position="top left", annotation_font=dict(size=12))
    return fig


def year_ticks(fig: go.Figure, first: int, last: int, step: int = 1) -> go.Figure:
    """Put whole-year ticks on a decimal-year axis (quarters sit between them)."""
    fig.update_xaxes(tickmode="array", tickvals=list(range(first, last + 1, step)),
                     ticktext=[str(y) for y in range(first, last + 1, step)])
    return fig
