"""Helpers for the web tests (real databases, a real uvicorn server) and the server's own tests.

The API, security and browser tests import :func:`build_database` and :class:`Server` from
here. Databases are built once per session and reused by file name, because coding a corpus
with spaCy takes a while; servers are real ``python -m shiftwatch serve`` subprocesses on a
free loopback port, stopped at teardown.
"""

from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from shiftwatch.store import open_store

GUARDIAN_SUBSET = 40


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``shiftwatch serve`` in a subprocess; ``url`` is ready to use once constructed."""

    def __init__(self, db: Path, *, read_only: bool = False, token: str | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {key: value for key, value in os.environ.items() if key != "SHIFTWATCH_TOKEN"}
        if token is not None:
            env["SHIFTWATCH_TOKEN"] = token
        command = [sys.executable, "-m", "shiftwatch", "--db", str(db), "serve",
                   "--port", str(self.port)]  # fmt: skip
        if read_only:
            command.append("--read-only")
        self.process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"server exited with {self.process.returncode}: {error}")
            try:
                if httpx.get(f"{self.url}/api/v1/status", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server on {self.url} not ready after {timeout} s")

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=120)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)


def guardian_subset(shared: Path, folder: Path, rows: int = GUARDIAN_SUBSET) -> Path:
    """The first ``rows`` Guardian articles as a CSV in ``folder`` (read from ../shared)."""
    csv.field_size_limit(sys.maxsize)
    target = folder / f"guardian_{rows}.csv"
    if not target.exists():
        with (shared / "data" / "guardian_sdf_sample.csv").open(newline="") as source:
            reader = csv.DictReader(source)
            kept = [row for _, row in zip(range(rows), reader, strict=False)]
        with target.open("w", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(kept[0]))
            writer.writeheader()
            writer.writerows(kept)
    return target


def build_database(folder: Path, shared: Path, *, coded: bool) -> Path:
    """The demo corpus plus 40 Guardian articles, ingested and (``coded``) coded; reused."""
    path = folder / ("web-coded.duckdb" if coded else "web-ingested.duckdb")
    if path.exists():
        return path
    from shiftwatch import ingest
    from shiftwatch.config import Settings
    from shiftwatch.demo import corpus_path

    building = path.with_suffix(".building")
    with open_store(building) as store:
        for source in (corpus_path(), guardian_subset(shared, folder)):
            report = ingest([source], store)
            assert report.stored > 0 and not report.failed, report.errors
        if coded:
            from shiftwatch import code

            code(store, Settings(db=building))
    building.rename(path)
    return path


def count(db_server: Server, what: str) -> int:
    with db_server.client() as http:
        return int(http.get("/api/v1/status").json()[what])


@pytest.fixture(scope="module")
def ingested_db(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    return build_database(tmp_path_factory.getbasetemp(), shared_dir, coded=False)


def test_serve_answers_on_loopback_and_stops(ingested_db: Path) -> None:
    server = Server(ingested_db, read_only=True)
    try:
        with server.client() as http:
            status = http.get("/api/v1/status").json()
            page = http.get("/")
            docs = http.get("/api/v1/openapi.json").json()
        assert status["documents"] >= 110 + GUARDIAN_SUBSET - 5  # a few may be duplicates
        assert "database" not in status  # the server's file path is not exposed
        assert page.status_code == 200 and "Overview" in page.text
        assert {"/api/v1/events", "/api/v1/documents", "/api/v1/search",
                "/api/v1/dyads/{a}/{b}/series", "/api/v1/shifts", "/api/v1/blocs",
                "/api/v1/actors/{actor}/partners"} <= set(docs["paths"])  # fmt: skip
    finally:
        server.stop()
    assert server.process.returncode is not None
    with pytest.raises(httpx.HTTPError):
        httpx.get(server.url + "/api/v1/status", timeout=2)


def test_serve_refuses_a_missing_read_only_database(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="does not exist"):
        Server(tmp_path / "absent.duckdb", read_only=True)
