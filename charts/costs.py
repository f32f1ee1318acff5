"""What sending money costs: quarterly corridor costs and yearly averages, against the SDG 10.c target."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from charts.timeseries import add_target, line_chart, year_ticks

PLOT_HEIGHT = 400  # the figure's height before its legend rows: charts side by side then get equal plot areas
LEGEND_ROW = 20  # px per legend row (two entries a row)


def cost_chart(frame: pd.DataFrame, *, title: str, y_title: str, value_hover: str, colours: dict[str, str],
               target: float, target_label: str, x_col: str = "year", quarterly: bool = False,
               dashed_direction: str | None = None, y_max: float | None = None, subtitle: str = "") -> go.Figure:
    """Draw cost lines (iso3, name, x, value, when, note) with the target as a dashed line, y axis from zero.

    y_max: the top of the y axis, so charts shown side by side share one scale (default: from this frame). The legend
    holds two entries a row and the figure grows by its rows, so two such charts have plot areas of one height.
    """
    rows = math.ceil(frame["iso3"].nunique() / 2) if "iso3" in frame else 0
    fig = line_chart(frame, title=title, y_title=y_title, value_hover=value_hover, colours=colours,
                     x_col=x_col, yearly=not quarterly, height=PLOT_HEIGHT + LEGEND_ROW * rows)
    add_target(fig, target, target_label)
    fig.update_yaxes(range=[0, y_max or axis_top(frame["value"], target)], dtick=1)
    if len(frame):
        year_ticks(fig, int(math.floor(frame[x_col].min())), int(math.floor(frame[x_col].max())))
    fig.update_layout(margin=dict(t=80 if subtitle else 60), title=dict(text=title, subtitle=dict(text=subtitle)),
                      legend=dict(entrywidth=0.5, entrywidthmode="fraction"))
    if dashed_direction:  # e.g. "from": sending out of a country, told apart from the costs of sending to
        dashed(fig, frame.loc[frame["direction"] == dashed_direction, "name"].unique().tolist())
    return fig


def axis_top(values, target: float) -> int:
    """Return a whole-number top for a cost axis: a tenth above the highest value or the target."""
    highest = max([float(v) for v in values if v == v] + [target])  # v == v leaves NaN out
    return math.ceil(highest * 1.1)


def dashed(fig: go.Figure, names: list[str]) -> go.Figure:
    """Draw the named traces dashed (e.g. the cost of sending from a country, against costs of sending to)."""
    fig.for_each_trace(lambda tr: tr.update(line_dash="dash") if tr.name in names else None)
    return fig
