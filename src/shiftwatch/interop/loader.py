"""Moving mapped rows into the ``events`` table: stage, count, insert once.

Every importer produces one SELECT with exactly the ``events`` columns that keeps only the rows
the crosswalk could map, plus rows without id or date (reported as malformed). This module
stages those rows in a temporary table (one parallel scan of the file), counts what was read,
unmapped and malformed, then inserts the rows whose stable ids ("gdelt:<GLOBALEVENTID>") are
not stored yet, so importing a file twice adds nothing.
"""

from __future__ import annotations

import logging
import mmap
from collections.abc import Callable, Iterator
from pathlib import Path

from shiftwatch.errors import StoreError
from shiftwatch.interop import files
from shiftwatch.interop.files import EventImportReport
from shiftwatch.store import Store
from shiftwatch.store.events import EVENT_COLUMNS

log = logging.getLogger(__name__)

STAGE_TABLE = "sw_stage"

BadRows = Callable[[], Iterator[tuple[int, str]]]


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


def load(
    store: Store,
    select_sql: str,
    report: EventImportReport,
    *,
    label: str,
    rows_in_file: int,
    bad_rows: BadRows,
    width: int,
    params: list[object] | None = None,
) -> None:
    """Stage ``select_sql``'s rows, insert the mappable new ones and update ``report``.

    ``rows_in_file`` is the number of data rows the file holds (lines less any header);
    ``bad_rows`` finds, by a slower scan, the lines whose id or date is empty, which the CSV
    reader accepts but the store cannot; ``width`` is the number of fields a line must have.
    """
    con = store.con
    if _events_is_view(store):
        raise StoreError(
            "events come from Parquet files (--events-parquet); import into a database file instead"
        )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {STAGE_TABLE} AS {select_sql}",
        params or [],
    )
    rejects = files.rejected_lines(con, width)
    for line, problem in rejects:
        report.add_error(f"{label}:{line}: {problem}; line skipped")
    valid = "id IS NOT NULL AND date IS NOT NULL"
    candidates, invalid, distinct = con.execute(
        f"SELECT count(*) FILTER (WHERE {valid}), count(*) FILTER (WHERE NOT ({valid})), "
        f"count(DISTINCT id) FILTER (WHERE {valid}) FROM {STAGE_TABLE}"
    ).fetchone()  # type: ignore[misc]
    if invalid:
        for line, problem in bad_rows():
            report.add_error(f"{label}:{line}: {problem}; line skipped")
    stored = _insert_new(store, valid, repeated=int(candidates) > int(distinct))
    con.execute(f"DROP TABLE {STAGE_TABLE}")
    malformed = len(rejects) + int(invalid)
    report.files += 1
    report.read += rows_in_file
    report.malformed += malformed
    report.stored += stored
    report.duplicates += int(candidates) - stored
    report.unmapped += max(rows_in_file - malformed - int(candidates), 0)
    log.info(
        "%s: %d rows, %d stored, %d already stored, %d malformed",
        label,
        rows_in_file,
        stored,
        int(candidates) - stored,
        malformed,
    )


def _insert_new(store: Store, valid: str, repeated: bool) -> int:
    """Insert the staged rows whose id is not stored yet; returns how many were inserted.

    An anti-join and a plain INSERT, rather than ``INSERT OR IGNORE``: DuckDB checks an
    ``OR IGNORE`` insert's conflicts row by row against the primary key, which made it five
    times slower than the whole CSV parse. ``repeated`` (an id twice in one file) keeps the
    first of each, as ``OR IGNORE`` did.
    """
    columns = ", ".join(EVENT_COLUMNS)
    fresh = (
        f"SELECT {columns} FROM {STAGE_TABLE} s WHERE {valid} "
        "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = s.id)"
    )
    if repeated:
        fresh += " QUALIFY row_number() OVER (PARTITION BY s.id ORDER BY s.rowid) = 1"
    row = store.con.execute(f"INSERT INTO events ({columns}) {fresh}").fetchone()
    return int(row[0]) if row else 0


def _events_is_view(store: Store) -> bool:
    row = store.con.execute(
        "SELECT table_type FROM information_schema.tables "
        "WHERE table_name = 'events' AND table_schema = 'main'"
    ).fetchone()
    return bool(row and row[0] == "VIEW")
