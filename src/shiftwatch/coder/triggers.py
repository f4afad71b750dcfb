"""Event triggers: which words in a parsed sentence name an event, and of which kind.

Triggers are keyed on lemma and part of speech in ``lexicon/verbs.tsv`` and
``lexicon/nouns.tsv``; a row may add a frame (a particle, an object noun or a modifier) so
that "call off a strike" and "call for talks" land on different types. Rows with a frame are
tried before the bare row of the same lemma, so the specific reading wins.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from shiftwatch.errors import ConfigError
from shiftwatch.ontology import cameo_code, plover_types

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

VERB_POS = frozenset({"VERB"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
OBJECT_DEPS = ("dobj", "nsubjpass", "obj")
QUANTITY_HEADS = frozenset(
    {
        "hundred",
        "thousand",
        "dozen",
        "million",
        "number",
        "some",
        "many",
        "group",
        "scores",
        "score",
        "batch",
        "contingent",
        "kg",
        "kilogram",
        "ton",
        "tonne",
        "litre",
        "liter",
        "barrel",
        "worth",
        "amount",
        "shipment",
        "consignment",
        "load",
        "truckload",
        "crate",
        "dozens",
        "hundreds",
        "thousands",
    }
)
# A participle used as an adjective ("rebel-held", "US-backed") is a description, not an event.
SKIP_DEPS = frozenset({"amod", "compound", "nmod"})


@dataclass(frozen=True, slots=True)
class Rule:
    """One lexicon row: what a lemma means, in which frame, and where its target is."""

    lemma: str
    pos: str  # "VERB" or "NOUN"
    frame: str  # "", "prt", "obj", "prtobj", "mod"
    frame_word: str
    frame_set: frozenset[str]
    type: str
    mode: str
    cameo: str
    targets: tuple[str, ...]
    of_role: str  # nouns: does "of X" name the source or the target
    flags: frozenset[str]
    origin: str  # "verbs.tsv:12", for review


@dataclass(slots=True)
class Trigger:
    """A token that names an event, the rule that matched it and the object the frame saw."""

    token: Token
    rule: Rule
    obj: Token | None


def _read(name: str) -> list[tuple[int, dict[str, str]]]:
    text = resources.files("shiftwatch.coder.lexicon").joinpath(name).read_text("utf-8")
    lines = [
        (n, line)
        for n, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.startswith("#")
    ]
    reader = csv.DictReader((line for _, line in lines), delimiter="\t", quoting=csv.QUOTE_NONE)
    return list(zip((n for n, _ in lines[1:]), reader, strict=True))


def _targets(row: dict[str, str]) -> tuple[str, ...]:
    slots = [slot for slot in row["target"].split(",") if slot]
    if row.get("of") == "target" and "of" not in slots and "none" not in slots:
        slots.append("of")  # "the bombardment of Idlib": "of X" names the target
    return tuple(slots)


def _parse_frame(raw: str, where: str) -> tuple[str, str, frozenset[str]]:
    if not raw:
        return "", "", frozenset()
    kind, _, rest = raw.partition(":")
    if kind == "prt":
        return kind, rest, frozenset()
    if kind in ("obj", "mod", "lv", "by"):
        return kind, "", frozenset(rest.split("/"))
    if kind == "prtobj":
        word, _, words = rest.partition(":")
        return kind, word, frozenset(words.split("/"))
    raise ConfigError(f"{where}: unknown frame {raw!r}")


@cache
def lexicon() -> dict[tuple[str, str], tuple[Rule, ...]]:
    """Rules keyed by (part of speech, lemma), framed rules first."""
    types = plover_types()
    table: dict[tuple[str, str], list[Rule]] = {}
    for name, pos in (("verbs.tsv", "VERB"), ("nouns.tsv", "NOUN")):
        for number, row in _read(name):
            where = f"coder/lexicon/{name}:{number}"
            if None in row or any(value is None for value in row.values()):
                raise ConfigError(f"{where}: wrong number of columns")
            if row["type"] not in types:
                raise ConfigError(f"{where}: unknown PLOVER type {row['type']!r}")
            if cameo_code(row["cameo"]) is None:
                raise ConfigError(f"{where}: unknown CAMEO code {row['cameo']!r}")
            kind, word, words = _parse_frame(row["frame"], where)
            rule = Rule(
                lemma=row["lemma"],
                pos=pos,
                frame=kind,
                frame_word=word,
                frame_set=words,
                type=row["type"],
                mode=row["mode"],
                cameo=row["cameo"],
                targets=_targets(row),
                of_role=row.get("of", "") or "",
                flags=frozenset(flag for flag in row["flags"].split(",") if flag),
                origin=where,
            )
            table.setdefault((pos, rule.lemma), []).append(rule)
    return {key: tuple(sorted(rules, key=lambda r: r.frame == "")) for key, rules in table.items()}


@cache
def cues() -> dict[str, frozenset[str]]:
    """The word lists of ``lexicon/cues.yaml`` as frozensets."""
    return {
        key: frozenset(str(word) for word in words)
        for key, words in _cue_file().items()
        if isinstance(words, list)
    }


@cache
def _cue_file() -> dict[str, Any]:
    text = resources.files("shiftwatch.coder.lexicon").joinpath("cues.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@cache
def domestic_groups() -> dict[str, str]:
    """Lemma of a domestic group noun -> the sector it gets ("opponent" -> "OPP")."""
    groups = _cue_file()["domestic_groups"]
    return {word: sector for sector, words in groups.items() for word in words}


@cache
def located_groups() -> dict[str, str]:
    """Lemma of a group noun named by its place ("forces in Guinea") -> its sector."""
    groups = _cue_file()["located_groups"]
    return {word: sector for sector, words in groups.items() for word in words}


def _misparsed_gerund(token: Token) -> bool:
    """ "has been closing embassies" parsed with "closing" as a compound of "embassies"."""
    return token.dep_ == "compound" and token.tag_ == "VBG" and token.head.pos_ == "NOUN"


def is_passive(verb: Token) -> bool:
    """A passive verb, or a participle conjoined to one ("were identified and arrested")."""
    if any(child.dep_ in ("auxpass", "nsubjpass") for child in verb.children):
        return True
    return (
        verb.dep_ == "conj"
        and verb.tag_ == "VBN"
        and verb.head.i != verb.i
        and (is_passive(verb.head))
    )


def object_of(token: Token) -> Token | None:
    """The direct object of a verb (the subject of a passive), past quantity words.

    "held hundreds of suspected jihadists" has "jihadists" as the object that matters.
    """
    for child in token.children:
        if child.dep_ in OBJECT_DEPS:
            return noun_behind_quantity(child)
    if (token.dep_ == "acl" and token.tag_ == "VBN") or _misparsed_gerund(token):
        return token.head
    if token.dep_ == "conj" and is_passive(token):  # the patient is the first verb's subject
        head = token.head
        for child in head.children:
            if child.dep_ in ("nsubjpass", "nsubj"):
                return noun_behind_quantity(child)
        return object_of(head)
    return None


def noun_behind_quantity(token: Token) -> Token:
    """``token``, or the noun after "of" when ``token`` is only a quantity ("hundreds of X")."""
    if token.lemma_.lower() in QUANTITY_HEADS or token.pos_ == "NUM":
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return token


def _has_particle(token: Token, word: str) -> bool:
    return any(
        child.lower_ == word and child.dep_ in ("prt", "prep", "advmod", "agent")
        for child in token.children
    )


def _matches(rule: Rule, token: Token, obj: Token | None) -> bool:
    if rule.frame == "":
        return True
    if rule.frame == "prt":
        return _has_particle(token, rule.frame_word)
    if rule.frame == "obj":
        if obj is not None and obj.lemma_.lower() in rule.frame_set:
            return True
        return any(  # "was taken hostage": the noun is a predicate, not the object
            child.dep_ in ("oprd", "attr", "dobj", "npadvmod", "advmod")
            and child.lemma_.lower() in rule.frame_set
            for child in token.children
        )
    if rule.frame == "by":
        return any(
            pobj.dep_ == "pobj" and pobj.lemma_.lower() in rule.frame_set
            for child in token.children
            if child.dep_ == "agent"
            for pobj in child.children
        )
    if rule.frame == "lv":
        return token.head.lemma_.lower() in rule.frame_set
    if rule.frame == "prtobj":
        return (
            _has_particle(token, rule.frame_word)
            and obj is not None
            and obj.lemma_.lower() in rule.frame_set
        )
    if rule.frame == "mod":
        return any(
            child.dep_ in ("compound", "amod", "nmod") and child.lemma_.lower() in rule.frame_set
            for child in token.children
        )
    return False


# A verbal noun modifying one of these names the act the document performs: "his resignation
# letter" is a resignation, "a protest note" a protest; other compounds ("aid convoy") are not.
DOCUMENT_HEADS = frozenset({"letter", "note"})


def _names_a_document(token: Token) -> bool:
    return token.head.lemma_.lower() in DOCUMENT_HEADS and token.head.pos_ == "NOUN"


def find_triggers(sentence: Span) -> list[Trigger]:
    """Every trigger in ``sentence``, in token order."""
    table = lexicon()
    found = []
    for token in sentence:
        if token.pos_ in VERB_POS:
            pos = "VERB"
            if token.dep_ in SKIP_DEPS and not _misparsed_gerund(token):
                continue
        elif token.pos_ == "ADJ" and token.dep_ == "acomp":
            pos = "VERB"
        elif token.pos_ in NOUN_POS:
            pos = "NOUN"
            if token.dep_ == "compound" and not _names_a_document(token):
                continue
        else:
            continue
        rules = table.get((pos, token.lemma_.lower()))
        if not rules:
            continue
        adjective = token.pos_ == "ADJ"  # "ready to" is an offer; "readying for" is not
        rules = tuple(rule for rule in rules if ("adj" in rule.flags) == adjective)
        obj = object_of(token) if pos == "VERB" else None
        for rule in rules:
            if _matches(rule, token, obj):
                found.append(Trigger(token=token, rule=rule, obj=obj))
                break
    return found
