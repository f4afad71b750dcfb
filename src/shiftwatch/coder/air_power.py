"""Who can be the doer of an air strike the sentence gives no doer for.

Document context lends an act with no doer of its own the doer of an earlier act
(:mod:`shiftwatch.coder.context`). For an air strike that is only right when the earlier doer
has aircraft: "Isis is using civilians as human shields against airstrikes" is not Isis striking
from the air, nor is "an airstrike hit an Islamic State weapons depot". Lexicon rows flagged
``air`` (air and drone strikes, air raids) take a borrowed doer only when it is a state's organ or
an international organisation: never rebels, civilians or an armed group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.actors import load_knowledge_base
from shiftwatch.actors.key_groups import state_sectors

if TYPE_CHECKING:
    from shiftwatch.coder.arguments import Mention
    from shiftwatch.coder.triggers import Rule


def airborne(rule: Rule, sources: list[Mention], parsed: list[Mention]) -> list[Mention]:
    """``sources`` without those that cannot fly the act of ``rule``: doers named in the
    sentence's parse (``parsed``) are kept, whoever they are."""
    if "air" not in rule.flags:
        return sources
    named = {id(m) for m in parsed}
    return [m for m in sources if id(m) in named or _flies(m)]


def _flies(mention: Mention) -> bool:
    """A state, one of its organs, or an international organisation (not an armed group)."""
    if (mention.sector or "") not in state_sectors():
        return False
    sector, kb = mention.sector or "", load_knowledge_base()
    return not any(
        o.kind == "group" and (o.code, o.sector or "") == (mention.code, sector)
        for o in kb.organisations.values()
    )
