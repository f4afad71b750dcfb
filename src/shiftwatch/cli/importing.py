"""The ``import`` command group: events coded elsewhere enter the store here.

Other importers (GDELT, ICEWS, POLECAT) plug in without touching this file's commands: add
a module exposing ``register_import(import_app)`` to :data:`IMPORT_MODULES`.
"""

from __future__ import annotations

import enum
import importlib
from pathlib import Path

import typer
from rich.console import Console

from shiftwatch.cli import context
from shiftwatch.cli.output import ListFormat, emit_mapping

IMPORT_MODULES = [
    "shiftwatch.cli.importing",
]
MAX_SHOWN_ERRORS = 20


class EventFileFormat(enum.StrEnum):
    auto = "auto"
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


def report_errors(errors: list[str]) -> None:
    """Refused rows on stderr, the first few in full, so a bad file does not flood the terminal."""
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    for message in errors[:MAX_SHOWN_ERRORS]:
        console.print(message, markup=False)
    if len(errors) > MAX_SHOWN_ERRORS:
        console.print(f"... and {len(errors) - MAX_SHOWN_ERRORS} more refused rows", markup=False)


def events(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="event file in the native format"),
    fmt: EventFileFormat = typer.Option(
        EventFileFormat.auto, "--format", help="input format (default: from the file suffix)"
    ),
    report: ListFormat = typer.Option(ListFormat.table, "--report", help="summary format"),
) -> None:
    """Import events coded elsewhere, in the native format (CSV, JSONL or Parquet).

    Columns date, source, target, type, and optional mode, cameo, goldstein, modality,
    sentence, url, source_sector, target_sector. Bad rows are reported by line and
    skipped; good rows are stored.
    """
    from shiftwatch.analysis import import_events

    with context.store(ctx, create=True) as store:
        result = import_events(store, path, fmt=fmt.value)
    report_errors(result.errors)
    summary = result.to_dict()
    summary["errors"] = len(result.errors)
    emit_mapping(summary, report, title="Imported events")


def register_import(import_app: typer.Typer) -> None:
    import_app.command("events")(events)


def register(app: typer.Typer) -> None:
    import_app = typer.Typer(
        name="import", help="Import events coded elsewhere.", no_args_is_help=True
    )
    for module in IMPORT_MODULES:
        importlib.import_module(module).register_import(import_app)
    app.add_typer(import_app, name="import")
