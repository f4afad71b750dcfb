"""Source and target of a trigger, read from the dependency parse rather than word order.

Verbs: the subject is the source (the "by" agent of a passive), the object the target (the
subject of a passive), or the object of the preposition the lexicon names ("surrender to X").
Subjectless verbs borrow one: an xcomp from its controller ("urged Iraq to ..." -> Iraq), a
conjunct from the first verb, a participle from the clause it hangs on. Verbal nouns: the
possessor, a "by" phrase, a naming modifier ("Russian strikes"), "of X" when the lexicon says
so, or the subject of the light verb that governs them ("held talks", "launched strikes").
An argument becomes actors through the Mentions that cover it or its modifiers, and through
its conjuncts ("Germany, France and Britain" is three targets).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from shiftwatch.coder.triggers import (
    Trigger,
    cues,
    domestic_groups,
    noun_behind_quantity,
    object_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Mention = Any  # shiftwatch.actors.Mention: text, start, end, code, sector, kind, confidence

SUBJECT_DEPS = ("nsubj", "csubj")
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
GROUP_PRONOUNS = frozenset({"they", "them", "their"})
GROUP_SECTORS = frozenset({"REB", "MIL", "OPP", "CVL", "COP"})
PRONOUN_WORDS = frozenset({"its", "their", "his", "her", "our", "it", "they", "he", "she"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
OBJECT_CONTROL = frozenset(
    {
        "urge",
        "ask",
        "persuade",
        "order",
        "force",
        "call",
        "press",
        "invite",
        "help",
        "allow",
        "encourage",
        "tell",
        "push",
        "pressure",
        "implore",
        "convince",
        "compel",
        "accuse",
        "blame",
        "warn",
    }
)
# "engaged in talks", "flew back for talks": the verb's subject takes part in the act.
PARTICIPATION_VERBS = frozenset(
    {"engage", "participate", "take", "be", "join", "fly", "travel", "go", "come", "arrive"}
)
# "told reporters during a meeting with X": the subject of any verb attends a gathering.
GATHERING_NOUNS = frozenset({"meeting", "summit", "talk", "negotiation", "conference"})
# Nouns for messages: "calls by Belarus's rulers", "an appeal from President Gbagbo".
MESSAGE_NOUNS = frozenset(
    {
        "demand",
        "call",
        "appeal",
        "request",
        "plea",
        "offer",
        "invitation",
        "proposal",
        "plan",
        "initiative",
        "pressure",
        "ultimatum",
        "comment",
        "remark",
        "statement",
        "criticism",
        "accusation",
        "threat",
        "warning",
        "order",
        "ban",
        "decision",
        "policy",
    }
)
DOCUMENT_NOUNS = frozenset(
    {
        "declaration",
        "statement",
        "letter",
        "resolution",
        "communique",
        "report",
        "speech",
        "message",
        "note",
        "decree",
        "video",
        "tweet",
        "announcement",
    }
)
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
        if found is None and token.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS:
            found = self._antecedent(token)
        return found

    def _antecedent(self, token: Token) -> Mention | None:
        person = token.lower_ in PERSON_PRONOUNS
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
            if not person and (mention.kind == "group" or mention.sector in GROUP_SECTORS):
                return mention
        return None


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen, unique = set(), []
    for mention in mentions:
        if id(mention) not in seen:
            seen.add(id(mention))
            unique.append(mention)
    return unique


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
    return _dedupe(found)


def _head_actor(token: Token, index: MentionIndex, depth: int) -> list[Mention]:
    mention = index.at(token)
    if mention is not None:
        found = [mention]
        for child in token.children:  # "Hungarian and Romanian officials": two actors
            other = index.at(child) if child.dep_ in ("amod", "compound", "nmod") else None
            if other is not None and other is not mention and child.i < mention.start:
                found.append(other)
        return found
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return _head_actor(token.head.head, index, depth + 1)
    children = list(token.children)
    modifiers = [c for c in reversed(children) if c.dep_ in MODIFIER_DEPS and c.i < token.i]
    modifiers.sort(key=lambda c: c.lower_ in PRONOUN_WORDS)  # "its European partners": EU
    for child in modifiers:
        mention = index.at(child) or _modifier_mention(child, index)
        if mention is not None:
            found = [mention]
            for conj in child.conjuncts:  # "Sierra Leonean and Liberian refugees"
                other = index.at(conj)
                if other is not None:
                    found.append(other)
            return found
    if token.pos_ == "VERB":  # "The Red Cross operating in Iraq said": a misparsed subject
        for child in children:
            if child.dep_ in SUBJECT_DEPS:
                return _head_actor(child, index, depth + 1)
    for child in children:
        if child.dep_ == "appos":
            found = _head_actor(child, index, depth + 1)
            if found:
                return found
    for child in children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found = actors_of(pobj, index, depth + 1)
                    if found:
                        return found
    words = ("by", "from") if token.lemma_.lower() in MESSAGE_NOUNS else ("by",)
    for child in children:
        if child.dep_ in ("prep", "agent") and child.lower_ in words:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return actors_of(pobj, index, depth + 1)
        if child.dep_ == "acl" and child.tag_ == "VBN":  # "comments made by Donald Trump"
            for agent in child.children:
                if agent.dep_ == "agent":
                    for pobj in agent.children:
                        if pobj.dep_ == "pobj":
                            return actors_of(pobj, index, depth + 1)
    return []


def _modifier_mention(token: Token, index: MentionIndex) -> Mention | None:
    """A mention inside a compound modifier such as "Russian-Turkish" or "US air"."""
    for child in token.children:
        if child.dep_ in ("compound", "amod", "npadvmod", "poss") and child.i < token.i:
            mention = index.at(child)
            if mention is not None:
                return mention
    return None


# -- sources ------------------------------------------------------------------------------


def verb_subject(verb: Token, depth: int = 0) -> Token | None:
    """The token naming who does ``verb``, borrowed from the clause above when needed."""
    if depth > MAX_DEPTH:
        return None
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            return child
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    fronted = _fronted_subject(verb)
    if fronted is not None:
        return fronted
    head = verb.head
    if head.i == verb.i:
        return None
    dep = verb.dep_
    if dep == "acomp":  # "France is ready to contribute"
        return verb_subject(head, depth + 1)
    if dep == "compound":  # a misparsed gerund: the subject hangs on the noun
        for child in head.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
        return None
    if dep == "xcomp":
        if head.lemma_.lower() in OBJECT_CONTROL:
            obj = object_of(head)
            if obj is not None and obj.i != verb.i:
                return obj
        return verb_subject(head, depth + 1)
    participle = dep in ("advcl", "ccomp") and verb.tag_ in ("VBG", "VBN", "VB")
    if (dep == "conj" or participle) and head.pos_ in ("VERB", "AUX"):
        return verb_subject(head, depth + 1)
    if dep == "relcl":
        return head
    if dep == "acl":  # "a town seized by X" is passive; "Mattis, handed in his resignation" not
        active = verb.tag_ != "VBN" or any(c.dep_ == "dobj" for c in verb.children)
        if active and head.lemma_.lower() in DOCUMENT_NOUNS and head.head.pos_ == "VERB":
            return verb_subject(head.head, depth + 1)  # "issued a declaration demanding ..."
        return head if active else None
    if dep == "pcomp":
        owner = head.head
        if owner.pos_ in ("VERB", "AUX"):
            obj = object_of(owner)
            return obj if obj is not None else verb_subject(owner, depth + 1)
        if owner.pos_ in ("NOUN", "PROPN"):
            return noun_source_token(owner, depth + 1)
    return None


def _fronted_subject(verb: Token) -> Token | None:
    """The subject a parser hid in a fronted phrase: "In September Turkey persuaded Russia"."""
    if verb.pos_ != "VERB" or verb.i == 0 or verb.dep_ not in ("ROOT", "conj", "ccomp"):
        return None
    before = verb.doc[verb.i - 1]
    fronted = before.dep_ == "pobj" and before.pos_ == "PROPN" and before.head.head.i == verb.i
    return before if fronted and before.head.i < before.i else None


def noun_source_tokens(noun: Token, depth: int = 0, of_role: str = "") -> list[Token]:
    """Tokens that may name who does the act a verbal noun names, best first."""
    found = []
    for child in noun.children:
        if child.dep_ == "poss":
            found.append(child)
    for child in noun.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            found.extend(pobj for pobj in child.children if pobj.dep_ == "pobj")
    if of_role == "source":
        found.extend(_pobjs(noun, "of"))
    subject = _light_verb_subject(noun, depth)
    if subject is not None:
        found.append(subject)
    return found


def noun_source_token(noun: Token, depth: int = 0, of_role: str = "") -> Token | None:
    """The first token that may name who does the act of a verbal noun."""
    found = noun_source_tokens(noun, depth, of_role)
    return found[0] if found else None


def _light_verb_subject(noun: Token, depth: int) -> Token | None:
    head = noun.head
    if noun.dep_ in ("dobj", "obj") and head.pos_ in ("VERB", "AUX"):
        if head.lemma_.lower() in cues()["light_verbs"]:
            return verb_subject(head, depth + 1)
        return None
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        verb = head.head
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        if head.lower_ in ("in", "into", "for") and verb.lemma_.lower() in PARTICIPATION_VERBS:
            return verb_subject(verb, depth + 1)
        if head.lower_ in ("during", "at", "in") and noun.lemma_.lower() in GATHERING_NOUNS:
            return verb_subject(verb, depth + 1)
    if noun.dep_ == "conj":
        return _light_verb_subject(noun.head, depth + 1)
    return None


def source_actors(trigger: Trigger, index: MentionIndex) -> list[Mention]:
    """Actors doing the act of ``trigger``."""
    token = trigger.token
    if trigger.rule.pos == "VERB":
        return actors_of(verb_subject(token), index)
    for candidate in noun_source_tokens(token, of_role=trigger.rule.of_role):
        found = actors_of(candidate, index)
        if found:
            return found
    return _prenominal_actors(token, index)


def _prenominal_actors(noun: Token, index: MentionIndex) -> list[Mention]:
    """Mentions in the words before a noun that modify it directly: "Russian-led bombardment"."""
    found = []
    for i in range(noun.left_edge.i, noun.i):
        token = noun.doc[i]
        mention = index.at(token)
        if mention is None:
            continue
        walker, ok = token, True
        while walker.i != noun.i:
            if (
                walker.dep_ in ("prep", "pobj", "relcl", "acl", "appos")
                or walker.head.i == walker.i
            ):
                ok = False
                break
            walker = walker.head
        if ok:
            found.append(mention)
    return _dedupe(found)


# -- targets ------------------------------------------------------------------------------


def _pobjs(token: Token, word: str) -> list[Token]:
    found = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ == word:
            found.extend(g for g in child.children if g.dep_ in ("pobj", "pcomp"))
        elif child.dep_ in ("prt", "advmod") or child.lower_ in ("out", "away", "back", "off"):
            found.extend(_pobjs(child, word))  # "out of Syria", "away from the border"
    return found


def _complement(token: Token) -> Token | None:
    """The clause that says what was demanded, promised or threatened."""
    deps = ("xcomp", "ccomp") if token.pos_ in ("VERB", "AUX", "ADJ") else ("acl", "ccomp")
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def _first_actors_in(clause: Token, index: MentionIndex, sources: list[Mention]) -> list[Mention]:
    """The first actors named inside a clause, other than the sources and its own subject."""
    source_ids = {id(m) for m in sources}
    subject = {t.i for c in clause.children if c.dep_ in SUBJECT_DEPS for t in c.subtree}
    for token in clause.subtree:
        if token.i in subject:
            continue
        mention = index.at(token)
        if mention is not None and id(mention) not in source_ids:
            found = actors_of(token, index)
            return [m for m in found if id(m) not in source_ids] or [mention]
    return []


def target_actors(
    trigger: Trigger, index: MentionIndex, sources: list[Mention]
) -> tuple[list[Mention], bool]:
    """(actors the act is aimed at, True when the lexicon says it has no target)."""
    token = trigger.token
    is_verb = trigger.rule.pos == "VERB"
    obj = trigger.obj if is_verb else None
    for slot in trigger.rule.targets:
        found: list[Mention] = []
        if slot == "none":
            return [], True
        if slot == "self":
            return [], False  # resolved by the coder: the source's own state
        if slot == "obj" and obj is not None:
            found = actors_of(obj, index)
        elif slot == "dat":
            for child in token.children:
                if child.dep_ in ("dative", "iobj") and child.pos_ != "ADP":
                    found = actors_of(child, index)
        elif slot == "of":
            for pobj in _pobjs(token, "of"):
                found.extend(actors_of(pobj, index))
        elif slot.startswith("p:"):
            word = slot[2:]
            holders = [token] + ([obj] if obj is not None else [])
            if not is_verb and token.dep_ in ("dobj", "obj") and token.head.pos_ == "VERB":
                holders.append(token.head)  # "delivered a rebuke to Barack Obama"
            for holder in holders:
                for pobj in _pobjs(holder, word):
                    found.extend(actors_of(pobj, index))
        elif slot == "csubj":
            comp = _complement(token)
            if comp is not None:
                found = [
                    m for c in comp.children if c.dep_ in SUBJECT_DEPS for m in actors_of(c, index)
                ]
        elif slot == "xany":
            comp = _complement(token)
            if comp is not None:
                found = _first_actors_in(comp, index, sources)
        elif slot == "xobj":
            comp = _complement(token)
            if comp is not None:
                inner = object_of(comp)
                found = actors_of(inner, index) if inner is not None else []
                if not found:
                    for child in comp.children:
                        if child.dep_ in ("prep", "dative"):
                            for pobj in child.children:
                                found.extend(actors_of(pobj, index))
        source_ids = {id(m) for m in sources}
        found = [m for m in _dedupe(found) if id(m) not in source_ids]
        if found:
            return found, False
    domestic = _domestic_target(trigger, sources)
    if domestic:
        return domestic, False
    vague = cues()["vague_targets"]
    return [], any(noun_behind_quantity(t).lemma_.lower() in vague for t in _slot_tokens(trigger))


def _slot_tokens(trigger: Trigger) -> list[Token]:
    token, found = trigger.token, []
    for slot in trigger.rule.targets:
        if slot == "obj" and trigger.obj is not None:
            found.append(trigger.obj)
        elif slot.startswith("p:"):
            for holder in (token, trigger.obj):
                if holder is not None:
                    found.extend(_pobjs(holder, slot[2:]))
        elif slot == "of":
            found.extend(_pobjs(token, "of"))
    return found


def _domestic_target(trigger: Trigger, sources: list[Mention]) -> list[Mention]:
    """The source's own people when the target is an unnamed domestic group."""
    if not sources or (sources[0].sector or "") not in ("", "GOV", "MIL", "COP"):
        return []
    groups = domestic_groups()
    for token in _slot_tokens(trigger):
        token = noun_behind_quantity(token)
        sector = groups.get(token.lemma_.lower())
        if sector is not None and not any(c.dep_ == "poss" for c in token.children):
            return [
                InferredMention(
                    text=token.text,
                    start=token.i,
                    end=token.i + 1,
                    code=sources[0].code,
                    sector=sector,
                )
            ]
    return []


def between_pair(noun: Token, index: MentionIndex) -> list[Mention]:
    """Actors of "between X and Y" on a noun ("talks between Baghdad and Washington")."""
    found = []
    for pobj in _pobjs(noun, "between") + _pobjs(noun, "among"):
        found.extend(actors_of(pobj, index))
    return _dedupe(found)
