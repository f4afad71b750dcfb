"""Stage "assemble", meetings: who the parties of a gathering are, and who hosts it.

The guidelines code a visitor as the source and the host as the target; talks between equals run
from the first-named party. A gathering noun ("summit", "talks", "meeting") often names no doer
in the parse, so its parties are gathered in order from:

``between``   "a summit between X, Y and Z" (or "talks held between ...", "the Baghdad-Washington
              talks"): the first-named is the source;
``hosting``   "X hosts a summit with Y and Z": the guests consult the host;
``setting``   a clause set at the gathering ("a summit at which X pleaded with Y", "talks held in
              Z when X and Y clashed"): everyone the clause names takes part.

:func:`hosted` then names the host of a gathering, when there is one: its sponsor ("UN-sponsored
talks", "talks hosted by X", "X hosts a summit") or the state of its venue ("a summit in Tehran",
"talks held in Sochi"). Every party other than the host consults the host; a venue abroad is the
host of the one state that travels to it (two states abroad talk with each other), and no
organisation's meeting is hosted by the state of its venue. A visit "for talks" a sponsor holds
is a visit to the sponsor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.coder.arguments import (
    SUBJECT_DEPS,
    InferredMention,
    Mention,
    MentionIndex,
    actors_of,
    dedupe,
    named_in_modifier,
    pobjs,
)
from shiftwatch.coder.cue_lists import cues, single, words
from shiftwatch.coder.roles import verb_subject
from shiftwatch.coder.targets import between_pair

if TYPE_CHECKING:
    from spacy.tokens import Token

# Kinds of mention that name where a gathering is held (a city or a capital, not a whole state).
VENUE_KINDS = frozenset({"capital", "place", "seat"})
# Kinds of knowledge-base entry that can sponsor a gathering by name ("UN-sponsored").
SPONSOR_KINDS = frozenset({"state", "demonym", "capital", "igo"})
# Kinds of mention that can travel to a venue and be hosted there.
GUEST_KINDS = frozenset({"state", "person", "capital"})


def parties(noun: Token, index: MentionIndex) -> tuple[list[Mention], list[Mention]]:
    """(sources, targets) of a gathering noun whose parse names no doer; empty when none."""
    for holder in (noun, *(c for c in noun.children if c.dep_ in ("acl", "relcl"))):
        pair = between_pair(holder, index)  # "talks that began last year between X and Y"
        if len(pair) >= 2:
            return [pair[0]], pair[1:]
    named = _named_before(noun, index)
    if len({m.code for m in named}) >= 2:  # "the Baghdad-Washington talks": two capitals are
        return named[:1], named[1:]  # its parties, one capital its venue ("the Astana talks")
    host_verb = _hosting_verb(noun)
    if host_verb is not None:
        hosts = [
            m for c in host_verb.children if c.dep_ in SUBJECT_DEPS for m in actors_of(c, index)
        ]
        guests = [
            m
            for w in words("guest_prepositions")
            for h in (noun, host_verb)
            for p in pobjs(h, w)
            for m in actors_of(p, index)
        ]
        if hosts and guests:
            return dedupe(guests), hosts[:1]
    present = _setting_parties(noun, index)
    if len({m.code for m in present}) >= 2:  # two sides at least, or the clause names no talks
        return present[:1], present[1:]
    gathered = _convened(noun, index)
    if len({m.code for m in gathered}) >= 2:
        return gathered[:1], gathered[1:]
    return sequel_parties(noun, index)


def sequel_parties(noun: Token, index: MentionIndex) -> tuple[list[Mention], list[Mention]]:
    """(attendee, partners) of a gathering the clause's doer acts just after or before
    ("Speaking after a meeting with Theresa May, Yildirim said", "Following his talks with May,
    ..."): only when the gathering names its partner, else nobody is known to have attended
    ("hours after a summit in Tehran, Erdogan ..." is coded from the summit's own parties)."""
    head = noun.head
    if noun.dep_ != "pobj" or head.lower_ not in words("sequel_prepositions"):
        return [], []
    verb = head.head
    if verb.pos_ not in ("VERB", "AUX") or noun.lemma_.lower() not in words("gathering_nouns"):
        return [], []
    partners = [
        m
        for w in sorted(words("guest_prepositions"))
        for p in pobjs(noun, w)
        for m in actors_of(p, index)
        if m.text.lower() not in words("pronoun_words")  # "his security team": his own people
    ]
    attendees = actors_of(verb_subject(verb), index) if partners else []
    return (attendees, partners) if attendees else ([], [])


def hosted(
    trigger_token: Token, index: MentionIndex, sources: list[Mention], targets: list[Mention]
) -> tuple[list[Mention], list[Mention]]:
    """(sources, targets) with the host of the gathering as the target, when it has one."""
    token = trigger_token
    if token.pos_ in ("VERB", "AUX"):  # "arrived in Geneva for UN-sponsored talks"
        for noun in (p for w in words("participation_prepositions") for p in pobjs(token, w)):
            sponsor = (
                _sponsor(noun, index) if noun.lemma_.lower() in words("gathering_nouns") else []
            )
            if sponsor and sources:
                return sources, sponsor
        return _visitors(token, index, sources, targets)
    party_list = dedupe([*sources, *targets])
    if not party_list:
        return sources, targets
    sponsor = _sponsor(token, index)
    if sponsor:
        codes = {m.code for m in sponsor}
        guests = [m for m in party_list if m.code not in codes]
        return (guests, sponsor) if guests else (sources, targets)
    venue = _venue(token, index)
    if venue is None or any(m.kind not in GUEST_KINDS for m in party_list):
        return sources, targets
    guests = [m for m in party_list if m.code != venue.code]
    if not guests:
        return sources, targets  # a domestic meeting: the venue adds nobody
    # the host is a party ("a summit between X, Y and Z in Z's capital"), or the one visitor
    # travelled to it ("X held talks in Ankara"); two parties abroad talk with each other
    if len(guests) < len(party_list) or (not targets and len({m.code for m in guests}) == 1):
        return guests, [venue]
    return sources, targets


def _visitors(
    verb: Token, index: MentionIndex, sources: list[Mention], targets: list[Mention]
) -> tuple[list[Mention], list[Mention]]:
    """ "Putin, Rouhani and Erdogan met in Ankara": when the state of the city the parties
    meet in is one of them, the others are its visitors and it their host (GUIDELINES:
    the visitor is the source). Parties who all meet abroad stay as they are."""
    party_list = dedupe([*sources, *targets])
    if len(party_list) < 2 or any(m.kind not in GUEST_KINDS for m in party_list):
        return sources, targets
    venue = _venue(verb, index)
    if venue is None or all(m.code != venue.code for m in party_list):
        return sources, targets
    hosts = [m for m in party_list if m.code == venue.code]
    return [m for m in party_list if m.code != venue.code], hosts[:1]


def _convened(noun: Token, index: MentionIndex) -> list[Mention]:
    """ "The summit brought together X, Y and Z", "talks involving X and Y", "a meeting that
    included X": whom the gathering's own verb takes in are its parties."""
    verbs = [c for c in noun.children if c.dep_ in ("acl", "relcl")]
    if noun.dep_ in SUBJECT_DEPS:
        verbs.append(noun.head)
    return dedupe(
        [
            m
            for verb in verbs
            if verb.lemma_.lower() in words("convening_verbs")
            for c in verb.children
            if c.dep_ in ("dobj", "obj")
            for m in actors_of(c, index)
        ]
    )


def _hosting_verb(noun: Token) -> Token | None:
    """The verb by which its subject hosts the gathering ("Iran hosts a summit")."""
    verb = noun.head
    if noun.dep_ not in ("dobj", "obj") or verb.pos_ not in ("VERB", "AUX"):
        return None
    return verb if verb.lemma_.lower() in words("hosting_verbs") else None


def _setting_parties(noun: Token, index: MentionIndex) -> list[Mention]:
    """Actors of a clause set at the gathering: "a summit at which X pleaded with Y", "talks held
    in Z when X and Y clashed", "the meeting where X told Y"."""
    found: list[Mention] = []
    for clause in _setting_clauses(noun):
        for child in clause.children:
            if child.dep_ in (*SUBJECT_DEPS, "nsubjpass", "dobj", "obj", "dative"):
                found.extend(actors_of(child, index))
            elif child.dep_ == "prep" and child.lower_ in words("setting_party_prepositions"):
                found.extend(
                    m for p in child.children if p.dep_ == "pobj" for m in actors_of(p, index)
                )
    return dedupe(found)


def _setting_clauses(noun: Token) -> list[Token]:
    """Clauses on the noun (or on the verb that stages it, or on its venue: "a summit in Ankara
    at which ...", as the parser often hangs them) introduced as happening at it."""
    holders = [noun, *(c for c in noun.children if c.dep_ == "acl" and _stages(c))]
    holders += [p for w in sorted(words("venue_prepositions")) for p in pobjs(noun, w)]
    clauses = []
    for holder in holders:
        for clause in holder.children:
            if clause.dep_ not in ("relcl", "advcl") or clause.pos_ not in ("VERB", "AUX"):
                continue
            if any(_setting_mark(c) for c in clause.children):
                clauses.append(clause)
    return clauses


def _setting_mark(child: Token) -> bool:
    """ "at which", "during which", "where", "when": the clause happens at the gathering."""
    if child.dep_ == "advmod" and child.lower_ in words("setting_adverbs"):
        return True
    return (
        child.dep_ == "prep"
        and child.lower_ in words("gathering_prepositions")
        and any(p.dep_ == "pobj" and p.lower_ in words("relative_pronouns") for p in child.children)
    )


def _stages(verb: Token) -> bool:
    return verb.lemma_.lower() in words("staging_verbs")


def _sponsor(noun: Token, index: MentionIndex) -> list[Mention]:
    """Who sponsors or hosts the gathering: "UN-sponsored talks", "talks hosted by Kazakhstan",
    "Iran hosts a summit"."""
    host_verb = _hosting_verb(noun)
    if host_verb is not None:
        return [
            m for c in host_verb.children if c.dep_ in SUBJECT_DEPS for m in actors_of(c, index)
        ][:1]
    for child in noun.children:
        if child.dep_ not in ("amod", "acl", "compound") or child.lemma_.lower() not in words(
            "hosting_verbs"
        ):
            continue
        for part in child.children:
            if part.dep_ in ("npadvmod", "compound", "nmod", "amod") and part.i < child.i:
                found = actors_of(part, index) or _named_sponsor(part)
            elif part.dep_ == "agent":
                found = [m for p in part.children if p.dep_ == "pobj" for m in actors_of(p, index)]
            else:
                continue
            if found:
                return found[:1]
    return []


def _venue(noun: Token, index: MentionIndex) -> InferredMention | None:
    """The state of the city a gathering is held in: "a summit in Tehran", "talks to be held in
    Sochi", "held talks in Ankara", "the talks were held in Moscow"."""
    holders = [noun, *(c for c in noun.children if c.dep_ == "acl" and _stages(c))]
    head = noun.head
    if noun.dep_ in ("dobj", "obj", "nsubjpass") and _stages(head):
        holders.append(head)
    if noun.dep_ == "pobj" and head.lower_ in words("participation_prepositions"):
        verb = head.head  # "is in Ankara for talks", "arrived in Moscow for a summit"
        if verb.lemma_.lower() in words("participation_verbs"):
            holders.append(verb)
    holders.extend(  # "a summit ... to be held in Tehran", parsed as a sibling clause
        c for c in head.children if c.dep_ in ("csubjpass", "xcomp") and _stages(c) and c.i > noun.i
    )
    for holder in holders:
        for word in sorted(words("venue_prepositions")):
            for pobj in pobjs(holder, word):
                for mention in actors_of(pobj, index):
                    if mention.kind in VENUE_KINDS:
                        return _host(mention.code, f"host of {noun.text}", mention.start)
    named = _named_before(noun, index)  # "the Sochi summit"; two are parties ("Baghdad-Washington")
    if len(named) == 1 and named[0].kind in VENUE_KINDS:
        return _host(named[0].code, f"host of {noun.text}", named[0].start)
    return None


def _host(code: str, text: str, start: int) -> InferredMention:
    """The government of the state a gathering is held in, as its host."""
    return InferredMention(
        text=text,
        start=start,
        end=start + 1,
        code=code,
        sector=single("office_sector"),
        kind="state",
        confidence=0.6,
    )


def _named_sponsor(part: Token) -> list[Mention]:
    """ "UN-sponsored": the resolver leaves a sponsor before a hyphen unresolved (a backer is
    never the actor of the phrase it modifies); the sponsor of a gathering is its host."""
    text = part.doc[part.left_edge.i : part.i + 1].text
    entry = named_in_modifier(text, SPONSOR_KINDS)
    if entry is None:
        return []
    return [
        InferredMention(
            text=text,
            start=part.i,
            end=part.i + 1,
            code=entry.code,
            sector=entry.sector,
            cameo=entry.cameo,
            kind=entry.kind,
            confidence=0.6,
        )
    ]


def _named_before(noun: Token, index: MentionIndex) -> list[Mention]:
    """Actors named in the modifiers before the noun ("the Baghdad-Washington talks")."""
    found: list[Mention] = []
    for child in noun.children:
        if child.i < noun.i and child.dep_ in ("compound", "nmod", "amod"):
            found.extend(m for t in child.subtree if (m := index.at(t)) is not None)
    return dedupe(found)


def delegation(source: Mention, targets: list[Mention]) -> bool:
    """Does a journey make a visit? A government's always; anyone else's but civilians' when
    it goes only to seats of government ("the SDF's envoy toured Washington, Paris and
    London", "military officials travelled to Moscow"), not to a country or a town."""
    table, sector = cues(), source.sector or ""
    if sector in table["government_sectors"]:
        return True
    seats = words("seat_kinds")
    return (
        bool(targets)
        and sector not in table["civilian_sectors"]
        and all(t.kind in seats for t in targets)
    )
