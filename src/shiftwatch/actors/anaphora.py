"""Second-pass references within one article: people, groups, communities and places.

Runs after :mod:`shiftwatch.actors.coref` on the mentions found so far. Every rule fires only
when the text leaves one answer (one person in reach for "he", one armed group for "the
group", one home state for "Kurds"); otherwise the words stay open, because a wrong actor
costs more than none.
"""

from __future__ import annotations

import csv
from collections import Counter
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from spacy.attrs import IS_TITLE

from shiftwatch.actors.armed_sides import backed_fighters, government_side, loyal_forces
from shiftwatch.actors.coref import (
    KURDISH_ARMED_HOMES,
    PLACE_KINDS,
    doc_words,
    focus_state,
    sentence_floor,
)
from shiftwatch.actors.group_references import (
    GROUP_REFERENCES,
    GROUP_WINDOW,
    one_group,
    reference_start,
    subject_group,
)
from shiftwatch.actors.offices import office_titles
from shiftwatch.actors.own_people import OWN_PEOPLE_NOUNS, own_people
from shiftwatch.actors.places import place_country, well_known_place
from shiftwatch.actors.rules import NOT_ACTOR_NEXT

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from shiftwatch.actors.kb import KnowledgeBase
    from shiftwatch.actors.resolver import Mention

PERSON_PRONOUNS = frozenset({"he", "she", "his", "her"})  # not "him": objects stay open
PEOPLE_NOUNS = frozenset(
    {
        "people", "women", "men", "children", "civilians", "villagers", "community",
        "communities", "families", "refugees", "minority", "girls", "boys", "population",
        "residents", "fighters", "forces",
    }
)  # fmt: skip
# group nouns that take the state of the place they are in ("demonstrators in Baghdad"); armed
# forces are left out: troops "in Syria" are as often foreign as Syrian.
PLACED_SECTORS = frozenset({"CVL", "COP", "OPP", "REB"})
ETHNIC_MARKS = frozenset({"ethnic"})  # "ethnic Albanians": a people, not a state's citizens
PLACE_PREPOSITIONS = frozenset({"in", "inside", "across", "throughout", "within"})
SUBJECT = frozenset({"nsubj", "nsubjpass"})
CONFIDENCE = 0.5
SUBDIVISION_WORDS = frozenset({"state", "county"})  # "Washington state": not the capital


@cache
def communities() -> dict[str, tuple[tuple[str, ...], str, bool]]:
    """Word -> (home states, sector, is the adjective) from data/communities.tsv."""
    path = resources.files("shiftwatch.actors") / "data" / "communities.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        table: dict[str, tuple[tuple[str, ...], str, bool]] = {}
        for row in rows:
            homes = tuple(row["homes"].split("|"))
            table[row["people"]] = (homes, row["sector"], False)
            table.setdefault(row["adjective"], (homes, row["sector"], True))
        return table


class Article:
    """The mentions of one article being extended, with which tokens they cover."""

    def __init__(self, doc: Doc, mentions: list[Mention], kb: KnowledgeBase) -> None:
        self.doc = doc
        self.kb = kb
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.covered: list[Mention | None] = [None] * len(doc)
        # every word's lower case and text, read once: the rules test words before they ask
        # for a Token (a new Python object each time)
        self.lowers, self.texts = doc_words(doc)
        self._person_ents: list[tuple[int, int, frozenset[str]]] | None = None
        for m in self.mentions:
            self.covered[m.start : m.end] = [m] * (m.end - m.start)

    def person_ents(self) -> list[tuple[int, int, frozenset[str]]]:
        """spaCy's PERSON names (start, end, lower-case words), read once: ``doc.ents`` builds
        new spans on every access."""
        if self._person_ents is None:
            self._person_ents = [
                (ent.start, ent.end, frozenset(t.lower_ for t in ent if t.is_alpha))
                for ent in self.doc.ents
                if ent.label_ == "PERSON"
            ]
        return self._person_ents

    def add(self, start: int, end: int, code: str, sector: str, cameo: str = "") -> None:
        from shiftwatch.actors.resolver import Mention

        if start < 0 or end > len(self.doc) or any(self.covered[start:end]):
            return
        span = self.doc[start:end]
        mention = Mention(
            span.text, span.start_char, span.end_char, start, end, code, sector,
            cameo or self.kb.state_cameo(code, sector), "coref", CONFIDENCE, code,
        )  # fmt: skip
        self.mentions.append(mention)
        self.covered[start:end] = [mention] * (end - start)

    def replace(self, old: Mention, start: int, code: str, sector: str) -> None:
        if any(self.covered[start : old.start]):
            return
        self.mentions.remove(old)
        self.covered[old.start : old.end] = [None] * (old.end - old.start)
        self.add(start, old.end, code, sector)

    def before(self, i: int, floor: int) -> list[Mention]:
        """Mentions ending before token ``i`` and starting at ``floor`` or later, latest first."""
        found = [m for m in self.mentions if floor <= m.start and m.end <= i]
        return sorted(found, key=lambda m: -m.start)


def resolve_more(
    doc: Doc, mentions: list[Mention], context: Counter[str], kb: KnowledgeBase,
    sectors: dict[int, tuple[int, str]],
) -> list[Mention]:  # fmt: skip
    """``mentions`` plus places, placed groups, communities, backed fighters and pronouns."""
    article = Article(doc, mentions, kb)
    focus = focus_state(context, kb)
    _possessive_organs(article)
    loyal_forces(article)
    _places(article, context, focus)
    _kurdish_places(article, context)
    _ethnic_groups(article)
    for i in range(len(doc)):
        if article.covered[i]:
            continue
        _placed_group(article, i, sectors)
        if not article.covered[i]:
            backed_fighters(article, i, focus)
        if not article.covered[i]:
            government_side(article, i, focus)
        if not article.covered[i]:
            _community(article, i, context)
        if not article.covered[i]:
            _head_match(article, i)
    _surnames_and_pronouns(article)
    office_titles(article)
    for i, lower in enumerate(article.lowers):
        if lower in OWN_PEOPLE_NOUNS and not article.covered[i]:
            own_people(article, doc[i])
    return sorted(article.mentions, key=lambda m: m.start)


def _head_match(article: Article, i: int) -> None:
    """ "the US-led coalition ... the coalition", "Kurdish-led forces ... the forces": a noun
    after "the" that is the last word of an actor named in the last few sentences is that
    actor again, when every such actor in reach is the same one."""
    if i == 0 or article.lowers[i - 1] != "the":
        return
    doc = article.doc
    token = doc[i]
    if token.pos_ != "NOUN" or doc[i - 1].head.i != i:
        return
    if token.lower_ in article.kb.sector_words:
        return  # "the government", "the army": whose is the sector rules' question
    floor = sentence_floor(doc, token, GROUP_WINDOW)
    found: dict[tuple[str, str], Mention] = {}
    for m in article.before(i, floor):
        if m.end - m.start < 2 or article.lowers[m.end - 1] != token.lower_:
            continue
        last = doc[m.end - 1]  # a common noun: "Save the Children" is a name, not children
        if last.pos_ == "NOUN":
            found.setdefault((m.code, m.sector), m)
    if len(found) != 1:
        return
    lower = article.lowers[i]
    for k in range(floor, i):  # "the Saudi-led coalition", unknown as a whole, is one more
        other = article.covered[k]
        if article.lowers[k] == lower and (
            other is None or (other.code, other.sector) not in found
        ):
            return
    (code, sector), mention = next(iter(found.items()))
    article.add(i - 1, i + 1, code, sector, mention.cameo)


def _ethnic_groups(article: Article) -> None:
    """ "ethnic Albanians in southern Serbia", "ethnic Turks ... Sweden's decision": a people
    named as an ethnic group are of the state they live in (the guidelines code residents by
    where they are), not of the state their name comes from. That is the first other state or
    place of the sentence named after a preposition of place, else the first other one named;
    with none, the words stay open."""
    doc = article.doc
    for m in list(article.mentions):
        if m.start == 0 or doc[m.start - 1].lower_ not in ETHNIC_MARKS or m.kind != "state":
            continue
        sentence = doc[m.start].sent
        others = [
            o
            for o in article.mentions
            if sentence.start <= o.start < sentence.end and o.code != m.code
            and o.kind in PLACE_KINDS and not o.sector
        ]  # fmt: skip
        placed = [o for o in others if _after_place_preposition(doc[o.start])]
        home = next(iter(placed or others), None)
        article.mentions.remove(m)
        article.covered[m.start : m.end] = [None] * (m.end - m.start)
        if home is not None:
            article.add(m.start, m.end, home.code, m.sector)


def _after_place_preposition(token: Token) -> bool:
    head = token
    while head.dep_ in ("compound", "amod") and head.head.i != head.i:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in PLACE_PREPOSITIONS


def _possessive_organs(article: Article) -> None:
    """ "Russia's Security Council", "Iran's Supreme National Security Council": the state's
    own organ (GOV), not the UN one."""
    doc = article.doc
    for m in list(article.mentions):
        if m.kind not in ("igo", "ngo") or m.start < 2:
            continue
        j = m.start - 1
        while j > 0 and doc[j].is_title and doc[j].is_alpha and not article.covered[j]:
            j -= 1
        owner = article.covered[j - 1] if j > 0 and doc[j].tag_ == "POS" else None
        if owner is not None and owner.kind in ("state", "demonym") and owner.end == j:
            article.replace(m, j + 1, owner.code, "GOV")


def _places(article: Article, context: Counter[str], focus: str | None = None) -> None:
    accepted: dict[str, str] = {}
    for ent in article.doc.ents:
        if ent.label_ not in ("GPE", "LOC") or any(article.covered[ent.start : ent.end]):
            continue
        start = ent.start + (ent[0].lower_ == "the")
        if ent.end < len(article.doc) and article.lowers[ent.end] in SUBDIVISION_WORDS:
            continue  # "Washington state": the US state, not the city
        name = article.doc[start : ent.end]
        capitalised = all(t.is_title or not t.is_alpha for t in name)
        if not capitalised and well_known_place(name.text) is None:
            continue  # "Deir ez-Zor" is a place though "ez" is not capitalised
        code = place_country(article.doc[start : ent.end].text, context)
        if code is not None:
            article.add(start, ent.end, code, "")
            article.mentions[-1].kind = "place"
            if ent.end - start == 1:
                accepted[ent[-1].text] = code
    doc = article.doc
    for i in doc.to_array([IS_TITLE]).nonzero()[0].tolist():  # title words only: no Token for
        if article.covered[i]:  # every word of the article
            continue
        token = doc[i]  # a place named once is the same place when spaCy misses it later
        code = accepted.get(token.text) or _untagged_place(doc, token, focus)
        if code is not None:
            article.add(i, i + 1, code, "")
            article.mentions[-1].kind = "place"


def _untagged_place(doc: Doc, token: Token, focus: str | None = None) -> str | None:
    """A one-word name of a well-known place that spaCy did not tag as one ("Idlib has seen",
    "Afrin fell"): not inside a longer name, and not a person's, unless it is a place of the
    state the article is about (spaCy tags "Douma", "Baghuz" and "Palmyra" as people; the
    people whose names are places elsewhere, "Bolton", "Bush", are rarely in that state)."""
    if token.pos_ != "PROPN" or not token.is_title:
        return None
    if token.ent_type_ == "PERSON" and (focus is None or well_known_place(token.text) != focus):
        return None
    neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
    if any(n.pos_ == "PROPN" or n.text == "-" for n in neighbours):
        return None  # "Idlib Province Council", "Paris Hilton", "Afrin-based"
    after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    if after in NOT_ACTOR_NEXT or after in SUBDIVISION_WORDS:
        return None  # "Washington state", "the Idlib river"
    return well_known_place(token.text)


def _kurdish_places(article: Article, context: Counter[str]) -> None:
    """ "Turkey's offensive on Afrin ... Kurdish militias": an article that names no state where
    Kurds bear arms (Syria, Iraq) but names towns in exactly one of them is about that one; its
    "Kurdish militias" are that state's, not the focus state's (``coref.py`` decided before the
    towns were known)."""
    if any(context[code] for code in KURDISH_ARMED_HOMES):
        return
    homes = {m.code for m in article.mentions if m.kind == "place"} & set(KURDISH_ARMED_HOMES)
    if len(homes) != 1:
        return
    home = homes.pop()
    for m in list(article.mentions):
        kurdish = m.kind == "coref" and m.sector == "REB" and m.text.lower().startswith("kurdish")
        if kurdish and m.code != home:
            article.replace(m, m.start, home, m.sector)


def _placed_group(article: Article, i: int, sectors: dict[int, tuple[int, str]]) -> None:
    """ "demonstrators in Baghdad", "security forces in Guinea": the place's state."""
    end, sector = sectors.get(i, (0, ""))
    doc = article.doc
    if sector not in PLACED_SECTORS or end + 1 >= len(doc) or doc[end].lower_ != "in":
        return
    if i > 0 and (article.covered[i - 1] or doc[i - 1].tag_ in ("PRP$", "POS")):
        return  # "Iraqi police in Baghdad" is already named; "its forces in Syria" is not local
    place = article.covered[end + 1]
    if place is not None and place.kind in PLACE_KINDS:
        article.add(i, end, place.code, sector)


def _community(article: Article, i: int, context: Counter[str]) -> None:
    """ "Yazidis", "Rohingya refugees": the community's home state, as civilians."""
    doc, texts = article.doc, article.texts
    found = communities().get(texts[i])
    end = i + 1
    if found is None and i + 1 < len(doc):
        found = communities().get(f"{texts[i]} {texts[i + 1]}")
        end = i + 2
    if found is None:
        return
    homes, sector, adjective = found
    noun = end < len(doc) and doc[end].lower_ in PEOPLE_NOUNS
    if adjective and not noun:
        return
    if noun:  # "Yazidi women", "Rohingya refugees"; their fighters are rebels
        sector = "REB" if doc[end].lower_ in ("fighters", "forces") else sector
        end += 1
    before = article.covered[i - 1] if i else None
    if before is not None and before.end == i and before.kind in ("state", "demonym"):
        if not before.sector:  # "Iraqi Kurds": one mention, the named state's civilians
            article.mentions.remove(before)
            article.covered[before.start : i] = [None] * (i - before.start)
            article.add(before.start, end, before.code, sector)
        return
    placed = _home_named_after(article, end, homes) or _owning_home(article, i, homes)
    if len(homes) == 1:
        code: str | None = homes[0]
    elif placed is not None:  # "the Kurds in northern Syria", whatever the article's focus
        code = placed
    else:  # the first home (in the file's order) the article names: the Kurds of an article
        named = [h for h in homes if context[h]]  # on Turkey's offensive in Syria are Syria's
        code = named[0] if named else None
    if code is not None:
        article.add(i, end, code, sector)


def _owning_home(article: Article, i: int, homes: tuple[str, ...]) -> str | None:
    """The home state named as the community's owner ("Iraq's Kurds"), if one of its homes."""
    owner = article.covered[i - 2] if i > 1 and article.doc[i - 1].dep_ == "case" else None
    return owner.code if owner is not None and owner.code in homes else None


def _home_named_after(article: Article, end: int, homes: tuple[str, ...]) -> str | None:
    """The home state a place phrase right after a community names ("Kurds in northern Syria",
    "Kurds of Iraq"), if it is one of the community's homes."""
    doc = article.doc
    if end >= len(doc) or doc[end].lower_ not in PLACE_PREPOSITIONS | {"of"}:
        return None
    for pobj in (c for c in doc[end].children if c.dep_ == "pobj"):
        place = article.covered[pobj.i]  # the phrase's head names the place: "northern Syria"
        if place is not None and place.kind in PLACE_KINDS and place.code in homes:
            return place.code
    return None


def _person_words(article: Article, m: Mention) -> frozenset[str]:
    """The name words of a person inside a mention ("Choe Son Hui" in "Foreign Minister Choe
    Son Hui"): the whole name for a leader, spaCy's PERSON tokens otherwise."""
    span = article.doc[m.start : m.end]
    if m.kind in ("person", "former"):
        return frozenset(t.lower_ for t in span if t.is_alpha and t.is_title)
    return frozenset(t.lower_ for t in span if t.ent_type_ == "PERSON" and t.is_alpha)


def _surnames_and_pronouns(article: Article) -> None:
    doc = article.doc
    known: dict[str, set[str]] = {}  # name word -> codes of people it named
    owner: dict[str, Mention] = {}
    pointer = 0
    ordered = list(article.mentions)
    ordered.sort(key=lambda m: m.start)
    wanted = PERSON_PRONOUNS | GROUP_REFERENCES | {"they"}
    for i in range(len(doc)):
        while pointer < len(ordered) and ordered[pointer].end <= i:
            m = ordered[pointer]
            for word in _person_words(article, m):
                known.setdefault(word, set()).add(m.code)
                owner[word] = m
            pointer += 1
        lower = article.lowers[i]
        if article.covered[i] or (lower not in wanted and lower not in known):
            continue  # no Token for a word no rule asks about
        token = doc[i]
        if token.pos_ == "PROPN" and token.is_title and len(known.get(lower, ())) == 1:
            if not (i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN"):
                m = owner[lower]
                article.add(i, i + 1, m.code, m.sector, m.cameo)
        elif lower in PERSON_PRONOUNS and token.pos_ == "PRON":
            person = _one_person(article, token)
            if person is not None:
                article.add(i, i + 1, person.code, person.sector, person.cameo)
        elif lower == "they" and token.dep_ in SUBJECT:
            group = subject_group(article, token)
            if group is not None:
                article.add(i, i + 1, group.code, group.sector, group.cameo)
        elif lower in GROUP_REFERENCES and (start := reference_start(article, token)) >= 0:
            if i + 1 < len(doc) and (
                doc[i + 1].pos_ in ("NOUN", "PROPN") or doc[i + 1].lower_ == "of"
            ):
                continue
            group = one_group(article, token)
            if group is not None:
                article.add(start, i + 1, group.code, group.sector, group.cameo)


def _one_person(article: Article, token: Token) -> Mention | None:
    """The one person named in this or the two previous sentences, if there is just one."""
    doc = article.doc
    floor = sentence_floor(doc, token, 2)
    people: list[tuple[frozenset[str], Mention | None]] = []
    for m in article.before(token.i, floor):
        words = _person_words(article, m)
        if words:
            people.append((words, m))
    for start, end, words in article.person_ents():
        inside = floor <= start and end <= token.i
        if inside and not any(article.covered[start:end]):
            people.append((words, None))
    first_words, first = people[0] if people else (frozenset(), None)
    if first is None or any(not (words & first_words) for words, _ in people):
        return None
    return first
