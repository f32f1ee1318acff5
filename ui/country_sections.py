"""The country page's Streamlit pieces that are not charts: the index, the key-figure cards, the key messages, the gaps,
the result and indicator tables, and the PDF brief's button (the charts come from figures/country.py)."""
from __future__ import annotations

from functools import partial

import streamlit as st

import config
from figures import FigureContext
from figures import country as fcn
from geo.countries import FOCUS, name
from loaders import indicators
from reports import brief as pdf
from transforms import country as tc
from transforms import indicators as ti
from transforms.vintages import of_series
from ui import components
from ui.cached import dataset, indicator_folder, masked_survivors
from ui.components import gap_note, md_safe, source_footer, source_line
from ui.i18n import has
from ui.navigation import global_params
from ui.state import choice, ctx, t

ROWS = fcn.GRID_COLUMNS  # cards per row: ten figures in two short rows


def country_choice(label_visibility: str = "visible") -> str:
    """The country select box (one click to open, one to choose), bound to ?country=; '' when none is chosen."""
    lang = ctx().lang
    return choice("country", t("country.select"), ["", *FOCUS], "", kind="select", label_visibility=label_visibility,
                  format_func=lambda c: name(c, lang) if c else t("country.choose"))


def country_index(bad: bool) -> None:
    """No or unknown country: the page's title and intro, what went wrong, the select box and a link to every page."""
    st.title(t("country.title"))
    st.markdown(md_safe(t("country.intro")))
    st.markdown(md_safe(t("country.bad" if bad else "country.pick")))
    with st.container(width=360):
        if country_choice():  # chosen here, after the page looked: draw that country's page now
            st.rerun()
    # Links to the same page: they change ?country= and the page follows the link (ui.state: a changed link wins).
    for code in FOCUS:
        st.page_link("pages/country.py", label=name(code, ctx().lang), icon=":material/flag:",
                     query_params={**global_params(), "country": code})


def metric_rows(cards: list[tuple[str, str, str, str]]) -> None:
    """The key figures as small bordered cards in two rows: label and year small, the value bold, help on hover."""
    # One Markdown block per card rather than st.metric: ten metric widgets would load their own code on every first
    # draw. Labels and values are escaped, so "US$" or a dash never turns into formatting.
    for start in range(0, len(cards), ROWS):
        for col, (label, value, when, helptext) in zip(st.columns(ROWS, gap="small"), cards[start:start + ROWS]):
            year = f" :small[({md_safe(when)})]" if when else ""
            col.container(gap=None).markdown(
                f":small[{md_safe(label)}]  \n**{md_safe(value)}**{year}", help=md_safe(helptext))


def key_messages(messages: list[str], note: str | None = None) -> None:
    """The key messages as a bulleted list under their heading, after a gap note when the country needs one."""
    st.subheader(t("country.section.messages"), anchor=False)
    if note:
        gap_note(note)
    st.markdown("\n".join(f"- {md_safe(line)}" for line in messages))


def chart_or_gap(item, gap: str) -> None:
    """Draw a chart, or say on screen why there is none (a gap stays a gap)."""
    if item is None:
        return gap_note(gap)
    components.show(item)


def gaps_section(iso3: str, country: str) -> None:
    """Say what the data does not show for this country: detected gaps, then metadata notes naming it."""
    frames = {n: dataset(n) for n in ("wdi_series", "tip_tiers", "tip_law", "corridor_costs", "published_results",
                                      "migrant_stock", "world_pct_gdp")}
    vintage = of_series(frames["wdi_series"][0]).latest
    gaps = tc.gap_lines(tc.data_gaps(*(frames[n][0] for n in list(frames)[:5]), iso3), t, vintage)
    meta, untranslated = tc.metadata_lines({n: p for n, (_, p) in frames.items()}, iso3, t, partial(has, lang=ctx().lang),
                                           ctx().lang)
    st.markdown(md_safe(t("country.gaps.intro", country=country)))
    st.markdown(f"**{md_safe(t('country.gaps.detected'))}**\n\n" + (_bullets(gaps) or md_safe(t("country.gaps.none"))))
    if meta or untranslated:
        more = [t("country.gaps.untranslated", n=untranslated)] if untranslated else []
        st.markdown(f"**{md_safe(t('country.gaps.noted'))}**\n\n" + _bullets(meta + more))


def _bullets(lines: list[str]) -> str:
    """Lines from data and messages as an escaped Markdown list ('' for none)."""
    return "\n".join(f"- {md_safe(line)}" for line in lines)


def results_section(iso3: str, country: str) -> None:
    """The published results with clickable sources, their source footer and CSV, then the loaded indicators."""
    pub, prov = dataset("published_results")
    results = tc.country_results(pub, iso3)
    if results.empty:
        gap_note(t("country.results.none", country=country))
    else:
        st.caption(md_safe(t("country.results.intro")))
        table = tc.results_table(results, t, partial(has, lang=ctx().lang), ctx().lang).fillna("")
        components.table(table, column_config={t("country.results.col.source"): st.column_config.LinkColumn()})
        source_footer([prov])
        components.download_csv(table, f"project_results_{iso3}", key="dl_country_results", provs=[prov])
    st.markdown(f"**{md_safe(t('country.section.indicators'))}**")
    indicators_section(iso3, country)


def indicators_section(iso3: str, country: str) -> None:
    """The loaded indicators of the country, survivor counts masked first (example data says so), or a note."""
    files = indicator_folder() + st.session_state.get("ind_uploads", [])
    loaded = indicators.combine(files)
    limit = config.get_int("SURVIVOR_THRESHOLD")
    # Masked over every loaded row first (sex and age parts, other countries' totals), then narrowed to this country's
    # totals: the same cells hide here as on /indicators, so no page gives away what another page hides.
    masked = tc.country_indicators(masked_survivors(loaded, limit), iso3)
    if masked.empty:
        return gap_note(t("country.indicators.none", country=country))
    names = {c: name(c, ctx().lang) for c in FOCUS}
    periods = (t("indicators.period.year"), t("indicators.period.quarter"))
    shown = ti.labelled(masked, ctx().lang, names, periods, limit, t("indicators.hidden"))
    table = tc.indicator_table(shown, {c: t(f"country.indicators.col.{c}") for c in tc.INDICATOR_COLUMNS}).fillna("")
    if tc.is_example(shown):
        gap_note(t("indicators.example.banner"))
    components.table(table)
    components.download_csv(table, f"project_indicators_{iso3}", key="dl_country_indicators")


def brief_button(fc: FigureContext, facts: fcn.Facts) -> None:
    """The one-page PDF brief's download button in this language (the PDF itself is built only when asked for)."""
    provs = [dataset(n)[1] for n in ("wdi_series", "migrant_stock", "tip_tiers", "tip_law", "corridor_costs",
                                     "world_pct_gdp", "published_results")]
    content = fcn.brief(fc, facts, [source_line([p]) for p in provs], provs[0].accessed)
    st.download_button(t("country.brief.button"), partial(pdf.build, content), help=t("country.brief.help"),
                       file_name=t("country.brief.file", iso3=fc.country, code=ctx().lang), mime="application/pdf",
                       on_click="ignore", icon=":material/picture_as_pdf:", key="country_brief", width="stretch")


# ---- the views (tabs): each draws its charts from figures/country.py, or says why there is none -------------------

def remittances(fc: FigureContext, facts: fcn.Facts) -> None:
    """Remittance dependence against the Central Asian peers."""
    components.show(fcn.dependence(fc, facts))


def migration(fc: FigureContext, facts: fcn.Facts) -> None:
    """Where its emigrants live (map and bars) and where its immigrants were born."""
    gap = t("country.chart.no_partners", country=facts.country, year=facts.year)
    shown = fcn.destination_map(fc)
    chart_or_gap(shown, gap)
    if shown is not None:
        st.caption(md_safe(t("app.disclaimer")))  # the boundaries' note, under the map
    for direction in ("out", "in"):
        chart_or_gap(fcn.partners_chart(fc, direction), gap)


def costs(fc: FigureContext, facts: fcn.Facts) -> None:
    """What sending US$200 from Russia costs, against the SDG 10.c target."""
    chart_or_gap(fcn.costs(fc), t("country.chart.no_corridor", country=facts.country))


def trafficking(fc: FigureContext, facts: fcn.Facts) -> None:
    """The TIP Report: tier in every report, then the reported law-enforcement figures."""
    components.show(fcn.tiers(fc))
    chart_or_gap(fcn.law(fc), t("country.chart.law_none", country=facts.country))


def results(fc: FigureContext, facts: fcn.Facts) -> None:
    """The project's published results that concern the country, then its loaded indicators."""
    results_section(fc.country, facts.country)


def gaps(fc: FigureContext, facts: fcn.Facts) -> None:
    """What the data does not show for the country."""
    gaps_section(fc.country, facts.country)


VIEWS = {"remittances": remittances, "migration": migration, "costs": costs, "trafficking": trafficking,
         "results": results, "gaps": gaps}
