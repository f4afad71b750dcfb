"""Import GDELT 1.0 and 2.0 event exports (tab-separated, plain, gzipped or zipped).

DuckDB's parallel CSV reader parses the file with the codebook's column types, the crosswalk
SQL in :mod:`shiftwatch.interop.gdelt_sql` maps every row in one vectorised statement, and lines
that do not parse (wrong number of fields, a number that is not one, a bad date) are skipped and
reported with their line numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path

from shiftwatch.errors import InputError
from shiftwatch.interop import crosswalk, files, loader
from shiftwatch.interop.files import EventImportReport
from shiftwatch.interop.gdelt_columns import LAYOUTS, Layout
from shiftwatch.interop.gdelt_sql import mapping_sql
from shiftwatch.store import Store

Progress = Callable[[Path, EventImportReport], None]


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
    """The ``read_csv`` call for one GDELT file; the path is the statement's first parameter."""
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in layout.columns)
    return (
        f"read_csv(?, delim='\t', header={str(header).lower()}, quote='', escape='', "
        f"columns={{{columns}}}, dateformat='%Y%m%d', auto_detect=false, "
        f"compression='{compression}', {files.reject_options()})"
    )


def _bad_ids(path: Path, header: bool) -> Iterator[tuple[int, str]]:
    """Lines whose GLOBALEVENTID or SQLDATE is empty (the CSV reader reads them as NULL)."""
    with files._open_text(path) as handle:
        for number, line in enumerate(handle, 1):
            if header and number == 1:
                continue
            fields = line.split("\t", 2)
            if len(fields) < 2:
                continue
            if not fields[0].strip():
                yield number, "GLOBALEVENTID is empty"
            elif not fields[1].strip():
                yield number, "SQLDATE is empty"


def import_gdelt(
    store: Store, paths: Sequence[Path | str], progress: Progress | None = None
) -> EventImportReport:
    """Import GDELT event files into ``store.events`` (origin 'gdelt', id 'gdelt:<id>').

    Idempotent: a row whose id is already stored is left alone. Malformed lines are skipped
    and listed in the report's ``errors`` as ``file:line: problem``.
    """
    report = EventImportReport()
    crosswalk.install(store.con)
    for raw in paths:
        path = Path(raw)
        with files.readable(path) as local:
            layout, header = detect_layout(local, str(path))
            files.clear_rejects(store.con)
            rows = loader.count_lines(local) - int(header)
            select = mapping_sql(
                read_csv_sql(layout, header, files.compression(local)), layout.names, layout.name
            )
            loader.load(
                store,
                select,
                report,
                label=str(path),
                rows_in_file=rows,
                bad_rows=partial(_bad_ids, local, header),
                width=layout.width,
                params=[str(local)],
            )
        if progress:
            progress(path, report)
    return report
