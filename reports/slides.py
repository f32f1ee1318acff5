"""Chart images and 16:9 slide decks built from plotly figures (kaleido renders in headless Chromium)."""
from __future__ import annotations

import io
from contextlib import contextmanager
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
from pptx import Presentation
from pptx.util import Emu, Pt

from charts.maps import inline_shapes

ROOT = Path(__file__).resolve().parents[1]
pio.defaults.topojson = (ROOT / "static" / "topojson").as_uri() + "/"  # map images render offline too
SLIDE_W, SLIDE_H = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in: 16:9
IMAGE_SIZE = (1600, 820)


def renderable(fig: go.Figure) -> go.Figure:
    """Return the figure with map shapes inline: Kaleido's browser cannot fetch the app's /app/static URL."""
    if not any(t.type == "choropleth" and isinstance(t.geojson, str) for t in fig.data):
        return fig
    from geo.boundaries import read_geojson

    return inline_shapes(fig, read_geojson())


def with_source(fig: go.Figure, source: str) -> go.Figure:
    """Return a copy of the figure with its source line written under the plot."""
    out = go.Figure(renderable(fig))
    out.update_layout(margin=dict(b=max((out.layout.margin.b or 80), 80) + 60))
    out.add_annotation(text=_wrap(source, 180), xref="paper", yref="paper", x=0, y=0, yshift=-70,
                       xanchor="left", yanchor="top", showarrow=False, align="left", font=dict(size=11, color="#333333"))
    return out


def _wrap(text: str, width: int) -> str:
    """Break a long line into <br>-separated lines for plotly text."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(lines + [line])


def figure_png(fig: go.Figure, source: str, scale: int = 2) -> bytes:
    """Render a chart with its title and source as a PNG at the given scale."""
    width, height = IMAGE_SIZE
    return pio.to_image(with_source(fig, source), format="png", width=width, height=height, scale=scale)


@contextmanager
def one_browser(count: int):
    """Keep one Kaleido browser for a batch of images (one start instead of one per chart)."""
    import warnings

    import kaleido

    if count < 2:
        yield
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kaleido.start_sync_server(silence_warnings=True)
        try:
            yield
        finally:
            kaleido.stop_sync_server(silence_warnings=True)


def build_deck(slides: list[dict], footer: str) -> bytes:
    """Build a 16:9 PPTX: one slide per chart with its title, image, source and the snapshot date."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    with one_browser(len(slides)):
        for item in slides:
            _add_slide(deck, item, footer)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _add_slide(deck: Presentation, item: dict, footer: str) -> None:
    """Add one chart slide (title, picture, source and snapshot line)."""
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only"
    slide.shapes.title.text = item["title"]
    slide.shapes.title.text_frame.paragraphs[0].font.size = Pt(28)
    png = item.get("png") or pio.to_image(renderable(item["figure"]), format="png", width=1600, height=760, scale=1)
    slide.shapes.add_picture(io.BytesIO(png), Emu(457200), Emu(1280160), width=SLIDE_W - Emu(914400))
    box = slide.shapes.add_textbox(Emu(457200), SLIDE_H - Emu(900000), SLIDE_W - Emu(914400), Emu(800000))
    box.text_frame.word_wrap = True
    box.text_frame.text = item["source"]
    box.text_frame.add_paragraph().text = footer
    for paragraph in box.text_frame.paragraphs:
        paragraph.font.size = Pt(11)
