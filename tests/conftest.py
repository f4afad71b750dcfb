"""Shared test helpers: where ../shared lives, fresh stores, and running the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from shiftwatch.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared``: real articles, gold sets and samples, read at test time, never copied."""
    return SHARED


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def guardian_csv(shared_dir: Path) -> Path:
    return shared_dir / "data" / "guardian_sdf_sample.csv"


@pytest.fixture(scope="session")
def seed_file(shared_dir: Path) -> Path:
    return shared_dir / "seeds" / "000_216a2d48f8b56b51.txt"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A new, empty database file in the test's temporary folder."""
    with open_store(tmp_path / "test.duckdb") as opened:
        yield opened


def run_cli(
    *args: str | Path, stdin: bytes | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m shiftwatch ARGS`` as a real subprocess and capture its output."""
    env = {**os.environ, "COLUMNS": "200", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "shiftwatch", *map(str, args)],
        input=stdin.decode("utf-8", "surrogateescape") if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
