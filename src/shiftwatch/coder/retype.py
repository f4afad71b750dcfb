"""Stage "type": the type of a candidate once its context is known.

The lexicon gives each trigger a type; a few readings depend on what surrounds it (a promise to
attack is a THREATEN, troops sent to support a war are AID, a court ordering somebody held is
the detention, a cooperative act promised to a named party is an offer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.coder.arguments import Mention, pobjs
from shiftwatch.coder.triggers import Trigger, object_of
from shiftwatch.ontology import choose_cameo

if TYPE_CHECKING:
    from spacy.tokens import Token

HELPING_VERBS = frozenset({"support", "help", "assist", "aid", "back", "bolster", "reinforce"})
DETENTION_VERBS = frozenset(
    {"hold", "detain", "arrest", "jail", "imprison", "deport", "expel", "extradite", "remand"}
)
PROMISABLE_TYPES = frozenset({"AID", "SUPPORT", "COOPERATE"})


def type_for(trigger: Trigger, source: Mention, conflict: bool) -> tuple[str, str]:
    rule = trigger.rule
    if conflict and "threat" in rule.flags:
        return "THREATEN", choose_cameo("THREATEN", "violence")
    if rule.type == "MOBILIZE" and _helping_purpose(trigger.token):
        return "AID", "074"  # troops sent "to support its war" are given, not massed
    if rule.type == "REQUEST" and _orders_detention(trigger.token):
        return "COERCE", "173"  # "a court ordered X held in custody" is the detention
    if rule.type == "PROTEST" and _diplomatic_protest(trigger.token, source):
        return "ACCUSE", "111"  # "Seoul protested to Tokyo": a diplomatic protest
    return rule.type, rule.cameo


def harm_targets(obj: Token) -> list[Token]:
    """Who a vowed harm is aimed at: "revenge against Israel", "strikes on Kyiv"."""
    return [pobj for word in ("against", "on") for pobj in pobjs(obj, word)]


def _diplomatic_protest(token: Token, source: Mention) -> bool:
    """ "Seoul protested to Tokyo", "Japan protested the incursion": a state, its capital or its
    government protesting something or to someone is a diplomatic protest (ACCUSE). Crowds,
    activists and a protest that is the purpose of another act ("a hunger strike to protest")
    demonstrate (PROTEST)."""
    sector = source.sector or ""
    if sector not in ("GOV", "") or getattr(source, "kind", "") not in ("state", "capital", "igo"):
        return False
    if token.pos_ != "VERB" or token.dep_ in ("advcl", "xcomp", "acl", "relcl"):
        return False
    if any(child.dep_ == "aux" and child.lower_ == "to" for child in token.children):
        return False  # an infinitive: the purpose of another act
    return any(
        child.dep_ in ("dobj", "obj") or (child.dep_ == "prep" and child.lower_ == "to")
        for child in token.children
    )


def _orders_detention(token: Token) -> bool:
    if token.lemma_.lower() not in ("order", "rule", "sentence"):
        return False
    obj = object_of(token)
    clauses = [*token.children, *(obj.children if obj is not None else ())]
    return any(
        child.dep_ in ("acl", "oprd", "ccomp", "xcomp") and child.lemma_.lower() in DETENTION_VERBS
        for child in clauses
    )


def _helping_purpose(token: Token) -> bool:
    """ "sent troops to Russia to support its war": the purpose clause is help."""
    return any(
        child.dep_ in ("advcl", "xcomp") and child.lemma_.lower() in HELPING_VERBS
        for child in token.children
    )


def promised(token: Token, event_type: str, label: str, has_target: bool) -> bool:
    """ "will provide aid to X", "would support X": a cooperative act promised to a named party
    is an offer (AGREE, asserted), not a plan (guidelines: promises are AGREE)."""
    if event_type not in PROMISABLE_TYPES or label != "future" or not has_target:
        return False
    verb = token.head if token.pos_ in ("NOUN", "PROPN") and token.dep_ == "dobj" else token
    return any(
        child.dep_ == "aux" and child.lower_ in ("will", "would", "'ll", "shall")
        for child in verb.children
    )
