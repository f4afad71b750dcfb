"""Shared test helpers: where ../shared lives, fresh stores, and running the real CLI.

Tests that read ``../shared`` (real news, gold sets, samples) or drive Chromium get them through
``shared_path`` / ``shared_dir`` and ``chromium``: on a fresh clone without them they skip with a
one-line reason; under ``CI=true`` their absence is a failure, so CI still runs every test.
"""

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
CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").strip().lower() == "true"


def require(path: Path, what: str) -> Path:
    """``path`` if it exists; else skip with one line (locally) or fail (under ``CI=true``).

    The one place that decides what a missing external input means, so a fresh clone stays
    green while CI can never silently skip the tests that need ``../shared`` or Chromium.
    """
    if path.exists():
        return path
    reason = f"needs {what}: {path} not found"
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: required, not skipped)", pytrace=False)
    pytest.skip(reason)


def shared_path(*parts: str) -> Path:
    """A file or folder under ``../shared``, or a skip/failure through ``require``."""
    return require(SHARED.joinpath(*parts), "../shared")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared``: real articles, gold sets and samples, read at test time, never copied."""
    return shared_path()


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium for the browser tests (``apt-get install chromium``; .ci/run does)."""
    return require(CHROMIUM, "Chromium")


CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[object]:
    """Debian's Chromium launched by Playwright (one per test module), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def guardian_csv() -> Path:
    return shared_path("data", "guardian_sdf_sample.csv")


@pytest.fixture(scope="session")
def seed_file() -> Path:
    return shared_path("seeds", "000_216a2d48f8b56b51.txt")


@pytest.fixture(scope="session")
def guardian_coded(tmp_path_factory: pytest.TempPathFactory, guardian_csv: Path) -> Path:
    """One database of the Guardian sample ingested and coded, built once per session (coding
    249 articles takes minutes on two cores): every test that needs it opens it read-only."""
    import shiftwatch

    path = tmp_path_factory.mktemp("guardian") / "guardian.duckdb"
    with open_store(path) as opened:
        shiftwatch.ingest([guardian_csv], opened)
        shiftwatch.code(opened, shiftwatch.load_settings(db=path))
    return path


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
