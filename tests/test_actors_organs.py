"""State organs named without their state ("government troops", "regime forces") are the
article's focus state's (``actors/data/state_organs.tsv``, ``actors/coref.py``)."""

from __future__ import annotations

from shiftwatch import extract

SYRIA = "The war in Syria entered its eighth year on Monday, as Syria's neighbours watched. "


def _sources(text: str) -> list[tuple[str, str]]:
    return [(e.source.code, e.source.sector) for e in extract(text) if e.sentence_idx == 1]


def test_government_troops_are_the_focus_states_military() -> None:
    assert ("SYR", "MIL") in _sources(SYRIA + "Government troops shelled Douma.")
    assert ("SYR", "MIL") in _sources(SYRIA + "Regime forces shelled Douma.")


def test_a_named_states_forces_stay_that_states() -> None:
    found = _sources(SYRIA + "Turkish government forces shelled Afrin.")
    assert ("SYR", "MIL") not in found


def test_without_a_focus_state_nothing_is_guessed() -> None:
    text = "Iraq and Syria held talks. Government troops shelled the town."
    assert not _sources(text)


def test_forces_owned_by_someone_unknown_are_not_guessed() -> None:
    text = SYRIA + "Soviet NKVD security forces murdered the officers in 1940."
    assert ("SYR", "COP") not in _sources(text)
