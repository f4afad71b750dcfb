"""The DuckDB store: migrations, refusal of newer schemas, clear errors for bad files."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftwatch.errors import DatabaseLockedError, SchemaTooNewError, StoreError
from shiftwatch.models import ActorRef, Document, Event
from shiftwatch.store import migrations, open_store


def test_new_database_is_at_latest_schema(tmp_path: Path) -> None:
    with open_store(tmp_path / "new.duckdb") as store:
        assert store.schema_version == migrations.LATEST
        versions = store.query("SELECT version FROM schema_version ORDER BY version")
    assert versions["version"].tolist() == list(range(1, migrations.LATEST + 1))


def test_a_store_never_draws_duckdbs_progress_bar(tmp_path: Path) -> None:
    """A slow statement would otherwise print the bar on stdout, inside a command's output."""
    for read_only in (False, True):
        with open_store(tmp_path / "quiet.duckdb", read_only=read_only) as store:
            shown = store.con.execute("SELECT current_setting('enable_progress_bar')").fetchone()
            assert shown == (False,)


def _database_at_version(path: Path, version: int) -> duckdb.DuckDBPyConnection:
    """A new database that says it is at schema ``version``; the test then puts back the
    tables as that version had them."""
    con = duckdb.connect(str(path))
    migrations.current_version(con)
    migrations.upgrade(con, 0)
    con.execute("DELETE FROM schema_version WHERE version > ?", [version])
    return con


def test_older_database_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = _database_at_version(path, 1)
    con.execute("DROP TABLE coded_documents")
    con.execute("DROP TABLE events")
    con.execute("DROP TABLE sentences")
    con.execute(
        "INSERT INTO documents (id, hash, text) VALUES ('keep', 'h-keep', 'stored before upgrade')"
    )
    con.close()

    with open_store(path) as store:
        assert store.schema_version == migrations.LATEST
        assert store.document("keep")["text"] == "stored before upgrade"
        assert store.status()["events"] == 0


def test_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.duckdb"
    open_store(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version (version) VALUES (?)", [migrations.LATEST + 5])
    con.close()

    with pytest.raises(SchemaTooNewError, match=r"newer than this Shiftwatch supports"):
        open_store(path)
    con = duckdb.connect(str(path))
    assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == (
        migrations.LATEST + 5
    )
    con.close()


def test_file_that_is_not_duckdb_gives_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("this is a text file, not a database\n")
    with pytest.raises(StoreError) as caught:
        open_store(path)
    message = str(caught.value)
    assert str(path) in message and "not a DuckDB database" in message
    assert "\n" not in message
    assert path.read_text() == "this is a text file, not a database\n"


def test_locked_database_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    open_store(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time, duckdb
                con = duckdb.connect({str(path)!r})
                print("locked", flush=True)
                sys.stdin.read()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseLockedError, match="locked by another process"):
            open_store(path)
    finally:
        holder.communicate(input="")
    with open_store(path) as store:
        assert store.status()["documents"] == 0


def _event(doc_id: str, idx: int, source: str, target: str, kind: str) -> Event:
    return Event(
        doc_id=doc_id,
        sentence_idx=idx,
        sentence=f"{source} and {target} sentence {idx}",
        date=date(2023, 9, 13),
        source=ActorRef(source, "GOV", source.lower()),
        target=ActorRef(target, "", target.lower()),
        type=kind,
        coder_version="test",
    )


def test_save_coding_replaces_a_documents_events(tmp_path: Path) -> None:
    with open_store(tmp_path / "coded.duckdb") as store:
        doc = Document(text="Kim met Putin. Putin praised Kim.", title="t")
        assert store.add_document(doc)
        sentences = [(0, 0, 14, "Kim met Putin."), (1, 15, 33, "Putin praised Kim.")]
        first = [
            _event(doc.id, 0, "PRK", "RUS", "CONSULT"),
            _event(doc.id, 1, "RUS", "PRK", "SUPPORT"),
        ]
        store.save_coding(doc.id, "test", sentences, first)
        store.save_coding(doc.id, "test", sentences, first[:1])
        frame = store.events(dyad=("RUS", "PRK"))
        assert frame["type"].tolist() == ["CONSULT"]
        assert store.status()["sentences"] == 2
        assert list(store.documents_to_code("test")) == []
        assert [d.id for d in store.documents_to_code("other-version")] == [doc.id]


def test_a_coded_event_replaces_the_stored_event_with_its_id(tmp_path: Path) -> None:
    """No primary key on events.id (migration 007): writers keep ids unique. A recoded
    document's event whose id is stored under another document (or imported) replaces that
    row, and an id repeated in one save keeps its first event."""
    with open_store(tmp_path / "ids.duckdb") as store:
        doc = Document(text="Kim met Putin.", title="t")
        other = Document(text="Putin praised Kim.", title="u")
        assert store.add_document(doc) and store.add_document(other)
        event = _event(doc.id, 0, "PRK", "RUS", "CONSULT")
        elsewhere = _event(other.id, 0, "RUS", "PRK", "SUPPORT")
        elsewhere.id = event.id
        store.save_coding(other.id, "test", [(0, 0, 18, "Putin praised Kim.")], [elsewhere])
        twice = _event(doc.id, 0, "PRK", "RUS", "CONSULT")
        twice.sentence = "a second event with the same id"
        store.save_coding(doc.id, "test", [(0, 0, 14, "Kim met Putin.")], [event, twice])
        rows = store.query("SELECT id, doc_id, sentence FROM events")
        assert rows.values.tolist() == [[event.id, doc.id, event.sentence]]
        store.insert_event_rows([{"id": event.id, "source": "USA", "type": "AID"}])
        assert store.query("SELECT id, source FROM events").values.tolist() == [[event.id, "USA"]]


def test_a_store_with_the_old_primary_key_is_rewritten_without_it(tmp_path: Path) -> None:
    path = tmp_path / "keyed.duckdb"
    con = _database_at_version(path, 6)
    con.execute("DROP TABLE events")
    con.execute(
        "CREATE TABLE events (id VARCHAR PRIMARY KEY, doc_id VARCHAR, source VARCHAR NOT NULL, "
        "type VARCHAR NOT NULL, raw VARCHAR USING COMPRESSION zstd)"
    )
    con.execute("CREATE INDEX events_doc ON events (doc_id)")
    con.execute("INSERT INTO events VALUES ('e1', 'd1', 'PRK', 'CONSULT', 'line 1')")
    con.close()
    with open_store(path) as store:
        assert store.schema_version == migrations.LATEST
        ddl = store.query("SELECT sql FROM duckdb_tables() WHERE table_name = 'events'")
        assert "PRIMARY KEY" not in ddl["sql"][0]
        assert "(id VARCHAR USING COMPRESSION ZSTD NOT NULL," in ddl["sql"][0]
        assert "raw VARCHAR USING COMPRESSION ZSTD" in ddl["sql"][0]
        indexes = store.query("SELECT index_name FROM duckdb_indexes() WHERE table_name = 'events'")
        assert indexes["index_name"].tolist() == ["events_doc"]
        assert store.query("SELECT * FROM events").values.tolist() == [
            ["e1", "d1", "PRK", "CONSULT", "line 1"]
        ]


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(min_size=1, max_size=300).filter(lambda s: s.strip()),
    title=st.text(max_size=80),
    tags=st.lists(st.text(min_size=1, max_size=20), max_size=4),
    published=st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2100, 1, 1))),
)
def test_document_round_trip(tmp_path_factory, text, title, tags, published) -> None:
    path = tmp_path_factory.mktemp("rt") / "rt.duckdb"
    doc = Document(text=text, title=title, tags=tags, published=published, source="s", url="u")
    with open_store(path) as store:
        assert store.add_document(doc)
        assert not store.add_document(Document(text=text))
        stored = store.document(doc.id)
    assert stored["text"] == text
    assert stored["title"] == title
    assert stored["tags"] == tags
    assert stored["published"] == published
