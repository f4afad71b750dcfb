"""Commands over stored documents: ``status``, ``documents``, ``show``."""

from __future__ import annotations

from datetime import datetime

import typer
from rich.console import Console

from shiftwatch.cli import context
from shiftwatch.cli.output import ListFormat, emit_frame, emit_json, emit_mapping

FORMAT_OPTION = typer.Option(ListFormat.table, "--format", "-f", help="output format")


def parse_day(value: str | None, option: str) -> datetime | None:
    """A YYYY-MM-DD option value as a date, with a one-line error naming the option."""
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form", param_hint=option) from None


def status(ctx: typer.Context, fmt: ListFormat = FORMAT_OPTION) -> None:
    """Counts of documents, sentences and events, and the dates they span."""
    with context.store(ctx) as store:
        summary = store.status()
    if fmt is ListFormat.table:
        emit_mapping(summary, fmt, title="Shiftwatch database")
    else:
        emit_json(summary) if fmt is ListFormat.json else emit_mapping(summary, fmt)


def documents(
    ctx: typer.Context,
    source: str = typer.Option(None, "--source", help="only documents from this outlet"),
    date_from: str = typer.Option(None, "--from", help="published on or after YYYY-MM-DD"),
    date_to: str = typer.Option(None, "--to", help="published on or before YYYY-MM-DD"),
    language: str = typer.Option(None, "--language", help="ISO 639-1 code, e.g. en"),
    limit: int = typer.Option(None, "--limit", min=1, help="at most this many rows"),
    fmt: ListFormat = FORMAT_OPTION,
) -> None:
    """List stored documents, newest first."""
    start, end = parse_day(date_from, "--from"), parse_day(date_to, "--to")
    with context.store(ctx) as store:
        frame = store.documents(
            source=source,
            date_from=start.date() if start else None,
            date_to=end.date() if end else None,
            language=language,
            limit=limit,
        )
    emit_frame(frame, fmt, title="Documents")


def show(
    ctx: typer.Context,
    doc_id: str = typer.Argument(..., help="document id (a unique prefix is enough)"),
    fmt: ListFormat = FORMAT_OPTION,
) -> None:
    """Print one document with its metadata."""
    with context.store(ctx) as store:
        record = store.document(doc_id)
    if fmt is not ListFormat.table:
        emit_mapping(record, fmt)
        return
    text = record.pop("text")
    emit_mapping(record, fmt, title=f"Document {record['id']}")
    Console().print(text, highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    app.command("status")(status)
    app.command("documents")(documents)
    app.command("show")(show)
