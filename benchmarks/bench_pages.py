"""Page timings against two baselines run in the same session: a bare page and a one-chart page.

Measures server start to healthy; each page's first draw in a fresh browser context (until every chart has drawn),
median of N, and its ratio to the bare page and the one-chart page; and page switches inside an open session
(click the sidebar link, wait until drawn). Prints a table. Binds 127.0.0.1 only and stops by itself.

    python benchmarks/bench_pages.py [--runs 5] [--ports 8620-8640]
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.helpers import (DIAGNOSE_JS, NAV_LINK, NORMAL_VIEWPORT, READY_JS, SCRIPT_DONE_JS, bench_args,  # noqa: E402
                               SWITCHED_JS, WATCH_RUN_JS, launch_options, offline_handler, page_name, start_server,
                               stop_server)
from ui.navigation import PAGES  # noqa: E402

FIRST_DRAW_TARGET = 1.3  # x the one-chart page
SWITCH_TARGET_S = 0.5
TIMEOUT_MS = 90_000


def first_draw(browser, url: str) -> tuple[float, float]:
    """Seconds from navigation to the script done and to every chart drawn, in a fresh context (new session)."""
    blocked: list[str] = []
    context = browser.new_context(viewport=NORMAL_VIEWPORT)
    context.route("**/*", offline_handler(blocked))
    page = context.new_page()
    try:
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit")
        try:
            page.wait_for_function(SCRIPT_DONE_JS, timeout=TIMEOUT_MS, polling="raf")
            script_done = time.perf_counter() - t0
            page.wait_for_function(READY_JS, timeout=TIMEOUT_MS, polling="raf")
        except Exception as exc:  # noqa: BLE001 - say which page and why, then stop
            raise RuntimeError(f"{url} never finished drawing: {page.evaluate(DIAGNOSE_JS)}") from exc
        elapsed = time.perf_counter() - t0
    finally:
        context.close()
    if blocked:
        raise RuntimeError(f"{url} asked for other hosts: {blocked[:3]}")
    return script_done, elapsed


def switch_times(browser, server, runs: int) -> dict[str, list[float]]:
    """Seconds per page switch by clicking the sidebar links in one open session, each page `runs` times."""
    context = browser.new_context(viewport=NORMAL_VIEWPORT)
    context.route("**/*", offline_handler([]))
    page = context.new_page()
    page.goto(server.url(PAGES[0].url_path, lang="en"))
    page.wait_for_function(READY_JS, timeout=TIMEOUT_MS)
    times: dict[str, list[float]] = {page_name(p.script): [] for p in PAGES}
    order = list(range(1, len(PAGES))) + [0]
    try:
        for _ in range(runs):
            for i in order:
                page.evaluate(WATCH_RUN_JS)
                t0 = time.perf_counter()
                page.locator(NAV_LINK).nth(i).click()
                page.wait_for_function(SWITCHED_JS, arg="/" + PAGES[i].url_path, timeout=TIMEOUT_MS, polling="raf")
                times[page_name(PAGES[i].script)].append(time.perf_counter() - t0)
    finally:
        context.close()
    return times


def draw_times(browser, targets: dict[str, str], runs: int):
    """Cold first draw per target, then `runs` rounds over all targets in turn (so drift hits all alike)."""
    cold = {name: first_draw(browser, url)[1] for name, url in targets.items()}
    warm: dict[str, list[float]] = {name: [] for name in targets}
    script: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(runs):
        for name, url in targets.items():
            done, drawn = first_draw(browser, url)
            script[name].append(done)
            warm[name].append(drawn)
    return cold, warm, script


def script_times(runs: int) -> dict[str, float]:
    """Median seconds of each page's script alone, in-process under AppTest with warm caches (no browser)."""
    from streamlit.testing.v1 import AppTest

    out = {}
    for spec in PAGES:
        times = []
        for _ in range(runs + 1):  # the first run fills the caches and is not counted
            at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=120)
            at.switch_page(spec.script)
            t0 = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t0)
        out[page_name(spec.script)] = statistics.median(times[1:])
    return out


def report(starts: dict[str, float], cold, warm, script, switches, runs: int) -> None:
    """Print the start-up figures and the page table."""
    print("\nServer start to healthy (s): " + ", ".join(f"{k} {v:.2f}" for k, v in starts.items()))
    print("Load average (1, 5, 15 min): " + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    bare, one = statistics.median(warm["(bare page)"]), statistics.median(warm["(one-chart page)"])
    print(f"\nFirst draw in a fresh context, median of {runs} (cold = first ever load, caches empty; "
          "script = until the script finished and its elements arrived; median = until every chart drew)")
    print(f"{'page':<18}{'cold s':>8}{'script s':>10}{'median s':>10}{'min s':>8}{'max s':>8}{'x bare':>8}"
          f"{'x 1-chart':>10}{'<=1.3x':>8}{'switch s':>10}{'<0.5s':>7}")
    for name, values in warm.items():
        med = statistics.median(values)
        sw = switches.get(name)
        sw_med = statistics.median(sw) if sw else None
        ok_draw = "" if name.startswith("(") else ("yes" if med <= FIRST_DRAW_TARGET * one else "NO")
        ok_sw = "" if sw_med is None else ("yes" if sw_med < SWITCH_TARGET_S else "NO")
        print(f"{name:<18}{cold[name]:>8.2f}{statistics.median(script[name]):>10.2f}{med:>10.2f}{min(values):>8.2f}"
              f"{max(values):>8.2f}{med / bare:>8.2f}{med / one:>10.2f}{ok_draw:>8}"
              f"{'' if sw_med is None else f'{sw_med:.2f}':>10}{ok_sw:>7}")
    all_sw = [v for vs in switches.values() for v in vs]
    print(f"\nPage switches: {len(all_sw)}, median {statistics.median(all_sw):.2f} s, max {max(all_sw):.2f} s")
    print(f"\nScript alone, in-process (AppTest, warm caches, median of {runs}): "
          + ", ".join(f"{k} {v:.2f} s" for k, v in script_times(runs).items()))


def main() -> None:
    """Start the three servers, measure, print, stop."""
    args = bench_args(__doc__, ("runs", 5), limit=1200)
    from playwright.sync_api import sync_playwright

    servers = {}
    try:
        for label, path in (("app", "app.py"), ("bare", "benchmarks/bare_page.py"),
                            ("one-chart", "benchmarks/one_chart_page.py")):
            servers[label] = start_server(path)
        app = servers["app"]
        targets = {"(bare page)": servers["bare"].url(), "(one-chart page)": servers["one-chart"].url()}
        targets |= {page_name(p.script): app.url(p.url_path, lang="en") for p in PAGES}
        targets["country TJK"] = app.url("country", lang="en", country="TJK")  # a country's page, not the index
        with sync_playwright() as pw:
            browser = pw.chromium.launch(**launch_options())
            cold, warm, script = draw_times(browser, targets, args.runs)
            switches = switch_times(browser, app, args.runs)
            browser.close()
        report({k: s.started_s for k, s in servers.items()}, cold, warm, script, switches, args.runs)
    finally:
        for server in servers.values():
            stop_server(server)


if __name__ == "__main__":
    main()
