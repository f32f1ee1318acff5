"""Plotly templates (default and presenter), the fixed country palette and number formats per language."""
from __future__ import annotations

import decimal
import functools
import math
import re
from datetime import date
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from geo.countries import colour_map

# Okabe-Ito: distinguishable with the common colour-vision deficiencies; focus countries keep one colour everywhere.
COUNTRY_COLOURS: dict[str, str] = colour_map()
NEUTRAL = "#7F7F7F"
HIGHLIGHT = "#D55E00"
TEXT = "#1F1F1F"  # 16:1 on white, above WCAG AA in both modes
FONT = "DejaVu Sans, Arial, sans-serif"
LOCALES = {"en": "en_US", "ru": "ru_RU"}
SEPARATORS = {"en": ".,", "ru": ", "}  # plotly: decimal mark then thousands mark
USED_TRACES = ("bar", "choropleth", "scatter")  # plotly_white sets no Sankey defaults


def _template(font_size: int, line_width: float, title_size: int) -> go.layout.Template:
    """Build a plotly template with the given type sizes."""
    white = pio.templates["plotly_white"]
    # Only the trace types the dashboard draws: plotly validates the whole template on every figure it styles.
    tpl = go.layout.Template(layout=white.layout, data={k: white.data[k] for k in USED_TRACES})
    tpl.layout.font = dict(family=FONT, size=font_size, color=TEXT)
    tpl.layout.title = dict(font=dict(size=title_size, color=TEXT), x=0, xanchor="left")
    tpl.layout.colorway = list(COUNTRY_COLOURS.values()) + ["#000000", NEUTRAL, "#F0E442"]
    tpl.layout.legend = dict(font=dict(size=font_size), orientation="h", y=-0.18, x=0)
    tpl.layout.hoverlabel = dict(font=dict(size=font_size, family=FONT))
    # "2k" / "1M" are English abbreviations: write full numbers with the language's thousands mark instead.
    axis = dict(exponentformat="none", separatethousands=True, title=dict(font=dict(size=font_size)))
    tpl.layout.xaxis.update(axis)
    tpl.layout.yaxis.update(axis)
    tpl.data.scatter = [go.Scatter(line=dict(width=line_width), marker=dict(size=line_width * 3))]
    return tpl


TEMPLATES = {"default": _template(14, 2.5, 18), "presenter": _template(20, 4.5, 30)}
PRESENTER_MIN_TEXT = 18  # px: the smallest chart text in presenter mode and on slides, legible from the back of a room
_FONTS = ("font", "tickfont", "textfont", "insidetextfont", "outsidetextfont")


def template(presenter: bool = False) -> go.layout.Template:
    """Return the plotly template for normal or presenter mode."""
    return TEMPLATES["presenter" if presenter else "default"]


def presentable(fig: go.Figure, lang: str = "en") -> go.Figure:
    """Return a copy of a figure for a projector or a slide: presenter template, no title of its own (the deck and the
    slide write it above, where it can wrap), room above the plot only for labels placed there, no text under 18 px."""
    spec = fig.to_plotly_json()
    spec.get("layout", {}).pop("template", None)  # replaced below
    _raise_fonts(spec, PRESENTER_MIN_TEXT)
    out = go.Figure(spec)
    out.update_layout(template=template(True), separators=separators(lang), title=None, height=None, autosize=True)
    size = TEMPLATES["presenter"].layout.font.size
    levels = _stagger(out, size, _x_span(fig))  # the JSON copy packs arrays: the span is read from the original
    out.update_layout(margin=dict(t=16 + round(levels * size * LABEL_STEP), r=_room_right(out, size)))
    return out


def _room_right(fig: go.Figure, base: float) -> int:
    """Return a right margin wide enough for the labels horizontal bars write past their ends (else they are cut)."""
    widest = 0.0
    for trace in fig.data:
        if trace.type == "bar" and trace.orientation == "h" and trace.textposition in ("outside", "auto", None):
            size = (trace.textfont.size if isinstance(trace.textfont.size, (int, float)) else None) or base
            widest = max([widest, *(text_width(re.sub(r"<[^>]+>", "", str(x)), size) for x in _values(trace.text))])
    return max(int(fig.layout.margin.r or 0), round(widest) + 12)


def headline(fig: go.Figure) -> tuple[str, str]:
    """Return a figure's title as plain text and what it says under it (its subtitle, or a second line after <br>)."""
    title = fig.layout.title
    first, _, rest = (title.text or "").partition("<br>")
    plain = lambda text: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text or "")).strip()  # noqa: E731
    return plain(first), plain(title.subtitle.text) or plain(rest)


LABEL_STEP = 1.4  # line height of a row of labels above the plot, in font sizes
PLOT_PX = 1100  # the narrowest plot a projector or slide gives (1280 px wide less margins): labels placed for it


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Return the width of one line of text at a font size (in the size's unit), measured with DejaVu Sans."""
    return _dejavu(bold).getlength(str(text)) * size / 1000


@functools.lru_cache(maxsize=2)
def _dejavu(bold: bool):
    """Load DejaVu Sans (assets/fonts) at 1000 units per em; imported here, only exports and presenter mode measure."""
    from PIL import ImageFont

    fonts = Path(__file__).resolve().parents[1] / "assets" / "fonts"
    return ImageFont.truetype(str(fonts / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), 1000)


def _stagger(fig: go.Figure, base: float, span: tuple[float, float] | None) -> int:
    """Put labels placed above the plot on as many rows as they need not to touch; return the number of rows.

    Builders stagger event labels for their own type size; at projector size neighbours would run into each other.
    """
    above = [a for a in fig.layout.annotations if a.yref == "paper" and (a.y or 0) >= 1 and str(a.xref or "x")[0] == "x"
             and _number(a.x) is not None]
    if not above or span is None:
        return len({round(a.y, 3) for a in fig.layout.annotations if a.yref == "paper" and (a.y or 0) >= 1})
    rows: list[list[tuple[float, float]]] = []
    for note in sorted(above, key=lambda a: a.x):
        width = text_width(re.sub(r"<[^>]+>", "", note.text or ""), note.font.size or base) / PLOT_PX + 0.01
        centre = (note.x - span[0]) / (span[1] - span[0])
        left = min(max(centre - width / 2, 0), 1 - width)
        row = next((i for i, taken in enumerate(rows) if all(left >= b or left + width <= a for a, b in taken)), len(rows))
        rows += [[]] if row == len(rows) else []
        rows[row].append((left, left + width))
        anchor = "left" if left == 0 else ("right" if left == 1 - width else "center")
        note.update(y=1, yanchor="bottom", xanchor=anchor, yshift=6 + row * round((note.font.size or base) * LABEL_STEP))
        if anchor != "center":
            note.update(x=span[0] + (left if anchor == "left" else 1) * (span[1] - span[0]))
    return len(rows)


def _x_span(fig: go.Figure) -> tuple[float, float] | None:
    """Return the numeric range of the x axis (its set range, else the data's), or None for a category axis."""
    if fig.layout.xaxis.range:
        return tuple(fig.layout.xaxis.range)
    xs = [_number(x) for trace in fig.data for x in _values(getattr(trace, "x", None))]
    xs = [x for x in xs if x is not None and not math.isnan(x)]
    return (min(xs), max(xs)) if xs and max(xs) > min(xs) else None


def _values(array) -> list:
    """Return a trace's coordinates as a list (plotly keeps them as tuples or numpy arrays)."""
    return [] if array is None else [array] if isinstance(array, str) else list(array)


def _number(value) -> float | None:
    """Return a coordinate as a float, or None when it is text (a category) or missing."""
    if isinstance(value, (str, bytes)) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _raise_fonts(node, minimum: int) -> None:
    """Raise every explicit font size in a figure's JSON to at least `minimum` (builders size some labels small)."""
    if isinstance(node, list):
        for item in node:
            _raise_fonts(item, minimum)
    elif isinstance(node, dict):
        for key, value in node.items():
            size = value.get("size") if key in _FONTS and isinstance(value, dict) else None
            if isinstance(size, (int, float)):
                value["size"] = max(size, minimum)
            elif isinstance(size, list):
                value["size"] = [max(s, minimum) if isinstance(s, (int, float)) else s for s in size]
            _raise_fonts(value, minimum)


def separators(lang: str) -> str:
    """Return plotly's separators string for a language (decimal comma in Russian)."""
    return SEPARATORS.get(lang, ".,")


def fmt_number(value, lang: str = "en", digits: int = 0) -> str:
    """Format a number for text in the language's convention; a gap shows as an en dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    with decimal.localcontext() as context:
        context.prec = 400  # Babel rounds in the current context: its default 28 digits fail on values from 1e28 up
        return format_decimal(value, format=pattern, locale=LOCALES.get(lang, "en_US"))


def fmt_pct(value, lang: str = "en", digits: int = 1) -> str:
    """Format a value already in percent (e.g. 47.15) as text with the language's percent sign ("17.6%", "17,6 %")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    locale = LOCALES.get(lang, "en_US")
    # The locale's own pattern keeps CLDR's spacing (Russian puts a no-break space before %); only the digits change.
    pattern = Locale.parse(locale).percent_formats[None].pattern.replace("#,##0", "#,##0" + ("." + "0" * digits if digits else ""), 1)
    return format_percent(value / 100, format=pattern, locale=locale)


def pct_suffix(lang: str) -> str:
    """Return what follows a number in percent in the language ("%" in English, a no-break space and "%" in Russian)."""
    return "\u00a0%" if lang == "ru" else "%"


ROMAN = ("I", "II", "III", "IV")


def fmt_quarter(year: int, quarter: int, lang: str = "en") -> str:
    """Name a quarter: "Q3 2020" in English, «III кв. 2020 г.» in Russian."""
    if lang == "ru":
        return f"{ROMAN[int(quarter) - 1]}\u00a0кв. {int(year)}\u00a0г."
    return f"Q{int(quarter)} {int(year)}"


def fmt_date(value, lang: str = "en") -> str:
    """Write a date (ISO text or a date) as a reader expects: "28 Nov 2026" in English, 28.11.2026 in Russian."""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)  # not a date (e.g. a vintage label): shown as it is
    return format_date(day, "dd.MM.y" if lang == "ru" else "d MMM y", locale=LOCALES.get(lang, "en_US"))


def fmt_money(value, lang: str = "en", unit: str = "bn") -> str:
    """Format US$ amounts as billions or millions with the language's marks."""
    scale = {"bn": 1e9, "m": 1e6}[unit]
    words = {("en", "bn"): "US$ {} bn", ("en", "m"): "US$ {} m", ("ru", "bn"): "{} млрд долл. США", ("ru", "m"): "{} млн долл. США"}
    return words[(lang if lang in LOCALES else "en", unit)].format(fmt_number(value / scale, lang, 2 if unit == "bn" else 1))


def ordinal(n: int, lang: str = "en") -> str:
    """Return an ordinal ('14th' / '14-е')."""
    if lang == "ru":
        return f"{n}-е"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
