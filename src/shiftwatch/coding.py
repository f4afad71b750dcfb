"""Coding at the store level: the resumable ``code`` job and the storeless ``extract``.

``code`` walks the documents not yet coded by this coder version, codes them in batches and
writes each document's sentences and events in one transaction (``Store.save_coding``), so
a run that is interrupted resumes where it stopped and a second run adds nothing.
With ``processes > 1`` worker processes parse and code while this process alone writes
(DuckDB allows one writer); at most a few batches are in flight, so memory stays flat.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shiftwatch.coder import CODER_VERSION, CodedDocument, Coder
from shiftwatch.config import Settings
from shiftwatch.errors import ConfigError
from shiftwatch.models import Document, Event
from shiftwatch.store import Store

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")
PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_CHECK_SECONDS = 1.0
Progress = Callable[[int, int], None]


@dataclass(slots=True)
class CodeReport:
    """What a ``code`` run did: documents coded, sentences and events stored, by type."""

    coder_version: str = CODER_VERSION
    documents: int = 0
    sentences: int = 0
    events: int = 0
    skipped_language: int = 0
    seconds: float = 0.0
    by_type: dict[str, int] = field(default_factory=dict)
    by_modality: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "coder_version": self.coder_version,
            "documents": self.documents,
            "sentences": self.sentences,
            "events": self.events,
            "skipped_language": self.skipped_language,
            "seconds": round(self.seconds, 2),
            "sentences_per_second": round(self.sentences / self.seconds, 1)
            if self.seconds
            else 0.0,
            "by_type": self.by_type,
            "by_modality": self.by_modality,
        }


def _batches(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


_WORKER_CODER: Coder | None = None


def _worker_code(settings: Settings, documents: list[Document]) -> list[CodedDocument]:
    """Runs in a worker process: one Coder per process, reused for every batch."""
    global _WORKER_CODER
    if _WORKER_CODER is None:
        _WORKER_CODER = Coder(settings)
    return list(_WORKER_CODER.code_documents(documents))


def _coded_stream(
    documents: Iterable[Document], settings: Settings
) -> Iterator[tuple[Document, CodedDocument]]:
    """(document, coded) pairs in order, in this process or across worker processes."""
    if settings.processes <= 1:
        coder = Coder(settings)
        for batch in _batches(documents, settings.batch_size):
            yield from zip(batch, coder.code_documents(batch), strict=True)
        return
    pool = ProcessPoolExecutor(
        max_workers=settings.processes, initializer=die_with_parent, initargs=(os.getpid(),)
    )
    finished = False
    try:
        pending: list[tuple[list[Document], Future[list[CodedDocument]]]] = []
        for batch in _batches(documents, settings.batch_size):
            pending.append((batch, pool.submit(_worker_code, settings, batch)))
            if len(pending) >= 2 * settings.processes:
                done_batch, future = pending.pop(0)
                yield from zip(done_batch, future.result(), strict=True)
        for done_batch, future in pending:
            yield from zip(done_batch, future.result(), strict=True)
        finished = True
    finally:
        stop_pool(pool, wait=finished)


def stop_pool(pool: ProcessPoolExecutor, wait: bool) -> None:
    """Shut the pool down; on any exit but the normal one, kill its workers now.

    Waiting for in-flight batches after an error or an interrupt would keep the workers (and
    their parent) alive for minutes; their results would be thrown away anyway.
    """
    if wait:
        pool.shutdown(wait=True)
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(timeout=5)


def die_with_parent(parent: int) -> None:
    """Worker initializer: end this worker when the process that started it ends.

    A parent killed by SIGTERM or SIGKILL runs no cleanup, so its workers must notice on their
    own: on Linux the kernel sends them SIGKILL (``PR_SET_PDEATHSIG``); everywhere, a daemon
    thread checks once a second whether the worker was re-parented (orphans get a new parent).
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            log.debug("prctl(PR_SET_PDEATHSIG) unavailable", exc_info=True)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def code(
    store: Store,
    settings: Settings | None = None,
    *,
    recode: bool = False,
    engine: str = "local",
    progress: Progress | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
) -> CodeReport:
    """Code every English document not yet coded by :data:`CODER_VERSION` (all with ``recode``).

    ``progress(done, total)`` is called after each stored document.
    """
    settings = settings or Settings()
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; available: {', '.join(ENGINES)}")
    started = time.perf_counter()
    total = store.count_to_code(CODER_VERSION, recode)
    report = CodeReport(skipped_language=store.count_skipped_language())
    types: Counter[str] = Counter()
    modalities: Counter[str] = Counter()
    documents = store.documents_to_code(CODER_VERSION, recode=recode)
    if engine == "dask":  # same coder on a Dask cluster (shiftwatch.interop.dask_engine)
        from shiftwatch.interop.dask_engine import coded_stream

        stream = coded_stream(documents, settings, scheduler=scheduler, workers=workers)
    else:
        stream = _coded_stream(documents, settings)
    for done, (document, coded) in enumerate(stream, 1):
        store.save_coding(
            document.id, CODER_VERSION, coded.sentences, coded.events, url=document.url
        )
        report.documents += 1
        report.sentences += len(coded.sentences)
        report.events += len(coded.events)
        types.update(event.type for event in coded.events)
        modalities.update(event.modality for event in coded.events)
        if progress is not None:
            progress(done, total)
    report.seconds = time.perf_counter() - started
    report.by_type = dict(types.most_common())
    report.by_modality = dict(modalities.most_common())
    log.info("coded %d documents, %d events", report.documents, report.events)
    return report


def extract(
    text: str,
    *,
    published: date | None = None,
    settings: Settings | None = None,
    article: bool = False,
) -> list[Event]:
    """Code ``text`` without storing anything.

    With ``article=True`` the text is read as an article file first (its title line, tag
    line and trailing page furniture are dropped, as ``shiftwatch ingest`` does).
    """
    if article:
        from shiftwatch.documents.text import parse_text

        document = parse_text(text, "<text>")
        document.published = published or document.published
    else:
        document = Document(text=text, published=published)
    return Coder(settings).code_document(document).events
