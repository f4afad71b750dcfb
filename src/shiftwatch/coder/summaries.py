"""Summary appositions: "Turkey launched an offensive on Afrin, a move condemned by France".

A noun such as "move" or "decision" set in apposition after a clause (``summary_nouns`` in
``lexicon/roles.yaml``) names no act of its own: it sums up the act of the clause it follows.
A reaction to it (condemning it, hailing it, being angered by it) is aimed at whoever does that
act: the owner of an act noun on the way up ("Trump's decision to withdraw, a move that
infuriated the UK military"), else the subject of the nearest verb above ("Russia vetoed the
resolution, a decision that infuriated Britain"). Without this the reaction fell to whatever
actor or place the apposition happened to hang on ("Afrin", "Syria").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.coder.arguments import Mention, MentionIndex, actors_of
from shiftwatch.coder.cue_lists import words

if TYPE_CHECKING:
    from spacy.tokens import Token

# the parser's labels for a noun set beside a clause ("X, a move that ...", "X - a plan that")
SUMMARY_DEPS = frozenset({"appos", "npadvmod", "dep"})
# how far up from the end of the summed-up clause its doer is looked for
MAX_STEPS = 8


def summary_noun(token: Token) -> Token | None:
    """The summary noun ``token`` stands for (itself, or the antecedent of "that"/"which"),
    or None when it is no summary apposition or names an owner of its own ("Turkey's move").
    It follows a comma or dash, and the clause it sums up ends right before that mark."""
    if token.lower_ in words("relative_pronouns") and token.head.dep_ == "relcl":
        token = token.head.head
    if token.lemma_.lower() not in words("summary_nouns") or not _set_beside(token):
        return None
    start = token.left_edge.i
    if start < 2 or not token.doc[start - 1].is_punct:
        return None
    if any(c.dep_ == "poss" for c in token.children):
        return None  # "Britain's move": its owner does it
    return token


def _set_beside(token: Token) -> bool:
    """Set beside what comes before it: an apposition, or what the parser reads as a second
    object of the verb ("sent tanks into Afrin, a move ...")."""
    if token.dep_ in SUMMARY_DEPS:
        return True
    return token.dep_ == "dobj" and any(
        c.dep_ == "dobj" and c.i < token.i for c in token.head.children
    )


def summarised_doers(token: Token | None, index: MentionIndex) -> list[Mention]:
    """Who does the act a summary apposition sums up; [] when ``token`` is none."""
    noun = summary_noun(token) if token is not None else None
    if noun is None:
        return []
    node = noun.doc[noun.left_edge.i - 2]  # the last word of the clause summed up
    for _ in range(MAX_STEPS):
        for child in node.children:
            if child.dep_ == "poss" and child.i != noun.i:
                found = actors_of(child, index)
                if found:
                    return found
        if node.pos_ in ("VERB", "AUX"):
            found = [m for d in _doers(node) for m in actors_of(d, index)]
            if found:
                return found
        if node.head.i == node.i:
            break
        node = node.head
    return []


def _doers(verb: Token) -> list[Token]:
    """The verb's own subject, or its "by" agent when passive; a subjectless verb ("to clear
    the town") has none, and the clause above is tried next."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    return subjects or agents
