"""The migration page in English and Russian, view by view: controls in sight that hold, figures of the UN's 2024
revision for women and men against the file, totals that add up, and no English on the Russian page."""
import re
from functools import cache

import pandas as pd
import pytest

from geo.countries import name
from tests.apptest_helpers import array, open_page, specs, title_of, visible_texts

PAGE = "pages/migration.py"
RAW = "data/migration/ims2024_bilateral_by_sex.csv"
ALLOWED_LATIN = {"ISO", "KNOMAD", "US"}  # codes and proper names that stay Latin in Russian too
# What each view draws: (plotly charts, flow maps, data grids). Only the chosen view is drawn.
DRAWS = {"map": (1, 0, 0), "flows": (0, 1, 0), "destinations": (1, 0, 0), "partners": (1, 0, 1), "trends": (3, 0, 0),
         "labour": (1, 0, 0)}
# The controls each view draws right above its chart.
CONTROLS = {"map": {"country", "dir", "year", "sex"}, "flows": {"country", "dir", "year", "sex", "all"},
            "destinations": {"year", "sex"}, "partners": {"country", "dir", "year", "sex", "allc"},
            "trends": {"country", "sex"}, "labour": {"country"}}
LABELS = {"en": ["Map", "Flow map", "Main destinations", "Partners and corridors", "Trends since 1990",
                 "Labour migration to Russia"],
          "ru": ["Карта", "Карта потоков", "Основные направления", "Партнёры и коридоры", "Динамика с 1990 г.",
                 "Трудовая миграция в Россию"]}


@cache
def opened(lang: str, view: str | None = None, **params: str):
    """The page opened from a link in a language, on a view (the default when None); shared by read-only tests."""
    return open_page({"lang": lang} | ({"view": view} if view else {}) | params, PAGE)


@cache
def raw() -> pd.DataFrame:
    """The snapshot file."""
    return pd.read_csv(RAW)


def drawn(at) -> tuple[int, int, int]:
    """Count the plotly charts, flow maps and data grids a run drew."""
    return len(at.get("plotly_chart")), len(at.get("deck_gl_json_chart")), len(at.dataframe)


def controls(at) -> set[str]:
    """The URL names of the controls drawn (widget keys url_<name>)."""
    keys = [w.key for kind in ("selectbox", "button_group", "toggle") for w in at.get(kind) if w.key]
    return {k.removeprefix("url_") for k in keys if k and k.startswith("url_")}


def texts(at) -> str:
    """Every markdown and caption of a run, as one text."""
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


@pytest.mark.parametrize("lang, title", [("en", "Migration corridors"), ("ru", "Миграционные коридоры")])
@pytest.mark.parametrize("view", DRAWS)
def test_each_view_opens_from_its_link_and_draws_its_charts_and_controls_without_errors(view, lang, title):
    at = opened(lang, view)
    assert not at.exception and not at.error
    assert at.title[0].value == title
    assert drawn(at) == DRAWS[view]
    assert controls(at) == CONTROLS[view]
    assert at.query_params.get("view") == (None if view == "map" else view)  # the default stays out of the link


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("sex", ["female", "male"])
@pytest.mark.parametrize("view", ["map", "flows", "destinations", "partners", "trends"])
def test_every_un_desa_view_draws_for_women_and_for_men_in_both_languages(view, sex, lang):
    at = opened(lang, view, sex=sex)
    assert not at.exception and not at.error and drawn(at) == DRAWS[view]
    assert at.button_group(key="url_sex").value == sex and at.query_params["sex"] == sex


def test_a_link_without_a_view_draws_only_the_map_in_the_latest_year():
    at = opened("en")
    assert drawn(at) == DRAWS["map"] and not at.warning
    assert title_of(specs(at)[0]) == f"Where people born in {name('UZB')} lived, 2024"
    assert at.button_group(key="url_year").value == 2024
    assert at.button_group(key="url_year").options == ["1990", "1995", "2000", "2005", "2010", "2015", "2020", "2024"]


def test_an_unknown_view_in_a_link_is_said_and_the_map_shown():
    at = opened("en", "sankey")
    assert len(at.warning) == 1 and "view=sankey" in at.warning[0].value
    assert drawn(at) == DRAWS["map"] and "view" not in at.query_params


@pytest.mark.parametrize("lang", LABELS)
def test_the_tabs_are_labelled_in_the_pages_language(lang):
    assert [tab.label for tab in opened(lang).tabs] == LABELS[lang]


@pytest.mark.parametrize("sex, column", [("all", "value"), ("female", "female"), ("male", "male")])
def test_the_2024_count_of_uzbekistan_born_people_in_russia_on_the_page_equals_the_file(sex, column):
    expected = raw().query("origin_iso3 == 'UZB' and destination_iso3 == 'RUS' and year == 2024")[column].item()
    assert {"all": 778041, "female": 368966, "male": 778041 - 368966}[sex] == expected  # UN DESA IMS 2024
    bars = specs(opened("en", "partners", sex=sex))[0]
    assert bars["data"][0]["y"][0] == "Russia" and array(bars["data"][0]["x"])[0] == expected


def test_kazakhstans_2020_immigrant_total_on_screen_equals_the_sum_of_its_rows():
    rows = raw().query("destination_iso3 == 'KAZ' and year == 2020")
    assert rows["value"].sum() == 1990268 and "OOO" in set(rows["origin_iso3"])
    at = opened("en", None, country="KAZ", dir="in", year="2020")
    assert "Immigrants living in Kazakhstan in 2020: 1,990,268 (including" in texts(at)
    assert "of other or unknown origin" in texts(at)


def test_the_revision_is_said_once_on_the_map_and_on_the_trends_with_both_figures():
    for view in ("map", "trends"):
        said = [t for t in texts(opened("en", view)).split("\n") if "2,558,907" in t]
        assert len(said) == 1 and "2,558,907" in said[0] and "1,635,008" in said[0] and "census round" in said[0]
    assert "2,558,907" not in texts(opened("en", "partners")) and "2,558,907" not in texts(opened("en", "flows"))


def test_the_revision_comparison_opens_with_the_same_table_as_the_sources_page():
    at = open_page({"lang": "ru"}, PAGE)
    at.session_state["mig_revision"] = True
    at.run()
    table = next(m.value for m in at.markdown if m.value.startswith("| Страна |"))
    rows = table.splitlines()[2:]
    assert [r.split("|")[1].strip() for r in rows] == ["Казахстан", "Кыргызстан", "Таджикистан", "Туркменистан",
                                                      "Узбекистан", "Россия"]
    assert "4 203 899" in rows[0].replace("\u00a0", " ") and "3 029 566" in rows[0].replace("\u00a0", " ")


@pytest.mark.parametrize("view", DRAWS)
def test_russian_mode_shows_no_english_words_in_titles_text_and_chart_labels(view):
    words = visible_texts(opened("ru", view))
    at = opened("ru", view)
    words += [w.label for kind in ("selectbox", "button_group", "toggle") for w in at.get(kind)]
    words += [o for w in at.get("button_group") for o in w.options]
    for spec in specs(at):
        words += [spec["layout"].get("legend", {}).get("title", {}).get("text", "")]
        words += [re.sub(r"%\{[^}]*\}|<[^>]*>", " ", str(tr.get("hovertemplate", ""))) for tr in spec["data"]]
    latin = {w for text in words for w in re.findall(r"[A-Za-z]{3,}", str(text))} - ALLOWED_LATIN
    assert not latin


def test_russian_mode_formats_numbers_with_russian_separators():
    summary = next(m.value for m in opened("ru").markdown if "г." in m.value and "Уроженцы" in m.value)
    assert re.search(r"\d[\s\u00a0]\d{3}", summary) and not re.search(r"\d,\d{3}", summary)
    assert "больше всего — в России" in summary.replace("\u00a0", " ")


def test_the_corridor_table_never_holds_a_null_the_grid_would_show_as_none():
    for year in ("2010", "2024"):
        grid = opened("en", "partners", year=year, allc="1").dataframe[0].value
        assert not grid.isna().any().any()


URL = {"lang": "en", "country": "KGZ", "dir": "in", "year": "2010", "sex": "female", "all": "1", "allc": "1"}


@cache
def linked(view: str | None = None):
    """A view opened from a shared link that sets every control of the page."""
    return open_page(URL | ({"view": view} if view else {}), PAGE)


def test_a_link_sets_the_controls_shared_by_every_view():
    at = linked()
    assert at.selectbox(key="url_country").value == "KGZ"
    assert at.button_group(key="url_dir").value == "in"
    assert at.button_group(key="url_year").value == 2010
    assert at.button_group(key="url_sex").value == "female"


def test_a_link_sets_the_toggles_of_the_flow_map_and_of_the_corridor_table():
    assert linked("flows").toggle(key="url_all").value is True
    assert linked("partners").toggle(key="url_allc").value is True


def test_a_link_sets_what_the_charts_show():
    assert title_of(specs(linked())[0]) == "Where immigrant women living in the Kyrgyz Republic were born, 2010"
    bars = specs(linked("partners"))[0]
    rows = raw().query("destination_iso3 == 'KGZ' and year == 2010")
    assert bars["data"][0]["type"] == "bar" and array(bars["data"][0]["x"])[0] == rows["female"].max()


def test_a_link_sets_the_flow_maps_title_for_all_five_countries():
    bold = [m.value for m in linked("flows").markdown]
    assert "**Immigrant corridors into the five Central Asian countries (women), 2010**" in bold


@pytest.mark.parametrize("view", [None, "flows", "partners", "labour"])
def test_the_link_is_kept_in_the_address_after_the_run_whichever_view_is_open(view):
    at = linked(view)
    expected = {k: v for k, v in URL.items() if k != "lang"} | ({"view": view} if view else {})
    assert {k: at.query_params[k] for k in expected} == expected


def test_the_issues_scenario_country_then_year_then_flow_map_then_another_page_and_back_then_russian():
    at = open_page({"lang": "en"}, PAGE)
    at.selectbox(key="url_country").select("KGZ").run()
    at.button_group(key="url_year").set_value(2010).run()
    assert (at.query_params["country"], at.query_params["year"]) == ("KGZ", "2010")
    at.session_state["tabs_view_en"] = "Flow map"
    at.run()
    assert at.button_group(key="url_year").value == 2010 and at.selectbox(key="url_country").value == "KGZ"
    assert "**Emigrant corridors from the Kyrgyz Republic, 2010**" in [m.value for m in at.markdown]
    at.switch_page("pages/overview.py")
    at.query_params.clear()  # the sidebar's page links carry no page parameters
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception and drawn(at) == DRAWS["flows"]
    assert at.selectbox(key="url_country").value == "KGZ" and at.button_group(key="url_year").value == 2010
    held = {"country": "KGZ", "year": "2010", "view": "flows"}
    assert {k: at.query_params[k] for k in held} == held
    # AppTest cannot change the language of a running session: open what the sidebar's language link opens, this
    # view's parameters with lang=ru (ui.state.linked_params; the browser test clicks the link itself).
    ru = open_page({k: at.query_params[k] for k in at.query_params} | {"lang": "ru"}, PAGE)
    assert ru.selectbox(key="url_country").value == "KGZ" and ru.button_group(key="url_year").value == 2010
    assert "**Коридоры эмиграции: Кыргызстан, 2010**" in [m.value for m in ru.markdown]


def test_a_country_chosen_by_a_map_click_keeps_the_open_view():
    at = open_page({"lang": "en", "view": "flows"}, PAGE)
    at.session_state["url_country"] = "TJK"  # what ui.migration_sections.choose_clicked does on a click
    at.run()
    assert at.query_params["country"] == "TJK" and at.query_params["view"] == "flows"
    assert drawn(at) == DRAWS["flows"] and "**Emigrant corridors from Tajikistan, 2024**" in [m.value for m in at.markdown]


def test_choosing_another_tab_draws_it_and_writes_it_into_the_link_with_the_other_controls():
    at = open_page({"lang": "en", "country": "KAZ", "sex": "male"}, PAGE)
    at.session_state["tabs_view_en"] = "Trends since 1990"
    at.run()
    assert drawn(at) == DRAWS["trends"]
    assert (at.query_params["view"], at.query_params["country"], at.query_params["sex"]) == ("trends", "KAZ", "male")
    assert title_of(specs(at)[0]) == "People born in each Central Asian country living abroad (men), 1990–2024"
