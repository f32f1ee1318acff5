"""The country page under AppTest: its views opened from links in both languages, the URL round trip, Turkmenistan's
gaps first, the same PDF brief whichever view is open, bad links."""
import json
import re
from functools import lru_cache

import pytest
from streamlit.testing.v1 import AppTest

from reports import brief
from tests.apptest_helpers import APP, array, open_page, specs, title_of
from ui.i18n import translate

PAGE = "pages/country.py"
# Charts each view draws for Kyrgyzstan: dependence; map, destinations, origins; corridor cost; tier strip, law figures.
CHARTS = {"remittances": 1, "migration": 3, "costs": 1, "trafficking": 2, "results": 0, "gaps": 0}
HEADINGS = {"remittances": "dependence", "migration": "migration", "costs": "costs", "trafficking": "tip",
            "results": "results", "gaps": "gaps"}
TABS_RU = ["Денежные переводы", "Миграция", "Стоимость перевода", "Торговля людьми", "Результаты проекта", "Пробелы в данных"]
# Proper names, codes, the licence (CC BY) and Roman quarter numbers (III кв.) stay Latin in Russian text.
LATIN_OK = {"USAID", "SMICA", "Winrock", "International", "Remittance", "Prices", "Worldwide", "TIP", "COVID", "PDF", "A4",
            "WDI", "CC", "BY", "I", "II", "III", "IV"}


@lru_cache(maxsize=None)
def viewed(lang: str, iso3: str, view: str | None = None) -> AppTest:
    """A page run shared by the tests that only read it (AppTest runs are the slow part)."""
    return open_page({"lang": lang, "country": iso3, **({"view": view} if view else {})}, PAGE)


def param(at: AppTest, name: str):
    """Read a URL parameter as a plain string."""
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def heading(lang: str, section: str) -> str:
    """A section heading of the page in a language."""
    return translate(f"country.section.{section}", lang)


def cards(at) -> list[str]:
    """The key-figure cards: Markdown blocks whose value is a third-level heading."""
    return [m.value for m in at.markdown if "\n\n### " in m.value]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("view", list(CHARTS))
def test_each_view_opens_from_its_link_in_both_languages_and_draws_its_charts_under_the_key_figures(lang, view):
    at = viewed(lang, "KGZ", view)
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == {"en": "Kyrgyz Republic", "ru": "Кыргызстан"}[lang]
    assert len(cards(at)) == 9 and "country_brief" in [b.key for b in at.get("download_button")]  # above the tabs
    assert [s.value for s in at.subheader] == [heading(lang, "messages"), heading(lang, HEADINGS[view])]
    assert len(at.get("plotly_chart")) == CHARTS[view]
    assert not at.warning and param(at, "view") == (None if view == "remittances" else view)


def test_without_a_view_in_the_link_the_page_opens_on_remittance_dependence_with_one_chart():
    at = viewed("en", "TJK")
    assert [title_of(s) for s in specs(at)] == ["Remittances received, % of GDP: Tajikistan and its Central Asian peers"]
    assert param(at, "view") is None


def test_the_views_other_tables_and_charts_are_drawn_only_in_their_own_view():
    assert len(viewed("en", "KGZ", "results").dataframe) == 1  # published results (no indicators loaded)
    assert not any(len(viewed("en", "KGZ", v).dataframe) for v in CHARTS if v != "results")


def test_an_unknown_view_in_the_link_is_said_and_the_default_view_shown():
    at = open_page({"lang": "ru", "country": "UZB", "view": "charts<script>"}, PAGE)
    assert not at.exception
    assert len(at.warning) == 1 and "view=charts" in at.warning[0].value
    assert at.subheader[-1].value == heading("ru", "dependence") and len(at.get("plotly_chart")) == 1
    assert param(at, "view") is None


def test_the_tab_labels_are_russian_in_russian_mode():
    labels = [tab.label for tab in viewed("ru", "KGZ").tabs]
    assert labels == TABS_RU
    assert all(re.fullmatch(r"[А-Яа-яЁё ]+", label) for label in labels)


def test_russian_mode_shows_no_english_in_any_views_headings_figures_messages_or_chart_titles():
    texts = []
    for view in CHARTS:
        at = viewed("ru", "KGZ", view)
        shown = [json.loads(p.proto.spec) for p in at.get("plotly_chart")]
        texts += [s.value for s in at.subheader] + cards(at)
        texts += [tab.label for tab in at.tabs]
        texts += [m.value for m in at.markdown] + [m.value for m in at.caption] + [title_of(s) for s in shown]
        texts += [str(tr.get(k, "")) for s in shown for tr in s["data"] for k in ("name", "hovertemplate")]
    texts = [re.sub(r"%\{[^}]*\}|<[^>]+>|https?://\S+", " ", text) for text in texts]  # placeholders, tags, links
    words = {w for text in texts for w in re.findall(r"[A-Za-z]{2,}", text)}
    assert words <= LATIN_OK, words - LATIN_OK


@pytest.mark.parametrize("view", ["remittances", "costs"])
def test_turkmenistans_page_puts_what_the_data_does_not_show_before_the_charts_of_every_view(view):
    at = viewed("en", "TKM", view)
    heads = [s.value for s in at.subheader]
    assert heads == ["Key messages", "What the data does not show", heading("en", HEADINGS[view])]
    assert any("1997–2024" in m.value for m in at.markdown)
    assert "Data gaps" not in [tab.label for tab in at.tabs]  # shown above the tabs, so no tab of its own


def test_turkmenistans_costs_view_says_there_is_no_corridor_instead_of_a_chart():
    at = viewed("en", "TKM", "costs")
    assert not at.get("plotly_chart")
    assert any("no corridor from Russia to Turkmenistan" in i.value for i in at.info)


def test_a_link_to_turkmenistans_gaps_opens_its_page_with_the_gaps_on_top_and_no_warning():
    at = viewed("ru", "TKM", "gaps")
    assert not at.exception and not at.warning
    assert [s.value for s in at.subheader][1:] == [heading("ru", "gaps"), heading("ru", "dependence")]
    assert param(at, "view") is None


def test_other_countries_keep_what_the_data_does_not_show_in_its_own_view():
    assert heading("en", "gaps") not in [s.value for s in viewed("en", "KAZ").subheader]
    at = viewed("en", "KAZ", "gaps")
    assert at.subheader[-1].value == heading("en", "gaps") and not at.get("plotly_chart")


def test_the_country_in_the_url_sets_the_widget_the_charts_and_stays_in_the_url_with_the_view():
    at = open_page({"lang": "en", "country": "KGZ", "view": "migration"}, PAGE, boxes=("pick_country",))
    assert at.selectbox[0].value == "KGZ"
    assert param(at, "country") == "KGZ" and param(at, "view") == "migration"
    bars = next(s for s in specs(at) if title_of(s).startswith("Top 10 destinations"))
    assert array(bars["data"][0]["y"])[0] == "Russia" and array(bars["data"][0]["x"])[0] == 333664  # UN DESA 2024 revision, 2024
    at.selectbox[0].set_value("UZB").run()
    assert param(at, "country") == "UZB" and param(at, "view") == "migration"
    assert at.title[0].value == "Uzbekistan" and at.subheader[-1].value == heading("en", "migration")


def test_choosing_a_tab_draws_that_view_and_writes_it_into_the_link():
    at = open_page({"lang": "ru", "country": "TJK"}, PAGE)
    at.session_state["tabs_view_ru"] = "Торговля людьми"
    at.run()
    assert at.subheader[-1].value == heading("ru", "tip") and len(at.get("plotly_chart")) == 2
    assert param(at, "view") == "trafficking" and param(at, "country") == "TJK"


def test_choosing_a_second_tab_after_a_first_also_draws_it():
    at = open_page({"lang": "en", "country": "TJK", "view": "costs"}, PAGE)
    for label, section in (("Remittances", "dependence"), ("Migration", "migration")):
        at.session_state["tabs_view_en"] = label
        at.run()
        assert at.subheader[-1].value == heading("en", section)


def test_turning_to_turkmenistan_on_the_gaps_view_falls_back_to_the_default_view():
    at = open_page({"lang": "en", "country": "KAZ", "view": "gaps"}, PAGE, boxes=("pick_country",))
    at.selectbox[0].set_value("TKM").run()
    assert not at.exception and not at.warning
    assert at.subheader[-1].value == heading("en", "dependence") and param(at, "view") is None


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
    views = [v for v in CHARTS if not (iso3 == "TKM" and v == "gaps")]
    for view in views:
        assert not open_page({"lang": lang, "country": iso3, "view": view}, PAGE).exception
    assert len(made) == len(views)
    assert all(plain(content) == plain(made[0]) for content in made[1:])
    assert len(made[0].line.frame) and len(made[0].bars.frame)  # the line and the bars have data in every view


def test_a_view_chosen_on_another_page_does_not_carry_over_to_the_country_page():
    at = open_page({"lang": "en", "view": "costs"}, "pages/remittances.py")
    at.query_params.clear()
    at.query_params.update({"lang": "en", "country": "TJK"})
    at.switch_page(PAGE).run()
    assert at.subheader[-1].value == heading("en", "dependence")


@pytest.mark.parametrize("params", [{"country": "XYZ"}, {}, {"country": "XYZ", "view": "costs"}])
def test_a_missing_or_unknown_country_lists_the_valid_pages_instead_of_failing(params):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update({"lang": "ru", **params})
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.title[0].value == "Страницы стран"
    links = at.main.get("page_link")  # the sidebar adds its language and presenter links
    assert len(links) == 6
    assert not at.get("plotly_chart") and not at.tabs
