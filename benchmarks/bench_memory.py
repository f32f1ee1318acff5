"""Server memory (RSS) with 1, 10 and 20 browser sessions open, each on a page of the app (contexts kept open).

    python benchmarks/bench_memory.py [--sessions 1,10,20] [--ports 8620-8640]

Binds 127.0.0.1 only and stops by itself. RSS comes from psutil when installed, else /proc/<pid>/status.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.helpers import (NORMAL_VIEWPORT, READY_JS, launch_options, offline_handler, page_name,  # noqa: E402
                               rss_mb, start_server, stop_server)
from ui.navigation import PAGES  # noqa: E402

TARGET_MB = 300  # with 20 sessions
SETTLE_S = 3


def open_session(browser, server, i: int):
    """Open session i on a page of the app (pages and languages in turn) and wait until it has drawn."""
    spec = PAGES[i % len(PAGES)]
    lang = ("en", "ru")[(i // len(PAGES)) % 2]
    context = browser.new_context(viewport=NORMAL_VIEWPORT)
    context.route("**/*", offline_handler([]))
    page = context.new_page()
    page.goto(server.url(spec.url_path, lang=lang))
    page.wait_for_function(READY_JS, timeout=120_000)
    return context, f"{page_name(spec.script)}/{lang}"


def main() -> None:
    """Start the app, open sessions step by step, print RSS at each step."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="1,10,20")
    parser.add_argument("--ports", default=os.environ.get("E2E_PORTS", "8620-8640"))
    parser.add_argument("--limit", type=int, default=900, help="hard stop after this many seconds")
    args = parser.parse_args()
    steps = sorted(int(n) for n in args.sessions.split(","))
    os.environ["E2E_PORTS"] = args.ports
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("benchmark hard limit reached")))
    signal.alarm(args.limit)
    from playwright.sync_api import sync_playwright

    server = start_server("app.py")
    try:
        pid = server.process.pid
        rows = [("0 (started, healthy)", rss_mb(pid), "")]
        with sync_playwright() as pw:
            browser = pw.chromium.launch(**launch_options())
            contexts = []
            for target in steps:
                t0 = time.perf_counter()
                while len(contexts) < target:
                    contexts.append(open_session(browser, server, len(contexts)))
                time.sleep(SETTLE_S)
                rows.append((str(target), rss_mb(pid), f"opened in {time.perf_counter() - t0:.1f} s"))
            for context, _ in contexts:
                context.close()
            time.sleep(SETTLE_S * 2)
            rows.append((f"0 (after closing {len(contexts)})", rss_mb(pid), ""))
            browser.close()
        print(f"\nStreamlit server RSS (pid {pid}), target < {TARGET_MB} MB with 20 sessions; load average "
              + " ".join(f"{x:.1f}" for x in os.getloadavg()))
        print(f"{'sessions':<26}{'RSS MB':>8}  note")
        for label, mb, note in rows:
            flag = "" if label != "20" else ("  (under target)" if mb < TARGET_MB else "  (OVER target)")
            print(f"{label:<26}{mb:>8.0f}  {note}{flag}")
        print("sessions cycle through pages " + ", ".join(page_name(p.script) for p in PAGES) + " in en then ru")
    finally:
        stop_server(server)


if __name__ == "__main__":
    main()
