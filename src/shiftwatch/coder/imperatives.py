"""Quoted commands: '"Don't overburden Iraq," Salih said' is a demand by the speaker.

A reported clause in the imperative (a bare verb with no subject, opening the quote) tells
its addressee to act or to stop acting, which PLOVER codes as REQUEST. The addressee is
usually only "you" in the quote, so the demand is coded without a target (GUIDELINES,
clarification 1) unless the coder can name one. Rhetorical imperatives ("let us", "look",
"imagine", "make no mistake") ask nothing of anybody and are left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.coder.cue_lists import cues

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

OPENING_QUOTES = frozenset({'"', "“", "‘", "'", "``"})
LEAD_DEPS = frozenset({"aux", "neg", "intj", "advmod"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})


def _opens_quote(verb: Token) -> bool:
    """The verb starts the quotation, after "Don't", "Please" or "Now" at most."""
    doc = verb.doc
    start = verb.left_edge.i
    lead = [doc[j] for j in range(start, verb.i)]
    if not all(t.dep_ in LEAD_DEPS or t.is_punct for t in lead):
        return False
    before = [doc[start - 1]] if start > 0 else []
    return any(t.text in OPENING_QUOTES or t.tag_ == "``" for t in before + lead)


def imperative(clause: Token) -> bool:
    """A bare, subjectless verb opening a quote, with something to act on or a "don't"."""
    if clause.tag_ != "VB" or clause.lemma_.lower() in cues()["rhetorical_imperatives"]:
        return False
    children = list(clause.children)
    if any(c.dep_ in SUBJECT_DEPS for c in children):
        return False
    if any(c.dep_ == "aux" and c.lemma_.lower() != "do" for c in children):
        return False  # "to stop", "will stop": not a command
    acts_on = any(c.dep_ in ("dobj", "prep", "prt", "neg", "xcomp", "ccomp") for c in children)
    return acts_on and _opens_quote(clause)


def quoted_commands(span: Span) -> list[tuple[Token, Token]]:
    """(speech verb, imperative clause) pairs of ``span``."""
    speech_verbs = cues()["speech_verbs"]
    pairs = []
    for token in span:
        if token.pos_ != "VERB" or token.lemma_.lower() not in speech_verbs:
            continue
        for child in token.children:
            if child.dep_ in ("ccomp", "parataxis") and child.i < token.i and imperative(child):
                pairs.append((token, child))
    return pairs
