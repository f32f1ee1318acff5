"""The country page under AppTest: both languages, the URL round trip, Turkmenistan's gaps first, bad links."""
import base64
import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")
CHARTS = 7  # dependence, map, destinations, origins, corridor cost, tier strip, law figures
# Proper names and codes that stay Latin in Russian text.
LATIN_OK = {"USAID", "SMICA", "Winrock", "International", "Remittance", "Prices", "Worldwide", "TIP", "COVID", "PDF", "A4",
            "WDI"}


def open_country(**params) -> AppTest:
    """Run the app once with the URL parameters, then switch to the country page."""
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page("pages/country.py").run()


@lru_cache(maxsize=None)
def viewed(lang: str, iso3: str) -> AppTest:
    """A page run shared by the tests that only read it (AppTest runs are the slow part)."""
    return open_country(lang=lang, country=iso3)


def array(value) -> list:
    """Decode a plotly array (a list, or a typed array sent as base64 'bdata')."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    return list(value)


def specs(at: AppTest) -> list[dict]:
    """Return the plotly specs drawn on the page."""
    return [json.loads(p.proto.spec) for p in at.get("plotly_chart")]


def param(at: AppTest, name: str):
    """Read a URL parameter as a plain string."""
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize("lang, iso3, title", [("ru", "KGZ", "Кыргызстан"), ("en", "TKM", "Turkmenistan")])
def test_the_page_draws_every_chart_in_both_languages(lang, iso3, title):
    at = viewed(lang, iso3)
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == title
    assert len(at.get("plotly_chart")) == CHARTS - (iso3 == "TKM")  # Turkmenistan has no cost corridor: said instead
    assert len(at.metric) == 9


def test_russian_mode_shows_no_english_in_headings_figures_messages_or_chart_titles():
    at = viewed("ru", "KGZ")
    texts = [s.value for s in at.subheader] + [m.label + " " + m.value for m in at.metric]
    texts += [m.value for m in at.markdown] + [s["layout"]["title"]["text"] for s in specs(at)]
    texts += [str(tr.get(k, "")) for s in specs(at) for tr in s["data"] for k in ("name", "hovertemplate")]
    texts = [re.sub(r"%\{[^}]*\}|<[^>]+>|https?://\S+", " ", text) for text in texts]  # placeholders, tags, links
    words = {w for text in texts for w in re.findall(r"[A-Za-z]{2,}", text)}
    assert words <= LATIN_OK, words - LATIN_OK


def test_turkmenistans_page_puts_what_the_data_does_not_show_before_the_charts():
    at = viewed("en", "TKM")
    heads = [s.value for s in at.subheader]
    assert heads.index("What the data does not show") < heads.index("Remittance dependence over time")
    assert any("1997–2024" in m.value for m in at.markdown)


def test_the_country_in_the_url_sets_the_widget_the_charts_and_stays_in_the_url():
    at = open_country(lang="en", country="KGZ")
    assert at.selectbox[0].value == "KGZ"
    assert param(at, "country") == "KGZ"
    bars = next(s for s in specs(at) if s["layout"]["title"]["text"].startswith("Top 10 destinations"))
    assert array(bars["data"][0]["y"])[0] == "Russia" and array(bars["data"][0]["x"])[0] == 591025  # UN DESA 2020
    at.selectbox[0].set_value("UZB").run()
    assert param(at, "country") == "UZB"
    assert at.title[0].value == "Uzbekistan"


@pytest.mark.parametrize("params", [{"country": "XYZ"}, {}])
def test_a_missing_or_unknown_country_lists_the_valid_pages_instead_of_failing(params):
    at = open_country(lang="ru", **params)
    assert not at.exception
    assert at.title[0].value == "Страницы стран"
    links = at.get("page_link")
    assert len(links) == 6
    assert not at.get("plotly_chart")
