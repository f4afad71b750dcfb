"""The resolver over every Guardian article and the seed: no crash, and every state named by
its full name is found, except where the guidelines say the name is not the actor."""

from __future__ import annotations

import csv
import itertools
import re

import pytest

from conftest import shared_path
from shiftwatch.actors import ActorResolver, Mention, load_knowledge_base
from shiftwatch.nlp import load_pipeline

# "Turkey-backed", "anti-Iran", "Australia-based": the state is a sponsor, an object or an origin.
NOT_ACTOR = re.compile(r"^-[a-z]")
NOT_ACTOR_BEFORE = re.compile(r"\b(pro|anti|non|post|pre|ex)-$", re.IGNORECASE)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def corpus() -> list[str]:
    csv.field_size_limit(10**9)
    with shared_path("data", "guardian_sdf_sample.csv").open(encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    assert len(texts) == 249
    seed = shared_path("seeds", "000_216a2d48f8b56b51.txt")
    return [*texts, seed.read_text(encoding="utf-8")]


@pytest.fixture(scope="session")
def resolved(corpus: list[str]) -> list[list[Mention]]:
    resolver = ActorResolver(load_knowledge_base())
    docs = load_pipeline().pipe(corpus, batch_size=32)
    return [resolver.resolve(doc, when=None) for doc in docs]


def full_names() -> dict[str, str]:
    """Full and official names of states that need no context to decide (not "Georgia")."""
    kb = load_knowledge_base()
    names = {}
    for state in kb.states.values():
        if state.status == "dependency":
            continue
        for name in filter(None, (state.name, state.official_name)):
            entries = kb.lookup(name)
            if {e.code for e in entries} == {state.code} and not any(
                e.flags & {"ambiguous", "person"} for e in entries
            ):
                names[name] = state.code
    return names


def test_every_full_state_name_is_found(corpus: list[str], resolved: list[list[Mention]]) -> None:
    names = full_names()
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(names, key=len)[::-1])) + r")\b")
    missed, checked = [], 0
    for number, (text, mentions) in enumerate(zip(corpus, resolved, strict=True)):
        for match in pattern.finditer(text):
            if NOT_ACTOR.match(text[match.end() :]) or NOT_ACTOR_BEFORE.search(
                text[: match.start()]
            ):
                continue
            checked += 1
            covering = [m for m in mentions if m.start_char <= match.start() < m.end_char]
            # found as itself, or inside a longer name ("Port of Spain", "Syria Civil Defence")
            if not any(
                m.code == names[match.group(1)] or len(m.text) > len(match.group(1))
                for m in covering
            ):
                missed.append((number, text[max(0, match.start() - 40) : match.end() + 20]))
    assert checked > 2000
    assert missed == [], missed[:10]


def test_no_article_naming_a_state_comes_back_empty(
    corpus: list[str], resolved: list[list[Mention]]
) -> None:
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, full_names())) + r")\b")
    empty = [
        n
        for n, (text, ms) in enumerate(zip(corpus, resolved, strict=True))
        if pattern.search(text) and not ms
    ]
    assert empty == []


def test_mentions_are_ordered_and_disjoint(
    corpus: list[str], resolved: list[list[Mention]]
) -> None:
    for text, mentions in zip(corpus, resolved, strict=True):
        for first, second in itertools.pairwise(mentions):
            assert first.end_char <= second.start_char
        for m in mentions:
            assert text[m.start_char : m.end_char] == m.text
            assert m.code


def test_the_seed_is_about_north_korea_and_russia(resolved: list[list[Mention]]) -> None:
    seed = resolved[-1]
    found = {m.code for m in seed}
    assert {"PRK", "RUS", "CHN", "USA", "UKR"} <= found
    assert any(m.text == "Kim Jong Un" and m.code == "PRK" for m in seed)
