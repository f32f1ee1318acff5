"""Pure builders of the indicators page's charts (no Streamlit): the project's published results, progress against
target, trends and sex and age breakdowns of loaded indicator data, and the TIP Report context.

`published_results` is the presenter story's "project_results" step. The loaded-data builders take the masked,
labelled frame the page prepares (tr.labelled(tr.mask_survivors(...))): masked counts reach them only as text.
"""
from __future__ import annotations

import pandas as pd

import config
from charts import indicators as ich
from charts import tip
from charts.spec import Chart
from charts.theme import COUNTRY_COLOURS, fmt_pct
from figures import FigureContext
from geo.countries import FOCUS, name
from loaders import indicators as il
from transforms import indicators as tr

TIP_YEARS = range(2001, 2026)
DEFAULT_MEASURE = "victims_identified_by_government"


def limit() -> int:
    """The survivor threshold: counts below it are shown as '<N'."""
    return config.get_int("SURVIVOR_THRESHOLD")


def heads(fc: FigureContext, frame: pd.DataFrame) -> pd.DataFrame:
    """Rename a table's columns to the page's translated headings."""
    return frame.rename(columns={c: fc.t(f"indicators.col.{c}") for c in frame.columns})


def period_text(fc: FigureContext, period: str) -> str:
    """Name a period in the language: "2024", "Q2 2025" / «II кв. 2025 г.»."""
    return tr.period_label(period, "{year}", "", fc.lang)


# ---- published results -----------------------------------------------------------------------------------------

def published_table(fc: FigureContext) -> pd.DataFrame:
    """Every published figure (name, figure as stated with its unit, number, area, period, source) in the language."""
    pub, _ = fc.load("published_results")
    return tr.published_figures(pub, fc.t, fc.lang)


def _sources_note(fc: FigureContext, urls) -> str:
    """Where the figures were published, by site (the full links are in the hover, the table and the CSV)."""
    hosts = [u.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.") for u in urls]
    sites = list(dict.fromkeys(hosts))
    return fc.t("indicators.pub.source_all" if len(sites) == 1 else "indicators.pub.sources", links=", ".join(sites))


def _lines(fc: FigureContext, rows: pd.DataFrame) -> tuple[str, ...]:
    """At most three short lines for presenter mode and slides: the figures that have a line of their own."""
    keys = [(f"indicators.pub.line.{s}", f) for s, f in zip(rows["slug"], rows["figure"])]
    lines = [fc.t(k, figure=f) for k, f in keys if fc.t(k) != k]  # t() gives the key back when it has none
    return tuple(line[:1].upper() + line[1:] for line in lines[:3])


def published_results(fc: FigureContext) -> Chart:
    """The project's published regional results to date as labelled bars, each with its unit and source."""
    pub, prov = fc.load("published_results")
    rows = published_table(fc)
    shown = rows[rows["cumulative"]].reset_index(drop=True)
    years = tr.numbers_in(pub.loc[pub["period"].str.contains("cumulative", case=False), "period"].iloc[0])
    title = fc.t("indicators.pub.chart_title", first=years.get("n0", ""), last=years.get("n1", ""))
    subtitle = f"{shown['area'].iloc[0]} · {_sources_note(fc, shown['source'])}"
    labels = {"title": f"{title}<br><sup>{subtitle}</sup>", "axis": fc.t("indicators.pub.axis"),
              "area": fc.t("indicators.col.area"), "period": fc.t("indicators.col.period"),
              "source": fc.t("indicators.col.source")}
    items = "; ".join(f"{i}: {f}" for i, f in zip(shown["indicator"], shown["figure"]))
    return Chart(key="ind_published", figure=ich.published_bars(shown, labels),
                 table=heads(fc, shown[tr.PUBLISHED_COLUMNS]), provs=[prov], filename="published_results",
                 summary=fc.t("indicators.pub.summary", period=shown["period_text"].iloc[0], items=items),
                 note=fc.t("indicators.pub.note"), lines=_lines(fc, shown))


# ---- loaded indicator data -------------------------------------------------------------------------------------

def labels(fc: FigureContext, indicator: str = "", period: str = "", dim: str = "") -> dict:
    """Chart labels for the indicator builders, filled with the view's indicator, period and dimension."""
    return {k: fc.t(f"indicators.chart.{k}", indicator=indicator, period=period, dim=dim, limit=limit())
            for k in ich.LABELS}


def status_words(fc: FigureContext) -> dict[str, str]:
    """The status words (achieved, on track, behind…) in the language."""
    return {s: fc.t(f"indicators.status.{s}") for s in tr.STATUSES}


def progress_rows(fc: FigureContext, view: pd.DataFrame, period: str, through: int | None) -> pd.DataFrame:
    """Every indicator and country of one period: value, target, status and the shares of women and youth."""
    rows = tr.summary_table(view[view["period"] == period], period, through)
    return tr.progress_rows(rows, status_words(fc), fc.lang)


def progress(fc: FigureContext, rows: pd.DataFrame, period: str, provs: list, note: str | None = None) -> Chart | None:
    """Progress against target for one period as bullets per indicator (None when no value has a target)."""
    shown = rows[rows["status"].isin(ich.STATUS_COLOURS)]
    if shown.empty:
        return None
    words = status_words(fc)
    fig = ich.progress_bullets(shown, labels(fc, period=period_text(fc, period)), words, fc.lang)
    table = shown.assign(pct=[fmt_pct(v, fc.lang, 0) for v in shown["pct"]],
                         expected_pct=[fmt_pct(v, fc.lang, 0) for v in shown["expected_pct"]])
    counts = tr.status_counts(shown, ich.STATUS_COLOURS, fc.lang)
    return Chart(key="ind_progress", figure=ich.with_note(fig, note), table=heads(fc, table[tr.PROGRESS_COLUMNS]),
                 provs=provs, summary=fc.t("indicators.progress.summary", **counts), note=note,
                 filename=f"indicator_progress_{period}")


def values_table(fc: FigureContext, rows: pd.DataFrame) -> pd.DataFrame:
    """Every value of the period as shown in its table: status, shares of women and youth, source file and row."""
    table = rows[tr.VALUE_COLUMNS].assign(row=[str(int(r)) if pd.notna(r) else "" for r in rows["row"]])
    return heads(fc, table.fillna(""))


def span(texts, spaced: bool) -> str:
    """First to last of some period names ("2022–2025", "Q1 2025 – Q2 2025"): a title says where the data end."""
    ends = list(dict.fromkeys(texts))
    return "" if not ends else ends[0] if len(ends) == 1 else (" – " if spaced else "–").join((ends[0], ends[-1]))


def trend(fc: FigureContext, view: pd.DataFrame, code: str, quarterly: bool, provs: list,
          note: str | None = None) -> Chart:
    """One indicator's totals across periods of one kind (years or quarters), a colour per country, with targets."""
    rows, spec = tr.trend(view, code, quarterly), il.catalog().loc[code]
    indicator, unit = spec[f"name_{fc.lang}"], spec[f"unit_{fc.lang}"]
    fig = ich.trend_bars(rows, labels(fc, indicator=indicator, period=span(rows["period_text"], quarterly)),
                         COUNTRY_COLOURS, limit(), unit)
    return Chart(key="ind_trend", figure=ich.with_note(fig, note), table=heads(fc, rows[tr.TREND_COLUMNS]), provs=provs,
                 summary=tr.trend_summary(rows, indicator, unit, fc.t), note=note, filename=f"indicator_trend_{code}")


def breakdown(fc: FigureContext, view: pd.DataFrame, code: str, period: str, dim: str, provs: list,
              note: str | None = None) -> Chart | None:
    """Parts by sex or age group in each country with the share of women or youth (None when nothing can be shown)."""
    rows, spec = tr.breakdown(view, code, period, dim), il.catalog().loc[code]
    if rows.empty or rows["mask"].ne("").all():
        return None
    words, items = {p: fc.t(f"indicators.part.{p}") for p in ich.PART_COLOURS}, tr.share_items(rows, dim, fc.lang)
    chart_labels = labels(fc, spec[f"name_{fc.lang}"], period_text(fc, period), fc.t(f"indicators.dim.{dim}"))
    fig = ich.breakdown_bars(rows, dim, chart_labels, words, limit(), spec[f"unit_{fc.lang}"], fc.lang)
    summary = fc.t(f"indicators.breakdown.summary_{dim}", items=items) if items else fc.t(
        "indicators.breakdown.summary_none")
    return Chart(key=f"ind_{dim}", figure=ich.with_note(fig, note), table=heads(fc, tr.breakdown_table(rows, dim, words,
                 fc.lang)), provs=provs, summary=summary, note=note, filename=f"indicator_{dim}_{code}_{period}")


# ---- TIP Report context ----------------------------------------------------------------------------------------

def tip_words(fc: FigureContext) -> dict[str, str]:
    """The TIP charts' words (tiers, evidence, measures, headings) in the language."""
    return {k: fc.t(v) for k, v in tip.LABEL_KEYS.items()}


def names(fc: FigureContext) -> dict[str, str]:
    """The six countries' names in the language."""
    return {c: name(c, fc.lang) for c in FOCUS}


def tip_tiers(fc: FigureContext) -> Chart:
    """The six countries' TIP Report tier placements 2001-2025 as a strip; years with no placement found say so."""
    tiers, prov = fc.load("tip_tiers")
    grid, words = tip.tier_grid(tiers, FOCUS, TIP_YEARS), tip_words(fc)
    return Chart(key="ind_tiers", figure=tip.tier_strip(grid, names(fc), words),
                 table=tip.tier_table(grid, names(fc), words), provs=[prov], filename="tip_tiers_2001_2025",
                 summary=fc.t("indicators.tip.strip_summary", **tip.strip_facts(grid)))


def tip_measures(fc: FigureContext) -> list[str]:
    """The measures the TIP Report figures hold, in their fixed order."""
    return tip.measures_in(fc.load("tip_law")[0])


def tip_figures(fc: FigureContext, measure: str = DEFAULT_MEASURE) -> Chart:
    """The figures the reports give for one measure, each country a colour, each point with its reporting period."""
    law, prov = fc.load("tip_law")
    words = tip_words(fc)
    rows = tip.law_rows(law, FOCUS, measure, names(fc), words, fc.lang)
    facts = tip.law_facts(rows) if len(rows) else {"n": 0, "countries": "", "first": "", "last": ""}
    words["law_title"] = fc.t("indicators.tip.law_title_years", first=facts["first"], last=facts["last"])
    return Chart(key="ind_law", figure=tip.law_points(rows, words, COUNTRY_COLOURS, words[f"m_{measure}"]),
                 table=tip.law_table(rows, words), provs=[prov], filename=f"tip_{measure}",
                 summary=fc.t("indicators.tip.law_summary", **facts), note=fc.t("indicators.tip.law_note"))
