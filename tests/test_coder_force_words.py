"""Acts of force the coder dropped or left without a target (issue 16, ASSAULT recall): an
insurgency waged against a state is an act of force on that state (the `insurgency` row of
coder/lexicon/nouns.tsv); the subject of a reporting verb is the patient of the passive it
reports ("soldiers are reported to have been killed by X": coder/triggers.object_of).
Sentences written for this test."""

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
        "Ankara says the PKK has waged an insurgency against the Turkish state for decades.",
        "Ankara says the PKK has waged an insurgency on Turkish soil since 1984.",
    ],
)
def test_an_insurgency_waged_is_an_attack_on_the_state(text: str) -> None:
    assert ("ASSAULT", "TUR.REB", "TUR") in coded(text), coded(text)


def test_an_insurgency_only_named_is_no_act() -> None:
    text = "The insurgency in south-eastern Turkey worries European governments."
    assert not any(e[0] == "ASSAULT" for e in coded(text)), coded(text)


@pytest.mark.parametrize(
    "text",
    [
        "Two Turkish soldiers are reported to have been killed by Kurdish militants.",
        "Two Turkish soldiers were believed to have been killed by Kurdish militants.",
    ],
)
def test_the_subject_of_a_reporting_passive_is_the_patient(text: str) -> None:
    assert ("ASSAULT", "TUR.REB", "TUR") in coded(text), coded(text)
