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
from typing import TYPE_CHECKING, Any

from shiftwatch.coder.triggers import Trigger, cues, noun_behind_quantity, object_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Mention = Any  # shiftwatch.actors.Mention: text, start, end, code, sector, kind, confidence

SUBJECT_DEPS = ("nsubj", "csubj")
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
MODIFIER_DEPS = ("poss", "compound", "amod", "nmod", "npadvmod")
MAX_DEPTH = 6


class MentionIndex:
    """Token position -> the actor Mention covering it, for one parsed document."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention]) -> None:
        self.by_token: list[Mention | None] = [None] * len(doc)
        for mention in mentions:
            for i in range(mention.start, min(mention.end, len(doc))):
                self.by_token[i] = mention

    def at(self, token: Token) -> Mention | None:
        return self.by_token[token.i]


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
        return [mention]
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return _head_actor(token.head.head, index, depth + 1)
    children = list(token.children)
    for child in children:
        if child.dep_ in MODIFIER_DEPS and child.i < token.i:
            mention = index.at(child) or _modifier_mention(child, index)
            if mention is not None:
                return [mention]
    for child in children:
        if child.dep_ == "appos":
            found = _head_actor(child, index, depth + 1)
            if found:
                return found
    for child in children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
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
    head = verb.head
    if head is verb:
        return None
    dep = verb.dep_
    if dep == "compound":  # a misparsed gerund: the subject hangs on the noun
        for child in head.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
        return None
    if dep == "xcomp":
        if head.lemma_.lower() in OBJECT_CONTROL:
            obj = object_of(head)
            if obj is not None and obj is not verb:
                return obj
        return verb_subject(head, depth + 1)
    participle = dep in ("advcl", "ccomp") and verb.tag_ in ("VBG", "VBN", "VB")
    if (dep == "conj" or participle) and head.pos_ in ("VERB", "AUX"):
        return verb_subject(head, depth + 1)
    if dep == "relcl":
        return head
    if dep == "acl":
        return None if verb.tag_ == "VBN" else head
    if dep == "pcomp":
        owner = head.head
        if owner.pos_ in ("VERB", "AUX"):
            obj = object_of(owner)
            return obj if obj is not None else verb_subject(owner, depth + 1)
        if owner.pos_ in ("NOUN", "PROPN"):
            return noun_source_token(owner, depth + 1)
    return None


def noun_source_token(noun: Token, depth: int = 0, of_role: str = "") -> Token | None:
    """The token naming who does the act a verbal noun names."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    if of_role == "source":
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return _light_verb_subject(noun, depth)


def _light_verb_subject(noun: Token, depth: int) -> Token | None:
    head = noun.head
    if noun.dep_ in ("dobj", "obj") and head.pos_ in ("VERB", "AUX"):
        if head.lemma_.lower() in cues()["light_verbs"]:
            return verb_subject(head, depth + 1)
        return None
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("in", "into", "for"):
        verb = head.head
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in cues()["light_verbs"] | {
            "engage",
            "participate",
            "take",
            "be",
            "join",
        }:
            return verb_subject(verb, depth + 1)
    if noun.dep_ == "conj":
        return _light_verb_subject(noun.head, depth + 1)
    return None


def source_actors(trigger: Trigger, index: MentionIndex) -> list[Mention]:
    """Actors doing the act of ``trigger``."""
    token = trigger.token
    if trigger.rule.pos == "VERB":
        return actors_of(verb_subject(token), index)
    found = actors_of(noun_source_token(token, of_role=trigger.rule.of_role), index)
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
            if walker.dep_ in ("prep", "pobj", "relcl", "acl", "appos") or walker.head is walker:
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
    return found


def _complement(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in ("xcomp", "ccomp"):
            return child
    return None


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
            if not is_verb:
                holders += [c for c in token.children if c.dep_ in ("compound",)]
            for holder in holders:
                for pobj in _pobjs(holder, word):
                    found.extend(actors_of(pobj, index))
        elif slot == "csubj":
            comp = _complement(token)
            if comp is not None:
                found = [
                    m for c in comp.children if c.dep_ in SUBJECT_DEPS for m in actors_of(c, index)
                ]
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
    return [], False


def between_pair(noun: Token, index: MentionIndex) -> list[Mention]:
    """Actors of "between X and Y" on a noun ("talks between Baghdad and Washington")."""
    found = []
    for pobj in _pobjs(noun, "between") + _pobjs(noun, "among"):
        found.extend(actors_of(pobj, index))
    return _dedupe(found)
