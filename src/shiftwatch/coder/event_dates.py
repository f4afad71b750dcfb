"""When an event happened: the time expression that governs its trigger, or publication day.

News reports acts of other days: an event dated by its article's publication day lands late
(a week late for "last week's strikes", a year late for "Turkey in 2018 invaded Afrin"), and
every series and shift inherits the error. This coder stage takes the sentence's time
expressions (:mod:`shiftwatch.coder.time_expressions`) and keeps the one the parse attaches
to the trigger's own clause or noun phrase; a clause without one shares the time of the
clause it is conjoined to or is a "when" clause of ("kidnapped in 2014 when the group
stormed ..."). With none, the event takes the publication date at day precision. Measured
on real sentences by ``scripts/event_dates_accuracy.py`` (README, "Event dates").
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from shiftwatch.coder.cue_lists import cues
from shiftwatch.coder.time_expressions import EventDate, TimeExpression, time_expressions

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

COARSE = frozenset({"month", "year"})
MAX_INHERIT = 2


def event_date(
    trigger: Token, sentence: Span, published: date | None, future: bool = False
) -> EventDate:
    """The date of the event whose trigger is ``trigger``, or the publication date.

    ``future`` (the event is planned or announced) resolves "on Friday" forward in time.
    """
    fallback = EventDate(published, "day")
    if published is None:
        return fallback
    found = time_expressions(sentence, published, future or _future_clause(trigger))
    token = trigger
    for _ in range(MAX_INHERIT + 1):
        governing = [item for item in found if _governs(item, token)]
        if governing:
            # the one nearest the trigger wins ("on Monday, three days after ...")
            best = min(governing, key=lambda item: _distance(item, token))
            if token is trigger or best.when.precision in COARSE or _same_time(trigger, token):
                return best.when
            return fallback
        named = _when_clause_of(token, found)
        if named is not None:
            return named.when
        parent = _inherits_from(token)
        if parent is None:
            return fallback
        token = parent
    return fallback


def _distance(item: TimeExpression, token: Token) -> int:
    return min(abs(item.start - token.i), abs(item.end - 1 - token.i))


def _inherits_from(token: Token) -> Token | None:
    """The clause whose time a trigger's clause shares: conjoined acts ("attacked and seized
    the town on Monday"), "went on to" complements and "when"/"after" clauses."""
    clause = _clause(token)
    if clause.head.i == clause.i:
        return None
    if clause.dep_ == "xcomp" or (clause.dep_ == "conj" and _same_tense(clause, clause.head)):
        return _clause(clause.head)
    if clause.dep_ == "advcl" and any(
        child.dep_ in ("mark", "advmod") and child.lower_ in cues()["shared_time_marks"]
        for child in clause.children
    ):
        return _clause(clause.head)
    return None


def _when_clause_of(token: Token, found: list[TimeExpression]) -> TimeExpression | None:
    """The expression a "when" clause right after it describes ("in 2014 when the group
    stormed ...", "11 months ago, when the military invaded ..."), whatever the parse."""
    clause = _clause(token)
    when = next(
        (c for c in clause.children if c.lower_ in cues()["when_marks"] and c.i < clause.i), None
    )
    if when is None:
        return None
    k = when.i - 1
    while k >= 0 and when.doc[k].is_punct:
        k -= 1
    return next((item for item in found if item.end - 1 == k), None)


def _same_tense(verb: Token, head: Token) -> bool:
    """Conjoined verbs share a time unless the second has its own tense ("travelled to Syria
    in 2014 and is now being held")."""
    own = [child for child in verb.children if child.dep_ in ("aux", "auxpass", "nsubj")]
    return not own or _past(verb) == _past(head)


def _past(verb: Token) -> bool:
    return verb.tag_ == "VBD" or any(
        child.dep_ in ("aux", "auxpass") and child.tag_ == "VBD" for child in verb.children
    )


def _same_time(trigger: Token, ancestor: Token) -> bool:
    """False when a clause between them is only near the time ("after police found ...")."""
    clause = _clause(trigger)
    while clause.i != ancestor.i and clause.head.i != clause.i:
        if any(c.dep_ == "mark" and c.lower_ in cues()["near_time_marks"] for c in clause.children):
            return False
        clause = _clause(clause.head)
    return True


def _expression_head(item: TimeExpression, trigger: Token) -> Token:
    """The token the expression attaches to: the head outside its own words."""
    doc = trigger.doc
    tokens = [doc[i] for i in range(item.start, item.end)]
    inside = {t.i for t in tokens}
    root = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[0])
    head = root.head
    # "on Saturday": the preposition is outside the match; climb over it
    while head.i != head.head.i and (head.pos_ == "ADP" or head.lower_ in cues()["past_marks"]):
        head = head.head
    return head


def _clause(token: Token) -> Token:
    """The verb heading the clause a token sits in (the token itself when it is a verb)."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def _governs(item: TimeExpression, trigger: Token) -> bool:
    """True when the expression belongs to the trigger's own clause or noun phrase."""
    if item.start <= trigger.i < item.end:
        return False
    head = _expression_head(item, trigger)
    if head.i == trigger.i:
        return True
    if trigger.pos_ in ("VERB", "AUX"):
        if _clause(head).i == trigger.i:
            return True
        # "attacked and seized the town on Monday": conjoined acts share the date
        return _clause(head).dep_ == "conj" and _clause(head).head.i == trigger.i
    # a noun trigger: its own modifiers, or its clause's when it is that verb's object
    if head.i in {t.i for t in trigger.subtree}:
        return True
    clause = _clause(trigger)
    return _clause(head).i == clause.i and trigger.dep_ in (
        "dobj",
        "nsubj",
        "nsubjpass",
        "attr",
        "pobj",
    )


def _future_clause(trigger: Token) -> bool:
    clause = _clause(trigger)
    return any(
        child.dep_ == "aux" and child.lower_ in cues()["dated_future_auxiliaries"]
        for child in clause.children
    )
