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

# About 250,000 GDELT lines, cut to whole row groups (122,880 lines each) per batch: two row
# groups, one per core. The three recycled blocks hold 288 MiB. On 3M generated GDELT rows,
# 13.6 CPU-s against 14.9 for 64 MiB blocks (one row group a batch: the two threads' halves
# were merged and compressed by one), 160 MB more peak memory.
BLOCK_BYTES = 96 << 20
# DuckDB scans an Arrow table one record batch per thread: two slices make a row group
SLICE_ROWS = 61_440
# Line ends are looked for this many bytes at a time
SCAN_BYTES = 1 << 20
# Arrow keeps a string of at most this many bytes inside its view
INLINE_BYTES = 12


@dataclass
class LineBatch:
    """One block of a file: ``table`` (``line`` without its line end, ``n`` its 1-based line
    number), the non-blank lines it held (``rows``), and the ones dropped (``problems``)."""

    table: pa.Table
    rows: int
    problems: list[tuple[int, str]] = field(default_factory=list)

    def numbers(self) -> tuple[int, int]:
        """The first and last line number in ``table`` (which must have rows)."""
        numbers = self.table.column("n")
        return int(numbers[0].as_py()), int(numbers[-1].as_py())


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
    path: Path,
    skip_first: bool = False,
    block_bytes: int | None = None,
    recycle: int = 0,
    align: int = 0,
) -> Iterator[LineBatch]:
    """The lines of ``path`` (plain or gzipped) in batches.

    ``skip_first`` drops line 1 (a header). A last line without a line end is read too.
    ``block_bytes`` defaults to :data:`BLOCK_BYTES` (read at call time). ``recycle`` > 0 reads
    into that many blocks of memory in turn, so a batch's table is overwritten ``recycle``
    batches later: the caller must be done with it by then (an import holds one batch and
    :func:`prefetched` reads one ahead, so 3 is safe). Fresh memory for every block costs the
    kernel a zeroed page for every page of it, a seventh of an import's CPU. ``align`` > 0
    makes every batch but the last hold a multiple of that many lines when its block holds
    as many (the lines after it start the next block).
    """
    block_bytes = block_bytes or BLOCK_BYTES
    first_line = 1
    rest = b""
    ring: list[np.ndarray] = []
    scratch = np.empty(min(SCAN_BYTES, block_bytes), dtype=bool)
    with _open(path) as stream:
        while True:
            # the lines carried over share the block; a line longer than half a block grows it
            size = block_bytes if 2 * len(rest) <= block_bytes else len(rest) + block_bytes
            buffer = _block(ring, recycle, size)
            buffer[: len(rest)] = np.frombuffer(rest, np.uint8)
            got = stream.readinto(buffer.data[len(rest) : size])
            size = len(rest) + got
            if not got:
                if rest:
                    ended = rest if rest.endswith(b"\n") else rest + b"\n"
                    yield _batch(np.frombuffer(ended, np.uint8), first_line, skip_first)
                return
            ends = _line_ends(buffer[:size], scratch)
            if align and len(ends) >= align:
                ends = ends[: len(ends) - len(ends) % align]
            if not len(ends):
                rest = buffer[:size].tobytes()
                continue
            cut = int(ends[-1]) + 1
            rest = buffer[cut:size].tobytes()
            yield _batch(buffer, first_line, skip_first, ends)
            first_line += len(ends)


def _block(ring: list[np.ndarray], recycle: int, size: int) -> np.ndarray:
    """Memory for the next block: the oldest of ``ring`` when recycling and large enough."""
    # np.empty, not bytearray: a block's buffer need not be zeroed before it is read
    if not recycle:
        return np.empty(size, dtype=np.uint8)
    if len(ring) == recycle:
        oldest = ring.pop(0)
        if len(oldest) >= size:
            ring.append(oldest)
            return oldest
    ring.append(np.empty(size, dtype=np.uint8))
    return ring[-1]


def _line_ends(data: np.ndarray, scratch: np.ndarray) -> np.ndarray:
    """Positions of the LFs in ``data``, compared a slice at a time into ``scratch`` rather
    than into a fresh boolean array as large as the block."""
    found = []
    step = len(scratch)
    for start in range(0, len(data), step):
        piece = data[start : start + step]
        hits = scratch[: len(piece)]
        np.equal(piece, 10, out=hits)
        positions = np.flatnonzero(hits)
        found.append(positions + start if start else positions)
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


def _batch(
    data: np.ndarray,
    first_line: int,
    skip_first: bool,
    ends: np.ndarray | None = None,
) -> LineBatch:
    """The whole lines at the start of ``data`` (up to its last LF, or to ``ends[-1]``)."""
    if ends is None:
        ends = np.flatnonzero(data == 10)
    count = len(ends)
    raw = data[: int(ends[-1]) + 1]
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
    problems = _check_utf8(raw, starts, length, numbers, wanted)
    keep = np.flatnonzero(wanted)
    lines = _views(raw, starts[keep], length[keep])
    table = pa.table({"line": lines, "n": numbers[keep]})
    sliced = pa.Table.from_batches(table.to_batches(SLICE_ROWS), schema=table.schema)
    return LineBatch(sliced, int(wanted.sum()) + len(problems), problems)


def _views(raw: np.ndarray, starts: np.ndarray, length: np.ndarray) -> pa.Array:
    """Arrow string views of the lines: each a (length, first bytes, offset) into ``raw``
    itself, so the line ends are left out without copying the block (DuckDB reads views)."""
    count = len(starts)
    views = np.zeros((count, 16), dtype=np.uint8)
    views[:, :4] = length.astype("<i4").view(np.uint8).reshape(count, 4)
    long = length > INLINE_BYTES
    # a long string's view holds its first 4 bytes, then buffer 0 and its offset
    views[long, 4:8] = raw[np.minimum(starts[long, None] + np.arange(4), len(raw) - 1)]
    views[long, 12:16] = starts[long].astype("<i4").view(np.uint8).reshape(-1, 4)
    # a short one holds its bytes, zero-padded
    short = np.flatnonzero(~long)
    if len(short):
        head = raw[np.minimum(starts[short, None] + np.arange(INLINE_BYTES), len(raw) - 1)]
        head[np.arange(INLINE_BYTES) >= length[short, None]] = 0
        views[short, 4:16] = head
    return pa.Array.from_buffers(
        pa.string_view(), count, [None, pa.py_buffer(views), pa.py_buffer(raw)]
    )


def _check_utf8(
    raw: np.ndarray,
    starts: np.ndarray,
    length: np.ndarray,
    numbers: np.ndarray,
    wanted: np.ndarray,
) -> list[tuple[int, str]]:
    """Lines that are not valid UTF-8, as problems, and left out of ``wanted``. Arrow checks
    the whole block at once (a line end never falls inside a character); only a block that
    fails is looked at line by line."""
    offsets = np.append(starts, len(raw))
    block = pa.Array.from_buffers(
        pa.large_binary(), len(starts), [None, pa.py_buffer(offsets), pa.py_buffer(raw)]
    )
    try:
        block.cast(pa.large_string())
        return []
    except pa.ArrowInvalid:
        pass
    problems = []
    for index in np.flatnonzero(wanted):
        start = int(starts[index])
        try:
            codecs.decode(raw[start : start + int(length[index])].tobytes(), "utf-8")
        except UnicodeDecodeError:
            problems.append((int(numbers[index]), "not valid UTF-8"))
            wanted[index] = False
    return problems
