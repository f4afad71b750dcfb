"""Shared state for request handlers: one database per app, one cursor per request.

DuckDB lets one process write a file, and a connection is not safe to share between threads,
but its cursors are: each ``con.cursor()`` is an independent connection to the same open
database. The app therefore opens the file once (read-only when asked, so several servers can
share one file) and hands every request a fresh cursor wrapped as a :class:`Store`, which is
what the library functions take.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from fastapi import Request

from shiftwatch.config import Settings
from shiftwatch.store import Store, open_store


class Database:
    """The app's open database plus the lock that serialises its writes."""

    def __init__(self, settings: Settings, read_only: bool) -> None:
        self.settings = settings
        self.read_only = read_only
        self.store = open_store(settings.db, read_only=read_only)
        self.write_lock = threading.Lock()
        self._coder: Any = None
        self._coder_lock = threading.Lock()

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


def store(request: Request) -> Iterator[Store]:
    """FastAPI dependency: a per-request Store whose cursor is closed when the request ends."""
    view = database(request).request_store()
    try:
        yield view
    finally:
        view.con.close()
