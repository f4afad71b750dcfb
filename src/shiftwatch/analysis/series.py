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
from shiftwatch.ontology import COUNTED_MODALITIES, PLOVER_TYPES, QUAD_COLUMNS
from shiftwatch.store.filters import EventFilter, date_expression
from shiftwatch.store.keys import key_sql, normalise_key

if TYPE_CHECKING:
    import duckdb

    from shiftwatch.store import Store

log = logging.getLogger(__name__)

FREQUENCIES = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}
# Which date an analysis puts an event on: when it happened (the default; imported events and
# events stored before event dates existed fall back to ``date``) or when it was published.
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
    """An actor key as analyses compare it ("usa" -> "USA", "syr.reb" -> "SYR.REB", "SYR*");
    an empty key is a usage error."""
    return normalise_key(value)


def date_basis(by: str) -> str:
    """The SQL expression of the date an analysis uses (``event`` or ``published``) over
    ``events e``."""
    return date_expression(by, "e")


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


def events_sql(
    where: EventFilter = EventFilter(date_basis="event"),
    *,
    mentions: bool = False,
    keys: Sequence[str] = (),
    within: str = "TRUE",
) -> tuple[str, list[Any]]:
    """SQL for the counted events: same-day reports of one key collapsed unless ``mentions``.

    Counted are the events ``where`` matches that have a date and a target and (unless the
    filter names modalities) are asserted or alleged. ``within`` is a fixed condition over a
    relation the caller registered (never a user value: those go in ``where``).
    Columns: source, target, type, mode, date, quad_class, goldstein_sum, goldstein_n,
    reports (stored rows weighted by their ``mentions``), units (what a count counts: 1 per
    event, or the reports with ``mentions``) and first_id (the first report's id). ``date`` is
    on the filter's ``date_basis``: when the event happened, or when it was published.
    """
    day = date_expression(where.date_basis, "e")
    source, target = key_sql("e.source", keys), key_sql("e.target", keys)
    counted = where.replace(
        dated=True, targeted=True, modalities=where.modalities or COUNTED_MODALITIES
    )
    condition, values = counted.sql("e")
    filtered = f"FROM events e WHERE ({within}) AND {condition}"
    quad, reports = _quad_sql(), "greatest(coalesce(e.mentions, 1), 1)"
    if mentions:
        sql = (
            f"SELECT {source} AS source, {target} AS target, e.type, e.mode, {day} AS date, "
            f"{quad} AS quad_class, "
            "e.goldstein AS goldstein_sum, (e.goldstein IS NOT NULL)::INT AS goldstein_n, "
            f"{reports} AS reports, {reports} AS units, e.id AS first_id {filtered}"
        )
        return sql, values
    sql = (
        f"SELECT {source} AS source, {target} AS target, e.type, e.mode, {day} AS date, "
        f"any_value({quad}) AS quad_class, "
        "sum(e.goldstein) AS goldstein_sum, count(e.goldstein) AS goldstein_n, "
        f"sum({reports}) AS reports, 1 AS units, min(e.id) AS first_id "
        f"{filtered} GROUP BY {source}, {target}, e.type, e.mode, {day}"
    )
    return sql, values


def load_events(
    store: Store,
    where: EventFilter = EventFilter(date_basis="event"),
    *,
    mentions: bool = False,
    window_days: int = DEFAULT_WINDOW_DAYS,
    order_by: str | None = None,
    keys: Sequence[str] = (),
    within: str = "TRUE",
) -> pd.DataFrame:
    """Dated, targeted events matching ``where``, one row per distinct event.

    Columns: source, target, type, mode, date, quad_class, goldstein (mean over its reports),
    reports (how many report rows, weighted by each row's ``mentions``), first_id (the id of
    the first report, to fetch evidence). With ``mentions=True`` every stored row is its own
    event and ``reports`` is its ``mentions`` count: the raw-count view.

    ``order_by`` (SQL over those columns) lets DuckDB sort the rows, which beats sorting a
    million rows in pandas; it is ignored when reports are merged across days, which needs
    its own order, so callers that care must then sort themselves.
    """
    sql, values = events_sql(where, mentions=mentions, keys=keys, within=within)
    window = 0 if mentions else window_days
    order = order_by if order_by and window <= 0 else "source, target, type, mode, date"
    days = store.con.execute(f"SELECT * FROM ({sql}) ORDER BY {order}", values).df()
    return merge_reports(days.drop(columns="units"), window)


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


STEPS = {"week": "7 days", "month": "1 month", "quarter": "3 months", "year": "1 year"}


def filled_series(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    values: list[Any],
    freq: str,
    directions: Sequence[tuple[str, str]],
    date_from: date | None = None,
    date_to: date | None = None,
) -> pd.DataFrame:
    """Per (period, source, target) sums over an events relation, every period x direction.

    One DuckDB statement aggregates, builds the period grid (``date_from`` or the first
    period with events, to ``date_to`` or the last) and fills quiet periods with zeros, so
    no per-row pandas work is left: this is the web dashboard's hot path.
    """
    period_alias(freq)
    sums = [
        "sum(units) AS events",
        "sum(reports) AS reports",
        "sum(goldstein_sum / goldstein_n * units) AS goldstein_sum",
        "sum(units) FILTER (WHERE goldstein_n > 0) AS goldstein_units",
    ]
    sums += [
        f"sum(units) FILTER (WHERE quad_class = {quad}) AS {name}"
        for quad, name in QUAD_COLUMNS.items()
    ]
    sums += [f"sum(units) FILTER (WHERE type = '{name}') AS \"{name}\"" for name in PLOVER_TYPES]
    counts = ["events", "reports", *QUAD_COLUMNS.values(), *PLOVER_TYPES]
    filled = {name: f'coalesce(c."{name}", 0)::BIGINT' for name in counts}
    coop = f"({filled['verbal_coop']} + {filled['material_coop']})"
    conflict = f"({filled['verbal_conflict']} + {filled['material_conflict']})"
    units = "coalesce(c.goldstein_units, 0)"
    columns = [
        f"{filled['events']} AS events",
        f"{filled['reports']} AS reports",
        f"{coop} AS cooperative",
        f"{conflict} AS conflictual",
        "coalesce(c.goldstein_sum, 0)::DOUBLE AS goldstein_sum",
        f"CASE WHEN {units} > 0 THEN c.goldstein_sum / {units} END AS goldstein_mean",
        *(f'{filled[name]} AS "{name}"' for name in [*QUAD_COLUMNS.values(), *PLOVER_TYPES]),
    ]
    pairs = ", ".join("(?, ?, ?)" for _ in directions)
    sql = f"""
        WITH counts AS (
            SELECT date_trunc('{freq}', date)::DATE AS period, source, target, {", ".join(sums)}
            FROM ({relation}) GROUP BY ALL
        ), bounds AS (
            SELECT date_trunc('{freq}', coalesce(?::DATE, min(period)))::DATE AS first,
                   date_trunc('{freq}', coalesce(?::DATE, max(period)))::DATE AS last
            FROM counts
        ), periods AS (
            SELECT unnest(generate_series(first, last, INTERVAL '{STEPS[freq]}'))::DATE AS period
            FROM bounds WHERE first IS NOT NULL AND last IS NOT NULL AND first <= last
        ), directions(source, target, k) AS (VALUES {pairs})
        SELECT p.period, d.source, d.target, {", ".join(columns)}
        FROM periods p CROSS JOIN directions d
        LEFT JOIN counts c ON c.period = p.period AND c.source = d.source AND c.target = d.target
        ORDER BY p.period, d.k
    """
    params = [*values, date_from, date_to]
    for number, (source, target) in enumerate(directions):
        params += [source, target, number]
    return con.execute(sql, params).df()


def dyad_series(
    store: Store,
    a: str,
    b: str,
    freq: str = "month",
    date_from: date | None = None,
    date_to: date | None = None,
    mentions: bool = False,
    window_days: int = DEFAULT_WINDOW_DAYS,
    by: str = "event",
    include_statements: bool = False,
) -> pd.DataFrame:
    """Both directions of the A-B relation per period, over the corpus's whole window.

    One row per (period, source, target) with event counts by quad class and PLOVER type,
    the Goldstein sum and mean, and the cooperation index with its interval. The periods run
    from ``date_from`` (else the first dated event of the whole store) to ``date_to`` (else
    the last), so a dyad that goes from silence to war has its silent "before". Periods with
    no events are kept, with ``empty`` true and an undefined (NaN) index: quiet is not neutral.
    ``include_statements`` also counts imported statements (CAMEO 01x, no PLOVER type), each
    by its own quad class and Goldstein score.
    """
    a, b = actor_code(a), actor_code(b)
    directions = [(a, b), (b, a)]
    asked = date_from is not None or date_to is not None
    date_from, date_to = corpus_window(store, date_from, date_to, by, include_statements)
    where = EventFilter(
        dyad=(a, b),
        date_from=date_from,
        date_to=date_to,
        date_basis=by,
        include_statements=include_statements,
    )
    if mentions or window_days <= 0:
        relation, values = events_sql(where, mentions=mentions, keys=(a, b))
        frame = filled_series(store.con, relation, values, freq, directions, date_from, date_to)
    else:
        merged = load_events(store, where, window_days=window_days, keys=(a, b))
        merged = merged.assign(units=1, goldstein_sum=merged["goldstein"], goldstein_n=1)
        store.con.register("_merged_events", merged)
        try:
            frame = filled_series(
                store.con, "SELECT * FROM _merged_events", [], freq, directions, date_from, date_to
            )
        finally:
            store.con.unregister("_merged_events")
    if not asked and not frame["events"].any():
        frame = frame.iloc[0:0]  # a pair that never met has no series, not an empty one
    return finish_series(frame)


def corpus_window(
    store: Store,
    date_from: date | None,
    date_to: date | None,
    by: str = "event",
    include_statements: bool = False,
) -> tuple[date | None, date | None]:
    """``date_from``/``date_to``, each filled (when None) from the corpus: the first and last
    publication date of its events, whichever date analyses go ``by``. Events the news
    dates long before its own time ("moved to the UK in 1975") are background, and do not
    stretch every series back decades; ``date_from`` brings them in."""
    if date_from is not None and date_to is not None:
        return date_from, date_to
    date_basis(by)  # validates
    counted, params = EventFilter(include_statements=include_statements).sql("e")
    row = store.con.execute(
        f"SELECT min(e.date), max(e.date) FROM events e WHERE e.target IS NOT NULL AND {counted}",
        params,
    ).fetchone()
    first, last = row if row else (None, None)
    as_date = lambda value: pd.Timestamp(value).date() if value is not None else None  # noqa: E731
    return date_from or as_date(first), date_to or as_date(last)


def finish_series(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the cooperation index and its interval; periods as dates; columns in order."""
    index, low, high = cooperation_index(frame["cooperative"], frame["conflictual"])
    frame["coop_index"], frame["coop_low"], frame["coop_high"] = index, low, high
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    ordered = ["period", "source", "target", "events", "reports", "cooperative", "conflictual",
               "coop_index", "coop_low", "coop_high", "goldstein_sum", "goldstein_mean",
               *QUAD_COLUMNS.values(), *PLOVER_TYPES, "empty"]  # fmt: skip
    frame["empty"] = frame["events"] == 0
    return frame[ordered]
