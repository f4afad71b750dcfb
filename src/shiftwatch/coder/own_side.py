"""Whether two actors of an act are one side: the act would be done to itself.

:mod:`shiftwatch.coder.assemble` drops a target that is its source under another name ("its",
"the Daesh fighter"); :mod:`shiftwatch.coder.casualties` asks whether an act's patients are the
very side its borrowed doer stands for; :mod:`shiftwatch.coder.unnamed_targets` never aims an
act at another organ of its doer's state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.actors.key_groups import state_sectors
from shiftwatch.coder.cue_lists import words
from shiftwatch.coder.triggers import cues

if TYPE_CHECKING:
    from shiftwatch.coder.arguments import Mention
    from shiftwatch.models import ActorRef


def acts_on_itself(source: Mention, target: Mention) -> bool:
    """Is ``target`` the source itself: a pronoun of it, or the same non-state group?"""
    return _reflexive(source, target) or _same_group(source, target)


def same_side(actor: ActorRef | Mention, other: Mention) -> bool:
    """One actor, or two organs of one state (its army and its government)."""
    if actor.code != other.code:
        return False
    sector, other_sector = actor.sector or "", other.sector or ""
    organs = state_sectors()
    return sector == other_sector or (sector in organs and other_sector in organs)


def _reflexive(source: Mention, target: Mention) -> bool:
    """ "North Korea would not negotiate away its weapons": "its" is the source itself."""
    return target.code == source.code and target.text.lower() in cues()["pronouns"]


def _same_group(source: Mention, target: Mention) -> bool:
    """A non-state group acting on itself ("Isis fighters ... kill the Daesh fighter"). A
    state's rebels or opposition are a class of groups, not one: under other names they fight
    each other ("Turkish-backed rebels shelled the YPG" is SYR REB on SYR REB)."""
    if source.kind != "group" or target.code != source.code:
        return False
    if (target.sector or "") != (source.sector or ""):
        return False
    if not source.sector or source.sector in state_sectors():  # a state's organs: one state
        return True
    return _name(source) == _name(target)


def _name(mention: Mention) -> str:
    """A mention's words without its determiner ("the rebels" and "rebels" name one class)."""
    articles = words("definite_determiners") | words("indefinite_determiners")
    return " ".join(w for w in mention.text.lower().split() if w not in articles)
