"""ICEWS and POLECAT read in bounded batches of lines like GDELT: the real ICEWS sample and the
real POLECAT header cut into many small batches still round-trip byte for byte, bad lines are
reported by number with the rest kept, and imports run with DuckDB's progress bar off."""

from __future__ import annotations

import pytest

from conftest import SHARED
from shiftwatch.interop import (
    export_events,
    import_gdelt,
    import_icews,
    import_polecat,
    lines,
    loader,
)
from shiftwatch.interop.mentions import import_mentions
from shiftwatch.store import open_store
from test_interop import POLECAT_ROWS, write_polecat

SAMPLES = SHARED / "data" / "gdelt"
ICEWS_SAMPLE = SAMPLES / "icews_events_2018-06-01_sample_300rows.tsv"
GDELT2_SAMPLE = SAMPLES / "gdelt2_events_20191024143000_first300.export.tsv"
MENTIONS_SAMPLE = SAMPLES / "gdelt2_mentions_sample_300rows.csv"

pytestmark = pytest.mark.usefixtures("shared_dir")


@pytest.fixture
def batches(monkeypatch):
    """Blocks of 8 KiB, and the number of batches each import inserted (the real insert)."""
    monkeypatch.setattr(lines, "BLOCK_BYTES", 8192)
    real_insert = loader.insert_batch
    counted: list[int] = []

    def counting(*args, **kwargs):
        counted.append(real_insert(*args, **kwargs))
        return counted[-1]

    monkeypatch.setattr(loader, "insert_batch", counting)
    return counted


def test_icews_in_batches_round_trips_and_names_bad_lines(store, tmp_path, batches):
    original = ICEWS_SAMPLE.read_bytes().splitlines()
    damaged = list(original)

    def with_field(line: int, index: int, value: bytes) -> bytes:
        fields = damaged[line - 1].split(b"\t")
        fields[index] = value
        return b"\t".join(fields)

    damaged[9] = damaged[9].rsplit(b"\t", 1)[0]  # line 10: a field short
    damaged[19] = with_field(20, 0, b"")  # line 20: no Event ID
    damaged[29] = with_field(30, 1, b"NA")  # line 30: Event Date NA
    damaged[39] = with_field(40, 1, b"2018-13-45")  # line 40: no such date
    path = tmp_path / "icews.tsv"
    path.write_bytes(b"\n".join(damaged) + b"\n")
    report = import_icews(store, [path])
    assert len(batches) >= 10
    assert (report.read, report.stored, report.malformed) == (300, 296, 4)
    assert report.errors == [
        f"{path}:10: expected 20 tab-separated fields, found 19; line skipped",
        f"{path}:20: Event ID is empty; line skipped",
        f"{path}:30: Event Date is empty; line skipped",
        f"{path}:40: Event Date '2018-13-45' is not a date; line skipped",
    ]
    out = tmp_path / "out.tsv"
    assert export_events(store, "icews", out).rows == 296
    kept = [line for number, line in enumerate(original, 1) if number not in (10, 20, 30, 40)]
    assert out.read_bytes() == b"\n".join(kept) + b"\n"
    again = import_icews(store, [ICEWS_SAMPLE])  # the four lines come in; nothing twice
    assert (again.stored, again.duplicates) == (4, 296)
    assert export_events(store, "icews", out).rows == 300


def test_polecat_in_batches_round_trips(store, tmp_path, batches):
    """The real POLECAT header with 300 rows (the test rows under fresh ids), in many
    batches: the export gives the file back byte for byte, and an import again adds nothing."""
    rows = [
        {**row, "Event ID": f"20230501-{number:04d}"}
        for number in range(300)
        for row in [POLECAT_ROWS[number % len(POLECAT_ROWS)]]
    ]
    path = tmp_path / "ngecEvents.20230501.txt"
    write_polecat(path, rows)
    report = import_polecat(store, [path])
    assert len(batches) > 3
    assert (report.read, report.stored, report.malformed) == (300, 300, 0)
    out = tmp_path / "export.txt"
    assert export_events(store, "polecat", out).rows == 300
    assert out.read_bytes() == path.read_bytes()
    assert import_polecat(store, [path]).duplicates == 300


def test_imports_run_without_progress_bar(store, tmp_path, monkeypatch):
    """DuckDB draws its progress bar on stdout for any statement longer than two seconds: a
    large batch would put one in the middle of the command's output. While each import's
    statements run the bar is off, and the connection's own setting is given back after."""
    from shiftwatch.interop import files

    store.con.execute("SET enable_progress_bar = true")
    seen: list[bool] = []

    def spy(module, name):
        real = getattr(module, name)

        def recording(*args, **kwargs):
            (shown,) = store.con.execute("SELECT current_setting('enable_progress_bar')").fetchone()
            seen.append(shown)
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, recording)

    spy(loader, "insert_batch")  # GDELT, ICEWS, POLECAT: each batch's INSERT
    spy(files, "rejected_lines")  # mentions: right after its INSERT
    import_gdelt(store, [GDELT2_SAMPLE])
    import_icews(store, [ICEWS_SAMPLE])
    path = tmp_path / "ngecEvents.20230501.txt"
    write_polecat(path, POLECAT_ROWS)
    import_polecat(store, [path])
    import_mentions(store, [MENTIONS_SAMPLE])
    assert len(seen) >= 4 and not any(seen)
    (shown,) = store.con.execute("SELECT current_setting('enable_progress_bar')").fetchone()
    assert shown is True


def test_polecat_columns_are_listed_once_as_published():
    """One list of POLECAT's columns (importer and exporter share it), the one ../shared
    records from the ngecEvents releases."""
    from shiftwatch.interop import export_polecat, polecat

    published = [
        line.strip()
        for line in (SAMPLES / "polecat_columns.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert list(polecat.POLECAT_COLUMNS) == published
    assert export_polecat.POLECAT_COLUMNS is polecat.POLECAT_COLUMNS
    assert set(polecat.IN_EXTRA) < set(published) and len(polecat.IN_EXTRA) == 24


def test_exports_run_with_memory_capped_and_no_progress_bar(store, tmp_path, monkeypatch):
    """Every export sorts all its rows: with DuckDB's default cap (80% of RAM) exporting 10M
    imported rows took 8-10 GB. While an export's SELECT is built and run the cap is the
    export's own and the progress bar off; both settings are given back after."""
    from shiftwatch.interop import export, export_icews

    setting = "SELECT current_setting('memory_limit'), current_setting('enable_progress_bar')"
    store.con.execute("SET enable_progress_bar = true")
    before = store.con.execute(setting).fetchone()
    seen = []

    def spy(module, name):
        real = getattr(module, name)

        def recording(*args, **kwargs):
            seen.append(store.con.execute(setting).fetchone())
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, recording)

    spy(export, "gdelt_select")
    spy(export_icews, "icews_select")
    import_gdelt(store, [GDELT2_SAMPLE])
    import_icews(store, [ICEWS_SAMPLE])
    assert export_events(store, "gdelt", tmp_path / "out.tsv").rows == 600
    assert export_events(store, "icews", tmp_path / "out_icews.tsv").rows == 600
    with open_store(tmp_path / "capped.duckdb") as other:
        other.con.execute(f"SET memory_limit = '{export.EXPORT_MEMORY_LIMIT}'")
        (capped,) = other.con.execute("SELECT current_setting('memory_limit')").fetchone()
    assert seen == [(capped, False), (capped, False)]
    assert store.con.execute(setting).fetchone() == before
