"""GDELT import rate, export rates (GDELT lines checked byte for byte, Parquet), analytics latency.

The input is generated from the real GDELT 2.0 sample in ``../shared/data/gdelt`` (300 rows of
the 2019-10-24 14:30 update): its rows are repeated with fresh GLOBALEVENTIDs and event dates
spread over 2015-2019, so the mix of mappable and unmappable rows (actors without a country,
CAMEO statements) is the real one. Every row is stored (with its line verbatim); rows/s counts
every row read. Peak memory is the process's maximum resident set (run it at two sizes to see
that it does not grow with the file). ``duckdb_floors`` times what DuckDB alone takes for parts of
the work on the same file, machine and load: the rate the import cannot beat.

    python benchmarks/interop.py                 # 10,000,000 rows
    python benchmarks/interop.py --rows 1000000
    python benchmarks/interop.py --icews --rows 3000000   # ICEWS import alone (and 300000)

Prints one JSON report. The file (about 3.7 GB for 10M rows) is written to a temporary folder
(``--workdir`` to choose one) and deleted afterwards.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import platform
import re
import resource
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
SAMPLE = (
    REPO.parent / "shared" / "data" / "gdelt" / "gdelt2_events_20191024143000_first300.export.tsv"
)
ICEWS_SAMPLE = (
    REPO.parent / "shared" / "data" / "gdelt" / "icews_events_2018-06-01_sample_300rows.tsv"
)


def generate(path: Path, rows: int) -> int:
    """Write ``rows`` GDELT 2.0 rows cycling the real sample; returns the file size."""
    from shiftwatch.interop.gdelt_columns import GDELT2

    columns = {name: "VARCHAR" for name in GDELT2.names}
    names = [f'"{name}"' for name in GDELT2.names]
    select = ", ".join(names[5:])
    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar = false")  # it draws on stdout, into the report
        con.execute(
            "CREATE TABLE sample AS SELECT row_number() OVER () - 1 AS k, * FROM read_csv(?, "
            f"delim='\t', header=false, quote='', escape='', columns={columns!r})",
            [str(SAMPLE)],
        )
        con.execute(
            f"""COPY (
                SELECT 1000000000 + i AS id, strftime(d, '%Y%m%d'), strftime(d, '%Y%m'),
                       strftime(d, '%Y'), round(year(d) + dayofyear(d) / 365.0, 4), {select}
                FROM (SELECT i, DATE '2015-01-01' + CAST(i * 7 % 1826 AS INTEGER) AS d
                      FROM range({rows}) r(i)) g
                JOIN sample s ON s.k = g.i % 300
            ) TO '{path}' (FORMAT csv, DELIMITER '\t', HEADER false, QUOTE '', ESCAPE '')"""
        )
    return path.stat().st_size


def generate_icews(path: Path, rows: int) -> int:
    """Write the ICEWS header and ``rows`` rows cycling the real ICEWS sample under fresh
    Event IDs; returns the file size."""
    header, *sample = ICEWS_SAMPLE.read_text(encoding="utf-8").splitlines()
    tails = [line.split("\t", 1)[1] for line in sample]
    with path.open("w", encoding="utf-8") as out:
        out.write(header + "\n")
        for start in range(0, rows, 100_000):
            out.write(
                "".join(
                    f"{100_000_000 + i}\t{tails[i % len(tails)]}\n"
                    for i in range(start, min(rows, start + 100_000))
                )
            )
    return path.stat().st_size


def run_icews(rows: int, workdir: Path | None) -> dict[str, object]:
    """ICEWS import alone (its own process, so peak memory is the import's): rate and memory."""
    from shiftwatch.interop import import_icews
    from shiftwatch.store import open_store

    with tempfile.TemporaryDirectory(dir=workdir, prefix="shiftwatch-bench-") as folder:
        work = Path(folder)
        source = work / "icews.tsv"
        size = generate_icews(source, rows)
        with open_store(work / "bench.duckdb") as store:
            load_before = [round(x, 2) for x in os.getloadavg()]
            started, cpu = time.perf_counter(), cpu_seconds()
            report = import_icews(store, [source])
            seconds, used = time.perf_counter() - started, cpu_seconds() - cpu
            load_after = [round(x, 2) for x in os.getloadavg()]
    return {
        "input": {"rows": rows, "bytes": size, "from": ICEWS_SAMPLE.name},
        "import": {
            "seconds": round(seconds, 2),
            "rows_per_s": round(report.read / seconds),
            "cpu_seconds": round(used, 1),
            "load_average_before": load_before,
            "load_average_after": load_after,
            "stored": report.stored,
            "malformed": report.malformed,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        },
    }


def machine() -> dict[str, object]:
    return {
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
    }


def cpu_seconds() -> float:
    """CPU time of this process, DuckDB's threads included: a figure other load cannot halve."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cpu_waits() -> dict[str, float]:
    """Seconds each live thread of this process has spent runnable but waiting for a CPU (the
    kernel's run-queue delay, /proc/self/task/*/schedstat): how much other load on the
    machine stretched a step's wall-clock time. The main thread drives the import (it runs
    DuckDB's statements, on which the other threads wait), so its wait is what the step's wall
    time would shrink by, at most, on an idle machine."""
    waits = {}
    for task in Path("/proc/self/task").iterdir():
        try:
            waits[task.name] = int((task / "schedstat").read_text().split()[1]) / 1e9
        except (OSError, IndexError, ValueError):
            continue
    return waits


def timed(function, repeat: int = 5) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return {
        "median_ms": round(statistics.median(times) * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
    }


def floors(store, source: Path, rows: int) -> dict[str, dict[str, float]]:
    """What DuckDB itself takes on this machine for parts of the import, to judge the import's
    rate against: parsing the file (61 text columns, counted, nothing kept), keeping each line
    in a plain one-column table, and storing the already imported rows again in a copy of the
    events table (its compression; nothing to read or map), then the same with the primary
    key on ``id`` that store migration 7 removed."""
    from shiftwatch.interop.gdelt_columns import GDELT2

    columns = {name: "VARCHAR" for name in GDELT2.names}
    csv = (
        f"read_csv('{source}', delim='\t', header=false, quote='', escape='', "
        f"columns={columns!r}, auto_detect=false)"
    )
    lines = (
        f"read_csv('{source}', delim='\\0', header=false, quote='', escape='', "
        "columns={'line': 'VARCHAR'}, auto_detect=false)"
    )
    (ddl,) = store.con.execute(
        "SELECT sql FROM duckdb_tables() WHERE table_name = 'events' AND schema_name = 'main'"
    ).fetchone()
    copy = ddl.replace("CREATE TABLE events", "CREATE TABLE floor_events", 1)
    id_column = r"\bid VARCHAR( USING COMPRESSION \w+)? NOT NULL"
    keyed = re.sub(id_column, "id VARCHAR PRIMARY KEY", copy)
    steps = {
        "read_csv 61 columns, count only": [f"SELECT count(*) FROM {csv}"],
        "read_csv lines into a one-column table": [
            f"CREATE TABLE floor_lines AS SELECT line FROM {lines}",
            "DROP TABLE floor_lines",
        ],
        "insert the imported rows into a copy of events": [
            copy,
            "INSERT INTO floor_events SELECT * FROM events",
            "CHECKPOINT",
            "DROP TABLE floor_events",
        ],
        "the same, copy with a primary key on id (before store migration 7)": [
            keyed,
            "INSERT INTO floor_events SELECT * FROM events",
            "CHECKPOINT",
            "DROP TABLE floor_events",
        ],
    }
    glued = ", ".join(f'"{name}"' for name in GDELT2.names)
    steps["read_csv 61 columns glued back into the line, counted"] = [
        f"SELECT sum(len(concat_ws(chr(9), {glued}))) FROM {csv}"
    ]
    result = {}
    store.con.execute("SET enable_progress_bar = false")
    # the import's own memory cap, so these steps do not swell the report's peak memory
    store.con.execute("SET memory_limit = '1GB'")
    for name, statements in steps.items():
        started, cpu = time.perf_counter(), cpu_seconds()
        for statement in statements:
            store.con.execute(statement).fetchall()
        seconds = time.perf_counter() - started
        result[name] = {
            "seconds": round(seconds, 2),
            "rows_per_s": round(rows / seconds),
            "cpu_seconds": round(cpu_seconds() - cpu, 1),
        }
    for name, step in import_parts(store, source).items():
        started, cpu = time.perf_counter(), cpu_seconds()
        step()
        seconds = time.perf_counter() - started
        result[name] = {
            "seconds": round(seconds, 2),
            "rows_per_s": round(rows / seconds),
            "cpu_seconds": round(cpu_seconds() - cpu, 1),
        }
    store.con.execute("RESET memory_limit")
    store.con.execute("CHECKPOINT")
    return result


def import_parts(store, source: Path) -> dict[str, object]:
    """The import's own first steps alone: reading the file into batches of lines, and those
    lines split and mapped to ``events`` rows, counted, not stored."""
    from shiftwatch.interop import lines
    from shiftwatch.interop.gdelt import BATCH, ROW_GROUP_ROWS, batch_relation
    from shiftwatch.interop.gdelt_columns import GDELT2
    from shiftwatch.interop.gdelt_sql import mapping_sql

    def batches():
        return lines.line_batches(source, recycle=3, align=ROW_GROUP_ROWS)

    def read() -> None:
        for _ in batches():
            pass

    select = mapping_sql(
        batch_relation(GDELT2, BATCH), GDELT2.names, GDELT2.name, raw="s.sw_raw", seq="s.sw_n"
    )

    def mapped() -> None:
        store.con.execute("SET disabled_optimizers = 'filter_pushdown'")  # as the import does
        for batch in batches():
            store.con.register(BATCH, batch.table)
            store.con.execute(
                f"SELECT sum(len(id) + len(raw) + len(type) + len(source)) FROM ({select})"
            ).fetchall()
            store.con.unregister(BATCH)
        store.con.execute("RESET disabled_optimizers")

    return {
        "import's line batches alone (numpy, Arrow)": read,
        "import's line batches split and mapped, not stored": mapped,
    }


def analytics(store) -> dict[str, dict[str, float]]:
    from shiftwatch.analysis import detect_shifts, dyad_series, partner_shares

    return {
        "dyad_series USA-CHN month": timed(lambda: dyad_series(store, "USA", "CHN")),
        "partner_shares USA quarter": timed(lambda: partner_shares(store, "USA")),
        "detect_shifts all actors": timed(lambda: detect_shifts(store, permutations=99), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument(
        "--icews",
        action="store_true",
        help="time the ICEWS import alone instead (generated from the real ICEWS sample)",
    )
    args = parser.parse_args()
    if args.icews:
        result = {
            "benchmark": "interop-icews",
            "machine": machine(),
            **run_icews(args.rows, args.workdir),
        }
        print(json.dumps(result, indent=2))
        return

    from shiftwatch.interop import export_events, import_gdelt, open_parquet_store
    from shiftwatch.store import open_store

    with tempfile.TemporaryDirectory(dir=args.workdir, prefix="shiftwatch-bench-") as folder:
        work = Path(folder)
        source = work / "gdelt2.export.tsv"
        started = time.perf_counter()
        size = generate(source, args.rows)
        generated = time.perf_counter() - started
        with open_store(work / "bench.duckdb") as store:
            load_before = [round(x, 2) for x in os.getloadavg()]
            waits = cpu_waits()
            started, cpu = time.perf_counter(), cpu_seconds()
            report = import_gdelt(store, [source])
            import_seconds = time.perf_counter() - started
            import_cpu = cpu_seconds() - cpu
            waited = {k: v - waits.get(k, 0.0) for k, v in cpu_waits().items()}
            load_after = [round(x, 2) for x in os.getloadavg()]
            import_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            started, cpu = time.perf_counter(), cpu_seconds()
            again = import_gdelt(store, [source])
            reimport_seconds = time.perf_counter() - started
            reimport_cpu = cpu_seconds() - cpu
            floor = floors(store, source, args.rows)
            # the round trip at scale: GDELT lines back, byte for byte the generated file
            lines_out = work / "export.tsv"
            started = time.perf_counter()
            lines_report = export_events(store, "gdelt", lines_out)
            lines_seconds = time.perf_counter() - started
            identical = filecmp.cmp(source, lines_out, shallow=False)
            lines_out.unlink()
            source.unlink()
            started = time.perf_counter()
            exported = export_events(store, "parquet", work / "parquet")
            export_seconds = time.perf_counter() - started
            on_database = analytics(store)
        with open_parquet_store(work / "parquet") as parquet:
            on_parquet = analytics(parquet)
        parquet_bytes = sum(p.stat().st_size for p in (work / "parquet").rglob("*.parquet"))
    result = {
        "benchmark": "interop",
        "machine": machine(),
        "input": {
            "rows": args.rows,
            "bytes": size,
            "generated_in_s": round(generated, 1),
            "from": str(SAMPLE.name),
        },
        "target_rows_per_s": 300_000,
        "import": {
            "seconds": round(import_seconds, 2),
            "rows_per_s": round(report.read / import_seconds),
            "cpu_seconds": round(import_cpu, 1),
            "rows_per_cpu_s": round(report.read / import_cpu),
            "main_thread_waited_for_cpu_s": round(waited.get(str(os.getpid()), 0.0), 2),
            "threads_waited_for_cpu_s": round(sum(waited.values()), 2),
            "load_average_before": load_before,
            "load_average_after": load_after,
            "stored": report.stored,
            "plover_events": report.plover_events,
            "statements": report.statements,
            "no_plover_actor": report.no_plover_actor,
            "no_source_actor": report.no_source_actor,
            "peak_rss_mb": round(import_rss),
            "malformed": report.malformed,
        },
        "reimport": {
            "seconds": round(reimport_seconds, 2),
            "rows_per_s": round(again.read / reimport_seconds),
            "cpu_seconds": round(reimport_cpu, 1),
            "stored": again.stored,
            "duplicates": again.duplicates,
        },
        "duckdb_floors": floor,
        "gdelt_export": {
            "seconds": round(lines_seconds, 2),
            "rows": lines_report.rows,
            "rows_per_s": round(lines_report.rows / lines_seconds),
            "identical_to_input": identical,
        },
        "parquet_export": {
            "seconds": round(export_seconds, 2),
            "events": exported.rows,
            "events_per_s": round(exported.rows / export_seconds),
            "bytes": parquet_bytes,
        },
        "analytics_on_database": on_database,
        "analytics_on_parquet": on_parquet,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
