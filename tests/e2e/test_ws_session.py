"""The load test's websocket session drives the real app as a browser tab does: every page runs to the end, in both
languages, with no error box, and the second page is asked for by the script hash the app announced."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from benchmarks.ws_session import Tab
from ui.navigation import PAGES


def in_own_thread(work):
    """Run work() in a thread of its own: the browser tests keep an event loop running in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result(timeout=300)


def test_a_websocket_session_runs_every_page_in_both_languages_without_an_error(app_server):
    async def visit():
        tab, seen = Tab(app_server.url("").rstrip("/")), []
        await tab.connect("")
        try:
            for lang in ("en", "ru"):
                for spec in PAGES:
                    errors, status = await tab.run(spec.url_path, {"lang": lang}, 60)
                    seen.append((lang, spec.url_path, errors, status))
        finally:
            await tab.close()
        return seen, tab.pages

    seen, pages = in_own_thread(lambda: asyncio.run(visit()))
    assert {p.url_path for p in PAGES} <= set(pages)  # the navigation message named every page
    assert [(lang, path) for lang, path, errors, status in seen if errors or status != "FINISHED_SUCCESSFULLY"] == []


def test_the_proxy_rehearsals_new_vintage_check_finds_nothing_before_a_refresh(app_server):
    from deploy.run_local import replica_shows  # it once matched the snapshot date ("Nov 2026") and passed unrefreshed

    assert in_own_thread(lambda: replica_shows(app_server.port)) is False
