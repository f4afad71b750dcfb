"""Score the event-date stage on real Guardian sentences: share dated exactly as a reader does.

``python scripts/event_dates_accuracy.py`` reads ``tests/fixtures/event_dates_gold.tsv``
(article row, trigger offset, trigger word, the reader's date and precision), finds each
trigger in ``../shared/data/guardian_sdf_sample.csv`` at run time (the news text is never
copied into the repository), dates it with :func:`shiftwatch.coder.event_dates.event_date`
and prints the accuracy and every miss. A date counts when both the precision and the first
day of the named period agree.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "fixtures" / "event_dates_gold.tsv"
HELD_OUT = REPO / "tests" / "fixtures" / "event_dates_heldout.tsv"
CSV = REPO.parent / "shared" / "data" / "guardian_sdf_sample.csv"


@dataclass(frozen=True)
class Result:
    row: str
    trigger: str
    expected: tuple[date, str]
    got: tuple[date | None, str]
    cue: str

    @property
    def exact(self) -> bool:
        return self.expected == self.got


def read_gold(path: Path = GOLD) -> list[dict[str, str]]:
    lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def score(nlp: Any, gold_path: Path = GOLD, csv_path: Path = CSV) -> list[Result]:
    """Date every gold trigger in its article; raises if a locator no longer fits the text."""
    from shiftwatch.coder.event_dates import event_date
    from shiftwatch.coder.modality import modality
    from shiftwatch.coder.sentences import split_sentences

    csv.field_size_limit(sys.maxsize)
    gold = read_gold(gold_path)
    wanted = {item["row"] for item in gold}
    with csv_path.open(encoding="utf-8", newline="") as handle:
        articles = {row[""]: row for row in csv.DictReader(handle) if row[""] in wanted}
    ids = sorted(wanted, key=int)
    parsed = dict(zip(ids, nlp.pipe(articles[i]["text"] for i in ids), strict=True))
    results = []
    for item in gold:
        doc = parsed[item["row"]]
        token = next((t for t in doc if t.idx == int(item["offset"])), None)
        if token is None or token.text != item["trigger"]:
            raise ValueError(f"row {item['row']}: no {item['trigger']!r} at {item['offset']}")
        sentence = next(s for s in split_sentences(doc) if s.start <= token.i < s.end)
        published = date.fromisoformat(articles[item["row"]]["date"])
        # as in the coder: a planned act ("will meet on Wednesday") is dated forward
        when = event_date(token, sentence, published, future=modality(token) == "future")
        results.append(
            Result(
                item["row"],
                item["trigger"],
                (date.fromisoformat(item["date"]), item["precision"]),
                (when.date, when.precision),
                item["cue"],
            )
        )
    return results


def main() -> int:
    from shiftwatch.nlp import load_pipeline

    if not CSV.exists():
        print(f"{CSV} not found", file=sys.stderr)
        return 2
    for name, path in (("development set", GOLD), ("held-out set", HELD_OUT)):
        results = score(load_pipeline(), path)
        for result in results:
            if not result.exact:
                print(
                    f"miss row {result.row} {result.trigger!r} ({result.cue}): expected "
                    f"{result.expected[0]} {result.expected[1]}, "
                    f"got {result.got[0]} {result.got[1]}"
                )
        exact = sum(result.exact for result in results)
        print(
            f"event dates, {name}: {exact}/{len(results)} exact at the stated precision "
            f"({exact / len(results):.1%})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
