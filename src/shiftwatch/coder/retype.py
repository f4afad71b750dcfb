"""Stage "type": the type of a candidate once its context is known.

The lexicon gives each trigger a type; a few readings depend on what surrounds it (a promise to
attack is a THREATEN, troops sent to support a war are AID, a court ordering somebody held is
the detention, a cooperative act promised to a named party is an offer).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from shiftwatch.coder import roles
from shiftwatch.coder.arguments import Mention, MentionIndex, actors_of, pobjs
from shiftwatch.coder.cue_lists import cue_list, cues, retype, words
from shiftwatch.coder.modality import clause_head
from shiftwatch.coder.places import PLACE_KIND
from shiftwatch.coder.quantities import PLACE_ENTS
from shiftwatch.coder.triggers import Trigger, noun_trigger, object_of, verb_trigger

if TYPE_CHECKING:
    from spacy.tokens import Token

# the resolver's kind for a non-state group (an armed group when it acts by force)
GROUP_KIND = "group"


def type_for(
    trigger: Trigger, source: Mention, conflict: bool, index: MentionIndex | None = None
) -> tuple[str, str]:
    """(type, CAMEO code) of the trigger's event from ``source``: the lexicon's, or a retype's
    (``retypes`` in ``lexicon/cues.yaml``) when its context reads otherwise."""
    rule, token = trigger.rule, trigger.token
    checks: tuple[tuple[str, Callable[[], bool]], ...] = (
        ("threat", lambda: conflict and "threat" in rule.flags),  # a promise to attack
        ("helping_purpose", lambda: _helping_purpose(token)),  # troops sent "to support its war"
        ("sent_to_help", lambda: _sent_to_help(token)),  # "sent advisers to support Assad"
        ("detention_order", lambda: _orders_detention(token)),  # "ordered X held in custody"
        ("diplomatic_protest", lambda: _diplomatic_protest(token, source)),  # "protested to Tokyo"
        ("territory_taken", lambda: _takes_territory(trigger, index)),  # "captured the town"
        ("invitation_to_act", lambda: _invites_to_act(token)),  # "invited the army to protect"
        ("hostile_dismantling", lambda: _dismantles_anothers(trigger, source, index)),
    )
    for name, applies in checks:
        new = retype(name)
        if (not new.applies_to or rule.type in new.applies_to) and applies():
            return new.type, new.cameo
    return rule.type, rule.cameo


def _dismantles_anothers(trigger: Trigger, source: Mention, index: MentionIndex | None) -> bool:
    """ "dismantled Islamic State's caliphate": dismantling what another actor owns is defeating
    it (ASSAULT); dismantling one's own checkpoints or weapons is a de-escalation (RETREAT)."""
    obj = trigger.obj
    if (
        index is None
        or obj is None
        or trigger.token.lemma_.lower() not in cues()["dismantling_verbs"]
    ):
        return False
    owners = [c for c in obj.children if c.dep_ == "poss"] or [obj]
    found = [m for o in owners for m in actors_of(o, index)]
    return bool(found) and all(m.code != source.code for m in found)


def _invites_to_act(token: Token) -> bool:
    """ "invited the Syrian army to protect the border": an invitation to do something other
    than come to a meeting asks it of the invited (REQUEST); "invited Turkey to attend the
    summit" stays an offer (AGREE, guidelines)."""
    if token.lemma_.lower() not in cues()["inviting_verbs"]:
        return False
    return any(
        child.dep_ in ("xcomp", "ccomp")
        and child.pos_ == "VERB"
        and child.lemma_.lower() not in cues()["attending_verbs"]
        for child in token.children
    )


def _takes_territory(trigger: Trigger, index: MentionIndex | None) -> bool:
    """ "Rebels captured the town", "the seizure of Afrin": taking a place by force is part of
    the fighting (PLOVER: ASSAULT covers battles; COERCE's seizures are the authorities taking
    property). The place is a town or region the resolver knows, a place spaCy names, or a
    noun of ``territory_nouns``."""
    token = trigger.token
    if token.lemma_.lower() not in cues()["seizing_words"]:
        return False
    place = trigger.obj
    if place is None and token.pos_ in ("NOUN", "PROPN"):
        taken = [p for word in cue_list("seized_prepositions") for p in pobjs(token, word)]
        place = taken[0] if taken else None
    if place is None:
        return False
    known = index.at(place) if index is not None else None
    return (
        place.ent_type_ in PLACE_ENTS
        or place.lemma_.lower() in cues()["territory_nouns"]
        or (known is not None and known.kind == PLACE_KIND)
    )


def armed_backing(trigger: Trigger, source: Mention, targets: list[Mention]) -> bool:
    """ "Kurdish militias backed by the US-led coalition", "Iran's support for the rebels",
    "Russian support for the Syrian regime": backing an armed party, backing given by armed
    forces, or a state's support (the noun) for another state's government is aid (AID; the
    guidelines: help mainly for the receiver's benefit), not the endorsement of a policy."""
    if trigger.token.lemma_.lower() not in cues()["backing_words"]:
        return False
    armed = words("armed_sectors")
    return (
        (source.sector or "") in armed
        or any((t.sector or "") in armed or t.kind == GROUP_KIND for t in targets)
        or _backs_a_fight(trigger.token)
        or (
            trigger.token.pos_ == "NOUN"
            and any(
                (t.sector or "") in cues()["government_sectors"] and t.code != source.code
                for t in targets
            )
        )
    )


def _backs_a_fight(token: Token) -> bool:
    """ "Assad, supported by Moscow, has used chemical weapons", "a coalition, backed by the
    US, launched airstrikes", "backed by Russian air power, government forces attacked": whom
    a participle of backing describes is fighting in its own clause (or is the fight: "a ground
    offensive, supported by airstrikes"), so the backing is help in that fight."""
    if token.tag_ != "VBN" or token.dep_ not in ("acl", "advcl"):
        return False
    backed = token.head
    if token.dep_ == "acl" and _fights(backed):
        return True
    verb = backed.head if token.dep_ == "acl" and backed.dep_ in ("nsubj", "nsubjpass") else None
    verb = backed if token.dep_ == "advcl" else verb
    if verb is None:
        return False
    clauses = [verb, *(c for c in verb.children if c.dep_ == "xcomp")]  # "continue to pound"
    return any(
        _fights(word)
        for clause in clauses
        for word in (clause, *(c for c in clause.children if c.dep_ in ("dobj", "obj")))
    )


def _fights(token: Token) -> bool:
    """Is ``token`` a candidate of a fighting type (``fighting_types``) in its sentence?"""
    found = verb_trigger(token) if token.pos_ == "VERB" else noun_trigger(token)
    return found is not None and found.rule.type in cues()["fighting_types"]


def conditional_threat(
    token: Token, event_type: str, label: str, source: Mention, index: MentionIndex
) -> bool:
    """ "Turkey said it would hit back if the troops protect the YPG", "Britain would expel
    diplomats unless Moscow explained, the Foreign Office said", "Erdogan said Turkey will launch
    an operation against the Kurds": harm its doer says it will do (force or coercion:
    ``promised_harm_types``), or will or may do on a condition, is a threat made now
    (THREATEN, asserted; guidelines: warn of force, sanctions), not a prospect. An announced
    exit from a deal stays the SANCTION, future (guidelines: an announced act is that act).
    The doer says it: a writer's own "if ..., it could lead to" or analysts' "the regime would
    retake it if ..." is a forecast, and an intention ("plans to strike") is the act, future."""
    if event_type not in retype("conditional_threat").applies_to or label not in (
        "future",
        "hypothetical",
    ):
        return False
    verb = clause_head(token)
    table = cues()
    speech = [verb.head] if verb.dep_ == "ccomp" else []
    speech += [c for c in verb.children if c.dep_ in ("parataxis", "ccomp") and c.i > verb.i]
    speakers = [
        m
        for s in speech
        if s.lemma_.lower() in table["speech_verbs"]
        for m in actors_of(roles.verb_subject(s), index)
    ]
    modals = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    promised = event_type in table["promised_harm_types"] and not modals.isdisjoint(
        (*table["future_auxiliaries"], *table["reported_future_modals"])
    )
    conditional = any(
        c.dep_ == "advcl"
        and any(m.dep_ == "mark" and m.lower_ in table["conditional_marks"] for m in c.children)
        for c in verb.children
    )
    may = not modals.isdisjoint(table["hypothetical_modals"])
    return any(m.code == source.code for m in speakers) and (promised or (may and conditional))


def harm_targets(obj: Token) -> list[Token]:
    """Who a vowed harm is aimed at: "revenge against Israel", "strikes on Kyiv"."""
    return [pobj for word in cue_list("harm_prepositions") for pobj in pobjs(obj, word)]


def _diplomatic_protest(token: Token, source: Mention) -> bool:
    """ "Seoul protested to Tokyo", "Japan protested the incursion": a state, its capital or its
    government protesting something or to someone is a diplomatic protest (ACCUSE). Crowds,
    activists and a protest that is the purpose of another act ("a hunger strike to protest")
    demonstrate (PROTEST), unless that act is summoning or recalling an envoy ("summoned the
    ambassador to protest": ``envoy_verbs``)."""
    sector = source.sector or ""
    if (sector and sector not in cues()["government_sectors"]) or getattr(
        source, "kind", ""
    ) not in ("state", "capital", "igo"):
        return False
    if token.pos_ != "VERB":
        return False
    envoy = token.head.lemma_.lower() in cues()["envoy_verbs"] and token.head.i != token.i
    if envoy and token.dep_ in ("advcl", "xcomp"):  # "summoned the ambassador to protest the pact"
        return True
    if token.dep_ in ("advcl", "xcomp", "acl", "relcl"):
        return False
    if any(child.dep_ == "aux" and child.lower_ == "to" for child in token.children):
        return False  # an infinitive: the purpose of another act
    return any(
        child.dep_ in ("dobj", "obj") or (child.dep_ == "prep" and child.lower_ == "to")
        for child in token.children
    )


def _orders_detention(token: Token) -> bool:
    if token.lemma_.lower() not in cues()["ordering_verbs"]:
        return False
    obj = object_of(token)
    clauses = [*token.children, *(obj.children if obj is not None else ())]
    return any(
        child.dep_ in ("acl", "oprd", "ccomp", "xcomp")
        and child.lemma_.lower() in cues()["detention_verbs"]
        for child in clauses
    )


def _sent_to_help(token: Token) -> bool:
    """ "Iran sent advisers to support Assad", "deployed warplanes to back his forces": backing
    that is the purpose of sending people or arms is the help they give (military aid), one
    act with the sending."""
    head = token.head
    return (
        token.dep_ in ("advcl", "xcomp")
        and head.i != token.i
        and head.lemma_.lower() in cues()["sending_verbs"]
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    )


def _helping_purpose(token: Token) -> bool:
    """ "sent troops to Russia to support its war": the purpose clause is help."""
    return any(
        child.dep_ in ("advcl", "xcomp") and child.lemma_.lower() in cues()["helping_verbs"]
        for child in token.children
    )


def promised(token: Token, event_type: str, label: str, has_target: bool) -> bool:
    """ "will provide aid to X", "would support X": a cooperative act promised to a named party
    is an offer (AGREE, asserted), not a plan (guidelines: promises are AGREE)."""
    if event_type not in retype("promise").applies_to or label != "future" or not has_target:
        return False
    verb = token.head if token.pos_ in ("NOUN", "PROPN") and token.dep_ == "dobj" else token
    return any(
        child.dep_ == "aux" and child.lower_ in cues()["promise_auxiliaries"]
        for child in verb.children
    )
