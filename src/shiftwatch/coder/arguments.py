"""Arguments to actors: which actor Mentions a noun phrase of the parse names.

An argument's head token is covered by a Mention, or its modifiers are ("Russia's war",
"Iraqi officials", "its European partners"), or an "of"/"by" phrase is ("the fighters of the
Islamic State group", "comments made by Donald Trump"); conjuncts add more actors ("Germany,
France and Britain" is three). Pronouns the resolver left open fall back to the last fitting
mention nearby.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from shiftwatch.actors import load_knowledge_base
from shiftwatch.coder.cue_lists import single, words
from shiftwatch.coder.split_lists import a_list, first_item
from shiftwatch.coder.triggers import cues, located_groups, noun_behind_quantity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Mention = Any  # shiftwatch.actors.Mention: text, start, end, code, sector, kind, confidence

SUBJECT_DEPS = ("nsubj", "csubj")
MODIFIER_DEPS = ("poss", "compound", "amod", "nmod", "npadvmod")
MAX_DEPTH = 6


@dataclass(slots=True)
class InferredMention:
    """An actor the coder infers rather than the resolver finds: a domestic group of the
    source's own country ("arresting political opponents")."""

    text: str
    start: int
    end: int
    code: str
    sector: str
    cameo: str = ""
    kind: str = "inferred"
    confidence: float = 0.6


class MentionIndex:
    """Token position -> the actor Mention covering it, for one parsed document.

    A personal pronoun the resolver left open ("he was contradicted", "they had attacked")
    falls back to the nearest earlier mention of the right kind in the same or the previous
    two sentences: the role needs an actor, and the last-named person is what a reader takes.
    """

    def __init__(self, doc: Doc, mentions: Sequence[Mention]) -> None:
        self.doc = doc
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.by_token: list[Mention | None] = [None] * len(doc)
        for mention in self.mentions:
            for i in range(mention.start, min(mention.end, len(doc))):
                self.by_token[i] = mention

    def at(self, token: Token) -> Mention | None:
        found = self.by_token[token.i]
        if found is None and (
            token.lower_ in words("person_pronouns")
            or (token.lower_ in words("group_pronouns") and _group_subject(token))
        ):
            found = self._antecedent(token)
            self.by_token[token.i] = found  # one object per pronoun, so identity checks hold
        elif found is None and token.lower_ in words("speaker_pronouns") and token.dep_ == "nsubj":
            found = self._speaker(token)
            self.by_token[token.i] = found
        return found

    def _speaker(self, token: Token) -> Mention | None:
        """ "China said it was ready to help": the subject of a reported clause is the speaker
        when the speaker is a state or an organisation (never a person: "he said it ...")."""
        clause = token.head
        speech = clause.head
        if clause.dep_ != "ccomp" or speech.lemma_.lower() not in cues()["speech_verbs"]:
            return None
        for child in speech.children:
            if child.dep_ == "nsubj" and child.i < token.i:
                found = self.by_token[child.i]
                if found is None or found.kind not in ("state", "igo", "group"):
                    return None
                return _pronoun_for(token, found, confidence=0.7)
        return None

    def _antecedent(self, token: Token) -> Mention | None:
        found = self._nearest(token)
        if found is None:
            return None
        return _pronoun_for(token, found, confidence=0.6)

    def _nearest(self, token: Token) -> Mention | None:
        person = token.lower_ in words("person_pronouns")
        sentence = token.sent
        floor = sentence.start
        for _ in range(2):
            if floor == 0:
                break
            floor = self.doc[floor - 1].sent.start
        for mention in reversed(self.mentions):
            if mention.start >= token.i:
                continue
            if mention.start < floor:
                break
            if person and mention.kind == "person":
                return mention
            # "they" takes only a group that was itself a subject: the one the text is about
            subject = any(
                self.doc[i].dep_ in ("nsubj", "nsubjpass")
                for i in range(mention.start, min(mention.end, len(self.doc)))
            )
            groupish = mention.kind == "group" or mention.sector in words("group_sectors")
            if not person and groupish and subject:
                return mention
        return None


def _group_subject(token: Token) -> bool:
    """ "They" as a subject, or "their" owning one that names armed men ("their fighters")."""
    owned = token.head if token.dep_ == "poss" else token
    named = owned is token or owned.lower_ in load_knowledge_base().sector_words
    return named and owned.dep_ in ("nsubj", "nsubjpass")


def named_in_modifier(text: str, kinds: frozenset[str]) -> Any | None:
    """The knowledge-base entry of a name that modifies a participle ("Isis-held territory",
    "UN-sponsored talks"), of one of ``kinds``. The resolver rightly leaves such a name open (a
    holder or sponsor is not the actor of the phrase), so a rule that asks who holds or sponsors
    looks the words up itself."""
    return next((entry for entry in _entries(text) if entry.kind in kinds), None)


@cache
def _entries(text: str) -> tuple[Any, ...]:
    return tuple(load_knowledge_base().lookup(text))


def dedupe(mentions: list[Mention]) -> list[Mention]:
    """Each mention object once, in first-named order."""
    return list({id(mention): mention for mention in mentions}.values())


def actors_of(token: Token | None, index: MentionIndex, depth: int = 0) -> list[Mention]:
    """The actors an argument names: its own mention, a modifier's, or an "of X" phrase's;
    plus those of its conjuncts."""
    if token is None or depth > MAX_DEPTH:
        return []
    token = noun_behind_quantity(token)
    found = _head_actor(token, index, depth)
    for conj in token.children:
        if conj.dep_ == "conj":
            found.extend(actors_of(conj, index, depth + 1))
        elif conj.dep_ == "appos" and a_list(conj):
            # spaCy reads "Putin, Rouhani and Erdogan" as Putin + the apposition "Rouhani and
            # Erdogan" (or "the UAE" + its conjuncts), a list whose 1st item may rename the head
            named = {m.code for m in found}
            first = first_item(conj)
            listed = actors_of(conj, index, depth + 1)
            found.extend(m for m in listed if m.code not in named or m.start not in first)
    return dedupe(found)


def _head_actor(token: Token, index: MentionIndex, depth: int) -> list[Mention]:
    mention = index.at(token)
    if mention is not None:
        found = [mention]
        for child in token.children:  # "Hungarian and Romanian officials": two actors
            other = index.at(child) if child.dep_ in ("amod", "compound", "nmod") else None
            if other is not None and other is not mention and child.i < mention.start:
                found.append(other)  # and its conjuncts: "American, British and French jets"
                found.extend(m for c in child.conjuncts if (m := index.at(c)) is not None)
        found.extend(_conjoined_inside(mention, index, depth))
        return found
    if token.lower_ in words("relative_pronouns") and token.head.dep_ == "relcl":
        return _head_actor(token.head.head, index, depth + 1)
    children = list(token.children)
    if token.lemma_.lower() in words("relation_nouns"):
        for child in children:  # "Turkey's main ally, the United States": not Turkey
            if child.dep_ == "appos" and index.at(child) is not None:
                return _head_actor(child, index, depth + 1)
    modifiers = [c for c in reversed(children) if c.dep_ in MODIFIER_DEPS and c.i < token.i]
    modifiers.sort(key=lambda c: c.lower_ in words("pronoun_words"))  # "its European partners": EU
    for child in modifiers:
        mention = index.at(child) or _modifier_mention(child, index)
        if mention is not None:
            found = [mention]
            for conj in child.conjuncts:  # "Sierra Leonean and Liberian refugees"
                other = index.at(conj)
                if other is not None:
                    found.append(other)
            return found
    sided = _allegiance(token, index, depth)
    if sided:
        return sided
    if token.pos_ == "VERB":  # "The Red Cross operating in Iraq said": a misparsed subject
        for child in children:
            if child.dep_ in SUBJECT_DEPS:
                return _head_actor(child, index, depth + 1)
    for child in children:
        if child.dep_ == "appos":  # "the three powers, the US, Britain and France": all three
            found = actors_of(child, index, depth + 1)
            if found:
                return found
    for child in children:
        if child.dep_ == "prep" and child.lower_ in words("part_prepositions"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found = actors_of(pobj, index, depth + 1)
                    if found:
                        return found
    if token.lemma_.lower() in words("role_nouns"):  # "a former director at MI6"
        for word in sorted(words("role_prepositions")):
            for pobj in pobjs(token, word):
                found = actors_of(pobj, index, depth + 1)
                if found:
                    return found
    located = _located_group(token, index)
    if located is not None:
        return [located]
    titled = _titled_stranger(token, index)
    if titled is not None:
        return [titled]
    if token.lemma_.lower() in cues()["vague_targets"]:  # "countries such as Iran and Cuba"
        for word in sorted(words("example_prepositions")):
            for pobj in pobjs(token, word):
                found = actors_of(pobj, index, depth + 1)
                if found:
                    return found
    lemma = token.lemma_.lower()
    preps = words("agent_prepositions")
    if lemma in words("message_nouns"):
        preps = preps | words("origin_prepositions")
    if lemma in cues()["facility_nouns"]:
        preps = preps | words("beneficiary_prepositions")  # "a camp for Congolese refugees"
    for child in children:
        if child.dep_ in ("prep", "agent") and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return actors_of(pobj, index, depth + 1)
        if child.dep_ == "acl" and child.tag_ == "VBN" and lemma in words("message_nouns"):
            # "comments made by Donald Trump" (not "the area, backed by Russian allies")
            for agent in child.children:
                if agent.dep_ == "agent":
                    for pobj in agent.children:
                        if pobj.dep_ == "pobj":
                            return actors_of(pobj, index, depth + 1)
    return []


def _conjoined_inside(mention: Mention, index: MentionIndex, depth: int) -> list[Mention]:
    """ "the presidents of Iran and Turkey": a conjunct of a word inside the mention that falls
    outside it names one more actor, with the mention's sector when it names none (Turkey's
    president is its government)."""
    found: list[Mention] = []
    doc = index.doc
    for i in range(mention.start + 1, min(mention.end, len(doc))):
        for child in doc[i].children:
            if child.dep_ != "conj" or child.i < mention.end:
                continue
            for other in actors_of(child, index, depth + 1):
                if not other.sector and mention.sector:
                    other = InferredMention(
                        text=other.text,
                        start=other.start,
                        end=other.end,
                        code=other.code,
                        sector=mention.sector,
                        cameo=getattr(other, "cameo", ""),
                        kind=other.kind,
                        confidence=getattr(other, "confidence", 1.0),
                    )
                found.append(other)
    return found


def _titled_stranger(token: Token, index: MentionIndex) -> Mention | None:
    """ "President Levy Mwanawasa reneged on his commitment to the Zambian people": a name the
    resolver does not know, under an office title, is the government of the one state the
    sentence names (none when it names two)."""
    if token.pos_ != "PROPN" or token.ent_type_ != "PERSON":
        return None
    titles = words("office_titles")
    if not any(t.lower_.rstrip(".") in titles for t in token.lefts if t.dep_ == "compound"):
        return None
    sentence = token.sent
    states = {
        m.code: m
        for m in index.mentions
        if sentence.start <= m.start < sentence.end and m.kind in ("state", "capital", "place")
    }
    if len(states) != 1:
        return None
    state = next(iter(states.values()))
    return InferredMention(
        text=token.text,
        start=token.i,
        end=token.i + 1,
        code=state.code,
        sector=single("office_sector"),
        confidence=0.5,
    )


def _located_group(token: Token, index: MentionIndex) -> Mention | None:
    """ "security forces in Guinea" -> GIN/COP: a group noun placed in a state's territory."""
    sector = located_groups().get(token.lemma_.lower())
    if sector is None:
        return None
    if token.lemma_.lower() in words("security_force_nouns") and any(
        c.lower_ in words("security_force_modifiers") for c in token.children
    ):
        sector = single("security_force_sector")
    for pobj in (p for word in sorted(words("location_prepositions")) for p in pobjs(token, word)):
        place = index.at(pobj)
        if place is not None and place.kind not in ("person", "igo", "ngo", "group", "coref"):
            return InferredMention(
                text=f"{token.text} in {place.text}",
                start=token.i,
                end=token.i + 1,
                code=place.code,
                sector=sector,
            )
    return None


def _allegiance(token: Token, index: MentionIndex, depth: int) -> list[Mention]:
    """ "forces loyal to Assad", "militias allied to the regime": armed men of the side they
    fight for (the guidelines' militia rule), with the sector their own noun names."""
    for adj in token.children:
        if adj.dep_ not in ("amod", "acl") or adj.lemma_.lower() not in words("allegiance_words"):
            continue
        for prep in adj.children:
            if prep.dep_ != "prep" or prep.lower_ not in words("allegiance_prepositions"):
                continue
            sides = [
                m for p in prep.children if p.dep_ == "pobj" for m in actors_of(p, index, depth + 1)
            ]
            kb = load_knowledge_base()
            sector = kb.sector_words.get(token.lower_, "")
            found = []
            for side in sides:  # a group's fighters are the group itself (ISIS, not ISIS.REB)
                own = sector if side.code in kb.states else ""
                found.append(
                    InferredMention(
                        text=token.text,
                        start=token.i,
                        end=token.i + 1,
                        code=side.code,
                        sector=own,
                        cameo=side.code + own,
                    )
                )
            return found
    return []


def _modifier_mention(token: Token, index: MentionIndex) -> Mention | None:
    """A mention inside a compound modifier such as "Russian-Turkish" or "US air"."""
    for child in token.children:
        if child.dep_ in ("compound", "amod", "npadvmod", "poss") and child.i < token.i:
            mention = index.at(child)
            if mention is not None:
                return mention
    return None


def pobjs(token: Token, word: str) -> list[Token]:
    """Objects of preposition ``word`` on ``token`` ("to X and to Y"; "out of", "away from")."""
    found: list[Token] = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ == word:
            for prep in (child, *(c for c in child.conjuncts if c.lower_ == word)):
                found.extend(g for g in prep.children if g.dep_ in ("pobj", "pcomp"))
        elif child.dep_ in ("prt", "advmod") or child.lower_ in words("particle_words"):
            found.extend(pobjs(child, word))  # "out of Syria", "away from the border"
    return found


def _pronoun_for(token: Token, found: Mention, confidence: float) -> InferredMention:
    """``found``'s actor in the pronoun's own words and offsets ("its" stays visibly reflexive)."""
    return InferredMention(
        text=token.text,
        start=token.i,
        end=token.i + 1,
        code=found.code,
        sector=found.sector,
        cameo=getattr(found, "cameo", ""),
        kind="pronoun",
        confidence=confidence,
    )
