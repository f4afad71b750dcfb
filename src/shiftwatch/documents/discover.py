"""From what the user typed to readable inputs: files, directories, globs, ``-`` for stdin.

Also decides each input's format: by extension first (it is what the user chose), then by
sniffing the first bytes (what a file with no or an odd extension really is).
"""

from __future__ import annotations

import errno
import glob
import gzip
import io
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

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
MAX_DECOMPRESSED_BYTES = 1 << 30
DECOMPRESSION_RATIO = 100
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


def _walk(directory: Path, skip: set[Path]) -> Iterator[Input | ReadFailure]:
    """Files under ``directory``, sorted, without hidden files or skipped paths.

    Symlinked folders are not followed (so a link back up the tree cannot loop); a broken or
    looping link and a folder that cannot be listed are each one failure, and the walk goes on.
    """
    failures: list[ReadFailure] = []

    def unreadable(error: OSError) -> None:
        failures.append(ReadFailure(str(error.filename), _os_problem(error)))

    for root, dirs, files in os.walk(directory, onerror=unreadable):
        yield from failures
        failures.clear()
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                found = _file_input(Path(root, name), str(Path(root, name)), skip, walked=True)
                if found is not None:
                    yield found
    yield from failures


def _os_problem(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symlink loop; skipped"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; skipped"
    return f"cannot read ({error.strerror or error}); skipped"


def _file_input(
    path: Path, name: str, skip: AbstractSet[Path] = frozenset(), walked: bool = False
) -> Input | ReadFailure | None:
    """The input for one file, a failure for a link that loops or leads nowhere, None to skip.

    Inside a walked folder only regular files are read: a FIFO or a device found there would
    block or never end (one named on the command line, like ``<(zcat x.gz)``, is read).
    """
    try:
        resolved = path.resolve(strict=True)
        info = path.stat()
        size = info.st_size
    except RuntimeError:  # Python 3.11 reports a symlink loop this way
        return ReadFailure(name, "symlink loop; skipped")
    except OSError as error:
        if error.errno == errno.ENOENT and path.is_symlink():
            return ReadFailure(name, "broken symlink (its target does not exist); skipped")
        return ReadFailure(name, _os_problem(error))
    if resolved in skip:
        return None
    if walked and not stat.S_ISREG(info.st_mode):
        return ReadFailure(name, "not a regular file (a pipe, socket or device); skipped")
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
            yield from _walk(path, skipped)
        elif path.exists() or path.is_symlink():
            found_input = _file_input(path, text)
            if found_input is not None:
                yield found_input
        elif _GLOB_CHARS & set(text):
            matches = sorted(glob.glob(str(path), recursive=True))
            if not matches:
                yield ReadFailure(text, "no files match this pattern")
            for match in matches:
                found = Path(match)
                if found.is_dir():
                    yield from _walk(found, skipped)
                else:
                    matched = _file_input(found, match, skipped)
                    if matched is not None:
                        yield matched
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


class _Gunzip(io.RawIOBase):
    """A ``.gz`` file's content that stops at ``limit`` bytes and notices a file that ends
    mid-stream or is corrupt.

    Either problem ends the stream as if at its end, so the reader keeps every record it got
    before (a buffered read that raised would lose them); :func:`stream_failure` reports the
    problem once the reader is done.
    """

    def __init__(self, raw: BinaryIO, name: str, limit: int) -> None:
        self.gzip = gzip.GzipFile(fileobj=raw, mode="rb")
        self.label = name
        self.limit = limit
        self.done = 0
        self.failure: str | None = None
        self.reported = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.failure:
            return 0
        try:  # read1: one decompression step, so an error cannot swallow data read before it
            data = self.gzip.read1(len(buffer))
        except EOFError:
            self.failure = "truncated gzip file (it ends mid-stream)"
            return 0
        except (OSError, zlib.error) as exc:
            self.failure = f"corrupt gzip data ({exc})"
            return 0
        count = len(data)
        buffer[:count] = data
        self.done += count
        if self.done > self.limit:
            self.failure = f"decompresses to more than {self.limit:,} bytes (a zip bomb?)"
            return 0
        return count


def stream_failure(stream: BinaryIO) -> InputError | None:
    """The problem a gunzipped stream met and no reader has reported yet, if any."""
    raw = getattr(stream, "raw", None)
    if isinstance(raw, _Gunzip) and raw.failure and not raw.reported:
        raw.reported = True
        return InputError(raw.label, raw.failure)
    return None


def decompressed_limit(compressed: int | None) -> int:
    """How far a ``.gz`` input may grow: text compresses 3-10 times, a bomb 1000 times."""
    return max(MAX_DECOMPRESSED_BYTES, DECOMPRESSION_RATIO * (compressed or 0))


def content_stream(item: Input, raw: BinaryIO, fmt: str) -> BinaryIO:
    """The stream a reader should get: gunzipped for ``.gz`` (WARC too, so a cut-off gzip
    member is reported: warcio reads one as the end of the archive)."""
    if item.gzipped:
        return gunzipped(raw, item.name, item.size)
    return raw


def gunzipped(raw: BinaryIO, name: str, compressed: int | None) -> BinaryIO:
    """``raw`` decompressed, bounded and checked (see :class:`_Gunzip`)."""
    limit = decompressed_limit(compressed)
    return io.BufferedReader(_Gunzip(raw, name, limit))  # type: ignore[return-value]


def peek(stream: BinaryIO) -> bytes:
    """The first bytes of a stream without consuming them (stdin included)."""
    peeker = getattr(stream, "peek", None)
    if peeker is None:
        raise InputError("<input>", "stream cannot be sniffed; pass --format")
    return bytes(peeker(SNIFF_BYTES)[:SNIFF_BYTES])
