"""Bringing in what is new from each source: local files, feeds, articles, GDELT updates.

Every unit of work is recorded in the fetch log only after what it held is stored, so a
killed pass redoes at most one unit, and the store's dedupe (content hash for documents,
event id for GDELT rows) makes redoing it harmless.
"""

from __future__ import annotations

import hashlib
import io
import logging
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from shiftwatch.documents.base import ReadFailure, ReadOptions
from shiftwatch.documents.discover import expand
from shiftwatch.errors import InputError
from shiftwatch.models import Document
from shiftwatch.watch import state
from shiftwatch.watch.fetch import Fetcher, Response

if TYPE_CHECKING:
    from shiftwatch.store import Store
    from shiftwatch.watch.sources import Source

log = logging.getLogger(__name__)

FEED_TYPES = ("xml", "rss", "atom")
FEED_STARTS = (b"<?xml", b"<rss", b"<feed", b"<rdf")
GDELT_EXPORT = ".export."


@dataclass
class CollectReport:
    """What the fetch/ingest stage did, for the pass summary."""

    requests: int = 0
    not_modified: int = 0
    files: int = 0
    items: int = 0
    stored: int = 0
    duplicates: int = 0
    events_imported: int = 0
    skipped_robots: int = 0
    problems: list[str] = field(default_factory=list)
    stopped: bool = False


Stop = Callable[[], bool]


class _Stopped(Exception):
    """Raised from the ingest progress callback once a stop was requested."""


Tick = Callable[[str], None]


def _signature(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def _looks_like_feed(answer: Response) -> bool:
    kind = answer.content_type.lower()
    if "html" in kind:
        return False
    head = answer.body.lstrip()[:200].lower()
    return any(word in kind for word in FEED_TYPES) or head.startswith(FEED_STARTS)


class Collector:
    """Runs one pass's sources into the store; ``stop()`` is polled between documents."""

    def __init__(self, store: Store, fetcher: Fetcher, stop: Stop, tick: Tick) -> None:
        self.store = store
        self.fetcher = fetcher
        self.stop = stop
        self.tick = tick
        self.report = CollectReport()

    def _store_docs(self, documents: list[Document]) -> None:
        from shiftwatch.ingest import ingest_documents

        result = ingest_documents(documents, self.store)
        self.report.items += result.read
        self.report.stored += result.stored
        self.report.duplicates += result.duplicates

    def run(self, source: Source) -> None:
        try:
            if source.kind == "path":
                self._path(source)
            elif source.kind == "gdelt":
                self._gdelt(source)
            elif source.kind == "feed":
                self._url(source, feed=True)
            else:
                self._url(source, feed=False)
        except InputError as exc:
            self.report.problems.append(str(exc))

    # -- local files ----------------------------------------------------------------------
    def _files(self, source: Source) -> Iterator[Path]:
        skip = [self.store.path, Path(f"{self.store.path}.wal")]
        for found in expand([source.target], skip=skip):
            if isinstance(found, ReadFailure):
                self.report.problems.append(str(found))
            elif found.path is not None:
                yield found.path

    def _path(self, source: Source) -> None:
        from shiftwatch.ingest import ingest

        for path in self._files(source):
            if self.stop():
                self.report.stopped = True
                return
            key, signature = f"file:{path.resolve()}", _signature(path)
            seen = state.fetched(self.store, key)
            if seen and seen.done and seen.content_hash == signature:
                continue
            self.tick(path.name)

            def check(_: object) -> None:
                if self.stop():
                    raise _Stopped

            try:
                result = ingest(
                    [path], self.store, fmt=source.fmt, source=source.name, progress=check
                )
            except _Stopped:  # between two documents; the file is read again next pass
                self.report.stopped = True
                return
            self.report.files += 1
            self.report.items += result.read
            self.report.stored += result.stored
            self.report.duplicates += result.duplicates
            self.report.problems += result.errors
            state.record_fetch(self.store, key, "file", content_hash=signature)

    # -- feeds and articles ---------------------------------------------------------------
    def _get(self, url: str, key: str) -> tuple[Response, state.Fetched | None]:
        seen = state.fetched(self.store, key)
        answer = self.fetcher.get(
            url, seen.etag if seen else None, seen.last_modified if seen else None
        )
        self.report.requests += answer.attempts
        if answer.not_modified:
            self.report.not_modified += 1
        elif answer.problem:
            self.report.problems.append(f"{url}: {answer.problem}")
        return answer, seen

    def _url(self, source: Source, feed: bool) -> None:
        url = source.target
        key = f"url:{url}"
        seen_before = state.fetched(self.store, key)
        if not feed and seen_before and seen_before.done and seen_before.content_hash == "article":
            return  # an article is read once
        if not feed and not self.fetcher.allowed(url):
            self.report.skipped_robots += 1
            self.report.problems.append(f"{url}: disallowed by robots.txt; skipped")
            return
        self.tick(url)
        answer, seen = self._get(url, key)
        if not answer.ok:
            return
        digest = hashlib.sha256(answer.body).hexdigest()
        if seen and seen.done and seen.content_hash in (digest, "article"):
            self._remember(key, "feed", answer, digest)
            return
        if feed or _looks_like_feed(answer):
            if not self._feed(source, answer):
                return  # stopped part-way: the feed is read again next pass
            self._remember(key, "feed", answer, digest)
        else:
            self._article_answer(source, answer)
            self._remember(key, "article", answer, "article")

    def _remember(self, key: str, kind: str, answer: Response, digest: str) -> None:
        state.record_fetch(
            self.store,
            key,
            kind,
            status=answer.status,
            etag=answer.etag,
            last_modified=answer.last_modified,
            content_hash=digest,
        )

    def _feed(self, source: Source, answer: Response) -> bool:
        """Store each entry's article (or the entry's own text); False if stopped."""
        from shiftwatch.documents.feeds import read_feed

        options = ReadOptions(source=source.name)
        for item in read_feed(io.BytesIO(answer.body), answer.url, options):
            if self.stop():
                self.report.stopped = True
                return False
            if isinstance(item, ReadFailure):
                self.report.problems.append(str(item))
                continue
            link = item.url
            if not link or not link.startswith(("http://", "https://")):
                self._store_docs([item])
                continue
            key = f"url:{link}"
            seen = state.fetched(self.store, key)
            if seen and seen.done:
                continue
            self.tick(link)
            document = self._article(source, link, fallback=item)
            if document is not None:
                self._store_docs([document])
            state.record_fetch(self.store, key, "article", content_hash="article")
        return True

    def _article(self, source: Source, url: str, fallback: Document | None) -> Document | None:
        """The article at ``url`` as a document, or the feed entry when it cannot be read."""
        from shiftwatch.documents.html import parse_html

        if not self.fetcher.allowed(url):
            self.report.skipped_robots += 1
            self.report.problems.append(f"{url}: disallowed by robots.txt; feed text used")
            return fallback
        answer, _ = self._get(url, f"url:{url}")
        if not answer.ok:
            return fallback
        try:
            document = parse_html(answer.body, url, ReadOptions(source=source.name), url=answer.url)
        except InputError as exc:
            self.report.problems.append(str(exc))
            return fallback
        document.url = document.url or url
        if fallback is not None:
            document.published = document.published or fallback.published
            document.title = document.title or fallback.title
        return document

    def _article_answer(self, source: Source, answer: Response) -> None:
        from shiftwatch.documents.html import parse_html

        try:
            document = parse_html(
                answer.body, answer.url, ReadOptions(source=source.name), url=answer.url
            )
        except InputError as exc:
            self.report.problems.append(str(exc))
            return
        self._store_docs([document])

    # -- GDELT 2.0 update files -----------------------------------------------------------
    def _gdelt(self, source: Source) -> None:
        if source.remote:
            self._gdelt_index(source)
            return
        for path in self._files(source):
            if self.stop():
                self.report.stopped = True
                return
            if GDELT_EXPORT not in path.name.lower():
                continue
            key, signature = f"file:{path.resolve()}", _signature(path)
            seen = state.fetched(self.store, key)
            if seen and seen.done and seen.content_hash == signature:
                continue
            self.tick(path.name)
            self._import(path, key, signature)

    def _gdelt_index(self, source: Source) -> None:
        key = f"url:{source.target}"
        answer, _ = self._get(source.target, key)
        if not answer.ok:
            return
        links = [
            word
            for line in answer.body.decode("utf-8", "replace").splitlines()
            for word in line.split()[-1:]
            if GDELT_EXPORT in word.lower() and word.startswith(("http://", "https://"))
        ]
        for link in links:
            if self.stop():
                self.report.stopped = True
                return
            link_key = f"url:{link}"
            seen = state.fetched(self.store, link_key)
            if seen and seen.done:
                continue
            self.tick(link)
            got, _ = self._get(link, link_key)
            if not got.ok:
                continue
            suffix = ".zip" if link.lower().endswith(".zip") else ".csv"
            with tempfile.TemporaryDirectory(prefix="shiftwatch-gdelt-") as folder:
                local = Path(folder) / f"update.export{suffix}"
                local.write_bytes(got.body)
                self._import(local, link_key, "gdelt")
        self._remember(key, "gdelt-index", answer, hashlib.sha256(answer.body).hexdigest())

    def _import(self, path: Path, key: str, signature: str) -> None:
        """Import one GDELT export and queue its dyads in one transaction."""
        from shiftwatch.interop import import_gdelt

        with self.store.transaction():
            before = state.last_rowid(self.store)
            result = import_gdelt(self.store, [path])
            state.queue_events_after(self.store, before)
            state.record_fetch(self.store, key, "gdelt", content_hash=signature)
        self.report.files += 1
        self.report.events_imported += result.stored
        self.report.problems += [f"{path.name}: {error}" for error in result.errors[:5]]
