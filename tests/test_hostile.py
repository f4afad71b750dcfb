"""The hostile probe of issue 20, kept as regression tests: every item of its "Why" against a
real server on 127.0.0.1 or the real CLI with real files and real signals.

Hostile files through ``ingest`` (item 3) are in ``test_hostile_ingest.py``; the probes that
held before (SQL injection, traversal, tokens, body limits) stay in ``test_web_security.py``
and are extended here.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from shiftwatch.store import open_store

# -- item 4: `code --processes N` workers die with their parent ------------------------------


@pytest.fixture(scope="module")
def uncoded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus ingested, not coded: enough work to keep two workers busy."""
    from shiftwatch import ingest
    from shiftwatch.demo import corpus_path

    path = tmp_path_factory.mktemp("workers") / "uncoded.duckdb"
    with open_store(path) as store:
        report = ingest([corpus_path()], store)
        assert report.stored > 50
    return path


def _workers(parent: psutil.Process, count: int, timeout: float = 60) -> list[psutil.Process]:
    """The parent's descendants once ``count`` of them run (the pool's workers)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = parent.children(recursive=True)
        if len(children) >= count:
            return children
        time.sleep(0.1)
    raise AssertionError(f"no {count} workers after {timeout} s")


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_code_workers_die_with_their_parent(uncoded_db: Path, tmp_path: Path, sig: int) -> None:
    db = tmp_path / "code.duckdb"
    db.write_bytes(uncoded_db.read_bytes())
    command = [sys.executable, "-m", "shiftwatch", "--db", str(db), "code", "--processes", "2",
               "--batch-size", "2"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        workers = _workers(psutil.Process(process.pid), 2)
        time.sleep(3)  # let them start loading spaCy and coding
        os.kill(process.pid, sig)
        process.wait(timeout=60)
        _gone, alive = psutil.wait_procs(workers, timeout=15)
        assert not alive, f"workers still alive after the parent got {sig}: {alive}"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if sig == signal.SIGTERM:
        assert process.returncode == 128 + signal.SIGTERM
        assert "Traceback" not in process.stderr.read().decode()  # type: ignore[union-attr]
    with open_store(db) as store:  # not held open by an orphan; what was coded is whole
        (partial,) = store.con.execute(
            "SELECT count(*) FROM sentences WHERE doc_id NOT IN "
            "(SELECT doc_id FROM coded_documents)"
        ).fetchone()  # type: ignore[misc]
        assert partial == 0
