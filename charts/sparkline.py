"""A small trend line as an inline SVG image: the browser draws it with no chart library and no request."""
from __future__ import annotations

import base64
import math

WIDTH, HEIGHT, PAD = 180, 40, 4


def points(values: list[float], width: int = WIDTH, height: int = HEIGHT) -> list[tuple[float, float]]:
    """Scale values to SVG coordinates (y grows downwards), leaving gaps (NaN) out."""
    known = [(i, v) for i, v in enumerate(values) if v is not None and not math.isnan(v)]
    if len(known) < 2:
        return []
    lo, hi = min(v for _, v in known), max(v for _, v in known)
    span, step = (hi - lo) or 1.0, (width - 2 * PAD) / (len(values) - 1)
    return [(round(PAD + i * step, 1), round(height - PAD - (v - lo) / span * (height - 2 * PAD), 1)) for i, v in known]


def svg(values: list[float], colour: str, width: int = WIDTH, height: int = HEIGHT) -> str:
    """Return an SVG polyline of the values with a dot on the latest one (empty string for fewer than two)."""
    pts = points(values, width, height)
    if not pts:
        return ""
    line = " ".join(f"{x},{y}" for x, y in pts)
    (x, y) = pts[-1]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2.5" stroke-linejoin="round"/>'
            f'<circle cx="{x}" cy="{y}" r="3.5" fill="{colour}"/></svg>')


def markdown_image(values: list[float], colour: str, alt: str) -> str:
    """Return a Markdown image of the trend as a data URI, with alt text for screen readers ('' when no trend)."""
    drawing = svg(values, colour)
    if not drawing:
        return ""
    data = base64.b64encode(drawing.encode()).decode()
    return f"![{alt.replace(']', ')').replace('[', '(')}](data:image/svg+xml;base64,{data})"
