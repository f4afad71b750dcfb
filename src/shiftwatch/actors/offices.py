"""A bare office title is the office holder the article is talking about: "the prime minister".

News names a head of government once and then calls them by office: "Iraq has asked for help
... The prime minister spoke to Trump". The title alone names a state only through who holds
that office, and which states have it is data (``data/leaders.tsv``: the United States has a
president but no prime minister). So "the <office>" is the one person in reach known to hold
that office; else the one state named in reach that has such an office. Anything else leaves
the words open, as every rule of :mod:`shiftwatch.actors.anaphora` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.actors.coref import sentence_floor

if TYPE_CHECKING:
    from shiftwatch.actors.anaphora import Article
    from shiftwatch.actors.kb import KnowledgeBase

OFFICE_SECTOR = "GOV"
REACH_SENTENCES = 2  # sentences before the title in which its holder may be named
HOLDER_KINDS = frozenset({"state", "person"})  # a town is where, not who holds an office
# An office is a title only when several states have it ("president", "foreign minister"); a
# post one state created ("special envoy for the coalition") is named with its description.
SHARED_BY = 2


def office_titles(article: Article) -> None:
    """Add a mention for each bare office title whose holder the text leaves no doubt about."""
    offices = _offices(article.kb)
    lowers = article.lowers
    doc = article.doc
    for i in range(1, len(doc)):
        if lowers[i - 1] != "the" or lowers[i] not in _first_words(article.kb):
            continue
        for office in offices:
            end = i + len(office)
            if tuple(lowers[i:end]) != office or any(article.covered[i - 1 : end]):
                continue
            if end < len(doc) and (lowers[end] == "of" or doc[end].pos_ == "PROPN"):
                break  # "the president of Iran", "the president Erdogan": named otherwise
            code = _holder(article, i - 1, office)
            if code is not None:
                article.add(i - 1, end, code, OFFICE_SECTOR)
            break


def _holder(article: Article, start: int, office: tuple[str, ...]) -> str | None:
    """The state of the one holder of ``office`` named in reach before ``start``."""
    floor = sentence_floor(article.doc, article.doc[start], REACH_SENTENCES)
    title = " ".join(office)
    people: set[str] = set()
    states: set[str] = set()
    having = _states_with(article.kb).get(office, frozenset())
    for mention in article.before(start, floor):
        if mention.kind == "person":
            entries = article.kb.lookup(mention.text)
            if any(e.office.lower() == title for e in entries if e.kind == "person"):
                people.add(mention.code)
        if mention.kind in HOLDER_KINDS and mention.code in having:
            states.add(mention.code)
    if len(people) == 1:
        return next(iter(people))
    if not people and len(states) == 1:
        return next(iter(states))
    return None


def _offices(kb: KnowledgeBase) -> tuple[tuple[str, ...], ...]:
    """Office titles of states' leaders as word tuples, longest first ("prime minister" before
    "minister")."""
    return tuple(sorted(_states_with(kb), key=len, reverse=True))


def _first_words(kb: KnowledgeBase) -> frozenset[str]:
    return frozenset(office[0] for office in _offices(kb))


_TABLES: dict[int, tuple[KnowledgeBase, dict[tuple[str, ...], frozenset[str]]]] = {}


def _states_with(kb: KnowledgeBase) -> dict[tuple[str, ...], frozenset[str]]:
    """Office title (lower-case words) -> the states that have such an office; built once per
    knowledge base (which is read-only once loaded)."""
    cached = _TABLES.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    table: dict[tuple[str, ...], set[str]] = {}
    for leader in kb.leaders:
        if leader.code in kb.states:
            table.setdefault(tuple(leader.office.lower().split()), set()).add(leader.code)
    frozen = {
        office: frozenset(codes) for office, codes in table.items() if len(codes) >= SHARED_BY
    }
    _TABLES[id(kb)] = (kb, frozen)
    return frozen
