"""The ``shiftwatch`` command line: thin commands over the library, one module per resource.

Each command module exposes ``register(app)``; this module builds the app, owns the global
options and is the single place where :class:`ShiftwatchError` becomes an exit code.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.text import Text

from shiftwatch.config import load_settings
from shiftwatch.errors import ShiftwatchError

COMMAND_MODULES = [
    "shiftwatch.cli.documents",
    "shiftwatch.cli.coding",
    "shiftwatch.cli.actors",
    "shiftwatch.cli.web",
    "shiftwatch.cli.analysis",
    "shiftwatch.cli.importing",
    "shiftwatch.cli.interop",
    "shiftwatch.cli.demo",
]

app = typer.Typer(
    name="shiftwatch",
    help="Turn news into an evidence-backed map of international relations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Path = typer.Option(
        None,
        "--db",
        envvar="SHIFTWATCH_DB",
        help="DuckDB database file [default: ./shiftwatch.duckdb]",
    ),
    model: str = typer.Option(
        None, "--model", help="spaCy pipeline to load", envvar="SHIFTWATCH_MODEL"
    ),
    actors: Path = typer.Option(
        None,
        "--actors",
        envvar="SHIFTWATCH_ACTORS",
        help="YAML file extending the actor knowledge base",
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="log progress details to stderr"),
    events_parquet: Path = typer.Option(
        None,
        "--events-parquet",
        envvar="SHIFTWATCH_EVENTS_PARQUET",
        help="read events from the Parquet files under DIR (read-only) instead of --db",
    ),
) -> None:
    """Shiftwatch: code who-did-what-to-whom events from news and measure how relations move."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    ctx.obj = load_settings(db=db, model=model, actors=actors)
    ctx.meta["shiftwatch.events_parquet"] = events_parquet


for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(app)


def main() -> None:
    """Entry point: run the app, turning domain errors into one line on stderr and exit 1.

    Typer's standalone mode already handles usage errors (exit 2) and Ctrl-C; everything the
    library raises as :class:`ShiftwatchError` is reported here, once, without a traceback.
    """
    try:
        app()
    except ShiftwatchError as exc:
        console = Console(stderr=True, highlight=False, soft_wrap=True)
        console.print(Text("error: ", style="bold red") + Text(str(exc)))
        sys.exit(exc.exit_code)
