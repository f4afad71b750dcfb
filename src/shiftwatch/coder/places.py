"""Stage "places": a target that is only where something is done gets the sector LOC.

"The US will withdraw its troops from Syria", "Russian jets bombed Idlib": the guidelines code
the country as the target (SYR), and so does the coder, but what is acted on is a territory,
not the Syrian government. Analyses group actors by key (``SYR`` is the state, ``SYR.REB`` its
rebels), so a target named as a place takes the sector LOC and the key ``SYR.LOC``: what is
done in a country stays apart from what is done to its state. A target is a place when the
resolver found a town or region (kind ``place``), or a state or capital named after a
preposition of place (``territory_prepositions`` in ``lexicon/roles.yaml``: "in Syria", "from
Syria"). The gold's dyads compare codes only, so scores do not move; sectors and keys do.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from shiftwatch.coder.cue_lists import single, words

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.tokens import Span

    from shiftwatch.coder.arguments import Mention, MentionIndex
    from shiftwatch.models import Event

PLACE_KIND = "place"
ACTOR_KINDS = frozenset({"group", "igo", "ngo", "person"})  # never a territory


def mark_places(events: list[Event], spans: Sequence[Span], index: MentionIndex) -> list[Event]:
    """The events, each whose target is named as a place given the territory sector."""
    sector = single("territory_sector")
    out = []
    for event in events:
        target = event.target
        if target is None or target.sector:
            out.append(event)
            continue
        mention = _mention_of(event, spans, index)
        if mention is not None and _names_a_place(mention, index):
            event = replace(event, target=replace(target, sector=sector), id="")
        out.append(event)
    return out


def _mention_of(event: Event, spans: Sequence[Span], index: MentionIndex) -> Mention | None:
    """The mention the target was read from: in the event's sentence, else the latest before."""
    target = event.target
    assert target is not None
    end = spans[event.sentence_idx].end
    found = [
        m
        for m in index.mentions
        if m.start < end and m.code == target.code and m.text == target.text
    ]
    return found[-1] if found else None


def _names_a_place(mention: Mention, index: MentionIndex) -> bool:
    if mention.kind == PLACE_KIND:
        return True
    if mention.kind in ACTOR_KINDS:  # "retook Mosul from Islamic State": a group is no place
        return False
    root = index.doc[mention.start : mention.end].root
    return (
        root.dep_ == "pobj"
        and root.head.dep_ == "prep"
        and root.head.lower_ in words("territory_prepositions")
    )
