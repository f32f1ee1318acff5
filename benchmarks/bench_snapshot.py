"""Load time of every snapshot dataset through loaders.datasets.load (checksum, parse, type checks), median of N.

    python benchmarks/bench_snapshot.py [--runs 20]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loaders.datasets import DATASETS, load  # noqa: E402
from loaders.snapshot import resolve  # noqa: E402


def timed(name: str, runs: int) -> tuple[list[float], int, str, str]:
    """Return load times in ms, row count, mode and the sidecar's vintage and access date."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        frame, prov = load(name)
        times.append((time.perf_counter() - t0) * 1000)
    return times, len(frame), prov.mode, f"{prov.vintage[:40]} (accessed {prov.accessed})"


def main() -> None:
    """Time each dataset and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    print(f"{'dataset':<24}{'KB':>7}{'rows':>7}{'median ms':>11}{'max ms':>8}  mode      vintage")
    total = 0.0
    for name in DATASETS:
        times, rows, mode, vintage = timed(name, args.runs)
        size = resolve(DATASETS[name].path).stat().st_size / 1024
        total += statistics.median(times)
        print(f"{name:<24}{size:>7.0f}{rows:>7}{statistics.median(times):>11.1f}{max(times):>8.1f}"
              f"  {mode:<9} {vintage}")
    print(f"{'all datasets':<38}{total:>11.1f}  (sum of medians, {args.runs} runs each; uncached, as on a cache miss)")


if __name__ == "__main__":
    main()
