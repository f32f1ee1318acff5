"""Chart images and 16:9 slide decks built from plotly figures (kaleido renders in headless Chromium).

A deck is a cover (title, data date), one slide per chart (title, picture, source) and a closing slide listing every
source. Its layouts are laid out for 16:9 here, not python-pptx's 4:3 template stretched. Every box is computed before
anything is drawn: the title's font size is the largest at which it wraps to at most two lines (measured with the
DejaVu Sans metrics in assets/fonts, the font the slides name), the source box is as tall as its wrapped lines, and the
picture takes the space left between them, so no two boxes can intersect.
"""
from __future__ import annotations

import io
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.util import Emu, Pt

from charts.maps import inline_shapes
from charts.theme import presentable, text_width

ROOT = Path(__file__).resolve().parents[1]
FONT = "DejaVu Sans"
pio.defaults.topojson = (ROOT / "static" / "topojson").as_uri() + "/"  # map images render offline too
SLIDE_W, SLIDE_H = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in: 16:9
IMAGE_SIZE = (1600, 820)
EMU_PER_PT = 12700
MARGIN, GAP = Emu(457200), Emu(91440)  # 0.5 in around the slide, 0.1 in between boxes
INSET_X, INSET_Y = Emu(91440), Emu(45720)  # text frames' inner margins (PowerPoint's defaults, set explicitly)
LINE = 1.2  # line height in em (DejaVu Sans: ascent + descent = 1.164 em)
TITLE_PT, TITLE_MIN_PT, TITLE_LINES = 30, 14, 2
SOURCE_PT, SUBTITLE_PT = 11, 16
PICTURE_WIDTH_PX = 1280  # the chart is drawn this wide: its 20 px presenter text prints at about 14 pt
CHART_LAYOUT, COVER_LAYOUT = 5, 0  # "Title Only" and "Title Slide" of the default template


@dataclass
class Slide:
    """One chart slide: its title, the figure (its own title is removed), the source line and speaker notes."""

    title: str
    figure: go.Figure
    source: str
    footer: str = ""  # the page it comes from and the data date, under the source
    notes: tuple[str, ...] = ()
    subtitle: str = ""  # what the chart measures or a caveat, under the title (the figure's own subtitle)


@dataclass
class Deck:
    """A whole deck in one language: cover words, chart slides and the closing slide's sources."""

    title: str
    subtitle: tuple[str, ...]
    slides: list[Slide]
    sources_title: str
    sources: list[str]
    pictures: dict[int, bytes] = field(default_factory=dict)  # pre-rendered PNGs by slide index (tests skip Kaleido)


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide in EMU."""

    left: int
    top: int
    width: int
    height: int

    def intersects(self, other: "Box") -> bool:
        """Tell whether two boxes overlap (touching edges do not)."""
        return (self.left < other.left + other.width and other.left < self.left + self.width
                and self.top < other.top + other.height and other.top < self.top + self.height)


def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """Return the width of a line of text in points at a font size (DejaVu Sans metrics)."""
    return text_width(text, size_pt, bold)


def wrap(text: str, size_pt: float, width_pt: float, bold: bool = False) -> list[str]:
    """Break text into the lines a text box of that width shows (greedy, at spaces; a long word stands alone)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if line and text_width_pt(candidate, size_pt, bold) > width_pt:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def title_size(text: str, width_pt: float, largest: int = TITLE_PT, smallest: int = TITLE_MIN_PT,
               max_lines: int = TITLE_LINES) -> int:
    """Return the largest font size (pt) at which the title wraps to at most max_lines (else the smallest size)."""
    for size in range(largest, smallest - 1, -1):
        if len(wrap(text, size, width_pt * 0.97, bold=True)) <= max_lines:  # 3% spare for the renderer's rounding
            return size
    return smallest


def _inner_width_pt(box: Box) -> float:
    """Return the width a text box gives its lines, in points."""
    return (box.width - 2 * INSET_X) / EMU_PER_PT


def text_height(lines: int, size_pt: float) -> int:
    """Return the height in EMU of a text box holding that many lines at a font size."""
    return int(lines * size_pt * LINE * EMU_PER_PT + 2 * INSET_Y)


def title_box() -> Box:
    """Return the title's box: full width under the top margin, tall enough for two lines at the largest size."""
    return Box(MARGIN, Emu(228600), SLIDE_W - 2 * MARGIN, text_height(TITLE_LINES, TITLE_PT))


@dataclass(frozen=True)
class ChartBoxes:
    """Where a chart slide's parts go: title, subtitle (None without one), picture and source, top to bottom."""

    title: Box
    subtitle: Box | None
    picture: Box
    source: Box


def chart_boxes(source: str, footer: str = "", subtitle: str = "") -> ChartBoxes:
    """Return the boxes of a chart slide, stacked top to bottom with a gap, so none can intersect another."""
    title = title_box()
    width = SLIDE_W - 2 * MARGIN
    inner = _inner_width_pt(Box(MARGIN, 0, width, 0)) * 0.97
    lines = sum(len(wrap(text, SOURCE_PT, inner)) for text in (source, footer) if text)
    height = text_height(lines, SOURCE_PT)
    source_box = Box(MARGIN, SLIDE_H - Emu(228600) - height, width, height)
    top, sub = title.top + title.height + GAP, None
    if subtitle:
        sub = Box(MARGIN, top, width, text_height(len(wrap(subtitle, SUBTITLE_PT, inner)), SUBTITLE_PT))
        top = sub.top + sub.height + GAP
    return ChartBoxes(title, sub, Box(MARGIN, top, width, source_box.top - GAP - top), source_box)


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


def picture_png(fig: go.Figure, box: Box, lang: str) -> bytes:
    """Render a chart for a slide: presenter text sizes, no title of its own, exactly the picture box's shape."""
    height = round(PICTURE_WIDTH_PX * box.height / box.width)
    return pio.to_image(renderable(presentable(fig, lang)), format="png", width=PICTURE_WIDTH_PX, height=height,
                        scale=2)


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


def build_deck(deck: Deck, lang: str = "en") -> bytes:
    """Build the 16:9 PPTX: cover, one slide per chart, and the sources."""
    prs = widescreen()
    cover(prs, deck.title, deck.subtitle)
    with one_browser(len(deck.slides) - len(deck.pictures)):
        for i, item in enumerate(deck.slides):
            chart_slide(prs, item, lang, deck.pictures.get(i))
    sources_slide(prs, deck.sources_title, deck.sources)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def widescreen() -> Presentation:
    """Return an empty presentation whose master and layouts are laid out for 16:9 (13.333 x 7.5 in)."""
    prs = Presentation()
    ratio = SLIDE_W / prs.slide_width
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    master, layouts = prs.slide_master, list(prs.slide_layouts)
    holders = [*master.placeholders, *(p for layout in layouts for p in layout.placeholders)]
    for holder, left, width in [(h, h.left, h.width) for h in holders]:  # read all first: layouts inherit the master's
        holder.left, holder.width = int(left * ratio), int(width * ratio)  # layouts nobody uses stay inside the slide
    title = title_box()
    top = title.top + title.height + GAP
    body = Box(MARGIN, top, SLIDE_W - 2 * MARGIN, SLIDE_H - MARGIN - top)
    for holder in holders:
        kind = holder.placeholder_format.type
        if kind == PP_PLACEHOLDER.TITLE:
            _place(holder, title)
        elif kind == PP_PLACEHOLDER.CENTER_TITLE:
            _place(holder, Box(MARGIN, Emu(1737360), SLIDE_W - 2 * MARGIN, Emu(1600200)))
        elif kind == PP_PLACEHOLDER.SUBTITLE:
            _place(holder, Box(MARGIN, Emu(3520440), SLIDE_W - 2 * MARGIN, Emu(1828800)))
    for holder in [*master.placeholders, *layouts[1].placeholders]:  # "Title and Content": the body under the title
        if holder.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT):
            _place(holder, body)
    return prs


def _place(shape, box: Box) -> None:
    """Move and size a shape to a box."""
    shape.left, shape.top, shape.width, shape.height = box.left, box.top, box.width, box.height


def _frame(frame, anchor=MSO_ANCHOR.TOP) -> None:
    """Set a text frame to wrap inside explicit margins, at the size given (no auto-fit surprises)."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = INSET_X
    frame.margin_top = frame.margin_bottom = INSET_Y
    frame.vertical_anchor = anchor


def _write(frame, paragraphs: list[str], size: float, bold: bool = False, colour=None) -> None:
    """Write paragraphs into a text frame in DejaVu Sans at one size."""
    from pptx.dml.color import RGBColor

    for i, text in enumerate(paragraphs):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.text = text
        font = para.font
        font.name, font.size, font.bold = FONT, Pt(size), bold
        if colour:
            font.color.rgb = RGBColor.from_string(colour)
        for run in para.runs:
            run.font.name, run.font.size, run.font.bold = FONT, Pt(size), bold


def cover(prs: Presentation, title: str, subtitle: tuple[str, ...]) -> None:
    """Add the cover: the dashboard's title and the data date (and what the deck holds)."""
    slide = prs.slides.add_slide(prs.slide_layouts[COVER_LAYOUT])
    head = slide.shapes.title
    _frame(head.text_frame, MSO_ANCHOR.BOTTOM)
    _write(head.text_frame, [title], title_size(title, _inner_width_pt(_box(head)), 40, 24), bold=True)
    sub = next(p for p in slide.placeholders if p.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE)
    _frame(sub.text_frame)
    _write(sub.text_frame, list(subtitle), 20, colour="333333")


def _box(shape) -> Box:
    """Return a shape's box (a placeholder's comes from its layout)."""
    return Box(shape.left, shape.top, shape.width, shape.height)


def chart_slide(prs: Presentation, item: Slide, lang: str, png: bytes | None = None) -> None:
    """Add one chart slide: title (two lines at most), the chart without its own title, and the source line."""
    slide = prs.slides.add_slide(prs.slide_layouts[CHART_LAYOUT])
    boxes = chart_boxes(item.source, item.footer, item.subtitle)
    head = slide.shapes.title
    _place(head, boxes.title)
    _frame(head.text_frame, MSO_ANCHOR.BOTTOM)
    _write(head.text_frame, [item.title], title_size(item.title, _inner_width_pt(boxes.title)), bold=True)
    if boxes.subtitle:
        sub = slide.shapes.add_textbox(boxes.subtitle.left, boxes.subtitle.top, boxes.subtitle.width,
                                       boxes.subtitle.height)
        _frame(sub.text_frame)
        _write(sub.text_frame, [item.subtitle], SUBTITLE_PT, colour="444444")
    picture, source = boxes.picture, boxes.source
    png = png or picture_png(item.figure, picture, lang)
    slide.shapes.add_picture(io.BytesIO(png), picture.left, picture.top, picture.width, picture.height)
    box = slide.shapes.add_textbox(source.left, source.top, source.width, source.height)
    _frame(box.text_frame)
    _write(box.text_frame, [item.source, *([item.footer] if item.footer else [])], SOURCE_PT, colour="333333")
    if item.notes:
        slide.notes_slide.notes_text_frame.text = "\n".join(item.notes)


def sources_size(sources: list[str], box: Box, largest: int = 16, smallest: int = 8) -> int:
    """Return the largest font size (pt) at which every source fits the box, one paragraph each."""
    for size in range(largest, smallest - 1, -1):
        lines = sum(len(wrap("• " + s, size, _inner_width_pt(box) * 0.97)) for s in sources)
        if text_height(lines, size) + int(len(sources) * size * 0.4 * EMU_PER_PT) <= box.height:
            return size
    return smallest


def sources_slide(prs: Presentation, title: str, sources: list[str]) -> None:
    """Add the closing slide: every source the deck cites, once each."""
    slide = prs.slides.add_slide(prs.slide_layouts[CHART_LAYOUT])
    head_box = title_box()
    head = slide.shapes.title
    _place(head, head_box)
    _frame(head.text_frame, MSO_ANCHOR.BOTTOM)
    _write(head.text_frame, [title], title_size(title, _inner_width_pt(head_box)), bold=True)
    top = head_box.top + head_box.height + GAP
    body = Box(MARGIN, top, SLIDE_W - 2 * MARGIN, SLIDE_H - MARGIN - top)
    box = slide.shapes.add_textbox(body.left, body.top, body.width, body.height)
    _frame(box.text_frame)
    size = sources_size(sources, body)
    _write(box.text_frame, ["• " + s for s in sources], size, colour="222222")
    for para in box.text_frame.paragraphs:
        para.space_after = Pt(size * 0.4)
