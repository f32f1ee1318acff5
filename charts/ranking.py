"""Bar charts: the world ranking (horizontal bars, focus countries highlighted) and 100% stacked shares."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import COUNTRY_COLOURS, NEUTRAL

GAP_LABEL = "⋯"  # an empty row between the top of the ranking and focus countries ranked lower down
# Where remittances come from: the two sending countries in their own colours, everywhere else a pale grey.
SOURCE_COLOURS = {"RUS": COUNTRY_COLOURS["RUS"], "KAZ": COUNTRY_COLOURS["KAZ"], "other": "#BBBBBB"}


def ranking_bars(frame: pd.DataFrame, *, title: str, x_title: str, value_hover: str, colours: dict[str, str],
                 height: int | None = None) -> go.Figure:
    """Draw ranked economies (label, iso3, value, text, in_top, when, note) top-down; focus countries in colour."""
    labels = _labels_with_gap(frame)
    marker = [colours.get(c, NEUTRAL) for c in frame["iso3"]]
    fig = go.Figure(go.Bar(x=frame["value"], y=frame["label"], orientation="h", marker_color=marker,
                           customdata=frame[["when", "note"]], text=frame["text"], textposition="outside",
                           textfont=dict(size=12),  # sized, so presenter mode raises it to its minimum
                           cliponaxis=False, hovertemplate=f"<b>%{{y}}</b><br>%{{customdata[0]}}: {value_hover}"
                                                           "<br>%{customdata[1]}<extra></extra>"))
    fig.update_layout(title=title, height=height or 140 + 24 * len(labels), showlegend=False,
                      margin=dict(l=10, r=60, t=60, b=10), xaxis=dict(title=x_title),
                      yaxis=dict(categoryorder="array", categoryarray=labels, autorange="reversed", title=None,
                                 tickmode="array", tickvals=labels))  # every name, also at projector type sizes
    return fig


def _labels_with_gap(frame: pd.DataFrame) -> list[str]:
    """Return the y categories in order, with a gap row before focus countries ranked below the top."""
    top, tail = frame[frame["in_top"]]["label"].tolist(), frame[~frame["in_top"]]["label"].tolist()
    return top + ([GAP_LABEL] if tail else []) + tail


def share_bars(frame: pd.DataFrame, *, title: str, x_title: str, value_hover: str, order: list[str],
               colours: dict[str, str] | None = None, subtitle: str = "", height: int = 420) -> go.Figure:
    """Draw 100% stacked horizontal bars: one bar per country (label), one segment per source (source_name)."""
    colours = SOURCE_COLOURS if colours is None else colours
    fig = go.Figure()
    for source, rows in frame.groupby("source", sort=False):
        fig.add_trace(go.Bar(x=rows["share"], y=rows["label"], orientation="h", name=rows["source_name"].iloc[0],
                             marker_color=colours.get(source, NEUTRAL), customdata=rows[["amount", "note"]],
                             hovertemplate=f"<b>%{{y}}</b> · {rows['source_name'].iloc[0]}<br>{value_hover}"
                                           "<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>"))
    fig.update_layout(title=dict(text=title, subtitle=dict(text=subtitle)), barmode="stack", height=height,
                      margin=dict(l=10, r=10, t=90, b=10), xaxis=dict(title=x_title, range=[0, 100]),
                      yaxis=dict(categoryorder="array", categoryarray=order, autorange="reversed", title=None),
                      legend=dict(orientation="h", y=-0.2, x=0, traceorder="normal"))
    return fig
