"""Kinds of expression that had no candidate (issue 16, item 1: candidates with high recall),
each covered by one mechanism whose words live in ``coder/lexicon``; sentences written for
this test."""

from __future__ import annotations

import pytest

from shiftwatch import extract
from shiftwatch.coder import Coder
from shiftwatch.models import Document


def coded(text: str) -> list[tuple[str, str, str | None]]:
    return [(e.type, e.source.code, e.target.code if e.target else None) for e in extract(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia drew down its military presence in Syria.", ("RETREAT", "RUS", "SYR")),
        ("Washington reduced its troops in Iraq.", ("RETREAT", "USA", "IRQ")),
    ],
)
def test_drawing_down_a_military_presence_is_a_withdrawal(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in coded(text), coded(text)


def test_manning_checkpoints_restricts_movement() -> None:
    assert ("COERCE", "TUR", "SYR") in coded("Turkish troops manned checkpoints in Afrin.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Turkey's justification is that the Kurdish YPG militias are terrorists.",
            ("ACCUSE", "TUR", "SYR"),
        ),
        (
            "Human Rights Watch said the Egyptian government lacked legitimacy.",
            ("ACCUSE", "NGO", "EGY"),
        ),
    ],
)
def test_a_stance_noun_or_finding_another_wanting_is_an_accusation(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in coded(text), coded(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("France held the Syrian regime responsible for the attack.", ("ACCUSE", "FRA", "SYR")),
        ("Britain holds Moscow accountable for the poisoning.", ("ACCUSE", "GBR", "RUS")),
        ("Amnesty said Assad's forces had carried out war crimes.", ("ACCUSE", "NGO", "SYR")),
        (
            "Russia has been complicit in the regime's crimes, France said.",
            ("ACCUSE", "FRA", "RUS"),
        ),
    ],
)
def test_holding_another_to_blame_or_saying_it_committed_a_wrong_is_an_accusation(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in coded(text), coded(text)


def test_hitting_out_at_another_is_criticism() -> None:
    assert ("ACCUSE", "TUR", "USA") in coded("Erdogan hit out at the United States over Syria.")


def test_carrying_out_talks_is_no_wrong() -> None:
    events = coded("The UN said Russia carried out the talks in good faith.")
    assert "ACCUSE" not in [e[0] for e in events], events


def test_a_stance_that_blames_nobody_is_no_accusation() -> None:
    events = coded("Russia's position is that the talks in Geneva will resume.")
    assert "ACCUSE" not in [e[0] for e in events], events


def test_candidate_recall_counts_what_the_speech_stages_find() -> None:
    coder = Coder()
    coder.record_candidates = True
    text = "Britain said Russia was behind the attack on Salisbury."
    found = coder.code_document(Document(text=text, id="t", language="en")).candidates
    assert (text.index("said"), "ACCUSE") in found, found


def test_candidate_recall_counts_a_trigger_typed_otherwise_in_context() -> None:
    coder = Coder()
    coder.record_candidates = True
    text = "Isis vowed to attack the Syrian army."
    found = coder.code_document(Document(text=text, id="t", language="en")).candidates
    assert (text.index("vowed"), "THREATEN") in found, found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iraqi forces pushed Islamic State out of the city.", ("ASSAULT", "IRQ", "ISIS")),
        ("Turkish troops took back the town from the Kurdish militia.", ("ASSAULT", "TUR", None)),
        ("Turkish forces laid waste to Afrin.", ("ASSAULT", "TUR", "SYR")),
        ("Russian jets rained bombs on Aleppo.", ("ASSAULT", "RUS", "SYR")),
        ("Islamic State fighters torched the village.", ("ASSAULT", "ISIS", None)),
    ],
)
def test_driving_out_retaking_and_destroying_are_force(
    text: str, expected: tuple[str, str, str | None]
) -> None:
    assert expected[:2] in [e[:2] for e in coded(text)], coded(text)


def test_repression_of_people_is_coercion() -> None:
    text = "Human Rights Watch condemned the Egyptian government's repression of protesters."
    assert ("COERCE", "EGY") in [e[:2] for e in coded(text)], coded(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The UN described the bombing of Ghouta by Russia as a war crime.",
            ("ACCUSE", "UN", "RUS"),
        ),
        (
            "Russia's bombing of hospitals amounts to war crimes, Britain said.",
            ("ACCUSE", "GBR", "RUS"),
        ),
        (
            "Britain said the Russian airstrikes on Idlib could constitute war crimes.",
            ("ACCUSE", "GBR", "RUS"),
        ),
        (
            "The UN said the siege of Ghouta by the Syrian regime was illegal.",
            ("ACCUSE", "UN", "SYR"),
        ),
    ],
)
def test_naming_an_act_a_wrong_accuses_its_doer(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in coded(text), coded(text)


def test_an_act_amounting_to_no_wrong_accuses_nobody() -> None:
    events = coded("The deal amounts to a victory for Iran, Israel said.")
    assert "ACCUSE" not in [e[0] for e in events], events


def test_saying_another_is_to_blame_accuses_it_and_it_blames_nobody() -> None:
    events = coded("Britain said Russia was to blame for the attack.")
    assert [e for e in events if e[0] == "ACCUSE"] == [("ACCUSE", "GBR", "RUS")], events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Britain said Russia had violated the ceasefire.", ("ACCUSE", "GBR", "RUS")),
        ("The US said Iran had breached the nuclear deal.", ("ACCUSE", "USA", "IRN")),
        ("Russia said the attack was staged by the United States.", ("ACCUSE", "RUS", "USA")),
    ],
)
def test_saying_another_did_a_wrong_is_an_accusation(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in coded(text), coded(text)


def test_saying_another_did_no_wrong_accuses_nobody() -> None:
    events = coded("Britain said Russia had not violated the ceasefire.")
    assert "ACCUSE" not in [e[0] for e in events], events


def test_holding_off_an_army_is_fighting_it_not_detaining_it() -> None:
    events = coded("The YPG held off Turkish troops near Afrin.")
    assert [e[:2] for e in events] == [("ASSAULT", "SYR")], events


def test_an_inquiry_into_an_act_investigates_its_doer() -> None:
    events = coded("The UN opened an inquiry into the Russian airstrikes.")
    assert ("ACCUSE", "UN", "RUS") in events, events
