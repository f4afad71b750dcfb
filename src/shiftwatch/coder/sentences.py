"""Sentences of a parsed document, and which of them may carry events.

spaCy's sentence boundaries are cut again at line breaks, because a heading or a list item
on its own line is never part of the next sentence. A line that has no finite verb and no
closing punctuation is a heading or page furniture; the coder never codes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
CLOSERS = frozenset({".", "!", "?", '"', "”", "’", "'", ":", ";", ")"})


def split_sentences(doc: Doc) -> list[Span]:
    """Sentence spans of ``doc`` in order, cut at newlines, without surrounding whitespace."""
    spans: list[Span] = []
    for sent in doc.sents:
        start = None
        for token in sent:
            if token.is_space and "\n" in token.text:
                if start is not None:
                    spans.append(doc[start : token.i])
                start = None
            elif start is None:
                if token.is_space:
                    continue
                start = token.i
        if start is not None:
            end = sent.end
            while end > start and doc[end - 1].is_space:
                end -= 1
            spans.append(doc[start:end])
    return spans


def is_codable(sentence: Span) -> bool:
    """False for headings, tag lines, list items and other fragments that are not prose."""
    words = [t for t in sentence if not t.is_punct and not t.is_space]
    if len(words) < 3:
        return False
    if sentence[-1].text[-1:] in CLOSERS:
        return True
    capitalised = sum(1 for t in words if t.text[:1].isupper()) / len(words)
    return any(t.tag_ in FINITE_TAGS for t in sentence) and len(words) >= 6 and capitalised < 0.5
