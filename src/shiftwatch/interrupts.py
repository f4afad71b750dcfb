"""Termination that waits for the write in progress: a store transaction is never cut in half.

A SIGTERM handler that raises at once can fire anywhere, including inside a DuckDB call that
is reading Python data (the exception then surfaces as a DuckDB error, the transaction is left
half done and the exit code says "failure"). Writers wrap their transaction in
:func:`atomic`; :func:`terminate_after_writes`, installed as the signal handler, raises
``SystemExit(128 + signal)`` at once when no write is running, or as soon as the current one
has committed or rolled back.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_state = threading.local()


def _depth() -> int:
    return int(getattr(_state, "depth", 0))


@contextmanager
def atomic() -> Iterator[None]:
    """Mark a write that a termination signal must not interrupt (nesting is allowed)."""
    _state.depth = _depth() + 1
    try:
        yield
    finally:
        _state.depth = _depth() - 1
        pending = getattr(_state, "pending", None)
        if _state.depth == 0 and pending is not None:
            _state.pending = None
            raise SystemExit(128 + pending)


def terminate_after_writes(signum: int, frame: FrameType | None) -> None:
    """Signal handler: exit with 128 + ``signum`` now, or after the write in progress."""
    if _depth() > 0:
        _state.pending = signum
        return
    raise SystemExit(128 + signum)
