"""``shiftwatch.code`` on a real DuckDB file: resumable, idempotent, sentences stored."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import shared_path
from shiftwatch.coder import CODER_VERSION
from shiftwatch.coding import code
from shiftwatch.config import Settings
from shiftwatch.models import Document
from shiftwatch.store import Store


def guardian_documents(count: int) -> list[Document]:
    with shared_path("data", "guardian_sdf_sample.csv").open(encoding="utf-8") as handle:
        rows = [row for _, row in zip(range(count), csv.DictReader(handle), strict=False)]
    return [Document(text=row["text"], published=None, source="guardian") for row in rows]


@pytest.fixture
def filled(store: Store) -> Store:
    for document in guardian_documents(5):
        store.add_document(document)
    store.add_document(Document(text="Le gouvernement a annoncé des mesures.", language="fr"))
    return store


def test_code_stores_sentences_and_events_once(filled: Store) -> None:
    calls: list[tuple[int, int]] = []
    report = code(filled, Settings(batch_size=2), progress=lambda d, t: calls.append((d, t)))
    assert report.documents == 5
    assert report.skipped_language == 1
    assert calls[-1] == (5, 5)
    (events,) = filled.con.execute("SELECT count(*) FROM events").fetchone()
    (sentences,) = filled.con.execute("SELECT count(*) FROM sentences").fetchone()
    assert events == report.events > 0
    assert sentences == report.sentences > 0
    assert sum(report.by_type.values()) == report.events
    versions = filled.con.execute("SELECT DISTINCT coder_version FROM events").fetchall()
    assert versions == [(CODER_VERSION,)]
    # evidence offsets slice the stored document text
    rows = filled.con.execute(
        "SELECT d.text, e.sentence, e.evidence_start, e.evidence_end FROM events e "
        "JOIN documents d ON d.id = e.doc_id"
    ).fetchall()
    for text, sentence, start, end in rows:
        assert text[start:end] == sentence

    again = code(filled, Settings())
    assert again.documents == 0 and again.events == 0
    assert filled.con.execute("SELECT count(*) FROM events").fetchone()[0] == events


def test_recode_replaces_without_duplicates(filled: Store) -> None:
    first = code(filled, Settings())
    second = code(filled, Settings(), recode=True)
    assert second.documents == first.documents
    assert filled.con.execute("SELECT count(*) FROM events").fetchone()[0] == first.events


def test_interrupted_run_resumes(filled: Store) -> None:
    class Stop(Exception):
        pass

    def stop_after_two(done: int, total: int) -> None:
        if done == 2:
            raise Stop

    with pytest.raises(Stop):
        code(filled, Settings(batch_size=1), progress=stop_after_two)
    coded = filled.con.execute("SELECT count(*) FROM coded_documents").fetchone()[0]
    assert coded == 2
    rest = code(filled, Settings())
    assert rest.documents == 3


@pytest.mark.slow
def test_worker_processes_give_the_same_events(tmp_path: Path) -> None:
    from shiftwatch.store import open_store

    results = []
    for name, processes in (("one.duckdb", 1), ("two.duckdb", 2)):
        with open_store(tmp_path / name) as opened:
            for document in guardian_documents(8):
                opened.add_document(document)
            code(opened, Settings(processes=processes, batch_size=2))
            results.append(
                sorted(r[0] for r in opened.con.execute("SELECT id FROM events").fetchall())
            )
    assert results[0] == results[1] and results[0]
