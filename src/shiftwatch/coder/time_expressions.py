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
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

from shiftwatch.coder.cue_lists import PERIODS, cue_list, cue_numbers, cue_texts, cues

if TYPE_CHECKING:
    from spacy.tokens import Span

PRECISIONS = PERIODS


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of the words given (a space in a phrase matches any whitespace)."""
    return "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in words)


def _month_alternatives() -> str:
    """Each month's name, then the abbreviations it starts with, longest first."""
    short = cue_list("month_abbreviations")
    names = []
    for month in cue_list("months"):
        names += sorted({month, *(a for a in short if month.startswith(a))}, key=len, reverse=True)
    return _alternatives(names)


@cache
def patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(name, compiled pattern) of every kind of expression, tried in this order; the words
    come from ``lexicon/cues.yaml``."""
    periods = cue_texts("periods")
    which = _alternatives(cue_numbers("relative_words"))
    relative = _alternatives([*cue_numbers("relative_words"), *cue_numbers("relative_phrases")])
    month = rf"(?P<month>{_month_alternatives()})"
    day = rf"(?P<day>[0-3]?\d)(?:{_alternatives(cue_list('ordinal_suffixes'))})?"
    year = r"(?P<year>(?:19|20)\d\d)"
    weekday = rf"(?P<weekday>{_alternatives(cue_list('weekdays'))})"
    count = rf"(?P<count>\d{{1,2}}|{_alternatives(cue_numbers('count_words'))})"
    unit = rf"(?P<unit>{_alternatives(periods)})s?"
    longer = _alternatives(word for word, period in periods.items() if period != "day")
    return tuple(
        (name, re.compile(rf"\b{pattern}\b", re.IGNORECASE))
        for name, pattern in (
            ("day_month", rf"{day}\s+{month}(?:,?\s+{year})?"),
            ("month_day", rf"{month}\.?\s+{day}(?:,?\s+{year})?"),
            ("ago", rf"{count}\s+{unit}\s+(?:{_alternatives(cue_list('past_marks'))})"),
            ("relative", rf"(?P<which>{relative})\s+(?P<unit>{longer})"),
            ("weekday", rf"(?:(?P<which>{which})\s+)?{weekday}"),
            ("month_year", rf"(?:(?P<which>{which})\s+)?{month}(?:\s+{year})?"),
            (
                "year",
                rf"(?<![-/])(?:(?P<which>{_alternatives(cue_list('year_parts'))})[\s-]+)?"
                rf"{year}(?![-/]\d)",
            ),
            ("deictic", rf"(?P<word>{_alternatives(cue_numbers('deictic_days'))})"),
            # "last week's strikes": the possessive is part of the relative pattern's match
        )
    )


def _direction(which: str) -> int | None:
    """-1 for "last", 0 for "this", 1 for "next" (None when no such word was written)."""
    steps = {**cue_numbers("relative_words"), **cue_numbers("relative_phrases")}
    step = steps.get(" ".join(which.split()))
    return None if step is None else int(step)


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
    for name, pattern in patterns():
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
    periods = cue_texts("periods")
    if name == "ago":
        counts = cue_numbers("count_words")
        count = int(counts[parts["count"]]) if parts["count"] in counts else int(parts["count"])
        return _shift(published, periods[parts["unit"]], -count, words)
    if name == "relative":
        return _shift(published, periods[parts["unit"]], _direction(parts["which"]) or 0, words)
    if name == "weekday":
        target = cue_list("weekdays").index(parts["weekday"])
        delta = (published.weekday() - target) % 7
        way = _direction(parts["which"])
        forward, back = way is not None and way > 0, way is not None and way < 0
        if forward or (future and not back):
            ahead = (target - published.weekday()) % 7 or (7 if forward else 0)
            return EventDate(published + timedelta(days=ahead), "day", words)
        if back and delta == 0:
            delta = 7
        return EventDate(published - timedelta(days=delta), "day", words)
    if name == "month_year":
        month = _month_number(parts["month"])
        if parts["year"]:
            return EventDate(date(int(parts["year"]), month, 1), "month", words)
        year = _month_year(published, month, _direction(parts["which"]), future)
        return EventDate(date(year, month, 1), "month", words)
    if name == "year":
        return EventDate(date(int(parts["year"]), 1, 1), "year", words)
    if name == "deictic":
        offset = int(cue_numbers("deictic_days")[parts["word"]])
        return EventDate(published + timedelta(days=offset), "day", words)
    return None


def _month_year(published: date, month: int, step: int | None, future: bool) -> int:
    """The year of a month named without one: the latest on or before publication ("last",
    step -1: strictly before), the next one for future events and "next" (step 1)."""
    year = published.year
    if step is not None and step < 0:
        return year if month < published.month else year - 1
    if step is not None and step > 0:
        return year if month > published.month else year + 1
    if step == 0:
        return year
    if future:
        return year if month >= published.month else year + 1
    return year if month <= published.month else year - 1


def _month_number(word: str) -> int:
    return next(i for i, name in enumerate(cue_list("months"), 1) if name.startswith(word[:3]))


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
    if word.lower() in cues()["ambiguous_months"] or len(word) < len(_full_month(word)):
        before = text[: match.start()].rstrip().split()
        return bool(before) and before[-1].lower() in cues()["month_cues"]
    return True


def _full_month(word: str) -> str:
    return cue_list("months")[_month_number(word.lower()) - 1]


def _year_is_date(match: re.Match[str], text: str) -> bool:
    """A four-digit number is a year when it follows "in", "during", "early", a month ...; not
    a count ("2018 people") or part of a range ("2014-2016")."""
    before = text[: match.start()].rstrip().split()
    if match.group("which"):
        return True
    return bool(before) and before[-1].lower().strip("(") in cues()["year_cues"]


def _bounded(span: Span) -> bool:
    """True when the expression is a span or a bound ("since 2011", "for three years")."""
    doc, table = span.doc, cues()
    skip, points = table["bound_skip_words"], table["point_prepositions"]
    k = span.start - 1
    while k >= 0 and (doc[k].lower_ in skip or doc[k].lower_ in points):
        if doc[k].lower_ in points:
            return False
        k -= 1
    return k >= 0 and doc[k].lower_ in table["span_marks"]
