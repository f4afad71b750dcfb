"""Coder cost in CPU time beside bare spaCy: (parse + resolve + code) / parse, Guardian sample.

CPU time (``time.process_time``) moves much less than wall time on a busy machine, so this ratio
can be compared across runs where ``benchmarks/coding.py``'s wall-clock overhead cannot. Storage
is not included (``coding.py`` measures the whole job). Prints one JSON report.

Usage: ``python benchmarks/coder_cpu.py [--docs N]``
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import sys
import time
from pathlib import Path

from shiftwatch.coder import CODER_VERSION, Coder
from shiftwatch.coder.tables import lexicon
from shiftwatch.models import Document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "guardian_sdf_sample.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=None, help="first N articles only")
    args = parser.parse_args()
    csv.field_size_limit(sys.maxsize)
    with CORPUS.open(encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle) if row["text"].strip()]
    texts = texts[: args.docs] if args.docs else texts
    coder = Coder()
    nlp = coder.nlp
    coder.resolver.resolve(nlp("Russia met Turkey in Sochi and Idlib."))  # load KB, untimed
    lexicon()
    started = time.process_time()
    docs = list(nlp.pipe(texts, batch_size=32))
    parse = time.process_time() - started
    started = time.process_time()
    events = 0
    for text, doc in zip(texts, docs, strict=True):
        coded = coder.code_parsed(Document(text=text, id="bench", language="en"), doc)
        events += len(coded.events)
    code = time.process_time() - started
    report = {
        "benchmark": "coder_cpu",
        "coder_version": CODER_VERSION,
        "documents": len(texts),
        "events": events,
        "parse_cpu_seconds": round(parse, 2),
        "coder_cpu_seconds": round(code, 2),
        "ratio_coder_to_bare_parse": round((parse + code) / parse, 3),
        "ratio_goal": 1.15,
        "load_average": os.getloadavg()[0],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
