"""Exported slides and chart images: a 16:9 deck of cover, one slide per chart (title, picture, source) and sources.

Geometry is checked with python-pptx on decks built from pre-drawn pictures (no browser needed); Kaleido and
LibreOffice checks run where Chromium and soffice are installed.
"""
import io
import shutil
import subprocess
from pathlib import Path

import plotly.graph_objects as go
import pytest
from PIL import Image
from pptx import Presentation

from figures import story
from reports.slides import (SLIDE_H, SLIDE_W, Box, Deck, Slide, build_deck, chart_boxes, figure_png, text_height,
                            title_box, title_size, with_source, wrap)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = shutil.which("soffice")
needs_chromium = pytest.mark.skipif(not CHROMIUM, reason="Kaleido renders with a local Chromium (apt-get install chromium)")
needs_soffice = pytest.mark.skipif(not SOFFICE or not shutil.which("pdfinfo"),
                                   reason="LibreOffice (apt-get install libreoffice-impress) and poppler-utils needed")

TITLES = {
    "short": "Remittances",
    "en": "Remittances received as a share of GDP, 1990–2024: Tajikistan, the Kyrgyz Republic, Uzbekistan, Kazakhstan, "
          "Turkmenistan and Russia, with the world average",
    "ru": "Денежные переводы, полученные в процентах от ВВП, 1990–2024 гг.: Таджикистан, Кыргызстан, Узбекистан, "
          "Казахстан, Туркменистан и Россия, в сравнении со средним по миру",
    "one long word": "Международноэкономическиеотношения" * 3,
}
SOURCES = {
    "short": "Source: World Bank",
    "long": "Source: " + "; ".join(["World Bank, World Development Indicators (vintage: 2026-07-01 (remittances received "
                                    "in US$, GDP, population, migration; % of GDP computed from them); licence: CC BY "
                                    "4.0; accessed 28 Nov 2026; copy bundled with the dashboard)"] * 4),
    "ru": "Источник: Всемирный банк, Показатели мирового развития (версия: 2026-07-01; лицензия: CC BY 4.0; дата "
          "обращения: 28.11.2026; копия в составе панели) Значения с пометкой «расчёт» вычислены для этой панели.",
}


def figure(title: str) -> go.Figure:
    """A small figure with a title."""
    return go.Figure(go.Scatter(x=[2019, 2020, 2021], y=[30.1, 26.7, 32.7]), layout=dict(title=title))


def blank_png() -> bytes:
    """A small PNG standing in for a rendered chart (geometry tests need no browser)."""
    out = io.BytesIO()
    Image.new("RGB", (64, 36), "white").save(out, format="PNG")
    return out.getvalue()


def story_deck(lang: str = "en", pictures: bool = True) -> Deck:
    """A deck of as many chart slides as the story has steps, with long titles and sources in the language."""
    slides = [Slide(TITLES[lang] if i % 2 else TITLES["short"], figure(f"Chart {i}"),
                    SOURCES["long"] if i % 3 == 0 else SOURCES["ru" if lang == "ru" else "short"],
                    footer="Remittances · data snapshot of 28 Nov 2026", notes=("A line.",),
                    subtitle=SUBTITLE if i % 4 == 1 else "") for i in range(len(story.STORY))]
    png = blank_png()
    return Deck("Safe migration and remittances in Central Asia", ("The story in 11 charts", "Data snapshot of 28 Nov 2026"),
                slides, "Sources", [SOURCES["long"], SOURCES["ru"], SOURCES["short"]],
                pictures={i: png for i in range(len(slides))} if pictures else {})


def boxes(shape_list) -> list[tuple[str, Box]]:
    """Return each shape's kind and box."""
    kind = lambda s: "picture" if s.shape_type == 13 else ("title" if s.is_placeholder else "text")  # noqa: E731
    return [(kind(s), Box(s.left, s.top, s.width, s.height)) for s in shape_list]


SUBTITLE = ("Modelled estimates (World Bank/KNOMAD), not reported flows. Uzbekistan and Turkmenistan: all inflows "
            "attributed to Russia (data limits).")


@pytest.mark.parametrize("source", SOURCES.values(), ids=SOURCES.keys())
@pytest.mark.parametrize("footer", ["", "Remittances · data snapshot of 28 Nov 2026"])
@pytest.mark.parametrize("subtitle", ["", SUBTITLE])
def test_the_title_picture_and_source_boxes_are_stacked_inside_the_slide_and_never_intersect(source, footer, subtitle):
    found = chart_boxes(source, footer, subtitle)
    stack = [b for b in (found.title, found.subtitle, found.picture, found.source) if b]
    assert len(stack) == (4 if subtitle else 3)
    for i, box in enumerate(stack):
        assert box.left >= 0 and box.top >= 0 and box.left + box.width <= SLIDE_W and box.top + box.height <= SLIDE_H
        assert all(not box.intersects(other) for other in stack[i + 1:])
    assert found.picture.height > SLIDE_H * 0.4  # the chart keeps the largest part of the slide


@pytest.mark.parametrize("text", TITLES.values(), ids=TITLES.keys())
def test_a_title_wraps_to_at_most_two_lines_at_its_size_and_its_box_holds_them(text):
    box = title_box()
    width = (box.width - 2 * 91440) / 12700
    size = title_size(text, width)
    lines = wrap(text, size, width, bold=True)
    assert len(lines) <= 2 or " " not in text  # a single word longer than the slide is the only exception
    assert text_height(min(len(lines), 2), size) <= box.height


def test_a_deck_is_16_by_9_with_a_cover_a_slide_per_story_step_and_the_sources():
    deck = Presentation(io.BytesIO(build_deck(story_deck())))
    assert (deck.slide_width, deck.slide_height) == (SLIDE_W, SLIDE_H)
    assert len(deck.slides) == len(story.STORY) + 2
    cover, *charts, sources = deck.slides
    assert "Central Asia" in cover.shapes.title.text_frame.text and "28 Nov 2026" in _texts(cover)
    assert sources.shapes.title.text_frame.text == "Sources" and "Всемирный банк" in _texts(sources)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_on_every_chart_slide_title_picture_and_source_never_intersect_and_the_title_needs_two_lines_at_most(lang):
    deck = Presentation(io.BytesIO(build_deck(story_deck(lang))))
    for slide in list(deck.slides)[1:-1]:
        found = boxes(slide.shapes)
        assert sorted(k for k, _ in found) in (["picture", "text", "title"], ["picture", "text", "text", "title"])
        for i, (_, a) in enumerate(found):
            assert all(not a.intersects(b) for _, b in found[i + 1:])
        head = slide.shapes.title
        size = head.text_frame.paragraphs[0].runs[0].font.size.pt
        assert len(wrap(head.text_frame.text, size, (head.width - 2 * 91440) / 12700, bold=True)) <= 2
        assert text_height(2, size) <= head.height


def test_every_layout_placeholder_lies_inside_the_16_by_9_slide():
    deck = Presentation(io.BytesIO(build_deck(story_deck())))
    title = next(p for p in deck.slide_layouts[5].placeholders if p.placeholder_format.idx == 0)
    assert abs((title.left + title.width / 2) - SLIDE_W / 2) < 12700  # centred on the wide slide, not on a 4:3 one
    for layout in deck.slide_layouts:
        for holder in layout.placeholders:
            assert holder.left >= 0 and holder.left + holder.width <= SLIDE_W, (layout.name, holder.name)


def _texts(slide) -> str:
    """Return all text on a slide."""
    return " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_the_source_line_is_written_under_the_chart_without_changing_the_original():
    fig = figure("Remittances")
    out = with_source(fig, "Source: World Bank")
    assert "World Bank" in out.layout.annotations[-1].text
    assert not fig.layout.annotations


@needs_chromium
def test_a_rendered_deck_has_one_picture_per_chart_drawn_without_its_own_title():
    deck = story_deck(pictures=False)
    deck.slides = deck.slides[:2]
    out = Presentation(io.BytesIO(build_deck(deck)))
    assert len(out.slides) == 4
    pictures = [s for slide in out.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == 2 and all(p.image.content_type == "image/png" for p in pictures)


@needs_chromium
def test_a_chart_image_is_a_png_at_twice_the_size():
    png = figure_png(figure("Remittances"), "Source: World Bank", scale=2)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width == 3200


def map_by_url() -> go.Figure:
    """A choropleth that names its shapes by the app's static URL, as the pages draw it."""
    from charts.maps import choropleth
    from geo.boundaries import GEOJSON_URL, read_geojson

    values = {"iso3": ["TJK", "KGZ"], "value": [47.2, 17.9], "name": ["Tajikistan", "Kyrgyz Republic"]}
    return choropleth(__import__("pandas").DataFrame(values), read_geojson(), value_col="value", title="Map",
                      colorbar_title="%", hover_name_col="name", hover_cols={}, geojson_url=GEOJSON_URL)


def test_a_map_is_exported_with_its_shapes_inline_since_kaleido_cannot_reach_the_app():
    fig = map_by_url()
    out = with_source(fig, "Source: World Bank")
    assert all(isinstance(t.geojson, dict) and t.geojson["features"] for t in out.data)
    assert all(isinstance(t.geojson, str) for t in fig.data)  # the page's figure is left as drawn


@needs_chromium
def test_a_map_image_is_a_png():
    assert figure_png(map_by_url(), "Source: UN DESA", scale=1)[:8] == b"\x89PNG\r\n\x1a\n"


@needs_soffice
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_libreoffice_opens_the_deck_and_prints_every_slide(tmp_path: Path, lang):
    path = tmp_path / f"deck_{lang}.pptx"
    path.write_bytes(build_deck(story_deck(lang)))
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    info = subprocess.run(["pdfinfo", str(path.with_suffix(".pdf"))], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == len(story.STORY) + 2


def open_share_box(params: dict[str, str], page: str):
    """Run the app on a page with the sidebar's share box open."""
    from tests.apptest_helpers import open_page

    return open_page(params, page, boxes=("share_link",))


@pytest.mark.parametrize("page, scopes", [("pages/remittances.py", ["story", "page"]), ("pages/sources.py", ["story"])])
def test_the_share_box_offers_slides_of_the_whole_story_or_of_this_pages_charts(page, scopes):
    at = open_share_box({"lang": "en"}, page)
    choice = at.sidebar.get("button_group")
    buttons = [b for b in at.sidebar.get("download_button") if "export_slides" in b.proto.id]
    assert not at.exception and len(buttons) == 1
    assert [o.content for o in choice[0].proto.options] == [{"story": "The whole story", "page": "This page"}[s]
                                                            for s in scopes]
    assert buttons[0].proto.label == f"Export slides (PPTX, {len(story.STORY) + 2} slides)"


@pytest.mark.parametrize("scope, lang, iso3, expected", [
    ("story", "en", "KGZ", "slides_story_en_KGZ_2026-11-28.pptx"),
    ("page", "ru", "", "слайды_страница_ru_2026-11-28.pptx"),
    ("story", "ru", "TJK", "слайды_презентация_ru_TJK_2026-11-28.pptx"),
])
def test_the_slides_file_is_named_with_what_it_holds_language_country_and_date(monkeypatch, scope, lang, iso3, expected):
    from datetime import date

    from ui import export
    from ui.i18n import translate

    monkeypatch.setattr(export, "t", lambda key, **values: translate(key, lang, **values))
    assert export.slides_name(scope, lang, iso3, date(2026, 11, 28)) == expected


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_story_deck_has_the_cover_a_slide_per_step_and_every_source_in_the_language(lang):
    from ui.export import story_deck

    spec = story_deck(lang, "TJK", "2026-11-28")
    deck = Deck(spec["title"], spec["subtitle"], [Slide(s["title"], s["figure"], s["source"], s["footer"], s["notes"],
                                                        s["subtitle"]) for s in spec["slides"]],
                spec["sources_title"], spec["sources"], pictures={i: blank_png() for i in range(len(story.STORY))})
    out = Presentation(io.BytesIO(build_deck(deck, lang)))
    assert len(out.slides) == len(story.STORY) + 2
    assert ("28.11.2026" if lang == "ru" else "28 Nov 2026") in _texts(out.slides[0])
    assert all("<" not in s["title"] and s["title"] for s in spec["slides"])
    assert len(spec["sources"]) == len(set(spec["sources"])) >= 4
    assert all(s["source"].startswith({"en": "Source", "ru": "Источник"}[lang]) for s in spec["slides"])
