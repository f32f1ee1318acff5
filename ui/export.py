"""Export buttons: a chart as a 2x PNG with its title and source, and 16:9 slides of the whole story or of this page.

The story's charts are built when the file is asked for (on the click, off the script run), so opening the share box
costs nothing: everything that work needs is captured as plain values, and it reads words and data without the session.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache, partial

import streamlit as st

from charts.theme import fmt_date, headline
from figures.sources import source_line
from geo.countries import name
from ui.i18n import translate
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
    from figures.story import STORY
    from ui.deck import country  # here, not at the top: ui.deck imports ui.navigation, which imports this module

    drawn, lang = list(st.session_state.get(_SLIDES, [])), ctx().lang
    scopes = [s for s in SCOPES if s == "story" or drawn]
    scope = st.segmented_control(t("export.scope"), scopes, format_func=lambda s: t(f"export.scope_{s}"),
                                 default="story", key="slides_scope", required=True) or "story"
    if scope == "story":
        iso3, count = country(), len(STORY)
        build = partial(story_deck, lang, iso3, snapshot)
    else:
        iso3, count = st.query_params.get("country") or "", len(drawn)
        build = partial(page_deck, lang, page.title, drawn, snapshot)
    st.download_button(t("export.slides", n=count + 2), data=lambda: _pptx(build(), lang), mime=PPTX,
                       file_name=slides_name(scope, lang, iso3), key="export_slides", on_click="ignore",
                       icon=":material/slideshow:")


def slides_name(scope: str, lang: str, iso3: str, day: date | None = None) -> str:
    """Name the deck after what it holds, its language, country and the day (no spaces): slides_story_en_KGZ_<date>."""
    parts = [t("export.slides_file"), t(f"export.scope_file_{scope}"), lang, iso3, (day or date.today()).isoformat()]
    return re.sub(r"[^\w.-]+", "_", "_".join(p for p in parts if p)) + ".pptx"


def cover(lang: str, about: str, snapshot: str) -> dict:
    """Return the words of the cover and the closing slide's title."""
    say = partial(translate, lang=lang)
    return {"title": say("app.title"), "sources_title": say("export.sources"),
            "subtitle": (about, say("app.snapshot", date=fmt_date(snapshot, lang)),
                         say("export.cover_exported", date=fmt_date(date.today(), lang)))}


def story_deck(lang: str, iso3: str, snapshot: str) -> dict:
    """Build every step of the story in a language (the country steps for iso3): slides, and each source once."""
    from figures import FigureContext, story
    from geo.boundaries import read_geojson
    from loaders.datasets import load
    from ui.navigation import PAGES

    say = partial(translate, lang=lang)
    fc = FigureContext(load=lru_cache(maxsize=None)(load), lang=lang, t=lambda key, **v: translate(key, lang, **v),
                       country=iso3, geojson=read_geojson)
    titles, when = {p.script: say(p.title_key) for p in PAGES}, fmt_date(snapshot, lang)
    slides, provs = [], []
    for step in story.STORY:
        chart = story.build(step, fc)
        title, subtitle = headline(chart.figure)
        provs += chart.provs
        slides.append({"title": title, "subtitle": subtitle, "figure": chart.figure, "notes": tuple(chart.lines),
                       "source": say("source.label") + ": " + source_line(chart.provs, chart.computed, lang),
                       "footer": say("export.footer", page=titles.get(step.page, ""), snapshot=when)})
    about = say("export.cover_story", n=len(slides), country=name(iso3, lang))
    return cover(lang, about, snapshot) | {"slides": slides,
                                           "sources": [source_line([p], False, lang) for p in dict.fromkeys(provs)]}


def page_deck(lang: str, page_title: str, drawn: list[dict], snapshot: str) -> dict:
    """The charts the page drew, each with the source line it showed."""
    footer = translate("export.footer", lang, page=page_title, snapshot=fmt_date(snapshot, lang))
    slides = [dict(item, title=headline(item["figure"])[0] or item["title"], subtitle=headline(item["figure"])[1],
                   footer=footer) for item in drawn]
    about = translate("export.cover_page", lang, page=page_title, n=len(slides))
    return cover(lang, about, snapshot) | {"slides": slides,
                                           "sources": list(dict.fromkeys(item["source"] for item in drawn))}


def _png(fig, source: str) -> bytes:
    """Render the PNG (imported here: Kaleido and python-pptx load only when someone exports)."""
    from reports.slides import figure_png

    return figure_png(fig, source)


def _pptx(spec: dict, lang: str) -> bytes:
    """Build the PPTX deck (imported here for the same reason)."""
    from reports.slides import Deck, Slide, build_deck

    slides = [Slide(s["title"], s["figure"], s["source"], s.get("footer", ""), s.get("notes", ()), s.get("subtitle", ""))
              for s in spec["slides"]]
    return build_deck(Deck(spec["title"], spec["subtitle"], slides, spec["sources_title"], spec["sources"]), lang)
