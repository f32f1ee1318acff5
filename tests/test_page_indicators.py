"""The /indicators page under AppTest: empty, example and folder data, both languages, links, masking on screen."""
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import ui.components
from ui.i18n import translate
from loaders import indicators as il

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "indicators"
SURVIVORS_EN = "Trafficking survivors given direct support"
LATIN_WORD = re.compile(r"[A-Za-z]{4,}")
PLOTLY_SYNTAX = re.compile(r"%\{[^}]*\}|<extra></extra>|</?(b|br|sup)>")


CHART_KEYS = ("ind_progress", "ind_trend", "ind_sex", "ind_age_group", "ind_tiers", "ind_law")
BOXES = ("settings_filters", "pick_period", "pick_ind", "pick_measure")


def open_page(**params) -> AppTest:
    """Run the app with URL parameters, then switch to the indicators page with every chart's data block open."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    for key in CHART_KEYS:  # tables and downloads are drawn once opened
        at.session_state[f"table_{key}"] = True
    for key in BOXES:  # so are the filters
        at.session_state[key] = True
    at.run()
    return at.switch_page("pages/indicators.py").run()


def specs(at: AppTest) -> list[dict]:
    """The plotly figures on the page."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def chart_texts(spec: dict) -> list[str]:
    """Every piece of text a reader sees in a figure: titles, axis titles, legend names, labels, hover templates."""
    layout = spec["layout"]
    texts = [layout.get("title", {}).get("text", "")] + [a.get("text", "") for a in layout.get("annotations", [])]
    texts += [v.get("title", {}).get("text", "") for k, v in layout.items() if k.startswith(("xaxis", "yaxis"))]
    for trace in spec["data"]:
        texts += [trace.get("name") or "", trace.get("hovertemplate") or ""] + [str(x) for x in trace.get("text") or []]
    return [PLOTLY_SYNTAX.sub(" ", t) for t in texts]


def leaks(frame: pd.DataFrame, survivors: str) -> list[str]:
    """Counts below 5 shown for survivors in a project table (rows of that indicator, or all of a survivors-only table);
    the TIP Report's published government figures (with a report year) are not project data."""
    if "Report year" in frame:
        return []
    rows = frame[frame["Indicator"] == survivors] if "Indicator" in frame else frame
    cells = [c for col in ("Value", "Baseline") if col in rows for c in rows[col].astype(str)]
    return [c for c in cells if c.strip() in {"0", "1", "2", "3", "4"}]


@pytest.mark.parametrize("lang, title", [("en", "Project indicators"), ("ru", "Показатели проекта")])
def test_with_nothing_loaded_the_page_says_so_and_shows_published_results_and_tip_context(lang, title):
    at, figures = open_page(lang=lang), open_page(lang=lang, tip="figures")
    assert not at.exception and not figures.exception, [e.message for e in at.exception + figures.exception]
    assert at.title[0].value == title
    # the TIP context's tabs draw one chart at a time: the tier strip first, the reported figures from ?tip=figures
    assert [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")] == [
        translate("indicators.tip.strip_title", lang)]
    assert translate("indicators.tip.law_title", lang) in json.loads(figures.get("plotly_chart")[0].proto.spec)[
        "layout"]["title"]["text"] and len(figures.get("plotly_chart")) == 1
    cards = [m.value for m in at.markdown if "\n\n### " in m.value]
    assert len(cards) == 4  # the 2024 regional totals; the nine earlier figures are drawn once their expander opens
    assert any("data/indicators" in i.value for i in at.info)


@pytest.mark.parametrize("lang, banner", [("en", "Example data – not project results"), ("ru", "Пример данных – не результаты проекта")])
def test_example_data_draws_every_view_and_each_says_it_is_example_data(lang, banner):
    at = open_page(lang=lang, example="1")
    assert not at.exception, [e.message for e in at.exception]
    figures = specs(at)
    assert len(figures) == 5  # progress, trend, by sex, by age, TIP tiers (the TIP figures sit in the other tab)
    assert all(banner in f["layout"]["title"]["text"] for f in figures[:4])
    assert any(banner in w.value for w in at.warning)
    if lang == "ru":  # no English on a Russian screen: titles, axes, legends, labels and hovers
        words = {w for f in figures for text in chart_texts(f) for w in LATIN_WORD.findall(text)}
        assert words == set()


def test_a_link_reopens_the_exact_view_and_the_charts_follow_it():
    at = open_page(lang="en", example="1", c="KGZ,UZB", ir="IR2,IR3", period="2024", ind="IR2-SUPPORT", measure="convictions",
                   tip="figures")
    assert not at.exception, [e.message for e in at.exception]
    assert at.multiselect(key="url_c").value == ["KGZ", "UZB"]
    assert at.multiselect(key="url_ir").value == ["IR2", "IR3"]
    assert (at.selectbox(key="url_period").value, at.selectbox(key="url_ind").value) == ("2024", "IR2-SUPPORT")
    progress, trend = specs(at)[:2]
    assert {y for t in progress["data"] for y in t.get("y") or []} == {"Kyrgyz Republic", "Uzbekistan"}
    assert "2024" in progress["layout"]["title"]["text"]
    assert {a["text"].split("<br>")[0] for a in progress["layout"]["annotations"]} <= {
        "People reached with training and education on safe and responsible migration", "Migrants and potential migrants given direct support",
        "Consultations provided to migrants (legal, psychological, information)", SURVIVORS_EN,
        "Service providers and duty bearers trained, given technical assistance or strengthened"}
    assert trend["layout"]["title"]["text"].startswith("Migrants and potential migrants given direct support")
    assert specs(at)[-1]["layout"]["title"]["text"].endswith("Convictions")
    assert at.query_params["period"] == ["2024"] or at.query_params["period"] == "2024"


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A DATA_DIR with the real snapshot and an indicators folder holding a valid and a malformed file."""
    for sub in (ROOT / "data").iterdir():
        if sub.is_dir() and sub.name != "indicators":
            (tmp_path / sub.name).symlink_to(sub)
    folder = tmp_path / "indicators"
    folder.mkdir()
    for name in ("EXAMPLE_valid_export_not_project_results.csv", "bad_numbers.csv"):
        (folder / name).write_bytes((FIX / name).read_bytes())
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    return tmp_path


def test_files_in_the_folder_load_at_start_bad_ones_are_reported_and_small_survivor_counts_never_show(data_dir, monkeypatch):
    downloads, original = [], ui.components.download_csv
    monkeypatch.setattr(ui.components, "download_csv", lambda frame, *a, **k: (downloads.append(frame.copy()), original(frame, *a, **k)))
    at = open_page(lang="en", period="2023", ind="IR3-SURVIVORS")
    assert not at.exception, [e.message for e in at.exception]
    assert any("bad" in e.value and "was refused: 6 problems" in e.value for e in at.error)  # the name is markdown-escaped
    progress = specs(at)[0]
    bars = {(y, text) for t in progress["data"] if t.get("mode") == "text" for y, text in zip(t["y"], t["text"])}
    assert ("Kyrgyz Republic", "80% · behind") in bars and ("Uzbekistan", "120% · achieved") in bars  # 800/1000, 1200/1000
    shown = [d.value for d in at.dataframe] + downloads
    assert len(at.dataframe) >= 3 and len(downloads) >= 4  # the charts' tables and downloads, not only the values table
    assert all(leaks(frame, SURVIVORS_EN) == [] for frame in shown)
    assert any((frame.get("Value") == "<5").any() for frame in downloads if "Value" in frame)
    survivor_charts = [f for f in specs(at) if f["layout"]["title"]["text"].startswith(SURVIVORS_EN)]
    assert survivor_charts  # the trend (the breakdowns are all hidden here, and say so instead of drawing)
    assert any("only counts of survivors below 5" in i.value for i in at.info)
    for spec in survivor_charts:  # no small number in any label
        assert not any(re.fullmatch(r"[0-4]", str(x)) for t in spec["data"] for x in (t.get("text") or []))


def test_the_earlier_published_figures_are_drawn_once_their_expander_is_opened():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.session_state["pub_more"] = True
    at.switch_page("pages/indicators.py").run()
    assert not at.exception and len([m for m in at.markdown if "\n\n### " in m.value]) == 13


def test_the_load_panel_draws_its_templates_catalogue_and_uploader_once_opened():
    closed = open_page(lang="ru")
    opened = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    opened.query_params["lang"] = "ru"
    opened.session_state["load_panel"] = True
    opened.switch_page("pages/indicators.py").run()
    assert not closed.table and not opened.exception
    assert len(opened.table) == 1 and len(opened.table[0].value) == len(il.catalog())  # the catalogue, in full


@pytest.mark.parametrize("params, label, link", [
    ({"lang": "en", "c": "KGZ"}, "Show example data (not project results)", "lang=en&c=KGZ&example=1"),
    ({"lang": "ru", "example": "1", "c": "KGZ"}, "Скрыть пример данных", "lang=ru&c=KGZ"),
])
def test_the_example_data_switch_is_a_link_to_the_same_view_with_it_switched(params, label, link):
    at = open_page(**params)
    links = {l.proto.label: l.proto.query_string for l in at.main.get("page_link")}
    assert not at.exception and links.get(label) == link, links
