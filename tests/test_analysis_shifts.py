"""Shift detection on synthetic event streams with planted shifts of known date and size."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from shiftwatch.analysis import detect_shifts
from shiftwatch.analysis.importing import store_event_rows
from shiftwatch.store import open_store

MONTHS = 24
PLANTED = 40
STABLE = 200


def month_start(index: int) -> date:
    return date(2018 + index // 12, index % 12 + 1, 1)


def stream(rng: np.random.Generator, name: str, shares: list[float], rate: float) -> list[dict]:
    """Events of one dyad: each month Poisson(rate) events, cooperative with that month's share."""
    rows = []
    for month, share in enumerate(shares):
        for number in range(rng.poisson(rate)):
            cooperative = rng.random() < share
            rows.append(
                {
                    "id": f"{name}-{month}-{number}",
                    "date": month_start(month).replace(day=int(rng.integers(1, 29))),
                    "source": f"S{name}",
                    "target": f"T{name}",
                    "type": "CONSULT" if cooperative else "ACCUSE",
                    "quad_class": 1 if cooperative else 3,
                    "goldstein": 1.0 if cooperative else -2.0,
                    "sentence": f"synthetic event {name}-{month}-{number}",
                    "url": f"https://example.org/{name}/{month}/{number}",
                }
            )
    return rows


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory):
    """One DuckDB file: PLANTED dyads with a shift, STABLE dyads without (seeded)."""
    rng = np.random.default_rng(20240501)
    rows, truth = [], {}
    for number in range(PLANTED):
        cut = int(rng.integers(6, MONTHS - 6))
        before, after = (0.85, 0.2) if number % 2 else (0.2, 0.85)
        truth[f"SP{number:03d}"] = (cut, after - before)
        shares = [before if month < cut else after for month in range(MONTHS)]
        rows += stream(rng, f"P{number:03d}", shares, rate=10)
    for number in range(STABLE):
        share = float(rng.uniform(0.2, 0.8))
        rows += stream(rng, f"N{number:03d}", [share] * MONTHS, rate=float(rng.uniform(3, 10)))
    path = tmp_path_factory.mktemp("shifts") / "planted.duckdb"
    with open_store(path) as store:
        store_event_rows(store, rows)
        found = detect_shifts(store, min_events=10, top=10_000)
    return found, truth


def test_planted_shifts_found_within_one_period(planted) -> None:
    found, truth = planted
    located = 0
    for source, (cut, size) in truth.items():
        rows = found[found["source"] == source]
        assert not rows.empty, f"planted shift in {source} not detected"
        months = [(d.year - 2018) * 12 + d.month - 1 for d in rows["date"]]
        best = int(np.argmin([abs(m - cut) for m in months]))
        if abs(months[best] - cut) <= 1:
            located += 1
            row = rows.iloc[best]
            assert np.sign(row["magnitude"]) == np.sign(size)
            assert abs(row["magnitude"] - 2 * size) < 0.5  # index = 2 * share - 1
            assert row["p_value"] <= 0.01
    assert located >= 0.95 * len(truth)


def test_false_alarms_on_stable_dyads_at_most_five_percent(planted) -> None:
    found, _ = planted
    alarms = found[found["source"].str.startswith("SN")]["source"].nunique()
    assert alarms <= 0.05 * STABLE


def test_shift_rows_are_well_formed_with_evidence(planted) -> None:
    found, _ = planted
    assert found["magnitude"].abs().is_monotonic_decreasing
    row = found.iloc[0]
    assert -1 <= row["level_before"] <= 1 and -1 <= row["level_after"] <= 1
    assert row["level_after"] - row["level_before"] == pytest.approx(row["magnitude"])
    evidence = row["evidence"]
    assert len(evidence) == 3
    for event in evidence:
        assert event["sentence"].startswith("synthetic event")
        assert event["url"].startswith("https://example.org/")
        assert pd.Timestamp(event["date"]).date() >= row["date"]
        # the driving events pull the way the level moved
        assert (event["type"] == "CONSULT") == (row["magnitude"] > 0)


def test_actor_filter_and_top(planted, tmp_path) -> None:
    rng = np.random.default_rng(7)
    shares = [0.9] * 12 + [0.1] * 12
    path = tmp_path / "one.duckdb"
    with open_store(path) as store:
        store_event_rows(store, stream(rng, "X", shares, 8) + stream(rng, "Y", shares, 8))
        only_x = detect_shifts(store, actor="sx", min_events=10)
        assert set(only_x["source"]) == {"SX"}
        assert len(detect_shifts(store, top=1)) == 1
        assert detect_shifts(store, min_events=10_000).empty
