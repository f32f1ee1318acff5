"""Counter-trafficking context from the U.S. TIP Report: tier heat strip and reported law-enforcement figures.

Pure builders for any list of countries (the indicators page passes all six, a country page passes one).
Labels come in translated: build them with `{k: t(v) for k, v in LABEL_KEYS.items()}`.
"""
from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from charts.theme import fmt_number
from transforms.indicators import slug
from transforms.tip_sources import reported_by

TIERS = {"Tier 1": "t1", "Tier 2": "t2", "Tier 2 Watch List": "t2wl", "Tier 3": "t3"}
GAP = "gap"
# viridis at four steps: ordered light to dark (better to worse), distinguishable with colour-vision deficiencies
TIER_COLOURS = {"t1": "#FDE725", "t2": "#35B779", "t2wl": "#31688E", "t3": "#440154"}
TIER_TEXT = {"t1": "#1F1F1F", "t2": "#1F1F1F", "t2wl": "#FFFFFF", "t3": "#FFFFFF"}
GAP_FILL, GAP_LINE = "#F4F4F4", "#9E9E9E"
EVIDENCE = ("stated", "stated in next report (remained)", "stated in next report (downgraded from)",
            "stated (secondary)", "compiled dataset")
MEASURES = ("victims_identified_by_government", "victims_identified_forced_labor", "victims_identified_sexual_exploitation",
            "victims_assisted_by_ngos", "hotline_calls", "investigations", "criminal_cases_initiated",
            "prosecutions_initiated", "new_prosecutions_initiated", "prosecutions", "convictions")
_NAMES = ("strip_title", "law_title", "report_year", "reporting_period", "tier", "evidence", "source", "country",
          "measure", "value", "gap", "window", "window_prev", "calendar", "law_axis")
LABEL_KEYS = {**{k: f"indicators.tip.{k}" for k in _NAMES}, "ev_reported_by": "indicators.tip.ev.reported_by",
              "lang": "indicators.tip.lang",  # the labels' language: secondary sources are named in it
              **{k: f"indicators.tip.tiers.{k}" for k in TIERS.values()},
              **{f"short_{k}": f"indicators.tip.short.{k}" for k in TIERS.values()},
              **{f"ev_{slug(e)}": f"indicators.tip.ev.{slug(e)}" for e in EVIDENCE},
              **{f"m_{m}": f"indicators.tip.measures.{m}" for m in MEASURES}}
_WINDOW = re.compile(r"^Apr (\d{4})-Mar (\d{4}) \((previous )?reporting period\)$")
_LINK = re.compile(r"https?://[^\s;()\"]+|[\w.-]+/[\w.-]+@[0-9a-f]+:[^\s;()\"]+")


def tier_grid(tiers: pd.DataFrame, countries, years, lang: str | None = None) -> pd.DataFrame:
    """Every country x report year, with the tier code ('gap' where no placement was found); with a language, also the
    secondary publication a placement was read in, named in it (reported_by; '' for the report itself)."""
    full = pd.MultiIndex.from_product([list(countries), list(years)], names=["iso3", "report_year"]).to_frame(index=False)
    known = tiers.assign(report_year=tiers["report_year"].astype(int))
    grid = full.merge(known[["iso3", "report_year", "tier", "evidence", "source"]], how="left")
    grid["tier_code"] = grid["tier"].map(TIERS).fillna(GAP)
    if lang:
        grid["reported_by"] = secondary_sources(grid, lang)
    return grid


def secondary_sources(grid: pd.DataFrame, lang: str) -> list[str]:
    """For each row, the secondary publication its placement was read in, named in lang ('' for the report itself)."""
    return [reported_by(e, s, lang) or "" if isinstance(e, str) else "" for e, s in zip(grid["evidence"], grid["source"])]


def first_link(text) -> str:
    """The first URL or repository reference in a source note (the notes' prose stays out of view)."""
    match = _LINK.search(str(text or ""))
    return match.group(0).rstrip(".,") if match else ""


def evidence_label(value, labels: dict, source: str = "") -> str:
    """Translated evidence category ('' for a gap); "as reported by <source>" when read in a secondary publication."""
    if source and "ev_reported_by" in labels:
        return labels["ev_reported_by"].format(source=source)
    return labels.get(f"ev_{slug(value)}", "") if isinstance(value, str) else ""


def evidence_texts(grid: pd.DataFrame, labels: dict) -> list[str]:
    """The evidence words of every row of a tier grid: "as reported by <source>" for a placement read in a secondary
    publication (named in the labels' language), else the evidence category."""
    sources = grid["reported_by"] if "reported_by" in grid else secondary_sources(grid, labels.get("lang", "en"))
    return [evidence_label(e, labels, s) for e, s in zip(grid["evidence"], sources)]


def tier_table(grid: pd.DataFrame, names: dict, labels: dict) -> pd.DataFrame:
    """The heat strip as a table: country, report year, tier, evidence, source link."""
    return pd.DataFrame({labels["country"]: grid["iso3"].map(names), labels["report_year"]: grid["report_year"],
                         labels["tier"]: grid["tier_code"].map(lambda c: labels[c] if c != GAP else labels["gap"]),
                         labels["evidence"]: evidence_texts(grid, labels),
                         labels["source"]: grid["source"].map(first_link)})


def tier_strip(grid: pd.DataFrame, names: dict, labels: dict) -> go.Figure:
    """Countries x years heat strip of TIP tiers; years with no placement found are hatched and say so."""
    fig = go.Figure()
    rows = grid.assign(country=grid["iso3"].map(names), ev=evidence_texts(grid, labels))
    for code in [*TIERS.values(), GAP]:
        part = rows[rows["tier_code"] == code]
        empty = part.empty  # an empty tier keeps its legend entry, so the whole ordered scale is shown
        part = rows.head(1).assign(report_year=float("nan")) if empty else part
        gap = code == GAP
        word = labels["gap"] if gap else labels[code]
        fig.add_bar(x=[None] if empty else [1] * len(part), base=part["report_year"] - 0.5, y=part["country"],
                    orientation="h", name=word,
                    width=0.8, text=None if gap else [labels[f"short_{code}"]] * len(part), textposition="inside",
                    insidetextanchor="middle", textfont=dict(color=TIER_TEXT.get(code, "#1F1F1F")), textangle=0,
                    marker=dict(color=GAP_FILL if gap else TIER_COLOURS[code], line=dict(color="#FFFFFF", width=1),
                                pattern=dict(shape="/" if gap else "", fgcolor=GAP_LINE)),
                    customdata=part[["country", "report_year", "ev"]].to_numpy(), showlegend=True,
                    hovertemplate=(f"<b>%{{customdata[0]}}</b>, {labels['report_year']} %{{customdata[1]}}<br>{word}"
                                   + ("" if gap else f"<br>{labels['evidence']}: %{{customdata[2]}}") + "<extra></extra>"))
    years = sorted(grid["report_year"].unique())
    single = grid["iso3"].nunique() == 1  # one row: more room below, or the legend covers the year ticks
    fig.update_layout(title=labels["strip_title"], barmode="overlay",
                      height=300 if single else 170 + 48 * grid["iso3"].nunique(),
                      xaxis=dict(title=labels["report_year"], range=[years[0] - 0.6, years[-1] + 0.6], dtick=2,
                                 tickformat="d", showgrid=False),
                      yaxis=dict(autorange="reversed", automargin=True, showgrid=False, categoryorder="array",
                                 categoryarray=[names.get(c, c) for c in dict.fromkeys(grid["iso3"])]),
                      uniformtext=dict(minsize=9, mode="hide"), margin=dict(l=10, r=10, t=60),
                      legend=dict(traceorder="normal", **({"y": -0.45} if single else {})))
    return fig


def strip_facts(grid: pd.DataFrame) -> dict:
    """What the heat strip's summary says: the latest report year, how many countries per tier, how many gaps."""
    year = int(grid["report_year"].max())
    counts = grid.loc[grid["report_year"] == year, "tier_code"].value_counts()
    return {"year": year, **{k: int(counts.get(k, 0)) for k in TIERS.values()}, "gaps": int((grid["tier_code"] == GAP).sum())}


def law_facts(rows: pd.DataFrame) -> dict:
    """What the law-enforcement summary says: how many values, from which countries, over which report years."""
    return {"n": len(rows), "countries": ", ".join(rows["country"].unique()),
            "first": int(rows["report_year"].min()), "last": int(rows["report_year"].max())}


def period_text(raw, labels: dict) -> str:
    """Translate a reporting period: a calendar year or the TIP window April-March."""
    text = str(raw).strip()
    if re.fullmatch(r"\d{4}", text):
        return labels["calendar"].format(year=text)
    match = _WINDOW.match(text)
    if not match:
        return text
    return labels["window_prev" if match.group(3) else "window"].format(a=match.group(1), b=match.group(2))


def law_rows(law: pd.DataFrame, countries, measure: str, names: dict, labels: dict, lang: str) -> pd.DataFrame:
    """One measure's reported values for the countries, with translated period, formatted value and source link."""
    rows = law[(law["measure"] == measure) & law["iso3"].isin(list(countries))].copy()
    rows["country"] = rows["iso3"].map(names)
    rows["period_text"] = rows["reporting_period"].map(lambda p: period_text(p, labels))
    rows["value_text"] = rows["value"].map(lambda v: fmt_number(v, lang))
    rows["link"] = rows["source"].map(first_link)
    return rows.sort_values(["iso3", "report_year"]).reset_index(drop=True)


def law_table(rows: pd.DataFrame, labels: dict) -> pd.DataFrame:
    """The law-enforcement points as a table with translated headings."""
    return pd.DataFrame({labels["country"]: rows["country"], labels["report_year"]: rows["report_year"],
                         labels["reporting_period"]: rows["period_text"], labels["value"]: rows["value"],
                         labels["source"]: rows["link"]})


def law_points(rows: pd.DataFrame, labels: dict, colours: dict, measure_word: str) -> go.Figure:
    """Reported values of one measure by report year, one colour per country, each point labelled."""
    fig = go.Figure()
    groups = list(dict.fromkeys(rows["iso3"]))
    for iso3, part in rows.groupby("iso3", sort=False):
        custom = part[["country", "report_year", "period_text", "value_text"]].to_numpy()
        dodge = 0.12 * (groups.index(iso3) - (len(groups) - 1) / 2)  # countries side by side within a report year
        fig.add_scatter(x=part["report_year"] + dodge, y=part["value"], mode="markers+text", name=part["country"].iloc[0],
                        marker=dict(size=13, color=colours.get(iso3, "#7F7F7F"), line=dict(color="#FFFFFF", width=1)),
                        text=part["value_text"], textposition="top center", customdata=custom, cliponaxis=False,
                        hovertemplate=(f"<b>%{{customdata[0]}}</b><br>{measure_word}: %{{customdata[3]}}<br>"
                                       f"{labels['report_year']}: %{{customdata[1]}}<br>{labels['reporting_period']}: "
                                       "%{customdata[2]}<extra></extra>"))
    fig.update_layout(title=f"{labels['law_title']}: {measure_word}", height=440, margin=dict(t=70),
                      xaxis=dict(title=labels["report_year"], dtick=1, tickformat="d"),
                      yaxis=dict(title=labels["law_axis"], rangemode="tozero"))
    return fig


MEASURE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")  # Okabe-Ito, one per measure


def measure_rows(reported: pd.DataFrame, iso3: str, names: dict, labels: dict, words: dict, lang: str) -> pd.DataFrame:
    """One country's values of every measure as law_rows (kind = measure), each with its translated measure word."""
    rows = law_rows(reported.assign(kind=reported["measure"], measure="all"), [iso3], "all", names, labels, lang)
    return rows.assign(measure_name=rows["kind"].map(words))


def measure_points(rows: pd.DataFrame, labels: dict, words: dict, title: str) -> go.Figure:
    """One country's measures as law points, a colour per measure (in the words' order), whole-count y axis."""
    palette = dict(zip(words, MEASURE_COLOURS))
    fig = law_points(rows.assign(iso3=rows["kind"], country=rows["measure_name"]), labels, palette, title)
    fig.update_yaxes(range=[0, max(5.0, float(rows["value"].max()) * 1.15)])  # counts: no 0.2 steps when all are zero
    return fig


def measure_table(rows: pd.DataFrame, labels: dict) -> pd.DataFrame:
    """The measure points as a table: law_table with each value's measure word."""
    return law_table(rows, labels).assign(**{labels["measure"]: rows["measure_name"]})


def measures_in(law: pd.DataFrame) -> list[str]:
    """The measures the law figures hold, in the fixed order of MEASURES."""
    return [m for m in MEASURES if m in set(law["measure"])]
