"""An ingest killed mid-run (SIGKILL, or Ctrl-C) leaves a valid database; running it again
completes the job with the same final count and no duplicates."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from shiftwatch.store import open_store

COPIES = 5  # 5 x 249 Guardian articles: long enough to interrupt after a few batches


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory, guardian_csv: Path) -> Path:
    """The Guardian sample repeated, each copy made distinct by a numbered closing sentence."""
    path = tmp_path_factory.mktemp("resume") / "big.csv"
    with guardian_csv.open(encoding="utf-8", newline="") as src:
        rows = list(csv.DictReader(src))
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "date", "text", "source"])
        for copy in range(COPIES):
            for row in rows:
                text = f"{row['text']} (Copy {copy} of article {row['']}.)"
                writer.writerow([f"{copy}-{row['']}", row["date"], text, row["source"]])
    return path


def _counts(db: Path) -> tuple[int, int, int]:
    with open_store(db, read_only=True) as store:
        row = store.query(
            "SELECT count(*), count(DISTINCT hash), count(DISTINCT origin) FROM documents"
        ).iloc[0]
    return int(row.iloc[0]), int(row.iloc[1]), int(row.iloc[2])


def _start_and_interrupt(db: Path, csv_path: Path, sig: int, batches: int = 2) -> int:
    """Run the real CLI, wait until it has committed ``batches`` batches, send ``sig``."""
    process = subprocess.Popen(
        [sys.executable, "-m", "shiftwatch", "-v", "--db", str(db), "ingest", str(csv_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stderr is not None
    committed = 0
    for line in process.stderr:
        if "committed a batch" in line:
            committed += 1
            if committed == batches:
                process.send_signal(sig)
                break
    process.stderr.read()
    return process.wait(timeout=120)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill", "ctrl-c"])
def test_interrupted_ingest_resumes_without_duplicates(
    tmp_path: Path, big_csv: Path, sig: int
) -> None:
    total = COPIES * 249
    db = tmp_path / "resume.duckdb"
    code = _start_and_interrupt(db, big_csv, sig)
    assert code == (-signal.SIGKILL if sig == signal.SIGKILL else 130)
    stored, hashes, origins = _counts(db)
    assert 0 < stored < total  # interrupted mid-run, with whole batches kept
    assert stored == hashes == origins
    result = run_cli("--db", db, "ingest", big_csv)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"read {total}, stored {total - stored}, duplicates {stored},")
    assert _counts(db) == (total, total, total)
