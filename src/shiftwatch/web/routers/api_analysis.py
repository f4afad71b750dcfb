"""``/api/v1`` analysis resources: dyad series, shifts, partners and blocs.

Each endpoint validates its parameters and calls one function of :mod:`shiftwatch.analysis`;
tables come back as ``{"columns": [...], "rows": [...]}``. Answers are cached until the next
write (see :meth:`shiftwatch.web.deps.Database.cached`); the work each request may ask for
is bounded (:mod:`shiftwatch.web.limits`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Depends, Query, Request

from shiftwatch import analysis
from shiftwatch.records import json_bytes, plain, records
from shiftwatch.store import Store
from shiftwatch.web import deps, downloads, limits
from shiftwatch.web.jsonout import json_response
from shiftwatch.web.routers.params import (
    ActorPath,
    ActorQuery,
    DateFrom,
    DateTo,
    Freq,
    TableFormat,
    actor_key,
    check_range,
)
from shiftwatch.web.schemas import Rows

router = APIRouter(tags=["analysis"])
StoreDep = Annotated[Store, Depends(deps.store)]


def rows(frame: pd.DataFrame) -> dict[str, Any]:
    return {"columns": [str(column) for column in frame.columns], "rows": records(frame)}


def table_json(frame: pd.DataFrame, notes: list[str] | None = None) -> bytes:
    """``rows(frame)`` as JSON bytes, without visiting every cell in Python first; ``notes``
    say what was changed in the request (dates clamped to the data range)."""
    columns = [str(column) for column in frame.columns]
    table = {"columns": columns, "rows": frame.set_axis(columns, axis=1).to_dict("records")}
    return json_bytes(limits.with_notes(table, notes or []))


async def _answer(
    request: Request, store: Store, key: tuple[Any, ...], compute: Callable[[], bytes]
) -> bytes:
    """The cached answer, computed within the time budget and the response-size limit."""
    database = deps.database(request)
    return await database.answer(
        key,
        lambda: limits.check_size(compute(), request.url.path),
        budget=limits.time_budget(),
        interrupt=store.con.interrupt,
    )


def _clamped(
    request: Request, store: Store, date_from: date | None, date_to: date | None
) -> tuple[tuple[date | None, date | None], date | None, date | None, list[str]]:
    """The store's data range and the dates moved inside it (with notes saying so)."""
    check_range(date_from, date_to)
    data_range = deps.database(request).data_range(store)
    return (data_range, *limits.clamp_dates(data_range, date_from, date_to))


@router.get("/dyads/{a}/{b}/series", response_model=Rows)
async def dyad_series(
    request: Request,
    store: StoreDep,
    a: ActorPath,
    b: ActorPath,
    freq: Freq = "month",
    date_from: DateFrom = None,
    date_to: DateTo = None,
) -> Any:
    """The A-B relationship per period: event counts and the cooperation index.

    Dates outside the store's data range are clamped to it (``notes`` says so); at most
    2,000 periods, else a 422 naming the parameters to narrow.
    """
    data_range, date_from, date_to, notes = _clamped(request, store, date_from, date_to)
    limits.check_periods(data_range, date_from, date_to, freq)
    a, b = actor_key(request, store, a), actor_key(request, store, b)
    body = await _answer(
        request,
        store,
        ("series", a, b, freq, date_from, date_to),
        lambda: table_json(
            analysis.dyad_series(store, a, b, freq=freq, date_from=date_from, date_to=date_to),
            notes,
        ),
    )
    return json_response(body, headers=limits.clamped_header(notes))


@router.get("/shifts", response_model=Rows)
async def shifts(
    request: Request,
    store: StoreDep,
    actor: ActorQuery = None,
    min_events: Annotated[int, Query(ge=1, le=100_000)] = 10,
    top: Annotated[int, Query(ge=1, le=1000)] = 20,
    freq: Freq = "month",
    format: TableFormat = "json",
) -> Any:
    """Detected shifts (change points) in dyads' cooperation, largest first."""
    code = actor_key(request, store, actor) if actor else None
    if format == "csv":
        frame = analysis.detect_shifts(store, actor=code, min_events=min_events, top=top, freq=freq)
        return downloads.table_csv(frame, "shiftwatch-shifts.csv")
    return json_response(
        await _answer(
            request,
            store,
            ("shifts", code, min_events, top, freq),
            lambda: table_json(
                analysis.detect_shifts(store, actor=code, min_events=min_events, top=top, freq=freq)
            ),
        )
    )


@router.get("/actors/{actor}/partners", response_model=Rows)
async def partners(
    request: Request,
    store: StoreDep,
    actor: ActorPath,
    freq: Freq = "quarter",
    date_from: DateFrom = None,
    date_to: DateTo = None,
    format: TableFormat = "json",
) -> Any:
    """Each partner's share of the actor's interactions per period (its reliance)."""
    data_range, date_from, date_to, notes = _clamped(request, store, date_from, date_to)
    limits.check_periods(data_range, date_from, date_to, freq)
    code = actor_key(request, store, actor)
    if format == "csv":
        frame = analysis.partner_shares(
            store, code, freq=freq, date_from=date_from, date_to=date_to
        )
        return downloads.table_csv(frame, f"shiftwatch-partners-{code}.csv")
    body = await _answer(
        request,
        store,
        ("partners", code, freq, date_from, date_to),
        lambda: table_json(
            analysis.partner_shares(store, code, freq=freq, date_from=date_from, date_to=date_to),
            notes,
        ),
    )
    return json_response(body, headers=limits.clamped_header(notes))


@router.get("/blocs")
async def blocs(
    request: Request,
    store: StoreDep,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    window: Annotated[str, Query(pattern=r"^[1-9][0-9]?[DWMQY]$")] = "6M",
    format: TableFormat = "json",
) -> Any:
    """Alignment blocs per window: nodes, signed edges, blocs, and actors that moved.

    ``format=csv`` gives one row per (window, actor) with its bloc. Windows are at least 28
    days (``4W``, ``1M``) and at most 600 of them.
    """
    data_range, date_from, date_to, notes = _clamped(request, store, date_from, date_to)
    limits.check_windows(data_range, date_from, date_to, window)
    if format == "csv":
        report = analysis.alignment_blocs(
            store, date_from=date_from, date_to=date_to, window=window
        )
        return downloads.table_csv(report.memberships(), "shiftwatch-blocs.csv")

    def compute() -> bytes:
        report = analysis.alignment_blocs(
            store, date_from=date_from, date_to=date_to, window=window
        )
        return json_bytes(limits.with_notes(plain(report.to_dict()), notes))

    body = await _answer(request, store, ("blocs", date_from, date_to, window), compute)
    return json_response(body, headers=limits.clamped_header(notes))
