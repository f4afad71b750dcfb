"""``shiftwatch serve``: the web pages and the JSON API over the database."""

from __future__ import annotations

import os

import typer

from shiftwatch.cli import context
from shiftwatch.errors import ConfigError
from shiftwatch.store import open_store

# The web app's factory, by name: uvicorn imports it, the command line does not (faces apart).
APP_FACTORY = "shiftwatch.web.app:served_app"


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

    settings = context.settings(ctx)
    if workers > 1 and not read_only:
        raise ConfigError("--workers above 1 needs --read-only (DuckDB allows one writer)")
    typer.echo(f"Shiftwatch on http://{host}:{port}/ (database {settings.db})", err=True)
    if workers > 1:
        open_store(settings.db, read_only=True).close()  # fail here, once, if it cannot be served
        # Requests are small: one DuckDB thread per core and worker, not every core per worker.
        threads = max(1, (os.cpu_count() or 1) // workers)
        os.environ.setdefault("SHIFTWATCH_WEB_DB_THREADS", str(threads))
    # The server builds the app from this environment (in this process when workers is 1).
    for name, value in settings.model_dump().items():
        if value is not None:
            os.environ[f"SHIFTWATCH_{name.upper()}"] = str(value)
    os.environ["SHIFTWATCH_WEB_READ_ONLY"] = "1" if read_only else "0"
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
