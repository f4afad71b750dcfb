"""Request nouns whose asker is no dependent of their own (``coder/demands.request_parties``):
the subject of a verb that voices them ("renewed its demand that ..."), of the verb a leading
noun hangs on ("at the forefront of calls for ..."), or the speaker who says an unowned request
went unanswered. Sentences written for these tests."""

from __future__ import annotations

from shiftwatch import extract


def _requests(text: str) -> list[tuple[str, str | None, str]]:
    return [
        (e.source.code, e.target.code if e.target else None, e.modality)
        for e in extract(text)
        if e.type == "REQUEST"
    ]


def test_the_subject_of_a_voicing_verb_asks_whom_the_clause_after_it_names() -> None:
    found = _requests(
        "The Arab League repeated its demand on Monday that Iran withdraw its advisers."
    )
    assert found == [("ARL", "IRN", "asserted")], found


def test_what_a_voiced_demand_asks_is_its_content_not_an_act() -> None:
    events = extract(
        "The Arab League repeated its demand on Monday that Iran withdraw its advisers."
    )
    assert not [e for e in events if e.trigger == "withdraw"], events


def test_at_the_forefront_of_calls_the_subject_asks() -> None:
    found = _requests(
        "France has been at the forefront of calls for the Iraqi government to resign."
    )
    assert found == [("FRA", "IRQ", "asserted")], found


def test_an_unanswered_request_is_the_speakers() -> None:
    found = _requests("Egypt says Ethiopia has ignored requests for talks on the dam.")
    assert found == [("EGY", "ETH", "asserted")], found


def test_an_unanswered_request_with_no_speaker_names_no_asker() -> None:
    assert _requests("The Iraqi defence ministry did not respond to a request for comment.") == []


def test_refusing_an_owned_request_is_the_refusal_only() -> None:
    assert _requests("Egypt says Ethiopia has ignored Sudan's requests for talks.") == []


def test_a_pronoun_speaker_lends_no_asker() -> None:
    text = "Sudan's president met Egyptian envoys. She said Ethiopia ignored requests for talks."
    assert not [r for r in _requests(text) if r[1] == "ETH"], _requests(text)
