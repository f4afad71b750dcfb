"""People the knowledge base cannot name, placed in a state (``coder/local_doers.py``): doers
are not placed in the state their act is aimed at; victims are where the act is placed, else in
the one state the sentence names."""

from __future__ import annotations

from shiftwatch import extract


def _victims(text: str) -> list[tuple[int, str, str | None]]:
    return [
        (e.sentence_idx, e.source.code, f"{e.target.code}.{e.target.sector}" if e.target else None)
        for e in extract(text)
        if e.type == "ASSAULT"
    ]


def test_victims_of_an_army_at_home_stay_in_its_state() -> None:
    found = _victims("The Chadian army killed nine villagers on Tuesday.")
    assert (0, "TCD", "TCD.CVL") in found, found


def test_victims_where_the_act_is_placed_keep_that_place() -> None:
    found = _victims("French helicopters killed nine villagers in Mali on Tuesday.")
    assert (0, "FRA", "MLI.CVL") in found, found


def _doers(text: str) -> list[str]:
    return [f"{e.source.code}.{e.source.sector}" for e in extract(text)]


def test_the_state_an_act_is_aimed_at_is_not_its_doers_home() -> None:
    found = _doers("Demonstrators smashed the windows of the Danish consulate.")
    assert "DNK.CVL" not in found, found


def test_doers_placed_where_they_act_may_still_oppose_their_own_state() -> None:
    found = _doers("Students in Lahore denounced the Pakistani government on Friday.")
    assert "PAK.CVL" in found, found
