"""What every reader shares: the options of a run, the failure record, date parsing.

Readers are generators of :class:`~shiftwatch.models.Document` or :class:`ReadFailure`: a bad
row is yielded as a failure and reading goes on, so one malformed record never costs the good
ones around it. A problem with the whole file is raised as :class:`InputError` instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from shiftwatch.models import Document

# Limits that keep one hostile record from costing the whole ingest its memory. A long
# article is ~60,000 characters; a "document" of millions is junk, a dump or an attack.
MAX_DOCUMENT_CHARS = 2_000_000
"""Longest text one document may have (the coder's memory grows with it)."""
MAX_FIELD_CHARS = 10_000
"""Longest title, URL, date, outlet or id field."""
MAX_RECORD_CHARS = 8_000_000
"""Longest CSV line or JSON line read into memory; the rest of a longer one is skipped."""


def field_problem(field: str, value: str) -> str | None:
    """Why a field's value is too long to store, or None when it fits."""
    limit = MAX_DOCUMENT_CHARS if field == "text" else MAX_FIELD_CHARS
    if len(value) > limit:
        return f"the {field} is {len(value):,} characters, over the limit of {limit:,}; skipped"
    return None


def document_problem(doc: Document) -> str | None:
    """Why a read document is too large to store, or None (every reader's output is checked)."""
    for field in ("text", "title", "url", "source"):
        value = getattr(doc, field)
        problem = field_problem(field, value) if isinstance(value, str) else None
        if problem:
            return problem
    return None


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which CSV column / JSON field holds each document field; None means "guess by name"."""

    text: str | None = None
    date: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Run-wide settings a reader needs: the outlet name, the fallback date, column names."""

    source: str | None = None
    published: date | None = None
    columns: ColumnMap = ColumnMap()


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """One record that could not be read; ``location`` names the file and row or line."""

    location: str
    problem: str

    def __str__(self) -> str:
        return f"{self.location}: {self.problem}"


Item = Document | ReadFailure

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")


def parse_date(value: object) -> date | None:
    """A publication date from whatever a source gives (ISO strings fast, anything else slower).

    Returns None for values that are not a date rather than raising: a document with an
    unreadable date is still worth storing, and the caller decides on a fallback.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    match = _ISO_DATE.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return _parse_free_date(text[:100])


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
