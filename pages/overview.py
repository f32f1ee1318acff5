"""Overview: a card per country, a regional map of remittance dependence, and what each page shows."""
import streamlit as st

from charts import sparkline
from charts.maps import choropleth
from charts.theme import fmt_money, fmt_number, fmt_pct, separators
from geo.boundaries import GEOJSON_URL
from geo.countries import FOCUS, colour, name
from transforms import remittances as rm
from transforms.vintages import latest_vintage, official_vintage
from ui.cached import boundaries_geojson, dataset
from ui.components import chart, gap_note, page_header
from ui.navigation import PAGES, global_params
from ui.state import ctx, t

lang = ctx().lang
wdi, wdi_prov = dataset("wdi_series")
stock, _ = dataset("migrant_stock")
tiers, _ = dataset("tip_tiers")
latest = latest_vintage(wdi)  # read from the data, so a refreshed file brings its own
share = rm.indicator(wdi, rm.PCT, latest)  # the computed ratio of the newest vintage, never mixed
received = rm.indicator(wdi, rm.USD, latest)
pct = lambda v: fmt_pct(v, lang, 2 if abs(v) < 1 else 1)  # noqa: E731 - small shares need two digits
signed = lambda v: ("+" if v > 0 else "") + fmt_number(v, lang, 2 if abs(v) < 1 else 1)  # noqa: E731


def card(iso3: str) -> None:
    """One country's card: % of GDP with change and trend, US$ received, emigrants, TIP tier, link to its page."""
    # One Markdown block per card: a dozen small elements per card made this page twice as slow to draw.
    last, trend = rm.latest_with_change(share, iso3), rm.trend(share, iso3)
    lines = [f"### {name(iso3, lang)}", *(headline(last) if last else [])]
    if len(trend) > 2:
        alt = t("overview.card.trend", first=trend["year"].iloc[0], last=trend["year"].iloc[-1],
                start=pct(trend["value"].iloc[0]), end=pct(trend["value"].iloc[-1]))
        lines.append(sparkline.markdown_image(trend["value"].tolist(), colour(iso3), alt))
    lines.append("\n".join(f"- {line}" for line in (money_line(iso3), emigrant_line(iso3), tier_line(iso3))))
    st.markdown("\n\n".join(lines), help=t("overview.card.pct_help", vintage=latest))
    if iso3 == "TKM" and last:
        official = rm.last_year(rm.indicator(wdi, rm.PCT, official_vintage(wdi), published=True), iso3)
        gap_note(t("overview.card.gap_tkm", year=last["year"], official=official))
    st.page_link("pages/country.py", label=t("overview.card.open", country=name(iso3, lang)),
                 icon=":material/arrow_forward:", query_params={"country": iso3, **global_params()})


def headline(last: dict) -> list[str]:
    """The card's measure, its latest value large, and the change on the year before."""
    change = t("overview.card.delta", change=signed(last["change"]), year=last["year"] - 1) \
        if last["change"] is not None else t("overview.card.no_delta")
    return [t("overview.card.pct", year=last["year"]), f"## {pct(last['value'])}", change]  # default ink: AA contrast


def money_line(iso3: str) -> str:
    """Say the remittances received in US$ in the latest year with a value."""
    money = rm.latest_with_change(received, iso3)
    if not money:
        return t("overview.card.usd_none")
    amount = fmt_money(money["value"], lang, "bn" if money["value"] >= 1e9 else "m")
    return t("overview.card.usd", amount=amount, year=money["year"])


def emigrant_line(iso3: str) -> str:
    """Say how many people born in the country live abroad, only when the snapshot covers destinations worldwide."""
    found = rm.emigrants(stock, iso3)
    if not found["destinations"]:
        return t("overview.card.emigrants_none")
    if not found["complete"]:
        return t("overview.card.emigrants_partial")
    return t("overview.card.emigrants", year=found["year"], people=fmt_number(found["total"], lang),
             n=fmt_number(found["destinations"], lang))


def tier_line(iso3: str) -> str:
    """Say the country's latest TIP Report tier."""
    found = rm.latest_tier(tiers, iso3)
    if not found:
        return t("overview.card.tier_none")
    return t("overview.card.tier", year=found["year"], tier=t(f"overview.tier.{found['tier']}"))


page_header("overview.title", "overview.intro")
st.caption(t("overview.snapshot", accessed=wdi_prov.accessed, vintage=rm.first_date(wdi_prov.vintage)))
st.header(t("overview.cards_heading"))
for row in (FOCUS[:3], FOCUS[3:]):  # row by row, so cards read (and tab) in the countries' order
    for column, iso3 in zip(st.columns(3), row):
        with column.container(border=True):
            card(iso3)
st.caption(t("overview.cards_source", vintage=latest, year=rm.emigrants(stock, "TJK")["year"]))

# The map shows one year for every country, so an old value never passes for a current one.
st.header(t("overview.map_heading"))
year = rm.latest_common_year(share)
values = rm.labelled(rm.values_in_year(share, year), {c: name(c, lang) for c in FOCUS},
                     {"computed": t("remit.note.computed_pct", vintage=latest)})
values["share"] = values["value"].map(pct)
fig = choropleth(values, boundaries_geojson(), value_col="value", title=t("overview.map_title", year=year),
                 colorbar_title=t("overview.map_colorbar"), hover_name_col="name", separators=separators(lang),
                 hover_cols={"share": t("overview.map_colorbar"), "when": t("overview.map_year"),
                             "note": t("overview.map_note")}, name_prop=f"name_{lang}", geojson_url=GEOJSON_URL)
top, low = values.nlargest(1, "value").iloc[0], values.nsmallest(1, "value").iloc[0]
headers = {c: t(f"remit.col.{c}") for c in ("iso3", "name", "year", "value", "vintage", "flag")}
data = rm.table(values, headers | {"value": t("overview.map_colorbar")}, {"flag": {"computed": t("remit.flag.computed")}})
event = chart(fig, data, [wdi_prov], key="overview_map",
              summary=t("overview.map_summary", year=year, country=top["name"], value=top["share"],
                        least=low["name"], least_value=low["share"]),
              filename=f"remittances_pct_gdp_{year}", computed=True, on_select="rerun")
st.caption(t("overview.map_select"))
missing = [c for c in FOCUS if c not in set(values["iso3"])]
if missing:
    gap_note(t("overview.map_gap", names=", ".join(name(c, lang) for c in missing), year=year))
picked = [p.get("location") for p in (event.selection.points if event else []) if p.get("location") in FOCUS]
if picked:
    st.switch_page("pages/country.py", query_params={"country": picked[0], **global_params()})

st.header(t("overview.pages_heading"))  # one list, not a link per page: the sidebar already links every page
st.markdown("\n".join(f"- **{t(page.title_key)}**: {t(f'overview.pages.{page.url_path}')}" for page in PAGES[1:]))
