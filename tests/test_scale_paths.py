"""The paths that make Shiftwatch fast at scale give the same answers as the plain ones.

Real inputs: the GDELT 2.0 sample from ../shared imported into a real DuckDB file, a real
``shiftwatch serve --workers 2`` subprocess, and the permutation test against explicit
shuffles. Speed itself is measured by ``benchmarks/*.py``, not here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import numpy as np
import pytest
from scipy import stats

from conftest import run_cli
from shiftwatch.analysis import dyad_series
from shiftwatch.analysis.shifts import allowed_boundaries, split_gains, split_p_value
from shiftwatch.errors import StoreError
from shiftwatch.interop import import_gdelt
from shiftwatch.store import open_store
from shiftwatch.store.filters import EventFilter
from test_web_support import free_port

GDELT2 = "gdelt2_events_20191024143000_first300.export.tsv"


@pytest.fixture(scope="module")
def gdelt_db(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    path = tmp_path_factory.mktemp("scale") / "gdelt.duckdb"
    with open_store(path) as store:
        assert import_gdelt(store, [shared_dir / "data" / "gdelt" / GDELT2]).stored > 50
    return path


def snapshot(store) -> list[tuple]:
    return store.con.execute("SELECT * FROM events ORDER BY id").fetchall()


def test_cluster_events_keeps_rows_key_and_indexes(
    gdelt_db: Path, tmp_path: Path, shared_dir: Path
) -> None:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(gdelt_db.read_bytes())
    with open_store(copy) as store:
        before = snapshot(store)
        assert store.cluster_events() == len(before)
        assert snapshot(store) == before
        stored = store.con.execute("SELECT source, target, date FROM events").fetchall()
        assert stored == sorted(
            stored, key=lambda row: (row[0], row[1] is None, row[1] or "", row[2])
        )
        indexes = store.con.execute(
            "SELECT index_name FROM duckdb_indexes() WHERE table_name = 'events'"
        ).fetchall()
        assert ("events_doc",) in indexes and ("events_dyad",) not in indexes
        # no primary key since migration 007; the id is still required
        with pytest.raises(duckdb.ConstraintException, match="id"):
            store.con.execute("INSERT INTO events (id, source, type) VALUES (NULL, 'X', 'AID')")
        # and an import after the rewrite, ids now in every row group, adds nothing
        again = import_gdelt(store, [shared_dir / "data" / "gdelt" / GDELT2])
        assert (again.stored, again.duplicates) == (0, len(before))
        assert snapshot(store) == before
    with open_store(copy, read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        store.cluster_events()


def test_actor_with_a_fixed_side_matches_the_either_side_filter(gdelt_db: Path) -> None:
    with open_store(gdelt_db, read_only=True) as store:
        # PLOVER events: the filter leaves out imported statements and actorless rows
        plover = "type <> '' AND source <> ''"
        pairs = store.con.execute(
            f"SELECT DISTINCT source, target FROM events WHERE target IS NOT NULL AND {plover}"
        ).fetchall()
        actors = sorted({code for pair in pairs for code in pair})
        checked = 0
        for actor in actors[:6]:
            for other in actors[:6]:
                for side in ("source", "target"):
                    where, params = EventFilter(actor=actor, **{side: other}).sql()
                    (fast,) = store.con.execute(
                        f"SELECT count(*) FROM events WHERE {where}", params
                    ).fetchone()
                    (plain,) = store.con.execute(
                        f"SELECT count(*) FROM events WHERE (source = ? OR target = ?) "
                        f"AND {side} = ? AND {plover}",
                        [actor, actor, other],
                    ).fetchone()
                    assert fast == plain, (actor, side, other)
                    checked += plain > 0
        assert checked >= 3


def serve(db: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [sys.executable, "-m", "shiftwatch", "--db", str(db), "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, *extra], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=os.environ
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{url}/api/v1/status", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError(f"server not ready: {process.stderr.read().decode()[-1000:]}")  # type: ignore[union-attr]


def test_workers_answer_like_the_library(gdelt_db: Path) -> None:
    with open_store(gdelt_db, read_only=True) as store:
        plover = "type <> '' AND source <> ''"  # what the API counts (no imported statements)
        a, b = store.con.execute(
            "SELECT source, target FROM events WHERE target IS NOT NULL AND source <> target "
            f"AND {plover} GROUP BY ALL ORDER BY count(*) DESC, 1, 2 LIMIT 1"
        ).fetchone()
        expected = dyad_series(store, a, b, freq="quarter")
        (total,) = store.con.execute(
            f"SELECT count(*) FROM events WHERE (source = ? OR target = ?) AND {plover}", [a, a]
        ).fetchone()
    process, url = serve(gdelt_db, "--read-only", "--workers", "2")
    try:
        with httpx.Client(base_url=url, timeout=60) as http:
            for _ in range(6):  # several connections, so both workers answer
                series = http.get(f"/api/v1/dyads/{a}/{b}/series", params={"freq": "quarter"})
                assert series.status_code == 200
                rows = series.json()["rows"]
                assert [row["events"] for row in rows] == expected["events"].tolist()
                assert [row["period"] for row in rows] == [
                    period.isoformat() for period in expected["period"]
                ]
                page = http.get("/api/v1/events", params={"actor": a, "limit": 2}).json()
                assert page["total"] == total and len(page["items"]) == min(2, total)
                past = http.get("/api/v1/events", params={"actor": a, "offset": total}).json()
                assert past["total"] == total and past["items"] == []
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_workers_need_read_only(gdelt_db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "shiftwatch", "--db", str(gdelt_db), "serve", "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "--read-only" in result.stderr


def test_permutation_null_is_the_shuffling_null() -> None:
    """Drawing per-stretch +1 counts gives the distribution that shuffling the events gives."""
    rng = np.random.default_rng(11)
    values = np.where(rng.random(300) < 0.6, 1.0, -1.0)
    periods = np.sort(rng.integers(0, 24, 300))
    boundaries = allowed_boundaries(periods, 0, len(values), 15)
    shuffled = np.array([rng.permutation(values) for _ in range(4000)])
    by_shuffling = split_gains(shuffled, boundaries).max(axis=-1)
    # The gains depend only on each stretch's count of +1s: rebuild one sequence per draw.
    sizes = np.diff(np.concatenate(([0], boundaries, [len(values)])))
    counts = rng.multivariate_hypergeometric(sizes, int((values > 0).sum()), 4000)
    rebuilt = np.array(
        [
            np.concatenate(
                [np.r_[np.ones(c), -np.ones(n - c)] for c, n in zip(row, sizes, strict=True)]
            )
            for row in counts
        ]
    )
    by_counts = split_gains(rebuilt, boundaries).max(axis=-1)
    assert stats.ks_2samp(by_shuffling, by_counts).pvalue > 0.001
    # p-values of the fast test over seeds match the shuffling null's tail probability.
    observed = float(split_gains(values, boundaries).max())
    tail = float(np.mean(by_shuffling >= observed - 1e-9))
    p_values = [split_p_value(values, boundaries, 999, seed) for seed in range(30)]
    assert abs(float(np.mean(p_values)) - tail) < 0.03


def test_early_stop_never_changes_a_decision() -> None:
    rng = np.random.default_rng(3)
    periods = np.repeat(np.arange(24), 12)
    stable = np.where(rng.random(len(periods)) < 0.5, 1.0, -1.0)
    shifted = np.where(rng.random(len(periods)) < np.where(periods < 12, 0.8, 0.2), 1.0, -1.0)
    for values in (stable, shifted):
        boundaries = allowed_boundaries(periods, 0, len(values), 14)
        for seed in range(5):
            full = split_p_value(values, boundaries, 999, seed)
            early = split_p_value(values, boundaries, 999, seed, stop_above=0.01)
            assert (full <= 0.01) == (early <= 0.01)
            if full <= 0.01:
                assert early == full


def test_optimize_command(gdelt_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(gdelt_db.read_bytes())
    with open_store(copy, read_only=True) as store:
        before = snapshot(store)
    done = run_cli("--db", copy, "optimize")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["events"] == len(before)
    with open_store(copy, read_only=True) as store:
        assert snapshot(store) == before
    missing = run_cli("--db", tmp_path / "missing.duckdb", "optimize")
    assert missing.returncode == 1 and "no database here" in missing.stderr
    assert not (tmp_path / "missing.duckdb").exists()
