"""Import GDELT 1.0 and 2.0 event exports (tab-separated, plain, gzipped or zipped).

DuckDB's parallel CSV reader parses the file, the crosswalk SQL in
:mod:`shiftwatch.interop.gdelt_sql` maps every row in one vectorised statement that inserts
straight into ``events`` (no staging, so memory stays flat however large the file), and lines
that do not parse (wrong number of fields, no id, a bad id or date) are skipped and reported
with their line numbers. Every other row is stored, with its line verbatim, whether or not it
is a PLOVER event.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from shiftwatch.errors import InputError
from shiftwatch.interop import crosswalk, files, loader
from shiftwatch.interop.files import EventImportReport
from shiftwatch.interop.gdelt_columns import LAYOUTS, Layout
from shiftwatch.interop.gdelt_sql import mapping_sql, raw_line_sql
from shiftwatch.store import Store

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


def read_csv_sql(layout: Layout, header: bool, compression: str) -> str:
    """The ``read_csv`` call for one GDELT file; the path is the statement's first parameter.

    Only the id and the date are typed (a line without a valid one is refused with its line
    number); every other field is read as text, so the stored line is the file's own, and the
    numbers are cast in SQL. (Wrapping the reader in a subquery would hide its size from the
    optimiser, which then builds the crosswalk joins' hash tables on the file: 15x slower.)
    """
    kinds = {"GLOBALEVENTID": "BIGINT", "SQLDATE": "DATE"}
    columns = ", ".join(f"'{name}': '{kinds.get(name, 'VARCHAR')}'" for name in layout.names)
    return (
        f"read_csv(?, delim='\t', "
        f"header={str(header).lower()}, quote='', escape='', columns={{{columns}}}, "
        "dateformat='%Y%m%d', auto_detect=false, force_not_null=['GLOBALEVENTID', 'SQLDATE'], "
        f"compression='{compression}', {files.reject_options()})"
    )


def import_sql(layout: Layout, header: bool, compression: str, first_seq: int) -> str:
    """The SELECT of ``events`` rows for one file, numbered from ``first_seq``."""
    return mapping_sql(
        read_csv_sql(layout, header, compression),
        layout.names,
        layout.name,
        raw=raw_line_sql(layout.names),
        seq=f"{first_seq} + s.sw_seq",
        numbered=True,
    )


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
    for path in files.expand(paths, EVENT_FILE_PATTERNS):
        with files.readable(path) as local:
            layout, header = detect_layout(local, str(path))
            files.clear_rejects(store.con)
            loader.insert_file(
                store,
                partial(import_sql, layout, header, files.compression(local)),
                report,
                label=str(path),
                rows_in_file=loader.count_rows(local) - int(header),
                width=layout.width,
                params=[str(local)],
                plover_only=plover_only,
            )
        if progress:
            progress(path, report)
    return report
