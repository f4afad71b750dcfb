"""Moving imported rows into the ``events`` table: insert once, count what happened.

Every importer produces one SELECT with the ``events`` columns (and the raw-line ones) for the
rows of a batch of lines (:mod:`shiftwatch.interop.lines`), inserted one batch at a time by
:func:`insert_batch`: GDELT's straight from the lines, ICEWS's and POLECAT's from the batch's
fields once their free-text values are mapped in Python (:mod:`headered`). Only rows whose
stable id ("gdelt:<GLOBALEVENTID>") is not stored yet are inserted, once each, so importing a
file twice adds nothing, and each row gets its position in import order (``raw_seq``), so an
export gives the rows back in file order.
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
# a batch's distinct ids, and those of them stored already (see _stored_ids)
BATCH_IDS, STORED_IDS = "sw_batch_ids", "sw_stored_ids"
# DuckDB's memory during an import (see insert_batch). The blocks it wrote stay cached up to
# the cap, so the import's memory grows until it is reached: with 512 MiB, peak RSS went from
# 857 MB for 1M generated GDELT rows to 1,043 MB for 10M; with 320 MiB, 800 and 855 MB
# (benchmarks/interop.py), for 3-4% more CPU (a batch of two row groups needs about 200 MiB).
IMPORT_MEMORY_MIB = 320


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


def insert_batch(
    store: Store, select: str, seqs: tuple[int, int], known: bool = False
) -> tuple[int, bool]:
    """INSERT the rows of ``select`` (one batch of a file) whose id is not stored yet, each id
    once, in one transaction. ``seqs`` is the first and last ``raw_seq`` the batch's rows can
    have (no stored row has one in that range). Returns how many rows were inserted and
    whether the batch held stored ids, to pass as ``known`` for the file's next batch.

    ``events.id`` has no primary key (migration 007: DuckDB keeps a key's index in memory
    whole, so an import's memory grew with the store, and keeping it up took a tenth of the
    import's CPU). A batch goes in by a plain INSERT and its ids are checked after, before
    the commit, by two scans that read little: the new rows' smallest and largest id and how
    many distinct ids (hashes) they have, then how many rows of the whole table have an id in
    that range, where DuckDB skips every row group whose ids all lie outside it (for a file
    imported for the first time, every row group but the new ones). Only when an id repeats
    or was stored already are the new rows with such ids deleted again, all but the first row
    of an id new to the store. Once a batch held stored ids (a file imported again, an import
    resumed), the next ones first look their ids up (:func:`_stored_ids`): a batch stored
    whole is not inserted at all, one stored in part is inserted without the stored ids (an
    anti-join with just those), and after a batch with none the plain INSERT is used again.
    """
    columns = ", ".join(STORED_COLUMNS)
    con = store.con
    # Filter pushdown would copy the "has an id" test down to the batch, splitting every line
    # into its fields twice more (a third of the import's CPU); written after the split, the
    # test reads the split's result.
    con.execute(f"SET disabled_optimizers = '{NO_PUSHDOWN}'")
    # DuckDB keeps the blocks it wrote cached up to its memory limit (80% of RAM by default),
    # so without a cap its memory grows with the file; capped, it evicts them.
    con.execute(f"SET memory_limit = '{IMPORT_MEMORY_MIB}MiB'")
    # Rows carry their position (raw_seq), so the table need not keep their order: DuckDB
    # then inserts on every core instead of merging the threads' output in order on one.
    con.execute("SET preserve_insertion_order = false")
    _keep_block_memory(con)
    new = f"raw_seq BETWEEN {int(seqs[0])} AND {int(seqs[1])}"
    insert = f"INSERT INTO events ({columns}) SELECT {columns} FROM ({select}) s"
    # Inside a caller's transaction (the watch imports an update and queues its dyads in one)
    # the batch joins it: the caller commits, or rolls back everything.
    own = not store.in_transaction
    if own:
        con.execute("BEGIN TRANSACTION")
    failed = False
    try:
        held = _stored_ids(con, select) if known else None
        inserted = stored = repeated = 0
        if held != "all":
            if held == "some":
                insert += f" ANTI JOIN {STORED_IDS} st ON st.id = s.id"
            row = con.execute(insert).fetchone()
            inserted = int(row[0]) if row else 0
        if held is not None:
            con.execute(f"DROP TABLE {STORED_IDS}")
        # the checks need it: filter pushdown is what lets a scan skip row groups by id range
        con.execute("RESET disabled_optimizers")
        if inserted:
            stored, repeated = _drop_known_ids(con, new, inserted, held is not None)
        if own:
            con.execute("COMMIT")
    except BaseException:
        failed = True
        if own:
            con.execute("ROLLBACK")
        raise
    finally:
        if own or not failed:  # an aborted transaction of the caller's takes no statement
            con.execute("RESET disabled_optimizers")
            con.execute("RESET memory_limit")
            con.execute("RESET preserve_insertion_order")
    return inserted - stored - repeated, held in ("all", "some") or stored > 0


def _stored_ids(con: duckdb.DuckDBPyConnection, select: str) -> str:
    """How many of the ids of ``select`` (a batch) are stored: "all", "some" (those are then in
    the temporary table ``STORED_IDS``) or "none". One pass that maps only the ids, then a scan
    of ``events`` that reads only the row groups in the batch's id range: a batch imported
    before costs that instead of being inserted and deleted again."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {BATCH_IDS} AS SELECT DISTINCT id FROM ({select})")
    con.execute("RESET disabled_optimizers")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {STORED_IDS} AS "
        f"SELECT DISTINCT id FROM events WHERE id IN (SELECT id FROM {BATCH_IDS})"
    )
    row = con.execute(
        f"SELECT (SELECT count(*) FROM {BATCH_IDS}), (SELECT count(*) FROM {STORED_IDS})"
    ).fetchone()
    con.execute(f"DROP TABLE {BATCH_IDS}")
    con.execute(f"SET disabled_optimizers = '{NO_PUSHDOWN}'")
    batch, stored = (int(value) for value in (row or (0, 0)))
    return "all" if stored >= batch else "some" if stored else "none"


def _keep_block_memory(con: duckdb.DuckDBPyConnection) -> None:
    """Let DuckDB keep the memory of the blocks it frees (up to the import's memory cap) for
    the next ones instead of giving it back to the system: every block of every batch was
    otherwise fresh memory, which the kernel zeroes page by page (a tenth of an import's CPU).
    DuckDB cannot shrink this allowance once set, so it stays for the life of the database
    instance; it is set only where none is."""
    row = con.execute(
        "SELECT value FROM duckdb_settings() WHERE name = 'block_allocator_memory'"
    ).fetchone()
    if row and row[0] in ("0 bytes", "0", "0B"):
        con.execute(f"SET block_allocator_memory = '{IMPORT_MEMORY_MIB}MiB'")


def _drop_known_ids(
    con: duckdb.DuckDBPyConnection, new: str, inserted: int, known: bool
) -> tuple[int, int]:
    """Delete the rows just inserted (``new``: their raw_seq range) whose id was stored before
    (unless ``known``: the INSERT left those out) or repeats among them (keeping the first);
    returns how many of each were deleted."""
    low, high, distinct = con.execute(
        f"SELECT min(id), max(id), count(DISTINCT hash(id)) FROM events WHERE {new}"
    ).fetchone() or (None, None, 0)
    stored = 0
    if not known:
        in_range = con.execute(
            "SELECT count(*) FROM events WHERE id BETWEEN $1 AND $2", [low, high]
        ).fetchone()
        if in_range and in_range[0] != inserted:
            row = con.execute(
                f"DELETE FROM events WHERE {new} AND id IN (SELECT id FROM events "
                f"WHERE id BETWEEN $1 AND $2 AND (raw_seq IS NULL OR NOT ({new})))",
                [low, high],
            ).fetchone()
            stored = int(row[0]) if row else 0
    if distinct == inserted:  # hashes that collide are looked at as if repeated
        return stored, 0
    row = con.execute(
        f"DELETE FROM events WHERE {new} AND (id, raw_seq) NOT IN "
        f"(SELECT (id, min(raw_seq)) FROM events WHERE {new} GROUP BY id)"
    ).fetchone()
    return stored, int(row[0]) if row else 0


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
