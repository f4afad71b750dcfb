"""Doers the resolver cannot name, placed in the one state their sentence is about.

"Leaders of the Azadliq opposition coalition agreed ...", "Hundreds of thousands of people
blocked streets in Hong Kong", "A newspaper based in east Beirut has violated a ban": the parse
finds the doer, but the knowledge base does not know it, so the act was lost. When such a doer
is a noun phrase (not a pronoun, not a bare number) and its sentence names exactly one state,
the doer is taken to be of that state, as the guidelines code unnamed domestic actors. Its
sector comes from the first sector word in the doer's phrase ("opposition", "people",
"newspaper"); a phrase with none ("an attempt", "Saturday's attack", "the men") is no doer this
stage can place, and a bare state would be claimed for acts of strangers. Never when that state
is what the act is aimed at. A doer behind a quantity ("thousands of protesters") is the noun
counted; people, press and police in a sentence naming more states are of the state where they
act (a place phrase on the act or on what it is done to).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.actors import load_knowledge_base
from shiftwatch.actors.coref import PLACE_KINDS
from shiftwatch.actors.key_groups import state_sectors
from shiftwatch.coder import roles
from shiftwatch.coder.arguments import InferredMention, Mention, MentionIndex, actors_of
from shiftwatch.coder.backers import sidelined
from shiftwatch.coder.cue_lists import cues, words
from shiftwatch.coder.triggers import is_passive, noun_behind_quantity, object_of

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from shiftwatch.coder.triggers import Trigger

NOUN_TAGS = frozenset({"NOUN", "PROPN"})


def doer_token(trigger: Trigger) -> Token | None:
    """The token the parse says does the act, named or not."""
    if trigger.rule.pos == "VERB":
        return roles.verb_subject(trigger.token)
    return roles.noun_source_token(trigger.token, of_role=trigger.rule.of_role)


def local_doer(span: Span, trigger: Trigger, index: MentionIndex) -> list[InferredMention]:
    """The doer as an actor of the sentence's one state (or of the place where it acts), or
    nothing."""
    found = doer_token(trigger)
    if found is None or found.pos_ not in NOUN_TAGS or found.i < span.start or found.i >= span.end:
        return []
    doer = noun_behind_quantity(found)  # "thousands of protesters": the protesters act
    if doer.lower_ in words("person_pronouns") or actors_of(doer, index):
        return []
    if any(c.dep_ == "det" and c.lower_ in cues()["negating_determiners"] for c in found.children):
        return []  # "no government is willing": nobody acts
    if any(t.lower_ in words("stranger_words") for t in doer.doc[found.left_edge.i : doer.i + 1]):
        return []
    sector = _sector_in(doer)
    if not sector:
        return []  # "an attempt", "Saturday's attack": the parse's subject is no doer at all
    aside = sidelined(trigger.token)
    code = one_state(span, index, aside)  # not a backer's ("backed by the US")
    if code is None and sector in words("placed_doer_sectors") and trigger.rule.pos == "VERB":
        code = _place_of_doing(trigger.token, index)  # "people blocked streets in Hong Kong"
    if code is None:
        return []
    venue = trigger.rule.type in cues()["meeting_types"]  # "attend talks in Sochi": not home
    home = [
        (m, _aimed_at(span.doc[m.start], trigger.token, doer, venue))
        for m in index.mentions
        if span.start <= m.start < span.end and m.start not in aside and m.code == code
    ]
    if any(aimed and not _domestic_rival(sector, m.sector or "") for m, aimed in home):
        return []  # "the company signed a deal with Iran": Iran is the other side, not the doer
    if home and all(aimed for _, aimed in home):
        return []  # "protesters attacked the Turkish embassy": named only as aimed at, not home
    return [_placed(doer, code, sector)]


def local_victims(
    span: Span, trigger: Trigger, index: MentionIndex, sources: list[Mention]
) -> list[InferredMention]:
    """Whom an act is done to when the knowledge base cannot name them: "killed 50 people",
    "a journalist was killed in Beirut". People, press or fighters named only by a sector word
    are of the state where the act happened ("in Damascus" on the act or its clause), else of the
    one state the sentence names. Armed victims (soldiers, fighters) may be of either side, and
    stay open."""
    if trigger.rule.type not in cues()["victim_types"]:
        return []
    token = trigger.obj if trigger.rule.pos == "VERB" else None
    if token is None:
        return []
    victim = noun_behind_quantity(token)
    if victim.pos_ != "NOUN" or actors_of(victim, index):
        return []
    sector = _sector_in(victim)
    if sector not in words("placed_victim_sectors"):
        return []  # soldiers, fighters, jets: either side's
    code = place_of_act(trigger.token, index)
    if code is None:
        code = one_state(span, index, sidelined(trigger.token))
        abroad = not is_passive(trigger.token)  # a passive's doer is the place's state
        if abroad and any(m.code == code and not m.sector for m in sources):
            return []  # "American lives ... killing thousands of civilians": a state abroad
    if code is None:
        return []
    return [_placed(victim, code, sector)]


def _placed(head: Token, code: str, sector: str) -> InferredMention:
    """The phrase ending at ``head`` ("hundreds of thousands of people") as an actor of
    ``code`` with ``sector``."""
    return InferredMention(
        text=head.doc[head.left_edge.i : head.i + 1].text,
        start=head.left_edge.i,
        end=head.i + 1,
        code=code,
        sector=sector,
        cameo=code + sector,
    )


def place_of_act(trigger: Token, index: MentionIndex) -> str | None:
    """The state of a place named by a place phrase on the act or on the clause it is in, or
    inside such a phrase ("in a market in Idlib")."""
    holders = [trigger, trigger.head]
    for verb in holders[:2]:  # "encircled Afrin, besieging 200,000 civilians"
        done_to = object_of(verb) if verb.pos_ == "VERB" else None
        mention = index.at(done_to) if done_to is not None else None
        if mention is not None and mention.kind in PLACE_KINDS:
            return mention.code
    return _first_place(holders, index)


def _first_place(holders: list[Token], index: MentionIndex) -> str | None:
    """The state of the first place a place phrase on ``holders`` names, looking inside the
    phrases that name none ("in a market in Idlib"), four holders at most."""
    for holder in holders:
        code, unnamed = place_phrase(holder, index, "place_prepositions")
        if code is not None:
            return code
        holders.extend(unnamed[: max(0, 4 - len(holders))])
    return None


def _place_of_doing(verb: Token, index: MentionIndex) -> str | None:
    """The state of the place a place phrase on the act or on what it is done to names ("blocked
    streets in Hong Kong", "in a square in Tehran"). Unlike :func:`place_of_act`, what the act
    is done to is never itself the place: "protesters attacked the Turkish embassy" are not
    Turkish."""
    done_to = object_of(verb)
    holders = [verb, *([noun_behind_quantity(done_to)] if done_to is not None else [])]
    return _first_place(holders, index)


def place_phrase(holder: Token, index: MentionIndex, prepositions: str) -> tuple[str | None, list]:
    """(state of the place a phrase of ``prepositions`` (a roles.yaml list) on ``holder`` names,
    the objects of such phrases that name no place, to look inside: "in a market in Idlib").
    A state's organ is no place: "killed in Russian airstrikes" happened where they struck."""
    unnamed = []
    for prep in holder.children:
        if prep.dep_ != "prep" or prep.lower_ not in words(prepositions):
            continue
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            mention = index.at(pobj)
            if mention is not None and mention.kind in PLACE_KINDS and not mention.sector:
                return mention.code, []
            unnamed.append(pobj)
    return None, unnamed


def one_state(span: Span, index: MentionIndex, aside: frozenset[int] = frozenset()) -> str | None:
    """The one state a sentence names, when it names at least one place of it; not counting
    mentions at ``aside`` (backers: coder/backers.py)."""
    named = [m for m in index.mentions if span.start <= m.start < span.end and m.start not in aside]
    codes = {m.code for m in named}
    if len(codes) == 1 and any(m.kind in PLACE_KINDS for m in named):
        return next(iter(codes))
    return None


def _domestic_rival(doer_sector: str, aimed_sector: str) -> bool:
    """ "A Beirut newspaper defied a ban by General Aoun", "protesters in Cairo denounced the
    government": people, press or opposition acting against an organ of their own state. A
    state named bare ("a deal with Iran") is still the other side, never the doer's home."""
    rival = doer_sector in words("domestic_rival_sectors")
    return rival and bool(aimed_sector) and aimed_sector in state_sectors()


def _aimed_at(token: Token, trigger: Token, doer: Token, venue: bool = False) -> bool:
    """Is ``token`` in the act's own phrase, other than as the place it happens ("in Ankara")?
    With ``venue`` (a meeting), the place it happens counts too: delegates travel to it."""
    walker = token
    while walker.i != trigger.i:
        if walker.i == doer.i or walker.head.i == walker.i:
            return False
        if walker.dep_ == "prep" and walker.lower_ in words("place_prepositions") and not venue:
            return False
        walker = walker.head
    return True


def _sector_in(doer: Token) -> str:
    """The sector the doer's head word names, alone or with the word before it ("armed
    fighters", "security forces"); words further out name something else ("an alert to the
    army" is no army)."""
    sectors = load_knowledge_base().sector_words
    before = doer.doc[doer.i - 1] if doer.i > doer.left_edge.i else None
    texts = [f"{before.lower_} {doer.lower_}"] if before is not None else []
    for text in (*texts, doer.lower_):
        if text in sectors:
            return sectors[text]
    return ""
