"""Event nouns from ``lexicon/nouns.tsv`` and the modality of planned and possible acts."""

from __future__ import annotations

from shiftwatch import extract


def _events(text: str) -> list[tuple[str, str, str | None, str]]:
    return [
        (e.type, e.source.code, e.target.code if e.target else None, e.modality)
        for e in extract(text)
    ]


def test_a_military_intervention_is_an_assault_by_its_owner() -> None:
    assert ("ASSAULT", "RUS", "SYR", "asserted") in _events(
        "Russia's armed intervention in Syria began in 2015."
    )


def test_an_incursion_launched_is_an_assault_by_the_launcher() -> None:
    found = _events("Turkish troops launched an incursion into northern Syria on Sunday.")
    assert ("ASSAULT", "TUR", "SYR", "asserted") in found


def test_an_act_a_decision_is_about_is_future() -> None:
    found = _events("Trump defended his decision to pull US troops out of Syria.")
    assert [m for t, s, _, m in found if t == "RETREAT" and s == "USA"] == ["future"]


def test_an_act_in_the_event_of_is_hypothetical() -> None:
    found = _events("Britain prepared its bases in the event of US military action against Syria.")
    assert ("ASSAULT", "USA", "SYR", "hypothetical") in found


def test_raising_concerns_with_someone_is_criticism() -> None:
    found = _events("Trump raised concerns with Erdogan about the violence in Afrin.")
    assert ("ACCUSE", "USA", "TUR", "asserted") in found
    assert not [t for t, *_ in found if t == "CONSULT"]


def test_the_use_of_a_weapon_is_an_attack_by_its_user() -> None:
    found = _events("Iraq's use of poison gas against its own citizens shocked the world.")
    assert ("ASSAULT", "IRQ", "IRQ", "asserted") in found
    # the use of something else, or nobody's use, is no attack
    assert not [e for e in _events("Iraq's use of the port grew.") if e[0] == "ASSAULT"]
    assert not [
        e for e in _events("Any use of poison gas would cross a line.") if e[0] == "ASSAULT"
    ]
    # nobody named as its user in the phrase: a topic, not an attack by whoever is in reach
    coded = extract(
        "Iraq shelled Kurdish towns. Inspectors will study the use of poison gas there."
    )
    assert [e.trigger for e in coded if e.type == "ASSAULT"] == ["shelled"]


def test_a_between_phrase_on_the_verb_of_a_mutual_noun_names_its_parties() -> None:
    # the parser hangs "between X and Y" on the verb the act noun is the subject of
    found = _events("Clashes erupted between Indian and Pakistani troops in Kashmir.")
    assert {(s, t) for e, s, t, _ in found if e == "ASSAULT"} & {("IND", "PAK"), ("PAK", "IND")}
    found = _events("A deal was reached between Ethiopia and Eritrea on Monday.")
    assert ("AGREE", "ETH", "ERI", "asserted") in found
    # a between-phrase of the verb when the noun is its object stays the verb's
    assert not [e for e in _events("Rebels saw clashes between the villages.") if e[0] == "ASSAULT"]


def test_a_capitalised_plural_opening_a_sentence_is_an_act_noun() -> None:
    # the tagger reads "Airstrikes" there as a proper noun, which the lemmatizer leaves alone
    assert ("ASSAULT", "FRA", "MLI", "asserted") in _events(
        "Airstrikes were carried out by French jets on northern Mali."
    )
    # a people named at a sentence start (a named entity) stays a name, and an actor
    assert ("PROTEST", "PSE", "ISR", "asserted") in _events(
        "Palestinians protested against Israel in Gaza on Sunday."
    )
