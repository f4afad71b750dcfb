"""Time expressions in a sentence ("on Saturday", "last week", "in 2018", "three years ago",
"on 20 January"), each resolved against the publication date.

Found by patterns over the sentence's text, so they do not depend on the NER model's DATE
spans. The date is the first day of the period the expression names (a day, the Monday of a
week, the first of a month, 1 January of a year) and ``precision`` says which period. A
weekday or a day without a year is the latest such day on or before publication (the next one
for a future event); a month without a year likewise. Spans of time ("for three years",
"since 2011", "in recent weeks") name no point in time and are not returned. Resolution is
calendar arithmetic on the publication date: no library guesses which year "20 January" is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span

PRECISIONS = ("day", "week", "month", "year")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = tuple(
    [
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
    ]
)
_WORDS = [
    "a",
    "an",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
NUMBERS = {word: max(number, 1) for number, word in enumerate(_WORDS, -1)}
# Words before an expression that make it a span or a bound, not the time of the act.
NOT_A_POINT = frozenset(
    {"since", "until", "till", "by", "before", "after", "through", "throughout", "for", "from"}
)
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
