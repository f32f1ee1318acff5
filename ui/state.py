"""Per-run view state: the AppContext, t(), and controls whose values live in the session and in the URL.

One mechanism holds every control's choice (`_bound`): the value lives under a plain session key per page and
parameter, seeded once from the link, written back to the link on every run, and copied into the widget before it
draws. Streamlit forgets a widget's own state whenever the widget is not drawn (another tab, another page, a closed
box); the plain key is never forgotten, so a second control change, a tab switch, a page switch and back, a language
switch or presenter mode keep what the user chose. A link that arrives with another value wins (a shared link, the
browser's Back button).
"""
from __future__ import annotations

import re
from typing import Callable, Sequence

import streamlit as st

from ui.context import AppContext, parse_context, parse_flag, parse_years
from ui.i18n import translate

GLOBAL_PARAMS = ("lang", "present", "step")  # kept across page switches; page parameters belong to their page
_CTX = "_ctx"
_PAGE = "_page"  # the URL path of the page running now (set by app.py)
_BOUND = "_bound_now"  # parameters the page bound during this run
_MISSING = object()


def init_context() -> AppContext:
    """Parse the URL once per run (falling back to this session's language and mode) and store it."""
    params = {k: st.query_params.get(k) for k in st.query_params.keys()}
    for key in GLOBAL_PARAMS:
        if key not in params and f"_g_{key}" in st.session_state:
            params[key] = st.session_state[f"_g_{key}"]
    ctx = parse_context(params, st.context.locale)
    st.session_state[_CTX] = ctx
    st.session_state["_slides"] = []  # charts register again as they draw
    st.session_state[_BOUND] = set()
    st.session_state["_g_lang"], st.session_state["_g_present"] = ctx.lang, "1" if ctx.presenter else "0"
    return ctx


def set_page(url_path: str) -> None:
    """Say which page runs now: a control's choice is kept per page and parameter."""
    st.session_state[_PAGE] = url_path


def bound_params() -> set[str]:
    """Return the URL parameters the page bound during this run."""
    return set(st.session_state.get(_BOUND, set()))


IN_APP = "_page_in_app"  # set by app.py while it runs the page


class PageEnd(Exception):
    """Raised by end_page(): the page has said all it has to say; app.py still draws what follows every page."""


def end_page() -> None:
    """End the page here (instead of st.stop(), which would also drop the sidebar app.py draws after the page)."""
    if st.session_state.get(IN_APP):
        raise PageEnd
    st.stop()  # a page Streamlit ran without app.py (see _route_through_app): nothing follows it anyway


def ctx() -> AppContext:
    """Return this run's AppContext (rerouting through app.py if this run skipped it)."""
    if _CTX not in st.session_state:
        _route_through_app()
    return st.session_state.get(_CTX) or AppContext()


def _route_through_app() -> None:
    """Rerun a page that Streamlit started without app.py.

    With a pages/ folder beside app.py, Streamlit runs its legacy pages mode until some session has called
    st.navigation; a deep link on a freshly started server therefore runs pages/x.py bare (no language, no
    sidebar). Switching the process to st.navigation mode and rerunning sends this run through app.py, which
    resolves the same page (page ids derive from the URL path).
    """
    from streamlit.runtime.pages_manager import PagesManager

    if st.session_state.get("_rerouted"):
        return  # once per session: a page run on its own (tests) must not loop
    st.session_state["_rerouted"] = True
    PagesManager.uses_pages_directory = False  # another session may already have cleared it (concurrent deep links)
    st.rerun()


def t(key: str, /, **values) -> str:
    """Translate a message key into this run's language."""
    return translate(key, ctx().lang, **values)


def set_param(name: str, value: str | None) -> None:
    """Write a parameter to the URL, or remove it when None."""
    if value is None:
        st.query_params.pop(name, None)
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def safe_echo(raw: str) -> str:
    """Return a link's value safe to echo: letters, digits and a few marks only, at most 40 characters."""
    return re.sub(r"[^\w ,.:\-]", "", str(raw))[:40] or "…"


def _scoped(name: str) -> str:
    """Return the session key that holds a control's choice on the running page."""
    return f"_v:{st.session_state.get(_PAGE, '')}:{name}"


def _bound(name: str, default, parse: Callable[[str], object], dump: Callable[[object], str]):
    """Return a control's choice, kept in the session and mirrored into the URL (the one mechanism for every control).

    A link value the page has not published itself (a shared link, Back) replaces the choice; an unusable one is said
    and ignored; a link without the parameter (a page switch) keeps the choice.
    """
    key, sent = _scoped(name), _scoped(name) + ":sent"
    raw = st.query_params.get(name)
    if raw is not None and raw != st.session_state.get(sent):
        parsed = parse(raw)
        if parsed is None:
            st.warning(t("url.ignored", name=name, value=safe_echo(raw)))
        else:
            st.session_state[key] = parsed
    value = st.session_state.setdefault(key, default)
    _store(name, value, default, dump)
    return value


def _store(name: str, value, default, dump: Callable[[object], str]) -> None:
    """Keep a choice in the session and the URL (defaults stay out of the link to keep it short)."""
    key = _scoped(name)
    st.session_state[key] = value
    shown = None if value == default else dump(value)
    st.session_state[key + ":sent"] = shown
    set_param(name, shown)
    st.session_state.setdefault(_BOUND, set()).add(name)


def _widget_value(widget: str, value, to_widget=lambda v: v, from_widget=lambda v: v):
    """Return the choice after the user's last action on a widget, and seed the widget with it before it draws.

    The widget's own state holds a new value only when the user changed it since it was seeded (a click, or a callback
    such as a map click); otherwise the kept choice wins, whatever Streamlit did with the widget while it was not drawn.
    """
    seen, record = st.session_state.get(widget, _MISSING), f"_seeded:{widget}"
    page, seeded = st.session_state.get(record, (None, _MISSING))
    if seen is not _MISSING and page == st.session_state.get(_PAGE) and seen != seeded and seen is not None:
        value = from_widget(seen)
    st.session_state[widget] = to_widget(value)
    st.session_state[record] = (st.session_state.get(_PAGE), st.session_state[widget])
    return value


def linked_params(**changes: str) -> dict[str, str]:
    """Return this view's URL parameters with some changed (for a link to the same view in another language or mode)."""
    return {k: st.query_params.get(k) for k in st.query_params.keys()} | changes


def _option_parser(options: Sequence) -> Callable[[str], object]:
    """Return a parser of a link value into one of the options (None when it is not one)."""
    lookup = {str(o): o for o in options}
    return lambda raw: lookup.get(raw.strip())


def value(name: str, options: Sequence, default):
    """Return the choice of a control without drawing it (the kept choice, else the link's, else the default)."""
    opts = list(options)
    default = default if default in opts else opts[0]
    chosen = _bound(name, default, _option_parser(opts), str)
    if chosen not in opts:
        chosen = default
        _store(name, chosen, default, str)
    return chosen


def choice(name: str, label: str, options: Sequence, default, format_func=str, kind: str = "auto", **kw):
    """A single choice bound to ?name=: a segmented control for a few short options, else a select box.

    kind: "auto", "segmented", "pills", "select" or "slider" (a select slider, e.g. for years).
    """
    opts = list(options)
    chosen = value(name, opts, default)
    widget = f"url_{name}"
    chosen = _widget_value(widget, chosen)
    drawn = _draw_choice(_kind(kind, opts, format_func), label, opts, widget, format_func, **kw)
    chosen = drawn if drawn in opts else chosen  # a segmented control clicked twice reports None: keep the choice
    _store(name, chosen, default if default in opts else opts[0], str)
    return chosen


def _kind(kind: str, options: list, format_func) -> str:
    """Pick the widget for a choice: a segmented control for up to six short options, else a select box."""
    if kind != "auto":
        return kind
    short = sum(len(str(format_func(o))) for o in options) <= 60
    return "segmented" if len(options) <= 6 and short else "select"


def _draw_choice(kind: str, label: str, options: list, widget: str, format_func, **kw):
    """Draw the widget of one choice and return what it reports."""
    if kind == "select":
        return st.selectbox(label, options, format_func=format_func, key=widget, **kw)
    if kind == "slider":
        return st.select_slider(label, options, format_func=format_func, key=widget, **kw)
    draw = st.segmented_control if kind == "segmented" else st.pills
    return draw(label, options, format_func=format_func, key=widget, selection_mode="single", **kw)


def multiselect(name: str, label: str, options: Sequence, default: Sequence, format_func=str, shown: bool = True,
                kind: str = "multiselect", **kw) -> list:
    """A multiselect (or multi-choice pills) bound to ?name=A,B,C (shown=False: the value only, nothing drawn)."""
    opts = list(options)

    def parse(raw: str):
        picked = [p.strip() for p in raw.split(",")]
        known = [o for o in opts if str(o) in picked]
        return known if known or raw == "" else None

    chosen = [o for o in _bound(name, list(default), parse, lambda v: ",".join(map(str, v))) if o in opts]
    if shown:
        widget = f"url_{name}"
        chosen = _widget_value(widget, chosen, list, list)
        draw = st.multiselect if kind == "multiselect" else _multi_pills
        chosen = [o for o in draw(label, opts, format_func=format_func, key=widget, **kw) if o in opts]
    _store(name, list(chosen), list(default), lambda v: ",".join(map(str, v)))
    return list(chosen)


def _multi_pills(label: str, options: list, **kw) -> list:
    """Multi-choice pills (no placeholder argument: pills show every option)."""
    kw.pop("placeholder", None)
    return st.pills(label, options, selection_mode="multi", **kw) or []


def year_range(name: str, label: str, lo: int, hi: int, default: tuple[int, int] | None = None,
               shown: bool = True) -> tuple[int, int]:
    """A year-range slider bound to ?name=2005-2024 (reversed or out-of-range input is clamped).

    shown=False: the value only, nothing drawn.
    """
    default = tuple(default or (lo, hi))

    def parse(raw: str):
        years, _ = parse_years(raw)
        return None if years is None else (max(lo, min(years[0], hi)), min(hi, max(years[1], lo)))

    first, last = _bound(name, default, parse, lambda v: f"{v[0]}-{v[1]}")
    chosen = (max(lo, min(first, hi)), min(hi, max(last, lo)))
    if shown:
        chosen = _widget_value(f"url_{name}", chosen, tuple, tuple)
        chosen = tuple(st.slider(label, min_value=lo, max_value=hi, step=1, key=f"url_{name}"))
    _store(name, (min(chosen), max(chosen)), default, lambda v: f"{v[0]}-{v[1]}")
    return min(chosen), max(chosen)


def toggle(name: str, label: str, default: bool = False, **kw) -> bool:
    """A toggle bound to ?name=1."""
    words = {"1", "0", "true", "false", "yes", "no", "on", "off"}
    chosen = _bound(name, default, lambda raw: parse_flag(raw) if raw.strip().lower() in words else None,
                    lambda v: "1" if v else "0")
    widget = f"url_{name}"
    chosen = _widget_value(widget, bool(chosen))
    chosen = bool(st.toggle(label, key=widget, **kw))
    _store(name, chosen, default, lambda v: "1" if v else "0")
    return chosen


def view(name: str, labels: dict[str, str], default: str):
    """Tabs bound to ?name=<code> that draw only the chosen one: return its code and its container."""
    codes = list(labels)
    code = _bound(name, default, lambda raw: raw.strip() if raw.strip() in labels else None, str)
    code = code if code in labels else default
    widget = f"tabs_{name}_{ctx().lang}"  # per language: the labels are the widget's values
    by_label = {label: c for c, label in labels.items()}
    code = _widget_value(widget, code, lambda c: labels[c], lambda label: by_label.get(label, code))
    tabs = st.tabs(list(labels.values()), default=labels[default], key=widget, on_change="rerun")
    code = by_label.get(st.session_state.get(widget), code)
    _store(name, code, default, str)
    return code, tabs[codes.index(code)]
