"""What every reader shares: the options of a run, the failure record, date parsing.

Readers are generators of :class:`~shiftwatch.models.Document` or :class:`ReadFailure`: a bad
row is yielded as a failure and reading goes on, so one malformed record never costs the good
ones around it. A problem with the whole file is raised as :class:`InputError` instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
