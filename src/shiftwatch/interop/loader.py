"""Moving imported rows into the ``events`` table: insert once, count what happened.

Every importer produces one SELECT with the ``events`` columns (and the raw-line ones) for the
rows of a batch of lines (:mod:`shiftwatch.interop.lines`), inserted one batch at a time by
:func:`insert_batch`: GDELT's straight from the lines, ICEWS's and POLECAT's from the batch's
fields once their free-text values are mapped in Python (:mod:`headered`). Only rows whose
stable id ("gdelt:<GLOBALEVENTID>") is not stored yet are inserted, so importing a file twice
adds nothing, and each row gets its position in import order (``raw_seq``), so an export gives
the rows back in file order.
"""

from __future__ import annotations

import logging
import mmap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from shiftwatch.errors import StoreError
from shiftwatch.interop.files import EventImportReport
from shiftwatch.store import Store
from shiftwatch.store.events import KIND_COUNTS, PLOVER_EVENT, STORED_COLUMNS

log = logging.getLogger(__name__)

NO_PUSHDOWN = "filter_pushdown"
MAPPED_TABLE = "sw_mapped"
# DuckDB's memory during an import, besides the primary key's index (see insert_batch)
IMPORT_MEMORY_MIB = 512


def count_lines(path: Path) -> int:
    """Lines in a (possibly gzipped) text file, counted in C over 1 MiB blocks or an mmap."""
    if path.suffix == ".gz":
        import gzip

        total, last = 0, b"\n"
        with gzip.open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                total += block.count(b"\n")
                last = block[-1:]
        return total + (last != b"\n")
    size = path.stat().st_size
    if size == 0:
        return 0
    with path.open("rb") as stream, mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as m:
        total = m[:].count(b"\n") if size < (1 << 26) else _count_blocks(m, size)
        return total + (m[size - 1 : size] != b"\n")


def _count_blocks(m: mmap.mmap, size: int) -> int:
    total, step = 0, 1 << 24
    for start in range(0, size, step):
        total += m[start : start + step].count(b"\n")
    return total


def count_rows(path: Path) -> int:
    """Non-blank lines in a (possibly gzipped) text file: the rows DuckDB's reader sees."""
    if path.suffix == ".gz":
        import gzip

        blank, first, last = 0, b"", b"\n"
        with gzip.open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                joined = last + block
                blank += joined.count(b"\n\n") + joined.count(b"\n\r\n")
                first = first or block[:1]
                last = block[-1:]
        return count_lines(path) - blank - (first in (b"\n", b"\r"))
    size = path.stat().st_size
    if size == 0:
        return 0
    with path.open("rb") as stream, mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as m:
        blank = 0
        for pattern in (b"\n\n", b"\n\r\n"):
            position = m.find(pattern)
            while position != -1:
                blank += 1
                position = m.find(pattern, position + 1)
        leading = m[:1] in (b"\n", b"\r")
    return count_lines(path) - blank - leading


@contextmanager
def quiet(store: Store) -> Iterator[None]:
    """No progress bar while importing: DuckDB draws one on stdout for any statement that runs
    longer than two seconds (a large batch, a CSV read), in the middle of the command's output
    and its JSON report."""
    row = store.con.execute("SELECT current_setting('enable_progress_bar')").fetchone()
    shown = bool(row and row[0])
    store.con.execute("SET enable_progress_bar = false")
    try:
        yield
    finally:
        store.con.execute(f"SET enable_progress_bar = {str(shown).lower()}")


def next_seq(store: Store) -> int:
    """The first free position in import order (``raw_seq``) after everything stored."""
    rows = store.con.execute("SELECT coalesce(max(raw_seq), 0) FROM events").fetchall()
    return int(rows[0][0]) if rows else 0


def index_mib(store: Store) -> int:
    """MiB DuckDB holds for indexes (the ``events`` primary key, mostly) right now."""
    row = store.con.execute(
        "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() WHERE tag = 'ART_INDEX'"
    ).fetchone()
    return int(row[0]) >> 20 if row else 0


def insert_batch(store: Store, select: str) -> int:
    """INSERT the rows of ``select`` (one batch of a file) whose id is not stored yet; returns
    how many were inserted.

    First a plain INSERT: the primary key refuses it if any id is stored already (a file
    imported again, an import resumed) or repeated inside the batch. Only then is the batch
    mapped into a temporary table, the stored ids found by a semi-join that hashes the batch's
    ids and reads the stored ones, and the rest inserted, the first row of a repeated id kept.
    An anti-join in the INSERT itself would hash every stored id for every batch: the cost of
    a batch would grow with the store (seconds per batch at ten million events).
    """
    columns = ", ".join(STORED_COLUMNS)
    con = store.con
    # Filter pushdown would copy the "has an id" test down to the batch, splitting every line
    # into its fields twice more (a third of the import's CPU); written after the split, the
    # test reads the split's result.
    con.execute(f"SET disabled_optimizers = '{NO_PUSHDOWN}'")
    # DuckDB keeps the blocks it wrote cached up to its memory limit (80% of RAM by default),
    # so without a cap its memory grows with the file; capped, it evicts them. The primary
    # key's index stays in memory whatever the cap (about 42 MB per million stored ids) and
    # counts against it: the cap is that index plus a fixed allowance, or a large store would
    # leave no room for a batch and the import would fail for want of memory.
    con.execute(f"SET memory_limit = '{IMPORT_MEMORY_MIB + index_mib(store)}MiB'")
    # Rows carry their position (raw_seq), so the table need not keep their order: DuckDB
    # then inserts on every core instead of merging the threads' output in order on one.
    con.execute("SET preserve_insertion_order = false")
    try:
        try:
            rows = con.execute(
                f"INSERT INTO events ({columns}) SELECT {columns} FROM ({select}) s"
            ).fetchall()
        except duckdb.ConstraintException:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {MAPPED_TABLE} AS {select}")
            con.execute(
                f"DELETE FROM {MAPPED_TABLE} WHERE id IN "
                f"(SELECT id FROM events WHERE id IN (SELECT id FROM {MAPPED_TABLE}))"
            )
            rows = con.execute(
                f"INSERT INTO events ({columns}) SELECT {columns} FROM {MAPPED_TABLE} "
                "QUALIFY row_number() OVER (PARTITION BY id ORDER BY raw_seq) = 1"
            ).fetchall()
            con.execute(f"DROP TABLE {MAPPED_TABLE}")
    finally:
        con.execute("RESET disabled_optimizers")
        con.execute("RESET memory_limit")
        con.execute("RESET preserve_insertion_order")
    return int(rows[0][0]) if rows else 0


def count_kinds(
    store: Store,
    report: EventImportReport,
    first: int,
    rows: int,
    malformed: int,
    inserted: int,
    plover_only: bool,
) -> int:
    """Add one file's figures to ``report``, with the kinds of the rows it inserted; returns
    how many stay stored.

    ``plover_only`` then removes the inserted rows that are not PLOVER events (what imports did
    before analyses could tell them apart): they are counted by kind but not kept.
    """
    kinds = store.con.execute(
        f"SELECT {KIND_COUNTS} FROM events WHERE raw_seq > ?", [first]
    ).fetchone()
    plover, statements, no_actor, no_source = (int(value or 0) for value in (kinds or (0, 0, 0, 0)))
    stored = inserted
    if plover_only and inserted > plover:
        store.con.execute(f"DELETE FROM events WHERE raw_seq > ? AND NOT ({PLOVER_EVENT})", [first])
        stored = plover
    report.files += 1
    report.read += rows
    report.malformed += malformed
    report.stored += stored
    report.duplicates += max(rows - malformed - inserted, 0)
    report.plover_events += plover
    report.statements += statements
    report.no_plover_actor += no_actor
    report.no_source_actor += no_source
    return stored


def refuse_views(store: Store) -> None:
    if _events_is_view(store):
        raise StoreError(
            "events come from Parquet files (--events-parquet); import into a database file instead"
        )


def _events_is_view(store: Store) -> bool:
    row = store.con.execute(
        "SELECT table_type FROM information_schema.tables "
        "WHERE table_name = 'events' AND table_schema = 'main'"
    ).fetchone()
    return bool(row and row[0] == "VIEW")
