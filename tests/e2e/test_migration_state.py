"""The migration page keeps what the user chose, in Chromium (issue 16's scenario): Country = Kyrgyz Republic, then
Year = 2010, then the Flow map tab, then another page and back, then Russian: country, year and tab all hold, in the
page and in the address. Every tab's chart is on the first screen at 1440x900, in English and Russian, offline."""
from __future__ import annotations

import pytest

from tests.e2e.helpers import NAV_LINK, TEXT_BLOCKS_JS, address, citations, drawn, english_leaks, switch

TIMEOUT_MS = 60_000
DESKTOP = {"width": 1440, "height": 900}
VIEWS = ("map", "flows", "destinations", "partners", "trends", "labour")
CHARTS = '[data-testid="stMain"] [data-testid="stPlotlyChart"], [data-testid="stMain"] [data-testid="stDeckGlJsonChart"]'


def shows(page, text: str) -> None:
    """Wait until a text (a chart's title, a heading) is on the page, then until everything has drawn."""
    page.get_by_text(text, exact=True).first.wait_for(timeout=TIMEOUT_MS)
    drawn(page)


def chosen_year(page) -> str:
    """The year button shown as chosen."""
    return page.locator('.st-key-url_year button[aria-checked="true"]').first.inner_text().strip()


def chosen_country(page) -> str:
    """The country the select box shows."""
    return page.locator('[data-testid="stMain"] [data-testid="stSelectbox"] input').first.input_value().strip()


def selected_tab(page) -> str:
    """The label of the tab shown."""
    return page.locator('[data-testid="stMain"] [role="tab"][aria-selected="true"]').first.inner_text().strip()


def test_country_then_year_then_the_flow_map_then_another_page_and_back_then_russian_all_hold(browse):
    page, server, blocked = browse
    page.goto(server.url("migration", lang="en"))
    shows(page, "Where people born in Uzbekistan lived, 2024")

    page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first.click()  # two clicks: box, option
    page.get_by_role("option", name="Kyrgyz Republic", exact=True).click()
    shows(page, "Where people born in the Kyrgyz Republic lived, 2024")
    assert address(page)["country"] == "KGZ"

    page.locator(".st-key-url_year button", has_text="2010").click()  # one click
    shows(page, "Where people born in the Kyrgyz Republic lived, 2010")
    assert (address(page)["country"], address(page)["year"]) == ("KGZ", "2010")

    page.get_by_role("tab", name="Flow map").click()
    shows(page, "Emigrant corridors from the Kyrgyz Republic, 2010")
    assert chosen_year(page) == "2010" and chosen_country(page) == "Kyrgyz Republic"
    assert address(page) | {"lang": "en"} == {"country": "KGZ", "year": "2010", "view": "flows", "lang": "en"}

    switch(page, lambda: page.locator(NAV_LINK).filter(has_text="Remittances").first.click(), "/remittances")
    drawn(page)
    switch(page, lambda: page.locator(NAV_LINK).filter(has_text="Migration").first.click(), "/migration")
    shows(page, "Emigrant corridors from the Kyrgyz Republic, 2010")
    assert selected_tab(page) == "Flow map" and chosen_year(page) == "2010" and chosen_country(page) == "Kyrgyz Republic"
    assert {k: address(page).get(k) for k in ("country", "year", "view")} == {"country": "KGZ", "year": "2010",
                                                                              "view": "flows"}

    switch(page, lambda: page.get_by_role("link", name="Русский").first.click(), "/migration")
    shows(page, "Коридоры эмиграции: Кыргызстан, 2010")
    assert selected_tab(page) == "Карта потоков" and chosen_year(page) == "2010" and chosen_country(page) == "Кыргызстан"
    assert address(page) == {"country": "KGZ", "year": "2010", "view": "flows", "lang": "ru"}
    assert not blocked, blocked


def test_women_chosen_on_the_map_hold_on_the_main_destinations_tab_and_in_russian(browse):
    page, server, blocked = browse
    page.goto(server.url("migration", lang="en"))
    shows(page, "Where people born in Uzbekistan lived, 2024")
    page.locator(".st-key-url_sex button", has_text="Women").click()
    shows(page, "Where women born in Uzbekistan lived, 2024")
    page.get_by_role("tab", name="Main destinations").click()
    shows(page, "People born in Central Asia by country of residence (women), 2024")
    switch(page, lambda: page.get_by_role("link", name="Русский").first.click(), "/migration")
    shows(page, "Уроженцы Центральной Азии по странам проживания (женщины), 2024")
    assert address(page) == {"sex": "female", "view": "destinations", "lang": "ru"} and not blocked


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_tabs_chart_is_at_least_half_on_the_first_screen_at_1440_by_900(browse, lang):
    page, server, blocked = browse
    for view in VIEWS:
        page.goto(server.url("migration", lang=lang, view=view))
        drawn(page)
        box = page.evaluate("(sel) => document.querySelector(sel).getBoundingClientRect().toJSON()", CHARTS)
        assert box["top"] + box["height"] / 2 <= DESKTOP["height"], (view, lang, box)
        assert page.locator('[data-testid="stException"]').count() == 0
    assert not blocked, blocked


def test_the_map_legend_names_the_chosen_country_the_classes_and_both_greys_in_russian(browse):
    page, server, blocked = browse
    page.goto(server.url("migration", lang="ru", country="TJK"))
    drawn(page)
    legend = page.locator('[data-testid="stPlotlyChart"] .legend').first.text_content()
    for entry in ("Таджикистан (выбранная страна)", "Нет значения в файле ООН", "За пределами региона карты",
                  "классы на логарифмической шкале"):
        assert entry in legend, legend
    assert not blocked, blocked


def test_no_english_on_any_russian_tab_for_women_with_the_revision_comparison_opened(browse):
    page, server, blocked = browse
    for view in VIEWS:
        page.goto(server.url("migration", lang="ru", view=view, sex="female"))
        drawn(page)
        if view in ("map", "trends"):
            page.get_by_text("Что изменила редакция 2024 г. данных ООН о мигрантах").first.click()
            page.get_by_text("За 2020 г. в редакции 2024 г.", exact=False).first.wait_for(timeout=TIMEOUT_MS)
            drawn(page)
        assert english_leaks(page.evaluate(TEXT_BLOCKS_JS), citations()) == [], view
    assert not blocked, blocked
