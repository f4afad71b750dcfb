"""Stage "places": a target named only as the place where something is done takes the sector
LOC (``coder/places.py``), so analyses keep acts in a country apart from acts on its state."""

from __future__ import annotations

from shiftwatch import extract


def _targets(text: str, event_type: str) -> list[tuple[str, str, str]]:
    return [
        (e.source.code, e.target.code, e.target.sector)
        for e in extract(text)
        if e.type == event_type and e.target is not None
    ]


def test_a_withdrawal_from_a_country_is_from_its_territory() -> None:
    found = _targets("The US will withdraw its troops from Syria.", "RETREAT")
    assert found == [("USA", "SYR", "LOC")]


def test_a_town_struck_is_a_place() -> None:
    assert _targets("Russian jets bombed Idlib on Sunday.", "ASSAULT") == [("RUS", "SYR", "LOC")]


def test_a_state_given_something_is_the_state() -> None:
    assert _targets("Russia sent aid to Syria.", "AID") == [("RUS", "SYR", "")]


def test_a_sector_word_with_a_verbs_preposition_is_not_that_country_s() -> None:
    """ "withdraw its troops from Syria": "from Syria" is the verb's, so the troops are not
    Syrian; "the government of Iraq" is Iraq's."""
    [event] = [e for e in extract("The government of Iraq protested to Iran.")]
    assert (event.source.code, event.source.sector) == ("IRQ", "GOV")


def test_an_organisation_or_group_is_never_a_place() -> None:
    # "from the EU" or "at the UN" name a body, not a territory: no EU.LOC key
    assert _targets("The UK withdrew from the EU in January.", "RETREAT") == [("GBR", "EU", "")]
    assert _targets("Iraqi forces retook Mosul from Islamic State.", "ASSAULT") == [
        ("IRQ", "ISIS", "")
    ]


def test_ground_taken_from_someone_is_an_act_on_them() -> None:
    assert _targets("The Syrian army reclaimed Albu Kamal from Isis.", "ASSAULT") == [
        ("SYR", "ISIS", "")
    ]
    # "from" naming a place is where, not whom: the place stays a place
    assert _targets("Turkish troops retook the town from Idlib.", "ASSAULT") == [
        ("TUR", "SYR", "LOC")
    ]
