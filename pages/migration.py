"""Migration: corridors on a map and a flow map, main destinations, partners and corridors, trends, labour figures."""
import streamlit as st

from charts import flows, maps
from charts.theme import COUNTRY_COLOURS, fmt_number, fmt_pct, separators
from geo.boundaries import REGION_VIEW
from geo.countries import CENTRAL_ASIA, FOCUS, name, names
from transforms import migration as mg
from ui import state
from ui.cached import boundaries_geojson, dataset
from ui.components import chart, data_block, download_csv, gap_note, page_header, source_footer
from ui.state import ctx, t

lang = ctx().lang
num, pct, money = (lambda v: fmt_number(v, lang)), (lambda v: fmt_pct(v, lang)), (lambda v: fmt_number(v, lang, 1))
col = lambda *cols: {c: t(f"migration.col.{c}") for c in cols}  # noqa: E731 - translated table headers
ENDS = {"origin_iso3": "origin", "destination_iso3": "destination"}
(stock, p_stock), (remit, p_remit), (labour, p_labour) = map(dataset, ("migrant_stock", "bilateral_remittances", "labour_migration"))
geo, view = boundaries_geojson(), REGION_VIEW["wide"]


def pick(key: str) -> None:
    """Callback: a country clicked on a map becomes the page's country (so the URL follows)."""
    iso3 = mg.clicked_iso3(st.session_state.get(key))
    if iso3 in FOCUS:
        st.session_state["url_country"] = iso3


page_header("migration.title", "migration.intro")
c1, c2, c3 = st.columns([1, 2, 2])
country_names, dir_names = dict(zip(FOCUS, names(FOCUS, lang))), {d: t(f"migration.dir.{d}") for d in mg.DIRECTIONS}
with c1:
    country = state.select("country", t("migration.country"), FOCUS, "UZB", format_func=country_names.get)
with c2:
    direction = state.select("dir", t("migration.direction"), mg.DIRECTIONS, "out", radio=True, format_func=dir_names.get)
with c3:
    year = state.year("year", t("migration.year"), sorted(stock["year"].unique()), 2020)
cname = country_names[country]
part = mg.with_names(mg.partners(stock, country, direction, year), {"iso3": "name"}, lang)
part = part.assign(value_text=part["value"].map(num), share_text=part["share"].map(pct), year_text=str(year))
part_table = mg.labelled(part, col("iso3", "name", "year", "value", "share"))

# 1. Choropleth of the chosen country's partners; a click on one of the six countries chooses it.
if part.empty:
    gap_note(t("migration.map.empty", country=cname, year=year))
else:
    fig = maps.choropleth(part, geo, value_col="value", title=t(f"migration.map.title_{direction}", country=cname, year=year),
                          colorbar_title=t("migration.map.colorbar"), hover_name_col="name", view="wide",
                          hover_cols={"value_text": t("migration.map.hover_count"), "share_text": t("migration.map.hover_share"),
                                      "year_text": t("migration.year_label")}, name_prop=f"name_{lang}",
                          separators=separators(lang), no_data_label=t("migration.map.no_data"))
    top = part.iloc[0]
    chart(fig, part_table, [p_stock], key=f"mig_map_{country}", filename=f"migrants_{country}_{direction}_{year}",
          on_select=lambda: pick(f"mig_map_{country}"),
          summary=t(f"migration.map.summary_{direction}", year=year, total=num(part["value"].sum()), country=cname,
                    n=len(part), top=top["name"], top_value=num(top["value"]), top_share=pct(top["share"])))
    n_out, people_out = mg.outside(part, {f["id"] for f in geo["features"]})
    if n_out:
        st.caption(t("migration.map.outside", n=n_out, people=num(people_out)))
if mg.coverage_limited(stock, country, direction):
    gap_note(t("migration.map.coverage", country=cname))
st.caption(" ".join((t("migration.select_hint"), t("migration.gaps"), t("app.disclaimer"))))

# 2. Flow map, capital to capital (the page's only pydeck chart: browsers limit WebGL contexts).
st.subheader(t("migration.flow.header"))
every = state.toggle("all", t("migration.flow.all"), False)
largest = mg.flow_arcs(stock, CENTRAL_ASIA if every else [country], direction, year)
arcs = mg.with_names(mg.in_frame(largest, view["lon"], view["lat"]), ENDS, lang)
arcs["tip"] = [t("migration.flow.tooltip", origin=o, destination=d, value=num(v), year=year)
               for o, d, v in zip(arcs["origin"], arcs["destination"], arcs["value"])]
who = t("migration.flow.all_countries") if every else cname
st.markdown(f"**{t(f'migration.flow.title_{direction}', countries=who, year=year)}**")
if not arcs.empty:
    deck = maps.flow_deck(arcs, geo, tooltip_html="{tip}", view_state=view, name_prop=f"name_{lang}", flat=True)
    # Keyed by country: after a click picks one, the new map starts without a selection (which greys other layers).
    st.pydeck_chart(deck, on_select=lambda: pick(f"mig_flow_{country}"), selection_mode="single-object",
                    key=f"mig_flow_{country}")
    widest = arcs.loc[arcs["value"].idxmax()]
    st.markdown(t("migration.flow.summary", origin=widest["origin"], destination=widest["destination"],
                  value=num(widest["value"]), year=year, n=len(arcs)))
if len(largest) > len(arcs):
    st.caption(t("migration.flow.unplaced", n=len(largest) - len(arcs)))
st.caption(t("migration.flow.legend", top=mg.ARC_TOP))
source_footer([p_stock])
data_block(mg.labelled(arcs, col("origin", "destination", "year", "value")), key="mig_flow_data", filename=f"arcs_{year}")
st.caption(t("app.disclaimer"))

# 3. Sankey: the five countries to their main destinations, small partners grouped.
st.subheader(t("migration.sankey.header"))
links = mg.sankey_links(stock, CENTRAL_ASIA, year)
labels = {c: name(c, lang) for c in {*links["origin_iso3"], *links["destination_iso3"]}} | {mg.OTHER: t("migration.sankey.other")}
fig = flows.sankey(links, title=t("migration.sankey.title", year=year), labels=labels, unit=t("migration.people"),
                   year_label=t("migration.year_label"))
dest = links.groupby("destination_iso3")["value"].sum().sort_values(ascending=False)
named_links = links.assign(origin=links["origin_iso3"].map(labels), destination=links["destination_iso3"].map(labels))
chart(fig, mg.labelled(named_links, col("origin", "destination", "year", "value")), [p_stock], key="mig_sankey",
      filename=f"central_asia_destinations_{year}", summary=t("migration.sankey.summary", year=year, total=num(dest.sum()),
      rus=num(dest.iloc[0]), share=pct(100 * dest.iloc[0] / dest.sum()), top=labels[dest.index[0]]))

# 4. Top partners and the sortable corridor table.
st.subheader(t("migration.bars.header"))
if not part.empty:
    top10 = part.head(10)
    fig = flows.partner_bars(top10, title=t(f"migration.bars.title_{direction}", country=cname, year=year),
                             x_title=t("migration.bars.axis"), colour=COUNTRY_COLOURS[country], year_label=t("migration.year_label"),
                             value_label=t("migration.bars.value"), share_label=t("migration.bars.share"))
    chart(fig, part_table.head(10), [p_stock], key="mig_bars", filename=f"top_partners_{country}_{direction}_{year}",
          summary=t("migration.bars.summary", n=len(top10), share=pct(top10["share"].sum()), top=top10.iloc[0]["name"],
                    value=num(top10.iloc[0]["value"])))
st.markdown(f"**{t('migration.table.title', year=year)}**")
table = mg.corridors(stock, remit, year)
table = table if state.toggle("allc", t("migration.table.all"), False) else mg.corridors_of(table, country, direction)
table = mg.with_names(table, ENDS, lang).assign(flag=table["flag"].map({"modelled": t("migration.flag.modelled")}))
heads = col("origin", "destination", "year", "migrants", "change_2000", "change_2000_pct", "change_2010", "change_2010_pct",
            "remit_back", "flag")
shown = mg.labelled(table, heads)
formats = {heads[c]: pct if c.endswith("_pct") else money if c == "remit_back" else num for c in list(heads)[3:9]}
st.dataframe(shown.style.format(formats, na_rep="–"), hide_index=True, height=380)  # sorts on the numbers, shows them localised
st.caption(t("migration.table.rows", n=len(shown)) + " " + t("migration.table.caption"))
download_csv(shown, f"corridors_{year}", key="dl_mig_corridors", label=t("migration.table.download"))
source_footer([p_stock, p_remit], note=t("migration.table.modelled_note"))

# 5. Trend since 1990: people abroad, and the share of them living in Russia.
st.subheader(t("migration.trend.header"))
shares = mg.russia_share(stock)
focus = country if country in CENTRAL_ASIA else shares.sort_values("total").iloc[-1]["iso3"]
first, last = mg.latest_pair(shares, focus)
trend_table = mg.labelled(mg.with_names(shares, {"iso3": "country"}, lang), col("country", "year", "in_russia", "total", "share"))
for kind, fmt in (("total", num), ("share", pct)):
    fig = flows.trend_lines(shares, title=t(f"migration.trend.title_{kind}"), y_title=t(f"migration.trend.axis_{kind}"),
                            names=country_names, value_col=kind, hover_value=t(f"migration.trend.hover_{kind}"),
                            year_label=t("migration.year_label"), percent=kind == "share")
    chart(fig, trend_table, [p_stock], key=f"mig_trend_{kind}", filename=f"emigrants_{kind}", note=t("migration.trend.note"),
          summary=t(f"migration.trend.summary_{kind}", country=country_names[focus], first=fmt(first[kind]), y0=first["year"],
                    last=fmt(last[kind]), y1=last["year"]))

# 6. Labour migration to Russia: each published figure a labelled point, never joined to another.
st.subheader(t("migration.labour.header"))
who = t("migration.labour.all_foreign") if country == "RUS" else cname
counts, share_rows = mg.split_shares(mg.labour_labels(mg.labour_rows(labour, country), t))
if counts.empty:
    gap_note(t("migration.labour.empty", country=who))
else:
    fig = flows.labour_points(counts.assign(text=counts["value"].map(num)), title=t("migration.labour.title", country=who),
                              x_title=t("migration.labour.axis"), family_labels={f: t(f"migration.family.{f}") for f in flows.FAMILY_STYLE},
                              hover_labels={k: t(f"migration.hover.{k}") for k in ("period", "value", "source")})
    heads = {"measure_name": t("migration.col.measure"), "period_name": t("migration.col.period")} | col("value", "reported_by", "source_url")
    chart(fig, mg.labelled(counts, heads), [p_labour], key="mig_labour", filename=f"labour_migration_{country}",
          summary=t("migration.labour.summary", n=len(counts), years=mg.year_span(counts["year"])))
for _, r in share_rows.iterrows():
    st.markdown("- " + t("migration.labour.share_line", measure=r["measure_name"], period=r["period_name"], value=pct(r["value"])))
if country == "TKM":
    gap_note(t("migration.labour.tkm"))
st.info(t("migration.labour.note"))
