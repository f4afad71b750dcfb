"""Turn a parsed article into actor mentions: codes, sectors, and one span per noun phrase.

The pipeline is linear in tokens: one phrase-matcher pass finds candidate names, a context
pass counts which states the article names unambiguously, then each candidate is accepted,
decided from that context, or dropped ("prefer no answer to a wrong one"), sector words are
attached ("Russian troops" -> RUS MIL), and finally short later mentions are resolved within the
article (:mod:`shiftwatch.actors.coref`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from shiftwatch.actors.anaphora import resolve_more
from shiftwatch.actors.coref import resolve_references
from shiftwatch.actors.matcher import Match, matcher_for
from shiftwatch.actors.rules import entry_allowed, hyphen_context_excludes, inside_other_name
from shiftwatch.actors.sectors import attach_sectors

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from shiftwatch.actors.kb import Entry, KnowledgeBase

CONFIDENCE = {
    "state": 0.95,
    "seat": 0.9,
    "igo": 0.95,
    "ngo": 0.9,
    "group": 0.9,
    "demonym": 0.9,
    "people": 0.8,
    "capital": 0.8,
    "person": 0.9,
}


@dataclass(slots=True)
class Mention:
    """One stretch of text naming an actor. ``start``/``end`` are token indices (end exclusive)."""

    text: str
    start_char: int
    end_char: int
    start: int
    end: int
    code: str
    sector: str
    cameo: str
    kind: str
    confidence: float
    key: str = ""  # the KB entity: state code, organisation id or "USA:Donald Trump"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Candidate:
    """A matched name with the entry chosen for it, before sectors and spans are final."""

    start: int
    end: int
    entry: Entry
    confidence: float
    kind: str
    code: str
    sector: str


class ActorResolver:
    """Resolves mentions with one knowledge base; cheap to build, reuse it across documents."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.matcher = matcher_for(kb)

    def resolve_text(
        self,
        text: str,
        when: date | None = None,
        model: str | None = None,
    ) -> list[Mention]:
        """Parse ``text`` with the configured spaCy pipeline and resolve its mentions."""
        from shiftwatch.nlp import DEFAULT_MODEL, load_pipeline

        return self.resolve(load_pipeline(model or DEFAULT_MODEL)(text), when=when)

    def resolve(self, doc: Doc, when: date | None = None) -> list[Mention]:
        """Mentions in ``doc`` (a whole article), non-overlapping and in text order."""
        matches = [
            m
            for m in self.matcher.entities(doc)
            if not hyphen_context_excludes(doc, m.start, m.end)
            and not inside_other_name(doc, m.start, m.end, m.entries)
        ]
        context = self._context(doc, matches)
        candidates: list[Candidate] = []
        persons: dict[str, Entry] = {}
        for match in matches:
            candidate = self._choose(doc, match, context, when, persons)
            if candidate is not None:
                candidates.append(candidate)
                if candidate.entry.kind == "person" and len(self._words(doc, match)) > 1:
                    for word in self._words(doc, match):
                        persons[word] = candidate.entry
        sectors = self.matcher.sectors(doc)
        spans = attach_sectors(doc, candidates, sectors, self.kb)
        mentions = [self._mention(doc, *span) for span in spans]
        mentions = resolve_references(doc, mentions, context, self.kb)
        return resolve_more(doc, mentions, context, self.kb, sectors)

    @staticmethod
    def _words(doc: Doc, match: Match) -> list[str]:
        return [doc[i].lower_ for i in range(match.start, match.end) if doc[i].is_alpha]

    def _context(self, doc: Doc, matches: list[Match]) -> Counter[str]:
        """How often the article names each code unambiguously: the evidence for the rest."""
        counts: Counter[str] = Counter()
        for match in matches:
            entries = [e for e in match.entries if entry_allowed(doc, match.start, match.end, e)]
            codes = {e.code for e in entries if e.kind != "person"}
            if len(codes) == 1 and not any("ambiguous" in e.flags for e in entries):
                counts[codes.pop()] += 1
        return counts

    def _choose(
        self,
        doc: Doc,
        match: Match,
        context: Counter[str],
        when: date | None,
        persons: dict[str, Entry],
    ) -> Candidate | None:
        entries = [e for e in match.entries if entry_allowed(doc, match.start, match.end, e)]
        if not entries:
            return None
        people = [e for e in entries if e.kind == "person"]
        if people and len(people) == len(entries):
            return self._choose_person(match, people, when, persons, doc)
        entries = [e for e in entries if e.kind != "person"]
        codes = {e.code for e in entries}
        ambiguous = len(codes) > 1 or any("ambiguous" in e.flags for e in entries)
        confidence = 0.6
        if ambiguous:
            supported = [code for code in codes if context[code] > 0]
            if len(supported) != 1:
                return None
            entries = [e for e in entries if e.code == supported[0]]
        else:
            confidence = CONFIDENCE.get(entries[0].kind, 0.8)
        entry = entries[0]
        return Candidate(
            match.start, match.end, entry, confidence, entry.kind, entry.code, entry.sector
        )

    def _choose_person(
        self,
        match: Match,
        people: list[Entry],
        when: date | None,
        persons: dict[str, Entry],
        doc: Doc,
    ) -> Candidate | None:
        """A leader by date: in office on ``when``; else an earlier full-name mention; else the
        best-known holder of the name when there is no date; a former holder keeps the state
        code without the GOV sector."""
        words = self._words(doc, match)
        earlier = {persons[w] for w in words if w in persons}
        if len(words) == 1 and len(earlier) == 1:
            people = [e for e in people if e in earlier] or people
        if when is not None:
            current = [e for e in people if _in_office(e, when)]
            if current and len({e.code for e in current}) == 1:
                e = current[0]
                return Candidate(match.start, match.end, e, 0.9, "person", e.code, e.sector)
            if len({e.code for e in people}) == 1:
                e = max(people, key=lambda p: p.start or date.min)
                return Candidate(match.start, match.end, e, 0.3, "former", e.code, "")
            return None
        if len({e.code for e in people}) != 1:
            return None
        e = max(people, key=lambda p: (p.end or date.max) - (p.start or date.min))
        return Candidate(match.start, match.end, e, 0.6, "person", e.code, e.sector)

    def _mention(
        self, doc: Doc, start: int, end: int, candidate: Candidate, sector: str, kind: str
    ) -> Mention:
        span = doc[start:end]
        entry = candidate.entry
        if entry.kind in ("igo", "ngo", "group") and entry.code not in self.kb.states:
            cameo = entry.cameo if sector == entry.sector else entry.cameo + sector
        else:
            cameo = self.kb.state_cameo(candidate.code, sector)
        return Mention(
            span.text,
            span.start_char,
            span.end_char,
            start,
            end,
            candidate.code,
            sector,
            cameo,
            kind,
            candidate.confidence,
            entry.key,
        )


def _in_office(entry: Entry, when: date) -> bool:
    return (entry.start is None or entry.start <= when) and (entry.end is None or when < entry.end)
