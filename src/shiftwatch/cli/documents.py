"""Commands over stored documents: ``ingest``, ``status``, ``documents``, ``show``."""

from __future__ import annotations

import enum
import sys
from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from shiftwatch.cli import context
from shiftwatch.cli.output import ListFormat, emit_json, emit_mapping
from shiftwatch.dates import iso_day
from shiftwatch.documents import FORMATS, ColumnMap
from shiftwatch.errors import InputError
from shiftwatch.ingest import IngestProgress, ingest

FORMAT_OPTION = typer.Option(ListFormat.table, "--format", "-f", help="output format")


def parse_day(value: str | None, option: str) -> datetime | None:
    """A YYYY-MM-DD option value as a date, with a one-line error naming the option."""
    if value is None:
        return None
    try:
        day = iso_day(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from None
    return datetime(day.year, day.month, day.day)


# Members come from the reader registry, which mypy cannot see through; the values are str.
InputFormat = enum.Enum(  # type: ignore[misc]
    "InputFormat", {name: name for name in ("auto", *FORMATS)}, type=str
)


def ingest_command(
    ctx: typer.Context,
    paths: list[str] = typer.Argument(
        ...,
        metavar="PATH",
        help="files, directories (read recursively), glob patterns, or - for stdin",
    ),
    fmt: InputFormat = typer.Option(
        "auto", "--format", help="input format; auto decides by extension, then content"
    ),
    source: str = typer.Option(None, "--source", help="name of the outlet, for every document"),
    published: str = typer.Option(
        None, "--date", metavar="YYYY-MM-DD", help="date for documents whose source gives none"
    ),
    text_col: str = typer.Option(None, "--text-col", help="CSV column / JSON field of the text"),
    date_col: str = typer.Option(None, "--date-col", help="column holding the publication date"),
    title_col: str = typer.Option(None, "--title-col", help="column holding the title"),
    url_col: str = typer.Option(None, "--url-col", help="column holding the URL"),
    source_col: str = typer.Option(None, "--source-col", help="column naming the outlet"),
    id_col: str = typer.Option(None, "--id-col", help="column with a row id (for provenance)"),
) -> None:
    """Read articles into the database: text, HTML, CSV/TSV, JSONL, RSS/Atom or WARC.

    The same content ingested twice is stored once; syndicated near-copies are stored and
    linked to their original. Exits 1 if any input failed (the good ones are still stored).
    """
    day = parse_day(published, "--date")
    columns = ColumnMap(
        text=text_col, date=date_col, title=title_col, url=url_col, source=source_col, id=id_col
    )
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    )
    task = bar.add_task("ingesting", total=None)

    def show(step: IngestProgress) -> None:
        bar.update(
            task,
            completed=step.bytes_done,
            total=step.bytes_total,
            description=f"{step.report.stored} stored, {step.report.failed} failed",
        )

    _check_inputs(ctx, paths)
    with context.store(ctx, create=True) as store:
        try:
            with bar:
                report = ingest(
                    paths,
                    store,
                    fmt=fmt.value,
                    source=source,
                    published=day.date() if day else None,
                    columns=columns,
                    progress=show,
                )
        except KeyboardInterrupt:
            errors.print(
                "interrupted: documents committed so far are kept; "
                "run the same command again to finish"
            )
            raise typer.Exit(130) from None
    for message in report.errors:
        errors.print(Text("error: ", style="bold red") + Text(message))
    if report.failed > len(report.errors):
        errors.print(f"... and {report.failed - len(report.errors)} more failures")
    sys.stdout.write(report.summary() + "\n")
    if not report.ok:
        raise typer.Exit(1)


def _check_inputs(ctx: typer.Context, paths: list[str]) -> None:
    """Refuse, before any database is created, an ingest none of whose inputs exist."""
    if context.settings(ctx).db.exists():
        return
    missing = [
        p for p in paths if p != "-" and not any(c in p for c in "*?[") and not Path(p).exists()
    ]
    if missing and len(missing) == len(paths):
        raise InputError(missing[0], "no such file or directory; nothing was ingested")


def status(ctx: typer.Context, fmt: ListFormat = FORMAT_OPTION) -> None:
    """Counts of documents, sentences and events (PLOVER events, statements, rows without a
    PLOVER-level actor: with no source actor at all or an unmapped one), and their dates."""
    with context.store(ctx, read_only=True) as store:
        summary = store.status()
    if fmt is ListFormat.table:
        emit_mapping(summary, fmt, title="Shiftwatch database")
    else:
        emit_json(summary) if fmt is ListFormat.json else emit_mapping(summary, fmt)


def documents(
    ctx: typer.Context,
    source: str = typer.Option(None, "--source", help="only documents from this outlet"),
    date_from: str = typer.Option(
        None, "--from", metavar="YYYY-MM-DD", help="published on or after YYYY-MM-DD"
    ),
    date_to: str = typer.Option(
        None, "--to", metavar="YYYY-MM-DD", help="published on or before YYYY-MM-DD"
    ),
    language: str = typer.Option(None, "--language", help="ISO 639-1 code, e.g. en"),
    limit: int = typer.Option(None, "--limit", min=1, help="at most this many rows"),
    fmt: ListFormat = FORMAT_OPTION,
    columns: str | None = typer.Option(
        None,
        "--columns",
        metavar="A,B,...",
        help="show these columns of the full record instead (names as in --format csv)",
    ),
) -> None:
    """List stored documents, newest first."""
    start, end = parse_day(date_from, "--from"), parse_day(date_to, "--to")
    with context.store(ctx, read_only=True) as store:
        frame = store.documents(
            source=source,
            date_from=start.date() if start else None,
            date_to=end.date() if end else None,
            language=language,
            limit=limit,
        )
    from shiftwatch.cli import views
    from shiftwatch.cli.tables import show

    show(frame, fmt, views.DOCUMENTS, "Documents", columns)


def show(
    ctx: typer.Context,
    doc_id: str = typer.Argument(..., help="document id (a unique prefix is enough)"),
    fmt: ListFormat = FORMAT_OPTION,
) -> None:
    """Print one document with its metadata."""
    with context.store(ctx, read_only=True) as store:
        record = store.document(doc_id)
    if fmt is not ListFormat.table:
        emit_mapping(record, fmt)
        return
    text = record.pop("text")
    emit_mapping(record, fmt, title=f"Document {record['id']}")
    Console().print(text, highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
    app.command("status")(status)
    app.command("documents")(documents)
    app.command("show")(show)
