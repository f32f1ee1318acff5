"""What sending money costs: quarterly corridor costs and yearly averages, against the SDG 10.c target."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from charts.timeseries import add_target, line_chart, year_ticks


def cost_chart(frame: pd.DataFrame, *, title: str, y_title: str, value_hover: str, colours: dict[str, str],
               target: float, target_label: str, x_col: str = "year", quarterly: bool = False,
               dashed_direction: str | None = None) -> go.Figure:
    """Draw cost lines (iso3, name, x, value, when, note) with the target as a dashed line, y axis from zero."""
    fig = line_chart(frame, title=title, y_title=y_title, value_hover=value_hover, colours=colours,
                     x_col=x_col, yearly=not quarterly, height=440)
    add_target(fig, target, target_label)
    top = max(float(frame["value"].max()) if len(frame) else 0.0, target)
    fig.update_yaxes(range=[0, math.ceil(top * 1.1)])
    if len(frame):
        year_ticks(fig, int(math.floor(frame[x_col].min())), int(math.floor(frame[x_col].max())))
    fig.update_layout(margin=dict(t=60))
    if dashed_direction:  # e.g. "from": sending out of a country, told apart from the costs of sending to
        dashed(fig, frame.loc[frame["direction"] == dashed_direction, "name"].unique().tolist())
    return fig


def dashed(fig: go.Figure, names: list[str]) -> go.Figure:
    """Draw the named traces dashed (e.g. the cost of sending from a country, against costs of sending to)."""
    fig.for_each_trace(lambda tr: tr.update(line_dash="dash") if tr.name in names else None)
    return fig
