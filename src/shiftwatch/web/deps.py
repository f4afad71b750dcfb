"""Shared state for request handlers: one database per app, one cursor per request.

DuckDB lets one process write a file, and a connection is not safe to share between threads,
but its cursors are: each ``con.cursor()`` is an independent connection to the same open
database. The app therefore opens the file once (read-only when asked, so several servers can
share one file) and hands every request a fresh cursor wrapped as a :class:`Store`, which is
what the library functions take.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Hashable
from datetime import date
from typing import Any, TypeVar

import anyio
import anyio.to_thread
import orjson
from fastapi import Request
from starlette.concurrency import run_in_threadpool

from shiftwatch.config import Settings
from shiftwatch.store import Store, open_store
from shiftwatch.web.coding_worker import CodingWorker
from shiftwatch.web.limits import TooSlow

log = logging.getLogger(__name__)
T = TypeVar("T")
CACHE_BYTES = 64 * 1024 * 1024
"""What the answer cache may hold in total; least recently used answers go first."""
CACHE_ENTRY_BYTES = CACHE_BYTES // 8
"""Answers larger than this are not kept (they would push out many small ones)."""


def size_of(value: Any) -> int:
    """An answer's size in bytes: exact for bytes, the JSON size for anything else."""
    if isinstance(value, bytes | str):
        return len(value)
    try:
        return len(orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS))
    except TypeError:
        return CACHE_ENTRY_BYTES + 1  # cannot tell: do not keep it


class Database:
    """The app's open database plus the lock that serialises its writes."""

    def __init__(self, settings: Settings, read_only: bool) -> None:
        self.settings = settings
        self.read_only = read_only
        self.store = open_store(settings.db, read_only=read_only)
        threads = os.environ.get("SHIFTWATCH_WEB_DB_THREADS")  # set by serve --workers
        if threads:
            self.store.con.execute(f"SET threads = {int(threads)}")
        self.write_lock = threading.Lock()
        self._coder_lock = threading.Lock()
        self._computing: dict[tuple[int, Hashable], threading.Lock] = {}
        self._worker: CodingWorker | None = None
        self.generation = 0
        self._cache: OrderedDict[tuple[int, Hashable], tuple[Any, int]] = OrderedDict()
        self._cache_lock = threading.Lock()
        self.cache_bytes = 0
        # SHIFTWATCH_WEB_CACHE=0 turns answer caching off (benchmarks measure cold queries).
        self.cache_limit = CACHE_BYTES if os.environ.get("SHIFTWATCH_WEB_CACHE") != "0" else 0

    def _lookup(self, full: tuple[int, Hashable]) -> tuple[bool, Any]:
        with self._cache_lock:
            entry = self._cache.get(full)
            if entry is None:
                return False, None
            self._cache.move_to_end(full)
            return True, entry[0]

    def _keep(self, full: tuple[int, Hashable], value: Any) -> None:
        size = size_of(value)
        if size > CACHE_ENTRY_BYTES:
            return
        with self._cache_lock:
            if full[0] != self.generation or full in self._cache:
                return  # computed before a write, or by a concurrent request
            self._cache[full] = (value, size)
            self.cache_bytes += size
            while self.cache_bytes > self.cache_limit and self._cache:
                _, (_, dropped) = self._cache.popitem(last=False)
                self.cache_bytes -= dropped

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, remembered until the next write through this app.

        The server is the only process that can change the file (DuckDB locks out other
        writers while it is open, and in read-only mode no one writes), so an answer stays
        right until :meth:`changed` is called. The cache is bounded in bytes, not entries:
        one answer can be a few bytes or megabytes, and a count bound let three large series
        take the server from 1 GB to 2.5 GB.
        """
        if not self.cache_limit:
            return compute()
        full = (self.generation, key)
        hit, value = self._lookup(full)
        if hit:
            return value  # type: ignore[no-any-return]
        # One computation per key at a time: after a write clears the cache, fifty readers of
        # one page wait for the first instead of all computing it (and starving the CPU).
        with self._cache_lock:
            gate = self._computing.setdefault(full, threading.Lock())
        with gate:
            hit, value = self._lookup(full)
            if hit:
                return value  # type: ignore[no-any-return]
            try:
                value = compute()
                self._keep(full, value)
            finally:
                with self._cache_lock:
                    self._computing.pop(full, None)
        return value

    async def answer(
        self,
        key: Hashable,
        compute: Callable[[], T],
        budget: float | None = None,
        interrupt: Callable[[], None] | None = None,
    ) -> T:
        """:meth:`cached` for async endpoints: a remembered answer is returned from the event
        loop at once; only a miss goes to a worker thread (where DuckDB releases the GIL).

        With a ``budget`` (seconds), a miss that takes longer raises :class:`TooSlow` (a 503)
        and calls ``interrupt`` (the request cursor's, which stops its DuckDB query); the
        thread is abandoned, not waited for, so the event loop serves others at once.
        """
        if self.cache_limit:
            hit, value = self._lookup((self.generation, key))
            if hit:
                return value  # type: ignore[no-any-return]
        if budget is None:
            return await run_in_threadpool(self.cached, key, compute)
        try:
            with anyio.fail_after(budget):
                return await anyio.to_thread.run_sync(
                    self.cached, key, compute, abandon_on_cancel=True
                )
        except TimeoutError:
            if interrupt is not None:
                interrupt()
            raise TooSlow(
                f"the analysis took longer than its {budget:g} s budget and was stopped; "
                "narrow the dates or filters, or ask again later"
            ) from None

    def data_range(self, store: Store) -> tuple[date | None, date | None]:
        """The first and last event date in the store (cached until the next write)."""

        def compute() -> tuple[date | None, date | None]:
            row = store.con.execute(
                "SELECT min(least(coalesce(event_date, date), date)), "
                "max(greatest(coalesce(event_date, date), date)) FROM events"
            ).fetchone()
            return (row[0], row[1]) if row else (None, None)

        return self.cached(("data-range",), compute)

    def warm_up(self) -> None:
        """Import the analysis stack and run one small series, off the request path.

        The first analysis in a process imports pandas, SciPy and friends (seconds); paid at
        start-up, it does not make the first visitor wait or a cheap request miss its budget.
        """
        view = self.request_store()
        try:
            from shiftwatch import analysis

            row = view.con.execute(
                "SELECT source, target FROM events WHERE target IS NOT NULL LIMIT 1"
            ).fetchone()
            if row:
                analysis.dyad_series(view, row[0], row[1], freq="year")
        except Exception:  # a warm-up that fails costs nothing but its log line
            log.warning("warm-up failed", exc_info=True)
        finally:
            view.con.close()

    def changed(self) -> None:
        """Forget every cached answer (called after each write)."""
        with self._cache_lock:
            self.generation += 1
            self._cache.clear()
            self.cache_bytes = 0

    def request_store(self) -> Store:
        """A Store over a new cursor: the same data, safe to use from this request's thread."""
        view = Store.__new__(Store)
        view.path = self.store.path
        view.read_only = self.read_only
        view.schema_version = self.store.schema_version
        view.con = self.store.con.cursor()
        return view

    def coding_worker(self) -> CodingWorker:
        """The background coder of posted documents (its thread starts with the first post)."""
        with self._coder_lock:
            if self._worker is None:
                self._worker = CodingWorker(self)
            return self._worker

    def close(self) -> None:
        if self._worker is not None:
            self._worker.stop()
        self.store.close()


def database(request: Request) -> Database:
    return request.app.state.database


async def store(request: Request) -> AsyncIterator[Store]:
    """FastAPI dependency: a per-request Store whose cursor is closed when the request ends.

    Async because opening and closing a cursor takes microseconds: a sync dependency would
    cost two trips through the thread pool per request.
    """
    view = database(request).request_store()
    try:
        yield view
    finally:
        view.con.close()
