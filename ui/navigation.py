"""The pages, in presentation order, declared as data; the sidebar, presenter chrome and link sharing."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import streamlit as st

from charts.theme import fmt_date

from ui import export
from ui.state import ctx, linked_params, t


@dataclass(frozen=True)
class PageSpec:
    """A page: its script, URL path, title key and icon."""

    script: str
    url_path: str
    title_key: str
    icon: str
    params: tuple[str, ...] = ()  # the URL parameters the page understands (anything else is said and dropped)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/overview.py", "", "nav.overview", ":material/dashboard:"),
    PageSpec("pages/remittances.py", "remittances", "nav.remittances", ":material/payments:",
             ("view", "since", "v", "c", "m", "years", "ry")),
    PageSpec("pages/migration.py", "migration", "nav.migration", ":material/flight_takeoff:",
             ("view", "country", "dir", "year", "sex", "all", "allc")),
    PageSpec("pages/country.py", "country", "nav.country", ":material/flag:", ("country", "view")),
    PageSpec("pages/indicators.py", "indicators", "nav.indicators", ":material/monitoring:",
             ("c", "ir", "period", "ind", "tip", "measure", "example")),
    PageSpec("pages/sources.py", "sources", "nav.sources", ":material/description:"),
)
GLOBAL = ("lang", "present", "step")  # understood on every page


def unknown_params(url_path: str, present: set[str], bound: set[str]) -> list[str]:
    """Return the link's parameters that neither the page nor the app understands, in a stable order."""
    spec = next((p for p in PAGES if p.url_path == url_path), None)
    known = set(GLOBAL) | bound | set(spec.params if spec else ())
    return sorted(present - known)

# Captions carry the sources, so they must meet WCAG AA: Streamlit draws them at this opacity of the theme's text
# colour (.streamlit/config.toml sets a text colour dark enough); presenter mode sets its own colour below.
CAPTION_OPACITY = 0.6
PRESENTER_CAPTION_COLOUR = "#333333"

PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stToolbar"],
[data-testid="stHeader"], [data-testid="stDecoration"], footer {display: none !important;}
html, body, [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stCaptionContainer"], label, button {font-size: 22px !important;}
[data-testid="stCaptionContainer"] {font-size: 20px !important; color: #333333 !important; opacity: 1 !important;}
h1 {font-size: 48px !important;} h2 {font-size: 38px !important;} h3 {font-size: 30px !important;}
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


LANGUAGES = {"en": "English", "ru": "Русский"}


def sidebar(page, snapshot_date: str):
    """Draw the language and presenter-mode links, the share-and-export box and the snapshot date; return the box."""
    # Links, not a segmented control and a toggle: they open the same view in the other language or mode and load no
    # widget code on the first draw.
    with st.sidebar:
        other = next(code for code in LANGUAGES if code != ctx().lang)
        st.page_link(page, label=LANGUAGES[other], icon=":material/translate:", query_params=linked_params(lang=other),
                     help=t("app.language_help"))
        st.page_link(page, label=t("app.presenter"), icon=":material/co_present:",
                     query_params=linked_params(present="1"))
        box = share_box()
        st.caption(t("app.snapshot", date=fmt_date(snapshot_date, ctx().lang)))
    return box


def current_link() -> str:
    """Return the address of the current view, with every parameter it needs."""
    url = urlsplit(st.context.url or "http://localhost:8501/")
    return f"{url.scheme}://{url.netloc}{url.path}?{urlencode(linked_params())}"


def share_box():
    """Open a box with the current view's link (drawn once opened: a code block loads a highlighter); return it.

    The slides export goes into the same box after the page has drawn, since the page's charts register the slides.
    """
    with st.popover(t("app.copy_link"), help=t("app.copy_link_help"), icon=":material/share:", key="share_link",
                    on_change="rerun") as box:
        if box.open:
            st.code(current_link(), language=None, wrap_lines=True)
    return box


def presenter_chrome(current: str):
    """Hide chrome and enlarge type in presenter mode; offer Previous and Next; return the slot for the way out."""
    if not ctx().presenter:
        return None
    st.html(PRESENTER_CSS)
    order = [p for p in PAGES]
    idx = next((i for i, p in enumerate(order) if p.url_path == current), 0)
    cols = st.columns([1, 4, 1])
    prev_page, next_page = order[idx - 1], order[(idx + 1) % len(order)]
    cols[0].page_link(prev_page.script, label=t("app.previous"), query_params=global_params())
    cols[2].page_link(next_page.script, label=t("app.next"), query_params=global_params())
    return cols[1]


def chrome_after(page, exit_slot, snapshot_date: str) -> None:
    """Draw what follows the page: the way out of presenter mode, the sidebar, and the slides in the share box."""
    if exit_slot is not None:
        exit_link(exit_slot, page)
    share = sidebar(page, snapshot_date)
    if share.open:
        with share:
            export.slides_button(page.title, snapshot_date)


def exit_link(slot, page) -> None:
    """Offer the way out of presenter mode to the same view (drawn after the page, so the link carries its state)."""
    with slot:
        st.page_link(page, label=t("app.exit_presenter"), icon=":material/close:", query_params=linked_params(present="0"))
