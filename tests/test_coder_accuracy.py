"""Accuracy floors: the evaluator on the gold files (dev, train, dev2, gsr) must not fall below
``tests/accuracy_floors.json`` (the coder's achieved scores minus a small margin)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import shared_path
from shiftwatch.evaluate import evaluate

FLOORS = Path(__file__).resolve().parent / "accuracy_floors.json"
GOLD = {
    "guardian_dev.jsonl": ("eval", "dev", "guardian_dev.jsonl"),
    "gsr_dev.jsonl": ("eval", "plover_gsr", "gsr_dev.jsonl"),
    "guardian_train.jsonl": ("eval", "train", "guardian_train.jsonl"),
    "guardian_dev2.jsonl": ("eval", "dev2", "guardian_dev2.jsonl"),
}


@pytest.fixture(scope="module")
def scores() -> dict:
    return evaluate([shared_path(*parts) for parts in GOLD.values()])


def measured(file_scores: dict, name: str) -> float:
    if name == "modality_accuracy":
        return file_scores[name]
    return file_scores[name.removesuffix("_f1")]["f1"]


@pytest.mark.slow
@pytest.mark.parametrize("gold", sorted(GOLD))
def test_scores_stay_above_their_floors(scores: dict, gold: str) -> None:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))[gold]
    file_scores = scores["files"][gold]
    below = {
        name: (measured(file_scores, name), floor)
        for name, floor in floors.items()
        if measured(file_scores, name) < floor
    }
    assert not below, f"{gold}: scores below their floors (measured, floor): {below}"
