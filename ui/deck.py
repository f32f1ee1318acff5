"""Presenter mode as a deck: one step of the story (figures.story) per screen, with Previous / Next and the keyboard.

?present=1&step=N opens step N (from 1) on any page; &country=KGZ makes the country steps that country's. Each step is
a title, one chart that fills what the screen leaves, at most three lines of text, the source line and the way on.
The page itself does not run: app.py draws the step instead. Its look lives in ui.navigation.PRESENTER_CSS and in
charts.theme.presentable (the presenter template).
"""
from __future__ import annotations

import streamlit as st

from charts.theme import headline, presentable
from figures import FigureContext, story
from geo.countries import name
from ui.cached import boundaries_geojson, dataset
from figures.sources import described
from ui.components import md_safe, plotly_config
from ui.navigation import LANGUAGES, PAGES
from ui.state import ctx, safe_echo, set_param, t

STEP = "step"
PARAMS = frozenset({STEP, "country"})  # understood in presenter mode on every page
KEYS_SCRIPT = "/app/static/deck_keys.js"  # arrows and Page Up/Down; a file, so a CSP of 'self' lets it run
MAX_LINES = 3


def country() -> str:
    """Return the country of the country steps: the link's, else the story's default (the first of the six)."""
    return ctx().country or story.DEFAULT_COUNTRY


def script_of(url_path: str) -> str:
    """Return the page script behind a URL path."""
    return next((p.script for p in PAGES if p.url_path == url_path), PAGES[0].script)


def number(url_path: str) -> int:
    """Return the step to draw: ?step=N, else the step of the page and view presenter mode was opened from."""
    raw, total = st.query_params.get(STEP), len(story.STORY)
    if raw is None:
        return story.entry(script_of(url_path), {k: st.query_params.get(k) for k in st.query_params.keys()})
    n = int(raw) if raw.strip().isdigit() and len(raw.strip()) < 4 else 0
    if 1 <= n <= total:
        return n
    st.warning(t("url.ignored", name=STEP, value=safe_echo(raw)))
    return 1


def figure_context(iso3: str) -> FigureContext:
    """Return what the story's builders need: the cached data, this run's words and the deck's country."""
    return FigureContext(load=dataset, lang=ctx().lang, t=t, country=iso3, geojson=boundaries_geojson)


def draw(url_path: str) -> None:
    """Draw one step of the story for the page at url_path (the step's number goes into the link)."""
    n, iso3 = number(url_path), country()
    step = story.STORY[n - 1]
    set_param(STEP, str(n))
    chart = story.build(step, figure_context(iso3))
    with st.container(key="deck"):
        title, subtitle = headline(chart.figure)
        st.title(md_safe(title), anchor=False)
        if subtitle:  # what the chart measures or a caveat: said under the title, as the page says it
            with st.container(key="deck_subtitle"):
                st.markdown(md_safe(subtitle))
        with st.container(key="deck_chart", height="stretch"):
            st.plotly_chart(presentable(chart.figure, ctx().lang), height="stretch", theme=None, key=f"deck_{step.id}",
                            config=plotly_config(f"{step.id}_{iso3}" if step.country else step.id))
        if chart.lines:
            st.markdown("\n".join(f"- {md_safe(line)}" for line in chart.lines[:MAX_LINES]))
        st.caption(md_safe(source_text(chart)))
        nav(n, step, iso3)


def source_text(chart) -> str:
    """Return the step's source line, short enough for a projector: who published which dataset, and what is ours.

    Vintages, licences and access dates stay on the pages and slides, whose source lines cite them in full.
    """
    lang = ctx().lang
    cited = dict.fromkeys(t("presenter.source", publisher=described(p, "publisher", lang),
                            dataset=described(p, "dataset", lang).split(": ")[0]) for p in chart.provs)  # the title
    words = [t("source.label") + ": " + " · ".join(cited) + "."]
    words += [t("presenter.computed")] if chart.computed else []
    words += [t("source.stale")] if any(p.mode == "stale" for p in chart.provs) else []
    note = chart.note if chart.note and chart.note not in chart.lines[:MAX_LINES] else None  # said once is enough
    return ("⚠ " + note + " — " if note else "") + " ".join(words)


def step_params(n: int, iso3: str) -> dict[str, str]:
    """Return the link parameters of step n of the deck."""
    return {"lang": ctx().lang, "present": "1", STEP: str(n), "country": iso3}


def leave_params(step: story.Step, iso3: str) -> dict[str, str]:
    """Return the parameters of the step's own view outside presenter mode (language and country kept)."""
    spec = next((p for p in PAGES if p.script == step.page), PAGES[0])
    kept = {"country": iso3} if "country" in spec.params else {}
    return {"lang": ctx().lang, "present": "0", **kept, **story.page_params(step, iso3)}


def nav(n: int, step: story.Step, iso3: str) -> None:
    """Draw Previous / Next (with the keyboard's script), the position, the way out and the other language."""
    total, other = len(story.STORY), next(code for code in LANGUAGES if code != ctx().lang)
    with st.container(horizontal=True, key="deck_nav", vertical_alignment="center", gap="medium"):
        for key, target, label in (("deck_prev", n - 1, t("app.previous")), ("deck_next", n + 1, t("app.next"))):
            if 1 <= target <= total:
                with st.container(key=key, width="content"):
                    st.page_link(story.STORY[target - 1].page, label=label, query_params=step_params(target, iso3))
        place = t("presenter.position", n=n, total=total)
        if step.country:
            place += " · " + name(iso3, ctx().lang)
        st.markdown(md_safe(place), width="content")
        st.space("stretch")
        st.page_link(step.page, label=t("app.exit_presenter"), icon=":material/close:",
                     query_params=leave_params(step, iso3))
        st.page_link(step.page, label=LANGUAGES[other], icon=":material/translate:",
                     query_params=step_params(n, iso3) | {"lang": other})
        st.html(f'<script src="{KEYS_SCRIPT}"></script>', unsafe_allow_javascript=True, width="content")
