"""Event triggers: which words in a parsed sentence name an event, and of which kind.

Triggers are keyed on lemma and part of speech in ``lexicon/verbs.tsv`` and
``lexicon/nouns.tsv``; a row may add a frame (a particle, an object noun or a modifier) so
that "call off a strike" and "call for talks" land on different types. Rows with a frame are
tried before the bare row of the same lemma, so the specific reading wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from shiftwatch.coder.tables import (
    Rule,
    cues,
    domestic_groups,
    is_event,
    lexicon,
    located_groups,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = [
    "Rule",
    "Trigger",
    "cues",
    "domestic_groups",
    "find_triggers",
    "lexicon",
    "located_groups",
]

VERB_POS = frozenset({"VERB"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
OBJECT_DEPS = ("dobj", "nsubjpass", "obj")
MAX_SHARED = 4  # verbs in one coordination that may share the last one's object
# A participle used as an adjective ("rebel-held", "US-backed") is a description, not an event.
SKIP_DEPS = frozenset({"amod", "compound", "nmod"})
NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})  # where a noun stands
# A word inside a date names when, not what: "in March 2011" is no march.
TIME_ENTITIES = frozenset({"DATE", "TIME"})


@dataclass(slots=True)
class Trigger:
    """A token that names an event, the rule that matched it and the object the frame saw."""

    token: Token
    rule: Rule
    obj: Token | None


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
    if token.dep_ == "xcomp" and is_passive(token):  # "men are believed to be held by X"
        raised = [c for c in token.head.children if c.dep_ == "nsubjpass"]
        if raised:  # the subject of the reporting verb is the patient of the passive
            return noun_behind_quantity(raised[0])
    shared = _shared_object(token)
    if shared is not None:  # "bombed and shelled rebel positions": the object of both
        return shared
    if token.dep_ == "conj" and is_passive(token):  # the patient is the first verb's subject
        head = token.head
        for child in head.children:
            if child.dep_ in ("nsubjpass", "nsubj"):
                return noun_behind_quantity(child)
        return object_of(head)
    return None


def _shared_object(token: Token) -> Token | None:
    """The object of bare verbs coordinated right after ``token`` ("bombed and shelled rebel
    positions", "bombed, shelled and stormed the town"), which the parser hangs on the last verb
    only; None when anything but a conjunction or a comma stands between the verbs."""
    verb = token
    for _ in range(MAX_SHARED):
        if verb.pos_ != "VERB":
            return None
        after = [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i > verb.i]
        if not after:
            return None
        between = verb.doc[verb.i + 1 : after[0].i]
        if not len(between) or not all(t.dep_ in ("cc", "punct") for t in between):
            return None
        verb = after[0]
        for child in verb.children:
            if child.dep_ in ("dobj", "obj"):
                return noun_behind_quantity(child)
    return None


def noun_behind_quantity(token: Token) -> Token:
    """``token``, or the noun after "of" when ``token`` is only a quantity ("hundreds of X")."""
    if token.lemma_.lower() in cues()["quantity_heads"] or token.pos_ == "NUM":
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in cues()["quantity_prepositions"]:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return token


def _has_particle(token: Token, word: str) -> bool:
    """A particle or preposition ``word`` on ``token``, or a clause it marks ("called for Assad
    to step down": the parser makes "for" the mark of the clause, not a child of "called")."""
    return any(
        (child.lower_ == word and child.dep_ in ("prt", "prep", "advmod", "agent"))
        or marked_clause(child, word)
        for child in token.children
    )


def _stranded_particle(token: Token, word: str) -> bool:
    """A particle ``word`` with no object of its own ("Damascus gave in", "backed down"): the
    same word heading a phrase ("gave birth in February") is a preposition, not the verb's."""
    return any(
        child.lower_ == word
        and child.dep_ in ("prt", "prep", "advmod")
        and not any(grand.dep_ == "pobj" for grand in child.children)
        for child in token.children
    )


def hyphen_modifier(token: Token) -> bool:
    """A noun joined by a hyphen to a participle that describes another noun ("opposition-held
    areas", "government-controlled town"): it names who holds the place, not an act."""
    head = token.head
    return (
        token.dep_ in ("npadvmod", "compound", "nmod")
        and head.tag_ == "VBN"
        and head.dep_ in SKIP_DEPS
        and any(t.tag_ == "HYPH" for t in token.doc[token.i + 1 : head.i])
    )


def marked_clause(child: Token, word: str | None = None) -> bool:
    """Is ``child`` a clause marked by ``word`` (default: any of ``content_marks``)?"""
    marks = (word,) if word is not None else cues()["content_marks"]
    return child.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ in marks for m in child.children
    )


def that_clause(child: Token) -> bool:
    """Is ``child`` a "that" clause a parser read as a relative clause of its noun ("the demands
    of Turkey that the US end its support")? A relative clause has no subordinating mark."""
    return child.dep_ == "relcl" and any(m.dep_ == "mark" for m in child.children)


def stranded_clause(noun: Token) -> Token | None:
    """The clause a parser hung on the verb although it completes ``noun`` right before it:
    "renewed its calls for Assad to step down" (the for-clause is the calls' content, not the
    renewing's adverbial)."""
    if noun.pos_ != "NOUN" or noun.i + 1 >= len(noun.doc):
        return None
    mark = noun.doc[noun.i + 1]
    clause = mark.head
    if mark.dep_ == "mark" and clause.i != noun.i and marked_clause(clause):
        return clause
    return None


def _prepositions(token: Token, word: str) -> list[Token]:
    """The prepositions ``word`` on ``token`` or on its particle ("pulled out of")."""
    found = []
    for child in token.children:
        if child.dep_ in ("prep", "agent") and child.lower_ == word:
            found.append(child)
        if child.dep_ in ("prt", "advmod", "prep"):
            found.extend(c for c in child.children if c.dep_ == "prep" and c.lower_ == word)
    return found


def _pp_object(token: Token, rule: Rule) -> Token | None:
    return next(
        (
            pobj
            for prep in _prepositions(token, rule.frame_word)
            for pobj in prep.children
            if pobj.dep_ == "pobj" and pobj.lemma_.lower() in rule.frame_set
        ),
        None,
    )


def _object_words(token: Token, obj: Token | None) -> frozenset[str]:
    """Lemmas an "obj" frame may match: the object, or a predicate noun ("was taken hostage")."""
    words = {
        child.lemma_.lower()
        for child in token.children
        if child.dep_ in ("oprd", "attr", "dobj", "npadvmod", "advmod")
    }
    if obj is not None:
        words.add(obj.lemma_.lower())
    return frozenset(words)


def _matches(
    rule: Rule, token: Token, obj: Token | None, objects: frozenset[str] = frozenset()
) -> bool:
    if rule.frame == "":
        return True
    if rule.frame == "prt":
        return _has_particle(token, rule.frame_word)
    if rule.frame == "part":  # "gave in", never "gave birth in February"
        return _stranded_particle(token, rule.frame_word)
    if rule.frame == "obj":  # ``objects``: _object_words, computed once per token
        return not objects.isdisjoint(rule.frame_set)
    if rule.frame == "by":
        return any(
            pobj.dep_ == "pobj" and pobj.lemma_.lower() in rule.frame_set
            for child in token.children
            if child.dep_ == "agent"
            for pobj in child.children
        )
    if rule.frame == "lv":  # "called a strike", not "called the strikes an act of aggression"
        return token.head.lemma_.lower() in rule.frame_set and not any(
            child.dep_ == "oprd" for child in token.head.children
        )
    if rule.frame == "prtobj":
        return (
            _has_particle(token, rule.frame_word)
            and obj is not None
            and obj.lemma_.lower() in rule.frame_set
        )
    if rule.frame == "pp":  # "withdrew from the deal", "pulled out of the treaty"
        return _pp_object(token, rule) is not None
    if rule.frame == "mod":
        return any(
            child.dep_ in ("compound", "amod", "nmod") and child.lemma_.lower() in rule.frame_set
            for child in token.children
        )
    return False


def _names_a_document(token: Token) -> bool:
    """ "his resignation letter" is a resignation, "a protest note" a protest; other compounds
    ("aid convoy") are not acts (``document_heads`` in ``lexicon/cues.yaml``)."""
    return token.head.lemma_.lower() in cues()["document_heads"] and token.head.pos_ == "NOUN"


def find_triggers(sentence: Span) -> list[Trigger]:
    """Every trigger in ``sentence``, in token order."""
    table = lexicon()
    found = []
    for token in sentence:
        if token.ent_type_ in TIME_ENTITIES:
            continue
        if token.pos_ in VERB_POS:
            pos = "VERB"
            if token.dep_ in SKIP_DEPS and not _misparsed_gerund(token):
                continue
            named = _named_act(token, table)  # "Fighting between X and Y continued"
            if named is not None:
                found.append(named)
                continue
        elif token.pos_ == "ADJ" and token.dep_ == "acomp":
            pos = "VERB"
        elif token.pos_ in NOUN_POS:
            pos = "NOUN"
            if token.dep_ == "compound" and not _names_a_document(token):
                continue
            if hyphen_modifier(token):
                continue
        else:
            continue
        trigger = _trigger(token, pos, table)
        if trigger is not None:
            found.append(trigger)
    return found


def _named_act(token: Token, table: dict[tuple[str, str], tuple[Rule, ...]]) -> Trigger | None:
    """A gerund the parser made a verb although it names the act as a noun does: the subject
    or object of a clause, with no subject or object of its own ("Fighting between the SDF and
    Isis continued"), read by the noun's row ("fighting"), when the lexicon has one."""
    nominal = token.tag_ == "VBG" and token.dep_ in NOMINAL_DEPS
    if not nominal or any(c.dep_ in NOMINAL_DEPS for c in token.children):
        return None
    return _trigger(token, "NOUN", table, token.lower_)


def _trigger(
    token: Token, pos: str, table: dict[tuple[str, str], tuple[Rule, ...]], key: str = ""
) -> Trigger | None:
    """The trigger ``token`` is as ``pos``, or None: its first row whose frame matches (the
    row of ``key`` when given, else of the token's lemma)."""
    rules = table.get((pos, key or token.lemma_.lower()))
    if not rules:
        return None
    adjective = token.pos_ == "ADJ"  # "ready to" is an offer; "readying for" is not
    rules = tuple(rule for rule in rules if ("adj" in rule.flags) == adjective)
    obj = object_of(token) if pos == "VERB" else None
    objects = _object_words(token, obj)
    for rule in rules:
        if _matches(rule, token, obj, objects):
            if not is_event(rule):
                return None  # an override: the lemma in this frame names no event
            # a frame on a preposition's object: that object is what the act is done to
            seen = _pp_object(token, rule) if rule.frame == "pp" else obj
            return Trigger(token=token, rule=rule, obj=seen)
    return None


def noun_trigger(token: Token) -> Trigger | None:
    """The trigger a noun is in its own sentence ("airstrikes" an attack, "town" none)."""
    return _trigger(token, "NOUN", lexicon()) if token.pos_ in NOUN_POS else None


def verb_trigger(token: Token) -> Trigger | None:
    """The trigger a verb is in its own sentence ("discussed" a meeting, "told" none)."""
    return _trigger(token, "VERB", lexicon())
