"""Score the coder against gold files (``shared/eval/GUIDELINES.md`` format).

Gold sentences are grouped into their documents, in order and with their dates, and coded as
whole documents (joined by line breaks) so the coder has the same context it has on real
articles. Each coded event is assigned to the gold sentence its evidence starts in.

Scores (each with precision, recall, F1 and the counts behind them):
- ``presence``: a sentence has at least one event;
- ``type``: per sentence, the multiset of PLOVER types;
- ``dyad``: per sentence, the multiset of (type, source, target); for CONSULT, COOPERATE and
  AGREE the pair is unordered;
- ``modality_accuracy``: share of matched dyad events whose modality agrees;
- ``per_type``: type precision/recall/F1 for each PLOVER type;
- ``candidate_recall``, ``errors`` (misses by kind) and ``confusion`` (gold type -> predicted
  type): see :mod:`shiftwatch.error_analysis`; ``errors=FILE`` writes each case as JSONL.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from shiftwatch.coder import CODER_VERSION, Coder
from shiftwatch.config import Settings
from shiftwatch.dates import parse_day
from shiftwatch.error_analysis import Errors
from shiftwatch.errors import InputError
from shiftwatch.models import Document, Event

UNORDERED_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})


@dataclass(slots=True)
class GoldSentence:
    id: str
    doc: str
    date: date | None
    text: str
    events: list[dict[str, Any]]


@dataclass(slots=True)
class Tally:
    """True positives, false positives and false negatives of one score."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Counter, predicted: Counter) -> None:
        matched = sum((gold & predicted).values())
        self.tp += matched
        self.fp += sum(predicted.values()) - matched
        self.fn += sum(gold.values()) - matched

    def merge(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def scores(self) -> dict[str, float | int]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(slots=True)
class Scorer:
    """Accumulates counts sentence by sentence; files and the pooled total both use it."""

    sentences: int = 0
    gold_events: int = 0
    predicted_events: int = 0
    presence: Tally = field(default_factory=Tally)
    type: Tally = field(default_factory=Tally)
    dyad: Tally = field(default_factory=Tally)
    per_type: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    modality_matched: int = 0
    modality_correct: int = 0
    errors: Errors = field(default_factory=Errors)

    def add_sentence(
        self,
        gold: list[dict[str, Any]],
        predicted: list[Event],
        candidates: list[str] | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        """Score one sentence; ``candidates`` are the types of the coder's candidates in it."""
        self.sentences += 1
        self.gold_events += len(gold)
        self.predicted_events += len(predicted)
        self.presence.add(
            Counter({"event": 1} if gold else {}), Counter({"event": 1} if predicted else {})
        )
        gold_types = Counter(e["type"] for e in gold)
        predicted_types = Counter(e.type for e in predicted)
        self.type.add(gold_types, predicted_types)
        for name in set(gold_types) | set(predicted_types):
            self.per_type[name].add(
                Counter({name: gold_types[name]}), Counter({name: predicted_types[name]})
            )
        gold_by_key: dict[tuple, list[str]] = defaultdict(list)
        for record in gold:
            key = dyad_key(record["type"], record["source"], record.get("target"))
            gold_by_key[key].append(record.get("modality", "asserted"))
        predicted_by_key: dict[tuple, list[str]] = defaultdict(list)
        for event in predicted:
            target = event.target.code if event.target else None
            predicted_by_key[dyad_key(event.type, event.source.code, target)].append(event.modality)
        self.dyad.add(
            Counter({k: len(v) for k, v in gold_by_key.items()}),
            Counter({k: len(v) for k, v in predicted_by_key.items()}),
        )
        for key, gold_modalities in gold_by_key.items():
            mine = predicted_by_key.get(key, [])
            matched = min(len(gold_modalities), len(mine))
            self.modality_matched += matched
            agreeing = sum((Counter(gold_modalities) & Counter(mine)).values())
            self.modality_correct += min(agreeing, matched)
        gold_keys = [dyad_key(r["type"], r["source"], r.get("target")) for r in gold]
        predicted_keys = [
            dyad_key(e.type, e.source.code, e.target.code if e.target else None) for e in predicted
        ]
        self.errors.add_sentence(
            meta or {}, gold, predicted, candidates or [], (gold_keys, predicted_keys)
        )

    def merge(self, other: Scorer) -> None:
        self.sentences += other.sentences
        self.gold_events += other.gold_events
        self.predicted_events += other.predicted_events
        self.presence.merge(other.presence)
        self.type.merge(other.type)
        self.dyad.merge(other.dyad)
        for name, tally in other.per_type.items():
            self.per_type[name].merge(tally)
        self.modality_matched += other.modality_matched
        self.modality_correct += other.modality_correct
        self.errors.merge(other.errors)

    def scores(self) -> dict[str, Any]:
        accuracy = self.modality_correct / self.modality_matched if self.modality_matched else 0.0
        return {
            "coder_version": CODER_VERSION,
            "sentences": self.sentences,
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "presence": self.presence.scores(),
            "type": self.type.scores(),
            "dyad": self.dyad.scores(),
            "modality_accuracy": round(accuracy, 4),
            "modality_counts": {"matched": self.modality_matched, "correct": self.modality_correct},
            "per_type": {name: self.per_type[name].scores() for name in sorted(self.per_type)},
            **self.errors.scores(),
        }


def dyad_key(event_type: str, source: str, target: str | None) -> tuple[str, str, str]:
    """(type, source, target), with the pair sorted for the symmetric types."""
    target = target or ""
    if event_type in UNORDERED_TYPES and target and target < source:
        source, target = target, source
    return event_type, source, target


def read_gold(path: Path) -> list[GoldSentence]:
    """The gold sentences of one JSONL file, with a clear error naming file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read gold file ({exc.strerror})") from exc
    sentences = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(where, f"not valid JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise InputError(where, "each line must be a JSON object")
        for key in ("id", "doc", "text", "events"):
            if key not in record:
                raise InputError(where, f"missing field {key!r}")
        if not isinstance(record["events"], list):
            raise InputError(where, "'events' must be a list")
        for event in record["events"]:
            if not isinstance(event, dict) or "type" not in event or "source" not in event:
                raise InputError(where, "each event needs at least 'type' and 'source'")
        day = parse_day(record.get("date"), where)
        sentences.append(
            GoldSentence(
                id=str(record["id"]),
                doc=str(record["doc"]),
                date=day,
                text=str(record["text"]),
                events=record["events"],
            )
        )
    return sentences


def _slot(starts: list[int], position: int) -> int:
    """The sentence (by its start offset) a character offset falls in."""
    return max(i for i, start in enumerate(starts) if start <= position)


def _score_file(path: Path, coder: Coder) -> Scorer:
    gold = read_gold(path)
    by_doc: dict[str, list[GoldSentence]] = {}
    for sentence in gold:
        by_doc.setdefault(sentence.doc, []).append(sentence)
    documents, spans = [], []
    for doc_id, sentences in by_doc.items():
        starts, offset = [], 0
        for sentence in sentences:
            starts.append(offset)
            offset += len(sentence.text) + 1
        text = "\n".join(s.text for s in sentences)
        documents.append(Document(text=text, id=doc_id, published=sentences[0].date, language="en"))
        spans.append(starts)
    scorer = Scorer()
    for coded, sentences, starts in zip(
        coder.code_documents(documents), by_doc.values(), spans, strict=True
    ):
        predicted: list[list[Event]] = [[] for _ in sentences]
        for event in coded.events:
            predicted[_slot(starts, event.evidence_start or 0)].append(event)
        candidates: list[list[str]] = [[] for _ in sentences]
        for position, event_type in coded.candidates:
            candidates[_slot(starts, position)].append(event_type)
        for sentence, events, found in zip(sentences, predicted, candidates, strict=True):
            meta = {"file": path.name, "id": sentence.id, "text": sentence.text}
            scorer.add_sentence(sentence.events, events, found, meta)
    return scorer


def evaluate(
    paths: Sequence[str | Path],
    settings: Settings | None = None,
    errors: str | Path | None = None,
) -> dict[str, Any]:
    """Scores of the coder on gold files: one file's scores, or per file plus ``all``.

    ``errors``: a JSONL file to write every miss and spurious event to (one case a line).
    """
    if not paths:
        raise InputError("evaluate", "give at least one gold JSONL file")
    coder = Coder(settings)
    coder.record_candidates = True
    files: dict[str, dict[str, Any]] = {}
    total = Scorer()
    for raw in paths:
        path = Path(raw)
        scorer = _score_file(path, coder)
        name = path.name if path.name not in files else str(path)
        files[name] = scorer.scores()
        total.merge(scorer)
    if errors is not None:
        _write_cases(Path(errors), total.errors.cases)
    if len(files) == 1:
        return next(iter(files.values()))
    return {"files": files, "all": total.scores()}


def _write_cases(path: Path, cases: list[dict[str, Any]]) -> None:
    lines = "".join(json.dumps(case, ensure_ascii=False) + "\n" for case in cases)
    try:
        path.write_text(lines, encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot write errors file ({exc.strerror})") from exc
