"""Browser-test plumbing for tests/e2e and benchmarks/: app servers, offline routing, 'finished drawing' checks."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
NORMAL_VIEWPORT = {"width": 1280, "height": 720}
PRESENTER_VIEWPORT = {"width": 1920, "height": 1080}

# Drawn marks of any plotly trace type: cartesian/geo traces, heatmap images, pie/treemap slices, sankey nodes.
MARKS = ".main-svg .trace, .main-svg .geo path, .main-svg image, .main-svg .slice, .main-svg .sankey-node"

# True once the script has finished, nothing is stale and every visible chart has drawn marks.
READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testConnectionState !== 'CONNECTED') return false;
  if (app.dataset.testScriptState !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  if (!document.querySelector('[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]')) return false;
  if (window.__scriptOnly) return true;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;  // lazy element still loading
  const shown = el => el.getClientRects().length > 0;
  for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    if (!shown(c)) continue;
    const svg = c.querySelector('.main-svg');
    if (!svg || !c.querySelector('""" + MARKS + """')) return false;
  }
  for (const d of document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')) {
    if (shown(d) && !d.querySelector('canvas')) return false;
  }
  return true;
}"""

# True once the script has finished and the page's elements have arrived, drawn or not.
SCRIPT_DONE_JS = ("() => { window.__scriptOnly = true; const r = (" + READY_JS + ")(); "
                  "window.__scriptOnly = false; return r; }")

# Says why READY_JS is still false (for failure messages).
DIAGNOSE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map((c, i) => ({
    i, shown: c.getClientRects().length > 0, svg: !!c.querySelector('.main-svg'),
    marks: !!c.querySelector('""" + MARKS + """'),
    title: (c.querySelector('.gtitle') || {}).textContent || ''}));
  const decks = [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')]
    .map(d => !!d.querySelector('canvas'));
  const h1 = document.querySelector('[data-testid="stMain"] h1');
  return {path: location.pathname, title: h1 ? h1.textContent : null,
          connection: app && app.dataset.testConnectionState, script: app && app.dataset.testScriptState,
          status: !!document.querySelector('[data-testid="stStatusWidget"]'),
          skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
          stale: document.querySelectorAll('[data-stale="true"]').length, charts, decks};
}"""

# Visible text blocks of the main area, leaving out data tables, code, the chart toolbar and hidden parts.
TEXT_BLOCKS_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  const skip = '[data-testid="stDataFrame"], [data-testid="stTable"], pre, code, [data-testid="stCode"], '
    + '.modebar, .hoverlayer';
  const block = 'li, p, h1, h2, h3, h4, h5, h6, summary, label, button, text, '
    + '[data-testid="stCaptionContainer"], [data-testid="stMarkdownContainer"], '
    + '[data-testid="stMetricValue"], [data-testid="stMetricDelta"]';
  const out = new Set();
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || el.closest(skip)) continue;
    if (el.checkVisibility && !el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const b = (el.closest(block) || el).cloneNode(true);
    b.querySelectorAll(skip).forEach(x => x.remove());
    out.add(b.textContent.replace(/\\s+/g, ' ').trim());
  }
  return [...out];
}"""

NO_HSCROLL_JS = """() => {
  const doc = document.documentElement, main = document.querySelector('[data-testid="stMain"]');
  return {doc: doc.scrollWidth, inner: window.innerWidth,
          main: main ? main.scrollWidth : 0, mainClient: main ? main.clientWidth : 0};
}"""

# Before a page switch: remember the page title. The switch is done when the address is the new page's, the title
# has changed and everything has drawn. (The script state alone is not enough: a fast run can go running ->
# notRunning within one React batch and never show 'running'.)
WATCH_RUN_JS = """() => { const h = document.querySelector('[data-testid="stMain"] h1');
  window.__oldTitle = h ? h.textContent : null; }"""
_SWITCHED = """(path) => {
  if (location.pathname.replace(/[/]+$/, '') !== path.replace(/[/]+$/, '')) return false;
  const h = document.querySelector('[data-testid="stMain"] h1');
  if (!h || h.textContent === window.__oldTitle) return false;
  return (DONE)();
}"""
SWITCHED_JS = _SWITCHED.replace("DONE", READY_JS)
SWITCHED_SCRIPT_JS = _SWITCHED.replace("DONE", SCRIPT_DONE_JS)  # the new page's script done, drawn or not
# The lowest contrast on white of any caption (the source lines), counting its colour's alpha and the element's opacity.
CAPTION_CONTRAST_JS = """() => {
  const lum = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  let worst = 21;
  for (const el of document.querySelectorAll('[data-testid="stCaptionContainer"]')) {
    if (!el.getClientRects().length) continue;
    const style = getComputedStyle(el), [r, g, b, a = 1] = style.color.match(/[\\d.]+/g).map(Number);
    const alpha = a * Number(style.opacity), mix = c => c * alpha + 255 * (1 - alpha);
    const l = 0.2126 * lum(mix(r)) + 0.7152 * lum(mix(g)) + 0.0722 * lum(mix(b));
    worst = Math.min(worst, 1.05 / (l + 0.05));
  }
  return worst;
}"""
NAV_LINK = '[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"]'

FULL_HEIGHT_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return Math.max(document.documentElement.scrollHeight, main ? main.scrollHeight : 0);
}"""

# Capitalised UI words (labels, titles, buttons) and lower-case words found only in English sentences. Lower-case
# codes explained in Russian text (file columns such as year, total, female) are deliberately not matched.
ENGLISH_UI = ("Source", "Sources", "Download", "Year", "Years", "Country", "Countries", "Remittances", "Migrants",
              "Migration", "Share", "Total", "Value", "Previous", "Next", "Overview", "Chart", "Table", "Data",
              "Choose")
ENGLISH_SENTENCE = ("the", "and", "of", "with", "from", "per", "by")
_ENGLISH = re.compile(r"(?<![\w/.@-])(" + "|".join(ENGLISH_UI + ENGLISH_SENTENCE) + r")(?![\w/.@-])")
_URL = re.compile(r"https?://|www\.|\b[\w-]+\.(org|com|int|net|gov|ru|kz|kg|tj|uz|tm)\b", re.IGNORECASE)


@dataclass
class Server:
    """A running Streamlit server: its process, port and seconds from launch to healthy."""

    process: subprocess.Popen
    port: int
    started_s: float
    log: Path

    def url(self, path: str = "", **params: str) -> str:
        """Return the address of a page on this server with URL parameters."""
        query = f"?{urlencode(params)}" if params else ""
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}{query}"


def port_range() -> tuple[int, int] | None:
    """Return the port range from E2E_PORTS ('8620-8640'), or None to let the OS choose."""
    raw = os.environ.get("E2E_PORTS", "")
    match = re.fullmatch(r"\s*(\d+)\s*-\s*(\d+)\s*", raw)
    return (int(match[1]), int(match[2])) if match else None


def _bindable(port: int) -> bool:
    """Tell whether 127.0.0.1:port is free."""
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """Return a free port on 127.0.0.1 (from E2E_PORTS when set)."""
    span = port_range()
    if span:
        for port in range(span[0], span[1] + 1):
            if _bindable(port):
                return port
        raise RuntimeError(f"no free port in E2E_PORTS={span[0]}-{span[1]}")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(port: int) -> bool:
    """Tell whether Streamlit's health endpoint answers ok."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


def start_server(script: str = "app.py", port: int | None = None, env: dict | None = None,
                 timeout: float = 90) -> Server:
    """Start `streamlit run script` from the repo root on 127.0.0.1 and wait until it is healthy."""
    port = port or free_port()
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"streamlit_{port}.log"
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    t0 = time.perf_counter()
    with log.open("wb") as out:  # the child keeps its own descriptor
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
                                start_new_session=True)
    while not healthy(port):
        if proc.poll() is not None or time.perf_counter() - t0 > timeout:
            stop_server(Server(proc, port, 0, log))
            tail = log.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"{script} did not become healthy on port {port}:\n{tail}")
        time.sleep(0.05)
    return Server(proc, port, time.perf_counter() - t0, log)


def stop_server(server: Server) -> None:
    """Stop a server started by start_server (its whole process group)."""
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=10)


def rss_mb(pid: int) -> float:
    """Return a process's resident memory in MB (psutil when installed, else /proc)."""
    try:
        import psutil
        return psutil.Process(pid).memory_info().rss / 2**20
    except ImportError:
        status = Path(f"/proc/{pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+)", status)[1]) / 1024


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (0-100) of values by linear interpolation (nan when empty)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def launch_options() -> dict:
    """Return playwright launch options for Debian's Chromium."""
    return {"executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS, "headless": True}


def page_name(script: str) -> str:
    """Return a page's short name from its script path (pages/overview.py -> overview)."""
    return Path(script).stem


def offline_handler(blocked: list[str]):
    """Return a route handler that lets local requests through and aborts (and records) every other one."""
    def handle(route):
        url = route.request.url
        if urlsplit(url).hostname in LOCAL_HOSTS:
            return route.continue_()
        blocked.append(url)
        return route.abort()
    return handle


def english_leaks(blocks: list[str], citations: tuple[str, ...]) -> list[str]:
    """Return the visible text blocks holding common English words (URLs and source citations left out)."""
    found = []
    for text in blocks:
        if _URL.search(text) or any(c and c in text for c in citations):
            continue
        words = sorted(set(_ENGLISH.findall(text)))
        if words:
            found.append(f"{text[:120]!r} -> {', '.join(words)}")
    return found


def citations(data_dir: Path = ROOT / "data") -> tuple[str, ...]:
    """Return publishers, dataset titles and file names from every sidecar (text that cites a source as published)."""
    found: set[str] = set()
    for side in data_dir.rglob("*.meta.json"):
        try:
            meta = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        found.update(str(meta.get(k, "")).strip() for k in ("publisher", "dataset", "file"))
    return tuple(sorted(c for c in found if len(c) > 2))


DESKTOP_VIEWPORT = {"width": 1440, "height": 900}
STEP_TIMEOUT_MS = 60_000


def drawn(page, timeout: int = STEP_TIMEOUT_MS) -> None:
    """Wait until the script has finished and every chart in sight has drawn."""
    page.wait_for_function(READY_JS, timeout=timeout, polling=100)


def address(page) -> dict[str, str]:
    """The address bar's parameters (read from the document: Playwright's page.url can lag a history push)."""
    from urllib.parse import parse_qs

    return {k: v[-1] for k, v in parse_qs(urlsplit(page.evaluate("location.href")).query).items()}


def settled(page, timeout: int = STEP_TIMEOUT_MS, **expected: str) -> None:
    """Wait until the address holds the expected parameters and the page has drawn again."""
    page.wait_for_function("""(want) => { const q = new URLSearchParams(location.search);
        return Object.entries(want).every(([k, v]) => q.get(k) === v); }""", arg=expected, timeout=timeout)
    drawn(page, timeout)


def bench_args(doc: str, counted: tuple[str, int], limit: int):
    """Parse a benchmark's common arguments (its repeat count, --ports, --limit), bind the ports and arm the hard stop."""
    import argparse

    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(f"--{counted[0]}", type=int, default=counted[1])
    parser.add_argument("--ports", default=os.environ.get("E2E_PORTS", "8620-8640"))
    parser.add_argument("--limit", type=int, default=limit, help="hard stop after this many seconds")
    args = parser.parse_args()
    os.environ["E2E_PORTS"] = args.ports
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("benchmark hard limit reached")))
    signal.alarm(args.limit)
    return args


def switch(page, action, path: str, timeout: int = STEP_TIMEOUT_MS) -> None:
    """Do something that changes the page's title (a page or language link), then wait until the page at path has
    drawn its new title."""
    page.evaluate(WATCH_RUN_JS)
    action()
    page.wait_for_function(SWITCHED_JS, arg=path, timeout=timeout, polling=100)
