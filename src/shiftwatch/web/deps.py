"""Shared state for request handlers: one database per app, one cursor per request.

DuckDB lets one process write a file, and a connection is not safe to share between threads,
but its cursors are: each ``con.cursor()`` is an independent connection to the same open
database. The app therefore opens the file once (read-only when asked, so several servers can
share one file) and hands every request a fresh cursor wrapped as a :class:`Store`, which is
what the library functions take.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Hashable
from typing import Any, TypeVar

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from shiftwatch.config import Settings
from shiftwatch.store import Store, open_store

T = TypeVar("T")
CACHE_ENTRIES = 2048


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
        self._coder: Any = None
        self._coder_lock = threading.Lock()
        self.generation = 0
        self._cache: OrderedDict[tuple[int, Hashable], Any] = OrderedDict()
        self._cache_lock = threading.Lock()
        # SHIFTWATCH_WEB_CACHE=0 turns answer caching off (benchmarks measure cold queries).
        self.cache_entries = CACHE_ENTRIES if os.environ.get("SHIFTWATCH_WEB_CACHE") != "0" else 0

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, remembered until the next write through this app.

        The server is the only process that can change the file (DuckDB locks out other
        writers while it is open, and in read-only mode no one writes), so an answer stays
        right until :meth:`changed` is called. Analyses over a million events take tenths of
        a second of pandas time; a dashboard asks the same ones again and again.
        """
        if not self.cache_entries:
            return compute()
        full = (self.generation, key)
        with self._cache_lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]  # type: ignore[no-any-return]
        value = compute()
        with self._cache_lock:
            self._cache[full] = value
            while len(self._cache) > self.cache_entries:
                self._cache.popitem(last=False)
        return value

    async def answer(self, key: Hashable, compute: Callable[[], T]) -> T:
        """:meth:`cached` for async endpoints: a remembered answer is returned from the event
        loop at once; only a miss goes to the thread pool (where DuckDB releases the GIL).
        Hops between threads cost more than serving a cached answer, so a hit makes none."""
        if self.cache_entries:
            full = (self.generation, key)
            with self._cache_lock:
                if full in self._cache:
                    self._cache.move_to_end(full)
                    return self._cache[full]  # type: ignore[no-any-return]
        return await run_in_threadpool(self.cached, key, compute)

    def changed(self) -> None:
        """Forget every cached answer (called after each write)."""
        with self._cache_lock:
            self.generation += 1
            self._cache.clear()

    def request_store(self) -> Store:
        """A Store over a new cursor: the same data, safe to use from this request's thread."""
        view = Store.__new__(Store)
        view.path = self.store.path
        view.read_only = self.read_only
        view.schema_version = self.store.schema_version
        view.con = self.store.con.cursor()
        return view

    def coder(self) -> Any:
        """The event coder, built on the first write (loading spaCy takes seconds)."""
        with self._coder_lock:
            if self._coder is None:
                from shiftwatch.coder import Coder

                self._coder = Coder(self.settings)
            return self._coder

    def close(self) -> None:
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
