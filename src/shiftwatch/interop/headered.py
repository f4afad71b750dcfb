"""Shared steps for tab-separated event files with a header row (ICEWS, POLECAT).

Both are read as text by DuckDB, staged raw, their few distinct free-text values (country names,
sector lists, organisation names) mapped in Python, and then mapped to ``events`` rows in SQL.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from shiftwatch.errors import InputError
from shiftwatch.interop import crosswalk, files, loader

if TYPE_CHECKING:
    from shiftwatch.interop.files import EventImportReport
    from shiftwatch.store import Store

RAW_TABLE = "sw_raw"


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


def stage_raw(con: duckdb.DuckDBPyConnection, path: Path, names: Sequence[str]) -> None:
    """Read the file as text into ``sw_raw`` (bad lines go to the reject tables).

    Each row keeps its line verbatim (``sw_line``) and its number in file order (``sw_seq``);
    the columns themselves read "NA" (ICEWS's empty value) as NULL for the mapping.
    """
    files.clear_rejects(con)
    columns = ", ".join("'" + name.replace("'", "''") + "': 'VARCHAR'" for name in names)
    quoted = ['"' + name.replace('"', '""') + '"' for name in names]
    values = ", ".join(f"nullif({column}, 'NA') AS {column}" for column in quoted)
    line = "concat(" + ", '\t', ".join(quoted) + ")"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {RAW_TABLE} AS SELECT {values}, {line} AS sw_line, "
        "row_number() OVER () AS sw_seq FROM read_csv(?, delim='\t', "
        f"header=true, quote='', escape='', columns={{{columns}}}, auto_detect=false, "
        f"compression='{files.compression(path)}', {files.reject_options()})",
        [str(path)],
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


def bad_rows(
    path: Path, id_index: int, date_index: int, id_name: str, date_name: str
) -> Iterator[tuple[int, str]]:
    """Lines whose id or date field is empty (or NA), for the report."""
    with files._open_text(path) as handle:
        for number, line in enumerate(handle, 1):
            if number == 1:
                continue
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) <= max(id_index, date_index):
                continue
            if fields[id_index].strip() in ("", "NA"):
                yield number, f"{id_name} is empty"
            elif fields[date_index].strip() in ("", "NA"):
                yield number, f"{date_name} is empty"


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


def load_staged(
    store: Store,
    local: Path,
    names: Sequence[str],
    select: str,
    report: EventImportReport,
    label: str,
    plover_only: bool = False,
) -> None:
    """Insert the staged file's mapped rows through ``select``, report bad lines, drop the stage.

    ICEWS and POLECAT both key rows by "Event ID" and date them by "Event Date", so the
    bad-line check and the bookkeeping around the insert are the same for both.
    """
    loader.load(
        store,
        select,
        report,
        label=label,
        rows_in_file=loader.count_lines(local) - 1,
        bad_rows=partial(
            bad_rows,
            local,
            names.index("Event ID"),
            names.index("Event Date"),
            "Event ID",
            "Event Date",
        ),
        width=len(names),
        plover_only=plover_only,
    )
    store.con.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
