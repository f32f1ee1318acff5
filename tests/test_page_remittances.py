"""The remittances page in English and Russian, view by view: its figures against the snapshot, its controls in sight
and kept across each other's changes and tabs, the outflow caveat, and the stale notice of a damaged outflow file."""
import math
import re
import shutil
from functools import cache
from pathlib import Path

import pytest
import streamlit as st

from loaders.datasets import DATASETS
from tests.apptest_helpers import array, open_page, points, specs, visible_texts
from ui.i18n import translate

PAGE = "pages/remittances.py"
DATA = Path(__file__).resolve().parents[1] / "data"
CHARTS = {"dependence": 1, "ranking": 1, "sources": 1, "costs": 2}  # plotly charts each view draws
TABLES = ("remit_dep", "remit_rank", "remit_src", "remit_corr", "remit_avg")  # data tables are drawn once opened
ALLOWED_LATIN = {"COVID", "KNOMAD", "ISO3", "III"}  # names that stay Latin in Russian text too, and quarters (III кв.)
TABS = {"en": ["Dependence over time", "World ranking", "Where the money comes from", "Cost of sending"],
        "ru": ["Зависимость по годам", "Мировой рейтинг", "Откуда поступают деньги", "Стоимость перевода"]}
# The controls each view draws, in sight (no button to open first), by widget key and kind.
CONTROLS = {"dependence": {"url_m": "button_group", "url_c": "button_group", "url_v": "button_group",
                           "url_years": "slider", "url_since": "selectbox"},
            "ranking": {"url_v": "button_group", "url_ry": "select_slider"}, "sources": {}, "costs": {}}


@cache
def opened(lang: str, code: str | None, **params: str):
    """One view of the page opened from its link (None: no view in the link), every data table open."""
    return open_page({"lang": lang} | ({"view": code} if code else {}) | params, PAGE, TABLES)


def text(at) -> str:
    """The page's markdown, info boxes and captions as one string."""
    return "\n".join(e.value for kind in ("markdown", "info", "caption") for e in at.get(kind))


def widget(at, key: str):
    """The widget with a key, whatever its kind."""
    return next(w for kind in ("button_group", "slider", "select_slider", "selectbox", "multiselect")
                for w in at.get(kind) if getattr(w, "key", None) == key)


@pytest.mark.parametrize("lang, title", [("en", "Remittances"), ("ru", "Денежные переводы")])
@pytest.mark.parametrize("code", CHARTS)
def test_each_view_opens_from_its_link_without_errors_and_draws_only_its_charts(lang, title, code):
    at = opened(lang, code)
    assert not at.exception and not at.warning and not at.error
    assert at.title[0].value == title
    assert len(at.get("plotly_chart")) == CHARTS[code]
    assert at.query_params.get("view") == (None if code == "dependence" else code)  # the default stays out of the link


@pytest.mark.parametrize("code", CHARTS)
def test_each_views_controls_are_drawn_in_sight_as_native_widgets(code):
    at = opened("en", code)
    drawn = {w.key: kind for kind in ("button_group", "slider", "select_slider", "selectbox", "multiselect")
             for w in at.get(kind) if getattr(w, "key", "").startswith("url_")}
    assert drawn == CONTROLS[code]
    assert not at.main.get("popover") and not [b for b in at.button if b.key and b.key.startswith("pick_")]


@pytest.mark.parametrize("lang", TABS)
def test_the_tabs_are_labelled_in_the_pages_language_and_the_default_is_dependence(lang):
    at = opened(lang, None)
    assert [tab.label for tab in at.tabs] == TABS[lang]
    assert specs(at)[0]["layout"]["title"]["text"] == specs(opened(lang, "dependence"))[0]["layout"]["title"]["text"]


@pytest.mark.parametrize("lang, fact", [("en", "In 2024, Tajikistan received remittances worth 47.2% of its GDP"),
                                        ("ru", "Таджикистан: в 2024 г. полученные денежные переводы составили 47,2 %")])
def test_the_key_figures_sit_beside_the_dependence_chart_with_their_base_year_and_sources(lang, fact):
    at = opened(lang, None)
    assert fact in text(at).replace("\u00a0", " ")
    assert widget(at, "url_since").value == 2005
    sources = [c.value for c in at.caption if "extract" in c.value or "февраль 2025" in c.value]
    assert sources, "the key figures name the remittances-paid extract among their sources"


def test_an_unknown_view_in_a_link_is_said_and_the_default_view_shown():
    at = open_page({"lang": "en", "view": "nonsense"}, PAGE)
    assert not at.exception and len(at.warning) == 1 and "view=nonsense" in at.warning[0].value
    assert specs(at)[0]["layout"]["title"]["text"] == "Remittances received, % of GDP, 1993–2024"
    assert "view" not in at.query_params


def test_tajikistan_2024_is_first_of_160_at_47_15_percent_in_the_ranking_and_the_sentences():
    at = opened("en", "ranking")
    bars = specs(at)[0]["data"][0]
    assert bars["y"][0] == "1. Tajikistan" and array(bars["x"])[0] == pytest.approx(47.153119, abs=1e-6)
    assert "Tajikistan ranks first of 160 economies in 2024 with 47.2% of GDP" in text(at)
    assert "Uzbekistan: 17th of 160" in text(at) and "Turkmenistan: no value in 2024" in text(at)


def test_the_ranking_adds_central_asian_countries_ranked_below_the_top_twenty():
    labels = specs(opened("en", "ranking"))[0]["data"][0]["y"]
    assert len(labels) == 22 and labels[-1] == "149. Kazakhstan"


@pytest.mark.parametrize("lang, words", [
    ("en", ["1 Central Asian country is in the world's top 10", "3 Central Asian countries are in the top 20",
            "ranked over 160 economies", "4 of 4 corridors were below"]),
    ("ru", ["1 страна Центральной Азии входит в мировую десятку", "в рейтинге 160 экономик",
            "соответствовали 4 коридора из 4", "1-е место из 160 экономик мира"])])
def test_numbers_agree_with_their_nouns(lang, words):
    found = " ".join(text(opened(lang, code)) for code in CHARTS).replace("\u00a0", " ")
    assert [w for w in words if w not in found] == []


def test_turkmenistan_gaps_and_modelled_estimates_are_said_on_screen_in_their_views():
    assert "Turkmenistan reports almost nothing" in " ".join(i.value for i in opened("en", None).info)
    assert "no corridor into Turkmenistan" in " ".join(i.value for i in opened("en", "costs").info)
    assert "Modelled estimates" in specs(opened("en", "sources"))[0]["layout"]["title"]["subtitle"]["text"]
    assert "data limit" in " ".join(i.value for i in opened("en", "sources").info)


@pytest.mark.parametrize("code", CHARTS)
def test_russian_mode_shows_no_english_words_in_text_titles_chart_labels_and_hover(code):
    at = opened("ru", code)
    texts = visible_texts(at)
    texts += [tr.get("hovertemplate", "") for spec in specs(at) for tr in spec["data"]]
    texts += [str(v) for spec in specs(at) for tr in spec["data"] for row in (tr.get("customdata") or [])
              for v in (row if isinstance(row, list) else [row])]
    texts += [str(spec["layout"]["title"].get("subtitle", {}).get("text", "")) for spec in specs(at)]
    assert len(at.dataframe) == CHARTS[code]
    for frame in (d.value for d in at.dataframe):  # the data tables, ISO3 code columns apart
        codes = [c for c in frame.columns if "ISO3" in c]
        texts += [str(c) for c in frame.columns if c not in codes]
        texts += [v for c in frame.columns if c not in codes for v in frame[c] if isinstance(v, str)]
    texts = [t.split("Источник:")[0] for t in texts]  # a note before a source line is checked, the citation is not
    latin = {w for text in texts for w in re.findall(r"[A-Za-z]{3,}", re.sub(r"%\{[^}]*\}", "", text))}
    assert latin - ALLOWED_LATIN - {"extra"} == set()  # <extra></extra> is plotly's hover markup


@pytest.mark.parametrize("code", CHARTS)
@pytest.mark.parametrize("lang", TABS)
def test_no_table_shows_none_or_nan(lang, code):
    for frame in (d.value for d in opened(lang, code).dataframe):
        cells = [v for c in frame.columns for v in frame[c]]
        assert not [v for v in cells if v is None or (isinstance(v, float) and math.isnan(v))]
        assert not [v for v in cells if isinstance(v, str) and v.strip().lower() in {"none", "nan", "<na>"}]


def test_russian_mode_formats_numbers_with_a_decimal_comma_and_a_spaced_percent():
    facts = next(m.value for m in opened("ru", None).markdown if "Таджикистан: в 2024" in m.value)
    assert "47,2\u00a0%" in facts and "1-е место из 160" in facts and "47.2" not in facts
    hover = specs(opened("ru", None))[0]["data"][0]["hovertemplate"]
    assert "%{y:,.2f}\u00a0% ВВП" in hover


@pytest.mark.parametrize("lang, quarter", [("en", "Q3 2020"), ("ru", "III\u00a0кв. 2020\u00a0г.")])
def test_the_cost_charts_say_where_their_data_end_and_share_one_y_scale(lang, quarter):
    corr, avg = specs(opened(lang, "costs"))
    assert corr["layout"]["title"]["text"].endswith(quarter)
    assert avg["layout"]["title"]["text"].replace("\u00a0", " ").endswith(("2011–2020", "2011–2020 гг."))
    assert corr["layout"]["yaxis"]["range"] == avg["layout"]["yaxis"]["range"]
    notes = [c.value for c in opened(lang, "costs").caption if c.value.startswith("⚠")]
    assert len(notes) == 2 and all(("Germany" if lang == "en" else "Германия") in n for n in notes)


def test_the_quarters_in_russian_hover_and_tables_read_as_russian_quarters():
    at = opened("ru", "costs")
    table = at.dataframe[0].value
    assert set(table["Квартал"]) >= {"III\u00a0кв. 2020\u00a0г.", "I\u00a0кв. 2011\u00a0г."}


# ---- remittances paid: the 2025-02 extract as its own dataset, Russia's 2022-23 with the caveat ------------------

@pytest.mark.parametrize("lang, caveat", [
    ("en", "The two sides disagree, so the drop is not a fall in money sent."),
    ("ru", "Данные двух сторон расходятся, поэтому это снижение не означает, что денег стали отправлять меньше.")])
def test_russias_outflow_after_2021_is_drawn_apart_and_always_with_its_caveat(lang, caveat):
    at = opened(lang, None, m="paid")
    spec = specs(at)[0]
    russia = [tr for tr in spec["data"] if tr["name"].startswith(("Russia", "Россия"))]
    solid, disputed = russia
    assert max(array(solid["x"])) == 2021 and "dash" not in solid["line"]
    assert array(disputed["x"]) == [2021, 2022, 2023] and disputed["line"]["dash"] == "dot"
    assert disputed["marker"]["symbol"] == "circle-open"
    assert array(disputed["y"])[1:] == pytest.approx([5.7869420807, 7.4224843292])  # the extract's values, US$ bn
    assert spec["layout"]["annotations"][0]["text"] == translate("remit.caveat_label", lang)
    reading = text(at).replace("\u00a0", " ").replace("\\", "")
    assert caveat in reading
    assert translate("remit.caveat_short", lang, after=2022).replace("\u00a0", " ") in reading  # the note


def test_the_outflow_chart_reads_the_extract_with_its_own_vintage_and_source():
    at = opened("en", None, m="paid")
    table = at.dataframe[0].value
    assert set(table["Vintage"]) == {"2025-02"}
    assert set(table.loc[(table["ISO3"] == "RUS") & (table["Year"] >= 2022), "Values"]) == {"reported, disputed (see note)"}
    assert any("personal remittances, paid" in c.value and "extract of February 2025" in c.value for c in at.caption)
    assert table.loc[(table["ISO3"] == "RUS") & (table["Year"] == 2021), "US$ billions"].item() == pytest.approx(16.81955)


def test_the_outflow_shown_before_2022_needs_no_caveat():
    at = open_page({"lang": "en", "m": "paid", "years": "2000-2021"}, PAGE)
    assert not at.exception and "disagree" not in specs(at)[0]["layout"].get("annotations", [{}])[0].get("text", "")
    assert not [c.value for c in at.caption if c.value.startswith("⚠")]


@pytest.mark.parametrize("lang", TABS)
def test_per_person_figures_are_escaped_so_dollars_never_read_as_maths(lang):
    at = opened(lang, None, m="per_person")
    assert not at.exception
    shown = [e.value for kind in ("markdown", "caption", "info") for e in at.get(kind)]
    assert [s for s in shown if re.search(r"(?<!\\)\$", s)] == []


# ---- a link reopens the view; controls keep each other's choices and survive a tab switch --------------------------

URL = {"lang": "en", "c": "TJK,KGZ,WLD", "m": "pct", "v": "official", "years": "2000-2021", "ry": "2015", "since": "2010"}


@pytest.fixture(scope="module")
def linked():
    """The page opened from a shared link with no view in it: the default view, the ranking year kept in the link."""
    return open_page(URL, PAGE, TABLES)


def test_a_link_reopens_the_exact_view_in_the_widgets(linked):
    assert not linked.exception
    assert widget(linked, "url_c").value == ["KGZ", "TJK", "WLD"]
    assert widget(linked, "url_v").value == "official" and widget(linked, "url_m").value == "pct"
    assert widget(linked, "url_years").value == (2000, 2021) and widget(linked, "url_since").value == 2010
    assert linked.query_params["ry"] == "2015"  # it waits in the link for its tab


def test_a_link_reopens_the_exact_view_in_the_charts_and_their_data(linked):
    dep = specs(linked)[0]
    drawn = points(dep)
    assert {n for n, _, _ in drawn} == {"Kyrgyz Republic", "Tajikistan", "World"}
    assert min(x for _, x, _ in drawn) >= 2000 and max(x for _, x, _ in drawn) == 2021
    table = linked.dataframe[0].value
    assert len(table) == len(drawn) and set(table["Vintage"]) == {"2023-05-10"}
    assert set(table["Values"]) == {"official"} and sorted(table.columns)[0] == "% of GDP"


def test_choosing_the_ranking_tab_on_a_link_without_a_view_ranks_the_linked_year_in_the_linked_vintage():
    at = open_page(URL, PAGE)
    at.session_state["tabs_view_en"] = "World ranking"
    at.run()
    assert not at.exception and at.query_params["view"] == "ranking"
    assert len(at.get("plotly_chart")) == 1 and "2015" in specs(at)[0]["layout"]["title"]["text"]
    assert widget(at, "url_ry").value == 2015 and widget(at, "url_v").value == "official"


def test_changing_a_control_changes_the_chart_its_data_and_the_link_together():
    at = open_page(URL, PAGE, TABLES)
    widget(at, "url_m").set_value("usd").run()
    dep = specs(at)[0]
    table = at.dataframe[0].value
    assert dep["layout"]["title"]["text"] == "Remittances received, US$ billions, 2000–2021"
    assert len(table) == len(points(dep)) and set(table["Vintage"]) == {"2026-07-01"}
    assert "US$ billions" in table.columns and at.query_params["m"] == "usd"


def test_changes_to_every_control_hold_across_each_other_a_tab_switch_and_a_page_switch():
    at = open_page({"lang": "en"}, PAGE)
    widget(at, "url_m").set_value("usd").run()
    widget(at, "url_since").select(2010).run()
    widget(at, "url_c").set_value(["TJK", "KGZ"]).run()
    widget(at, "url_years").set_value((2005, 2020)).run()
    at.session_state["tabs_view_en"] = "World ranking"
    at.run()
    widget(at, "url_v").set_value("official").run()
    widget(at, "url_ry").set_value(2015).run()
    at.session_state["tabs_view_en"] = "Dependence over time"
    at.run()
    held = {"m": "usd", "since": "2010", "c": "TJK,KGZ", "years": "2005-2020", "v": "official", "ry": "2015"}
    assert {k: at.query_params.get(k) for k in held} == held
    assert (widget(at, "url_m").value, widget(at, "url_since").value, widget(at, "url_years").value) == (
        "usd", 2010, (2005, 2020))
    at.query_params.clear()  # the sidebar's page links carry only the language
    at.query_params["lang"] = "en"
    at.switch_page("pages/sources.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception and {k: at.query_params.get(k) for k in held} == held
    assert widget(at, "url_c").value == ["TJK", "KGZ"] and widget(at, "url_since").value == 2010
    assert specs(at)[0]["layout"]["title"]["text"] == "Remittances received, US$ billions, 2005–2020"
    # (AppTest cannot follow the language link: tests/e2e/test_remittances_state.py does, in Chromium.)


def test_the_language_link_carries_every_choice_of_the_view():
    at = open_page({"lang": "en", **{k: v for k, v in URL.items() if k != "lang"}, "view": "ranking"}, PAGE)
    link = next(l.proto.query_string for l in at.sidebar.get("page_link") if l.proto.label == "Русский")
    params = dict(p.split("=") for p in link.replace("%2C", ",").split("&"))
    expected = {**URL, "lang": "ru", "view": "ranking", "c": "KGZ,TJK,WLD"}  # countries in the order offered
    expected.pop("m")  # the default measure stays out of the link
    assert params == expected


# ---- a damaged outflow file: the last good copy, with the stale notice --------------------------------------------

@pytest.fixture
def stale_paid(tmp_path, monkeypatch):
    """A copy of data/ whose remittances-paid file is truncated, a good copy kept in previous/ (the loader's fallback)."""
    root = tmp_path / "data"
    shutil.copytree(DATA, root, copy_function=shutil.copy)
    path = root / DATASETS["remittances_paid"].path
    kept = path.parent / "previous" / f"{path.stem}.2025-02{path.suffix}"
    kept.parent.mkdir(exist_ok=True)
    for src, dst in ((path, kept), (Path(f"{path}.meta.json"), Path(f"{kept}.meta.json"))):
        shutil.copy(src, dst)
    path.write_bytes(path.read_bytes()[:400])
    monkeypatch.setenv("DATA_DIR", str(root))
    st.cache_data.clear()
    yield root
    st.cache_data.clear()


@pytest.mark.parametrize("lang", TABS)
@pytest.mark.parametrize("params", [{}, {"m": "paid"}], ids=["key figures", "outflow chart"])
def test_russias_outflow_from_a_stale_copy_brings_the_stale_notice(stale_paid, lang, params):
    at = open_page({"lang": lang, **params}, PAGE)
    assert not at.exception and not at.error
    assert translate("source.stale", lang) in [w.value for w in at.warning]
    outflow = "16.82" if lang == "en" else "16,82"
    assert outflow in text(at)  # the last good copy's figure is shown, not a gap


def test_the_ranking_reads_no_outflow_and_so_shows_no_stale_notice(stale_paid):
    at = open_page({"lang": "en", "view": "ranking"}, PAGE)
    assert not at.exception and not at.warning
