"""Coding throughput and memory on the Guardian sample, beside bare spaCy in the same run.

Prints one JSON report:
- ``spacy``: sentences/s of bare ``nlp.pipe`` over the article texts (the floor any coder pays);
- ``end_to_end``: sentences/s from raw text to stored events (documents stored, then
  ``shiftwatch.code``: parse, actor resolution, coding, DuckDB writes);
- ``coder_overhead``: (end-to-end time - parse time) / parse time; the goal is < 0.30;
- ``memory``: peak RSS and RSS sampled as the corpus is coded (flat means streaming works).

Usage: ``python benchmarks/coding.py [--docs N] [--repeat K] [--batch-size B]``
(``--repeat`` codes K distinct copies of the corpus to show memory does not grow with it).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

from shiftwatch.coder import CODER_VERSION, Coder
from shiftwatch.coding import code
from shiftwatch.config import Settings
from shiftwatch.models import Document
from shiftwatch.store import open_store

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "guardian_sdf_sample.csv"


def rss_mb() -> float:
    """Current resident set size of this process in MB (Linux /proc; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_texts(limit: int | None) -> list[str]:
    csv.field_size_limit(sys.maxsize)
    with CORPUS.open(encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle) if row["text"].strip()]
    return texts[:limit] if limit else texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=None, help="first N articles only")
    parser.add_argument("--repeat", type=int, default=1, help="code K copies of the corpus")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    texts = load_texts(args.docs)
    settings = Settings(batch_size=args.batch_size)
    coder = Coder(settings)
    nlp = coder.nlp
    coder.resolver.resolve(nlp("Warm-up: Russia and Turkey met in Sochi."))  # load KB, untimed

    started = time.perf_counter()
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=args.batch_size))
    parse_seconds = time.perf_counter() - started

    samples: list[dict[str, float]] = []
    with (
        tempfile.TemporaryDirectory() as folder,
        open_store(Path(folder) / "bench.duckdb") as store,
    ):
        started = time.perf_counter()
        for copy in range(args.repeat):
            suffix = "" if copy == 0 else f"\n\n(Copy {copy}.)"
            for text in texts:
                store.add_document(Document(text=text + suffix, source="guardian"))
        total_docs = len(texts) * args.repeat
        step = max(1, total_docs // 10)

        def sample(done: int, total: int) -> None:
            if done % step == 0 or done == total:
                samples.append({"documents": done, "rss_mb": round(rss_mb(), 1)})

        report = code(store, settings, progress=sample)
        e2e_seconds = time.perf_counter() - started
    parse_total = parse_seconds * args.repeat
    overhead = (e2e_seconds - parse_total) / parse_total
    growth = samples[-1]["rss_mb"] - samples[min(1, len(samples) - 1)]["rss_mb"]
    print(
        json.dumps(
            {
                "benchmark": "coding",
                "coder_version": CODER_VERSION,
                "machine": {
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "cpus": os.cpu_count(),
                },
                "inputs": {
                    "corpus": str(CORPUS.name),
                    "documents": len(texts),
                    "repeat": args.repeat,
                    "sentences_per_copy": sentences,
                    "batch_size": args.batch_size,
                    "model": settings.model,
                },
                "spacy": {
                    "seconds": round(parse_seconds, 2),
                    "sentences_per_second": round(sentences / parse_seconds, 1),
                },
                "end_to_end": {
                    "seconds": round(e2e_seconds, 2),
                    "documents": report.documents,
                    "sentences": report.sentences,
                    "events": report.events,
                    "sentences_per_second": round(report.sentences / e2e_seconds, 1),
                },
                "coder_overhead": round(overhead, 3),
                "coder_overhead_goal": 0.30,
                "memory": {
                    "peak_rss_mb": round(peak_rss_mb(), 1),
                    "rss_growth_after_first_tenth_mb": round(growth, 1),
                    "samples": samples,
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
