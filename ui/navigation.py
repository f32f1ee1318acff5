"""The pages, in presentation order, declared as data; the sidebar, presenter chrome and link sharing."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import streamlit as st

from ui.state import ctx, set_param, t


@dataclass(frozen=True)
class PageSpec:
    """A page: its script, URL path, title key and icon."""

    script: str
    url_path: str
    title_key: str
    icon: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/overview.py", "", "nav.overview", ":material/dashboard:"),
    PageSpec("pages/remittances.py", "remittances", "nav.remittances", ":material/payments:"),
    PageSpec("pages/migration.py", "migration", "nav.migration", ":material/flight_takeoff:"),
    PageSpec("pages/country.py", "country", "nav.country", ":material/flag:"),
    PageSpec("pages/indicators.py", "indicators", "nav.indicators", ":material/monitoring:"),
    PageSpec("pages/sources.py", "sources", "nav.sources", ":material/description:"),
)

# Streamlit's default caption grey (#808495-ish) is below WCAG AA on white; captions carry sources, so darken them.
BASE_CSS = """
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {color: #4A4A4A !important;}
</style>
"""
CAPTION_COLOUR = "#4A4A4A"
PRESENTER_CAPTION_COLOUR = "#333333"

PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stToolbar"],
[data-testid="stHeader"], [data-testid="stDecoration"], footer {display: none !important;}
html, body, [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stCaptionContainer"], label, button, [data-testid="stMetricLabel"] p {font-size: 22px !important;}
[data-testid="stCaptionContainer"] {font-size: 20px !important; color: #333333 !important;}
h1 {font-size: 48px !important;} h2 {font-size: 38px !important;} h3 {font-size: 30px !important;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p, [data-testid="stMetricValue"] div {font-size: 40px !important;}
.block-container {padding-top: 1.5rem !important; max-width: 100% !important;}
</style>
"""


def global_params() -> dict[str, str]:
    """Return the parameters every link carries (language, presenter mode)."""
    params = {"lang": ctx().lang}
    if ctx().presenter:
        params["present"] = "1"
    return params


def build(pages: tuple[PageSpec, ...] = PAGES) -> dict[str, st.Page]:
    """Create the st.Page objects keyed by URL path."""
    return {p.url_path: st.Page(p.script, title=t(p.title_key), icon=p.icon, url_path=p.url_path or None,
                                default=not p.url_path) for p in pages}


def sidebar(snapshot_date: str) -> None:
    """Draw the language switch, presenter toggle, link sharing and snapshot date."""
    with st.sidebar:
        labels = {"en": "English", "ru": "Русский"}
        choice = st.segmented_control(t("app.language"), list(labels), format_func=labels.get,
                                      default=ctx().lang, key=f"lang_switch_{ctx().lang}")
        if choice and choice != ctx().lang:
            switch_global("lang", choice)
        if st.toggle(t("app.presenter"), value=ctx().presenter, key=f"present_{ctx().presenter}") != ctx().presenter:
            switch_global("present", "0" if ctx().presenter else "1")
        share_link()
        st.caption(t("app.snapshot", date=snapshot_date))


def switch_global(name: str, value: str) -> None:
    """Change a global parameter (language or presenter mode) and redraw."""
    st.session_state[f"_g_{name}"] = value
    set_param(name, value)
    st.rerun()


def current_link() -> str:
    """Return the address of the current view, with every parameter it needs."""
    url = urlsplit(st.context.url or "http://localhost:8501/")
    params = {k: st.query_params.get(k) for k in st.query_params.keys()}
    return f"{url.scheme}://{url.netloc}{url.path}?{urlencode(params)}"


def share_link() -> None:
    """Show the current view's link with a copy button (drawn once opened: a code block loads a highlighter)."""
    with st.popover(t("app.copy_link"), help=t("app.copy_link_help"), icon=":material/link:", key="share_link",
                    on_change="rerun") as box:
        if box.open:
            st.code(current_link(), language=None, wrap_lines=True)


def presenter_chrome(current: str) -> None:
    """Hide chrome and enlarge type in presenter mode; offer Previous and Next through the pages."""
    st.html(BASE_CSS)
    if not ctx().presenter:
        return
    st.html(PRESENTER_CSS)
    order = [p for p in PAGES]
    idx = next((i for i, p in enumerate(order) if p.url_path == current), 0)
    cols = st.columns([1, 4, 1])
    prev_page, next_page = order[idx - 1], order[(idx + 1) % len(order)]
    cols[0].page_link(prev_page.script, label=t("app.previous"), query_params=global_params())
    cols[2].page_link(next_page.script, label=t("app.next"), query_params=global_params())
