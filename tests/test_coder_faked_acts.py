"""An act of force said to be staged or fabricated is no act, only what the claim is about; the
claim is the speaker's accusation (``coder/blames.faked``, ``code_blame``). Sentences written for
these tests."""

from __future__ import annotations

from shiftwatch import extract


def _events(text: str) -> list[tuple[str, str, str | None]]:
    return [(e.type, e.source.code, e.target.code if e.target else None) for e in extract(text)]


def test_a_staged_attack_is_no_attack_but_an_accusation_of_its_stager() -> None:
    found = _events("Iran insisted the bombing was staged by Kurdish rebels in Iraq.")
    assert not [e for e in found if e[0] == "ASSAULT"], found
    assert ("ACCUSE", "IRN", "IRQ") in found, found


def test_a_claim_of_fabrication_blaming_nobody_named_is_an_accusation_without_target() -> None:
    found = _events("Official Egyptian claims that the shootings were fabricated were dismissed.")
    assert not [e for e in found if e[0] == "ASSAULT"], found
    assert ("ACCUSE", "EGY", None) in found, found


def test_a_staged_attack_named_by_a_modifier_is_no_attack() -> None:
    found = _events("Iran warned of a staged chemical attack by Kurdish rebels in Iraq.")
    assert not [e for e in found if e[0] == "ASSAULT"], found
