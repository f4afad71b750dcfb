"""Numbered schema migrations, recorded in ``schema_version``.

Each migration is a function taking a DuckDB connection; it runs once, inside the same
transaction that records it. Opening an older file applies the missing ones; opening a file
whose version is above :data:`LATEST` is refused, since this code cannot know its layout.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import duckdb

Migration = Callable[[duckdb.DuckDBPyConnection], None]


@contextmanager
def _events_indexes_dropped(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """DuckDB cannot alter (or replace) a table an index depends on: the events table's indexes
    are dropped around the change and built again from their own SQL after it."""
    indexes = con.execute(
        "SELECT index_name, sql FROM duckdb_indexes() WHERE table_name = 'events' "
        "AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        con.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in indexes:
        con.execute(sql)


def _001_documents(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE documents (
            id VARCHAR PRIMARY KEY,
            hash VARCHAR NOT NULL UNIQUE,
            title VARCHAR NOT NULL DEFAULT '',
            url VARCHAR,
            source VARCHAR,
            published DATE,
            language VARCHAR,
            tags VARCHAR[],
            text VARCHAR NOT NULL,
            origin VARCHAR,
            near_duplicate_of VARCHAR,
            minhash BLOB,
            ingested_at TIMESTAMP NOT NULL DEFAULT current_timestamp
        )
        """
    )


def _002_sentences_events(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE sentences (
            doc_id VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            PRIMARY KEY (doc_id, idx)
        )
        """
    )
    con.execute(
        """
        CREATE TABLE events (
            id VARCHAR PRIMARY KEY,
            doc_id VARCHAR,
            sentence_idx INTEGER,
            sentence VARCHAR,
            date DATE,
            source VARCHAR NOT NULL,
            source_sector VARCHAR NOT NULL DEFAULT '',
            source_text VARCHAR NOT NULL DEFAULT '',
            source_cameo VARCHAR NOT NULL DEFAULT '',
            target VARCHAR,
            target_sector VARCHAR NOT NULL DEFAULT '',
            target_text VARCHAR NOT NULL DEFAULT '',
            target_cameo VARCHAR NOT NULL DEFAULT '',
            type VARCHAR NOT NULL,
            mode VARCHAR NOT NULL DEFAULT '',
            cameo VARCHAR NOT NULL DEFAULT '',
            goldstein DOUBLE,
            quad_class TINYINT,
            modality VARCHAR NOT NULL DEFAULT 'asserted',
            quantity DOUBLE,
            quantity_unit VARCHAR NOT NULL DEFAULT '',
            location VARCHAR NOT NULL DEFAULT '',
            confidence DOUBLE,
            coder_version VARCHAR NOT NULL DEFAULT '',
            evidence_start INTEGER,
            evidence_end INTEGER,
            trigger VARCHAR NOT NULL DEFAULT '',
            origin VARCHAR NOT NULL DEFAULT 'shiftwatch',
            url VARCHAR,
            external_id VARCHAR,
            mentions INTEGER NOT NULL DEFAULT 1,
            extra JSON
        )
        """
    )
    con.execute("CREATE INDEX events_dyad ON events (source, target, date)")
    con.execute("CREATE INDEX events_doc ON events (doc_id)")
    con.execute(
        """
        CREATE TABLE coded_documents (
            doc_id VARCHAR NOT NULL,
            coder_version VARCHAR NOT NULL,
            sentences INTEGER NOT NULL,
            events INTEGER NOT NULL,
            coded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
            PRIMARY KEY (doc_id, coder_version)
        )
        """
    )


def _003_drop_dyad_index(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the composite (source, target, date) index.

    DuckDB scans tables with zone maps and only uses an ART index for point lookups, so this
    index never served a query, yet every insert paid for it (bulk imports most of all).
    Dyad queries are fast when events are stored in dyad order: see ``Store.cluster_events``.
    """
    con.execute("DROP INDEX IF EXISTS events_dyad")


def _004_event_dates(con: duckdb.DuckDBPyConnection) -> None:
    """When each event happened, apart from when it was published (``date``).

    Stored events get their publication date at day precision, which is what they meant
    before; recoding (a new coder version) dates them from their sentences.
    """
    with _events_indexes_dropped(con):
        con.execute("ALTER TABLE events ADD COLUMN event_date DATE")
        con.execute("ALTER TABLE events ADD COLUMN date_precision VARCHAR DEFAULT ''")
        con.execute(
            "UPDATE events SET event_date = date, date_precision = 'day' WHERE date IS NOT NULL"
        )


def _005_watch(con: duckdb.DuckDBPyConnection) -> None:
    """Monitoring state (``shiftwatch watch``): what was fetched, which coded documents were
    examined for shifts, which dyads still need re-testing, and the alerts raised.

    ``IF NOT EXISTS``: a file rolled back to an older version keeps these tables.
    """
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS fetch_log (
            key VARCHAR PRIMARY KEY,
            kind VARCHAR NOT NULL,
            etag VARCHAR,
            last_modified VARCHAR,
            status INTEGER,
            content_hash VARCHAR,
            done BOOLEAN NOT NULL DEFAULT false,
            fetched_at TIMESTAMP NOT NULL DEFAULT current_timestamp
        )
        """
    )
    con.execute("CREATE TABLE IF NOT EXISTS watch_examined (doc_id VARCHAR PRIMARY KEY)")
    con.execute(
        "CREATE TABLE IF NOT EXISTS watch_pending (source VARCHAR NOT NULL, "
        "target VARCHAR NOT NULL, since DATE NOT NULL, PRIMARY KEY (source, target))"
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS alerts (
            id VARCHAR PRIMARY KEY,
            kind VARCHAR NOT NULL,
            actors VARCHAR[] NOT NULL,
            direction VARCHAR NOT NULL,
            window_start DATE,
            window_end DATE,
            before DOUBLE,
            after DOUBLE,
            size DOUBLE,
            p_value DOUBLE,
            watched BOOLEAN NOT NULL DEFAULT false,
            summary VARCHAR NOT NULL DEFAULT '',
            event_ids VARCHAR[],
            details JSON,
            raised_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
            delivered BOOLEAN NOT NULL DEFAULT false
        )
        """
    )


def _006_event_origin_fields(con: duckdb.DuckDBPyConnection) -> None:
    """Columns that keep an imported row whole, and the tables for headers and GDELT mentions.

    ``raw`` is the source line verbatim (GDELT, ICEWS, POLECAT), ``raw_format`` names its
    layout (``gdelt-2.0``, ``icews:<header id>``...), ``raw_seq`` its position in import order
    (so an export gives rows back in file order) and ``source_types``/``target_types`` the
    dataset's own actor type codes (GDELT Type1-3, ICEWS/POLECAT sectors), kept for mapping
    onto actor keys later. DuckDB cannot alter a table an index depends on, so the indexes are
    dropped and rebuilt around the change.
    """
    with _events_indexes_dropped(con):
        con.execute("ALTER TABLE events ADD COLUMN raw VARCHAR USING COMPRESSION zstd")
        con.execute("ALTER TABLE events ADD COLUMN raw_format VARCHAR")
        con.execute("ALTER TABLE events ADD COLUMN raw_seq BIGINT")
        con.execute("ALTER TABLE events ADD COLUMN source_types VARCHAR NOT NULL DEFAULT ''")
        con.execute("ALTER TABLE events ADD COLUMN target_types VARCHAR NOT NULL DEFAULT ''")
    con.execute(
        "CREATE TABLE IF NOT EXISTS raw_headers (format VARCHAR PRIMARY KEY, "
        "origin VARCHAR NOT NULL, header VARCHAR NOT NULL)"
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS event_mentions (
            event_id VARCHAR NOT NULL,
            mention_time BIGINT,
            source_name VARCHAR NOT NULL DEFAULT '',
            url VARCHAR NOT NULL DEFAULT '',
            sentence_id INTEGER,
            confidence INTEGER,
            doc_tone DOUBLE,
            raw VARCHAR NOT NULL
        )
        """
    )


def _007_events_without_key(con: duckdb.DuckDBPyConnection) -> None:
    """No primary key on ``events.id``: ids stay unique by how rows are written, not by an index.

    DuckDB keeps a primary key's index in memory whole (about 42 MB per million ids), so an
    import's memory grew with the store, and keeping it up took a tenth of an import's CPU.
    Writers keep ids unique instead: imports insert only ids not stored yet (an anti-join that
    reads only the row groups whose id range meets the batch's), and coded or natively
    imported events replace a stored id by deleting it first (``store/events.py``). DuckDB
    cannot drop a primary key, so the table is copied into one without it (the id stays NOT
    NULL) and its other indexes are rebuilt; a file whose table has no key is left as it is.
    The copy stores ``id`` and ``external_id`` with zstd: nearly every value is distinct, so
    DuckDB's dictionary compression, which it otherwise tries first, gains nothing there and
    took twice the CPU (0.37 against 0.17 CPU-s per million imported GDELT rows).
    """
    row = con.execute(
        "SELECT sql FROM duckdb_tables() WHERE table_name = 'events' AND schema_name = 'main'"
    ).fetchone()
    if not row or "PRIMARY KEY" not in row[0]:
        return
    zstd = "USING COMPRESSION zstd"
    keyless = row[0].replace("id VARCHAR PRIMARY KEY", f"id VARCHAR NOT NULL {zstd}", 1)
    keyless = re.sub(r"\bexternal_id VARCHAR\b(?! USING)", f"external_id VARCHAR {zstd}", keyless)
    if "PRIMARY KEY" in keyless:
        raise duckdb.CatalogException("events: unexpected primary key in " + row[0])
    with _events_indexes_dropped(con):
        con.execute(keyless.replace("CREATE TABLE events", "CREATE TABLE _events_keyless", 1))
        con.execute("INSERT INTO _events_keyless SELECT * FROM events")
        con.execute("DROP TABLE events")
        con.execute("ALTER TABLE _events_keyless RENAME TO events")


MIGRATIONS: list[Migration] = [
    _001_documents,
    _002_sentences_events,
    _003_drop_dyad_index,
    _004_event_dates,
    _005_watch,
    _006_event_origin_fields,
    _007_events_without_key,
]
LATEST = len(MIGRATIONS)


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of an open database (0 for a new, empty file)."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version "
        "(version INTEGER PRIMARY KEY, applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def upgrade(con: duckdb.DuckDBPyConnection, from_version: int) -> list[int]:
    """Apply every migration after ``from_version``; returns the versions applied."""
    applied: list[int] = []
    for number, migration in enumerate(MIGRATIONS, start=1):
        if number <= from_version:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            migration(con)
            con.execute("INSERT INTO schema_version (version) VALUES (?)", [number])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(number)
    return applied
