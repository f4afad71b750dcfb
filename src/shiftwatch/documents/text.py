"""Plain-text articles: a title line, an optional tag line, a body, and page furniture to drop.

Text files saved from web pages carry the page around the article: a comment widget, a
"Popular posts from this blog" list, share and subscribe blocks. The markers that start such
furniture are data (``boilerplate.tsv``), not code, so new ones are one line away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import BinaryIO

from shiftwatch.dates import parse_date
from shiftwatch.documents.base import ReadOptions
from shiftwatch.errors import InputError
from shiftwatch.models import Document

MAX_TEXT_BYTES = 8 * 1024 * 1024  # one text file is one article; larger is not an article
MAX_TITLE_CHARS = 250  # a longer first line is a paragraph, not a title
MIN_PARAGRAPH_WORDS = 15  # furniture markers only count after a paragraph this long

_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
_TAG = re.compile(r"^[\w&'’ .\-/#+]{1,40}$")
_DATE_IN_LINE = re.compile(
    r"\b(\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}"
    r"|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})\b"
)
MAX_DATE_LINE_EXTRA = 40  # a date line may also say "Published on Tuesday" but not much more


@dataclass(frozen=True, slots=True)
class _Markers:
    tail: re.Pattern[str]
    line: re.Pattern[str]


@lru_cache(maxsize=1)
def _markers() -> _Markers:
    """The furniture patterns from ``boilerplate.tsv``, compiled into two alternations."""
    tail: list[str] = []
    line: list[str] = []
    text = resources.files("shiftwatch.documents").joinpath("boilerplate.tsv").read_text("utf-8")
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        kind, pattern = raw.split("\t", 1)
        (tail if kind == "tail" else line).append(f"(?:{pattern.strip()})")
    flags = re.IGNORECASE
    return _Markers(tail=re.compile("|".join(tail), flags), line=re.compile("|".join(line), flags))


def _marker_key(line: str) -> str:
    return line.strip().rstrip(":").strip()


def is_tail_marker(line: str) -> bool:
    """Does this line start trailing page furniture (comments, popular posts, share blocks)?"""
    return _markers().tail.fullmatch(_marker_key(line)) is not None


def is_furniture_line(line: str) -> bool:
    """Is this single line furniture ("Advertisement", "Read more: ...") to drop in place?"""
    return _markers().line.fullmatch(_marker_key(line)) is not None


def parse_tags(line: str) -> list[str] | None:
    """The tags on a short line of comma-separated words, or None if the line is not one."""
    if "," not in line or len(line) > 200 or line.rstrip().endswith((".", "?", "!", ":")):
        return None
    parts = [part.strip() for part in line.split(",")]
    parts = [part for part in parts if part]
    if not parts or any(not _TAG.match(part) or len(part.split()) > 4 for part in parts):
        return None
    tags: list[str] = []
    for part in parts:
        if part not in tags:
            tags.append(part)
    return tags


def _date_line(line: str) -> date | None:
    """The date on a short line that is mostly a date ("Published 24 November 2023")."""
    if len(line) > 80:
        return None
    match = _DATE_IN_LINE.search(line)
    if not match or len(line) - len(match[0]) > MAX_DATE_LINE_EXTRA:
        return None
    return parse_date(match[0])


def _blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines (paragraphs), furniture lines already removed."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                blocks.append(current)
                current = []
        elif not is_furniture_line(line):
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _cut_tail(blocks: list[list[str]]) -> list[list[str]]:
    """Drop everything from the first furniture marker that follows a real paragraph."""
    seen_paragraph = False
    for index, block in enumerate(blocks):
        for offset, line in enumerate(block):
            if seen_paragraph and is_tail_marker(line):
                kept = blocks[:index]
                if offset:
                    kept.append(block[:offset])
                return kept
        if sum(len(line.split()) for line in block) >= MIN_PARAGRAPH_WORDS:
            seen_paragraph = True
    return blocks


def parse_text(text: str, origin: str, options: ReadOptions | None = None) -> Document:
    """One document from the text of an article file.

    The first non-blank line is the title (unless it is too long to be one); a short line of
    comma-separated words right after it is the tag line; a date on one of the next lines
    (or ``options.published``) dates it; trailing furniture is cut. Raises
    :class:`InputError` when no body text is left.
    """
    options = options or ReadOptions()
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    if not lines:
        raise InputError(origin, "empty file (no text)")
    title = ""
    if len(lines[0]) <= MAX_TITLE_CHARS:
        title = lines.pop(0)
    tags: list[str] = []
    published: date | None = None
    head = [index for index, line in enumerate(lines) if line][:4]
    if head and (found := parse_tags(lines[head[0]])) is not None:
        tags = found
        lines[head[0]] = ""
        head = head[1:]
    for index in head[:3]:
        found_date = _date_line(lines[index])
        if found_date:
            published = found_date
            lines[index] = ""
            break
    blocks = _cut_tail(_blocks(lines))
    body = "\n\n".join(" ".join(block) for block in blocks).strip()
    if not body:
        raise InputError(origin, "no article text after the title")
    return Document(
        text=body,
        title=title,
        source=options.source,
        published=options.published or published,
        tags=tags,
        origin=origin,
    )


def decode_bytes(data: bytes, name: str) -> str:
    """UTF-8 text from a file's bytes, with a one-line error for binary or mis-encoded input."""
    if b"\x00" in data[:8192]:
        raise InputError(name, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{name}: line {line}",
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert the file to UTF-8",
        ) from None


def read_text(stream: BinaryIO, name: str, options: ReadOptions) -> list[Document]:
    """The single document in a plain-text file."""
    data = stream.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        limit = MAX_TEXT_BYTES // 2**20
        raise InputError(name, f"text file larger than {limit} MB; not one article")
    if not data.strip():
        raise InputError(name, "empty file")
    return [parse_text(decode_bytes(data, name), name, options)]
