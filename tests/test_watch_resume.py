"""``kill -9`` in the middle of a ``watch`` pass, then another pass: the same documents,
events and alerts as one uninterrupted pass, and no alert written twice to the JSON lines."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import run_cli
from shiftwatch.demo import corpus_path
from shiftwatch.store import open_store


def inbox(folder: Path) -> Path:
    """The demo corpus as one JSONL file per year, so a pass has several files to read."""
    folder.mkdir()
    rows = [json.loads(line) for line in corpus_path().read_text(encoding="utf-8").splitlines()]
    for year in sorted({row["date"][:4] for row in rows}):
        lines = [json.dumps(row) + "\n" for row in rows if row["date"].startswith(year)]
        (folder / f"{year}.jsonl").write_text("".join(lines), encoding="utf-8")
    return folder


def watch_args(db: Path, folder: Path, out: Path) -> list[str]:
    return ["--db", str(db), "watch", str(folder), "--once", "--alerts", str(out)]


def killed_after(args: list[str], db: Path, seconds: float) -> int:
    """Start a pass, wait until its database exists plus ``seconds``, then SIGKILL it."""
    env = {**os.environ, "COLUMNS": "200"}
    process = subprocess.Popen(
        [sys.executable, "-m", "shiftwatch", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    deadline = time.monotonic() + 120
    while not db.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    time.sleep(seconds)
    process.send_signal(signal.SIGKILL)
    return process.wait(timeout=60)


def snapshot(db: Path) -> dict[str, object]:
    with open_store(db, read_only=True) as store:
        docs = store.con.execute("SELECT id FROM documents ORDER BY id").fetchall()
        events = store.con.execute("SELECT id FROM events ORDER BY id").fetchall()
        alerts = store.con.execute(
            "SELECT kind, actors, direction, window_start, window_end, round(size, 6), "
            "event_ids FROM alerts ORDER BY ALL"
        ).fetchall()
        queued = store.con.execute("SELECT count(*) FROM watch_pending").fetchall()[0][0]
    return {"documents": docs, "events": events, "alerts": alerts, "queued": queued}


@pytest.mark.slow
def test_a_killed_pass_is_completed_by_the_next_with_nothing_lost_or_doubled(
    tmp_path: Path,
) -> None:
    folder = inbox(tmp_path / "inbox")
    whole_db, whole_out = tmp_path / "whole.duckdb", tmp_path / "whole.jsonl"
    done = run_cli(*watch_args(whole_db, folder, whole_out))
    assert done.returncode == 0, done.stderr
    expected = snapshot(whole_db)
    assert expected["alerts"] and expected["queued"] == 0

    db, out = tmp_path / "killed.duckdb", tmp_path / "killed.jsonl"
    args = watch_args(db, folder, out)
    codes = [killed_after(args, db, seconds) for seconds in (0.3, 4.0)]
    assert codes[0] == -signal.SIGKILL  # the first pass really died mid-way
    finished = run_cli(*args)
    assert finished.returncode == 0, finished.stderr
    assert snapshot(db) == expected
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    ids = [line["id"] for line in lines]
    assert len(ids) == len(set(ids)) == len(expected["alerts"])  # type: ignore[arg-type]


@pytest.mark.slow
def test_every_loops_and_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    rows = [json.loads(line) for line in corpus_path().read_text(encoding="utf-8").splitlines()]
    (folder / "a.jsonl").write_text(json.dumps(rows[0]) + "\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "shiftwatch",
            "--db",
            str(db),
            "watch",
            str(folder),
            "--every",
            "1s",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert process.stderr is not None
    passes: list[str] = []
    for line in process.stderr:
        if line.startswith("pass:"):
            passes.append(line)
            if len(passes) == 1:  # a second file arrives while it waits
                (folder / "b.jsonl").write_text(json.dumps(rows[1]) + "\n", encoding="utf-8")
            if len(passes) == 3:
                process.send_signal(signal.SIGINT)
                break
    rest = process.stderr.read()
    assert process.wait(timeout=60) == 0, rest
    assert "1 new documents" in passes[0] and "1 new documents" in passes[1]
    assert "0 new documents" in passes[2]
    with open_store(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM documents").fetchall()[0][0] == 2


def test_a_stop_request_ends_the_pass_between_documents_and_the_next_pass_completes(
    tmp_path: Path,
) -> None:
    from shiftwatch.config import Settings
    from shiftwatch.watch.runner import StopFlag, run_pass
    from shiftwatch.watch.sources import Source, WatchConfig

    rows = corpus_path().read_text(encoding="utf-8").splitlines()[:3]
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "three.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    config = WatchConfig(sources=[Source("path", str(folder))])
    stop = StopFlag()

    def ctrl_c_while_reading(stage: str, done: int, total: int | None, what: str) -> None:
        if stage == "fetch":
            stop.set()  # as the Ctrl-C handler does, once the file is being read

    with open_store(tmp_path / "w.duckdb") as store:
        stopped = run_pass(store, config, Settings(), stop=stop, progress=ctrl_c_while_reading)
        assert stopped.stopped and "stopped early" in stopped.summary()
        assert stopped.coded == 0
        (kept,) = store.con.execute("SELECT count(*) FROM documents").fetchall()[0]
        assert kept < 3
        finished = run_pass(store, config, Settings())
        assert not finished.stopped and finished.collect.stored == 3 - kept
        (coded,) = store.con.execute("SELECT count(*) FROM coded_documents").fetchall()[0]
        assert coded == 3
