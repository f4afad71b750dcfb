"""Export stored events as GDELT, ICEWS or POLECAT rows, month-partitioned Parquet, CSV or JSON
lines.

Each is one DuckDB ``COPY``, so an export streams from the database to disk without
building frames in Python. Parquet goes to ``DIR/year=YYYY/month=M/*.parquet`` (Hive layout),
which Spark, Dask, DuckDB and ``shiftwatch --events-parquet DIR`` read directly.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from shiftwatch.errors import InputError
from shiftwatch.interop import crosswalk, loader
from shiftwatch.interop.gdelt_columns import GDELT2
from shiftwatch.store import Store
from shiftwatch.store.events import EVENT_COLUMNS
from shiftwatch.store.filters import EventFilter

# DuckDB's memory during an export: its sort (every export is in order) spills to disk beyond
# it. 10M imported GDELT rows, uncapped (80% of RAM): Parquet 21.2 s in 10.4 GB, GDELT lines
# 10.3 s in 8.3 GB; capped at 2 GB: 24.0 s and 23.2 s in 2.1 GB (1 GB: Parquet 45.7 s).
EXPORT_MEMORY_LIMIT = "2GB"
# Imported rows in the order they were read (file order), then everything else by date.
IMPORT_ORDER = "e.raw_seq NULLS LAST, e.date, e.id"
LINES_COPY = "(FORMAT csv, DELIMITER '\t', HEADER false, QUOTE '', ESCAPE '', NULLSTR '')"


class ExportFormat(enum.StrEnum):
    gdelt = "gdelt"
    icews = "icews"
    polecat = "polecat"
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


@dataclass
class ExportReport:
    format: str
    rows: int
    output: str


def _x(path: str) -> str:
    """A string from ``extra`` (what a GDELT import kept), NULL when absent."""
    return f"json_extract_string(e.extra, '{path}')"


def _clean(expr: str) -> str:
    """Tabs and line ends inside a field would break GDELT's unquoted layout."""
    return f"regexp_replace(coalesce(CAST({expr} AS VARCHAR), ''), '[\\t\\r\\n]+', ' ', 'g')"


def _actor_fields(n: int, code: str, sector: str, text: str, cameo: str) -> list[str]:
    prefix = f"$.actor{n}"
    country = (
        f"coalesce({_x(prefix + '.country')}, CASE WHEN e.origin <> 'gdelt' "
        f"THEN coalesce(c{n}.export, '') END)"
    )
    group = (
        f"coalesce({_x(prefix + '.known_group')}, CASE WHEN e.origin <> 'gdelt' "
        f"THEN g{n}.cameo END)"
    )
    type1 = (
        f"coalesce({_x(prefix + '.type1')}, CASE WHEN e.origin <> 'gdelt' THEN "
        f"CASE WHEN e.{code} = 'NGO' THEN 'NGO' "
        f"WHEN g{n}.cameo IS NOT NULL AND e.{sector} = '' THEN 'IGO' "
        f"ELSE e.{sector} END END)"
    )
    composed = (
        f"CASE WHEN e.{code} IS NULL THEN '' "
        f"WHEN g{n}.cameo IS NOT NULL THEN 'IGO' || g{n}.cameo || e.{sector} "
        f"ELSE coalesce(c{n}.export, e.{code}) || e.{sector} END"
    )
    return [
        f"CASE WHEN e.{cameo} <> '' THEN e.{cameo} ELSE {composed} END",
        f"upper(e.{text})",
        country,
        group,
        _x(prefix + ".ethnic"),
        _x(prefix + ".religion1"),
        _x(prefix + ".religion2"),
        type1,
        _x(prefix + ".type2"),
        _x(prefix + ".type3"),
    ]


def _geo_fields(path: str, fallback_name: str | None = None) -> list[str]:
    name = _x(path + ".name")
    if fallback_name:
        name = f"coalesce({name}, nullif({fallback_name}, ''))"
    return [
        f"coalesce({_x(path + '.type')}, CASE WHEN {name} IS NULL THEN '0' ELSE '1' END)",
        name,
        _x(path + ".country"),
        _x(path + ".adm1"),
        _x(path + ".adm2"),
        _x(path + ".lat"),
        _x(path + ".lon"),
        _x(path + ".feature_id"),
    ]


def gdelt_select(where: str) -> str:
    """SELECT of one GDELT line (``line``) per event matching ``where``, in import order.

    Events imported from GDELT give back their own line verbatim (``raw``: a 1.0 row stays 57
    or 58 columns, a 2.0 row 61), so GDELT -> Shiftwatch -> GDELT is the identity; older
    imports without ``raw`` get their fields back from ``extra``; Shiftwatch's own events get
    the 61 GDELT 2.0 columns, actor codes through the reverse crosswalk and a GLOBALEVENTID
    derived from their id (60 bits of its MD5, far above GDELT's range).
    """
    c = crosswalk
    code = "CASE WHEN e.cameo <> '' THEN e.cameo ELSE coalesce(r1.cameo, r0.cameo, '') END"
    fraction = (
        f"coalesce({_x('$.fraction_date')}, CAST(round(year(e.date) + "
        "(month(e.date) * 30 + day(e.date)) / 365.0, 4) AS VARCHAR))"
    )
    fields = [
        external_id_sql("gdelt"),
        "strftime(e.date, '%Y%m%d')",
        "strftime(e.date, '%Y%m')",
        "strftime(e.date, '%Y')",
        fraction,
        *_actor_fields(1, "source", "source_sector", "source_text", "source_cameo"),
        *_actor_fields(2, "target", "target_sector", "target_text", "target_cameo"),
        f"coalesce({_x('$.is_root_event')}, '1')",
        code,
        f"coalesce({_x('$.event_base_code')}, left({code}, 3))",
        f"coalesce({_x('$.event_root_code')}, left({code}, 2))",
        "e.quad_class",
        "e.goldstein",
        "e.mentions",
        f"coalesce({_x('$.num_sources')}, '1')",
        f"coalesce({_x('$.num_articles')}, CAST(e.mentions AS VARCHAR))",
        _x("$.avg_tone"),
        *_geo_fields("$.actor1.geo"),
        *_geo_fields("$.actor2.geo"),
        *_geo_fields("$.action_geo", "e.location"),
        f"coalesce({_x('$.date_added')}, strftime(e.date, '%Y%m%d') || '000000')",
        "e.url",
    ]
    assert len(fields) == GDELT2.width
    composed = "concat(" + ", '\t', ".join(_clean(expr) for expr in fields) + ")"
    return f"""
        SELECT CASE WHEN e.raw IS NOT NULL AND e.raw_format LIKE 'gdelt%' THEN e.raw
                    ELSE {composed} END AS line
        FROM events e
        LEFT JOIN (SELECT code, any_value(export) AS export FROM {c.COUNTRY_TABLE}
                   WHERE code <> '' GROUP BY code) c1 ON c1.code = e.source
        LEFT JOIN (SELECT code, any_value(export) AS export FROM {c.COUNTRY_TABLE}
                   WHERE code <> '' GROUP BY code) c2 ON c2.code = e.target
        LEFT JOIN sw_cw_group_export g1 ON g1.code = e.source
        LEFT JOIN sw_cw_group_export g2 ON g2.code = e.target
        LEFT JOIN {c.REVERSE_TABLE} r1 ON r1.type = e.type AND r1.mode = e.mode
        LEFT JOIN {c.REVERSE_TABLE} r0 ON r0.type = e.type AND r0.mode = ''
        WHERE {where}
        ORDER BY {IMPORT_ORDER}
    """


def external_id_sql(origin: str) -> str:
    """The dataset's own id for rows imported from ``origin``, else a number derived from the
    event id (60 bits of its MD5: stable, and far above the datasets' own ranges)."""
    return (
        f"CASE WHEN e.origin = '{origin}' AND TRY_CAST(e.external_id AS BIGINT) IS NOT NULL "
        "THEN e.external_id "
        "ELSE CAST(CAST('0x' || left(md5(e.id), 15) AS BIGINT) AS VARCHAR) END"
    )


def _install_export_tables(store: Store) -> None:
    crosswalk.install(store.con)
    groups = crosswalk.export_groups()
    store.con.execute(
        "CREATE OR REPLACE TEMP TABLE sw_cw_group_export (code VARCHAR, cameo VARCHAR)"
    )
    if groups:
        store.con.executemany("INSERT INTO sw_cw_group_export VALUES (?, ?)", list(groups.items()))


def _sql_string(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_events(
    store: Store,
    fmt: ExportFormat | str,
    output: Path | str,
    date_from: date | None = None,
    date_to: date | None = None,
) -> ExportReport:
    """Write the events dated within [date_from, date_to] to ``output`` in ``fmt``.

    ``output`` is a file for gdelt/csv/jsonl and a directory (absent or empty) for parquet.
    DuckDB's memory is capped meanwhile (:data:`EXPORT_MEMORY_LIMIT`) and its progress bar off.
    """
    fmt = ExportFormat(fmt)
    output = Path(output)
    with loader.quiet(store):
        store.con.execute(f"SET memory_limit = '{EXPORT_MEMORY_LIMIT}'")
        try:
            return _export(store, fmt, output, date_from, date_to)
        finally:
            store.con.execute("RESET memory_limit")


def _export(
    store: Store,
    fmt: ExportFormat,
    output: Path,
    date_from: date | None,
    date_to: date | None,
) -> ExportReport:
    where, params = EventFilter(date_from=date_from, date_to=date_to, every_row=True).sql("e")
    (rows,) = store.con.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()  # type: ignore[misc]
    target = _sql_string(output)
    columns = ", ".join(f"e.{name}" for name in EVENT_COLUMNS)
    if fmt is ExportFormat.parquet:
        if output.exists() and (not output.is_dir() or any(output.iterdir())):
            raise InputError(str(output), "Parquet export needs a new or empty directory")
        output.mkdir(parents=True, exist_ok=True)
        store.con.execute(
            f"COPY (SELECT {columns}, year(e.date) AS year, month(e.date) AS month "
            f"FROM events e WHERE {where} ORDER BY e.date, e.id) TO {target} "
            "(FORMAT parquet, PARTITION_BY (year, month), OVERWRITE_OR_IGNORE true, "
            "FILENAME_PATTERN 'events_{i}')",
            params,
        )
        return ExportReport(fmt.value, int(rows), str(output))
    if output.is_dir():
        raise InputError(str(output), f"is a directory; {fmt.value} export writes one file")
    if not output.parent.exists():
        raise InputError(str(output), f"folder {output.parent} does not exist")
    if fmt is ExportFormat.gdelt:
        _install_export_tables(store)
        store.con.execute(f"COPY ({gdelt_select(where)}) TO {target} {LINES_COPY}", params)
    elif fmt is ExportFormat.icews:
        from shiftwatch.interop.export_icews import icews_select

        select = icews_select(store, where, params)
        store.con.execute(f"COPY ({select}) TO {target} {LINES_COPY}", params)
    elif fmt is ExportFormat.polecat:
        from shiftwatch.interop.export_polecat import polecat_select

        select = polecat_select(store, where, params)
        store.con.execute(f"COPY ({select}) TO {target} {LINES_COPY}", params)
    elif fmt is ExportFormat.csv:
        store.con.execute(
            f"COPY (SELECT {columns} FROM events e WHERE {where} ORDER BY e.date, e.id) "
            f"TO {target} (FORMAT csv, HEADER true)",
            params,
        )
    else:
        store.con.execute(
            f"COPY (SELECT {columns} FROM events e WHERE {where} ORDER BY e.date, e.id) "
            f"TO {target} (FORMAT json)",
            params,
        )
    return ExportReport(fmt.value, int(rows), str(output))
