"""``watch`` over HTTP: a real server on 127.0.0.1 serves feeds, articles and robots.txt.

The server records every request with its headers, so the tests see what the client really
sent: conditional requests, the User-Agent, retries, and which pages robots.txt kept it from.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from shiftwatch.config import Settings
from shiftwatch.demo import corpus_path
from shiftwatch.store import Store, open_store
from shiftwatch.watch.fetch import Fetcher
from shiftwatch.watch.runner import run_pass
from shiftwatch.watch.sources import Source, WatchConfig


@dataclass
class Page:
    body: bytes
    kind: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0


@dataclass
class Site:
    """What the test server serves, and every request it received."""

    pages: dict[str, Page] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    posted: list[tuple[str, bytes]] = field(default_factory=list)
    post_statuses: list[int] = field(default_factory=list)
    base: str = ""

    def paths(self, prefix: str = "/") -> list[str]:
        return [path for path, _ in self.requests if path.startswith(prefix)]


def serve(site: Site) -> tuple[ThreadingHTTPServer, threading.Thread]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requests.append((self.path, dict(self.headers.items())))
            page = site.pages.get(self.path)
            if page is None:
                self.send_response(404)
                self.end_headers()
                return
            time.sleep(page.delay)
            etag = f'"{hash(page.body) & 0xFFFFFFFF:x}"'
            if page.status == 200 and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(page.status)
            self.send_header("Content-Type", page.kind)
            self.send_header("Content-Length", str(len(page.body)))
            if page.status == 200:
                self.send_header("ETag", etag)
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(page.body)

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            site.posted.append((self.path, body))
            self.send_response(site.post_statuses.pop(0) if site.post_statuses else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    return server, thread


@pytest.fixture
def site() -> Iterator[Site]:
    pages = Site()
    server, thread = serve(pages)
    yield pages
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def article(title: str, day: str, text: str) -> Page:
    paragraphs = "".join(f"<p>{escape(s.strip())}.</p>" for s in text.split(". ") if s.strip())
    html = (
        f"<!doctype html><html><head><title>{escape(title)}</title>"
        f'<meta property="article:published_time" content="{day}T08:00:00Z"></head>'
        f"<body><article><h1>{escape(title)}</h1>{paragraphs}</article></body></html>"
    )
    return Page(html.encode())


def feed(base: str, items: list[dict[str, str]]) -> Page:
    entries = "".join(
        f"<item><title>{escape(item['title'])}</title><link>{base}{item['path']}</link>"
        f"<guid>{base}{item['path']}</guid>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(item['date']).replace(tzinfo=UTC))}</pubDate>"
        f"<description>{escape(item['text'])}</description></item>"
        for item in items
    )
    xml = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Test Wire</title><link>{base}/</link><description>t</description>"
        f"{entries}</channel></rss>"
    )
    return Page(xml.encode(), kind="application/rss+xml")


ITEMS = [
    {
        "path": "/news/1.html",
        "date": "2024-03-01",
        "title": "Talks in Beijing",
        "text": "Chinese officials held talks with North Korean officials in Beijing. "
        "The two sides agreed to expand trade.",
    },
    {
        "path": "/news/2.html",
        "date": "2024-03-02",
        "title": "Sanctions",
        "text": "The United States imposed new sanctions on North Korea. "
        "Washington accused Pyongyang of supplying weapons to Russia.",
    },
    {
        "path": "/private/3.html",
        "date": "2024-03-03",
        "title": "Members only",
        "text": "Japan protested to North Korea over a missile launch. "
        "Tokyo lodged a formal complaint through its embassy in Beijing.",
    },
]


def publish(site: Site, items: list[dict[str, str]]) -> None:
    site.pages["/robots.txt"] = Page(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    site.pages["/feed.xml"] = feed(site.base, items)
    for item in items:
        site.pages[item["path"]] = article(item["title"], item["date"], item["text"])


def config(*sources: Source, retries: int = 2, timeout: float = 5.0) -> WatchConfig:
    return WatchConfig(sources=list(sources), delay=0.0, timeout=timeout, retries=retries)


def documents(store: Store) -> list[tuple[str, str]]:
    return store.con.execute("SELECT url, title FROM documents ORDER BY url").fetchall()


def test_feed_first_pass_ingests_then_conditional_requests_then_only_new_items(
    site: Site, tmp_path: Path
) -> None:
    publish(site, ITEMS[:3])
    watched = config(Source("feed", f"{site.base}/feed.xml"))
    with open_store(tmp_path / "w.duckdb") as store:
        first = run_pass(store, watched, Settings(), backoff=0.01)
        assert first.collect.stored == 3
        urls = [url for url, _ in documents(store)]
        assert urls == [f"{site.base}{item['path']}" for item in ITEMS[:3]]
        assert sorted(site.paths("/news/")) == ["/news/1.html", "/news/2.html"]
        assert site.paths("/private/") == []  # robots.txt: the feed's own text is used
        assert any("disallowed by robots.txt" in problem for problem in first.problems)
        assert all("Shiftwatch/" in headers["User-Agent"] for _, headers in site.requests)
        assert first.coded == 3 and first.events > 0

        site.requests.clear()
        second = run_pass(store, watched, Settings(), backoff=0.01)
        assert second.collect.stored == 0 and second.collect.not_modified == 1
        assert [path for path, _ in site.requests] == ["/feed.xml"]
        assert site.requests[0][1].get("If-None-Match")
        assert second.coded == 0 and second.dyads == 0 and second.alerts == []

        extra = {**ITEMS[0], "path": "/news/4.html", "title": "Visit to Moscow"}
        extra["text"] = "North Korean Foreign Minister Choe Son Hui visited Moscow. She met Lavrov."
        publish(site, [*ITEMS[:3], extra])
        site.requests.clear()
        third = run_pass(store, watched, Settings(), backoff=0.01)
        assert third.collect.stored == 1 and third.coded == 1
        # robots.txt is read once per pass and host, before the first article
        assert [path for path, _ in site.requests] == ["/feed.xml", "/robots.txt", "/news/4.html"]
        assert len(documents(store)) == 4


def test_a_failing_or_hanging_server_is_retried_reported_and_the_pass_finishes(
    site: Site, tmp_path: Path
) -> None:
    publish(site, ITEMS[:1])
    site.pages["/broken.xml"] = Page(b"oops", status=500)
    site.pages["/slow.xml"] = Page(b"<rss/>", delay=3.0)
    watched = config(
        Source("feed", f"{site.base}/broken.xml"),
        Source("feed", f"{site.base}/slow.xml"),
        Source("feed", f"{site.base}/feed.xml"),
        retries=2,
        timeout=0.5,
    )
    with open_store(tmp_path / "w.duckdb") as store:
        started = time.monotonic()
        report = run_pass(store, watched, Settings(), backoff=0.01)
        assert time.monotonic() - started < 30
        assert site.paths("/broken.xml") == ["/broken.xml"] * 3
        assert site.paths("/slow.xml") == ["/slow.xml"] * 3
        problems = "\n".join(report.problems)
        assert f"{site.base}/broken.xml: HTTP 500 after 3 attempt(s)" in problems
        assert f"{site.base}/slow.xml: timed out after 3 attempt(s)" in problems
        assert report.collect.stored == 1  # the healthy feed still came in
        assert "1 new documents" in report.summary() and "2 problem(s)" in report.summary()


def test_requests_to_one_host_are_spaced_by_the_delay(site: Site) -> None:
    site.pages["/a"] = Page(b"a", kind="text/plain")
    with Fetcher(delay=0.3, retries=0) as fetcher:
        started = time.monotonic()
        for _ in range(3):
            assert fetcher.get(f"{site.base}/a").ok
        assert time.monotonic() - started >= 0.6
        answer = fetcher.get(f"{site.base}/a", etag=fetcher.get(f"{site.base}/a").etag)
        assert answer.not_modified and answer.body == b""


@pytest.mark.slow
def test_demo_over_http_raises_the_prk_rus_turn_on_the_second_pass(
    site: Site, tmp_path: Path
) -> None:
    rows = [json.loads(line) for line in corpus_path().read_text(encoding="utf-8").splitlines()]
    items = [{**row, "path": f"/demo/{row['id']}.html"} for row in rows]
    alerts = tmp_path / "alerts.jsonl"
    watched = config(Source("feed", f"{site.base}/feed.xml"))
    watched.alerts = alerts
    with open_store(tmp_path / "w.duckdb") as store:
        publish(site, [item for item in items if item["date"] < "2022"])
        first = run_pass(store, watched, Settings())
        assert first.collect.stored == 63 and first.problems == []
        assert not [a for a in first.alerts if set(a.actors) == {"PRK", "RUS"}]
        publish(site, items)
        second = run_pass(store, watched, Settings())
        assert second.collect.stored == 56
        turn = [a for a in second.alerts if a.actors == ("PRK", "RUS") and a.kind == "reliance"]
        assert len(turn) == 1 and turn[0].direction == "up"
        assert all(e["url"].startswith(site.base) for e in turn[0].details["evidence"])
        third = run_pass(store, watched, Settings())
        assert third.collect.not_modified == 1 and third.alerts == []
    lines = alerts.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(first.alerts) + len(second.alerts)


def test_gdelt_updates_from_an_index_url_are_imported_once(
    site: Site, tmp_path: Path, shared_dir: Path
) -> None:
    sample = shared_dir / "data" / "gdelt" / "gdelt2_events_20191024143000_first300.export.tsv"
    if not sample.exists():
        pytest.skip("../shared GDELT sample absent")
    update = "/gdeltv2/20191024143000.export.CSV"
    site.pages[update] = Page(sample.read_bytes(), kind="text/csv")
    index = f"150383 297a16b493de7cf6ca809a7cc31d0b93 {site.base}{update}\n"
    site.pages["/gdeltv2/lastupdate.txt"] = Page(index.encode(), kind="text/plain")
    watched = config(Source("gdelt", f"{site.base}/gdeltv2/lastupdate.txt"))
    with open_store(tmp_path / "w.duckdb") as store:
        first = run_pass(store, watched, Settings())
        # every row is stored (statements, region actors); 63 of them are PLOVER events
        assert first.collect.events_imported == 300 and first.dyads > 0
        assert store.status()["plover_events"] == 63
        site.requests.clear()
        second = run_pass(store, watched, Settings())
        assert second.collect.events_imported == 0 and second.dyads == 0
        assert site.paths("/gdeltv2/") == ["/gdeltv2/lastupdate.txt"]
        assert site.requests[0][1].get("If-None-Match")


def test_alerts_are_posted_to_a_webhook_with_retries(site: Site) -> None:
    from datetime import date

    from shiftwatch.watch.alerts import Alert, post_webhook

    alert = Alert(
        kind="volume",
        actors=("PRK", "RUS"),
        direction="up",
        window_start=date(2024, 1, 1),
        window_end=date(2024, 3, 31),
        before=0.5,
        after=3.0,
        size=2.5,
        p_value=1e-6,
        summary="PRK–RUS events jumped",
        id="a1",
    )
    site.post_statuses = [500, 503]
    assert post_webhook(f"{site.base}/hook", [alert], retries=2, backoff=0.01) == []
    assert [path for path, _ in site.posted] == ["/hook"] * 3
    assert json.loads(site.posted[-1][1]) == alert.to_dict()
    site.posted.clear()
    site.post_statuses = [500] * 3
    failures = post_webhook(f"{site.base}/hook", [alert], retries=2, backoff=0.01)
    assert failures == [f"{site.base}/hook: alert a1 not delivered (HTTP 500)"]
