"""``watch`` passes: the Guardian sample in weekly batches, and one pass over a 1M-event store.

1. The 249 Guardian articles (../shared/data/guardian_sdf_sample.csv), sorted by date and cut
   into ISO weeks, arrive one week per pass into a watched folder: the report gives, per pass,
   the documents, events, dyads re-tested, alerts raised and seconds (total, coding, testing).
2. A store of N generated events (default 1,000,000; real actor codes, so new news touches
   busy dyads) gets one week of Guardian articles in one pass: the pass's time outside coding
   is what re-testing only the touched dyads costs at that scale (target: under 2 s).

    .venv/bin/python benchmarks/watch.py [--events 1000000] [--weeks 71] [--skip-big]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from analysis import generate as synthetic_events  # benchmarks/analysis.py, beside this script

from shiftwatch.analysis.importing import store_event_rows
from shiftwatch.config import Settings
from shiftwatch.store import open_store
from shiftwatch.watch.runner import PassReport, run_pass
from shiftwatch.watch.sources import Source, WatchConfig

GUARDIAN = Path(__file__).resolve().parents[2] / "shared" / "data" / "guardian_sdf_sample.csv"
BUSY = ["USA", "GBR", "RUS", "CHN", "SYR", "IRQ", "IRN", "TUR", "ISR", "FRA", "DEU", "SAU",
        "UKR", "PRK", "KOR", "JPN", "IND", "PAK", "AFG", "EGY"]  # fmt: skip


def weeks(limit: int | None) -> list[pd.DataFrame]:
    frame = pd.read_csv(GUARDIAN)
    frame["date"] = pd.to_datetime(frame["date"])
    frame = frame.sort_values("date", kind="stable")
    batches = [batch for _, batch in frame.groupby(frame["date"].dt.to_period("W"))]
    return batches[:limit] if limit else batches


def generate(count: int, seed: int = 0) -> pd.DataFrame:
    """Events among 60 actors (the busiest real codes first, skewed activity), 2010-2019."""
    return synthetic_events(count, 60, seed, names=BUSY, start="2010-01-01", prefix="g")


def row(number: int, batch: pd.DataFrame, report: PassReport) -> dict[str, object]:
    return {
        "pass": number,
        "week": str(batch["date"].min().date()),
        "documents": report.collect.stored,
        "events": report.events,
        "dyads": report.dyads,
        "alerts": len(report.alerts),
        "alert_kinds": sorted(f"{a.kind}:{'-'.join(a.actors)}" for a in report.alerts),
        "seconds": round(report.seconds, 2),
        "code_seconds": round(report.code_seconds, 2),
        "outside_coding_seconds": round(report.seconds - report.code_seconds, 2),
        "test_seconds": round(report.test_seconds, 2),
        "test_cpu_seconds": round(report.test_cpu_seconds, 2),
    }


def weekly(folder: Path, limit: int | None) -> dict[str, object]:
    inbox = folder / "guardian"
    inbox.mkdir()
    config = WatchConfig(sources=[Source("path", str(inbox))])
    passes = []
    with open_store(folder / "weekly.duckdb") as store:
        for number, batch in enumerate(weeks(limit), 1):
            batch.to_csv(inbox / f"week-{number:03d}.csv", index=False)
            passes.append(row(number, batch, run_pass(store, config, Settings())))
            print(json.dumps(passes[-1]), file=sys.stderr)
    seconds = [p["seconds"] for p in passes]
    outside = [p["outside_coding_seconds"] for p in passes]
    return {
        "passes": len(passes),
        "documents": sum(int(p["documents"]) for p in passes),  # type: ignore[call-overload]
        "alerts": sum(int(p["alerts"]) for p in passes),  # type: ignore[call-overload]
        "passes_with_alerts": sum(1 for p in passes if p["alerts"]),
        "seconds_per_pass": {"median": float(np.median(seconds)), "max": max(seconds)},
        "outside_coding_seconds": {"median": float(np.median(outside)), "max": max(outside)},
        "per_pass": passes,
    }


def big(folder: Path, events: int) -> dict[str, object]:
    path = folder / "big.duckdb"
    with open_store(path) as store:
        start = time.perf_counter()
        store_event_rows(store, generate(events))
        store.cluster_events()
        loaded = time.perf_counter() - start
    inbox = folder / "big-inbox"
    inbox.mkdir()
    batch = max(weeks(None), key=len)  # the busiest week: the most dyads touched
    batch.to_csv(inbox / "week.csv", index=False)
    config = WatchConfig(sources=[Source("path", str(inbox))])
    with open_store(path) as store:
        report = run_pass(store, config, Settings())
        again = run_pass(store, config, Settings())
    return {
        "events": events,
        "load_and_optimize_seconds": round(loaded, 1),
        "pass": row(1, batch, report),
        "idle_pass_seconds": round(again.seconds, 2),
        "target_outside_coding_seconds": 2.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--weeks", type=int, default=None, help="first N weeks only")
    parser.add_argument("--skip-big", action="store_true")
    parser.add_argument("--skip-weekly", action="store_true")
    args = parser.parse_args()
    report: dict[str, object] = {
        "benchmark": "watch",
        "machine": {"platform": platform.platform(), "python": sys.version.split()[0],
                    "cpus": os.cpu_count()},
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }  # fmt: skip
    started = time.process_time()
    with tempfile.TemporaryDirectory(prefix="shiftwatch-watch-") as folder:
        if not args.skip_weekly:
            report["guardian_weekly"] = weekly(Path(folder), args.weeks)
        if not args.skip_big:
            report["big_store"] = big(Path(folder), args.events)
    report["cpu_seconds"] = round(time.process_time() - started, 1)
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
