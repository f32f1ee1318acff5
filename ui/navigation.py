"""The pages, in presentation order, declared as data; the sidebar, presenter chrome and link sharing."""
from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import streamlit as st

import config

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

# Presenter mode is a deck (ui/deck.py): each step fills one screen, 1280x720 to 1920x1080, without scrolling. The
# main block is a column as tall as the window; the chart's container takes what the title, lines, source and the way
# on leave. Type grows with the window's height (clamp), never below 18 px.
PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stToolbar"],
[data-testid="stHeader"], [data-testid="stDecoration"], footer {display: none !important;}
[data-testid="stMainBlockContainer"] {padding: 1.5vh 2.5vw 1vh !important; max-width: 100% !important;
  height: 100vh; box-sizing: border-box; display: flex; flex-direction: column;}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {flex: 1 1 0; min-height: 0;}
[data-testid="stLayoutWrapper"]:has(> .st-key-deck) {flex: 1 1 0; min-height: 0; display: flex; flex-direction: column;}
.st-key-deck {flex: 1 1 0; min-height: 0; gap: 0.6vh !important;}
.st-key-deck h1 {font-size: clamp(26px, 3.9vh, 44px) !important; line-height: 1.2 !important; padding: 0 !important;}
.st-key-deck > div {flex-shrink: 0 !important;}
.st-key-deck > [data-testid="stLayoutWrapper"]:has(> .st-key-deck_chart) {flex: 1 1 0 !important; min-height: 0 !important;}
.st-key-deck_chart {min-height: 0;}
.st-key-deck [data-testid="stMarkdownContainer"] p, .st-key-deck [data-testid="stMarkdownContainer"] li,
.st-key-deck a, label, button {font-size: clamp(20px, 2.8vh, 30px) !important;}
.st-key-deck [data-testid="stMarkdownContainer"] li {margin: 0 !important; padding: 0 !important;}
.st-key-deck [data-testid="stMarkdownContainer"] ul {margin: 0 !important;}
.st-key-deck [data-testid="stCaptionContainer"] {font-size: clamp(18px, 2.2vh, 24px) !important; color: #333333 !important;
  opacity: 1 !important;}
.st-key-deck [data-testid="stCaptionContainer"] p, .st-key-deck [data-testid="stMarkdownContainer"] p {margin: 0 !important;}
.st-key-deck [data-testid="stMarkdownContainer"], .st-key-deck [data-testid="stCaptionContainer"] {margin: 0 !important;}
.st-key-deck [data-testid="stMarkdownContainer"] p, .st-key-deck [data-testid="stMarkdownContainer"] li,
.st-key-deck [data-testid="stCaptionContainer"] {line-height: 1.35 !important;}
.st-key-deck .st-key-deck_subtitle [data-testid="stMarkdownContainer"] p {font-size: clamp(18px, 2.5vh, 27px) !important;
  color: #444444 !important;}
.st-key-deck_nav [data-testid="stElementContainer"] {margin: 0 !important;}
.st-key-deck_nav a {border: 1px solid #8a8a8a; border-radius: 0.5rem; padding: 0.15em 0.6em !important;
  background: #ffffff !important;}
.st-key-deck_nav a p, .st-key-deck_nav a span {font-weight: 600 !important; color: #111111 !important;
  line-height: 1.3 !important;}
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


def language_chrome() -> None:
    """Put Streamlit's own English words into the page's language where Streamlit has no setting for them.

    The skip link and the charts' fullscreen button are written by Streamlit in English only; CSS shows them in the
    page's language (plotly's own toolbar is translated by its config, ui.components.plotly_config), and the data
    grid's English-only toolbar is hidden (every grid has its CSV download beside it).
    """
    if ctx().lang == "en":
        return
    css = (f"[data-testid='stSkipToContent']{{font-size:0}}"
           f"[data-testid='stSkipToContent']::after{{content:{json.dumps(t('app.skip_link'), ensure_ascii=False)};font-size:1rem}}"
           f".modebar-btn[data-title='Fullscreen']::after{{content:{json.dumps(t('app.fullscreen'), ensure_ascii=False)} !important}}"
           f".modebar-btn[data-title='Close fullscreen']::after{{content:{json.dumps(t('app.close_fullscreen'), ensure_ascii=False)} !important}}"
           "[data-testid='stElementToolbar']{display:none}")
    st.html(f"<style>{css}</style>")


REPLICA_COOKIE = "dashboard_replica"  # set by the proxy (deploy/nginx.conf.template) to the replica that answered


def moved(previous: str, own: str, own_port: int) -> bool:
    """Tell whether the replica a browser last reached (host:port) is another one than this replica."""
    if not previous:
        return False
    if own:
        return previous.strip() != own.strip()
    return previous.rsplit(":", 1)[-1].strip() != str(own_port)


def replica_notice() -> None:
    """Say once, when a session reopened on this replica after the one it was on stopped (behind the proxy)."""
    if st.session_state.get("_replica_checked"):
        return
    st.session_state["_replica_checked"] = True
    previous = (st.context.cookies or {}).get(REPLICA_COOKIE, "")
    if moved(previous, config.get("REPLICA_ADDRESS"), int(st.get_option("server.port"))):
        st.info(t("app.reconnected"), icon=":material/sync:")


def presenter_chrome() -> None:
    """Hide Streamlit's chrome and size type for a projector (presenter mode draws a step of the deck, ui/deck.py)."""
    if ctx().presenter:
        st.html(PRESENTER_CSS)


def chrome_after(page, snapshot_date: str) -> None:
    """Draw what follows the page: the sidebar, and the slides in the share box (none in presenter mode)."""
    if ctx().presenter:
        return
    share = sidebar(page, snapshot_date)
    if share.open:
        with share:
            export.slides_box(page, snapshot_date)
