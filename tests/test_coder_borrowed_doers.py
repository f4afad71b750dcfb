"""Doers a clause borrows when the parse gives it none naming an actor
(``coder/borrowed_doers.py``): the doer of the act noun it hangs on, the actor an appositive
renames, the forces a passive deployment sends."""

from __future__ import annotations

from shiftwatch import extract
from shiftwatch.coder.borrowed_doers import STRATEGIES


def _sources(text: str, event_type: str, trigger: str) -> list[str]:
    return [e.source.code for e in extract(text) if e.type == event_type and e.trigger == trigger]


def test_the_strategies_are_named_in_order() -> None:
    assert [name for name, _ in STRATEGIES] == ["act_noun", "renamed", "sent_forces"]


def test_a_relative_clause_on_an_act_takes_the_acts_doer() -> None:
    text = (
        "First up is the Russian president, Vladimir Putin, who began \u201cengagements\u201d in "
        "Syria in 2015 \u2013 relentless campaigns that targeted civilians."
    )
    assert _sources(text, "ASSAULT", "targeted") == ["RUS"]


def test_an_undertaking_takes_its_owner() -> None:
    text = "Ankara can press ahead with its attempts to drive the Syrian Kurds out of Afrin."
    assert _sources(text, "ASSAULT", "drive") == ["TUR"]


def test_an_apposition_takes_the_actor_written_before_it() -> None:
    text = (
        "But Turkey considers the YPG the Syrian wing of the Kurdistan Workers\u2019 party "
        "(PKK), a designated terror group that has fought a decades-long insurgency against the "
        "Turkish state."
    )
    assert _sources(text, "ASSAULT", "fought") == ["TUR"]
    found = [e for e in extract(text) if e.trigger == "fought"]
    assert found and found[0].source.sector == "REB"


def test_an_infinitive_on_a_person_is_no_relative_clause() -> None:
    text = (
        "Brett McGurk, the special envoy for the global coalition to defeat Isis, was reported "
        "to have handed in his resignation on Friday."
    )
    assert _sources(text, "ASSAULT", "defeat") == []


def test_forces_sent_to_attack_do_the_attack() -> None:
    text = "Turkish troops were sent to attack the Kurdish militia in Afrin."
    assert _sources(text, "ASSAULT", "attack") == ["TUR"]
