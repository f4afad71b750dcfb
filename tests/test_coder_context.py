"""Stage "context": an act named with nobody as its doer takes the parties of the same act a
few sentences before (``coder/context.py``)."""

from __future__ import annotations

from shiftwatch import extract


def _dyads(text: str, event_type: str) -> list[tuple[int, str, str | None]]:
    return [
        (e.sentence_idx, e.source.code, e.target.code if e.target else None)
        for e in extract(text)
        if e.type == event_type
    ]


def test_an_unattributed_bombardment_takes_the_last_attackers() -> None:
    text = (
        "Russian jets bombed the Syrian town of Idlib on Sunday. "
        "The overnight bombardment destroyed two hospitals."
    )
    assert (1, "RUS", "SYR") in _dyads(text, "ASSAULT")


def test_a_passive_killing_takes_the_last_attackers() -> None:
    text = (
        "Turkish troops shelled Kurdish positions in Afrin on Monday. Eight fighters were killed."
    )
    found = _dyads(text, "ASSAULT")
    assert any(idx == 1 and source == "TUR" for idx, source, _ in found), found


def test_a_prospect_or_a_distant_act_takes_nobody() -> None:
    prospect = "Russian jets bombed Idlib on Sunday. A new offensive could follow."
    assert not [d for d in _dyads(prospect, "ASSAULT") if d[0] == 1]
    distant = (
        "Russian jets bombed Idlib on Sunday. The weather was cold. Markets were quiet. "
        "Schools stayed shut. Shops reopened. The bombardment was heard far away."
    )
    assert not [d for d in _dyads(distant, "ASSAULT") if d[0] == 5]


def test_an_attack_with_no_doer_takes_the_one_armed_actor_named() -> None:
    text = (
        "The weather was cold on Monday. "
        "Three villagers died when the market was hit by an attack, Isis fighters claimed."
    )
    found = _dyads(text, "ASSAULT")
    assert any(idx == 1 and source == "ISIS" for idx, source, _ in found), found


def test_two_armed_actors_leave_the_doer_open() -> None:
    text = (
        "The weather was cold on Monday. "
        "Isis fighters and Turkish troops were near the market when the attack began."
    )
    assert not [d for d in _dyads(text, "ASSAULT") if d[0] == 1 and d[1] in ("ISIS", "TUR")]


def test_whoever_ground_was_taken_from_is_not_the_one_armed_doer() -> None:
    text = "The weather was cold on Monday. The village was recaptured from Hezbollah at dawn."
    assert not [d for d in _dyads(text, "ASSAULT") if d[0] == 1 and d[1] == "HEZBOLLAH"]


def test_an_unowned_act_takes_the_source_of_the_last_act_of_its_kind() -> None:
    # a siege (COERCE) after shelling (ASSAULT): both material conflict, the same actor
    text = (
        "Turkish troops shelled Kurdish positions in Afrin on Monday. The weather was cold. "
        "The siege of the town continued on Tuesday."
    )
    assert any(idx == 2 and source == "TUR" for idx, source, _ in _dyads(text, "COERCE"))
    prospect = "Turkish troops shelled Kurdish positions in Afrin on Monday. A siege could follow."
    assert not [d for d in _dyads(prospect, "COERCE") if d[0] == 1]


def test_the_three_presidents_are_the_three_states_named_before() -> None:
    text = (
        "Russia, Turkey and Iran sent envoys to the talks. "
        "The three presidents agreed to set up a new committee."
    )
    assert {(s, t) for i, s, t in _dyads(text, "AGREE") if i == 1} == {
        ("RUS", "TUR"),
        ("RUS", "IRN"),
    }


def test_the_two_leaders_are_not_the_states_their_agreement_names() -> None:
    text = (
        "Vladimir Putin met Recep Tayyip Erdogan in Sochi. "
        "The town will be safe from Syrian and Russian attack, the two leaders agreed."
    )
    assert {(s, t) for i, s, t in _dyads(text, "AGREE") if i == 1} == {("RUS", "TUR")}


def test_the_leaders_are_the_parties_of_the_last_meeting() -> None:
    text = "Donald Trump will meet Vladimir Putin in Helsinki. The leaders will discuss Syria."
    assert (1, "USA", "RUS") in _dyads(text, "CONSULT")


def test_some_leaders_are_nobody_in_particular() -> None:
    text = "Donald Trump met Vladimir Putin in Helsinki. Some leaders also discussed Syria."
    assert not [d for d in _dyads(text, "CONSULT") if d[0] == 1]


def test_leaders_with_no_number_are_the_parties_of_the_last_meeting() -> None:
    text = (
        "Emmanuel Macron flew to Washington to meet Donald Trump on Monday. "
        "Leaders discussed Iran over dinner. Foreign ministers discussed Syria."
    )
    found = _dyads(text, "CONSULT")
    assert (1, "FRA", "USA") in found and (2, "FRA", "USA") in found, found


def test_the_three_countries_are_the_list_of_three_named_before() -> None:
    text = (
        "The US, Britain and France accused Syria of a chemical attack in Douma. "
        "The three countries launched airstrikes on Saturday."
    )
    assert {s for i, s, _ in _dyads(text, "ASSAULT") if i == 1} == {"USA", "GBR", "FRA"}
