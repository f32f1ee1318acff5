"""The /indicators page under AppTest: every view in both languages, figures from the data exactly, controls that hold,
tables without None/nan, small survivor counts never shown, hostile files refused with a clear message."""
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import ui.components
from loaders import indicators as il
from tests.apptest_helpers import APP, array, specs, title_of
from ui.i18n import translate

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "indicators"
PAGE = "pages/indicators.py"
SURVIVORS_EN = "Trafficking survivors given direct support"
LATIN_WORD = re.compile(r"[A-Za-z]{4,}")
PLOTLY_SYNTAX = re.compile(r"%\{[^}]*\}|<extra></extra>|</?(b|br|sup)>")
CHART_KEYS = ("ind_published", "ind_progress", "ind_trend", "ind_sex", "ind_age_group", "ind_tiers", "ind_law")
EMPTY_CELLS = {"None", "nan", "NaN", "<NA>", "NaT"}


def open_page(params: dict, tables: tuple[str, ...] = CHART_KEYS, boxes: tuple[str, ...] = ()) -> AppTest:
    """Open the indicators page from a link, the named charts' data blocks (and other boxes) open."""
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    for key in tables:
        at.session_state[f"table_{key}"] = True
    for key in boxes:
        at.session_state[key] = True
    return at.switch_page(PAGE).run()


def ok(at: AppTest) -> bool:
    """No exception and no error box other than a refused file's report."""
    assert not at.exception, [e.message for e in at.exception]
    return True


def chart_texts(spec: dict) -> list[str]:
    """Every piece of text a reader sees in a figure: titles, axis titles, legend names, labels, hover templates."""
    layout = spec["layout"]
    texts = [layout.get("title", {}).get("text", "")] + [a.get("text", "") for a in layout.get("annotations", [])]
    texts += [v.get("title", {}).get("text", "") for k, v in layout.items() if k.startswith(("xaxis", "yaxis"))]
    texts += [str(t) for k, v in layout.items() if k.startswith(("xaxis", "yaxis")) for t in v.get("ticktext", [])]
    for trace in spec["data"]:
        texts += [trace.get("name") or "", trace.get("hovertemplate") or ""] + [str(x) for x in trace.get("text") or []]
        texts += [str(y) for y in array(trace.get("y")) if isinstance(y, str)]
    return [PLOTLY_SYNTAX.sub(" ", t) for t in texts]


def watch_downloads(monkeypatch) -> list[pd.DataFrame]:
    """Record every frame the page offers as a CSV download."""
    downloads, original = [], ui.components.download_csv
    monkeypatch.setattr(ui.components, "download_csv",
                        lambda frame, *a, **k: (downloads.append(frame.copy()), original(frame, *a, **k)))
    return downloads


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A DATA_DIR with the real snapshot and an empty indicators folder; returns that folder."""
    for sub in (ROOT / "data").iterdir():
        if sub.is_dir() and sub.name != "indicators":
            (tmp_path / sub.name).symlink_to(sub)
    folder = tmp_path / "indicators"
    folder.mkdir()
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    return folder


# ---- nothing loaded: the published results first ---------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ru"])
def test_with_nothing_loaded_the_first_chart_is_the_published_results_then_the_tip_tiers(lang):
    at = open_page({"lang": lang})
    assert ok(at) and at.title[0].value == translate("indicators.title", lang)
    titles = [title_of(s) for s in specs(at)]
    assert len(titles) == 2 and titles[1] == translate("indicators.tip.strip_title", lang)
    assert titles[0].startswith(translate("indicators.pub.chart_title", lang, first="2019", last="2024"))
    assert any("data/indicators" in i.value for i in at.info)


@pytest.mark.parametrize("lang, labels", [
    ("en", ["over 31,000 people", "more than 2,887 people", "over 13,000 people", "844 people"]),
    ("ru", ["свыше 31\u00a0000 человек", "более 2\u00a0887 человек", "свыше 13\u00a0000 человек", "844 человека"]),
])
def test_the_published_chart_draws_the_regional_totals_exactly_as_published_each_with_its_unit_and_source(lang, labels):
    published = pd.read_csv(ROOT / "data" / "project" / "published_results.csv")
    totals = published[published["period"].str.contains("cumulative")]
    bars = specs(open_page({"lang": lang}))[0]["data"][0]
    assert array(bars["x"]) == totals["value"].tolist() == [31000, 2887, 13000, 844]
    assert bars["text"] == labels
    assert {row[3] for row in bars["customdata"]} == set(totals["source_url"])  # each bar's source in its hover


def test_the_published_chart_works_as_the_story_step_in_both_languages_with_three_lines_at_most():
    from figures import FigureContext
    from figures import indicators as fi
    from figures.story import STORY, builder
    from loaders.datasets import load

    step = next(s for s in STORY if s.id == "project_results")
    for lang in ("en", "ru"):
        for country in ("KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS"):
            fc = FigureContext(load=load, lang=lang, t=lambda k, **v: translate(k, lang, **v), country=country)
            chart = builder(step)(fc, **step.choices)
            assert builder(step) is fi.published_results and 1 <= len(chart.lines) <= 3
            assert all(len(line) <= 90 and "indicators." not in line for line in chart.lines)
            assert chart.table.shape == (4, 6) and chart.provs[0].file == "published_results.csv"


def test_the_earlier_published_figures_are_drawn_once_their_box_is_opened(monkeypatch):
    downloads = watch_downloads(monkeypatch)
    closed, opened = open_page({"lang": "en"}, tables=()), open_page({"lang": "en"}, tables=(), boxes=("pub_more",))
    assert ok(closed) and ok(opened) and not closed.dataframe
    assert len(opened.dataframe[0].value) == 9  # earlier fact sheets, single sites, funding
    assert any(len(d) == 13 for d in downloads)  # the CSV holds every published figure
    assert "nearly 500 people" in opened.dataframe[0].value["Figure as published"].tolist()


# ---- example data: every view -----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ru"])
def test_example_data_draws_every_view_first_the_progress_and_each_says_it_is_example_data(lang):
    banner = translate("indicators.example.banner", lang)
    at = open_page({"lang": lang, "example": "1"})
    assert ok(at)
    figures = specs(at)
    assert len(figures) == 6  # progress, trend, by sex, by age, the published results, the TIP tiers
    assert title_of(figures[0]).startswith(translate("indicators.chart.progress_title", lang, period="2025"))
    assert all(banner in title_of(f) for f in figures[:4]) and any(banner in w.value for w in at.warning)


def test_no_english_in_the_charts_of_the_russian_page():
    for params in ({"lang": "ru", "example": "1"}, {"lang": "ru", "tip": "figures"}):
        at = open_page(params)
        words = {w for f in specs(at) for text in chart_texts(f) for w in LATIN_WORD.findall(text)}
        assert ok(at) and words <= {"winrock", "contracts", "request", "application"}, words  # the source link


def test_no_english_in_the_russian_pages_words_controls_and_tables():
    at = open_page({"lang": "ru", "example": "1"}, boxes=("table_ind_values",))
    texts = [e.value for kind in ("markdown", "subheader", "info", "warning", "title") for e in at.get(kind)]
    texts += [c.value for c in at.caption if "Источник" not in c.value]  # source lines cite publishers by name
    texts += [w.label for w in [*at.button_group, *at.selectbox]] + [e.label for e in at.expander]
    texts += [tab.label for tab in at.tabs]
    texts += [str(c) for d in at.dataframe for c in d.value.columns]
    words = {w for text in texts for w in LATIN_WORD.findall(text)}
    assert ok(at) and words == set(), words


def test_the_tables_and_downloads_hold_no_none_or_nan(monkeypatch):
    downloads = watch_downloads(monkeypatch)
    at = open_page({"lang": "en", "example": "1", "period": "2025Q2"}, boxes=("table_ind_values", "pub_more"))
    frames = [d.value for d in at.dataframe] + downloads
    assert ok(at) and len(frames) >= 8
    bad = [(list(f.columns)[:3], c) for f in frames for c in f.to_numpy().ravel()
           if c is None or (isinstance(c, float) and math.isnan(c)) or str(c) in EMPTY_CELLS]
    assert bad == []


# ---- controls: in sight, one or two clicks, held ----------------------------------------------------------------

def test_a_link_reopens_the_exact_view_and_the_charts_follow_it():
    at = open_page({"lang": "en", "example": "1", "c": "KGZ,UZB", "ir": "IR2,IR3", "period": "2024", "ind": "IR2-SUPPORT",
                    "measure": "convictions", "tip": "figures"})
    assert ok(at)
    assert at.button_group(key="url_c").value == ["KGZ", "UZB"] and at.button_group(key="url_ir").value == ["IR2", "IR3"]
    assert (at.selectbox(key="url_period").value, at.selectbox(key="url_ind").value) == ("2024", "IR2-SUPPORT")
    progress, trend = specs(at)[:2]
    assert {y for t in progress["data"] for y in array(t.get("y"))} == {"Kyrgyz Republic", "Uzbekistan"}
    assert "2024" in title_of(progress) and title_of(trend).startswith("Migrants and potential migrants given direct support")
    assert title_of(specs(at)[-1]).endswith("Convictions") and at.selectbox(key="url_measure").value == "convictions"


def test_two_choices_hold_across_a_tip_tab_a_page_switch_and_the_language():
    at = open_page({"lang": "en", "example": "1"}, tables=())
    at.button_group(key="url_c").set_value(["KGZ", "TJK", "UZB"]).run()  # one click: a country off
    at.selectbox(key="url_period").select("2024").run()
    at.session_state["tabs_tip_en"] = translate("indicators.tip.view.figures", "en")
    at.run()
    at.selectbox(key="url_measure").select("convictions").run()
    at.query_params.clear()  # the sidebar's page links carry only the language
    at.query_params["lang"] = "en"
    at.switch_page("pages/sources.py").run()
    at.switch_page(PAGE).run()
    assert ok(at)
    assert at.button_group(key="url_c").value == ["KGZ", "TJK", "UZB"] and at.selectbox(key="url_period").value == "2024"
    assert at.selectbox(key="url_measure").value == "convictions"
    held = {"c": "KGZ,TJK,UZB", "period": "2024", "tip": "figures", "measure": "convictions", "example": "1"}
    assert {k: at.query_params[k] for k in held} == held
    # The language link, like the example switch, opens this view with linked_params(): every choice rides along.
    # (AppTest cannot follow a link to another language: tests/e2e/test_indicators_state.py does, in Chromium.)
    switch = next(l.proto.query_string for l in at.main.get("page_link"))
    assert dict(p.split("=") for p in switch.replace("%2C", ",").split("&")) == {"lang": "en", **held, "example": "0"}


@pytest.mark.parametrize("params, label, link", [
    ({"lang": "en", "c": "KGZ"}, "Show example data (not project results)", {"lang": "en", "c": "KGZ", "example": "1"}),
    ({"lang": "ru", "example": "1", "c": "KGZ"}, "Скрыть пример данных", {"lang": "ru", "c": "KGZ", "example": "0"}),
])
def test_the_example_data_switch_is_a_link_to_the_same_view_with_it_switched(params, label, link):
    at = open_page(params, tables=())
    links = {l.proto.label: dict(p.split("=") for p in l.proto.query_string.split("&")) for l in at.main.get("page_link")}
    assert ok(at) and links.get(label) == link, links


def test_hiding_the_example_data_returns_to_the_published_results_and_leaves_it_out_of_the_link():
    at = open_page({"lang": "en", "example": "1"}, tables=())
    at.query_params["example"] = "0"  # what the link opens
    at.run()
    assert ok(at) and title_of(specs(at)[0]).startswith("Published results") and "example" not in at.query_params


# ---- files in the folder: reports, masking, hostile values -------------------------------------------------------

def test_files_in_the_folder_load_at_start_bad_ones_are_reported_and_small_survivor_counts_never_show(data_dir, monkeypatch):
    for name in ("EXAMPLE_valid_export_not_project_results.csv", "bad_numbers.csv"):
        (data_dir / name).write_bytes((FIX / name).read_bytes())
    downloads = watch_downloads(monkeypatch)
    at = open_page({"lang": "en", "period": "2023", "ind": "IR3-SURVIVORS"}, boxes=("table_ind_values",))
    assert ok(at)
    assert any("bad" in e.value and "was refused: 6 problems" in e.value for e in at.error)  # the name is markdown-escaped
    progress = specs(at)[0]
    bars = {(y, text) for t in progress["data"] if t.get("mode") == "text" for y, text in zip(t["y"], t["text"])}
    assert ("Kyrgyz Republic", "80% · behind") in bars and ("Uzbekistan", "120% · achieved") in bars  # 800/1000, 1200/1000
    shown = [d.value for d in at.dataframe] + downloads
    assert all(leaks(frame) == [] for frame in shown)
    assert any((frame.get("Value") == "<5").any() for frame in downloads if "Value" in frame)
    survivors = [f for f in specs(at) if title_of(f).startswith(SURVIVORS_EN)]
    assert survivors and any("only counts of survivors below 5" in i.value for i in at.info)
    for spec in survivors:  # no small number in any label
        assert not any(re.fullmatch(r"[0-4]", str(x)) for t in spec["data"] for x in (t.get("text") or []))


def leaks(frame: pd.DataFrame) -> list[str]:
    """Survivor counts below 5 in a project table (the TIP Report's government figures, with a report year, apart)."""
    if "Report year" in frame:
        return []
    rows = frame[frame["Indicator"] == SURVIVORS_EN] if "Indicator" in frame else frame
    cells = [c for col in ("Value", "Baseline") if col in rows for c in rows[col].astype(str)]
    return [c for c in cells if c.strip() in {"0", "1", "2", "3", "4"}]


ISSUE_18 = {"2024": 20, "2024Q1": 3, "2024Q2": 5, "2024Q3": 6, "2024Q4": 6}


@pytest.mark.parametrize("period", ["2024", "2024Q2"])
def test_a_year_total_beside_its_quarters_gives_no_masked_quarter_away(data_dir, monkeypatch, period):
    lines = ["indicator_code,country_iso3,period,sex,age_group,value"]
    lines += [f"IR3-SURVIVORS,UZB,{p},total,total,{v}" for p, v in ISSUE_18.items()]
    (data_dir / "survivors.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    downloads = watch_downloads(monkeypatch)
    at = open_page({"lang": "en", "period": period}, boxes=("table_ind_values",))
    assert ok(at)
    cells = {str(c) for f in [d.value for d in at.dataframe] + downloads for col in f.columns if "alue" in str(col)
             for c in f[col]}
    texts = {str(x) for s in specs(at) if title_of(s).startswith(SURVIVORS_EN) for t in s["data"]
             for x in [*(t.get("text") or []), *json.dumps(t.get("customdata") or []).split('"')]}
    assert ("20" if period == "2024" else "6") in cells | texts  # the year total (or a shown quarter) is there
    assert not (cells | texts) & {"3", "5"}  # Q1 (3) and the next smallest, Q2 (5), are hidden
    heights = [y for s in specs(at) if title_of(s).startswith(SURVIVORS_EN) for t in s["data"]
               if t.get("legendgroup") != "masked" for y in array(t.get("y"))]  # masked bars all stand at the threshold
    assert heights and not {3, 5} & set(heights)


@pytest.mark.parametrize("lang, words", [
    ("en", ["was refused: 1 problem.", "larger than any count the project reports"]),
    ("ru", ["отклонён: 1 ошибка.", "больше любого числа, которое сообщает проект"]),
])
def test_a_count_of_1e28_is_refused_with_a_clear_message_and_the_page_still_draws(data_dir, lang, words):
    (data_dir / "huge.csv").write_text("indicator_code,country_iso3,period,sex,age_group,value,target\n"
                                       "IR2-TRAIN,KGZ,2024,total,total,1e28,100\n", encoding="utf-8")
    at = open_page({"lang": lang})
    report = [e.value for e in at.error] + [str(c) for d in at.dataframe for c in d.value.to_numpy().ravel()]
    assert ok(at) and all(any(w in r for r in report) for w in words), report
    assert title_of(specs(at)[0]).startswith(translate("indicators.pub.chart_title", lang, first="2019", last="2024"))


# ---- loading panel, TIP provenance -------------------------------------------------------------------------------

def test_the_load_panel_draws_its_templates_catalogue_and_uploader_once_opened():
    closed, opened = open_page({"lang": "ru"}, tables=()), open_page({"lang": "ru"}, tables=(), boxes=("load_panel",))
    assert ok(closed) and ok(opened) and not closed.table
    assert len(opened.table) == 1 and len(opened.table[0].value) == len(il.catalog())  # the catalogue, in full


@pytest.mark.parametrize("lang, words", [("en", "as reported by CIA World Factbook"),
                                         ("ru", "по данным источника: Всемирная книга фактов ЦРУ")])
def test_a_tier_read_in_a_secondary_publication_says_who_reported_it_in_hover_and_table(lang, words):
    at = open_page({"lang": lang}, tables=("ind_tiers",))
    strip = next(s for s in specs(at) if title_of(s) == translate("indicators.tip.strip_title", lang))
    hovers = {(row[0], row[1], row[2]) for t in strip["data"] for row in t.get("customdata") or []}
    tjk = name_of("TJK", lang)
    assert (tjk, 2024, words) in hovers  # read in the CIA World Factbook
    assert (tjk, 2020, translate("indicators.tip.ev.stated", lang)) in hovers  # read in the report (a full copy)
    table = next(d.value for d in at.dataframe if translate("indicators.tip.evidence", lang) in d.value)
    assert words in table[translate("indicators.tip.evidence", lang)].tolist()


def name_of(iso3: str, lang: str) -> str:
    """A country's name in the language."""
    from geo.countries import name
    return name(iso3, lang)
