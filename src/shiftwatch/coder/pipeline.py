"""The coder's sentence pipeline: a list of named stages over one parsed sentence.

Each stage reads and extends one :class:`SentenceState`; :data:`STAGES` is the single place where
candidates are found, filtered, typed and assembled, so adding a stage (a learned filter, an event
date) is one entry in that list:

``candidates``  every trigger the lexicon recognises (:mod:`shiftwatch.coder.triggers`)
``scopes``      drop candidates that are only the content of another act (:mod:`.scopes`)
``assemble``    arguments, type in context, modality; one event per source and target
``demands``     reported demands ("X said Y must ...") as REQUESTs (:mod:`.demands`)
``commands``    quoted commands as REQUESTs of the speaker, when no other REQUEST was coded
``dedupe``      one event per (type, source, target)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shiftwatch.coder.arguments import MentionIndex
from shiftwatch.coder.assemble import code_trigger, dedupe_events
from shiftwatch.coder.cue_lists import retype
from shiftwatch.coder.demands import code_demand
from shiftwatch.coder.events import SentenceContext
from shiftwatch.coder.imperatives import quoted_commands
from shiftwatch.coder.scopes import (
    carried_by_noun,
    content_scopes,
    existing_agreement,
    foretold,
    reported_demands,
    self_aimed,
    subtree_ids,
)
from shiftwatch.coder.triggers import Trigger, find_triggers
from shiftwatch.models import Event

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass(slots=True)
class SentenceState:
    """What the stages know about one sentence so far."""

    ctx: SentenceContext
    index: MentionIndex
    found: list[Trigger] = field(default_factory=list)  # every candidate, before scoping
    triggers: list[Trigger] = field(default_factory=list)
    demands: list[tuple[Token, Token]] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)  # inside an accusation: alleged
    conflict: dict[int, bool] = field(default_factory=dict)  # a promise of material conflict
    events: list[Event] = field(default_factory=list)


Stage = Callable[[SentenceState], None]


def find_candidates(state: SentenceState) -> None:
    """Every trigger of the sentence, and the reported demands in it."""
    state.found = state.triggers = find_triggers(state.ctx.span)
    state.demands = reported_demands(state.ctx.span)


def scope_candidates(state: SentenceState) -> None:
    """Keep the candidates that are acts in their own right."""
    content, state.claimed, state.conflict = content_scopes(state.triggers)
    for _, complement in state.demands:
        content |= subtree_ids(complement)
    verbs = {t.token.i for t in state.triggers if t.rule.pos == "VERB"}
    nouns = {t.token.i for t in state.triggers if t.rule.pos == "NOUN"}
    state.triggers = [
        trigger
        for trigger in state.triggers
        if trigger.token.i not in content
        and not existing_agreement(trigger, verbs)
        and not self_aimed(trigger.token)
        and not carried_by_noun(trigger, nouns)
        and not foretold(trigger, state.index)
    ]


def assemble_events(state: SentenceState) -> None:
    """Events of the kept candidates."""
    for trigger in state.triggers:
        i = trigger.token.i
        claimed, conflict = i in state.claimed, state.conflict.get(i, False)
        state.events.extend(code_trigger(state.ctx, trigger, state.index, claimed, conflict))


def demand_events(state: SentenceState) -> None:
    """Reported demands: REQUESTs of the speaker aimed at the clause's subject."""
    for speech, complement in state.demands:
        state.events.extend(code_demand(state.ctx, speech, complement, state.index))


def command_events(state: SentenceState) -> None:
    """Quoted commands, only when the sentence has no REQUEST yet."""
    if any(e.type == retype("reported_demand").type for e in state.events):
        return
    for speech, command in quoted_commands(state.ctx.span):
        found = code_demand(state.ctx, speech, command, state.index, addressee_only=True)
        state.events.extend(found)


def dedupe_stage(state: SentenceState) -> None:
    state.events = dedupe_events(state.events)


STAGES: list[tuple[str, Stage]] = [
    ("candidates", find_candidates),
    ("scopes", scope_candidates),
    ("assemble", assemble_events),
    ("demands", demand_events),
    ("commands", command_events),
    ("dedupe", dedupe_stage),
]


def run_stages(
    ctx: SentenceContext, index: MentionIndex, stages: list[tuple[str, Stage]] | None = None
) -> SentenceState:
    """The state of the sentence ``ctx.span`` after ``stages`` (default: STAGES)."""
    state = SentenceState(ctx=ctx, index=index)
    for _, stage in stages or STAGES:
        stage(state)
    return state


def candidate_types(state: SentenceState) -> list[tuple[int, str]]:
    """(character offset, type) of every candidate: what evaluation's candidate recall counts."""
    found = [(t.token.idx, t.rule.type) for t in state.found]
    demand = retype("reported_demand").type
    return found + [(speech.idx, demand) for speech, _ in state.demands]


def code_sentence(
    ctx: SentenceContext, index: MentionIndex, stages: list[tuple[str, Stage]] | None = None
) -> list[Event]:
    """Every event the sentence ``ctx.span`` reports."""
    return run_stages(ctx, index, stages).events
