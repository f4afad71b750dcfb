"""GDELT import read as numbered line batches: odd line ends, bad bytes, batch boundaries and
an import stopped half-way, on the real GDELT 2.0 sample."""

from __future__ import annotations

import pytest

from conftest import SHARED
from shiftwatch.interop import export_events, import_gdelt, lines, loader

GDELT2_SAMPLE = SHARED / "data" / "gdelt" / "gdelt2_events_20191024143000_first300.export.tsv"

pytestmark = pytest.mark.usefixtures("shared_dir")


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 8 KiB: the 300-row sample crosses about fifteen batch boundaries."""
    monkeypatch.setattr(lines, "BLOCK_BYTES", 8192)


def test_crlf_blank_lines_bad_bytes_and_no_final_newline(store, tmp_path, small_blocks):
    original = GDELT2_SAMPLE.read_bytes().splitlines()
    damaged = list(original)
    damaged[99] = damaged[99].replace(b"\t", b"\t\xff\xfe", 1)  # line 100: not UTF-8
    damaged.insert(50, b"")  # a blank line: not a row, not an error
    path = tmp_path / "crlf.tsv"
    path.write_bytes(b"\r\n".join(damaged))  # CRLF ends, none after the last line
    report = import_gdelt(store, [path])
    assert (report.read, report.stored, report.malformed) == (300, 299, 1)
    assert report.errors == [f"{path}:101: not valid UTF-8; line skipped"]
    out = tmp_path / "out.tsv"
    export_events(store, "gdelt", out)
    assert out.read_bytes().splitlines() == original[:99] + original[100:]


def test_an_import_stopped_between_batches_resumes_without_duplicates(
    store, tmp_path, small_blocks, monkeypatch
):
    real_insert = loader.insert_batch
    calls = []

    def stopped_at_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_insert(*args, **kwargs)

    monkeypatch.setattr(loader, "insert_batch", stopped_at_third)
    with pytest.raises(KeyboardInterrupt):
        import_gdelt(store, [GDELT2_SAMPLE])
    (kept,) = store.con.execute("SELECT count(*) FROM events").fetchone()
    assert 0 < kept < 300  # the first two batches, whole
    monkeypatch.setattr(loader, "insert_batch", real_insert)
    again = import_gdelt(store, [GDELT2_SAMPLE])
    assert (again.stored, again.duplicates) == (300 - kept, kept)
    out = tmp_path / "out.tsv"
    assert export_events(store, "gdelt", out).rows == 300
    assert out.read_bytes() == GDELT2_SAMPLE.read_bytes()


def test_an_import_again_after_rows_were_deleted_adds_just_those(store, tmp_path, small_blocks):
    """Every batch but the first then holds stored ids and ids that are not: the stored ones
    are left out, the others come back, each once (exported after the rows kept: an export
    follows import order)."""
    first = import_gdelt(store, [GDELT2_SAMPLE])
    store.con.execute("DELETE FROM events WHERE raw_seq % 3 = 0")
    (kept,) = store.con.execute("SELECT count(*) FROM events").fetchone()
    again = import_gdelt(store, [GDELT2_SAMPLE])
    assert (again.stored, again.duplicates) == (first.stored - kept, kept)
    (count, distinct) = store.con.execute(
        "SELECT count(*), count(DISTINCT id) FROM events"
    ).fetchone()
    assert count == distinct == 300
    out = tmp_path / "out.tsv"
    export_events(store, "gdelt", out)
    original = GDELT2_SAMPLE.read_bytes().splitlines()
    assert out.read_bytes().splitlines() != original
    assert sorted(out.read_bytes().splitlines()) == sorted(original)


@pytest.mark.parametrize("block_bytes", [None, 8192])
def test_an_id_repeated_in_a_file_keeps_its_first_row(store, tmp_path, monkeypatch, block_bytes):
    """In the same batch as its first row, or (8 KiB blocks) many batches later."""
    if block_bytes:
        monkeypatch.setattr(lines, "BLOCK_BYTES", block_bytes)
    original = GDELT2_SAMPLE.read_bytes().splitlines()
    repeated = original[9].split(b"\t")
    repeated[30] = b"9.9"  # same GLOBALEVENTID, another Goldstein score
    path = tmp_path / "repeated.tsv"
    path.write_bytes(b"\n".join([*original, b"\t".join(repeated)]) + b"\n")
    report = import_gdelt(store, [path])
    assert (report.read, report.stored, report.duplicates) == (301, 300, 1)
    out = tmp_path / "out.tsv"
    export_events(store, "gdelt", out)
    assert out.read_bytes() == GDELT2_SAMPLE.read_bytes()


@pytest.mark.parametrize("align", [0, 7])
def test_recycled_blocks_and_sliced_line_search_give_every_line_once(monkeypatch, align):
    """Line ends looked for 1,000 bytes at a time in 8 KiB blocks read into three buffers in
    turn: each batch, read before the next, holds exactly its lines and their numbers; with
    ``align`` every batch but the last holds a multiple of that many lines."""
    monkeypatch.setattr(lines, "SCAN_BYTES", 1000)
    expected = GDELT2_SAMPLE.read_bytes().decode("utf-8").splitlines()
    seen: list[tuple[int, str]] = []
    sizes = []
    for batch in lines.line_batches(GDELT2_SAMPLE, block_bytes=8192, recycle=3, align=align):
        table = batch.table.to_pydict()
        seen.extend(zip(table["n"], table["line"], strict=True))
        sizes.append(batch.rows)
    assert seen == list(enumerate(expected, start=1))
    assert len(sizes) > 10
    if align:
        assert all(size % align == 0 for size in sizes[:-1])
        assert sizes[-1] % align != 0  # 300 lines: the last batch holds the rest
