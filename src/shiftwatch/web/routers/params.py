"""Validated query parameters shared by routers: bad values become 422 before any SQL runs."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, Path, Query
from pydantic import StringConstraints

from shiftwatch.errors import InputError
from shiftwatch.web.queries import EventFilter
from shiftwatch.web.schemas import ACTOR_PATTERN, ID_PATTERN, MAX_PAGE, TYPE_PATTERN

MAX_OFFSET = 10_000_000

Modality = Literal["asserted", "alleged", "future", "negated", "hypothetical"]
Freq = Literal["week", "month", "quarter", "year"]

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"rows per page (1-{MAX_PAGE})")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
ActorQuery = Annotated[str | None, Query(pattern=ACTOR_PATTERN, description="actor code")]
ActorPath = Annotated[str, Path(pattern=ACTOR_PATTERN, description="actor code, e.g. PRK")]
IdPath = Annotated[str, Path(pattern=ID_PATTERN)]
DateFrom = Annotated[date | None, Query(description="on or after (YYYY-MM-DD)")]
DateTo = Annotated[date | None, Query(description="on or before (YYYY-MM-DD)")]
TypeName = Annotated[str, StringConstraints(pattern=TYPE_PATTERN)]
Types = Annotated[
    list[TypeName], Query(max_length=20, description="PLOVER types (repeat for several)")
]


def check_range(date_from: date | None, date_to: date | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise InputError("date_from", f"{date_from} is after date_to {date_to}")


async def event_filter(
    actor: ActorQuery = None,
    source: ActorQuery = None,
    target: ActorQuery = None,
    type: Types = [],  # noqa: B006 - FastAPI copies defaults per request
    modality: Modality | None = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    doc_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
) -> EventFilter:
    """The events filters as one dependency, validated and upper-cased (async: no I/O, so
    no trip through the thread pool)."""
    check_range(date_from, date_to)
    return EventFilter(
        actor=actor.upper() if actor else None,
        source=source.upper() if source else None,
        target=target.upper() if target else None,
        types=[value.upper() for value in type],
        modality=modality,
        date_from=date_from,
        date_to=date_to,
        doc_id=doc_id,
    )


Filter = Annotated[EventFilter, Depends(event_filter)]
