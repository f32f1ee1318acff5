"""The one-page A4 country brief as PDF: title, key figures, messages, two charts drawn with fpdf2, sources."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from charts.theme import fmt_date, fmt_number
from geo.countries import colour, name

if TYPE_CHECKING:  # fpdf2 (with fontTools and Pillow) is imported only when a brief is built, not with every page
    from fpdf import FPDF

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"  # shipped with the project: nothing fetched
FAMILY = "DejaVu"
PAGE_W, MARGIN = 210.0, 12.0
BODY_W = PAGE_W - 2 * MARGIN
FOOTER_Y = 297 - MARGIN - 4
BAR_LABEL_W, BAR_TEXT_W = 32.0, 16.0
INK, GREY, LIGHT, ACCENT = (31, 31, 31), (90, 90, 90), (215, 215, 215), (0, 114, 178)


@dataclass(frozen=True)
class ChartSpec:
    """A chart for the brief: translated title, unit line and empty-data text, and its data."""

    title: str
    unit: str
    frame: pd.DataFrame  # line: year, value; bars: label, value, text
    empty: str
    colour: tuple[int, int, int] = ACCENT


@dataclass(frozen=True)
class Brief:
    """Everything the brief shows, already translated and formatted (the renderer only lays it out)."""

    lang: str
    title: str
    subtitle: str
    figures: list[tuple[str, str, str]]  # (label, value, note such as the year)
    messages_title: str
    messages: list[str]
    line: ChartSpec
    bars: ChartSpec
    sources_title: str
    sources: list[str]
    footer: str
    created: datetime = field(default_factory=lambda: datetime(2000, 1, 1, tzinfo=timezone.utc))


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """Turn '#RRGGBB' into an (r, g, b) tuple."""
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def compose(tr, lang: str, iso3: str, cards: list[tuple[str, str, str]], messages: list[str], series: pd.DataFrame,
            destinations: pd.DataFrame, sources: list[str], snapshot: str, vintage: str, year: int | None,
            official: bool = False) -> Brief:
    """Assemble the brief from the page's figures and messages; tr(key, **values) translates (the page passes t).

    The title is the country's formal name where the catalogue has one (country.brief.formal.<ISO3>: "Kyrgyz Republic",
    «Кыргызская Республика»), else its name; the snapshot date is written as the language writes dates (28.11.2026).
    """
    country, date = name(iso3, lang), fmt_date(snapshot, lang)
    formal = tr(f"country.brief.formal.{iso3}")
    title = formal if formal != f"country.brief.formal.{iso3}" else country  # tr() gives the key back when it has none
    rows = destinations.head(8)
    bars = rows.assign(label=rows["name"], text=[fmt_number(v, lang) for v in rows["value"]])
    unit = tr("country.brief.line_unit_official" if official else "country.brief.line_unit", vintage=vintage)
    line = ChartSpec(tr("country.brief.line_title"), unit, series[["year", "value"]], tr("country.brief.empty"),
                     rgb(colour(iso3)))
    dest = ChartSpec(tr("country.brief.bars_title", country=country, year=year), tr("country.brief.bars_unit"),
                     bars, tr("country.brief.empty"), rgb(colour(iso3)))
    return Brief(lang, title, tr("country.brief.subtitle", date=date), cards, tr("country.section.messages"),
                 messages, line, dest, tr("country.brief.sources"), sources, tr("country.brief.footer", date=date))


def new_pdf(lang: str) -> FPDF:
    """Start an A4 page with the shipped DejaVu fonts (Cyrillic included) and no automatic page break."""
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_auto_page_break(False)  # one page by design: the layout is sized to fit
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_lang(lang)
    pdf.add_page()
    return pdf


def build(brief: Brief) -> bytes:
    """Render the brief to PDF bytes."""
    pdf = new_pdf(brief.lang)
    pdf.set_title(brief.title)
    pdf.set_creation_date(brief.created)  # a fixed date keeps the bytes reproducible for the same data
    header(pdf, brief.title, brief.subtitle)
    figures(pdf, brief.figures)
    messages(pdf, brief.messages_title, brief.messages)
    top, half = pdf.get_y() + 3, (BODY_W - 6) / 2
    height = min(110.0, max(60.0, FOOTER_Y - 4 - top - sources_height(pdf, brief.sources)))  # charts take the room left
    line_chart(pdf, brief.line, MARGIN, top, half, height, brief.lang)
    bar_chart(pdf, brief.bars, MARGIN + half + 6, top, half, height, brief.lang)
    sources(pdf, brief.sources_title, brief.sources, top + height + 4, brief.footer)
    return bytes(pdf.output())


def font(pdf: FPDF, size: float, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
    """Set the font size, weight and colour."""
    pdf.set_font(FAMILY, "B" if bold else "", size)
    pdf.set_text_color(*colour)


def header(pdf: FPDF, title: str, subtitle: str) -> None:
    """Draw the title and the subtitle line with a rule under them."""
    font(pdf, 20, bold=True)
    pdf.cell(BODY_W, 10, title, new_x="LMARGIN", new_y="NEXT")
    font(pdf, 9, colour=GREY)
    pdf.multi_cell(BODY_W, 4.5, subtitle, align="L", new_x="LMARGIN", new_y="NEXT")
    rule(pdf, pdf.get_y() + 1.5)
    pdf.set_y(pdf.get_y() + 3.5)


def rule(pdf: FPDF, y: float) -> None:
    """Draw a thin horizontal rule across the body."""
    pdf.set_draw_color(*LIGHT)
    pdf.set_line_width(0.3)
    pdf.line(MARGIN, y, PAGE_W - MARGIN, y)


def figures(pdf: FPDF, items: list[tuple[str, str, str]], per_row: int = 4) -> None:
    """Draw the key figures as a grid of label / value / note cards; the last card takes the rest of its row."""
    width, height, top = BODY_W / per_row, 17.0, pdf.get_y()
    for i, item in enumerate(items):
        x, y = MARGIN + (i % per_row) * width, top + (i // per_row) * height
        card(pdf, x, y, BODY_W - (i % per_row) * width if i == len(items) - 1 else width, *item)
    pdf.set_y(top + math.ceil(len(items) / per_row) * height + 1)


def card(pdf: FPDF, x: float, y: float, width: float, label: str, value: str, note: str) -> None:
    """Draw one key figure: small grey label, bold value, small grey note (its year)."""
    for dy, size, bold, text in ((0, 7, False, label), (4, 11.5, True, value), (10.5, 7, False, note)):
        font(pdf, size, bold=bold, colour=INK if bold else GREY)
        pdf.set_xy(x, y + dy)
        pdf.cell(width - 2, 6 if bold else 3.5, fit(pdf, text, width - 2))


def fit(pdf: FPDF, text: str, width: float) -> str:
    """Shorten a text with an ellipsis so it fits a width in the current font."""
    text = str(text)
    while text and pdf.get_string_width(text) > width:
        text = text[:-2] + "…"
    return text


def messages(pdf: FPDF, title: str, items: list[str]) -> None:
    """Draw the key messages as a bulleted list."""
    rule(pdf, pdf.get_y())
    pdf.set_y(pdf.get_y() + 2)
    font(pdf, 11, bold=True)
    pdf.cell(BODY_W, 6, title, new_x="LMARGIN", new_y="NEXT")
    for text in items:
        font(pdf, 9.5)
        pdf.cell(5, 4.8, "•")
        pdf.multi_cell(BODY_W - 5, 4.8, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(pdf.get_y() + 0.8)


def chart_frame(pdf: FPDF, spec: ChartSpec, x: float, y: float, w: float) -> None:
    """Draw a chart's title and unit line."""
    font(pdf, 9.5, bold=True)
    pdf.set_xy(x, y)
    pdf.multi_cell(w, 4.5, spec.title, align="L", new_x="LEFT", new_y="NEXT")
    font(pdf, 7, colour=GREY)
    pdf.multi_cell(w, 3.5, spec.unit, align="L", new_x="LEFT", new_y="NEXT")


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Return round tick values from zero to at least top."""
    top = top if top > 0 else 1.0
    raw = top / count
    step = 10 ** math.floor(math.log10(raw))
    step *= next(m for m in (1, 2, 2.5, 5, 10) if m * step >= raw)
    return [i * step for i in range(int(math.ceil(top / step - 1e-9)) + 1)]


def empty_note(pdf: FPDF, text: str, x: float, y: float, w: float, h: float) -> None:
    """Say inside a chart's area that there is no data (a gap stays a gap)."""
    pdf.set_draw_color(*LIGHT)
    pdf.rect(x, y, w, h)
    font(pdf, 8, colour=GREY)
    pdf.set_xy(x + 3, y + h / 2 - 4)
    pdf.multi_cell(w - 6, 4, text, align="C")


def line_chart(pdf: FPDF, spec: ChartSpec, x: float, y: float, w: float, h: float, lang: str) -> None:
    """Draw a line chart of value by year from zero; missing years break the line, lone years show as dots."""
    chart_frame(pdf, spec, x, y, w)
    px, py = x + 11, pdf.get_y() + 2
    pw, ph = w - 13, y + h - py - 6
    rows = spec.frame.dropna(subset=["value"]).sort_values("year")
    if rows.empty:
        return empty_note(pdf, spec.empty, px, py, pw, ph)
    ticks = nice_ticks(float(rows.value.max()))
    first, last = int(rows.year.min()), int(rows.year.max())
    lo, hi = (first - 1, last + 1) if first == last else (first, last)
    to_xy = lambda yr, v: (px + (yr - lo) / (hi - lo) * pw, py + ph - v / ticks[-1] * ph)  # noqa: E731
    y_axis(pdf, ticks, px, py, pw, ph, lang)
    x_axis(pdf, lo, hi, px, py + ph, pw)
    draw_runs(pdf, rows, to_xy, spec.colour)


def y_axis(pdf: FPDF, ticks: list[float], px: float, py: float, pw: float, ph: float, lang: str) -> None:
    """Draw horizontal grid lines with their labels (language number format)."""
    digits = next((d for d in range(4) if all(abs(round(t, d) - t) < 1e-9 for t in ticks)), 3)
    font(pdf, 6.5, colour=GREY)
    for tick in ticks:
        ty = py + ph - tick / ticks[-1] * ph
        pdf.set_draw_color(*LIGHT)
        pdf.set_line_width(0.2)
        pdf.line(px, ty, px + pw, ty)
        label = fmt_number(tick, lang, digits)
        pdf.text(px - 1.5 - pdf.get_string_width(label), ty + 1, label)


def x_axis(pdf: FPDF, lo: int, hi: int, px: float, base: float, pw: float) -> None:
    """Draw the year axis with a label every few years."""
    step = max(1, math.ceil((hi - lo) / 6 / 5) * 5) if hi - lo > 8 else (1 if hi - lo <= 4 else 2)
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.3)
    pdf.line(px, base, px + pw, base)
    font(pdf, 6.5, colour=GREY)
    for year in range(lo + (-lo) % step, hi + 1, step):
        tx = px + (year - lo) / (hi - lo) * pw
        label = str(year)
        pdf.text(tx - pdf.get_string_width(label) / 2, base + 4, label)


def runs(years: list[int]) -> list[list[int]]:
    """Split sorted years into runs of consecutive years."""
    out: list[list[int]] = []
    for i, year in enumerate(years):
        if out and year == years[i - 1] + 1:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def draw_runs(pdf: FPDF, rows: pd.DataFrame, to_xy, colour: tuple[int, int, int]) -> None:
    """Draw each run of consecutive years as a line and every point as a small dot."""
    points = [to_xy(int(yr), float(v)) for yr, v in zip(rows.year, rows.value)]
    pdf.set_draw_color(*colour)
    pdf.set_fill_color(*colour)
    pdf.set_line_width(0.6)
    for run in runs([int(yr) for yr in rows.year]):
        if len(run) > 1:
            pdf.polyline([points[i] for i in run])
    for px, py in points:
        pdf.circle(px, py, 0.55 if len(points) > 1 else 1.0, style="F")


def bar_chart(pdf: FPDF, spec: ChartSpec, x: float, y: float, w: float, h: float, lang: str) -> None:
    """Draw horizontal bars (label, value, text), largest on top, with each value written at the bar's end."""
    chart_frame(pdf, spec, x, y, w)
    top = pdf.get_y() + 2
    rows = spec.frame.head(10)
    if rows.empty:
        return empty_note(pdf, spec.empty, x, top, w, y + h - top)
    band = min(6.0, (y + h - top) / len(rows))
    scale = (w - BAR_LABEL_W - BAR_TEXT_W) / float(rows.value.max() or 1)
    pdf.set_fill_color(*spec.colour)
    for i, row in enumerate(rows.itertuples()):
        bar(pdf, x, top + i * band, band, str(row.label), float(row.value) * scale, str(row.text))


def bar(pdf: FPDF, x: float, y: float, band: float, label: str, length: float, text: str) -> None:
    """Draw one bar: its label right-aligned before it and its value after it."""
    font(pdf, 7)
    pdf.set_xy(x, y)
    pdf.cell(BAR_LABEL_W - 1.5, band * 0.8, fit(pdf, label, BAR_LABEL_W - 1.5), align="R")
    pdf.rect(x + BAR_LABEL_W, y + band * 0.1, max(length, 0.3), band * 0.6, style="F")
    pdf.text(x + BAR_LABEL_W + length + 1, y + band * 0.55, text)


def sources_height(pdf: FPDF, lines: list[str]) -> float:
    """Return the height the sources block will take."""
    font(pdf, 6.5)
    body = sum(pdf.multi_cell(BODY_W, 3.1, "– " + text, dry_run=True, output="HEIGHT") for text in lines)
    return 8 + body


def sources(pdf: FPDF, title: str, lines: list[str], y: float, footer: str) -> None:
    """Draw the sources block and the footer line at the bottom of the page."""
    rule(pdf, y)
    pdf.set_xy(MARGIN, y + 1.5)
    font(pdf, 8.5, bold=True)
    pdf.cell(BODY_W, 4.5, title, new_x="LMARGIN", new_y="NEXT")
    font(pdf, 6.5, colour=GREY)
    for text in lines:
        pdf.multi_cell(BODY_W, 3.1, "– " + text, align="L", new_x="LMARGIN", new_y="NEXT")
    font(pdf, 7, colour=GREY)
    pdf.set_xy(MARGIN, FOOTER_Y)
    pdf.cell(BODY_W, 4, footer, align="C")
