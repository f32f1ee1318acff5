"""Overview: a card per country, a regional map of remittance dependence, and what each page shows."""
import streamlit as st

from charts import sparkline
from figures import FigureContext
from figures import overview as fo
from geo.countries import FOCUS, colour
from ui.cached import boundaries_geojson, built, dataset
from ui.components import gap_note, md_safe, page_header, show
from ui.navigation import PAGES, global_params
from ui.state import ctx, t

fc = FigureContext(load=dataset, lang=ctx().lang, t=t, geojson=boundaries_geojson)


def card(item: fo.Card) -> None:
    """One country's card: its share of GDP with the change and trend, money received, people abroad, TIP tier."""
    # One Markdown block per card: a dozen small elements per card made this page twice as slow to draw.
    parts = [f"### {md_safe(item.name)}", *headline(item)]
    if len(item.trend) > 2:
        alt = t("overview.card.trend_alt", first=item.trend_years[0], last=item.trend_years[-1],
                start=fo.pct(item.trend[0], fc.lang), end=fo.pct(item.trend[-1], fc.lang))
        parts.append(sparkline.markdown_image(item.trend, colour(item.iso3), alt))
    parts.append("\n".join(f"- {md_safe(line)}" for line in item.lines))
    st.markdown("\n\n".join(parts), help=md_safe(t("overview.card.pct_help")))
    if item.note:
        gap_note(item.note)
    st.page_link("pages/country.py", label=t("overview.card.open", country=item.iso3), icon=":material/arrow_forward:",
                 query_params={"country": item.iso3, **global_params()})


def headline(item: fo.Card) -> list[str]:
    """The card's share of GDP, large, with its year and vintage, and the change on the year before."""
    last = item.headline
    if not last:
        return [md_safe(t("overview.card.pct_none"))]
    kind = "official" if last["official"] else "computed"
    label = t(f"overview.card.pct_{kind}", year=last["year"], vintage=last["vintage"])
    change = t("overview.card.delta", change=signed(last["change"]), year=last["year"] - 1) \
        if last["change"] is not None else t("overview.card.no_delta")
    return [f"## {md_safe(fo.pct(last['value'], fc.lang))}", md_safe(f"{label} · {change}")]


def signed(value: float) -> str:
    """Write a change in percentage points with its sign."""
    from charts.theme import fmt_number

    sign = "+" if value > 0 else ("−" if value < 0 else "")
    if 0 < abs(value) < 0.005:
        return sign + "<" + fmt_number(0.01, fc.lang, 2)  # a false 0.00 would say "no change"
    return sign + fmt_number(abs(value), fc.lang, 2 if abs(value) < 1 else 1)


page_header("overview.title", "overview.intro")
st.subheader(t("overview.cards_heading"))
for row in (FOCUS[:3], FOCUS[3:]):  # row by row, so cards read (and tab) in the countries' order
    for column, iso3 in zip(st.columns(3), row):
        with column.container(border=True):
            card(built(fo.card, fc, iso3=iso3))
st.caption(md_safe(t("overview.cards_source")))

# The map shows one year for every country, so an old value never passes for a current one.
st.subheader(t("overview.map_heading"))
regional = built(fo.regional_map, fc)
event = show(regional, on_select="rerun")
st.caption(t("overview.map_select"))
for line in regional.lines[1:]:
    gap_note(line)
picked = [p.get("location") for p in (event.selection.points if event else []) if p.get("location") in FOCUS]
if picked:
    st.switch_page("pages/country.py", query_params={"country": picked[0], **global_params()})

st.subheader(t("overview.pages_heading"))  # one list, not a link per page: the sidebar already links every page
st.markdown("\n".join(f"- **{t(page.title_key)}**: {md_safe(t(f'overview.pages.{page.url_path}'))}"
                      for page in PAGES[1:]))
