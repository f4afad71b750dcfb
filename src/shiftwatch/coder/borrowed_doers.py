"""Doers a clause borrows when the parse gives it none that names an actor.

Only for verbs of ``doer_clause_types`` (``lexicon/roles.yaml``), tried in order:

``act_noun``     a relative clause or infinitive hanging on a noun naming an act ("relentless
                 campaigns that targeted civilians", "an airstrike that killed their mother",
                 "the campaign to retake Raqqa", "Ankara's attempts to drive the Kurds out"): the
                 noun is a lexicon act of those types or an undertaking (``undertaking_nouns``),
                 and whoever does it does the clause: its owner, "by" agent, naming modifier ("a
                 Turkish assault that drove the Kurds from Afrin") or the subject of its light
                 verb. A noun set in apposition ("Putin began engagements in Syria - campaigns
                 that targeted civilians") is done by the actor, or the act, that it renames.
``renamed``      a clause on a noun set in apposition right after an actor ("the Syrian
                 Democratic Forces (SDF), the Kurdish-led force battling Isis", "the PKK, a
                 terror group that has fought an insurgency"): that actor, the one written just
                 before the apposition (the parser often hangs it on an earlier noun).
``sent_forces``  the purpose of a passive deployment ("Turkish troops were sent to attack the
                 militia", "fighters have been deployed to fight rebels"): those deployed do it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from shiftwatch.coder import roles
from shiftwatch.coder.arguments import Mention, MentionIndex, actors_of
from shiftwatch.coder.cue_lists import cues, words
from shiftwatch.coder.triggers import Trigger, is_passive, noun_trigger, verb_trigger

if TYPE_CHECKING:
    from spacy.tokens import Token

# the parser's labels for a clause hanging on a noun: "attacks that killed", "a bid to oust"
CLAUSE_DEPS = frozenset({"relcl", "acl"})
# the labels of a noun that renames another ("engagements - relentless campaigns that ...")
RENAMING_DEPS = frozenset({"appos"})
# the labels of a purpose clause on a verb ("were sent to attack")
PURPOSE_DEPS = frozenset({"advcl", "xcomp"})


def doers(trigger: Trigger, index: MentionIndex) -> list[Mention]:
    """Actors doing the verb ``trigger`` by the first strategy that finds any (none otherwise)."""
    if trigger.rule.pos != "VERB" or trigger.rule.type not in words("doer_clause_types"):
        return []
    if is_passive(trigger.token):
        return []
    for _, strategy in STRATEGIES:
        found = strategy(trigger, index)
        if found:
            return found
    return []


def act_noun(trigger: Trigger, index: MentionIndex) -> list[Mention]:
    """The doer of the act noun the clause hangs on."""
    verb = trigger.token
    noun = verb.head
    if verb.dep_ not in CLAUSE_DEPS or noun.pos_ != "NOUN":
        return []
    subject = roles.verb_subject(verb)
    if subject is None or subject.i != noun.i:
        return []
    act = _act_of(noun, trigger, renamed=False)
    if act is None:
        return []
    found = roles.source_actors(act, index)
    if not found and noun.dep_ in RENAMING_DEPS:
        # "Putin - relentless campaigns that ...": an act set beside an actor is its act
        found = actors_of(noun.head, index)
        renamed = _act_of(noun.head, trigger, renamed=True)
        if not found and renamed is not None and noun.head.pos_ == "NOUN":
            found = roles.source_actors(renamed, index)
    return found


def _act_of(noun: Token, trigger: Trigger, renamed: bool) -> Trigger | None:
    """``noun`` as the trigger of an act: its own lexicon row when that is of one of the
    ``doer_clause_types`` or the noun is an undertaking or renamed by an act noun; else, for
    those, the clause's rule (its doer is read as any act noun's is)."""
    own = noun_trigger(noun)
    if own is not None and own.rule.type in words("doer_clause_types"):
        return own
    if not renamed and noun.lemma_.lower() not in words("undertaking_nouns"):
        return None
    if own is not None:
        return own
    rule = replace(trigger.rule, pos="NOUN", targets=(), of_role="", flags=frozenset())
    return Trigger(token=noun, rule=rule, obj=None)


def renamed(trigger: Trigger, index: MentionIndex) -> list[Mention]:
    """The actor an appositive noun renames, when the clause hangs on that noun."""
    verb = trigger.token
    noun = verb.head
    if verb.dep_ not in CLAUSE_DEPS or noun.pos_ != "NOUN" or noun.dep_ not in RENAMING_DEPS:
        return []
    if verb.tag_ == "VB":  # "the envoy for the coalition to defeat Isis": no relative clause
        return []
    if noun_trigger(noun) is not None or noun.lemma_.lower() in words("undertaking_nouns"):
        return []  # "the war against Isis, a fight that ...": an act, not the actor before it
    subject = roles.verb_subject(verb)
    if subject is None or subject.i != noun.i or actors_of(noun, index):
        return []
    before = noun.left_edge.i - 1
    while before >= 0 and noun.doc[before].is_punct:
        before -= 1
    mention = index.at(noun.doc[before]) if before >= 0 else None
    return [mention] if mention is not None else []


def sent_forces(trigger: Trigger, index: MentionIndex) -> list[Mention]:
    """Those a passive deployment sends, for the act it sends them to do."""
    verb = trigger.token
    head = verb.head
    if verb.dep_ not in PURPOSE_DEPS or head.i == verb.i or not is_passive(head):
        return []
    if roles.verb_subject(verb) is not None:
        return []
    deployment = verb_trigger(head)
    if deployment is None or deployment.rule.type not in cues()["deployment_types"]:
        return []
    sent = [c for c in head.children if c.dep_ == "nsubjpass"]
    return [m for token in sent for m in actors_of(token, index)]


STRATEGIES: list[tuple[str, Callable[[Trigger, MentionIndex], list[Mention]]]] = [
    ("act_noun", act_noun),
    ("renamed", renamed),
    ("sent_forces", sent_forces),
]
