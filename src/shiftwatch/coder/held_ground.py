"""Whose ground an act of force hits: "bombed the rebel-held province of Idlib".

An attack on territory is, for the annotator and for any reader, an attack on whoever holds it:
"the rebel-held province of Idlib" and "rebel positions in eastern Ghouta" are Syria's rebels,
"Isis-held territory" and "jihadist positions" the armed group. The resolver rightly refuses
"Isis" in "Isis-held" as an actor of the sentence (a holder is not a doer), so the coder reads
the holder from the territory's own phrase: a holding participle ("X-held", "held by X",
"X-controlled") or an armed sector word as its modifier ("rebel", "opposition", "jihadist").
A group the knowledge base knows by name is itself; a sector word is of the state the ground
lies in (the territory's "of/in X" phrase, else where the act happens). Armed Kurdish holders
are the Kurdish forces of Syria or Iraq, as the resolver codes them, when the ground lies there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.actors.coref import KURDISH_ARMED_HOMES, PLACE_KINDS, sentence_floor
from shiftwatch.actors.holders import holder_on
from shiftwatch.coder.arguments import (
    InferredMention,
    MentionIndex,
    actors_of,
    named_in_modifier,
    pobjs,
)
from shiftwatch.coder.cue_lists import cues, single, words
from shiftwatch.coder.event_dates import event_date
from shiftwatch.coder.local_doers import one_state, place_of_act, place_phrase
from shiftwatch.coder.triggers import Trigger, noun_behind_quantity

if TYPE_CHECKING:
    from datetime import date

    from spacy.tokens import Span, Token

    from shiftwatch.coder.arguments import Mention

GROUP_KINDS = frozenset({"group"})  # who may hold ground by a name alone
HOLDER_DEPS = frozenset({"npadvmod", "compound", "nmod", "amod"})
RECENT_SENTENCES = 2  # how far back the ground's towns may be named


def ground_holders(trigger: Trigger, ground: Token, index: MentionIndex) -> list[InferredMention]:
    """The holder of ``ground`` (an argument of ``trigger``) when it is named as held territory."""
    if trigger.rule.type not in cues()["victim_types"]:
        return []
    ground = noun_behind_quantity(ground)
    if ground.lemma_.lower() not in cues()["territory_nouns"]:
        return []
    for word in _holder_words(ground):
        found = _named_group(word) or _armed_sector(word, ground, trigger, index)
        if found is not None:
            code, sector = found
            return [
                InferredMention(
                    text=word.text,
                    start=word.i,
                    end=word.i + 1,
                    code=code,
                    sector=sector,
                    confidence=0.6,
                )
            ]
    return []


def _holder_words(ground: Token) -> list[Token]:
    """Words naming who holds ``ground``: the modifier of a holding participle ("rebel-held",
    "held by Isis") or a modifier of the ground itself ("rebel positions")."""
    found: list[Token] = []
    for child in ground.children:
        if child.dep_ in ("amod", "acl") and child.lemma_.lower() in words("holding_participles"):
            found.extend(g for g in child.children if g.dep_ in HOLDER_DEPS)
            for agent in (g for g in child.children if g.dep_ == "agent"):
                found.extend(p for p in agent.children if p.dep_ == "pobj")
        elif child.dep_ in ("compound", "amod") and child.i < ground.i:
            found.append(child)
    return found


def _named_group(word: Token) -> tuple[str, str] | None:
    """An armed group the knowledge base knows by this one word ("Isis", "Hezbollah")."""
    entry = named_in_modifier(word.text, GROUP_KINDS)
    return None if entry is None else (entry.code, entry.sector)


def _armed_sector(
    word: Token, ground: Token, trigger: Trigger, index: MentionIndex
) -> tuple[str, str] | None:
    """ "rebel", "opposition", "jihadist", "Kurdish": the ground's state's rebels."""
    lower = word.lower_
    kurdish = lower in words("kurdish_words")
    if lower not in words("armed_holder_words") and not kurdish:
        return None
    state = (
        _ground_state(ground, index)
        or _named_state(ground, index)
        or place_of_act(trigger.token, index)
        or _one_place_state(trigger, index)
        or _one_place_state(trigger, index, back=RECENT_SENTENCES)
    )
    if state is None and not kurdish:  # "Syrian regime forces attacked rebel positions"
        state = one_state(trigger.token.sent, index)
    if state is None or (kurdish and state not in KURDISH_ARMED_HOMES):
        return None
    return state, single("armed_holder_sector")


def _named_state(ground: Token, index: MentionIndex) -> str | None:
    """The state a modifier of the ground names ("Syrian rebel positions": Syria's rebels)."""
    for child in ground.children:
        mention = index.at(child) if child.dep_ in HOLDER_DEPS and child.i < ground.i else None
        if mention is not None and mention.kind in PLACE_KINDS:
            return mention.code
    return None


def _one_place_state(trigger: Trigger, index: MentionIndex, back: int = 0) -> str | None:
    """The one state whose towns or regions the sentence names ("Idlib has seen bloodshed as
    Syrian and Russian jets bombed rebel-held positions": Syria), or with ``back`` the sentences
    before it name ("... in Idlib. Russian jets pounded rebel positions": Syria's rebels, not
    the rebels of the one state the sentence itself names, the attacker's)."""
    sent = trigger.token.sent
    floor = sentence_floor(index.doc, trigger.token, back) if back else sent.start
    end = sent.start if back else sent.end
    codes = {
        m.code for m in index.mentions if floor <= m.start < end and m.kind in words("town_kinds")
    }
    return next(iter(codes)) if len(codes) == 1 else None


def _ground_state(ground: Token, index: MentionIndex) -> str | None:
    """The state of the place the ground's own phrase names ("the province of Idlib", "positions
    in eastern Ghouta")."""
    return place_phrase(ground, index, "ground_prepositions")[0]


def act_days(trigger: Trigger, sentence: Span, published: date | None) -> list[date | None]:
    """The days to read who held a place an act of force hit, best first: the date its sentence
    gives the act ("in late 2016 Iraqi forces started an offensive on Mosul": Islamic State held
    Mosul then), then the article's."""
    return [event_date(trigger.token, sentence, published).date, published]


def place_holders(
    places: list[Mention], days: list[date | None], doers: list[Mention]
) -> list[InferredMention]:
    """Whoever held the places an act of force hits, by the record
    (``actors/data/held_places.tsv``) on the first of ``days`` it has holders for: "the assault
    on Raqqa" in 2017 is on Islamic State. A place its doer held is left as it is (the record
    cannot say whom the doer hit there), and so is every place when one of them has no holder on
    record."""
    for day in days:
        held = [holder_on(_place_name(place.text), day) for place in places]
        if any(h is not None and any((d.code, d.sector or "") == h for d in doers) for h in held):
            return []  # the doer's own ground that day: the next day is no better guess
        if all(h is not None for h in held):
            return _holders(places, [h for h in held if h is not None])
    return []


def _holders(places: list[Mention], held: list[tuple[str, str]]) -> list[InferredMention]:
    found: list[InferredMention] = []
    for place, (code, sector) in zip(places, held, strict=True):
        found.append(
            InferredMention(
                text=place.text,
                start=place.start,
                end=place.end,
                code=code,
                sector=sector,
                confidence=0.6,
            )
        )
    return found


def _place_name(text: str) -> str:
    """ "Idlib province", "the city of Raqqa" -> the name the record uses."""
    parts = text.split()
    while parts and parts[-1].lower() in cues()["territory_nouns"]:
        parts.pop()
    if len(parts) >= 2 and parts[-2].lower() == "of":
        parts = parts[-1:]
    return " ".join(w for w in parts if w.lower() != "the")


def taken_from(trigger: Trigger, index: MentionIndex) -> list[Mention]:
    """ "retook Mosul from Islamic State", "recaptured eastern Ghouta from rebels": ground taken
    from someone is an act on whoever it was taken from, named after "from" on the verb or on
    the ground itself; a place there is only where ("drove from Aleppo to Idlib")."""
    holders = [trigger.token] + ([trigger.obj] if trigger.obj is not None else [])
    for holder in holders:
        for word in sorted(words("origin_prepositions")):
            found = [
                m
                for pobj in pobjs(holder, word)
                for m in actors_of(pobj, index)
                if m.kind not in PLACE_KINDS
            ]
            if found:
                return found
    return []
