"""Whose fire a side's casualties came under, when the article names the fight before them.

"The SDF has been fighting Isis in Baghuz. Three SDF fighters were killed on Sunday": the act in
the second sentence names no doer, and document context (:mod:`shiftwatch.coder.context`)
lends it the doer of the latest act of its kind, the SDF. But the SDF's own men are its patients,
and a side does not kill its own in a fight: a reader takes them as killed by the other side of
that fight. So a borrowed doer that is also the act's patient gives way to whom it was fighting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.coder.arguments import InferredMention
from shiftwatch.coder.context import CONTEXT_SENTENCES
from shiftwatch.coder.events import inferred
from shiftwatch.coder.own_side import same_side
from shiftwatch.coder.triggers import cues
from shiftwatch.ontology import plover_type

if TYPE_CHECKING:
    from shiftwatch.coder.arguments import Mention
    from shiftwatch.coder.events import SentenceContext

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
