"""Word-level rules that decide whether a matched name really names an actor here.

Kept apart from the resolver so each rule is a small named function with the reason it exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from shiftwatch.actors.kb import Entry

# "US-backed fighters": the sponsor is not the actor (GUIDELINES.md, clarification 7); "a
# Turkish-held town", "London-based" describe a place or an origin, not an act.
NOT_ACTOR_SUFFIXES = frozenset(
    {
        "backed",
        "sponsored",
        "supported",
        "funded",
        "armed",
        "trained",
        "allied",
        "aligned",
        "friendly",
        "held",
        "controlled",
        "occupied",
        "administered",
        "based",
        "born",
        "made",
        "built",
        "owned",
        "style",
        "registered",
        "flagged",
        "educated",
        "bound",
    }
)
# "pro-Russian separatists", "anti-American protests": the named state is not the actor.
NOT_ACTOR_PREFIXES = frozenset({"pro", "anti", "non", "ex", "post", "pre"})
# "the Washington Post", "Niger Delta", "Georgia Tech": a place name inside another name.
NOT_ACTOR_NEXT = frozenset(
    {
        "post",
        "times",
        "journal",
        "herald",
        "delta",
        "river",
        "basin",
        "tech",
        "university",
        "street",
        "airport",
        "fc",
        "institute",
        "examiner",
        "avenue",
        "square",
        "valley",
    }
)
STATE_LIKE = frozenset({"state", "demonym", "people", "capital"})


def hyphen_context_excludes(doc: Doc, start: int, end: int) -> bool:
    """True for the sponsor in "US-backed" and the object of "pro-Russian"."""
    if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in NOT_ACTOR_SUFFIXES:
        return True
    return bool(
        start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in NOT_ACTOR_PREFIXES
    )


def inside_other_name(doc: Doc, start: int, end: int, entries: list[Entry]) -> bool:
    """True when a place name is part of a longer person or title ("Paris Hilton")."""
    if not any(entry.kind in STATE_LIKE for entry in entries):
        return False
    if end < len(doc) and doc[end].lower_ in NOT_ACTOR_NEXT and doc[end].text[0].isupper():
        return True
    if (
        end < len(doc)
        and doc[end].lower_ == "state"
        and any("ambiguous" in entry.flags for entry in entries)
    ):
        return True  # "Washington state", "Georgia state senator"
    if all(e.kind == "capital" for e in entries) and _continues_name(doc, start, end):
        return True  # "Paris Hilton", "Beijing Olympics": the city starts another name
    token = doc[start]
    # a state's own name is trusted over the small model's NER ("Witness Somalia" as a PERSON);
    # capitals, demonyms and flagged names are not ("Paris Hilton", "Jordan Peterson").
    trusted = all(e.kind == "state" and not e.flags & {"ambiguous", "person"} for e in entries)
    if token.ent_type_ == "PERSON" and not trusted:
        ent = next((e for e in doc.ents if e.start <= start < e.end), None)
        if ent is not None and any(
            t.is_alpha and t.is_title and t.pos_ == "PROPN"
            for t in (*doc[ent.start : start], *doc[end : ent.end])
        ):
            return True  # a name part beside it: "Paris Hilton", not "Turkey F-35"
    return False


def _continues_name(doc: Doc, start: int, end: int) -> bool:
    if end >= len(doc):
        return False
    nxt = doc[end]
    return (
        nxt.pos_ == "PROPN"
        and nxt.is_title
        and nxt.ent_type_ not in ("", "GPE", "LOC", "NORP", "DATE")
        and nxt.ent_iob_ == "I"
        and doc[start].ent_type_ == nxt.ent_type_
    )


def entry_allowed(doc: Doc, start: int, end: int, entry: Entry) -> bool:
    """The per-entry flags of the data files: title case and person-name clashes."""
    if "title" in entry.flags and not doc[start].text[:1].isupper():
        return False
    return not (
        "person" in entry.flags and any(doc[i].ent_type_ == "PERSON" for i in range(start, end))
    )
