"""Actor names the coder depends on: dotted acronyms and development agencies.

Read from real gold sentences in ``../shared/eval`` at run time, so the check is on the
spelling real wires use ("U.N. helicopters", "(DfID)"), not on strings we made up.
"""

from __future__ import annotations

import json

import pytest

from conftest import shared_path
from shiftwatch.actors import ActorResolver, load_knowledge_base


def _sentence(relative: str, sentence_id: str) -> str:
    path = shared_path("eval", relative)
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == sentence_id:
            return str(record["text"])
    pytest.fail(f"{sentence_id} not in {path}")


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver(load_knowledge_base())


def _found(resolver: ActorResolver, text: str) -> dict[str, tuple[str, str]]:
    return {m.text: (m.code, m.sector) for m in resolver.resolve_text(text)}


def test_dotted_un_with_a_sector_word_is_the_un(resolver: ActorResolver) -> None:
    text = _sentence("plover_gsr/gsr_dev.jsonl", "gsr-aid-0007")
    found = _found(resolver, text)
    assert found.get("U.N. helicopters") == ("UN", "MIL")


def test_uk_development_department_is_the_british_government(resolver: ActorResolver) -> None:
    text = _sentence("dev/guardian_dev.jsonl", "gdn-0031-s00")
    found = _found(resolver, text)
    assert found.get("DfID") == ("GBR", "GOV")
    assert found.get("Department for International Development") == ("GBR", "GOV")


def test_dotted_acronyms_and_usaid(resolver: ActorResolver) -> None:
    found = _found(resolver, "The U.N. and the E.U. thanked USAID for the grant.")
    assert found.get("U.N.") == ("UN", "")
    assert found.get("E.U.") == ("EU", "")
    assert found.get("USAID") == ("USA", "GOV")
