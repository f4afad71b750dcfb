"""Sponsors named beside an act are no party to it (GUIDELINES.md, clarification 7).

"Rebels, backed by Turkish artillery, attacked Afrin", "fighters backed by the United States
seized the dam", "Backed by Russian air power, government forces attacked the town", "troops,
with the backing of Iranian militias, shelled the town": whoever a participle of backing names
as its agent, or a noun of backing after "with" names, backs the side that acts; it is neither
the doer nor the target of that act (nor of any other act of the sentence). The backing is an
act of its own, coded from the participle or the noun (AID or SUPPORT), and so is an act named
inside the backer's phrase ("backed by US airstrikes"): for those the backer is a party as
usual, and the side it backs is not what they are aimed at.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.attrs import LEMMA

from shiftwatch.coder.cue_lists import words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

BACKINGS_KEY = "shiftwatch.backings"


def sidelined(token: Token) -> frozenset[int]:
    """Positions of the tokens that name no party to the act of ``token``: the backers its
    sentence names, or, for an act inside a backer's phrase, the side that backer backs."""
    aside: set[int] = set()
    for i, backer in _backings(token.doc):
        word = token.doc[i]
        if word.sent.start != token.sent.start:
            continue
        if token.i in backer:
            aside |= _backed(word)
        elif token.i != word.i:
            aside |= backer
    return frozenset(aside)


def _backings(doc: Doc) -> tuple[tuple[int, frozenset[int]], ...]:
    """(position, backer's phrase) of every word of backing in ``doc``, found once per doc from
    its lemma array: the stages ask for every trigger, and spaCy makes a Token anew on every
    ``doc[i]``."""
    cached = doc.user_data.get(BACKINGS_KEY)
    if cached is None:
        strings = doc.vocab.strings
        lemmas = words("backing_participles") | words("backing_nouns")
        wanted = {strings.add(w) for lemma in lemmas for w in (lemma, lemma.capitalize())}
        found = [i for i, h in enumerate(doc.to_array(LEMMA).tolist()) if h in wanted]
        cached = tuple((i, frozenset(b)) for i in found if (b := _backer(doc[i])))
        doc.user_data[BACKINGS_KEY] = cached
    return cached


def backed_side(token: Token) -> frozenset[int] | None:
    """For a participle of backing that describes a side ("Rebels, backed by Turkish artillery,
    attacked Afrin"), the positions of that side: the only thing the backing is aimed at, so
    when the resolver cannot name it the backing has no target (not the town or the enemy named
    next); None for any other token."""
    if token.dep_ == "pobj" or not _backer(token):
        return None
    return frozenset(_backed(token))


def _backer(word: Token) -> set[int]:
    """Positions of the phrase naming who backs, if ``word`` is a participle of backing
    describing a side ("backed by X") or a noun of backing after "with" ("with the backing of
    X", "with Russian air support"); else nothing."""
    lemma = word.lemma_.lower()
    if word.tag_ == "VBN" and word.dep_ in ("acl", "advcl"):
        if lemma not in words("backing_participles"):
            return set()
        return {t.i for agent in word.children if agent.dep_ == "agent" for t in agent.subtree}
    means = word.head  # "with": on the act or on its doer, not "disappointment with"
    if (
        word.dep_ == "pobj"
        and lemma in words("backing_nouns")
        and means.lower_ in words("means_prepositions")
        and (means.head.pos_ == "VERB" or means.head.dep_ in ("nsubj", "nsubjpass"))
    ):
        return {t.i for t in word.subtree if t.i != word.i}
    return set()


def _backed(word: Token) -> set[int]:
    """Positions of the side the backing ``word`` describes: the noun a participle hangs on
    ("Iraqi forces, backed by ..."), else the subject of the clause it qualifies ("Backed by
    ..., government forces attacked"), as it is when the participle is set off by a comma after
    the clause's object ("troops continue to pound the area, backed by Iranian allies")."""
    side = word.head if word.dep_ != "pobj" else word.head.head
    if word.dep_ == "acl" and word.i > 0 and word.nbor(-1).is_punct and side.dep_ == "dobj":
        side = side.head  # "forces pound the area, backed by ...": set off after the clause
    while side.pos_ in ("VERB", "AUX"):  # the clause's subject ("continue to pound": its own)
        subject = next((c for c in side.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None and side.dep_ != "xcomp":
            return set()
        side = subject if subject is not None else side.head
    own = {t.i for t in (word if word.dep_ != "pobj" else word.head).subtree}
    return {t.i for t in side.subtree} - own
