"""``/api/v1`` analysis resources: dyad series, shifts, partners and blocs.

Each endpoint validates its parameters and calls one function of :mod:`shiftwatch.analysis`;
tables come back as ``{"columns": [...], "rows": [...]}``. Answers are cached until the next
write (see :meth:`shiftwatch.web.deps.Database.cached`).
"""

from __future__ import annotations

from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Depends, Query, Request

from shiftwatch import analysis
from shiftwatch.cli.output import _plain, records
from shiftwatch.store import Store
from shiftwatch.web import deps, downloads
from shiftwatch.web.jsonout import dumps, json_response
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


def table_json(frame: pd.DataFrame) -> bytes:
    """``rows(frame)`` as JSON bytes, without visiting every cell in Python first."""
    columns = [str(column) for column in frame.columns]
    return dumps({"columns": columns, "rows": frame.set_axis(columns, axis=1).to_dict("records")})


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
    """The A-B relationship per period: event counts and the cooperation index."""
    check_range(date_from, date_to)
    a, b = actor_key(request, store, a), actor_key(request, store, b)
    return json_response(
        await deps.database(request).answer(
            ("series", a, b, freq, date_from, date_to),
            lambda: table_json(
                analysis.dyad_series(store, a, b, freq=freq, date_from=date_from, date_to=date_to)
            ),
        )
    )


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
        await deps.database(request).answer(
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
    check_range(date_from, date_to)
    code = actor_key(request, store, actor)
    if format == "csv":
        frame = analysis.partner_shares(
            store, code, freq=freq, date_from=date_from, date_to=date_to
        )
        return downloads.table_csv(frame, f"shiftwatch-partners-{code}.csv")
    return json_response(
        await deps.database(request).answer(
            ("partners", code, freq, date_from, date_to),
            lambda: table_json(
                analysis.partner_shares(
                    store, code, freq=freq, date_from=date_from, date_to=date_to
                )
            ),
        )
    )


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

    ``format=csv`` gives one row per (window, actor) with its bloc.
    """
    check_range(date_from, date_to)
    if format == "csv":
        report = analysis.alignment_blocs(
            store, date_from=date_from, date_to=date_to, window=window
        )
        return downloads.table_csv(report.memberships(), "shiftwatch-blocs.csv")
    return await deps.database(request).answer(
        ("blocs", date_from, date_to, window),
        lambda: _plain(
            analysis.alignment_blocs(
                store, date_from=date_from, date_to=date_to, window=window
            ).to_dict()
        ),
    )
