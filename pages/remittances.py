"""Remittances: key figures, dependence over time, world ranking, where the money comes from, what sending costs."""
import streamlit as st

from charts.costs import cost_chart, dashed
from charts.ranking import ranking_bars, share_bars
from charts.theme import COUNTRY_COLOURS, fmt_money, fmt_number, fmt_pct, ordinal
from charts.timeseries import Marker, add_markers, line_chart
from geo.countries import CENTRAL_ASIA, FOCUS, name
from transforms import remittances as rm
from ui.cached import dataset
from ui.components import chart, gap_note, page_header
from ui.state import ctx, multiselect, select, t, year_range

lang = ctx().lang
wdi, wdi_prov = dataset("wdi_series")
world, world_prov = dataset("world_pct_gdp")
names = {c: name(c, lang) for c in set(world["iso3"]) | set(FOCUS)}
# Tiny shares (Kazakhstan, Russia: under 0.1%) need two digits to differ from zero.
pct = lambda v, d=None: fmt_pct(v, lang, (2 if abs(v) < 1 else 1) if d is None else d)  # noqa: E731
signed = lambda v: ("+" if v > 0 else "") + fmt_number(v, lang, 2 if abs(v) < 1 else 1)  # noqa: E731
listed = lambda codes: ", ".join(names[c] for c in codes)  # noqa: E731
FLAGS = {f: t(f"remit.flag.{f}") for f in ("computed", "official")}
VALUE = {"pct": pct, "usd": lambda v: fmt_money(v * 1e9, lang), "paid": lambda v: fmt_money(v * 1e9, lang),
         "per_person": lambda v: t("remit.value.per_person", value=fmt_number(v, lang))}



def columns(*keys: str, **labels: str) -> dict[str, str]:
    """Translated headers for the columns a chart's table shows (labels given here win)."""
    return {k: labels.get(k) or t(f"remit.col.{k}") for k in keys}


page_header("remit.title", "remit.intro")

# Key figures in words: the latest vintage and its broadly covered year; only the base year is chosen.
st.subheader(t("remit.facts_heading"))
base_opts, base_default = rm.base_years(world)
with st.columns([1, 3])[0]:
    base = select("since", t("remit.since"), base_opts, base_default)
kf = rm.key_figures(world, wdi, base)
top, year0 = kf["top"], kf["year"]
facts = [t("remit.fact_top", year=year0, country=names[top["iso3"]], share=pct(top["value"]),
           rank=ordinal(int(top["rank"]), lang), n=fmt_number(kf["n"], lang)),
         t("remit.fact_top10", year=year0, k=len(kf["top10"]), names=listed(kf["top10"])) if kf["top10"]
         else t("remit.fact_top10_none", year=year0)]
facts += [t("remit.fact_change", country=names[r.iso3], start=pct(r.start), base=r.base, end=pct(r.end), year=r.year,
            change=signed(r.change)) for r in kf["changes"].itertuples()] or [t("remit.fact_change_none", base=base)]
if kf["paid"]:
    facts.append(t("remit.fact_paid", amount=fmt_money(kf["paid"]["value"], lang), year=kf["paid"]["year"],
                   vintage=rm.OFFICIAL))
st.markdown("\n".join(f"- {f}" for f in facts))
st.caption(t("remit.facts_basis", vintage=rm.LATEST, n=fmt_number(kf["n"], lang)))

# 1. Dependence over time: one measure, one vintage per chart.
st.subheader(t("remit.dep_heading"))
codes = multiselect("c", t("remit.countries"), FOCUS + rm.COMPARATORS, FOCUS, format_func=names.get)
c1, c2, c3 = st.columns([2, 3, 3])
with c1:
    measure = select("m", t("remit.measure_label"), rm.MEASURES, "pct", format_func=lambda m: t(f"remit.measure.{m}"))
with c2:
    vkey = select("v", t("remit.vintage_label"), list(rm.VINTAGES), "latest", help=t("remit.vintage_help"),
                  format_func=lambda v: t(f"remit.vintage.{v}", vintage=rm.VINTAGES[v]))
with c3:
    years = year_range("years", t("remit.years"), *rm.year_bounds(wdi, world))
vintage = rm.measure_vintage(measure, rm.VINTAGES[vkey])
dep = rm.dependence(wdi, world, measure, vintage, codes, years)
notes = {"computed": t(f"remit.note.computed_{'per_person' if measure == 'per_person' else 'pct'}", vintage=vintage),
         "official": t("remit.note.official", vintage=vintage)}
shown = rm.labelled(dep["series"], names, notes)
fig = line_chart(shown, title=t(f"remit.dep_title.{measure}"), y_title=t(f"remit.axis.{measure}"),
                 value_hover=t(f"remit.hover.{measure}", value="%{y:,.2f}"), colours=COUNTRY_COLOURS)
add_markers(fig, [Marker(s.start, s.end, t(f"remit.shock.{s.key}", year=s.start, start=s.start, end=s.end))
                  for s in rm.shocks_in(years)])
peak = shown[shown["year"] == shown["year"].max()].nlargest(1, "value")
chart(fig, rm.table(shown, columns("iso3", "name", "year", "value", "vintage", "flag",
                                   value=t(f"remit.axis.{measure}")), {"flag": FLAGS}),
      [world_prov if measure == "pct" else wdi_prov],
      key="remit_dep", filename=f"remittances_{measure}_{vintage}", computed=measure == "pct" and vintage == rm.LATEST,
      summary=t("remit.dep_summary", country=peak["name"].iloc[0], year=int(peak["year"].iloc[0]),
                value=VALUE[measure](peak["value"].iloc[0])) if len(peak) else t("remit.dep_summary_none"),
      note=t("remit.per_person_note", vintage=vintage) if measure == "per_person" else None)
if dep["aggregates"]:
    gap_note(t("remit.gap_aggregates", names=listed(dep["aggregates"]), vintage=rm.OFFICIAL))
if dep["missing"]:
    gap_note(t("remit.gap_no_values", names=listed(dep["missing"]), vintage=vintage))
if "TKM" in codes:
    runs = rm.year_spans(shown.query("iso3 == 'TKM'")["year"])
    spans = ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in runs)
    gap_note(t("remit.gap_tkm", years=spans) if spans else t("remit.gap_tkm_none"))

# 2. World ranking over economies only; Central Asian countries below the top 20 follow a gap.
st.subheader(t("remit.rank.heading"))
rv = rm.VINTAGES[vkey]
with st.columns([1, 3])[0]:
    ry = select("ry", t("remit.rank.year"), rm.rank_years(world, rv), rm.broad_year(world, rv))
ranked = rm.ranks(world, rv, ry)
view = rm.labelled(rm.ranking_view(ranked), names, {"computed": t("remit.note.computed_pct", vintage=rv),
                                                    "official": t("remit.note.official", vintage=rv)})
view = view.assign(label=[t("remit.rank.label", rank=r, country=c) for r, c in zip(view["rank"], view["name"])],
                   text=view["value"].map(pct))
fig = ranking_bars(view, title=t("remit.rank.title", top=rm.TOP_N, year=ry), x_title=t("remit.rank.axis"),
                   value_hover=t("remit.rank.hover", value="%{x:.2f}"), colours=COUNTRY_COLOURS)
chart(fig, rm.table(view, columns("rank", "n", "iso3", "name", "year", "value", "vintage", "flag",
                                   value=t("remit.rank.axis")), {"flag": FLAGS}), [world_prov], key="remit_rank",
      summary=t("remit.rank.summary", country=view["name"].iloc[0], n=fmt_number(len(ranked), lang), year=ry,
                value=pct(view["value"].iloc[0]), k=len(rm.in_top(ranked, k=rm.TOP_N)), top=rm.TOP_N),
      filename=f"remittances_rank_{ry}_{rv}", computed=rv == rm.LATEST)
places = [(rm.rank_of(ranked, c), names[c]) for c in CENTRAL_ASIA]
st.markdown("\n".join("- " + (t("remit.rank.line", country=n, rank=ordinal(int(r["rank"]), lang),
                                 n=fmt_number(r["n"], lang), value=pct(r["value"]))
                                if r else t("remit.rank.none", country=n, year=ry)) for r, n in places))
st.caption(t("remit.rank.basis", n=fmt_number(len(ranked), lang), year=ry, top=rm.TOP_N))

# 3. Where the money comes from: modelled bilateral estimates, said on the chart itself.
st.subheader(t("remit.src.heading"))
bilateral, bil_prov = dataset("bilateral_remittances")
src_names = {"RUS": t("remit.src.from", country=names["RUS"]), "KAZ": t("remit.src.from", country=names["KAZ"]),
             "other": t("remit.src.other")}
shares = rm.share_view(bilateral, names, src_names,
                       lambda v: t("remit.src.amount", amount=fmt_money(v * 1e6, lang, "m")),
                       t("remit.note.modelled", year=int(bilateral["year"].max())))
most = rm.biggest_from(shares)
fig = share_bars(shares, title=t("remit.src.title", year=int(shares["year"].max())), subtitle=t("remit.src.subtitle"),
                 x_title=t("remit.src.axis"), value_hover=t("remit.src.hover", value="%{x:.1f}"),
                 colours={"RUS": COUNTRY_COLOURS["RUS"], "KAZ": COUNTRY_COLOURS["KAZ"], "other": "#BBBBBB"},
                 order=[names[c] for c in FOCUS])
chart(fig, rm.table(shares, columns("iso3", "name", "source_name", "usd_m", "share", "year")), [bil_prov],
      key="remit_src",
      summary=t("remit.src.summary", country=names[most["iso3"]], share=pct(most["share"])),
      filename="remittances_by_source_modelled")
gap_note(t("remit.src.gap"))

# 4. What sending money costs, against the SDG 10.c target.
st.subheader(t("remit.cost.heading"))
(costs, cost_prov), (by_country, avg_prov) = dataset("corridor_costs"), dataset("cost_by_country")
target, hover = t("remit.cost.target", value=pct(rm.SDG_TARGET, 0)), t("remit.cost.hover", value="%{y:.2f}")
corridors = rm.labelled(rm.corridor_series(costs).assign(flag="rpw"), names, {"rpw": t("remit.cost.corr_note")},
                        when=t("remit.cost.quarter"))
avg = rm.cost_series(by_country).assign(flag="avg")
avg = rm.labelled(avg, names, {"avg": t("remit.cost.avg_note", vintage=avg["vintage"].iloc[0])})
avg["name"] = [t(f"remit.cost.{d}", country=n) for d, n in zip(avg["direction"], avg["name"])]
best, rus = rm.cheapest(corridors), avg[avg["iso3"] == "RUS"].iloc[-1]
left, right = st.columns(2)
with left:
    amount = t("remit.cost.usd", value=fmt_number(rm.RPW_AMOUNT, lang))
    fig = cost_chart(corridors, title=t("remit.cost.corr_title", amount=amount),
                     y_title=t("remit.cost.axis"), value_hover=hover, colours=COUNTRY_COLOURS, target=rm.SDG_TARGET,
                     target_label=target, x_col="x", quarterly=True)
    chart(fig, rm.table(corridors, columns("sending_iso3", "iso3", "name", "when", "value",
                                           value=t("remit.cost.axis"))),
          [cost_prov], key="remit_corr",
          summary=t("remit.cost.corr_summary", period=t("remit.cost.quarter", **best), country=names[best["iso3"]],
                    value=pct(best["value"], 2), met=best["met"], n=best["n"], target=pct(rm.SDG_TARGET, 0)),
          filename="remittance_cost_corridors_from_russia")
with right:
    fig = cost_chart(avg, title=t("remit.cost.avg_title"), y_title=t("remit.cost.axis"), value_hover=hover,
                     colours=COUNTRY_COLOURS, target=rm.SDG_TARGET, target_label=target)
    dashed(fig, avg[avg["direction"] == "from"]["name"].unique().tolist())
    chart(fig, rm.table(avg, columns("iso3", "name", "year", "value", "vintage", name=t("remit.col.series"),
                                     value=t("remit.cost.axis"))), [avg_prov], key="remit_avg",
          summary=t("remit.cost.avg_summary", year=int(rus["year"]), value=pct(rus["value"], 2)),
          filename="remittance_cost_by_country")
gap_note(t("remit.cost.gap_tkm"))
