"""``shiftwatch serve``: the web pages and the JSON API over the database."""

from __future__ import annotations

import os

import typer

from shiftwatch.cli import context
from shiftwatch.errors import ConfigError
from shiftwatch.store import open_store


def serve(
    ctx: typer.Context,
    host: str = typer.Option(
        "127.0.0.1", "--host", help="address to listen on (loopback by default)"
    ),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port"),
    read_only: bool = typer.Option(
        False, "--read-only", help="open the database read-only and refuse every write"
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        max=64,
        help="server processes sharing the port (needs --read-only: DuckDB has one writer)",
    ),
) -> None:
    """Serve the dashboard and the API (docs at /api/v1/docs); Ctrl-C stops it.

    POST /api/v1/documents needs the token in SHIFTWATCH_TOKEN; without one, writes are refused.
    With --read-only --workers N, N processes each open the file read-only and answer requests
    in parallel (one Python process uses one core at a time).
    """
    import uvicorn

    from shiftwatch.web import create_app

    settings = context.settings(ctx)
    if workers > 1 and not read_only:
        raise ConfigError("--workers above 1 needs --read-only (DuckDB allows one writer)")
    typer.echo(f"Shiftwatch on http://{host}:{port}/ (database {settings.db})", err=True)
    options = {"host": host, "port": port, "log_level": "warning", "access_log": False}
    if workers == 1:
        uvicorn.run(create_app(settings, read_only=read_only), **options)  # type: ignore[arg-type]
        return
    open_store(settings.db, read_only=True).close()  # fail here, once, if it cannot be served
    for name, value in settings.model_dump().items():
        if value is not None:
            os.environ[f"SHIFTWATCH_{name.upper()}"] = str(value)
    # Requests are small: one DuckDB thread per core and worker, not every core per worker.
    threads = max(1, (os.cpu_count() or 1) // workers)
    os.environ.setdefault("SHIFTWATCH_WEB_DB_THREADS", str(threads))
    uvicorn.run(
        "shiftwatch.web.app:read_only_app",
        factory=True,
        workers=workers,
        **options,  # type: ignore[arg-type]
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
