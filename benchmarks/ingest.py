"""Ingest throughput and peak memory on the Guardian sample repeated to N documents.

Each size runs in a fresh subprocess (so peak RSS is that run's own), ingesting a temporary
CSV made of the 249 Guardian articles repeated, each copy made distinct by a numbered
closing sentence (distinct hashes, so every row is stored; the copies are also linked as
near-duplicates, so the MinHash/LSH path is exercised on every document).

    python benchmarks/ingest.py                 # sizes 10000 and 20000
    python benchmarks/ingest.py --sizes 10000

Prints one JSON report per size: documents per wall-clock second, documents per CPU second
(the one-core figure, unaffected by other load on the machine), peak RSS (getrusage: the
whole process, DuckDB and model files included) and peak Python heap (tracemalloc, in a
separate run as it slows Python down).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GUARDIAN = REPO.parent / "shared" / "data" / "guardian_sdf_sample.csv"


def make_csv(path: Path, size: int) -> int:
    """Write ``size`` rows cycling through the Guardian sample; returns the file size."""
    with GUARDIAN.open(encoding="utf-8", newline="") as src:
        rows = list(csv.DictReader(src))
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "date", "text", "source"])
        for number in range(size):
            row = rows[number % len(rows)]
            text = f"{row['text']} (Benchmark row {number}, copy {number // len(rows)}.)"
            writer.writerow([number, row["date"], text, row["source"]])
    return path.stat().st_size


def run_one(csv_path: Path, db: Path, trace: bool) -> dict[str, float | int]:
    """Ingest in this process and measure it (called in a child process)."""
    from shiftwatch import ingest, open_store

    if trace:
        tracemalloc.start()
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime
    started = time.perf_counter()
    with open_store(db) as store:
        report = ingest([csv_path], store)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    result: dict[str, float | int] = {
        "documents": report.stored,
        "near_duplicates": report.near_duplicates,
        "failed": report.failed,
        "seconds": round(seconds, 2),
        "documents_per_second": round(report.stored / seconds, 1),
        "cpu_seconds": round(cpu, 2),
        "documents_per_cpu_second": round(report.stored / cpu, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
    }
    if trace:
        result["peak_python_heap_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    return result


def child(size: int, trace: bool) -> dict[str, float | int]:
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "bench.csv"
        csv_bytes = make_csv(csv_path, size)
        output = subprocess.run(
            [sys.executable, __file__, "--child", str(csv_path), str(Path(folder) / "b.duckdb")]
            + (["--trace"] if trace else []),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        result = json.loads(output)
        result["csv_mb"] = round(csv_bytes / 2**20, 1)
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,20000", help="comma-separated row counts")
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc runs")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(Path(args.child[0]), Path(args.child[1]), args.trace)))
        return
    runs = []
    for size in (int(value) for value in args.sizes.split(",")):
        run = child(size, trace=False)
        if not args.no_trace:
            run["peak_python_heap_mb"] = child(size, trace=True)["peak_python_heap_mb"]
        runs.append({"rows": size, **run})
    report = {
        "benchmark": "ingest",
        "input": f"{GUARDIAN.name} (249 articles) repeated with a numbered sentence per row",
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
        },
        "targets": {"documents_per_second": 200, "peak_rss_mb": 500},
        "runs": runs,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
