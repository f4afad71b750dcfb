"""Quoted commands are demands by the speaker; rhetorical imperatives are not.

The first case is a real Guardian article from the dev gold (``../shared/eval``), coded as
one document so the speaker's surname resolves through the article.
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


def test_quoted_command_is_a_request_by_the_speaker() -> None:
    events = extract(_article("gdn-0101"))
    commands = [e for e in events if e.type == "REQUEST" and "overburden" in e.sentence]
    assert commands, [(e.type, e.sentence[:60]) for e in events]
    assert commands[0].source.code == "IRQ"
    assert commands[0].modality == "asserted"


@pytest.mark.parametrize(
    "text",
    [
        "“Let us work together for peace,” the French president Emmanuel Macron said.",
        "“Look at what happened in Libya,” Vladimir Putin told reporters.",
        "“We will stop the bombing,” Vladimir Putin told reporters.",
    ],
)
def test_rhetorical_imperatives_and_statements_are_no_demand(text: str) -> None:
    assert not [e for e in extract(text) if e.type == "REQUEST"]
