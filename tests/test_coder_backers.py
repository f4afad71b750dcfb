"""A backer named beside an act is no party to it (``coder/backers.py``; GUIDELINES.md,
clarification 7): "rebels, backed by X, attacked" is not X's attack, nor aimed at X."""

from __future__ import annotations

from shiftwatch import extract


def _dyads(text: str) -> list[tuple[str, str, str | None]]:
    return [
        (e.type, e.source.code, e.target.code if e.target else None)
        for e in extract(text)
        if e.trigger.lower() not in ("backed", "supported", "backing")
    ]


def test_a_backer_in_a_participle_is_not_the_doer() -> None:
    found = _dyads("Militiamen, backed by Turkish artillery, stormed Afrin.")
    assert not [d for d in found if d[1] == "TUR"], found


def test_a_backer_does_not_place_unnamed_doers_in_its_state() -> None:
    found = _dyads("Local fighters backed by the United States seized the dam.")
    assert not [d for d in found if "USA" in d[1:]], found


def test_a_backer_is_not_the_target_of_the_act_of_whom_it_backs() -> None:
    found = _dyads("Iraqi troops, backed by American airstrikes, recaptured the village.")
    assert ("ASSAULT", "IRQ", "USA") not in found, found
    assert not [d for d in found if d[1] == "USA" and d[2] == "IRQ"], found


def test_with_the_backing_of_names_no_party() -> None:
    found = _dyads("Syrian soldiers, with the backing of Iranian militias, shelled the village.")
    assert not [d for d in found if "IRN" in d[1:]], found


def test_the_backing_itself_is_still_coded() -> None:
    events = extract("The YPG, backed by US special forces, seized the dam.")
    backing = [e for e in events if e.trigger == "backed"]
    assert backing and backing[0].source.code == "USA", events


def test_a_doer_that_names_itself_keeps_its_act() -> None:
    found = _dyads("Turkish troops, backed by allied rebels, shelled Kurdish positions.")
    assert [d for d in found if d[:2] == ("ASSAULT", "TUR")], found


def test_a_backing_is_aimed_only_at_the_side_it_backs() -> None:
    events = extract("Tribal fighters, backed by American jets, battled Isis near the river.")
    backing = [e for e in events if e.trigger == "backed"]
    assert backing and all(e.target is None or e.target.code != "ISIS" for e in backing), events


def test_a_participle_set_off_after_the_object_backs_the_subject() -> None:
    events = extract("Syrian troops continue to shell the suburbs, backed by Iranian allies.")
    backing = [e for e in events if e.trigger == "backed"]
    assert backing and all(e.target is not None and e.target.code == "SYR" for e in backing), events
