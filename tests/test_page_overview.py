"""The overview page in English and Russian: six country cards and the map, figures equal to the snapshot."""
import re

import pytest

from geo.countries import FOCUS
from tests.apptest_helpers import open_page, specs


@pytest.fixture(scope="module")
def english():
    """The overview in English."""
    return open_page({"lang": "en"})


@pytest.fixture(scope="module")
def russian():
    """The overview in Russian."""
    return open_page({"lang": "ru"})


def cards(at) -> list[str]:
    """The six country cards' Markdown, in the page's order."""
    return [m.value for m in at.markdown if m.value.startswith("### ")]


@pytest.mark.parametrize("page, title", [("english", "Safe migration and remittances in Central Asia"),
                                         ("russian", "Безопасная миграция и денежные переводы в Центральной Азии")])
def test_the_overview_draws_six_cards_and_one_map_without_errors(page, title, request):
    at = request.getfixturevalue(page)
    assert not at.exception
    assert at.title[0].value == title
    assert len(cards(at)) == len(FOCUS) and len(at.get("plotly_chart")) == 1


@pytest.mark.parametrize("page, label, value, delta", [
    ("english", "Remittances, % of GDP, 2024", "47.2%", "+9.3 pp vs 2023"),
    ("russian", "Переводы, % ВВП, 2024 г.", "47,2%", "+9,3 п. п. к 2023 г."),
])
def test_tajikistans_card_shows_the_computed_2024_share_and_its_change(page, label, value, delta, request):
    card = cards(request.getfixturevalue(page))[FOCUS.index("TJK")]
    assert f"{label}\n\n## {value}\n\n{delta}" in card


def test_turkmenistans_card_shows_how_old_its_latest_value_is(english):
    card = cards(english)[FOCUS.index("TKM")]
    assert "Remittances, % of GDP, 1996\n\n" in card and "No value for the year before" in card
    assert any("Turkmenistan reports almost nothing" in i.value for i in english.info)


def test_the_map_colours_the_2024_computed_shares_and_leaves_turkmenistan_as_a_gap(english):
    spec = specs(english)[0]
    coloured = next(tr for tr in spec["data"] if tr.get("showscale") is not False)
    assert set(coloured["locations"]) == {"KAZ", "KGZ", "TJK", "UZB", "RUS"}
    assert "2024" in spec["layout"]["title"]["text"]
    assert any("Turkmenistan: no value for 2024" in i.value for i in english.info)


def test_emigrant_counts_equal_the_un_desa_2024_sums(english):
    text = "\n".join(m.value for m in english.markdown)
    assert "514,478 people in 31 countries" in text  # Tajikistan 2024, summed over every destination row in the file


def test_each_card_opens_its_country_page_and_every_link_keeps_the_language(russian):
    links = [(link.proto.page, link.proto.query_string) for link in russian.main.get("page_link")]
    cards = [q for page, q in links if page == "country" and "country=" in q]
    assert cards == [f"country={c}&lang=ru" for c in FOCUS]
    assert all("lang=ru" in q for _, q in links) and len(links) == len(FOCUS)  # the sidebar links the pages


def test_russian_overview_shows_no_english_words_outside_citations(russian):
    texts = [e.value for kind in ("markdown", "subheader", "header", "info", "title") for e in russian.get(kind)]
    texts = [re.sub(r"\(data:image/svg\+xml;base64,[A-Za-z0-9+/=]+\)", "", text) for text in texts]  # trend images
    texts += [c.value for c in russian.caption if not c.value.startswith("Источник")]
    spec = specs(russian)[0]
    texts += [spec["layout"]["title"]["text"]] + [str(v) for tr in spec["data"] for v in tr.get("customdata") or []]
    assert not {w for text in texts for w in re.findall(r"[A-Za-z]{3,}", text)}


@pytest.mark.parametrize("page", ["english", "russian"])
def test_each_card_with_a_trend_draws_it_as_an_image_described_in_words(page, request):
    images = [m.value for m in request.getfixturevalue(page).markdown if "data:image/svg+xml" in m.value]
    assert len(images) == 5  # Turkmenistan: too few years for a line (its gap note says so)
    alt = re.search(r"!\[([^\]]+)\]", images[2]).group(1)  # Tajikistan
    assert alt.endswith(("47.2% of GDP", "47,2% ВВП"))
