"""Web formats: HTML pages with furniture, RSS/Atom feeds, and WARC archives built here."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from shiftwatch.ingest import ingest
from shiftwatch.store import Store

FURNITURE = (
    "cookies",
    "Subscribe today",
    "ADVERTISEMENT",
    "Polar Parka",
    "seaman_bob",
    "grandfather sailed",
    "Ten hidden beaches",
    "All rights reserved",
    "Privacy policy",
    "Share on Facebook",
    "Most read",
    "bread award",
    "Fast loans",
    "Great reporting",
    "Leave a Reply",
    "morning newsletter",
)


def _docs(store: Store) -> dict[str, dict]:
    ids = store.query("SELECT id FROM documents")["id"].tolist()
    return {doc["title"]: doc for doc in map(store.document, ids)}


def test_html_pages_keep_the_article_and_drop_the_page(store: Store, fixtures_dir: Path) -> None:
    report = ingest([fixtures_dir / "html"], store)
    assert (report.stored, report.failed) == (2, 0)
    docs = _docs(store)
    pact = docs["Norway and Iceland sign Arctic fisheries pact"]
    assert pact["published"] == date(2022, 3, 15)
    assert (
        pact["url"] == "https://ledger.example.org/world/2022/03/15/norway-iceland-fisheries-pact"
    )
    assert pact["text"].startswith("Norway and Iceland signed an agreement in Reykjavik")
    assert pact["text"].endswith("pushing the fish further north every year.")
    assert len(pact["text"].split("\n\n")) == 5
    talks = docs["Armenia and Azerbaijan resume border talks"]
    assert talks["published"] == date(2023, 6, 8)  # from the <time> element only
    assert "Russia, which keeps peacekeepers in the region" in talks["text"]
    for doc in (pact, talks):
        assert doc["language"] == "en"
        assert doc["title"] not in doc["text"]
        for furniture in FURNITURE:
            assert furniture not in doc["text"], furniture


def test_feeds_give_one_document_per_entry(store: Store, fixtures_dir: Path) -> None:
    report = ingest([fixtures_dir / "feeds"], store)
    assert report.stored == 4
    assert report.non_english == 1
    assert report.errors == [
        f"{fixtures_dir / 'feeds' / 'world_briefing.rss'}: entry 4: "
        "entry has no text (no content or summary)"
    ]
    docs = _docs(store)
    kenya = docs["Kenya and Ethiopia agree to reopen border crossing"]
    assert kenya["published"] == date(2024, 2, 13)
    assert kenya["source"] == "World Briefing Wire"
    assert kenya["url"] == "https://briefing.example.net/2024/02/kenya-ethiopia-border"
    assert kenya["text"].count("\n\n") == 1  # full content, not the one-line summary
    assert "customs post" in kenya["text"]
    chile = docs["Chile recalls ambassador from Caracas"]
    assert "<p>" not in chile["text"] and "respond in kind" in chile["text"]
    french = docs["Le Maroc et la Mauritanie signent un accord sur l'énergie"]
    assert french["language"] == "fr"
    atom = docs["Poland and Lithuania hold joint air defence drill"]
    assert (atom["source"], atom["published"]) == ("Security Notes", date(2024, 3, 1))
    assert store.count_skipped_language() == 1


def _http_record(writer: WARCWriter, uri: str, status: str, kind: str, body: bytes) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
    )


def _build_warc(path: Path, fixtures: Path, gzip: bool) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        writer.write_record(
            writer.create_warc_record(
                "https://ledger.example.org/p",
                "request",
                payload=io.BytesIO(b"GET /p HTTP/1.1\r\n\r\n"),
            )
        )
        pact = (fixtures / "html" / "fisheries_pact.html").read_bytes()
        talks = (fixtures / "html" / "border_talks.html").read_bytes()
        _http_record(
            writer, "https://ledger.example.org/p", "200 OK", "text/html; charset=utf-8", pact
        )
        _http_record(writer, "https://wire.example.com/talks", "200 OK", "text/html", talks)
        _http_record(
            writer, "https://wire.example.com/gone", "404 Not Found", "text/html", b"<p>no</p>"
        )
        _http_record(
            writer, "https://wire.example.com/logo.png", "200 OK", "image/png", b"\x89PNG\x00"
        )
        _http_record(
            writer, "https://wire.example.com/empty", "200 OK", "text/html", b"<html></html>"
        )


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_warc_archives_yield_their_article_pages(
    store: Store, tmp_path: Path, fixtures_dir: Path, gzip: bool
) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    _build_warc(path, fixtures_dir, gzip)
    report = ingest([path], store)
    assert report.stored == 2
    assert report.failed == 1
    assert report.errors[0].startswith(f"{path}: record 7 (https://wire.example.com/empty)")
    urls = sorted(store.query("SELECT url FROM documents")["url"])
    assert urls == [
        "https://ledger.example.org/world/2022/03/15/norway-iceland-fisheries-pact",
        "https://wire.example.com/talks",
    ]
    origins = store.query("SELECT origin FROM documents")["origin"].tolist()
    assert f"{path}:https://wire.example.com/talks" in origins
    again = ingest([path], store)
    assert (again.stored, again.duplicates) == (0, 2)


def test_a_file_that_is_not_a_warc_is_reported(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("this is not an archive\n", encoding="utf-8")
    report = ingest([path], store)
    assert report.failed == 1
    assert report.errors[0].startswith(f"{path}: not a readable WARC file")
