"""Project indicators: loaded results against targets by sex and age, the published results and TIP context."""
import hashlib
import re
from datetime import date

import pandas as pd
import streamlit as st

import config
from charts import indicators as ich, tip
from charts.theme import COUNTRY_COLOURS, fmt_number, fmt_pct
from geo.countries import CENTRAL_ASIA, FOCUS, name
from loaders import indicators as il
from transforms import indicators as tr
from ui.cached import dataset, indicator_folder
from ui.components import chart, download_csv, gap_note, page_header
from ui.state import ctx, multiselect, select, t, toggle

LANG, LIMIT, RESULTS = ctx().lang, config.get_int("SURVIVOR_THRESHOLD"), ("IR1", "IR2", "IR3", "IR4")
SHARE_OF = {"sex": "female", "age_group": "youth"}  # the part whose share of the total is reported
NAMES = {c: name(c, LANG) for c in FOCUS}
PTPL = (t("indicators.period.year"), t("indicators.period.quarter"))
plabel = lambda p: tr.period_label(p, *PTPL)  # noqa: E731
md = lambda text: re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", str(text))  # noqa: E731 - a file name as plain text
# Streamlit's uploader words are English only: hide them and put the page's own word on the button.
UPLOADER_CSS = ("<style>[data-testid='stFileUploaderDropzoneInstructions'], [data-testid='stFileChipName'] + div {display:none}"
                " [data-testid='stFileUploaderDropzone'] button p {font-size:0}"
                " [data-testid='stFileUploaderDropzone'] button p::after {content:'BROWSE'; font-size:1rem}</style>")
heads = lambda frame: frame.rename(columns={c: t(f"indicators.col.{c}") for c in frame.columns})  # noqa: E731


def show(fig, data: pd.DataFrame, provs: list, note: str | None, **kw) -> None:
    """chart() with translated headings; example data also says so in the chart's title (and so in its PNG)."""
    if note:
        fig.update_layout(title_text=f"{fig.layout.title.text}<br><sup>{note}</sup>")
    chart(fig, heads(data), provs, note=note, **kw)


def labels(indicator: str = "", period: str = "", dim: str = "") -> dict:
    """Chart labels for the indicator builders, filled with the view's indicator, period and dimension."""
    return {k: t(f"indicators.chart.{k}", indicator=indicator, period=period, dim=dim, limit=LIMIT) for k in ich.LABELS}


def cards(rows: list[dict]) -> None:
    """Metric cards four to a row: name, value, then unit, area, period and source link."""
    for start in range(0, len(rows), 4):
        for column, row in zip(st.columns(4), rows[start:start + 4]):
            column.markdown(f"**{row['indicator']}**")
            column.metric(row["indicator"], row["value"], label_visibility="collapsed")
            link = f"[{t('indicators.pub.source')}]({row['source']})"
            column.caption(f"{row['unit']} · {row['area']} · {row['period']} · {link}")


def published_cards() -> None:
    """The project's published figures as headline cards, apart from loaded data; earlier ones on request."""
    st.subheader(t("indicators.pub.title"))
    st.caption(t("indicators.pub.note"))
    rows = tr.published_rows(dataset("published_results")[0], t, LANG)
    cards(rows[:4])  # the 2024 cumulative regional totals
    with st.expander(t("indicators.pub.more", n=len(rows) - 4)):
        cards(rows[4:])
    download_csv(heads(pd.DataFrame(rows)), "smica_published_results", key="dl_pub")


def take_upload(file, loaded: pd.DataFrame) -> il.LoadResult:
    """Validate a newly chosen file once; keep it for this session only when it is accepted whole."""
    payload, last = file.getvalue(), st.session_state.get("ind_last")
    if last is None or last.sha256 != hashlib.sha256(payload).hexdigest():
        last = st.session_state["ind_last"] = il.accept(loaded, il.read_bytes(file.name, payload))
        st.session_state["ind_uploads"] += [last] if last.ok else []
    return last


def report(result: il.LoadResult) -> None:
    """Say whether a file was accepted; list a refused file's problems as plain text a programme officer can act on."""
    if result.ok:
        return st.success(t("indicators.load.accepted", file=md(result.name), rows=fmt_number(len(result.frame), LANG)))
    st.error(t("indicators.load.refused", file=md(result.name), n=fmt_number(len(result.issues), LANG)))
    table = heads(tr.issue_rows(result.issues, t, LANG, NAMES))
    st.dataframe(table, hide_index=True)  # user text shown as text, never as HTML
    download_csv(table, "indicator_file_report", key=f"dl_rep_{result.sha256[:8]}")


def load_panel(open_: bool) -> tuple[pd.DataFrame, list]:
    """Templates, the catalogue, the session upload and reports on refused files; returns loaded data and sources."""
    folder, uploads = indicator_folder(), st.session_state.setdefault("ind_uploads", [])
    loaded = il.combine(folder + uploads)
    with st.expander(t("indicators.load.title"), expanded=open_ and loaded.empty):
        st.markdown(t("indicators.load.howto", mb=fmt_number(config.get_int("UPLOAD_MAX_MB"), LANG),
                      rows=fmt_number(config.get_int("UPLOAD_MAX_ROWS"), LANG), limit=LIMIT))
        download_csv(pd.DataFrame(columns=list(il.COLUMNS)), "indicator_template", key="dl_tpl", label=t("indicators.load.csv"))
        st.download_button(t("indicators.load.xlsx"), (il.TEMPLATES / "indicator_template.xlsx").read_bytes(),
                           file_name="indicator_template.xlsx", key="dl_xlsx", on_click="ignore")
        cat = il.catalog().assign(name=lambda c: c[f"name_{LANG}"], unit=lambda c: c[f"unit_{LANG}"],
                                  result=lambda c: c["result"].map(lambda r: t(f"indicators.ir_short.{r}")))
        st.dataframe(heads(cat[["code", "result", "name", "unit"]]), hide_index=True)
        st.caption(t("indicators.load.catalog_note"))
        file = st.file_uploader(t("indicators.load.upload"), key="ind_file")
        for result in [r for r in folder if not r.ok] + ([take_upload(file, loaded)] if file else []):
            report(result)
        if uploads and st.button(t("indicators.load.clear"), key="ind_clear"):
            st.session_state["ind_uploads"], st.session_state["ind_last"] = [], None
            st.rerun()
    texts = lambda kind, n: dict(publisher=t(f"indicators.prov.{kind}"), dataset=t("indicators.prov.dataset"),  # noqa: E731
                                 vintage=t("indicators.prov.vintage", n=fmt_number(n, LANG)),
                                 licence=t("indicators.prov.licence"), accessed=date.today().isoformat())
    uploads = st.session_state["ind_uploads"]  # with a file accepted on this run
    parts = [(kind, il.combine(rs)) for kind, rs in (("folder", folder), ("upload", uploads))]
    return il.combine(folder + uploads), [il.provenance(f, texts(k, len(f)), k) for k, f in parts if not f.empty]


def views(data: pd.DataFrame, provs: list, note: str | None) -> None:
    """URL-bound filters, then progress against target, the trend and the sex and age breakdowns."""
    through, periods, cols = tr.reported_through(data), tr.period_options(data), st.columns(3)
    with cols[0]:
        countries = multiselect("c", t("indicators.filter.country"), CENTRAL_ASIA, CENTRAL_ASIA, format_func=NAMES.get,
                                placeholder=t("indicators.filter.none"))
    with cols[1]:
        results = multiselect("ir", t("indicators.filter.result"), RESULTS, RESULTS, placeholder=t("indicators.filter.none"),
                              format_func=lambda r: t(f"indicators.ir.{r}"))
    with cols[2]:
        period = select("period", t("indicators.filter.period"), periods, tr.default_period(periods), format_func=plabel)
    view = tr.labelled(tr.select(data, countries, results), LANG, NAMES, PTPL, LIMIT, t("indicators.hidden"))
    year, quarter = tr.quarter_parts(through)
    st.caption(t("indicators.rule", through=PTPL[1].format(year=year, q=quarter), share=fmt_pct(75, LANG, 0), limit=LIMIT))
    if view.empty:
        return gap_note(t("indicators.filter.empty"))
    progress_chart(tr.summary_table(view[view["period"] == period], period, through), period, provs, note)
    codes = [c for c in il.catalog().index if c in set(view["indicator_code"])]
    people = [c for c in codes if il.catalog().at[c, "by_sex_age"]] or codes
    code = select("ind", t("indicators.filter.indicator"), codes, people[0],
                  format_func=lambda c: il.catalog().at[c, f"name_{LANG}"])
    trend_chart(view, code, period, provs, note)
    for dim in ("sex", "age_group") if il.catalog().at[code, "by_sex_age"] else ():
        breakdown_chart(view, code, period, dim, provs, note)


def progress_chart(rows: pd.DataFrame, period: str, provs: list, note: str | None) -> None:
    """Progress bars for the period, a note on what is not drawn, and the table of every value in it."""
    words = {s: t(f"indicators.status.{s}") for s in tr.STATUSES}
    rows = rows.assign(label=rows["indicator"] + " — " + rows["country"], word=rows["status"].map(words),
                       women=[fmt_pct(v, LANG, 0) for v in rows["women_pct"]],
                       youth=[fmt_pct(v, LANG, 0) for v in rows["youth_pct"]])
    shown = rows[rows["status"].isin(ich.STATUS_COLOURS)]
    st.subheader(t("indicators.progress.heading"))
    if shown.empty:
        gap_note(t("indicators.progress.none"))
    else:
        counts = {s: fmt_number(int((shown["status"] == s).sum()), LANG) for s in ich.STATUS_COLOURS}
        show(ich.progress_bullets(shown, labels(period=plabel(period)), words, LANG),
             shown[["indicator", "country", "period_text", "value_text", "target_text", "pct", "expected_pct", "word"]],
             provs, note, key="ind_progress", filename=f"indicator_progress_{period}",
             summary=t("indicators.progress.summary", n=fmt_number(len(shown), LANG), **counts))
    if len(rows) > len(shown):
        st.caption(t("indicators.progress.left_out", n=fmt_number(len(rows) - len(shown), LANG), limit=LIMIT))
    with st.expander(t("indicators.table.title", period=plabel(period))):
        table = heads(rows[["indicator", "country", "period_text", "value_text", "baseline_text", "target_text", "word",
                            "women", "youth", "source", "row"]])
        st.dataframe(table, hide_index=True)
        download_csv(table, f"indicator_values_{period}", key="dl_values")


def trend_chart(view: pd.DataFrame, code: str, period: str, provs: list, note: str | None) -> None:
    """One indicator's totals across periods of the selected kind (years or quarters), by country."""
    rows, spec = tr.trend(view, code, tr.is_quarter(period)), il.catalog().loc[code]
    shown = rows.dropna(subset=["value"])
    top = shown.loc[shown["value"].idxmax()] if len(shown) else None
    summary = t("indicators.trend.summary_none") if top is None else t(
        "indicators.trend.summary", indicator=spec[f"name_{LANG}"], country=top["country"], period=top["period_text"],
        value=top["value_text"], unit=spec[f"unit_{LANG}"])
    show(ich.trend_bars(rows, labels(indicator=spec[f"name_{LANG}"]), COUNTRY_COLOURS, LIMIT, spec[f"unit_{LANG}"]),
         rows[["country", "period_text", "value_text", "target_text"]], provs, note, key="ind_trend",
         filename=f"indicator_trend_{code}", summary=summary)


def breakdown_chart(view: pd.DataFrame, code: str, period: str, dim: str, provs: list, note: str | None) -> None:
    """Parts by sex or age group in each country, with the share of women or of youth in the total."""
    rows, spec, part = tr.breakdown(view, code, period, dim), il.catalog().loc[code], SHARE_OF[dim]
    if rows.empty or rows["mask"].ne("").all():
        return gap_note(t(f"indicators.breakdown.none_{dim}", period=plabel(period), limit=LIMIT))
    words = {p: t(f"indicators.part.{p}") for p in ich.PART_COLOURS}
    share = rows[rows[dim] == part].dropna(subset=["share"])
    items = "; ".join(f"{c}: {fmt_pct(s, LANG, 0)}" for c, s in zip(share["country"], share["share"]))
    table = rows.assign(part=rows[dim].map(words), share_text=[fmt_pct(s, LANG, 0) for s in rows["share"]])
    fig = ich.breakdown_bars(rows, dim, labels(spec[f"name_{LANG}"], plabel(period), t(f"indicators.dim.{dim}")), words,
                             LIMIT, spec[f"unit_{LANG}"], LANG)
    show(fig, table[["country", "period_text", "part", "value_text", "share_text"]], provs, note, key=f"ind_{dim}",
         filename=f"indicator_{dim}_{code}_{period}",
         summary=t(f"indicators.breakdown.summary_{dim}", items=items) if items else t("indicators.breakdown.summary_none"))


def tip_context() -> None:
    """TIP Report tiers of the six countries 2001-2025 and the figures the reports give, each with its period."""
    (tiers, tprov), (law, lprov) = dataset("tip_tiers"), dataset("tip_law")
    words = {k: t(v) for k, v in tip.LABEL_KEYS.items()}
    st.subheader(t("indicators.tip.heading"))
    grid = tip.tier_grid(tiers, FOCUS, range(2001, 2026))
    chart(tip.tier_strip(grid, NAMES, words), tip.tier_table(grid, NAMES, words), [tprov], key="ind_tiers",
          filename="tip_tiers_2001_2025", summary=t("indicators.tip.strip_summary", **tip.strip_facts(grid)))
    measure = select("measure", t("indicators.tip.measure_pick"), [m for m in tip.MEASURES if m in set(law["measure"])],
                     "victims_identified_by_government", format_func=lambda m: words[f"m_{m}"])
    rows = tip.law_rows(law, FOCUS, measure, NAMES, words, LANG)
    chart(tip.law_points(rows, words, COUNTRY_COLOURS, words[f"m_{measure}"]), tip.law_table(rows, words), [lprov],
          key="ind_law", filename=f"tip_{measure}", summary=t("indicators.tip.law_summary", **tip.law_facts(rows)))
    st.caption(t("indicators.tip.law_note"))


page_header("indicators.title", "indicators.intro")
st.html(UPLOADER_CSS.replace("BROWSE", t("indicators.load.browse").replace("'", "’")))
published_cards()
st.header(t("indicators.loaded.heading"))
example = toggle("example", t("indicators.example.toggle"))
loaded, provs = load_panel(open_=not example)
note = t("indicators.example.banner") if example else None
if example:  # example data replaces loaded data in every view, and every view says so
    st.warning(note)
    loaded = il.read_bytes(il.EXAMPLE.name, il.EXAMPLE.read_bytes()).frame
    provs = [il.provenance(loaded, {k: t(f"indicators.example.{k}") for k in il.PROV_FIELDS}, "example")]
if loaded.empty:
    st.info(t("indicators.empty"))
else:
    views(tr.mask_survivors(loaded, LIMIT), provs, note)
tip_context()
