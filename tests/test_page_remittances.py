"""The remittances page in English and Russian, view by view: its figures against the snapshot and its URL round trip."""
import re
from functools import cache

import pytest

from tests.apptest_helpers import array, open_page, points, specs, visible_texts

PAGE = "pages/remittances.py"
CHARTS = {"dependence": 1, "ranking": 1, "sources": 1, "costs": 2}  # plotly charts each view draws
TABLES = ("remit_dep", "remit_rank", "remit_src", "remit_corr", "remit_avg")  # data tables are drawn once opened
BOXES = ("pick_since", "pick_v", "settings_dep", "pick_ry")  # so are the controls
ALLOWED_LATIN = {"COVID", "KNOMAD", "ISO3"}  # names that stay Latin in Russian text too
TABS = {"en": ["Dependence over time", "World ranking", "Where the money comes from", "Cost of sending"],
        "ru": ["Зависимость по годам", "Мировой рейтинг", "Откуда поступают деньги", "Стоимость перевода"]}


@cache
def opened(lang: str, code: str | None):
    """One view of the page opened from its link (None: no view in the link), every data table open."""
    return open_page({"lang": lang} | ({"view": code} if code else {}), PAGE, TABLES, BOXES)


def text(at) -> str:
    """The page's markdown, info boxes and captions as one string."""
    return "\n".join(e.value for kind in ("markdown", "info", "caption") for e in at.get(kind))


@pytest.mark.parametrize("lang, title", [("en", "Remittances"), ("ru", "Денежные переводы")])
@pytest.mark.parametrize("code", CHARTS)
def test_each_view_opens_from_its_link_without_errors_and_draws_only_its_charts(lang, title, code):
    at = opened(lang, code)
    assert not at.exception and not at.warning
    assert at.title[0].value == title
    assert len(at.get("plotly_chart")) == CHARTS[code]
    assert at.query_params.get("view") == (None if code == "dependence" else code)  # the default stays out of the link


@pytest.mark.parametrize("lang", TABS)
def test_the_tabs_are_labelled_in_the_pages_language_and_the_default_is_dependence(lang):
    at = opened(lang, None)
    assert [tab.label for tab in at.tabs] == TABS[lang]
    assert specs(at)[0]["layout"]["title"]["text"] == specs(opened(lang, "dependence"))[0]["layout"]["title"]["text"]


@pytest.mark.parametrize("lang", TABS)
def test_the_key_figures_and_the_vintage_stay_above_the_tabs_in_every_view(lang):
    for code in CHARTS:
        at = opened(lang, code)
        assert at.selectbox(key="url_since").value == 2005 and at.selectbox(key="url_v").value == "latest"
        assert ("Tajikistan received remittances" if lang == "en" else "Таджикистан: в 2024 г.") in text(at)


def test_an_unknown_view_in_a_link_is_said_and_the_default_view_shown():
    at = open_page({"lang": "en", "view": "nonsense"}, PAGE)
    assert not at.exception and len(at.warning) == 1 and "view=nonsense" in at.warning[0].value
    assert specs(at)[0]["layout"]["title"]["text"] == "Remittances received, % of GDP"
    assert "view" not in at.query_params


def test_tajikistan_2024_is_first_of_160_at_47_15_percent_in_the_ranking_and_the_sentences():
    at = opened("en", "ranking")
    bars = specs(at)[0]["data"][0]
    assert bars["y"][0] == "1. Tajikistan" and array(bars["x"])[0] == pytest.approx(47.153119, abs=1e-6)
    assert "Tajikistan received remittances worth 47.2% of its GDP: 1st of 160 economies" in text(at)
    assert "Uzbekistan: 17th of 160" in text(at) and "Turkmenistan: no value in 2024" in text(at)


def test_the_ranking_adds_central_asian_countries_ranked_below_the_top_twenty():
    labels = specs(opened("en", "ranking"))[0]["data"][0]["y"]
    assert len(labels) == 22 and labels[-1] == "149. Kazakhstan"


def test_turkmenistan_gaps_and_modelled_estimates_are_said_on_screen_in_their_views():
    assert "Turkmenistan reports almost nothing" in " ".join(i.value for i in opened("en", None).info)
    assert "no corridor into Turkmenistan" in " ".join(i.value for i in opened("en", "costs").info)
    assert "Modelled estimates" in specs(opened("en", "sources"))[0]["layout"]["title"]["subtitle"]["text"]
    assert "data limit" in " ".join(i.value for i in opened("en", "sources").info)


@pytest.mark.parametrize("code", CHARTS)
def test_russian_mode_shows_no_english_words_in_text_titles_and_chart_labels(code):
    at = opened("ru", code)
    texts = visible_texts(at)
    assert len(at.dataframe) == CHARTS[code]
    for frame in (d.value for d in at.dataframe):  # the data tables, ISO3 code columns apart
        codes = [c for c in frame.columns if "ISO3" in c]
        texts += [str(c) for c in frame.columns if c not in codes]
        texts += [v for c in frame.columns if c not in codes for v in frame[c] if isinstance(v, str)]
    latin = {w for text in texts for w in re.findall(r"[A-Za-z]{3,}", text)} - ALLOWED_LATIN
    assert not latin


def test_russian_mode_formats_numbers_with_a_decimal_comma():
    facts = next(m.value for m in opened("ru", None).markdown if "Таджикистан: в 2024 г." in m.value)
    assert "47,2%" in facts and "1-е место из 160" in facts and "47.2" not in facts


URL = {"lang": "en", "c": "TJK,KGZ,WLD", "m": "pct", "v": "official", "years": "2000-2021", "ry": "2015", "since": "2010"}


@pytest.fixture(scope="module")
def linked():
    """The page opened from a shared link with no view in it: the default view, the ranking year kept in the link."""
    return open_page(URL, PAGE, TABLES, BOXES)


@pytest.fixture(scope="module")
def ranked():
    """The same link opened on the ranking."""
    return open_page(URL | {"view": "ranking"}, PAGE, TABLES, BOXES)


def test_a_link_reopens_the_exact_view_in_the_widgets(linked, ranked):
    assert not linked.exception and not ranked.exception
    assert linked.multiselect(key="url_c").value == ["KGZ", "TJK", "WLD"]
    assert linked.selectbox(key="url_v").value == "official" and ranked.selectbox(key="url_v").value == "official"
    assert (linked.selectbox(key="url_years_from").value, linked.selectbox(key="url_years_to").value) == (2000, 2021)
    assert (ranked.selectbox(key="url_ry").value, linked.selectbox(key="url_since").value) == (2015, 2010)
    assert linked.query_params["ry"] == "2015" and "url_ry" not in linked.session_state  # it waits in the link for its tab


def test_a_link_reopens_the_exact_view_in_the_charts_and_their_data(linked, ranked):
    dep, rank = specs(linked)[0], specs(ranked)[0]
    drawn = points(dep)
    assert {n for n, _, _ in drawn} == {"Kyrgyz Republic", "Tajikistan", "World"}
    assert min(x for _, x, _ in drawn) >= 2000 and max(x for _, x, _ in drawn) == 2021
    assert "2015" in rank["layout"]["title"]["text"]
    assert set(ranked.dataframe[0].value["Vintage"]) == {"2023-05-10"}
    table = linked.dataframe[0].value
    assert len(table) == len(drawn) and set(table["Vintage"]) == {"2023-05-10"}
    assert set(table["Values"]) == {"official"} and sorted(table.columns)[0] == "% of GDP"


def test_choosing_the_ranking_tab_on_a_link_without_a_view_ranks_the_linked_year():
    at = open_page(URL, PAGE, boxes=("pick_ry",))
    at.session_state["tabs_view_en"] = "World ranking"
    at.run()
    assert not at.exception and at.query_params["view"] == "ranking"
    assert len(at.get("plotly_chart")) == 1 and "2015" in specs(at)[0]["layout"]["title"]["text"]
    assert at.selectbox(key="url_ry").value == 2015


def test_changing_a_control_changes_the_chart_its_data_and_the_link_together(linked):
    linked.selectbox(key="url_m").set_value("usd").run()
    dep = specs(linked)[0]
    table = linked.dataframe[0].value
    assert dep["layout"]["title"]["text"] == "Remittances received, US$ billions"
    assert len(table) == len(points(dep)) and set(table["Vintage"]) == {"2026-07-01"}
    assert "US$ billions" in table.columns
    assert linked.query_params["m"] == "usd"
