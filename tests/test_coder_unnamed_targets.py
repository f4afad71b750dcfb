"""Stage "unnamed targets": an act the parse finds no target for takes the nearest other
actor of the document (``coder/unnamed_targets.py``), with less confidence."""

from __future__ import annotations

from shiftwatch import extract
from shiftwatch.models import Event


def _assaults(text: str) -> list[Event]:
    return [e for e in extract(text) if e.type == "ASSAULT"]


def test_an_act_takes_the_actor_named_after_its_trigger() -> None:
    [event] = _assaults(
        "Russian jets bombed the town on Sunday, days after Syrian rebels seized it."
    )
    assert (event.source.code, event.target and event.target.code) == ("RUS", "SYR")
    assert event.target.sector == "REB"


def test_an_act_with_nobody_in_its_sentence_takes_the_last_actor_before() -> None:
    text = "Syrian rebels still hold Idlib. Russian jets carried out airstrikes on Sunday."
    [event] = _assaults(text)
    assert event.sentence_idx == 1
    assert (event.source.code, event.target and event.target.code) == ("RUS", "SYR")


def test_an_inferred_target_costs_confidence() -> None:
    [named] = _assaults("Russian jets bombed Syrian rebels on Sunday.")
    [inferred] = _assaults("Syrian rebels still hold Idlib. Russian jets carried out airstrikes.")
    assert named.target is not None and inferred.target is not None
    assert inferred.confidence < named.confidence


def test_another_organ_of_the_same_state_is_never_the_target() -> None:
    [event] = _assaults("The Iraqi army shelled the town on Sunday, Iraq's defence ministry said.")
    assert event.source.code == "IRQ"
    assert event.target is None


def test_an_inferred_target_gets_its_own_event_id() -> None:
    [inferred] = _assaults("Syrian rebels still hold Idlib. Russian jets carried out airstrikes.")
    assert inferred.id == inferred.make_id()


def test_co_doers_of_one_act_are_never_each_others_target() -> None:
    events = _assaults("Russian and Syrian planes bombed the town on Sunday.")
    assert {e.source.code for e in events} == {"RUS", "SYR"}
    assert all(e.target is None for e in events)  # neither bombed the other
    # the actor the sentences before name is still found, for each co-doer
    earlier = _assaults("Syrian rebels hold Idlib. Russian and Syrian planes bombed the town.")
    assert {(e.source.code, e.target and e.target.code) for e in earlier} == {
        ("RUS", "SYR"),
        ("SYR", "SYR"),
    }


def test_who_reports_an_act_is_never_its_inferred_target() -> None:
    for text in (
        "Russian jets bombed the town on Sunday, the US State Department said.",
        "Russian jets bombed the town on Sunday, according to the US State Department.",
        "Russian jets bombed the town on Sunday, a Syrian official told the Anadolu Agency.",
        "Russian jets bombed the town on Sunday, a Syrian official confirmed to Reuters.",
    ):
        [event] = _assaults(text)
        assert event.source.code == "RUS"
        assert event.target is None, text


def test_an_act_of_force_may_hit_a_town_of_its_doers_own_state_named_before() -> None:
    # the army's attack at home is coded SYR on SYR, the town named before being where it struck
    text = "Douma has been cut off for months. On Sunday the Syrian army carried out an attack."
    [event] = _assaults(text)
    assert event.source.code == "SYR"
    assert (event.target.code, event.target.sector) == ("SYR", "LOC")
    # its own state as a whole, or its organs, are still never the target
    [event] = _assaults("The Iraqi army shelled the town on Sunday, Iraq's defence ministry said.")
    assert event.target is None


def test_news_media_named_before_are_not_whom_a_later_act_hits() -> None:
    text = (
        "Tehran confirmed the figures to the Agence France-Presse news agency. "
        "Russian jets bombed the town on Sunday."
    )
    [event] = _assaults(text)
    assert event.target is None or event.target.code != "FRA"  # nor France, for its name
