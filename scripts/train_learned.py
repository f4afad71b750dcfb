"""Train the coder's learned stage and write ``coder/models/sentence_types.tsv``.

Usage (needs the ``train`` extra, i.e. scikit-learn; the shared data in ``../shared``):

    python scripts/train_learned.py                 # cross-validate, then train and write
    python scripts/train_learned.py --no-cv         # train and write only

Training data (never ``dev2``, which is only ever scored): the gold sentences of
``eval/dev/guardian_dev.jsonl``, ``eval/train/guardian_train.jsonl`` and
``eval/plover_gsr/gsr_dev.jsonl`` (a sentence without events is a NONE example; one with
several types is an example of each, weighted by its share), and the first sentence of each of
the 4,500 PLOVER synthetic stories (``data/plover_synthetic_stories.csv``, MIT licence, by
Andy Halterman for the NGEC project) labelled with its story's type, down-weighted
(``--synthetic-weight``) because it is machine-written and longer-winded than news.

Cross-validation: for each of the three gold files, a model trained on the other two and the
synthetic stories is written to a temporary file, and the coder is scored on the held-out
file with the stage off and with ``add`` at each threshold in ``--thresholds``. The threshold
with the best mean of pooled held-out type F1 and dyad F1 (the lowest on a tie) goes into the
written model (``--threshold`` fixes it).
The fit is deterministic (lbfgs, no sampling), so a rerun writes the same file.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from shiftwatch.coder.learned import NONE, sentence_features  # noqa: E402
from shiftwatch.config import Settings  # noqa: E402
from shiftwatch.evaluate import evaluate  # noqa: E402
from shiftwatch.nlp import load_pipeline  # noqa: E402

SHARED = ROOT.parent / "shared"
GOLD = {
    "guardian_dev": SHARED / "eval/dev/guardian_dev.jsonl",
    "guardian_train": SHARED / "eval/train/guardian_train.jsonl",
    "gsr_dev": SHARED / "eval/plover_gsr/gsr_dev.jsonl",
}
SYNTHETIC = SHARED / "data/plover_synthetic_stories.csv"
OUT = ROOT / "src/shiftwatch/coder/models/sentence_types.tsv"
CHARS = 600  # the first sentence is all we use; parse no more than needed
HEADER = """\
# The coder's learned stage: softmax weights over sentence features (shiftwatch.coder.learned).
# Written by scripts/train_learned.py ({summary}).
# Trained on the project's gold sentences (eval/dev, eval/train) and on the PLOVER gold-standard
# records' development half (CC BY-SA 4.0, openeventdata/PLOVER, Parus Analytics), and on the
# PLOVER synthetic stories (MIT licence, Copyright (c) Andy Halterman, NGEC project); only
# feature weights are stored here, no text.
# Rows: classes, setting NAME VALUE, bias, feature NAME WEIGHTS (one per class).
"""


def gold_examples(path: Path, source: str) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            types = sorted({e["type"] for e in record["events"]}) or [NONE]
            rows.append({"source": source, "text": record["text"], "types": types})
    return rows


def synthetic_examples(path: Path) -> list[dict]:
    csv.field_size_limit(10**8)
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {
                "source": "synthetic",
                "text": row["text"].strip()[:CHARS],
                "types": [row["label"]],
            }
            for row in csv.DictReader(handle)
        ]


def featurise(rows: list[dict], model: str, cache: Path | None) -> None:
    """Adds each row's features (synthetic stories: of their first sentence only); ``cache``
    keeps them between runs (parsing the stories takes minutes)."""
    if cache is not None and cache.exists():
        for row, features in zip(rows, json.loads(cache.read_text()), strict=True):
            row["features"] = features
        return
    nlp = load_pipeline(model)
    for row, doc in zip(rows, nlp.pipe((r["text"] for r in rows), batch_size=64), strict=True):
        span = next(iter(doc.sents)) if row["source"] == "synthetic" else doc[:]
        row["features"] = sentence_features(span)
    if cache is not None:
        cache.write_text(json.dumps([row["features"] for row in rows]))


def fit(rows: list[dict], c: float, synthetic_weight: float, min_count: int) -> dict:
    """Softmax regression; returns classes, feature names, weights and bias."""
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for row in rows for f in row["features"])
    names = sorted(f for f, n in counts.items() if n >= min_count)
    column = {name: j for j, name in enumerate(names)}
    classes = sorted({t for row in rows for t in row["types"]} - {NONE})
    classes = [NONE, *classes]
    cells, labels, weights = [], [], []
    for row in rows:
        base = synthetic_weight if row["source"] == "synthetic" else 1.0
        for label in row["types"]:
            cells.append([column[f] for f in row["features"] if f in column])
            labels.append(classes.index(label))
            weights.append(base / len(row["types"]))
    indptr = np.cumsum([0, *(len(c_) for c_ in cells)])
    indices = np.array([j for c_ in cells for j in c_], dtype=np.int64)
    matrix = sp.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(cells), len(names)))
    model = LogisticRegression(C=c, max_iter=5000).fit(matrix, labels, sample_weight=weights)
    coef = np.zeros((len(classes), len(names)))
    bias = np.zeros(len(classes))
    coef[model.classes_] = model.coef_
    bias[model.classes_] = model.intercept_
    bias[[k for k in range(len(classes)) if k not in set(model.classes_)]] = -30.0
    return {"classes": classes, "names": names, "coef": coef.T, "bias": bias}


def write_model(path: Path, fitted: dict, settings: dict[str, float], summary: str) -> None:
    lines = [HEADER.format(summary=summary).rstrip("\n")]
    lines.append("\t".join(["classes", *fitted["classes"]]))
    lines.extend(f"setting\t{name}\t{value:g}" for name, value in settings.items())
    lines.append("\t".join(["bias", *(f"{w:.4f}" for w in fitted["bias"])]))
    for name, row in zip(fitted["names"], fitted["coef"], strict=True):
        if np.abs(row).max() >= 0.001:
            lines.append("\t".join(["feature", name, *(f"{w:.4f}" for w in row)]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def scores(path: Path, stages: str, model: Path | None) -> dict:
    settings = Settings(learned_stages=stages, learned_model=model)
    result = evaluate([path], settings)
    return {key: result[key]["f1"] for key in ("presence", "type", "dyad")} | {
        "type_p": result["type"]["precision"],
        "type_r": result["type"]["recall"],
        "counts": {
            f"{score}_{count}": result[score][count]
            for score in ("type", "dyad")
            for count in ("tp", "fp", "fn")
        },
    }


def cross_validate(rows: list[dict], args: argparse.Namespace) -> float:
    """Per held-out file: scores off and with ``add`` per threshold; returns the threshold with
    the best mean of pooled type and dyad F1: an added event with the wrong actors is a wrong
    event in every analysis, so type F1 alone is not the measure."""
    pooled: dict[float, Counter] = {t: Counter() for t in args.thresholds}
    with tempfile.TemporaryDirectory() as tmp:
        for held, path in GOLD.items():
            train = [r for r in rows if r["source"] != held]
            fitted = fit(train, args.c, args.synthetic_weight, args.min_count)
            off = scores(path, "off", None)
            print(f"{held:15} off            {_row(off)}", flush=True)
            for threshold in args.thresholds:
                model = Path(tmp) / f"{held}-{threshold}.tsv"
                write_model(model, fitted, {"add_threshold": threshold}, f"cv fold {held}")
                on = scores(path, "add", model)
                pooled[threshold].update(on["counts"])
                print(f"{held:15} add@{threshold:<10} {_row(on)}", flush=True)
    best, best_f1 = args.thresholds[0], -1.0
    for threshold, counts in pooled.items():
        type_f1, dyad_f1 = (_f1(counts, score) for score in ("type", "dyad"))
        f1 = (type_f1 + dyad_f1) / 2
        print(f"pooled held-out with add@{threshold}: type F1 {type_f1:.3f}, dyad F1 {dyad_f1:.3f}")
        if f1 > best_f1 + 1e-9:
            best, best_f1 = threshold, f1
    return best


def _f1(counts: Counter, score: str) -> float:
    tp = counts[f"{score}_tp"]
    return 2 * tp / (2 * tp + counts[f"{score}_fp"] + counts[f"{score}_fn"])


def _row(s: dict) -> str:
    return (
        f"presence F1 {s['presence']:.3f}  type P/R/F1 {s['type_p']:.3f}/{s['type_r']:.3f}/"
        f"{s['type']:.3f}  dyad F1 {s['dyad']:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--model", default=Settings().model, help="spaCy pipeline")
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    parser.add_argument("--synthetic-weight", type=float, default=0.3)
    parser.add_argument("--min-count", type=int, default=2, help="drop rarer features")
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.3, 0.4, 0.5, 0.6])
    parser.add_argument("--threshold", type=float, help="skip the choice: use this threshold")
    parser.add_argument("--cache", type=Path, help="JSON file keeping the parsed features")
    parser.add_argument("--no-cv", action="store_true", help="train and write only")
    args = parser.parse_args()
    rows = [ex for name, path in GOLD.items() for ex in gold_examples(path, name)]
    rows += synthetic_examples(SYNTHETIC)
    featurise(rows, args.model, args.cache)
    threshold = args.threshold
    if not args.no_cv:
        chosen = cross_validate(rows, args)
        threshold = threshold if threshold is not None else chosen
    if threshold is None:
        threshold = 0.5
    fitted = fit(rows, args.c, args.synthetic_weight, args.min_count)
    summary = (
        f"C={args.c:g}, synthetic weight {args.synthetic_weight:g}, min count {args.min_count}, "
        f"{len(rows)} examples"
    )
    write_model(args.out, fitted, {"add_threshold": threshold}, summary)
    print(f"wrote {args.out} (add_threshold {threshold:g})")


if __name__ == "__main__":
    main()
