"""Bounded work per request: no parameter choice makes one answer take minutes or gigabytes.

A probe of the API found that ``/dyads/PRK/RUS/series?freq=week&date_from=0001-01-01&
date_to=9999-12-31`` built 520,000 empty weeks (485 MB of JSON, 20 s), and that one-day bloc
windows over forty years ran community detection 15,000 times. The rules here:

- dates are clamped to the store's data range (the answer says so in ``notes`` and in the
  ``X-Shiftwatch-Clamped`` header): periods outside it would all be empty;
- a series has at most :data:`MAX_PERIODS` periods; beyond that a 422 names the parameters
  to narrow;
- a bloc window is at least :data:`MIN_WINDOW_DAYS` long and there are at most
  :data:`MAX_WINDOWS` of them;
- an answer is at most :data:`MAX_RESPONSE_BYTES`;
- an analysis gets :data:`TIME_BUDGET_SECONDS`; past it the client gets a 503 and the
  request's DuckDB query is interrupted, so the worker is free again.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from shiftwatch.errors import InputError, ShiftwatchError

MAX_PERIODS = 2000
MIN_WINDOW_DAYS = 28
MAX_WINDOWS = 600
MAX_RESPONSE_BYTES = 16 * 1024 * 1024
TIME_BUDGET_SECONDS = 10.0
FREQ_DAYS = {"day": 1, "week": 7, "month": 30.4375, "quarter": 91.3125, "year": 365.25}
WINDOW_DAYS = {"D": 1, "W": 7, "M": 30.4375, "Q": 91.3125, "Y": 365.25}


class TooSlow(ShiftwatchError):
    """An analysis ran past its time budget; the client should narrow it or retry later."""

    http_status = 503


class TooLarge(ShiftwatchError):
    """An answer would be larger than :data:`MAX_RESPONSE_BYTES`."""

    http_status = 422


def time_budget() -> float:
    """Seconds an analysis may take (``SHIFTWATCH_WEB_TIME_BUDGET`` overrides the default)."""
    value = os.environ.get("SHIFTWATCH_WEB_TIME_BUDGET")
    return float(value) if value else TIME_BUDGET_SECONDS


def clamp_dates(
    data_range: tuple[date | None, date | None],
    date_from: date | None,
    date_to: date | None,
) -> tuple[date | None, date | None, list[str]]:
    """``date_from``/``date_to`` moved inside the store's first..last event date.

    Returns the dates to use and one note per date that moved. With no events there is no
    range and the dates are kept (the answer is empty anyway).
    """
    first, last = data_range
    notes: list[str] = []
    if first is None or last is None:
        return date_from, date_to, notes
    if date_from is not None and date_from < first:
        notes.append(f"date_from {date_from} is before the first event; used {first}")
        date_from = first
    if date_to is not None and date_to > last:
        notes.append(f"date_to {date_to} is after the last event; used {last}")
        date_to = last
    if date_from is not None and date_from > last:
        notes.append(f"date_from {date_from} is after the last event; used {last}")
        date_from = last
    if date_to is not None and date_to < first:
        notes.append(f"date_to {date_to} is before the first event; used {first}")
        date_to = first
    return date_from, date_to, notes


def check_periods(
    data_range: tuple[date | None, date | None],
    date_from: date | None,
    date_to: date | None,
    freq: str,
) -> None:
    """Refuse a series of more than :data:`MAX_PERIODS` periods, naming what to narrow."""
    start, end = date_from or data_range[0], date_to or data_range[1]
    if start is None or end is None:
        return
    periods = int((end - start).days / FREQ_DAYS[freq]) + 1
    if periods > MAX_PERIODS:
        raise InputError(
            "freq",
            f"{periods:,} {freq}s from {start} to {end} is more than {MAX_PERIODS:,} periods; "
            "narrow date_from/date_to or use a coarser freq",
        )


def window_days(window: str) -> float:
    """A bloc window such as ``6M`` in days."""
    return int(window[:-1]) * WINDOW_DAYS[window[-1]]


def check_windows(
    data_range: tuple[date | None, date | None],
    date_from: date | None,
    date_to: date | None,
    window: str,
) -> None:
    """Refuse bloc windows shorter than :data:`MIN_WINDOW_DAYS` or more than
    :data:`MAX_WINDOWS` of them."""
    days = window_days(window)
    if days < MIN_WINDOW_DAYS:
        raise InputError(
            "window", f"{window} is shorter than {MIN_WINDOW_DAYS} days; use 4W, 1M or more"
        )
    start, end = date_from or data_range[0], date_to or data_range[1]
    if start is not None and end is not None:
        windows = int((end - start).days / days) + 1
        if windows > MAX_WINDOWS:
            raise InputError(
                "window",
                f"{windows:,} windows of {window} from {start} to {end} is more than "
                f"{MAX_WINDOWS}; narrow date_from/date_to or use a longer window",
            )


def check_size(body: bytes, what: str) -> bytes:
    """``body`` if it is small enough to send, else a 422 saying how large it would be."""
    if len(body) > MAX_RESPONSE_BYTES:
        raise TooLarge(
            f"{what}: the answer would be {len(body) / 2**20:.0f} MB, more than the "
            f"{MAX_RESPONSE_BYTES // 2**20} MB limit; narrow the dates or filters"
        )
    return body


def clamped_header(notes: list[str]) -> dict[str, str]:
    """The ``X-Shiftwatch-Clamped`` header for an answer whose dates were moved."""
    return {"X-Shiftwatch-Clamped": "; ".join(notes)} if notes else {}


def with_notes(payload: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """The payload with its ``notes`` (what was changed in the request, and why)."""
    return {**payload, "notes": notes} if notes else payload
