"""Stage "blames": a reported attribution of blame as an ACCUSE of the speaker.

"France said the regime was responsible for the attack", "May said Russia was behind this":
whoever says (or whose claim is) that another actor is to blame for an act, or finds it
wanting ("said the regime lacks legitimacy"), accuses it (guidelines: accuse is
ACCUSE), while the act itself is only what the accusation is about. The clause is found by its
predicate: a blame adjective with its preposition ("responsible for", "guilty of") or a blame
preposition on a copula ("behind"), whose object names an act (a candidate of a conflict type)
or a wrong (``blame_objects``). Labelling another actor as a wrong is an accusation too ("Turkey
regards the YPG as terrorists", "Ankara says the militia is the arm of a terror group").
Words live in ``lexicon/cues.yaml``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.coder import roles
from shiftwatch.coder.arguments import Mention, MentionIndex, actors_of
from shiftwatch.coder.cue_lists import cues, retype
from shiftwatch.coder.cue_lists import words as roles_words
from shiftwatch.coder.events import SentenceContext, actor_ref, make_event
from shiftwatch.coder.modality import modality
from shiftwatch.coder.triggers import Rule, Trigger
from shiftwatch.models import Event

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# the dependency labels of a clause reported by a verb of speech or thought
REPORTED = frozenset({"ccomp"})
# a clause inside it that a noun or adjective carries ("proof that ...", "likely that ...")
NESTED = frozenset({"acl"})
# the parser's label for a noun's clause; one with a complementiser is a content clause after
# all ("had proof that the regime was responsible": "that" is its mark, not a relative pronoun)
RELATIVE = "relcl"


def reported_blames(span: Span, triggers: list[Trigger]) -> list[tuple[Token, Token]]:
    """(speech verb, reported clause) for "X said Y was responsible for / behind an act"."""
    table = cues()
    acts = {t.token.i for t in triggers if t.rule.type in table["blamed_act_types"]}
    pairs = []
    for token in span:
        if token.pos_ != "VERB" or token.lemma_.lower() not in table["blaming_verbs"]:
            continue
        for top in token.children:
            if top.dep_ not in REPORTED:
                continue
            # the blame may sit deeper: "said it had proof that the regime was behind it"
            for clause in top.subtree:
                inner = (
                    clause.i == top.i
                    or clause.dep_ in REPORTED | NESTED
                    or (clause.dep_ == RELATIVE and any(c.dep_ == "mark" for c in clause.children))
                )
                reporter = _reporter(clause)
                if (
                    inner
                    and reporter is not None
                    and reporter.i == token.i
                    and _blames(clause, acts)
                ):
                    pairs.append((token, clause))
    return pairs + _stance_blames(span, acts)


def _stance_blames(span: Span, acts: set[int]) -> list[tuple[Token, Token]]:
    """(stance noun, clause) for "Turkey's justification is that the militias are terrorists",
    "Moscow's claim that the rebels were behind the attack": the noun's owner says the clause
    (``blaming_nouns``), as a verb of speech would."""
    pairs: list[tuple[Token, Token]] = []
    for noun in span:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in cues()["blaming_nouns"]:
            continue
        clauses = [
            c
            for c in noun.children
            if c.dep_ in NESTED | {RELATIVE} and any(m.dep_ == "mark" for m in c.children)
        ]
        if noun.dep_ == "nsubj" and noun.head.lemma_ == "be":  # "X's claim is that ..."
            clauses.extend(c for c in noun.head.children if c.dep_ in REPORTED)
        pairs.extend((noun, clause) for clause in clauses if _blames(clause, acts))
    return pairs


def _reporter(clause: Token) -> Token | None:
    """The nearest verb of speech or thought above ``clause``."""
    head = clause.head
    while head.i != clause.i:
        if head.pos_ == "VERB" and head.lemma_.lower() in cues()["blaming_verbs"]:
            return head
        clause, head = head, head.head
    return None


def labels(span: Span, triggers: list[Trigger] | None = None) -> list[tuple[Token, Token]]:
    """(labelling verb, what it labels) for "Turkey regards the YPG as terrorists", "Moscow
    called the strikes an act of aggression": a predicate naming a wrong (``label_words``), or
    a blame adjective after the object ("held the regime responsible for the attack", the
    adjective parsed as the object's modifier)."""
    table = cues()
    acts = {t.token.i for t in triggers or () if t.rule.type in table["blamed_act_types"]}
    pairs = []
    for token in span:
        if token.pos_ != "VERB" or token.lemma_.lower() not in table["label_verbs"]:
            continue
        obj = next((c for c in token.children if c.dep_ in ("dobj", "obj")), None)
        if obj is None:
            continue
        predicates = [c for c in token.children if c.dep_ == "oprd"] + [
            p  # "as" on the verb, or hung on its object ("described the bombing ... as a crime")
            for prep in [*token.children, *obj.children]
            if prep.dep_ == "prep" and prep.lower_ in table["label_prepositions"]
            for p in prep.children
            if p.dep_ == "pobj"
        ]
        after = [c for c in obj.children if c.dep_ == "amod" and c.i > obj.i]
        if any(_names_a_wrong(p) for p in predicates) or any(
            _holds_blame(p, acts, copula=False) for p in predicates + after
        ):
            pairs.append((token, obj))
    return pairs


def _names_a_wrong(predicate: Token) -> bool:
    """The predicate, its modifiers or what it is "of" name a wrong ("a terrorist group", "an
    act of aggression", "the arm of a terror group"); words deeper down do not ("the result of
    an agreement to fight terrorism")."""
    heads = [predicate] + [
        pobj
        for prep in predicate.children
        if prep.dep_ == "prep" and prep.lower_ in cues()["claim_prepositions"]
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]
    words = cues()["label_words"]
    return any(
        t.lemma_.lower() in words
        for head in heads
        for t in [head, *(c for c in head.children if c.dep_ in ("amod", "compound"))]
    )


def _blames(clause: Token, acts: set[int]) -> bool:
    """Does the clause say that its subject is to blame for an act or a wrong, or that it is
    one ("the militia is the arm of a terror group", "the strikes were illegal")?"""
    table = cues()
    if any(c.dep_ == "neg" for c in clause.children):
        return False  # "said Russia had not violated the ceasefire" blames nobody
    if clause.pos_ in ("NOUN", "PROPN") and _names_a_wrong(clause):
        return True  # "considers the YPG a terrorist group"
    wrongs = table["wanting_objects"] | table["blame_objects"] | table["label_words"]
    objects = [c for c in clause.children if c.dep_ in ("dobj", "obj")] + [
        p for c in clause.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"
    ]
    if clause.lemma_.lower() in table["blame_verbs"] and any(
        o.lemma_.lower() in wrongs for o in objects
    ):
        return True  # "lacks transparency", "committed war crimes", "amounts to war crimes"
    if any(c.dep_ in ("attr", "acomp") and _names_a_wrong(c) for c in clause.children):
        return True
    if any(to_blame(c) for c in clause.children):
        return True  # "Russia was to blame"
    if clause.lemma_.lower() in table["blame_acts"]:
        return True  # "the attack was staged by the rebels", "Iran breached the deal"
    holders = [clause, *(c for c in clause.children if c.dep_ == "acomp")]
    return any(_holds_blame(h, acts, copula=h is clause) for h in holders)


def to_blame(token: Token) -> bool:
    """ "(Russia was) to blame": an infinitive on a copula that says its subject is at fault; the
    subject blames nobody (the trigger is no act), whoever says it accuses the subject."""
    return (
        token.dep_ == "xcomp"
        and token.lemma_.lower() in cues()["blame_infinitives"]
        and token.head.lemma_ == "be"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    )


def faked(token: Token) -> bool:
    """ "the attack was staged", "claims that the killings have been fabricated", "a staged
    attack": an act of force said to be faked (``faking_verbs``) is no act, only what the
    claim of faking is about; the claim is the accusation (:func:`reported_blames`)."""
    fakes = roles_words("faking_verbs")
    if token.dep_ == "nsubjpass" and token.head.lemma_.lower() in fakes:
        return True
    return any(c.dep_ == "amod" and c.lemma_.lower() in fakes for c in token.children)


def _holds_blame(holder: Token, acts: set[int], copula: bool) -> bool:
    """A blame adjective with its preposition ("responsible for", "complicit in"), or a blame
    preposition on the ``copula`` ("behind"), whose object names an act or a wrong."""
    table = cues()
    adjective = holder.lemma_.lower() in table["blame_adjectives"]
    for prep in holder.children:
        word = prep.lower_
        if prep.dep_ != "prep" or not (
            (adjective and word in table["blame_adjective_prepositions"])
            or (copula and word in table["blame_prepositions"])
        ):
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj":
                continue
            if pobj.lemma_.lower() in table["blame_objects"]:
                return True
            if any(t.i in acts for t in pobj.subtree):
                return True
    return False


def _doer(blamed: Token) -> Token:
    """Who an act named as the blamed is blamed on: its "by" agent ("the bombing of Ghouta by
    Russia" blames Russia, not Ghouta), else the word itself (its owner: "Russia's bombing")."""
    for prep in blamed.children:
        if prep.dep_ in ("prep", "agent") and prep.lower_ in roles_words("agent_prepositions"):
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return blamed


def code_blame(
    ctx: SentenceContext,
    speech: Token,
    clause: Token,
    index: MentionIndex,
    labelled: Token | None = None,
) -> list[Event]:
    """ACCUSE of the speaker aimed at the clause's subject, or at the ``labelled`` object of a
    labelling verb (never at the speaker's own side)."""
    speaker = speech if speech.pos_ == "NOUN" else roles.verb_subject(speech)  # "Turkey's claim"
    sources = actors_of(speaker, index)
    if labelled is not None:
        targets = actors_of(_doer(labelled), index)
    elif clause.pos_ in ("NOUN", "PROPN"):
        targets = [
            m for c in clause.children if c.dep_ == "nsubj" for m in actors_of(_doer(c), index)
        ]
    else:
        subject = roles.verb_subject(clause)
        targets = actors_of(_doer(subject) if subject is not None else None, index)
    aimed: list[Mention | None] = list(targets)
    if not aimed and labelled is None and clause.lemma_.lower() in roles_words("faking_verbs"):
        aimed = [None]  # "claims that the killings were fabricated": nobody named is blamed
    blame = retype("reported_blame")
    rule = Rule.spoken(speech.lemma_, blame, "reported blame")
    label = modality(speech)
    return [
        make_event(
            ctx,
            rule,
            blame.type,
            blame.cameo,
            speech,
            actor_ref(source),
            actor_ref(target) if target is not None else None,
            label,
            None,
            0.55,
        )
        for source in sources
        for target in aimed
        if target is None or (target is not source and target.code != source.code)
    ]
