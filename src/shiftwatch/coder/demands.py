"""Stage "demands": reported demands ("X said Y must ...") and quoted commands as REQUESTs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.coder import roles
from shiftwatch.coder.arguments import MentionIndex, actors_of
from shiftwatch.coder.cue_lists import retype
from shiftwatch.coder.events import SentenceContext, actor_ref, make_event
from shiftwatch.coder.modality import modality
from shiftwatch.coder.triggers import Rule
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
