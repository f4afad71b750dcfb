"""Shift kinds: what ``watch`` re-tests on the dyads and actors that new events touched.

- ``level``: today's change-point detector (:mod:`shiftwatch.analysis.shifts`) on each touched
  directed dyad: the cooperation index turned, by a permutation test at ``alpha``.
- ``volume``: ``shifts --volume``'s detector (:mod:`shiftwatch.analysis.volume`) asked whether
  a pair's distinct events per month changed since the new data began, against the same
  pair's own history (the 24 months before): a jump or a collapse, judged by a negative
  binomial fitted to the history (news counts are overdispersed, a Poisson would cry wolf).
- ``reliance``: an actor's share of cooperative event-days held by one partner, since the
  new data against the 36 months before, by Fisher's exact test with a Bonferroni correction
  over the actor's partners (the seed's "reduce its reliance on China").

A pass runs many tests, and a monitor runs passes forever, so each kind holds its false
alarms at ``alpha`` *per pass*, not per test: a finding counts only when its p-value is below
``alpha`` divided by the number of tests the kind ran in the pass (Bonferroni; the level
test draws enough permutations to resolve that threshold). Each alert keeps its p-value and
the number of tests in ``details``.

Each returns candidate :class:`Alert` records; raising them once is ``alerts.raise_alerts``.
The touched dyads arrive as a ``pending`` table (source, target, since); every query reads
only their events, which is what keeps a pass over a large store fast.
"""

from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy import stats

from shiftwatch.analysis import volume
from shiftwatch.analysis.series import date_basis, events_sql, load_events, period_start
from shiftwatch.analysis.shifts import (
    ALPHA,
    PERMUTATIONS,
    driver_ids,
    dyad_runs,
    find_breaks,
)
from shiftwatch.store.filters import EventFilter
from shiftwatch.watch.alerts import EVIDENCE_EVENTS, Alert, evidence

if TYPE_CHECKING:
    from shiftwatch.store import Store

log = logging.getLogger(__name__)
DAY = date_basis("event")  # when events happened, as every analysis dates them


@dataclass(frozen=True)
class Thresholds:
    """What counts as a shift; the defaults are the ones the false-alarm tests hold."""

    alpha: float = ALPHA
    permutations: int = PERMUTATIONS
    level_min_events: int = 10
    level_history: int = 60  # months before the new data that a level test looks back
    max_permutations: int = 100_000
    volume_history: int = volume.HISTORY  # months of a pair's own history to compare against
    volume_min_history: int = volume.MIN_HISTORY
    volume_ratio: float = volume.RATIO
    volume_min_events: int = volume.MIN_EVENTS
    reliance_history: int = 36
    reliance_min_days: int = 5
    reliance_min_change: float = 0.2


def _months_between(first: pd.Timestamp, last: pd.Timestamp) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _month(day: date) -> pd.Timestamp:
    return pd.Timestamp(day.year, day.month, 1)


def _index(day: date) -> int:
    """Months since year 0: consecutive months are consecutive integers."""
    return day.year * 12 + day.month - 1


def code_of(key: str) -> str:
    """The stored actor code of a key: ``SYR.REB`` -> ``SYR``."""
    return key.rstrip("*").partition(".")[0]


def _raw_dyads(frame: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """The stored-code pairs under keyed pairs: a cheap filter before keys are computed."""
    return pd.DataFrame({"a": frame[a].map(code_of), "b": frame[b].map(code_of)}).drop_duplicates()


def _with_pending(store: Store, pending: pd.DataFrame, name: str, columns: list[str]) -> None:
    store.con.register(name, pa.Table.from_pandas(pending[columns], preserve_index=False))


def last_event_date(store: Store) -> date | None:
    rows = store.con.execute(f"SELECT max({DAY}) FROM events e").fetchall()
    row = rows[0] if rows else None
    return row[0] if row and row[0] else None


def level_shifts(store: Store, pending: pd.DataFrame, limits: Thresholds) -> list[Alert]:
    """Significant breaks in the touched directed dyads whose after-side reaches new data."""
    both = (
        pd.concat([pending, pending.rename(columns={"source": "target", "target": "source"})])
        .groupby(["source", "target"], as_index=False)["since"]
        .min()
    )
    earliest = _month(both["since"].min()) - pd.DateOffset(months=limits.level_history)
    _with_pending(store, _raw_dyads(both, "source", "target"), "_watch_dyads", ["a", "b"])
    try:
        events = load_events(
            store,
            EventFilter(date_from=earliest.date(), date_basis="event"),
            within="EXISTS (SELECT 1 FROM _watch_dyads w "
            "WHERE w.a = e.source AND w.b = e.target) AND e.quad_class IS NOT NULL",
            order_by="source, target, date, first_id",
        )
    finally:
        store.con.unregister("_watch_dyads")
    wanted = pd.MultiIndex.from_frame(both[["source", "target"]])
    keyed = pd.MultiIndex.from_frame(events[["source", "target"]])
    events = events[events["quad_class"].notna() & keyed.isin(wanted)]
    events = events[events["source"] != events["target"]]
    events = events.sort_values(["source", "target", "date", "first_id"]).reset_index(drop=True)
    if events.empty:
        return []
    events["value"] = np.where(events["quad_class"] <= 2, 1.0, -1.0)
    events["period"] = period_start(events["date"], "month")
    since = {(row.source, row.target): row.since for row in both.itertuples()}
    sources, targets = events["source"].to_numpy(), events["target"].to_numpy()
    values, periods = events["value"].to_numpy(), events["period"].to_numpy()
    runs = dyad_runs(sources, targets, limits.level_min_events)
    tests = max(len(runs), 1)
    alpha = limits.alpha / tests
    permutations = min(max(limits.permutations, int(np.ceil(2 / alpha))), limits.max_permutations)
    alerts: list[Alert] = []
    for low, high in runs:
        source, target = sources[low], targets[low]
        seed = zlib.crc32(f"{source}|{target}".encode())
        breaks = find_breaks(values[low:high], periods[low:high], alpha, permutations, seed)
        if not breaks:
            continue  # only dyads that shifted pay for a DataFrame slice
        dyad = events.iloc[low:high].reset_index(drop=True)
        edges = [0, *(item.index for item in breaks), len(dyad)]
        first_new = pd.Timestamp(since[(source, target)])
        for number, item in enumerate(breaks, 1):
            before = dyad.iloc[edges[number - 1] : item.index]
            after = dyad.iloc[item.index : edges[number + 1]]
            if pd.Timestamp(after["date"].iat[-1]) < first_new:
                continue  # a break the new data cannot have moved
            level_before, level_after = before["value"].mean(), after["value"].mean()
            magnitude = level_after - level_before
            ids = driver_ids(after, magnitude)
            alerts.append(
                Alert(
                    kind="level",
                    actors=(str(source), str(target)),
                    direction="up" if magnitude > 0 else "down",
                    window_start=pd.Timestamp(after["period"].iat[0]).date(),
                    window_end=pd.Timestamp(after["date"].iat[-1]).date(),
                    before=float(level_before),
                    after=float(level_after),
                    size=float(magnitude),
                    p_value=item.p_value,
                    summary=(
                        f"{source} → {target} cooperation index "
                        f"{level_before:+.2f} → {level_after:+.2f} from "
                        f"{pd.Timestamp(after['period'].iat[0]).date():%Y-%m}"
                    ),
                    event_ids=ids,
                    details={
                        "tests": tests,
                        "events_before": len(before),
                        "events_after": len(after),
                        "evidence": evidence(store, ids),
                    },
                )
            )
    return alerts


def _top_events(store: Store, where: str, params: list[object], start: date) -> list[str]:
    rows = store.con.execute(
        f"SELECT id FROM events e WHERE ({where}) AND {DAY} >= ? AND e.target IS NOT NULL "
        f"ORDER BY abs(coalesce(e.goldstein, 0)) DESC, {DAY}, e.id LIMIT ?",
        [*params, start, EVIDENCE_EVENTS],
    ).fetchall()
    return [row[0] for row in rows]


def volume_shifts(
    store: Store, pending: pd.DataFrame, limits: Thresholds, end: date
) -> list[Alert]:
    """Pairs whose monthly event count since the new data jumped or collapsed.

    The detector is ``shifts --volume``'s (:func:`shiftwatch.analysis.volume.volume_shifts`)
    asked its known-split question: both directions of a pair together, from the month the
    new data touched it, against its own ``volume_history`` months before.
    """
    found = volume.volume_shifts(
        store,
        date_to=end,
        alpha=limits.alpha,
        min_events=limits.volume_min_events,
        top=None,
        since=pending,
        directed=False,
        history=limits.volume_history,
        min_history=limits.volume_min_history,
        ratio=limits.volume_ratio,
    )
    alerts: list[Alert] = []
    for row in found.to_dict("records"):
        a, b, start = str(row["source"]), str(row["target"]), row["date"]
        level = row["level_after"]
        before, after = row["rate_before"], row["rate_after"]
        word = "jumped" if after > before else "collapsed"
        ids = [item["id"] for item in row["evidence"]]
        alerts.append(
            Alert(
                kind="volume",
                actors=(a, b),
                direction="up" if after > before else "down",
                window_start=start,
                window_end=end,
                before=float(before),
                after=float(after),
                size=float(after - before),
                p_value=float(row["p_value"]),
                summary=(
                    f"{a}–{b} events {word}: {before:.1f} → {after:.1f} a month since {start:%Y-%m}"
                ),
                event_ids=ids,
                details={
                    "tests": int(row["tests"]),
                    "events_before": int(row["events_before"]),
                    "events_after": int(row["events_after"]),
                    "months_before": int(row["periods_before"]),
                    "months_after": float(row["periods_after"]),
                    # no events after a collapse to silence: no index (JSON has no NaN)
                    "level_after": None if pd.isna(level) else float(level),
                    "top_document_share": float(row["top_document_share"]),
                    "top_outlet_share": float(row["top_outlet_share"]),
                    "one_article": bool(row["one_article"]),
                    "evidence": row["evidence"],
                },
            )
        )
    return alerts


def reliance_shifts(
    store: Store, pending: pd.DataFrame, limits: Thresholds, end: date
) -> list[Alert]:
    """Actors whose share of cooperative event-days with one partner moved since the new data."""
    actors = (
        pd.concat(
            [
                pending[["source", "since"]].rename(columns={"source": "code"}),
                pending[["target", "since"]].rename(columns={"target": "code"}),
            ]
        )
        .groupby("code", as_index=False)["since"]
        .min()
    )
    actors["since"] = [_month(day).date() for day in actors["since"]]
    actors["start"] = [
        (pd.Timestamp(day) - pd.DateOffset(months=limits.reliance_history)).date()
        for day in actors["since"]
    ]
    sql, values = events_sql(
        EventFilter(date_from=min(actors["start"]), date_basis="event"),
        within="e.source IN (SELECT raw FROM _watch_actors) "
        "OR e.target IN (SELECT raw FROM _watch_actors)",
    )
    side = (
        "SELECT w.code AS actor, {partner} AS partner, "
        "count(DISTINCT ev.date) FILTER (WHERE ev.date < w.since) AS before, "
        "count(DISTINCT ev.date) FILTER (WHERE ev.date >= w.since) AS after "
        "FROM ev JOIN _watch_actors w ON ev.{own} = w.code "
        "AND ev.date >= w.start WHERE ev.quad_class <= 2 AND ev.source <> ev.target GROUP BY ALL"
    )
    actors["raw"] = actors["code"].map(code_of)
    _with_pending(store, actors, "_watch_actors", ["code", "raw", "since", "start"])
    try:
        counts = store.con.execute(
            f"WITH ev AS ({sql}) SELECT actor, partner, sum(before) AS before, "
            "sum(after) AS after FROM ("
            + side.format(partner="ev.target", own="source")
            + " UNION ALL "
            + side.format(partner="ev.source", own="target")
            + ") GROUP BY ALL ORDER BY actor, partner",
            values,
        ).df()
    finally:
        store.con.unregister("_watch_actors")
    since = dict(zip(actors["code"], actors["since"], strict=True))
    tests = max(len(counts), 1)
    alpha = limits.alpha / tests
    totals = counts.groupby("actor")[["before", "after"]].transform("sum")
    counts = counts.assign(total_before=totals["before"], total_after=totals["after"])
    usable = counts[
        (counts["total_before"] >= limits.reliance_min_days)
        & (counts["total_after"] >= limits.reliance_min_days)
    ]
    share_before = usable["before"] / usable["total_before"]
    share_after = usable["after"] / usable["total_after"]
    moved = usable[(share_after - share_before).abs() >= limits.reliance_min_change]
    alerts: list[Alert] = []
    for row in moved.itertuples():
        actor, partner = str(row.actor), str(row.partner)
        before, after = int(row.before), int(row.after)
        before_total, after_total = int(row.total_before), int(row.total_after)
        share_before, share_after = before / before_total, after / after_total
        change = share_after - share_before
        _, p = stats.fisher_exact([[after, after_total - after], [before, before_total - before]])
        p_value = float(p)
        if p_value > alpha:
            continue
        start = since[actor]
        pair_sql, pair_params = EventFilter(dyad=(actor, partner)).sql("e")
        pair_sql += " AND e.quad_class <= 2"
        ids = _top_events(store, pair_sql, pair_params, start)
        word = "rose" if change > 0 else "fell"
        alerts.append(
            Alert(
                kind="reliance",
                actors=(str(actor), str(partner)),
                direction="up" if change > 0 else "down",
                window_start=start,
                window_end=end,
                before=float(share_before),
                after=float(share_after),
                size=float(change),
                p_value=p_value,
                summary=(
                    f"{partner}'s share of {actor}'s cooperation {word}: "
                    f"{share_before:.0%} → {share_after:.0%} since {start:%Y-%m}"
                ),
                event_ids=ids,
                details={
                    "tests": tests,
                    "days_before": int(before),
                    "days_after": int(after),
                    "total_before": before_total,
                    "total_after": after_total,
                    "evidence": evidence(store, ids),
                },
            )
        )
    return alerts


def detect(store: Store, pending: pd.DataFrame, limits: Thresholds | None = None) -> list[Alert]:
    """Every kind's candidates for the touched dyads in ``pending`` (source, target, since)."""
    limits = limits or Thresholds()
    end = last_event_date(store)
    if pending.empty or end is None:
        return []
    pending = pending.assign(since=pd.to_datetime(pending["since"]).dt.date)
    found = level_shifts(store, pending, limits)
    found += volume_shifts(store, pending, limits, end)
    found += reliance_shifts(store, pending, limits, end)
    log.info("re-tested %d dyads: %d candidate alerts", len(pending), len(found))
    return found
