"""Country pages: one country's key figures, remittances, migration, costs, TIP record, results and data gaps."""
from functools import partial

import streamlit as st

import config
from charts import maps, tip
from charts.costs import cost_chart
from charts.flows import partner_bars
from charts.theme import COUNTRY_COLOURS, fmt_number, separators
from charts.timeseries import line_chart
from geo.countries import FOCUS, colour, name
from loaders import indicators
from reports import brief as pdf
from transforms import country as tc
from transforms import indicators as ti
from transforms.migration import coverage_limited, outside
from transforms.remittances import cheapest, labelled
from ui.cached import boundaries_geojson, dataset, indicator_folder
from ui.components import chart, download_csv, gap_note, source_footer, source_line
from ui.i18n import has
from ui.navigation import global_params
from ui.state import ctx, select, set_param, t

lang = ctx().lang
top = st.container()
if "context.bad_country" in ctx().problems:
    set_param("country", None)  # app.py has already said so; the selector then starts empty instead of warning twice
iso3 = select("country", t("country.select"), ["", *FOCUS], "", format_func=lambda c: name(c, lang) if c else "—")
if not iso3:  # no or unknown country: say so and offer every valid page as a link
    top.title(t("country.title"))
    top.markdown(t("country.intro"))
    st.markdown(t("country.bad" if "context.bad_country" in ctx().problems else "country.pick"))
    for code in FOCUS:
        st.page_link("pages/country.py", label=name(code, lang), query_params={"country": code, **global_params()})
    st.stop()

country = name(iso3, lang)
used = ("wdi_series", "migrant_stock", "tip_tiers", "tip_law", "corridor_costs", "world_pct_gdp", "published_results")
pairs = {n: dataset(n) for n in used}
frames, provs = {n: f for n, (f, _) in pairs.items()}, {n: p for n, (_, p) in pairs.items()}
wdi, stock, tiers, law, costs = (frames[n] for n in used[:5])
names = {c: name(c, lang) for c in set(stock.origin_iso3) | set(stock.destination_iso3) | set(FOCUS)}
tier_names = {k: t(tip.LABEL_KEYS[code]) for k, code in tip.TIERS.items()}  # the TIP charts' own words
heads = lambda frame: frame.rename(columns={c: t(f"country.col.{c}") for c in frame.columns})  # noqa: E731
known = lambda key, fallback: t(key) if has(key, lang) else fallback  # noqa: E731 - a translation when there is one
translated = lambda text: known(f"country.text.{tc.text_key(text)}", text)  # noqa: E731 - source texts (gaps, results)
top.title(country)
top.caption(t("country.lead"))

# Key figures, each with its year; a missing figure is shown as a gap.
figures = tc.key_figures(wdi, frames["world_pct_gdp"], stock, tiers, iso3)
texts = tc.figure_texts(figures, lang, tier_names, t("country.report_year", year="{year}"),
                        {u: t(f"country.unit.{u}") for u in ("bn", "m")})
cards = [(t(f"country.fig.{k}"), t(f"country.fig.value.{k}", **v) if v else t("country.none"), v["when"] if v else "",
          t(f"country.fig.help.{k}", **v) if v else t("country.fig.help.missing")) for k, v in texts.items()]
for row, widths in ((cards[:3], 3), (cards[3:6], 3), (cards[6:8], 2), (cards[8:], 1)):  # a tier's name needs a row
    for col, (label, value, when, helptext) in zip(st.columns(widths), row):
        col.metric(t("country.fig.label", label=label, when=when) if when else label, value, help=helptext, border=True)
if texts["emigrants"] and coverage_limited(stock, iso3, "out", FOCUS):  # emigrants only inside the six: a lower bound
    st.caption(t("country.fig.help.limited", country=country, n=texts["emigrants"]["n"]))

facts = tc.message_facts(wdi, figures, costs, stock, iso3)
messages = [t(f"country.msg.{k}", country=country, vintage=tc.VINTAGE, official=tc.OFFICIAL,
              **tc.display_values(v, lang, tier_names, t("country.chart.cost_when"))) for k, v in facts]
st.subheader(t("country.section.messages"))
st.markdown("\n".join(f"- {m}" for m in messages))
brief_slot = st.container()  # the PDF button sits under the messages; it is filled once the charts' data exist

gaps = tc.data_gaps(wdi, tiers, law, costs, frames["published_results"], iso3)
gap_lines = [t(f"country.gaps.{k}", vintage=tc.VINTAGE, ranges=tc.ranges_text(v.get("ranges", [])),
               measures=", ".join(t(f"country.law.category.{m}") for m in v.get("measures", []))) for k, v in gaps]
noted = [(n, g) for n, g in tc.metadata_gaps(provs, iso3) if lang == "en" or has(f"country.text.{tc.text_key(g)}", lang)]
meta_lines = [t("country.gaps.meta_line", dataset=known(f"ds.{provs[n].file}.dataset", provs[n].dataset), text=translated(g))
              for n, g in noted]
untranslated = len(tc.metadata_gaps(provs, iso3)) - len(noted)  # a note not yet translated is counted, not shown in English


def show_gaps() -> None:
    """Say what the data does not show for this country: detected gaps, then metadata notes naming it."""
    st.subheader(t("country.section.gaps"))
    st.markdown(t("country.gaps.intro", country=country))
    st.markdown(f"**{t('country.gaps.detected')}**\n\n" + ("\n".join(f"- {g}" for g in gap_lines) or t("country.gaps.none")))
    if meta_lines or untranslated:
        more = [t("country.gaps.untranslated", n=untranslated)] if untranslated else []
        st.markdown(f"**{t('country.gaps.noted')}**\n\n" + "\n".join(f"- {g}" for g in meta_lines + more))


if iso3 == "TKM":  # Turkmenistan reports almost nothing: its gaps come before its charts
    gap_note(t("country.tkm_first"))
    show_gaps()

# Remittance dependence against Central Asian peers (one vintage: computed 2026-07).
st.subheader(t("country.section.dependence"))
notes = {f: t(f"country.chart.note_{f}", vintage=tc.VINTAGE) for f in ("computed", "official")}
peers = labelled(tc.peer_series(wdi, iso3), names, notes)
own = peers[peers.iso3 == iso3]
fig = line_chart(peers, title=t("country.chart.dep_title", country=country), y_title=t("country.chart.dep_y"),
                 value_hover=t("country.chart.dep_hover", value="%{y:.2f}"), colours=COUNTRY_COLOURS)
pct = texts["pct"]
summary = t("country.chart.dep_summary", country=country, n=len(own), span=tc.ranges_text([(own.year.min(), own.year.max())]),
            pct=pct["value"], year=pct["year"]) if len(own) else t("country.chart.dep_summary_none", country=country)
chart(fig, heads(peers[["iso3", "name", "year", "value", "vintage", "note"]]), [provs["wdi_series"]], key="country_dep",
      summary=summary, filename=f"remittances_pct_gdp_{iso3}_peers", computed=True)

# Where its migrants live, and where its immigrants come from (UN DESA 2020).
st.subheader(t("country.section.migration"))
geo = boundaries_geojson()
part = tc.partners(stock, iso3, "out", tc.STOCK_YEAR)
part = part.assign(name=part.iso3.map(names), value_text=[fmt_number(v, lang) for v in part.value],
                   share_text=[tc.pct_text(v, lang) for v in part.share])
if len(part):
    fig = maps.choropleth(part, geo, value_col="value", title=t("country.chart.map_title", country=country, year=tc.STOCK_YEAR),
                          colorbar_title=t("country.chart.map_legend"), hover_name_col="name", view="wide",
                          hover_cols={"value_text": t("country.chart.people"), "share_text": t("country.chart.share")},
                          separators=separators(lang), no_data_label=t("country.chart.map_nodata"), name_prop=f"name_{lang}")
    chart(fig, heads(part[["iso3", "name", "year", "value", "share"]]), [provs["migrant_stock"]], key="country_map",
          filename=f"migrant_stock_{iso3}_map_{tc.STOCK_YEAR}", summary=t("country.chart.map_summary", country=country,
          n=len(part), outside=outside(part, {f["properties"]["iso3"] for f in geo["features"]})[0]))
    st.caption(t("app.disclaimer"))
bars = {}
for direction, title_key, summary_key in (("out", "top_title", "top_summary"), ("in", "origins_title", "origins_summary")):
    rows = tc.partners(stock, iso3, direction, tc.STOCK_YEAR)
    shown = rows.head(10).assign(name=lambda d: d.iso3.map(names))
    bars[direction] = shown
    if shown.empty:
        gap_note(t("country.chart.no_partners", country=country, year=tc.STOCK_YEAR))
        continue
    fig = partner_bars(shown, title=t(f"country.chart.{title_key}", country=country, year=tc.STOCK_YEAR),
                       x_title=t("country.chart.people"), colour=colour(iso3), value_label=t("country.chart.people"),
                       share_label=t("country.chart.share"), year_label=t("country.chart.year"))
    chart(fig, heads(shown[["iso3", "name", "year", "value", "share"]]), [provs["migrant_stock"]], key=f"country_{direction}",
          filename=f"migrant_stock_{iso3}_{direction}_{tc.STOCK_YEAR}",
          summary=t(f"country.chart.{summary_key}", country=country, top=shown.name.iloc[0], year=tc.STOCK_YEAR,
                    share=tc.pct_text(shown.share.iloc[0], lang), total=fmt_number(rows.value.sum(), lang)))

# What sending US$200 from Russia costs (Remittance Prices Worldwide), against the SDG 10.c target.
st.subheader(t("country.section.costs"))
corr = labelled(tc.corridor_from_russia(costs, iso3).assign(flag="rpw"), names, {"rpw": t("country.chart.cost_note")},
                when=t("country.chart.cost_when"))
if corr.empty:
    gap_note(t("country.chart.no_corridor", country=country))
else:
    fig = cost_chart(corr, title=t("country.chart.cost_title_rus" if iso3 == "RUS" else "country.chart.cost_title", country=country),
                     y_title=t("country.chart.cost_y"), value_hover=t("country.chart.cost_hover", value="%{y:.2f}"),
                     colours=COUNTRY_COLOURS, target=tc.RPW_TARGET, x_col="x", quarterly=True,
                     target_label=t("country.chart.target", value=tc.pct_text(tc.RPW_TARGET, lang)))
    best = cheapest(corr)
    chart(fig, heads(corr[["iso3", "name", "when", "year", "quarter", "value"]]), [provs["corridor_costs"]], key="country_cost",
          filename=f"rpw_cost_from_RUS_{iso3}", summary=t("country.chart.cost_summary", when=t("country.chart.cost_when", **best),
          cost=tc.pct_text(best["value"], lang), country=names[best["iso3"]], met=best["met"], n=best["n"],
          target=tc.pct_text(tc.RPW_TARGET, lang)))

# The TIP Report: tier history 2001-2025 and the reported law-enforcement figures.
st.subheader(t("country.section.tip"))
labels = {**{k: t(v) for k, v in tip.LABEL_KEYS.items()},
          "strip_title": t("country.chart.tier_title", first=tc.TIP_YEARS[0], last=tc.TIP_YEARS[1])}
grid = tip.tier_grid(tiers, [iso3], range(tc.TIP_YEARS[0], tc.TIP_YEARS[1] + 1))
missing = tc.year_ranges(grid[grid.tier.isna()].report_year)
tier = texts["tier"] or {"value": t("country.none"), "year": "–"}
fig = tip.tier_strip(grid, names, labels)
chart(fig, tip.tier_table(grid, names, labels), [provs["tip_tiers"]], key="country_tiers",
      filename=f"tip_tiers_{iso3}", summary=t("country.chart.tier_summary" if missing else "country.chart.tier_summary_full",
      tier=tier["value"], year=tier["year"], missing=tc.ranges_text(missing), first=tc.TIP_YEARS[0], last=tc.TIP_YEARS[1]))
reported = tc.law_figures(law, iso3)
reported = reported[reported.category != "other"]
if reported.empty:
    gap_note(t("country.chart.law_none", country=country))
else:
    words = {m: t(f"country.law.{m}") for m in reported.measure.unique()}
    rows = tip.law_rows(reported.assign(kind=reported.measure, measure="all"), [iso3], "all", names, labels, lang)
    rows = rows.assign(measure_name=rows.kind.map(words))
    palette = dict(zip(words, ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")))
    fig = tip.law_points(rows.assign(iso3=rows.kind, country=rows.measure_name),
                         {**labels, "law_title": t("country.chart.law_title")}, palette, country)
    fig.update_yaxes(range=[0, max(5.0, float(rows.value.max()) * 1.15)])  # counts: no 0.2 steps when all are zero
    chart(fig, tip.law_table(rows, labels).assign(**{labels["measure"]: rows.measure_name}), [provs["tip_law"]],
          key="country_law", filename=f"tip_law_{iso3}", summary=t("country.chart.law_summary"))

# The project's published results that concern this country; regional totals are labelled as regional.
st.subheader(t("country.section.results"))
results = tc.country_results(frames["published_results"], iso3)
if results.empty:
    gap_note(t("country.results.none", country=country))
else:
    st.caption(t("country.results.intro"))
    cols = {c: t(f"country.results.col.{c}") for c in ("indicator", "value", "unit", "period", "scope", "area", "source")}
    table = results.assign(scope=results.scope.map(lambda s: t(f"country.results.scope_{s}")),
                           area=results.country_or_region.map(translated), indicator=results.indicator.map(translated),
                           unit=results.unit.map(translated), period=results.period.map(translated), source=results.source_url,
                           value=[ti.published_value(v, u, lang) for v, u in zip(results.value, results.unit)])
    table = table[list(cols)].rename(columns=cols)
    st.dataframe(table, hide_index=True, column_config={cols["source"]: st.column_config.LinkColumn()})
    source_footer([provs["published_results"]])
    download_csv(table, f"project_results_{iso3}", key="dl_country_results")

st.markdown(f"**{t('country.section.indicators')}**")
limit = config.get_int("SURVIVOR_THRESHOLD")
loaded = indicators.combine(indicator_folder() + st.session_state.get("ind_uploads", []))
loaded = loaded[(loaded.country_iso3 == iso3) & (loaded.sex == "total") & (loaded.age_group == "total")]
if loaded.empty:
    gap_note(t("country.indicators.none", country=country))
else:  # survivor counts below the threshold are masked before anything is shown
    shown = ti.labelled(ti.mask_survivors(loaded, limit), lang, names, (t("indicators.period.year"),
                        t("indicators.period.quarter")), limit, t("indicators.hidden"))
    cols = {c: t(f"country.indicators.col.{c}") for c in ("indicator", "period_text", "value_text", "target_text", "unit", "source")}
    table = shown.sort_values(["indicator_code", "period"])[list(cols)].rename(columns=cols)
    if shown.source.str.startswith("EXAMPLE").any():
        gap_note(t("indicators.example.banner"))
    st.dataframe(table, hide_index=True)
    download_csv(table, f"project_indicators_{iso3}", key="dl_country_indicators")

if iso3 != "TKM":
    show_gaps()

# The one-page PDF brief of this page, in this language (built only when asked for).
snapshot = provs["wdi_series"].accessed
content = pdf.compose(t, lang, country, colour(iso3), [c[:3] for c in cards], messages, own, bars["out"],
                      [source_line([p]) for p in provs.values()], snapshot, tc.VINTAGE, tc.STOCK_YEAR)
brief_slot.download_button(t("country.brief.button"), partial(pdf.build, content), help=t("country.brief.help"),
                   file_name=t("country.brief.file", iso3=iso3, code=lang), mime="application/pdf",
                   on_click="ignore", icon=":material/picture_as_pdf:", key="country_brief")
