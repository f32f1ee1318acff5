"""Control change to redrawn chart: what a user waits for after choosing a year, a country or a measure.

For each page, opens it once in a fresh browser context, then changes its controls in turn (segmented controls by a
click on another option, select boxes by choosing another option, sliders by the keyboard) and times each change from
the click or key press that makes it (for a select box, the click on the option) until the script has rerun and every
chart on the page has drawn again. Prints the median per page and
control kind against the 1 s target. Binds 127.0.0.1 only and stops by itself.

    python benchmarks/bench_controls.py [--rounds 5] [--ports 8620-8640]
"""
from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.helpers import (READY_JS, bench_args, launch_options, offline_handler, start_server,  # noqa: E402
                               stop_server)

TARGET_S = 1.0
TIMEOUT_MS = 60_000
VIEWPORT = {"width": 1440, "height": 900}
PAGES = {  # page -> (path, parameters) of the link that opens it with its controls in sight
    "remittances": ("remittances", {}), "migration": ("migration", {}), "country": ("country", {"country": "TJK"}),
    "indicators": ("indicators", {"example": "1"}),
}
# Counts every script run (the change is redrawn once a run has started after it and the page is ready again) and
# notes when the page received the user's last click or key press: the change itself, timed in the page's own clock,
# so the browser driver's waits before a click (an option list still opening) are not counted as the app's.
WATCH_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.__runs = 0;
  new MutationObserver(() => { if (app.dataset.testScriptState === 'running') window.__runs += 1; })
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  for (const kind of ['click', 'keydown']) {
    document.addEventListener(kind, () => { window.__input = performance.now(); }, true);
  }
}"""
REDRAWN_JS = "(before) => window.__runs > before && (" + READY_JS + ")()"
MAIN = '[data-testid="stMain"] '


def timed(page, act) -> float:
    """Seconds from the action's last click or key press (the change) until its rerun has finished and every chart
    has drawn again, in the page's clock."""
    before = page.evaluate("window.__runs")
    act()
    page.wait_for_function(REDRAWN_JS, arg=before, timeout=TIMEOUT_MS, polling="raf")
    return page.evaluate("(performance.now() - window.__input) / 1000")


def segmented(page, index: int, round_: int):
    """Return an action clicking another option of the index-th segmented control (or None if there is none)."""
    group = page.locator(MAIN + '[data-testid="stButtonGroup"]').nth(index)
    if not group.count():
        return None
    buttons = group.locator("button[aria-pressed], button[aria-checked]")  # the options, not a help icon
    if group.locator("button[aria-pressed]").count():  # pills of several choices: toggle one off, then on again
        return lambda: buttons.nth((round_ // 2) % buttons.count()).click()
    return lambda: buttons.nth((round_ + 1) % buttons.count()).click()


def selectbox(page, index: int, round_: int):
    """Return an action choosing another option of the index-th select box (or None)."""
    box = page.locator(MAIN + '[data-testid="stSelectbox"]').nth(index)
    if not box.count():
        return None

    def act():
        box.click()
        options = page.locator('[role="option"]:not([aria-selected="true"])')  # another option than the chosen one
        options.nth(round_ % max(options.count(), 1)).click()
    return act


def slider(page, index: int, round_: int):
    """Return an action moving the index-th slider's first thumb one step by the keyboard (or None)."""
    slider_ = page.locator(MAIN + '[data-testid="stSlider"]').nth(index)
    if not slider_.count():
        return None
    thumb = slider_.locator('input[type="range"]').first

    def act():
        at_end = thumb.evaluate("t => Number(t.value) >= Number(t.max)")  # a key that cannot move it changes nothing
        thumb.press("ArrowLeft" if at_end or round_ % 2 else "ArrowRight")
    return act


KINDS = {"segmented": segmented, "select": selectbox, "slider": slider}


def measure(browser, url: str, rounds: int) -> dict[str, list[float]]:
    """Open a page and time `rounds` changes of each of its first two controls of each kind."""
    context = browser.new_context(viewport=VIEWPORT)
    context.route("**/*", offline_handler([]))
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(READY_JS, timeout=TIMEOUT_MS)
    page.evaluate(WATCH_JS)
    times: dict[str, list[float]] = {}
    try:
        for kind, find in KINDS.items():
            for index in range(2):
                for round_ in range(rounds):
                    act = find(page, index, round_)
                    if act is None:
                        break
                    try:
                        times.setdefault(kind, []).append(timed(page, act))
                    except Exception as exc:  # noqa: BLE001 - say which control did not redraw, then stop
                        raise RuntimeError(f"{kind} {index} (round {round_}) on {page.url}: no redraw") from exc
    finally:
        context.close()
    return times


def main() -> None:
    """Start the app, time the control changes of every page, print the table, stop."""
    args = bench_args(__doc__, ("rounds", 5), limit=900)
    from playwright.sync_api import sync_playwright

    server = start_server("app.py")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(**launch_options())
            results = {name: measure(browser, server.url(path, lang="en", **params), args.rounds)
                       for name, (path, params) in PAGES.items()}
            browser.close()
    finally:
        stop_server(server)
    print(f"\nControl change until its chart redrew (median of each control kind; target {TARGET_S:.1f} s)")
    print(f"{'page':<14}{'control':<11}{'n':>4}{'median s':>10}{'max s':>8}{'<1 s':>6}")
    for name, kinds in results.items():
        for kind, values in kinds.items():
            med = statistics.median(values)
            print(f"{name:<14}{kind:<11}{len(values):>4}{med:>10.2f}{max(values):>8.2f}{'yes' if med < TARGET_S else 'NO':>6}")
    every = [v for kinds in results.values() for values in kinds.values() for v in values]
    print(f"\nAll changes: {len(every)}, median {statistics.median(every):.2f} s, max {max(every):.2f} s; "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
