"""Stage "blames": a reported attribution of blame as an ACCUSE of the speaker.

"France said the regime was responsible for the attack", "May said Russia was behind this":
whoever says that another actor is to blame for an act accuses it (guidelines: accuse is
ACCUSE), while the act itself is only what the accusation is about. The clause is found by its
predicate: a blame adjective with its preposition ("responsible for", "guilty of") or a blame
preposition on a copula ("behind"), whose object names an act (a candidate of a conflict type)
or a wrong (``blame_objects``). Words live in ``lexicon/cues.yaml``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.coder import roles
from shiftwatch.coder.arguments import MentionIndex, actors_of
from shiftwatch.coder.cue_lists import cues, retype
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
                inner = clause.i == top.i or clause.dep_ in REPORTED | NESTED
                reporter = _reporter(clause)
                if (
                    inner
                    and reporter is not None
                    and reporter.i == token.i
                    and _blames(clause, acts)
                ):
                    pairs.append((token, clause))
    return pairs


def _reporter(clause: Token) -> Token | None:
    """The nearest verb of speech or thought above ``clause``."""
    head = clause.head
    while head.i != clause.i:
        if head.pos_ == "VERB" and head.lemma_.lower() in cues()["blaming_verbs"]:
            return head
        clause, head = head, head.head
    return None


def _blames(clause: Token, acts: set[int]) -> bool:
    """Does the clause say that its subject is to blame for an act or a wrong?"""
    table = cues()
    holders = [clause, *(c for c in clause.children if c.dep_ == "acomp")]
    for holder in holders:
        adjective = holder.lemma_.lower() in table["blame_adjectives"]
        for prep in holder.children:
            word = prep.lower_
            if prep.dep_ != "prep" or not (
                (adjective and word in table["blame_adjective_prepositions"])
                or (holder is clause and word in table["blame_prepositions"])
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


def code_blame(
    ctx: SentenceContext, speech: Token, clause: Token, index: MentionIndex
) -> list[Event]:
    """ACCUSE of the speaker aimed at the clause's subject (never at the speaker's own side)."""
    sources = actors_of(roles.verb_subject(speech), index)
    targets = actors_of(roles.verb_subject(clause), index)
    blame = retype("reported_blame")
    rule = Rule(
        lemma=speech.lemma_,
        pos="VERB",
        frame="",
        frame_word="",
        frame_set=frozenset(),
        type=blame.type,
        mode=blame.mode,
        cameo=blame.cameo,
        targets=(),
        of_role="",
        flags=frozenset(),
        origin="reported blame",
    )
    label = modality(speech)
    return [
        make_event(
            ctx,
            rule,
            blame.type,
            blame.cameo,
            speech,
            actor_ref(source),
            actor_ref(target),
            label,
            None,
            0.55,
        )
        for source in sources
        for target in targets
        if target is not source and target.code != source.code
    ]
