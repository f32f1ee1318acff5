"""Every page, in English and Russian, draws offline in Chromium without errors (presenter mode: test_presenter_deck)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.helpers import (CAPTION_CONTRAST_JS, DIAGNOSE_JS, FULL_HEIGHT_JS, NAV_LINK, NO_HSCROLL_JS, NORMAL_VIEWPORT,
                               PRESENTER_VIEWPORT, READY_JS, TEXT_BLOCKS_JS, citations, english_leaks,
                               offline_handler, page_name, start_server, stop_server)
from ui.i18n import translate
from ui.navigation import PAGES

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(__file__).with_name("screenshots")
DRAW_TIMEOUT_MS = 60_000
# Pages with a country choice are also opened on a country with much data (TJK) and on the one with gaps (TKM).
COUNTRY_VIEWS = (("TJK", "en", "normal"), ("TKM", "ru", "normal"))


def views() -> list[tuple]:
    """Every page in both languages, plus country views of the pages that choose a country (?country= is theirs).

    Presenter mode draws the story's steps instead of pages: tests/e2e/test_presenter_deck.py opens every step.
    """
    out = [(spec, lang, "normal", None) for spec in PAGES for lang in ("en", "ru")]
    for spec in PAGES:
        if "country" in spec.params:
            out += [(spec, lang, mode, iso3) for iso3, lang, mode in COUNTRY_VIEWS]
    return out


VIEWS = views()


def view_id(view) -> str:
    """Name a view like overview-ru-presenter or country-TKM-ru-normal."""
    spec, lang, mode, country = view
    return "-".join(filter(None, (page_name(spec.script), country, lang, mode)))


@pytest.fixture(scope="module")
def cited() -> tuple[str, ...]:
    """Publisher names and dataset titles, which stay in the original language inside source citations."""
    return citations()


def probe(url: str) -> bool:
    """Tell whether a URL is Streamlit's own base-path probe (it tries /<page>/_stcore/... before /_stcore/...)."""
    return url.endswith(("/_stcore/health", "/_stcore/host-config"))


def open_view(chromium, server, spec, lang: str, mode: str, country: str | None = None, tab: str | None = None):
    """Open one view (a page's tab when given) in a fresh context with every non-app request aborted; return
    (context, page, blocked, bad)."""
    blocked: list[str] = []
    bad_responses: list[str] = []
    context = chromium.new_context(viewport=PRESENTER_VIEWPORT if mode == "presenter" else NORMAL_VIEWPORT,
                                   locale="en-US")
    context.route("**/*", offline_handler(blocked))
    page = context.new_page()
    page.on("response", lambda r: r.status >= 400 and not probe(r.url) and bad_responses.append(f"{r.status} {r.url}"))
    params = {"lang": lang, "present": "1" if mode == "presenter" else None, "country": country, "view": tab}
    params = {k: v for k, v in params.items() if v}
    page.goto(server.url(spec.url_path, **params), wait_until="domcontentloaded")
    return context, page, blocked, bad_responses


def wait_drawn(page) -> str | None:
    """Wait until the app finished running and its charts drew; return a diagnosis if it never did."""
    try:
        page.wait_for_function(READY_JS, timeout=DRAW_TIMEOUT_MS, polling=100)
    except Exception:  # noqa: BLE001 - any timeout becomes a readable failure after the screenshot
        return str(page.evaluate(DIAGNOSE_JS))
    page.wait_for_timeout(300)  # let plotly finish its transition frame before the screenshot
    return None


def texts(page, selector: str) -> list[str]:
    """Return the inner text of every element matching selector."""
    return [t.strip()[:300] for t in page.locator(selector).all_inner_texts()]


def screenshot(page, path: Path) -> None:
    """Save the whole page: Streamlit scrolls inside its main area, so grow the viewport to the content first."""
    path.parent.mkdir(exist_ok=True)
    size = page.viewport_size
    height = page.evaluate(FULL_HEIGHT_JS)
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": min(height, 16_000)})
        page.wait_for_timeout(300)  # plotly redraws on resize; newly visible lazy elements load
        wait_drawn(page)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def problems(page, not_drawn, blocked, bad, lang: str, cited) -> list[str]:
    """List everything wrong with a drawn view, so one run reports all of it."""
    found = [f"never finished drawing: {not_drawn}"] if not_drawn else []
    found += [f"request to another host: {url}" for url in blocked]
    found += [f"app answered {line}" for line in bad]
    found += [f"exception box: {text}" for text in texts(page, '[data-testid="stException"]')]
    found += [f"error box: {text}" for text in texts(page, '[data-testid="stAlertContentError"]')]
    width = page.evaluate(NO_HSCROLL_JS)
    if width["doc"] > width["inner"] + 1 or width["main"] > width["mainClient"] + 1:
        found.append(f"horizontal scroll: {width}")
    caption_contrast = page.evaluate(CAPTION_CONTRAST_JS)
    if caption_contrast < 4.5:
        found.append(f"a caption's contrast on white is {caption_contrast:.2f}:1, below WCAG AA")
    if lang == "ru":
        found += [f"English in Russian mode: {leak}" for leak in english_leaks(page.evaluate(TEXT_BLOCKS_JS), cited)]
    return found


@pytest.mark.parametrize("view", VIEWS, ids=view_id)
def test_page_draws_offline_without_errors_or_leaks(chromium, app_server, cited, view):
    """The page draws every chart, shows no exception or error box, fetches nothing off-host, fits the width."""
    spec, lang, mode, country = view
    context, page, blocked, bad = open_view(chromium, app_server, spec, lang, mode, country)
    try:
        not_drawn = wait_drawn(page)
        found = problems(page, not_drawn, blocked, bad, lang, cited)
        screenshot(page, SHOTS / f"{view_id(view).replace('-', '_')}.png")
        assert not found, "\n".join(found)
    finally:
        context.close()


@pytest.mark.parametrize("lang, mode", [("en", "normal"), ("ru", "normal")])
def test_the_migration_flow_map_opens_from_its_link_and_draws_offline(chromium, app_server, cited, lang, mode):
    """/migration?view=flows opens the flow map tab: the app's only pydeck map draws its canvas, offline, cleanly."""
    spec = next(s for s in PAGES if page_name(s.script) == "migration")
    context, page, blocked, bad = open_view(chromium, app_server, spec, lang, mode, tab="flows")
    try:
        found = problems(page, wait_drawn(page), blocked, bad, lang, cited)
        screenshot(page, SHOTS / f"migration_flows_{lang}_{mode}.png")
        deck = page.locator('[data-testid="stDeckGlJsonChart"]')
        assert deck.count() == 1 and deck.locator("canvas").count() >= 1
        assert not found, "\n".join(found)
    finally:
        context.close()


def test_a_control_in_sight_changes_the_chart_and_the_link_with_one_click(chromium, app_server, cited):
    """The migration page's year is a segmented control beside the map: one click, and the map and the address follow."""
    spec = next(s for s in PAGES if page_name(s.script) == "migration")
    context, page, blocked, bad = open_view(chromium, app_server, spec, "en", "normal")
    try:
        assert wait_drawn(page) is None
        page.get_by_test_id("stButtonGroup").get_by_text("2010", exact=True).first.click()
        page.wait_for_url(re.compile(r"year=2010"), timeout=DRAW_TIMEOUT_MS)
        found = problems(page, wait_drawn(page), blocked, bad, "en", cited)
        assert "2010" in page.locator(".gtitle").first.text_content()
        assert not found, "\n".join(found)
    finally:
        context.close()


@pytest.mark.parametrize("tab", ["ranking", "sources", "costs"])
def test_each_remittances_view_opens_from_its_link_and_draws_offline_in_russian(chromium, app_server, cited, tab):
    """/remittances?view=<tab> draws that tab's charts offline, cleanly, with no English left in Russian mode."""
    spec = next(s for s in PAGES if page_name(s.script) == "remittances")
    context, page, blocked, bad = open_view(chromium, app_server, spec, "ru", "normal", tab=tab)
    try:
        found = problems(page, wait_drawn(page), blocked, bad, "ru", cited)
        screenshot(page, SHOTS / f"remittances_{tab}_ru_normal.png")
        assert page.locator('[data-testid="stPlotlyChart"]').count() == (2 if tab == "costs" else 1)
        assert not found, "\n".join(found)
    finally:
        context.close()


def test_deep_links_opened_at_once_on_a_fresh_server_all_get_the_apps_navigation_and_language(chromium):
    """Eight users open /<page>?lang=ru together on a just-started server: each page runs through app.py."""
    server = start_server("app.py")
    contexts = []
    try:
        opened = []
        for i in range(8):
            spec = PAGES[1 + i % (len(PAGES) - 1)]  # deep links only: every page but the first
            contexts.append(chromium.new_context(viewport=NORMAL_VIEWPORT))
            page = contexts[-1].new_page()
            page.goto(server.url(spec.url_path, lang="ru"), wait_until="commit")  # do not wait: arrive together
            opened.append((spec, page))
        wrong = []
        for spec, page in opened:
            wait_drawn(page)
            nav = page.locator(NAV_LINK).all_inner_texts()
            if len(nav) != len(PAGES) or translate(PAGES[-1].title_key, "ru") not in " ".join(nav):
                wrong.append(f"{spec.url_path}: sidebar {[n.splitlines()[-1] for n in nav]}")
                screenshot(page, SHOTS / f"deeplink_{spec.url_path}_{len(wrong)}.png")
        assert not wrong, "ran without app.py (Streamlit's legacy pages/ mode, English): " + "; ".join(wrong)
    finally:
        for context in contexts:
            context.close()
        stop_server(server)
