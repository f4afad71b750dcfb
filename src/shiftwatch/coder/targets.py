"""Targets of a trigger: the slots the lexicon names, tried in order.

"obj" is the object (the subject of a passive), "dat" the indirect object, "p:W" the object of
preposition W on the trigger or its object ("provided shells to Russia"), "of" the "of X"
phrase of a verbal noun, "csubj" the subject of a complement clause ("demanded that Israel
ease ..."), "xobj"/"xany" the object or first actor inside it ("threatened to shell Iraqi
towns"), "self" the source's own state (resignations), "none" no target at all. An unnamed
domestic group ("arresting political opponents") is the source's own people; a vague one
("certain countries") leaves the target empty but keeps the event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.coder.arguments import (
    SUBJECT_DEPS,
    InferredMention,
    Mention,
    MentionIndex,
    actors_of,
    dedupe,
    pobjs,
)
from shiftwatch.coder.cue_lists import cue_list, cues, domestic_groups, words
from shiftwatch.coder.local_doers import place_of_act
from shiftwatch.coder.roles import verb_subject
from shiftwatch.coder.summaries import summarised_doers
from shiftwatch.coder.triggers import (
    Trigger,
    is_passive,
    lexicon,
    marked_clause,
    noun_behind_quantity,
    object_of,
    stranded_clause,
    that_clause,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


def _complement(token: Token) -> Token | None:
    """The clause that says what was demanded, promised or threatened."""
    deps = ("xcomp", "ccomp") if token.pos_ in ("VERB", "AUX", "ADJ") else ("acl", "ccomp")
    for child in token.children:
        # "calls for Assad to step down", "the demand of Turkey that the US end its support"
        if child.dep_ in deps or marked_clause(child) or that_clause(child):
            return child
    return stranded_clause(token)


def _first_actors_in(clause: Token, index: MentionIndex, sources: list[Mention]) -> list[Mention]:
    """The first actors named inside a clause, other than the sources and its own subject."""
    source_ids = {id(m) for m in sources}
    subject = {t.i for c in clause.children if c.dep_ in SUBJECT_DEPS for t in c.subtree}
    for token in clause.subtree:
        if token.i in subject:
            continue
        mention = index.at(token)
        if mention is not None and id(mention) not in source_ids:
            found = actors_of(token, index)
            return [m for m in found if id(m) not in source_ids] or [mention]
    return []


def target_actors(
    trigger: Trigger, index: MentionIndex, sources: list[Mention]
) -> tuple[list[Mention], bool]:
    """(actors the act is aimed at, True when the lexicon says it has no target)."""
    token = trigger.token
    is_verb = trigger.rule.pos == "VERB"
    obj = trigger.obj if is_verb else None
    source_ids = {id(m) for m in sources}
    for slot in trigger.rule.targets:
        found: list[Mention] = []
        if slot == "none":
            return [], True
        if slot == "self":
            return [], False  # resolved by the coder: the source's own state
        if slot == "obj" and obj is not None:
            found = actors_of(obj, index) or summarised_doers(obj, index)  # "a move hailed by X"
            if not found and trigger.rule.type in cues()["about_act_types"]:
                found = _act_party(obj, index)
        elif slot == "dat":
            for child in token.children:
                if child.dep_ in ("dative", "iobj") and child.pos_ != "ADP":
                    found = actors_of(child, index)
            if not found and obj is not None:
                found = _fronted_recipient(obj, index)
        elif slot == "of":
            for pobj in pobjs(token, "of"):
                found.extend(actors_of(pobj, index))
        elif slot.startswith("p:") and not _topic_slot(trigger, slot[2:]):
            word = slot[2:]
            carrier = _carrier(trigger)
            holders = [token] + [h for h in (obj, carrier) if h is not None]
            for holder in holders:
                for pobj in pobjs(holder, word):
                    found.extend(actors_of(pobj, index))
        elif slot == "csubj":
            comp = _complement(token)
            if comp is not None:
                found = [
                    m for c in comp.children if c.dep_ in SUBJECT_DEPS for m in actors_of(c, index)
                ]
        elif slot == "xany":
            comp = _complement(token)
            if comp is not None:
                found = _first_actors_in(comp, index, sources)
        elif slot == "xobj":
            comp = _complement(token)
            if comp is not None:
                inner = object_of(comp)
                found = actors_of(inner, index) if inner is not None else []
                if not found:
                    for child in comp.children:
                        if child.dep_ in ("prep", "dative"):
                            for pobj in child.children:
                                found.extend(actors_of(pobj, index))
        found = [m for m in dedupe(found) if id(m) not in source_ids]
        if found:
            return found, False
    if not is_verb and token.dep_ in ("dobj", "obj") and token.head.pos_ == "VERB":
        # "had given North Korea technical help": the light verb's indirect object
        for child in token.head.children:
            if child.dep_ in ("dative", "iobj") and child.pos_ != "ADP":
                found = [m for m in actors_of(child, index) if id(m) not in source_ids]
                if found:
                    return found, False
        found = [m for m in _fronted_recipient(token, index) if id(m) not in source_ids]
        if found:
            return found, False
    source_codes = {m.code for m in sources}  # "Trump got his strike": no act on himself
    for party in (_helped_doer, undergoer):
        found = [m for m in party(trigger, index) if m.code not in source_codes]
        if found:
            return found, False
    domestic = _domestic_target(trigger, sources, index)
    if domestic:
        return domestic, False
    # A target named only vaguely ("certain countries") leaves the target empty; the act stands.
    vague = cues()["vague_targets"]
    return [], any(noun_behind_quantity(t).lemma_.lower() in vague for t in slot_tokens(trigger))


def _fronted_recipient(obj: Token, index: MentionIndex) -> list[Mention]:
    """ "gave Ukraine military aid" is often parsed with the recipient as a modifier of the
    object: a state named first in the object phrase, as its nmod, is the recipient."""
    for child in obj.children:
        if child.dep_ in ("nmod", "npadvmod") and child.left_edge.i == obj.left_edge.i:
            mention = index.at(child)
            if mention is not None:
                return [mention]
    return []


def _helped_doer(trigger: Trigger, index: MentionIndex) -> list[Mention]:
    """Whoever does the act that help is the means of: "Kurdish forces took the town with the aid
    of the coalition" (the coalition aids them), "the army advanced with support from Russian
    jets". The help's own giver is its source ("of"/"from" X, a possessor, a modifier)."""
    token = trigger.token
    means = token.head
    if (
        trigger.rule.pos != "NOUN"
        or trigger.rule.type not in words("helping_types")
        or token.dep_ != "pobj"
        or means.lower_ not in words("means_prepositions")
        or means.head.pos_ not in ("VERB", "AUX")
    ):
        return []
    return actors_of(verb_subject(means.head), index)


def undergoer(trigger: Trigger, index: MentionIndex) -> list[Mention]:
    """Whoever undergoes the act a noun names: "Turkey faced criticism from X", "received aid
    from Y", "Damascus came under attack", "Isis lost Raqqa to an offensive", "two soldiers
    were killed in an ambush"."""
    token = trigger.token
    if trigger.rule.pos != "NOUN":
        return []
    verb = token.head
    undergone = token.dep_ in ("dobj", "obj") and verb.lemma_.lower() in words("undergoing_verbs")
    if token.dep_ == "pobj":
        verb, preposition = verb.head, token.head.lower_
        undergone = f"{verb.lemma_.lower()} {preposition}" in words("undergoing_phrases") or (
            preposition in words("undergone_act_prepositions") and is_passive(verb)
        )  # "were killed in an ambush"
    if not undergone or verb.pos_ not in ("VERB", "AUX"):
        return []
    if any(t.dep_ == "neg" for c in verb.children for t in (c, *c.children)):
        return []  # "no longer face the threat": nobody undergoes it
    if is_passive(verb):  # "were killed in an ambush": the passive's subject undergoes it
        return [m for c in verb.children if c.dep_ == "nsubjpass" for m in actors_of(c, index)]
    return actors_of(verb_subject(verb), index)


def _topic_slot(trigger: Trigger, word: str) -> bool:
    """ "attended talks on Syria", "met about the border": a meeting's "on X" is what it is
    about, not whom it is with."""
    table = cues()
    return trigger.rule.type in table["meeting_types"] and word in table["topic_prepositions"]


def _act_party(noun: Token, index: MentionIndex) -> list[Mention]:
    """The other party of an act named as the object of a demand, offer or refusal:
    "demanded a truce with Moslem forces", "demanded the withdrawal of Russian troops"."""
    if ("NOUN", noun.lemma_.lower()) not in lexicon():
        return []
    found: list[Mention] = []
    for word in cue_list("act_party_prepositions"):
        for pobj in pobjs(noun, word):
            found.extend(actors_of(pobj, index))
        if found:
            break
    return found


def _carrier(trigger: Trigger) -> Token | None:
    """The verb a noun's target phrase may hang on instead of the noun: "delivered a rebuke to
    Barack Obama", "engaged in cleansing against the Albanians", "played a role in Turkey's
    assault on the enclave"."""
    token = trigger.token
    if trigger.rule.pos == "VERB":
        return None
    if token.dep_ in ("dobj", "obj", "nsubjpass") and token.head.pos_ == "VERB":
        return token.head
    if token.dep_ == "pobj" and token.head.head.pos_ == "VERB":
        return token.head.head
    return None


def slot_tokens(trigger: Trigger) -> list[Token]:
    """The tokens the lexicon's target slots point at, named or not."""
    token, found = trigger.token, []
    carrier = _carrier(trigger)
    for slot in trigger.rule.targets:
        if slot == "obj" and trigger.obj is not None:
            found.append(trigger.obj)
        elif slot.startswith("p:"):
            for holder in (token, trigger.obj, carrier):
                if holder is not None:
                    found.extend(pobjs(holder, slot[2:]))
        elif slot == "of":
            found.extend(pobjs(token, "of"))
    return found


def _domestic_target(
    trigger: Trigger, sources: list[Mention], index: MentionIndex
) -> list[Mention]:
    """The source's own people when the target is an unnamed domestic group, unless the act
    happens in another state ("Turkey encircled Afrin in Syria, besieging 200,000 civilians")."""
    table = cues()
    if trigger.rule.type not in table["repression_types"]:  # an attack abroad is not domestic
        return []
    if not sources or (sources[0].sector and sources[0].sector not in table["repressing_sectors"]):
        return []
    groups = domestic_groups()
    for token in slot_tokens(trigger):
        token = noun_behind_quantity(token)
        sector = groups.get(token.lemma_.lower())
        if sector is not None and not any(c.dep_ == "poss" for c in token.children):
            return [
                InferredMention(
                    text=token.text,
                    start=token.i,
                    end=token.i + 1,
                    code=place_of_act(trigger.token, index) or sources[0].code,
                    sector=sector,
                )
            ]
    return []


def between_pair(noun: Token, index: MentionIndex) -> list[Mention]:
    """Actors of "between X and Y" on a noun ("talks between Baghdad and Washington"), or on
    the verb the noun is the subject of: the parser hangs the phrase there in "clashes erupted
    between X and Y", "talks were held between X and Y", "a deal was reached between X and Y"."""
    found = []
    for holder in _pair_holders(noun):
        for pobj in [p for word in cue_list("pair_prepositions") for p in pobjs(holder, word)]:
            found.extend(actors_of(pobj, index))
        if found:
            break
    return dedupe(found)


def _pair_holders(noun: Token) -> list[Token]:
    """The noun, then the verb it is the subject of (the verb's own subject is the noun: the
    "between" phrase cannot be anyone else's)."""
    if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ in ("VERB", "AUX"):
        return [noun, noun.head]
    return [noun]
