"""Dates in: the one parser for every input that names a day.

Two kinds of input name days. What a user types (``--from``, a form field, a knowledge-base
row, a native event file) must be ``YYYY-MM-DD``: :func:`iso_day` reads it or says why not, and
:func:`parse_day` turns that into one clear :class:`InputError` naming where it came from.
What a source publishes (a CSV column, an RSS entry, an HTML page, a date line in a text) can be
anything: :func:`parse_date` reads ISO dates fast and everything else ("24 November 2023",
"Nov 24, 2023", RFC 2822) with dateparser, and returns None rather than failing, because a
document with an unreadable date is still worth storing.
"""

from __future__ import annotations

import re
import time
from datetime import date, datetime
from functools import lru_cache

from shiftwatch.errors import InputError

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")
FREE_TEXT_LIMIT = 100  # characters of a published date handed to dateparser


def iso_day(text: str) -> date:
    """The day ``YYYY-MM-DD`` names; ValueError (saying so) for anything else."""
    match = _ISO_DAY.fullmatch(text.strip())
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise ValueError(f"{text[:40]!r} is not a date in YYYY-MM-DD form")


def parse_day(value: object, where: str) -> date | None:
    """A typed ``YYYY-MM-DD`` (None when empty or "-"); an :class:`InputError` naming
    ``where`` (a file and line, an option, a field) when it is not one."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    text = str(value)
    if text.strip() in ("", "-"):
        return None
    try:
        return iso_day(text)
    except ValueError as exc:
        raise InputError(where, str(exc)) from None


def parse_date(value: object) -> date | None:
    """A publication date from whatever a source gives (ISO strings fast, anything else slower).

    Accepts dates, datetimes, ``time.struct_time`` (feedparser) and text. Returns None for
    values that are not a date rather than raising: the caller decides on a fallback.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, time.struct_time):
        try:
            return date(value.tm_year, value.tm_mon, value.tm_mday)
        except ValueError:
            return None
    text = str(value).strip()
    if not text:
        return None
    match = _ISO_PREFIX.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return _parse_free_date(text[:FREE_TEXT_LIMIT])


@lru_cache(maxsize=4096)
def _parse_free_date(text: str) -> date | None:
    """dateparser for "24 November 2023", "Nov 24, 2023", RFC 2822...; cached, as it is slow."""
    import dateparser  # imported lazily: it takes half a second to load its language data

    if not any(char.isdigit() for char in text):
        return None
    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year", "month"]},
    )
    return parsed.date() if parsed else None
