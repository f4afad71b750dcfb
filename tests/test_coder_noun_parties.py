"""Parties of event nouns: who gives the help an act is done with, and whom it helps."""

from __future__ import annotations

from datetime import date

from shiftwatch import extract


def _events(text: str) -> list[tuple[str, str, str | None]]:
    return [(e.type, e.source.code, e.target.code if e.target else None) for e in extract(text)]


def test_help_an_act_is_done_with_goes_to_its_doer() -> None:
    found = _events("Turkey invaded the enclave with the aid of Syrian rebels.")
    assert ("AID", "SYR", "TUR") in found


def test_support_from_a_state_goes_to_the_doer_of_the_act() -> None:
    found = _events("The Syrian army advanced on the town with support from Russian jets.")
    assert ("AID", "RUS", "SYR") in found


def test_help_that_is_no_means_of_an_act_has_no_helped_doer() -> None:
    found = _events("Turkey asked for the help of Syrian rebels.")
    assert not [e for e in found if e[0] == "AID" and e[2] == "TUR"]


def test_whoever_receives_aid_is_its_target_and_the_giver_its_source() -> None:
    found = _events("The Syrian rebels received military aid from Saudi Arabia.")
    assert ("AID", "SAU", "SYR") in found


def test_whoever_comes_under_an_assault_is_its_target() -> None:
    found = _events("Kurdish militias in Syria came under assault from Turkey.")
    assert [(s, t) for e, s, t in found if e == "ASSAULT"] == [("TUR", "SYR")]


def test_coming_to_someones_aid_gives_it() -> None:
    found = _events("Britain came to Baghdad's aid.")
    assert ("AID", "IRQ", "GBR") not in found


def test_a_threat_no_longer_faced_has_no_target_in_its_subject() -> None:
    found = _events("Iran no longer faces the threat of American strikes.")
    assert not [e for e in found if e[0] == "THREATEN" and e[2] == "IRN"]


def test_whoever_loses_ground_to_an_assault_is_its_target() -> None:
    found = _events(
        "Isis held the city for years. The terror group lost it to an assault by Iraqi troops."
    )
    assert ("ASSAULT", "IRQ", "ISIS") in found


def test_every_doer_listed_after_by_does_the_act() -> None:
    found = _events(
        "The city fell after an assault by Iraqi troops, Kurdish fighters and the US-led coalition."
    )
    sources = {s for e, s, _ in found if e == "ASSAULT"}
    assert {"IRQ", "USA"} <= sources


def test_militias_allied_to_a_state_in_a_list_of_doers_are_its_own() -> None:
    found = _events(
        "Isis lost the town to an assault by Iraqi troops, militias allied to the Syrian regime"
        " and a US-led coalition."
    )
    assert {("ASSAULT", s, "ISIS") for s in ("IRQ", "SYR", "USA")} <= set(found)


def test_a_list_of_acts_after_a_doer_adds_no_doer() -> None:
    found = _events(
        "The raid by US troops on the town, and his praise for it, angered Turkey's president."
    )
    assert not [e for e in found if e[0] == "ASSAULT" and e[1] == "TUR"]


def test_a_that_clause_read_as_relative_is_what_a_demand_asks() -> None:
    found = _events(
        "The demands of Turkey that the US end its support for the YPG went unanswered."
    )
    assert ("REQUEST", "TUR", "USA") in found
    assert not [e for e in found if e[0] == "SANCTION"]  # the ending is only what is asked


def test_an_assault_into_held_ground_hits_its_holder() -> None:
    found = _events("The Syrian army launched an assault into rebel-held territory in Idlib.")
    assert ("ASSAULT", "SYR", "SYR") in found
    assert not [e for e in found if e[0] == "ASSAULT" and e[2] is None]


def test_held_ground_hung_on_the_verb_before_an_act_noun_names_its_holder() -> None:
    # the parser hangs "on the ... enclave" on "played"; the ground is still the assault's target
    events = extract(
        "His units had played a key role in Turkey's offensive on the Kurdish enclave of Afrin in"
        " Syria, a fight they won.",
        published=date(2018, 3, 22),
    )
    aimed = [(e.target.code, e.target.sector) for e in events if e.type == "ASSAULT" and e.target]
    assert aimed == [("SYR", "REB")]


def _aimed(text: str, published: date) -> list[tuple[str, str]]:
    events = extract(text, published=published)
    return [(e.target.code, e.target.sector) for e in events if e.type == "ASSAULT" and e.target]


def test_a_place_an_act_hit_is_held_by_whoever_held_it_on_the_acts_own_date() -> None:
    # Islamic State held Mosul in 2016, not in 2019 when the article appears
    assert _aimed("Iraqi troops began an offensive on Mosul in late 2016.", date(2019, 2, 1)) == [
        ("ISIS", "")
    ]


def test_a_date_with_no_holder_on_record_falls_back_to_the_articles() -> None:
    # "in 1995" dates the comparison; eastern Ghouta's holder is read on the article's day
    aimed = _aimed(
        "Like the enclave in 1995, eastern Ghouta has been shelled by Syrian regime forces.",
        date(2018, 2, 20),
    )
    assert aimed == [("SYR", "REB")]
