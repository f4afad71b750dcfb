"""Whose side armed men named without a state are on: "US-backed fighters", "pro-government
forces", "forces loyal to Assad".

Part of the second pass of :mod:`shiftwatch.actors.anaphora`. The guidelines (7) code sponsored
and pro-government militias by the state they fight for or in, never by their sponsor; each rule
here names that state only when the sentence or the article leaves one answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.actors.coref import PLACE_KINDS

if TYPE_CHECKING:
    from shiftwatch.actors.anaphora import Article

FIGHTER_NOUNS = frozenset(
    {
        "fighters", "forces", "rebels", "militias", "militia", "militants", "groups", "factions",
        "troops", "gunmen", "militiamen",
    }
)  # fmt: skip
GOVERNMENT_SIDE = frozenset({"government", "regime"})  # "pro-government", "pro-regime"
BACKING = frozenset({"backed", "sponsored", "supported", "funded", "armed", "trained", "led"})
LOYALTY_KINDS = frozenset({"state", "person", "capital", "seat", "coref"})  # whom men are loyal to
REBEL_SECTOR = "REB"
TOWN_KIND = "place"  # the resolver's kind for a town or region: never an actor of the sentence


def loyal_forces(article: Article) -> None:
    """ "forces loyal to Syria's Bashar al-Assad", "troops loyal to the government": armed men
    loyal to an actor are that actor's own (its forces; fighters or militias loyal to a state
    are its militia, with no sector: GUIDELINES 7)."""
    doc = article.doc
    for i, lower in enumerate(article.lowers):
        if lower != "loyal" or article.covered[i] is not None:
            continue
        noun = doc[i].head
        sector = article.kb.sector_words.get(noun.lower_)
        if doc[i].dep_ != "amod" or sector is None or article.covered[noun.i] is not None:
            continue
        for prep in (c for c in doc[i].children if c.dep_ == "prep" and c.lower_ == "to"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                master = article.covered[pobj.i]
                if master is None or master.kind not in LOYALTY_KINDS:
                    continue
                start = min((c.i for c in noun.lefts), default=noun.i)
                if sector == REBEL_SECTOR:
                    sector = ""  # fighters loyal to a state are its militia
                article.add(start, noun.i + 1, master.code, sector, master.cameo)


def backed_fighters(article: Article, i: int, focus: str | None) -> None:
    """ "US-backed fighters": local rebels of the state where they fight (GUIDELINES 7)."""
    doc, lowers = article.doc, article.lowers
    if not (
        lowers[i] in BACKING
        and i > 1
        and lowers[i - 1] == "-"
        and i + 1 < len(doc)
        and lowers[i + 1] in FIGHTER_NOUNS
    ):
        return
    start = i - 2
    while start > 0 and doc[start - 1].is_title and not article.covered[start - 1]:
        start -= 1
    sent = doc[i].sent
    places = {  # a town anywhere after them is where they fight ("forces ... to free Raqqa")
        m.code
        for m in article.mentions
        if sent.start <= m.start < sent.end and m.kind in PLACE_KINDS and m.start > i
        and (doc[m.start].head.lower_ in ("in", "of", ",") or m.kind == TOWN_KIND)
    }  # fmt: skip
    code = places.pop() if len(places) == 1 else focus
    if code is not None:
        article.add(start, i + 2, code, "REB")


def government_side(article: Article, i: int, focus: str | None) -> None:
    """ "pro-government forces", "pro-regime militias": the militia of the state whose
    government they fight for, with no sector (GUIDELINES 7): the one state the sentence places
    things in, else the article's focus."""
    lowers = article.lowers
    if not (
        lowers[i] == "pro"
        and i + 3 < len(lowers)
        and lowers[i + 1] == "-"
        and lowers[i + 2] in GOVERNMENT_SIDE
        and lowers[i + 3] in FIGHTER_NOUNS
    ):
        return
    sent = article.doc[i].sent
    states = {
        m.code
        for m in article.mentions
        if sent.start <= m.start < sent.end and m.kind in PLACE_KINDS and not m.sector
    }
    code = states.pop() if len(states) == 1 else focus
    if code is not None:
        article.add(i, i + 4, code, "")
