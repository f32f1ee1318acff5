"""Helpers the page tests share: open a page from a link, read its plotly figures and decode their arrays."""
import base64
import json
import math
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def open_page(params: dict[str, str], page: str | None = None, tables: tuple[str, ...] = (),
              boxes: tuple[str, ...] = ()) -> AppTest:
    """Run the app with the URL parameters on `page` (or the default page), the named charts' data tables open.

    boxes: the keys of expanders or popovers to open (drawn once opened: "table_<chart key>", "share_link", …).
    """
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    for key in tables:
        at.session_state[f"table_{key}"] = True
    for key in boxes:
        at.session_state[key] = True
    if page:
        at.switch_page(page)  # straight to the page: the overview need not run first
    return at.run()


def specs(at: AppTest) -> list[dict]:
    """Return the plotly figures drawn, as dicts, in page order."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def title_of(spec: dict) -> str:
    """Return a figure's title text."""
    return spec["layout"]["title"]["text"]


def array(value) -> list:
    """Decode a plotly array (plain list or typed {'dtype', 'bdata'}) into a list."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return list(value or [])


def points(spec: dict) -> list[tuple[str, int, float]]:
    """Return the (trace name, x, y) points a line chart draws, gaps left out."""
    return [(tr["name"], int(x), y) for tr in spec["data"] for x, y in zip(array(tr["x"]), array(tr["y"]))
            if y is not None and not (isinstance(y, float) and math.isnan(y))]


def visible_texts(at: AppTest) -> list[str]:
    """Text a reader sees: markdown, headings, notes, captions (citations apart), tab labels and chart labels."""
    texts = [e.value for kind in ("markdown", "subheader", "info", "title") for e in at.get(kind)]
    texts += [c.value for c in at.caption if not c.value.startswith("Источник")]  # citations keep publishers' names
    texts += [tab.label for tab in at.tabs]
    for spec in specs(at):
        texts += [title_of(spec)] + [str(tr.get("name", "")) for tr in spec["data"]]
        texts += [str(y) for tr in spec["data"] for y in array(tr.get("y")) if isinstance(y, str)]
        texts += [a.get("text", "") for a in spec["layout"].get("annotations", [])]
    return texts
