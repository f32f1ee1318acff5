"""The remittances page keeps what the user chose, in Chromium: two controls changed one after the other survive a tab
switch, a page switch and back, and the language link, in the page and in the address; every tab puts its first chart
at least half on the first screen at 1440x900 (issue 16)."""
from __future__ import annotations

import pytest

from tests.e2e.helpers import NAV_LINK, address, drawn, settled, switch

TIMEOUT_MS = 60_000
DESKTOP = {"width": 1440, "height": 900}
MAIN = '[data-testid="stMain"]'
CHARTS_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stPlotlyChart"]')].map(c => {
  const r = c.getBoundingClientRect(); return {top: r.top, height: r.height,
  title: (c.querySelector('.gtitle') || {}).textContent || ''}; })"""
TITLES = {  # the first chart's title on each tab, by language (the start of it)
    "en": {"dependence": "Remittances received, % of GDP", "ranking": "Top 20 economies by remittances received",
           "sources": "Remittances received by sending country", "costs": "Cost of sending from Russia"},
    "ru": {"dependence": "Полученные денежные переводы, % ВВП", "ranking": "20 экономик с наибольшей долей",
           "sources": "Полученные денежные переводы по странам-отправителям",
           "costs": "Стоимость перевода из России по коридорам"}}


def charts(page) -> list[dict]:
    """Every chart's box and title, in page order."""
    return page.evaluate(CHARTS_JS)


def group(page, label: str):
    """The button group (segmented control or pills) labelled `label`."""
    return page.locator(f'{MAIN} [data-testid="stButtonGroup"]').filter(has_text=label).first


def chosen(page, label: str) -> list[str]:
    """The chosen options of a segmented control or pills (single choices are checked, multiple ones pressed)."""
    buttons = group(page, label).locator('button[aria-checked="true"], button[aria-pressed="true"]')
    return [b.inner_text().strip() for b in buttons.all()]


def choose(page, label: str, option: str) -> None:
    """Open the select box labelled `label` (one click) and choose an option (one click; typed first to bring it into
    the list, which draws only the options near the chosen one)."""
    page.locator(f'{MAIN} [data-testid="stSelectbox"]').filter(has_text=label).first.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()


def selected(page, label: str) -> str:
    """The value a select box shows."""
    box = page.locator(f'{MAIN} [data-testid="stSelectbox"]').filter(has_text=label).first
    return box.locator('input[role="combobox"]').input_value().strip()


def tab(page, name: str, title: str, **expected: str) -> None:
    """Click a tab and wait until it has drawn its chart (the address may already hold every expected parameter, so
    the chart's title says the tab's run is done)."""
    page.get_by_role("tab", name=name).click()
    page.wait_for_function("""(start) => { const t = document.querySelector(
        '[data-testid="stMain"] [data-testid="stPlotlyChart"] .gtitle'); return t && t.textContent.startsWith(start); }""",
                           arg=title, timeout=TIMEOUT_MS)
    settled(page, **expected)


def away_and_back(page) -> None:
    """Open another page from the sidebar, then this one again (the sidebar's links carry only the language)."""
    switch(page, lambda: page.locator(NAV_LINK).filter(has_text="Migration").first.click(), "/migration")
    drawn(page)
    switch(page, lambda: page.locator(NAV_LINK).filter(has_text="Remittances").first.click(), "/remittances")


def test_the_measure_and_the_change_since_year_hold_across_a_tab_a_page_and_the_language(browse):
    page, server, blocked = browse
    page.goto(server.url("remittances", lang="en"))
    drawn(page)
    group(page, "Measure").get_by_role("radio", name="US$ received").click()  # A: one click
    settled(page, m="usd")
    choose(page, "Change since", "2010")  # B: two clicks
    settled(page, m="usd", since="2010")
    assert charts(page)[0]["title"].startswith("Remittances received, US$ billions")

    tab(page, "World ranking", "Top 20", view="ranking", m="usd", since="2010")
    away_and_back(page)
    settled(page, view="ranking", m="usd", since="2010")
    tab(page, "Dependence over time", "Remittances received, US$", m="usd", since="2010")
    assert chosen(page, "Measure") == ["US$ received"] and selected(page, "Change since") == "2010"

    # the sidebar's language link
    switch(page, lambda: page.get_by_role("link", name="Русский").first.click(), "/remittances")
    settled(page, lang="ru", m="usd", since="2010")
    assert page.locator(f"{MAIN} h1").first.inner_text().strip() == "Денежные переводы"
    assert chosen(page, "Показатель") == ["Получено, долл. США"] and selected(page, "Изменение с") == "2010"
    assert charts(page)[0]["title"].startswith("Полученные денежные переводы, млрд долл. США")
    assert "% ВВП в 2010 г." in page.locator(MAIN).inner_text().replace("\u00a0", " ")  # the key figures' base year
    assert not blocked, blocked


def test_the_vintage_a_country_and_the_ranking_year_hold_across_tabs_a_page_and_the_language(browse):
    page, server, blocked = browse
    page.goto(server.url("remittances", lang="en", view="ranking"))
    drawn(page)
    group(page, "Vintage for % of GDP").get_by_role("radio", name="Official (2023-05-10)").click()  # A: one click
    settled(page, view="ranking", v="official")
    assert "2021" in charts(page)[0]["title"]  # the official series' latest broadly covered year
    handle = page.locator(f'{MAIN} [data-testid="stSlider"] input[type="range"]').first
    handle.focus()
    handle.press("ArrowLeft")  # B: one key press, as a slider takes it
    settled(page, view="ranking", v="official", ry="2020")
    assert "2020" in charts(page)[0]["title"]

    tab(page, "Dependence over time", "Remittances received, % of GDP", v="official", ry="2020")
    group(page, "Countries and comparators").get_by_role("button", name="Russia").click()  # C: one click off
    settled(page, v="official", ry="2020", c="KAZ,KGZ,TJK,TKM,UZB")
    away_and_back(page)
    settled(page, v="official", ry="2020", c="KAZ,KGZ,TJK,TKM,UZB")
    assert "Russia" not in chosen(page, "Countries and comparators")
    assert chosen(page, "Vintage for % of GDP") == ["Official (2023-05-10)"]

    switch(page, lambda: page.get_by_role("link", name="Русский").first.click(), "/remittances")
    settled(page, lang="ru", v="official", ry="2020", c="KAZ,KGZ,TJK,TKM,UZB")
    assert "Россия" not in chosen(page, "Страны и ориентиры для сравнения")
    tab(page, "Мировой рейтинг", "20 экономик", view="ranking", v="official", ry="2020")
    assert chosen(page, "Версия данных для доли в ВВП") == ["Официальная (2023-05-10)"]
    assert "2020" in charts(page)[0]["title"]
    assert not blocked, blocked


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("view", ["dependence", "ranking", "sources", "costs"])
def test_every_tab_puts_its_chart_at_least_half_on_the_first_screen(browse, lang, view):
    page, server, blocked = browse
    page.goto(server.url("remittances", lang=lang, view=view))
    drawn(page)
    shown = charts(page)
    assert shown and shown[0]["title"].startswith(TITLES[lang][view]), shown
    for box in shown[:2 if view == "costs" else 1]:  # the cost tab's two charts sit side by side
        assert DESKTOP["height"] - box["top"] >= box["height"] / 2, box
    if view == "costs":
        assert shown[0]["top"] == shown[1]["top"]
    assert not blocked, blocked
