"""N concurrent browser sessions (one Chromium, N contexts) moving through every page for D seconds.

Each session opens a page, then clicks through the sidebar to the next page and the next, waiting each time until
every chart has drawn. Counts errors (exception boxes, error boxes, failed or timed-out loads, requests to other
hosts, HTTP errors from the app) and prints totals and page-time percentiles. Binds 127.0.0.1 only; stops by itself.

    python benchmarks/load_test.py [--sessions 20] [--duration 120] [--until drawn|script] [--ports 8620-8640]
    python benchmarks/load_test.py --url http://127.0.0.1:8600 --sessions 40 --duration 120 --json /tmp/load.json
    python benchmarks/load_test.py --sessions 40 --browsers 8   # 8 in Chromium, 32 on the websocket protocol

--until script ends each page time when the script is done and its elements have arrived (the server's share);
the default, drawn, waits until every chart has drawn, as a user does. --url drives a server already running (a
proxy in front of replicas, deploy/run_local.py) instead of starting one; --json writes every error with its time
and the sessions that lost their connection and came back, for a caller that stops a replica halfway. --browsers K
runs only K sessions in Chromium and the others as websocket sessions (benchmarks/ws_session.py: the same script runs
and messages for the server, no drawing for this machine): forty Chromium renderers on the server's own two cores
measure the renderers, not the server.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.helpers import (DIAGNOSE_JS, LOCAL_HOSTS, NAV_LINK, NORMAL_VIEWPORT, READY_JS,  # noqa: E402
                               SCRIPT_DONE_JS, SWITCHED_JS, SWITCHED_SCRIPT_JS, WATCH_RUN_JS, launch_options,
                               page_name, percentile, rss_mb, start_server, stop_server)
from ui.navigation import PAGES  # noqa: E402

STEP_TIMEOUT_MS = 60_000
# What "the page is there" means: every chart drawn (what a user waits for), or the script done and its elements
# delivered (the server's share; on one small machine the browsers' drawing otherwise dominates).
UNTIL = {"drawn": (READY_JS, SWITCHED_JS), "script": (SCRIPT_DONE_JS, SWITCHED_SCRIPT_JS)}
PROBES = ("/_stcore/health", "/_stcore/host-config")  # Streamlit probes /<page>/_stcore/... before /_stcore/...
# Records every change of the app's connection state (CONNECTED, then e.g. PINGING_SERVER while a replica is gone).
CONNECTION_JS = """() => { window.__conn = [['DOCUMENT', Date.now()]]; let last = null;
  new MutationObserver(() => { const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.dataset.testConnectionState;
    if (state && state !== last) { window.__conn.push([state, Date.now()]); last = state; } })
  .observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-connection-state']}); }"""


class Remote:
    """A server already running (a proxy or a replica) at a base address."""

    def __init__(self, base: str) -> None:
        self.base, self.process = base.rstrip("/"), None

    def url(self, path: str = "", **params: str) -> str:
        """Return the address of a page with URL parameters."""
        from urllib.parse import urlencode

        return f"{self.base}/{path.lstrip('/')}" + (f"?{urlencode(params)}" if params else "")


class Tally:
    """Page times and error counts shared by all sessions."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {page_name(p.script): [] for p in PAGES}
        self.errors: Counter[str] = Counter()
        self.examples: dict[str, str] = {}
        self.log: list[dict] = []  # every error with its wall-clock time
        self.lost: list[dict] = []  # a session whose connection dropped: when, and whether and when it came back
        self.peak_rss = 0.0

    def error(self, kind: str, detail: str) -> None:
        """Count one error and keep the first example of each kind."""
        self.errors[kind] += 1
        self.examples.setdefault(kind, detail[:300])
        self.log.append({"t": time.time(), "kind": kind, "detail": detail[:300]})


def http_kind(status: int, url: str) -> str:
    """Name an HTTP error; a 404 under /media/ is a download file the browser fetched after a newer run freed it."""
    if status == 404 and "/media/" in url:
        return "HTTP 404 /media/ (download file freed by a newer run; not shown to the user)"
    return f"HTTP {status}"


async def offline(context, tally: Tally) -> None:
    """Abort and count every request to a host other than the app's."""
    from urllib.parse import urlsplit

    async def handle(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            await route.continue_()
        else:
            tally.error("request to another host", route.request.url)
            await route.abort()
    await context.route("**/*", handle)


async def check_page(page, tally: Tally, where: str) -> None:
    """Count exception boxes and error boxes on the page, keeping what each says."""
    for testid, kind in (("stException", "exception box"), ("stAlertContentError", "error box")):
        boxes = page.locator(f'[data-testid="{testid}"]')
        for i in range(await boxes.count()):
            text = await boxes.nth(i).inner_text(timeout=5000)
            tally.error(kind, f"{where}: {' '.join(text.split())[:200]}")


async def diagnose(page) -> str:
    """Say what the page was waiting for (script state, charts without marks), or why that is unknown."""
    try:
        return str(await asyncio.wait_for(page.evaluate(DIAGNOSE_JS), timeout=10))
    except Exception as exc:  # noqa: BLE001 - the page may be gone or hung
        return f"no diagnosis ({type(exc).__name__})"


async def session(browser, server, index: int, deadline: float, tally: Tally, until: str, delay: float = 0) -> None:
    """One user: arrive after delay seconds, open a page, then move through the sidebar until the deadline."""
    await asyncio.sleep(delay)
    opened_js, switched_js = UNTIL[until]
    context = await browser.new_context(viewport=NORMAL_VIEWPORT)
    await offline(context, tally)
    await context.add_init_script(f"({CONNECTION_JS})()")
    page = await context.new_page()
    page.on("response", lambda r: r.status >= 400 and not r.url.endswith(PROBES)
            and tally.error(http_kind(r.status, r.url), r.url))
    i = index % len(PAGES)
    lang = ("en", "ru")[index % 2]
    opened, history = False, []
    try:
        while time.monotonic() < deadline:
            name = page_name(PAGES[i].script)
            t0 = time.perf_counter()
            try:
                if not opened:
                    await page.goto(server.url(PAGES[i].url_path, lang=lang), timeout=STEP_TIMEOUT_MS)
                    await page.wait_for_function(opened_js, timeout=STEP_TIMEOUT_MS, polling=100)
                    opened = True
                else:
                    await page.evaluate(WATCH_RUN_JS)
                    await page.locator(NAV_LINK).nth(i).click(timeout=STEP_TIMEOUT_MS)
                    await page.wait_for_function(switched_js, arg="/" + PAGES[i].url_path, timeout=STEP_TIMEOUT_MS,
                                                 polling=100)
                tally.times[name].append(time.perf_counter() - t0)
                await check_page(page, tally, f"{name}/{lang}")
                await connection_changes(page, history)
            except Exception as exc:  # noqa: BLE001 - a failed step is counted, then the session starts afresh
                tally.error("failed or timed-out load", f"{name}/{lang}: {type(exc).__name__}: {await diagnose(page)}")
                with contextlib.suppress(Exception):
                    await connection_changes(page, history)
                opened = False
            i = (i + 1) % len(PAGES)
    finally:
        with contextlib.suppress(Exception):
            await connection_changes(page, history)
        tally.lost += lost_connections(history, index)
        await context.close()


async def connection_changes(page, history: list) -> None:
    """Append the app's connection-state changes since the last call to history (a new document starts afresh)."""
    changes = await page.evaluate("() => { const c = window.__conn || []; window.__conn = []; return c; }")
    history.extend(changes)


def lost_connections(history: list, index: int) -> list[dict]:
    """Each time a session's connection left CONNECTED: when, in which state, and when it was CONNECTED again."""
    lost = []
    for i, (state, when) in enumerate(history):
        if state not in ("CONNECTED", "DOCUMENT") and i and history[i - 1][0] == "CONNECTED":  # a drop, not a start
            back = next((w / 1000 for s, w in history[i:] if s == "CONNECTED"), None)
            lost.append({"session": index, "t": when / 1000, "state": state, "back": back})
    return lost


def cpu_seconds(pid: int) -> float:
    """Return a process's user + system CPU seconds so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def sample_rss(pid: int, stop: asyncio.Event, peak: list[float]) -> None:
    """Keep the highest server RSS seen while the test runs."""
    while not stop.is_set():
        peak[0] = max(peak[0], rss_mb(pid))
        await asyncio.sleep(0.5)


async def warm_up(browser, server) -> None:
    """Open the home page once first: on a fresh server, deep links arriving together can run without app.py
    (Streamlit's legacy pages/ mode; tests/e2e checks that race), which would make this a test of that race."""
    context = await browser.new_context(viewport=NORMAL_VIEWPORT)
    page = await context.new_page()
    await page.goto(server.url("", lang="en"))
    await page.wait_for_function(READY_JS, timeout=STEP_TIMEOUT_MS)
    await context.close()


async def run(sessions: int, duration: float, server, until: str, ramp: float = 0, browsers: int | None = None) -> Tally:
    """Drive all sessions concurrently until the deadline (plus time for the last step to finish); sessions beyond the
    first `browsers` speak the app's websocket protocol without drawing (benchmarks/ws_session.py)."""
    from benchmarks import ws_session

    from playwright.async_api import async_playwright

    tally = Tally()
    deadline = time.monotonic() + duration
    stop, peak = asyncio.Event(), [0.0]
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options())
        await warm_up(browser, server)
        pid = server.process.pid if server.process else None
        sampler = asyncio.create_task(sample_rss(pid, stop, peak) if pid else stop.wait())
        browsers = sessions if browsers is None else min(browsers, sessions)
        pages = [p.url_path for p in PAGES]
        users = [session(browser, server, i, deadline, tally, until, ramp * i / sessions) if i < browsers else
                 ws_session.session(server.url("").rstrip("/"), pages, i, deadline, tally, ramp * i / sessions,
                                    STEP_TIMEOUT_MS / 1000) for i in range(sessions)]
        await asyncio.wait_for(asyncio.gather(*users), timeout=duration + STEP_TIMEOUT_MS / 1000 * 2 + 30)
        stop.set()
        await sampler
        await browser.close()
    tally.peak_rss = peak[0]
    return tally


def report(tally: Tally, sessions: int, duration: float, elapsed: float, until: str, browsers: int) -> None:
    """Print totals, errors and page-time percentiles."""
    every = [t for ts in tally.times.values() for t in ts]
    rss = f"server peak RSS {tally.peak_rss:.0f} MB; " if tally.peak_rss else ""  # none for a server it did not start
    print(f"\nLoad test: {sessions} concurrent sessions ({browsers} in Chromium, {sessions - browsers} on the websocket "
          f"protocol) for {duration:.0f} s (ran {elapsed:.0f} s), until {until}; "
          f"{len(every)} page views ({len(every) / elapsed:.2f}/s); errors {sum(tally.errors.values())}; {rss}"
          "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    if tally.lost:
        back = [x for x in tally.lost if x["back"]]
        print(f"  connection lost in {len(tally.lost)} session steps, back in {len(back)} "
              f"(after {max((x['back'] - x['t'] for x in back), default=0):.1f} s at most)")
    for kind, n in tally.errors.most_common():
        print(f"  {kind}: {n}  e.g. {tally.examples[kind]}")
    print(f"{'page':<14}{'views':>6}{'p50 s':>8}{'p90 s':>8}{'p95 s':>8}{'p99 s':>8}{'max s':>8}")
    for name, ts in [*tally.times.items(), ("(all)", every)]:
        qs = [percentile(ts, q) for q in (50, 90, 95, 99)]
        print(f"{name:<14}{len(ts):>6}" + "".join(f"{q:>8.2f}" for q in qs) + f"{max(ts, default=float('nan')):>8.2f}")


def write_json(path: str, tally: Tally, sessions: int, elapsed: float, browsers: int) -> None:
    """Write the figures, every error with its time and every lost connection, for a caller to read."""
    every = [t for ts in tally.times.values() for t in ts]
    figures = {"sessions": sessions, "browsers": browsers, "elapsed": elapsed, "views": len(every), "errors": sum(tally.errors.values()),
               "p50": percentile(every, 50), "p95": percentile(every, 95), "by_kind": dict(tally.errors),
               "log": tally.log, "lost": tally.lost, "views_by_page": {k: len(v) for k, v in tally.times.items()}}
    Path(path).write_text(json.dumps(figures, indent=1), encoding="utf-8")


def main() -> None:
    """Start the app (or use --url), run the sessions, print, stop."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--duration", type=float, default=120)
    parser.add_argument("--ports", default=os.environ.get("E2E_PORTS", "8620-8640"))
    parser.add_argument("--until", choices=UNTIL, default="drawn",
                        help="page time ends when every chart has drawn, or when the script is done")
    parser.add_argument("--url", default=None, help="drive this running server instead of starting one")
    parser.add_argument("--ramp", type=float, default=0,
                        help="seconds over which the sessions arrive (0: all at once, a thundering herd)")
    parser.add_argument("--json", default=None, help="also write the figures and every error here")
    parser.add_argument("--browsers", type=int, default=None,
                        help="how many sessions run in Chromium (default: all); the others speak the websocket "
                             "protocol without drawing, so the machine's cores load the server, not forty renderers")
    args = parser.parse_args()
    browsers = args.sessions if args.browsers is None else min(args.browsers, args.sessions)
    os.environ["E2E_PORTS"] = args.ports
    server = Remote(args.url) if args.url else start_server("app.py")
    try:
        t0, cpu0 = time.monotonic(), cpu_seconds(server.process.pid) if server.process else 0.0
        tally = asyncio.run(run(args.sessions, args.duration, server, args.until, args.ramp, browsers))
        elapsed = time.monotonic() - t0
        report(tally, args.sessions, args.duration, elapsed, args.until, browsers)
        if args.json:
            write_json(args.json, tally, args.sessions, elapsed, browsers)
        if server.process:
            cpu = cpu_seconds(server.process.pid) - cpu0
            print(f"Server CPU: {cpu:.0f} s in {elapsed:.0f} s = {100 * cpu / elapsed:.0f}% of one core "
                  f"(the rest of the {os.cpu_count()} cores went to the {args.sessions} browser sessions and the machine)")
    finally:
        if server.process:
            stop_server(server)


if __name__ == "__main__":
    main()
