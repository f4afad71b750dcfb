"""``/api/v1/events`` and the overview resources (status, most active dyads)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from shiftwatch.errors import NotFoundError
from shiftwatch.records import json_bytes
from shiftwatch.store import Store
from shiftwatch.web import deps, downloads, queries
from shiftwatch.web.jsonout import json_response
from shiftwatch.web.routers.params import Filter, IdPath, Limit, Offset
from shiftwatch.web.schemas import DyadPage, EventOut, EventPage

router = APIRouter(tags=["events"])
StoreDep = Annotated[Store, Depends(deps.store)]


@router.get("/events", response_model=EventPage)
async def list_events(
    request: Request,
    store: StoreDep,
    where: Filter,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Annotated[
        Literal["json", "csv"],
        Query(description="json: one page; csv: every matching event, streamed (no paging)"),
    ] = "json",
) -> Any:
    """Events matching every filter, oldest first; ``actor`` matches either side.

    ``format=csv`` downloads every matching event as CSV, streamed, whatever their number.
    """
    if format == "csv":
        return downloads.event_csv(deps.database(request), where, "shiftwatch-events.csv")

    def page() -> bytes:
        total, items = queries.event_page(store, where, limit, offset)
        return json_bytes({"total": total, "limit": limit, "offset": offset, "items": items})

    key = ("events", repr(where), limit, offset)
    return json_response(await deps.database(request).answer(key, page))


@router.get("/events/{event_id}", response_model=EventOut)
def get_event(store: StoreDep, event_id: IdPath) -> Any:
    """One event by id."""
    event = queries.event_by_id(store, event_id)
    if event is None:
        raise NotFoundError(f"event {event_id!r} not found")
    return event


@router.get("/dyads", response_model=DyadPage)
def list_dyads(
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="pairs per page (1-1000)")] = 20,
    offset: Offset = 0,
) -> Any:
    """The most active pairs of actors (either direction), busiest first, one page of them."""
    items = queries.top_dyads(store, limit, offset)
    return {"total": queries.dyad_count(store), "limit": limit, "offset": offset, "items": items}


@router.get("/status")
def get_status(store: StoreDep) -> dict[str, Any]:
    """Counts of documents, sentences and events and the dates they span."""
    summary = store.status()
    summary.pop("database", None)
    return summary
