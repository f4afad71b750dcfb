"""Tab-separated files as numbered batches of whole lines (Arrow), for DuckDB to map in SQL.

Why not DuckDB's CSV reader: an import keeps every line verbatim and its position in the file,
and the reader gives neither cheaply. Asking it for 61 columns and gluing them back into the
line cost more CPU than everything else; numbering its rows needs a window that either holds
the whole file in memory (``row_number() OVER ()``) or runs the whole statement on one core
(``WITH ORDINALITY``). Here the file is read in blocks of ``BLOCK_BYTES``: numpy finds the line
ends, Arrow wraps the block as one string per line without copying it, and each batch carries
its lines' numbers, so DuckDB maps it on every core and memory holds one block at a time
however large the file is.

Lines that are not valid UTF-8 are dropped from the batch and returned as ``(line, problem)``;
blank lines are skipped silently. Fields are the SQL's business (:mod:`gdelt`).
"""

from __future__ import annotations

import codecs
import gzip
import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

BLOCK_BYTES = 64 << 20
# DuckDB scans an Arrow table one record batch per thread: slices this size keep both cores busy
SLICE_ROWS = 32_768
# Arrow keeps a string of at most this many bytes inside its view
INLINE_BYTES = 12


@dataclass
class LineBatch:
    """One block of a file: ``table`` (``line`` without its line end, ``n`` its 1-based line
    number), the non-blank lines it held (``rows``), and the ones dropped (``problems``)."""

    table: pa.Table
    rows: int
    problems: list[tuple[int, str]] = field(default_factory=list)


def prefetched(batches: Iterator[LineBatch]) -> Iterator[LineBatch]:
    """``batches``, the next one read on a second thread while the caller works on this one:
    numpy and DuckDB both release the GIL, so reading a block overlaps inserting the last."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="shiftwatch-lines") as pool:
        pending = pool.submit(next, batches, None)
        while (batch := pending.result()) is not None:
            pending = pool.submit(next, batches, None)
            yield batch


def _open(path: Path) -> io.BufferedIOBase:
    if path.suffix == ".gz":
        return gzip.GzipFile(path, "rb")
    return path.open("rb")


def line_batches(
    path: Path, skip_first: bool = False, block_bytes: int | None = None
) -> Iterator[LineBatch]:
    """The lines of ``path`` (plain or gzipped) in batches.

    ``skip_first`` drops line 1 (a header). A last line without a line end is read too.
    ``block_bytes`` defaults to :data:`BLOCK_BYTES` (read at call time).
    """
    block_bytes = block_bytes or BLOCK_BYTES
    first_line = 1
    rest = b""
    with _open(path) as stream:
        while True:
            buffer = bytearray(len(rest) + block_bytes)
            buffer[: len(rest)] = rest
            got = stream.readinto(memoryview(buffer)[len(rest) :])
            size = len(rest) + got
            if not got:
                if rest:
                    yield _batch(rest + b"\n", first_line, skip_first)
                return
            raw = np.frombuffer(buffer, np.uint8, count=size)
            ends = np.flatnonzero(raw == 10)
            if not len(ends):
                rest = bytes(buffer[:size])
                continue
            cut = int(ends[-1]) + 1
            rest = bytes(buffer[cut:size])
            yield _batch(buffer, first_line, skip_first, ends)
            first_line += len(ends)


def _batch(
    data: bytes | bytearray,
    first_line: int,
    skip_first: bool,
    ends: np.ndarray | None = None,
) -> LineBatch:
    """The whole lines at the start of ``data`` (up to its last LF, or to ``ends[-1]``)."""
    if ends is None:
        ends = np.flatnonzero(np.frombuffer(data, np.uint8) == 10)
    count = len(ends)
    raw = np.frombuffer(data, np.uint8, count=int(ends[-1]) + 1)
    starts = np.empty(count, dtype=np.int64)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    length = ends - starts
    crlf = np.zeros(count, dtype=bool)
    ended = length > 0
    crlf[ended] = raw[ends[ended] - 1] == 13
    length -= crlf
    wanted = length > 0
    if skip_first and first_line == 1:
        wanted[0] = False
    numbers = np.arange(first_line, first_line + count, dtype=np.int64)
    problems = _check_utf8(memoryview(data)[: len(raw)], starts, length, numbers, wanted)
    keep = np.flatnonzero(wanted)
    lines = _views(data, raw, starts[keep], length[keep])
    table = pa.table({"line": lines, "n": numbers[keep]})
    sliced = pa.Table.from_batches(table.to_batches(SLICE_ROWS), schema=table.schema)
    return LineBatch(sliced, int(wanted.sum()) + len(problems), problems)


def _views(
    data: bytes | bytearray, raw: np.ndarray, starts: np.ndarray, length: np.ndarray
) -> pa.Array:
    """Arrow string views of the lines: each a (length, first bytes, offset) into ``data``
    itself, so the line ends are left out without copying the block (DuckDB reads views)."""
    count = len(starts)
    views = np.zeros((count, 16), dtype=np.uint8)
    views[:, :4] = length.astype("<i4").view(np.uint8).reshape(count, 4)
    positions = np.minimum(starts[:, None] + np.arange(12), len(raw) - 1)
    head = raw[positions]
    head[np.arange(12) >= length[:, None]] = 0
    views[:, 4:16] = head
    long = length > INLINE_BYTES
    views[long, 8:12] = 0
    views[long, 12:16] = starts[long].astype("<i4").view(np.uint8).reshape(-1, 4)
    return pa.Array.from_buffers(
        pa.string_view(), count, [None, pa.py_buffer(views), pa.py_buffer(data)]
    )


def _check_utf8(
    block: memoryview,
    starts: np.ndarray,
    length: np.ndarray,
    numbers: np.ndarray,
    wanted: np.ndarray,
) -> list[tuple[int, str]]:
    """Lines that are not valid UTF-8, as problems, and left out of ``wanted``. The block is
    decoded in one call (a line end never falls inside a character); only a block that fails
    is looked at line by line."""
    try:
        codecs.decode(block, "utf-8")
        return []
    except UnicodeDecodeError:
        pass
    problems = []
    for index in np.flatnonzero(wanted):
        start = int(starts[index])
        try:
            codecs.decode(block[start : start + int(length[index])], "utf-8")
        except UnicodeDecodeError:
            problems.append((int(numbers[index]), "not valid UTF-8"))
            wanted[index] = False
    return problems
