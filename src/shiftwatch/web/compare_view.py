"""Two relationships (or two actors) on one chart: "is PRK–RUS warming faster than PRK–CHN?"

A subject is a dyad (``PRK-RUS``: both directions pooled) or one actor (``PRK``: everything it
does and has done to it). Each becomes one cooperation-index line over the same periods, so
the lines can be read against each other; a period with no events is a gap in its line.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pandas as pd

from shiftwatch import charts
from shiftwatch.errors import InputError
from shiftwatch.store import Store
from shiftwatch.store.filters import EventFilter
from shiftwatch.web import queries, render

CODE = r"[A-Z][A-Z0-9_.]{0,31}\*?"
SUBJECT = re.compile(rf"^({CODE})(?:\s*[-–,]\s*({CODE}))?$")
"""An actor key (``PRK``, ``SYR.REB``, ``SYR*``) or two joined by ``-``, ``–`` or ``,``."""


def parse_subject(value: str, name: str) -> tuple[str, ...]:
    """``"PRK-RUS"`` → ``("PRK", "RUS")``; ``"PRK"`` → ``("PRK",)``; anything else is a 422."""
    match = SUBJECT.match(value.strip().upper())
    if not match:
        raise InputError(name, f"{value[:40]!r} is not an actor code or a dyad such as PRK-RUS")
    return tuple(code for code in match.groups() if code)


def label(subject: tuple[str, ...]) -> str:
    return "–".join(subject)


def subject_counts(
    store: Store, subject: tuple[str, ...], freq: str, start: date | None, end: date | None
) -> pd.DataFrame:
    """Cooperative and conflictual events per period for one subject (period, coop, conflict)."""
    from shiftwatch.analysis import dyad_series, partner_shares

    if len(subject) == 2:
        frame = dyad_series(store, subject[0], subject[1], freq=freq, date_from=start, date_to=end)
        counts = frame.groupby("period")[["cooperative", "conflictual"]].sum()
    else:
        frame = partner_shares(store, subject[0], freq=freq, date_from=start, date_to=end)
        counts = frame.groupby("period")[["cooperative", "conflictual"]].sum()
    counts.index = pd.to_datetime(counts.index)
    return counts


def compare_context(
    store: Store,
    subjects: list[tuple[str, ...]],
    freq: str = "quarter",
    start: date | None = None,
    end: date | None = None,
) -> dict[str, Any]:
    """The compare page: one line per subject over the union of their periods, and a table."""
    from shiftwatch.analysis import cooperation_index

    for subject in subjects:
        if not queries.event_count(store, _filter(subject)):
            raise InputError("compare", f"no events for {label(subject)} in this store")
    counted = {
        label(subject): subject_counts(store, subject, freq, start, end) for subject in subjects
    }
    periods = sorted({period for frame in counted.values() for period in frame.index})
    rows: list[dict[str, Any]] = []
    totals: list[dict[str, Any]] = []
    for name, frame in counted.items():
        frame = frame.reindex(periods, fill_value=0)
        index, low, high = cooperation_index(frame["cooperative"], frame["conflictual"])
        for period, coop, conflict, value, lo, hi in zip(
            frame.index, frame["cooperative"], frame["conflictual"], index, low, high, strict=True
        ):
            events = int(coop + conflict)
            rows.append(
                {
                    "period": period.date().isoformat(),
                    "subject": name,
                    "events": events,
                    "coop_index": float(value) if events else None,
                    "coop_low": float(lo) if events else None,
                    "coop_high": float(hi) if events else None,
                }
            )
        coop, conflict = int(frame["cooperative"].sum()), int(frame["conflictual"].sum())
        totals.append(
            {
                "subject": name,
                "cooperative": coop,
                "conflictual": conflict,
                "index": (coop - conflict) / (coop + conflict) if coop + conflict else None,
            }
        )
    spec = charts.cooperation_chart(rows, line_field="subject")
    return {"chart": render.chart(spec), "totals": totals, "rows": rows}


def _filter(subject: tuple[str, ...]) -> EventFilter:
    if len(subject) == 2:
        return EventFilter(dyad=(subject[0], subject[1]))
    return EventFilter(actor=subject[0])
