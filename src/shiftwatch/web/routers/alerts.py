"""Alerts raised by ``shiftwatch watch``: ``GET /api/v1/alerts`` and the ``/alerts`` page.

Both list the newest first; each alert links to its dyad page and to the documents of the
events that drive it. A store without an alerts table (Parquet events) has no alerts.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import duckdb
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from shiftwatch.store import Store
from shiftwatch.watch.alerts import Alert, count_alerts, list_alerts
from shiftwatch.web import deps, render
from shiftwatch.web.routers.params import ActorQuery, Limit, Offset

api_router = APIRouter(tags=["alerts"])
page_router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
StoreDep = Annotated[Store, Depends(deps.store)]
Kind = Annotated[Literal["level", "volume", "reliance"] | None, Query(description="shift kind")]
Since = Annotated[date | None, Query(description="raised on or after (YYYY-MM-DD)")]
PAGE_ALERTS = 100


def _alerts(
    store: Store,
    kind: str | None,
    actor: str | None,
    watched: bool,
    since: date | None,
    limit: int,
    offset: int,
) -> tuple[int, list[Alert]]:
    try:
        total = count_alerts(store, kind=kind, actor=actor, watched=watched, since=since)
        found = list_alerts(
            store, kind=kind, actor=actor, watched=watched, since=since, limit=limit, offset=offset
        )
    except duckdb.CatalogException:  # events from Parquet: no alerts table
        return 0, []
    return total, found


@api_router.get("/alerts")
def alerts_api(
    store: StoreDep,
    kind: Kind = None,
    actor: ActorQuery = None,
    watched: bool = False,
    since: Since = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Alerts newest first: kind, actors, window, before/after, size, p-value, evidence."""
    total, found = _alerts(store, kind, actor, watched, since, limit, offset)
    items = [alert.to_dict() for alert in found]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def _link(url: Any) -> str | None:
    """Only http(s) addresses become links."""
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


@page_router.get("/alerts")
def alerts_page(
    request: Request,
    store: StoreDep,
    kind: Kind = None,
    actor: ActorQuery = None,
    watched: bool = False,
) -> Response:
    """The alerts page: newest first, each with its dyad link and evidence."""
    total, found = _alerts(store, kind, actor, watched, None, PAGE_ALERTS, 0)
    rows = []
    for alert in found:
        record = alert.to_dict()
        for item in record["details"].get("evidence", []):
            item["link"] = _link(item.get("url"))
        rows.append(record)
    context = {
        "alerts": rows,
        "total": total,
        "kind": kind,
        "actor": actor,
        "watched": watched,
        "read_only": request.app.state.read_only,
    }
    return render.templates().TemplateResponse(request, "alerts.html", context)
