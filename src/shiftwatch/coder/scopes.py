"""Stage "scopes": which candidates are only the content of another act.

"urged Iraq to withdraw" is one REQUEST, not a REQUEST and a RETREAT; a promise to attack is a
threat; "X said Y must ..." is a reported demand; a treaty that is only what another act is
about names no new agreement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.coder.arguments import actors_of
from shiftwatch.coder.cue_lists import cue_list, cues, words
from shiftwatch.coder.demands import voiced_clauses
from shiftwatch.coder.occasions import occasions
from shiftwatch.coder.roles import verb_subject
from shiftwatch.coder.triggers import (
    Trigger,
    marked_clause,
    object_of,
    stranded_clause,
    that_clause,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from shiftwatch.coder.arguments import MentionIndex


def subtree_ids(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def content_scopes(triggers: list[Trigger]) -> tuple[set[int], set[int], dict[int, bool]]:
    """Token ids inside the content of verbal acts, inside accusations, and which content acts
    are material conflict (so a promise to attack is a THREATEN)."""
    content: set[int] = set()
    claimed: set[int] = set()
    conflict: dict[int, bool] = {}
    table = cues()
    for trigger in triggers:
        flags = trigger.rule.flags
        if "content" in flags:
            ids: set[int] = set()
            for child in trigger.token.children:
                # a verbal act's complement, or a noun's clause ("the demand that X repatriate")
                if (
                    child.dep_ in ("xcomp", "ccomp")
                    or marked_clause(child)  # "called for Assad to step down"
                    or (child.dep_ == "acl" and trigger.rule.pos == "NOUN" and child.pos_ == "VERB")
                    or (trigger.rule.pos == "NOUN" and that_clause(child))
                    or (
                        child.dep_ in ("dobj", "obj")
                        and trigger.rule.type in table["content_object_types"]
                    )
                ):
                    ids |= subtree_ids(child)
            stranded = stranded_clause(trigger.token) if trigger.rule.pos == "NOUN" else None
            if stranded is not None:  # "renewed its calls for Assad to step down"
                ids |= subtree_ids(stranded)
            if trigger.rule.pos == "NOUN":  # "reiterated its demand today that Israel ease"
                ids |= {i for c in voiced_clauses(trigger.token) for i in subtree_ids(c)}
            ids -= _asides(ids, trigger.token.doc)
            ids -= occasions(ids, trigger.token.doc)  # "agreed to X at a summit in Sochi"
            content |= ids
            conflict[trigger.token.i] = any(
                other.token.i in ids
                and other.rule.type in table["material_conflict_types"]
                and not _inside_adverbial(other.token, trigger.token)
                for other in triggers
            ) or _vows_harm(trigger.token)
        if "claim" in flags:
            for child in trigger.token.children:
                if child.dep_ == "prep" and child.lower_ in table["claim_prepositions"]:
                    claimed |= subtree_ids(child)
    return content, claimed, conflict


def _asides(ids: set[int], doc: Doc) -> set[int]:
    """Tokens of non-restrictive relative clauses inside a content (", which have provided
    arms ..."): the writer's own statement of a fact about a party, not part of what is demanded
    or promised."""
    found: set[int] = set()
    for i in ids:
        clause = doc[i]
        start = clause.left_edge.i
        if clause.dep_ == "relcl" and start > 0 and doc[start - 1].text == ",":
            found |= subtree_ids(clause)
    return found


def _vows_harm(token: Token) -> bool:
    """ "vowed revenge", "promised retaliation": an object naming harm makes a vow a threat."""
    return any(
        child.dep_ in ("dobj", "obj") and child.lemma_.lower() in cues()["harm_objects"]
        for child in token.children
    )


def _inside_adverbial(token: Token, top: Token) -> bool:
    """True when ``token`` sits in an adverbial clause ("if it is attacked") below ``top``."""
    while token.i != top.i and token.head.i != token.i:
        if token.dep_ == "advcl":
            return True
        token = token.head
    return False


def reported_demands(span: Span) -> list[tuple[Token, Token]]:
    """(speech verb, complement verb) for "X said Y must/should do Z"."""
    table = cues()
    pairs = []

    def demanding(clause: Token) -> bool:
        return any(
            aux.dep_ == "aux" and aux.lower_ in table["request_modals"] for aux in clause.children
        )

    for token in span:
        if token.pos_ == "VERB" and token.lemma_.lower() in table["speech_verbs"]:
            for child in token.children:
                if child.dep_ == "ccomp" and demanding(child):
                    pairs.append((token, child))
            # "X should be allowed home, a former director has said": the fronted report is
            # sometimes parsed as the root with the speech verb conjoined after it
            head = token.head
            if token.dep_ in ("conj", "parataxis", "ccomp") and head.i < token.i:
                while not demanding(head) and head.dep_ == "conj" and head.head.i != head.i:
                    head = head.head  # "should be given a chance and allowed home, X said"
                if demanding(head) and not _child_of(head, token):
                    pairs.append((token, head))
    return pairs


def _child_of(parent: Token, token: Token) -> bool:
    """True when ``parent`` is a regular complement of ``token`` (already paired)."""
    return parent.head.i == token.i and parent.dep_ == "ccomp"


def self_aimed(token: Token) -> bool:
    """ "had only themselves to blame": an act whose patient is a reflexive pronoun on the
    verb above it is a figure of speech, not an act between actors."""
    if token.dep_ not in ("xcomp", "relcl", "acl"):
        return False
    return any(
        child.dep_ == "dobj"
        and child.lower_.endswith(cue_list("reflexive_endings"))
        and child.i < token.i
        for child in token.head.children
    )


def existing_agreement(trigger: Trigger, verbs: set[int]) -> bool:
    """ "protest the treaty between A and B": a treaty that is only what another act is about
    names no new agreement (light verbs such as sign or reach do make it one), nor does a
    treaty named after a place or party ("critics of the Iran deal")."""
    token = trigger.token
    if trigger.rule.pos != "NOUN" or token.lemma_.lower() not in cues()["agreement_nouns"]:
        return False
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif token.dep_ not in ("dobj", "obj"):
        return _named(token)
    if head.lemma_.lower() in cues()["light_verbs"]:
        return False
    return head.i in verbs or _named(token)


def _named(agreement: Token) -> bool:
    """ "the Iran nuclear deal", "the Sochi agreement": a definite agreement named after a
    place or party is one already made, not an agreement this sentence reports."""
    children = list(agreement.children)
    return any(
        c.dep_ == "det" and c.morph.get("Definite", []) == ["Def"] for c in children
    ) and any(c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" for c in children)


def carried_by_noun(trigger: Trigger, nouns: set[int]) -> bool:
    """ "launched airstrikes on X": a derived verb-and-object row whose object is itself a
    candidate leaves the event to the noun, whose own table says where source and target are."""
    return (
        "derived" in trigger.rule.flags
        and trigger.rule.frame in ("obj", "prtobj")
        and trigger.obj is not None
        and trigger.obj.i in nouns
    )


def object_of_an_act(trigger: Trigger, acts: set[int]) -> bool:
    """ "provided a million artillery shells": a derived noun row that counts only after a light
    verb ("fired shells") is what a verb that is an act of its own (here AID) gives or takes,
    not a second act."""
    token = trigger.token
    return (
        "derived" in trigger.rule.flags
        and trigger.rule.frame == "lv"
        and token.head.i in acts
        and token.head.i != token.i
    )


def foretold(trigger: Trigger, index: MentionIndex) -> bool:
    """ "warned that the repatriation would be difficult": a warning (flag ``foretell``) said
    to nobody in particular whose that-clause is not about the warner's own side is a
    prediction, not a threat; "warned it will not stand by", "warned Syria that ..." are."""
    verb = trigger.token
    if "foretell" not in trigger.rule.flags or any(
        child.dep_ in ("dobj", "dative") for child in verb.children
    ):
        return False
    clause = next((child for child in verb.children if child.dep_ == "ccomp"), None)
    if clause is None:
        return False
    own = {mention.code for mention in actors_of(verb_subject(verb), index)}
    subject = verb_subject(clause)
    named = actors_of(subject, index)
    if not named and subject is not None and subject.tag_ == "PRP":
        return False  # "warned it will not stand by": a pronoun left unresolved is the warner
    return not any(m.code in own for m in named)


def own_command(trigger: Trigger, index: MentionIndex, acts: set[int]) -> bool:
    """ "Trump ordered US forces to leave", "Putin ordered the withdrawal", "ordered a strike on
    X": an order to one's own forces, or of an act named as its object, is the act it orders
    (coded by that act's trigger, the orderer its doer), not a REQUEST to another actor. A
    command row is flagged ``command``; ``acts`` are the sentence's other candidates."""
    if "command" not in trigger.rule.flags:
        return False
    obj = object_of(trigger.token)
    if obj is None:
        return False
    if obj.i in acts:
        return True
    orderers = actors_of(verb_subject(trigger.token), index)
    ordered = actors_of(obj, index)
    armed = words("armed_sectors")
    return bool(orderers and ordered) and all(
        (m.sector or "") in armed and any(m.code == o.code for o in orderers) for m in ordered
    )


def deployed_to_act(trigger: Trigger, triggers: list[Trigger]) -> bool:
    """ "sent in aircraft to attack Idlib": forces moved in order to use them are the means of
    that act, coded by its own trigger, not a deployment of their own."""
    table = cues()
    if trigger.rule.type not in table["deployment_types"]:
        return False
    purposes = {child.i for child in trigger.token.children if child.dep_ in ("advcl", "xcomp")}
    return any(
        t.token.i in purposes and t.rule.type in table["purpose_act_types"] for t in triggers
    )
