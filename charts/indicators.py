"""Project indicator figures: progress bullets against target, trends across periods, sex and age breakdowns.

Pure builders: tidy frames with text columns already made (value_text carries '<5' for masked survivor counts)
and translated labels in, a plotly Figure out. Masked counts never reach a figure as numbers: their bars are
drawn hatched up to the threshold and labelled with the masked text, so no bar shows an exact height.
"""
from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.theme import fmt_pct

STATUS_COLOURS = {"achieved": "#0072B2", "on_track": "#009E73", "behind": "#D55E00"}  # Okabe-Ito; a word goes with each
PART_COLOURS = {"female": "#CC79A7", "male": "#009E73", "youth": "#E69F00", "adult": "#56B4E9"}
MASKED, HATCH = "#E3E3E3", "#9A9A9A"  # light enough for the dark "<5" written inside
PCT_CAP = 125  # bars stop here; the label still says the real percentage
BULLET_ROW, BULLET_GAP, BULLET_TOP, BULLET_BOTTOM = 22, 40, 112, 56  # progress chart: px per bar, between panels, margins
LABELS = ("progress_title", "progress_axis", "expected", "target", "value", "period", "status", "of_target",
          "elapsed", "trend_title", "breakdown_title", "share", "masked_note", "country")


def wrap(text: str, width: int = 48) -> str:
    """Wrap a long axis label onto several lines."""
    return "<br>".join(textwrap.wrap(str(text), width)) or str(text)


TITLE_WIDTH = 88  # characters of a chart title per line at the page's width


def title_extra(title: str) -> int:
    """Pixels a title needs above one line (each further line)."""
    return 24 * title.count("<br>")


def progress_bullets(rows: pd.DataFrame, labels: dict, words: dict, lang: str) -> go.Figure:
    """One panel per indicator: a bar per country (percent of target) coloured and labelled by status, with
    a tick where the value should be by now (share of the period elapsed) and a dotted line at the target.

    Compact (24 px a bar) with the legend under the title, so the chart's top half fits on the first screen."""
    names = list(dict.fromkeys(rows["indicator"]))
    sizes = [rows.loc[rows["indicator"] == n, "country"].nunique() for n in names]
    height = BULLET_TOP + BULLET_BOTTOM + BULLET_ROW * sum(sizes) + BULLET_GAP * (len(names) - 1)
    fig = make_subplots(rows=len(names), cols=1, shared_xaxes=True, row_heights=sizes,
                        subplot_titles=[wrap(n, 110) for n in names],
                        vertical_spacing=BULLET_GAP / (height - BULLET_TOP - BULLET_BOTTOM) if len(names) > 1 else 0)
    rows = rows.assign(pct_text=[fmt_pct(p, lang, 0) for p in rows["pct"]],
                       exp_text=[fmt_pct(e, lang, 0) for e in rows["expected_pct"]])
    traces, panels, axes = [], [], {}
    for i, name in enumerate(names, start=1):
        part = rows[rows["indicator"] == name]
        for status, colour in STATUS_COLOURS.items():
            made = _status_bars(part[part["status"] == status], status, colour, words[status], labels,
                                legend=not any(t.get("legendgroup") == status for t in traces))
            traces += made
            panels += [i] * len(made)
        timed = part.dropna(subset=["expected_pct"])
        traces.append(dict(type="scatter", x=timed["expected_pct"], y=timed["country"], mode="markers",
                           name=labels["expected"], hoverinfo="skip", legendgroup="expected", showlegend=i == 1,
                           marker=dict(symbol="line-ns", size=17, line=dict(width=3, color="#1F1F1F"))))
        panels.append(i)
        # each panel lists only its own countries, in the table's order
        axes[f"yaxis{'' if i == 1 else i}"] = dict(autorange="reversed", automargin=True, categoryorder="array",
                                                   categoryarray=list(dict.fromkeys(part["country"])))
    # One call each for traces, shapes and axes: plotly validates the whole layout again at every call.
    fig.add_traces(traces, rows=panels, cols=[1] * len(panels))
    ticks = (0, 25, 50, 75, 100, 125)
    fig.update_xaxes(range=[0, PCT_CAP + 60], tickvals=ticks, ticktext=[fmt_pct(v, lang, 0) for v in ticks])
    fig.update_xaxes(title=labels["progress_axis"], row=len(names), col=1)
    fig.update_annotations(x=0, xanchor="left", font_size=None)  # titles follow the template (larger when presenting)
    target = [dict(type="line", x0=100, x1=100, xref=f"x{'' if i == 1 else i}", y0=0, y1=1,
                   yref=f"y{'' if i == 1 else i} domain", line=dict(color="#1F1F1F", dash="dot", width=1.5))
              for i in range(1, len(names) + 1)]
    fig.update_layout(**axes, shapes=target,
                      title=dict(text=labels["progress_title"], y=1, yanchor="top", yref="container", pad=dict(t=12)),
                      barmode="overlay", height=height, margin=dict(l=10, r=30, t=BULLET_TOP, b=BULLET_BOTTOM),
                      bargap=0.25, legend=dict(yref="container", y=1 - 58 / height, yanchor="top", x=0,
                                               orientation="h"))
    return fig


def _status_bars(part: pd.DataFrame, status: str, colour: str, word: str, labels: dict, legend: bool) -> list[dict]:
    """The bars of one status in one indicator's panel, and their labels (legend entry once per status)."""
    if part.empty:
        return []
    custom = part[["label", "period_text", "value_text", "target_text", "pct_text", "exp_text"]].assign(word=word).to_numpy()
    bars = dict(type="bar", x=part["pct"].clip(upper=PCT_CAP), y=part["country"], orientation="h", name=word,
                marker_color=colour, customdata=custom, legendgroup=status, showlegend=legend,
                hovertemplate=(f"<b>%{{customdata[0]}}</b><br>{labels['period']}: %{{customdata[1]}}<br>"
                               f"{labels['value']}: %{{customdata[2]}} · {labels['target']}: %{{customdata[3]}}<br>"
                               f"{labels['of_target']}: %{{customdata[4]}} · {labels['elapsed']}: %{{customdata[5]}}<br>"
                               f"{labels['status']}: %{{customdata[6]}}<extra></extra>"))
    # the percentage and the status word in a column right of the bars, clear of the ticks and the target line
    words = dict(type="scatter", x=[PCT_CAP + 4] * len(part), y=part["country"], mode="text",
                 textposition="middle right", text=[f"{p} · {word}" for p in part["pct_text"]], legendgroup=status,
                 showlegend=False, hoverinfo="skip", cliponaxis=False)
    return [bars, words]


def _count_bars(fig: go.Figure, sub: pd.DataFrame, *, cat: str, group: str, colour: str, name: str, threshold: int,
                masked_name: str, text: list, custom: list, hover: str, horizontal: bool = False) -> None:
    """Add one group's bars: shown counts in its colour; masked counts grey, hatched, standing at the threshold
    (never at their value), in a trace of their own so the legend keeps the group's colour and explains the hatch."""
    masked = sub["mask"].ne("").to_numpy()
    for hide in (False, True):
        keep = masked == hide
        if hide and not keep.any():
            continue
        cats = list(sub[cat].to_numpy()[keep]) or [sub[cat].iloc[0]]  # an all-masked group keeps its legend entry
        heights = [threshold] * int(keep.sum()) if hide else (list(sub["value"].to_numpy()[keep]) or [None])
        xy = dict(y=cats, x=heights, orientation="h") if horizontal else dict(x=cats, y=heights)
        fig.add_bar(**xy, offsetgroup=group, name=masked_name if hide else name, legendgroup="masked" if hide else group,
                    legendrank=1000 if hide else 500,
                    showlegend=not hide or not any(t.legendgroup == "masked" for t in fig.data),
                    marker=dict(color=MASKED if hide else colour, pattern=dict(shape="/" if hide else "", fgcolor=HATCH)),
                    text=[x for x, k in zip(text, keep) if k], textposition="inside" if hide else "outside",
                    insidetextanchor="middle", textfont=dict(color="#1F1F1F"), cliponaxis=False, textangle=0,
                    customdata=[c for c, k in zip(custom, keep) if k], hovertemplate=hover)


def trend_bars(rows: pd.DataFrame, labels: dict, colours: dict, threshold: int, unit: str) -> go.Figure:
    """Grouped bars of one indicator's totals across periods, one colour per country, targets as black lines."""
    fig = go.Figure()
    order = list(dict.fromkeys(rows["period_text"]))
    top = pd.concat([rows["value"], rows["target"], pd.Series([float(threshold)])]).max()
    hover = (f"<b>%{{customdata[0]}}</b>, %{{customdata[1]}}<br>{labels['value']}: %{{customdata[2]}} {unit}<br>"
             f"{labels['target']}: %{{customdata[3]}}<extra></extra>")
    for iso3, part in rows.groupby("country_iso3", sort=False):
        _count_bars(fig, part, cat="period_text", group=iso3, colour=colours.get(iso3, "#7F7F7F"), name=part["country"].iloc[0],
                    threshold=threshold, masked_name=labels["masked_note"], text=list(part["value_text"]), hover=hover,
                    custom=part[["country", "period_text", "value_text", "target_text"]].to_numpy().tolist())
        if part["target"].notna().any():  # a thin bar in the same offset group lines up with its country's bar
            fig.add_bar(x=part["period_text"], y=part["target"].notna().map({True: top / 120, False: None}),
                        base=part["target"], offsetgroup=iso3, name=labels["target"], marker=dict(color="#1F1F1F"),
                        hoverinfo="skip", legendgroup="target", legendrank=1001,
                        showlegend=not any(t.legendgroup == "target" for t in fig.data))
    title = wrap(labels["trend_title"], TITLE_WIDTH)  # a long indicator name: two lines, never cut at the edge
    fig.update_layout(title=title, barmode="group", height=480 + title_extra(title),
                      xaxis=dict(title=labels["period"], categoryorder="array", categoryarray=order, type="category"),
                      yaxis=dict(title=unit, rangemode="tozero"), margin=dict(t=70 + title_extra(title)))
    return fig


def breakdown_bars(rows: pd.DataFrame, dim: str, labels: dict, part_words: dict, threshold: int, unit: str,
                   lang: str) -> go.Figure:
    """Horizontal bars of the parts (women/men or youth/adults) per country, each labelled with its share."""
    fig = go.Figure()
    for part, colour in PART_COLOURS.items():
        sub = rows[rows[dim] == part]
        if sub.empty:
            continue
        share = [fmt_pct(s, lang, 0) for s in sub["share"]]
        text = [v if s == "–" else f"{v} ({s})" for v, s in zip(sub["value_text"], share)]
        custom = [[c, p, v, s] for c, p, v, s in zip(sub["country"], sub["period_text"], sub["value_text"], share)]
        _count_bars(fig, sub, cat="country", group=part, colour=colour, name=part_words[part], threshold=threshold,
                    masked_name=labels["masked_note"], text=text, custom=custom, horizontal=True,
                    hover=(f"<b>%{{customdata[0]}}</b>, %{{customdata[1]}}<br>{part_words[part]}: %{{customdata[2]}} {unit}"
                           f"<br>{labels['share']}: %{{customdata[3]}}<extra></extra>"))
    title = wrap(labels["breakdown_title"], TITLE_WIDTH)
    fig.update_layout(title=title, barmode="group", xaxis=dict(title=unit, rangemode="tozero"),
                      yaxis=dict(autorange="reversed", automargin=True, categoryorder="array",
                                 categoryarray=list(dict.fromkeys(rows["country"]))),
                      margin=dict(l=10, r=80, t=70 + title_extra(title)),
                      height=220 + title_extra(title) + 70 * max(1, rows["country"].nunique()))
    return fig


def with_note(fig: go.Figure, note: str | None) -> go.Figure:
    """Put a note (such as 'example data') under the figure's title, so it travels with the exported PNG too."""
    if note:
        fig.update_layout(title_text=f"{fig.layout.title.text}<br><sup>{note}</sup>")
    return fig


PUBLISHED_COLOUR = "#0072B2"


def published_bars(rows: pd.DataFrame, labels: dict) -> go.Figure:
    """The project's published figures as horizontal bars, each labelled with the figure as stated and its unit.

    rows: indicator, value, figure (e.g. "over 31,000 people"), area, period_text, source; labels: title (with the area
    and where the figures were published under it), axis, area, period, source (hover headings).
    """
    custom = rows[["figure", "area", "period_text", "source"]].to_numpy()
    fig = go.Figure(go.Bar(
        x=rows["value"], y=[wrap(i, 44) for i in rows["indicator"]], orientation="h", marker_color=PUBLISHED_COLOUR,
        text=rows["figure"], textposition="outside", cliponaxis=False, customdata=custom, showlegend=False,
        hovertemplate=(f"<b>%{{y}}</b><br>%{{customdata[0]}}<br>{labels['area']}: %{{customdata[1]}}<br>"
                       f"{labels['period']}: %{{customdata[2]}}<br>{labels['source']}: %{{customdata[3]}}<extra></extra>")))
    top = float(rows["value"].max()) if len(rows) else 1.0
    fig.update_layout(title=labels["title"], height=130 + 62 * max(1, len(rows)), bargap=0.35,
                      xaxis=dict(title=labels["axis"], range=[0, top * 1.35], rangemode="tozero"),
                      yaxis=dict(autorange="reversed", automargin=True), margin=dict(l=10, r=20, t=80, b=60))
    return fig
