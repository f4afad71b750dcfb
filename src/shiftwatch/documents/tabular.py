"""CSV/TSV and JSON Lines: one document per row, streamed row by row.

Neither reader ever holds more than one row: a 10 GB export ingests in constant memory. Rows
that cannot be read are yielded as :class:`ReadFailure` with their row/line number, and the
rest of the file is still read; a header without a text column fails the whole file at once.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, BinaryIO

from shiftwatch.dates import parse_date
from shiftwatch.documents.base import (
    MAX_RECORD_CHARS,
    ColumnMap,
    Item,
    ReadFailure,
    ReadOptions,
    field_problem,
)
from shiftwatch.errors import InputError
from shiftwatch.models import Document

log = logging.getLogger(__name__)

# Column names tried, in order, when the user names none (compared case-insensitively).
GUESSES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "article_text", "full_text", "story"),
    "date": (
        "date",
        "published",
        "publish_date",
        "published_at",
        "pubdate",
        "datetime",
        "timestamp",
        "time",
        "created_at",
    ),
    "title": ("title", "headline", "heading"),
    "url": ("url", "link", "href", "web_url"),
    "source": ("source", "outlet", "publisher", "site", "source_name"),
    "id": ("", "id", "doc_id", "unnamed: 0"),
}
FIELDS = tuple(GUESSES)


_SURROGATE = re.compile("[\udc80-\udcff]")


def _has_surrogates(value: str) -> bool:
    """True when decoding with ``surrogateescape`` had to smuggle in invalid UTF-8 bytes."""
    return _SURROGATE.search(value) is not None


def resolve_columns(names: Sequence[str], columns: ColumnMap, name: str) -> dict[str, str]:
    """Map each document field to the header name holding it, explicit names first.

    Raises :class:`InputError` naming the file for a named column that is absent, or when no
    text column can be found.
    """
    by_folded = {column.strip().casefold(): column for column in names}
    resolved: dict[str, str] = {}
    listing = ", ".join(repr(column) for column in names)
    for field in FIELDS:
        wanted = getattr(columns, field)
        if wanted is not None:
            if wanted.strip().casefold() not in by_folded:
                raise InputError(name, f"no column {wanted!r} for the {field} (columns: {listing})")
            resolved[field] = by_folded[wanted.strip().casefold()]
            continue
        for guess in GUESSES[field]:
            if guess in by_folded and by_folded[guess] not in resolved.values():
                resolved[field] = by_folded[guess]
                break
    if "text" not in resolved:
        raise InputError(name, f"no text column; name it with --text-col (columns: {listing})")
    return resolved


def _document(
    record: Mapping[str, Any],
    fields: Mapping[str, str],
    options: ReadOptions,
    location: str,
    origin: str,
) -> Item:
    """A document from one row/object, or the failure that explains why it is not one."""
    values = {field: record.get(column) for field, column in fields.items()}
    for field, value in values.items():
        if isinstance(value, str) and _has_surrogates(value):
            return ReadFailure(location, f"invalid UTF-8 in the {field} column")
        problem = field_problem(field, value) if isinstance(value, str) else None
        if problem:
            return ReadFailure(location, problem)
    text = values.get("text")
    if not isinstance(text, str):
        kind = "missing" if text is None else f"a {type(text).__name__}, not text"
        return ReadFailure(location, f"text is {kind}")
    text = text.strip()
    if not text:
        return ReadFailure(location, "empty text")
    raw_date = values.get("date")
    published = parse_date(raw_date)
    if published is None and raw_date not in (None, ""):
        log.warning("%s: cannot read date %r; using the fallback date", location, raw_date)
    return Document(
        text=text,
        title=str(values.get("title") or "").strip(),
        url=str(values["url"]).strip() or None if values.get("url") else None,
        source=options.source
        or (str(values["source"]).strip() or None if values.get("source") else None),
        published=published or options.published,
        origin=origin,
    )


def _text_stream(stream: BinaryIO) -> io.TextIOWrapper:
    # surrogateescape: a bad byte fails its own row, not the whole file
    return io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")


class LineTooLong(Exception):
    """A line longer than the limit was skipped; ``line`` is its number."""

    def __init__(self, line: int, limit: int) -> None:
        super().__init__(f"line longer than {limit:,} characters; skipped")
        self.line = line


class BoundedLines:
    """Lines of a text stream, none longer than ``limit`` characters in memory.

    A longer line is read past in chunks and reported by raising :class:`LineTooLong` from
    ``__next__``; the iterator stays usable, so the reader goes on with the next line. A
    plain ``for line in text`` would first build the whole line: a 1 GB "field" in a
    gzipped CSV cost gigabytes before the CSV parser could refuse it.
    """

    def __init__(self, text: io.TextIOBase, limit: int = MAX_RECORD_CHARS) -> None:
        self.text = text
        self.limit = limit
        self.number = 0

    def __iter__(self) -> BoundedLines:
        return self

    def __next__(self) -> str:
        line = self.text.readline(self.limit + 1)
        if not line:
            raise StopIteration
        self.number += 1
        if len(line) > self.limit and not line.endswith("\n"):
            while True:  # skip the rest of the line without keeping it
                rest = self.text.readline(1 << 20)
                if not rest or rest.endswith("\n"):
                    break
            raise LineTooLong(self.number, self.limit)
        return line


def read_csv(
    stream: BinaryIO, name: str, options: ReadOptions, delimiter: str = ","
) -> Iterator[Item]:
    """Documents from a CSV (or, with ``delimiter="\\t"``, TSV) file with a header row."""
    csv.field_size_limit(min(sys.maxsize, MAX_RECORD_CHARS))
    lines = BoundedLines(_text_stream(stream))
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(name, "empty file (no header row)") from None
    except (csv.Error, LineTooLong) as exc:
        raise InputError(f"{name}: line 1", f"unreadable header ({exc})") from None
    if any(_has_surrogates(column) for column in header):
        raise InputError(f"{name}: line 1", "invalid UTF-8 in the header row")
    fields = resolve_columns(header, options.columns, name)
    index = {column: position for position, column in enumerate(header)}
    row_number = 0
    while True:
        line = lines.number + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except LineTooLong as exc:
            row_number += 1
            yield ReadFailure(f"{name}: row {row_number} (line {exc.line})", str(exc))
            continue
        except csv.Error as exc:
            row_number += 1
            yield ReadFailure(f"{name}: row {row_number} (line {line})", f"malformed CSV ({exc})")
            if lines.number < line:  # the reader cannot move on (e.g. unterminated quote)
                return
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        row_number += 1
        location = f"{name}: row {row_number} (line {line})"
        if len(row) != len(header):
            yield ReadFailure(location, f"expected {len(header)} fields, found {len(row)}")
            continue
        record = {column: row[index[column]] for column in fields.values()}
        row_id = record.get(fields["id"], "").strip() if "id" in fields else ""
        origin = f"{name}:{row_id}" if row_id else f"{name}:row {row_number}"
        yield _document(record, fields, options, location, origin)


def read_jsonl(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    """Documents from JSON Lines: one JSON object per line, blank lines ignored."""
    columns = options.columns
    lines = BoundedLines(_text_stream(stream))
    while True:
        try:
            line = next(lines)
        except StopIteration:
            return
        except LineTooLong as exc:
            yield ReadFailure(f"{name}: line {exc.line}", str(exc))
            continue
        line_number = lines.number
        if not line.strip():
            continue
        location = f"{name}: line {line_number}"
        if _has_surrogates(line):
            yield ReadFailure(location, "invalid UTF-8")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadFailure(location, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield ReadFailure(location, f"expected a JSON object, found {type(record).__name__}")
            continue
        try:
            fields = resolve_columns(list(record), columns, location)
        except InputError as exc:
            yield ReadFailure(location, exc.problem.replace("column", "field"))
            continue
        row_id = str(record.get(fields["id"], "")).strip() if "id" in fields else ""
        origin = f"{name}:{row_id}" if row_id else f"{name}:line {line_number}"
        yield _document(record, fields, options, location, origin)
