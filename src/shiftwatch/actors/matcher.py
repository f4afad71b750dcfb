"""Find every knowledge-base phrase in a spaCy doc in one linear pass.

Three spaCy ``PhraseMatcher`` s do the work (any-case names on ``LOWER``, exact-case acronyms
on ``ORTH``, sector words on ``LOWER``). They are built once per knowledge base and cached on
it, because building costs far more than matching an article.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc

    from shiftwatch.actors.kb import Entry, KnowledgeBase


@dataclass(slots=True)
class Match:
    start: int
    end: int
    entries: list[Entry]


class ActorMatcher:
    """Phrase matchers for one knowledge base; reuse it for every document."""

    def __init__(self, kb: KnowledgeBase) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        nlp = spacy.blank("en")
        self.vocab = nlp.vocab
        self._names = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._cased = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._sectors = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._entries: dict[int, list[Entry]] = {}
        self._sector_of: dict[int, str] = {}
        self._add(self._names, kb.phrases, "n", nlp)
        self._add(self._cased, kb.cased, "c", nlp)
        for number, (text, sector) in enumerate(kb.sector_words.items()):
            label = f"s{number}"
            self._sector_of[nlp.vocab.strings.add(label)] = sector
            self._sectors.add(label, [nlp.make_doc(text)])

    def _add(
        self, matcher: PhraseMatcher, table: dict[str, list[Entry]], prefix: str, nlp: Language
    ) -> None:
        texts = list(table)
        docs = cast("Tokenizer", nlp.tokenizer).pipe(texts, batch_size=1000)
        for number, (text, pattern) in enumerate(zip(texts, docs, strict=True)):
            label = f"{prefix}{number}"
            self._entries[nlp.vocab.strings.add(label)] = table[text]
            patterns = [pattern]
            if "'" in text:  # news writes "People’s Protection Units" with a curly apostrophe
                patterns.append(nlp.make_doc(text.replace("'", "\u2019")))
            matcher.add(label, patterns)

    def entities(self, doc: Doc) -> list[Match]:
        """Non-overlapping actor phrases, longest first where they overlap, in text order."""
        found = [(s, e, self._entries[m]) for m, s, e in self._names(doc)]
        found += [(s, e, self._entries[m]) for m, s, e in self._cased(doc)]
        found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
        merged: list[Match] = []
        for start, end, entries in found:
            if merged and start < merged[-1].end:
                last = merged[-1]
                if (start, end) == (last.start, last.end):
                    last.entries = last.entries + [e for e in entries if e not in last.entries]
                elif end - start > last.end - last.start:
                    merged[-1] = Match(start, end, list(entries))
                continue
            merged.append(Match(start, end, list(entries)))
        return merged

    def sectors(self, doc: Doc) -> dict[int, tuple[int, str]]:
        """Sector phrases by start token: the longest phrase starting there and its sector."""
        best: dict[int, tuple[int, str]] = {}
        for match_id, start, end in self._sectors(doc):
            if start not in best or end > best[start][0]:
                best[start] = (end, self._sector_of[match_id])
        return best


def matcher_for(kb: KnowledgeBase) -> ActorMatcher:
    """The matcher of ``kb``, built on first use and kept on the knowledge base."""
    matcher = getattr(kb, "_matcher", None)
    if matcher is None:
        matcher = ActorMatcher(kb)
        kb._matcher = matcher  # type: ignore[attr-defined]
    return matcher
