"""The migration page in English and Russian, its numbers against the snapshot, and its URL round trip."""
import re

import pandas as pd
import pytest

from geo.countries import name
from tests.apptest_helpers import array, open_page, specs, title_of

PAGE = "pages/migration.py"
PLOTLY_CHARTS = 6  # choropleth, sankey, partner bars, two trends, labour points
ALLOWED_LATIN = {"ISO3", "KNOMAD", "US"}  # codes and proper names that stay Latin in Russian too


@pytest.fixture(scope="module")
def english():
    """The default view in English."""
    return open_page({"lang": "en"}, PAGE)


@pytest.fixture(scope="module")
def russian():
    """The default view in Russian."""
    return open_page({"lang": "ru"}, PAGE)


@pytest.mark.parametrize("page, title", [("english", "Migration corridors"), ("russian", "Миграционные коридоры")])
def test_the_page_draws_every_chart_and_one_flow_map_without_errors(page, title, request):
    at = request.getfixturevalue(page)
    assert not at.exception
    assert at.title[0].value == title
    assert len(at.get("plotly_chart")) == PLOTLY_CHARTS
    assert len(at.get("deck_gl_json_chart")) == 1


def test_the_2020_count_of_uzbekistan_born_people_in_russia_on_the_page_equals_the_snapshot(english):
    raw = pd.read_csv("data/migration/bilateral_migrant_stock.csv")
    expected = raw.query("origin_iso3 == 'UZB' and destination_iso3 == 'RUS' and year == 2020")["value"].item()
    bars = next(s for s in specs(english) if s["data"][0]["type"] == "bar")
    assert bars["data"][0]["y"][0] == "Russia" and array(bars["data"][0]["x"])[0] == expected


def test_russian_mode_shows_no_english_words_in_titles_text_and_chart_labels(russian):
    texts = [e.value for kind in ("markdown", "subheader", "info", "title") for e in russian.get(kind)]
    texts += [c.value for c in russian.caption if not c.value.startswith("Источник")]  # citations keep publishers' names
    for spec in specs(russian):
        texts.append(title_of(spec))
        texts += [str(tr.get("name", "")) for tr in spec["data"]] + [str(y) for tr in spec["data"] for y in array(tr.get("y") or [])
                                                                     if isinstance(y, str)]
    latin = {w for text in texts for w in re.findall(r"[A-Za-z]{3,}", text)} - ALLOWED_LATIN
    assert not latin


def test_russian_mode_formats_numbers_with_russian_separators(russian):
    summary = next(m.value for m in russian.markdown if "г." in m.value and "уроженцев" in m.value)
    assert re.search(r"\d\s\d{3}", summary) and not re.search(r"\d,\d{3}", summary)


URL = {"lang": "en", "country": "KGZ", "dir": "in", "year": "2010", "all": "1", "allc": "1"}


@pytest.fixture(scope="module")
def linked():
    """A view opened from a shared link."""
    return open_page(URL, PAGE)


def test_a_link_sets_every_control_of_the_page(linked):
    assert linked.selectbox(key="url_country").value == "KGZ"
    assert linked.radio(key="url_dir").value == "in"
    assert linked.select_slider(key="url_year").value == 2010
    assert linked.toggle(key="url_all").value is True and linked.toggle(key="url_allc").value is True


def test_a_link_sets_what_the_charts_show(linked):
    titles = [title_of(s) for s in specs(linked)]
    assert titles[0] == f"Where immigrants living in {name('KGZ')} were born, 2010"
    bars = next(s for s in specs(linked) if s["data"][0]["type"] == "bar")
    raw = pd.read_csv("data/migration/bilateral_migrant_stock.csv").query("destination_iso3 == 'KGZ' and year == 2010")
    assert array(bars["data"][0]["x"])[0] == raw["value"].max()


def test_the_link_is_kept_in_the_address_after_the_run(linked):
    assert {k: linked.query_params[k] for k in URL if k != "lang"} == {k: v for k, v in URL.items() if k != "lang"}


def test_changing_a_control_writes_it_to_the_address(english):
    english.selectbox(key="url_country").select("TJK").run()
    assert english.query_params["country"] == "TJK"
    assert title_of(specs(english)[0]) == "Where people born in Tajikistan lived, 2020"
