"""Exported slides and chart images: one 16:9 slide per chart with its title and source."""
import io
import shutil

import plotly.graph_objects as go
import pytest
from pptx import Presentation

from reports.slides import SLIDE_H, SLIDE_W, build_deck, figure_png, with_source

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(not CHROMIUM, reason="Kaleido renders with a local Chromium (apt-get install chromium)")


def figure(title: str) -> go.Figure:
    """A small figure with a title."""
    return go.Figure(go.Scatter(x=[2019, 2020, 2021], y=[30.1, 26.7, 32.7]), layout=dict(title=title))


def test_the_source_line_is_written_under_the_chart_without_changing_the_original():
    fig = figure("Remittances")
    out = with_source(fig, "Source: World Bank")
    assert "World Bank" in out.layout.annotations[-1].text
    assert not fig.layout.annotations


@needs_chromium
def test_a_deck_has_one_16_by_9_slide_per_chart_each_with_title_and_source():
    slides = [{"title": f"Доля переводов {i}", "figure": figure(f"Доля {i}"), "source": f"Источник: Всемирный банк {i}"} for i in range(3)]
    deck = Presentation(io.BytesIO(build_deck(slides, "Снимок данных от 2026-11-28")))
    assert (deck.slide_width, deck.slide_height) == (SLIDE_W, SLIDE_H)
    assert len(deck.slides) == 3
    for i, slide in enumerate(deck.slides):
        texts = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert f"Доля переводов {i}" in texts and f"Всемирный банк {i}" in texts and "2026-11-28" in texts
        assert any(s.shape_type == 13 for s in slide.shapes)  # a picture


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
