"""Volume shifts: a dyad that goes from silence to conflict, against stable dyads."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from shiftwatch.analysis.importing import store_event_rows
from shiftwatch.analysis.volume import volume_shifts
from shiftwatch.store import open_store

MONTHS = 24
PLANTED = 20
STABLE = 150


def month_start(index: int) -> date:
    return date(2018 + index // 12, index % 12 + 1, 1)


def stream(rng: np.random.Generator, name: str, rates: list[float], url: str = "") -> list[dict]:
    """Conflictual events of one dyad: Poisson(rate) in each month."""
    rows = []
    for month, rate in enumerate(rates):
        for number in range(rng.poisson(rate)):
            rows.append(
                {
                    "id": f"{name}-{month}-{number}",
                    "date": month_start(month).replace(day=int(rng.integers(1, 29))),
                    "source": f"S{name}",
                    "target": f"T{name}",
                    "type": "ASSAULT",
                    "quad_class": 4,
                    "goldstein": -10.0,
                    "sentence": f"synthetic event {name}-{month}-{number}",
                    "url": url or f"https://example.org/{name}/{month}/{number}",
                }
            )
    return rows


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory):
    rng = np.random.default_rng(20261207)
    rows, cuts = [], {}
    for number in range(PLANTED):  # silence, then a war
        cut = int(rng.integers(6, MONTHS - 6))
        cuts[f"SP{number:03d}"] = cut
        rows += stream(rng, f"P{number:03d}", [0.0] * cut + [3.0] * (MONTHS - cut))
    for number in range(STABLE):
        rows += stream(rng, f"N{number:03d}", [float(rng.uniform(0.5, 4))] * MONTHS)
    burst = [0.0] * 10 + [6.0] * 2 + [0.0] * 12  # one article's account of one month
    rows += stream(rng, "ONE", burst, url="https://example.org/one-article")
    path = tmp_path_factory.mktemp("volume") / "volume.duckdb"
    with open_store(path) as store:
        store_event_rows(store, rows)
        return volume_shifts(store, top=10_000, min_events=5), cuts


def test_silence_to_conflict_is_found_at_its_month(found) -> None:
    shifts, cuts = found
    located = 0
    for source, cut in cuts.items():
        rows = shifts[shifts["source"] == source]
        assert not rows.empty, f"planted rise in {source} not detected"
        months = [(d.year - 2018) * 12 + d.month - 1 for d in rows["date"]]
        if cut in months:
            located += 1
            row = rows.iloc[months.index(cut)]
            assert row["rate_before"] == 0 and row["rate_after"] > 1
            assert row["level_after"] == -1  # all conflict
            assert all(e["date"] >= str(row["date"]) for e in row["evidence"])
    assert located >= 0.9 * len(cuts)


def test_false_alarms_on_stable_dyads(found) -> None:
    shifts, _ = found
    alarms = shifts[shifts["source"].str.startswith("SN")]["source"].nunique()
    assert alarms <= 0.03 * STABLE  # alpha is 0.01


def test_a_shift_carried_by_one_article_is_flagged(found) -> None:
    shifts, _ = found
    one = shifts[shifts["source"] == "SONE"]
    assert not one.empty and one["one_article"].all()
    assert (one["top_document_share"] == 1).all()
    assert not shifts[shifts["source"].str.startswith("SP")]["one_article"].any()
