"""Source and target of a trigger, read from the dependency parse rather than word order.

Verbs: the subject is the source (the "by" agent of a passive), the object the target (the
subject of a passive), or the object of the preposition the lexicon names ("surrender to X").
Subjectless verbs borrow one: an xcomp from its controller ("urged Iraq to ..." -> Iraq), a
conjunct from the first verb, a participle from the clause it hangs on. Verbal nouns: the
possessor, a "by" phrase, a naming modifier ("Russian strikes"), "of X" when the lexicon says
so, or the subject of the light verb that governs them ("held talks", "launched strikes").
Targets are in ``coder.targets``; turning an argument into actors in ``coder.arguments``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.coder.arguments import (
    MAX_DEPTH,
    SUBJECT_DEPS,
    Mention,
    MentionIndex,
    actors_of,
    dedupe,
    pobjs,
)
from shiftwatch.coder.cue_lists import words
from shiftwatch.coder.noun_parties import company, giver, listed_after
from shiftwatch.coder.occasions import occasion_owner
from shiftwatch.coder.split_lists import bare_conjuncts, split_doers
from shiftwatch.coder.summaries import summarised_doers
from shiftwatch.coder.triggers import Trigger, cues, is_passive, noun_behind_quantity, object_of

if TYPE_CHECKING:
    from spacy.tokens import Token

# Kinds of mention (the resolver's labels) that name a place whose state can be a source.
PLACE_KINDS = frozenset({"state", "capital"})


def _pcomp_object_verb(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    return lemma in words("object_control_verbs") or lemma in words("pcomp_object_verbs")


def verb_subject(verb: Token, depth: int = 0) -> Token | None:
    """The token naming who does ``verb``, borrowed from the clause above when needed."""
    if depth > MAX_DEPTH:
        return None
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            if child.lower_ in words("relative_pronouns") and verb.dep_ == "relcl":
                return verb.head
            return child
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    if is_passive(verb):  # only a "by" agent names the doer; the subject is the patient
        return None
    fronted = _fronted_subject(verb)
    if fronted is not None:
        return fronted
    head = verb.head
    if head.i == verb.i:
        return None
    dep = verb.dep_
    if dep == "acomp":  # "France is ready to contribute"
        return verb_subject(head, depth + 1)
    if dep == "compound":  # a misparsed gerund: the subject hangs on the noun
        for child in head.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
        return None
    if dep == "xcomp":
        raised = [c for c in head.children if c.dep_ == "nsubjpass"]
        if raised and not any(c.dep_ == "agent" for c in head.children):
            return raised[0]  # "Turkey is expected to launch", "Iraq was urged to leave"
        if head.lemma_.lower() in words("object_control_verbs"):
            obj = object_of(head)
            if obj is not None and obj.i != verb.i:
                return obj
        return verb_subject(head, depth + 1)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    # an -ing or bare participle shares its clause's subject; a past participle ("fighters
    # captured over five years") is passive and does not
    participle = dep in ("advcl", "ccomp") and verb.tag_ in ("VBG", "VB") and not passive
    if (dep == "conj" or participle) and head.pos_ in ("VERB", "AUX"):
        return verb_subject(head, depth + 1)
    if dep == "relcl":
        return head
    if dep == "acl" and _purpose_phrase(head):  # "launched an offensive in order to oust"
        return verb_subject(head.head.head, depth + 1)
    if dep == "acl":  # "a town seized by X" is passive; "Mattis, handed in his resignation" not
        active = verb.tag_ != "VBN" or any(c.dep_ == "dobj" for c in verb.children)
        issuer = head.head
        issued = issuer.pos_ == "VERB" and issuer.lemma_.lower() in cues()["light_verbs"]
        if active and head.lemma_.lower() in words("document_nouns") and issued:
            # "issued a declaration demanding ...", not "vetoed a resolution condemning ..."
            return verb_subject(issuer, depth + 1)
        return head if active else None
    if dep == "pcomp":
        owner = head.head
        if owner.pos_ in ("VERB", "AUX"):
            # "accused X of ordering": X acts; "took the lead role in ejecting": the subject does
            obj = object_of(owner) if _pcomp_object_verb(owner) else None
            return obj if obj is not None else verb_subject(owner, depth + 1)
        if owner.pos_ in ("NOUN", "PROPN"):
            return noun_source_token(owner, depth + 1)
    return None


def _purpose_phrase(noun: Token) -> bool:
    """Is ``noun`` the noun of a purpose phrase hanging on a verb ("in order to", "so as to")?"""
    preposition = noun.head
    return (
        noun.dep_ == "pobj"
        and noun.lower_ in words("purpose_nouns")
        and preposition.head.pos_ in ("VERB", "AUX")
    )


def _fronted_subject(verb: Token) -> Token | None:
    """The subject a parser hid in a fronted phrase: "In September Turkey persuaded Russia"."""
    if verb.pos_ != "VERB" or verb.i == 0 or verb.dep_ not in ("ROOT", "conj", "ccomp"):
        return None
    before = verb.doc[verb.i - 1]
    fronted = before.dep_ == "pobj" and before.pos_ == "PROPN" and before.head.head.i == verb.i
    return before if fronted and before.head.i < before.i else None


def noun_source_tokens(
    noun: Token, depth: int = 0, of_role: str = "", targets_from: bool = False
) -> list[Token]:
    """Tokens that may name who does the act a verbal noun names, best first.

    ``targets_from`` says "from X" names the target (a withdrawal from X), not the source.
    """
    found = []
    for child in noun.children:
        if child.dep_ == "poss":
            found.append(child)
    holders = [noun]
    quantity = noun.head.head if noun.dep_ == "pobj" else None
    if quantity is not None and noun_behind_quantity(quantity).i == noun.i != quantity.i:
        holders.append(quantity)  # "dozens of attacks by the regime": by hangs on "dozens"
    # "the bombardment of the enclave by Russian planes": by hangs on what the act is done to
    holders.extend(p for word in sorted(words("part_prepositions")) for p in pobjs(noun, word))
    holders.extend(bare_conjuncts(noun))  # "the airstrikes and shelling by X": by hangs on the last
    for child in (c for holder in holders for c in holder.children):
        if child.dep_ == "agent" or (
            child.dep_ == "prep" and child.lower_ in words("agent_prepositions")
        ):
            found.extend(pobj for pobj in child.children if pobj.dep_ == "pobj")
    if of_role == "source":
        found.extend(p for word in sorted(words("part_prepositions")) for p in pobjs(noun, word))
    if not targets_from:  # "airstrikes from Russian and Syrian jets"
        found.extend(p for word in sorted(words("origin_prepositions")) for p in pobjs(noun, word))
    for child in noun.children:  # "airstrikes launched by the Syrian regime"
        if (
            child.dep_ == "acl"
            and child.tag_ == "VBN"
            and child.lemma_ not in words("bystander_verbs")
        ):
            for agent in child.children:
                if agent.dep_ == "agent":
                    found.extend(pobjs(child, agent.lower_))
    subject = _light_verb_subject(noun, depth)
    if subject is not None:
        found.append(subject)
    if noun.dep_ == "compound" and noun.head.pos_ == "NOUN" and depth < 3:
        # "his resignation letter": whoever writes the letter does the act
        found.extend(noun_source_tokens(noun.head, depth + 1))
    return found


def noun_source_token(noun: Token, depth: int = 0, of_role: str = "") -> Token | None:
    """The first token that may name who does the act of a verbal noun."""
    found = noun_source_tokens(noun, depth, of_role)
    return found[0] if found else None


def _light_verb_subject(noun: Token, depth: int) -> Token | None:
    head = noun.head
    if noun.dep_ in ("dobj", "obj") and head.pos_ in ("VERB", "AUX"):
        if head.lemma_.lower() in words("undergoing_verbs"):  # "received aid from Riyadh"
            return giver(head)  # the subject undergoes the act
        attended = head.lemma_.lower() in cues()["attending_verbs"]  # "attended the summit"
        if head.lemma_.lower() in cues()["light_verbs"] or (
            attended and noun.lemma_.lower() in words("gathering_nouns")
        ):
            return verb_subject(head, depth + 1)
        return None
    verb = head.head
    if noun.dep_ == "pobj" and f"{verb.lemma_} {head.lower_}" in words("undergoing_phrases"):
        return giver(verb)  # "came under attack from Turkey": the subject undergoes it
    blamed = noun.dep_ == "pobj" and head.lower_ in cues()["claim_prepositions"]
    if blamed and verb.pos_ == "VERB" and _pcomp_object_verb(verb):
        # "blamed Russia for the airstrikes", "condemned Israel for its raids": Russia did it
        return object_of(verb)
    if noun.dep_ == "pobj" and verb.i != noun.i and noun_behind_quantity(verb).i == noun.i:
        return _light_verb_subject(verb, depth + 1)  # "launched a wave of airstrikes"
    if noun.dep_ == "pobj" and head.dep_ == "prep" and verb.pos_ in ("VERB", "AUX"):
        lemma = verb.lemma_.lower()
        if head.lower_ in words("participation_prepositions") and lemma in words(
            "participation_verbs"
        ):
            # "were engaged in ethnic cleansing", "remained on alert": the subject takes part
            subject = verb_subject(verb, depth + 1)
            if subject is None:
                subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            return subject
        attends = noun.lemma_.lower() in words("gathering_nouns")
        if head.lower_ in words("gathering_prepositions") and attends:
            return verb_subject(occasion_owner(noun) or verb, depth + 1)
        if head.lower_ in words("response_prepositions") and lemma in words("response_verbs"):
            return verb_subject(verb, depth + 1)  # "Israel responded with artillery fire"
    gathering = gathering_verb(noun)
    if gathering is not None:  # "at the end of the meeting", "over the course of the talks"
        return verb_subject(gathering, depth + 1)
    if noun.dep_ == "conj":
        return _light_verb_subject(noun.head, depth + 1)
    return None


def _gathering_under(noun: Token, prepositions: str) -> Token | None:
    """The preposition a gathering noun ("summit", "talks") is the object of, when it is one of
    ``prepositions`` (a roles.yaml list)."""
    head = noun.head
    if (
        noun.dep_ != "pobj"
        or head.lower_ not in words(prepositions)
        or noun.lemma_.lower() not in words("gathering_nouns")
    ):
        return None
    return head


def setting_verb(noun: Token) -> Token | None:
    """The verb a gathering is the setting of: "At a summit in Tehran, Erdogan urged Russia and
    Iran ...", "During talks in Moscow, Lavrov told his counterpart ...": whom the verb's doer
    deals with there are the other parties of the gathering."""
    head = _gathering_under(noun, "gathering_prepositions")
    verb = (occasion_owner(noun) or head.head) if head is not None else None
    return verb if verb is not None and verb.pos_ in ("VERB", "AUX") and verb.i != noun.i else None


def gathering_verb(noun: Token) -> Token | None:
    """The verb whose doers attend a gathering named inside a phase phrase: "rebuffed X over the
    course of a meeting", "at the end of the meeting Y took Z by surprise"."""
    head = _gathering_under(noun, "part_prepositions")
    if head is None:
        return None
    phase = head.head
    if phase.lemma_.lower() not in words("phase_nouns") or phase.dep_ != "pobj":
        return None
    prep = phase.head
    if prep.lower_ not in words("phase_prepositions"):
        return None
    verb = prep.head
    if verb.pos_ in ("NOUN", "PROPN") and verb.dep_ in ("dobj", "obj"):
        verb = verb.head  # "rebuffed Mattis's arguments over the course of a meeting"
    return verb if verb.pos_ in ("VERB", "AUX") else None


def _agents(verb: Token) -> list[Token]:
    """Every "by X" doer of a passive, also the coordinated ones ("by his chiefs and by
    British ministers")."""
    found: list[Token] = []
    for child in verb.children:
        if child.dep_ == "agent":
            for prep in (child, *child.conjuncts):
                found.extend(pobj for pobj in prep.children if pobj.dep_ == "pobj")
    return found


def source_actors(trigger: Trigger, index: MentionIndex) -> list[Mention]:
    """Actors doing the act of ``trigger``."""
    token = trigger.token
    if trigger.rule.pos == "VERB":
        found = actors_of(verb_subject(token), index)
        for extra in [*_agents(token)[1:], *_co_doers(token), *split_doers(token)]:
            found = dedupe([*found, *actors_of(extra, index)])
        if not found and trigger.rule.type in words("unseen_doer_types") and is_passive(token):
            found = _place_state(token, index)
        return found
    targets_from = "p:from" in trigger.rule.targets
    for candidate in noun_source_tokens(
        token, of_role=trigger.rule.of_role, targets_from=targets_from
    ):
        found = actors_of(candidate, index)
        if found:
            return dedupe([*found, *_stray_list_items(token, candidate, index)])
    venues = trigger.rule.type in words("venue_types")  # "the Riyadh agreement", "the Astana talks"
    return [
        m
        for m in _prenominal_actors(token, index)
        if m.kind != "place"  # "the Manchester attack": where, not who
        and not (venues and m.kind == "capital")
    ]


def _stray_list_items(noun: Token, doer: Token, index: MentionIndex) -> list[Mention]:
    """ "Airstrikes by the US, Britain and France": the parser hangs the rest of a list of doers
    on the act's noun (or anywhere: noun_parties.listed_after) instead of the first doer. Actors
    conjoined to the noun right after its doer, or listed after it, are more doers."""
    if doer.head.head.i != noun.i or doer.head.i < noun.i:
        return []
    found: list[Mention] = []
    for conj in noun.children:
        if conj.dep_ == "conj" and conj.i > doer.i:
            found.extend(m for t in (conj, *conj.conjuncts) if (m := index.at(t)) is not None)
    return found + listed_after(doer, index)


def _co_doers(verb: Token) -> list[Token]:
    """Who does the act together with its subject: "X, along with Y, bombed", "fought alongside
    Y", "bombed together with Y", "X joined Y in bombing", "X, joined by Y, bombed". On a
    passive verb with no "by" agent the company is of the patient ("was killed alongside a
    soldier": noun_parties.co_patients)."""
    found: list[Token] = []
    subject = verb_subject(verb)
    unseen = is_passive(verb) and subject is None
    holders = [*([] if unseen else [verb]), *([subject] if subject is not None else [])]
    for holder in holders:
        found.extend(company(holder))
        for participle in holder.children:  # "X, joined by Y, bombed"
            if participle.dep_ in ("acl", "advcl") and participle.lemma_.lower() in words(
                "joining_verbs"
            ):
                found.extend(p for w in words("agent_prepositions") for p in pobjs(participle, w))
    owner = verb.head.head if verb.dep_ == "pcomp" else None
    if owner is not None and owner.lemma_.lower() in words("joining_verbs"):
        obj = object_of(owner)
        if obj is not None:
            found.append(obj)
    return found


def _place_state(verb: Token, index: MentionIndex) -> list[Mention]:
    """The state where an act with no named doer happened ("was killed in Beirut").

    Violence and arrests reported in the passive with nobody named as doing them are coded
    with the state of the place as source (the guidelines' convention for unattributed acts);
    the patient itself is never the place.
    """
    patient = {t.i for c in verb.children if c.dep_ == "nsubjpass" for t in c.subtree}
    for token in verb.subtree:
        if token.i in patient:
            continue
        mention = index.at(token)
        if mention is None or mention.kind not in PLACE_KINDS:
            continue
        walker = token
        while walker.i != verb.i and walker.head.i != walker.i:
            if walker.dep_ == "prep" and walker.lower_ in words("place_prepositions"):
                return [mention]
            walker = walker.head
    return []


def _prenominal_actors(noun: Token, index: MentionIndex) -> list[Mention]:
    """Mentions in the words before a noun that modify it directly: "Russian-led bombardment"."""
    found = []
    for i in range(noun.left_edge.i, noun.i):
        token = noun.doc[i]
        mention = index.at(token)
        if mention is None:
            continue
        walker, ok = token, True
        while walker.i != noun.i:
            if (
                walker.dep_ in ("prep", "pobj", "relcl", "acl", "appos")
                or walker.head.i == walker.i
            ):
                ok = False
                break
            walker = walker.head
        if ok:
            found.append(mention)
    return dedupe(found)


# -- targets ------------------------------------------------------------------------------


def experiencer_roles(trigger: Trigger, index: MentionIndex) -> tuple[list[Mention], list[Mention]]:
    """(who is angered, by whom) for a verb flagged ``experiencer``: "the plan incensed Turkey",
    "Ankara was angered by the YPG's expansion". The one angered disapproves (the source); the
    doer of what angered it, or the owner of that act, is the target."""
    token = trigger.token
    passive = is_passive(token)
    felt = next((c for c in token.children if c.dep_ == ("nsubjpass" if passive else "dobj")), None)
    cause = verb_subject(token) if not passive else next(iter(_agents(token)), None)
    sources = actors_of(felt, index) if felt is not None else []
    targets = actors_of(cause, index) if cause is not None else []
    if cause is not None and not targets:
        owners = [c for c in cause.children if c.dep_ == "poss"]
        targets = [m for o in owners for m in actors_of(o, index)]
    targets = targets or summarised_doers(cause, index)  # "a plan that incensed Turkey"
    return sources, [t for t in targets if all(t.code != s.code for s in sources)]
