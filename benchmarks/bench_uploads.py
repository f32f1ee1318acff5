"""Peak memory and CPU of reading the hostile indicator files of issue 18, each in a fresh process.

Builds the files in a temporary folder under /tmp, then reads each through loaders.indicators.read_bytes (what an
upload does) in its own Python process and prints the outcome, wall time, CPU seconds and peak memory (PSS, so pages
a forked worker shares count once) of that process together with every process it starts (parsing workers
included), sampled from /proc every 50 ms. Point --repo at another checkout to measure its code
(e.g. the commit before the fix); nothing is sent anywhere and every run stops by itself (--timeout).

    python benchmarks/bench_uploads.py [--repo .] [--timeout 300] [--only csv_newlines]
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["indicator_code", "country_iso3", "period", "sex", "age_group", "value"]
SHEET = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/'
         'spreadsheetml/2006/main"><dimension ref="{ref}"/><sheetData>{rows}</sheetData></worksheet>')

PROBE = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from loaders import indicators as il
payload = open(sys.argv[2], "rb").read()
print("ready", flush=True)
sys.stdin.readline()  # the sampler has its baseline: parse now
t0 = time.monotonic()
result = il.read_bytes(sys.argv[3], payload)
print(json.dumps({"codes": [i.code for i in result.issues][:3], "wall": time.monotonic() - t0}), flush=True)
sys.stdin.readline()  # stay alive until the sampler has read the final figures
"""
TICK = 0.05


STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def workbook(members: dict[str, object]) -> bytes:
    """A real openpyxl workbook with a header row, some members replaced or added (bytes, or a function writing to a
    stream, so a 1 GiB member is never held in memory), deflated at the highest level."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(HEADER)
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        names = [i.filename for i in src.infolist()]
        for name in names + [n for n in members if n not in names]:
            body = members.get(name, src.read(name) if name in names else b"")
            with dst.open(name, "w", force_zip64=True) as handle:
                body(handle) if callable(body) else handle.write(body)
    return out.getvalue()


def _spaces(handle, size: int = 2**30) -> None:
    """Write a shared-strings table of one string of `size` spaces, 1 MiB at a time."""
    handle.write(b"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>")
    chunk = b" " * 2**20
    for _ in range(size // len(chunk)):
        handle.write(chunk)
    handle.write(b"</t></si></sst>")


def shared_strings_bomb() -> bytes:
    """A workbook whose sharedStrings.xml (declared in [Content_Types].xml) expands to 1 GiB."""
    import openpyxl

    book = openpyxl.Workbook()
    raw = io.BytesIO()
    book.save(raw)
    types = zipfile.ZipFile(io.BytesIO(raw.getvalue())).read("[Content_Types].xml").replace(
        b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/></Types>'.encode())
    return workbook({"xl/sharedStrings.xml": _spaces, "[Content_Types].xml": types})


def empty_cells() -> bytes:
    """5,000 rows x 2,000 empty cells, about 48 kB packed."""
    rows = "".join(f'<row r="{r}">' + "<c/>" * 2000 + "</row>" for r in range(1, 5001))
    return workbook({"xl/worksheets/sheet1.xml": SHEET.format(ref="A1:BXX5000", rows=rows).encode()})


FILES = {
    "xlsx_shared_strings_1GiB": ("bomb.xlsx", shared_strings_bomb),
    "csv_newlines_4.99MB": ("newlines.csv", lambda: b"\n" * 4_990_000),
    "xlsx_5000x2000_empty_cells": ("cells.xlsx", empty_cells),
}


def tree(root: int) -> list[int]:
    """Return root and every process descended from it (from /proc)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, ppid in parents.items() if ppid in frontier]
        found += frontier
    return found


def usage(pid: int) -> tuple[float, float]:
    """Return (CPU seconds, RSS MB) of one process, zeros once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, 0.0
    tick, page = os.sysconf("SC_CLK_TCK"), os.sysconf("SC_PAGE_SIZE")
    try:  # proportional set size: pages a worker shares with the process it was forked from count once
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        memory = int(rollup.split("\nPss:", 1)[1].split()[0]) * 1024 / 1e6
    except (OSError, IndexError, ValueError):
        memory = int(fields[21]) * page / 1e6
    return (int(fields[11]) + int(fields[12])) / tick, memory


def measure(repo: Path, path: Path, name: str, timeout: float) -> dict:
    """Read one file in a fresh process with the code of repo; return outcome, wall, CPU and peak RSS of its tree."""
    probe = subprocess.Popen([sys.executable, "-c", PROBE, str(repo), str(path), name], cwd=repo, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    probe.stdout.readline()
    base = {pid: usage(pid)[0] for pid in tree(probe.pid)}
    cpu_seen, peak, t0, line = {}, 0.0, time.monotonic(), None
    probe.stdin.write("go\n")
    probe.stdin.flush()
    reader = threading.Thread(target=lambda: cpu_seen.setdefault("line", probe.stdout.readline()), daemon=True)
    reader.start()
    while reader.is_alive() and time.monotonic() - t0 < timeout:
        rss = 0.0
        for pid in tree(probe.pid):
            cpu, mem = usage(pid)
            cpu_seen[pid] = max(cpu_seen.get(pid, 0.0), cpu - base.get(pid, 0.0))
            rss += mem
        peak = max(peak, rss)
        time.sleep(TICK)
    line = cpu_seen.pop("line", None)
    cpu = sum(v for k, v in cpu_seen.items())
    for pid in reversed(tree(probe.pid)):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    probe.wait()
    if not line:
        return {"codes": [f"still running after {timeout:g} s (killed)"], "wall": timeout, "cpu": cpu, "rss_mb": peak}
    return {**json.loads(line), "cpu": cpu, "rss_mb": peak}


def main() -> None:
    """Build the files, measure each, print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=ROOT)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--only", choices=FILES, default=None)
    args = parser.parse_args()
    print(f"code: {args.repo.resolve()}")
    print(f"{'file':<28}{'bytes':>10}{'wall s':>9}{'CPU s':>9}{'peak MB (PSS)':>15}  outcome")
    with tempfile.TemporaryDirectory(prefix="bench_uploads_", dir="/tmp") as work:
        for label, (name, build) in FILES.items():
            if args.only and label != args.only:
                continue
            path = Path(work) / name
            path.write_bytes(build())
            got = measure(args.repo.resolve(), path, name, args.timeout)
            print(f"{label:<28}{path.stat().st_size:>10,}{got['wall']:>9.1f}{got['cpu']:>9.1f}{got['rss_mb']:>15.0f}  "
                  f"{', '.join(got['codes']) or 'accepted'}")


if __name__ == "__main__":
    main()
