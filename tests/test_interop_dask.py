"""Coding on a Dask cluster gives exactly the events of local coding (real Guardian articles)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from shiftwatch.config import Settings
from shiftwatch.store import open_store
from shiftwatch.store.events import EVENT_COLUMNS

pytestmark = pytest.mark.slow


def _events(store) -> pd.DataFrame:
    return store.query(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events ORDER BY id")


def _sentences(store) -> pd.DataFrame:
    return store.query("SELECT * FROM sentences ORDER BY doc_id, idx")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, guardian_csv: Path) -> Path:
    from shiftwatch import ingest

    folder = tmp_path_factory.mktemp("dask")
    subset = folder / "guardian10.csv"
    pd.read_csv(guardian_csv).head(10).to_csv(subset, index=False)
    database = folder / "ingested.duckdb"
    with open_store(database) as store:
        report = ingest([subset], store)
    assert report.stored == 10
    return database


def test_dask_coding_equals_local_coding_and_is_stored_once(ingested, tmp_path):
    from shiftwatch.coding import code

    local_db, dask_db = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"
    shutil.copy(ingested, local_db)
    shutil.copy(ingested, dask_db)
    settings = Settings(batch_size=3)
    with open_store(local_db) as store:
        local = code(store, settings)
        local_events, local_sentences = _events(store), _sentences(store)
    with open_store(dask_db) as store:
        distributed = code(store, settings, engine="dask", workers=2)
        pd.testing.assert_frame_equal(_events(store), local_events)
        pd.testing.assert_frame_equal(_sentences(store), local_sentences)
        assert (distributed.documents, distributed.events) == (local.documents, local.events)
        assert distributed.events > 0
        # a second run (and a forced recode) stores nothing twice
        assert code(store, settings, engine="dask", workers=1).documents == 0
        code(store, settings, engine="dask", workers=2, recode=True)
        pd.testing.assert_frame_equal(_events(store), local_events)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_readme_recipe_scheduler_and_workers_as_processes(ingested, tmp_path):
    """The README's "Running on a cluster" recipe: `dask scheduler` and `dask worker` started
    as separate processes on loopback, then `shiftwatch code --engine dask --scheduler ...`."""
    import json
    import subprocess
    import sys
    import time

    bin_dir = Path(sys.executable).parent
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen(
        [
            str(bin_dir / "dask"),
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-dashboard",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(
        [
            str(bin_dir / "dask"),
            "worker",
            address,
            "--nworkers",
            "2",
            "--nthreads",
            "1",
            "--host",
            "127.0.0.1",
            "--no-dashboard",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        from distributed import Client

        deadline = time.monotonic() + 120
        with Client(address, timeout="60s") as client:
            while len(client.scheduler_info()["workers"]) < 2:
                assert time.monotonic() < deadline, "workers did not join"
                time.sleep(0.5)
        local_db, cluster_db = tmp_path / "local.duckdb", tmp_path / "cluster.duckdb"
        shutil.copy(ingested, local_db)
        shutil.copy(ingested, cluster_db)
        for db, extra in (
            (local_db, []),
            (cluster_db, ["--engine", "dask", "--scheduler", address]),
        ):
            done = subprocess.run(
                [sys.executable, "-m", "shiftwatch", "--db", str(db), "code", *extra],
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert done.returncode == 0, done.stderr
        with open_store(local_db, read_only=True) as a, open_store(cluster_db, read_only=True) as b:
            pd.testing.assert_frame_equal(_events(b), _events(a))
            assert json.dumps(b.status()["events"]) == json.dumps(a.status()["events"])
    finally:
        for process in (worker, scheduler):
            process.terminate()
            process.wait(timeout=60)
