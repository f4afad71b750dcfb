"""Who holds whom: "four British men are held in Kurdish and US-run prisons", "Isis suspects
in the custody of the SDF".

The guidelines code holding prisoners as COERCE (arrest) from the holder to the group of the
detainees. News often names the holding only by the place people are kept in, with no verb of
arresting at all: the place noun (a row flagged ``held`` in ``lexicon/nouns.tsv``, framed by
the preposition that puts people in it) is then the act. Its holder is whoever the place
belongs to or is run by ("SDF prisons", "the custody of the SDF", "a jail run by Isis",
"US-run facilities"); its detainees are the subject of the clause the place phrase hangs on.
Nobody named as holder or as held, no event: a prison is not an act by itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.coder.arguments import actors_of, dedupe, pobjs
from shiftwatch.coder.cue_lists import words

if TYPE_CHECKING:
    from spacy.tokens import Token

    from shiftwatch.coder.arguments import Mention, MentionIndex
    from shiftwatch.coder.triggers import Trigger

OWNER_DEPS = frozenset({"poss", "compound", "amod", "nmod", "npadvmod"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
CLAUSE_LINKS = frozenset({"xcomp", "conj", "advcl"})
MAX_CLIMB = 3


def detention_roles(trigger: Trigger, index: MentionIndex) -> tuple[list[Mention], list[Mention]]:
    """(holders, detainees) of a place of detention flagged ``held``; both must be named (an
    unnamed "two men" is no group the act could be aimed at, and a guess would be)."""
    place = trigger.token
    holders = dedupe([m for word in _owner_words(place) for m in actors_of(word, index)])
    if not holders:
        return [], []
    codes = {m.code for m in holders}
    held = [m for m in actors_of(_detainee(place), index) if m.code not in codes]
    return (holders, held) if held else ([], [])


def _owner_words(place: Token) -> list[Token]:
    """Words naming whom the place belongs to: its owner or modifier ("SDF prisons",
    "US-run facilities", also their conjuncts: "Kurdish and US-run"), "of X" ("the custody of
    the SDF") and the doer of a participle ("a jail run by Isis")."""
    found: list[Token] = []
    for child in place.children:
        if child.dep_ in OWNER_DEPS and child.i < place.i:
            found.extend([child, *child.conjuncts, *child.children])
        elif child.dep_ == "acl" and child.lemma_.lower() in words("running_participles"):
            found.extend(pobjs(child, "by"))
    found.extend(pobjs(place, "of"))
    return found


def _detainee(place: Token) -> Token | None:
    """The subject of the clause the place phrase hangs on ("four men are believed to be held
    in ...": the men), climbing through the clauses that share it."""
    clause = place.head.head if place.dep_ == "pobj" else None
    for _ in range(MAX_CLIMB):
        if clause is None:
            return None
        subject = next((c for c in clause.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            return subject
        clause = clause.head if clause.dep_ in CLAUSE_LINKS else None
    return None
