"""Open every page and view through the proxy in headless Chromium; report CSP violations and pages that do not draw.

    python deploy/check_csp.py http://127.0.0.1:8600 [--langs en,ru]

Each page must draw every chart (plotly, pydeck/MapLibre) with the proxy's Content-Security-Policy in force, and the
browser must report no violation (securitypolicyviolation events and console messages). Exits 1 on any problem.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.helpers import NORMAL_VIEWPORT, READY_JS, launch_options  # noqa: E402
from tools.check_pages import links  # noqa: E402

LISTEN_JS = """() => { window.__csp = []; document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || ''))); }"""
TIMEOUT_MS = 60_000
DRAWN = [0]  # views drawn (each link and each of its tabs)


def address(base: str, script: str, params: dict[str, str], lang: str) -> str:
    """Return the proxy address of a page link."""
    from urllib.parse import urlencode

    path = "" if script.endswith("overview.py") else Path(script).stem
    return f"{base.rstrip('/')}/{path}?{urlencode({**params, 'lang': lang})}"


async def drawn(page, where: str) -> list[str]:
    """Wait until the page has drawn; return what is wrong with it (exception boxes, a deck without its base map)."""
    await page.wait_for_function(READY_JS, timeout=TIMEOUT_MS, polling=200)
    await page.wait_for_timeout(500)  # map workers and late fetches
    DRAWN[0] += 1
    problems = [f"exception box{where}"] * await page.locator('[data-testid="stException"]').count()
    decks = await page.locator('[data-testid="stDeckGlJsonChart"] canvas').count()
    if decks and not await page.evaluate("() => !!document.querySelector('.maplibregl-map, .mapboxgl-map')"):
        problems.append(f"a deck without its MapLibre base map{where}")
    return problems


async def visit(browser, url: str) -> list[str]:
    """Open one link in a fresh context; return its problems (violations, console CSP errors, not drawn)."""
    context = await browser.new_context(viewport=NORMAL_VIEWPORT)
    await context.add_init_script(f"({LISTEN_JS})()")
    page = await context.new_page()
    console = []
    page.on("console", lambda m: m.type in ("error", "warning") and "Content Security Policy" in m.text
            and console.append(m.text[:200]))
    problems = []
    try:
        await page.goto(url, timeout=TIMEOUT_MS)
        problems += await drawn(page, "")
        tabs = page.locator('[data-testid="stTabs"] [role="tab"]')
        for i in range(1, await tabs.count()):  # every view of the page, one at a time
            label = (await tabs.nth(i).inner_text()).strip()
            await tabs.nth(i).click(timeout=TIMEOUT_MS)
            await page.wait_for_timeout(300)
            problems += await drawn(page, f" tab {label!r}")
        problems += [f"violation: {v}" for v in await page.evaluate("() => window.__csp")]
        problems += [f"console: {c}" for c in console]
    except Exception as exc:  # noqa: BLE001 - a page that never draws is the finding
        problems.append(f"did not draw: {type(exc).__name__}")
    finally:
        await context.close()
    return problems


async def check(base: str, langs: list[str]) -> list[str]:
    """Visit every link (one language per link is enough for the policy; both when asked)."""
    from playwright.async_api import async_playwright

    failures = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options())
        for script, params in links():
            for lang in langs:
                url = address(base, script, params, lang)
                failures += [f"{url}: {p}" for p in await visit(browser, url)]
        await browser.close()
    return failures


def main(argv: list[str] | None = None) -> int:
    """Print every problem found and a summary; 0 when none."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the proxy's address, e.g. http://127.0.0.1:8600")
    parser.add_argument("--langs", default="en")
    args = parser.parse_args(argv)
    failures = asyncio.run(check(args.base, args.langs.split(",")))
    for line in failures:
        print(line)
    n = len(links()) * len(args.langs.split(","))
    print(f"{n} links, {DRAWN[0]} views with their tabs, drawn under the proxy's CSP: {len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
