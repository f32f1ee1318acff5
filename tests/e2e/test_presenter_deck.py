"""Presenter mode in Chromium: every step of the story fits one screen at 1280x720 and 1920x1080, in English and
Russian, with chart text a room can read, nothing cut or overlapping, and the keyboard moving through the deck.

One browser and the session's app server; each language and size opens the deck once and steps through it with the
keys a clicker sends (ArrowRight and PageDown alternately), so the keys are tested on every step on the way.
Screenshots go to $DECK_SHOTS (default: a pytest temporary folder).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from figures.story import STORY
from tests.e2e.helpers import DIAGNOSE_JS, READY_JS, offline_handler

SIZES = {"1280x720": {"width": 1280, "height": 720}, "1920x1080": {"width": 1920, "height": 1080}}
MIN_CHART_TEXT = 18  # px at 1280x720
DRAW_TIMEOUT_MS = 60_000

# Everything a step shows, measured: scrolling, parts outside the window or on top of each other, chart text sizes
# (font size times the scale plotly applies, e.g. to bar labels it shrinks to fit), chart text outside the chart,
# links whose text is cut.
MEASURE_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]'), se = document.scrollingElement;
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const label = el => el.tagName + ' ' + (el.textContent || '').trim().slice(0, 40);
  const parts = [...document.querySelectorAll('.st-key-deck h1, .st-key-deck_subtitle p, '
    + '.st-key-deck [data-testid="stPlotlyChart"], .st-key-deck ul, .st-key-deck [data-testid="stCaptionContainer"] p, '
    + '.st-key-deck_nav a, .st-key-deck_nav > [data-testid="stElementContainer"] p')].filter(shown);
  const outside = [], overlaps = [];
  const boxes = parts.map(el => [el, el.getBoundingClientRect()]);
  for (const [el, r] of boxes) {
    if (r.top < -0.5 || r.left < -0.5 || r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5)
      outside.push(label(el) + ` [${Math.round(r.left)},${Math.round(r.top)},${Math.round(r.right)},${Math.round(r.bottom)}]`);
  }
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, r] = boxes[i], [b, q] = boxes[j];
    if (a.contains(b) || b.contains(a)) continue;
    if (r.left < q.right - 1 && q.left < r.right - 1 && r.top < q.bottom - 1 && q.top < r.bottom - 1)
      overlaps.push(label(a) + ' / ' + label(b));
  }
  const chart = document.querySelector('.st-key-deck [data-testid="stPlotlyChart"]');
  const frame = chart ? chart.getBoundingClientRect() : null;
  const texts = chart ? [...chart.querySelectorAll('svg text')].filter(t => t.textContent.trim() && shown(t)
    && !t.closest('.hoverlayer')) : [];
  const small = [], cut = [];
  for (const t of texts) {
    const m = t.getScreenCTM(), k = m ? Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)) : 1;
    const px = parseFloat(getComputedStyle(t).fontSize) * k;
    if (px < MIN - 0.05) small.push(`${t.textContent.trim().slice(0, 30)} (${px.toFixed(1)} px)`);
    const r = t.getBoundingClientRect();
    if (r.left < frame.left - 1 || r.right > frame.right + 1 || r.top < frame.top - 1 || r.bottom > frame.bottom + 1)
      cut.push(t.textContent.trim().slice(0, 30));
  }
  const crowded = [];  // chart labels drawn on top of each other
  const rects = texts.map(t => [t, t.getBoundingClientRect()]);
  for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
    const [a, r] = rects[i], [b, q] = rects[j];
    if (a.contains(b) || b.contains(a)) continue;
    const w = Math.min(r.right, q.right) - Math.max(r.left, q.left), h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
    if (w > 2 && h > Math.min(r.height, q.height) * 0.4) crowded.push(a.textContent.trim().slice(0, 25) + ' / ' + b.textContent.trim().slice(0, 25));
  }
  const truncated = [...document.querySelectorAll('.st-key-deck a, .st-key-deck a *')]
    .filter(el => shown(el) && el.scrollWidth > el.clientWidth + 1).map(label);
  return {scroll: se.scrollHeight, mainScroll: main ? main.scrollHeight : 0, mainClient: main ? main.clientHeight : 0,
          inner: innerHeight, charts: document.querySelectorAll('[data-testid="stPlotlyChart"]').length,
          errors: [...document.querySelectorAll('[data-testid="stException"], [data-testid="stAlertContentError"]')]
            .map(e => e.textContent.slice(0, 200)),
          title: (document.querySelector('.st-key-deck h1') || {}).textContent || '',
          outside, overlaps, small, cut, crowded, truncated};
}""".replace("MIN", str(MIN_CHART_TEXT))


def shots_dir(tmp_path_factory) -> Path:
    """Return the folder for the screenshots (outside the repository)."""
    folder = os.environ.get("DECK_SHOTS")
    return Path(folder) if folder else tmp_path_factory.mktemp("deck_shots")


def wait_step(page, n: int, old_title: str | None = None) -> str | None:
    """Wait until the address names step n, the step's title replaced the old one and its chart drew."""
    test = """([n, old]) => { if (new URL(location.href).searchParams.get('step') !== String(n)) return false;
      const h = document.querySelector('.st-key-deck h1'); if (!h || (old !== null && h.textContent === old)) return false;
      return (READY)(); }""".replace("READY", READY_JS)
    try:
        page.wait_for_function(test, arg=[n, old_title], timeout=DRAW_TIMEOUT_MS, polling=100)
    except Exception:  # noqa: BLE001 - a timeout becomes a readable problem
        return str(page.evaluate(DIAGNOSE_JS))
    settle(page)
    return None


# Where every text of the step's chart is: equal in two samples 150 ms apart once plotly's transitions have ended (a
# Sankey that replaces another chart moves its nodes for most of a second after it has drawn).
TEXT_PLACES_JS = """() => [...document.querySelectorAll('.st-key-deck .main-svg text')].map(e => {
  const r = e.getBoundingClientRect(); return Math.round(r.x) + ',' + Math.round(r.y); }).join(';')"""


def settle(page, limit_ms: int = 4000) -> None:
    """Wait until the chart's texts stop moving (at most limit_ms), so what is measured is the final layout."""
    last = None
    for _ in range(limit_ms // 150):
        now = page.evaluate(TEXT_PLACES_JS)
        if now == last:
            return
        last = now
        page.wait_for_timeout(150)


def problems(found: dict, size: str) -> list[str]:
    """List what is wrong with one drawn step."""
    out = [f"error box: {e}" for e in found["errors"]]
    if found["charts"] != 1:
        out.append(f"{found['charts']} charts instead of one")
    if found["scroll"] > found["inner"] or found["mainScroll"] > found["mainClient"] + 1:
        out.append(f"scrolls: document {found['scroll']}, main {found['mainScroll']} > window {found['inner']}")
    out += [f"outside the window: {x}" for x in found["outside"]]
    out += [f"overlapping: {x}" for x in found["overlaps"]]
    out += [f"chart text cut by the chart's edge: {x}" for x in found["cut"]]
    out += [f"chart labels on top of each other: {x}" for x in found["crowded"]]
    out += [f"link text cut: {x}" for x in found["truncated"]]
    if size == "1280x720" and found["small"]:
        out.append(f"{len(found['small'])} chart texts under {MIN_CHART_TEXT} px, e.g. {', '.join(found['small'][:3])}")
    return out


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("size", SIZES)
def test_every_step_fits_one_screen_legibly_and_the_keys_move_through_the_deck(chromium, app_server, tmp_path_factory,
                                                                              size, lang):
    shots, blocked, wrong = shots_dir(tmp_path_factory), [], []
    context = chromium.new_context(viewport=SIZES[size], locale="en-US")
    context.route("**/*", offline_handler(blocked))
    page = context.new_page()
    try:
        page.goto(app_server.url("", present="1", step="1", lang=lang), wait_until="domcontentloaded")
        title = None
        for n in range(1, len(STORY) + 1):
            if n > 1:
                page.keyboard.press("ArrowRight" if n % 2 else "PageDown")
            late = wait_step(page, n, title)
            if late:
                wrong.append(f"step {n} ({STORY[n - 1].id}) never drew after the key: {late}")
                break
            found = page.evaluate(MEASURE_JS)
            title = found["title"]
            page.screenshot(path=str(shots / f"deck_{lang}_{size}_{n:02d}_{STORY[n - 1].id}.png"))
            wrong += [f"step {n} ({STORY[n - 1].id}): {p}" for p in problems(found, size)]
        for key, n in (("ArrowLeft", len(STORY) - 1), ("PageUp", len(STORY) - 2)):
            page.keyboard.press(key)
            late = wait_step(page, n, title)
            wrong += [f"{key} did not go back to step {n}: {late}"] if late else []
            title = page.evaluate(MEASURE_JS)["title"]
        wrong += [f"request to another host: {url}" for url in blocked]
        assert not wrong, f"screenshots in {shots}\n" + "\n".join(wrong)
    finally:
        context.close()


def test_a_link_opens_the_deck_at_its_step_and_country(chromium, app_server):
    """?present=1&step=N&country=TJK opens step N with the country steps about Tajikistan; its keys script is a file."""
    n = next(i for i, step in enumerate(STORY, start=1) if step.country)
    context = chromium.new_context(viewport=SIZES["1280x720"], locale="en-US")
    page = context.new_page()
    scripts: list[str] = []
    page.on("request", lambda r: r.resource_type == "script" and scripts.append(r.url))
    try:
        page.goto(app_server.url("migration", present="1", step=str(n), lang="en", country="TJK"),
                  wait_until="domcontentloaded")
        assert wait_step(page, n) is None
        assert "Tajikistan" in page.locator(".st-key-deck_nav").inner_text()
        assert any(re.search(r"/app/static/deck_keys\.js$", url) for url in scripts)
        assert not page.locator(".st-key-deck script:not([src])").count()  # no inline script (a CSP of 'self' allows it)
    finally:
        context.close()
