"""GDELT / ICEWS / POLECAT commands: ``import gdelt|icews|polecat`` and ``export``.

The import commands join the ``import`` group that :mod:`shiftwatch.cli.importing` creates, so
this module is listed after it in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console

from shiftwatch.cli import context
from shiftwatch.cli.documents import parse_day
from shiftwatch.cli.output import ListFormat, emit_mapping
from shiftwatch.errors import InputError
from shiftwatch.interop.export import ExportFormat

MAX_SHOWN_ERRORS = 20
FILES_ARGUMENT = typer.Argument(
    ..., metavar="FILE", help="event files (.tsv/.csv/.txt, .gz or .zip), folders or globs"
)
REPORT_OPTION = typer.Option(ListFormat.table, "--report", help="summary format")


def _report_errors(errors: list[str]) -> None:
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    for message in errors[:MAX_SHOWN_ERRORS]:
        console.print(message, markup=False)
    if len(errors) > MAX_SHOWN_ERRORS:
        console.print(f"... and {len(errors) - MAX_SHOWN_ERRORS} more skipped lines", markup=False)


def _run_import(
    ctx: typer.Context, importer: Callable, files: list[Path], report: ListFormat, title: str
) -> None:
    console = Console(stderr=True, highlight=False)

    def progress(path: Path, so_far: object) -> None:
        console.print(f"imported {path}", markup=False)

    with context.store(ctx, create=True) as store:
        result = importer(store, files, progress=progress if len(files) > 1 else None)
    _report_errors(result.errors)
    summary = result.as_dict()
    summary["errors"] = len(result.errors)
    emit_mapping(summary, report, title=title)


def import_gdelt(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(
        ...,
        metavar="FILE",
        help="GDELT event files (.CSV/.tsv, .gz or .zip), folders of them, or globs",
    ),
    mentions: list[Path] = typer.Option(
        None,
        "--mentions",
        metavar="FILE",
        help="GDELT 2.0 mentions file(s) or folder(s) to join to the events",
    ),
    report: ListFormat = REPORT_OPTION,
) -> None:
    """Import GDELT 1.0 (57/58 columns) or 2.0 (61 columns) event exports, and mentions.

    Every valid row is stored with its line verbatim (so ``export --format gdelt`` gives the
    file back); actors and CAMEO codes are mapped to Shiftwatch codes and PLOVER types where
    they have one (statements and region actors are kept, not counted by analyses).
    Re-importing adds nothing. Malformed lines are reported as FILE:LINE and skipped.
    """
    from shiftwatch.interop import import_gdelt as run
    from shiftwatch.interop.mentions import import_mentions

    console = Console(stderr=True, highlight=False)

    def progress(path: Path, so_far: object) -> None:
        console.print(f"imported {path}", markup=False)

    with context.store(ctx, create=True) as store:
        result = run(store, files, progress=progress if len(files) > 1 else None)
        joined = import_mentions(store, mentions) if mentions else None
    errors = result.errors + (joined.errors if joined else [])
    _report_errors(errors)
    summary = result.as_dict()
    if joined:
        summary.update(joined.as_dict())
    summary["errors"] = len(errors)
    emit_mapping(summary, report, title="Imported GDELT events")


def import_icews(
    ctx: typer.Context, files: list[Path] = FILES_ARGUMENT, report: ListFormat = REPORT_OPTION
) -> None:
    """Import ICEWS coded-event files (tab-separated, with a header row)."""
    from shiftwatch.interop import import_icews as run

    _run_import(ctx, run, files, report, "Imported ICEWS events")


def import_polecat(
    ctx: typer.Context, files: list[Path] = FILES_ARGUMENT, report: ListFormat = REPORT_OPTION
) -> None:
    """Import POLECAT event files (ngecEvents*.txt: tab-separated, header row, PLOVER-coded)."""
    from shiftwatch.interop import import_polecat as run

    _run_import(ctx, run, files, report, "Imported POLECAT events")


def export(
    ctx: typer.Context,
    fmt: ExportFormat = typer.Option(
        ..., "--format", "-f", help="gdelt, icews, polecat, parquet, csv or jsonl"
    ),
    date_from: str = typer.Option(
        None, "--from", metavar="YYYY-MM-DD", help="events on or after YYYY-MM-DD"
    ),
    date_to: str = typer.Option(
        None, "--to", metavar="YYYY-MM-DD", help="events on or before YYYY-MM-DD"
    ),
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        help="file to write (a directory for parquet); standard output when omitted",
    ),
) -> None:
    """Export events: GDELT, ICEWS or POLECAT rows, month-partitioned Parquet, CSV or JSON lines.

    Rows imported from GDELT, ICEWS or POLECAT are written back verbatim, in file order.
    """
    from shiftwatch.interop import export_events

    start, end = parse_day(date_from, "--from"), parse_day(date_to, "--to")
    if fmt is ExportFormat.parquet and output is None:
        raise InputError("--output", "Parquet export needs --output DIR")
    with context.store(ctx) as store:
        if output is not None:
            result = export_events(
                store, fmt, output, start.date() if start else None, end.date() if end else None
            )
            Console(stderr=True).print(
                f"exported {result.rows} events to {result.output}", markup=False, highlight=False
            )
            return
        with tempfile.TemporaryDirectory(prefix="shiftwatch-export-") as folder:
            path = Path(folder) / f"events.{fmt.value}"
            export_events(
                store, fmt, path, start.date() if start else None, end.date() if end else None
            )
            with path.open("rb") as handle:
                shutil.copyfileobj(handle, sys.stdout.buffer)
            sys.stdout.buffer.flush()


def _import_group(app: typer.Typer) -> typer.Typer:
    for group in app.registered_groups:
        if group.name == "import" and group.typer_instance is not None:
            return group.typer_instance
    imports = typer.Typer(
        name="import", help="Import events coded elsewhere.", no_args_is_help=True
    )
    app.add_typer(imports, name="import")
    return imports


def register(app: typer.Typer) -> None:
    group = _import_group(app)
    group.command("gdelt")(import_gdelt)
    group.command("icews")(import_icews)
    group.command("polecat")(import_polecat)
    app.command("export")(export)
