"""What went wrong, sentence by sentence: the error kinds, a type confusion table and candidate
recall, for ``shiftwatch evaluate``.

Each gold event that no predicted event matches (same type, source and target) is put in one
kind, trying the nearest explanation first:

- ``wrong source`` / ``wrong target``: an event of the right type was coded with another source
  (or, same source, another target);
- ``wrong type``: the sentence has an unmatched event of another type (the pair goes into the
  confusion table);
- ``candidate, no event``: a candidate of the gold type was found but yielded no event (usually
  no source could be read);
- ``candidate, wrong type``: only candidates of other types were found;
- ``no candidate``: nothing in the sentence was recognised as a possible event.

Predicted events left over after that are ``spurious``. Candidate recall is the share of gold
events whose sentence has a candidate of the same type family (the four CAMEO quad classes).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from shiftwatch.models import Event
from shiftwatch.ontology import plover_type

KINDS = (
    "wrong source",
    "wrong target",
    "wrong type",
    "candidate, no event",
    "candidate, wrong type",
    "no candidate",
    "spurious",
)
NONE = "(none)"


def family(event_type: str) -> int:
    """The quad class of a PLOVER type (verbal/material cooperation/conflict)."""
    try:
        return plover_type(event_type).quad_class
    except (KeyError, ValueError):
        return 0


@dataclass(slots=True)
class Errors:
    """Counts of error kinds, type confusions and candidate recall over sentences."""

    kinds: Counter = field(default_factory=Counter)
    confusion: Counter = field(default_factory=Counter)  # (gold type, predicted type)
    gold_events: int = 0
    with_candidate: int = 0
    cases: list[dict[str, Any]] = field(default_factory=list)

    def merge(self, other: Errors) -> None:
        self.kinds.update(other.kinds)
        self.confusion.update(other.confusion)
        self.gold_events += other.gold_events
        self.with_candidate += other.with_candidate
        self.cases.extend(other.cases)

    def add_sentence(
        self,
        sentence: dict[str, Any],
        gold: list[dict[str, Any]],
        predicted: list[Event],
        candidates: list[str],
        keys: tuple[list[tuple], list[tuple]],
    ) -> None:
        """Classify one sentence; ``keys`` are the dyad keys of ``gold`` and ``predicted``."""
        gold_keys, predicted_keys = keys
        families = {family(t) for t in candidates}
        self.gold_events += len(gold)
        self.with_candidate += sum(1 for e in gold if family(e["type"]) in families)
        left = list(range(len(predicted)))
        missed = []
        for g, key in enumerate(gold_keys):
            hit = next((p for p in left if predicted_keys[p] == key), None)
            if hit is None:
                missed.append(g)
            else:
                left.remove(hit)
                self.confusion[gold[g]["type"], gold[g]["type"]] += 1
        for g in missed:
            record = gold[g]
            same = [p for p in left if predicted[p].type == record["type"]]
            chosen = same[0] if same else (left[0] if left else None)
            if same:
                source_ok = _sources_agree(gold_keys[g], predicted_keys[same[0]])
                kind = "wrong target" if source_ok else "wrong source"
            elif left:
                kind = "wrong type"
            elif record["type"] in candidates:
                kind = "candidate, no event"
            elif candidates:
                kind = "candidate, wrong type"
            else:
                kind = "no candidate"
            if chosen is not None:
                left.remove(chosen)
            self.kinds[kind] += 1
            predicted_type = predicted[chosen].type if chosen is not None else NONE
            self.confusion[record["type"], predicted_type] += 1
            self._case(sentence, kind, record, predicted[chosen] if chosen is not None else None)
        for p in left:
            self.kinds["spurious"] += 1
            self.confusion[NONE, predicted[p].type] += 1
            self._case(sentence, "spurious", None, predicted[p])

    def _case(
        self,
        sentence: dict[str, Any],
        kind: str,
        gold: dict[str, Any] | None,
        predicted: Event | None,
    ) -> None:
        self.cases.append(
            {
                **sentence,
                "kind": kind,
                "gold": gold,
                "predicted": _event_record(predicted) if predicted is not None else None,
            }
        )

    def scores(self) -> dict[str, Any]:
        recall = self.with_candidate / self.gold_events if self.gold_events else 0.0
        return {
            "candidate_recall": round(recall, 4),
            "errors": {kind: self.kinds[kind] for kind in KINDS},
            "confusion": [
                {"gold": gold, "predicted": predicted, "count": count}
                for (gold, predicted), count in sorted(self.confusion.items())
            ],
        }


def _sources_agree(gold: tuple, predicted: tuple) -> bool:
    """Same source, or (for the unordered types) the same pair member in either slot."""
    return gold[1] == predicted[1] or (gold[1] == predicted[2] and gold[1] != "")


def _event_record(event: Event) -> dict[str, Any]:
    return {
        "type": event.type,
        "source": event.source.code,
        "source_sector": event.source.sector,
        "target": event.target.code if event.target else None,
        "target_sector": event.target.sector if event.target else "",
        "modality": event.modality,
        "cameo": event.cameo,
        "trigger": event.trigger,
    }
