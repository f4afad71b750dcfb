"""Coding throughput: local (1 and 2 processes) beside Dask (1 and 2 workers) on this machine.

The first N Guardian articles of ``../shared/data/guardian_sdf_sample.csv`` are ingested once;
each engine then codes its own copy of that database. Sentences/s is sentences stored divided
by the wall time of ``shiftwatch.code`` (cluster start-up and model loading included, as a user
sees it). The scaling ratio is Dask-2 over Dask-1 (and multiprocessing-2 over local-1).

    python benchmarks/scale.py                  # 60 articles
    python benchmarks/scale.py --articles 120

Prints one JSON report.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import tempfile
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
GUARDIAN = REPO.parent / "shared" / "data" / "guardian_sdf_sample.csv"

RUNS = (
    ("local, 1 process", {"engine": "local"}, 1),
    ("local, 2 processes (multiprocessing)", {"engine": "local"}, 2),
    ("dask, 1 worker", {"engine": "dask", "workers": 1}, 1),
    ("dask, 2 workers", {"engine": "dask", "workers": 2}, 1),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--batch-size", type=int, default=8)
    args = parser.parse_args()

    from shiftwatch import ingest
    from shiftwatch.coding import code
    from shiftwatch.config import Settings
    from shiftwatch.store import open_store

    results = {}
    with tempfile.TemporaryDirectory(prefix="shiftwatch-scale-") as folder:
        work = Path(folder)
        subset = work / "guardian.csv"
        pd.read_csv(GUARDIAN).head(args.articles).to_csv(subset, index=False)
        base = work / "base.duckdb"
        with open_store(base) as store:
            ingest([subset], store)
        for label, options, processes in RUNS:
            db = work / f"{len(results)}.duckdb"
            shutil.copy(base, db)
            settings = Settings(batch_size=args.batch_size, processes=processes)
            with open_store(db) as store:
                report = code(store, settings, **options)
            results[label] = {
                "documents": report.documents,
                "sentences": report.sentences,
                "events": report.events,
                "seconds": round(report.seconds, 1),
                "sentences_per_s": round(report.sentences / report.seconds, 1),
            }
    rate = {label: value["sentences_per_s"] for label, value in results.items()}
    print(
        json.dumps(
            {
                "benchmark": "scale",
                "machine": {
                    "platform": platform.platform(),
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                },
                "input": {
                    "articles": args.articles,
                    "batch_size": args.batch_size,
                    "corpus": GUARDIAN.name,
                },
                "runs": results,
                "scaling": {
                    "dask_2_over_1": round(rate["dask, 2 workers"] / rate["dask, 1 worker"], 2),
                    "multiprocessing_2_over_1": round(
                        rate["local, 2 processes (multiprocessing)"] / rate["local, 1 process"], 2
                    ),
                    "dask_2_over_local_1": round(
                        rate["dask, 2 workers"] / rate["local, 1 process"], 2
                    ),
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
