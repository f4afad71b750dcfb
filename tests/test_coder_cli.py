"""The coding commands as real subprocesses: extract, code, events, evaluate."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli


def test_extract_jsonl_from_stdin() -> None:
    result = run_cli(
        "extract",
        "-",
        "--date",
        "2019-03-14",
        stdin=b"Russia attacked Ukraine on Monday. The talks went nowhere.\n",
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["source"], r["type"], r["target"]) for r in rows] == [("RUS", "ASSAULT", "UKR")]
    assert rows[0]["date"] == "2019-03-14"
    assert rows[0]["sentence"] == "Russia attacked Ukraine on Monday."


def test_extract_article_table_and_errors(tmp_path: Path, seed_file: Path) -> None:
    result = run_cli("extract", seed_file, "--article", "--format", "table")
    assert result.returncode == 0, result.stderr
    assert "CONSULT" in result.stdout and "PRK" in result.stdout
    missing = run_cli("extract", tmp_path / "absent.txt")
    assert missing.returncode == 1
    assert "absent.txt" in missing.stderr and "Traceback" not in missing.stderr
    bad_date = run_cli("extract", "-", "--date", "14/03/2019", stdin=b"x")
    assert bad_date.returncode == 2


def test_code_then_events_in_every_format(tmp_path: Path) -> None:
    db = tmp_path / "coded.duckdb"
    article = tmp_path / "article.txt"
    article.write_text(
        "Talks in Sochi\n\nTurkey and Russia held talks in Sochi on Monday. Russian jets "
        "bombed rebel positions in Idlib a day later, and the US imposed sanctions on Iran.\n",
        encoding="utf-8",
    )
    assert run_cli("--db", db, "ingest", article).returncode == 0
    coded = run_cli("--db", db, "code")
    assert coded.returncode == 0, coded.stderr
    assert "\nby_type\t" in coded.stdout and "CONSULT" in coded.stdout  # piped: field<TAB>value
    listed = run_cli("--db", db, "events", "--format", "json")
    rows = json.loads(listed.stdout)
    assert run_cli("--db", db, "code").returncode == 0  # a second run adds nothing
    assert len(json.loads(run_cli("--db", db, "events", "-f", "json").stdout)) == len(rows)
    assert {row["type"] for row in rows} >= {"CONSULT", "SANCTION"}
    only = json.loads(
        run_cli("--db", db, "events", "--type", "sanction", "--format", "json").stdout
    )
    assert [(r["source"], r["target"]) for r in only] == [("USA", "IRN")]
    dyad = json.loads(run_cli("--db", db, "events", "--dyad", "RUS,TUR", "-f", "json").stdout)
    assert dyad and all({r["source"], r["target"]} == {"RUS", "TUR"} for r in dyad)

    out = tmp_path / "events.parquet"
    written = run_cli("--db", db, "events", "--format", "parquet", "--output", out)
    assert written.returncode == 0 and out.stat().st_size > 0
    import pandas as pd

    assert len(pd.read_parquet(out)) == len(rows)
    csv_out = run_cli("--db", db, "events", "--format", "csv")
    assert csv_out.stdout.startswith("id,doc_id,")
    no_file = run_cli("--db", db, "events", "--format", "parquet")
    assert no_file.returncode == 2 and "--output" in no_file.stderr
    bad_dyad = run_cli("--db", db, "events", "--dyad", "RUS")
    assert bad_dyad.returncode == 2


def test_evaluate_json_and_table(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "x-s0",
                "doc": "x",
                "date": "2019-01-01",
                "text": "Russia attacked Ukraine.",
                "events": [
                    {"type": "ASSAULT", "source": "RUS", "target": "UKR", "modality": "asserted"}
                ],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    scored = run_cli("evaluate", gold, "--format", "json")
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["dyad"]["f1"] == 1.0
    table = run_cli("evaluate", gold, gold.with_name("gold.jsonl"))
    assert table.returncode == 0 and "gold.jsonl" in table.stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    failed = run_cli("evaluate", bad)
    assert failed.returncode == 1 and "bad.jsonl:1" in failed.stderr
