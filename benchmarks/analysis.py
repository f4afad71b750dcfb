"""Latency of the analyses over a large generated event table; prints a JSON report.

Generates N events (default 1,000,000) among A actors over ten years into a DuckDB file,
then times dyad_series (the web's hot path; p50/p95 over many dyads), partner_shares,
detect_shifts (one actor, then every dyad) and alignment_blocs.

    .venv/bin/python benchmarks/analysis.py [--events 1000000] [--actors 60] [--db FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from shiftwatch.analysis import alignment_blocs, detect_shifts, dyad_series, partner_shares
from shiftwatch.analysis.importing import store_event_rows
from shiftwatch.ontology import PLOVER_TYPES, plover_types
from shiftwatch.store import open_store

QUADS = [plover_types()[name].quad_class for name in PLOVER_TYPES]


def generate(
    count: int,
    actors: int,
    seed: int = 0,
    names: list[str] | None = None,
    start: str = "2015-01-01",
    prefix: str = "b",
) -> pd.DataFrame:
    """Events with skewed actor activity (a few big players), ten years of dates from ``start``.

    ``names`` are the busiest actors' codes (the rest are generated), so other benchmarks
    (watch) can mix real codes into the same kind of store.
    """
    rng = np.random.default_rng(seed)
    given = list(names or [])
    codes = np.array(given + [f"A{i:02d}" for i in range(actors - len(given))])
    weights = 1 / np.arange(1, actors + 1)
    weights /= weights.sum()
    source = rng.choice(actors, count, p=weights)
    target = (source + 1 + rng.choice(actors - 1, count, p=None)) % actors
    kinds = rng.integers(0, len(PLOVER_TYPES), count)
    days = pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, 3650, count), unit="D")
    return pd.DataFrame(
        {
            "id": [f"{prefix}{i}" for i in range(count)],
            "date": days.date,
            "source": codes[source],
            "target": codes[target],
            "type": np.array(PLOVER_TYPES)[kinds],
            "quad_class": np.array(QUADS)[kinds],
            "goldstein": rng.uniform(-10, 10, count).round(1),
            "sentence": "generated",
        }
    )


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return (time.perf_counter() - start) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--actors", type=int, default=60)
    parser.add_argument("--dyads", type=int, default=60, help="dyads timed for p50/p95")
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument(
        "--no-optimize", action="store_true", help="skip 'shiftwatch optimize' after loading"
    )
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="shiftwatch-bench-")
    path = args.db or Path(folder) / "bench.duckdb"
    report: dict[str, object] = {
        "benchmark": "analysis",
        "machine": {"platform": platform.platform(), "python": sys.version.split()[0],
                    "cpus": os.cpu_count()},
        "inputs": {"events": args.events, "actors": args.actors, "database": str(path)},
    }  # fmt: skip
    with open_store(path) as store:
        if not store.con.execute("SELECT count(*) FROM events").fetchone()[0]:
            start = time.perf_counter()
            store_event_rows(store, generate(args.events, args.actors))
            report["load_seconds"] = round(time.perf_counter() - start, 1)
            if not args.no_optimize:  # what 'shiftwatch optimize' does after a bulk load
                start = time.perf_counter()
                store.cluster_events()
                report["optimize_seconds"] = round(time.perf_counter() - start, 1)
    report["load_average_before"] = [round(x, 2) for x in os.getloadavg()]
    rng = np.random.default_rng(1)
    with open_store(path, read_only=True) as store:
        pairs = [rng.choice(args.actors, 2, replace=False) for _ in range(args.dyads)]
        dyad_ms = [
            timed(dyad_series, store, f"A{a:02d}", f"A{b:02d}", freq="month")[0] for a, b in pairs
        ]
        cuts = statistics.quantiles(dyad_ms, n=20)
        report["dyad_series_ms"] = {"p50": round(statistics.median(dyad_ms), 1),
                                    "p95": round(cuts[18], 1), "max": round(max(dyad_ms), 1),
                                    "runs": len(dyad_ms)}  # fmt: skip
        partner_ms = [timed(partner_shares, store, f"A{i:02d}")[0] for i in range(5)]
        report["partner_shares_ms"] = {"median": round(statistics.median(partner_ms), 1)}
        ms, found = timed(detect_shifts, store, actor="A00", freq="month")
        report["detect_shifts_one_actor_ms"] = round(ms, 1)
        ms, found = timed(detect_shifts, store, freq="quarter", top=50)
        report["detect_shifts_all_dyads_ms"] = round(ms, 1)
        report["shifts_found_all_dyads"] = len(found)
        ms, blocs = timed(alignment_blocs, store, window="6M")
        report["alignment_blocs_ms"] = round(ms, 1)
        report["bloc_windows"] = len(blocs.windows)
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
