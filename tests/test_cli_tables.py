"""Tables for people, on the demo database: at an 80- and a 160-column terminal no line is
wider than the terminal and no number shows more than 3 decimals; piped, every table is plain
tab-separated lines; CSV and JSON keep full precision without binary noise.

The terminal is a real pseudo-terminal of the given size (the command cannot tell it from a
user's), and the demo database is built by ``shiftwatch demo --db PATH``, which also shows that
the demo honours ``--db``.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import run_cli
from shiftwatch.cli import app

pytestmark = pytest.mark.slow  # the demo runs spaCy over ~120 short items

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
DECIMALS = re.compile(r"(?<![\w.])[-+]?\d+\.(\d+)(?![\w.])")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tables")
    db = folder / "built-here.duckdb"
    result = run_cli("demo", "--db", db, "--output", folder / "brief.md")
    assert result.returncode == 0, result.stderr
    assert db.is_file() and not (folder / "shiftwatch-demo.duckdb").exists()
    gold = {
        "id": "t-s0",
        "doc": "t",
        "date": "2019-01-01",
        "text": "Russia attacked Ukraine.",
        "events": [{"type": "ASSAULT", "source": "RUS", "target": "UKR", "modality": "asserted"}],
    }
    (folder / "gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    return db


def table_commands(db: Path) -> list[list[str]]:
    return [
        ["status"],
        ["documents"],
        ["events"],
        ["events", "--actor", "PRK", "--type", "CONSULT"],
        ["dyad", "PRK", "RUS"],
        ["dyad", "PRK", "RUS", "--freq", "year"],
        ["shifts"],
        ["shifts", "--volume"],
        ["partners", "PRK"],
        ["blocs"],
        ["actors", "list"],
        ["actors", "show", "PRK", "--format", "table"],
        ["actors", "resolve", "Kim Jong Un met Vladimir Putin in Vladivostok."],
        ["extract", "--format", "table", "--text", "Russia sent troops to Syria on Monday."],
        ["evaluate", str(db.parent / "gold.jsonl")],
    ]


def run_in_terminal(args: list[str], columns: int) -> tuple[int, str]:
    """Run the CLI with stdout on a pseudo-terminal ``columns`` wide; (exit code, output)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {**os.environ, "COLUMNS": str(columns), "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen(
        [sys.executable, "-m", "shiftwatch", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    process.wait(timeout=300)
    text = ANSI.sub("", b"".join(chunks).decode("utf-8")).replace("\r", "")
    return process.returncode, text


@pytest.mark.parametrize("columns", [80, 160])
def test_every_table_fits_the_terminal_with_at_most_3_decimals(demo_db: Path, columns: int) -> None:
    for command in table_commands(demo_db):
        code, text = run_in_terminal(["--db", str(demo_db), *command], columns)
        assert code == 0, (command, text)
        lines = text.splitlines()
        assert len(lines) >= 3, (command, text)
        too_wide = [line for line in lines if len(line) > columns]
        assert not too_wide, f"{command} at {columns}: {too_wide[:3]}"
        long_numbers = [m.group(0) for m in DECIMALS.finditer(text) if len(m.group(1)) > 3]
        assert not long_numbers, f"{command} at {columns} shows {long_numbers[:5]}"


def test_the_dyad_table_answers_its_question(demo_db: Path) -> None:
    _, text = run_in_terminal(["--db", str(demo_db), "dyad", "PRK", "RUS", "--freq", "year"], 80)
    header = text.splitlines()[1].split()
    assert header[:5] == ["period", "direction", "events", "coop", "confl"]
    assert "index (95% band)" in text and "top types" in text
    assert re.search(r"^2023\s+RUS→PRK\s+\d+\s+\d+\s+\d+\s+[+-]\d\.\d\d \(", text, re.M)


def test_piped_tables_are_tab_separated(demo_db: Path) -> None:
    runner = CliRunner()  # its stdout is not a terminal, as in `shiftwatch ... | cut -f1`
    for command in table_commands(demo_db):
        result = runner.invoke(app, ["--db", str(demo_db), *command])
        assert result.exit_code == 0, (command, result.output)
        lines = result.stdout.splitlines()
        assert len(lines) >= 2, command
        widths = {len(line.split("\t")) for line in lines}
        assert len(widths) == 1 and widths.pop() >= 2, (command, lines[:3])
        assert not any(line and set(line) <= {"─"} for line in lines), command  # no rules


def test_columns_chooses_and_unknown_columns_are_named(demo_db: Path) -> None:
    runner = CliRunner()
    base = ["--db", str(demo_db), "dyad", "PRK", "RUS"]
    chosen = runner.invoke(app, [*base, "--columns", "period,source,goldstein_mean"])
    assert chosen.stdout.splitlines()[0].split("\t") == ["period", "source", "goldstein_mean"]
    as_csv = runner.invoke(app, [*base, "--columns", "period,coop_index", "--format", "csv"])
    assert as_csv.stdout.splitlines()[0] == "period,coop_index"
    wrong = runner.invoke(app, [*base, "--columns", "period,goldstein_men"])
    assert wrong.exit_code == 2
    assert "unknown column 'goldstein_men'; did you mean goldstein_mean" in wrong.stderr


def test_machine_formats_keep_full_precision_without_noise(demo_db: Path) -> None:
    runner = CliRunner()
    csv = runner.invoke(app, ["--db", str(demo_db), "dyad", "PRK", "RUS", "--format", "csv"])
    assert csv.exit_code == 0
    noisy = re.findall(r"\d\.\d*(?:0000000|9999999)\d", csv.stdout)
    assert not noisy, noisy[:5]
    assert re.search(r"\d\.\d{5,}", csv.stdout), "full precision is kept, not rounded"
    rows = json.loads(
        runner.invoke(app, ["--db", str(demo_db), "partners", "PRK", "-f", "json"]).stdout
    )
    shares = [row["coop_share"] for row in rows if row["coop_share"] is not None]
    assert any(len(repr(share)) > 6 for share in shares)
    assert all(len(repr(share)) <= 16 for share in shares)
