"""Remittances: key figures, then one view at a time: dependence, world ranking, where the money comes from, costs."""
import streamlit as st

from charts.costs import cost_chart
from charts.ranking import ranking_bars, share_bars
from charts.theme import COUNTRY_COLOURS, fmt_number
from charts.timeseries import line_chart
from geo.countries import FOCUS, name
from transforms import remittances as rm
from ui.cached import dataset
from ui.components import chart, gap_note, page_header
from ui.remittance_sections import bullets, gap_notes, headers, markers, vintage_pick
from ui.state import ctx, multiselect, pick, select, settings, t, view, year_range

lang = ctx().lang
wdi, wdi_prov = dataset("wdi_series")
world, world_prov = dataset("world_pct_gdp")
names = {c: name(c, lang) for c in set(world["iso3"]) | set(FOCUS)}
FLAGS = {f: t(f"remit.flag.{f}") for f in ("computed", "official")}

page_header("remit.title", "remit.intro")

# Key figures in words: the latest vintage and its broadly covered year; only the base year is chosen.
st.subheader(t("remit.facts_heading"))
base = pick("since", t("remit.since"), *rm.base_years(world))
kf = rm.key_figures(world, wdi, base)
bullets(rm.key_facts(kf, base, names, lang, t))
st.caption(t("remit.facts_basis", vintage=kf["vintage"], n=fmt_number(kf["n"], lang)))

# The vintage of % of GDP serves both the dependence chart and the ranking, so it sits above the tabs.
vintages = rm.vintages(world)  # read from the data, so a refreshed file brings its own
vkey = vintage_pick("v", vintages)
chosen = vintages.get(vkey, vintages["latest"])


def dependence() -> None:
    """Dependence over time: one measure, one vintage per chart, and the gaps said below it."""
    codes, measure, years = dependence_controls()
    vintage = rm.measure_vintage(measure, chosen, wdi)
    dep = rm.dependence(wdi, world, measure, vintage, codes, years)
    dependence_chart(rm.labelled(dep["series"], names, rm.flag_notes(measure, vintage, t)), measure, vintage, years)
    gap_notes(rm.dependence_gaps(dep, codes, vintage, names, t))


def dependence_controls() -> tuple[list[str], str, tuple[int, int]]:
    """Countries, measure and years, in a box whose widgets draw only once it is opened; return the choices."""
    with settings("dep", t("remit.settings")) as box:
        codes = multiselect("c", t("remit.countries"), FOCUS + rm.COMPARATORS, FOCUS, format_func=names.get,
                            shown=box.open)
        measure = select("m", t("remit.measure_label"), rm.MEASURES, "pct", format_func=lambda m: t(f"remit.measure.{m}"),
                         shown=box.open)
        years = year_range("years", t("remit.years"), *rm.year_bounds(wdi, world), shown=box.open)
    return codes, measure, years


def dependence_chart(shown, measure: str, vintage: str, years: tuple[int, int]) -> None:
    """The line chart of one measure in one vintage, with its data table and sources."""
    fig = line_chart(shown, title=t(f"remit.dep_title.{measure}"), y_title=t(f"remit.axis.{measure}"),
                     value_hover=t(f"remit.hover.{measure}", value="%{y:,.2f}"), colours=COUNTRY_COLOURS,
                     markers=markers(rm.shocks_in(years)))
    chart(fig, rm.table(shown, headers("iso3", "name", "year", "value", "vintage", "flag",
                                       value=t(f"remit.axis.{measure}")), {"flag": FLAGS}),
          [world_prov if measure == "pct" else wdi_prov], key="remit_dep", filename=f"remittances_{measure}_{vintage}",
          computed=measure == "pct" and vintage == vintages["latest"], summary=rm.dependence_summary(shown, measure, lang, t),
          note=t("remit.per_person_note", vintage=vintage) if measure == "per_person" else None)


def ranking() -> None:
    """World ranking over economies only; Central Asian countries below the top 20 follow a gap."""
    rv = chosen
    ry = pick("ry", t("remit.rank.year"), rm.rank_years(world, rv), rm.broad_year(world, rv))
    ranked = rm.ranks(world, rv, ry)
    bars = rm.rank_labels(rm.labelled(rm.ranking_view(ranked), names, rm.flag_notes("pct", rv, t)), lang, t)
    fig = ranking_bars(bars, title=t("remit.rank.title", top=rm.TOP_N, year=ry), x_title=t("remit.rank.axis"),
                       value_hover=t("remit.rank.hover", value="%{x:.2f}"), colours=COUNTRY_COLOURS)
    chart(fig, rm.table(bars, headers("rank", "n", "iso3", "name", "year", "value", "vintage", "flag",
                                      value=t("remit.rank.axis")), {"flag": FLAGS}), [world_prov], key="remit_rank",
          summary=rm.rank_summary(bars, ranked, ry, lang, t), filename=f"remittances_rank_{ry}_{rv}",
          computed=rv == vintages["latest"])
    bullets(rm.rank_lines(ranked, names, ry, lang, t))
    st.caption(t("remit.rank.basis", n=fmt_number(len(ranked), lang), year=ry, top=rm.TOP_N))


def sources() -> None:
    """Where the money comes from: modelled bilateral estimates, said on the chart itself."""
    bilateral, bil_prov = dataset("bilateral_remittances")
    shares = rm.source_view(bilateral, names, lang, t)
    fig = share_bars(shares, title=t("remit.src.title", year=int(shares["year"].max())),
                     subtitle=t("remit.src.subtitle"), x_title=t("remit.src.axis"),
                     value_hover=t("remit.src.hover", value="%{x:.1f}"), order=[names[c] for c in FOCUS])
    chart(fig, rm.table(shares, headers("iso3", "name", "source_name", "usd_m", "share", "year")), [bil_prov],
          key="remit_src", summary=rm.source_summary(shares, names, lang, t), filename="remittances_by_source_modelled")
    gap_note(t("remit.src.gap"))


def costs() -> None:
    """What sending money costs, against the SDG 10.c target: corridors from Russia and country averages."""
    (corr, cost_prov), (by_country, avg_prov) = dataset("corridor_costs"), dataset("cost_by_country")
    args = dict(y_title=t("remit.cost.axis"), value_hover=t("remit.cost.hover", value="%{y:.2f}"),
                colours=COUNTRY_COLOURS, target=rm.SDG_TARGET,
                target_label=t("remit.cost.target", value=rm.share_text(rm.SDG_TARGET, lang, 0)))
    left, right = st.columns(2)
    with left:
        corridor_chart(rm.corridor_view(corr, names, t), cost_prov, args)
    with right:
        average_chart(rm.average_view(by_country, names, t), avg_prov, args)
    gap_note(t("remit.cost.gap_tkm"))


def corridor_chart(corridors, prov, args: dict) -> None:
    """Quarterly cost of sending the RPW amount from Russia, one line per corridor."""
    amount = t("remit.cost.usd", value=fmt_number(rm.RPW_AMOUNT, lang))
    fig = cost_chart(corridors, title=t("remit.cost.corr_title", amount=amount), x_col="x", quarterly=True, **args)
    chart(fig, rm.table(corridors, headers("sending_iso3", "iso3", "name", "when", "value", value=t("remit.cost.axis"))),
          [prov], key="remit_corr", summary=rm.corridor_summary(corridors, names, lang, t),
          filename="remittance_cost_corridors_from_russia")


def average_chart(avg, prov, args: dict) -> None:
    """Average cost of sending to and from each country, by year."""
    fig = cost_chart(avg, title=t("remit.cost.avg_title"), dashed_direction="from", **args)
    chart(fig, rm.table(avg, headers("iso3", "name", "year", "value", "vintage", name=t("remit.col.series"),
                                     value=t("remit.cost.axis"))), [prov], key="remit_avg",
          summary=rm.average_summary(avg, lang, t), filename="remittance_cost_by_country")


SECTIONS = {"dependence": dependence, "ranking": ranking, "sources": sources, "costs": costs}
code, box = view("view", {c: t(f"remit.view.{c}") for c in SECTIONS}, "dependence")
with box:
    SECTIONS[code]()
