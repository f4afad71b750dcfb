"""Per-invocation state shared by CLI commands: the settings the global options produced."""

from __future__ import annotations

import typer

from shiftwatch.config import Settings, load_settings
from shiftwatch.errors import StoreError
from shiftwatch.store import Store, open_store


def settings(ctx: typer.Context) -> Settings:
    """The run's settings, stored on the root context by the global callback."""
    root = ctx.find_root()
    if not isinstance(root.obj, Settings):
        root.obj = load_settings()
    return root.obj


def store(ctx: typer.Context, read_only: bool = False, create: bool = False) -> Store:
    """Open the database named by ``--db`` / ``SHIFTWATCH_DB``.

    Only commands that add data (``ingest``, ``import``) pass ``create``: a command that reads
    must not leave an empty database behind a typo in ``--db``.

    With ``--events-parquet DIR`` the store is read-only and its ``events`` is a view over the
    Parquet files under DIR, so every command that reads events runs on them unchanged.
    """
    parquet = ctx.find_root().meta.get("shiftwatch.events_parquet")
    if parquet is not None:
        from shiftwatch.interop import open_parquet_store

        return open_parquet_store(parquet)
    path = settings(ctx).db
    if not create and not path.exists():
        raise StoreError(
            f"{path}: no database here; create one with 'shiftwatch ingest FILE...' "
            "(or 'shiftwatch demo --db PATH'), or point --db / SHIFTWATCH_DB at an existing one"
        )
    return open_store(path, read_only=read_only)


def actor(ctx: typer.Context, opened: Store, value: str, what: str = "actor code") -> str:
    """``value`` as a stored actor key, or a usage error naming the nearest known codes."""
    from shiftwatch.actors.kb import load_knowledge_base
    from shiftwatch.validate import check_actor_key

    kb = load_knowledge_base(settings(ctx).actors)
    return check_actor_key(value, store=opened, kb=kb, what=what)


def no_events(subject: str) -> None:
    """Say on stderr that a valid query matched nothing, so an empty answer is not silent."""
    from rich.console import Console

    Console(stderr=True, highlight=False).print(f"no events {subject} in this store", markup=False)
