"""``shiftwatch.ingest``: read documents from files, dedupe them, store them in batches.

The flow is one stream: inputs -> reader -> pending batch -> (exact dedupe, language,
MinHash, near-duplicate link) -> one INSERT per batch. Nothing holds more than a batch, so
memory does not grow with the input; every batch is one statement, so a killed run leaves
whole batches and a rerun skips them by content hash.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from shiftwatch.documents.base import ColumnMap, Item, ReadFailure, ReadOptions, document_problem
from shiftwatch.documents.dedupe import NearDuplicateIndex
from shiftwatch.documents.discover import (
    FORMATS,
    Input,
    check_head,
    content_stream,
    detect_format,
    expand,
    peek,
    stream_failure,
)
from shiftwatch.documents.feeds import read_feed
from shiftwatch.documents.html import read_html
from shiftwatch.documents.language import detect_language
from shiftwatch.documents.tabular import read_csv, read_jsonl
from shiftwatch.documents.text import read_text
from shiftwatch.documents.warc import read_warc
from shiftwatch.errors import ConfigError, InputError
from shiftwatch.models import Document
from shiftwatch.store import Store, write_failure

if TYPE_CHECKING:
    from datasketch import MinHash

log = logging.getLogger(__name__)

BATCH_SIZE = 200
BATCH_CHARS = 16_000_000  # flush early when a batch of long documents gets this big
MAX_ERRORS_KEPT = 1000  # failures beyond this are counted, not listed
PROGRESS_INTERVAL = 0.1  # seconds between progress callbacks
# DuckDB keeps written blocks cached up to 80% of RAM by default; an ingest never reads them
# back, so capping the cache keeps its memory flat however large the input is.
DUCKDB_MEMORY_LIMIT = "96MB"

Reader = Callable[..., Iterable[Item]]


def _readers() -> dict[str, Reader]:
    return {
        "text": read_text,
        "html": read_html,
        "csv": read_csv,
        "tsv": lambda stream, name, options: read_csv(stream, name, options, delimiter="\t"),
        "jsonl": read_jsonl,
        "rss": read_feed,
        "warc": read_warc,
    }


@dataclass
class IngestReport:
    """What an ingest did. ``read == stored + duplicates``; near-duplicates and non-English
    documents are stored (and counted within ``stored``); ``failed`` counts inputs or rows
    that could not be read, each with a one-line message in ``errors``."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    non_english: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def fail(self, message: str) -> None:
        self.failed += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(message)
        log.info("failed: %s", message)

    def summary(self) -> str:
        return (
            f"read {self.read}, stored {self.stored}, duplicates {self.duplicates}, "
            f"near-duplicates {self.near_duplicates}, non-English {self.non_english}, "
            f"failed {self.failed}"
        )


@dataclass(frozen=True)
class IngestProgress:
    """A progress snapshot; ``bytes_total`` is None when reading stdin."""

    bytes_done: int
    bytes_total: int | None
    current: str
    report: IngestReport


class _BatchWriter:
    """Collects documents and stores them a batch at a time, deduplicating on the way."""

    def __init__(self, store: Store, report: IngestReport, batch_size: int) -> None:
        self.store = store
        self.report = report
        self.batch_size = batch_size
        self.pending: list[Document] = []
        self.pending_chars = 0
        self.index = NearDuplicateIndex()
        loaded = self.index.load(store.iter_minhashes(originals_only=True))
        log.info("near-duplicate index: %d stored originals", loaded)

    def add(self, doc: Document) -> None:
        self.pending.append(doc)
        self.pending_chars += len(doc.text)
        if len(self.pending) >= self.batch_size or self.pending_chars >= BATCH_CHARS:
            self.flush()

    def _stored_signatures(self, minhashes: list[MinHash]) -> dict[str, MinHash]:
        """Signatures of every stored original any of these may copy, in ONE query.

        Asked per document, the database would scan the table once per near-duplicate.
        """
        wanted = sorted({key for minhash in minhashes for key in self.index.candidates(minhash)})
        signatures: dict[str, MinHash] = {}
        for key, blob in self.store.minhashes(wanted).items():
            signature = self.index.from_bytes(blob)
            if signature is not None:
                signatures[key] = signature
        return signatures

    def flush(self) -> None:
        if not self.pending:
            return
        pending, self.pending, self.pending_chars = self.pending, [], 0
        existing = self.store.existing_hashes(sorted({doc.hash for doc in pending}))
        seen: set[str] = set()
        new: list[Document] = []
        for doc in pending:
            if doc.hash in existing or doc.hash in seen:
                self.report.duplicates += 1
                continue
            seen.add(doc.hash)
            new.append(doc)
        minhashes = [self.index.signature(doc.text) for doc in new]
        signatures = self._stored_signatures(minhashes)
        batch: list[tuple[Document, bytes]] = []
        for doc, minhash in zip(new, minhashes, strict=True):
            doc.language = doc.language or detect_language(doc.text)
            candidates = self.index.candidates(minhash)
            known = {key: signatures[key] for key in candidates if key in signatures}
            doc.near_duplicate_of = self.index.best_original(minhash, known) if known else None
            if doc.near_duplicate_of is None:
                self.index.add(doc.id, minhash)
                signatures[doc.id] = minhash  # later documents of this batch may copy it
            batch.append((doc, self.index.to_bytes(minhash)))
        inserted = self.store.add_documents(batch)
        for doc, _ in batch:
            if doc.id not in inserted:
                self.report.duplicates += 1  # same id, different text: first one wins
                continue
            self.report.stored += 1
            self.report.near_duplicates += doc.near_duplicate_of is not None
            self.report.non_english += doc.language not in (None, "en")
        log.info("committed a batch of %d documents", len(inserted))


def _guarded(items: Iterable[Item], name: str) -> Iterator[Item]:
    """A reader's items, with any error it raises turned into a final failure record.

    Documents the reader yielded before failing are kept: one bad record late in a file
    must not cost the good ones before it.
    """
    try:
        yield from items
    except InputError as exc:
        yield ReadFailure(exc.location, exc.problem)
    except OSError as exc:
        yield ReadFailure(name, f"cannot read ({exc.strerror or exc})")
    except Exception as exc:  # a third-party parser failing on junk input: report, go on
        log.debug("reader failed on %s", name, exc_info=True)
        yield ReadFailure(name, f"cannot read ({type(exc).__name__}: {exc})")


def _items(item: Input, fmt: str, options: ReadOptions) -> Iterator[Item]:
    """Open, sniff and read one input."""
    try:
        with item.open() as raw:
            stream = content_stream(item, raw, fmt)
            head = peek(stream)
            kind = detect_format(item, head) if fmt == "auto" else fmt
            if kind != "warc":
                check_head(item, head)
            log.info("reading %s as %s", item.name, kind)
            yield from _guarded(_readers()[kind](stream, item.name, options), item.name)
            failure = stream_failure(stream)
            if failure is not None:
                yield ReadFailure(failure.location, failure.problem)
    except InputError as exc:
        yield ReadFailure(exc.location, exc.problem)
    except OSError as exc:
        yield ReadFailure(item.name, f"cannot read ({exc.strerror or exc})")


def _reset_memory_limit(store: Store) -> None:
    try:
        store.con.execute("RESET memory_limit")
    except Exception:  # a connection invalidated by a failed write has nothing to reset
        log.debug("could not reset the memory limit", exc_info=True)


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    *,
    fmt: str = "auto",
    source: str | None = None,
    published: date | None = None,
    columns: ColumnMap | None = None,
    progress: Callable[[IngestProgress], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> IngestReport:
    """Read every document under ``paths`` into ``store``; returns what happened.

    ``paths`` holds files, directories (read recursively), glob patterns and ``-`` (stdin).
    ``fmt`` forces one reader (``auto`` picks by extension, then content). ``source`` names
    the outlet of every document; ``published`` dates documents whose source gives no date.
    Bad inputs are counted and described in the report, never raised; store errors raise.
    """
    if fmt != "auto" and fmt not in FORMATS:
        raise ConfigError(f"unknown format {fmt!r}; choose auto or one of {', '.join(FORMATS)}")
    report = IngestReport()
    options = ReadOptions(source=source, published=published, columns=columns or ColumnMap())
    inputs: list[Input] = []
    for found in expand(paths, skip=[store.path, Path(f"{store.path}.wal")]):
        if isinstance(found, ReadFailure):
            report.fail(str(found))
        else:
            inputs.append(found)
    sizes = [item.size for item in inputs]
    total = None if any(size is None for size in sizes) else sum(size or 0 for size in sizes)
    store.con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
    try:
        writer = _BatchWriter(store, report, batch_size)
        done, last = 0, 0.0
        for item in inputs:
            for record in _items(item, fmt, options):
                if isinstance(record, ReadFailure):
                    report.fail(str(record))
                    continue
                problem = document_problem(record)
                if problem:
                    report.fail(f"{record.origin or item.name}: {problem}")
                    continue
                report.read += 1
                writer.add(record)
                if progress and time.monotonic() - last >= PROGRESS_INTERVAL:
                    last = time.monotonic()
                    progress(IngestProgress(done, total, item.name, report))
            done += item.size or 0
        writer.flush()
    except Exception as exc:
        failure = write_failure(store.path, exc)
        if failure is None:
            raise
        failure.args = (f"{failure}; {report.stored} documents were stored by this run",)
        raise failure from None
    finally:
        _reset_memory_limit(store)
    if progress:
        progress(IngestProgress(done, total, "", report))
    return report


def ingest_documents(documents: Iterable[Document], store: Store) -> IngestReport:
    """Store already-read documents (``watch`` fetches pages itself) with the same dedupe.

    Exact duplicates (by content hash) are skipped and near-duplicates linked, as for files.
    """
    report = IngestReport()
    writer = _BatchWriter(store, report, BATCH_SIZE)
    for document in documents:
        report.read += 1
        writer.add(document)
    writer.flush()
    return report
