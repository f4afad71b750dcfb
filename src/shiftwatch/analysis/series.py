"""Dyad time series: counts by type and quad class, Goldstein, and a cooperation index.

Every analysis reads the ``events`` relation through the same :func:`load_events`, so a
repeated report of one event (the same act carried by several articles) is counted once
everywhere unless the caller asks for raw report counts.

*Same event*: same source, target, PLOVER type and mode on the same date (the ICEWS rule),
or, with ``window_days`` > 0, dated within that many days of the first report of the event
(anchored, not chained, so a daily bombing campaign is not collapsed into one event; it still
merges acts on consecutive days, which is why the default window is 0). DuckDB collapses
reports of one key on one day; the anchored merge across days runs over those few rows.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import stats

from shiftwatch.errors import ConfigError

if TYPE_CHECKING:
    from shiftwatch.store import Store

log = logging.getLogger(__name__)

FREQUENCIES = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}
QUAD_COLUMNS = {
    1: "verbal_coop",
    2: "material_coop",
    3: "verbal_conflict",
    4: "material_conflict",
}
PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
COUNTED_MODALITIES = ("asserted", "alleged")
DEFAULT_WINDOW_DAYS = 0
CONFIDENCE = 0.95


@cache
def type_quads() -> dict[str, int]:
    """PLOVER type -> quad class from the ontology tables; empty when the ontology is absent.

    Rows that carry their own ``quad_class`` (GDELT, ICEWS, coded events) never need this;
    it only fills rows imported with a type and nothing else.
    """
    try:
        from shiftwatch.ontology import plover_types
    except ImportError:
        log.info("shiftwatch.ontology not installed; quad classes come from stored rows only")
        return {}
    return {name: record.quad_class for name, record in plover_types().items()}


def actor_code(value: str) -> str:
    """An actor code as stored ("usa" -> "USA"); an empty code is a usage error."""
    code = (value or "").strip().upper()
    if not code:
        raise ConfigError("an actor code must not be empty (e.g. USA, RUS, UN)")
    return code


def period_alias(freq: str) -> str:
    """The pandas period alias for a ``--freq`` value, with a clear error for others."""
    try:
        return FREQUENCIES[freq]
    except KeyError:
        raise ConfigError(
            f"unknown frequency {freq!r}; use one of {', '.join(FREQUENCIES)}"
        ) from None


def period_start(dates: pd.Series, freq: str) -> pd.Series:
    """First day of the week (Monday) / month / quarter / year containing each date."""
    return pd.to_datetime(dates).dt.to_period(period_alias(freq)).dt.start_time


def period_range(first: Any, last: Any, freq: str) -> pd.DatetimeIndex:
    """Every period start from the one holding ``first`` to the one holding ``last``."""
    alias = period_alias(freq)
    periods = pd.period_range(pd.Timestamp(first), pd.Timestamp(last), freq=alias)
    return periods.start_time


def _quad_sql() -> str:
    quads = type_quads()
    if not quads:
        return "e.quad_class"
    cases = " ".join(f"WHEN '{name}' THEN {quad}" for name, quad in quads.items())
    return f"coalesce(e.quad_class, CASE e.type {cases} END)"


def load_events(
    store: Store,
    *,
    where: str = "TRUE",
    params: Sequence[Any] = (),
    date_from: date | None = None,
    date_to: date | None = None,
    mentions: bool = False,
    window_days: int = DEFAULT_WINDOW_DAYS,
    modalities: Sequence[str] = COUNTED_MODALITIES,
) -> pd.DataFrame:
    """Dated, targeted events matching ``where``, one row per distinct event.

    Columns: source, target, type, mode, date, quad_class, goldstein (mean over its reports),
    reports (how many report rows, weighted by each row's ``mentions``), first_id (the id of
    the first report, to fetch evidence). With ``mentions=True`` every stored row is its own
    event and ``reports`` is its ``mentions`` count: the raw-count view.
    """
    clauses = [f"({where})", "e.date IS NOT NULL", "e.target IS NOT NULL", "e.target <> ''"]
    values: list[Any] = list(params)
    if modalities:
        clauses.append(f"e.modality IN ({', '.join('?' for _ in modalities)})")
        values += list(modalities)
    if date_from:
        clauses.append("e.date >= ?")
        values.append(date_from)
    if date_to:
        clauses.append("e.date <= ?")
        values.append(date_to)
    filtered = f"FROM events e WHERE {' AND '.join(clauses)}"
    quad = _quad_sql()
    if mentions:
        sql = (
            f"SELECT e.source, e.target, e.type, e.mode, e.date, {quad} AS quad_class, "
            "e.goldstein, greatest(coalesce(e.mentions, 1), 1) AS reports, e.id AS first_id "
            f"{filtered}"
        )
        return store.con.execute(sql, values).df()
    sql = (
        f"SELECT e.source, e.target, e.type, e.mode, e.date, any_value({quad}) AS quad_class, "
        "sum(e.goldstein) AS goldstein_sum, count(e.goldstein) AS goldstein_n, "
        "sum(greatest(coalesce(e.mentions, 1), 1)) AS reports, min(e.id) AS first_id "
        f"{filtered} GROUP BY e.source, e.target, e.type, e.mode, e.date "
        "ORDER BY e.source, e.target, e.type, e.mode, e.date"
    )
    days = store.con.execute(sql, values).df()
    return merge_reports(days, window_days)


def _cluster_ids(keys: np.ndarray, days: np.ndarray, window: int) -> np.ndarray:
    """Anchored clustering of sorted (key, day) rows: a new event starts after ``window`` days.

    Rows more than ``window`` days after their predecessor always start an event, so the
    sequential walk only visits rows inside runs of close reports.
    """
    n = len(days)
    starts = np.ones(n, dtype=bool)
    if n > 1:
        same_key = keys[1:] == keys[:-1]
        close = same_key & (days[1:] - days[:-1] <= window)
        starts[1:] = ~close
        anchor = 0
        for i in np.flatnonzero(close) + 1:
            if starts[i - 1]:
                anchor = days[i - 1]
            if days[i] - anchor > window:
                starts[i] = True
    return np.cumsum(starts) - 1


def merge_reports(days: pd.DataFrame, window_days: int) -> pd.DataFrame:
    """Collapse per-day rows (sorted by key and date) into events, anchored on first reports."""
    if days.empty or window_days <= 0:
        events = days.assign(goldstein=days["goldstein_sum"] / days["goldstein_n"])
        return events.drop(columns=["goldstein_sum", "goldstein_n"])
    keys = days.groupby(["source", "target", "type", "mode"], sort=False).ngroup().to_numpy()
    day_numbers = pd.to_datetime(days["date"]).to_numpy().astype("datetime64[D]").astype(np.int64)
    days = days.assign(event=_cluster_ids(keys, day_numbers, window_days))
    grouped = days.groupby("event", sort=False)
    events = grouped.agg(
        source=("source", "first"),
        target=("target", "first"),
        type=("type", "first"),
        mode=("mode", "first"),
        date=("date", "first"),
        quad_class=("quad_class", "first"),
        goldstein_sum=("goldstein_sum", "sum"),
        goldstein_n=("goldstein_n", "sum"),
        reports=("reports", "sum"),
        first_id=("first_id", "first"),
    )
    events["goldstein"] = events["goldstein_sum"] / events["goldstein_n"].where(
        events["goldstein_n"] > 0
    )
    return events.drop(columns=["goldstein_sum", "goldstein_n"]).reset_index(drop=True)


def cooperation_index(
    cooperative: Any, conflictual: Any, confidence: float = CONFIDENCE
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(index, low, high): (coop - conflict) / (coop + conflict) with a Jeffreys interval.

    The interval is the equal-tailed Beta(coop + 1/2, conflict + 1/2) posterior interval of
    the cooperative share p, mapped to 2p - 1, with the usual boundary fix; with no events
    it is the whole [-1, 1] and the index is undefined (NaN). Counts are small in news data,
    so the band matters as much as the point.
    """
    coop = np.asarray(cooperative, dtype=float)
    conflict = np.asarray(conflictual, dtype=float)
    total = coop + conflict
    with np.errstate(invalid="ignore", divide="ignore"):
        index = np.where(total > 0, (coop - conflict) / total, np.nan)
    tail = (1 - confidence) / 2
    low = 2 * stats.beta.ppf(tail, coop + 0.5, conflict + 0.5) - 1
    high = 2 * stats.beta.ppf(1 - tail, coop + 0.5, conflict + 0.5) - 1
    # Brown, Cai & DasGupta's boundary fix: with no conflict (no cooperation) the upper
    # (lower) limit is the bound itself, so the band always holds the point estimate.
    return index, np.where(coop > 0, low, -1.0), np.where(conflict > 0, high, 1.0)


def aggregate(events: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Per (period, source, target) counts of events from :func:`load_events` output."""
    frame = events.assign(
        period=period_start(events["date"], freq),
        units=events["reports"] if "units" not in events else events["units"],
    )
    frame["weighted_goldstein"] = frame["goldstein"] * frame["units"]
    frame["goldstein_units"] = frame["units"].where(frame["goldstein"].notna(), 0)
    keys = ["period", "source", "target"]
    base = frame.groupby(keys).agg(
        events=("units", "sum"),
        reports=("reports", "sum"),
        goldstein_sum=("weighted_goldstein", "sum"),
        goldstein_units=("goldstein_units", "sum"),
    )
    quads = frame.pivot_table(
        index=keys, columns="quad_class", values="units", aggfunc="sum", fill_value=0
    ).reindex(columns=list(QUAD_COLUMNS), fill_value=0)
    quads.columns = list(QUAD_COLUMNS.values())
    types = frame.pivot_table(
        index=keys, columns="type", values="units", aggfunc="sum", fill_value=0
    ).reindex(columns=list(PLOVER_TYPES), fill_value=0)
    return base.join(quads).join(types).reset_index()


def dyad_series(
    store: Store,
    a: str,
    b: str,
    freq: str = "month",
    date_from: date | None = None,
    date_to: date | None = None,
    mentions: bool = False,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> pd.DataFrame:
    """Both directions of the A-B relation per period, every period from first to last.

    One row per (period, source, target) with event counts by quad class and PLOVER type,
    the Goldstein sum and mean, and the cooperation index with its interval. Periods with no
    events are kept as zero rows, because a quiet month is information, not a gap.
    """
    a, b = actor_code(a), actor_code(b)
    events = load_events(
        store,
        where="(e.source = ? AND e.target = ?) OR (e.source = ? AND e.target = ?)",
        params=[a, b, b, a],
        date_from=date_from,
        date_to=date_to,
        mentions=mentions,
        window_days=window_days,
    )
    events["units"] = events["reports"] if mentions else 1
    return shape_series(events, [(a, b), (b, a)], freq, date_from, date_to)


def shape_series(
    events: pd.DataFrame,
    directions: Sequence[tuple[str, str]],
    freq: str,
    date_from: date | None = None,
    date_to: date | None = None,
) -> pd.DataFrame:
    """Fill every period x direction, then add Goldstein mean and the cooperation index."""
    period_alias(freq)
    counts = aggregate(events, freq) if not events.empty else None
    first = date_from or (events["date"].min() if not events.empty else None)
    last = date_to or (events["date"].max() if not events.empty else None)
    count_columns = ["events", "reports", "goldstein_sum", "goldstein_units"]
    count_columns += list(QUAD_COLUMNS.values()) + list(PLOVER_TYPES)
    if first is None or last is None:
        grid = pd.DataFrame(columns=["period", "source", "target"])
    else:
        periods = period_range(first, last, freq)
        grid = pd.DataFrame(
            [(p, s, t) for p in periods for s, t in directions],
            columns=["period", "source", "target"],
        )
    frame = grid if counts is None else grid.merge(counts, how="left", on=list(grid.columns))
    for column in count_columns:
        if column not in frame:
            frame[column] = 0
    frame[count_columns] = frame[count_columns].fillna(0)
    integer_columns = [c for c in count_columns if c not in ("goldstein_sum", "goldstein_units")]
    frame[integer_columns] = frame[integer_columns].astype("int64")
    frame["cooperative"] = frame["verbal_coop"] + frame["material_coop"]
    frame["conflictual"] = frame["verbal_conflict"] + frame["material_conflict"]
    units = frame.pop("goldstein_units")
    frame["goldstein_mean"] = frame["goldstein_sum"] / units.where(units > 0)
    index, low, high = cooperation_index(frame["cooperative"], frame["conflictual"])
    frame["coop_index"], frame["coop_low"], frame["coop_high"] = index, low, high
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    ordered = [
        "period",
        "source",
        "target",
        "events",
        "reports",
        "cooperative",
        "conflictual",
        "coop_index",
        "coop_low",
        "coop_high",
        "goldstein_sum",
        "goldstein_mean",
        *QUAD_COLUMNS.values(),
        *PLOVER_TYPES,
    ]
    return frame[ordered].sort_values(["period", "source", "target"], ignore_index=True)
