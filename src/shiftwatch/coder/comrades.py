"""Co-belligerents: who fights beside the doer, and whom they fight.

"Kurdish militants fought with US forces in the fight against Islamic State": "with" on a verb
of fighting usually names the enemy ("Iraqi troops fought with Isis militants"), but not when
the sentence names the enemy otherwise: "against Y" on the verb, on the "with" phrase (the
parser often hangs it there: "fought with US forces against Isis") or on the fight the verb
happens in ("in the battle against Isis"). Then the "with" phrase names comrades, who do the
act too, and Y is its target: one event for each of the doer and its comrades against Y.
"Alongside" always names comrades (:func:`shiftwatch.coder.roles._co_doers`); the enemy named in
the fight the verb happens in is the target of that act as well ("fought alongside US troops in
the battle against Isis").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.coder.arguments import Mention, MentionIndex, actors_of, dedupe, pobjs
from shiftwatch.coder.cue_lists import words

if TYPE_CHECKING:
    from spacy.tokens import Token

    from shiftwatch.coder.triggers import Trigger


def _fights(trigger: Trigger) -> bool:
    """Is the trigger a verb of fighting (``fighting_verbs`` in roles.yaml)?"""
    return trigger.rule.pos == "VERB" and trigger.token.lemma_.lower() in words("fighting_verbs")


def _settings(verb: Token) -> list[Token]:
    """The fights the verb happens in: "fought ... in the fight against Y", "during the war"."""
    return [
        pobj
        for word in sorted(words("combat_setting_prepositions"))
        for pobj in pobjs(verb, word)
        if pobj.lemma_.lower() in words("combat_nouns")
    ]


def _companions(verb: Token) -> list[Token]:
    """The objects of "with" on the verb: an enemy or comrades, by what else it names."""
    return [p for word in sorted(words("comrade_prepositions")) for p in pobjs(verb, word)]


def _enemies(verb: Token) -> list[Token]:
    """Whom a fight is against, named on the verb, its "with" phrase or its setting."""
    holders = [verb, *_companions(verb), *_settings(verb)]
    enemy = sorted(words("enemy_prepositions"))
    return [p for holder in holders for word in enemy for p in pobjs(holder, word)]


def co_belligerents(
    trigger: Trigger, index: MentionIndex, sources: list[Mention]
) -> tuple[list[Mention], list[Mention]] | None:
    """(doers with their comrades, the enemy) of a fight whose enemy is named by "against",
    or None when the sentence names no such enemy: the lexicon's own slots stand."""
    if not _fights(trigger):
        return None
    enemies = dedupe([m for t in _enemies(trigger.token) for m in actors_of(t, index)])
    enemy_codes = {(m.code, m.sector) for m in enemies}
    comrades = [
        m
        for t in _companions(trigger.token)
        for m in actors_of(t, index)
        if (m.code, m.sector) not in enemy_codes
    ]
    doers = dedupe([*sources, *comrades])
    if not enemies or not doers:
        return None
    return doers, enemies
