"""Whose fire casualties came under: the act they were killed in, or the fight named before.

"He was killed in an Isis ambush", "20 civilians were killed when Turkish jets struck a convoy":
a passive act with no doer of its own happened in an act of the same type whose doers are named
(:func:`setting_doers`).

"The SDF has been fighting Isis in Baghuz. Three SDF fighters were killed on Sunday": the act in
the second sentence names no doer, and document context (:mod:`shiftwatch.coder.context`)
lends it the doer of the latest act of its kind, the SDF. But the SDF's own men are its patients,
and a side does not kill its own in a fight: a reader takes them as killed by the other side of
that fight. So a borrowed doer that is also the act's patient gives way to whom it was fighting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.coder import roles
from shiftwatch.coder.arguments import InferredMention
from shiftwatch.coder.context import CONTEXT_SENTENCES
from shiftwatch.coder.cue_lists import words
from shiftwatch.coder.events import inferred
from shiftwatch.coder.own_side import same_side
from shiftwatch.coder.triggers import cues, is_passive, noun_trigger, verb_trigger
from shiftwatch.ontology import plover_type

if TYPE_CHECKING:
    from spacy.tokens import Token

    from shiftwatch.coder.arguments import Mention, MentionIndex
    from shiftwatch.coder.events import SentenceContext
    from shiftwatch.coder.triggers import Trigger

GROUND_KINDS = frozenset({"place"})  # the resolver's kind for a town or region


def foe_of_victims(
    ctx: SentenceContext, event_type: str, sources: list[Mention], targets: list[Mention]
) -> list[Mention]:
    """The doers of an act whose doers were borrowed from an earlier act and are its own
    patients: the other side of the latest act of the same kind (quad class) those patients
    did in the last few sentences, not civilians. Empty when the doers were named in the
    sentence, are not among the patients, or their foe is not named."""
    if not sources or not all(isinstance(s, InferredMention) for s in sources):
        return []
    victims = [  # a town of one's own state is ground ("the regime shelled Douma"), not one's
        # own men; a capital stands for its state ("Damascus was hit" by whom Syria fights)
        t
        for t in targets
        if t.kind not in GROUND_KINDS and any(same_side(s, t) for s in sources)
    ]
    if not victims:
        return []
    quad = plover_type(event_type).quad_class
    civilians = cues()["civilian_sectors"]
    for event in reversed(ctx.earlier):
        if event.sentence_idx < ctx.idx - CONTEXT_SENTENCES:
            break
        if event.modality != "asserted" or event.quad_class != quad or event.target is None:
            continue
        if (event.target.sector or "") in civilians:  # civilians inflict no casualties
            continue
        if any(same_side(event.source, v) for v in victims) and not any(
            same_side(event.target, v) for v in victims
        ):
            return [inferred(event.target)]
    return []


def setting_doers(trigger: Trigger, index: MentionIndex) -> list[Mention]:
    """The doers of a passive act with no doer named that happened in, or when, an act of the
    same type whose doers are named: "was killed in an Isis ambush", "wounded during a Russian
    airstrike", "were killed when Turkish jets struck a convoy"; not the state of a place the
    sentence names ("... in Raqqa in northern Syria")."""
    token, rule = trigger.token, trigger.rule
    if rule.pos != "VERB" or not is_passive(token) or roles.verb_subject(token) is not None:
        return []
    settings = [
        noun_trigger(pobj)
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ in words("undergone_act_prepositions")
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]
    settings.extend(verb_trigger(clause) for clause in token.children if _when_clause(clause))
    act = next((s for s in settings if s is not None and s.rule.type == rule.type), None)
    return roles.source_actors(act, index) if act is not None else []


def _when_clause(clause: Token) -> bool:
    """Is ``clause`` an adverbial clause of the time or place something happened ("when jets
    struck", "where the shells fell")?"""
    return clause.dep_ == "advcl" and any(
        c.dep_ == "advmod" and c.lower_ in words("setting_adverbs") for c in clause.children
    )
