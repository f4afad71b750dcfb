"""Save the API's answers on a database, one file per request, to compare two versions.

Refactors that must not change behaviour are checked with it: run it from the old and the new
source tree over the same database (built with ``shiftwatch demo --db-path DB``) and compare the
two folders byte for byte (``diff -r``). Requests go through the real app in process (Starlette's
test client), read-only, with answer caching off, so every answer is computed, and on one
DuckDB thread, so floating-point sums are added in one order.

    PYTHONPATH=src python scripts/api_snapshot.py DB OUT_DIR
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

REQUESTS = [
    "/api/v1/events",
    "/api/v1/events?limit=7&offset=3",
    "/api/v1/events?actor=PRK",
    "/api/v1/events?actor=prk&target=RUS",
    "/api/v1/events?actor=RUS&source=PRK",
    "/api/v1/events?actor=PRK&source=PRK",
    "/api/v1/events?source=PRK&limit=500",
    "/api/v1/events?target=PRK&type=AID&type=cooperate",
    "/api/v1/events?modality=alleged",
    "/api/v1/events?modality=future&actor=USA",
    "/api/v1/events?date_from=2020-01-01&date_to=2022-06-30&limit=500",
    "/api/v1/events?type=CONSULT&date_from=2023-01-01",
    "/api/v1/events?actor=RUS&limit=5&offset=100000",
    "/api/v1/events?date_from=2030-01-01",
    "/api/v1/events?dyad=PRK,RUS&limit=500",
    "/api/v1/events?actor=SYR*&limit=50",
    "/api/v1/events?format=csv&actor=PRK",
    "/api/v1/dyads",
    "/api/v1/dyads?limit=3",
    "/api/v1/dyads/PRK/RUS/series",
    "/api/v1/dyads/prk/rus/series?freq=quarter",
    "/api/v1/dyads/PRK/RUS/series?freq=year&date_from=2019-01-01&date_to=2023-12-31",
    "/api/v1/dyads/USA/CHN/series?freq=quarter",
    "/api/v1/dyads/KOR/JPN/series?freq=year",
    "/api/v1/shifts",
    "/api/v1/shifts?actor=PRK",
    "/api/v1/shifts?actor=prk&min_events=3&freq=quarter",
    "/api/v1/shifts?top=5&freq=year&min_events=5",
    "/api/v1/shifts?format=csv&actor=PRK",
    "/api/v1/actors/PRK/partners?format=csv",
    "/api/v1/actors/PRK/partners",
    "/api/v1/actors/PRK/partners?freq=year&date_from=2020-01-01",
    "/api/v1/blocs",
    "/api/v1/status",
    "/api/v1/documents?limit=5",
    "/api/v1/search?q=sanctions",
    "/",
    "/dyad/PRK/RUS",
    "/dyad/PRK/RUS?type=AID&modality=asserted",
    "/actor/PRK",
    "/shifts",
    "/blocs",
    "/search?q=missile",
]


def main(database: Path, out: Path) -> None:
    os.environ["SHIFTWATCH_WEB_CACHE"] = "0"
    # One DuckDB thread: parallel sums add floats in varying order, so with several threads
    # the same code can answer 24.2 or 24.200000000000003 from one run to the next.
    os.environ["SHIFTWATCH_WEB_DB_THREADS"] = "1"
    from fastapi.testclient import TestClient

    from shiftwatch.config import load_settings
    from shiftwatch.web import create_app

    out.mkdir(parents=True, exist_ok=True)
    app = create_app(load_settings(db=database), read_only=True)
    with TestClient(app) as client:
        first = client.get("/api/v1/events?limit=3").json()["items"]
        extra = [f"/api/v1/events/{item['id']}" for item in first]
        extra += [f"/api/v1/events?doc_id={first[0]['doc_id']}"]
        extra += [f"/api/v1/documents/{first[0]['doc_id']}", f"/documents/{first[0]['doc_id']}"]
        for number, url in enumerate(REQUESTS + extra):
            response = client.get(url)
            body = response.content
            name = f"{number:02d}.{'json' if url.startswith('/api') else 'html'}"
            (out / name).write_bytes(f"{response.status_code} {url}\n".encode() + body)
            digest = hashlib.sha256(body).hexdigest()[:16]
            print(f"{name} {response.status_code} {len(body):>8} {digest} {url}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: api_snapshot.py DATABASE OUT_DIR")
    main(Path(sys.argv[1]), Path(sys.argv[2]))
