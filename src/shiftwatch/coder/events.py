"""What every coded event of a sentence shares, and how one is built.

The stages pass a :class:`SentenceContext` around and build each :class:`Event` through
:func:`make_event`, so modality, CAMEO record, quantity, location and evidence offsets are
filled in one place whichever stage found the event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from shiftwatch.coder.arguments import InferredMention, Mention
from shiftwatch.coder.cue_lists import retyped_mode
from shiftwatch.coder.event_dates import event_date
from shiftwatch.coder.quantities import event_location, event_quantity
from shiftwatch.coder.triggers import Rule, Trigger
from shiftwatch.models import ActorRef, Event
from shiftwatch.ontology import cameo_code, plover_type

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


@dataclass(slots=True)
class SentenceContext:
    """What every event of one sentence shares."""

    doc_id: str
    idx: int
    span: Span
    date: date | None
    coder_version: str
    earlier: list[Event] = field(default_factory=list)  # events of the sentences before


def actor_ref(mention: Mention) -> ActorRef:
    return ActorRef(
        code=mention.code,
        sector=mention.sector or "",
        text=mention.text,
        cameo=getattr(mention, "cameo", "") or "",
    )


def make_event(
    ctx: SentenceContext,
    rule: Rule,
    event_type: str,
    cameo: str,
    trigger: Token,
    source: ActorRef,
    target: ActorRef | None,
    label: str,
    obj: Token | None,
    confidence: float,
) -> Event:
    record = cameo_code(cameo)
    value, unit = event_quantity(trigger, obj)
    span = ctx.span
    when = event_date(trigger, span, ctx.date, future=label == "future")
    return Event(
        doc_id=ctx.doc_id,
        sentence_idx=ctx.idx,
        sentence=span.text,
        date=ctx.date,
        source=source,
        target=target,
        type=event_type,
        mode=rule.mode if event_type == rule.type else retyped_mode(event_type),
        cameo=cameo,
        goldstein=record.goldstein if record else None,
        quad_class=record.quad_class if record else plover_type(event_type).quad_class,
        modality=label,
        quantity=value,
        quantity_unit=unit,
        location=event_location(trigger),
        confidence=round(min(1.0, max(0.0, confidence)), 3),
        coder_version=ctx.coder_version,
        evidence_start=span.start_char,
        evidence_end=span.end_char,
        trigger=trigger.text,
        event_date=when.date,
        date_precision=when.precision,
    )


def confidence(trigger: Trigger, sources: list, targets: list) -> float:
    score = 0.45 + (0.15 if trigger.rule.pos == "VERB" else 0.05)
    score += 0.1 if trigger.rule.frame else 0.0
    score += 0.15 if targets else 0.0
    mentions = sources + targets
    certainty = sum(getattr(m, "confidence", 1.0) for m in mentions) / len(mentions)
    return score * (0.6 + 0.4 * certainty)


def inferred(ref: ActorRef) -> InferredMention:
    return InferredMention(
        text=ref.text, start=-1, end=-1, code=ref.code, sector=ref.sector, cameo=ref.cameo
    )
