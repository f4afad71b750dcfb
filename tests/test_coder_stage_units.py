"""Each stage of the coder on its own: the stage's function called on a parsed sentence, not
the whole coder, so a failure names the stage that broke.

Sentences are written for these tests; one spaCy pipeline is loaded for the module.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
import spacy

from shiftwatch import extract
from shiftwatch.coder import Coder, meetings, roles
from shiftwatch.coder.arguments import MentionIndex
from shiftwatch.coder.assemble import dedupe_events
from shiftwatch.coder.imperatives import quoted_commands
from shiftwatch.coder.modality import modality
from shiftwatch.coder.quantities import event_location, quantity
from shiftwatch.coder.retype import harm_targets, promised
from shiftwatch.coder.scopes import content_scopes, existing_agreement, reported_demands
from shiftwatch.coder.sentences import is_codable, split_sentences
from shiftwatch.coder.targets import between_pair, target_actors
from shiftwatch.coder.time_expressions import time_expressions
from shiftwatch.coder.triggers import Trigger, find_triggers, noun_behind_quantity, object_of
from shiftwatch.models import ActorRef, Event


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def parse(coder: Coder, text: str) -> spacy.tokens.Doc:
    return coder.nlp(text)


def trigger(triggers: list[Trigger], word: str) -> Trigger:
    return next(t for t in triggers if t.token.text == word)


# --- sentences ------------------------------------------------------------------------------


def test_sentences_cut_at_line_breaks_and_headings_are_not_coded(coder: Coder) -> None:
    doc = parse(coder, "Russia and North Korea\nMoscow sent troops to the border on Monday.")
    spans = split_sentences(doc)
    assert [s.text for s in spans] == [
        "Russia and North Korea",
        "Moscow sent troops to the border on Monday.",
    ]
    assert [is_codable(s) for s in spans] == [False, True]


# --- candidates (triggers) ------------------------------------------------------------------


def test_candidates_are_verbs_and_event_nouns_with_their_objects(coder: Coder) -> None:
    doc = parse(coder, "Russia launched airstrikes on rebel towns near Aleppo.")
    found = find_triggers(doc[:])
    assert trigger(found, "airstrikes").rule.type == "ASSAULT"
    assert trigger(found, "airstrikes").rule.pos == "NOUN"
    launched = next(t for t in doc if t.text == "launched")
    assert object_of(launched) is not None and object_of(launched).text == "airstrikes"


def test_the_object_is_the_noun_behind_a_quantity_word(coder: Coder) -> None:
    doc = parse(coder, "The army detained hundreds of protesters in Minsk.")
    hundreds = next(t for t in doc if t.text == "hundreds")
    assert noun_behind_quantity(hundreds).text == "protesters"
    detained = trigger(find_triggers(doc[:]), "detained")
    assert detained.obj is not None and detained.obj.text == "protesters"


def test_a_framed_override_of_no_event_stops_the_lemma_in_that_frame_only(coder: Coder) -> None:
    """overrides.tsv: "meet obj:response ... NONE" wins over the bare curated "meet" row."""
    resisted = parse(coder, "The Turkish plan met fierce resistance from Washington.")
    assert find_triggers(resisted[:]) == []
    talks = parse(coder, "Putin met Erdogan in Sochi on Monday.")
    assert trigger(find_triggers(talks[:]), "met").rule.type == "CONSULT"
    ahead = parse(coder, "Turkey pressed ahead with its plan.")
    assert [t.token.text for t in find_triggers(ahead[:])] == []
    pressed = parse(coder, "Turkey pressed Washington to end its support for the militia.")
    assert trigger(find_triggers(pressed[:]), "pressed").rule.type == "REQUEST"


def test_a_word_inside_a_date_is_no_trigger(coder: Coder) -> None:
    doc = parse(coder, "The war began in March 2011, and thousands joined a march on Damascus.")
    found = [t.token.text for t in find_triggers(doc[:])]
    assert "March" not in found  # the month, not a protest march
    assert "march" in found


# --- scopes ---------------------------------------------------------------------------------


def test_the_content_of_a_demand_is_no_act_of_its_own(coder: Coder) -> None:
    doc = parse(coder, "Iran urged Iraq to withdraw its troops.")
    found = find_triggers(doc[:])
    content, _, conflict = content_scopes(found)
    assert trigger(found, "withdraw").token.i in content
    assert trigger(found, "urged").token.i not in content
    assert conflict[trigger(found, "urged").token.i] is False


def test_a_demand_nouns_clause_hung_on_the_verb_is_still_its_content(coder: Coder) -> None:
    # the parser hangs "for the president to leave office" on "renewed", not on "calls"
    doc = parse(coder, "Britain renewed its calls for the Syrian president to leave office.")
    found = find_triggers(doc[:])
    content, _, _ = content_scopes(found)
    assert trigger(found, "leave").token.i in content
    events = extract(doc.text)
    assert [(e.type, e.source.code, e.target and e.target.code) for e in events] == [
        ("REQUEST", "GBR", "SYR")
    ]


def test_an_aside_inside_a_demand_is_the_writers_own_statement(coder: Coder) -> None:
    """ ", which have provided arms": a non-restrictive relative clause states a fact about a
    party; a restrictive one ("troops that attacked") stays part of what is demanded."""
    doc = parse(
        coder,
        "Trump urged Turkey to avoid clashes with US forces, which have provided arms to the "
        "Kurdish militias.",
    )
    found = find_triggers(doc[:])
    content, _, _ = content_scopes(found)
    assert trigger(found, "provided").token.i not in content
    assert trigger(found, "clashes").token.i in content


def test_a_vow_of_harm_is_conflict(coder: Coder) -> None:
    doc = parse(coder, "Iran vowed revenge against Israel.")
    found = find_triggers(doc[:])
    _, _, conflict = content_scopes(found)
    vowed = trigger(found, "vowed")
    assert conflict[vowed.token.i] is True
    assert vowed.obj is not None
    assert [t.text for t in harm_targets(vowed.obj)] == ["Israel"]


def test_a_reported_must_is_a_demand(coder: Coder) -> None:
    doc = parse(coder, "The minister said Israel must end the blockade.")
    assert [(a.text, b.text) for a, b in reported_demands(doc[:])] == [("said", "end")]


def test_a_treaty_that_an_act_is_about_is_no_new_agreement(coder: Coder) -> None:
    about = parse(coder, "Protesters denounced the treaty between Russia and China.")
    signed = parse(coder, "Russia and China signed a treaty.")
    for doc, existing in ((about, True), (signed, False)):
        found = find_triggers(doc[:])
        verbs = {t.token.i for t in found if t.rule.pos == "VERB"}
        assert existing_agreement(trigger(found, "treaty"), verbs) is existing, doc.text


# --- arguments: targets ---------------------------------------------------------------------


def index_of(coder: Coder, doc: spacy.tokens.Doc) -> MentionIndex:
    return MentionIndex(doc, coder.resolver.resolve(doc))


def test_the_target_is_the_slot_the_lexicon_names(coder: Coder) -> None:
    doc = parse(coder, "Russia provided artillery shells to North Korea.")
    index = index_of(coder, doc)
    provided = trigger(find_triggers(doc[:]), "provided")
    sources = roles.source_actors(provided, index)
    targets, no_target = target_actors(provided, index, sources)
    assert [m.code for m in sources] == ["RUS"]
    assert [m.code for m in targets] == ["PRK"] and no_target is False


def test_an_unnamed_domestic_group_is_the_sources_own_people(coder: Coder) -> None:
    doc = parse(coder, "Police in Belarus arrested opposition activists.")
    index = index_of(coder, doc)
    arrested = trigger(find_triggers(doc[:]), "arrested")
    targets, _ = target_actors(arrested, index, roles.source_actors(arrested, index))
    assert [(m.code, m.sector) for m in targets] == [("BLR", "OPP")]


def test_the_pair_of_a_mutual_noun_is_between_x_and_y(coder: Coder) -> None:
    doc = parse(coder, "Talks between Iran and Saudi Arabia resumed in Baghdad.")
    talks = trigger(find_triggers(doc[:]), "Talks")
    assert [m.code for m in between_pair(talks.token, index_of(coder, doc))] == ["IRN", "SAU"]


def test_the_parties_of_a_summit_consult_its_host(coder: Coder) -> None:
    """meetings: a clause set at the summit names its parties; the state of its venue hosts."""
    doc = parse(
        coder,
        "Hours after a summit in Ankara at which the Greek prime minister pressed Bulgaria and "
        "Turkey on border controls, Athens announced new patrols.",
    )
    index = index_of(coder, doc)
    summit = trigger(find_triggers(doc[:]), "summit").token
    sources, targets = meetings.parties(summit, index)
    assert {m.code for m in [*sources, *targets]} == {"GRC", "BGR", "TUR"}
    guests, hosts = meetings.hosted(summit, index, sources, targets)
    assert sorted(m.code for m in guests) == ["BGR", "GRC"]
    assert [m.code for m in hosts] == ["TUR"]


def test_the_guests_of_a_hosted_summit_consult_the_host(coder: Coder) -> None:
    doc = parse(coder, "Egypt hosted a summit in Cairo with Jordan and Iraq.")
    summit = trigger(find_triggers(doc[:]), "summit").token
    guests, hosts = meetings.parties(summit, index_of(coder, doc))
    assert [m.code for m in guests] == ["JOR", "IRQ"] and [m.code for m in hosts] == ["EGY"]


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("The talks that began in May between Chile and Peru stalled.", ["CHL", "PER"]),
        ("The Santiago-Lima talks stalled over water rights.", ["CHL", "PER"]),
    ],
)
def test_the_parties_of_talks_named_on_their_clause_or_before_them(
    coder: Coder, text: str, pair: list[str]
) -> None:
    doc = parse(coder, text)
    talks = trigger(find_triggers(doc[:]), "talks").token
    sources, targets = meetings.parties(talks, index_of(coder, doc))
    assert [m.code for m in [*sources, *targets]] == pair


def test_a_visit_for_sponsored_talks_is_a_visit_to_the_sponsor(coder: Coder) -> None:
    doc = parse(
        coder, "A Sudanese delegation will arrive in Nairobi for the first UN-sponsored talks."
    )
    arrive = trigger(find_triggers(doc[:]), "arrive").token
    index = index_of(coder, doc)
    sources = roles.source_actors(trigger(find_triggers(doc[:]), "arrive"), index)
    _, hosts = meetings.hosted(arrive, index, sources, [])
    assert [m.code for m in sources] == ["SDN"] and [m.code for m in hosts] == ["UN"]


def test_a_meeting_named_from_either_party_is_one_event() -> None:
    there = replace(event("UKR", 0.5), type="CONSULT")
    back = replace(there, source=ActorRef(code="UKR"), target=ActorRef(code="RUS"), confidence=0.6)
    kept = dedupe_events([there, back], {id(there): 1, id(back): 1})
    assert [e.confidence for e in kept] == [0.6]


# --- type -----------------------------------------------------------------------------------


def test_a_cooperative_act_promised_to_somebody_is_an_offer(coder: Coder) -> None:
    doc = parse(coder, "China will provide aid to Cuba.")
    provide = trigger(find_triggers(doc[:]), "provide").token
    assert modality(provide) == "future"
    assert promised(provide, "AID", "future", has_target=True)
    assert not promised(provide, "AID", "future", has_target=False)
    assert not promised(provide, "ASSAULT", "future", has_target=True)


# --- modality -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Russia sent troops to Syria.", "asserted"),
        ("Russia may have sent troops to Syria.", "alleged"),
        ("Russia reportedly sent troops to Syria.", "alleged"),
        ("Russia will send troops to Syria.", "future"),
        ("Russia did not send troops to Syria.", "negated"),
        ("Russia denied that it had sent troops to Syria.", "negated"),
        ("If Russia sends troops to Syria, Turkey will respond.", "hypothetical"),
        # an open question: "whether" marks a complement or a preposition's clause too
        ("Ankara asked whether Russia had sent troops to Syria.", "hypothetical"),
        ("Inspectors gave no verdict on whether Russia sent troops to Syria.", "hypothetical"),
    ],
)
def test_modality_of_the_trigger(coder: Coder, text: str, label: str) -> None:
    doc = parse(coder, text)
    verb = next(t for t in doc if t.lemma_ == "send")
    assert modality(verb) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "A four-way meeting between Chile, Peru, Bolivia and Ecuador to be held in Quito on "
            "Monday has been described by diplomats as crucial.",
            "future",
        ),
        ("A meeting to be held in Lima on Friday was announced.", "future"),
        ("The meeting between Chile and Peru was held in Lima on Friday.", "asserted"),
    ],
)
def test_a_gathering_to_be_held_is_future(coder: Coder, text: str, label: str) -> None:
    """ "to be held" makes the gathering a plan, wherever the parser hangs the infinitive."""
    meeting = next(t for t in parse(coder, text) if t.lemma_.lower() == "meeting")
    assert modality(meeting) == label


# --- quantities and location ----------------------------------------------------------------


def test_quantities_in_words_and_figures(coder: Coder) -> None:
    money = parse(coder, "Japan pledged $5bn to Ukraine.")
    assert quantity(next(t for t in money if t.text == "5bn")) == (5e9, "$")
    shells = parse(coder, "North Korea sent over a million artillery shells to Russia.")
    assert quantity(next(t for t in shells if t.text == "shells")) == (1e6, "artillery shells")


def test_the_location_is_a_place_named_on_the_trigger(coder: Coder) -> None:
    doc = parse(coder, "The army detained hundreds of protesters in Minsk.")
    assert event_location(next(t for t in doc if t.text == "detained")) == "Minsk"


# --- time expressions (text patterns: a blank tokenizer is enough) -------------------------


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("Troops crossed the border on Monday.", False, [("Monday", date(2020, 3, 2), "day")]),
        ("The leaders will meet on Friday.", True, [("Friday", date(2020, 3, 6), "day")]),
        ("The war began three years ago.", False, [("three years ago", date(2017, 1, 1), "year")]),
        ("Strikes hit the port last week.", False, [("last week", date(2020, 2, 24), "week")]),
        ("The talks failed in May.", False, [("May", date(2019, 5, 1), "month")]),
        ("They signed on 20 January.", False, [("20 January", date(2020, 1, 20), "day")]),
        ("The siege has lasted since 2011.", False, []),
    ],
)
def test_time_expressions_resolve_against_publication(
    text: str, future: bool, expected: list[tuple[str, date, str]]
) -> None:
    doc = spacy.blank("en")(text)
    found = time_expressions(doc[:], date(2020, 3, 4), future)  # a Wednesday
    assert [(t.text, t.when.date, t.when.precision) for t in found] == expected


# --- demands and commands -------------------------------------------------------------------


def test_quoted_command_pairs_the_speech_verb_with_the_imperative(coder: Coder) -> None:
    doc = parse(coder, "“Stop the bombing,” the Turkish president said.")
    assert [(a.text, b.text) for a, b in quoted_commands(doc[:])] == [("said", "Stop")]


def test_a_reported_demand_is_a_request_by_the_speaker() -> None:
    events = extract("The French foreign minister said Iran must release the prisoners.")
    assert [(e.source.code, e.type, e.cameo, e.target and e.target.code) for e in events] == [
        ("FRA", "REQUEST", "100", "IRN")
    ]


# --- dedupe ---------------------------------------------------------------------------------


def event(target: str | None, confidence: float) -> Event:
    return Event(
        doc_id="d",
        sentence_idx=0,
        sentence="s",
        date=None,
        source=ActorRef(code="RUS"),
        target=ActorRef(code=target) if target else None,
        type="ASSAULT",
        confidence=confidence,
    )


def test_dedupe_keeps_the_surest_event_and_drops_a_targetless_duplicate() -> None:
    kept = dedupe_events([event("UKR", 0.5), event("UKR", 0.7), event(None, 0.9)])
    assert [(e.target and e.target.code, e.confidence) for e in kept] == [("UKR", 0.7)]


# --- lemmas -----------------------------------------------------------------------------------


def test_lexicon_verbs_keep_their_lemma_when_a_rare_verb_is_one_letter_shorter(
    coder: Coder,
) -> None:
    from shiftwatch.coder.lemmas import shadowing_stems

    doc = parse(coder, "Students staged a sit-in while rebels waged war and spared no town.")
    lemmas = {t.text: t.lemma_ for t in doc if t.pos_ == "VERB"}
    assert lemmas == {"staged": "stage", "waged": "wage", "spared": "spare"}
    # the stem goes only when the lexicon does not know it as a verb of its own
    assert shadowing_stems({"stage", "stag"}, ["stag", "stage"]) == frozenset()
    assert shadowing_stems({"stage"}, ["stag", "stage"]) == frozenset({"stag"})


# --- local doers ------------------------------------------------------------------------------


def test_an_unknown_doer_is_of_the_one_state_its_sentence_names(coder: Coder) -> None:
    from shiftwatch.coder.local_doers import local_doer

    cases = {
        # a sector word heads the doer: of the sentence's one state, with that sector
        "Angry students from the Azadliq bloc staged rallies in Baku on Sunday.": ("AZE", "CVL"),
        "The local authorities arrested the editor in Ankara.": ("TUR", "GOV"),
        # no sector word: the parse's subject is no doer ("the prospect" acts on nobody)
        "The prospect of a deal in Kabul appeared to overpower the hardliners.": None,
        # strangers are not of the state they are in
        "Refugees arriving in Germany staged rallies on Sunday.": None,
        # two states named: no single place to put the doer in
        "The local authorities arrested a Turkish editor in Baku.": None,
    }
    for text, expected in cases.items():
        doc = parse(coder, text)
        index = MentionIndex(doc, coder.resolver.resolve(doc))
        found = [
            local_doer(doc[:], t, index)
            for t in find_triggers(doc[:])
            if t.rule.type in ("PROTEST", "COERCE", "ASSAULT")
        ]
        assert found, text  # the sentence has a candidate for the stage to place
        doers = [(m.code, m.sector) for hits in found for m in hits]
        assert doers == ([expected] if expected else []), text


def test_an_unknown_doer_behind_a_quantity_is_placed_where_it_acts(coder: Coder) -> None:
    """ "Thousands of students": the students act, not the number. When the sentence names more
    than one state, people, press and police are of the state where they act (a place phrase on
    the act or on what it is done to); what the act is done to is never their home, and troops
    or fighters, who often act abroad, are not placed."""
    from shiftwatch.coder.local_doers import local_doer

    cases = {
        "Thousands of students staged rallies in Baku on Sunday.": ("rallies", ("AZE", "CVL")),
        "Hundreds of people blocked roads in Baku to protest against Turkish pressure.": (
            "blocked",
            ("AZE", "CVL"),
        ),
        "Police arrested a Turkish editor in Baku.": ("arrested", ("AZE", "COP")),
        "Dozens of journalists criticised Turkish officials in Baku.": (
            "criticised",
            ("AZE", "MED"),
        ),
        "Protesters attacked the Turkish embassy in Tehran.": ("attacked", ("IRN", "CVL")),
        "Soldiers attacked Turkish troops in Idlib.": ("attacked", None),
    }
    for text, (word, expected) in cases.items():
        doc = parse(coder, text)
        index = MentionIndex(doc, coder.resolver.resolve(doc))
        found = local_doer(doc[:], trigger(find_triggers(doc[:]), word), index)
        assert [(m.code, m.sector) for m in found] == ([expected] if expected else []), text


def test_an_organ_of_a_state_is_no_place_an_act_happens_in(coder: Coder) -> None:
    """ "Killed in Russian airstrikes in Idlib": the airstrikes are Russia's, the place is Idlib,
    so the victims are Syria's; a place phrase naming a state's organ names no place."""
    from shiftwatch.coder.local_doers import local_victims, place_of_act

    for text in (
        "Twelve civilians were killed in Russian airstrikes in Idlib.",
        "Twelve civilians were killed in a market in Idlib.",
    ):
        doc = parse(coder, text)
        index = MentionIndex(doc, coder.resolver.resolve(doc))
        killed = trigger(find_triggers(doc[:]), "killed")
        assert place_of_act(killed.token, index) == "SYR", text
        sources = roles.source_actors(killed, index)
        victims = local_victims(doc[:], killed, index, sources)
        assert [(m.code, m.sector) for m in victims] == [("SYR", "CVL")], text


def test_an_unknown_doer_may_defy_an_organ_of_its_own_state(coder: Coder) -> None:
    """Press, people and opposition act against their own state's organs; a state named bare
    is still the other side, never the doer's home."""
    from shiftwatch.coder.local_doers import local_doer

    cases = {
        "A newspaper in Beirut defied a ban by the Lebanese army.": [("LBN", "MED")],
        "A newspaper in Tehran criticised Iran on Monday.": [],
    }
    for text, expected in cases.items():
        doc = parse(coder, text)
        index = MentionIndex(doc, coder.resolver.resolve(doc))
        found = [m for t in find_triggers(doc[:]) for m in local_doer(doc[:], t, index)]
        assert [(m.code, m.sector) for m in found][:1] == expected, text


@pytest.mark.parametrize(
    ("text", "word", "doer"),
    [
        ("Turkey is expected to launch an offensive against the YPG.", "offensive", "TUR"),
        ("Russia is believed to have bombed the hospital in Aleppo.", "bombed", "RUS"),
        ("Germany was obliged to withdraw its troops from Iraq.", "withdraw", "DEU"),
    ],
)
def test_the_subject_of_a_passive_does_what_follows_it(
    coder: Coder, text: str, word: str, doer: str
) -> None:
    # "X is expected / believed / obliged to act": the passive's subject acts
    doc = parse(coder, text)
    index = MentionIndex(doc, coder.resolver.resolve(doc))
    act = trigger(find_triggers(doc[:]), word)
    assert [m.code for m in roles.source_actors(act, index)] == [doer]


def test_an_apposition_names_whom_a_relation_noun_stands_for(coder: Coder) -> None:
    # the possessor of "ally" is the other side of the relation, not the actor
    doc = parse(coder, "Turkey's main ally, the United States, condemned the attack.")
    index = MentionIndex(doc, coder.resolver.resolve(doc))
    act = trigger(find_triggers(doc[:]), "condemned")
    assert [m.code for m in roles.source_actors(act, index)] == ["USA"]


def test_a_purpose_phrase_shares_the_doer_of_its_clause(coder: Coder) -> None:
    doc = parse(coder, "Turkey launched an offensive in Afrin in order to oust the YPG.")
    index = MentionIndex(doc, coder.resolver.resolve(doc))
    act = trigger(find_triggers(doc[:]), "oust")
    assert [m.code for m in roles.source_actors(act, index)] == ["TUR"]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The Syrian opposition blamed Russia for the airstrikes on Idlib.", "airstrikes"),
        ("France condemned Russia for the bombardment of Aleppo.", "bombardment"),
    ],
)
def test_whom_an_act_is_blamed_on_does_it(coder: Coder, text: str, word: str) -> None:
    doc = parse(coder, text)
    index = MentionIndex(doc, coder.resolver.resolve(doc))
    act = trigger(find_triggers(doc[:]), word)
    assert [m.code for m in roles.source_actors(act, index)] == ["RUS"]


def test_coordinated_doers_of_a_mutual_act_act_with_each_other() -> None:
    events = extract("Russia and Turkey agreed to hold talks in Sochi next week.")
    agree = [(e.source.code, e.target and e.target.code) for e in events if e.type == "AGREE"]
    assert agree == [("RUS", "TUR")]  # the first named is the source, not aimed at Sochi
    # two organs of one state are no pair: what they agreed on keeps its target
    events = extract("The British ambassador and the foreign secretary agreed to help Iraq.")
    assert {(e.source.code, e.target and e.target.code) for e in events if e.type == "AGREE"} == {
        ("GBR", "IRQ")
    }


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Russian jets killed 20 civilians in a market in Idlib.", ("SYR", "CVL")),
        ("A prominent journalist was killed in a car bomb explosion in Beirut.", ("LBN", "MED")),
        ("Russian jets killed 20 soldiers in a market in Idlib.", None),  # either side's
        # a state's unnamed domestic group, hit in another state, is that state's
        ("Turkey encircled Afrin in northern Syria, besieging 200,000 civilians.", ("SYR", "CVL")),
    ],
)
def test_victims_named_by_a_sector_word_are_of_the_place_they_are_hit(
    text: str, target: tuple[str, str] | None
) -> None:
    events = [e for e in extract(text) if e.type in ("ASSAULT", "COERCE")]
    assert events
    found = {(e.target.code, e.target.sector) for e in events if e.target is not None}
    if target is None:
        assert all(sector != "MIL" or code == "RUS" for code, sector in found)
    else:
        assert found == {target}


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Russian jets bombed the rebel-held province of Idlib.", ("SYR", "REB")),
        ("Iraqi forces recaptured Isis-held territory near Mosul.", ("ISIS", "")),
        ("Turkey launched an attack on the Kurdish enclave of Afrin.", ("SYR", "REB")),
        ("Syrian regime forces launched an offensive against rebel positions.", ("SYR", "REB")),
        ("Turkish jets bombed the town of Afrin.", ("SYR", "LOC")),  # no holder named: the place
        # the rebels of the towns named just before, not of the attacker the sentence names
        (
            "The Syrian army advanced near Idlib. Russian jets pounded rebel positions.",
            ("SYR", "REB"),
        ),
    ],
)
def test_an_attack_on_held_ground_hits_its_holder(text: str, target: tuple[str, str]) -> None:
    events = [e for e in extract(text) if e.type == "ASSAULT"]
    assert {(e.target.code, e.target.sector) for e in events if e.target is not None} == {target}


@pytest.mark.parametrize(
    ("text", "published", "target"),
    [
        # the record of who held the place that day names whom the act hit
        ("Kurdish-led forces stormed Raqqa on Monday.", date(2017, 7, 3), ("ISIS", "")),
        ("Russian jets bombed Idlib on Monday.", date(2018, 9, 4), ("SYR", "REB")),
        ("Turkish jets bombed the town of Afrin.", date(2018, 2, 1), ("SYR", "REB")),
        # after a capture the record is silent: news goes on naming the capture itself
        ("Turkish jets bombed the town of Afrin.", date(2019, 2, 1), ("SYR", "LOC")),
        ("Kurdish-led forces stormed Raqqa on Monday.", date(2018, 7, 3), ("SYR", "LOC")),
        # no day, no record
        ("Russian jets bombed Idlib on Monday.", None, ("SYR", "LOC")),
    ],
)
def test_an_attack_on_a_place_hits_whoever_held_it_that_day(
    text: str, published: date | None, target: tuple[str, str]
) -> None:
    events = [e for e in extract(text, published=published) if e.type == "ASSAULT"]
    assert {(e.target.code, e.target.sector) for e in events if e.target is not None} == {target}


def test_a_place_its_own_holder_attacks_keeps_its_name() -> None:
    events = extract("Islamic State fighters shelled Raqqa on Monday.", published=date(2016, 5, 2))
    assert {(e.target.code, e.target.sector) for e in events if e.target} == {("SYR", "LOC")}


def test_a_town_before_an_act_is_where_not_who(coder: Coder) -> None:
    doc = parse(coder, "She spoke of the Manchester attack and the Russian attack on Aleppo.")
    index = MentionIndex(doc, coder.resolver.resolve(doc))
    attacks = [t for t in find_triggers(doc[:]) if t.token.text == "attack"]
    assert [[m.code for m in roles.source_actors(t, index)] for t in attacks] == [[], ["RUS"]]


# --- co-doers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The US, along with Britain and France, bombed Syria on Saturday.", "bombed"),
        ("Britain joined the US and France in bombing Syria.", "bombing"),
        ("Airstrikes by the US, Britain and France hit Syria on Saturday.", "Airstrikes"),
        ("The strikes by American, British and French jets targeted Syria.", "targeted"),
    ],
)
def test_every_doer_of_a_shared_act_is_a_source(coder: Coder, text: str, word: str) -> None:
    doc = parse(coder, text)
    index = MentionIndex(doc, coder.resolver.resolve(doc))
    assault = trigger(find_triggers(doc[:]), word)
    sources = roles.source_actors(assault, index)
    assert sorted({m.code for m in sources}) == ["FRA", "GBR", "USA"]
    targets, _ = target_actors(assault, index, sources)
    assert {m.code for m in targets} <= {"SYR"}  # no co-doer is aimed at


def test_a_gathering_that_sets_a_scene_is_held_with_whom_its_doer_deals(coder: Coder) -> None:
    """Everyone at the gathering other than its host (the state of its venue) consults the host:
    the guidelines' visitor is the source, the host the target."""
    cases = {
        "At a summit in Tehran on Friday, Erdogan urged Russia and Iran to halt the offensive.": {
            ("TUR", "IRN"),
            ("RUS", "IRN"),
        },
        "During talks in Moscow, Lavrov told his Syrian counterpart that the troops would stay.": {
            ("SYR", "RUS")
        },
    }
    for text, pairs in cases.items():
        consults = {
            (e.source.code, e.target.code if e.target else None)
            for e in extract(text)
            if e.type == "CONSULT"
        }
        assert consults == pairs, text


# --- dedupe: one event per act ----------------------------------------------------------------


def test_separate_acts_with_the_same_codes_stay_separate_events(coder: Coder) -> None:
    def assaults(text: str) -> list[tuple[str, str | None]]:
        return [
            (e.source.code, e.target.code if e.target else None)
            for e in extract(text)
            if e.type == "ASSAULT"
        ]

    # two acts: each verb has its own object
    assert assaults("Turkish jets bombed Syrian rebels and shelled Syrian rebels near Afrin.") == [
        ("TUR", "SYR"),
        ("TUR", "SYR"),
    ]
    # one act told by a light verb and its noun, or by alternatives
    assert assaults("Turkey launched an offensive against Syrian rebels on Saturday.") == [
        ("TUR", "SYR")
    ]
    assert assaults("Turkish jets struck Syrian rebels, killing or wounding 50.") == [
        ("TUR", "SYR")
    ]


def test_a_response_with_an_act_is_the_responders_act(coder: Coder) -> None:
    text = "Hezbollah fired rockets at northern Israel, and Israel responded with artillery fire."
    pairs = [(e.source.code, e.target.code if e.target else None) for e in extract(text)]
    assert ("ISR", "HEZBOLLAH") in pairs and pairs.count(("HEZBOLLAH", "ISR")) == 1


def test_a_document_speaks_for_whoever_issues_it_not_for_whoever_blocks_it(coder: Coder) -> None:
    issued = extract("Turkey issued a statement condemning the Syrian government.")
    assert [(e.type, e.source.code) for e in issued if e.type == "ACCUSE"] == [("ACCUSE", "TUR")]
    vetoed = extract("Russia vetoed a UN resolution condemning the Syrian government.")
    assert not [e for e in vetoed if e.type == "ACCUSE" and e.source.code == "RUS"]


def test_armed_men_loyal_to_a_side_are_that_side(coder: Coder) -> None:
    def sources(text: str) -> list[tuple[str, str]]:
        return [(e.source.code, e.source.sector) for e in extract(text) if e.type == "ASSAULT"]

    assert sources("Forces loyal to Assad shelled the town of Douma.") == [("SYR", "MIL")]
    assert sources("Fighters loyal to the Islamic State killed 12 soldiers in Iraq.") == [
        ("ISIS", "")
    ]


def test_a_clause_that_follows_from_an_act_does_not_take_its_victim_as_doer(coder: Coder) -> None:
    [event] = [e for e in extract("Rebels ambushed a convoy of Nigerian soldiers, killing 12.")]
    assert (event.source.code, event.source.sector) == ("NGA", "REB")


def test_the_doer_of_an_act_named_behind_a_quantity(coder: Coder) -> None:
    # "by" hangs on the quantity word ("dozens"), not on the act
    text = "Since 2013 there have been dozens of chemical attacks by the Syrian regime."
    assert [(e.type, e.source.code) for e in extract(text)] == [("ASSAULT", "SYR")]


def test_the_doer_of_an_act_named_after_what_it_is_done_to(coder: Coder) -> None:
    # "by" hangs on the object of "of" (what the act is done to), not on the act
    doc = parse(coder, "The bombardment of the enclave by Russian and Syrian planes went on.")
    index = MentionIndex(doc, coder.resolver.resolve(doc))
    bombardment = trigger(find_triggers(doc[:]), "bombardment")
    assert sorted(m.code for m in roles.source_actors(bombardment, index)) == ["RUS", "SYR"]


def test_what_an_act_gives_is_no_act_of_its_own(coder: Coder) -> None:
    given = extract("Iran provided a million artillery shells to Syria.")
    assert [(e.type, e.source.code) for e in given] == [("AID", "IRN")]


def test_the_toll_of_an_attack_is_that_attack(coder: Coder) -> None:
    def assaults(text: str) -> list[str]:
        return [e.trigger for e in extract(text) if e.type == "ASSAULT"]

    assert assaults("Turkish jets bombed a YPG position and killed 12 fighters.") == ["bombed"]
    # one event: the toll names whom the shelling hit (the capital's people), kept over the
    # vaguer target of the same act
    shelling = [
        (e.source.code, e.target and (e.target.code, e.target.sector))
        for e in extract("Syrian rebels shelled Damascus, killing 12 people and wounding 50.")
        if e.type == "ASSAULT"
    ]
    assert shelling == [("SYR", ("SYR", "CVL"))]
    # two acts still: neither conjunct counts the dead of the other
    assert assaults("Russian jets bombed the town and shelled the camp.") == ["bombed", "shelled"]


def test_an_armed_actor_aimed_at_or_compared_with_is_no_doer(coder: Coder) -> None:
    def doers(text: str) -> list[str]:
        return [e.source.code for e in extract(text) if e.type == "ASSAULT"]

    assert "ISIS" not in doers("A British volunteer joined the fight against Islamic State.")
    assert "ISIS" not in doers(
        "Like Islamic State before them, the new militias are reported to use torture."
    )
    # the one armed actor named as the doer still is
    assert doers("The base was hit by a surprise attack, Islamic State said.") == ["ISIS"]


def test_a_protest_that_an_envoy_is_summoned_for_is_a_diplomatic_protest(coder: Coder) -> None:
    summoned = extract("South Korea summoned the Russian ambassador to protest the new pact.")
    assert [(e.type, e.source.code) for e in summoned] == [("ACCUSE", "KOR")]
    strike = extract("Hundreds of Turks began a hunger strike to protest against Sweden.")
    assert [e.type for e in strike] == ["PROTEST"]


def test_a_kind_of_act_takes_no_doer_from_the_document(coder: Coder) -> None:
    def triggers(text: str) -> list[str]:
        return [e.trigger for e in extract(f"Turkish jets bombed Afrin on Monday. {text}")]

    assert triggers("Western leaders call this justifiable grounds for attack.") == ["bombed"]
    assert triggers("The region has suffered the strain of invasion and insurrection.") == [
        "bombed"
    ]
    # a stretch of it is an act under way, a report of it an alleged one
    assert triggers("After three days of bombardment, the town fell.") == [
        "bombed",
        "bombardment",
    ]
    # what someone is accused of is an alleged act, whose doer the sentence may name
    accused = extract("Kotey is also accused of torture while serving as an Isis jailer.")
    assert [(e.trigger, e.source.code) for e in accused] == [("torture", "ISIS")]


def test_striking_a_deal_is_no_attack(coder: Coder) -> None:
    dealt = extract("Turkey struck a deal with Russia over Idlib.")
    assert [(e.type, e.source.code) for e in dealt] == [("AGREE", "TUR")]
    struck = extract("Russian jets struck rebel positions near Idlib.")
    assert [e.type for e in struck] == ["ASSAULT"]


def test_a_target_or_protection_is_no_act(coder: Coder) -> None:
    assert extract("Britain hit the UN aid spending target.") == []
    assert extract("Kurdish fighters sought protection from Syrian troops.") == []
    targeted = extract("Russian jets target civilians in Idlib.")
    assert [(e.type, e.trigger) for e in targeted] == [("ASSAULT", "target")]


def test_who_causes_or_inflicts_an_act_does_it(coder: Coder) -> None:
    text = "In 2018 Turkey invaded Afrin, causing bloodshed, displacement and ethnic cleansing."
    assert [(e.source.code, e.trigger) for e in extract(text) if e.type == "ASSAULT"] == [
        ("TUR", "invaded"),
        ("TUR", "cleansing"),
    ]


def test_one_act_told_twice_with_and_without_a_sector_is_one_event(coder: Coder) -> None:
    events = extract("The US envoy travelled to Ankara for talks with Erdogan.")
    assert [(e.type, e.source.code, e.source.sector) for e in events] == [("CONSULT", "USA", "GOV")]


def test_a_meetings_venue_is_not_where_its_unnamed_delegates_come_from(coder: Coder) -> None:
    assert not [
        e
        for e in extract("The opposition will attend the talks in Sochi.")
        if e.source.code == "RUS"
    ]


def test_a_call_by_phone_is_talks_between_the_callers(coder: Coder) -> None:
    for text in (
        "Erdogan and Putin spoke by phone on Monday.",
        "Putin spoke with Erdogan over the phone.",
    ):
        assert {
            (e.type, *sorted((e.source.code, e.target.code if e.target else "")))
            for e in extract(text)
        } == {("CONSULT", "RUS", "TUR")}, text
    # speaking by phone to nobody named is no talks
    assert not extract("Speaking by phone from Ankara, Erdogan said the offensive would go on.")


def test_forces_massing_mobilise() -> None:
    events = [
        e for e in extract("Pro-government forces are massing near Idlib.") if e.type == "MOBILIZE"
    ]
    assert [(e.source.code, e.source.sector) for e in events] == [("SYR", "")]


def test_an_act_planned_or_prepared_is_future_and_its_planners() -> None:
    for text, doer in (
        ("Turkey plans an offensive on Afrin.", "TUR"),
        ("Russia is preparing an assault on Idlib.", "RUS"),
    ):
        events = [e for e in extract(text) if e.type == "ASSAULT"]
        assert [(e.source.code, e.modality) for e in events] == [(doer, "future")]
    # "set fire to" is no plan: the act happened
    [fire] = [
        e
        for e in extract("Islamic State fighters set fire to the building.")
        if e.type == "ASSAULT"
    ]
    assert fire.modality == "asserted"
