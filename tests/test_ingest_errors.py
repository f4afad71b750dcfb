"""Bad input through the real CLI: one clear line per problem, good documents still stored,
exit code 1, and nothing stored lost or duplicated; bad databases refused untouched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import run_cli
from shiftwatch.ingest import ingest
from shiftwatch.store import Store, open_store


def _count(db: Path) -> tuple[int, int]:
    with open_store(db, read_only=True) as store:
        row = store.query("SELECT count(*) AS n, count(DISTINCT hash) AS h FROM documents")
    return int(row["n"].iloc[0]), int(row["h"].iloc[0])


@pytest.fixture
def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "inputs"
    folder.mkdir()
    files = {
        "binary": folder / "photo.txt",
        "empty": folder / "empty.txt",
        "utf8": folder / "latin1.txt",
        "csv": folder / "rows.csv",
        "columns": folder / "columns.csv",
        "jsonl": folder / "broken.jsonl",
    }
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    files["empty"].write_bytes(b"  \n\n")
    files["utf8"].write_bytes(
        b"Title\n\nThe minister said the talks in Bogot\xe1 went well and would continue.\n"
    )
    files["csv"].write_text('text,date\n"unterminated quote,2020-01-01\n', encoding="utf-8")
    files["columns"].write_text("headline,when\nA,2020-01-01\n", encoding="utf-8")
    files["jsonl"].write_text('{"text": 1\n', encoding="utf-8")
    return files


def test_every_bad_input_gets_one_line_and_good_ones_are_stored(
    tmp_path: Path, bad_inputs: dict[str, Path], seed_file: Path, fixtures_dir: Path
) -> None:
    db = tmp_path / "sw.duckdb"
    html = fixtures_dir / "html" / "fisheries_pact.html"
    missing = tmp_path / "nowhere" / "missing.csv"
    args = ["--db", db, "ingest", seed_file, *bad_inputs.values(), missing, html]
    result = run_cli(*args)
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    expected = {
        "binary": f"error: {bad_inputs['binary']}: binary file (contains NUL bytes)",
        "empty": f"error: {bad_inputs['empty']}: empty file",
        "utf8": f"error: {bad_inputs['utf8']}: line 3: invalid UTF-8 (byte 0xe1",
        "csv": f"error: {bad_inputs['csv']}: row 1 (line 2): malformed CSV",
        "columns": f"error: {bad_inputs['columns']}: no text column; name it with --text-col",
        "jsonl": f"error: {bad_inputs['jsonl']}: line 1: invalid JSON",
        "missing": f"error: {missing}: no such file or directory",
    }
    assert len(errors) == len(expected), result.stderr
    for key, start in expected.items():
        assert any(line.startswith(start) for line in errors), (key, result.stderr)
    assert result.stdout.strip() == (
        "read 2, stored 2, duplicates 0, near-duplicates 0, non-English 0, failed 7"
    )
    assert _count(db) == (2, 2)
    again = run_cli(*args)
    assert again.returncode == 1
    assert again.stdout.strip().startswith("read 2, stored 0, duplicates 2,")
    assert _count(db) == (2, 2)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_by_permissions(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Title\n\nBody text that nobody may read.\n", encoding="utf-8")
    path.chmod(0)
    report = ingest([path], store)
    assert report.errors == [f"{path}: cannot read (Permission denied)"]


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_unreadable_file_by_io_error(store: Store) -> None:
    """/proc/self/mem opens but fails to read at offset 0 (EIO), even for root."""
    report = ingest(["/proc/self/mem"], store, fmt="text")
    assert report.failed == 1
    assert report.errors[0].startswith("/proc/self/mem: cannot read (")


def test_stdin_and_globs(tmp_path: Path, seed_file: Path, fixtures_dir: Path) -> None:
    db = tmp_path / "sw.duckdb"
    result = run_cli("--db", db, "ingest", "-", stdin=seed_file.read_bytes())
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("read 1, stored 1,")
    pattern = str(fixtures_dir / "**" / "*.htm*")
    result = run_cli("--db", db, "ingest", pattern, str(tmp_path / "*.nomatch"))
    assert result.returncode == 1
    assert result.stdout.startswith("read 2, stored 2,")
    assert f"{tmp_path / '*.nomatch'}: no files match this pattern" in result.stderr
    with open_store(db, read_only=True) as store:
        origins = set(store.query("SELECT origin FROM documents")["origin"])
    assert "<stdin>" in origins


def test_bad_options_are_usage_errors(tmp_path: Path, seed_file: Path) -> None:
    result = run_cli("--db", tmp_path / "x.duckdb", "ingest", "--date", "24/11/2023", seed_file)
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr
    result = run_cli("--db", tmp_path / "x.duckdb", "ingest", "--format", "pdf", seed_file)
    assert result.returncode == 2


def test_a_database_that_is_not_duckdb_is_refused_untouched(
    tmp_path: Path, seed_file: Path
) -> None:
    db = tmp_path / "notes.duckdb"
    db.write_text("these are my notes, not a database\n" * 50, encoding="utf-8")
    before = db.read_bytes()
    result = run_cli("--db", db, "ingest", seed_file)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [f"error: {db}: not a DuckDB database file"]
    assert db.read_bytes() == before


HOLDER = textwrap.dedent(
    """
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    con.execute("CREATE TABLE IF NOT EXISTS held (x INTEGER)")
    print("ready", flush=True)
    time.sleep(120)
    """
)


def test_a_database_locked_by_another_process(
    tmp_path: Path, seed_file: Path, guardian_csv: Path
) -> None:
    db = tmp_path / "busy.duckdb"
    first = run_cli("--db", db, "ingest", seed_file)
    assert first.returncode == 0, first.stderr
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        result = run_cli("--db", db, "ingest", guardian_csv)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {db}: database is locked by another process")
    assert _count(db) == (1, 1)


def test_the_database_file_itself_is_never_ingested(tmp_path: Path, seed_file: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(seed_file, folder / "seed.txt")
    result = run_cli("--db", folder / "corpus.duckdb", "ingest", folder)
    assert result.returncode == 0, result.stderr
    again = run_cli("--db", folder / "corpus.duckdb", "ingest", folder)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("read 1, stored 0, duplicates 1,")
