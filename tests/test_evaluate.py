"""The evaluator: its arithmetic on small gold files we write, its errors, and its shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shiftwatch.errors import InputError
from shiftwatch.evaluate import Scorer, dyad_key, evaluate, read_gold
from shiftwatch.models import ActorRef, Event


def gold_line(id_: str, doc: str, text: str, events: list[dict]) -> str:
    return json.dumps({"id": id_, "doc": doc, "date": "2019-03-14", "text": text, "events": events})


def gold_event(type_: str, source: str, target: str | None, modality: str = "asserted") -> dict:
    return {
        "type": type_,
        "mode": "",
        "source": source,
        "target": target,
        "source_sector": "",
        "target_sector": "",
        "modality": modality,
    }


def predicted(type_: str, source: str, target: str | None, modality: str = "asserted") -> Event:
    return Event(
        doc_id="d",
        sentence_idx=0,
        sentence="s",
        date=None,
        source=ActorRef(source),
        target=ActorRef(target) if target else None,
        type=type_,
        modality=modality,
    )


def test_dyad_key_is_unordered_only_for_symmetric_types() -> None:
    assert dyad_key("CONSULT", "USA", "IRQ") == dyad_key("CONSULT", "IRQ", "USA")
    assert dyad_key("AGREE", "TUR", "RUS") == dyad_key("AGREE", "RUS", "TUR")
    assert dyad_key("ASSAULT", "RUS", "UKR") != dyad_key("ASSAULT", "UKR", "RUS")
    assert dyad_key("RETREAT", "USA", None) == ("RETREAT", "USA", "")


def test_scorer_counts_multisets_and_modality() -> None:
    scorer = Scorer()
    scorer.add_sentence(
        [
            gold_event("ASSAULT", "RUS", "UKR"),
            gold_event("ASSAULT", "RUS", "UKR", "alleged"),
            gold_event("CONSULT", "USA", "IRQ"),
        ],
        [
            predicted("ASSAULT", "RUS", "UKR"),
            predicted("CONSULT", "IRQ", "USA"),
            predicted("AID", "USA", "IRQ"),
        ],
    )
    scorer.add_sentence([], [predicted("ASSAULT", "SYR", "ISIS")])
    scorer.add_sentence([gold_event("REQUEST", "IRQ", "USA")], [])
    scores = scorer.scores()
    assert scores["sentences"] == 3
    assert scores["presence"] | {} == {
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "tp": 1,
        "fp": 1,
        "fn": 1,
    }
    assert (scores["type"]["tp"], scores["type"]["fp"], scores["type"]["fn"]) == (2, 2, 2)
    assert (scores["dyad"]["tp"], scores["dyad"]["fp"], scores["dyad"]["fn"]) == (2, 2, 2)
    assert scores["modality_counts"] == {"matched": 2, "correct": 2}
    assert scores["modality_accuracy"] == 1.0
    assert scores["per_type"]["ASSAULT"]["tp"] == 1
    assert scores["per_type"]["ASSAULT"]["fn"] == 1
    assert scores["per_type"]["AID"]["fp"] == 1


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_evaluate_one_file_is_the_scores_object(tmp_path: Path) -> None:
    path = write(
        tmp_path / "gold.jsonl",
        [
            gold_line(
                "a-s0",
                "a",
                "Russia attacked Ukraine on Monday.",
                [gold_event("ASSAULT", "RUS", "UKR")],
            ),
            gold_line("a-s1", "a", "The weather was mild.", []),
            gold_line(
                "b-s0", "b", "China held talks with Russia.", [gold_event("CONSULT", "RUS", "CHN")]
            ),
        ],
    )
    scores = evaluate([path])
    for key in ("presence", "type", "dyad"):
        assert set(scores[key]) >= {"precision", "recall", "f1", "tp", "fp", "fn"}
    assert scores["sentences"] == 3
    assert scores["dyad"]["f1"] == 1.0
    assert scores["presence"]["tp"] == 2
    assert scores["modality_accuracy"] == 1.0
    assert set(scores["per_type"]) == {"ASSAULT", "CONSULT"}


def test_evaluate_several_files_has_files_and_all(tmp_path: Path) -> None:
    first = write(
        tmp_path / "one.jsonl",
        [gold_line("a-s0", "a", "Russia attacked Ukraine.", [gold_event("ASSAULT", "RUS", "UKR")])],
    )
    second = write(tmp_path / "two.jsonl", [gold_line("b-s0", "b", "It rained in Paris.", [])])
    scores = evaluate([first, second])
    assert set(scores) == {"files", "all"}
    assert set(scores["files"]) == {"one.jsonl", "two.jsonl"}
    assert scores["all"]["sentences"] == 2
    assert scores["files"]["two.jsonl"]["presence"]["fp"] == 0


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "must be a JSON object"),
        ('{"id": "x", "doc": "d", "text": "t"}', "missing field 'events'"),
        ('{"id": "x", "doc": "d", "text": "t", "events": [{"type": "AID"}]}', "'source'"),
        ('{"id": "x", "doc": "d", "text": "t", "date": "14/03/2019", "events": []}', "YYYY-MM-DD"),
    ],
)
def test_bad_gold_lines_name_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    path = write(tmp_path / "bad.jsonl", [gold_line("ok", "d", "Fine.", []), line])
    with pytest.raises(InputError, match=problem) as info:
        read_gold(path)
    assert f"{path}:2" in str(info.value)


def test_missing_gold_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read gold file"):
        evaluate([tmp_path / "absent.jsonl"])


def test_error_kinds_and_confusion_per_sentence() -> None:
    scorer = Scorer()
    scorer.add_sentence(
        [gold_event("ASSAULT", "RUS", "UKR"), gold_event("ACCUSE", "UKR", "RUS")],
        [predicted("ASSAULT", "RUS", "POL"), predicted("CONSULT", "UKR", "RUS")],
        candidates=["ASSAULT", "CONSULT"],
    )
    scorer.add_sentence([gold_event("AID", "USA", "UKR")], [], candidates=["AID"])
    scorer.add_sentence([gold_event("SANCTION", "USA", "IRN")], [], candidates=["ASSAULT"])
    scorer.add_sentence([gold_event("REQUEST", "USA", "IRN")], [], candidates=[])
    scorer.add_sentence([], [predicted("COERCE", "TUR", "SYR")], candidates=["COERCE"])
    scores = scorer.scores()
    assert scores["errors"] == {
        "wrong source": 0,
        "wrong target": 1,
        "wrong type": 1,
        "candidate, no event": 1,
        "candidate, wrong type": 1,
        "no candidate": 1,
        "spurious": 1,
    }
    confusion = {(c["gold"], c["predicted"]): c["count"] for c in scores["confusion"]}
    assert confusion[("ACCUSE", "CONSULT")] == 1
    assert confusion[("ASSAULT", "ASSAULT")] == 1  # right type, wrong target
    assert confusion[("(none)", "COERCE")] == 1
    # ACCUSE (verbal conflict) has no candidate of its family; SANCTION's is ASSAULT's family
    assert scores["candidate_recall"] == 0.6  # 3 of 5 gold events


def test_errors_file_lists_the_cases(tmp_path: Path) -> None:
    path = write(
        tmp_path / "gold.jsonl",
        [gold_line("a-s0", "a", "The weather was mild.", [gold_event("AID", "USA", "UKR")])],
    )
    out = tmp_path / "errors.jsonl"
    scores = evaluate([path], errors=out)
    cases = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(c["id"], c["kind"], c["gold"]["type"]) for c in cases] == [
        ("a-s0", "no candidate", "AID")
    ]
    assert scores["candidate_recall"] == 0.0
