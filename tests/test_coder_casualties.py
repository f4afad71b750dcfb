"""Casualties of a side named in an earlier fight were inflicted by its foe
(coder/casualties.py), and "the jihadists" are the jihadist group in reach. Sentences written
for this test."""

from __future__ import annotations

from shiftwatch import extract


def dyads(text: str) -> list[tuple[int, str, str, str | None]]:
    return [
        (
            e.sentence_idx,
            e.type,
            f"{e.source.code}.{e.source.sector}",
            f"{e.target.code}.{e.target.sector}" if e.target else None,
        )
        for e in extract(text)
    ]


def test_a_sides_casualties_are_its_foes_doing() -> None:
    text = (
        "The SDF has been fighting Isis in Baghuz for weeks. "
        "Three SDF fighters were killed on Sunday."
    )
    found = dyads(text)
    assert (1, "ASSAULT", "ISIS.", "SYR.REB") in found, found
    assert not any(e[0] == 1 and e[2] == "SYR.REB" for e in found), found  # not its own doing


def test_a_state_attacked_in_its_capital_by_whom_it_fights() -> None:
    text = "Turkey has been bombing Kurdish militants for a month. Ankara was attacked on Friday."
    found = dyads(text)
    assert (1, "ASSAULT", "TUR.REB", "TUR.") in found, found  # Kurdish militants of Turkey


def test_towns_of_the_doers_own_state_stay_its_ground() -> None:
    # the regime shelling its own towns is the regime's act, not its foe's
    text = "The regime has been shelling rebels near Hama. Douma was shelled on Friday."
    found = dyads(text)
    assert any(e[0] == 1 and e[2].startswith("SYR.") and e[2] != "SYR.REB" for e in found), found


def test_civilians_are_no_foe() -> None:
    # the earlier act was on civilians: they inflicted nothing, so no doer is swapped in
    text = (
        "Syria used chemical weapons against its own people. "
        "Syrian soldiers were killed in the suburbs on Sunday."
    )
    assert not any(e[0] == 1 and e[2] == "SYR.CVL" for e in dyads(text))


def test_named_doers_are_kept() -> None:
    text = "The SDF has been fighting Isis. Isis fighters killed three SDF fighters on Sunday."
    assert (1, "ASSAULT", "ISIS.", "SYR.REB") in dyads(text)


def test_who_died_or_was_killed_in_an_act_underwent_it() -> None:
    # the subject of "died in" / a passive "were killed in" an act is its target, never its doer
    found = dyads("Two Turkish soldiers died in an American airstrike near the border.")
    assert (0, "ASSAULT", "USA.", "TUR.MIL") in found, found
    found = dyads(
        "Two Turkish soldiers died in an American airstrike near the border. "
        "Two Kurdish fighters were killed in an ambush near the village."
    )
    assert not any(e[0] == 1 and e[2].endswith(".REB") for e in found), found  # not the doers


def test_killed_when_another_act_happened_by_its_doers() -> None:
    # a passive act with no doer done when an act of its type named its doers: theirs
    text = (
        "Israel carried out airstrikes on Iranian targets near Damascus overnight. "
        "At least 20 soldiers were killed when Turkish jets struck a convoy."
    )
    found = dyads(text)
    assert any(e[0] == 1 and e[2] == "TUR.MIL" for e in found), found
    assert not any(e[0] == 1 and e[2] == "ISR." for e in found), found  # not the earlier doer


def test_an_unnamed_attacker_is_the_articles_armed_doer() -> None:
    # "a suicide bomber" names no actor: the attack is the latest armed doer's
    text = (
        "Isis claimed responsibility for the bombing, which killed 14 people in Manbij. "
        "A suicide bomber attacked a US patrol in Manbij on Wednesday."
    )
    assert (1, "ASSAULT", "ISIS.", "USA.") in dyads(text)
    # civilians named as doers before are not whom the bomber fought for
    text = "Malian civilians attacked French soldiers in Gao. Two gunmen attacked a French patrol."
    assert not any(e[0] == 1 and e[2] == "MLI.CVL" for e in dyads(text))


def test_airstrikes_are_flown_by_states_not_by_groups_lent_by_context() -> None:
    # Isis, named before, is no doer of the airstrike that hits its own depot
    text = (
        "Islamic State fighters attacked the town on Monday. "
        "The airstrikes destroyed an Islamic State weapons depot."
    )
    assert not any(e[0] == 1 and e[2] == "ISIS." for e in dyads(text))
    # a state named before may be
    text = "Russia attacked the rebels in Idlib on Monday. The airstrikes destroyed a rebel depot."
    assert any(e[0] == 1 and e[2].startswith("RUS.") for e in dyads(text)), dyads(text)
    # a group named as the doer in the sentence itself stays its doer
    assert any(
        e[2] == "YEM.REB" for e in dyads("Houthi rebels carried out drone strikes on Saudi Arabia.")
    )
