"""The JSON API against a real server over a real database: the demo corpus and 40 Guardian
articles, ingested and coded. The server runs read-only, so the tests can read the same file
with DuckDB directly and compare what the API says with what is stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from shiftwatch.store import Store, open_store
from test_web_support import Server, build_database

pytestmark = pytest.mark.slow  # building the database runs spaCy over ~150 articles


@pytest.fixture(scope="module")
def coded_db(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    return build_database(tmp_path_factory.getbasetemp(), shared_dir, coded=True)


@pytest.fixture(scope="module")
def server(coded_db: Path) -> Iterator[Server]:
    running = Server(coded_db, read_only=True)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def db(coded_db: Path, server: Server) -> Iterator[Store]:
    with open_store(coded_db, read_only=True) as store:
        yield store


@pytest.fixture
def http(server: Server) -> Iterator[httpx.Client]:
    with server.client() as client:
        yield client


def scalar(db: Store, sql: str, params: list | None = None) -> object:
    return db.con.execute(sql, params or []).fetchone()[0]  # type: ignore[index]


def busiest_dyad(db: Store) -> tuple[str, str]:
    a, b = db.con.execute(
        "SELECT least(source, target), greatest(source, target) FROM events "
        "WHERE target IS NOT NULL AND target <> source GROUP BY 1, 2 "
        "ORDER BY count(*) DESC, 1, 2 LIMIT 1"
    ).fetchone()  # type: ignore[misc]
    return a, b


def test_status_matches_the_database(http: httpx.Client, db: Store) -> None:
    status = http.get("/api/v1/status").json()
    assert status["documents"] == scalar(db, "SELECT count(*) FROM documents") >= 140
    assert status["events"] == scalar(db, "SELECT count(*) FROM events") > 50
    assert status["coded_documents"] == status["documents"]


def test_events_pages_cover_every_event_exactly_once(http: httpx.Client, db: Store) -> None:
    total = scalar(db, "SELECT count(*) FROM events")
    seen: list[str] = []
    offset = 0
    while True:
        page = http.get("/api/v1/events", params={"limit": 37, "offset": offset}).json()
        assert page["total"] == total and page["limit"] == 37 and page["offset"] == offset
        seen += [item["id"] for item in page["items"]]
        if len(page["items"]) < 37:
            break
        offset += 37
    assert len(seen) == len(set(seen)) == total
    dates = [d for d in (http.get("/api/v1/events", params={"limit": 1000}).json()["items"])]
    ordered = [item["date"] for item in dates if item["date"]]
    assert ordered == sorted(ordered)


def test_event_filters(http: httpx.Client, db: Store) -> None:
    a, b = busiest_dyad(db)
    by_actor = http.get("/api/v1/events", params={"actor": a.lower(), "limit": 1000}).json()
    state = "(code = ? AND coalesce(sector, '') IN ('', 'GOV', 'MIL', 'COP', 'JUD'))"
    sides = f"{state.replace('code', 'source').replace('sector', 'source_sector')} OR " + (
        state.replace("code", "target").replace("sector", "target_sector")
    )
    assert by_actor["total"] == scalar(db, f"SELECT count(*) FROM events WHERE {sides}", [a, a])
    assert all(a in (e["source"], e["target"]) for e in by_actor["items"])
    everything = http.get("/api/v1/events", params={"actor": f"{a}*", "limit": 1}).json()
    assert everything["total"] == scalar(
        db, "SELECT count(*) FROM events WHERE source = ? OR target = ?", [a, a]
    )  # the key with * is the state and all its parts
    directed = http.get("/api/v1/events", params={"source": a, "target": b}).json()
    assert all(e["source"] == a and e["target"] == b for e in directed["items"])
    kind = by_actor["items"][0]["type"]
    typed = http.get("/api/v1/events", params={"actor": a, "type": kind.lower()}).json()
    assert typed["total"] >= 1 and {e["type"] for e in typed["items"]} == {kind}
    two = http.get("/api/v1/events", params=[("type", "AGREE"), ("type", "ASSAULT")]).json()
    assert {e["type"] for e in two["items"]} <= {"AGREE", "ASSAULT"}
    middle = sorted(e["date"] for e in by_actor["items"] if e["date"])[len(by_actor["items"]) // 2]
    later = http.get("/api/v1/events", params={"actor": a, "date_from": middle}).json()
    assert later["items"] and all(e["date"] >= middle for e in later["items"])
    assert 0 < later["total"] < by_actor["total"] or later["total"] == by_actor["total"]
    alleged = http.get("/api/v1/events", params={"modality": "alleged"}).json()
    assert alleged["total"] == scalar(db, "SELECT count(*) FROM events WHERE modality='alleged'")


def test_one_event_and_its_evidence(http: httpx.Client, db: Store) -> None:
    event_id, sentence, doc_id = db.con.execute(
        "SELECT id, sentence, doc_id FROM events ORDER BY id LIMIT 1"
    ).fetchone()  # type: ignore[misc]
    event = http.get(f"/api/v1/events/{event_id}").json()
    assert event["sentence"] == sentence and event["doc_id"] == doc_id
    document = http.get(f"/api/v1/documents/{doc_id}").json()
    start, end = event["evidence_start"], event["evidence_end"]
    assert 0 <= start < end <= len(document["text"])
    assert document["text"][start:end] in sentence  # evidence offsets are in the document


def test_dyad_series(http: httpx.Client, db: Store) -> None:
    a, b = busiest_dyad(db)
    series = http.get(f"/api/v1/dyads/{a}/{b}/series", params={"freq": "quarter"}).json()
    assert series["columns"][:3] == ["period", "source", "target"]
    rows = series["rows"]
    assert {(r["source"], r["target"]) for r in rows} == {(a, b), (b, a)}
    periods = [r["period"] for r in rows]
    assert periods == sorted(periods)
    counted = sum(r["events"] for r in rows)
    stored = scalar(
        db,
        "SELECT count(*) FROM events WHERE ((source = ? AND target = ?) OR (source = ? AND "
        "target = ?)) AND modality IN ('asserted', 'alleged') AND date IS NOT NULL",
        [a, b, b, a],
    )
    assert 0 < counted <= stored  # repeated reports of one event count once
    for row in rows:
        if row["events"] and row["coop_index"] is not None:
            assert -1 <= row["coop_index"] <= 1
            assert -1 <= row["coop_low"] < row["coop_high"] <= 1
    lower = http.get(f"/api/v1/dyads/{a.lower()}/{b.lower()}/series?freq=quarter").json()
    assert lower == series


def test_partners_and_shifts(http: httpx.Client, db: Store) -> None:
    a, b = busiest_dyad(db)
    partners = http.get(f"/api/v1/actors/{a}/partners").json()
    assert partners["rows"] and b in {row["partner"] for row in partners["rows"]}
    for period in {row["period"] for row in partners["rows"]}:
        rows = [r for r in partners["rows"] if r["period"] == period]
        if sum(r["cooperative"] for r in rows):
            assert sum(r["coop_share"] for r in rows) == pytest.approx(1.0)
    shifts = http.get("/api/v1/shifts", params={"min_events": 5}).json()
    assert "magnitude" in shifts["columns"]
    for row in shifts["rows"]:
        assert row["magnitude"] == pytest.approx(row["level_after"] - row["level_before"])


def test_documents_with_sentences_and_events(http: httpx.Client, db: Store) -> None:
    listing = http.get("/api/v1/documents", params={"limit": 5, "offset": 2}).json()
    assert listing["total"] == scalar(db, "SELECT count(*) FROM documents")
    assert len(listing["items"]) == 5
    doc_id = scalar(db, "SELECT doc_id FROM events GROUP BY doc_id ORDER BY count(*) DESC LIMIT 1")
    doc = http.get(f"/api/v1/documents/{doc_id}").json()
    assert doc["sentences"] and doc["events"]
    for sentence in doc["sentences"]:
        assert doc["text"][sentence["start_char"] : sentence["end_char"]] == sentence["text"]
    by_idx = {s["idx"]: s["text"] for s in doc["sentences"]}
    for event in doc["events"]:
        assert event["doc_id"] == doc_id and event["sentence"] == by_idx[event["sentence_idx"]]
    prefix = http.get(f"/api/v1/documents/{doc_id[:10]}").json()
    assert prefix["id"] == doc_id
    guardian = http.get("/api/v1/documents", params={"date_from": "2017-01-01",
                                                     "date_to": "2019-12-31"}).json()  # fmt: skip
    assert all("2017" <= item["published"] <= "2019-12-31" for item in guardian["items"])


def test_search_ranks_sentences_with_every_word(http: httpx.Client, db: Store) -> None:
    result = http.get("/api/v1/search", params={"q": "Isis fighters", "limit": 50}).json()
    assert result["total"] >= len(result["items"]) > 0
    assert result["total"] == scalar(
        db,
        "SELECT count(*) FROM sentences WHERE regexp_matches(text, '(?i)\\bisis\\b') "
        "AND regexp_matches(text, '(?i)\\bfighters')",
    )
    for hit in result["items"]:
        assert "isis" in hit["text"].lower() and "fighters" in hit["text"].lower()
    scores = [hit["score"] for hit in result["items"]]
    assert scores == sorted(scores, reverse=True)
    phrase = http.get("/api/v1/search", params={"q": '"North Korea"'}).json()
    assert phrase["items"] and all("north korea" in h["text"].lower() for h in phrase["items"])
    page2 = http.get("/api/v1/search", params={"q": "Isis fighters", "limit": 5, "offset": 5})
    assert [h["text"] for h in page2.json()["items"]] == [h["text"] for h in result["items"][5:10]]


@pytest.mark.parametrize(
    "path",
    ["/", "/dyad/PRK/RUS", "/dyad/prk/rus?type=AGREE&date_from=2018-01-01&date_to=",
     "/actor/PRK", "/shifts", "/blocs", "/search?q=sanctions"],
)  # fmt: skip
def test_pages_render(http: httpx.Client, path: str) -> None:
    response = http.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "<main>" in response.text and "Traceback" not in response.text
    assert "cdn" not in response.text.lower()  # every script is served locally


def test_document_page_highlights_events(http: httpx.Client, db: Store) -> None:
    doc_id, idx = db.con.execute(
        "SELECT doc_id, min(sentence_idx) FROM events WHERE source_text <> '' "
        "GROUP BY doc_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()  # type: ignore[misc]
    page = http.get(f"/documents/{doc_id}").text
    assert f'id="s{idx}" class="sentence has-events"' in page
    assert 'class="actor-source"' in page or 'class="actor-source evidence"' in page


def test_actor_keys_in_pages_and_api(http: httpx.Client, db: Store) -> None:
    """SYR.REB-style and SYR*-style keys are accepted wherever a code is; the dyad page says
    which parts each key covers."""
    page = http.get("/dyad/PRK*/RUS")
    assert page.status_code == 200
    assert 'id="dyad-keys"' in page.text and "all its parts" in page.text
    assert "as a state" in http.get("/dyad/PRK/RUS").text
    series = http.get("/api/v1/dyads/PRK*/RUS/series")
    assert series.status_code == 200, series.text
    rows = http.get("/api/v1/events", params={"actor": "PRK.CVL", "limit": 1000}).json()
    assert all("PRK" in (e["source"], e["target"]) for e in rows["items"])
    assert all(
        (e["source"], e["source_sector"]) == ("PRK", "CVL")
        or (e["target"], e["target_sector"]) == ("PRK", "CVL")
        for e in rows["items"]
    )
