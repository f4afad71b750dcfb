"""Actor resolution throughput over the 249 Guardian articles, against spaCy's parse time.

Run: ``.venv/bin/python benchmarks/actors.py [--repeat 3]``. Prints one JSON report: mentions per
second, tokens per second, the resolve/parse time ratio (the goal is under 0.15), the time to
load the knowledge base and build its matchers, peak memory, and the machine and inputs used.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

from shiftwatch.actors import ActorResolver
from shiftwatch.actors.kb import build_knowledge_base
from shiftwatch.nlp import DEFAULT_MODEL, load_pipeline

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "guardian_sdf_sample.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="resolve passes (best is kept)")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()

    csv.field_size_limit(sys.maxsize)
    with CORPUS.open(encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]

    started = time.perf_counter()
    kb = build_knowledge_base()
    resolver = ActorResolver(kb)
    kb_seconds = time.perf_counter() - started

    nlp = load_pipeline(args.model)
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    parse_seconds = time.perf_counter() - started

    best, mentions = float("inf"), 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        mentions = sum(len(resolver.resolve(doc)) for doc in docs)
        best = min(best, time.perf_counter() - started)

    tokens = sum(len(doc) for doc in docs)
    report = {
        "benchmark": "actors.resolve",
        "inputs": {
            "corpus": str(CORPUS.name),
            "documents": len(docs),
            "tokens": tokens,
            "characters": sum(map(len, texts)),
            "model": args.model,
        },
        "knowledge_base": {
            "load_and_build_seconds": round(kb_seconds, 3),
            "states": len(kb.states),
            "organisations": len(kb.organisations),
            "leaders": len(kb.leaders),
            "phrases": len(kb.phrases) + len(kb.cased),
        },
        "parse_seconds": round(parse_seconds, 3),
        "resolve_seconds": round(best, 3),
        "resolve_to_parse_ratio": round(best / parse_seconds, 4),
        "mentions": mentions,
        "mentions_per_second": round(mentions / best, 1),
        "tokens_per_second": round(tokens / best, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.machine(),
            "cpus": os.cpu_count(),
        },
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
