"""Native event import: good rows stored, bad rows reported by line, re-import idempotent."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from shiftwatch.analysis import import_events
from shiftwatch.errors import InputError
from shiftwatch.store import open_store

HEADER = "date,source,target,type,mode,goldstein,modality,sentence,url\n"
GOOD = [
    "2019-03-01,usa,SYR,ASSAULT,aerial,,asserted,Jets struck a depot.,https://example.org/1\n",
    "2019-03-02,RUS,SYR,AID,weapons,7.4,,Moscow sent arms.,\n",
    "2019-03-03,TUR,,MOBILIZE,troops,,future,Ankara will deploy troops.,\n",
]
BAD = {
    5: "2019-13-40,USA,SYR,AID,,,,,\n",
    6: "2019-03-04,USA,SYR,HUG,,,,,\n",
    7: "2019-03-05,,SYR,AID,,,,,\n",
    8: "2019-03-06,USA,SYR,AID,,99,,,\n",
    9: "2019-03-07,USA,SYR,AID,,,maybe,,\n",
}


def write_csv(path: Path) -> Path:
    path.write_text(HEADER + "".join(GOOD) + "".join(BAD.values()), encoding="utf-8")
    return path


def test_csv_keeps_good_rows_and_reports_bad_lines(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "events.csv")
    with open_store(tmp_path / "db.duckdb") as store:
        report = import_events(store, source)
        stored = store.events()
    assert (report.read, report.stored, report.failed) == (8, 3, 5)
    for line, message in zip(BAD, report.errors, strict=True):
        assert message.startswith(f"{source}:{line}: ")
    assert "date" in report.errors[0] and "PLOVER" in report.errors[1]
    assert "source is empty" in report.errors[2] and "goldstein" in report.errors[3]
    assert "modality" in report.errors[4]
    assert sorted(stored["source"]) == ["RUS", "TUR", "USA"]
    tur = stored[stored["source"] == "TUR"].iloc[0]
    assert pd.isna(tur["target"]) and tur["modality"] == "future"
    assert set(stored["origin"]) == {"import"}
    assert stored.loc[stored["source"] == "RUS", "goldstein"].iloc[0] == pytest.approx(7.4)


def test_reimport_replaces_and_identical_rows_stay_two_reports(tmp_path: Path) -> None:
    source = tmp_path / "events.csv"
    source.write_text(HEADER + GOOD[0] + GOOD[0] + GOOD[1], encoding="utf-8")
    with open_store(tmp_path / "db.duckdb") as store:
        import_events(store, source)
        import_events(store, source)
        assert len(store.events()) == 3


@pytest.mark.skipif(
    importlib.util.find_spec("shiftwatch.ontology") is None, reason="needs shiftwatch.ontology"
)
def test_missing_cameo_goldstein_quad_filled_from_ontology(tmp_path: Path) -> None:
    from shiftwatch.ontology import plover_type

    source = write_csv(tmp_path / "events.csv")
    with open_store(tmp_path / "db.duckdb") as store:
        import_events(store, source)
        stored = store.events()
    usa = stored[stored["source"] == "USA"].iloc[0]
    assert usa["quad_class"] == plover_type("ASSAULT").quad_class == 4
    assert usa["cameo"].startswith("19") and usa["goldstein"] < 0
    rus = stored[stored["source"] == "RUS"].iloc[0]
    assert rus["goldstein"] == pytest.approx(7.4)  # a given score is kept


def test_jsonl_and_parquet(tmp_path: Path) -> None:
    rows = [
        {"date": "2020-01-02", "source": "PRK", "target": "RUS", "type": "CONSULT"},
        {"date": "2020-01-03", "source": "PRK", "target": "CHN", "type": "nonsense"},
    ]
    jsonl = tmp_path / "events.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in rows) + "\n{not json\n", encoding="utf-8")
    parquet = tmp_path / "events.parquet"
    pq.write_table(pa.Table.from_pylist(rows), parquet)
    with open_store(tmp_path / "db.duckdb") as store:
        from_jsonl = import_events(store, jsonl)
        from_parquet = import_events(store, parquet)
    assert (from_jsonl.stored, from_jsonl.failed) == (1, 2)
    assert from_jsonl.errors[1].startswith(f"{jsonl}:3: not valid JSON")
    assert (from_parquet.stored, from_parquet.failed) == (1, 1)
    assert from_parquet.errors[0].startswith(f"{parquet}:2: ")


def test_missing_column_and_unknown_suffix_are_input_errors(tmp_path: Path) -> None:
    bad = tmp_path / "events.csv"
    bad.write_text("date,source,type\n2019-01-01,USA,AID\n", encoding="utf-8")
    with open_store(tmp_path / "db.duckdb") as store:
        with pytest.raises(InputError, match=r"events.csv:1: missing required column\(s\) target"):
            import_events(store, bad)
        with pytest.raises(InputError, match="--format"):
            import_events(store, tmp_path / "db.duckdb")


def test_cli_import_events(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "events.txt")
    db = tmp_path / "db.duckdb"
    command = [sys.executable, "-m", "shiftwatch", "--db", str(db), "import", "events"]
    done = subprocess.run(
        [*command, str(source), "--format", "csv", "--report", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["stored"] == 3
    assert f"{source}:6: type 'HUG'" in done.stderr
    missing = subprocess.run(
        [*command, str(tmp_path / "nope.csv")], capture_output=True, text=True, check=False
    )
    assert missing.returncode == 1
    assert "nope.csv: no such file" in missing.stderr
