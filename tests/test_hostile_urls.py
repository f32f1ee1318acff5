"""Odd and hostile URL parameters on every page: no exception, a clear message where relevant, nothing run as markup."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.navigation import PAGES

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
GLOBAL_PARAMS = ("lang", "present", "country", "years")
# ui.state widgets take the URL parameter name as their first argument: select("country", ...), year_range("years", ...)
WIDGET_CALL = re.compile(r"\b(?:select|pick|multiselect|year_range|toggle)\(\s*[\"']([A-Za-z_]\w*)[\"']")
SCRIPT = "<script>alert(1)</script><img src=x onerror=alert(1)>"
LINK = "[Official report](https://evil.example/x)"
LONG = "Қазақстан 🇰🇿 \u202e\u200b\u0000 " + "A" * 10_000
HUGE = "9" * 40
# The payloads as markup: unescaped (a backslash before the character makes markdown show it as text).
MARKUP = re.compile(r"(?<!\\)<\s*(script|img)|(?<!\\)\]\(https://evil\.example|href=.?https://evil", re.IGNORECASE)


def page_params(script: str) -> tuple[str, ...]:
    """Return the URL parameters a page reads: the global ones plus every ui.state widget name in its source."""
    return tuple(dict.fromkeys((*GLOBAL_PARAMS, *widget_params(script))))


def widget_params(script: str) -> list[str]:
    """Return the URL parameter names of the ui.state widgets in a page's source."""
    return WIDGET_CALL.findall((ROOT / script).read_text(encoding="utf-8"))


def hostile(params: tuple[str, ...], value: str, **overrides: str) -> dict[str, str]:
    """Give every parameter the same odd value, except the ones overridden."""
    return {**{p: value for p in params}, **overrides}




def alternate(params: tuple[str, ...], *values: str) -> dict[str, str]:
    """Give the parameters the values in turn (so one run tries several payloads)."""
    return {p: values[i % len(values)] for i, p in enumerate(params)}


# case id -> the URL for a page's parameters
CASES = {
    "script tags and markdown links": lambda ps: alternate(ps, SCRIPT, LINK) | alternate(ps[1:], LINK, SCRIPT),
    "a very long unicode value with control characters": lambda ps: hostile(ps, LONG),
    "huge numbers": lambda ps: hostile(ps, HUGE, years="1-" + HUGE, present="-" + HUGE),
}
RUNS = [(spec.script, case) for spec in PAGES for case in CASES]


def walk(node):
    """Yield every element under a node of AppTest's element tree."""
    children = getattr(node, "children", None)
    if children:
        for child in children.values():
            yield from walk(child)
    else:
        yield node


def rendered_texts(at: AppTest) -> list[tuple[str, str]]:
    """Return (element type, text) for everything the browser renders as markdown, HTML or a chart spec."""
    out = []
    for element in (*walk(at.main), *walk(at.sidebar)):
        proto = getattr(element, "proto", None)
        for field in ("body", "label", "help", "spec"):
            text = getattr(proto, field, None) if proto is not None else None
            if isinstance(text, str) and text:
                out.append((type(element).__name__, text))
    return out


def run_page(script: str, params: dict[str, str]) -> AppTest:
    """Open a page with the given URL parameters, in one run."""
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(script)
    return at.run()


@pytest.mark.parametrize("script, case", RUNS, ids=[f"{Path(s).stem}: {c}" for s, c in RUNS])
def test_a_page_opened_with_odd_url_parameters_runs_and_renders_no_markup(script, case):
    """No exception; no tag, markdown link or 10k-character value reaches a markdown, HTML or chart element."""
    at = run_page(script, CASES[case](page_params(script)))
    assert not at.exception, [e.message for e in at.exception]
    texts = rendered_texts(at)
    assert [t for t in texts if MARKUP.search(t[1])] == []
    assert [t[0] for t in texts if "A" * 200 in t[1]] == []


@pytest.mark.parametrize("script", [spec.script for spec in PAGES], ids=lambda s: Path(s).stem)
def test_an_unknown_country_and_reversed_years_in_the_link_are_handled_on_screen(script):
    """?country=ZZZ is said in the page's language; ?years=2024-2005 opens the year boxes on 2005-2024."""
    at = run_page(script, {"lang": "ru", "country": "ZZZ", "c": "ZZZ,QQQ", "years": "2024-2005"})
    assert not at.exception, [e.message for e in at.exception]
    assert any("не охватывает" in w.value for w in at.warning), [w.value for w in at.warning]
    if "years" in widget_params(script):
        start, end = at.session_state["url_years"]
        assert start <= end
