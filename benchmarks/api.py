"""Benchmark the REST API: concurrent clients against dyad-series and events over 1M events.

Builds (or reuses) a DuckDB file holding N synthetic events spread over 40 actors, 16 PLOVER
types and ten years, starts ``shiftwatch serve`` on a free loopback port in a subprocess,
then runs C concurrent HTTP clients for R requests in total, alternating between
``/api/v1/dyads/{a}/{b}/series`` and ``/api/v1/events?actor=..&target=..&type=..`` with
varying actors, and prints a JSON report: throughput, latency percentiles, errors, machine.

The events are synthetic because no real corpus here codes to a million events; the query
shapes and the index use are the same as for coded news. Targets: p95 <= 200 ms, no errors.

``--mix pages`` measures the HTML pages mixed with the API instead, the way readers and
scripts share a server: half the requests are dyad pages (``/dyad/A/B``), half events
listings of the same dyads, on the demo database (``shiftwatch demo``), for ``--duration``
seconds. Targets there (issue 20): 0 errors, dyad page p95 <= 1 s, events p95 <= 250 ms.

    .venv/bin/python benchmarks/api.py                       # 1,000,000 events, 10,000 requests
    .venv/bin/python benchmarks/api.py --events 100000 --requests 2000 --clients 20
    .venv/bin/python benchmarks/api.py --mix pages --clients 50 --duration 30
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import uvloop

from shiftwatch.store import open_store

ACTORS = [
    "USA", "RUS", "CHN", "PRK", "KOR", "JPN", "IRN", "IRQ", "SYR", "TUR", "ISR", "PSE", "SAU",
    "ARE", "QAT", "EGY", "GBR", "FRA", "DEU", "UKR", "BLR", "IND", "PAK", "AFG", "VEN", "CUB",
    "BRA", "MEX", "NGA", "ETH", "SDN", "LBY", "YEM", "LBN", "JOR", "UN", "EU", "NATO", "ISIS",
    "KUR",
]  # fmt: skip
TYPES = [
    ("AGREE", 1, 4.0), ("CONSULT", 1, 1.0), ("SUPPORT", 1, 3.0), ("CONCEDE", 2, 5.0),
    ("COOPERATE", 2, 6.0), ("AID", 2, 7.0), ("RETREAT", 2, 4.0), ("REQUEST", 1, -0.5),
    ("ACCUSE", 3, -2.0), ("REJECT", 3, -4.0), ("THREATEN", 3, -6.0), ("PROTEST", 4, -6.5),
    ("SANCTION", 4, -8.0), ("MOBILIZE", 4, -7.2), ("COERCE", 4, -7.0), ("ASSAULT", 4, -9.0),
]  # fmt: skip


def build_database(path: Path, events: int, seed: int = 7, cluster: bool = True) -> None:
    """A store with ``events`` synthetic events (skewed: a few dyads carry most events).

    ``cluster`` then runs the maintenance step a deployment runs after bulk loads
    (``shiftwatch optimize``: events rewritten in dyad order, so zone maps prune scans).
    """
    store = open_store(path)
    try:
        actors = "[" + ", ".join(f"'{a}'" for a in ACTORS) + "]"
        types = "[" + ", ".join(f"'{t}'" for t, _, _ in TYPES) + "]"
        quads = "[" + ", ".join(str(q) for _, q, _ in TYPES) + "]"
        scores = "[" + ", ".join(str(g) for _, _, g in TYPES) + "]"
        store.con.execute(f"SELECT setseed({seed / 100})")
        store.con.execute(
            f"""
            INSERT INTO events (id, doc_id, sentence_idx, sentence, date, source, target, type,
                                mode, cameo, goldstein, quad_class, modality, confidence,
                                coder_version, origin)
            SELECT 'b' || i, 'bench' || (i // 25), (i % 25)::INT,
                   'Synthetic benchmark sentence number ' || i || '.',
                   DATE '2014-01-01' + (i * 7919 % 3650)::INT,
                   {actors}[1 + s],
                   {actors}[1 + (s + 1 + least(38, floor(39 * pow(r, 1.5)))::INT) % 40],
                   {types}[1 + (i * 31 % 16)::INT], '', '',
                   {scores}[1 + (i * 31 % 16)::INT], {quads}[1 + (i * 31 % 16)::INT],
                   CASE WHEN i % 10 = 0 THEN 'alleged' ELSE 'asserted' END, 0.8,
                   'benchmark', 'benchmark'
            FROM (SELECT i, least(39, floor(40 * pow(random(), 2)))::INT AS s, random() AS r
                  FROM range(?) t(i))
            """,
            [events],
        )
        store.con.execute("CHECKPOINT")
        if cluster:
            store.cluster_events()
    finally:
        store.close()


def build_demo(path: Path) -> None:
    """The demo database (``shiftwatch demo``: the bundled corpus, ingested and coded)."""
    subprocess.run(
        [sys.executable, "-m", "shiftwatch", "demo", "--db", str(path)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    db: Path, port: int, workers: int = 1, cache: bool = True
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "shiftwatch",
        "--db",
        str(db),
        "serve",
        "--port",
        str(port),
        "--read-only",
        "--workers",
        str(workers),
    ]
    env = {**os.environ, "SHIFTWATCH_WEB_CACHE": "1" if cache else "0"}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/status", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("server did not become ready within 60 s")


def process_tree_cpu(pid: int) -> float:
    """CPU seconds used so far by ``pid`` and its live descendants (the server's workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        pending += [int(child) for child in children]
    return total


def request_paths(count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    busy = ACTORS[:12]
    paths = []
    for i in range(count):
        a, b = rng.sample(busy, 2)
        if i % 2 == 0:
            paths.append(f"/api/v1/dyads/{a}/{b}/series?freq=month")
        else:
            kind = rng.choice(TYPES)[0]
            offset = rng.choice([0, 0, 0, 100, 500])
            paths.append(
                f"/api/v1/events?actor={a}&target={b}&type={kind}&limit=100&offset={offset}"
            )
    return paths


def page_paths(db: Path, count: int, seed: int = 13) -> list[str]:
    """Dyad pages and events listings of the store's busiest dyads, alternating."""
    with open_store(db, read_only=True) as store:
        dyads = store.con.execute(
            "SELECT least(source, target), greatest(source, target) FROM events "
            "WHERE target IS NOT NULL AND target <> source GROUP BY 1, 2 "
            "ORDER BY count(*) DESC LIMIT 8"
        ).fetchall()
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        a, b = rng.choice(dyads)
        if i % 2 == 0:
            paths.append(f"/dyad/{a}/{b}")
        else:
            paths.append(f"/api/v1/events?actor={a}&target={b}&limit=100")
    return paths


def endpoint(path: str) -> str:
    """The name a latency is reported under: ``dyad page`` or the API resource."""
    if path.startswith("/dyad/"):
        return "dyad page"
    return path.split("?")[0].split("/")[3]


async def run_clients(
    base: str, paths: list[str], clients: int, duration: float | None = None
) -> tuple[list, list, float]:
    """Each client takes the next path from a shared queue until none are left (or, with a
    ``duration``, cycles through the paths until that many seconds have passed)."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    latencies: list[tuple[str, float]] = []
    errors: list[str] = []
    deadline = time.perf_counter() + duration if duration else None

    async def client() -> None:
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            while True:
                if deadline is not None and time.perf_counter() >= deadline:
                    return
                try:
                    path = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                if deadline is not None:
                    queue.put_nowait(path)  # cycle
                started = time.perf_counter()
                try:
                    response = await http.get(path)
                    elapsed = time.perf_counter() - started
                    if response.status_code != 200:
                        errors.append(f"{response.status_code} {path}")
                    latencies.append((endpoint(path), elapsed))
                except httpx.HTTPError as exc:
                    errors.append(f"{type(exc).__name__} {path}")

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, errors, time.perf_counter() - started


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {
        "p50_ms": round(pick(0.50) * 1000, 1),
        "p95_ms": round(pick(0.95) * 1000, 1),
        "p99_ms": round(pick(0.99) * 1000, 1),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--db", type=Path, help="reuse or create this database file")
    parser.add_argument(
        "--workers",
        type=int,
        default=max(1, (os.cpu_count() or 2) - 1),
        help="server processes (default: cores minus the one the load generator needs)",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="turn the server's answer cache off (every request queries)",
    )
    parser.add_argument(
        "--no-cluster", action="store_true", help="build without the dyad-order maintenance step"
    )
    parser.add_argument(
        "--mix",
        choices=["api", "pages"],
        default="api",
        help="api: series and events over synthetic events; pages: dyad pages and events "
        "listings on the demo database",
    )
    parser.add_argument("--duration", type=float, help="run for this many seconds instead")
    args = parser.parse_args()

    folder = tempfile.TemporaryDirectory(prefix="shiftwatch-bench-")
    name = "demo.duckdb" if args.mix == "pages" else f"bench-{args.events}.duckdb"
    db = args.db or Path(folder.name) / name
    build_seconds = None
    if not db.exists():
        started = time.perf_counter()
        if args.mix == "pages":
            build_demo(db)
        else:
            build_database(db, args.events, cluster=not args.no_cluster)
        build_seconds = round(time.perf_counter() - started, 1)
    with open_store(db, read_only=True) as store:
        (stored,) = store.con.execute("SELECT count(*) FROM events").fetchone()  # type: ignore[misc]

    load_before = [round(x, 2) for x in os.getloadavg()]
    port = free_port()
    server = start_server(db, port, args.workers, cache=not args.cold)
    try:
        base = f"http://127.0.0.1:{port}"
        if args.mix == "pages":
            paths = page_paths(db, max(args.requests, 2 * args.clients))
        else:
            paths = request_paths(args.requests)
        # Warm-up: first queries load column segments from disk.
        uvloop.run(run_clients(base, paths[:100], 4))
        server_cpu = process_tree_cpu(server.pid)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        latencies, errors, wall = uvloop.run(run_clients(base, paths, args.clients, args.duration))
        server_cpu = process_tree_cpu(server.pid) - server_cpu
        after = resource.getrusage(resource.RUSAGE_SELF)
        client_cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    finally:
        server.terminate()
        server.wait(timeout=30)
        folder.cleanup()

    by_endpoint: dict[str, list[float]] = {}
    for name, value in latencies:
        by_endpoint.setdefault(name, []).append(value)
    report = {
        "benchmark": "api",
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "inputs": {
            "events": int(stored),
            "synthetic": args.mix == "api",
            "database": "demo" if args.mix == "pages" and args.db is None else None,
            "mix": args.mix,
            "actors": len(ACTORS),
            "requests": args.requests if args.duration is None else len(latencies),
            "duration_seconds": args.duration,
            "clients": args.clients,
            "server_workers": args.workers,
            "answer_cache": not args.cold,
            "clustered_on_build": None if build_seconds is None else not args.no_cluster,
            "endpoints": ["/dyad/{a}/{b}", "/api/v1/events"]
            if args.mix == "pages"
            else ["/api/v1/dyads/{a}/{b}/series", "/api/v1/events"],
        },
        "database_build_seconds": build_seconds,
        "load_average_before": load_before,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "wall_seconds": round(wall, 2),
        "cpu_ms_per_request": {
            "server": round(server_cpu / max(len(latencies), 1) * 1000, 2),
            "client": round(client_cpu / max(len(latencies), 1) * 1000, 2),
        },
        "throughput_rps": round(len(latencies) / wall, 1) if wall else None,
        "latency": percentiles([value for _, value in latencies]),
        "latency_by_endpoint": {name: percentiles(values) for name, values in by_endpoint.items()},
        "errors": len(errors),
        "error_examples": errors[:5],
    }
    if args.mix == "pages":
        report["targets"] = {"dyad_page_p95_ms": 1000, "events_p95_ms": 250, "errors": 0}
        page = report["latency_by_endpoint"].get("dyad page", {})
        events = report["latency_by_endpoint"].get("events", {})
        report["meets_targets"] = bool(
            page and events and page["p95_ms"] <= 1000 and events["p95_ms"] <= 250 and not errors
        )
    else:
        report["targets"] = {"p95_ms": 200, "errors": 0}
        report["meets_targets"] = bool(
            report["latency"] and report["latency"]["p95_ms"] <= 200 and not errors
        )
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
