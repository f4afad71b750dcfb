"""The coder's sentence pipeline: a list of named stages over one parsed sentence.

Each stage reads and extends one :class:`SentenceState`; :data:`STAGES` is the single place where
candidates are found, filtered, typed and assembled, so adding a stage (a learned filter, an event
date) is one entry in that list:

``candidates``  every trigger the lexicon recognises (:mod:`shiftwatch.coder.triggers`)
``scopes``      drop candidates that are only the content of another act (:mod:`.scopes`)
``assemble``    arguments, type in context, modality; one event per source and target
``demands``     reported demands ("X said Y must ...") as REQUESTs (:mod:`.demands`)
``commands``    quoted commands as REQUESTs of the speaker, when no other REQUEST was coded
``blames``      reported blame ("X said Y was behind the attack") as ACCUSEs (:mod:`.blames`)
``dedupe``      one event per act and (type, source, target): separate acts with the same codes
                stay separate events, as the guidelines list them
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shiftwatch.coder.arguments import MentionIndex
from shiftwatch.coder.assemble import code_trigger, dedupe_events
from shiftwatch.coder.blames import code_blame, faked, labels, reported_blames, to_blame
from shiftwatch.coder.cue_lists import cues, retype, words
from shiftwatch.coder.demands import code_demand
from shiftwatch.coder.events import SentenceContext
from shiftwatch.coder.imperatives import quoted_commands
from shiftwatch.coder.scopes import (
    carried_by_noun,
    content_scopes,
    deployed_to_act,
    existing_agreement,
    foretold,
    object_of_an_act,
    own_command,
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
    acts: dict[int, int] = field(default_factory=dict)  # id(event) -> the act it reports
    # (offset, type) of candidates beyond the triggers' own types: a trigger typed otherwise in
    # context (a vow of harm is THREATEN), what a speech stage finds (a blame, a command)
    typed: list[tuple[int, str]] = field(default_factory=list)


Stage = Callable[[SentenceState], None]


def find_candidates(state: SentenceState) -> None:
    """Every trigger of the sentence, and the reported demands in it."""
    state.found = state.triggers = find_triggers(state.ctx.span)
    state.demands = reported_demands(state.ctx.span)


def scope_candidates(state: SentenceState) -> None:
    """Keep the candidates that are acts in their own right."""
    content, state.claimed, state.conflict = content_scopes(state.triggers)
    acts = {t.token.i for t in state.triggers}
    commands = [t for t in state.triggers if own_command(t, state.index, acts)]
    for command in commands:  # "ordered US forces to leave": the leaving is the act
        content -= {i for c in command.token.children if c.dep_ == "xcomp" for i in subtree_ids(c)}
    for _, complement in state.demands:
        content |= subtree_ids(complement)
    ordering = {c.token.i for c in commands}
    verbs = {t.token.i for t in state.triggers if t.rule.pos == "VERB"}
    nouns = {t.token.i for t in state.triggers if t.rule.pos == "NOUN"}
    curated = {
        t.token.i
        for t in state.triggers
        if t.rule.pos == "VERB" and "derived" not in t.rule.flags and not t.rule.frame
    }
    state.triggers = [
        trigger
        for trigger in state.triggers
        if trigger.token.i not in content
        and trigger.token.i not in ordering
        and not deployed_to_act(trigger, state.triggers)
        and not existing_agreement(trigger, verbs)
        and not self_aimed(trigger.token)
        and not carried_by_noun(trigger, nouns)
        and not object_of_an_act(trigger, curated)
        and not foretold(trigger, state.index)
        and not to_blame(trigger.token)  # "Russia was to blame": Russia blames nobody
        and not (trigger.rule.type in words("faked_types") and faked(trigger.token))
    ]


def assemble_events(state: SentenceState) -> None:
    """Events of the kept candidates."""
    act_of = same_acts(state.triggers)
    for trigger in state.triggers:
        i = trigger.token.i
        claimed, conflict = i in state.claimed, state.conflict.get(i, False)
        found = code_trigger(state.ctx, trigger, state.index, claimed, conflict)
        state.acts.update((id(event), act_of[i]) for event in found)
        state.typed.extend(
            (trigger.token.idx, e.type) for e in found if e.type != trigger.rule.type
        )
        state.events.extend(found)


def same_acts(triggers: list[Trigger]) -> dict[int, int]:
    """Trigger position -> its act. Triggers one or two dependency steps apart, with no
    coordination of acts on the way, report one act ("launched an offensive", "killed 46
    civilians in an attack", "began a hunger strike to protest"); "bombed the town and shelled
    the camp" are two (:func:`_own_act`), and so is a clause with a doer of its own
    (:func:`_own_clause`)."""
    act = {t.token.i: t.token.i for t in triggers}

    def root(i: int) -> int:
        while act[i] != i:
            i = act[i]
        return i

    def up(token: Token) -> Token | None:
        if token.head.i == token.i or (token.dep_ == "conj" and _own_act(token)):
            return None
        return None if _own_clause(token) else token.head

    for trigger in triggers:
        token = trigger.token
        near = [h for h in (up(token),) if h is not None]
        if near and (above := up(near[0])) is not None:
            near.append(above)
        near.extend(s for s in (near[0].children if near else ()) if up(s) is not None)
        for other in near:
            if other.i in act and other.i != token.i:
                act[root(token.i)] = root(other.i)
    return {i: root(i) for i in act}


def _own_clause(verb: Token) -> bool:
    """A clause with a doer of its own hung on another ("attacked Kurdish positions, while
    Turkish jets bombed Afrin") tells an act of its own."""
    return verb.dep_ == "advcl" and any(
        c.dep_ == "nsubj" and c.lower_ not in words("relative_pronouns") for c in verb.children
    )


def _own_act(conjunct: Token) -> bool:
    """A verb conjoined with an object of its own ("bombed the town and shelled the camp") is an
    act of its own; conjoined nouns ("shelling and airstrikes"), verbs sharing their object
    ("killing 50"), alternatives ("killing or wounding 50") and the toll of an attack ("bombed
    a position and killed 12", "killing 12 and wounding 50") describe one act."""
    alternative = any(
        c.dep_ == "cc" and c.lower_ in cues()["alternative_conjunctions"]
        for c in conjunct.head.children
    )
    return (
        not alternative
        and conjunct.lemma_.lower() not in cues()["casualty_verbs"]
        and conjunct.pos_ in ("VERB", "AUX")
        and conjunct.head.pos_ != "NOUN"  # "airstrikes and shelling by X": a gerund as a noun
        and any(c.dep_ in ("dobj", "obj", "prep", "dative") for c in conjunct.children)
    )


def demand_events(state: SentenceState) -> None:
    """Reported demands: REQUESTs of the speaker aimed at the clause's subject."""
    for speech, complement in state.demands:
        state.events.extend(code_demand(state.ctx, speech, complement, state.index))


def command_events(state: SentenceState) -> None:
    """Quoted commands, only when the sentence has no REQUEST yet."""
    if any(e.type == retype("reported_demand").type for e in state.events):
        return
    for speech, command in quoted_commands(state.ctx.span):
        state.typed.append((speech.idx, retype("reported_demand").type))
        found = code_demand(state.ctx, speech, command, state.index, addressee_only=True)
        state.events.extend(found)


def blame_events(state: SentenceState) -> None:
    """Reported blame: ACCUSEs of the speaker aimed at whom the clause blames."""
    blame = retype("reported_blame").type
    for speech, clause in reported_blames(state.ctx.span, state.found):
        state.typed.append((speech.idx, blame))
        state.events.extend(code_blame(state.ctx, speech, clause, state.index))
    for verb, labelled in labels(state.ctx.span, state.found):  # "regards the YPG as terrorists"
        state.typed.append((verb.idx, blame))
        state.events.extend(code_blame(state.ctx, verb, verb, state.index, labelled))


def dedupe_stage(state: SentenceState) -> None:
    state.events = dedupe_events(state.events, state.acts)


STAGES: list[tuple[str, Stage]] = [
    ("candidates", find_candidates),
    ("scopes", scope_candidates),
    ("assemble", assemble_events),
    ("demands", demand_events),
    ("commands", command_events),
    ("blames", blame_events),
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
    """(character offset, type) of every candidate: what evaluation's candidate recall counts.
    A trigger typed otherwise in context counts with that type too, and the speech stages' finds
    (a quoted command, a reported blame, a label) are candidates as well."""
    found = [(t.token.idx, t.rule.type) for t in state.found]
    demand = retype("reported_demand").type
    return found + [(speech.idx, demand) for speech, _ in state.demands] + state.typed


def code_sentence(
    ctx: SentenceContext, index: MentionIndex, stages: list[tuple[str, Stage]] | None = None
) -> list[Event]:
    """Every event the sentence ``ctx.span`` reports."""
    return run_stages(ctx, index, stages).events
