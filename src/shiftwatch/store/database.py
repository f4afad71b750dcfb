"""Opening, upgrading and guarding the DuckDB file; the one object every adapter talks to."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from shiftwatch.errors import DatabaseLockedError, SchemaTooNewError, StoreError
from shiftwatch.store import migrations
from shiftwatch.store.documents import DocumentQueries
from shiftwatch.store.events import KIND_COUNTS, EventQueries

log = logging.getLogger(__name__)


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a database file; pass a file path to --db")
    if read_only and not path.exists():
        raise StoreError(f"{path}: database does not exist; create it with 'shiftwatch ingest'")
    if not read_only and path.parent and not path.parent.exists():
        raise StoreError(f"{path}: folder {path.parent} does not exist")
    try:
        con = duckdb.connect(str(path), read_only=read_only)
        # DuckDB draws a progress bar on stdout for any statement over two seconds, in the
        # middle of a command's table or JSON output: never for a Shiftwatch store (a session
        # setting, so it is set on the connection, not passed as configuration)
        con.execute("SET enable_progress_bar = false")
        return con
    except duckdb.IOException as exc:
        message = str(exc)
        if "lock" in message.lower():
            raise DatabaseLockedError(
                f"{path}: database is locked by another process (DuckDB allows one writer); "
                "close the other shiftwatch process or use a copy"
            ) from exc
        if "not a valid DuckDB database" in message:
            raise StoreError(f"{path}: not a DuckDB database file") from exc
        raise StoreError(f"{path}: cannot open database ({message.splitlines()[0]})") from exc
    except duckdb.Error as exc:
        raise StoreError(f"{path}: cannot open database ({str(exc).splitlines()[0]})") from exc


_WRITE_FAILURES = (
    "no space left on device",
    "file too large",
    "disk quota exceeded",
    "read-only file system",
    "could not write file",
)


def write_failure(path: Path | str | None, exc: BaseException) -> StoreError | None:
    """A one-line :class:`StoreError` for a write the operating system refused (disk full,
    file-size limit, quota), or None for any other error.

    DuckDB rolls the failed transaction back, so the file keeps what was committed before;
    the message says so, and that a rerun resumes.
    """
    if not isinstance(exc, duckdb.Error):
        return None
    message = str(exc)
    lowered = message.lower()
    reason = next((cause for cause in _WRITE_FAILURES if cause in lowered), None)
    if reason is None:
        return None
    os_reason = message.rsplit(": ", 1)[-1].strip().rstrip(".") if ": " in message else reason
    if path is None:
        named = re.search(r'file "([^"]+?)(?:\.wal)?"', message)
        path = named.group(1) if named else "database"
    return StoreError(
        f"{path}: cannot write to the database ({os_reason}); everything committed before is "
        "kept, free space and run the same command again"
    )


class Store(DocumentQueries, EventQueries):
    """A Shiftwatch database: documents, sentences and events in one DuckDB file.

    Query methods live in mixins by resource (documents, events) so each stays small; this
    class owns the connection, the schema version and transactions.
    """

    def __init__(self, path: Path | str, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.in_transaction = False  # set while :meth:`transaction` holds one open
        self.con = _connect(self.path, read_only)
        try:
            self._check_schema()
        except Exception:
            self.con.close()
            raise

    def _check_schema(self) -> None:
        version = self._read_version() if self.read_only else migrations.current_version(self.con)
        if version > migrations.LATEST:
            raise SchemaTooNewError(
                f"{self.path}: database schema version {version} is newer than this Shiftwatch "
                f"supports ({migrations.LATEST}); upgrade Shiftwatch to open it"
            )
        if version < migrations.LATEST:
            if self.read_only:
                raise StoreError(
                    f"{self.path}: database schema version {version} needs an upgrade; "
                    "open it once without read-only mode"
                )
            applied = migrations.upgrade(self.con, version)
            if version:
                log.info("upgraded %s from schema %s through %s", self.path, version, applied)
        self.schema_version = migrations.LATEST

    def _read_version(self) -> int:
        try:
            row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        except duckdb.CatalogException:
            return 0
        return int(row[0]) if row and row[0] is not None else 0

    # -- plumbing -------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All-or-nothing writes: a killed process leaves the previous committed state.
        ``in_transaction`` says one is open, so code that commits its own steps (an import's
        batches) joins the caller's instead (the watch imports a GDELT update and queues its
        dyads in one)."""
        self.con.execute("BEGIN TRANSACTION")
        self.in_transaction = True
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        finally:
            self.in_transaction = False
        self.con.execute("COMMIT")

    def query(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Run a parameterised query and return a DataFrame."""
        return self.con.execute(sql, params or []).df()

    def status(self) -> dict[str, Any]:
        """Counts and date ranges: the summary ``shiftwatch status`` prints."""
        docs, first, last, non_english, near_dups = self.con.execute(
            "SELECT count(*), min(published), max(published), "
            "count(*) FILTER (WHERE language IS NOT NULL AND language <> 'en'), "
            "count(near_duplicate_of) FROM documents"
        ).fetchone()  # type: ignore[misc]
        (sentences,) = self.con.execute("SELECT count(*) FROM sentences").fetchone()  # type: ignore[misc]
        events, first_event, last_event, plover, statements, no_actor, no_source = self.con.execute(
            f"SELECT count(*), min(date), max(date), {KIND_COUNTS} FROM events"
        ).fetchone()  # type: ignore[misc]
        (coded,) = self.con.execute("SELECT count(DISTINCT doc_id) FROM coded_documents").fetchone()  # type: ignore[misc]
        (sources,) = self.con.execute("SELECT count(DISTINCT source) FROM documents").fetchone()  # type: ignore[misc]
        return {
            "database": str(self.path),
            "schema_version": self.schema_version,
            "documents": int(docs),
            "sources": int(sources),
            "non_english_documents": int(non_english),
            "near_duplicates": int(near_dups),
            "coded_documents": int(coded),
            "sentences": int(sentences),
            "events": int(events),
            "plover_events": int(plover or 0),
            "statements": int(statements or 0),
            "no_plover_actor": int(no_actor or 0),
            "no_source_actor": int(no_source or 0),
            "unmapped_source_actor": int(no_actor or 0) - int(no_source or 0),
            "first_date": first.isoformat() if first else None,
            "last_date": last.isoformat() if last else None,
            "first_event_date": first_event.isoformat() if first_event else None,
            "last_event_date": last_event.isoformat() if last_event else None,
        }

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_store(path: Path | str = "shiftwatch.duckdb", read_only: bool = False) -> Store:
    """Open (creating or upgrading as needed) the Shiftwatch database at ``path``."""
    return Store(path, read_only=read_only)
