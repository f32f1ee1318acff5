"""The migration page in English and Russian, view by view: its numbers against the snapshot, and its URL round trip."""
import re
from functools import cache

import pandas as pd
import pytest

from geo.countries import name
from tests.apptest_helpers import array, open_page, specs, title_of, visible_texts

PAGE = "pages/migration.py"
ALLOWED_LATIN = {"ISO3", "KNOMAD", "US"}  # codes and proper names that stay Latin in Russian too
# What each view draws: (plotly charts, flow maps, data grids). Only the chosen view is drawn.
DRAWS = {"map": (1, 0, 0), "flows": (0, 1, 0), "destinations": (1, 0, 0), "partners": (1, 0, 1), "trends": (2, 0, 0),
         "labour": (1, 0, 0)}
LABELS = {"en": ["Map", "Flow map", "Main destinations", "Partners and corridors", "Trends since 1990",
                 "Labour migration to Russia"],
          "ru": ["Карта", "Карта потоков", "Основные направления", "Партнёры и коридоры", "Динамика с 1990 г.",
                 "Трудовая миграция в Россию"]}


@cache
def opened(lang: str, view: str | None = None):
    """The page opened from a link in a language, on a view (the default when None); shared by read-only tests."""
    return open_page({"lang": lang} | ({"view": view} if view else {}), PAGE)


def drawn(at) -> tuple[int, int, int]:
    """Count the plotly charts, flow maps and data grids a run drew."""
    return len(at.get("plotly_chart")), len(at.get("deck_gl_json_chart")), len(at.dataframe)


@pytest.mark.parametrize("lang, title", [("en", "Migration corridors"), ("ru", "Миграционные коридоры")])
@pytest.mark.parametrize("view", DRAWS)
def test_each_view_opens_from_its_link_and_draws_its_charts_without_errors(view, lang, title):
    at = opened(lang, view)
    assert not at.exception
    assert at.title[0].value == title
    assert drawn(at) == DRAWS[view]
    assert at.query_params.get("view") == (None if view == "map" else view)  # the default stays out of the link


def test_a_link_without_a_view_draws_only_the_map():
    at = opened("en")
    assert drawn(at) == DRAWS["map"] and not at.warning
    assert title_of(specs(at)[0]) == f"Where people born in {name('UZB')} lived, 2024"  # the latest year in the data


def test_an_unknown_view_in_a_link_is_said_and_the_map_shown():
    at = opened("en", "sankey")
    assert len(at.warning) == 1 and "view=sankey" in at.warning[0].value
    assert drawn(at) == DRAWS["map"] and "view" not in at.query_params


@pytest.mark.parametrize("lang", LABELS)
def test_the_tabs_are_labelled_in_the_pages_language(lang):
    assert [tab.label for tab in opened(lang).tabs] == LABELS[lang]


def test_the_2024_count_of_uzbekistan_born_people_in_russia_on_the_page_equals_the_snapshot():
    raw = pd.read_csv("data/migration/ims2024_bilateral_by_sex.csv")
    expected = raw.query("origin_iso3 == 'UZB' and destination_iso3 == 'RUS' and year == 2024")["value"].item()
    assert expected == 778041  # UN DESA International Migrant Stock 2024
    bars = specs(opened("en", "partners"))[0]
    assert bars["data"][0]["type"] == "bar"
    assert bars["data"][0]["y"][0] == "Russia" and array(bars["data"][0]["x"])[0] == expected


@pytest.mark.parametrize("view", DRAWS)
def test_russian_mode_shows_no_english_words_in_titles_text_and_chart_labels(view):
    texts = visible_texts(opened("ru", view))
    latin = {w for text in texts for w in re.findall(r"[A-Za-z]{3,}", text)} - ALLOWED_LATIN
    assert not latin


def test_russian_mode_formats_numbers_with_russian_separators():
    summary = next(m.value for m in opened("ru").markdown if "г." in m.value and "уроженцев" in m.value)
    assert re.search(r"\d\s\d{3}", summary) and not re.search(r"\d,\d{3}", summary)


URL = {"lang": "en", "country": "KGZ", "dir": "in", "year": "2010", "all": "1", "allc": "1"}
BOXES = ("pick_country", "pick_dir", "pick_year")  # the controls draw once their buttons are opened


@cache
def linked(view: str | None = None):
    """A view opened from a shared link that sets every control of the page."""
    return open_page(URL | ({"view": view} if view else {}), PAGE, boxes=BOXES)


def test_a_link_sets_the_controls_shared_by_every_view():
    at = linked()
    assert at.selectbox(key="url_country").value == "KGZ"
    assert at.selectbox(key="url_dir").value == "in"
    assert at.selectbox(key="url_year").value == 2010


def test_a_link_sets_the_toggles_of_the_flow_map_and_of_the_corridor_table():
    assert linked("flows").toggle(key="url_all").value is True
    assert linked("partners").toggle(key="url_allc").value is True


def test_a_link_sets_what_the_charts_show():
    assert title_of(specs(linked())[0]) == f"Where immigrants living in {name('KGZ')} were born, 2010"
    bars = specs(linked("partners"))[0]
    raw = pd.read_csv("data/migration/ims2024_bilateral_by_sex.csv").query("destination_iso3 == 'KGZ' and year == 2010")
    assert bars["data"][0]["type"] == "bar" and array(bars["data"][0]["x"])[0] == raw["value"].max()


def test_a_link_sets_the_flow_maps_title_for_all_five_countries():
    bold = [m.value for m in linked("flows").markdown]
    assert "**Immigrant corridors into the five Central Asian countries, 2010**" in bold


@pytest.mark.parametrize("view", [None, "flows", "partners", "labour"])
def test_the_link_is_kept_in_the_address_after_the_run_whichever_view_is_open(view):
    at = linked(view)
    expected = {k: v for k, v in URL.items() if k != "lang"} | ({"view": view} if view else {})
    assert {k: at.query_params[k] for k in expected} == expected


def test_a_controls_button_reads_its_current_choice():
    labels = [p.proto.popover.label for p in linked().get("popover")]
    assert {"Country: Kyrgyz Republic", "Year: 2010"} <= set(labels)


def test_changing_a_control_writes_it_to_the_address():
    at = open_page({"lang": "en"}, PAGE, boxes=("pick_country",))
    at.selectbox(key="url_country").select("TJK").run()
    assert at.query_params["country"] == "TJK"
    assert title_of(specs(at)[0]) == "Where people born in Tajikistan lived, 2024"


def test_a_country_chosen_by_a_map_click_keeps_the_open_view():
    at = open_page({"lang": "en", "view": "flows"}, PAGE)
    at.session_state["url_country"] = "TJK"  # what ui.migration_sections.choose_clicked does on a click
    at.run()
    assert at.query_params["country"] == "TJK" and at.query_params["view"] == "flows"
    assert drawn(at) == DRAWS["flows"] and "**Emigrant corridors from Tajikistan, 2024**" in [m.value for m in at.markdown]


def test_choosing_another_tab_draws_it_and_writes_it_into_the_link_with_the_other_controls():
    at = open_page({"lang": "en", "country": "KAZ"}, PAGE)
    at.session_state["tabs_view_en"] = "Trends since 1990"
    at.run()
    assert drawn(at) == DRAWS["trends"]
    assert at.query_params["view"] == "trends" and at.query_params["country"] == "KAZ"
