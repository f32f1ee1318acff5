"""The Sources page in Chromium: in Russian, with every dataset's details opened, no English is left but the listed
proper names and addresses; in both languages it draws offline, without an error box, within the window's width."""
from __future__ import annotations

import pytest

from tests.e2e.helpers import NO_HSCROLL_JS, READY_JS, TEXT_BLOCKS_JS, offline_handler
from tests.test_page_sources import latin_words, plain

VIEWPORT = {"width": 1440, "height": 900}
DETAILS = '[data-testid="stMain"] [data-testid="stExpander"] summary'


def open_sources(chromium, server, lang: str):
    """Open /sources in a fresh context with every request off this host aborted; return (context, page, blocked)."""
    context = chromium.new_context(viewport=VIEWPORT)
    page = context.new_page()
    blocked: list[str] = []
    page.route("**/*", offline_handler(blocked))
    page.goto(server.url("sources", lang=lang))
    page.wait_for_function(READY_JS, timeout=60_000)
    return context, page, blocked


def open_every_detail(page) -> int:
    """Open every dataset's details (they are drawn with the page; a click only shows them)."""
    summaries = page.locator(DETAILS)
    for i in range(summaries.count()):
        summaries.nth(i).click()
    page.wait_for_timeout(300)
    return summaries.count()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_sources_page_draws_offline_without_an_error_and_fits_the_width(chromium, app_server, lang):
    context, page, blocked = open_sources(chromium, app_server, lang)
    try:
        opened = open_every_detail(page)
        assert opened >= 14, "one details block per dataset"
        assert not page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count()
        assert blocked == [], f"requests to other hosts: {blocked}"
        width = page.evaluate(NO_HSCROLL_JS)
        assert width["doc"] <= width["inner"] + 1 and width["main"] <= width["mainClient"] + 1, width
        table = page.locator('[data-testid="stMain"] table').first.bounding_box()
        assert table and table["y"] < VIEWPORT["height"], "the table of every dataset starts on the first screen"
    finally:
        context.close()


def test_the_russian_sources_page_shows_no_english(chromium, app_server):
    context, page, blocked = open_sources(chromium, app_server, "ru")
    try:
        assert open_every_detail(page) and "Источники" in page.locator("h1").first.inner_text()
        # Icons are drawn from ligatures ("keyboard_arrow_down" shows as an arrow): not words a reader sees.
        page.add_style_tag(content='[data-testid="stIconMaterial"] {display: none !important}')
        blocks = page.evaluate(TEXT_BLOCKS_JS)  # visible text of the main area, details included, code left out
        found = {text[:100]: sorted(words) for text in blocks if (words := latin_words(plain(text)))}
        assert found == {} and blocked == []
    finally:
        context.close()
