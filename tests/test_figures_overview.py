"""The overview's cards and regional map, built without Streamlit, in both languages."""
import pytest

from figures import overview as fo
from geo.countries import FOCUS
from tests.figure_helpers import context


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_regional_map_colours_the_latest_year_and_says_which_country_is_blank(lang):
    chart = fo.regional_map(context(lang))
    coloured = next(tr for tr in chart.figure.data if tr.showscale is not False)
    assert set(coloured.locations) == {"KAZ", "KGZ", "TJK", "UZB", "RUS"} and "2024" in chart.title
    assert 1 <= len(chart.lines) <= 3 and len(chart.table) == 5 and chart.computed


@pytest.mark.parametrize("lang, text", [
    ("en", "In 2024, Tajikistan depended most on remittances (47.2% of GDP) and Kazakhstan least (0.08%)."),
    ("ru", "В 2024\u00a0г. сильнее всего от денежных переводов зависит экономика Таджикистана (47,2\u00a0% ВВП), "
           "слабее всего\u00a0— экономика Казахстана (0,08\u00a0%)."),
])
def test_the_maps_reading_declines_the_countries_it_names(lang, text):
    assert fo.regional_map(context(lang)).summary == text


@pytest.mark.parametrize("iso3, official, year", [("TJK", False, 2024), ("KGZ", False, 2024), ("TKM", True, 2019)])
def test_a_card_shows_the_series_that_reaches_the_latest_year_and_says_which(iso3, official, year):
    card = fo.card(context("en"), iso3)
    assert (card.headline["official"], card.headline["year"]) == (official, year)
    assert card.trend_years == list(range(card.trend_years[0], year + 1))  # consecutive years only


@pytest.mark.parametrize("value, text", [(0.0044, "<0.01%"), (0.08, "0.08%"), (47.153, "47.2%"), (0.0, "0.00%")])
def test_a_tiny_share_is_never_written_as_a_false_zero(value, text):
    assert fo.pct(value, "en") == text


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_card_names_money_people_and_tier_in_its_language(lang):
    for iso3 in FOCUS:
        card = fo.card(context(lang), iso3)
        assert len(card.lines) == 3 and all(card.lines)
