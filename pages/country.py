"""Country pages: one country's key figures and messages, then one view at a time: remittances, migration, costs,
TIP record, project results and data gaps (?view=, shared as /country?country=TJK&view=costs)."""
from functools import partial

import streamlit as st

from charts import tip
from charts.costs import cost_chart
from charts.theme import COUNTRY_COLOURS
from charts.timeseries import line_chart
from geo.countries import FOCUS, colour, name
from loaders import indicators
from reports import brief as pdf
from transforms import country as tc
from transforms.migration import coverage_limited
from transforms.remittances import labelled
from transforms.vintages import of_series
from ui import country_sections as cs
from ui.cached import boundaries_geojson, dataset, indicator_folder
from ui.components import chart, gap_note, source_line
from ui.i18n import has
from ui.state import ctx, end_page, pick, select, set_param, t, view

lang, bad = ctx().lang, "context.bad_country" in ctx().problems
top = st.container()
if bad:
    set_param("country", None)  # app.py has already said so; the selector then starts empty instead of warning twice
choice = dict(label=t("country.select"), options=["", *FOCUS], default="",
              format_func=lambda c: name(c, lang) if c else "—")
if not select("country", **choice, shown=False):  # no or unknown country: say so and link every country's page
    cs.country_index(top, bad)
    end_page()
iso3 = pick("country", **choice)  # the way to another country, behind a button that names this one

country, known = name(iso3, lang), partial(has, lang=lang)  # known(key): this language's catalogue has the key
used = ("wdi_series", "migrant_stock", "tip_tiers", "tip_law", "corridor_costs", "world_pct_gdp", "published_results")
pairs = {n: dataset(n) for n in used}
frames, provs = {n: f for n, (f, _) in pairs.items()}, {n: p for n, (_, p) in pairs.items()}
wdi, stock, tiers, law, costs = (frames[n] for n in used[:5])
names = {c: name(c, lang) for c in set(stock.origin_iso3) | set(stock.destination_iso3) | set(FOCUS)}
labels = {k: t(v) for k, v in tip.LABEL_KEYS.items()}  # the TIP charts' own words, tier names among them
tier_names = {k: labels[code] for k, code in tip.TIERS.items()}
top.title(country)
top.caption(t("country.lead"))

# Key figures, each with its year; a missing figure is shown as a gap.
vintages, year = of_series(wdi), tc.stock_year(stock)  # read from the data, so a refreshed file brings its own
figures = tc.key_figures(wdi, frames["world_pct_gdp"], stock, tiers, iso3)
texts = tc.figure_texts(figures, lang, tier_names, t("country.report_year", year="{year}"),
                        {u: t(f"country.unit.{u}") for u in ("bn", "m")}, vintages.latest)
cards = tc.figure_cards(texts, t)
cs.metric_rows(cards)
if texts["emigrants"] and coverage_limited(stock, iso3, "out", FOCUS):  # emigrants only inside the six: a lower bound
    st.caption(t("country.fig.help.limited", country=country, n=texts["emigrants"]["n"]))

messages = tc.message_lines(tc.message_facts(wdi, figures, costs, stock, iso3), t, country, lang, tier_names, vintages)
st.subheader(t("country.section.messages"))
st.markdown(tc.bullets(messages))

# The data the PDF brief shares with the views (whichever view is open); figures are built only inside the open view.
notes = {f: t(f"country.chart.note_{f}", vintage=vintages.latest) for f in ("computed", "official")}
peers = labelled(tc.peer_series(wdi, iso3), names, notes)
own = peers[peers.iso3 == iso3]
destinations = tc.top_partners(stock, iso3, "out", names, lang)
content = pdf.compose(t, lang, country, colour(iso3), [c[:3] for c in cards], messages, own, destinations[0],
                      [source_line([p]) for p in provs.values()], provs["wdi_series"].accessed, vintages.latest, year)
cs.brief_button(content, iso3)  # the one-page PDF brief, in this language (built only when asked for)

gaps = tc.gap_lines(tc.data_gaps(wdi, tiers, law, costs, frames["published_results"], iso3), t, vintages.latest)
show_gaps = partial(cs.gaps_section, country, gaps, *tc.metadata_lines(provs, iso3, t, known, lang))
if iso3 == "TKM":  # Turkmenistan reports almost nothing: its gaps come before its charts, above the views
    gap_note(t("country.tkm_first"))
    show_gaps()


def remittances() -> None:
    """Remittance dependence against Central Asian peers (one vintage: computed 2026-07)."""
    st.subheader(t("country.section.dependence"))
    fig = line_chart(peers, title=t("country.chart.dep_title", country=country), y_title=t("country.chart.dep_y"),
                     value_hover=t("country.chart.dep_hover", value="%{y:.2f}"), colours=COUNTRY_COLOURS)
    chart(fig, cs.heads(peers[["iso3", "name", "year", "value", "vintage", "note"]]), [provs["wdi_series"]],
          key="country_dep", summary=tc.dependence_summary(own, texts["pct"], country, t),
          filename=f"remittances_pct_gdp_{iso3}_peers", computed=True)


def migration() -> None:
    """Where its migrants live, and where its immigrants come from (UN DESA, latest year of the 2024 revision)."""
    st.subheader(t("country.section.migration"))
    part = tc.map_partners(stock, iso3, names, lang)
    cs.destination_map(part, boundaries_geojson(), country, iso3, provs["migrant_stock"], year)
    bars = {"out": destinations, "in": tc.top_partners(stock, iso3, "in", names, lang)}
    for direction, (shown, facts) in bars.items():
        cs.partner_chart(shown, facts, direction, country, iso3, provs["migrant_stock"], year)


def sending_costs() -> None:
    """What sending US$200 from Russia costs (Remittance Prices Worldwide), against the SDG 10.c target."""
    st.subheader(t("country.section.costs"))
    corr = labelled(tc.corridor_from_russia(costs, iso3).assign(flag="rpw"), names,
                    {"rpw": t("country.chart.cost_note")}, when=t("country.chart.cost_when"))
    if corr.empty:
        return gap_note(t("country.chart.no_corridor", country=country))
    title = t("country.chart.cost_title_rus" if iso3 == "RUS" else "country.chart.cost_title", country=country)
    fig = cost_chart(corr, title=title, y_title=t("country.chart.cost_y"), colours=COUNTRY_COLOURS, target=tc.RPW_TARGET,
                     value_hover=t("country.chart.cost_hover", value="%{y:.2f}"), x_col="x", quarterly=True,
                     target_label=t("country.chart.target", value=tc.pct_text(tc.RPW_TARGET, lang)))
    chart(fig, cs.heads(corr[["iso3", "name", "when", "year", "quarter", "value"]]), [provs["corridor_costs"]],
          key="country_cost", filename=f"rpw_cost_from_RUS_{iso3}", summary=tc.cost_summary(corr, names, lang, t))


def trafficking() -> None:
    """The TIP Report: tier history 2001-2025 and the reported law-enforcement figures."""
    st.subheader(t("country.section.tip"))
    words = {**labels, "strip_title": t("country.chart.tier_title", first=tc.TIP_YEARS[0], last=tc.TIP_YEARS[1])}
    grid = tip.tier_grid(tiers, [iso3], range(tc.TIP_YEARS[0], tc.TIP_YEARS[1] + 1))
    chart(tip.tier_strip(grid, names, words), tip.tier_table(grid, names, words), [provs["tip_tiers"]],
          key="country_tiers", filename=f"tip_tiers_{iso3}", summary=tc.tier_summary(grid, texts["tier"], t))
    cs.law_section(tc.counted_law(law, iso3), names, words, country, iso3, provs["tip_law"])


def results() -> None:
    """The published results that concern this country (regional totals labelled so), then the loaded indicators."""
    st.subheader(t("country.section.results"))
    cs.results_section(tc.country_results(frames["published_results"], iso3), country, iso3, provs["published_results"])
    st.markdown(f"**{t('country.section.indicators')}**")
    files = indicator_folder() + st.session_state.get("ind_uploads", [])
    cs.indicators_section(tc.country_indicators(indicators.combine(files), iso3), country, names, iso3)


VIEWS = {"remittances": remittances, "migration": migration, "costs": sending_costs, "trafficking": trafficking,
         "results": results, "gaps": show_gaps}
codes = [c for c in VIEWS if not (c == "gaps" and iso3 == "TKM")]  # Turkmenistan's gaps are above the views
if "gaps" not in codes and st.query_params.get("view") == "gaps":
    set_param("view", None)  # a link to its gaps opens the page as it is, without an "ignored" warning
code, box = view("view", {c: t(f"country.view.{c}") for c in codes}, "remittances")
with box:
    VIEWS[code]()
