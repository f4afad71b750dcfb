"""Volume shifts: when a dyad's rate of events changed, silence included.

A level shift needs events on both sides of the break; a relationship that goes from silence
to war (Turkey and the Kurdish YPG before and after Afrin, January 2018) has no "before" to
compare. Here the signal is the dyad's event count per period, over the periods the corpus
covers (a period with no events at all in the corpus cannot hold the dyad's).

One detector, :func:`volume_shifts`, serves ``shifts --volume`` and the watch room's volume
alerts, with one set of defaults, one way of counting events and the same evidence fields.
It asks one of two questions, because the callers know different things:

- **where did the rate change?** (``shifts --volume``: the break is unknown). The statistic is
  the largest log-likelihood ratio, over every window of periods, of "one rate inside the
  window, another outside" against one rate, under the null that each of the dyad's events
  falls in any covered period with equal probability; its p-value comes from redrawing the
  dyad's events from that multinomial (so the search over windows is paid for, as in
  :mod:`shiftwatch.analysis.shifts`). The window's edges are the shifts: a burst reports its
  rise and its fall, a lasting change one edge.
- **did the rate change since this date?** (``since``: the watch knows where its new data
  begins). Searching for the break would pay for a search that is not needed, so the periods
  since the date are tested against the dyad's own ``history`` periods before it, by a
  negative binomial fitted to that history (news counts are overdispersed: with the break
  known, a Poisson or multinomial null would cry wolf at every busy month), with effect-size
  floors (``ratio``, ``min_events``) and a Bonferroni correction over the dyads tested, since
  a monitor tests again every pass and must hold its false alarms per pass.
"""

from __future__ import annotations

import zlib
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy import stats

from shiftwatch.analysis.series import (
    corpus_window,
    date_basis,
    load_events,
    period_start,
)
from shiftwatch.analysis.shifts import ALPHA, attach_evidence, dyad_runs, scope
from shiftwatch.store.filters import EventFilter

if TYPE_CHECKING:
    from shiftwatch.store import Store

PERMUTATIONS = 999
MIN_EVENTS = 5
HISTORY = 24  # periods of a dyad's own history a known split is tested against
MIN_HISTORY = 6
RATIO = 2.0  # how much a rate must change at a known split to count
SINCE_COLUMNS = ["tests", "periods_before", "periods_after"]
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
    top: int | None = 20,
    by: str = "event",
    *,
    since: pd.DataFrame | None = None,
    directed: bool = True,
    history: int = HISTORY,
    min_history: int = MIN_HISTORY,
    ratio: float = RATIO,
) -> pd.DataFrame:
    """Significant changes in how often each dyad acts, strongest first (``VOLUME_COLUMNS``).

    ``date`` is the first day of the first period after the change; rates are events per
    covered period on each side. Without ``since`` every dyad (of ``actor``/``dyad``) is
    searched for its break over the corpus window (or ``date_from``/``date_to``), and a dyad
    needs ``min_events`` events to be tested. With ``since`` (a frame of source, target, since)
    only those dyads are tested, each at the period holding its ``since`` date, against its
    ``history`` periods before (``min_history`` covered ones at least) up to ``date_to`` (the
    last event's date when None; a partial last period counts by its days): a rise needs
    ``min_events`` events after and ``ratio`` times the rate, a fall ``ratio`` times less
    and twice ``min_events`` expected; ``alpha`` holds over all dyads tested (Bonferroni),
    and the answer adds ``tests``, ``periods_before`` and ``periods_after``. ``directed=False``
    counts both directions of a pair together (source is then the smaller key).
    """
    keys: list[str] = []
    where = EventFilter(date_basis=by)
    if since is not None:
        pending = _pending(since, directed)
        if pending.empty:
            return pd.DataFrame(columns=[*VOLUME_COLUMNS, *SINCE_COLUMNS])
        first = (
            pd.Timestamp(pending["since"].min()).to_period(_alias(freq)) - history
        ).start_time.date()
        last = date_to or corpus_window(store, None, None, by)[1]
    else:
        where, keys = scope(where, actor, dyad)
        first, last = corpus_window(store, date_from, date_to, by)
    columns = VOLUME_COLUMNS if since is None else [*VOLUME_COLUMNS, *SINCE_COLUMNS]
    if first is None or last is None:
        return pd.DataFrame(columns=columns)
    periods = pd.period_range(first, last, freq=_alias(freq)).start_time
    exposure = _corpus_volume(store, periods, freq, first, last, by)
    where = where.replace(date_from=first, date_to=last)
    if since is None:
        events = load_events(store, where, keys=keys)
    else:
        events = _pending_events(store, where, pending)
    events = events[events["quad_class"].notna() & (events["source"] != events["target"])]
    if not directed:
        low = np.minimum(events["source"], events["target"])
        high = np.maximum(events["source"], events["target"])
        events = events.assign(source=low, target=high)
    if since is not None:
        wanted = pd.MultiIndex.from_frame(pending[["source", "target"]])
        events = events[pd.MultiIndex.from_frame(events[["source", "target"]]).isin(wanted)]
    events = events.sort_values(["source", "target", "date"], kind="stable")
    events = events.reset_index(drop=True)
    events["period"] = period_start(events["date"], freq)
    sources, targets = events["source"].to_numpy(), events["target"].to_numpy()
    runs = dyad_runs(sources, targets, min_events if since is None else 1)
    if since is not None:
        splits = dict(
            zip(
                pending[["source", "target"]].itertuples(index=False, name=None),
                periods.searchsorted(period_start(pending["since"], freq)),
                strict=True,
            )
        )
        weights = exposure * _last_fraction(periods, last, freq)
        limits = (alpha / max(len(runs), 1), min_events, history, min_history, ratio)
    rows: list[dict[str, Any]] = []
    for start, end in runs:
        part = events.iloc[start:end]
        counts = part.groupby("period").size().reindex(periods, fill_value=0).to_numpy()
        if since is None:
            seed = zlib.crc32(f"{sources[start]}|{targets[start]}".encode())
            found = _splits(counts, exposure, alpha, permutations, seed)
        else:
            split = int(splits[(sources[start], targets[start])])
            found = _since(counts, weights, split, *limits)
            found = [{**item, "tests": len(runs)} for item in found]
        rows += [_describe(part, periods, counts, item) for item in found]
    if not rows:
        return pd.DataFrame(columns=columns)
    found_rows = pd.DataFrame(rows)
    found_rows = found_rows.sort_values(
        ["p_value", "events_after"], ascending=[True, False], kind="stable"
    )
    found_rows = found_rows.head(top if top is not None else len(found_rows))
    return attach_evidence(store, found_rows.reset_index(drop=True))[columns]


def _pending(since: pd.DataFrame, directed: bool) -> pd.DataFrame:
    """The dyads to test and the earliest date each was touched (pairs when undirected)."""
    frame = since[["source", "target", "since"]].astype({"source": str, "target": str})
    if not directed:
        frame = frame.assign(
            source=np.minimum(frame["source"], frame["target"]),
            target=np.maximum(frame["source"], frame["target"]),
        )
    frame = frame.assign(since=pd.to_datetime(frame["since"]))
    return frame.groupby(["source", "target"], as_index=False)["since"].min()


def _pending_events(store: Store, where: EventFilter, pending: pd.DataFrame) -> pd.DataFrame:
    """The counted events between the stored codes under the pending keys, either direction
    (keys are finer than codes: ``SYR.REB`` is stored as SYR; the caller keeps its keys)."""
    codes = pd.DataFrame(
        {"a": pending["source"].map(_raw_code), "b": pending["target"].map(_raw_code)}
    )
    pairs = pd.concat([codes, codes.rename(columns={"a": "b", "b": "a"})]).drop_duplicates()
    store.con.register("_volume_codes", pa.Table.from_pandas(pairs, preserve_index=False))
    try:
        return load_events(
            store,
            where,
            within="EXISTS (SELECT 1 FROM _volume_codes w WHERE w.a = e.source AND w.b = e.target)",
        )
    finally:
        store.con.unregister("_volume_codes")


def _raw_code(key: str) -> str:
    """The stored actor code of a key: ``SYR.REB`` -> ``SYR``."""
    return key.rstrip("*").partition(".")[0]


def _last_fraction(periods: pd.DatetimeIndex, last: date, freq: str) -> np.ndarray:
    """1 for every period, the share of its days up to ``last`` for the final one."""
    weights = np.ones(len(periods))
    start = periods[-1]
    following = (start.to_period(_alias(freq)) + 1).start_time
    weights[-1] = ((pd.Timestamp(last) - start).days + 1) / (following - start).days
    return weights


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
) -> list[dict[str, Any]]:
    """The standing-out window's edges inside the series, each a rise at the window's start
    or a fall at its end, with the window on one side and the rest of the series on the other
    (rates per covered period)."""
    if counts.sum() < 2:
        return []
    start, end, p_value = best_window(counts, exposure, permutations, seed, alpha)
    if p_value > alpha:
        return []
    inside = np.zeros(len(counts), dtype=bool)
    inside[start:end] = True
    index = np.arange(len(counts))
    found = []
    for split in (edge for edge in (start, end) if 0 < edge < len(counts)):
        before = inside if split == end else ~inside & (index < split)
        after = inside if split == start else ~inside & (index >= split)
        found.append(_sides(counts, exposure, split, p_value, before, after))
    return found


def _since(
    counts: np.ndarray,
    exposure: np.ndarray,
    split: int,
    alpha: float,
    min_events: int,
    history: int,
    min_history: int,
    ratio: float,
) -> list[dict[str, Any]]:
    """A known split: the periods from ``split`` on against the ``history`` before it."""
    index = np.arange(len(counts))
    before = (index >= split - history) & (index < split) & (exposure > 0)
    after = (index >= split) & (exposure > 0)
    if before.sum() < min_history or not after.any():
        return []
    baseline, periods, observed = counts[before], float(exposure[after].sum()), counts[after].sum()
    rate_before, rate_after = baseline.mean(), observed / periods
    up, down = _count_p(baseline, periods, int(observed))
    rises = observed >= min_events and rate_after >= ratio * max(rate_before, 0.5 / len(baseline))
    falls = rate_before * periods >= 2 * min_events and rate_after * ratio <= rate_before
    if rises and up <= alpha:
        p_value = up
    elif falls and down <= alpha:
        p_value = down
    else:
        return []
    item = _sides(counts, exposure, split, p_value, before, after)
    return [{**item, "periods_before": int(before.sum()), "periods_after": round(periods, 2)}]


def _count_p(baseline: np.ndarray, periods: float, observed: int) -> tuple[float, float]:
    """(P(X >= observed), P(X <= observed)) for the total over ``periods`` periods.

    Negative binomial by the method of moments when the history is overdispersed, else
    Poisson; the rate carries half an event of prior so a silent history is not a zero rate.
    """
    mean = (baseline.sum() + 0.5) / len(baseline)
    var = baseline.var(ddof=1) if len(baseline) > 1 else mean
    if var > mean * 1.05:
        r = mean**2 / (var - mean)
        p = r / (r + mean)
        up = stats.nbinom.sf(observed - 1, r * periods, p)
        return float(up), float(stats.nbinom.cdf(observed, r * periods, p))
    rate = mean * periods
    return float(stats.poisson.sf(observed - 1, rate)), float(stats.poisson.cdf(observed, rate))


def _sides(
    counts: np.ndarray,
    exposure: np.ndarray,
    split: int,
    p_value: float,
    before: np.ndarray,
    after: np.ndarray,
) -> dict[str, Any]:
    """Counts and rates per covered period (``exposure``) on each side of ``split``."""
    return {
        "split": split,
        "p_value": p_value,
        "events_before": int(counts[before].sum()),
        "events_after": int(counts[after].sum()),
        "rate_before": float(counts[before].sum() / max(exposure[before].sum(), 1)),
        "rate_after": float(counts[after].sum() / max(exposure[after].sum(), 1)),
    }


def _describe(
    part: pd.DataFrame, periods: pd.DatetimeIndex, counts: np.ndarray, item: dict[str, Any]
) -> dict[str, Any]:
    """One change as a row, with the events that evidence it: the first events after a rise,
    the last ones before a fall (``_pulling`` is every event on that side)."""
    item = dict(item)
    when = periods[item.pop("split")]
    later = part[part["period"] >= when]
    rising = item["rate_after"] > item["rate_before"]
    pulling = later if rising else part[part["period"] < when]
    ordered = pulling.sort_values("date", ascending=rising)
    quads = later["quad_class"]
    return {
        "source": part["source"].iat[0],
        "target": part["target"].iat[0],
        "date": when.date(),
        **item,
        "level_after": float(((quads <= 2).sum() - (quads >= 3).sum()) / len(quads))
        if len(quads)
        else float("nan"),
        "_drivers": ordered["first_id"].head(3).tolist(),
        "_pulling": pulling["first_id"].tolist(),
    }
