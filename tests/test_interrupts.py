"""A termination signal during a store write waits for the commit: nothing is left half done."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from shiftwatch.interrupts import atomic, terminate_after_writes
from shiftwatch.models import Document
from shiftwatch.store import open_store


def test_outside_a_write_the_signal_exits_at_once() -> None:
    with pytest.raises(SystemExit) as stopped:
        terminate_after_writes(signal.SIGTERM, None)
    assert stopped.value.code == 128 + signal.SIGTERM


def test_inside_a_write_the_exit_waits_for_its_end() -> None:
    reached_end = False
    with pytest.raises(SystemExit) as stopped, atomic():
        with atomic():  # nested writes: only the outermost end exits
            terminate_after_writes(signal.SIGTERM, None)
        reached_end = True
    assert reached_end and stopped.value.code == 128 + signal.SIGTERM
    with atomic():  # the pending signal was consumed
        pass


def test_a_real_sigterm_during_save_codings_keeps_the_batch_whole(tmp_path: Path) -> None:
    previous = signal.signal(signal.SIGTERM, terminate_after_writes)
    try:
        with open_store(tmp_path / "t.duckdb") as store:
            store.add_document(Document(text="Russia sent aid to North Korea.", id="d1"))

            write_table = store._bulk

            def write_then_signal(name: str, table: object, sql: str) -> None:
                write_table(name, table, sql)  # type: ignore[arg-type]
                if name == "_sentence_rows":  # mid-transaction: sentences in, rest to come
                    os.kill(os.getpid(), signal.SIGTERM)

            store._bulk = write_then_signal  # type: ignore[method-assign]
            sentences = [(0, 0, 31, "Russia sent aid to North Korea.")]
            with pytest.raises(SystemExit) as stopped:
                store.save_codings([("d1", "test", sentences, [], None)])
            assert stopped.value.code == 128 + signal.SIGTERM
            rows = store.con.execute("SELECT count(*) FROM coded_documents").fetchone()
            assert rows == (1,)  # committed whole before the exit
            assert store.con.execute("SELECT count(*) FROM sentences").fetchone() == (1,)
    finally:
        signal.signal(signal.SIGTERM, previous)
