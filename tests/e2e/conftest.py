"""Session fixtures for the browser tests: one app server and one Chromium for the whole run."""
from __future__ import annotations

import importlib.util

import pytest

from tests.e2e.helpers import CHROMIUM, DESKTOP_VIEWPORT, launch_options, offline_handler, start_server, stop_server

SKIP_REASON = None
if not CHROMIUM.exists():
    SKIP_REASON = f"{CHROMIUM} is missing (apt-get install chromium); browser tests skipped"
elif importlib.util.find_spec("playwright") is None:
    SKIP_REASON = "python playwright is not installed (pip install -r requirements-dev.txt); browser tests skipped"


def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder `e2e`, and skip them all when Chromium or playwright is missing."""
    for item in items:
        if "tests/e2e/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)
            if SKIP_REASON:
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.fixture(scope="session")
def app_server():
    """Start `streamlit run app.py` once for the session and stop it at the end."""
    server = start_server("app.py")
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def chromium():
    """Launch Debian's headless Chromium once for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(**launch_options())
        yield browser
        browser.close()


@pytest.fixture()
def browse(chromium, app_server):
    """A fresh offline browser page on the app at 1440x900 (every request to another host aborted and counted)."""
    blocked: list[str] = []
    context = chromium.new_context(viewport=DESKTOP_VIEWPORT, locale="en-US")
    context.route("**/*", offline_handler(blocked))
    page = context.new_page()
    yield page, app_server, blocked
    context.close()
