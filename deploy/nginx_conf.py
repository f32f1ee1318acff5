"""Render deploy/nginx.conf.template: the proxy in front of the dashboard's replicas, with its security headers.

    python deploy/nginx_conf.py --listen 127.0.0.1:8600 --replica 127.0.0.1:8601 --replica 127.0.0.1:8602 \
        --prefix /tmp/nginx-dashboard [--frame-ancestors "'self' https://intranet.example.org"] > nginx.conf

--prefix is the folder for nginx's pid file, logs and temporary files (it must exist and be writable).
"""
from __future__ import annotations

import argparse
import base64
import getpass
import hashlib
import os
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
MAX_BODY = "7m"  # nginx counts MiB: above Streamlit's server.maxUploadSize (6 MB) plus the multipart wrapping

# What the pages need, found by drawing every page in headless Chromium under this policy (tests/test_deploy.py and
# deploy/check_csp.py): each source beyond 'self' is there for a reason.
CSP = {
    "default-src": "'self'",
    # + 'wasm-unsafe-eval': Streamlit's protobuf decoder compiles WebAssembly (not JavaScript eval);
    # + a hash of the one inline script of Streamlit's index.html (window.prerenderReady = false), computed from the
    #   installed Streamlit by inline_script_hashes(), so no 'unsafe-inline' for scripts.
    "script-src": "'self' 'wasm-unsafe-eval'",
    "style-src": "'self' 'unsafe-inline'",  # Streamlit's emotion styles and plotly's inline style attributes
    "img-src": "'self' data: blob:",         # Streamlit icons and plotly's modebar as data: URLs; PNG export as blob:
    "font-src": "'self' data:",
    "connect-src": "'self'",                 # the /_stcore/stream websocket and fetches of /app/static map files
    "worker-src": "'self' blob:",            # MapLibre (pydeck's base map) starts its workers from blob: URLs
    "child-src": "'self' blob:",
    "frame-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}


def inline_script_hashes() -> list[str]:
    """Return the CSP hashes of the inline scripts in the installed Streamlit's index.html."""
    import streamlit

    page = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    bodies = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'" for b in bodies]


def csp(frame_ancestors: str = "'self'") -> str:
    """Return the Content-Security-Policy header value, framing allowed to frame_ancestors only."""
    policy = {**CSP, "frame-ancestors": frame_ancestors}
    policy["script-src"] = " ".join([policy["script-src"], *inline_script_hashes()])
    return "; ".join(f"{k} {v}" for k, v in policy.items())


def render(listen: str, replicas: list[str], prefix: Path, frame_ancestors: str = "'self'") -> str:
    """Return the nginx configuration for these addresses."""
    # A replica is set aside for 10 s after 3 failures: one reset of one connection must not take it out (with two
    # replicas and one stopped, that left none and nginx answered 502).
    upstreams = "\n".join(f"        server {r} max_fails=3 fail_timeout=10s;" for r in replicas)
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""  # as root, workers would otherwise be nobody
    values = {"LISTEN": listen, "UPSTREAMS": upstreams, "PREFIX": str(prefix), "MAX_BODY": MAX_BODY,
              "CSP": csp(frame_ancestors), "USER": user}
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def main(argv: list[str] | None = None) -> int:
    """Print the rendered configuration."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="127.0.0.1:8600")
    parser.add_argument("--replica", action="append", required=True, help="host:port of a replica (repeat)")
    parser.add_argument("--prefix", type=Path, required=True)
    parser.add_argument("--frame-ancestors", default="'self'", help="who may frame the app (CSP frame-ancestors)")
    args = parser.parse_args(argv)
    sys.stdout.write(render(args.listen, args.replica, args.prefix, args.frame_ancestors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
