"""The indicators page keeps what the user chose, in Chromium: the countries (pills) and the period (select box) right
above the progress chart survive a TIP tab switch, a page switch and back, and a language switch, in the page and in
the address; the first chart is at least half on the first screen at 1440x900 (issue 16)."""
from __future__ import annotations

import pytest

from tests.e2e.helpers import NAV_LINK, address, drawn, settled, switch

TIMEOUT_MS = 60_000
DESKTOP = {"width": 1440, "height": 900}
MAIN = '[data-testid="stMain"]'
FIRST_CHART_JS = """() => { const c = document.querySelector('[data-testid="stMain"] [data-testid="stPlotlyChart"]');
  if (!c) return null; const r = c.getBoundingClientRect();
  return {top: r.top, height: r.height, title: (c.querySelector('.gtitle') || {}).textContent || ''}; }"""


def first_chart(page) -> dict:
    """The first chart's box and title."""
    return page.evaluate(FIRST_CHART_JS)


def active_pills(page, label: str) -> list[str]:
    """The chosen options of the pills labelled `label`."""
    group = page.locator(f'{MAIN} [data-testid="stButtonGroup"]').filter(has_text=label).first
    return [b.inner_text().strip() for b in group.locator('button[aria-pressed="true"]').all()]


def choose(page, label: str, option: str) -> None:
    """Open the select box labelled `label` (one click) and choose an option (one click)."""
    page.locator(f'{MAIN} [data-testid="stSelectbox"]').filter(has_text=label).first.click()
    page.get_by_role("option", name=option, exact=True).click()


def selected(page, label: str) -> str:
    """The value a select box shows."""
    box = page.locator(f'{MAIN} [data-testid="stSelectbox"]').filter(has_text=label).first
    return box.locator('input[role="combobox"]').input_value().strip()


def test_countries_and_period_hold_across_a_tip_tab_a_page_switch_and_a_language_switch(browse):
    page, server, blocked = browse
    page.goto(server.url("indicators", lang="en", example="1"))
    drawn(page)
    assert first_chart(page)["title"].startswith("Progress against target, 2025")

    page.locator(f'{MAIN} [data-testid="stButtonGroup"]').filter(has_text="Countries").first.get_by_role(
        "button", name="Kazakhstan").click()  # A: one click takes a country off
    settled(page, c="KGZ,TJK,TKM,UZB")
    choose(page, "Period", "2024")  # B: two clicks
    settled(page, c="KGZ,TJK,TKM,UZB", period="2024")
    assert first_chart(page)["title"].startswith("Progress against target, 2024")

    page.get_by_role("tab", name="Figures reported").click()  # the TIP tab
    settled(page, tip="figures")
    page.get_by_text("Figures in the TIP Reports of").first.wait_for(timeout=TIMEOUT_MS)

    switch(page, lambda: page.locator(NAV_LINK).filter(has_text="Sources").first.click(), "/sources")  # away
    drawn(page)
    # and back
    switch(page, lambda: page.locator(NAV_LINK).filter(has_text="Project indicators").first.click(), "/indicators")
    settled(page, c="KGZ,TJK,TKM,UZB", period="2024", tip="figures", example="1")
    assert "Kazakhstan" not in active_pills(page, "Countries") and len(active_pills(page, "Countries")) == 4
    assert selected(page, "Period") == "2024" and first_chart(page)["title"].startswith("Progress against target, 2024")

    # the sidebar's language link
    switch(page, lambda: page.get_by_role("link", name="Русский").first.click(), "/indicators")
    settled(page, lang="ru", c="KGZ,TJK,TKM,UZB", period="2024", tip="figures", example="1")
    assert page.locator(f"{MAIN} h1").first.inner_text().strip() == "Показатели проекта"
    assert active_pills(page, "Страны") == ["Кыргызстан", "Таджикистан", "Туркменистан", "Узбекистан"]
    assert selected(page, "Период") == "2024" and first_chart(page)["title"].startswith("Выполнение целевых значений, 2024")
    assert page.locator(f'{MAIN} [role="tab"][aria-selected="true"]').first.inner_text().strip() == "Цифры доклада"
    assert not blocked, blocked


@pytest.mark.parametrize("lang, example, title", [
    ("en", None, "Published results"), ("ru", None, "Опубликованные итоги"),
    ("en", "1", "Progress against target"), ("ru", "1", "Выполнение целевых значений"),
])
def test_the_first_chart_is_at_least_half_on_the_first_screen(browse, lang, example, title):
    page, server, blocked = browse
    page.goto(server.url("indicators", lang=lang, **({"example": example} if example else {})))
    drawn(page)
    box = first_chart(page)
    assert box["title"].startswith(title)
    assert DESKTOP["height"] - box["top"] >= box["height"] / 2, box  # title and at least half the plot in sight
    assert not blocked, blocked
