"""Lists of actors: every item is a party, however spaCy attaches the list ("A, B and C" is
often read as A with the apposition "B and C"), and a meeting held in one party's country is a
visit to that party (GUIDELINES: the visitor is the source, the host the target)."""

from __future__ import annotations

import pytest

from shiftwatch import extract
from shiftwatch.coder import Coder
from shiftwatch.coder.split_lists import first_item


def _pairs(text: str, event_type: str) -> set[tuple[str, str | None]]:
    return {
        (e.source.code, e.target.code if e.target else None)
        for e in extract(text)
        if e.type == event_type
    }


def test_every_person_of_a_list_is_a_party() -> None:
    text = "Vladimir Putin, Hassan Rouhani and Recep Tayyip Erdogan met on Wednesday."
    parties = {p for pair in _pairs(text, "CONSULT") for p in pair}
    assert parties == {"RUS", "IRN", "TUR"}


def test_a_list_after_a_renamed_head_adds_only_the_others() -> None:
    text = "Turkey's president, Recep Tayyip Erdogan, and Iran's Hassan Rouhani met Putin."
    assert _pairs(text, "CONSULT") == {("TUR", "RUS"), ("IRN", "RUS")}


def test_a_group_noun_with_a_listed_apposition_is_every_item() -> None:
    text = (
        "The three European foreign ministers, Boris Johnson, Jean-Yves Le Drian and "
        "Heiko Maas, met Mike Pompeo in Washington."
    )
    assert _pairs(text, "CONSULT") == {("GBR", "USA"), ("FRA", "USA"), ("DEU", "USA")}


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (  # the host is one of the parties: the others visit it
            "Vladimir Putin, Hassan Rouhani and Recep Tayyip Erdogan met in Ankara on Monday.",
            {("RUS", "TUR"), ("IRN", "TUR")},
        ),
        (  # the host of the city they meet in is not one of them: they meet each other
            "Vladimir Putin and Hassan Rouhani met in Ankara on Monday.",
            {("RUS", "IRN")},
        ),
    ],
)
def test_parties_meeting_in_one_partys_country_visit_it(
    text: str, pairs: set[tuple[str, str]]
) -> None:
    assert _pairs(text, "CONSULT") == pairs


def test_a_list_whose_conjunction_closes_an_apposition_is_every_item() -> None:
    # spaCy hangs "the UAE" on Saudi Arabia as an apposition and "Bahrain and Egypt" on it
    text = "Saudi Arabia, the UAE, Bahrain and Egypt imposed a boycott on Qatar."
    assert _pairs(text, "PROTEST") == {
        ("SAU", "QAT"),
        ("ARE", "QAT"),
        ("BHR", "QAT"),
        ("EGY", "QAT"),
    }


def test_who_joins_the_subject_in_a_participle_does_the_act_too() -> None:
    text = "Turkish troops, joined by Syrian rebels, stormed the Kurdish militia's positions."
    assert {source for source, _ in _pairs(text, "ASSAULT")} == {"TUR", "SYR"}


def test_co_doers_of_one_act_told_by_two_triggers_are_not_each_others_target() -> None:
    # "killed" names Syria's planes as doers, "strikes" both: neither struck the other
    text = "Civilians were killed in Syrian and Russian air strikes."
    assert _pairs(text, "ASSAULT") == {("SYR", None), ("RUS", None)}


@pytest.mark.parametrize(
    ("text", "event_type", "targets"),
    [  # the same preposition repeated before each item of a list of targets
        (
            "Russia supplied weapons to the Syrian army and to Hezbollah.",
            "AID",
            {"SYR", "HEZBOLLAH"},
        ),
        ("Trump spoke with Erdogan and with Macron on Sunday.", "CONSULT", {"TUR", "FRA"}),
    ],
)
def test_every_object_of_a_repeated_preposition_is_a_target(
    text: str, event_type: str, targets: set[str]
) -> None:
    assert {target for _, target in _pairs(text, event_type)} == targets


def test_an_organ_hit_beside_held_ground_stays_a_target() -> None:
    # the positions are the Kurds' ground; the troops are hit themselves
    text = "Turkish jets struck Kurdish positions and Syrian government troops near Manbij."
    assert _pairs(text, "ASSAULT") == {("TUR", "SYR")}
    sectors = {e.target.sector for e in extract(text) if e.type == "ASSAULT" and e.target}
    assert sectors == {"REB", "MIL"}


def test_company_of_a_passive_patient_suffers_the_act_too() -> None:
    # no "by" agent: the journalist was kidnapped with the aid worker, he kidnapped nobody
    text = (
        "Islamic State fighters stormed the hotel in Raqqa on Monday. "
        "A British aid worker was kidnapped there alongside an American journalist."
    )
    kidnapped = {(e.source.code, e.target.code if e.target else None) for e in extract(text)}
    assert {("ISIS", "GBR"), ("ISIS", "USA")} <= kidnapped
    assert not any(source == "USA" for source, _ in kidnapped)


def test_company_after_a_by_agent_still_acts_with_it() -> None:
    text = "Idlib was bombed by Russian jets alongside Syrian aircraft on Sunday."
    assert {source for source, _ in _pairs(text, "ASSAULT")} == {"RUS", "SYR"}


def test_coordinated_verbs_share_the_object_the_parser_hangs_on_the_last() -> None:
    # "bombed" has no object of its own: the rebels are what both verbs were done to
    text = "Syrian and Russian forces shelled and bombed rebel positions in Idlib."
    triggers = {
        (e.trigger, e.source.code, e.target.code if e.target else None)
        for e in extract(text)
        if e.type == "ASSAULT"
    }
    assert {t for t, _, target in triggers if target == "SYR"} == {"shelled", "bombed"}
    assert not any(target is None for _, _, target in triggers)


def test_a_list_of_doers_parsed_as_two_subjects_is_every_item() -> None:
    # spaCy makes "Hezbollah (and Syrian militias)" a second subject of "attacked"
    text = "Assad's forces, Hezbollah and Syrian militias attacked rebels in Aleppo."
    assert {source for source, _ in _pairs(text, "ASSAULT")} >= {"SYR", "HEZBOLLAH"}


def test_only_the_first_item_of_a_listed_apposition_may_rename_the_head() -> None:
    text = "The Syrian army, Hezbollah fighters and pro-government Syrian militias attacked rebels."
    doc = Coder().nlp(text)
    appos = next(t for t in doc if t.dep_ == "appos")
    assert {doc[i].text for i in first_item(appos)} == {"Hezbollah", "fighters"}


def test_a_clause_with_a_doer_of_its_own_is_an_act_of_its_own() -> None:
    # "while Turkish jets bombed Afrin" hangs on "attacked" but is not the same attack
    text = "Turkish troops attacked YPG positions, while Turkish jets bombed Afrin."
    assert sorted(e.trigger for e in extract(text) if e.type == "ASSAULT") == ["attacked", "bombed"]


def test_acts_conjoined_before_their_doer_share_it() -> None:
    # "by" hangs on "shelling" alone: the airstrikes and the shelling are one act of both forces
    text = "The airstrikes and shelling by Syrian and Russian forces hit rebel positions in Idlib."
    assert {source for source, _ in _pairs(text, "ASSAULT")} == {"SYR", "RUS"}
    assert len([e for e in extract(text) if e.type == "ASSAULT"]) == 2
