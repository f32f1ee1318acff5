"""Migration figures: sankey of corridors, partner bars, emigrant trends and labour-migration points."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from charts.theme import COUNTRY_COLOURS, NEUTRAL, TEXT

# One marker per kind of published figure: a reader tells them apart without colour too.
FAMILY_STYLE: dict[str, tuple[str, str]] = {
    "entries": ("circle", "#0072B2"), "patents": ("diamond", "#D55E00"), "registrations": ("square", "#009E73"),
    "departures": ("triangle-up", "#CC79A7"), "presence": ("star", "#E69F00"), "shares": ("x", NEUTRAL),
}


def _rgba(hex_colour: str, alpha: float) -> str:
    """Turn '#RRGGBB' into a plotly rgba() string."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def sankey(links: pd.DataFrame, *, title: str, labels: dict[str, str], unit: str, year_label: str,
           link_hover: dict[str, str] | None = None) -> go.Figure:
    """Sankey of origin -> destination links (columns origin_iso3, destination_iso3, value, year); link_hover: more
    text columns of the links to show on hover, with their labels (e.g. the female share)."""
    origins = list(dict.fromkeys(links["origin_iso3"]))
    dests = list(dict.fromkeys(links.groupby("destination_iso3")["value"].sum().sort_values(ascending=False).index))
    nodes = origins + dests  # an origin and a destination are separate nodes even for the same country
    colours = [COUNTRY_COLOURS.get(c, NEUTRAL) for c in nodes]
    src = [origins.index(o) for o in links["origin_iso3"]]
    dst = [len(origins) + dests.index(d) for d in links["destination_iso3"]]
    year = int(links["year"].iloc[0]) if len(links) else ""
    extra = link_hover or {}
    more = "".join(f"<br>{label}: %{{customdata[{i}]}}" for i, label in enumerate(extra.values()))
    hover = (f"%{{source.label}} → %{{target.label}}<br>%{{value:,.0f}} {unit}{more}<br>{year_label}: {year}"
             "<extra></extra>")
    custom = links[list(extra)].to_numpy(dtype=object) if extra else None
    fig = go.Figure(go.Sankey(
        arrangement="snap", valueformat=",.0f",
        textfont=dict(color=TEXT),  # dark labels (the default white halo on pale links is hard to read)
        node=dict(label=[labels.get(c, c) for c in nodes], color=colours, pad=14, thickness=16,
                  hovertemplate=f"%{{label}}<br>%{{value:,.0f}} {unit}<br>{year_label}: {year}<extra></extra>"),
        link=dict(source=src, target=dst, value=links["value"].tolist(), hovertemplate=hover, customdata=custom,
                  color=[_rgba(COUNTRY_COLOURS.get(o, NEUTRAL), 0.35) for o in links["origin_iso3"]])))
    return fig.update_layout(title=title, height=560, margin=dict(l=10, r=10, t=60, b=20))


def partner_bars(frame: pd.DataFrame, *, title: str, x_title: str, colour: str, value_label: str,
                 share_label: str, year_label: str, hover_cols: dict[str, str] | None = None) -> go.Figure:
    """Horizontal bars of the largest partners (columns name, value, share, year), largest on top.

    hover_cols: text columns already formatted in the reader's language (e.g. share_text, female_share_text), with
    their labels, shown on hover instead of the share as plotly formats it.
    """
    if hover_cols:
        lines = "".join(f"<br>{label}: %{{customdata[{i}]}}" for i, label in enumerate(hover_cols.values()))
        custom = frame[[*hover_cols, "year"]].to_numpy(dtype=object)
        hover = (f"%{{y}}<br>{value_label}: %{{x:,.0f}}{lines}<br>{year_label}: %{{customdata[{len(hover_cols)}]}}"
                 "<extra></extra>")
    else:
        custom = frame[["share", "year"]].to_numpy()
        hover = (f"%{{y}}<br>{value_label}: %{{x:,.0f}}<br>{share_label}: %{{customdata[0]:.1f}}%"
                 f"<br>{year_label}: %{{customdata[1]}}<extra></extra>")
    fig = go.Figure(go.Bar(x=frame["value"], y=frame["name"], orientation="h", marker_color=colour,
                           customdata=custom, hovertemplate=hover,
                           texttemplate="%{x:,.0f}", textposition="outside", cliponaxis=False))
    height = 140 + 34 * len(frame)
    return fig.update_layout(title=title, xaxis_title=x_title, height=height, yaxis=dict(autorange="reversed"),
                             margin=dict(l=10, r=60, t=60, b=40))


def trend_lines(frame: pd.DataFrame, *, title: str, y_title: str, names: dict[str, str], value_col: str,
                hover_value: str, year_label: str, percent: bool = False, suffix: str | None = None,
                emphasis: str | None = None, reference: tuple[float, str] | None = None) -> go.Figure:
    """One line per country (columns iso3, year, value_col) in the fixed country colours; gaps stay gaps.

    Years sit at their values (2020 to 2024 is four years, not one step), ticked at the years the data hold. suffix:
    the percent sign as the language writes it ("%", " %"); emphasis: a country drawn thicker; reference: a dotted
    horizontal line (y, label) named in the legend, e.g. parity at 50%.
    """
    suffix = ("%" if percent else "") if suffix is None else suffix
    fmt = ":.1f" if percent else ":,.0f"
    fig = go.Figure()
    for iso3, rows in frame.groupby("iso3", sort=False):
        rows = rows.sort_values("year")
        fig.add_trace(go.Scatter(
            x=rows["year"], y=rows[value_col], name=names.get(iso3, iso3), mode="lines+markers", connectgaps=False,
            line=dict(color=COUNTRY_COLOURS.get(iso3, NEUTRAL), width=4 if iso3 == emphasis else 2),
            hovertemplate=(f"%{{fullData.name}}<br>{year_label}: %{{x}}<br>{hover_value}: %{{y{fmt}}}{suffix}"
                           "<extra></extra>")))
    years = sorted(int(y) for y in frame["year"].dropna().unique())
    if reference and years:  # a legend entry, not a label on the plot: lines cross it
        fig.add_trace(go.Scatter(x=[years[0], years[-1]], y=[reference[0]] * 2, mode="lines", name=reference[1],
                                 line=dict(color=NEUTRAL, width=1.5, dash="dot"), hoverinfo="skip"))
    yaxis = dict(title=y_title, rangemode="tozero", ticksuffix=suffix)
    xaxis = dict(tickmode="array", tickvals=years, tickformat="d", type="linear")
    return fig.update_layout(title=title, yaxis=yaxis, xaxis=xaxis, height=460,
                             legend=dict(orientation="h", y=-0.18), margin=dict(l=10, r=10, t=60, b=40))


def labour_points(rows: pd.DataFrame, *, title: str, x_title: str, family_labels: dict[str, str],
                  hover_labels: dict[str, str]) -> go.Figure:
    """Dot plot: one row per published figure (columns label, value, text, family, measure_name, period_name,
    reported_by); markers with their value as text, never a line, log axis because counts span 3 orders."""
    fig = go.Figure()
    for family, part in rows.groupby("family", sort=False):
        symbol, colour = FAMILY_STYLE.get(family, ("circle", NEUTRAL))
        hover = (f"<b>%{{customdata[0]}}</b><br>{hover_labels['period']}: %{{customdata[1]}}<br>"
                 f"{hover_labels['value']}: %{{x:,.0f}}<br>{hover_labels['source']}: %{{customdata[2]}}<extra></extra>")
        fig.add_trace(go.Scatter(
            x=part["value"], y=part["label"], mode="markers+text", name=family_labels.get(family, family), showlegend=True,
            text=part["text"], textposition="middle right", cliponaxis=False, hovertemplate=hover,
            marker=dict(symbol=symbol, color=colour, size=13, line=dict(width=1, color="#FFFFFF")),
            customdata=part[["measure_name", "period_name", "reported_by"]].to_numpy()))
    order = list(rows["label"])
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], automargin=True)
    fig.update_xaxes(type="log", title=x_title, tickvals=log_ticks(rows["value"]), tickformat=",d", tickangle=0)
    # Legend at the foot of the figure (container coordinates): anywhere inside it collides with the title or axis.
    return fig.update_layout(title=title, height=230 + 36 * len(rows), margin=dict(l=10, r=90, t=60, b=170),
                             legend=dict(orientation="h", x=0, xanchor="left", yref="container", y=0.01, yanchor="bottom"))


def log_ticks(values: pd.Series) -> list[float]:
    """Return ticks for a log axis with plain numbers: 1-2-5 steps over a decade or less, 1-3 up to 2.5, else powers."""
    lo, hi = float(values.min()), float(values.max())
    span = math.log10(hi / lo) if lo > 0 else 99
    steps = (1, 2, 5) if span <= 1 else (1, 3) if span <= 2.5 else (1,)
    ticks = [m * 10 ** e for e in range(0, 10) for m in steps]
    inside = [v for v in ticks if lo / 2 <= v <= hi * 2]
    return inside or [lo, hi]
