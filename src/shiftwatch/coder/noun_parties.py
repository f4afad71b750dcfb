"""Doers of event nouns that the parse puts far from the noun.

The rest of a list of doers the parser cut off a "by" phrase: "an assault by Iraqi troops,
forces allied to the regime and a US-led coalition". spaCy often ends the "by" phrase at its
first item and hangs the others anywhere in the sentence (an apposition of the subject, a
modifier of the main verb). Read as text, the items that follow the first one, separated by
commas and closed by a coordinating conjunction, are doers too. Each item is read as an argument
from its own head (the one word of the item whose head lies outside it), so "forces allied to
X" is X's forces.

The giver of an act its verb's subject undergoes: "received aid from X", "came under attack by
Y" (the subject undergoes it); the doer of an act noun that is the subject of a passive light
verb ("sanctions were imposed by X").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.coder.arguments import Mention, MentionIndex, actors_of, pobjs
from shiftwatch.coder.cue_lists import cues, words
from shiftwatch.coder.triggers import Trigger, is_passive, noun_trigger, verb_trigger

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

SEPARATOR = ","  # punctuation, not a word: the item boundary of a written list
NOMINAL = ("NOUN", "PROPN")


def giver(verb: Token) -> Token | None:
    """Who does an act its verb's subject undergoes: "from X" or "by X" on the verb."""
    preps = sorted(words("origin_prepositions") | words("agent_prepositions"))
    return next((pobj for word in preps for pobj in pobjs(verb, word)), None)


def company(holder: Token) -> list[Token]:
    """Who is named as going with ``holder`` (a verb or a noun): "alongside Y", "along with Y",
    "together with Y" (roles.yaml company_prepositions, company_adverbs)."""
    found: list[Token] = []
    for prep in holder.children:
        if prep.dep_ != "prep":
            continue
        if prep.lower_ in words("company_prepositions"):
            found.extend(pobjs(holder, prep.lower_))
        elif prep.lower_ in words("company_adverbs"):  # "along with Y": with hangs on along
            found.extend(
                p for w in prep.children if w.dep_ == "prep" for p in pobjs(prep, w.lower_)
            )
        elif any(
            a.dep_ == "advmod" and a.lower_ in words("company_adverbs") for a in prep.children
        ):
            found.extend(p for p in prep.children if p.dep_ == "pobj")  # "together with Y"
    return found


def co_patients(trigger: Trigger, index: MentionIndex) -> list[Mention]:
    """Whoever undergoes a passive act with no "by" agent together with its subject: "Cantlie
    was captured alongside the US reporter James Foley", "was killed along with a soldier".
    After an agent the company may be the doer's ("bombed by Russian jets alongside Syrian
    aircraft"), so it is left to the roles stage."""
    verb = trigger.token
    if trigger.rule.pos != "VERB" or not is_passive(verb):
        return []
    if any(c.dep_ == "agent" for c in verb.children):
        return []
    return [m for token in company(verb) for m in actors_of(token, index)]


def carried_by(trigger: Trigger, index: MentionIndex) -> list[Mention]:
    """ "Sanctions were imposed on Iran by the US and the EU", "talks were held by Russia, Turkey
    and Iran": an act noun that is the subject of a passive light verb is done by the verb's
    "by" agents, as it is by the subject of the active verb; not when the verb is a curated act of
    another type ("an offensive was threatened by Turkey" is a threat, not an offensive)."""
    token, verb = trigger.token, trigger.token.head
    if (
        trigger.rule.pos != "NOUN"
        or token.dep_ != "nsubjpass"
        or verb.lemma_.lower() not in cues()["light_verbs"]
    ):
        return []
    own = verb_trigger(verb)
    if own is not None and "derived" not in own.rule.flags and own.rule.type != trigger.rule.type:
        return []
    return actors_of(giver(verb), index)


def listed_after(doer: Token, index: MentionIndex) -> list[Mention]:
    """Actors of the items written after ``doer`` in a list it opens; none unless the list is
    closed by a coordinating conjunction and every item is a noun phrase naming no act or thing
    of someone's ("the withdrawal of US troops from Syria, and his declaration" lists acts)."""
    found: list[Mention] = []
    for item in _items_after(doer):
        head = _item_head(item)
        if head is None or noun_trigger(head) is not None or _owned(head, index):
            return []
        found.extend(actors_of(head, index))
    return found


def _items_after(doer: Token) -> list[Span]:
    """ "X, A, B and C ...": the spans A, B and C (the last one up to the next comma or the end
    of the sentence); none when no conjunction closes the list."""
    doc, end = doer.doc, doer.sent.end
    cur = doer.right_edge.i + 1
    if cur >= end or doc[cur].text != SEPARATOR:
        return []
    items: list[Span] = []
    closed = False
    for k in range(cur + 1, end):
        separator, conjunction = doc[k].text == SEPARATOR, doc[k].dep_ == "cc" and not closed
        if not (separator or conjunction):
            continue
        if k > cur + 1:
            items.append(doc[cur + 1 : k])
        if closed:
            return items
        cur, closed = k, conjunction
    if closed and cur + 1 < end:
        items.append(doc[cur + 1 : end])
    return items if closed else []


def _owned(head: Token, index: MentionIndex) -> bool:
    """Is ``head`` something of the possessor it names ("his declaration"), not an actor?"""
    return index.at(head) is None and any(c.dep_ == "poss" for c in head.children)


def _item_head(item: Span) -> Token | None:
    """The one word of ``item`` whose head is outside it, when that word is a noun."""
    heads = [
        t
        for t in item
        if t.pos_ != "PUNCT" and (not item.start <= t.head.i < item.end or t.head.i == t.i)
    ]
    return heads[0] if len(heads) == 1 and heads[0].pos_ in NOMINAL else None
