"""Reliance and diversification: who an actor's cooperation and conflict are with, over time.

For each period, each partner's share of the actor's cooperative events and of its
conflictual events (both directions: what the actor does to the partner and what the partner
does to it), plus the Herfindahl-Hirschman index of those shares: 1.0 means one partner holds
everything (reliance), 1/n means n partners share evenly (diversification).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from shiftwatch.analysis.series import DEFAULT_WINDOW_DAYS, actor_code, load_events, period_start
from shiftwatch.errors import ConfigError
from shiftwatch.store.filters import EventFilter

if TYPE_CHECKING:
    from shiftwatch.store import Store

DIRECTIONS = ("both", "out", "in")
PARTNER_COLUMNS = [
    "period",
    "actor",
    "partner",
    "cooperative",
    "coop_share",
    "conflictual",
    "conflict_share",
    "coop_hhi",
    "conflict_hhi",
    "coop_partners",
    "conflict_partners",
]


def _shares(counts: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Each partner's share of its period's total, and the period's HHI of those shares."""
    totals = counts.groupby(level="period").transform("sum")
    shares = (counts / totals.where(totals > 0)).fillna(0.0)
    hhi = (shares**2).groupby(level="period").transform("sum")
    return shares, hhi.where(totals > 0)


def partner_shares(
    store: Store,
    actor: str,
    freq: str = "quarter",
    date_from: date | None = None,
    date_to: date | None = None,
    direction: str = "both",
    window_days: int = DEFAULT_WINDOW_DAYS,
    by: str = "event",
) -> pd.DataFrame:
    """One row per (period, partner): counts, shares and the period's concentration (HHI).

    ``direction`` "out" counts only the actor's own acts, "in" only acts aimed at it.
    """
    code = actor_code(actor)
    if direction not in DIRECTIONS:
        raise ConfigError(f"unknown direction {direction!r}; use both, out or in")
    side = {"both": "actor", "out": "source", "in": "target"}[direction]
    where = EventFilter(date_from=date_from, date_to=date_to, date_basis=by)
    events = load_events(
        store, where.replace(**{side: code}), keys=(code,), window_days=window_days
    )
    events = events[events["quad_class"].notna() & (events["source"] != events["target"])]
    if events.empty:
        return pd.DataFrame(columns=PARTNER_COLUMNS)
    frame = pd.DataFrame(
        {
            "period": period_start(events["date"], freq).dt.date,
            "partner": np.where(events["source"] == code, events["target"], events["source"]),
            "cooperative": (events["quad_class"] <= 2).astype(int),
            "conflictual": (events["quad_class"] >= 3).astype(int),
        }
    )
    counts = frame.groupby(["period", "partner"])[["cooperative", "conflictual"]].sum()
    counts["coop_share"], counts["coop_hhi"] = _shares(counts["cooperative"])
    counts["conflict_share"], counts["conflict_hhi"] = _shares(counts["conflictual"])
    by_period = counts.groupby(level="period")
    counts["coop_partners"] = by_period["cooperative"].transform(lambda c: int((c > 0).sum()))
    counts["conflict_partners"] = by_period["conflictual"].transform(lambda c: int((c > 0).sum()))
    result = counts.reset_index().assign(actor=code)
    result = result.sort_values(
        ["period", "cooperative", "conflictual", "partner"],
        ascending=[True, False, False, True],
        ignore_index=True,
    )
    return result[PARTNER_COLUMNS]


ERA_COLUMNS = ["era", "partner", "cooperative", "coop_share"]


def era_shares(shares: pd.DataFrame, eras: tuple[tuple[str, date, date], ...]) -> pd.DataFrame:
    """Per era and partner: cooperative events and the partner's share of the era's total.

    "Did the actor's cooperation move from one partner to another?" is a before/after
    question, so the periods' counts are summed into eras and the shares recomputed from the
    sums (averaging per-period shares would weight a quiet period like a busy one).

    ``shares`` is ``partner_shares`` output (any frequency no coarser than a year, so each
    period falls wholly inside one era). Partners with no cooperation in an era get 0.
    """
    if shares.empty:
        return pd.DataFrame(columns=ERA_COLUMNS)
    periods = pd.to_datetime(shares["period"]).dt.date
    frames = []
    partners = sorted(shares.loc[shares["cooperative"] > 0, "partner"].unique())
    for name, start, end in eras:
        inside = shares[(periods >= start) & (periods <= end)]
        counts = inside.groupby("partner")["cooperative"].sum().reindex(partners, fill_value=0)
        total = counts.sum()
        frames.append(
            pd.DataFrame(
                {
                    "era": name,
                    "partner": counts.index,
                    "cooperative": counts.to_numpy(dtype="int64"),
                    "coop_share": (counts / total).to_numpy() if total else 0.0,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)[ERA_COLUMNS]
