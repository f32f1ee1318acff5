"""Per-run view state: the AppContext, t(), and widgets whose values live in the URL."""
from __future__ import annotations

import re
from typing import Callable, Sequence

import streamlit as st

from ui.context import AppContext, parse_context, parse_flag, parse_years
from ui.i18n import translate

GLOBAL_PARAMS = ("lang", "present")  # kept across page switches; page parameters belong to their page
_CTX = "_ctx"


def init_context() -> AppContext:
    """Parse the URL once per run (falling back to this session's language and mode) and store it."""
    params = {k: st.query_params.get(k) for k in st.query_params.keys()}
    for key in GLOBAL_PARAMS:
        if key not in params and f"_g_{key}" in st.session_state:
            params[key] = st.session_state[f"_g_{key}"]
    ctx = parse_context(params, st.context.locale)
    st.session_state[_CTX] = ctx
    st.session_state["_slides"] = []  # charts register again as they draw
    st.session_state["_g_lang"], st.session_state["_g_present"] = ctx.lang, "1" if ctx.presenter else "0"
    return ctx


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


def t(key: str, **values) -> str:
    """Translate a message key into this run's language."""
    return translate(key, ctx().lang, **values)


def set_param(name: str, value: str | None) -> None:
    """Write a parameter to the URL, or remove it when None."""
    if value is None:
        st.query_params.pop(name, None)
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def _from_link(name: str, default, parse: Callable[[str], object]):
    """Return the URL's value for a control, parsed; the default (saying so) when the link's value is unusable."""
    raw = st.query_params.get(name)
    if raw is None:
        return default
    parsed = parse(raw)
    if parsed is None:
        st.warning(t("url.ignored", name=name, value=_shown(raw)))
        return default
    return parsed


def _seed(name: str, default, parse: Callable[[str], object]) -> str:
    """Put the URL's value (or the default) into session state before the widget draws."""
    key = f"url_{name}"
    if key not in st.session_state:
        st.session_state[key] = _from_link(name, default, parse)
    return key


def _shown(raw: str) -> str:
    """Return a link's value safe to echo: letters, digits and a few marks only, at most 40 characters."""
    return re.sub(r"[^\w ,.:\-]", "", str(raw))[:40] or "…"


def _publish(name: str, value, default, dump: Callable[[object], str]) -> None:
    """Mirror a widget's value into the URL (defaults are left out to keep links short)."""
    set_param(name, None if value == default else dump(value))


def linked_params(**changes: str) -> dict[str, str]:
    """Return this view's URL parameters with some changed (for a link to the same view in another language or mode)."""
    return {k: st.query_params.get(k) for k in st.query_params.keys()} | changes


def flag(name: str) -> bool:
    """Read an on/off switch of the view from the URL (?name=1)."""
    return parse_flag(st.query_params.get(name))


def flag_link(slot, page: str, name: str, labels: tuple[str, str]) -> None:
    """Offer a link that opens the same view with ?name= switched; draw it into `slot` once the page has drawn."""
    # A link rather than a toggle: it loads no widget code on first draw. Drawn last, so it carries every control.
    on, params = flag(name), linked_params(**{name: "1"})
    if on:
        params.pop(name)
    with slot:
        st.page_link(page, label=labels[on], icon=":material/" + ("toggle_on" if on else "toggle_off") + ":",
                     query_params=params)


def select(name: str, label: str, options: Sequence, default, format_func=str, shown: bool = True, **kw):
    """A selectbox bound to ?name= (shown=False: the value only, nothing drawn)."""
    opts = list(options)
    lookup = {str(o): o for o in opts}
    key = _seed(name, default if default in opts else opts[0], lambda raw: lookup.get(raw))
    if st.session_state[key] not in opts:
        st.session_state[key] = opts[0]
    value = st.selectbox(label, opts, format_func=format_func, key=key, **kw) if shown else st.session_state[key]
    _publish(name, value, default, str)
    return value


def pick(name: str, label: str, options: Sequence, default, format_func=str, **kw):
    """A choice bound to ?name=, shown as a button reading "label: choice" whose select box draws once it is opened."""
    # Behind a button: a page's first draw then loads no select-box code (~150 kB of script, measured ~0.1-0.2 s).
    # The label carries the choice, so the box closes once a new choice is made (its identity includes the label).
    value = select(name, label, options, default, format_func, shown=False)
    box = st.popover(f"{label}: {format_func(value)}", key=f"pick_{name}", on_change="rerun")
    if box.open:
        with box:
            value = select(name, label, options, default, format_func, **kw)
    return value


def settings(name: str, label: str):
    """A button that opens a box of controls; their widgets draw only while it is open (read box.open)."""
    return st.popover(label, icon=":material/tune:", key=f"settings_{name}", on_change="rerun")


def multiselect(name: str, label: str, options: Sequence, default: Sequence, format_func=str, shown: bool = True,
                **kw) -> list:
    """A multiselect bound to ?name=A,B,C (shown=False: the value only, nothing drawn)."""
    opts = list(options)

    def parse(raw: str):
        picked = [p for p in raw.split(",") if p in {str(o) for o in opts}]
        return [o for o in opts if str(o) in picked] if picked or raw == "" else None

    key = _seed(name, list(default), parse)
    value = st.multiselect(label, opts, format_func=format_func, key=key, **kw) if shown else st.session_state[key]
    _publish(name, list(value), list(default), lambda v: ",".join(map(str, v)))
    return list(value)


def year_range(name: str, label: str, lo: int, hi: int, default: tuple[int, int] | None = None,
               shown: bool = True) -> tuple[int, int]:
    """Two year selectboxes (from, to) bound to ?name=2005-2024 (reversed or out-of-range input is clamped).

    shown=False: the value only, nothing drawn.
    """
    # Select boxes rather than a range slider: the slider's date and number libraries (~150 kB of script) would load
    # on every first draw, and a select box is as quick to set from the keyboard.
    default = default or (lo, hi)

    def parse(raw: str):
        years, _ = parse_years(raw)
        return None if years is None else (max(lo, min(years[0], hi)), min(hi, max(years[1], lo)))

    key = _seed(name, tuple(default), parse)
    first, last = _year_pair(key, label, list(range(lo, hi + 1))) if shown else st.session_state[key]
    value = (min(first, last), max(first, last))
    st.session_state[key] = value
    _publish(name, value, tuple(default), lambda v: f"{v[0]}-{v[1]}")
    return value


def _year_pair(key: str, label: str, years: list[int]) -> tuple[int, int]:
    """Draw the from and to select boxes side by side, each seeded from the pair in session state."""
    for end, year_value in zip(("from", "to"), st.session_state[key]):
        if st.session_state.get(f"{key}_{end}") not in years:
            st.session_state[f"{key}_{end}"] = year_value
    left, right = st.columns(2)
    first = left.selectbox(t("range.from", label=label), years, key=f"{key}_from")
    last = right.selectbox(t("range.to", label=label), years, key=f"{key}_to")
    return first, last


def toggle(name: str, label: str, default: bool = False, **kw) -> bool:
    """A toggle bound to ?name=1."""
    key = _seed(name, default, lambda raw: raw.strip().lower() in {"1", "true", "yes", "on"})
    value = st.toggle(label, key=key, **kw)
    _publish(name, bool(value), default, lambda v: "1" if v else "0")
    return bool(value)


def view(name: str, labels: dict[str, str], default: str):
    """Tabs bound to ?name=<code> that draw only the chosen one: return its code and its container."""
    # The chosen tab lives only in the widget's own state, which Streamlit drops when the tabs are not drawn: another
    # page or language starts again from the link. `default` stays fixed because it is part of the widget's identity.
    widget = f"tabs_{name}_{ctx().lang}"
    if st.session_state.get(widget) not in labels.values():
        st.session_state[widget] = labels[_from_link(name, default, lambda raw: raw if raw in labels else None)]
    tabs = st.tabs(list(labels.values()), default=labels[default], key=widget, on_change="rerun")
    code = {label: code for code, label in labels.items()}[st.session_state[widget]]
    _publish(name, code, default, str)
    return code, tabs[list(labels).index(code)]
