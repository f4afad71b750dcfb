"""Parties of event nouns: who gives the help an act is done with, and whom it helps."""

from __future__ import annotations

from shiftwatch import extract


def _events(text: str) -> list[tuple[str, str, str | None]]:
    return [(e.type, e.source.code, e.target.code if e.target else None) for e in extract(text)]


def test_help_an_act_is_done_with_goes_to_its_doer() -> None:
    found = _events("Turkey invaded the enclave with the aid of Syrian rebels.")
    assert ("AID", "SYR", "TUR") in found


def test_support_from_a_state_goes_to_the_doer_of_the_act() -> None:
    found = _events("The Syrian army advanced on the town with support from Russian jets.")
    assert ("AID", "RUS", "SYR") in found


def test_help_that_is_no_means_of_an_act_has_no_helped_doer() -> None:
    found = _events("Turkey asked for the help of Syrian rebels.")
    assert not [e for e in found if e[0] == "AID" and e[2] == "TUR"]
