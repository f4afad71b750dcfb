"""Import GDELT 1.0 and 2.0 event exports (tab-separated, plain, gzipped or zipped).

DuckDB's parallel CSV reader parses the file, the crosswalk SQL in
:mod:`shiftwatch.interop.gdelt_sql` maps every row in one vectorised statement that inserts
straight into ``events`` (no staging, so memory stays flat however large the file), and lines
that do not parse (wrong number of fields, no id, a bad id or date) are skipped and reported
with their line numbers. Every other row is stored, with its line verbatim, whether or not it
is a PLOVER event.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from shiftwatch.errors import InputError
from shiftwatch.interop import crosswalk, files, lines, loader
from shiftwatch.interop.files import EventImportReport
from shiftwatch.interop.gdelt_columns import LAYOUTS, Layout
from shiftwatch.interop.gdelt_sql import mapping_sql
from shiftwatch.store import Store

log = logging.getLogger(__name__)

BATCH = "sw_batch"
# DuckDB's row group: an INSERT of whole row groups writes them compressed to the file at once;
# the rows of a part-filled one go through the write-ahead log and are written again at the
# next checkpoint. Batches of whole row groups: 5.3-5.5 CPU-s per million rows mapped and
# stored, against 7.3 in batches of 100,000 rows.
ROW_GROUP_ROWS = 122_880

Progress = Callable[[Path, EventImportReport], None]

# GDELT file names inside a folder: 15-minute (20191024143000.export.CSV.zip) and daily
# (20130401.export.CSV.zip) updates, and plain tab-separated files.
EVENT_FILE_PATTERNS = ("*.export.CSV", "*.export.CSV.zip", "*.export.CSV.gz", "*.tsv", "*.tsv.gz")


def detect_layout(path: Path, label: str) -> tuple[Layout, bool]:
    """The file's layout, judged by the commonest field count of its first lines, and whether
    its first line is a header (some tools add the codebook names)."""
    lines = files.peek_lines(path)
    if not lines:
        raise InputError(label, "file is empty")
    header = lines[0].split("\t", 1)[0].strip().upper() == "GLOBALEVENTID"
    widths = Counter(line.count("\t") + 1 for line in lines[1:] if header) or Counter(
        line.count("\t") + 1 for line in lines
    )
    width = widths.most_common(1)[0][0]
    if width not in LAYOUTS:
        raise InputError(
            label,
            f"lines have {width} tab-separated fields; GDELT event exports have 57 or 58 "
            "(GDELT 1.0) or 61 (GDELT 2.0)",
        )
    return LAYOUTS[width], header


def batch_relation(layout: Layout, table: str) -> str:
    """GDELT fields of the lines in ``table`` (a :class:`lines.LineBatch` table), one row per
    line, for :func:`mapping_sql`: the line itself (``sw_raw``), its number (``sw_n``) and every
    field as text, but the id and the date, typed. A line with the wrong number of fields, or
    whose id or date does not parse, gets a NULL id, which the mapping leaves out."""
    fields = []
    valid = f"len(f) = {layout.width}"
    for index, name in enumerate(layout.names, start=1):
        if name == "GLOBALEVENTID":
            value = f"CASE WHEN {valid} THEN TRY_CAST(f[1] AS BIGINT) END"
        elif name == "SQLDATE":
            value = f"CASE WHEN {valid} THEN {_DATE} END"
        else:
            value = f"f[{index}]"
        fields.append(f'{value} AS "{name}"')
    return f"""(
        SELECT sw_raw, sw_n, {", ".join(fields)}
        FROM (SELECT sw_raw, sw_n, string_split(sw_raw, chr(9)) AS f
              FROM (SELECT line AS sw_raw, n AS sw_n FROM {table}))
    )"""


_DATE = "TRY_CAST(TRY_STRPTIME(f[2], '%Y%m%d') AS DATE)"


def bad_lines_sql(layout: Layout, table: str) -> str:
    """(line number, fields, id, id parses, date) of the lines in ``table`` that cannot be rows."""
    return f"""
        SELECT n, len(f), f[1], TRY_CAST(f[1] AS BIGINT) IS NOT NULL, f[2]
        FROM (SELECT n, string_split(line, chr(9)) AS f FROM {table})
        WHERE len(f) <> {layout.width} OR TRY_CAST(f[1] AS BIGINT) IS NULL OR {_DATE} IS NULL
        ORDER BY n
    """


def _problem(layout: Layout, fields: int, key: str, key_parses: bool, day: str) -> str:
    """What is wrong with a line :func:`bad_lines_sql` found, in a user's words."""
    if fields != layout.width:
        return f"expected {layout.width} tab-separated fields, found {fields}"
    if not key:
        return "GLOBALEVENTID is empty"
    if not key_parses:
        return f"GLOBALEVENTID {_shown(key)} is not a whole number"
    if not day:
        return "SQLDATE is empty"
    return f"SQLDATE {_shown(day)} is not a date (YYYYMMDD)"


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "...")


def import_gdelt(
    store: Store,
    paths: Sequence[Path | str],
    progress: Progress | None = None,
    plover_only: bool = False,
) -> EventImportReport:
    """Import GDELT event files into ``store.events`` (origin 'gdelt', id 'gdelt:<id>').

    ``paths`` may name files, folders (their ``*.export.CSV[.zip]`` and ``*.tsv`` files) or
    glob patterns. Idempotent: a row whose id is already stored is left alone. Malformed lines
    are skipped and listed in the report's ``errors`` as ``file:line: problem``. Every valid
    row is stored (statements and rows without a PLOVER-level actor too, which analyses leave
    out unless asked); ``plover_only`` stores only the PLOVER events.
    """
    report = EventImportReport()
    crosswalk.install(store.con)
    with loader.quiet(store):
        for path in files.expand(paths, EVENT_FILE_PATTERNS):
            with files.readable(path) as local:
                layout, header = detect_layout(local, str(path))
                _import_file(store, local, str(path), layout, header, report, plover_only)
            if progress:
                progress(path, report)
    return report


def _import_file(
    store: Store,
    path: Path,
    label: str,
    layout: Layout,
    header: bool,
    report: EventImportReport,
    plover_only: bool,
) -> None:
    """Insert one file batch by batch (each batch committed: an interrupted import keeps whole
    batches, and running it again adds the rest); then count the kinds it stored."""
    loader.refuse_views(store)
    first = loader.next_seq(store)
    select = mapping_sql(
        batch_relation(layout, BATCH),
        layout.names,
        layout.name,
        raw="s.sw_raw",
        seq=f"{first} + s.sw_n",
    )
    rows = malformed = inserted = 0
    known = False
    batches = lines.line_batches(path, skip_first=header, recycle=3, align=ROW_GROUP_ROWS)
    for batch in lines.prefetched(batches):
        for line, problem in batch.problems:
            report.add_error(f"{label}:{line}: {problem}; line skipped")
        store.con.register(BATCH, batch.table)
        try:
            new = 0
            if batch.table.num_rows:
                low, high = batch.numbers()
                new, known = loader.insert_batch(store, select, (first + low, first + high), known)
            # Rows not inserted are stored already or cannot be rows: only then tell them apart
            found = (
                store.con.execute(bad_lines_sql(layout, BATCH)).fetchall()
                if (batch.table.num_rows > new)
                else []
            )
        finally:
            store.con.unregister(BATCH)
        for line, fields, key, key_parses, day in found:
            problem = _problem(layout, int(fields), key or "", bool(key_parses), day or "")
            report.add_error(f"{label}:{line}: {problem}; line skipped")
        bad = len(found)
        rows += batch.rows
        malformed += len(batch.problems) + bad
        inserted += new
    stored = loader.count_kinds(store, report, first, rows, malformed, inserted, plover_only)
    log.info("%s: %d rows, %d stored, %d malformed", label, rows, stored, malformed)
