"""Change points in every directed dyad: when did A's conduct towards B turn, and how far.

The signal is the dyad's deduplicated events in date order, each +1 (cooperative quad class)
or -1 (conflictual), so the mean of a stretch *is* its cooperation index. ``ruptures``
(binary segmentation, L2 cost) locates the break; the break is then snapped to a period
boundary, since a date finer than the analysis period is not claimed. Each break is kept only
if a permutation test (``scipy.stats.permutation_test``, events' order shuffled) says a split
that strong is unlikely in a stable dyad; the statistic is the best split anywhere in the
segment, so the search itself is paid for and false alarms stay at ``alpha``. Segments on both
sides of a kept break are searched again (binary segmentation driven by the test).
"""

from __future__ import annotations

import itertools
import logging
import math
import zlib
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import ruptures as rpt
from scipy import stats

from shiftwatch.analysis.series import (
    DEFAULT_WINDOW_DAYS,
    actor_code,
    load_events,
    period_start,
)
from shiftwatch.store.filters import EventFilter

if TYPE_CHECKING:
    from shiftwatch.store import Store

log = logging.getLogger(__name__)

ALPHA = 0.01
PERMUTATIONS = 999
MAX_SHIFTS_PER_DYAD = 4
MAX_CANDIDATES = 400  # ruptures evaluates every jump-th split; this bounds its cost per segment
EVIDENCE_EVENTS = 3
ONE_ARTICLE_SHARE = 0.5  # more of a shift's pulling events than this from one document: flagged


@dataclass(frozen=True, slots=True)
class Break:
    """A kept change point: index of the first event after it, and its p-value."""

    index: int
    p_value: float


def min_segment(n_events: int) -> int:
    """Fewest events a side of a break may hold: enough that its level means something."""
    return max(4, n_events // 20)


def split_gains(values: np.ndarray, boundaries: np.ndarray) -> np.ndarray:
    """L2 cost reduction of splitting ``values`` (last axis) before each boundary index.

    Equal to ``k (n - k) / n * (mean_left - mean_right) ** 2``: the criterion ruptures'
    ``CostL2`` minimises, evaluated for many permuted copies at once.
    """
    n = values.shape[-1]
    cumulative = np.cumsum(values, axis=-1)
    return _gains(cumulative[..., boundaries - 1], cumulative[..., -1:], boundaries, n)


def _gains(left_sum: np.ndarray, total: Any, boundaries: np.ndarray, n: int) -> np.ndarray:
    k = boundaries.astype(float)
    left_mean = left_sum / k
    right_mean = (total - left_sum) / (n - k)
    return k * (n - k) / n * (left_mean - right_mean) ** 2


def allowed_boundaries(periods: np.ndarray, start: int, end: int, size: int) -> np.ndarray:
    """Split indices (relative to ``start``) at period changes leaving ``size`` events a side."""
    segment = periods[start:end]
    changes = np.flatnonzero(segment[1:] != segment[:-1]) + 1
    return changes[(changes >= size) & (changes <= len(segment) - size)]


def locate(values: np.ndarray, boundaries: np.ndarray, size: int) -> int:
    """The ruptures break in ``values``, snapped to the nearest allowed period boundary."""
    jump = max(1, len(values) // MAX_CANDIDATES)
    algo = rpt.Binseg(model="l2", min_size=min(size, len(values) // 2), jump=jump)
    breakpoint = algo.fit(values.reshape(-1, 1)).predict(n_bkps=1)[0]
    return int(boundaries[np.argmin(np.abs(boundaries - breakpoint))])


def split_p_value(
    values: np.ndarray,
    boundaries: np.ndarray,
    permutations: int,
    seed: int,
    stop_above: float | None = None,
) -> float:
    """Permutation p-value of the best split over ``boundaries`` (order shuffled under H0).

    ``values`` are the ±1 event scores. The statistic depends on them only through how many
    +1s fall in each stretch between consecutive boundaries, and shuffling the order of n
    scores holding m +1s puts a multivariate hypergeometric number of them in each stretch.
    Drawing those counts is therefore the same permutation test (same null distribution,
    resamples and ``(hits + 1) / (resamples + 1)`` p-value as ``scipy.stats.permutation_test``)
    for O(boundaries) per resample instead of O(events): a 50,000-event dyad costs
    milliseconds, not seconds. Sequences so short that scipy enumerates every ordering
    exactly, or that are not ±1, go through scipy itself.

    Resamples are drawn in growing batches. With ``stop_above``, drawing stops as soon as
    the hits so far already put the full test's p-value above it (the test's decision at
    that level cannot change any more); the running estimate returned then exceeds
    ``stop_above`` too. A stable dyad is dismissed after a few dozen resamples, while a
    p-value at or below ``stop_above`` is always the full test's.
    """
    n = len(values)
    if math.factorial(min(n, 20)) <= permutations or not np.isin(values, (-1.0, 1.0)).all():
        return _scipy_p_value(values, boundaries, permutations, seed)
    edges = np.concatenate(([0], boundaries, [n]))
    sizes = np.diff(edges)
    positive = np.add.reduceat((values > 0).astype(np.int64), edges[:-1])
    plus = int(positive.sum())
    total = float(2 * plus - n)

    def statistic(counts: np.ndarray) -> np.ndarray:
        left_sum = np.cumsum(2 * counts[..., :-1] - sizes[:-1], axis=-1).astype(float)
        return _gains(left_sum, total, boundaries, n).max(axis=-1)

    observed = statistic(positive)
    threshold = observed - abs(np.finfo(float).eps * 100 * observed)  # scipy's tie tolerance
    rng = np.random.default_rng(seed)
    # Both samplers are exact; "count" costs O(events), "marginals" O(stretches) per draw.
    method: Literal["count", "marginals"] = "count" if n <= 64 * len(sizes) else "marginals"
    limit = math.inf if stop_above is None else stop_above * (permutations + 1) - 1
    hits = drawn = 0
    batch = 50
    while drawn < permutations and hits <= limit:
        size = min(batch, permutations - drawn)
        null = statistic(rng.multivariate_hypergeometric(sizes, plus, size, method=method))
        hits += int(np.count_nonzero(null >= threshold))
        drawn += size
        batch *= 4
    return (hits + 1) / (drawn + 1)


def _scipy_p_value(
    values: np.ndarray, boundaries: np.ndarray, permutations: int, seed: int
) -> float:
    def statistic(sample: np.ndarray, axis: int = -1) -> np.ndarray:
        return split_gains(sample, boundaries).max(axis=-1)

    result = stats.permutation_test(
        (values,),
        statistic,
        permutation_type="pairings",
        vectorized=True,
        n_resamples=permutations,
        alternative="greater",
        random_state=np.random.default_rng(seed),
        batch=max(1, 4_000_000 // max(len(values), 1)),
    )
    return float(result.pvalue)


def find_breaks(
    values: np.ndarray,
    periods: np.ndarray,
    alpha: float = ALPHA,
    permutations: int = PERMUTATIONS,
    seed: int = 0,
) -> list[Break]:
    """Significant breaks of a ±1 event sequence, splits allowed only between periods."""
    size = min_segment(len(values))
    breaks: list[Break] = []
    pending = [(0, len(values))]
    while pending and len(breaks) < MAX_SHIFTS_PER_DYAD:
        start, end = pending.pop(0)
        boundaries = allowed_boundaries(periods, start, end, size)
        segment = values[start:end]
        if not len(boundaries) or segment.min() == segment.max():
            continue
        p_value = split_p_value(segment, boundaries, permutations, seed + start, alpha)
        if p_value > alpha:
            continue
        split = start + locate(segment, boundaries, size)
        breaks.append(Break(split, p_value))
        pending += [(start, split), (split, end)]
    return sorted(breaks, key=lambda item: item.index)


def scope(
    where: EventFilter, actor: str | None, dyad: tuple[str, str] | None
) -> tuple[EventFilter, list[str]]:
    """``where`` limited to a dyad's two directions or to one actor, and the actor keys that
    name them (so ``SYR.REB`` is kept apart from ``SYR``)."""
    if dyad:
        keys = [actor_code(dyad[0]), actor_code(dyad[1])]
        return where.replace(dyad=(keys[0], keys[1])), keys
    if actor:
        keys = [actor_code(actor)]
        return where.replace(actor=keys[0]), keys
    return where, []


def dyad_runs(source: np.ndarray, target: np.ndarray, min_events: int) -> list[tuple[int, int]]:
    """(start, end) row ranges of each directed dyad with ``min_events`` or more events, for
    rows sorted by source and target, in that order."""
    if not len(source):
        return []
    changes = np.flatnonzero((source[1:] != source[:-1]) | (target[1:] != target[:-1])) + 1
    edges = [0, *changes.tolist(), len(source)]
    return [(a, b) for a, b in itertools.pairwise(edges) if b - a >= min_events]


def describe_breaks(events: pd.DataFrame, breaks: list[Break]) -> list[dict[str, Any]]:
    """Level, Goldstein and counts on each side of each break (sides end at neighbour breaks)."""
    edges = [0, *(item.index for item in breaks), len(events)]
    rows = []
    for number, item in enumerate(breaks, 1):
        before = events.iloc[edges[number - 1] : item.index]
        after = events.iloc[item.index : edges[number + 1]]
        level_before, level_after = before["value"].mean(), after["value"].mean()
        rows.append(
            {
                "source": events["source"].iat[0],
                "target": events["target"].iat[0],
                "date": events["period"].iat[item.index].date(),
                "level_before": level_before,
                "level_after": level_after,
                "magnitude": level_after - level_before,
                "p_value": item.p_value,
                "events_before": len(before),
                "events_after": len(after),
                "goldstein_before": before["goldstein"].mean(),
                "goldstein_after": after["goldstein"].mean(),
                "_drivers": driver_ids(after, level_after - level_before),
                "_pulling": after.loc[
                    np.sign(after["value"]) == np.sign(level_after - level_before), "first_id"
                ].tolist(),
            }
        )
    return rows


def driver_ids(after: pd.DataFrame, magnitude: float) -> list[str]:
    """The events that most drove a break: earliest after it, pulling its way, strongest first.

    Candidates are the after-side events pulling the level's way in the earliest periods that
    hold at least ``EVIDENCE_EVENTS`` of them (so the evidence is what happened when the level
    moved, not the strongest event years later), ranked by |Goldstein| and then by how many
    reports carried them.
    """
    pulling = after[np.sign(after["value"]) == np.sign(magnitude)]
    if pulling.empty:
        return []
    periods = pulling["period"]
    running = periods.groupby(periods, sort=True).size().cumsum()
    enough = int(np.searchsorted(running.to_numpy(), EVIDENCE_EVENTS))
    pool = pulling[periods <= running.index[min(enough, len(running) - 1)]]
    strength = pool["goldstein"].abs().fillna(0)
    ranked = pool.assign(strength=strength).sort_values(
        ["strength", "reports", "date"], ascending=[False, False, True], kind="stable"
    )
    return ranked["first_id"].head(EVIDENCE_EVENTS).tolist()


def attach_evidence(store: Store, shifts: pd.DataFrame) -> pd.DataFrame:
    """Replace driver ids by {id, doc_id, sentence_idx, date, type, goldstein, sentence, url}
    records from the store (the document and sentence let a reader open the evidence)."""
    ids = sorted({event_id for ids in shifts["_drivers"] for event_id in ids})
    found: dict[str, dict[str, Any]] = {}
    if ids:
        rows = store.con.execute(
            "SELECT id, doc_id, sentence_idx, coalesce(event_date, date) AS date, source, target, "
            "type, modality, goldstein, "
            "sentence, url FROM events "
            f"WHERE id IN ({', '.join('?' for _ in ids)})",
            ids,
        ).df()
        for row in rows.to_dict("records"):
            found[row["id"]] = {
                "id": row["id"],
                "doc_id": row["doc_id"],
                "sentence_idx": None if pd.isna(row["sentence_idx"]) else int(row["sentence_idx"]),
                "modality": row["modality"],
                "date": pd.Timestamp(row["date"]).date().isoformat(),
                "source": row["source"],
                "target": row["target"],
                "type": row["type"],
                "goldstein": None if pd.isna(row["goldstein"]) else float(row["goldstein"]),
                "sentence": row["sentence"],
                "url": row["url"],
            }
    shifts["evidence"] = [[found[i] for i in ids if i in found] for ids in shifts["_drivers"]]
    shares = evidence_shares(store, shifts["_pulling"].tolist())
    shifts["top_document_share"] = [document for document, _ in shares]
    shifts["top_outlet_share"] = [outlet for _, outlet in shares]
    shifts["one_article"] = shifts["top_document_share"] > ONE_ARTICLE_SHARE
    return shifts.drop(columns=["_drivers", "_pulling"])


def evidence_shares(store: Store, groups: list[list[str]]) -> list[tuple[float, float]]:
    """For each group of event ids: the largest share from one document and from one outlet.

    A shift whose pulling events mostly come from one article is one journalist's account,
    not a trend; each event counts once, by the document of its first report.
    """
    ids = sorted({event_id for group in groups for event_id in group})
    where: dict[str, tuple[str, str]] = {}
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        rows = store.con.execute(
            "SELECT e.id, coalesce(e.doc_id, e.url, e.id), "
            "coalesce(d.source, regexp_extract(e.url, '://([^/]+)', 1), e.origin) "
            "FROM events e LEFT JOIN documents d ON d.id = e.doc_id "
            f"WHERE e.id IN ({', '.join('?' for _ in chunk)})",
            chunk,
        ).fetchall()
        where.update({str(i): (str(doc), str(outlet)) for i, doc, outlet in rows})
    shares = []
    for group in groups:
        found = [where[i] for i in group if i in where]
        if not found:
            shares.append((float("nan"), float("nan")))
            continue
        documents = pd.Series([doc for doc, _ in found]).value_counts()
        outlets = pd.Series([outlet for _, outlet in found]).value_counts()
        shares.append((documents.iat[0] / len(found), outlets.iat[0] / len(found)))
    return shares


SHIFT_COLUMNS = [
    "source",
    "target",
    "date",
    "level_before",
    "level_after",
    "magnitude",
    "p_value",
    "events_before",
    "events_after",
    "goldstein_before",
    "goldstein_after",
    "top_document_share",
    "top_outlet_share",
    "one_article",
    "evidence",
]


def detect_shifts(
    store: Store,
    actor: str | None = None,
    min_events: int = 10,
    top: int = 20,
    freq: str = "month",
    date_from: date | None = None,
    date_to: date | None = None,
    alpha: float = ALPHA,
    permutations: int = PERMUTATIONS,
    window_days: int = DEFAULT_WINDOW_DAYS,
    dyad: tuple[str, str] | None = None,
    by: str = "event",
) -> pd.DataFrame:
    """Significant shifts in every directed dyad with ``min_events`` events, largest first.

    ``date`` is the first day of the first period after the break; levels are cooperation
    indices (-1 all conflict, +1 all cooperation) of the stretches before and after it.
    ``dyad`` limits the search to the two directions between a pair of actors.
    """
    where = EventFilter(date_from=date_from, date_to=date_to, date_basis=by)
    where, keys = scope(where, actor, dyad)
    order = ["source", "target", "date", "first_id"]
    events = load_events(
        store, where, window_days=window_days, order_by=", ".join(order), keys=keys
    )
    events = events[events["quad_class"].notna() & (events["source"] != events["target"])]
    if window_days > 0:  # merged reports come back in their key order
        events = events.sort_values(order)
    events = events.reset_index(drop=True)
    events["value"] = np.where(events["quad_class"] <= 2, 1.0, -1.0)
    events["period"] = period_start(events["date"], freq)
    values, periods = events["value"].to_numpy(), events["period"].to_numpy()
    sources, targets = events["source"].to_numpy(), events["target"].to_numpy()
    rows: list[dict[str, Any]] = []
    tested = 0
    for start, end in dyad_runs(sources, targets, max(min_events, 2)):
        tested += 1
        source, target = sources[start], targets[start]
        seed = zlib.crc32(f"{source}|{target}".encode())  # same dyad, same p-value, any filter
        breaks = find_breaks(values[start:end], periods[start:end], alpha, permutations, seed)
        if breaks:  # only dyads that shifted pay for a DataFrame slice
            rows += describe_breaks(events.iloc[start:end].reset_index(drop=True), breaks)
    log.info("tested %d dyads, found %d shifts", tested, len(rows))
    if not rows:
        return pd.DataFrame(columns=SHIFT_COLUMNS)
    shifts = pd.DataFrame(rows)
    shifts = shifts.reindex(shifts["magnitude"].abs().sort_values(ascending=False).index)
    shifts = shifts.head(top).reset_index(drop=True)
    return attach_evidence(store, shifts)[SHIFT_COLUMNS]
