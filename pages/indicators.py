"""Project indicators: the published results, loaded results against targets by sex and age, the TIP Report context.

The first chart is the one the reader came for: progress against target when indicator data is loaded (or the example
data is shown), else the project's published results. Controls sit right above the chart they drive.
"""
import pandas as pd
import streamlit as st

import config
from charts.theme import fmt_number, fmt_pct, fmt_quarter
from figures import FigureContext
from figures import indicators as fi
from geo.countries import CENTRAL_ASIA, FOCUS, name
from loaders import indicators as il
from transforms import indicators as tr
from ui import indicator_sections as sec
from ui.cached import built, dataset, indicator_folder, masked_survivors
from ui.components import gap_note, md_safe, page_header, show
from ui.state import choice, ctx, multiselect, t, value, view

LANG, LIMIT, RESULTS = ctx().lang, config.get_int("SURVIVOR_THRESHOLD"), ("IR1", "IR2", "IR3", "IR4")
FC = FigureContext(load=dataset, lang=LANG, t=t)
NAMES = {c: name(c, LANG) for c in FOCUS}
PTPL = (t("indicators.period.year"), t("indicators.period.quarter"))


def controls(data: pd.DataFrame) -> tuple[list[str], list[str], str]:
    """Countries, results and period in one row right above the progress chart; return the choices."""
    periods = tr.period_options(data)
    results_help = t("indicators.filter.result_help", items="; ".join(t(f"indicators.ir.{r}") for r in RESULTS))
    with st.container(horizontal=True, gap="medium"):
        countries = multiselect("c", t("indicators.filter.country"), CENTRAL_ASIA, CENTRAL_ASIA, format_func=NAMES.get,
                                kind="pills")
        results = multiselect("ir", t("indicators.filter.result"), RESULTS, RESULTS, kind="pills", help=results_help,
                              format_func=lambda r: t(f"indicators.ir_short.{r}"))
        period = choice("period", t("indicators.filter.period"), periods, tr.default_period(periods), kind="select",
                        format_func=lambda p: fi.period_text(FC, p), width=170)  # narrow: the row stays one line
    return countries, results, period


def views(data: pd.DataFrame, provs: list, note: str | None) -> None:
    """Progress against target for the chosen period, the period's values, then one indicator's trend and breakdowns."""
    countries, results, period = controls(data)
    shown = tr.labelled(tr.select(data, countries, results), LANG, NAMES, PTPL, LIMIT, t("indicators.hidden"))
    if shown.empty:
        return gap_note(t("indicators.filter.empty"))
    through = tr.reported_through(data)
    rows = built(fi.progress_rows, FC, view=shown, period=period, through=through)
    progress_view(rows, period, through, provs, note)
    sec.values_table(fi.values_table(FC, rows), period, fi.period_text(FC, period))
    indicator_views(shown, period, provs, note)


def progress_view(rows: pd.DataFrame, period: str, through: int, provs: list, note: str | None) -> None:
    """Progress against target (or why there is none), what it leaves out, and how status is judged."""
    progress = built(fi.progress, FC, rows=rows, period=period, provs=provs, note=note)
    if progress is None:  # a bare `a if b else c` would be written to the page by Streamlit's magic
        return gap_note(t("indicators.progress.none"))
    show(progress)
    if left_out := len(rows) - len(progress.table):
        st.caption(md_safe(t("indicators.progress.left_out", n=fmt_number(left_out, LANG), limit=LIMIT)))
    year, quarter = tr.quarter_parts(through)
    st.caption(md_safe(t("indicators.rule", through=fmt_quarter(year, quarter, LANG), share=fmt_pct(75, LANG, 0),
                         limit=LIMIT)))


def indicator_views(shown: pd.DataFrame, period: str, provs: list, note: str | None) -> None:
    """The indicator choice right above its trend, then its parts by sex and by age group where it is counted so."""
    codes, first = tr.indicator_options(shown, il.catalog())
    code = choice("ind", t("indicators.filter.indicator"), codes, first, kind="select",
                  format_func=lambda c: il.catalog().at[c, f"name_{LANG}"], width=720)
    show(built(fi.trend, FC, view=shown, code=code, quarterly=tr.is_quarter(period), provs=provs, note=note))
    for dim in ("sex", "age_group") if il.catalog().at[code, "by_sex_age"] else ():
        chart = built(fi.breakdown, FC, view=shown, code=code, period=period, dim=dim, provs=provs, note=note)
        if chart is None:
            gap_note(t(f"indicators.breakdown.none_{dim}", period=fi.period_text(FC, period), limit=LIMIT))
        else:
            show(chart)


def published() -> None:
    """The project's published results as a chart, the earlier figures and their download once opened."""
    show(built(fi.published_results, FC))
    sec.earlier_results(FC)


def tip_context() -> None:
    """TIP Report context in two tabs drawn one at a time (?tip=): the tiers 2001-2025 and the figures reported."""
    st.subheader(t("indicators.tip.heading"))
    code, box = view("tip", {c: t(f"indicators.tip.view.{c}") for c in ("tiers", "figures")}, "tiers")
    with box:
        if code == "tiers":
            return show(built(fi.tip_tiers, FC))
        words = fi.tip_words(FC)
        measure = choice("measure", t("indicators.tip.measure_pick"), fi.tip_measures(FC), fi.DEFAULT_MEASURE,
                         kind="select", format_func=lambda m: words[f"m_{m}"], width=480)
        show(built(fi.tip_figures, FC, measure=measure))


page_header("indicators.title", "indicators.intro")
example = value("example", ("0", "1"), "0") == "1"  # kept like every control: a page switch and back keeps it
first, load_head, load_slot, rest = st.container(), st.container(), st.container(), st.container()
with load_slot:  # run first: a file accepted on this run is in the views above it
    loaded, provs = sec.load_panel(indicator_folder())
note = t("indicators.example.banner") if example else None
if example:  # example data replaces loaded data in every view, and every view says so
    loaded, provs = sec.example_data()
if loaded.empty:
    with first:
        published()
    with load_head:
        st.subheader(t("indicators.loaded.heading"))
        st.info(md_safe(t("indicators.empty")))
        link = st.empty()
else:
    with first:
        with st.container(horizontal=True, vertical_alignment="center"):  # one row: the chart stays on the first screen
            if example:
                st.warning(md_safe(note), icon=":material/science:")
            link = st.empty()
        views(masked_survivors(loaded, LIMIT), provs, note)
    with rest:
        published()
with rest:
    tip_context()
sec.example_link(link, example)
