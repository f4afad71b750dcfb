"""A state's "own people": "the regime used gas against its own people".

The possessive pronoun points back to whoever acts in the clause, the subject of the verb or
the possessor of the act noun ("Syria's use of chemical weapons against its own people"). So
the words are that actor's civilians; a reader needs no other antecedent, and there is none to
look for: "its" before "own" never means a third party.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

    from shiftwatch.actors.anaphora import Article
    from shiftwatch.actors.resolver import Mention

OWN_PEOPLE_NOUNS = frozenset({"people", "citizens", "population", "civilians", "nationals"})
OWNING_PRONOUNS = frozenset({"its", "his", "her", "their"})
CIVILIANS = "CVL"
ACTOR_DEPS = frozenset({"nsubj", "poss", "agent"})  # who acts: subject, possessor, "by" phrase
CLIMB_DEPS = frozenset({"pobj", "prep", "dobj", "obj", "conj", "xcomp", "advcl", "acl"})


def own_people(article: Article, token: Token) -> None:
    """Cover "its own people" at ``token`` (the noun) with the acting actor's civilians."""
    children = list(token.children)
    owner = next((c for c in children if c.dep_ == "poss"), None)
    if owner is None or owner.lower_ not in OWNING_PRONOUNS:
        return
    own = next((c for c in children if c.dep_ == "amod" and c.lower_ == "own"), None)
    if own is None:
        return
    actor = _acting(article, token)
    # a state's people (an armed group has members, not a population); "his" may already
    # stand for a person, so the mention starts at "own"
    if actor is not None and actor.kind != "group" and actor.sector != CIVILIANS:
        article.add(own.i, token.i + 1, actor.code, CIVILIANS)


def _acting(article: Article, token: Token) -> Mention | None:
    """The mention that acts in the clause around ``token``: the first subject, possessor or
    "by" phrase found climbing from it to its clause's verb (and no further)."""
    word = token
    while word.dep_ in CLIMB_DEPS and word.head.i != word.i:
        word = word.head
        for child in word.children:
            if child.dep_ not in ACTOR_DEPS or child.i == token.i:
                continue
            head = child if child.dep_ != "agent" else next(iter(child.children), None)
            mention = article.covered[head.i] if head is not None else None
            if mention is not None:
                return mention
        if word.pos_ in ("VERB", "AUX") and any(c.dep_ == "nsubj" for c in word.children):
            return None  # the clause's subject named nobody: stop at the clause
    return None
