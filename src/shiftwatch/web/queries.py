"""The read queries behind the API and the pages that the store's mixins do not offer.

Every user value is a bound parameter; only fixed column names are put into SQL text.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from shiftwatch.records import records
from shiftwatch.store import Store
from shiftwatch.store.events import EVENT_COLUMNS
from shiftwatch.store.filters import EventFilter
from shiftwatch.store.keys import key_sql

API_EVENT_COLUMNS = [name for name in EVENT_COLUMNS if name != "extra"]


def event_count(store: Store, where: EventFilter) -> int:
    """How many events match ``where`` (one narrow count; the pages' total)."""
    sql_where, params = where.sql()
    (total,) = store.con.execute(
        f"SELECT count(*) FROM events WHERE {sql_where}", params
    ).fetchone()  # type: ignore[misc]
    return int(total)


def event_rows(
    store: Store, where: EventFilter, limit: int, offset: int, newest_first: bool = False
) -> tuple[int | None, list[dict[str, Any]]]:
    """(matching events, one page of them as JSON-safe dicts) from one scan.

    The total is a window ``count(*)`` over the filtered rows, so a page costs one pass over
    the table instead of a count and a page; it is None when the page is past the end (no
    row carries it), and the caller counts. Rows come straight from ``fetchall``: a
    DataFrame round trip cost more than the query.
    """
    sql_where, params = where.sql()
    order = "date DESC NULLS LAST" if newest_first else "date NULLS LAST"
    rows = store.con.execute(
        f"SELECT {', '.join(API_EVENT_COLUMNS)}, count(*) OVER () FROM events "
        f"WHERE {sql_where} ORDER BY {order}, doc_id, sentence_idx, id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    total = int(rows[0][-1]) if rows else None
    return total, [
        dict(zip(API_EVENT_COLUMNS, map(_json_value, row[:-1]), strict=True)) for row in rows
    ]


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def event_page(
    store: Store, where: EventFilter, limit: int, offset: int, newest_first: bool = False
) -> tuple[int, list[dict[str, Any]]]:
    """(number of matching events, one page of them as JSON-safe dicts)."""
    total, rows = event_rows(store, where, limit, offset, newest_first)
    return (event_count(store, where) if total is None else total), rows


def event_by_id(store: Store, event_id: str) -> dict[str, Any] | None:
    frame = store.con.execute(
        f"SELECT {', '.join(API_EVENT_COLUMNS)} FROM events WHERE id = ?", [event_id]
    ).df()
    rows = records(frame)
    return rows[0] if rows else None


def type_counts(store: Store, where: EventFilter) -> pd.DataFrame:
    """Events per PLOVER type and quad class (for the "events by type" chart)."""
    sql_where, params = where.sql()
    return store.con.execute(
        f"SELECT type, count(*) AS events, avg(goldstein) AS goldstein FROM events "
        f"WHERE {sql_where} GROUP BY type ORDER BY events DESC, type",
        params,
    ).df()


def event_types(store: Store, where: EventFilter) -> list[str]:
    """The types present for a filter without its type restriction (the filter's choices)."""
    unrestricted = where.replace(types=())
    return list(type_counts(store, unrestricted)["type"])


def top_dyads(store: Store, limit: int = 10, offset: int = 0) -> list[dict[str, Any]]:
    """The most active undirected pairs of actors, with their mean Goldstein score."""
    counted, params = EventFilter().sql()
    frame = store.con.execute(
        "SELECT least(source, target) AS a, greatest(source, target) AS b, count(*) AS events, "
        f"avg(goldstein) AS goldstein_mean FROM events WHERE {counted} AND target IS NOT NULL "
        "AND target <> source GROUP BY 1, 2 ORDER BY events DESC, a, b LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).df()
    return records(frame)


def dyad_count(store: Store) -> int:
    """How many undirected pairs of distinct actors have at least one event."""
    counted, params = EventFilter().sql()
    row = store.con.execute(
        "SELECT count(*) FROM (SELECT DISTINCT least(source, target), greatest(source, target) "
        f"FROM events WHERE {counted} AND target IS NOT NULL AND target <> source)",
        params,
    ).fetchone()
    return int(row[0]) if row else 0


def actor_partners(store: Store, actor: str, limit: int = 15) -> list[dict[str, Any]]:
    """An actor's partners by number of events either way, with the mean Goldstein score."""
    is_source, source_params = EventFilter.actor_match("source", actor)
    either, either_params = EventFilter(actor=actor).sql()
    source, target = key_sql("source", [actor]), key_sql("target", [actor])
    frame = store.con.execute(
        f"SELECT CASE WHEN {is_source} THEN {target} ELSE {source} END AS partner, "
        "count(*) AS events, avg(goldstein) AS goldstein_mean FROM events "
        f"WHERE {either} AND target IS NOT NULL AND {source} <> {target} "
        "GROUP BY 1 ORDER BY events DESC, partner LIMIT ?",
        [*source_params, *either_params, limit],
    ).df()
    return records(frame)


def actor_known(store: Store, actor: str) -> bool:
    either, params = EventFilter(actor=actor).sql()
    row = store.con.execute(f"SELECT 1 FROM events WHERE {either} LIMIT 1", params).fetchone()
    return row is not None


def sentence_starts(store: Store, doc_ids: set[str]) -> dict[tuple[str, int], int]:
    """(doc_id, sentence idx) -> the sentence's first character in its document."""
    if not doc_ids:
        return {}
    ids = sorted(doc_ids)
    rows = store.con.execute(
        f"SELECT doc_id, idx, start_char FROM sentences "
        f"WHERE doc_id IN ({', '.join('?' for _ in ids)})",
        ids,
    ).fetchall()
    return {(doc_id, idx): start for doc_id, idx, start in rows}
