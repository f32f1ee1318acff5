"""The remittances page in English and Russian, its figures against the snapshot, and its URL round trip."""
import re

import pytest

from tests.apptest_helpers import array, open_page, points, specs

PAGE = "pages/remittances.py"
PLOTLY_CHARTS = 5  # dependence, ranking, sources, corridor costs, average costs
TABLES = ("remit_dep", "remit_rank", "remit_src", "remit_corr", "remit_avg")  # data tables are drawn once opened
ALLOWED_LATIN = {"COVID", "KNOMAD", "ISO3"}  # names that stay Latin in Russian text too


@pytest.fixture(scope="module")
def english():
    """The default view in English."""
    return open_page({"lang": "en"}, PAGE)


@pytest.fixture(scope="module")
def russian():
    """The default view in Russian."""
    return open_page({"lang": "ru"}, PAGE, TABLES)


@pytest.mark.parametrize("page, title", [("english", "Remittances"), ("russian", "Денежные переводы")])
def test_the_page_draws_every_chart_without_errors(page, title, request):
    at = request.getfixturevalue(page)
    assert not at.exception
    assert at.title[0].value == title
    assert len(at.get("plotly_chart")) == PLOTLY_CHARTS


def test_tajikistan_2024_is_first_of_160_at_47_15_percent_in_the_ranking_and_the_sentences(english):
    bars = specs(english)[1]["data"][0]
    assert bars["y"][0] == "1. Tajikistan" and array(bars["x"])[0] == pytest.approx(47.153119, abs=1e-6)
    text = "\n".join(m.value for m in english.markdown)
    assert "Tajikistan received remittances worth 47.2% of its GDP: 1st of 160 economies" in text
    assert "Uzbekistan: 17th of 160" in text and "Turkmenistan: no value in 2024" in text


def test_the_ranking_adds_central_asian_countries_ranked_below_the_top_twenty(english):
    labels = specs(english)[1]["data"][0]["y"]
    assert len(labels) == 22 and labels[-1] == "149. Kazakhstan"


def test_turkmenistan_gaps_and_modelled_estimates_are_said_on_screen(english):
    notes = " ".join(i.value for i in english.info)
    assert "Turkmenistan reports almost nothing" in notes and "no corridor into Turkmenistan" in notes
    assert "Modelled estimates" in specs(english)[2]["layout"]["title"]["subtitle"]["text"]


def test_russian_mode_shows_no_english_words_in_text_titles_and_chart_labels(russian):
    texts = [e.value for kind in ("markdown", "subheader", "info", "title") for e in russian.get(kind)]
    texts += [c.value for c in russian.caption if not c.value.startswith("Источник")]  # citations keep publishers' names
    for spec in specs(russian):
        texts += [spec["layout"]["title"]["text"]] + [str(tr.get("name", "")) for tr in spec["data"]]
        texts += [y for tr in spec["data"] for y in array(tr.get("y")) if isinstance(y, str)]
        texts += [a.get("text", "") for a in spec["layout"].get("annotations", [])]
    for frame in (d.value for d in russian.dataframe):  # the data tables, ISO3 code columns apart
        codes = [c for c in frame.columns if "ISO3" in c]
        texts += [str(c) for c in frame.columns if c not in codes]
        texts += [v for c in frame.columns if c not in codes for v in frame[c] if isinstance(v, str)]
    latin = {w for text in texts for w in re.findall(r"[A-Za-z]{3,}", text)} - ALLOWED_LATIN
    assert not latin


def test_russian_mode_formats_numbers_with_a_decimal_comma(russian):
    facts = next(m.value for m in russian.markdown if "Таджикистан: в 2024 г." in m.value)
    assert "47,2%" in facts and "1-е место из 160" in facts and "47.2" not in facts


URL = {"lang": "en", "c": "TJK,KGZ,WLD", "m": "pct", "v": "official", "years": "2000-2021", "ry": "2015", "since": "2010"}


@pytest.fixture(scope="module")
def linked():
    """The page opened from a shared link."""
    return open_page(URL, PAGE, TABLES)


def test_a_link_reopens_the_exact_view_in_the_widgets(linked):
    assert not linked.exception
    assert linked.multiselect(key="url_c").value == ["KGZ", "TJK", "WLD"]
    assert linked.selectbox(key="url_v").value == "official"
    assert linked.slider(key="url_years").value == (2000, 2021)
    assert (linked.selectbox(key="url_ry").value, linked.selectbox(key="url_since").value) == (2015, 2010)


def test_a_link_reopens_the_exact_view_in_the_charts_and_their_data(linked):
    dep, rank = specs(linked)[:2]
    drawn = points(dep)
    assert {n for n, _, _ in drawn} == {"Kyrgyz Republic", "Tajikistan", "World"}
    assert min(x for _, x, _ in drawn) >= 2000 and max(x for _, x, _ in drawn) == 2021
    assert "2015" in rank["layout"]["title"]["text"]
    table = linked.dataframe[0].value
    assert len(table) == len(drawn) and set(table["Vintage"]) == {"2023-05-10"}
    assert set(table["Values"]) == {"official"} and sorted(table.columns)[0] == "% of GDP"


def test_changing_a_control_changes_the_chart_its_data_and_the_link_together(linked):
    linked.selectbox(key="url_m").set_value("usd").run()
    dep = specs(linked)[0]
    table = linked.dataframe[0].value
    assert dep["layout"]["title"]["text"] == "Remittances received, US$ billions"
    assert len(table) == len(points(dep)) and set(table["Vintage"]) == {"2026-07-01"}
    assert "US$ billions" in table.columns
    assert linked.query_params["m"] == "usd"
