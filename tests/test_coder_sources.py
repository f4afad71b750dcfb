"""Sources the argument stages read from the parse (``coder/arguments.py``, ``coder/roles.py``).

Sentences written for these tests (no third-party text); each names what the mechanism is for.
"""

from __future__ import annotations

from shiftwatch import extract


def _sources(text: str, event_type: str) -> set[tuple[str, str]]:
    return {(e.source.code, e.source.sector) for e in extract(text) if e.type == event_type}


def test_a_conjunct_inside_a_mention_is_one_more_actor_with_its_sector() -> None:
    # "the presidents of Iran and Turkey": Turkey is its government too
    found = _sources(
        "The foreign ministers of France and Germany arrived in Moscow on Monday.", "CONSULT"
    )
    assert found >= {("FRA", "GOV"), ("DEU", "GOV")}, found


def test_a_titled_stranger_is_the_government_of_the_one_state_named() -> None:
    text = "President Alfonso Dubrava rejected the demands of the Bolivian opposition on Monday."
    assert _sources(text, "REJECT") == {("BOL", "GOV")}


def test_a_titled_stranger_among_two_states_stays_unknown() -> None:
    text = "President Alfonso Dubrava rejected the demands of Chile and Peru on Monday."
    assert not _sources(text, "REJECT")


def test_a_meeting_in_a_phase_phrase_on_the_object_is_the_subjects() -> None:
    # "over the course of a meeting" hangs on the object noun, not the verb
    text = "Macron dismissed Merkel's proposals over the course of a two-hour meeting."
    assert ("FRA", "GOV") in _sources(text, "CONSULT")


def test_their_fighters_are_the_group_that_was_the_subject_before() -> None:
    text = "The Syrian Democratic Forces advanced on Raqqa. Their fighters stormed the old city."
    stormed = [e for e in extract(text) if e.trigger == "stormed"]
    assert [(e.source.code, e.source.sector) for e in stormed] == [("SYR", "REB")]


def test_their_as_an_object_owner_names_nobody() -> None:
    text = "The Syrian Democratic Forces advanced on Raqqa. Turkish jets bombed their positions."
    bombed = [e for e in extract(text) if e.trigger == "bombed"]
    assert [e.source.code for e in bombed] == ["TUR"]


def test_a_passive_act_inside_an_act_noun_is_done_by_that_acts_doers() -> None:
    # no doer is named for "killed": the ambush's doer did it, not the state of Raqqa
    text = "The reporter was killed in an Isis ambush in Raqqa in northern Syria."
    assert {code for code, _ in _sources(text, "ASSAULT")} == {"ISIS"}


def test_an_act_noun_subject_of_a_passive_light_verb_is_done_by_its_agents() -> None:
    text = "Sanctions were imposed on Iran by the United States and the EU on Monday."
    found = {(e.source.code, e.target.code if e.target else None) for e in extract(text)}
    assert found == {("USA", "IRN"), ("EU", "IRN")}


def test_a_passive_verb_naming_another_act_keeps_its_subject_noun_content() -> None:
    # the offensive is only threatened: no ASSAULT, whoever threatens it
    text = "A new offensive on Idlib was threatened by Turkey on Monday."
    assert "ASSAULT" not in {e.type for e in extract(text)}


def _dyads(text: str, event_type: str) -> set[tuple[str, str | None]]:
    return {
        (e.source.code, e.target.code if e.target else None)
        for e in extract(text)
        if e.type == event_type
    }


def test_a_host_is_the_target_of_its_guests_visit() -> None:
    # GUIDELINES: the visitor is the source and the host the target, whatever the verb's subject
    assert _dyads("Kenya's president hosted his Ugandan counterpart.", "CONSULT") == {
        ("UGA", "KEN")
    }
    assert _dyads("Chile's foreign minister received the Peruvian envoy.", "CONSULT") == {
        ("PER", "CHL")
    }
    assert _dyads("The Indian prime minister welcomed Nepal's king to Delhi.", "CONSULT") == {
        ("NPL", "IND")
    }
    # people a state takes in are no guests: no visit either way
    assert not _dyads("Kenya hosts 300,000 Somali refugees.", "CONSULT")
