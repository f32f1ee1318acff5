"""Streamlit pieces of the remittances page: the vintage choice, lists of sentences, gap notes, the key figures."""
from __future__ import annotations

import streamlit as st

from figures import FigureContext
from figures import remittances as fr
from ui.cached import built
from ui.components import gap_note, md_safe, source_footer
from ui.state import choice, t, value


def vintage_choice(fc: FigureContext, shown: bool = True) -> str:
    """The % of GDP vintage, read from the data, as pills bound to ?v= (they wrap in a narrow column); it serves the
    dependence chart and the ranking. shown=False keeps the choice without drawing it. Return "latest" or "official"."""
    found = fr.vintages(fc)
    if not shown:
        return value("v", list(found), "latest")
    return choice("v", t("remit.vintage_label"), list(found), "latest", kind="pills", wrap=True,
                  help=t("remit.vintage_help"), format_func=lambda v: t(f"remit.vintage.{v}", vintage=found[v]))


def heading(key: str) -> None:
    """A small heading for a block beside a chart (a page-size heading would push the chart down)."""
    st.markdown(f"**{md_safe(t(key))}**")


def bullets(lines: list[str]) -> None:
    """Draw sentences as one bulleted list (escaped: "US$ … US$" must not read as maths)."""
    st.markdown("\n".join(f"- {md_safe(line)}" for line in lines))


def gap_notes(notes: list[str]) -> None:
    """Say each gap on screen, in turn."""
    for note in notes:
        gap_note(note)


def key_figures(fc: FigureContext) -> None:
    """The key figures in words with the base year of their changes, what they rest on and their sources (a stale
    copy of any of them, Russia's outflow included, brings the stale notice)."""
    heading("remit.facts_heading")
    years, default = built(fr.base_years, fc)
    since = choice("since", t("remit.since"), years, default, kind="select")
    facts = built(fr.key_figures, fc, since=since)
    bullets(facts.lines)
    st.caption(md_safe(facts.basis))
    source_footer(facts.provs)
