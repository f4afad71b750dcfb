"""Kinds of type confusion fixed by mechanism (issue 16, 'candidate, wrong type'), each on
sentences written for this test: one test per mechanism."""

from __future__ import annotations

import pytest

from shiftwatch import extract


def coded(text: str) -> list[tuple[str, str, str | None, str]]:
    return [
        (e.type, e.source.code, e.target.code if e.target else None, e.modality)
        for e in extract(text)
    ]


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("The Syrian opposition said it would not attend the talks with Russia.", "attend"),
        ("The European Union will not provide aid to Syria.", "provide"),
        ("Iran said it won't negotiate with the United States.", "negotiate"),
    ],
)
def test_a_cooperative_act_its_doer_will_not_do_is_a_refusal(text: str, refused: str) -> None:
    events = [e for e in extract(text) if e.trigger == refused]
    assert [(e.type, e.modality) for e in events] == [("REJECT", "asserted")], coded(text)


def test_a_cooperative_act_said_not_to_have_happened_stays_negated() -> None:
    events = coded("Putin did not meet Erdogan in Sochi.")
    assert [(e[0], e[3]) for e in events] == [("CONSULT", "negated")], events


def test_an_objection_is_disapproval_by_whoever_raises_it() -> None:
    events = coded("The summit was postponed over Turkish objections to the plan.")
    assert [(e[0], e[1]) for e in events] == [("ACCUSE", "TUR")], events


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Turkish troops captured the town of Afrin.", "ASSAULT"),
        ("Turkish troops seized Afrin.", "ASSAULT"),
        ("Iran seized a British tanker in the Gulf.", "COERCE"),
    ],
)
def test_taking_a_place_by_force_is_fighting_and_a_seizure_of_property_is_not(
    text: str, kind: str
) -> None:
    events = coded(text)
    assert [e[0] for e in events] == [kind], events


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Iran has backed the Houthi rebels in Yemen for years.", "AID"),
        ("Washington's support for the Syrian rebels angered Ankara.", "AID"),
        ("Germany backed the French proposal on Tuesday.", "SUPPORT"),
    ],
)
def test_backing_an_armed_party_is_military_aid_and_backing_a_policy_is_support(
    text: str, kind: str
) -> None:
    events = coded(text)
    assert {e[0] for e in events} & {"AID", "SUPPORT"} == {kind}, events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia launched a wave of airstrikes on Idlib.", ("ASSAULT", "RUS")),
        ("Russia and Turkey held a round of talks in Astana.", ("CONSULT", "RUS")),
    ],
)
def test_a_light_verb_does_the_act_named_behind_a_collective_noun(
    text: str, expected: tuple[str, str]
) -> None:
    events = coded(text)
    assert [(e[0], e[1]) for e in events] == [expected], events


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("France said the Syrian regime was responsible for the chemical attack.", ("FRA", "SYR")),
        ("The US believes the Syrian regime was behind the attack.", ("USA", "SYR")),
        ("Macron claims there is proof that Russia was behind the poisoning.", ("FRA", "RUS")),
        # the quotes make the parser read "that" as a relative clause's: a content clause still
        (
            "Paris said it had \u201cproof\u201d that the Syrian government was responsible for "
            "the chemical attack on Douma.",
            ("FRA", "SYR"),
        ),
    ],
)
def test_saying_another_actor_is_to_blame_for_an_act_is_an_accusation(
    text: str, pair: tuple[str, str]
) -> None:
    events = coded(text)
    assert ("ACCUSE", *pair) in [e[:3] for e in events], events


def test_a_duty_is_no_blame() -> None:
    events = coded("The ministry said the SDF is responsible for finding the missing.")
    assert "ACCUSE" not in [e[0] for e in events], events


def test_the_blames_stage_pairs_the_speaker_with_the_blamed_clause() -> None:
    from shiftwatch.coder import Coder
    from shiftwatch.coder.blames import reported_blames
    from shiftwatch.coder.triggers import find_triggers

    doc = Coder().nlp("Britain said Russia was behind the attack on Salisbury.")
    pairs = reported_blames(doc[:], find_triggers(doc[:]))
    assert [(speech.lemma_, clause.lemma_) for speech, clause in pairs] == [("say", "be")]


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("In a phone call with Erdogan, Trump urged restraint.", ("USA", "TUR")),
        ("During a telephone conversation with Putin, Macron raised concerns.", ("FRA", "RUS")),
    ],
)
def test_a_call_that_sets_the_scene_is_talks_of_the_speaker(
    text: str, pair: tuple[str, str]
) -> None:
    events = coded(text)
    assert ("CONSULT", *pair) in [e[:3] for e in events], events


def test_encircling_a_town_is_a_siege() -> None:
    events = coded("Turkish troops encircled the town of Afrin.")
    assert [e[0] for e in events] == ["COERCE"], events


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Trump ordered a cruise missile strike on Syrian military facilities.", ["ASSAULT"]),
        ("Putin ordered the withdrawal of Russian troops from Syria.", ["RETREAT"]),
        ("The UN Security Council ordered Iraq to destroy its weapons.", ["REQUEST"]),
    ],
)
def test_an_order_of_an_act_or_to_ones_own_forces_is_that_act(text: str, kinds: list[str]) -> None:
    events = coded(text)
    assert [e[0] for e in events] == kinds, events


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Turkey sent tanks towards the Syrian border.", ["MOBILIZE"]),
        ("The US dispatched an aircraft carrier to the Gulf.", ["MOBILIZE"]),
        ("Russia sent in warplanes to attack Idlib.", ["ASSAULT"]),
    ],
)
def test_sending_military_units_is_a_deployment_unless_sent_to_attack(
    text: str, kinds: list[str]
) -> None:
    events = coded(text)
    assert [e[0] for e in events] == kinds, events


@pytest.mark.parametrize(
    "text",
    [
        "Islamic State blocked the escape of civilians from Raqqa.",
        "Syrian troops prevented civilians from leaving the enclave.",
        "Syrian troops cut off water and electricity to the town.",
        "Islamic State closed the roads out of Raqqa to civilians.",
        "The Syrian Democratic Forces are holding the British men in a prison.",
        "Russian military police searched the houses of the displaced.",
        "Britain revoked the citizenship of the two men.",
    ],
)
def test_restricting_movement_withholding_supplies_and_detaining_are_coercion(text: str) -> None:
    events = coded(text)
    assert [e[0] for e in events] == ["COERCE"], events


def test_blocking_roads_in_protest_stays_a_protest() -> None:
    events = coded("Turkish protesters blocked the main road to the airport.")
    assert "COERCE" not in [e[0] for e in events], events


@pytest.mark.parametrize(
    "text",
    [
        "Syrian government forces pushed into the rebel enclave.",
        "The SDF routed Isis fighters in Hajin.",
        "Syrian helicopters dropped barrel bombs on Douma.",
        "Syrian rebels fired rockets into Damascus.",
    ],
)
def test_pushing_in_routing_dropping_bombs_and_firing_rockets_are_attacks(text: str) -> None:
    events = coded(text)
    assert [e[0] for e in events] == ["ASSAULT"], events


def test_firing_a_minister_is_no_attack() -> None:
    assert coded("Trump fired Rex Tillerson in March.") == []


def test_an_extending_override_keeps_the_derived_rows_of_its_lemma() -> None:
    from shiftwatch.coder.tables import lexicon

    rules = lexicon()[("VERB", "end")]
    origins = {rule.origin.split(":")[0] for rule in rules}
    assert {"coder/lexicon/overrides.tsv", "coder/lexicon/petrarch_verbs.tsv"} <= origins
    assert [e[0] for e in coded("The United States ended its support for the rebels.")] == [
        "SANCTION"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Britain wants Russia to explain the attack.", [("REQUEST", "GBR", "RUS")]),
        ("Turkey wants to join the European Union.", []),
        (
            "The Syrian opposition voted on Saturday not to attend the conference with Russia.",
            [("REJECT", "SYR", "RUS")],
        ),
    ],
)
def test_wanting_another_to_act_is_a_request_and_voting_not_to_attend_a_refusal(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert [e[:3] for e in coded(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Turkey regards the YPG as terrorists.", ("ACCUSE", "TUR", "SYR")),
        ("Turkey considers the YPG a terrorist group.", ("ACCUSE", "TUR", "SYR")),
        ("Turkey put the British men on trial.", ("ACCUSE", "TUR", "GBR")),
    ],
)
def test_labelling_an_actor_as_a_wrong_or_trying_it_is_an_accusation(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert [e[:3] for e in coded(text)] == [expected]


def test_naming_strikes_an_aggression_calls_no_labour_strike() -> None:
    events = coded("Moscow called the strikes an act of aggression.")
    assert "PROTEST" not in [e[0] for e in events], events


def test_a_deeper_mention_of_terrorism_labels_nobody() -> None:
    text = "Salih said the US presence in Iraq was the result of an agreement to fight terrorism."
    assert "ACCUSE" not in [e[0] for e in coded(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the visitor is the source, the host the target (GUIDELINES)
        ("Erdogan welcomed Putin to Ankara.", [("CONSULT", "RUS", "TUR")]),
        ("Erdogan and Trump discussed Syria in a phone call.", [("CONSULT", "TUR", "USA")]),
    ],
)
def test_welcoming_a_visitor_is_hosting_and_a_call_under_talks_is_those_talks(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert [e[:3] for e in coded(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The US decision angered Russia.", ("ACCUSE", "RUS", "USA")),
        ("Ankara has been angered by the YPG's expansion in Syria.", ("ACCUSE", "TUR", "SYR")),
        ("Erdogan's government has seethed over US support for the YPG.", ("ACCUSE", "TUR", "USA")),
    ],
)
def test_an_actor_angered_by_anothers_act_disapproves_of_it(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in [e[:3] for e in coded(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The US president torpedoed the Iran nuclear deal.", [("SANCTION", "USA", "IRN")]),
        ("Washington slapped sanctions on Turkish ministers.", [("SANCTION", "USA", "TUR")]),
        ("Washington froze aid to the Palestinians.", [("SANCTION", "USA", "PSE")]),
        ("The Arab League suspended Syria's membership.", [("SANCTION", "ARL", "SYR")]),
        ("The UN has cautioned that conditions for return have not been met.", []),
    ],
)
def test_wrecking_deals_and_freezing_aid_are_sanctions_and_a_caution_may_only_foretell(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert [e[:3] for e in coded(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Turkey called for Assad to step down.", [("REQUEST", "TUR", "SYR")]),
        (
            "Britain led calls for the Syrian president to leave office.",
            [("REQUEST", "GBR", "SYR")],
        ),
    ],
)
def test_what_a_call_for_asks_is_the_content_of_the_request(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert [e[:3] for e in coded(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Kurdish administration invited the Syrian army to protect the border.",
            "REQUEST",
        ),
        ("Russia invited Turkey to attend the summit in Sochi.", "AGREE"),
        ("Turkey sought the extradition of Gulen from the US.", "REQUEST"),
    ],
)
def test_an_invitation_to_act_and_seeking_an_extradition_are_requests(
    text: str, expected: str
) -> None:
    assert [e[0] for e in coded(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Afghan rebels exploded a series of bombs in Kabul.", "ASSAULT"),
        ("North Korea exploded a nuclear device.", "MOBILIZE"),
    ],
)
def test_exploding_bombs_is_a_bombing_and_a_nuclear_test_a_show_of_force(
    text: str, expected: str
) -> None:
    assert [e[0] for e in coded(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kurdish forces in Syria have dismantled Islamic State's caliphate.", "ASSAULT"),
        ("Russia dismantled its checkpoints around Idlib.", "RETREAT"),
    ],
)
def test_dismantling_anothers_is_defeating_it_and_ones_own_a_de_escalation(
    text: str, expected: str
) -> None:
    assert [e[0] for e in coded(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Syrian government forces used chlorine against rebel fighters in Douma.", ["SYR"]),
        ("Russian jets used cluster munitions on the town of Saraqib.", ["RUS"]),
        ("The Iraqi army used the old road to reach Mosul.", []),
    ],
)
def test_using_weapons_is_the_attack_and_using_anything_else_is_no_act(
    text: str, expected: list[str]
) -> None:
    events = coded(text)
    assert [e[1] for e in events if e[0] == "ASSAULT"] == expected, events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Foreign Office said Britain would expel Russian diplomats unless Moscow "
            "explained the poisoning.",
            [("THREATEN", "GBR", "RUS", "asserted")],
        ),
        (
            "Washington would impose sanctions on Ankara if it bought the Russian missiles, "
            "the White House said.",
            [("THREATEN", "USA", "TUR", "asserted")],
        ),
        (
            "The Turkish president said Turkey would attack the YPG in Afrin.",
            [("THREATEN", "TUR", "SYR", "asserted")],
        ),
        # an announced exit from a deal is that act, future; a forecast by others is no threat
        (
            "Trump announced the US would withdraw from the Iran deal.",
            [("SANCTION", "USA", "IRN", "future")],
        ),
        (
            "Analysts said Israel would bomb the depot if the convoy crossed the border.",
            [("ASSAULT", "ISR", None, "hypothetical")],
        ),
    ],
)
def test_harm_its_doer_says_it_will_do_is_a_threat(
    text: str, expected: list[tuple[str, str, str | None, str]]
) -> None:
    events = [e for e in coded(text) if e[0] in ("THREATEN", "ASSAULT", "SANCTION")]
    assert events == expected, events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Damascus finally gave in to the demands of the Arab League.", ["CONCEDE"]),
        ("The Turkish president gave a speech in Ankara on Tuesday.", []),
        ("Assad has won the conflict, and talks in Geneva made little progress.", []),
        ("The Iraqi army went ahead with the operation.", []),
    ],
)
def test_lexicon_readings_that_name_no_act(text: str, expected: list[str]) -> None:
    """A particle with no object ("gave in") is the verb's, a preposition heading a phrase
    ("gave a speech in Ankara") is not; a conflict won, progress made and going ahead are no
    acts (overrides of PETRARCH2-derived readings)."""
    assert [e[0] for e in coded(text)] == expected


def test_a_noun_hyphenated_to_a_participle_names_no_act() -> None:
    from shiftwatch.coder import Coder
    from shiftwatch.coder.triggers import find_triggers

    doc = Coder().nlp("Government forces took over opposition-held areas near Daraa.")
    assert "opposition" not in [t.token.text for t in find_triggers(doc[:])]


def test_calling_anothers_act_unacceptable_or_reckless_is_an_accusation() -> None:
    events = coded("Ankara said Washington's decision to arm the militia was unacceptable.")
    assert ("ACCUSE", "TUR", "USA", "asserted") in events, events


def test_military_strikes_are_attacks_even_after_on() -> None:
    """ "a decision on military strikes": the labour-strike row's light verb "on" ("went on
    strike") must not read a modified strike as a walkout."""
    from shiftwatch.coder import Coder
    from shiftwatch.coder.triggers import find_triggers

    doc = Coder().nlp("Western leaders delayed a decision on military strikes against Syria.")
    kinds = {t.token.text: t.rule.type for t in find_triggers(doc[:])}
    assert kinds.get("strikes") == "ASSAULT", kinds


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("A Saudi-led coalition, backed by the US, launched airstrikes on Yemen.", "AID"),
        ("Assad, supported by Moscow, has bombed rebel towns in Idlib.", "AID"),
        ("The proposal, supported by France, was adopted by the Security Council.", "SUPPORT"),
    ],
)
def test_backing_a_party_that_fights_in_its_clause_is_military_aid(text: str, kind: str) -> None:
    events = coded(text)
    assert {e[0] for e in events} & {"AID", "SUPPORT"} == {kind}, events


def test_backing_that_is_the_purpose_of_sending_people_is_military_aid() -> None:
    events = coded("Iran sent military advisers to Damascus to support the Syrian president.")
    assert [e[:3] for e in events if e[0] in ("AID", "SUPPORT")] == [("AID", "IRN", "SYR")], events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Lebanon's prime minister expressed strong reservations about the American plan.",
            ("ACCUSE", "LBN", "USA", "asserted"),
        ),
        (
            "The Egyptian government voiced its dismay at the Ethiopian dam project.",
            ("ACCUSE", "EGY", "ETH", "asserted"),
        ),
    ],
)
def test_disapproval_a_speaker_expresses_is_an_accusation(
    text: str, expected: tuple[str, str, str, str]
) -> None:
    assert coded(text) == [expected]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Iranian support for the Syrian government has kept Assad in power.", "AID"),
        ("French support for the German proposal surprised the Italian government.", "SUPPORT"),
    ],
)
def test_a_states_support_for_another_government_is_aid(text: str, kind: str) -> None:
    events = coded(text)
    assert {e[0] for e in events} & {"AID", "SUPPORT"} == {kind}, events


def test_taking_a_town_or_control_is_a_seizure_and_taking_part_no_pact() -> None:
    # the curated "take hostage" row extends PETRARCH2's take patterns instead of hiding them
    assert [e[:2] for e in coded("Hezbollah took the town of Qusair in June.")] == [
        ("COERCE", "HEZBOLLAH")
    ]
    assert ("COERCE", "HEZBOLLAH") in [
        e[:2] for e in coded("Hezbollah took control of the border crossing.")
    ]
    assert ("ASSAULT", "ISIS") in [e[:2] for e in coded("Isis took the aid workers hostage.")]
    assert "AGREE" not in [e[0] for e in coded("Iran took part in the talks.")]
