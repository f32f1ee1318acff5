"""The country brief: a one-page A4 PDF in the chosen language, Cyrillic included, charts drawn without a browser."""
import io
import re

import pandas as pd
import pytest
from pypdf import PdfReader

from figures import country as fcn
from geo.countries import FOCUS, name
from loaders.datasets import load
from reports import brief
from tests.figure_helpers import context
from transforms import country as tc
from transforms.vintages import Vintages, latest_vintage
from ui.i18n import translate

WDI, _ = load("wdi_series")
STOCK, _ = load("migrant_stock")
SOURCES = ["World Bank, WDI (vintage 2026-07-01; CC BY 4.0)", "UN DESA, International Migrant Stock 2024"]
YEAR, VINTAGE = tc.stock_year(STOCK), latest_vintage(WDI)  # 2024 and 2026-07-01, read from the data


def make(iso3: str, lang: str, messages=None, sources=None) -> bytes:
    """Build the brief of a country from the snapshot with the real catalogue texts."""
    tr = lambda key, **v: translate(key, lang, **v)  # noqa: E731
    cards = [(tr(f"country.fig.{k}"), "1", "2024") for k in ("population", "gdp", "pct", "usd", "rank", "emigrants")]
    series = tc.series(WDI, iso3, tc.PCT)
    dest = tc.partners(STOCK, iso3, "out", YEAR).assign(name=lambda d: d.iso3.map(lambda c: name(c, lang)))
    content = brief.compose(tr, lang, iso3, cards, messages or [tr("country.chart.law_summary")],
                            series, dest, sources or SOURCES, "2026-11-28", VINTAGE, YEAR)
    return brief.build(content)


def page_brief(iso3: str, lang: str) -> tuple[brief.Brief, bytes]:
    """The brief the country page offers: its cards, messages and charts from figures/country.py."""
    fc = context(lang, iso3)
    content = fcn.brief(fc, fcn.facts(fc), SOURCES, "2026-11-28")
    return content, brief.build(content)


def text_of(pdf: bytes) -> tuple[int, str]:
    """Return the page count and extracted text of a PDF."""
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


@pytest.mark.parametrize("iso3, lang", [("TJK", "ru"), ("TKM", "ru"), ("KGZ", "en")])
def test_the_brief_is_a_one_page_pdf_with_the_country_name_in_its_language(iso3, lang):
    pdf = make(iso3, lang)
    pages, text = text_of(pdf)
    assert pdf.startswith(b"%PDF")
    assert pages == 1
    assert name(iso3, lang) in text


@pytest.mark.parametrize("lang, title", [("en", "Kyrgyz Republic"), ("ru", "Кыргызская Республика")])
def test_the_kyrgyz_brief_is_titled_with_the_formal_name_in_each_language(lang, title):
    content, pdf = page_brief("KGZ", lang)
    assert content.title == title and title in text_of(pdf)[1]


@pytest.mark.parametrize("lang, date", [("en", "28 Nov 2026"), ("ru", "28.11.2026")])
def test_the_brief_writes_the_data_date_as_the_language_writes_dates(lang, date):
    content, _ = page_brief("TJK", lang)
    assert date in content.subtitle and date in content.footer and "2026-11-28" not in content.subtitle + content.footer


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("iso3", FOCUS)
def test_every_countrys_page_brief_fits_one_page_with_ten_figures_and_its_messages(iso3, lang):
    content, pdf = page_brief(iso3, lang)
    pages, text = text_of(pdf)
    assert pages == 1 and len(content.figures) == 10 and 3 <= len(content.messages) <= 6
    flat = " ".join(text.split()).replace("\xa0", " ")
    women = tc.pct_text(tc.women_emigrants(STOCK, iso3).value, lang).replace("\xa0", " ")
    assert women in flat  # the figure and the sentence on women among emigrants


def test_the_russian_brief_writes_percent_the_russian_way_and_the_tier_source_for_turkmenistan():
    content, pdf = page_brief("TKM", "ru")
    flat = " ".join(text_of(pdf)[1].split()).replace("\xa0", " ")
    assert "<0,01 %" in flat and "64,1 %" in flat and "по данным источника: Всемирная книга фактов ЦРУ" in flat
    assert content.line.unit.startswith("% ВВП; официальные значения Всемирного банка, версия 2023-05-10")


def test_the_russian_brief_holds_cyrillic_and_none_of_the_english_labels():
    _, text = text_of(make("TJK", "ru"))
    assert re.search(r"[А-Яа-яЁё]{4,}", text)
    for key in ("country.brief.line_title", "country.brief.sources", "country.section.messages", "country.fig.population"):
        assert translate(key, "en") not in text
        assert translate(key, "ru") in text
    latin = set(re.findall(r"[A-Za-z]{3,}", text)) - set(re.findall(r"[A-Za-z]{3,}", " ".join(SOURCES)))
    assert not latin, latin  # only the (proper) names inside the source lines may be Latin


def test_a_long_brief_still_fits_on_one_page():
    long = [translate("country.fig.help.immigrants", "ru", n="101", year="2024")] * 6
    pages, _ = text_of(make("RUS", "ru", messages=long, sources=SOURCES * 6))
    assert pages == 1


def test_a_country_without_data_gets_a_no_value_note_instead_of_a_chart():
    content = brief.compose(lambda key, **v: translate(key, "en", **v), "en", "XXX", [], ["x"],
                            pd.DataFrame(columns=["year", "value"]), pd.DataFrame(columns=["name", "value"]), [], "d", "v", 2020)
    _, text = text_of(brief.build(content))
    assert text.count(translate("country.brief.empty", "en")) == 2


@pytest.mark.parametrize("top, expected", [(47.2, [0, 20, 40, 60]), (0.19, [0, 0.05, 0.1, 0.15, 0.2]),
                                           (0, [0, 0.25, 0.5, 0.75, 1.0])])
def test_axis_ticks_are_round_and_reach_the_top(top, expected):
    assert brief.nice_ticks(top) == pytest.approx(expected)


@pytest.mark.parametrize("years, expected", [([1996], [[0]]), ([2002, 2003, 2005], [[0, 1], [2]])])
def test_missing_years_break_the_line_into_runs(years, expected):
    assert brief.runs(years) == expected


@pytest.mark.parametrize("iso3, lang", [("TJK", "ru"), ("TKM", "en")])
def test_the_sentence_on_women_among_emigrants_fits_the_brief_in_both_languages(iso3, lang):
    tr = lambda key, **v: translate(key, lang, **v)  # noqa: E731
    line = tc.message_lines(tc.women_fact(STOCK, iso3), tr, name(iso3, lang), lang, {}, Vintages(VINTAGE, None))[0]
    pages, text = text_of(make(iso3, lang, messages=[line]))
    share = tc.pct_text(tc.women_emigrants(STOCK, iso3).value, lang)
    assert pages == 1 and share.replace("\xa0", " ") in " ".join(text.split()).replace("\xa0", " ")
