"""A read-only Store whose ``events`` is a view over a directory of Parquet files.

``shiftwatch --events-parquet DIR ...`` opens one of these, so every analysis (which reads the
``events`` relation with SQL) runs unchanged over either a Shiftwatch export
(``export --format parquet``) or a GDELT event archive converted to Parquet with the codebook's
column names, which is mapped on the fly by the same SQL the GDELT importer uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from shiftwatch.errors import InputError, StoreError
from shiftwatch.interop import crosswalk
from shiftwatch.interop.gdelt_columns import GDELT2
from shiftwatch.interop.gdelt_sql import mapping_sql
from shiftwatch.store import Store
from shiftwatch.store.events import EVENT_COLUMNS

READ_ONLY = (
    "events come from Parquet files (--events-parquet); write to a database file "
    "instead (drop --events-parquet)"
)


def _table_types(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = 'events' ORDER BY ordinal_position"
    ).fetchall()
    return {name: kind for name, kind in rows}


def _glob(directory: Path) -> str:
    pattern = str(directory / "**" / "*.parquet")
    return "'" + pattern.replace("'", "''") + "'"


class ParquetStore(Store):
    """An in-memory DuckDB with the usual (empty) tables and ``events`` read from Parquet."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)
        if not self.directory.is_dir():
            raise InputError(str(self.directory), "--events-parquet needs a directory")
        if not any(self.directory.rglob("*.parquet")):
            raise InputError(str(self.directory), "no *.parquet files under this directory")
        super().__init__(":memory:")
        self.read_only = True
        try:
            self._attach_events()
        except duckdb.Error as exc:
            self.con.close()
            raise InputError(
                str(self.directory), f"cannot read Parquet files ({str(exc).splitlines()[0]})"
            ) from exc

    def _attach_events(self) -> None:
        con = self.con
        types = _table_types(con)
        source = (
            f"read_parquet({_glob(self.directory)}, hive_partitioning=true, union_by_name=true)"
        )
        described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
        found = {name.lower(): kind for name, kind, *_ in described}
        con.execute("DROP TABLE events")
        if {"id", "source", "type", "date"} <= set(found):
            columns = ", ".join(
                f'CAST("{name}" AS {types[name]}) AS "{name}"'
                if name in found
                else f'CAST(NULL AS {types[name]}) AS "{name}"'
                for name in EVENT_COLUMNS
            )
            con.execute(f"CREATE VIEW events AS SELECT {columns} FROM {source}")
            return
        if "globaleventid" in found and "sqldate" in found:
            crosswalk.install(con, temporary=False)
            present = [name for name in GDELT2.names if name.lower() in found]
            date_typed = found["sqldate"].upper() == "DATE"
            select = mapping_sql(source, present, "gdelt-parquet", date_typed=date_typed)
            # every row, as ``import gdelt`` keeps them; analyses count PLOVER events through
            # their EventFilter
            con.execute(f"CREATE VIEW events AS {select}")
            return
        raise InputError(
            str(self.directory),
            "Parquet columns are neither Shiftwatch events (id, date, source, "
            "type ...) nor GDELT events (GLOBALEVENTID, SQLDATE ...)",
        )

    def status(self) -> dict[str, Any]:
        summary = super().status()
        summary["database"] = f"parquet:{self.directory}"
        return summary

    def save_codings(self, results: Sequence[Any]) -> None:
        raise StoreError(READ_ONLY)

    def insert_event_rows(self, rows: Sequence[dict[str, Any]]) -> int:
        raise StoreError(READ_ONLY)


def open_parquet_store(directory: Path | str) -> ParquetStore:
    """A Store whose events are the Parquet files under ``directory`` (read-only)."""
    return ParquetStore(directory)
