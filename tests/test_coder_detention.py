"""Holding prisoners named by the place they are kept in (``coder/detention.py``): COERCE from
the holder to the detainees (GUIDELINES, clarification 3), only when a holder is named."""

from __future__ import annotations

import pytest

from shiftwatch import extract


def _held(text: str) -> set[tuple[str, str | None]]:
    return {
        (e.source.code, e.target.code if e.target else None)
        for e in extract(text)
        if e.type == "COERCE"
    }


@pytest.mark.parametrize(
    ("text", "dyad"),
    [
        (
            "Hundreds of Isis suspects are in the custody of the Syrian Democratic Forces.",
            ("SYR", "ISIS"),
        ),
        ("Thousands of Isis fighters are in SDF prisons.", ("SYR", "ISIS")),
        ("Two Britons remain in a jail run by Isis.", ("ISIS", "GBR")),
    ],
)
def test_the_holder_of_the_place_holds_the_clauses_subject(
    text: str, dyad: tuple[str, str]
) -> None:
    assert dyad in _held(text)


def test_a_holder_named_in_a_list_of_modifiers_holds_too() -> None:
    text = "Four British men are believed to be held in Kurdish-run and US-run prisons in Syria."
    assert ("USA", "GBR") in _held(text)


@pytest.mark.parametrize(
    "text",
    [
        "He spent two years in prison.",  # nobody named as holder
        "The two men are now in US custody.",  # nobody named as held
        "Russia's prisons are full.",  # nobody in them
        "Shamima Begum is in a camp run by the SDF.",  # a camp is no place of detention
    ],
)
def test_no_holder_or_no_place_of_detention_is_no_event(text: str) -> None:
    assert not _held(text)
