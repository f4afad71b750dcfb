"""GDELT / ICEWS / POLECAT import, export round trips and Parquet-backed stores, on real files."""

from __future__ import annotations

import csv
import gzip
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from conftest import SHARED
from shiftwatch.interop import (
    export_events,
    import_gdelt,
    import_icews,
    import_polecat,
    open_parquet_store,
)
from shiftwatch.interop.gdelt_columns import GDELT2
from shiftwatch.ontology.tables import plover_types
from shiftwatch.store import open_store
from shiftwatch.store.events import EVENT_COLUMNS

SAMPLES = SHARED / "data" / "gdelt"
GDELT2_SAMPLE = SAMPLES / "gdelt2_events_20191024143000_first300.export.tsv"
GDELT1_DAILY = SAMPLES / "gdelt1_daily_events_58col_200rows.tsv"
GDELT1_BACKFILE = SAMPLES / "gdelt1_backfile_events_57col_201rows.tsv"
ICEWS_SAMPLE = SAMPLES / "icews_events_2018-06-01_sample_300rows.tsv"
POLECAT_COLUMNS = SAMPLES / "polecat_columns.txt"

pytestmark = pytest.mark.usefixtures("shared_dir")  # every test reads the ../shared samples


def frame(store) -> pd.DataFrame:
    return store.query(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events ORDER BY id")


def raw_rows(path: Path) -> dict[str, list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[0]: row for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)}


@pytest.fixture
def gdelt_store(store):
    import_gdelt(store, [GDELT2_SAMPLE])
    return store


def test_gdelt2_sample_maps_actors_codes_and_keeps_gdelt_fields(store):
    report = import_gdelt(store, [GDELT2_SAMPLE], plover_only=True)
    assert (report.files, report.read, report.malformed, report.errors) == (1, 300, 0, [])
    # plover_only keeps only PLOVER events; the report counts every kind it read
    kinds = (report.plover_events, report.statements, report.no_plover_actor)
    assert report.stored == report.plover_events > 50 and sum(kinds) == 300
    raw = raw_rows(GDELT2_SAMPLE)
    events = frame(store).set_index("id")
    row = events.loc["gdelt:881990836"]
    line = raw["881990836"]
    assert (row.source, row.target, row.cameo) == ("CAN", "AUS", line[26]) == ("CAN", "AUS", "139")
    assert row.type == "THREATEN" and row.origin == "gdelt" and row.external_id == "881990836"
    assert row.goldstein == float(line[30]) and row.quad_class == int(line[29])
    assert row.mentions == int(line[31]) and row.url == line[60]
    assert row.date.strftime("%Y-%m-%d") == "2018-10-24"
    stored = store.con.execute(
        "SELECT raw, raw_format, source_types FROM events WHERE id = 'gdelt:881990836'"
    ).fetchone()
    assert stored == ("\t".join(line), "gdelt-2.0", ",".join(filter(None, line[12:15])))
    # the IGO code IGOEUREEC (country EUR, known group EEC) is the EU, not a region
    eu = events.loc["gdelt:881990851"]
    assert raw["881990851"][5] == "IGOEUREEC" and eu.source == "EU" and eu.type == "SUPPORT"
    # every stored event has a PLOVER type and a state or organisation as source
    assert events.type.isin(list(plover_types())).all()
    assert not events.source.isin(["EUR", "AFR", "WST", "MEA", ""]).any()
    statements = [key for key, line in raw.items() if line[26].startswith("01")]
    assert len(statements) == report.statements
    assert not any(f"gdelt:{key}" in events.index for key in statements)


def test_gdelt_keeps_every_row_with_its_kind(store):
    report = import_gdelt(store, [GDELT2_SAMPLE])  # every valid row, by default
    assert (report.read, report.stored, report.malformed) == (300, 300, 0)
    raw = raw_rows(GDELT2_SAMPLE)
    events = frame(store).set_index("id")
    assert len(events) == 300
    statements = events[events.type == ""]
    assert len(statements) == report.statements > 0
    assert statements.cameo.str.startswith("01").all()  # CAMEO 01x: no PLOVER type
    # a region, religion, ethnic group or unknown actor: no PLOVER-level actor, CAMEO kept
    regionless = events[(events.source == "") & (events.source_cameo != "")]
    assert len(regionless) > 0
    for key, row in regionless.iterrows():
        line = raw[key.split(":", 1)[1]]
        assert (row.source_cameo, row.source_text) == (line[5], line[6])
    status = store.status()
    assert (status["events"], status["plover_events"]) == (300, report.plover_events)
    assert (status["statements"], status["no_plover_actor"]) == (
        report.statements,
        report.no_plover_actor,
    )
    # GDELT rows with an empty Actor1: the event is coded, who did it is not known
    no_actor1 = [f"gdelt:{key}" for key, line in raw.items() if line[5] == line[6] == ""]
    typed = events.loc[no_actor1].type != ""
    assert status["no_source_actor"] == report.no_source_actor == typed.sum() > 100
    assert (events.loc[no_actor1].source == "").all()
    assert status["no_source_actor"] + status["unmapped_source_actor"] == report.no_plover_actor
    assert status["unmapped_source_actor"] == len(regionless[regionless.type != ""])
    kinds = ("plover_events", "statements", "no_source_actor", "unmapped_source_actor")
    assert sum(status[kind] for kind in kinds) == status["events"]


@pytest.mark.parametrize("sample", [GDELT2_SAMPLE, GDELT1_DAILY, GDELT1_BACKFILE])
def test_gdelt_round_trip_is_byte_for_byte(store, tmp_path, sample):
    report = import_gdelt(store, [sample], plover_only=False)
    out = tmp_path / "export.tsv"
    result = export_events(store, "gdelt", out)
    assert report.stored == result.rows == len(sample.read_text(encoding="utf-8").splitlines())
    assert out.read_bytes() == sample.read_bytes()


def test_icews_round_trip_is_byte_for_byte(store, tmp_path):
    report = import_icews(store, [ICEWS_SAMPLE], plover_only=False)
    assert (report.read, report.stored) == (300, 300)
    out = tmp_path / "export.tsv"
    assert export_events(store, "icews", out).rows == 300
    assert out.read_bytes() == ICEWS_SAMPLE.read_bytes()


def test_reimport_adds_nothing_and_zip_gz_read_the_same(store, tmp_path):
    first = import_gdelt(store, [GDELT2_SAMPLE])
    before = frame(store)
    archive = tmp_path / "20191024143000.export.CSV.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.write(GDELT2_SAMPLE, "20191024143000.export.CSV")
    packed = tmp_path / "sample.tsv.gz"
    packed.write_bytes(gzip.compress(GDELT2_SAMPLE.read_bytes()))
    again = import_gdelt(store, [GDELT2_SAMPLE, archive, packed])
    assert again.stored == 0 and again.duplicates == 3 * first.stored
    assert again.read == 900 and again.malformed == 0
    pd.testing.assert_frame_equal(frame(store), before)


def test_malformed_lines_reported_by_number_and_good_lines_kept(store, tmp_path):
    lines = GDELT2_SAMPLE.read_text(encoding="utf-8").splitlines()
    bad = list(lines)
    bad.insert(4, "garbage\tline")  # line 5: two fields
    fields = bad[9].split("\t")
    fields[0] = "12x"  # line 10: not a number
    bad[9] = "\t".join(fields)
    fields = bad[20].split("\t")
    fields[1] = "20191399"  # line 21: no such date
    bad[20] = "\t".join(fields)
    fields = bad[30].split("\t")
    fields[0] = ""  # line 31: no id
    bad[30] = "\t".join(fields)
    path = tmp_path / "damaged.tsv"
    path.write_text("\n".join(bad) + "\n", encoding="utf-8")
    report = import_gdelt(store, [path])
    assert report.malformed == 4 and report.read == 301
    numbers = sorted(int(message.split(":")[1]) for message in report.errors)
    assert numbers == [5, 10, 21, 31]
    assert all(message.startswith(f"{path}:") for message in report.errors)
    assert any("found 2" in message for message in report.errors)
    damaged_ids = {line.split("\t")[0] for line in (lines[8], lines[19], lines[29])}
    clean = tmp_path / "clean.duckdb"
    with open_store(clean) as reference:
        import_gdelt(reference, [GDELT2_SAMPLE])
        expected = set(frame(reference).id) - {f"gdelt:{key}" for key in damaged_ids}
    assert set(frame(store).id) == expected


def test_not_gdelt_is_one_clear_error(store):
    from shiftwatch.errors import InputError

    with pytest.raises(InputError, match="tab-separated fields"):
        import_gdelt(store, [ICEWS_SAMPLE])


def test_gdelt_export_import_round_trip_is_exact(gdelt_store, tmp_path):
    out = tmp_path / "export.tsv"
    result = export_events(gdelt_store, "gdelt", out)
    assert result.rows == len(frame(gdelt_store))
    assert {line.count("\t") + 1 for line in out.read_text().splitlines()} == {GDELT2.width}
    with open_store(tmp_path / "again.duckdb") as again:
        report = import_gdelt(again, [out])
        assert report.stored == result.rows == 300
        pd.testing.assert_frame_equal(frame(again), frame(gdelt_store))


def test_gdelt_export_of_other_origins_round_trips_codes(store, tmp_path):
    import_icews(store, [ICEWS_SAMPLE])
    out = tmp_path / "icews_as_gdelt.tsv"
    export_events(store, "gdelt", out)
    with open_store(tmp_path / "again.duckdb") as again:
        import_gdelt(again, [out])
        keys = [
            "date",
            "source",
            "source_sector",
            "target",
            "target_sector",
            "type",
            "cameo",
            "goldstein",
            "quad_class",
        ]
        left = frame(store)[keys].sort_values(keys).reset_index(drop=True)
        right = frame(again)[keys].sort_values(keys).reset_index(drop=True)
        pd.testing.assert_frame_equal(left, right, check_dtype=False)


def test_parquet_export_is_month_partitioned_and_readable_as_a_store(gdelt_store, tmp_path):
    out = tmp_path / "parquet"
    export_events(gdelt_store, "parquet", out)
    months = sorted(p.parent.relative_to(out).as_posix() for p in out.rglob("*.parquet"))
    assert months == ["year=2018/month=10", "year=2019/month=10", "year=2019/month=9"]
    with open_parquet_store(out) as parquet:
        pd.testing.assert_frame_equal(frame(parquet), frame(gdelt_store))
        assert parquet.status()["events"] == len(frame(gdelt_store))
        assert len(parquet.events(actor="GBR")) == len(gdelt_store.events(actor="GBR"))
    with duckdb.connect() as con:  # plain DuckDB (or Spark, Dask) reads the partitions too
        (count,) = con.execute(
            f"SELECT count(*) FROM read_parquet('{out}/**/*.parquet', hive_partitioning=true) "
            "WHERE year = 2019 AND month = 10"
        ).fetchone()
    assert count == int((frame(gdelt_store).date.astype(str) >= "2019-10-01").sum())


def test_export_date_window_csv_and_jsonl(gdelt_store, tmp_path):
    from datetime import date

    events = frame(gdelt_store)
    window = events[events.date.astype(str) >= "2019-10-01"]
    result = export_events(gdelt_store, "csv", tmp_path / "e.csv", date_from=date(2019, 10, 1))
    table = pd.read_csv(tmp_path / "e.csv", dtype={"cameo": str, "external_id": str})
    assert result.rows == len(table) == len(window)
    assert list(table.columns) == EVENT_COLUMNS
    assert sorted(table.id) == sorted(window.id)
    export_events(gdelt_store, "jsonl", tmp_path / "e.jsonl", date_to=date(2019, 9, 30))
    rows = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert len(rows) == len(events) - len(window)
    assert all(row["date"] <= "2019-09-30" and row["origin"] == "gdelt" for row in rows)


def test_events_parquet_over_a_gdelt_archive(gdelt_store, tmp_path):
    archive = tmp_path / "gdelt_archive"
    archive.mkdir()
    columns = {name: kind for name, kind in GDELT2.columns} | {"SQLDATE": "INTEGER"}
    with duckdb.connect() as con:
        con.execute(
            f"COPY (SELECT * FROM read_csv('{GDELT2_SAMPLE}', delim='\t', header=false, "
            f"quote='', columns={columns!r})) TO '{archive}/part-0.parquet' (FORMAT parquet)"
        )
    with open_parquet_store(archive) as parquet:
        mapped = frame(parquet).drop(columns=["extra"])
    pd.testing.assert_frame_equal(mapped, frame(gdelt_store).drop(columns=["extra"]))


def test_icews_sample(store):
    report = import_icews(store, [ICEWS_SAMPLE])
    assert (report.read, report.malformed, report.errors) == (300, 0, [])
    assert report.stored == 300 and report.plover_events > 200
    assert report.plover_events + report.statements + report.no_plover_actor == 300
    events = frame(store).set_index("id")
    first = events.loc["icews:32889836"]  # Foreign Affairs (Bangladesh) consults Vietnam's military
    assert (first.source, first.source_sector, first.target, first.target_sector) == (
        "BGD",
        "GOV",
        "VNM",
        "MIL",
    )
    assert (first.type, first.cameo, first.goldstein) == ("CONSULT", "040", 1.0)
    assert json.loads(first.extra)["publisher"] == "Vietnam News Agency Bulletin"
    assert "RUS" in set(events.source) | set(events.target)  # "Russian Federation"
    assert import_icews(store, [ICEWS_SAMPLE]).stored == 0


def write_polecat(path: Path, rows: list[dict[str, str]], trailing_tab: bool = False) -> None:
    names = [
        line.strip()
        for line in POLECAT_COLUMNS.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    end = "\t\n" if trailing_tab else "\n"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("\t".join(names) + "\n")
        for row in rows:
            handle.write("\t".join(row.get(name, "") for name in names) + end)


def test_polecat_keeps_plover_coding(store, tmp_path):
    path = tmp_path / "ngecEvents.20230501.txt"
    write_polecat(
        path,
        [
            {
                "Event ID": "a1",
                "Event Date": "2023-05-01",
                "Event Type": "CONSULT",
                "Event Mode": "visit",
                "Intensity": "1.5",
                "Quad Code": "V-COOP",
                "Actor Name": "Vladimir Putin",
                "Actor Country": "RUS",
                "Primary Actor Sector": "Government",
                "Recipient Country": "PRK",
            },
            {
                "Event ID": "a2",
                "Event Date": "2023-05-02",
                "Event Type": "assault",
                "Event Mode": "aerial",
                "Intensity": "-9",
                "Actor Country": "Russia;Syria",
                "Primary Actor Sector": "Military",
                "Recipient Country": "Ukraine",
            },
            {
                "Event ID": "a3",
                "Event Date": "2023-05-03",
                "Event Type": "SANCTION",
                "Actor Name": "European Union",
                "Recipient Country": "RUS",
                "Intensity": "-6",
            },
            {
                "Event ID": "a4",
                "Event Date": "2023-05-03",
                "Event Type": "NOT-PLOVER",
                "Actor Country": "USA",
            },
        ],
        trailing_tab=True,
    )
    report = import_polecat(store, [path])
    assert (report.read, report.stored, report.statements, report.malformed) == (4, 4, 1, 0)
    assert report.plover_events == 3
    events = frame(store).set_index("id")
    visit = events.loc["polecat:a1"]
    assert (visit.source, visit.source_sector, visit.target, visit.type, visit["mode"]) == (
        "RUS",
        "GOV",
        "PRK",
        "CONSULT",
        "visit",
    )
    assert visit.cameo == "042" and visit.quad_class == 1
    strike = events.loc["polecat:a2"]
    assert (strike.source, strike.source_sector, strike.target, strike.type) == (
        "RUS",
        "MIL",
        "UKR",
        "ASSAULT",
    )
    assert strike.quad_class == 4 and strike.goldstein == -9
    assert events.loc["polecat:a3"].source == "EU"


POLECAT_ROWS = [
    {
        "Event ID": "20230501-0001",
        "Event Date": "2023-05-01",
        "Event Type": "CONSULT",
        "Event Mode": "visit",
        "Intensity": "1.5",
        "Quad Code": "V-COOP",
        "Contexts": "diplomacy;economy",
        "Actor Name": "Vladimir Putin",
        "Actor Country": "RUS",
        "Actor COW": "365",
        "Primary Actor Sector": "Government",
        "Actor Sectors": "Government;Executive",
        "Recipient Country": "PRK",
        "Latitude": "39.0194",
        "Longitude": "125.7381",
        "Story People": "NA",
        "Version": "1.0",
    },
    {
        "Event ID": "20230501-0002",
        "Event Date": "2023-05-02",
        "Event Type": "ASSAULT",
        "Event Mode": "aerial",
        "Intensity": "-9.0",
        "Actor Country": "Russia;Syria",
        "Recipient Country": "Ukraine",
        "Placename": "Kharkiv",
        "Longitude": "36.25",
    },
    {"Event ID": "20230501-0003", "Event Date": "2023-05-03", "Event Type": "OTHER"},
]


@pytest.mark.parametrize("trailing_tab", [False, True])
def test_polecat_round_trip_is_byte_for_byte(store, tmp_path, trailing_tab):
    """The real POLECAT header (../shared lists it; no data rows are shared) with rows that
    fill, leave empty or write NA in its fields, with and without the stray trailing tab."""
    path = tmp_path / "ngecEvents.20230501.txt"
    write_polecat(path, POLECAT_ROWS, trailing_tab=trailing_tab)
    report = import_polecat(store, [path])
    assert (report.read, report.stored, report.malformed) == (3, 3, 0)
    out = tmp_path / "export.txt"
    assert export_events(store, "polecat", out).rows == 3
    assert out.read_bytes() == path.read_bytes()


def test_polecat_export_writes_other_events_in_polecat_columns(store, tmp_path):
    path = tmp_path / "ngecEvents.20230501.txt"
    write_polecat(path, POLECAT_ROWS)
    import_polecat(store, [path])
    import_gdelt(store, [GDELT2_SAMPLE])
    out = tmp_path / "export.txt"
    assert export_events(store, "polecat", out).rows == 303
    written = out.read_text(encoding="utf-8").splitlines()
    original = path.read_text(encoding="utf-8").splitlines()
    assert written[:4] == original  # the header and the POLECAT rows, verbatim
    assert {line.count("\t") + 1 for line in written} == {40}
    again = tmp_path / "again.duckdb"
    with open_store(again) as other:
        back = import_polecat(other, [out])
        assert (back.read, back.stored, back.malformed) == (303, 303, 0)
        types = other.query("SELECT type, count(*) AS n FROM events GROUP BY type")
    stored = store.query("SELECT type, count(*) AS n FROM events GROUP BY type")
    assert dict(zip(types.type, types.n, strict=True)) == dict(
        zip(stored.type, stored.n, strict=True)
    )


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shiftwatch", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_import_export_and_events_parquet(tmp_path):
    damaged = tmp_path / "damaged.tsv"
    text = GDELT2_SAMPLE.read_text(encoding="utf-8").splitlines()
    damaged.write_text("\n".join([*text[:3], "only\ttwo", *text[3:]]) + "\n", encoding="utf-8")
    db = str(tmp_path / "cli.duckdb")
    done = run_cli("--db", db, "import", "gdelt", str(damaged), "--report", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{damaged}:4: expected 61 tab-separated fields, found 2" in done.stderr
    summary = json.loads(done.stdout)
    assert summary["malformed"] == 1 and summary["stored"] > 0
    shutil.copy(ICEWS_SAMPLE, tmp_path / "icews.tsv")
    assert run_cli("--db", db, "import", "icews", "icews.tsv", cwd=tmp_path).returncode == 0
    done = run_cli("--db", db, "export", "--format", "parquet", "--output", "pq", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = run_cli("--db", db, "export", "--format", "gdelt", "--to", "2018-12-31", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.count("\n") >= 1
    assert all(line.split("\t")[1] <= "20181231" for line in done.stdout.splitlines())
    via_db = run_cli("--db", db, "dyad", "GBR", "SAU", "--format", "json", cwd=tmp_path)
    via_parquet = run_cli(
        "--events-parquet", "pq", "dyad", "GBR", "SAU", "--format", "json", cwd=tmp_path
    )
    assert via_db.returncode == 0 and via_parquet.returncode == 0, via_parquet.stderr
    assert json.loads(via_parquet.stdout) == json.loads(via_db.stdout) != []
    refused = run_cli("--events-parquet", "pq", "import", "gdelt", str(GDELT2_SAMPLE), cwd=tmp_path)
    assert refused.returncode == 1 and "Parquet" in refused.stderr
    missing = run_cli("--db", db, "import", "gdelt", "nope.tsv", cwd=tmp_path)
    assert missing.returncode == 1 and "nope.tsv" in missing.stderr


def test_imported_actor_types_group_onto_actor_keys(store):
    """GDELT actor type codes (GBRCVL) and ICEWS sectors land on the same keys as coded news:
    IND.OPP apart from the Indian state, IND* both."""
    from shiftwatch.analysis import dyad_series

    import_gdelt(store, [GDELT2_SAMPLE])
    import_icews(store, [ICEWS_SAMPLE])
    gdelt = store.events(actor="GBR.CVL")
    assert not gdelt.empty and set(gdelt["origin"]) == {"gdelt"}
    civil = ((gdelt["source"] == "GBR") & (gdelt["source_sector"] == "CVL")) | (
        (gdelt["target"] == "GBR") & (gdelt["target_sector"] == "CVL")
    )
    assert civil.all() and gdelt["source_cameo"].str.startswith("GBR").all()  # GBRCVL, GBREDU
    opposition = dyad_series(store, "IND.OPP", "IND", freq="year")
    assert set(opposition["source"]) == {"IND.OPP", "IND"} and opposition["events"].sum() >= 3
    everything = store.events(actor="IND*")
    assert len(everything) > len(store.events(actor="IND"))  # the state and all its parts
    assert set(store.events(actor="IND.OPP")["id"]) < set(everything["id"])
