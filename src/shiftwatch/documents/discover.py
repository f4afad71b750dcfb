"""From what the user typed to readable inputs: files, directories, globs, ``-`` for stdin.

Also decides each input's format: by extension first (it is what the user chose), then by
sniffing the first bytes (what a file with no or an odd extension really is).
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from shiftwatch.documents.base import ReadFailure
from shiftwatch.errors import InputError

FORMATS = ("text", "html", "csv", "tsv", "jsonl", "rss", "warc")
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".rss": "rss",
    ".atom": "rss",
    ".warc": "warc",
    ".arc": "warc",
}
SNIFF_BYTES = 8192
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Input:
    """One file (or stdin) to read; ``name`` is how messages and origins refer to it."""

    name: str
    path: Path | None = None
    size: int | None = None

    @property
    def gzipped(self) -> bool:
        return self.path is not None and self.path.suffix.lower() == ".gz"

    def open(self) -> AbstractContextManager[BinaryIO]:
        """The raw bytes (stdin is not closed afterwards)."""
        if self.path is None:
            return nullcontext(sys.stdin.buffer)
        return self.path.open("rb")


def _walk(directory: Path, skip: set[Path]) -> Iterator[Path]:
    """Regular files under ``directory``, sorted, without hidden files or skipped paths."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if not name.startswith(".") and path.resolve() not in skip:
                yield path


def _file_input(path: Path, name: str) -> Input:
    try:
        size = path.stat().st_size
    except OSError:
        size = None
    return Input(name=name, path=path, size=size)


def expand(paths: Iterable[str | Path], skip: Iterable[Path] = ()) -> Iterator[Input | ReadFailure]:
    """Every input named by ``paths``, with a failure for each name that matches nothing.

    ``skip`` lists files never to read (the database being written to, for one).
    """
    skipped = {Path(path).resolve() for path in skip}
    for raw in paths:
        text = str(raw)
        if text == "-":
            yield Input(name="<stdin>")
            continue
        path = Path(text).expanduser()
        if path.is_dir():
            for found in _walk(path, skipped):
                yield _file_input(found, str(found))
        elif path.exists():
            yield _file_input(path, text)
        elif _GLOB_CHARS & set(text):
            matches = sorted(glob.glob(str(path), recursive=True))
            if not matches:
                yield ReadFailure(text, "no files match this pattern")
            for match in matches:
                found = Path(match)
                if found.is_dir():
                    for inner in _walk(found, skipped):
                        yield _file_input(inner, str(inner))
                elif found.resolve() not in skipped:
                    yield _file_input(found, match)
        else:
            yield ReadFailure(text, "no such file or directory")


def _sniff(head: bytes) -> str | None:
    """The format the first bytes reveal, or None when they look like plain text."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048]
    lower = start.lower()
    if start.startswith(b"WARC/"):
        return "warc"
    if start.startswith(b"<"):
        if b"<rss" in lower or b"<feed" in lower or b"<rdf:rdf" in lower:
            return "rss"
        return "html"
    if start.startswith(b"{"):
        return "jsonl"
    return None


def _suffixes(item: Input) -> list[str]:
    suffixes = [suffix.lower() for suffix in (item.path.suffixes if item.path else [])]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes


def detect_format(item: Input, head: bytes) -> str:
    """The reader for an input: its extension decides, else its first bytes.

    Raises :class:`InputError` for an empty or binary file, naming it.
    """
    suffixes = _suffixes(item)
    by_extension = EXTENSIONS.get(suffixes[-1]) if suffixes else None
    if by_extension == "warc" or head.startswith(b"WARC/"):
        return "warc"
    check_head(item, head)
    if by_extension in ("html", "rss") or by_extension is None:
        return _sniff(head) or by_extension or "text"
    return by_extension


def check_head(item: Input, head: bytes) -> None:
    """Refuse empty and binary inputs with a one-line reason."""
    if not head.strip():
        raise InputError(item.name, "empty file")
    if b"\x00" in head:
        raise InputError(item.name, "binary file (contains NUL bytes), not a document")


def content_stream(item: Input, raw: BinaryIO, fmt: str) -> BinaryIO:
    """The stream a reader should get: gunzipped for ``.gz``, except WARC (warcio does that)."""
    if item.gzipped and fmt != "warc" and ".warc" not in _suffixes(item):
        return io.BufferedReader(gzip.GzipFile(fileobj=raw, mode="rb"))  # type: ignore[arg-type]
    return raw


def peek(stream: BinaryIO) -> bytes:
    """The first bytes of a stream without consuming them (stdin included)."""
    peeker = getattr(stream, "peek", None)
    if peeker is None:
        raise InputError("<input>", "stream cannot be sniffed; pass --format")
    return bytes(peeker(SNIFF_BYTES)[:SNIFF_BYTES])
