"""Verbal nouns that modify a document noun ("his resignation letter") are events.

Runs the coder over a real Guardian article from the dev gold (``../shared/eval``), joined
as one document so that "his" can find the minister named sentences earlier.
"""

from __future__ import annotations

import json

import pytest

from conftest import shared_path
from shiftwatch import extract


def _article(doc_id: str) -> str:
    gold = shared_path("eval", "dev", "guardian_dev.jsonl")
    records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    return "\n".join(r["text"] for r in records if r["doc"] == doc_id)


def test_resignation_letter_is_a_retreat_by_its_writer() -> None:
    events = extract(_article("gdn-0146"))
    retreats = [
        e
        for e in events
        if e.type == "RETREAT" and e.trigger == "resignation" and "resignation letter" in e.sentence
    ]
    assert retreats, [(e.type, e.trigger) for e in events]
    assert retreats[0].source.code == "USA"


def test_other_compound_nouns_stay_silent() -> None:
    # "aid convoy" names a convoy, not an act of aid.
    events = extract("The Turkish aid convoy waited at the border with Syria for three days.")
    assert not [e for e in events if e.trigger == "aid"]


def test_reaction_to_a_named_act_is_aimed_at_its_doer() -> None:
    # The condemnation names only "the attack"; its doer was named a sentence before.
    events = extract(
        "Russian jets bombed the Syrian province of Idlib on Sunday. Turkey condemned the attack."
    )
    accusations = [e for e in events if e.type == "ACCUSE" and e.source.code == "TUR"]
    assert accusations and accusations[0].target is not None
    assert accusations[0].target.code == "RUS"


def test_reaction_without_an_earlier_act_keeps_no_target() -> None:
    events = extract("Turkey condemned the attack.")
    accusations = [e for e in events if e.type == "ACCUSE"]
    assert all(e.target is None for e in accusations)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Iranian foreign minister Javad Zarif left office on Monday.", "IRN"),
        ("The US envoy James Jeffrey left his post in December.", "USA"),
    ],
)
def test_leaving_a_post_is_a_resignation(text: str, code: str) -> None:
    retreats = [e for e in extract(text) if e.type == "RETREAT"]
    assert retreats and retreats[0].source.code == code


def test_leaving_a_place_is_no_resignation() -> None:
    events = extract("The Iranian foreign minister Javad Zarif left Vienna on Monday.")
    assert not [e for e in events if e.type == "RETREAT" and e.trigger == "left"]
