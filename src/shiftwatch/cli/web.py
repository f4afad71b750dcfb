"""``shiftwatch serve``: the web pages and the JSON API over the database."""

from __future__ import annotations

import typer

from shiftwatch.cli import context


def serve(
    ctx: typer.Context,
    host: str = typer.Option(
        "127.0.0.1", "--host", help="address to listen on (loopback by default)"
    ),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port"),
    read_only: bool = typer.Option(
        False, "--read-only", help="open the database read-only and refuse every write"
    ),
) -> None:
    """Serve the dashboard and the API (docs at /api/v1/docs); Ctrl-C stops it.

    POST /api/v1/documents needs the token in SHIFTWATCH_TOKEN; without one, writes are refused.
    """
    import uvicorn

    from shiftwatch.web import create_app

    settings = context.settings(ctx)
    app = create_app(settings, read_only=read_only)
    typer.echo(f"Shiftwatch on http://{host}:{port}/ (database {settings.db})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
