"""Coding posted documents off the request path: one background thread, one queue.

A POST stores its document at once (a short insert under the write lock) and queues its id;
this worker hands queued documents one at a time to a coder process and saves each coding in
one transaction, taking the write lock only for that save. So a long article never holds
other writes, and a client follows the coding at ``GET /api/v1/documents/{id}``
(``coding.state``).

States: ``queued`` -> ``coding`` -> ``done`` (or ``failed`` with the reason, or ``skipped``
for a language the English coder does not read). Documents still queued when the server
stops stay stored and uncoded; ``shiftwatch code`` codes them.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import queue
import threading
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shiftwatch.coder import CodedDocument
    from shiftwatch.config import Settings
    from shiftwatch.models import Document
    from shiftwatch.web.deps import Database

log = logging.getLogger(__name__)

MAX_QUEUED = 1000
"""Posts waiting for the coder; beyond this a POST is refused with 503 (retry later)."""
MAX_STATES = 10_000
"""Coding states remembered in memory (the store says "done" for older ones)."""
_STOP = object()


def _code_one(settings: Settings, document: Document) -> CodedDocument:
    """Runs in the coder process (one Coder per process, reused)."""
    from shiftwatch.coding import _worker_code

    return _worker_code(settings, [document])[0]


class QueueFull(Exception):
    """The coder has :data:`MAX_QUEUED` documents waiting."""


class CodingWorker:
    """The thread that codes posted documents, started with the first post."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=MAX_QUEUED)
        self.states: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, doc_id: str) -> dict[str, Any]:
        """Queue ``doc_id`` for coding; returns its state. Raises :class:`QueueFull`."""
        self._start()
        try:
            self.queue.put_nowait(doc_id)
        except queue.Full:
            raise QueueFull(f"{MAX_QUEUED} documents are waiting to be coded") from None
        return self._set(doc_id, "queued")

    def state(self, doc_id: str) -> dict[str, Any] | None:
        with self.lock:
            found = self.states.get(doc_id)
            return dict(found) if found else None

    def stop(self, timeout: float = 10) -> None:
        """Finish the document being coded (up to ``timeout``) and stop."""
        if self.thread is None:
            return
        with contextlib.suppress(queue.Full):  # a full queue: the daemon thread ends with us
            self.queue.put_nowait(_STOP)
        self.thread.join(timeout)
        if self.pool is not None:
            from shiftwatch.coding import stop_pool

            stop_pool(self.pool, wait=False)

    def _coder_process(self) -> ProcessPoolExecutor:
        """One spawned process that loads spaCy once and codes one document at a time.

        A thread in the server would hold the GIL for seconds per document and starve every
        reader; a separate process keeps the server's CPU for requests. Spawned, not forked
        (the server has DuckDB and uvicorn threads), and it dies with the server.
        """
        if self.pool is None:
            from shiftwatch.coding import die_with_parent

            self.pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=die_with_parent,
                initargs=(os.getpid(),),
            )
        return self.pool

    def _start(self) -> None:
        with self.lock:
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="coder", daemon=True)
                self.thread.start()

    def _set(self, doc_id: str, state: str, **details: Any) -> dict[str, Any]:
        with self.lock:
            self.states[doc_id] = {"state": state, **details}
            self.states.move_to_end(doc_id)
            while len(self.states) > MAX_STATES:
                self.states.popitem(last=False)
            return dict(self.states[doc_id])

    def _run(self) -> None:
        while True:
            doc_id = self.queue.get()
            if doc_id is _STOP:
                return
            try:
                self._code(doc_id)
            except Exception as exc:  # one document's failure must not stop the worker
                log.exception("coding posted document %s failed", doc_id)
                self._set(doc_id, "failed", error=f"{type(exc).__name__}: {exc}"[:300])

    def _code(self, doc_id: str) -> None:
        from shiftwatch.coder import CODER_VERSION
        from shiftwatch.models import Document

        database = self.database
        view = database.request_store()
        try:
            record = view.document(doc_id)
        finally:
            view.con.close()
        if record.get("language") not in (None, "en"):
            self._set(doc_id, "skipped", reason=f"language {record['language']!r} is not coded")
            return
        self._set(doc_id, "coding")
        document = Document(
            text=record["text"],
            title=record.get("title") or "",
            url=record.get("url"),
            source=record.get("source"),
            published=record.get("published"),
            language=record.get("language"),
            id=doc_id,
        )
        coded = self._coder_process().submit(_code_one, database.settings, document).result()
        with database.write_lock:
            store = database.request_store()
            try:
                store.save_coding(
                    doc_id, CODER_VERSION, coded.sentences, coded.events, url=document.url
                )
            finally:
                store.con.close()
                database.changed()
        self._set(doc_id, "done", events=len(coded.events))
        log.info("coded posted document %s: %d events", doc_id, len(coded.events))
