"""The country page's repeated Streamlit pieces: card rows, partner charts, gaps, result and indicator tables, the brief."""
from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

import config
from charts import maps, tip
from charts.flows import partner_bars
from charts.theme import separators
from geo.boundaries import GEOJSON_URL
from geo.countries import FOCUS, colour, name
from reports import brief as pdf
from transforms import country as tc
from transforms import indicators as ti
from transforms.migration import outside
from ui.components import chart, download_csv, gap_note, source_footer
from ui.i18n import has
from ui.navigation import global_params
from ui.state import ctx, t

PARTNER_KEYS = {"out": ("top_title", "top_summary"), "in": ("origins_title", "origins_summary")}


def heads(frame: pd.DataFrame) -> pd.DataFrame:
    """Rename a chart's data columns to the page's translated headings."""
    return frame.rename(columns={c: t(f"country.col.{c}") for c in frame.columns})


def country_index(top, bad: bool) -> None:
    """No or unknown country: the page's title and intro, what went wrong, and a link to every country's page."""
    top.title(t("country.title"))
    top.markdown(t("country.intro"))
    st.markdown(t("country.bad" if bad else "country.pick"))
    for code in FOCUS:
        st.page_link("pages/country.py", label=name(code, ctx().lang), query_params={"country": code, **global_params()})


def metric_rows(cards: list[tuple[str, str, str, str]]) -> None:
    """The key figures as bordered cards, the year beside each label and the value large, three to a row."""
    # One Markdown block per card rather than st.metric: nine metric widgets would load their own code and number
    # libraries on every first draw. Labels and values are escaped, so "US$" or a dash never turns into formatting.
    for row, widths in ((cards[:3], 3), (cards[3:6], 3), (cards[6:8], 2), (cards[8:], 1)):  # a tier's name needs a row
        for col, (label, value, when, helptext) in zip(st.columns(widths), row):
            shown = t("country.fig.label", label=label, when=when) if when else label
            col.container(border=True).markdown(f"{ti.plain_markdown(shown)}\n\n### {ti.plain_markdown(value)}", help=helptext)


def gaps_section(country: str, gap_lines: list[str], meta_lines: list[str], untranslated: int) -> None:
    """Say what the data does not show for this country: detected gaps, then metadata notes naming it."""
    st.subheader(t("country.section.gaps"))
    st.markdown(t("country.gaps.intro", country=country))
    st.markdown(f"**{t('country.gaps.detected')}**\n\n" + (tc.bullets(gap_lines) or t("country.gaps.none")))
    if meta_lines or untranslated:
        more = [t("country.gaps.untranslated", n=untranslated)] if untranslated else []
        st.markdown(f"**{t('country.gaps.noted')}**\n\n" + tc.bullets(meta_lines + more))


def destination_map(part: pd.DataFrame, geo: dict, country: str, iso3: str, prov, year: int) -> None:
    """Where the country's emigrants live in a year, as a choropleth with the boundary disclaimer (nothing when none
    are listed)."""
    if part.empty:
        return
    lang = ctx().lang
    fig = maps.choropleth(part, geo, value_col="value", title=t("country.chart.map_title", country=country, year=year),
                          colorbar_title=t("country.chart.map_legend"), hover_name_col="name", view="wide",
                          hover_cols={"value_text": t("country.chart.people"), "share_text": t("country.chart.share")},
                          separators=separators(lang), no_data_label=t("country.chart.map_nodata"), name_prop=f"name_{lang}",
                          geojson_url=GEOJSON_URL)
    drawn = {f["properties"]["iso3"] for f in geo["features"]}
    chart(fig, heads(part[["iso3", "name", "year", "value", "share"]]), [prov], key="country_map",
          filename=f"migrant_stock_{iso3}_map_{year}",
          summary=t("country.chart.map_summary", country=country, n=len(part), outside=outside(part, drawn)[0]))
    st.caption(t("app.disclaimer"))


def partner_chart(shown: pd.DataFrame, facts: dict, direction: str, country: str, iso3: str, prov, year: int) -> None:
    """Bars of the ten largest destinations ('out') or origins ('in') in a year, or a note that the stock lists none."""
    (title_key, summary_key), people = PARTNER_KEYS[direction], t("country.chart.people")
    if shown.empty:
        return gap_note(t("country.chart.no_partners", country=country, year=year))
    fig = partner_bars(shown, title=t(f"country.chart.{title_key}", country=country, year=year), x_title=people,
                       colour=colour(iso3), value_label=people, share_label=t("country.chart.share"),
                       year_label=t("country.chart.year"))
    chart(fig, heads(shown[["iso3", "name", "year", "value", "share"]]), [prov], key=f"country_{direction}",
          filename=f"migrant_stock_{iso3}_{direction}_{year}",
          summary=t(f"country.chart.{summary_key}", country=country, year=year, **facts))


def law_section(reported: pd.DataFrame, names: dict[str, str], labels: dict, country: str, iso3: str, prov) -> None:
    """The TIP Report's figures for the country, a colour per measure, or a note that the reports give none."""
    if reported.empty:
        return gap_note(t("country.chart.law_none", country=country))
    words = {m: t(f"country.law.{m}") for m in reported.measure.unique()}
    rows = tip.measure_rows(reported, iso3, names, labels, words, ctx().lang)
    chart(tip.measure_points(rows, {**labels, "law_title": t("country.chart.law_title")}, words, country),
          tip.measure_table(rows, labels), [prov], key="country_law", filename=f"tip_law_{iso3}",
          summary=t("country.chart.law_summary"))


def results_section(results: pd.DataFrame, country: str, iso3: str, prov) -> None:
    """The published results with clickable sources, their source footer and CSV, or a note that none concern it."""
    if results.empty:
        return gap_note(t("country.results.none", country=country))
    st.caption(t("country.results.intro"))
    table = tc.results_table(results, t, partial(has, lang=ctx().lang), ctx().lang)
    st.dataframe(table, hide_index=True, column_config={t("country.results.col.source"): st.column_config.LinkColumn()})
    source_footer([prov])
    download_csv(table, f"project_results_{iso3}", key="dl_country_results")


def indicators_section(loaded: pd.DataFrame, country: str, names: dict[str, str], iso3: str) -> None:
    """The loaded indicators, survivor counts below the threshold masked first (example data says so), or a note."""
    if loaded.empty:
        return gap_note(t("country.indicators.none", country=country))
    limit, periods = config.get_int("SURVIVOR_THRESHOLD"), (t("indicators.period.year"), t("indicators.period.quarter"))
    shown = ti.labelled(ti.mask_survivors(loaded, limit), ctx().lang, names, periods, limit, t("indicators.hidden"))
    table = tc.indicator_table(shown, {c: t(f"country.indicators.col.{c}") for c in tc.INDICATOR_COLUMNS})
    if tc.is_example(shown):
        gap_note(t("indicators.example.banner"))
    st.dataframe(table, hide_index=True)
    download_csv(table, f"project_indicators_{iso3}", key="dl_country_indicators")


def brief_button(content, iso3: str) -> None:
    """The one-page PDF brief's download button (the PDF is built only when asked for)."""
    st.download_button(t("country.brief.button"), partial(pdf.build, content), help=t("country.brief.help"),
                       file_name=t("country.brief.file", iso3=iso3, code=ctx().lang), mime="application/pdf",
                       on_click="ignore", icon=":material/picture_as_pdf:", key="country_brief")
