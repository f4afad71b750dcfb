"""Kinds of error a user met on real news (issue 16), each fixed as a kind, on sentences written
for this test: promises are not also the promised act, vows of harm are threats, leaving a
treaty is a SANCTION, a state's protest is an ACCUSE."""

from __future__ import annotations

import pytest

from shiftwatch import extract


def coded(text: str) -> list[tuple[str, str, str | None, str]]:
    return [
        (e.type, e.source.code, e.target.code if e.target else None, e.modality)
        for e in extract(text)
    ]


@pytest.mark.parametrize(
    "text",
    ["China pledged food aid to North Korea.", "Japan promised economic assistance to Ukraine."],
)
def test_a_pledge_is_an_agree_and_not_also_the_act(text: str) -> None:
    events = coded(text)
    assert [e[0] for e in events] == ["AGREE"], events


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Iran vowed to attack American bases in Iraq.", "USA"),
        ("Hezbollah vowed revenge against Israel.", "ISR"),
    ],
)
def test_a_vow_of_harm_is_a_threat(text: str, target: str) -> None:
    events = coded(text)
    assert [(e[0], e[2]) for e in events] == [("THREATEN", target)], events


@pytest.mark.parametrize(
    "text",
    [
        "The United States withdrew from the nuclear deal with Iran.",
        "Russia quit the arms control treaty.",
        "Washington pulled out of the climate agreement.",
    ],
)
def test_leaving_a_treaty_is_a_sanction(text: str) -> None:
    types = [e[0] for e in coded(text)]
    assert types == ["SANCTION"], types


def test_withdrawing_troops_is_still_a_retreat() -> None:
    assert [e[0] for e in coded("Russia withdrew its troops from Syria.")] == ["RETREAT"]


def test_a_state_protest_is_an_accusation_and_a_crowd_protest_is_not() -> None:
    assert coded("Seoul protested to Tokyo over the textbooks.") == [
        ("ACCUSE", "KOR", "JPN", "asserted")
    ]
    crowd = coded("Egyptian demonstrators protested against Mubarak in Cairo.")
    assert crowd and all(e[0] == "PROTEST" for e in crowd)


@pytest.mark.parametrize(
    ("text", "threat"),
    [
        ("Germany warned that the trials would take years.", False),
        ("The UN warned that thousands of refugees in the camps face a hard winter.", False),
        ("Turkey warned that it will not stand by while Russia attacks Idlib.", True),
        ("Turkey warned Russia that its troops would respond to any attack.", True),
    ],
)
def test_a_warning_is_a_threat_only_about_the_warners_own_side_or_to_someone(
    text: str, threat: bool
) -> None:
    """A that-clause said to nobody and not about the speaker's side is a prediction."""
    events = coded(text)
    assert any(e[0] == "THREATEN" for e in events) is threat, events


@pytest.mark.parametrize(
    ("text", "agreed"),
    [
        ("Israel has long been a critic of the Iran deal.", False),
        ("Erdogan said the Sochi agreement had averted a disaster.", False),
        ("Turkey and Russia reached a deal on Idlib on Monday.", True),
        ("Trump announced the US-Turkey deal on Monday.", True),
    ],
)
def test_an_agreement_named_after_a_place_is_not_a_new_one(text: str, agreed: bool) -> None:
    events = coded(text)
    assert any(e[0] == "AGREE" for e in events) is agreed, events
