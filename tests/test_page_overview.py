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


@pytest.mark.parametrize("page, value, line", [
    ("english", "47.2%", "of GDP in 2024 · +9.3 pp on 2023"),
    ("english", "\\<0.01%", "of GDP in 2019, the World Bank's published value (vintage 2023-05-10) · +\\<0.01 pp on 2018"),
    ("russian", "47,2\u00a0%", "ВВП в 2024\u00a0г. · +9,3\u00a0п.\u00a0п. к 2023\u00a0г."),
])
def test_tajikistans_card_shows_the_computed_2024_share_and_its_change(page, value, line, request):
    card = "\n".join(cards(request.getfixturevalue(page)))
    assert f"## {value}\n\n{line}" in card


def test_turkmenistans_card_shows_its_latest_official_value_with_its_year_not_a_1996_computed_one(english):
    card = cards(english)[FOCUS.index("TKM")]
    assert "## \\<0.01%\n\nof GDP in 2019, the World Bank's published value (vintage 2023-05-10)" in card
    assert "of GDP in 1996" not in card and "Trend 2010–2019" in card  # the line joins consecutive years only
    assert any("Turkmenistan publishes almost no remittance data" in i.value for i in english.info)


def test_the_map_colours_the_2024_computed_shares_and_leaves_turkmenistan_as_a_gap(english):
    spec = specs(english)[0]
    coloured = next(tr for tr in spec["data"] if tr.get("showscale") is not False)
    assert set(coloured["locations"]) == {"KAZ", "KGZ", "TJK", "UZB", "RUS"}
    assert "2024" in spec["layout"]["title"]["text"]
    assert any("Turkmenistan: no value for 2024" in i.value for i in english.info)


@pytest.mark.parametrize("page, line", [
    ("english", "People born here living abroad (2024): 514,478 in 31 countries; 42.6% are women"),
    ("russian", "Эмигранты за рубежом (2024\u00a0г.): 514\u00a0478\u00a0чел. в 31 стране; женщин\u00a0— 42,6\u00a0%"),
    ("english", "Immigrants living here (2024): 7,605,774, from"),
])
def test_people_abroad_and_russias_immigrants_equal_the_un_desa_2024_sums_with_the_share_of_women(page, line, request):
    text = "\n".join(m.value for m in request.getfixturevalue(page).markdown).replace("\\", "")
    assert line in text  # Tajikistan and Russia 2024, summed over every row in the file (other or unknown included)


def test_each_card_opens_its_country_page_and_every_link_keeps_the_language(russian):
    links = [(link.proto.page, link.proto.query_string) for link in russian.main.get("page_link")]
    cards = [q for page, q in links if page == "country" and "country=" in q]
    assert cards == [f"country={c}&lang=ru" for c in FOCUS]
    assert [link.proto.label for link in russian.main.get("page_link")][1] == "Открыть страницу Кыргызстана"
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
    assert len(images) == 6  # Turkmenistan's from the official series, 2010-2019
    alt = re.search(r"!\[([^\]]+)\]", images[2]).group(1)  # Tajikistan
    assert alt.endswith(("47.2% of GDP", "47,2\u00a0% ВВП"))
