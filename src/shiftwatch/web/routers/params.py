"""Validated query parameters shared by routers: bad values become 422 before any SQL runs."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, Path, Query, Request
from pydantic import StringConstraints

from shiftwatch.errors import InputError
from shiftwatch.store import Store
from shiftwatch.store.filters import EventFilter
from shiftwatch.validate import check_actor_key, check_modality, check_mode, check_type
from shiftwatch.web import deps
from shiftwatch.web.schemas import ACTOR_PATTERN, ID_PATTERN, MAX_PAGE, TYPE_PATTERN

MAX_OFFSET = 10_000_000

Modality = Annotated[
    str | None,
    Query(max_length=32, description="asserted, alleged, future, negated or hypothetical"),
]
Freq = Literal["week", "month", "quarter", "year"]

TableFormat = Annotated[
    Literal["json", "csv"], Query(description="json (default) or csv, downloaded as a file")
]
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


def actor_key(request: Request, store: Store, value: str) -> str:
    """``value`` as a stored actor key, or 422 naming the nearest known codes (as the CLI)."""
    from shiftwatch.actors.kb import load_knowledge_base

    kb = load_knowledge_base(request.app.state.settings.actors)
    return check_actor_key(value, store=store, kb=kb)


async def event_filter(
    request: Request,
    store: Annotated[Store, Depends(deps.store)],
    actor: ActorQuery = None,
    source: ActorQuery = None,
    target: ActorQuery = None,
    type: Types = [],  # noqa: B006 - FastAPI copies defaults per request
    modality: Modality = None,
    mode: Annotated[
        str | None,
        Query(max_length=32, description="PLOVER mode, e.g. aerial", examples=["aerial"]),
    ] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    doc_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    dyad: Annotated[
        str | None,
        Query(max_length=80, description="two actors, either direction: A,B", examples=["PRK,RUS"]),
    ] = None,
    include_statements: Annotated[
        bool, Query(description="also imported statements (CAMEO 01x: no PLOVER type)")
    ] = False,
) -> EventFilter:
    """The events filters as one dependency, validated and upper-cased (async: no I/O, so
    no trip through the thread pool)."""
    check_range(date_from, date_to)
    types = [check_type(value) for value in type]
    return EventFilter(
        actor=actor_key(request, store, actor) if actor else None,
        source=actor_key(request, store, source) if source else None,
        target=actor_key(request, store, target) if target else None,
        types=types,
        modes=[check_mode(mode, types[0] if len(types) == 1 else None)] if mode else [],
        modalities=[check_modality(modality)] if modality else [],
        date_from=date_from,
        date_to=date_to,
        doc_id=doc_id,
        dyad=_dyad(request, store, dyad) if dyad else None,
        include_statements=include_statements,
    )


def _dyad(request: Request, store: Store, value: str) -> tuple[str, str]:
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise InputError("dyad", f"{value[:40]!r} is not two actor codes such as PRK,RUS")
    return actor_key(request, store, parts[0]), actor_key(request, store, parts[1])


Filter = Annotated[EventFilter, Depends(event_filter)]
