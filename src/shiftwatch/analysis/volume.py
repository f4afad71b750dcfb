"""Volume shifts: when a directed dyad's rate of events changed, silence included.

A level shift needs events on both sides of the break; a relationship that goes from silence
to war (Turkey and the Kurdish YPG before and after Afrin, January 2018) has no "before" to
compare. Here the signal is the dyad's event count per period over the whole window,
over the periods the corpus covers. Under the null hypothesis each of the dyad's events falls
in any covered period with equal probability; the
statistic is the largest log-likelihood ratio, over every window of periods, of "one rate
inside the window, another outside" against one rate; its p-value comes from redrawing the
dyad's events from that multinomial (so the search over windows is paid for, as in
:mod:`shiftwatch.analysis.shifts`). The window's edges are the shifts: a burst reports its
rise and its fall, a lasting change one edge.
"""

from __future__ import annotations

import zlib
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from shiftwatch.analysis.series import (
    actor_code,
    corpus_window,
    date_basis,
    load_events,
    period_start,
)
from shiftwatch.analysis.shifts import ALPHA, attach_evidence, dyad_runs
from shiftwatch.store.filters import EventFilter

if TYPE_CHECKING:
    from shiftwatch.store import Store

PERMUTATIONS = 999
MIN_EVENTS = 5
VOLUME_COLUMNS = [
    "source",
    "target",
    "date",
    "rate_before",
    "rate_after",
    "p_value",
    "events_before",
    "events_after",
    "level_after",
    "top_document_share",
    "top_outlet_share",
    "one_article",
    "evidence",
]


def window_llr(counts: np.ndarray, exposure: np.ndarray) -> np.ndarray:
    """Log-likelihood ratio of "one rate inside periods [i, j), another outside" against one
    rate, for every window (``counts`` on the last axis, possibly many rows; ``exposure`` each
    period's share of the events under one rate). Returns shape (..., windows)."""
    n = counts.sum(axis=-1, keepdims=True).astype(float)
    total = np.concatenate([np.zeros((*counts.shape[:-1], 1)), np.cumsum(counts, -1)], -1)
    share = np.concatenate([[0.0], np.cumsum(exposure)])
    i, j = np.triu_indices(len(exposure) + 1, k=1)
    inside, p = total[..., j] - total[..., i], share[j] - share[i]
    outside = n - inside
    with np.errstate(divide="ignore", invalid="ignore"):
        llr = np.where(inside > 0, inside * np.log(inside / (n * p)), 0.0) + np.where(
            outside > 0, outside * np.log(outside / (n * (1 - p))), 0.0
        )
    valid = (p > 0) & (p < 1)
    return np.where(valid, np.nan_to_num(llr, nan=0.0, posinf=0.0), 0.0)


def best_window(
    counts: np.ndarray, exposure: np.ndarray, permutations: int, seed: int, alpha: float
) -> tuple[int, int, float]:
    """(first period inside, first period after, permutation p-value) of the window whose
    rate stands out most. Resamples stop early once the p-value is surely above ``alpha``."""
    exposure = exposure / exposure.sum()
    observed = window_llr(counts, exposure)
    best = int(np.argmax(observed))
    starts, ends = np.triu_indices(len(exposure) + 1, k=1)
    rng = np.random.default_rng(seed)
    hits = drawn = 0
    batch, limit = 50, alpha * (permutations + 1) - 1
    while drawn < permutations and hits <= limit:
        size = min(batch, permutations - drawn)
        null = rng.multinomial(int(counts.sum()), exposure, size=size)
        hits += int((window_llr(null, exposure).max(axis=-1) >= observed[best] - 1e-9).sum())
        drawn += size
        batch *= 4
    return int(starts[best]), int(ends[best]), (hits + 1) / (drawn + 1)


def volume_shifts(
    store: Store,
    actor: str | None = None,
    dyad: tuple[str, str] | None = None,
    freq: str = "month",
    date_from: date | None = None,
    date_to: date | None = None,
    alpha: float = ALPHA,
    min_events: int = MIN_EVENTS,
    permutations: int = PERMUTATIONS,
    top: int = 20,
    by: str = "event",
) -> pd.DataFrame:
    """Significant changes in how often each directed dyad acts, strongest first.

    ``date`` is the first day of the first period after the split; rates are events per
    period on each side (the window is the corpus's, or ``date_from``/``date_to``).
    """
    where, keys = EventFilter(date_basis=by), list[str]()
    if dyad:
        keys = [actor_code(dyad[0]), actor_code(dyad[1])]
        where = where.replace(dyad=(keys[0], keys[1]))
    elif actor:
        keys = [actor_code(actor)]
        where = where.replace(actor=keys[0])
    first, last = corpus_window(store, date_from, date_to, by)
    if first is None or last is None:
        return pd.DataFrame(columns=VOLUME_COLUMNS)
    periods = pd.period_range(first, last, freq=_alias(freq)).start_time
    exposure = _corpus_volume(store, periods, freq, first, last, by)
    events = load_events(store, where.replace(date_from=first, date_to=last), keys=keys)
    events = events[events["quad_class"].notna() & (events["source"] != events["target"])]
    events = events.sort_values(["source", "target", "date"]).reset_index(drop=True)
    events["period"] = period_start(events["date"], freq)
    sources, targets = events["source"].to_numpy(), events["target"].to_numpy()
    rows: list[dict[str, Any]] = []
    for start, end in dyad_runs(sources, targets, min_events):
        part = events.iloc[start:end]
        counts = part.groupby("period").size().reindex(periods, fill_value=0).to_numpy()
        seed = zlib.crc32(f"{sources[start]}|{targets[start]}".encode())
        covered = exposure > 0
        for split, p_value, window in _splits(counts, exposure, alpha, permutations, seed):
            rows.append(_describe(part, periods, counts, covered, split, p_value, window))
    if not rows:
        return pd.DataFrame(columns=VOLUME_COLUMNS)
    found = pd.DataFrame(rows)
    found = found.sort_values(["p_value", "events_after"], ascending=[True, False], kind="stable")
    found = found.head(top).reset_index(drop=True)
    return attach_evidence(store, found)[VOLUME_COLUMNS]


def _alias(freq: str) -> str:
    from shiftwatch.analysis.series import period_alias

    return period_alias(freq)


def _corpus_volume(
    store: Store, periods: pd.DatetimeIndex, freq: str, first: date, last: date, by: str
) -> np.ndarray:
    """1 for each period the corpus has events in, 0 for the others.

    Periods the corpus does not cover cannot hold the dyad's events, so they are left out of
    the null; weighting by the corpus's whole volume was tried and rejected: in a corpus
    chosen by topic (the Guardian sample is about the SDF) the volume peaks with the very
    story a dyad's shift belongs to, and the shift disappears into it.
    """
    day = date_basis(by)
    where, params = EventFilter(date_from=first, date_to=last, date_basis=by).sql("e")
    frame = store.con.execute(
        f"SELECT date_trunc('{freq}', {day})::DATE AS period, count(*) AS n FROM events e "
        f"WHERE {where} AND e.target IS NOT NULL GROUP BY 1",
        params,
    ).df()
    volume = frame.set_index(pd.to_datetime(frame["period"]))["n"]
    return (volume.reindex(periods, fill_value=0).to_numpy() > 0).astype(float)


def _splits(
    counts: np.ndarray, exposure: np.ndarray, alpha: float, permutations: int, seed: int
) -> list[tuple[int, float, tuple[int, int]]]:
    """The standing-out window's edges inside the series: (period index, p-value, window)."""
    if counts.sum() < 2:
        return []
    start, end, p_value = best_window(counts, exposure, permutations, seed, alpha)
    if p_value > alpha:
        return []
    edges = [edge for edge in (start, end) if 0 < edge < len(counts)]
    return [(edge, p_value, (start, end)) for edge in edges]


def _describe(
    part: pd.DataFrame,
    periods: pd.DatetimeIndex,
    counts: np.ndarray,
    covered: np.ndarray,
    split: int,
    p_value: float,
    window: tuple[int, int],
) -> dict[str, Any]:
    """One edge of the window: a rise at its start, a fall at its end; rates per covered
    period on each side (the window itself on one side, the rest of the series on the other)."""
    start, end = window
    inside = np.zeros(len(counts), dtype=bool)
    inside[start:end] = True
    side_before = inside if split == end else ~inside & (np.arange(len(counts)) < split)
    side_after = inside if split == start else ~inside & (np.arange(len(counts)) >= split)
    when = periods[split]
    before, after = counts[side_before], counts[side_after]
    rate_before = before.sum() / max(int((covered & side_before).sum()), 1)
    rate_after = after.sum() / max(int((covered & side_after).sum()), 1)
    later = part[part["period"] >= when]
    rising = rate_after > rate_before
    # the evidence: the first events after a rise, the last ones before a fall
    pulling = later if rising else part[part["period"] < when]
    ordered = pulling.sort_values("date", ascending=rising)
    quads = later["quad_class"]
    return {
        "source": part["source"].iat[0],
        "target": part["target"].iat[0],
        "date": when.date(),
        "rate_before": float(rate_before),
        "rate_after": float(rate_after),
        "p_value": p_value,
        "events_before": int(before.sum()),
        "events_after": int(after.sum()),
        "level_after": float(((quads <= 2).sum() - (quads >= 3).sum()) / len(quads))
        if len(quads)
        else float("nan"),
        "_drivers": ordered["first_id"].head(3).tolist(),
        "_pulling": pulling["first_id"].tolist(),
    }
