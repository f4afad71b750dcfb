"""What ``watch`` remembers in the store between passes, so nothing is done twice.

- ``fetch_log``: one row per fetched URL or read file, with the validators (ETag,
  Last-Modified) for the next conditional request, a content hash or file signature, and
  ``done`` once everything it held has been stored.
- ``watch_examined``: coded documents whose events have been queued for re-testing.
- ``watch_pending``: the directed dyads (by actor key) new events touched, with the earliest
  publication date among them (what is new is defined by when it was reported; analyses
  then date events by when they happened); cleared in the same transaction that raises their alerts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from shiftwatch.store.keys import key_sql

if TYPE_CHECKING:
    from shiftwatch.store import Store

# dyads are queued by actor key (SYR, SYR.REB), as analyses group them
KEYS = f"{key_sql('source')} AS source, {key_sql('target')} AS target"


@dataclass(frozen=True)
class Fetched:
    """The fetch log's row for one key."""

    etag: str | None
    last_modified: str | None
    content_hash: str | None
    done: bool


def fetched(store: Store, key: str) -> Fetched | None:
    rows = store.con.execute(
        "SELECT etag, last_modified, content_hash, done FROM fetch_log WHERE key = ?", [key]
    ).fetchall()
    return Fetched(*rows[0]) if rows else None


def record_fetch(
    store: Store,
    key: str,
    kind: str,
    *,
    status: int | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    content_hash: str | None = None,
    done: bool = True,
) -> None:
    """Insert or update the fetch log's row for ``key`` (one statement: atomic)."""
    store.con.execute(
        "INSERT OR REPLACE INTO fetch_log (key, kind, etag, last_modified, status, "
        "content_hash, done, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, current_timestamp)",
        [key, kind, etag, last_modified, status, content_hash, done],
    )


def queue_new_documents(store: Store) -> int:
    """Queue the dyads of every coded, not yet examined document; returns how many documents.

    One transaction: a killed pass either queued a document's dyads and marked it examined,
    or did neither, so the next pass picks it up.
    """
    with store.transaction() as con:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _watch_new AS SELECT DISTINCT c.doc_id FROM "
            "coded_documents c WHERE NOT EXISTS "
            "(SELECT 1 FROM watch_examined w WHERE w.doc_id = c.doc_id)"
        )
        (count,) = con.execute("SELECT count(*) FROM _watch_new").fetchall()[0]
        if count:
            con.execute(
                f"INSERT INTO watch_pending (source, target, since) SELECT {KEYS}, min(date) "
                "FROM events WHERE doc_id IN (SELECT doc_id FROM _watch_new) "
                "AND target IS NOT NULL AND target <> '' AND date IS NOT NULL GROUP BY ALL "
                "ON CONFLICT (source, target) DO UPDATE SET since = least(since, excluded.since)"
            )
            con.execute("INSERT INTO watch_examined SELECT doc_id FROM _watch_new")
        con.execute("DROP TABLE _watch_new")
    return int(count)


def queue_events_after(store: Store, rowid: int) -> None:
    """Queue the dyads of events appended after ``rowid`` (an event-file import)."""
    store.con.execute(
        f"INSERT INTO watch_pending (source, target, since) SELECT {KEYS}, min(date) "
        "FROM events WHERE rowid > ? AND target IS NOT NULL AND target <> '' "
        "AND date IS NOT NULL GROUP BY ALL "
        "ON CONFLICT (source, target) DO UPDATE SET since = least(since, excluded.since)",
        [rowid],
    )


def last_rowid(store: Store) -> int:
    (value,) = store.con.execute("SELECT coalesce(max(rowid), -1) FROM events").fetchall()[0]
    return int(value)


def pending(store: Store) -> pd.DataFrame:
    """The queued dyads: source, target, since."""
    return store.con.execute(
        "SELECT source, target, since FROM watch_pending ORDER BY source, target"
    ).df()
