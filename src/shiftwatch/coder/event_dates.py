"""When an event happened: the time expression that governs its trigger, resolved to a date.

News reports acts of other days: "on Saturday", "last week", "in 2018", "three years ago",
"on 20 January". An event dated by its article's publication day lands late (a week late for
"last week's strikes", a year late for "Turkey in 2018 invaded Afrin"), and every series and
shift inherits the error. This stage finds the time expressions of a sentence (patterns over
its text, so it does not depend on the NER model's DATE spans), keeps the one the parse
attaches to the trigger's own clause, and resolves it against the publication date:

- the date is the first day of the period the expression names (a day, the Monday of a
  week, the first of a month, 1 January of a year) and ``precision`` says which period;
- a weekday or a day without a year is the latest such day on or before publication (the
  next one for a future event); a month without a year likewise;
- spans of time ("for three years", "since 2011", "in recent weeks") name no point in time
  and are ignored; with no governing expression the event takes the publication date.

Resolution is arithmetic on the publication date; ``dateparser`` reads the absolute dates
("20 January 2018", "March 3").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

PRECISIONS = ("day", "week", "month", "year")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
# Words before an expression that make it a span or a bound, not the time of the act.
NOT_A_POINT = frozenset(
    {"since", "until", "till", "by", "before", "after", "through", "throughout", "for", "from"}
)
FUTURE_AUX = frozenset({"will", "shall", "'ll"})
SHARED_TIME_MARKS = frozenset({"when", "as", "while", "after", "before", "once"})
COARSE = frozenset({"month", "year"})
MAX_INHERIT = 2

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_COUNT = r"(?P<count>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_UNIT = r"(?P<unit>day|week|month|year)s?"

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rf"\b{pattern}\b", re.IGNORECASE))
    for name, pattern in (
        ("day_month", rf"{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?"),
        ("month_day", rf"{_MONTH}\.?\s+{_DAY}(?:,?\s+{_YEAR})?"),
        ("ago", rf"{_COUNT}\s+{_UNIT}\s+ago"),
        (
            "relative",
            r"(?P<which>last|this|next|earlier\s+this|later\s+this)\s+(?P<unit>week|month|year)",
        ),
        ("weekday", rf"(?:(?P<which>last|this|next)\s+)?{_WEEKDAY}"),
        ("month_year", rf"(?:(?P<which>last|this|next)\s+)?{_MONTH}(?:\s+{_YEAR})?"),
        ("year", rf"(?<![-/])(?:(?P<which>early|mid|late)[\s-]+)?{_YEAR}(?![-/]\d)"),
        ("deictic", r"(?P<word>yesterday|today|tonight|overnight)"),
        # "last week's strikes": the possessive is part of the relative pattern's match
    )
)


@dataclass(frozen=True, slots=True)
class EventDate:
    """A resolved date, the first day of the period the text names, and that period."""

    date: date | None
    precision: str
    expression: str = ""  # the words it came from ("" when it fell back to publication)


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """One time expression found in a sentence: its tokens and the date it resolves to."""

    start: int  # token index in the doc
    end: int
    text: str
    when: EventDate


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
        child.dep_ in ("mark", "advmod") and child.lower_ in SHARED_TIME_MARKS
        for child in clause.children
    ):
        return _clause(clause.head)
    return None


def _when_clause_of(token: Token, found: list[TimeExpression]) -> TimeExpression | None:
    """The expression a "when" clause right after it describes ("in 2014 when the group
    stormed ...", "11 months ago, when the military invaded ..."), whatever the parse."""
    clause = _clause(token)
    when = next((c for c in clause.children if c.lower_ == "when" and c.i < clause.i), None)
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
        if any(
            c.dep_ == "mark" and c.lower_ in ("after", "before", "once") for c in clause.children
        ):
            return False
        clause = _clause(clause.head)
    return True


def time_expressions(sentence: Span, published: date, future: bool = False) -> list[TimeExpression]:
    """Every point-in-time expression of ``sentence``, resolved against ``published``."""
    text = sentence.text
    taken: list[tuple[int, int]] = []
    found: list[TimeExpression] = []
    for name, pattern in PATTERNS:
        for match in pattern.finditer(text):
            lo, hi = match.span()
            if any(lo < b and a < hi for a, b in taken):
                continue
            if name == "month_year" and not _month_is_date(match, text):
                continue
            if name == "year" and not _year_is_date(match, text):
                continue
            when = resolve(name, match, published, future)
            if when is None:
                continue
            span = sentence.char_span(lo, hi, alignment_mode="expand")
            if span is None or _bounded(span):
                continue
            taken.append((lo, hi))
            found.append(TimeExpression(span.start, span.end, match.group(0), when))
    return found


def resolve(
    name: str, match: re.Match[str], published: date, future: bool = False
) -> EventDate | None:
    """The date a matched expression names, relative to ``published`` (None: not a date)."""
    parts = {key: (value or "").lower() for key, value in match.groupdict().items()}
    words = match.group(0)
    if name in ("day_month", "month_day"):
        month = _month_number(parts["month"])
        day = int(parts["day"])
        if parts["year"]:
            return _safe(int(parts["year"]), month, day, "day", words)
        return _nearest_day(published, month, day, future, words)
    if name == "ago":
        count = NUMBERS.get(parts["count"]) or int(parts["count"])
        return _shift(published, parts["unit"], -count, words)
    if name == "relative":
        which = parts["which"].split()[-1]
        step = {"last": -1, "this": 0, "next": 1}[which]
        return _shift(published, parts["unit"], step, words)
    if name == "weekday":
        target = WEEKDAYS.index(parts["weekday"])
        delta = (published.weekday() - target) % 7
        which = parts["which"]
        if which == "next" or (future and which != "last"):
            ahead = (target - published.weekday()) % 7 or (7 if which == "next" else 0)
            return EventDate(published + timedelta(days=ahead), "day", words)
        if which == "last" and delta == 0:
            delta = 7
        return EventDate(published - timedelta(days=delta), "day", words)
    if name == "month_year":
        month = _month_number(parts["month"])
        if parts["year"]:
            return EventDate(date(int(parts["year"]), month, 1), "month", words)
        year = _month_year(published, month, parts["which"], future)
        return EventDate(date(year, month, 1), "month", words)
    if name == "year":
        return EventDate(date(int(parts["year"]), 1, 1), "year", words)
    if name == "deictic":
        back = 1 if parts["word"] == "yesterday" else 0
        return EventDate(published - timedelta(days=back), "day", words)
    return None


def _month_year(published: date, month: int, which: str, future: bool) -> int:
    """The year of a month named without one: the latest on or before publication ("last":
    strictly before), the next one for future events and "next"."""
    year = published.year
    if which == "last":
        return year if month < published.month else year - 1
    if which == "next":
        return year if month > published.month else year + 1
    if which == "this":
        return year
    if future:
        return year if month >= published.month else year + 1
    return year if month <= published.month else year - 1


def _month_number(word: str) -> int:
    return next(i for i, name in enumerate(MONTHS, 1) if name.startswith(word[:3]))


def _safe(year: int, month: int, day: int, precision: str, words: str) -> EventDate | None:
    try:
        return EventDate(date(year, month, day), precision, words)
    except ValueError:
        return None


def _nearest_day(
    published: date, month: int, day: int, future: bool, words: str
) -> EventDate | None:
    """The latest such day on or before publication (the next one for future events)."""
    for year in (published.year, published.year - 1, published.year + 1):
        candidate = _safe(year, month, day, "day", words)
        if candidate is None or candidate.date is None:
            continue
        if (
            future
            and candidate.date >= published
            and candidate.date - published < timedelta(days=330)
        ):
            return candidate
        recent = published - candidate.date < timedelta(days=366)
        if not future and candidate.date <= published + timedelta(days=1) and recent:
            return candidate
    return None


def _shift(published: date, unit: str, step: int, words: str) -> EventDate:
    """The period ``step`` units away from publication, as its first day."""
    unit = unit.rstrip("s")
    if unit == "day":
        return EventDate(published + timedelta(days=step), "day", words)
    if unit == "week":
        moved = published + timedelta(weeks=step)
        return EventDate(moved - timedelta(days=moved.weekday()), "week", words)
    if unit == "month":
        index = published.year * 12 + published.month - 1 + step
        return EventDate(date(index // 12, index % 12 + 1, 1), "month", words)
    return EventDate(date(published.year + step, 1, 1), "year", words)


def _month_is_date(match: re.Match[str], text: str) -> bool:
    """ "May" and "march" are also words: a bare month needs a capital and a year or cue."""
    word = match.group("month")
    if not word[0].isupper() or len(word) < 3:
        return False
    if match.group("year") or match.group("which"):
        return True
    if word.lower() in ("may", "march") or len(word) < len(_full_month(word)):
        before = text[: match.start()].rstrip().split()
        return bool(before) and before[-1].lower() in ("in", "during", "early", "late", "mid", "of")
    return True


def _full_month(word: str) -> str:
    return MONTHS[_month_number(word.lower()) - 1]


def _year_is_date(match: re.Match[str], text: str) -> bool:
    """A four-digit number is a year when it follows "in", "during", "early", a month ...; not
    a count ("2018 people") or part of a range ("2014-2016")."""
    before = text[: match.start()].rstrip().split()
    if match.group("which"):
        return True
    return bool(before) and before[-1].lower().strip("(") in (
        "in",
        "during",
        "of",
        "summer",
        "spring",
        "autumn",
        "winter",
    )


def _bounded(span: Span) -> bool:
    """True when the expression is a span or a bound ("since 2011", "for three years")."""
    doc = span.doc
    k = span.start - 1
    while k >= 0 and doc[k].lower_ in ("early", "late", "mid", "the", "in", "on"):
        if doc[k].lower_ in ("in", "on"):
            return False
        k -= 1
    return k >= 0 and doc[k].lower_ in NOT_A_POINT


def _expression_head(item: TimeExpression, trigger: Token) -> Token:
    """The token the expression attaches to: the head outside its own words."""
    doc = trigger.doc
    tokens = [doc[i] for i in range(item.start, item.end)]
    inside = {t.i for t in tokens}
    root = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[0])
    head = root.head
    # "on Saturday": the preposition is outside the match; climb over it
    while head.i != head.head.i and (head.pos_ == "ADP" or head.lower_ == "ago"):
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
    return any(child.dep_ == "aux" and child.lower_ in FUTURE_AUX for child in clause.children)
