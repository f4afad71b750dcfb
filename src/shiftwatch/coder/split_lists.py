"""Lists of actors the parser splits: the items it hangs somewhere other than on the list.

"Assad's forces, Hezbollah and Syrian militias attacked rebels" is often parsed as a verb with
two subjects, "Assad's forces" and "Hezbollah (and Syrian militias)": every item of such a list
before the verb is a doer, not only the first (GUIDELINES: each party named as doing the act
gets its own event). An apposition that holds a conjunction is a list too ("Putin, Rouhani
and Erdogan" read as Putin + "Rouhani and Erdogan"), whose first item may only rename the head.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from shiftwatch.coder.cue_lists import words

if TYPE_CHECKING:
    from spacy.tokens import Token


def split_doers(verb: Token) -> list[Token]:
    """Doers of ``verb`` the parser hangs where a verb's doer is not looked for: the further
    subjects of a list (:func:`split_subjects`), the "by" phrase of a gerund conjoined to a noun
    ("the airstrikes and shelling by Syrian forces")."""
    found = split_subjects(verb)
    if verb.tag_ == "VBG" and verb.head.pos_ == "NOUN":
        found.extend(
            pobj
            for prep in verb.children
            if prep.dep_ == "prep" and prep.lower_ in words("agent_prepositions")
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        )
    return found


def split_subjects(verb: Token) -> list[Token]:
    """The subjects of ``verb`` after its first one, when they are items of one list: subjects
    before the verb with only punctuation and conjunctions between them, the list closed by a
    conjunction ("A, B and C")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
    found: list[Token] = []
    for before, item in pairwise(subjects):
        between = item.doc[before.right_edge.i + 1 : item.left_edge.i]
        if not len(between) or any(t.dep_ not in ("punct", "cc") for t in between):
            break
        closed = any(t.dep_ == "cc" for t in between) or any(c.dep_ == "cc" for c in item.children)
        if not closed:
            break
        found.append(item)
    return found


def a_list(appos: Token) -> bool:
    """Does an apposition hold a conjunction, so that it lists more actors than it renames?"""
    return any(c.dep_ == "cc" for item in (appos, *appos.conjuncts) for c in item.children)


def first_item(appos: Token) -> set[int]:
    """Positions of the first item of an apposition that is a list: not its conjuncts'."""
    rest = {t.i for c in appos.children if c.dep_ in ("conj", "cc") for t in c.subtree}
    return {t.i for t in appos.subtree} - rest


def bare_conjuncts(noun: Token) -> list[Token]:
    """Nouns conjoined after ``noun`` with no determiner or owner of their own ("the airstrikes
    and shelling by Syrian forces"): one phrase, whose doer the parser hangs on the last."""
    return [
        c
        for c in noun.children
        if c.dep_ == "conj"
        and c.i > noun.i
        and c.pos_ in ("NOUN", "VERB")
        and not any(d.dep_ in ("det", "poss") for d in c.children)
    ]
