"""A noun set beside a clause that sums up its act ("..., a move condemned by France") points
at that clause's doer (``coder/summaries.py``): a reaction to it is aimed at the doer, not at
the place or group the apposition happens to follow."""

from __future__ import annotations

from shiftwatch import extract
from shiftwatch.coder import Coder
from shiftwatch.coder.summaries import summary_noun


def _reactions(text: str, trigger: str) -> list[tuple[str, str, str | None]]:
    return [
        (e.type, e.source.code, e.target.code if e.target else None)
        for e in extract(text)
        if e.trigger == trigger
    ]


def test_a_move_condemned_by_a_state_is_aimed_at_the_doer_of_the_clause() -> None:
    found = _reactions(
        "Turkey sent tanks against the Kurdish fighters in Afrin, a move condemned by France.",
        "condemned",
    )
    assert found == [("ACCUSE", "FRA", "TUR")], found


def test_the_experiencer_of_anger_disapproves_of_the_doer_not_of_the_place() -> None:
    found = _reactions(
        "Washington is building a border force in northern Syria with Kurdish militias"
        " - a plan that angered Ankara.",
        "angered",
    )
    assert found == [("ACCUSE", "TUR", "USA")], found


def test_an_owner_on_the_way_up_is_the_doer() -> None:
    found = _reactions(
        "The officers reacted to Moscow's decision to pull its jets out of Syria,"
        " a step that infuriated Damascus.",
        "infuriated",
    )
    assert found == [("ACCUSE", "SYR", "RUS")], found


def test_only_a_set_off_summary_noun_without_an_owner_sums_up_a_clause() -> None:
    nlp = Coder().nlp
    doc = nlp("Russia vetoed the draft, a move that angered Britain.")
    assert summary_noun(doc[6]) is not None  # "move" after the comma
    assert summary_noun(doc[7]) is not None  # "that", standing for "move"
    assert summary_noun(nlp("The Russian move angered Britain.")[2]) is None
    assert summary_noun(nlp("Russia vetoed the draft, Britain's decision.")[7]) is None
