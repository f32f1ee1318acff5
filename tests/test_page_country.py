"""The country page under AppTest: every view opened from its link in both languages, the country in a select box in
sight, the ten key figures, held-out figures exactly as in the data, the URL round trip, the same PDF brief whichever
view is open, Turkmenistan's official value and gaps, tables without None or nan, the index, bad links."""
import json
import re
from functools import lru_cache

import pytest
from streamlit.testing.v1 import AppTest

from reports import brief
from tests.apptest_helpers import APP, array, open_page, specs, title_of
from ui.i18n import translate

PAGE = "pages/country.py"
# Charts each view draws for the Kyrgyz Republic: dependence; map, destinations, origins; corridor cost; tiers, law.
CHARTS = {"remittances": 1, "migration": 3, "costs": 1, "trafficking": 2, "results": 0, "gaps": 0}
TABS_RU = ["Денежные переводы", "Миграция", "Стоимость перевода", "Торговля людьми", "Результаты проекта", "Пробелы в данных"]
# Proper names, codes, the licence (CC BY) and Roman quarter numbers (III кв.) stay Latin in Russian text.
LATIN_OK = {"USAID", "SMICA", "Winrock", "International", "Remittance", "Prices", "Worldwide", "TIP", "COVID", "PDF", "A4",
            "WDI", "CC", "BY", "I", "II", "III", "IV", "ISO3"}
TABLES = ("country_dep", "country_map", "country_out", "country_in", "country_cost", "country_tiers", "country_law")


@lru_cache(maxsize=None)
def viewed(lang: str, iso3: str, view: str | None = None, tables: bool = False) -> AppTest:
    """A page run shared by the tests that only read it (AppTest runs are the slow part)."""
    return open_page({"lang": lang, "country": iso3, **({"view": view} if view else {})}, PAGE,
                     tables=TABLES if tables else ())


def param(at: AppTest, name: str):
    """Read a URL parameter as a plain string."""
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def cards(at) -> list[str]:
    """The key-figure cards: Markdown blocks that open with the small label line."""
    return [m.value for m in at.main.get("markdown") if m.value.startswith(":small[") and "**" in m.value]


def messages(at) -> str:
    """The key messages: the bulleted block beside the view."""
    return next(m.value for m in at.markdown if m.value.startswith("- "))


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("view", list(CHARTS))
def test_each_view_opens_from_its_link_in_both_languages_under_the_country_box_and_ten_key_figures(lang, view):
    at = viewed(lang, "KGZ", view)
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == {"en": "Kyrgyz Republic", "ru": "Кыргызстан"}[lang]
    assert at.selectbox(key="url_country").value == "KGZ"  # in sight at the top: one click to open, one to choose
    assert len(cards(at)) == 10 and "country_brief" in [b.key for b in at.get("download_button")]
    assert [s.value for s in at.subheader] == [translate("country.section.messages", lang)]
    assert len(at.get("plotly_chart")) == CHARTS[view]
    assert not at.warning and not at.error and param(at, "view") == (None if view == "remittances" else view)
    assert param(at, "country") == "KGZ"


def test_without_a_view_in_the_link_the_page_opens_on_remittance_dependence_with_one_chart():
    at = viewed("en", "TJK")
    assert [title_of(s) for s in specs(at)] == ["Remittances, % of GDP: Tajikistan and its neighbours, 1993–2024"]
    assert param(at, "view") is None


@pytest.mark.parametrize("lang, figures", [
    ("en", ["Population", "**7,343,064**", "Emigrants", "**540,573**", "**55.0%**", "**Russia, 61.7%**", "**13th of 160**",
            "**Tier 2 Watch List** :small[(2025 report)]"]),
    ("ru", ["**7\u00a0343\u00a0064**", "**540\u00a0573**", "**55,0\u00a0%**", "**Россия, 61,7\u00a0%**", "**13-е из 160**",
            "**Список наблюдения уровня 2** :small[(доклад 2025\u00a0г.)]"])])
def test_the_key_figures_show_held_out_values_from_the_data_with_their_years(lang, figures):
    shown = " ".join(cards(viewed(lang, "KGZ")))
    assert all(f in shown for f in figures), [f for f in figures if f not in shown]


def test_the_migration_view_shows_the_2024_revision_exactly_as_in_the_file():
    at = viewed("en", "KGZ", "migration")
    bars = next(s for s in specs(at) if title_of(s).startswith("Largest destinations"))
    assert title_of(bars) == "Largest destinations of people born in the Kyrgyz Republic, 2024"
    assert array(bars["data"][0]["y"])[0] == "Russia" and array(bars["data"][0]["x"])[0] == 333664  # female + male
    origins = next(s for s in specs(at) if title_of(s).startswith("Largest countries of birth"))
    assert "Kyrgyz Republic" in title_of(origins)


def test_turkmenistan_shows_its_latest_official_share_of_gdp_its_gaps_note_and_a_tier_as_reported():
    at = viewed("en", "TKM")
    shown = " ".join(cards(at))
    assert "**\\<0.01%** :small[(2019)]" in shown and "**177th of 190** :small[(2019)]" in shown  # "<" escaped
    assert any("Data gaps tab" in i.value for i in at.info)
    assert "(as reported by CIA World Factbook)" in messages(at)
    assert "Data gaps" in [tab.label for tab in at.tabs]


def test_turkmenistans_costs_view_says_there_is_no_corridor_instead_of_a_chart():
    at = viewed("en", "TKM", "costs")
    assert not at.get("plotly_chart")
    assert any("no corridor from Russia to Turkmenistan" in i.value for i in at.info)


def test_the_gaps_view_lists_what_the_data_lacks_in_ranges():
    at = viewed("ru", "TKM", "gaps")
    assert not at.exception and any("1997–2024" in m.value for m in at.markdown)


def test_the_tab_labels_are_russian_in_russian_mode():
    labels = [tab.label for tab in viewed("ru", "KGZ").tabs]
    assert labels == TABS_RU
    assert all(re.fullmatch(r"[А-Яа-яЁё ]+", label) for label in labels)


def test_russian_mode_shows_no_english_in_any_views_figures_messages_or_chart_titles():
    texts = []
    for view in CHARTS:
        at = viewed("ru", "KGZ", view)
        shown = specs(at)
        texts += [s.value for s in at.subheader] + cards(at) + [tab.label for tab in at.tabs]
        texts += [m.value for m in at.markdown] + [c.value for c in at.caption if not c.value.startswith("Источник")]
        texts += [title_of(s) for s in shown]
        texts += [str(tr.get(k, "")) for s in shown for tr in s["data"] for k in ("name", "hovertemplate")]
    texts = [re.sub(r"%\{[^}]*\}|<[^>]+>|https?://\S+|:small\[", " ", text) for text in texts]  # placeholders, tags, links
    words = {w for text in texts for w in re.findall(r"[A-Za-z]{2,}", text)}
    assert words <= LATIN_OK, words - LATIN_OK


@pytest.mark.parametrize("view", ["remittances", "migration", "costs", "trafficking", "results"])
def test_no_table_a_view_shows_holds_none_or_nan(view):
    at = viewed("ru", "KGZ", view, tables=True)
    assert not at.exception
    cells = [str(v) for frame in at.dataframe for v in frame.value.astype(str).to_numpy().ravel()]
    assert cells and not [c for c in cells if c in ("None", "nan", "NaN", "<NA>")]


def test_choosing_a_country_in_the_box_keeps_the_view_and_writes_both_into_the_link():
    at = open_page({"lang": "en", "country": "KGZ", "view": "migration"}, PAGE)
    at.selectbox(key="url_country").select("UZB").run()
    assert not at.exception and at.title[0].value == "Uzbekistan"
    assert param(at, "country") == "UZB" and param(at, "view") == "migration" and len(at.get("plotly_chart")) == 3


def test_choosing_a_tab_draws_that_view_and_writes_it_into_the_link_with_the_country():
    at = open_page({"lang": "ru", "country": "TJK"}, PAGE)
    at.session_state["tabs_view_ru"] = "Торговля людьми"
    at.run()
    assert len(at.get("plotly_chart")) == 2 and title_of(specs(at)[0]).startswith("Уровень в Докладе о торговле людьми")
    assert param(at, "view") == "trafficking" and param(at, "country") == "TJK"


def test_a_country_then_a_tab_both_hold_in_the_page_and_the_link():
    # The page and language switches run in Chromium (tests/e2e/test_country_state.py): AppTest runs a page switched
    # to after its first run without app.py, so it cannot switch the language of a page.
    at = open_page({"lang": "en", "country": "KGZ"}, PAGE)
    at.selectbox(key="url_country").select("TJK").run()
    at.session_state["tabs_view_en"] = "Cost of sending"
    at.run()
    assert at.title[0].value == "Tajikistan" and title_of(specs(at)[0]).startswith("Sending US$200 from Russia to Tajikistan")
    assert (param(at, "country"), param(at, "view")) == ("TJK", "costs")


def test_choosing_a_second_tab_after_a_first_also_draws_it():
    at = open_page({"lang": "en", "country": "TJK", "view": "costs"}, PAGE)
    for label, charts in (("Remittances", 1), ("Migration", 3), ("Data gaps", 0)):
        at.session_state["tabs_view_en"] = label
        at.run()
        assert len(at.get("plotly_chart")) == charts and not at.exception


def test_a_view_kept_for_another_page_does_not_open_on_the_country_page():
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["_v:remittances:view"] = "costs"  # what /remittances keeps for its own tabs
    at.query_params.update({"lang": "en", "country": "TJK"})
    at.switch_page(PAGE).run()
    assert [title_of(s) for s in specs(at)][0].startswith("Remittances, % of GDP") and param(at, "view") is None


def plain(content: brief.Brief) -> dict:
    """A brief's content as comparable values (its data frames as JSON, so gaps compare equal)."""
    parts = dict(vars(content))
    for chart in ("line", "bars"):
        parts[chart] = {**vars(parts[chart]), "frame": parts[chart].frame.to_json()}
    return parts


@pytest.mark.parametrize("lang, iso3", [("ru", "TJK"), ("en", "TKM")])
def test_the_pdf_brief_is_the_same_whichever_view_is_open(monkeypatch, lang, iso3):
    made, compose = [], brief.compose
    monkeypatch.setattr(brief, "compose", lambda *a, **k: made.append(compose(*a, **k)) or made[-1])
    for view in CHARTS:
        assert not open_page({"lang": lang, "country": iso3, "view": view}, PAGE).exception
    assert len(made) == len(CHARTS)
    assert all(plain(content) == plain(made[0]) for content in made[1:])
    assert len(made[0].line.frame) and len(made[0].bars.frame) and len(made[0].figures) == 10


@pytest.mark.parametrize("params, bad", [({"country": "XYZ"}, True), ({}, False), ({"country": "XYZ", "view": "costs"}, True)])
def test_a_missing_or_unknown_country_lists_the_pages_with_a_select_box_instead_of_failing(params, bad):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update({"lang": "ru", **params})
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.title[0].value == "Страницы стран"
    links = at.main.get("page_link")  # the sidebar adds its language and presenter links
    assert [json.loads(json.dumps(link.proto.query_string)) for link in links] == [
        f"lang=ru&country={c}" for c in ("KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS")]
    assert at.selectbox(key="url_country").value == "" and not at.get("plotly_chart") and not at.tabs
    assert len(at.warning) == (1 if bad else 0)  # app.py says the code is unknown, once


def test_a_country_chosen_in_the_indexs_box_opens_its_page():
    at = open_page({"lang": "en"}, PAGE)
    at.selectbox(key="url_country").select("TKM").run()
    assert not at.exception and at.title[0].value == "Turkmenistan" and param(at, "country") == "TKM"
