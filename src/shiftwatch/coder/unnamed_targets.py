"""Stage "unnamed targets": whom an act that names nobody is aimed at, from the document.

"Turkey launched its offensive on Saturday" names no target, yet a reader of an article about
Afrin knows whom it is aimed at, and so does the annotator: gold events almost always have a
target. An event the parse left without one takes the first actor named after its trigger in
its own sentence (where English puts objects and prepositional targets), else the last one
before the trigger in the sentence, else the last one named in the sentences before
(:data:`LOOKBACK_SENTENCES`); never its own source, nor another organ of the same state (but an
act of force with nobody else in its sentence may hit a town or capital of its doer's own state
named just before: "Douma was cut off ... the regime carried out an attack" is SYR on SYR, as
the guidelines code acts at home), nor
a co-doer of the same act ("Russian and Syrian planes bombed the town" is not aimed by each at
the other), nor who reports the sentence ("..., Macron said", "according to the UN"). The
event's confidence drops by :data:`CONFIDENCE_FACTOR`, so a user can keep only dyads the parse
found (``EventFilter.min_confidence``).

It runs once per document, after every sentence is coded, so what it infers never feeds the
sentence stages' own use of earlier events (who "the strikes" were by): one guess is not built
on another.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from shiftwatch.coder.backers import backed_side, sidelined
from shiftwatch.coder.cue_lists import cues, words
from shiftwatch.coder.events import actor_ref
from shiftwatch.coder.own_side import same_side
from shiftwatch.models import ActorRef, Event

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.tokens import Span, Token

    from shiftwatch.coder.arguments import Mention, MentionIndex

LOOKBACK_SENTENCES = 3
PLACE_KINDS = frozenset({"place", "capital"})  # a town or a capital: ground, not a government
CONFIDENCE_FACTOR = 0.8
REPORTING_SECTORS = frozenset({"MED"})


def fill_unnamed_targets(
    events: list[Event], spans: Sequence[Span], index: MentionIndex
) -> list[Event]:
    """The events, each one without a target given the nearest other actor as its target."""
    doers: dict[tuple, list[ActorRef]] = {}
    for event in events:
        doers.setdefault(_act(event), []).append(event.source)
    return [
        event if event.target is not None else _filled(event, spans, index, doers[_act(event)])
        for event in events
    ]


def _act(event: Event) -> tuple:
    """What makes events one act: the same trigger where it stands in the same sentence."""
    return event.sentence_idx, event.evidence_start, event.trigger


def _filled(
    event: Event,
    spans: Sequence[Span],
    index: MentionIndex,
    doers: Sequence[ActorRef],
) -> Event:
    span = spans[event.sentence_idx]
    trigger = next((t.i for t in span if t.text == event.trigger), span.start)

    own_ground = event.type in cues()["victim_types"]
    aside = sidelined(index.doc[trigger])  # a backer is no party to the act of whom it backs
    side = backed_side(index.doc[trigger])  # "rebels, backed by X, ...": only the rebels

    def other(mention: Mention, ground: bool = False) -> bool:
        if mention.start in aside or (side is not None and mention.start not in side):
            return False
        if _reporter(index.doc[mention.start]):
            return False  # "..., Macron said", "according to Macron": who tells, not the target
        if event.type in cues()["meeting_types"] and _topic(index.doc[mention.start]):
            return False  # "hosted talks on Syria": what the meeting is about
        if ground and mention.kind in PLACE_KINDS:  # "Douma ... the regime attacked": own ground
            return not any(d.text == mention.text for d in doers)
        return not any(same_side(doer, mention) for doer in doers)

    here = [m for m in index.mentions if span.start <= m.start < span.end and other(m)]
    if here:
        after = [m for m in here if m.start > trigger]
        mention = after[0] if after else here[-1]
    else:
        floor = spans[max(0, event.sentence_idx - LOOKBACK_SENTENCES)].start
        before = [  # news media named before told of acts, seldom suffered them ("Reuters")
            m
            for m in index.mentions
            if floor <= m.start < span.start
            and other(m, own_ground)
            and m.sector not in REPORTING_SECTORS
        ]
        if not before:
            return event
        mention = before[-1]
    target = actor_ref(mention)
    confidence = round(event.confidence * CONFIDENCE_FACTOR, 3)
    return replace(event, target=target, confidence=confidence, id="")


def _topic(token: Token) -> bool:
    """Does ``token`` name what a meeting is about ("talks on Syria", "discussed a plan for
    Idlib" aside): the object of a topic preposition on a gathering noun or a verb?"""
    walker = token
    while walker.dep_ in ("compound", "amod", "flat", "appos") and walker.head.i != walker.i:
        walker = walker.head
    prep = walker.head
    return (
        walker.dep_ == "pobj"
        and prep.lower_ in cues()["topic_prepositions"]
        and (
            prep.head.pos_ in ("VERB", "AUX")
            or prep.head.lemma_.lower() in words("gathering_nouns")
        )
    )


def _reporter(token: Token) -> bool:
    """Does ``token`` name who reports or to whom: the subject or object of a verb of saying
    ("..., Macron said", "told Agence France-Presse"), or the object of an attribution
    ("according to")? Whoever believes or knows something
    may well be the one an act is aimed at."""
    walker = token
    while (
        walker.dep_ in ("compound", "amod", "flat", "appos", "poss") and walker.head.i != walker.i
    ):
        walker = walker.head
    verb = walker.head
    told = ("nsubj", "nsubjpass", "dobj", "dative")  # who tells, or is told ("told AFP")
    if walker.dep_ in told and verb.lemma_.lower() in words("reporting_verbs"):
        return True
    prep = walker.head if walker.dep_ == "pobj" else None
    if (
        prep is not None
        and prep.lower_ == "to"
        and prep.head.lemma_.lower() in words("reporting_verbs")
    ):
        return True  # "confirmed the capture to Reuters"
    return prep is not None and prep.head.lower_ in words("attribution_words")
