"""Hostile files through the real ``ingest`` CLI (issue 20, "Why" item 3).

Each hostile input costs one line on stderr and its own documents only: the good inputs
next to it are stored, the exit code is 1, and memory stays bounded (a 50 MB CSV field and a
gzipped 1 GB field once ended in DuckDB running out of memory with nothing stored).
"""

from __future__ import annotations

import gzip
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from shiftwatch.store import open_store

GOOD = "Russia and China agreed to expand trade ties on Tuesday in Moscow as officials said."


def _documents(db: Path) -> list[str]:
    with open_store(db, read_only=True) as store:
        return [row[0] for row in store.con.execute("SELECT text FROM documents").fetchall()]


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def _warc(records: int, gzipped: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    for number in range(records):
        paragraphs = "".join(
            f"<p>Paragraph {line} of story {number}: {GOOD} The ministers met again.</p>"
            for line in range(12)
        )
        html = f"<html><body><article><h1>Story {number}</h1>{paragraphs}</article></body></html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
        record = writer.create_warc_record(
            f"http://example.org/{number}",
            "response",
            payload=io.BytesIO(html.encode()),
            http_headers=headers,
        )
        writer.write_record(record)
    return buffer.getvalue()


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A folder of hostile inputs next to one good CSV."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.csv").write_text(f"title,text\nGood,{GOOD}\n")
    with (folder / "big.csv").open("w") as out:  # a 50 MB field, then a good row
        out.write("title,text\nBig,")
        out.write("x" * 50_000_000)
        out.write(f"\nAfter,{GOOD} A second story.\n")
    with gzip.open(folder / "bomb.csv.gz", "wt", compresslevel=9) as out:  # 1 GB field, 1 MB file
        out.write("title,text\nBomb,")
        block = "y" * 10_000_000
        for _ in range(100):
            out.write(block)
        out.write("\n")
    many = f"title,text\nA,{GOOD} Row.\n".encode() * 500
    whole = gzip.compress(many)
    (folder / "cut.csv.gz").write_bytes(whole[: len(whole) // 2])
    warc = _warc(3, gzipped=False)
    (folder / "cut.warc").write_bytes(warc[:-700])
    (folder / "long.jsonl").write_text('{"text": "' + "z" * 9_000_000 + '"}\n')
    (folder / "deep.html").write_text(
        "<html><body>" + "<div>" * 5000 + f"<p>{GOOD}</p>" + "</div>" * 5000 + "</body></html>"
    )
    paragraphs = f"<p>{GOOD}</p>" * 40_000  # 3.4 million characters of text
    (folder / "wide.html").write_text(f"<html><body>{paragraphs}</body></html>")
    (folder / "loop").symlink_to("loop")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")  # a link back up the tree is not followed
    os.mkfifo(folder / "pipe")  # reading a FIFO found in a folder would block forever
    return folder


@pytest.mark.slow
def test_hostile_files_each_cost_one_line_and_the_rest_is_stored(
    tmp_path: Path, hostile: Path
) -> None:
    db = tmp_path / "h.duckdb"
    # A wrapper process runs the CLI so its children's peak RSS is this ingest's alone.
    wrapper = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stderr.write(done.stderr)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(done.returncode)\n"
    )
    command = [sys.executable, "-m", "shiftwatch", "--db", str(db), "ingest", str(hostile)]
    result = subprocess.run(
        [sys.executable, "-c", wrapper, *command],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )
    peak_kb = int(result.stdout.split()[-1])
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = _errors(result.stderr)
    expected = {
        "big.csv: row 1 (line 2): line longer than 8,000,000 characters",
        "bomb.csv.gz: row 1 (line 2): line longer than 8,000,000 characters",
        "cut.csv.gz: truncated gzip file (it ends mid-stream)",
        "cut.warc: record 3 (http://example.org/2): truncated WARC file",
        "long.jsonl: line 1: line longer than 8,000,000 characters",
        "deep.html: HTML nested",
        "wide.html: the text is",
        "loop: symlink loop; skipped",
        "pipe: not a regular file",
    }
    for fragment in expected:
        assert sum(fragment in line for line in errors) == 1, (fragment, result.stderr)
    assert len(errors) == len(expected), result.stderr
    stored = _documents(db)
    assert any(text.startswith(GOOD) for text in stored)  # good.csv
    assert any("A second story" in text for text in stored)  # the row after the 50 MB field
    assert sum("of story" in text for text in stored) == 2  # the WARC's complete records
    assert any(text.endswith("Row.") for text in stored)  # cut.csv.gz's rows before the cut
    assert max(len(text) for text in stored) < 2_000_000
    assert peak_kb < 1_000_000, f"peak RSS {peak_kb} KB"


def test_a_truncated_gzipped_warc_is_reported(tmp_path: Path) -> None:
    warc = _warc(3, gzipped=True)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc[:-300])
    result = run_cli("--db", tmp_path / "w.duckdb", "ingest", path)
    assert result.returncode == 1
    (line,) = _errors(result.stderr)
    assert line.endswith("crawl.warc.gz: truncated gzip file (it ends mid-stream)"), line
    assert len(_documents(tmp_path / "w.duckdb")) == 2


def test_unreadable_folders_and_files_are_one_line_each(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "inside.txt").write_text(f"Title\n\n{GOOD}\n")
    (folder / "secret.txt").write_text(f"Secret\n\n{GOOD} Secret.\n")
    (folder / "open.txt").write_text(f"Open\n\n{GOOD} Open.\n")
    (folder / "locked").chmod(0)
    (folder / "secret.txt").chmod(0)
    db = tmp_path / "u.duckdb"
    command = [sys.executable, "-m", "shiftwatch", "--db", str(db), "ingest", str(folder)]
    if os.geteuid() == 0:  # root reads anything: run as an unprivileged user in a namespace
        if shutil.which("unshare") is None:
            pytest.skip("root, and no unshare(1) to drop the privilege")
        command = ["unshare", "--user", "--map-user=65534", *command]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        timeout=300,
        check=False,
    )
    (folder / "locked").chmod(0o755)
    assert result.returncode == 1, result.stderr
    errors = _errors(result.stderr)
    assert any(line.endswith("locked: permission denied; skipped") for line in errors), errors
    assert any("secret.txt: cannot read (Permission denied)" in line for line in errors), errors
    assert len(errors) == 2, result.stderr
    assert [text.endswith("Open.") for text in _documents(db)] == [True]


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare(1) for a tmpfs")
def test_a_full_disk_is_one_line_and_the_store_stays_valid(
    tmp_path: Path, guardian_csv: Path
) -> None:
    """A real full disk: a 1.2 MB tmpfs (in a private mount namespace) under the database."""
    mount = tmp_path / "small"
    mount.mkdir()
    db = mount / "full.duckdb"
    python = f"{sys.executable} -m shiftwatch --db {db}"
    script = (
        f"mount -t tmpfs -o size=1200k tmpfs {mount} || exit 77\n"
        f"{python} ingest {tmp_path / 'first.csv'} >/dev/null || exit 78\n"
        f"{python} ingest {guardian_csv} 2>{tmp_path / 'err'}; echo $? > {tmp_path / 'rc'}\n"
        f"{python} status --format json > {tmp_path / 'status'}\n"
    )
    (tmp_path / "first.csv").write_text(f"title,text\nFirst,{GOOD}\n")
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, timeout=600)
    if done.returncode == 77:
        pytest.skip("cannot mount a tmpfs in a user namespace here")
    assert done.returncode == 0, done.stderr
    stderr = (tmp_path / "err").read_text()
    assert (tmp_path / "rc").read_text().strip() == "1"
    assert len([line for line in stderr.splitlines() if line.strip()]) == 1, stderr
    assert "cannot write to the database (No space left on device)" in stderr
    assert '"documents": 1,' in (tmp_path / "status").read_text()
