"""Per-invocation state shared by CLI commands: the settings the global options produced."""

from __future__ import annotations

import typer

from shiftwatch.config import Settings, load_settings
from shiftwatch.store import Store, open_store


def settings(ctx: typer.Context) -> Settings:
    """The run's settings, stored on the root context by the global callback."""
    root = ctx.find_root()
    if not isinstance(root.obj, Settings):
        root.obj = load_settings()
    return root.obj


def store(ctx: typer.Context, read_only: bool = False) -> Store:
    """Open the database named by ``--db`` / ``SHIFTWATCH_DB``.

    With ``--events-parquet DIR`` the store is read-only and its ``events`` is a view over the
    Parquet files under DIR, so every command that reads events runs on them unchanged.
    """
    parquet = ctx.find_root().meta.get("shiftwatch.events_parquet")
    if parquet is not None:
        from shiftwatch.interop import open_parquet_store

        return open_parquet_store(parquet)
    return open_store(settings(ctx).db, read_only=read_only)
