"""Doers a clause borrows when the parse gives it none naming an actor
(``coder/borrowed_doers.py``): the doer of the act noun it hangs on, the actor an appositive
renames, the forces a passive deployment sends. Sentences written for this test."""

from __future__ import annotations

from shiftwatch import extract
from shiftwatch.coder.borrowed_doers import STRATEGIES


def _sources(text: str, event_type: str, trigger: str) -> list[str]:
    return [e.source.code for e in extract(text) if e.type == event_type and e.trigger == trigger]


def test_the_strategies_are_named_in_order() -> None:
    assert [name for name, _ in STRATEGIES] == ["act_noun", "renamed", "sent_forces"]


def test_a_relative_clause_on_an_act_takes_the_acts_doer() -> None:
    text = "Putin waged brutal campaigns that targeted civilians in Chechnya."
    assert _sources(text, "ASSAULT", "targeted") == ["RUS"]


def test_an_undertaking_takes_its_owner() -> None:
    text = "Moscow will press on in its efforts to drive the Chechen rebels out of Grozny."
    assert _sources(text, "ASSAULT", "drive") == ["RUS"]


def test_an_apposition_takes_the_actor_written_before_it() -> None:
    text = (
        "But Turkey considers the YPG the local arm of the Kurdistan Workers\u2019 party (PKK), "
        "an outlawed militant group that has fought a bloody war against Ankara."
    )
    assert _sources(text, "ASSAULT", "fought") == ["TUR"]
    found = [e for e in extract(text) if e.trigger == "fought"]
    assert found and found[0].source.sector == "REB"


def test_an_infinitive_on_a_person_is_no_relative_clause() -> None:
    text = (
        "Mike Pompeo, the chief envoy for the international coalition to defeat Isis, was "
        "expected to step down on Monday."
    )
    assert _sources(text, "ASSAULT", "defeat") == []


def test_forces_sent_to_attack_do_the_attack() -> None:
    text = "Turkish troops were sent to attack the Kurdish militia in Afrin."
    assert _sources(text, "ASSAULT", "attack") == ["TUR"]
