"""Acts of force between sides the coder used to drop or turn around (issue 16, ASSAULT
recall): co-belligerents named by "with" when the enemy is named by "against", rebels fighting
rebels of the same state, and fights between two sides named as a gerund or with "between" on
the verb. Sentences written for this test."""

from __future__ import annotations

import pytest

from shiftwatch import extract


def coded(text: str) -> set[tuple[str, str, str | None]]:
    return {
        (e.type, f"{e.source.code}.{e.source.sector}", e.target.code if e.target else None)
        for e in extract(text)
    }


@pytest.mark.parametrize(
    "text",
    [
        "Kurdish militants fought with US forces against Islamic State in Syria.",
        "Kurdish militants fought with US forces in the fight against Islamic State in Syria.",
    ],
)
def test_with_names_comrades_when_against_names_the_enemy(text: str) -> None:
    events = coded(text)
    assert ("ASSAULT", "SYR.REB", "ISIS") in events, events
    assert ("ASSAULT", "USA.MIL", "ISIS") in events, events
    assert not any(e[2] == "USA" for e in events), events  # the comrades are no target


def test_with_names_the_enemy_when_nothing_else_does() -> None:
    assert coded("Iraqi troops fought with Islamic State militants in Mosul.") == {
        ("ASSAULT", "IRQ.MIL", "ISIS")
    }


def test_the_enemy_of_the_fight_a_verb_happens_in_is_its_target() -> None:
    events = coded("Syrian rebels fought alongside Turkish troops in the battle against Isis.")
    assert events == {("ASSAULT", "SYR.REB", "ISIS"), ("ASSAULT", "TUR.MIL", "ISIS")}, events


@pytest.mark.parametrize(
    "text",
    [
        "Turkish-backed rebels shelled YPG positions near Afrin.",
        "Syrian rebels are battling the Kurdish militia in Afrin.",
        "The Free Syrian Army shelled positions of the People's Protection Units near Afrin.",
    ],
)
def test_rebels_of_one_state_fight_rebels_of_the_same_state(text: str) -> None:
    assert ("ASSAULT", "SYR.REB", "SYR") in coded(text), coded(text)


def test_a_named_group_acting_on_itself_is_still_no_event() -> None:
    events = coded("Isis fighters executed an Islamic State commander in Raqqa.")
    assert ("ASSAULT", "ISIS.", "ISIS") not in events, events


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Fighting between the SDF and Isis continued in Deir ez-Zor.", ("SYR.REB", "ISIS")),
        ("Clashes broke out between Turkish troops and the YPG in Afrin.", ("TUR.MIL", "SYR")),
    ],
)
def test_a_fight_between_two_sides_is_theirs(text: str, pair: tuple[str, str]) -> None:
    # a gerund the parser reads as a verb ("Fighting ... continued") is the noun "fighting";
    # "between" may hang on the verb the fight is the subject of ("clashes broke out between")
    assert ("ASSAULT", *pair) in coded(text), coded(text)


def test_a_gerund_with_its_own_object_stays_a_verb() -> None:
    events = coded("Fighting Isis in Raqqa cost the SDF hundreds of lives.")
    assert not any(e[2] == "SYR" and e[1] == "ISIS." for e in events), events
