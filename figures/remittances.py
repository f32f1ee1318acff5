"""Pure builders of the remittances page's charts and key figures (no Streamlit).

The presenter's story (figures.story) draws dependence, ranking, money_sources and corridor_costs; the page draws the
same builders with the user's choices, so a chart is built once wherever it appears. Every builder works with no
choices given (the page's defaults). Choices: countries (ISO3 codes), measure (rm.MEASURES), years (first, last),
vintage ("latest" or "official", for % of GDP), year (the ranking's), since (the key figures' base year).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from charts.costs import axis_top, cost_chart
from charts.ranking import ranking_bars, share_bars
from charts.spec import Chart
from charts.theme import COUNTRY_COLOURS, fmt_number, fmt_quarter
from charts.timeseries import Doubt, Marker, line_chart
from figures import FigureContext
from geo.countries import CENTRAL_ASIA, FOCUS, table
from loaders.provenance import Provenance
from transforms import remittances as rm

MEASURE, VINTAGE = "pct", "latest"  # the page's defaults
COST_TITLE_SIZE = 16  # the two cost charts sit side by side: their titles must fit half the page


@dataclass(frozen=True)
class Facts:
    """The key figures in words, the line on what they rest on and their sources (the outflow's among them)."""

    lines: list[str]
    basis: str
    provs: list[Provenance]


# ---- shared pieces ------------------------------------------------------------------------------------------------

def names(fc: FigureContext) -> dict[str, str]:
    """Every economy's name in the context's language (the world frame's, the six and the comparators)."""
    world, _ = fc.load("world_pct_gdp")
    column = table()["name_ru" if fc.lang == "ru" else "name_en"]  # one lookup per code: ~260 economies
    return {c: str(column.get(c, c)) for c in set(world["iso3"].unique()) | set(FOCUS) | set(rm.COMPARATORS)}


def headers(fc: FigureContext, *keys: str, **labels: str) -> dict[str, str]:
    """Translated headers for the columns a chart's table shows (labels given here win)."""
    return {k: labels.get(k) or fc.t(f"remit.col.{k}") for k in keys}


def flag_words(fc: FigureContext) -> dict[str, str]:
    """The words for each flag of a value, as the tables show them."""
    return {f: fc.t(f"remit.flag.{f}") for f in ("computed", "official", rm.DISPUTED)}


def vintages(fc: FigureContext) -> dict[str, str]:
    """The % of GDP vintages one can choose, read from the data: {"latest": ..., "official": ...}."""
    return rm.vintages(fc.load("world_pct_gdp")[0])


def vintage_of(fc: FigureContext, key: str = VINTAGE) -> str:
    """The % of GDP vintage behind a choice ("latest" or "official"); the latest when the data lack the one asked."""
    found = vintages(fc)
    return found.get(key, found["latest"])


def year_bounds(fc: FigureContext) -> tuple[int, int]:
    """The first and last year any remittance series has a value."""
    return rm.year_bounds(fc.load("wdi_series")[0], fc.load("world_pct_gdp")[0])


def label_of(fc: FigureContext, prov: Provenance) -> str:
    """A dataset's vintage as a reader names it ("WDI, 2025-02 extract"), in the context's language."""
    key = f"ds.{prov.file}.vintage"
    found = fc.t(key)
    return prov.vintage if found == key else found


def markers(fc: FigureContext, years: tuple[int, int]) -> list[Marker]:
    """The shocks inside the years, as chart markers with their short labels."""
    return [Marker(s.start, s.end, fc.t(f"remit.shock.{s.key}", year=s.start, start=s.start, end=s.end))
            for s in rm.shocks_in(years)]


# ---- dependence over time -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Dependence:
    """What the dependence chart draws: the labelled series, the transform's result, its vintage and source."""

    shown: pd.DataFrame
    dep: dict
    vintage: str
    prov: Provenance
    years: tuple[int, int]


def _dependence(fc: FigureContext, countries, measure: str, years, vintage: str) -> _Dependence:
    """Read and reshape the series of one measure in one vintage for the chosen countries and years."""
    (wdi, wdi_prov), (world, world_prov) = fc.load("wdi_series"), fc.load("world_pct_gdp")
    paid, paid_prov = fc.load("remittances_paid") if measure == "paid" else (None, None)
    years = tuple(years or rm.year_bounds(wdi, world))
    used = rm.measure_vintage(measure, vintage_of(fc, vintage), wdi, paid)
    dep = rm.dependence(wdi, world, measure, used, list(countries), years, paid)
    notes = rm.flag_notes(measure, label_of(fc, paid_prov) if paid_prov else used, fc.t)
    prov = {"pct": world_prov, "paid": paid_prov}.get(measure, wdi_prov)
    return _Dependence(rm.labelled(dep["series"], names(fc), notes), dep, used, prov, years)


def dependence(fc: FigureContext, countries=FOCUS, measure: str = MEASURE, years=None, vintage: str = VINTAGE) -> Chart:
    """Remittances over time for the chosen countries: one measure in one vintage, shocks marked, disputed outflows
    drawn apart with their caveat."""
    d = _dependence(fc, countries, measure, years, vintage)
    shown, t = d.shown, fc.t
    first, last = (int(shown["year"].min()), int(shown["year"].max())) if len(shown) else d.years  # years drawn
    fig = line_chart(shown, title=t(f"remit.dep_title.{measure}", span=rm.span_text(first, last, t)),
                     y_title=t(f"remit.axis.{measure}"),
                     value_hover=t(f"remit.hover.{measure}", value="%{y:,.2f}"), colours=COUNTRY_COLOURS,
                     markers=markers(fc, d.years), doubt=_doubt(fc, shown))
    table = rm.table(shown, headers(fc, "iso3", "name", "year", "value", "vintage", "flag",
                                    value=t(f"remit.axis.{measure}")), {"flag": flag_words(fc)})
    latest = measure == "pct" and d.vintage == vintage_of(fc, "latest")
    return Chart(key="remit_dep", figure=fig, table=table, provs=[d.prov], summary=_dep_summary(fc, d, measure),
                 filename=f"remittances_{measure}_{d.vintage}", computed=latest or measure == "per_person",
                 note=_dep_note(fc, d, measure), lines=_dep_lines(fc, d, measure, latest))


def dependence_gaps(fc: FigureContext, countries=FOCUS, measure: str = MEASURE, years=None,
                    vintage: str = VINTAGE) -> list[str]:
    """What the dependence chart leaves out, in words: aggregates, chosen codes without values, Turkmenistan."""
    d = _dependence(fc, countries, measure, years, vintage)
    return rm.dependence_gaps(d.dep, list(countries), d.vintage, names(fc), fc.t)


def _doubt(fc: FigureContext, shown: pd.DataFrame) -> Doubt | None:
    """How the disputed outflows are named on the chart (None when the view holds none)."""
    rows = shown[shown["flag"] == rm.DISPUTED]
    if rows.empty:
        return None
    legend = {c: fc.t("remit.caveat_legend", country=r["name"].iloc[0],
                      years=rm.span_text(int(r["year"].min()), int(r["year"].max()), fc.t))
              for c, r in rows.groupby("iso3")}
    return Doubt(legend, fc.t("remit.caveat_label"))


def _caveat(fc: FigureContext) -> dict | None:
    """The numbers of the outflow caveat (Russia's reported fall beside its receivers' reported rise)."""
    return rm.paid_caveat(fc.load("remittances_paid")[0], fc.load("wdi_series")[0])


def _dep_summary(fc: FigureContext, d: _Dependence, measure: str) -> str:
    """The chart's reading: the highest value in the last year, or, whenever disputed outflows show, the caveat that
    sets the sender's reported fall beside its receivers' reported rise (never the fall alone)."""
    caveat = _caveat(fc) if rm.disputed_years(d.shown) else None
    if caveat:
        return rm.caveat_text(caveat, names(fc), fc.lang, fc.t)
    return rm.dependence_summary(d.shown, measure, fc.lang, fc.t)


def _dep_note(fc: FigureContext, d: _Dependence, measure: str) -> str | None:
    """The caveat shown before the source line: disputed outflows, or how US$ per person is computed."""
    disputed = rm.disputed_years(d.shown)
    if disputed:
        return fc.t("remit.caveat_short", after=disputed[0])
    return fc.t("remit.per_person_note", vintage=d.vintage) if measure == "per_person" else None


def _dep_lines(fc: FigureContext, d: _Dependence, measure: str, latest: bool) -> tuple[str, ...]:
    """At most three short lines for presenter mode and slides."""
    undisputed = d.shown[d.shown["flag"] != rm.DISPUTED]
    lines = [rm.dependence_summary(undisputed, measure, fc.lang, fc.t)]
    if measure == "pct" and len(d.shown):
        lines += _change_line(fc, d)
    if latest:
        lines.append(fc.t("remit.line.computed", vintage=d.vintage))
    note = _dep_note(fc, d, measure)
    return tuple(lines + ([note] if note else []))[:3]


def _change_line(fc: FigureContext, d: _Dependence) -> list[str]:
    """The change of the chart's highest country since the first year the countries shown all have data."""
    peak = d.shown[d.shown["year"] == d.shown["year"].max()].nlargest(1, "value")["iso3"].iloc[0]
    base = rm.common_start(d.shown, d.shown["iso3"].unique(), int(d.shown["year"].max()))
    found = rm.change_since(d.shown, base, [peak])
    if found.empty:
        return []
    r = found.iloc[0]
    return [fc.t("remit.line.change", country=names(fc)[peak], start=rm.share_text(r["start"], fc.lang), base=base,
                 end=rm.share_text(r["end"], fc.lang), year=int(r["year"]))]


# ---- key figures --------------------------------------------------------------------------------------------------

def base_years(fc: FigureContext) -> tuple[list[int], int]:
    """The years a change can be measured from, and the default (the first year all countries have data)."""
    return rm.base_years(fc.load("world_pct_gdp")[0])


def key_figures(fc: FigureContext, since: int | None = None) -> Facts:
    """The key figures in words: the most dependent country, the top 10, changes since a base year and Russia's
    outflow (from the remittances-paid dataset, with its caveat), with their sources."""
    (world, world_prov), (wdi, _), (paid, paid_prov) = (fc.load(n) for n in ("world_pct_gdp", "wdi_series",
                                                                             "remittances_paid"))
    base = since or base_years(fc)[1]
    kf = rm.key_figures(world, wdi, base, paid=paid) | {"paid_label": label_of(fc, paid_prov)}
    lines = rm.key_facts(kf, base, names(fc), fc.lang, fc.t)
    basis = fc.t("remit.facts_basis", vintage=kf["vintage"], n=fmt_number(kf["n"], fc.lang))
    return Facts(lines, basis, [world_prov, paid_prov])


# ---- world ranking ------------------------------------------------------------------------------------------------

def rank_years(fc: FigureContext, vintage: str = VINTAGE) -> tuple[list[int], int]:
    """The years one can rank in a vintage (oldest first) and the default: the latest broadly covered year."""
    world, key = fc.load("world_pct_gdp")[0], vintage_of(fc, vintage)
    return sorted(rm.rank_years(world, key)), rm.broad_year(world, key)


def _ranked(fc: FigureContext, year: int | None, vintage: str) -> tuple[pd.DataFrame, int, str]:
    """Economies ranked in a year (the latest broadly covered one by default) of a vintage."""
    world, key = fc.load("world_pct_gdp")[0], vintage_of(fc, vintage)
    years, default = rank_years(fc, vintage)
    year = year if year in years else default
    return rm.ranks(world, key, year), year, key


def ranking(fc: FigureContext, year: int | None = None, vintage: str = VINTAGE, top: int = rm.TOP_N) -> Chart:
    """The world's most remittance-dependent economies in a year, with Central Asian countries ranked below the top.

    top: how many economies lead the chart (the presenter's story shows ten, so its labels stay legible on a projector).
    """
    ranked, year, key = _ranked(fc, year, vintage)
    world_prov, t, named = fc.load("world_pct_gdp")[1], fc.t, names(fc)
    bars = rm.rank_labels(rm.labelled(rm.ranking_view(ranked, top), named, rm.flag_notes("pct", key, t)), fc.lang, t)
    fig = ranking_bars(bars, title=t("remit.rank.title", top=top, year=year), x_title=t("remit.rank.axis"),
                       value_hover=t("remit.rank.hover", value="%{x:.2f}"), colours=COUNTRY_COLOURS)
    table = rm.table(bars, headers(fc, "rank", "n", "iso3", "name", "year", "value", "vintage", "flag",
                                   value=t("remit.rank.axis")), {"flag": flag_words(fc)})
    summary = rm.rank_summary(bars, ranked, year, fc.lang, t, top)
    # the lines: the summary, then the other Central Asian countries in the top, most dependent first
    others = rm.in_top(ranked, CENTRAL_ASIA, top)[1:]
    lines = rm.rank_lines(ranked, named, year, fc.lang, t, codes=others)
    return Chart(key="remit_rank", figure=fig, table=table, provs=[world_prov], summary=summary,
                 filename=f"remittances_rank_{year}_{key}", computed=key == vintage_of(fc, "latest"),
                 lines=tuple([summary, *lines][:3]))


def ranking_words(fc: FigureContext, year: int | None = None, vintage: str = VINTAGE) -> tuple[list[str], str]:
    """Each Central Asian country's rank in words, and what the ranking rests on."""
    ranked, year, _ = _ranked(fc, year, vintage)
    lines = rm.rank_lines(ranked, names(fc), year, fc.lang, fc.t)
    return lines, fc.t("remit.rank.basis", n=fmt_number(len(ranked), fc.lang), year=year, top=rm.TOP_N)


# ---- where the money comes from -----------------------------------------------------------------------------------

def money_sources(fc: FigureContext) -> Chart:
    """Each country's modelled inflows split by sending country (World Bank/KNOMAD), said to be modelled on the chart."""
    bilateral, prov = fc.load("bilateral_remittances")
    named, t = names(fc), fc.t
    shares = rm.source_view(bilateral, named, fc.lang, t)
    year = int(shares["year"].max())
    fig = share_bars(shares, title=t("remit.src.title", year=year), subtitle=t("remit.src.subtitle"),
                     x_title=t("remit.src.axis"), value_hover=t("remit.src.hover", value="%{x:.1f}"),
                     order=[named[c] for c in FOCUS])
    table = rm.table(shares, headers(fc, "iso3", "name", "source_name", "usd_m", "share", "year"))
    summary = rm.source_summary(shares, named, fc.lang, t)
    return Chart(key="remit_src", figure=fig, table=table, provs=[prov], summary=summary,
                 filename="remittances_by_source_modelled", note=t("remit.note.modelled", year=year),
                 lines=(summary, t("remit.src.gap").split(". ")[0] + ".", t("remit.src.line_modelled", year=year)))


# ---- cost of sending ----------------------------------------------------------------------------------------------

def _cost_frames(fc: FigureContext):
    """The corridors from Russia and the yearly averages, labelled, with their sources and one shared axis top."""
    (corr, corr_prov), (avg, avg_prov) = fc.load("corridor_costs"), fc.load("cost_by_country")
    named = names(fc)
    corridors, averages = rm.corridor_view(corr, named, fc.t, fc.lang), rm.average_view(avg, named, fc.t, fc.lang)
    top = axis_top(pd.concat([corridors["value"], averages["value"]]), rm.SDG_TARGET)
    others = ", ".join(named[c] for c in rm.other_senders(corr))
    return corridors, corr_prov, averages, avg_prov, top, others


def _cost_args(fc: FigureContext, top: int) -> dict:
    """What both cost charts share: axis, hover, colours, the SDG target line and the y scale."""
    t = fc.t
    return dict(y_title=t("remit.cost.axis"), value_hover=t("remit.cost.hover", value="%{y:.2f}"),
                colours=COUNTRY_COLOURS, target=rm.SDG_TARGET, y_max=top,
                target_label=t("remit.cost.target", value=rm.share_text(rm.SDG_TARGET, fc.lang, 0)))


def corridor_costs(fc: FigureContext) -> Chart:
    """What sending US$200 from Russia cost in each corridor, by quarter, against the SDG 10.c target; on the same
    scale as the average chart, whose difference the note explains."""
    corridors, prov, _, _, top, others = _cost_frames(fc)
    t, first, last = fc.t, corridors.iloc[corridors["x"].argmin()], corridors.iloc[corridors["x"].argmax()]
    title = t("remit.cost.corr_title", end=fmt_quarter(last["year"], last["quarter"], fc.lang))
    subtitle = t("remit.cost.corr_subtitle", amount=t("remit.cost.usd", value=fmt_number(rm.RPW_AMOUNT, fc.lang)),
                 start=fmt_quarter(first["year"], first["quarter"], fc.lang))
    fig = _titled(cost_chart(corridors, title=title, subtitle=subtitle, x_col="x", quarterly=True,
                             **_cost_args(fc, top)))
    table = rm.table(corridors, headers(fc, "sending_iso3", "iso3", "name", "when", "value", value=t("remit.cost.axis")))
    summary = rm.corridor_summary(corridors, names(fc), fc.lang, t)
    note = t("remit.cost.corr_note", others=others)
    return Chart(key="remit_corr", figure=fig, table=table, provs=[prov], summary=summary, note=note,
                 filename="remittance_cost_corridors_from_russia", lines=(summary, note))


def average_costs(fc: FigureContext) -> Chart:
    """The yearly average cost of sending to each country from all senders, and from Russia, on the corridors' scale."""
    _, _, avg, prov, top, others = _cost_frames(fc)
    t = fc.t
    span = rm.span_text(int(avg["year"].min()), int(avg["year"].max()), t)
    fig = _titled(cost_chart(avg, title=t("remit.cost.avg_title", span=span), subtitle=t("remit.cost.avg_subtitle"),
                             dashed_direction="from", **_cost_args(fc, top)))
    table = rm.table(avg, headers(fc, "iso3", "name", "year", "value", "vintage", name=t("remit.col.series"),
                                  value=t("remit.cost.axis")))
    summary = rm.average_summary(avg, fc.lang, t)
    note = t("remit.cost.avg_note", others=others)
    return Chart(key="remit_avg", figure=fig, table=table, provs=[prov], summary=summary, note=note,
                 filename="remittance_cost_by_country", lines=(summary, note))


def _titled(fig):
    """Size a cost chart's title to fit half the page."""
    fig.update_layout(title_font_size=COST_TITLE_SIZE)
    return fig
