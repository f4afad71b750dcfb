"""Alerts over HTTP: ``GET /api/v1/alerts`` and the ``/alerts`` page of a real server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from shiftwatch.store import open_store
from shiftwatch.watch.alerts import raise_alerts
from shiftwatch.watch.kinds import detect
from test_watch_kinds import LIMITS, events, fill, flat, stable_rows, step
from test_web_support import Server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    path = tmp_path_factory.mktemp("alerts") / "alerts.duckdb"
    rng = np.random.default_rng(21)
    rows = stable_rows(rng) + events(rng, "CHN", "PRK", step(1.5, 9), flat(0.6))
    rows += events(rng, "PRK", "RUS", flat(3), step(0.15, 0.95, at=38))
    for number, row in enumerate(rows):
        row["doc_id"] = f"doc{number % 5}"
        row["url"] = "javascript:alert(1)" if number % 2 else f"https://example.org/{number}"
    with open_store(path) as store:
        raised = raise_alerts(store, detect(store, fill(store, rows), LIMITS))
        store.con.execute("UPDATE alerts SET watched = true WHERE list_contains(actors, 'RUS')")
        assert {alert.kind for alert in raised} == {"level", "volume"}
    running = Server(path, read_only=True)
    yield running
    running.stop()


def test_the_api_lists_alerts_newest_first_with_filters(server: Server) -> None:
    with server.client() as http:
        every = http.get("/api/v1/alerts").json()
        assert every["total"] == len(every["items"]) >= 2
        first = every["items"][0]
        assert set(first) >= {"id", "kind", "actors", "window_start", "before", "after", "size"}
        assert first["details"]["evidence"] and first["event_ids"]
        volume = http.get("/api/v1/alerts", params={"kind": "volume"}).json()["items"]
        assert [(a["actors"], a["direction"]) for a in volume] == [(["CHN", "PRK"], "up")]
        watched = http.get("/api/v1/alerts", params={"watched": "true"}).json()["items"]
        assert watched and all("RUS" in a["actors"] for a in watched)
        assert http.get("/api/v1/alerts", params={"actor": "RUS"}).json()["total"] == len(watched)
        assert http.get("/api/v1/alerts", params={"kind": "mood"}).status_code == 422
        assert http.get("/api/v1/alerts", params={"limit": 0}).status_code == 422


def test_the_page_links_each_alert_to_its_dyad_and_evidence(server: Server) -> None:
    with server.client() as http:
        page = http.get("/alerts")
        assert page.status_code == 200
        html = page.text
        assert '<a href="/alerts">Alerts</a>' in html
        assert 'href="/dyad/CHN/PRK"' in html and 'href="/dyad/PRK/RUS"' in html
        assert 'href="/documents/doc' in html and 'href="https://example.org/' in html
        assert "javascript:" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script (CSP)
        level = http.get("/alerts", params={"kind": "level"}).text
        assert "PRK → RUS cooperation index" in level and "CHN–PRK events" not in level


def test_a_store_without_alerts_serves_an_empty_list(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    open_store(path).close()
    running = Server(path, read_only=True)
    try:
        with running.client() as http:
            assert http.get("/api/v1/alerts").json() == {
                "total": 0,
                "limit": 50,
                "offset": 0,
                "items": [],
            }
            assert "No alerts yet" in http.get("/alerts").text
    finally:
        running.stop()
