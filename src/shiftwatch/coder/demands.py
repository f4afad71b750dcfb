"""Stage "demands": reported demands ("X said Y must ...") and quoted commands as REQUESTs;
the parties of a request noun whose asker is no dependent of its own (:func:`request_parties`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.coder import roles
from shiftwatch.coder.arguments import Mention, MentionIndex, actors_of
from shiftwatch.coder.cue_lists import cues, retype, words
from shiftwatch.coder.events import SentenceContext, actor_ref, make_event
from shiftwatch.coder.modality import modality
from shiftwatch.coder.triggers import Rule, Trigger
from shiftwatch.models import Event

if TYPE_CHECKING:
    from spacy.tokens import Token


def code_demand(
    ctx: SentenceContext,
    speech: Token,
    complement: Token,
    index: MentionIndex,
    addressee_only: bool = False,
) -> list[Event]:
    """A reported demand; ``addressee_only`` for a quoted command, whose target is the unnamed
    "you" it is addressed to (coded without a target)."""
    sources = actors_of(roles.verb_subject(speech), index)
    patient = next((c for c in complement.children if c.dep_ == "nsubjpass"), None)
    targets = actors_of(roles.verb_subject(complement) or patient, index)
    if addressee_only:
        targets = [None]
    if not sources or not targets:
        return []
    demand = retype("reported_demand")
    rule = Rule.spoken(speech.lemma_, demand, "reported demand")
    label = modality(speech)
    events = []
    for source in sources:
        for target in targets:
            if target is not None and (
                target is source
                or (target.code == source.code and (target.sector or "") in ("", source.sector))
            ):
                continue  # "Germany must be able to ...", the German minister said
            events.append(
                make_event(
                    ctx,
                    rule,
                    demand.type,
                    demand.cameo,
                    speech,
                    actor_ref(source),
                    actor_ref(target) if target is not None else None,
                    label,
                    None,
                    0.45 if target is None else 0.55,
                )
            )
    return events


def request_parties(trigger: Trigger, index: MentionIndex) -> tuple[list[Mention], list[Mention]]:
    """(askers, asked) of a request noun that names no asker of its own.

    Who voices it: the subject of a verb that repeats, joins or leads it ("reiterated its
    demand that Israel ease ...", "has been at the forefront of calls for the president to
    leave": whom the clause after the noun names is asked). Who leaves it unanswered: a
    request the speaker reports as ignored ("Kurdish authorities say Britain has not
    responded to requests for help") was made by the speaker of the one who ignores it."""
    noun = trigger.token
    voice = _voicing_verb(noun)
    if voice is not None:
        askers = actors_of(roles.verb_subject(voice), index)
        asked = [s for c in voiced_clauses(noun) for s in c.children if s.dep_ == "nsubj"]
        return askers, [m for t in asked for m in actors_of(t, index)] if askers else []
    responder = _responding_verb(noun)
    speech = responder.head if responder is not None else None
    if (
        responder is None
        or speech is None
        or responder.dep_ != "ccomp"
        or speech.lemma_.lower() not in cues()["speech_verbs"]
    ):
        return [], []
    speaker = roles.verb_subject(speech)
    if speaker is None or speaker.pos_ == "PRON":
        return [], []  # "..., she said": a pronoun's guess would make a request of its own
    return _both(actors_of(speaker, index), actors_of(roles.verb_subject(responder), index))


def _both(askers: list[Mention], asked: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """Both parties, or neither: an asked party alone must not lend itself as the target of a
    guessed asker (the article's main actor would be taken for the speaker)."""
    return (askers, asked) if askers and asked else ([], [])


def _voicing_verb(noun: Token) -> Token | None:
    """The verb whose subject voices ``noun``: its object ("renewed its call"), or the verb of
    the place the noun is led from ("at the forefront of calls")."""
    head = noun.head
    if noun.dep_ in ("dobj", "obj") and head.lemma_.lower() in words("voicing_verbs"):
        return head
    lead = head.head
    if noun.dep_ != "pobj" or head.lower_ not in words("part_prepositions"):
        return None
    if lead.lemma_.lower() not in words("leading_nouns") or lead.dep_ != "pobj":
        return None
    verb = lead.head.head
    return verb if verb.pos_ in ("VERB", "AUX") else None


def voiced_clauses(noun: Token) -> list[Token]:
    """The clauses that say what a voiced request noun asks, hung by the parser on the voicing
    verb after the noun ("reiterated its demand today that Israel ease ..."): the content of
    the request, as a clause on the noun itself would be."""
    verb = _voicing_verb(noun)
    if verb is None:
        return []
    return [
        clause
        for clause in verb.children
        if clause.i > noun.i
        and clause.dep_ in ("ccomp", "advcl")
        and any(m.dep_ == "mark" and m.lower_ in words("request_marks") for m in clause.children)
    ]


def _responding_verb(noun: Token) -> Token | None:
    """The verb that leaves an unowned request unanswered ("has not responded to requests",
    "stonewalled requests for help"), when it does."""
    if any(c.dep_ == "poss" for c in noun.children):
        return None  # "rejected Erdogan's calls": the refusal is the event, coded on its verb
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    if noun.dep_ not in ("pobj", "dobj") or verb.pos_ != "VERB":
        return None
    lemma = verb.lemma_.lower()
    negated = any(c.dep_ == "neg" for c in verb.children)
    if lemma in words("ignoring_verbs") or (negated and lemma in words("answering_verbs")):
        return verb
    return None
