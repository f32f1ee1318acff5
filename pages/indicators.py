"""Project indicators: loaded results against targets by sex and age, the published results and TIP context."""
import pandas as pd
import streamlit as st

import config
from charts import indicators as ich, tip
from charts.theme import COUNTRY_COLOURS, fmt_number, fmt_pct
from geo.countries import CENTRAL_ASIA, FOCUS, name
from loaders import indicators as il
from transforms import indicators as tr
from ui import indicator_sections as sec
from ui.cached import dataset, indicator_folder
from ui.components import chart, gap_note, page_header
from ui.state import ctx, flag, flag_link, multiselect, pick, settings, t, view

LANG, LIMIT, RESULTS = ctx().lang, config.get_int("SURVIVOR_THRESHOLD"), ("IR1", "IR2", "IR3", "IR4")
NAMES = {c: name(c, LANG) for c in FOCUS}
PTPL = (t("indicators.period.year"), t("indicators.period.quarter"))
plabel = lambda p: tr.period_label(p, *PTPL)  # noqa: E731


def labels(indicator: str = "", period: str = "", dim: str = "") -> dict:
    """Chart labels for the indicator builders, filled with the view's indicator, period and dimension."""
    return {k: t(f"indicators.chart.{k}", indicator=indicator, period=period, dim=dim, limit=LIMIT) for k in ich.LABELS}


def views(data: pd.DataFrame, provs: list, note: str | None) -> None:
    """URL-bound filters, then progress against target, the trend and the sex and age breakdowns."""
    through, periods = tr.reported_through(data), tr.period_options(data)
    with st.container(horizontal=True):  # buttons that open the filters: no select-box code on the first draw
        countries, results = filters()
        period = pick("period", t("indicators.filter.period"), periods, tr.default_period(periods), format_func=plabel)
    view = tr.labelled(tr.select(data, countries, results), LANG, NAMES, PTPL, LIMIT, t("indicators.hidden"))
    year, quarter = tr.quarter_parts(through)
    st.caption(t("indicators.rule", through=PTPL[1].format(year=year, q=quarter), share=fmt_pct(75, LANG, 0), limit=LIMIT))
    if view.empty:
        return gap_note(t("indicators.filter.empty"))
    progress_chart(tr.summary_table(view[view["period"] == period], period, through), period, provs, note)
    codes, first = tr.indicator_options(view, il.catalog())
    code = pick("ind", t("indicators.filter.indicator"), codes, first, format_func=lambda c: il.catalog().at[c, f"name_{LANG}"])
    trend_chart(view, code, period, provs, note)
    for dim in ("sex", "age_group") if il.catalog().at[code, "by_sex_age"] else ():
        breakdown_chart(view, code, period, dim, provs, note)


def filters() -> tuple[list[str], list[str]]:
    """Countries and results, in a box whose widgets draw only once it is opened; return the choices."""
    with settings("filters", t("indicators.filter.settings")) as box:
        countries = multiselect("c", t("indicators.filter.country"), CENTRAL_ASIA, CENTRAL_ASIA, format_func=NAMES.get,
                                placeholder=t("indicators.filter.none"), shown=box.open)
        results = multiselect("ir", t("indicators.filter.result"), RESULTS, RESULTS, placeholder=t("indicators.filter.none"),
                              format_func=lambda r: t(f"indicators.ir.{r}"), shown=box.open)
    return countries, results


def progress_chart(rows: pd.DataFrame, period: str, provs: list, note: str | None) -> None:
    """Progress bars for the period, a note on what is not drawn, and the table of every value in it."""
    words = {s: t(f"indicators.status.{s}") for s in tr.STATUSES}
    rows = tr.progress_rows(rows, words, LANG)
    shown = rows[rows["status"].isin(ich.STATUS_COLOURS)]
    st.subheader(t("indicators.progress.heading"))
    if shown.empty:
        gap_note(t("indicators.progress.none"))
    else:
        sec.noted_chart(ich.progress_bullets(shown, labels(period=plabel(period)), words, LANG), shown[tr.PROGRESS_COLUMNS],
                        provs, note, key="ind_progress", filename=f"indicator_progress_{period}",
                        summary=t("indicators.progress.summary", **tr.status_counts(shown, ich.STATUS_COLOURS, LANG)))
    if len(rows) > len(shown):
        st.caption(t("indicators.progress.left_out", n=fmt_number(len(rows) - len(shown), LANG), limit=LIMIT))
    sec.values_table(rows, period, plabel(period))


def trend_chart(view: pd.DataFrame, code: str, period: str, provs: list, note: str | None) -> None:
    """One indicator's totals across periods of the selected kind (years or quarters), by country."""
    rows, spec = tr.trend(view, code, tr.is_quarter(period)), il.catalog().loc[code]
    indicator, unit = spec[f"name_{LANG}"], spec[f"unit_{LANG}"]
    sec.noted_chart(ich.trend_bars(rows, labels(indicator=indicator), COUNTRY_COLOURS, LIMIT, unit), rows[tr.TREND_COLUMNS],
                    provs, note, key="ind_trend", filename=f"indicator_trend_{code}",
                    summary=tr.trend_summary(rows, indicator, unit, t))


def breakdown_chart(view: pd.DataFrame, code: str, period: str, dim: str, provs: list, note: str | None) -> None:
    """Parts by sex or age group in each country, with the share of women or of youth in the total."""
    rows, spec = tr.breakdown(view, code, period, dim), il.catalog().loc[code]
    if rows.empty or rows["mask"].ne("").all():
        return gap_note(t(f"indicators.breakdown.none_{dim}", period=plabel(period), limit=LIMIT))
    words, items = {p: t(f"indicators.part.{p}") for p in ich.PART_COLOURS}, tr.share_items(rows, dim, LANG)
    fig = ich.breakdown_bars(rows, dim, labels(spec[f"name_{LANG}"], plabel(period), t(f"indicators.dim.{dim}")), words,
                             LIMIT, spec[f"unit_{LANG}"], LANG)
    summary = t(f"indicators.breakdown.summary_{dim}", items=items) if items else t("indicators.breakdown.summary_none")
    sec.noted_chart(fig, tr.breakdown_table(rows, dim, words, LANG), provs, note, key=f"ind_{dim}",
                    filename=f"indicator_{dim}_{code}_{period}", summary=summary)


def tip_context() -> None:
    """TIP Report context in two tabs drawn one at a time (?tip=): the tiers 2001-2025 and the figures reported."""
    st.subheader(t("indicators.tip.heading"))
    words = {k: t(v) for k, v in tip.LABEL_KEYS.items()}
    code, box = view("tip", {c: t(f"indicators.tip.view.{c}") for c in ("tiers", "figures")}, "tiers")
    with box:
        (tip_tiers if code == "tiers" else tip_figures)(words)


def tip_tiers(words: dict) -> None:
    """The six countries' TIP Report tier placements 2001-2025 as a strip."""
    tiers, tprov = dataset("tip_tiers")
    grid = tip.tier_grid(tiers, FOCUS, range(2001, 2026))
    chart(tip.tier_strip(grid, NAMES, words), tip.tier_table(grid, NAMES, words), [tprov], key="ind_tiers",
          filename="tip_tiers_2001_2025", summary=t("indicators.tip.strip_summary", **tip.strip_facts(grid)))


def tip_figures(words: dict) -> None:
    """The figures the reports give for one measure, each with its reporting period."""
    law, lprov = dataset("tip_law")
    measure = pick("measure", t("indicators.tip.measure_pick"), tip.measures_in(law), "victims_identified_by_government",
                   format_func=lambda m: words[f"m_{m}"])
    rows = tip.law_rows(law, FOCUS, measure, NAMES, words, LANG)
    chart(tip.law_points(rows, words, COUNTRY_COLOURS, words[f"m_{measure}"]), tip.law_table(rows, words), [lprov],
          key="ind_law", filename=f"tip_{measure}", summary=t("indicators.tip.law_summary", **tip.law_facts(rows)))
    st.caption(t("indicators.tip.law_note"))


page_header("indicators.title", "indicators.intro")
sec.published_cards(tr.published_rows(dataset("published_results")[0], t, LANG))
st.header(t("indicators.loaded.heading"))
example, example_slot = flag("example"), st.container()
loaded, provs = sec.load_panel(indicator_folder())
note = t("indicators.example.banner") if example else None
if example:  # example data replaces loaded data in every view, and every view says so
    st.warning(note)
    loaded, provs = sec.example_data()
if loaded.empty:
    st.info(t("indicators.empty"))
else:
    views(tr.mask_survivors(loaded, LIMIT), provs, note)
tip_context()
flag_link(example_slot, "pages/indicators.py", "example", (t("indicators.example.toggle"), t("indicators.example.hide")))
