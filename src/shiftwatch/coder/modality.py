"""Modality of an event: asserted, alleged, future, negated or hypothetical.

Cues come from the clause that carries the trigger (for a verbal noun, the verb governing it)
and from the clauses above it: negation on the verb, a conditional "if" clause, a future
auxiliary or a verb of planning, a hedge ("reportedly", "may have", "is believed to",
"speculation suggests"). When several apply the guidelines' precedence decides:
negated > hypothetical > future > alleged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.coder.cue_lists import cue_list, cues
from shiftwatch.coder.occasions import occasion_owner

if TYPE_CHECKING:
    from spacy.tokens import Token

CLAUSE_LINKS = frozenset({"xcomp", "ccomp", "conj", "advcl", "relcl", "acl", "pcomp", "csubj"})
# clauses a conditional or interrogative mark makes open: "if they attack" (advcl), "asked
# whether Russia had attacked" (ccomp), "a verdict on whether the regime used ..." (pcomp)
OPEN_CLAUSES = frozenset({"advcl", "ccomp", "pcomp", "csubj"})
MAX_CLIMB = 5


def clause_head(trigger: Token) -> Token:
    """The verb whose clause the trigger's modality comes from."""
    token = trigger
    for _ in range(3):
        if token.pos_ in ("VERB", "AUX"):
            return token
        head = token.head
        if head.i == token.i:
            return token
        if token.dep_ in ("dobj", "nsubj", "nsubjpass", "obj", "attr", "conj"):
            token = head
        elif token.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            token = head.head
        else:
            return token
    return token


def _has_have(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _modal_reading(verb: Token, modal: str) -> str:
    """ "may have provided" is alleged; "would" reported after "said" is the future seen from
    the past ("he said the assault would finish within days"); otherwise hypothetical."""
    would = modal in cues()["reported_future_modals"]
    if _has_have(verb) and not would:
        return "alleged"
    reported = verb.dep_ == "ccomp" and verb.head.lemma_.lower() in cues()["speech_verbs"]
    conditional = any(
        c.dep_ == "advcl" and any(m.lower_ in cues()["conditional_marks"] for m in c.children)
        for c in verb.children
    )
    if would and reported and not conditional and not _has_have(verb):
        return "future"
    return "hypothetical"


def _local_cues(verb: Token, found: set[str], first: bool) -> None:
    """Cues found on one clause head (its auxiliaries, adverbs, marks)."""
    table = cues()
    for child in verb.children:
        dep, low = child.dep_, child.lower_
        if dep == "neg" and first:
            found.add("negated")
        elif dep == "aux" or dep == "auxpass":
            if low in table["future_auxiliaries"]:
                found.add("future")
            elif low in table["hypothetical_modals"]:
                found.add(_modal_reading(verb, low))
        elif dep == "advmod" and low in table["hedge_adverbs"]:
            found.add("alleged")
        elif dep == "advmod" and low in table["negating_adverbs"] and first:
            found.add("negated")
        elif dep == "mark" and low in table["hypothetical_marks"] and verb.dep_ in OPEN_CLAUSES:
            found.add("hypothetical")


def _noun_cues(noun: Token, found: set[str]) -> None:
    table = cues()
    head = noun.head
    if (
        noun.dep_ == "pobj"
        and head.lower_ in table["prospect_prepositions"]
        and (head.head.lemma_.lower() in table["prospect_nouns"])
    ):
        found.add("hypothetical")  # "opportunities for cooperation", "the prospect of talks"
    if noun.dep_ in ("dobj", "obj") and head.lemma_.lower() in table["planning_verbs"]:
        found.add("future")  # "Turkey plans an offensive", "Russia prepares an assault"
    for child in noun.children:
        low = child.lower_
        if child.dep_ == "det" and low in table["negating_determiners"]:
            found.add("negated")
        elif child.dep_ in ("amod", "compound") and low in table["future_modifiers"]:
            found.add("future")
        elif child.dep_ in ("acl", "relcl") and _to_be_done(child):
            found.add("future")  # "a summit to be held on Friday"
    # "a summit between X, Y and Z to be held on Friday": the parser may make the noun the
    # subject of the infinitive, or hang the infinitive beside it on the sentence's verb
    staged = [head] if noun.dep_ == "nsubjpass" else []
    if noun.dep_ in ("nsubj", "nsubjpass"):
        staged += [c for c in head.children if c.dep_ == "csubjpass" and c.i > noun.i]
    if any(_to_be_done(verb) for verb in staged):
        found.add("future")


def _to_be_done(verb: Token) -> bool:
    """Is ``verb`` a passive infinitive ("to be held")?"""
    return any(a.dep_ == "aux" and a.lower_ == "to" for a in verb.children) and any(
        a.dep_ == "auxpass" for a in verb.children
    )


def _negated_by_frame(trigger: Token) -> bool:
    """ "spared an assault", "averted an attack", "instead of retreating", "without attacking"."""
    head = trigger.head
    table = cues()
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "nsubjpass", "oprd"):
        averting = table["averting_verbs"]
        return head.lemma_.lower() in averting or head.lower_ in averting
    if trigger.dep_ == "pcomp":
        rather = table["instead_words"]
        instead = any(c.lower_ in rather for c in head.children) or head.head.lower_ in rather
        return head.lower_ in table["negating_prepositions"] or (
            head.lower_ in table["instead_prepositions"] and instead
        )
    return False


def modality(trigger: Token, claimed: bool = False) -> str:
    """The modality of the event named by ``trigger``.

    ``claimed`` marks an event that is the content of an accusation ("accused X of ordering
    the killing"): it is alleged unless a stronger cue applies.
    """
    table = cues()
    found: set[str] = {"alleged"} if claimed else set()
    if trigger.pos_ in ("NOUN", "PROPN"):
        _noun_cues(trigger, found)
    if _negated_by_frame(trigger):
        found.add("negated")
    verb = occasion_owner(trigger) or clause_head(trigger)  # "agreed to X at a summit"
    # "the agreement will not form part of ...": the predicate's negation is not the noun's
    first = not (trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("nsubj", "nsubjpass"))
    for _ in range(MAX_CLIMB):
        _local_cues(verb, found, first)
        head = verb.head
        if head.i == verb.i or verb.dep_ not in CLAUSE_LINKS:
            break
        lemma = head.lemma_.lower()
        if verb.dep_ == "xcomp":
            if lemma in table["future_verbs"] or (head.lemma_ == "be" and verb.tag_ == "VB"):
                found.add("future")
            if lemma in table["negating_verbs"] and first:
                found.add("negated")
            if lemma in table["passive_hedge_verbs"] and any(
                c.dep_ == "auxpass" for c in head.children
            ):
                found.add("future" if lemma in table["expecting_verbs"] else "alleged")
        if (
            verb.dep_ == "acl"
            and lemma in table["plan_nouns"]
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        ):
            found.add("future")  # "the decision to pull US troops", "a plan to withdraw"
        if verb.dep_ == "ccomp" and lemma in table["denial_verbs"] and first:
            found.add("negated")  # "denied that it had exported weapons"
        if (
            verb.dep_ == "ccomp"
            and lemma in table["hedge_verbs"]
            and lemma not in table["plain_report_verbs"]
        ):
            found.add("alleged")
        if verb.dep_ == "ccomp" and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in table["hedge_nouns"]
            for c in head.children
        ):
            found.add("alleged")
        # a conjunct shares its first verb's auxiliaries and polarity; a higher clause does not
        # ("did not, and he was taken hostage": a conjunct with its own subject is its own clause)
        first = (
            first
            and verb.dep_ == "conj"
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
        )
        verb = head
    for label in cue_list("modality_precedence"):
        if label in found:
            return label
    return "asserted"
