"""Shared steps for tab-separated event files with a header row (ICEWS, POLECAT).

Both are read like GDELT, in numbered batches of whole lines (:mod:`lines`), so memory holds one
batch however large the file: each batch's lines are split into named text fields (``sw_raw``,
"NA" and empty read as NULL), the batch's few distinct free-text values (country names, sector
lists, organisation names) mapped in Python, and its rows mapped to ``events`` rows in SQL and
inserted in one transaction, each with its line verbatim and its position in import order.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from shiftwatch.errors import InputError
from shiftwatch.interop import crosswalk, files, lines, loader
from shiftwatch.interop.files import EventImportReport

if TYPE_CHECKING:
    from shiftwatch.store import Store

log = logging.getLogger(__name__)

RAW_TABLE = "sw_raw"
BATCH = "sw_lines"
# Whole DuckDB row groups per batch, as for GDELT (see :data:`gdelt.ROW_GROUP_ROWS`)
ROW_GROUP_ROWS = 122_880
ID, DATE = "Event ID", "Event Date"


def header_columns(path: Path, label: str, required: Sequence[str]) -> list[str]:
    """Column names of the header, padded or trimmed to the width of the data lines.

    POLECAT files sometimes name a "Headline" column no row fills, or end rows with a stray
    tab; the data lines decide how many columns there are.
    """
    lines = files.peek_lines(path)
    if not lines:
        raise InputError(label, "file is empty")
    names = [name.strip().lstrip("#!").strip() for name in lines[0].split("\t")]
    missing = [name for name in required if name not in names]
    if missing:
        raise InputError(
            label,
            f"line 1: header lacks column(s) {', '.join(missing)}; found {', '.join(names[:8])}...",
        )
    widths = Counter(line.count("\t") + 1 for line in lines[1:])
    width = widths.most_common(1)[0][0] if widths else len(names)
    if width > len(names):
        names += [f"_extra{i}" for i in range(width - len(names))]
    elif width < len(names):
        names = names[:width]
        if any(name not in names for name in required):
            raise InputError(label, f"rows have {width} fields, fewer than the header names")
    seen: Counter[str] = Counter()
    unique = []
    for name in names:
        seen[name] += 1
        unique.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return unique


def stage_batch(con: duckdb.DuckDBPyConnection, names: Sequence[str], first: int) -> None:
    """The batch's lines with as many fields as ``names`` as the text table ``sw_raw``: one
    column per name ("NA", ICEWS's empty value, and empty fields read as NULL), the line
    verbatim (``sw_line``) and its position in import order (``sw_seq``, ``first`` + its line
    number)."""
    values = ", ".join(
        f"nullif(nullif(f[{index}], ''), 'NA') AS " + '"' + name.replace('"', '""') + '"'
        for index, name in enumerate(names, start=1)
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {RAW_TABLE} AS SELECT {values}, line AS sw_line, "
        f"{first} + n AS sw_seq "
        f"FROM (SELECT line, n, string_split(line, chr(9)) AS f FROM {BATCH}) "
        f"WHERE len(f) = {len(names)}"
    )


def register_header(con: duckdb.DuckDBPyConnection, origin: str, path: Path) -> str:
    """The ``raw_format`` of a file with this header line (``icews:<12 hex digits>``), stored
    in ``raw_headers`` so an export can write the header back verbatim."""
    header = files.peek_lines(path, 1)[0]
    fmt = f"{origin}:{hashlib.md5(header.encode('utf-8')).hexdigest()[:12]}"
    con.execute(
        "INSERT INTO raw_headers (format, origin, header) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [fmt, origin, header],
    )
    return fmt


def map_column_values(
    con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], mapper: crosswalk.Mapper
) -> None:
    """``table(value, code)`` for the distinct values of ``columns`` in ``sw_raw``."""
    union = " UNION ".join(
        f'SELECT DISTINCT "{column}" AS v FROM {RAW_TABLE}' for column in columns
    )
    values = [row[0] for row in con.execute(union).fetchall()]
    crosswalk.map_values(con, table, values, mapper)


def q(name: str) -> str:
    """A quoted column of the raw table."""
    return 's."' + name.replace('"', '""') + '"'


def opt_col(name: str, names: Sequence[str]) -> str:
    """The quoted column when the file has it, else a typed NULL, so one SELECT fits every file."""
    return q(name) if name in names else "CAST(NULL AS VARCHAR)"


def event_columns_sql(
    origin: str,
    *,
    source_text: str,
    target_text: str,
    cameo: str,
    goldstein: str,
    location: str,
    extra: str,
    raw_format: str,
    source_types: str,
    target_types: str,
) -> str:
    """The ``events`` column list for a staged file whose mapped fields are ``s.sw_*``.

    ICEWS and POLECAT differ only in the expressions passed in; the rest of an imported row
    (no sentence, no coder, one mention, the origin's id prefix, the line verbatim) is the same
    for both. A row keeps an empty ``type`` when its code has no PLOVER type, an empty
    ``source`` when its actor is no PLOVER-level actor.
    """
    return f"""
            '{origin}:' || s.sw_id AS id,
            CAST(NULL AS VARCHAR) AS doc_id,
            CAST(NULL AS INTEGER) AS sentence_idx,
            CAST(NULL AS VARCHAR) AS sentence,
            s.sw_date AS date,
            coalesce(s.sw_source, '') AS source,
            CASE WHEN s.sw_source IS NULL THEN '' ELSE s.sw_source_sector END AS source_sector,
            coalesce({source_text}, '') AS source_text,
            '' AS source_cameo,
            s.sw_target AS target,
            CASE WHEN s.sw_target IS NULL THEN '' ELSE s.sw_target_sector END AS target_sector,
            coalesce({target_text}, '') AS target_text,
            '' AS target_cameo,
            coalesce(s.sw_type, '') AS type,
            s.sw_mode AS mode,
            {cameo} AS cameo,
            {goldstein} AS goldstein,
            CAST(s.sw_quad AS TINYINT) AS quad_class,
            'asserted' AS modality,
            CAST(NULL AS DOUBLE) AS quantity,
            '' AS quantity_unit,
            {location} AS location,
            CAST(NULL AS DOUBLE) AS confidence,
            '' AS coder_version,
            CAST(NULL AS INTEGER) AS evidence_start,
            CAST(NULL AS INTEGER) AS evidence_end,
            '' AS trigger,
            '{origin}' AS origin,
            CAST(NULL AS VARCHAR) AS url,
            s.sw_id AS external_id,
            1 AS mentions,
            {extra} AS extra,
            s.sw_date AS event_date,
            CASE WHEN s.sw_date IS NULL THEN '' ELSE 'day' END AS date_precision,
            s.sw_line AS raw,
            '{raw_format}' AS raw_format,
            s.sw_seq AS raw_seq,
            coalesce({source_types}, '') AS source_types,
            coalesce({target_types}, '') AS target_types"""


Prepare = Callable[[duckdb.DuckDBPyConnection, Sequence[str]], None]


def import_file(
    store: Store,
    local: Path,
    label: str,
    names: Sequence[str],
    select: str,
    prepare: Prepare,
    report: EventImportReport,
    plover_only: bool = False,
) -> None:
    """Import one headered file batch by batch: stage the batch (:func:`stage_batch`), let
    ``prepare`` map its free-text values, insert the rows of ``select`` whose id is new
    (:func:`loader.insert_batch`, one transaction per batch, so an interrupted import keeps
    whole batches and running it again adds the rest), and report the lines that cannot be
    rows as ``file:line: problem``.

    ``select`` must give the ``events`` columns from ``sw_raw``; its rows without an id or a
    date are left out. ``names`` name the fields; "Event ID" and "Event Date" among them.
    """
    con = store.con
    loader.refuse_views(store)
    first = loader.next_seq(store)
    valid = f"SELECT * FROM ({select}) s WHERE {_VALID}"
    rows = malformed = inserted = 0
    known = False
    batches = lines.line_batches(local, skip_first=True, recycle=3, align=ROW_GROUP_ROWS)
    for batch in lines.prefetched(batches):
        for line, problem in batch.problems:
            report.add_error(f"{label}:{line}: {problem}; line skipped")
        rows += batch.rows
        malformed += len(batch.problems)
        if not batch.table.num_rows:
            continue
        con.register(BATCH, batch.table)
        try:
            stage_batch(con, names, first)
            prepare(con, names)
            low, high = batch.numbers()
            new, known = loader.insert_batch(store, valid, (first + low, first + high), known)
            # Rows not inserted are stored already or cannot be rows: only then tell them apart
            found = _bad_lines(con, names, select, first) if batch.table.num_rows > new else []
        finally:
            con.unregister(BATCH)
            con.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
        for line, problem in found:
            report.add_error(f"{label}:{line}: {problem}; line skipped")
        malformed += len(found)
        inserted += new
    stored = loader.count_kinds(store, report, first, rows, malformed, inserted, plover_only)
    log.info("%s: %d rows, %d stored, %d malformed", label, rows, stored, malformed)


def import_files(
    store: Store,
    paths: Sequence[Path | str],
    spec: HeaderedFormat,
    progress: Callable[[Path, EventImportReport], None] | None = None,
    plover_only: bool = False,
) -> EventImportReport:
    """Import every file ``paths`` name (a folder or glob too) in one headered format, each with
    :func:`import_file`; ICEWS and POLECAT differ only in what ``spec`` says."""
    report = EventImportReport()
    crosswalk.install(store.con)
    with loader.quiet(store):
        for path in files.expand(paths, spec.patterns):
            with files.readable(path) as local:
                names = header_columns(local, str(path), spec.required)
                if spec.check_header is not None:
                    spec.check_header(names, str(path))
                fmt = register_header(store.con, spec.origin, local)
                select = spec.select(names, fmt)
                import_file(
                    store, local, str(path), names, select, spec.prepare, report, plover_only
                )
            if progress:
                progress(path, report)
    return report


@dataclass(frozen=True, slots=True)
class HeaderedFormat:
    """What one headered format (ICEWS, POLECAT) brings to :func:`import_files`."""

    origin: str
    patterns: tuple[str, ...]
    required: Sequence[str]
    select: Callable[[Sequence[str], str], str]
    prepare: Prepare
    check_header: Callable[[Sequence[str], str], None] | None = None


_VALID = "s.id IS NOT NULL AND coalesce(s.external_id, '') <> '' AND s.date IS NOT NULL"


def _bad_lines(
    con: duckdb.DuckDBPyConnection, names: Sequence[str], select: str, first: int
) -> list[tuple[int, str]]:
    """(line number, problem) of the batch's lines that cannot be rows, in file order: a wrong
    number of fields, or a row of ``select`` with no id or no date."""
    width = len(names)
    found = [
        (int(n), f"expected {width} tab-separated fields, found {int(fields)}")
        for n, fields in con.execute(
            f"SELECT n, len(string_split(line, chr(9))) AS fields FROM {BATCH} "
            f"WHERE fields <> {width}"
        ).fetchall()
    ]
    for seq, key, day in con.execute(
        f'SELECT s.raw_seq, r."{ID}", r."{DATE}" FROM ({select}) s '
        f"JOIN {RAW_TABLE} r ON r.sw_seq = s.raw_seq WHERE NOT ({_VALID})"
    ).fetchall():
        if not (key or "").strip():
            problem = f"{ID} is empty"
        elif not (day or "").strip():
            problem = f"{DATE} is empty"
        else:
            problem = f"{DATE} {_shown(day)} is not a date"
        found.append((int(seq) - first, problem))
    return sorted(found)


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "...")
