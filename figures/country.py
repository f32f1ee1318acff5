"""Pure builders of the country page (no Streamlit): its key figures as one chart, remittance dependence against the
Central Asian peers, where its emigrants live and where its immigrants come from, what sending money from Russia costs
and its TIP Report record; and the facts (cards, key messages, brief) the page, the presenter's deck and the PDF share.

Every builder follows fc.country. `key_figures`, `dependence` and `destinations` are steps of the presenter's story
(figures.story) and carry at most three short lines; the page draws the others too. A view the data cannot draw
(no corridor, no figure in the TIP Report) gets None from its builder, and the page says so.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import partial

import pandas as pd
import plotly.graph_objects as go

from charts import maps, tip
from charts.costs import cost_chart
from charts.flows import partner_bars
from charts.spec import Chart
from charts.theme import COUNTRY_COLOURS, fmt_quarter, pct_suffix, separators
from charts.timeseries import line_chart
from figures import FigureContext
from geo.boundaries import GEOJSON_URL
from geo.countries import FOCUS, colour, name
from reports import brief as pdf
from transforms import country as tc
from transforms.migration import outside, place_name
from transforms.remittances import labelled
from transforms.vintages import Vintages, latest_vintage, of_series, official_vintage

DATASETS = ("wdi_series", "world_pct_gdp", "migrant_stock", "tip_tiers", "corridor_costs")
GRID_COLUMNS = 5  # the key figures: two rows of five, on the page and in the chart
DIRECTIONS = {"out": ("top_title", "top_summary"), "in": ("origins_title", "origins_summary")}


# ---- words ---------------------------------------------------------------------------------------------------------

def tip_labels(fc: FigureContext) -> dict[str, str]:
    """The TIP charts' words in the language (tier names among them)."""
    return {k: fc.t(v) for k, v in tip.LABEL_KEYS.items()}


def tier_names(fc: FigureContext) -> dict[str, str]:
    """The TIP tiers' names in the language, keyed as the data writes them ("Tier 2 Watch List")."""
    labels = tip_labels(fc)
    return {tier: labels[code] for tier, code in tip.TIERS.items()}


def names(fc: FigureContext, codes=()) -> dict[str, str]:
    """Country names in the language for the six and the given codes (the UN's 'other / unknown' origin named too)."""
    return {c: place_name(c, fc.lang) for c in {*FOCUS, *codes}}


def heads(fc: FigureContext, frame: pd.DataFrame) -> pd.DataFrame:
    """Rename a chart's data columns to the page's translated headings."""
    return frame.rename(columns={c: fc.t(f"country.col.{c}") for c in frame.columns})


def report_year(fc: FigureContext, year: int) -> str:
    """A TIP Report's year in words ("2025 report", «доклад 2025 г.»)."""
    return fc.t("country.report_year", year=year)


def wrap(text: str, width: int, lines: int = 2) -> str:
    """Break a text into at most `lines` lines of about `width` characters for a plotly label (<br> between); two lines
    split at the space nearest the middle, so "% of GDP" or «% ВВП» is not left alone on a line."""
    text = str(text)
    spaces = [i for i, c in enumerate(text) if c == " "]
    if len(text) <= width or not spaces:
        return text
    middle = min(spaces, key=lambda i: abs(i - len(text) / 2))
    if max(middle, len(text) - middle - 1) <= width:
        return text[:middle] + "<br>" + text[middle + 1:]
    parts = textwrap.wrap(text, width) or [""]
    return "<br>".join(parts[:lines - 1] + [" ".join(parts[lines - 1:])])


# ---- facts the page, the deck and the brief share ---------------------------------------------------------------

@dataclass(frozen=True)
class Facts:
    """What the page says about a country before any view: its figures as cards and its key messages."""

    iso3: str
    country: str  # the name in the language
    figures: dict[str, tc.Figure]
    texts: dict[str, dict | None]
    cards: list[tuple[str, str, str, str]]  # (label, value, year text, help)
    messages: list[str]
    vintages: Vintages
    year: int | None  # the migrant stock's year (the latest in the data)
    last: int | None  # the latest year any Central Asian country has a % of GDP value


def facts(fc: FigureContext) -> Facts:
    """Compute a country's key figures (each with its year), their card texts and its three to six key messages."""
    wdi, world, stock, tiers, costs = (fc.load(n)[0] for n in DATASETS)
    iso3, vintages = fc.country, of_series(wdi)
    figures = tc.key_figures(wdi, world, stock, tiers, iso3)
    units = {u: fc.t(f"country.unit.{u}") for u in ("bn", "m")}
    texts = tc.figure_texts(figures, fc.lang, tier_names(fc), partial(report_year, fc), units, vintages.latest)
    last = (tc.series_span(wdi, tc.PCT) or (None, None))[1]
    country = name(iso3, fc.lang)
    messages = tc.message_lines(tc.message_facts(wdi, figures, costs, stock, iso3), fc.t, country, fc.lang,
                                tier_names(fc), vintages)
    return Facts(iso3, country, figures, texts, tc.figure_cards(texts, fc.t, figures, last), messages, vintages,
                 tc.stock_year(stock), last)


def figure_table(fc: FigureContext, f: Facts) -> pd.DataFrame:
    """The key figures as a table: figure, value, year and what it is (the chart's CSV)."""
    cols = [fc.t(f"country.figcol.{c}") for c in ("figure", "value", "when", "about")]
    return pd.DataFrame([dict(zip(cols, card)) for card in f.cards], columns=cols)


def _line(fc: FigureContext, key: str, f: Facts, figure: str, **values) -> list[str]:
    """One short line for presenter mode from a figure's texts, none when the figure is a gap."""
    texts = f.texts.get(figure)
    return [fc.t(f"country.line.{key}", **{**texts, "country": f.country, **values})] if texts else []


# ---- the key figures as one chart (presenter mode, slides) ------------------------------------------------------

def key_figures(fc: FigureContext, known: Facts | None = None) -> Chart:
    """The country's ten key figures as one chart: two rows of five cards (label, value, year), help on hover.
    known: the facts when the caller has them already (the page computes them once per run)."""
    f = known or facts(fc)
    provs = [fc.load(n)[1] for n in ("wdi_series", "world_pct_gdp", "migrant_stock", "tip_tiers")]
    lines = _line(fc, "emigrants", f, "emigrants") + _line(fc, "women", f, "women") + _line(fc, "tier", f, "tier")
    return Chart(key="country_figures", figure=figure_grid(f.cards, fc.t("country.chart.figures_title", country=f.country)),
                 table=figure_table(fc, f), provs=provs, summary=fc.t("country.chart.figures_summary"),
                 filename=f"key_figures_{f.iso3}", computed=not f.figures["pct"].official, lines=tuple(lines[:3]))


def figure_grid(cards: list[tuple[str, str, str, str]], title: str, columns: int = GRID_COLUMNS) -> go.Figure:
    """Lay cards out as a grid of labelled numbers: label on top, the value large, its year under it."""
    rows = -(-len(cards) // columns)
    shapes, notes, xs, ys, helps = [], [], [], [], []
    for i, (label, value, when, helptext) in enumerate(cards):
        x, y = i % columns + 0.5, rows - i // columns - 0.5  # the card's centre, first row on top
        shapes.append(dict(type="rect", x0=x - 0.47, x1=x + 0.47, y0=y - 0.45, y1=y + 0.45, line=dict(color="#D0D0D0"),
                           fillcolor="#FFFFFF", layer="below"))
        # Wrapped for a card a fifth of 1280 px wide at presenter size (18 px labels, 22 px values): nothing overflows.
        notes += [dict(x=x, y=y + 0.40, text=wrap(label, 20), yanchor="top", font=dict(size=14, color="#444444")),
                  dict(x=x, y=y - 0.02, text=wrap(value, 14, 3), yanchor="middle", font=dict(size=22, color="#1F1F1F")),
                  dict(x=x, y=y - 0.40, text=wrap(when, 20, 1), yanchor="bottom", font=dict(size=14, color="#444444"))]
        xs.append(x)
        ys.append(y)
        helps.append(f"<b>{label}</b><br>{wrap(helptext, 60, 6)}")
    notes = [dict(n, showarrow=False, xref="x", yref="y", xanchor="center") for n in notes]
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="markers", marker=dict(size=60, opacity=0), hovertext=helps,
                               hovertemplate="%{hovertext}<extra></extra>", showlegend=False))
    axis = dict(visible=False, fixedrange=True, showgrid=False, zeroline=False)
    return fig.update_layout(title=title, shapes=shapes, annotations=notes, height=110 + 130 * rows,
                             margin=dict(l=10, r=10, t=60, b=10), xaxis=dict(axis, range=[0, columns]),
                             yaxis=dict(axis, range=[0, rows]), hovermode="closest")


# ---- remittance dependence -----------------------------------------------------------------------------------------

def dependence_series(fc: FigureContext) -> tuple[pd.DataFrame, tc.Figure]:
    """The % of GDP series of the country and its peers, named and noted, in the vintage of its headline figure (the
    latest, computed; the official one where the computed series ends years earlier), and that figure."""
    wdi, _ = fc.load("wdi_series")
    pct = tc.headline_pct(wdi, fc.country)
    vintage = official_vintage(wdi) if pct.official else latest_vintage(wdi)
    notes = {"computed": fc.t("country.chart.note_computed", vintage=vintage),
             "official": fc.t("country.chart.note_official", vintage=vintage)}
    frame = tc.peer_series(wdi, fc.country, vintage, published=pct.official)
    return labelled(frame, names(fc), notes), pct


def dependence(fc: FigureContext, known: Facts | None = None) -> Chart:
    """Remittances received as % of GDP over time: the country and its Central Asian peers, one vintage (known: the
    facts when the caller has them already)."""
    peers, pct = dependence_series(fc)
    f, prov = known or facts(fc), fc.load("wdi_series")[1]
    own = peers[peers.iso3 == fc.country]
    span = tc.ranges_text([(int(peers.year.min()), int(peers.year.max()))]) if len(peers) else ""
    fig = line_chart(peers, title=fc.t("country.chart.dep_title", country=f.country, span=span),
                     y_title=fc.t("country.chart.dep_y"), colours=COUNTRY_COLOURS,
                     value_hover=fc.t("country.chart.dep_hover", value="%{y:.2f}"))
    lines = _line(fc, "pct_official" if pct.official else "pct", f, "pct") + _line(fc, "rank", f, "rank")
    lines += _peak_line(fc, own)
    return Chart(key="country_dep", figure=fig, table=heads(fc, peers[["iso3", "name", "year", "value", "vintage", "note"]]),
                 provs=[prov], summary=tc.dependence_summary(own, f.texts["pct"], f.country, fc.t),
                 filename=f"remittances_pct_gdp_{fc.country}_peers", computed=not pct.official, lines=tuple(lines[:3]))


def _peak_line(fc: FigureContext, own: pd.DataFrame) -> list[str]:
    """The short line on the country's highest share, when its series has one other than the last year."""
    top = tc.peak(own[["year", "value"]]) if len(own) >= 5 else tc.Figure()
    if top.missing or top.year == int(own.year.max()):
        return []
    return [fc.t("country.line.peak", peak=tc.pct_text(top.value, fc.lang), year=top.year)]


# ---- migration -----------------------------------------------------------------------------------------------------

def partner_rows(fc: FigureContext, direction: str) -> tuple[pd.DataFrame, dict, int | None]:
    """The ten largest destinations ('out') or origins ('in') in the latest year, named, with women's share; the
    summary's values (largest partner, its share, the total over every partner) and the year."""
    stock, _ = fc.load("migrant_stock")
    year = tc.stock_year(stock)
    shown, summary = tc.top_partners(stock, fc.country, direction, names(fc, stock.origin_iso3), fc.lang)
    if len(shown) and {"female", "male"} <= set(shown.columns):
        shown = shown.assign(female_share=100 * shown.female / (shown.female + shown.male).where(lambda v: v > 0))
    return shown, summary, year


def partners_chart(fc: FigureContext, direction: str = "out") -> Chart | None:
    """Bars of the country's ten largest destinations ('out') or countries of birth of its immigrants ('in'), with
    each one's share and women's share in hover and table; None when the data lists none."""
    shown, summary, year = partner_rows(fc, direction)
    if shown.empty:
        return None
    title_key, summary_key = DIRECTIONS[direction]
    people, country = fc.t("country.chart.people"), name(fc.country, fc.lang)
    fig = partner_bars(shown, title=fc.t(f"country.chart.{title_key}", country=country, year=year), x_title=people,
                       colour=colour(fc.country), value_label=people, share_label=fc.t("country.chart.share"),
                       year_label=fc.t("country.chart.year"))
    fig.update_traces(customdata=shown[["share", "year", "female_share"]].to_numpy(), hovertemplate=_bar_hover(fc))
    lines = _partner_lines(fc, direction, shown, summary, year)
    columns = ["iso3", "name", "year", "value", "share", *(["female_share"] if "female_share" in shown else [])]
    return Chart(key=f"country_{direction}", figure=fig, table=heads(fc, shown[columns]),
                 provs=[fc.load("migrant_stock")[1]], filename=f"migrant_stock_{fc.country}_{direction}_{year}",
                 summary=fc.t(f"country.chart.{summary_key}", country=country, year=year, **summary), lines=lines)


def _bar_hover(fc: FigureContext) -> str:
    """The partner bars' hover: people, share of the country's total and women's share, with the language's percent."""
    pct = "%" if fc.lang == "en" else pct_suffix(fc.lang)
    return (f"<b>%{{y}}</b><br>{fc.t('country.chart.people')}: %{{x:,.0f}}<br>{fc.t('country.chart.share')}: "
            f"%{{customdata[0]:.1f}}{pct}<br>{fc.t('country.chart.women')}: %{{customdata[2]:.1f}}{pct}"
            f"<br>{fc.t('country.chart.year')}: %{{customdata[1]}}<extra></extra>")


def _partner_lines(fc: FigureContext, direction: str, shown: pd.DataFrame, summary: dict, year) -> tuple[str, ...]:
    """Short lines for presenter mode: the total, the largest partner and, for emigrants, women's share."""
    key = "emigrants_total" if direction == "out" else "immigrants_total"
    lines = [fc.t(f"country.line.{key}", country=name(fc.country, fc.lang), total=summary["total"], year=year),
             fc.t(f"country.line.top_{direction}", top=shown.iso3.iloc[0], share=summary["share"])]
    women = tc.women_emigrants(fc.load("migrant_stock")[0], fc.country) if direction == "out" else tc.Figure()
    if not women.missing:
        lines.append(fc.t("country.line.women", value=tc.pct_text(women.value, fc.lang), year=women.year))
    return tuple(lines[:3])


def destinations(fc: FigureContext) -> Chart:
    """Where the country's emigrants live: its ten largest destinations in the latest year (a note when none)."""
    chart = partners_chart(fc, "out")
    if chart is not None:
        return chart
    year = tc.stock_year(fc.load("migrant_stock")[0])
    text = fc.t("country.chart.no_partners", country=name(fc.country, fc.lang), year=year)
    fig = go.Figure().update_layout(title=text, xaxis=dict(visible=False), yaxis=dict(visible=False), height=200)
    return Chart(key="country_out", figure=fig, table=pd.DataFrame(), provs=[fc.load("migrant_stock")[1]],
                 summary=text, filename=f"migrant_stock_{fc.country}_out", lines=(text,))


def destination_map(fc: FigureContext) -> Chart | None:
    """Where the country's emigrants live in the latest year, as a regional choropleth (None when none are listed)."""
    stock, prov = fc.load("migrant_stock")
    year, geo = tc.stock_year(stock), fc.geojson()
    part = tc.map_partners(stock, fc.country, names(fc, stock.destination_iso3), fc.lang)
    if part.empty:
        return None
    country = name(fc.country, fc.lang)
    fig = maps.choropleth(part, geo, value_col="value", title=fc.t("country.chart.map_title", country=country, year=year),
                          colorbar_title=fc.t("country.chart.map_legend"), hover_name_col="name", view="wide",
                          hover_cols={"value_text": fc.t("country.chart.people"), "share_text": fc.t("country.chart.share")},
                          separators=separators(fc.lang), no_data_label=fc.t("country.chart.map_nodata"),
                          name_prop=f"name_{fc.lang}", geojson_url=GEOJSON_URL)
    drawn = {feature["properties"]["iso3"] for feature in geo["features"]}
    summary = fc.t("country.chart.map_summary", country=country, n=len(part), outside=outside(part, drawn)[0])
    return Chart(key="country_map", figure=fig, table=heads(fc, part[["iso3", "name", "year", "value", "share"]]),
                 provs=[prov], summary=summary, filename=f"migrant_stock_{fc.country}_map_{year}")


# ---- what sending money costs, the TIP record ------------------------------------------------------------------------

def costs(fc: FigureContext) -> Chart | None:
    """The cost of sending US$200 from Russia to the country (for Russia: to Central Asia), by quarter, against the
    SDG 10.c target of less than 3%; None when the database has no such corridor."""
    frame, prov = fc.load("corridor_costs")
    rows = tc.corridor_from_russia(frame, fc.country)
    if rows.empty:
        return None
    corr = labelled(rows.assign(flag="rpw"), names(fc), {"rpw": fc.t("country.chart.cost_note")})
    corr["when"] = [fmt_quarter(y, q, fc.lang) for y, q in zip(corr.year, corr.quarter)]
    end = corr.loc[corr.x.idxmax()]
    title = fc.t("country.chart.cost_title_rus" if fc.country == "RUS" else "country.chart.cost_title",
                 country=name(fc.country, fc.lang), end=end["when"])
    fig = cost_chart(corr, title=title, y_title=fc.t("country.chart.cost_y"), colours=COUNTRY_COLOURS,
                     target=tc.RPW_TARGET, value_hover=fc.t("country.chart.cost_hover", value="%{y:.2f}"), x_col="x",
                     quarterly=True, target_label=fc.t("country.chart.target", value=tc.target_text(fc.lang)))
    return Chart(key="country_cost", figure=fig, table=heads(fc, corr[["iso3", "name", "when", "year", "quarter", "value"]]),
                 provs=[prov], filename=f"rpw_cost_from_RUS_{fc.country}",
                 summary=tc.cost_summary(corr, names(fc), fc.lang, fc.t))


def tiers(fc: FigureContext) -> Chart:
    """The country's TIP Report tier in every report 2001-2025; a placement read in a secondary publication says so."""
    frame, prov = fc.load("tip_tiers")
    labels = tip_labels(fc)
    words = {**labels, "strip_title": fc.t("country.chart.tier_title", first=tc.TIP_YEARS[0], last=tc.TIP_YEARS[1])}
    grid = tip.tier_grid(frame, [fc.country], range(tc.TIP_YEARS[0], tc.TIP_YEARS[1] + 1), fc.lang)
    texts = tc.figure_texts({"tier": tc.latest_tier(frame, fc.country)}, fc.lang, tier_names(fc),
                            partial(report_year, fc))["tier"]
    return Chart(key="country_tiers", figure=tip.tier_strip(grid, names(fc), words), table=tip.tier_table(grid, names(fc), words),
                 provs=[prov], filename=f"tip_tiers_{fc.country}", summary=tc.tier_summary(grid, texts, fc.t))


def law(fc: FigureContext) -> Chart | None:
    """The TIP Report's law-enforcement and victim figures for the country, a colour per measure (None when none)."""
    frame, prov = fc.load("tip_law")
    reported = tc.counted_law(frame, fc.country)
    if reported.empty:
        return None
    labels = tip_labels(fc)
    words = {m: fc.t(f"country.law.{m}") for m in reported.measure.unique()}
    rows = tip.measure_rows(reported, fc.country, names(fc), labels, words, fc.lang)
    fig = tip.measure_points(rows, {**labels, "law_title": fc.t("country.chart.law_title"),
                                    "law_axis": fc.t("country.chart.law_y")}, words, name(fc.country, fc.lang))
    return Chart(key="country_law", figure=fig, table=tip.measure_table(rows, labels), provs=[prov],
                 filename=f"tip_law_{fc.country}", summary=fc.t("country.chart.law_summary"))


# ---- the one-page PDF brief ------------------------------------------------------------------------------------------

def brief(fc: FigureContext, f: Facts, sources: list[str], snapshot: str) -> pdf.Brief:
    """The brief's content in the language: the page's cards and messages, the % of GDP line, the destinations."""
    peers, pct = dependence_series(fc)
    shown, _, _ = partner_rows(fc, "out")
    vintage = peers.vintage.iloc[0] if len(peers) else f.vintages.latest
    return pdf.compose(fc.t, fc.lang, fc.country, brief_cards(f), f.messages, peers[peers.iso3 == fc.country],
                       shown, sources, snapshot, vintage, f.year, official=pct.official)


def brief_cards(f: Facts) -> list[tuple[str, str, str]]:
    """The cards as the brief prints them: label, value, and its year with the unit of money under the value (a narrow
    A4 card has no room for "22,62 млрд долл. США" on one line)."""
    cards = []
    for (label, value, when, _), texts in zip(f.cards, f.texts.values()):
        unit = (texts or {}).get("unit")
        cards.append((label, texts["value"], f"{when}, {unit}") if unit else (label, value, when))
    return cards
