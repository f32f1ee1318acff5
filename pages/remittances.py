"""Remittances, one view at a time: dependence over time, world ranking, where the money comes from, cost of sending.

Each view draws its chart first with its controls in sight beside it; the key figures sit beside the dependence chart.
Figures come from the pure builders in figures/remittances.py (the presenter's deck draws the same ones).
"""
import streamlit as st

from figures import FigureContext
from figures import remittances as fr
from geo.countries import FOCUS
from transforms.remittances import COMPARATORS, MEASURES
from ui.cached import built, dataset
from ui.components import gap_note, md_safe, page_header, show
from ui.remittance_sections import bullets, gap_notes, heading, key_figures, vintage_choice
from ui.state import choice, ctx, multiselect, t, value, view, year_range

SPLIT = [2.5, 1]  # the chart's column and the column of its controls and words
loaded: dict = {}  # this run's datasets: the builders share one copy (they never change it) and what is read of it


def load(name: str):
    """A dataset from the one cache, copied once per run rather than at every builder's call."""
    if name not in loaded:
        loaded[name] = dataset(name)
    return loaded[name]


fc = FigureContext(load=load, lang=ctx().lang, t=t)
page_header("remit.title", "remit.intro")


def dependence() -> None:
    """Remittances over time: the measure above the chart; countries, years and vintage beside it, then key figures."""
    main, side = st.columns(SPLIT, gap="medium")
    with main:
        measure = choice("m", t("remit.measure_label"), MEASURES, "pct", kind="segmented",
                         format_func=lambda m: t(f"remit.measure.{m}"))
    with side:
        named = fr.names(fc)
        countries = multiselect("c", t("remit.countries"), FOCUS + COMPARATORS, FOCUS, format_func=named.get,
                                kind="pills", wrap=True)  # every choice in sight, one click each
        years = year_range("years", t("remit.years"), *fr.year_bounds(fc))
        vintage = vintage_choice(fc, shown=measure == "pct")  # kept, not drawn, while another measure shows
    choices = dict(countries=countries, measure=measure, years=years, vintage=vintage)
    with main:
        show(built(fr.dependence, fc, **choices))
        gap_notes(built(fr.dependence_gaps, fc, **choices))
    with side:
        key_figures(fc)


def ranking() -> None:
    """The world ranking of a year: the year above the chart, the vintage and Central Asia's ranks beside it."""
    main, side = st.columns(SPLIT, gap="medium")
    with side:
        vintage = vintage_choice(fc)
    years, default = built(fr.rank_years, fc, vintage=vintage)
    with main:
        year = choice("ry", t("remit.rank.year"), years, default, kind="slider")
        show(built(fr.ranking, fc, year=year, vintage=vintage))
    with side:
        lines, basis = built(fr.ranking_words, fc, year=year, vintage=vintage)
        heading("remit.rank.heading")
        bullets(lines)
        st.caption(md_safe(basis))


def sources() -> None:
    """Where the money comes from: modelled bilateral estimates, said on the chart (full width: its title is long)."""
    show(fr.money_sources(fc))
    gap_note(t("remit.src.gap"))


def costs() -> None:
    """What sending money costs: corridors from Russia and yearly averages side by side, on one scale."""
    left, right = st.columns(2, gap="medium")
    with left:
        show(fr.corridor_costs(fc))
    with right:
        show(fr.average_costs(fc))
    gap_note(t("remit.cost.gap_tkm"))


def keep_the_others(code: str) -> None:
    """Hold the choices of the views not drawn in this run in the link too, so a copied link, a page switch and back or
    the language link reopen every choice (the session keeps them; this writes them to the address)."""
    if code != "dependence":
        value("m", MEASURES, "pct")
        multiselect("c", "", FOCUS + COMPARATORS, FOCUS, shown=False)
        year_range("years", "", *fr.year_bounds(fc), shown=False)
        value("since", *built(fr.base_years, fc))
    vintage = vintage_choice(fc, shown=False)
    if code != "ranking":
        value("ry", *built(fr.rank_years, fc, vintage=vintage))


SECTIONS = {"dependence": dependence, "ranking": ranking, "sources": sources, "costs": costs}
code, box = view("view", {c: t(f"remit.view.{c}") for c in SECTIONS}, "dependence")
with box:
    SECTIONS[code]()
keep_the_others(code)
