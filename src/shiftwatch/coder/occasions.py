"""Gatherings that set another act's content: "agreed to set up a committee at a summit in
Sochi", "urged Erdogan and Rouhani to back the plan during talks in Tehran".

The parser hangs the phrase that sets the scene on the infinitive, inside what was agreed or
asked; but the gathering takes place whatever was promised or asked there, so it is an act in
its own right (stage "scopes" keeps it), its parties are the doers and addressees of the act it
is the setting of (stage "assemble"), and its modality is that act's. Taking part in one
("agreed to take part in talks") stays the content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.coder.cue_lists import words
from shiftwatch.coder.triggers import verb_trigger

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Links by which the phrase's head hangs inside the content of an act: what is agreed, asked or
# vowed ("agreed to X", "said Y would X") and what it names ("demanded the withdrawal of ...").
CONTENT_LINKS = frozenset({"xcomp", "ccomp", "dobj", "obj", "pobj", "prep"})
MAX_STEPS = 4


def occasion_owner(noun: Token) -> Token | None:
    """The act whose content a gathering noun is the setting of, or None."""
    head = noun.head
    if (
        noun.dep_ != "pobj"
        or noun.lemma_.lower() not in words("gathering_nouns")
        or head.lower_ not in words("gathering_prepositions") | words("sequel_prepositions")
    ):
        return None
    token = head.head
    if token.lemma_.lower() in words("participation_verbs"):
        return None
    for _ in range(MAX_STEPS):
        if token.dep_ not in CONTENT_LINKS or token.head.i == token.i:
            return None
        token = token.head
        trigger = verb_trigger(token) if token.pos_ in ("VERB", "AUX") else None
        if trigger is not None and "content" in trigger.rule.flags:
            return token
    return None


def occasions(ids: set[int], doc: Doc) -> set[int]:
    """Tokens among ``ids`` (a content) of the phrases that set it at a gathering."""
    found: set[int] = set()
    for i in ids:
        prep = doc[i]
        if prep.dep_ == "prep" and any(
            p.dep_ == "pobj" and occasion_owner(p) is not None for p in prep.children
        ):
            found |= {t.i for t in prep.subtree}
    return found
