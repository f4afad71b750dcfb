"""Security of the running server: writes need the token, read-only refuses them, hostile
parameters are rejected with clean JSON errors, and nothing is stored by a refused request.

These run against an ingested (not coded) database, so they need no spaCy and stay fast; the
one accepted write (which codes on arrival) is marked slow.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from shiftwatch.store import open_store
from test_web_support import Server, build_database

TOKEN = "s3cret-token-for-tests"
ARTICLE = {
    "title": "Ministers meet over border crossings",
    "text": "Russian and Chinese foreign ministers met in Moscow on Tuesday to discuss trade "
    "across their shared border. Russia agreed to expand rail links with China.",
    "published": "2024-03-05",
    "source": "test",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    """The session's ingested database; tests that write use copies of it."""
    return build_database(tmp_path_factory.getbasetemp(), shared_dir, coded=False)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory, built: Path) -> Path:
    """A private copy for this module's server, which accepts writes."""
    copy = tmp_path_factory.mktemp("security") / "web.duckdb"
    shutil.copy(built, copy)
    return copy


@pytest.fixture(scope="module")
def server(database: Path) -> Iterator[Server]:
    running = Server(database, token=TOKEN)
    yield running
    running.stop()


@pytest.fixture
def http(server: Server) -> Iterator[httpx.Client]:
    with server.client() as client:
        yield client


def coded(http: httpx.Client, doc_id: str, timeout: float = 180) -> dict:
    """The stored document once the background worker has coded it (or given up)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        record = http.get(f"/api/v1/documents/{doc_id}").json()
        if record["coding"]["state"] in ("done", "failed", "skipped"):
            return record
        time.sleep(0.3)
    raise AssertionError(f"{doc_id} not coded within {timeout} s")


def documents(http: httpx.Client) -> int:
    return int(http.get("/api/v1/status").json()["documents"])


def test_ingest_without_token_is_refused_and_stores_nothing(http: httpx.Client) -> None:
    before = documents(http)
    response = http.post("/api/v1/documents", json=ARTICLE)
    assert response.status_code == 401
    assert response.json()["detail"] == "missing or wrong token"
    assert response.headers["www-authenticate"] == "Bearer"
    assert documents(http) == before


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": f"Basic {TOKEN}"},
        {"X-Shiftwatch-Token": TOKEN[:-1]},
        {"X-Shiftwatch-Token": ""},
    ],
)
def test_ingest_with_a_wrong_token_is_refused(http: httpx.Client, headers: dict) -> None:
    before = documents(http)
    response = http.post("/api/v1/documents", json=ARTICLE, headers=headers)
    assert response.status_code == 401
    assert documents(http) == before


def test_oversized_body_is_refused_with_413(http: httpx.Client) -> None:
    before = documents(http)
    huge = {**ARTICLE, "text": "Russia met China. " * 400_000}  # about 7 MB
    response = http.post("/api/v1/documents", json=huge, headers={"X-Shiftwatch-Token": TOKEN})
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the server must count
        for _ in range(800):
            yield b" " * 10_000

    streamed = http.post(
        "/api/v1/documents",
        content=chunks(),
        headers={"X-Shiftwatch-Token": TOKEN, "Content-Type": "application/json"},
    )
    assert streamed.status_code == 413
    assert documents(http) == before


def test_bad_bodies_are_422(http: httpx.Client) -> None:
    auth = {"X-Shiftwatch-Token": TOKEN}
    both = http.post("/api/v1/documents", json={**ARTICLE, "html": "<p>x</p>"}, headers=auth)
    assert both.status_code == 422
    assert "exactly one of 'text' or 'html'" in both.text
    extra = http.post("/api/v1/documents", json={**ARTICLE, "sql": "DROP TABLE"}, headers=auth)
    assert extra.status_code == 422
    bad_date = http.post("/api/v1/documents", json={**ARTICLE, "published": "2024-02-31"},
                         headers=auth)  # fmt: skip
    assert bad_date.status_code == 422
    assert bad_date.json()["detail"][0]["loc"] == ["body", "published"]


HOSTILE = [
    "/api/v1/events?actor=USA%27%20OR%201%3D1--",
    "/api/v1/events?actor=USA;DROP%20TABLE%20events",
    "/api/v1/events?type=AGREE%27)%20UNION%20SELECT%20*%20FROM%20documents--",
    "/api/v1/events?doc_id=x%27%20OR%20%271%27%3D%271",
    "/api/v1/events?modality=asserted%27--",
    "/api/v1/events?limit=1000000",
    "/api/v1/events?limit=0",
    "/api/v1/events?offset=-1",
    "/api/v1/events?limit=abc",
    "/api/v1/events?date_from=2020-02-30",
    "/api/v1/events?date_from=yesterday",
    "/api/v1/events?date_from=2020-01-01%27%20OR%201=1",
    "/api/v1/events?date_from=2021-01-01&date_to=2020-01-01",
    "/api/v1/dyads/USA/RUS%27--/series",
    "/api/v1/dyads/USA/RUS/series?freq=decade",
    "/api/v1/actors/1%3D1/partners",
    "/api/v1/shifts?top=100000",
    "/api/v1/blocs?window=1%20DAY",
    "/api/v1/documents?language=english%27",
    "/api/v1/documents?limit=99999999",
    "/api/v1/search?q=" + "a" * 500,
    "/api/v1/search?q=%22%22%20%27%3B",
    "/api/v1/search?limit=1000&q=russia",
]


@pytest.mark.parametrize("path", HOSTILE)
def test_hostile_parameters_are_rejected_cleanly(http: httpx.Client, path: str) -> None:
    response = http.get(path)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["detail"]  # FastAPI's list of problems, or our one-line message
    assert "Traceback" not in response.text


def test_sql_in_search_is_only_text(http: httpx.Client) -> None:
    before = http.get("/api/v1/status").json()
    response = http.get("/api/v1/search", params={"q": "x'); DELETE FROM sentences; --"})
    assert response.status_code == 200
    assert response.json()["total"] == 0
    assert http.get("/api/v1/status").json() == before


@pytest.mark.parametrize(
    "path", ["/api/v1/documents/0000000000000000", "/api/v1/events/nope", "/documents/nope"]
)
def test_unknown_ids_are_404(http: httpx.Client, path: str) -> None:
    response = http.get(path)
    assert response.status_code == 404
    if path.startswith("/api/"):
        assert response.json()["error"] == "NotFoundError"
    else:
        assert "Not found" in response.text


def test_server_without_token_refuses_writes(tmp_path: Path, built: Path) -> None:
    copy = tmp_path / "no-token.duckdb"
    shutil.copy(built, copy)
    no_token = Server(copy)
    try:
        with no_token.client() as client:
            before = documents(client)
            response = client.post("/api/v1/documents", json=ARTICLE,
                                   headers={"X-Shiftwatch-Token": ""})  # fmt: skip
            assert response.status_code == 403
            assert "SHIFTWATCH_TOKEN" in response.json()["detail"]
            assert documents(client) == before
    finally:
        no_token.stop()


def test_read_only_server_refuses_writes_even_with_the_token(tmp_path: Path, built: Path) -> None:
    copy = tmp_path / "ro.duckdb"
    shutil.copy(built, copy)
    read_only = Server(copy, read_only=True, token=TOKEN)
    try:
        with read_only.client() as client:
            before = documents(client)
            response = client.post("/api/v1/documents", json=ARTICLE,
                                   headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
            assert response.status_code == 403
            assert "read-only" in response.json()["detail"]
            assert documents(client) == before
    finally:
        read_only.stop()
    with open_store(copy, read_only=True) as store:
        assert store.status()["documents"] == before


@pytest.mark.slow
def test_ingest_with_the_token_stores_and_codes(http: httpx.Client) -> None:
    before = documents(http)
    response = http.post("/api/v1/documents", json=ARTICLE,
                         headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["stored"] and not body["duplicate"]
    assert documents(http) == before + 1  # stored at once; coded in the background
    assert body["coding"]["state"] in ("queued", "coding", "done")
    stored = coded(http, body["id"])
    assert stored["title"] == ARTICLE["title"] and stored["published"] == "2024-03-05"
    assert stored["coding"]["state"] == "done", stored["coding"]
    assert stored["sentences"], "the worker coded it"
    assert stored["coding"]["events"] == len(stored["events"])
    assert any({e["source"], e["target"]} == {"RUS", "CHN"} for e in stored["events"])
    again = http.post("/api/v1/documents", json=ARTICLE, headers={"X-Shiftwatch-Token": TOKEN})
    assert again.status_code == 200, "a repeated post is not a creation"
    assert again.json()["duplicate"] is True and again.json()["id"] == body["id"]
    assert documents(http) == before + 1


@pytest.mark.slow
def test_a_one_line_text_is_a_document_without_a_title(http: httpx.Client) -> None:
    line = "Japan and Australia signed a defence agreement in Tokyo on Friday."
    response = http.post("/api/v1/documents", json={"text": line},
                         headers={"X-Shiftwatch-Token": TOKEN})  # fmt: skip
    assert response.status_code == 201, response.text
    stored = coded(http, response.json()["id"])
    assert stored["title"] == "" and stored["text"] == line
    assert [s["text"] for s in stored["sentences"]] == [line]
