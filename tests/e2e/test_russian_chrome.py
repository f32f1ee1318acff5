"""Streamlit's and plotly's own words on a Russian page are Russian: chart toolbar, its tooltips, the skip link."""
import re

import pytest

from tests.e2e.helpers import NORMAL_VIEWPORT, READY_JS, offline_handler

LATIN = re.compile(r"[A-Za-z]*[a-z]{2,}[A-Za-z]*")  # words, not acronyms such as PNG
# Each chart toolbar button's tooltip as the reader sees it (plotly draws it from data-title, CSS may replace it).
TOOLTIPS_JS = """() => [...document.querySelectorAll('.modebar-btn')].map(b => {
  const after = getComputedStyle(b, '::after').content;
  return after && after !== 'none' && !after.startsWith('attr') ? after.replace(/^"|"$/g, '') : b.getAttribute('data-title');
})"""
SKIP_JS = """() => { const a = document.querySelector('[data-testid="stSkipToContent"]');
  return a ? getComputedStyle(a, '::after').content.replace(/^"|"$/g, '') : null; }"""


@pytest.mark.parametrize("path", ["remittances", "migration"])
def test_a_russian_pages_chart_toolbar_and_skip_link_speak_russian(chromium, app_server, path):
    blocked = []
    context = chromium.new_context(viewport=NORMAL_VIEWPORT)
    context.route("**/*", offline_handler(blocked))
    page = context.new_page()
    try:
        page.goto(app_server.url(path, lang="ru"))
        page.wait_for_function(READY_JS, timeout=60_000)
        page.locator('[data-testid="stPlotlyChart"]').first.hover()
        page.wait_for_selector(".modebar-btn", state="attached", timeout=10_000)
        tooltips = page.evaluate(TOOLTIPS_JS)
        assert tooltips and [t for t in tooltips if LATIN.search(t or "")] == []
        assert page.evaluate(SKIP_JS) == "Перейти к основному содержанию"
        assert not blocked
    finally:
        context.close()


def test_an_english_pages_skip_link_and_toolbar_are_left_as_streamlit_writes_them(chromium, app_server):
    context = chromium.new_context(viewport=NORMAL_VIEWPORT)
    page = context.new_page()
    try:
        page.goto(app_server.url("remittances", lang="en"))
        page.wait_for_function(READY_JS, timeout=60_000)
        assert page.evaluate(SKIP_JS) in ("none", "")
    finally:
        context.close()
