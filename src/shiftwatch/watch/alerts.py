"""Alerts: the record a shift kind produces, raised once into the store, then delivered.

An alert is *the same shift* as a stored one when kind, actors and direction agree and their
windows meet (level breaks within a quarter of each other; volume and reliance windows that
overlap or touch). Such a shift is raised again only when it has grown by
:data:`GROWTH` (its size a quarter larger than any time before), so a pass that re-tests a
dyad with nothing new to say raises nothing. Raising happens inside the caller's transaction,
together with clearing the dyads it re-tested, so a killed pass neither loses nor doubles one.
Delivery (JSON lines, webhook) follows the commit and is idempotent by alert id.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shiftwatch.errors import ConfigError

if TYPE_CHECKING:
    from shiftwatch.store import Store

log = logging.getLogger(__name__)

KINDS = ("level", "volume", "reliance")
GROWTH = 1.25
LEVEL_TOLERANCE = timedelta(days=92)
WINDOW_TOLERANCE = timedelta(days=31)
EVIDENCE_EVENTS = 3
ALERT_COLUMNS = (
    "id, kind, actors, direction, window_start, window_end, before, after, size, p_value, "
    "watched, summary, event_ids, details, raised_at"
)


@dataclass
class Alert:
    """One shift worth telling a reader about, with what it takes to check it.

    ``before``/``after`` are the measured values on each side (a cooperation index for
    ``level``, events per period for ``volume``, a partner's share for ``reliance``);
    ``size`` is after - before and ``p_value`` the significance of the change;
    ``window_start``..``window_end`` is the stretch after the change; ``event_ids`` are
    the events that drive it and ``details["evidence"]`` their sentences.
    """

    kind: str
    actors: tuple[str, ...]
    direction: str
    window_start: date
    window_end: date
    before: float
    after: float
    size: float
    p_value: float
    summary: str
    event_ids: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    watched: bool = False
    raised_at: datetime | None = None
    id: str = ""

    def key(self) -> str:
        """A stable id: the same shift measured the same way gets the same id on any run."""
        text = "|".join(
            [
                self.kind,
                "-".join(self.actors),
                self.direction,
                self.window_start.isoformat(),
                self.window_end.isoformat(),
                f"{self.size:.4f}",
            ]
        )
        return hashlib.sha1(text.encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of an alert (CLI ``--json``, JSON lines, API, webhook)."""
        record = asdict(self)
        record["actors"] = list(self.actors)
        record["window_start"] = self.window_start.isoformat()
        record["window_end"] = self.window_end.isoformat()
        record["raised_at"] = self.raised_at.isoformat() if self.raised_at else None
        for name in ("before", "after", "size"):
            record[name] = round(float(record[name]), 4)
        record["p_value"] = float(f"{self.p_value:.3g}")
        return {"id": record.pop("id"), **record}


def _same_shift(alert: Alert, old: Alert) -> bool:
    if alert.kind == "level":
        return abs(alert.window_start - old.window_start) <= LEVEL_TOLERANCE
    return (
        alert.window_start <= old.window_end + WINDOW_TOLERANCE
        and old.window_start <= alert.window_end + WINDOW_TOLERANCE
    )


def _row_alert(row: tuple[Any, ...]) -> Alert:
    (ident, kind, actors, direction, start, end, before, after, size, p_value, watched) = row[:11]
    summary, event_ids, details, raised_at = row[11:15]
    return Alert(
        id=ident,
        kind=kind,
        actors=tuple(actors),
        direction=direction,
        window_start=start,
        window_end=end,
        before=before,
        after=after,
        size=size,
        p_value=p_value,
        watched=bool(watched),
        summary=summary,
        event_ids=list(event_ids or []),
        details=json.loads(details) if isinstance(details, str) else (details or {}),
        raised_at=raised_at,
    )


def raise_alerts(store: Store, candidates: list[Alert]) -> list[Alert]:
    """Store the candidates that are new shifts, or grown ones; returns those raised.

    Runs inside the caller's transaction (see :func:`shiftwatch.watch.runner.run_pass`).
    """
    raised: list[Alert] = []
    now = datetime.now().replace(microsecond=0)
    for alert in candidates:
        rows = store.con.execute(
            f"SELECT {ALERT_COLUMNS} FROM alerts WHERE kind = ? AND actors = ? AND direction = ?",
            [alert.kind, list(alert.actors), alert.direction],
        ).fetchall()
        same = [old for old in map(_row_alert, rows) if _same_shift(alert, old)]
        if same:
            largest = max(same, key=lambda old: abs(old.size))
            if abs(alert.size) < GROWTH * abs(largest.size):
                continue
            alert.details["grows"] = largest.id
        alert.id = alert.key()
        alert.raised_at = now
        store.con.execute(
            "INSERT INTO alerts (id, kind, actors, direction, window_start, window_end, before, "
            "after, size, p_value, watched, summary, event_ids, details, raised_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [
                alert.id,
                alert.kind,
                list(alert.actors),
                alert.direction,
                alert.window_start,
                alert.window_end,
                float(alert.before),
                float(alert.after),
                float(alert.size),
                float(alert.p_value),
                alert.watched,
                alert.summary,
                alert.event_ids,
                json.dumps(alert.details, default=str),
                now,
            ],
        )
        raised.append(alert)
    return raised


def _filters(
    kind: str | None, actor: str | None, watched: bool, since: date | None
) -> tuple[str, list[object]]:
    if kind and kind not in KINDS:
        raise ConfigError(f"unknown alert kind {kind!r}; use one of {', '.join(KINDS)}")
    where: list[str] = ["TRUE"]
    params: list[object] = []
    if kind:
        where.append("kind = ?")
        params.append(kind)
    if actor:
        where.append("list_contains(actors, ?)")
        params.append(actor.strip().upper())
    if watched:
        where.append("watched")
    if since:
        where.append("raised_at >= ?")
        params.append(since)
    return " AND ".join(where), params


def list_alerts(
    store: Store,
    *,
    kind: str | None = None,
    actor: str | None = None,
    watched: bool = False,
    since: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Alert]:
    """Stored alerts, newest first, filtered by kind, actor (either side) and watchlist."""
    where, params = _filters(kind, actor, watched, since)
    rows = store.con.execute(
        f"SELECT {ALERT_COLUMNS} FROM alerts WHERE {where} "
        "ORDER BY raised_at DESC, abs(size) DESC, id LIMIT ? OFFSET ?",
        [*params, int(limit), int(offset)],
    ).fetchall()
    return [_row_alert(row) for row in rows]


def count_alerts(
    store: Store,
    *,
    kind: str | None = None,
    actor: str | None = None,
    watched: bool = False,
    since: date | None = None,
) -> int:
    """How many stored alerts match (the ``total`` of an API page)."""
    where, params = _filters(kind, actor, watched, since)
    rows = store.con.execute(f"SELECT count(*) FROM alerts WHERE {where}", params).fetchall()
    return int(rows[0][0])


def evidence(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    """The driving events as records a reader can check: date, actors, type, sentence, link."""
    if not ids:
        return []
    rows = store.con.execute(
        "SELECT id, doc_id, date, source, target, type, goldstein, sentence, url FROM events "
        "WHERE id IN (SELECT unnest(?))",
        [ids],
    ).fetchall()
    found = {
        row[0]: {
            "id": row[0],
            "doc_id": row[1],
            "date": row[2].isoformat() if row[2] else None,
            "source": row[3],
            "target": row[4],
            "type": row[5],
            "goldstein": row[6],
            "sentence": row[7],
            "url": row[8],
        }
        for row in rows
    }
    return [found[i] for i in ids if i in found]


def undelivered(store: Store) -> list[Alert]:
    rows = store.con.execute(
        f"SELECT {ALERT_COLUMNS} FROM alerts WHERE NOT delivered ORDER BY raised_at, id"
    ).fetchall()
    return [_row_alert(row) for row in rows]


def _ids_in_file(path: Path) -> set[str]:
    ids: set[str] = set()
    if not path.exists():
        return ids
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                ids.add(json.loads(line)["id"])
            except (ValueError, KeyError, TypeError):
                continue
    return ids


def append_jsonl(path: Path, alerts: list[Alert]) -> int:
    """Append the alerts not already in ``path`` (one JSON object a line); returns how many.

    Checking the file's ids makes delivery exactly-once even if a pass was killed between
    writing the file and marking the alerts delivered.
    """
    present = _ids_in_file(path)
    fresh = [alert for alert in alerts if alert.id not in present]
    if not fresh:
        return 0
    with path.open("a", encoding="utf-8") as handle:
        for alert in fresh:
            handle.write(json.dumps(alert.to_dict(), ensure_ascii=False, default=str) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return len(fresh)


def mark_delivered(store: Store, alerts: list[Alert]) -> None:
    if alerts:
        store.con.execute(
            "UPDATE alerts SET delivered = true WHERE id IN (SELECT unnest(?))",
            [[alert.id for alert in alerts]],
        )


def post_webhook(
    url: str, alerts: list[Alert], *, retries: int = 3, backoff: float = 1.0, timeout: float = 10
) -> list[str]:
    """POST each alert as JSON to ``url``, retrying failures; returns one line per failure."""
    import httpx

    from shiftwatch.watch.fetch import user_agent

    failures: list[str] = []
    with httpx.Client(timeout=timeout, headers={"User-Agent": user_agent()}) as client:
        for alert in alerts:
            problem = ""
            for attempt in range(retries + 1):
                try:
                    response = client.post(url, json=alert.to_dict())
                    if response.status_code < 300:
                        problem = ""
                        break
                    problem = f"HTTP {response.status_code}"
                except httpx.HTTPError as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                if attempt < retries:
                    time.sleep(backoff * 2**attempt)
            if problem:
                failures.append(f"{url}: alert {alert.id} not delivered ({problem})")
    return failures
