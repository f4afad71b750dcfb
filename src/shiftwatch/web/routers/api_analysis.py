"""``/api/v1`` analysis resources: dyad series, shifts, partners and blocs.

Each endpoint validates its parameters and calls one function of :mod:`shiftwatch.analysis`;
tables come back as ``{"columns": [...], "rows": [...]}``.
"""

from __future__ import annotations

from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Depends, Query

from shiftwatch import analysis
from shiftwatch.cli.output import _plain, records
from shiftwatch.store import Store
from shiftwatch.web import deps
from shiftwatch.web.routers.params import (
    ActorPath,
    ActorQuery,
    DateFrom,
    DateTo,
    Freq,
    check_range,
)
from shiftwatch.web.schemas import Rows

router = APIRouter(tags=["analysis"])
StoreDep = Annotated[Store, Depends(deps.store)]


def rows(frame: pd.DataFrame) -> dict[str, Any]:
    return {"columns": [str(column) for column in frame.columns], "rows": records(frame)}


@router.get("/dyads/{a}/{b}/series", response_model=Rows)
def dyad_series(
    store: StoreDep,
    a: ActorPath,
    b: ActorPath,
    freq: Freq = "month",
    date_from: DateFrom = None,
    date_to: DateTo = None,
) -> Any:
    """The A-B relationship per period: event counts and the cooperation index."""
    check_range(date_from, date_to)
    return rows(
        analysis.dyad_series(
            store, a.upper(), b.upper(), freq=freq, date_from=date_from, date_to=date_to
        )
    )


@router.get("/shifts", response_model=Rows)
def shifts(
    store: StoreDep,
    actor: ActorQuery = None,
    min_events: Annotated[int, Query(ge=1, le=100_000)] = 10,
    top: Annotated[int, Query(ge=1, le=1000)] = 20,
    freq: Freq = "month",
) -> Any:
    """Detected shifts (change points) in dyads' cooperation, largest first."""
    return rows(
        analysis.detect_shifts(
            store, actor=actor.upper() if actor else None, min_events=min_events, top=top, freq=freq
        )
    )


@router.get("/actors/{actor}/partners", response_model=Rows)
def partners(
    store: StoreDep,
    actor: ActorPath,
    freq: Freq = "quarter",
    date_from: DateFrom = None,
    date_to: DateTo = None,
) -> Any:
    """Each partner's share of the actor's interactions per period (its reliance)."""
    check_range(date_from, date_to)
    return rows(
        analysis.partner_shares(
            store, actor.upper(), freq=freq, date_from=date_from, date_to=date_to
        )
    )


@router.get("/blocs")
def blocs(
    store: StoreDep,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    window: Annotated[str, Query(pattern=r"^[1-9][0-9]?[MY]$")] = "6M",
) -> dict[str, Any]:
    """Alignment blocs: groups of actors that act alike toward third parties."""
    check_range(date_from, date_to)
    report = analysis.alignment_blocs(store, date_from=date_from, date_to=date_to, window=window)
    return bloc_json(report)


def bloc_json(report: Any) -> dict[str, Any]:
    """A BlocReport as JSON: windows (nodes, signed edges, blocs) and the actors that moved."""
    return _plain(report.to_dict())
