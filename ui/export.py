"""Export buttons: a chart as a 2x PNG with its title and source, and 16:9 slides of the whole story or of this page."""
from __future__ import annotations

import re
from datetime import date

import streamlit as st

from charts.theme import fmt_date, headline
from geo.countries import name
from ui.state import ctx, t

_SLIDES = "_slides"
SCOPES = ("story", "page")  # the presenter's story (figures/story.py), or the charts the current page drew
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def register(title: str, fig, source: str) -> None:
    """Remember a drawn chart so 'Export slides' can include it."""
    st.session_state.setdefault(_SLIDES, []).append({"title": title, "figure": fig, "source": source})


def png_button(fig, source: str, filename: str, key: str) -> None:
    """Offer the chart as a PNG at 2x with title and source, rendered only when clicked."""
    st.download_button(t("export.png"), data=lambda: _png(fig, source), file_name=f"{filename}.png",
                       mime="image/png", key=f"png_{key}", on_click="ignore", icon=":material/image:")


def slides_box(page, snapshot: str) -> None:
    """Offer the slides as a PPTX in this run's language: the whole story or this page's charts, as the user picks."""
    drawn = list(st.session_state.get(_SLIDES, []))
    scopes = [s for s in SCOPES if s == "story" or drawn]
    scope = st.segmented_control(t("export.scope"), scopes, format_func=lambda s: t(f"export.scope_{s}"),
                                 default="story", key="slides_scope", required=True) or "story"
    if scope == "story":
        from ui.deck import country  # here, not at the top: ui.deck imports ui.navigation, which imports this module

        iso3 = country()
        slides, sources = story_slides(iso3, snapshot)
        about = t("export.cover_story", n=len(slides), country=name(iso3, ctx().lang))
    else:
        iso3 = st.query_params.get("country") or ""
        footer = t("export.footer", page=page.title, snapshot=fmt_date(snapshot, ctx().lang))
        slides = [dict(item, title=headline(item["figure"])[0] or item["title"], subtitle=headline(item["figure"])[1],
                       footer=footer) for item in drawn]
        sources = list(dict.fromkeys(item["source"] for item in drawn))
        about = t("export.cover_page", page=page.title, n=len(slides))
    deck = {"title": t("app.title"), "sources_title": t("export.sources"), "slides": slides, "sources": sources,
            "subtitle": (about, t("app.snapshot", date=fmt_date(snapshot, ctx().lang)),
                         t("export.cover_exported", date=fmt_date(date.today(), ctx().lang)))}
    lang = ctx().lang
    st.download_button(t("export.slides", n=len(slides) + 2), data=lambda: _deck(deck, lang), mime=PPTX,
                       file_name=slides_name(scope, lang, iso3), key="export_slides", on_click="ignore",
                       icon=":material/slideshow:")


def slides_name(scope: str, lang: str, iso3: str) -> str:
    """Name the deck after what it holds, its language, country and today's date (no spaces)."""
    parts = [t("export.slides_file"), t(f"export.scope_file_{scope}"), lang, iso3, date.today().isoformat()]
    return re.sub(r"[^\w.-]+", "_", "_".join(p for p in parts if p)) + ".pptx"


def story_slides(iso3: str, snapshot: str) -> tuple[list[dict], list[str]]:
    """Build every step of the story in this run's language: the slides, and each source once for the closing slide."""
    from figures import story
    from ui.components import source_line
    from ui.deck import figure_context
    from ui.navigation import PAGES

    titles = {p.script: t(p.title_key) for p in PAGES}
    when = fmt_date(snapshot, ctx().lang)
    slides, provs = [], []
    for step in story.STORY:
        chart = story.build(step, figure_context(iso3))
        provs += chart.provs
        title, subtitle = headline(chart.figure)
        slides.append({"title": title, "subtitle": subtitle, "figure": chart.figure, "notes": tuple(chart.lines),
                       "source": t("source.label") + ": " + source_line(chart.provs, chart.computed),
                       "footer": t("export.footer", page=titles.get(step.page, ""), snapshot=when)})
    return slides, [source_line([p]) for p in dict.fromkeys(provs)]


def _png(fig, source: str) -> bytes:
    """Render the PNG (imported here: Kaleido and python-pptx load only when someone exports)."""
    from reports.slides import figure_png

    return figure_png(fig, source)


def _deck(spec: dict, lang: str) -> bytes:
    """Build the PPTX deck (imported here for the same reason)."""
    from reports.slides import Deck, Slide, build_deck

    slides = [Slide(s["title"], s["figure"], s["source"], s.get("footer", ""), s.get("notes", ()), s.get("subtitle", ""))
              for s in spec["slides"]]
    deck = Deck(spec["title"], spec["subtitle"], slides, spec["sources_title"], spec["sources"])
    return build_deck(deck, lang)
