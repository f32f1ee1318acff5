"""Draw every page, view and country of the app against a snapshot folder and report any that fails.

Used by `python -m loaders.refresh --dry-run` on the candidate snapshot (loaders/ never imports Streamlit, so it runs
this in a subprocess), and by hand before deploying a changed data/ folder:

    python tools/check_pages.py [--data-dir DIR] [--candidate wdi/wdi_series.csv=/tmp/new.csv] [--langs en,ru]

With --candidate the folder is copied to a temporary one, the candidate file (with its sidecar, <file>.meta.json,
beside it) is put in place there, and the pages are drawn against the copy: the folder itself is never written.
Prints one line per failing link (an exception, or an error box) and a summary; exits 1 when any failed.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
APP = str(ROOT / "app.py")
EXTRA = {"pages/remittances.py": ({"m": "usd"}, {"m": "per_person"}, {"m": "paid"}, {"v": "official"},
                                  {"view": "ranking", "v": "official"})}  # measures and vintages beside the views


def links() -> list[tuple[str, dict[str, str]]]:
    """Return (page script, URL parameters) for every page, each country and the extra cases (tabs are found by
    drawing: run_link opens each one)."""
    from geo.countries import FOCUS
    from ui.navigation import PAGES

    found = []
    for page in PAGES:
        found += [(page.script, {})]
        found += [(page.script, {"country": c}) for c in FOCUS] if page.url_path == "country" else []
        found += [(page.script, extra) for extra in EXTRA.get(page.script, ())]
    return found


def problems_of(at) -> list[str]:
    """Return the exceptions and error boxes an AppTest run shows."""
    problems = [f"exception: {' '.join(str(e.message).split())[:300]}" for e in at.exception]
    return problems + [f"error box: {' '.join(str(e.value).split())[:300]}" for e in at.error]


def run_link(script: str, params: dict[str, str], lang: str) -> list[tuple[str, str]]:
    """Draw one link, then each of its tabs (ui.state.view's widgets, keys tabs_*); return (where, problem) pairs."""
    from streamlit import config as st_config
    from streamlit.testing.v1 import AppTest

    st_config.set_option("client.showErrorDetails", "full")  # the app redacts errors for visitors; a check needs them
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in {**params, "lang": lang}.items():
        at.query_params[key] = value
    at.switch_page(script)
    found = []
    try:
        at.run()
        found += [("", p) for p in problems_of(at)]
        tabs = [k for k in at.session_state.keys() if str(k).startswith("tabs_")]
        for key, label in [(k, tab.label) for k in tabs for tab in list(at.tabs)[1:]]:
            at.session_state[key] = label
            at.run()
            found += [(f" tab {label!r}", p) for p in problems_of(at)]
    except Exception as exc:  # noqa: BLE001 - a page that cannot even finish its run is a failure to report
        found.append(("", f"{type(exc).__name__}: {exc}"))
    return found


def describe(script: str, params: dict[str, str], lang: str) -> str:
    """Write a link the way a browser would show it."""
    path = "/" + Path(script).stem.replace("overview", "")
    query = "&".join(f"{k}={v}" for k, v in {**params, "lang": lang}.items())
    return f"{path}?{query}"


def check(langs: list[str]) -> list[str]:
    """Draw every link in every language; return one line per failure."""
    failures = []
    for script, params in links():
        for lang in langs:
            failures += [f"{describe(script, params, lang)}{where}: {p}" for where, p in run_link(script, params, lang)]
    return failures


def with_candidate(data_dir: Path, rel: str, candidate: Path, work: Path) -> Path:
    """Copy data_dir into work and put the candidate file and its sidecar in place at rel; return the copy."""
    copy = Path(shutil.copytree(data_dir, work / "data", ignore=shutil.ignore_patterns("previous")))
    target = copy / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(candidate, target)
    shutil.copyfile(candidate.with_name(candidate.name + ".meta.json"), target.with_name(target.name + ".meta.json"))
    return copy


def main(argv: list[str] | None = None) -> int:
    """Check the pages against a folder (or a copy with a candidate in place); 0 when every link drew cleanly."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path(os.environ.get("DATA_DIR", ROOT / "data")))
    parser.add_argument("--candidate", default=None, help="REL=PATH: draw with PATH (and PATH.meta.json) at REL")
    parser.add_argument("--langs", default="en,ru")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="check_pages_") as work:
        folder = args.data_dir
        if args.candidate:
            rel, _, path = args.candidate.partition("=")
            folder = with_candidate(args.data_dir, rel, Path(path), Path(work))
        os.environ["DATA_DIR"] = str(folder)
        t0 = time.monotonic()
        failures = check(args.langs.split(","))
    for line in failures:
        print(line)
    n = len(links()) * len(args.langs.split(","))
    print(f"{n} links (and every tab of each) drawn in {time.monotonic() - t0:.0f} s: {len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
