"""Commands over event coding: ``code``, ``extract``, ``events``, ``evaluate``."""

from __future__ import annotations

import enum
import signal
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from shiftwatch.cli import context
from shiftwatch.cli.documents import parse_day
from shiftwatch.cli.output import ListFormat, emit_json, emit_mapping
from shiftwatch.errors import InputError
from shiftwatch.interrupts import terminate_after_writes
from shiftwatch.records import json_line, json_lines, json_text, records, write_csv, write_parquet
from shiftwatch.store.filters import EventFilter


class ExtractFormat(enum.StrEnum):
    jsonl = "jsonl"
    table = "table"


class EventsFormat(enum.StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class ScoreFormat(enum.StrEnum):
    json = "json"
    table = "table"


class Engine(enum.StrEnum):
    local = "local"
    dask = "dask"


def code(
    ctx: typer.Context,
    recode: bool = typer.Option(False, "--recode", help="recode documents already coded"),
    engine: Engine = typer.Option(Engine.local, "--engine", help="where coding runs"),
    batch_size: int = typer.Option(None, "--batch-size", min=1, help="documents per spaCy batch"),
    processes: int = typer.Option(None, "--processes", min=1, help="worker processes"),
    scheduler: str = typer.Option(
        None,
        "--scheduler",
        help="Dask scheduler address, e.g. tcp://127.0.0.1:8786 "
        "(--engine dask; a local cluster when omitted)",
    ),
    workers: int = typer.Option(
        None, "--workers", min=1, help="workers of the local Dask cluster (--engine dask)"
    ),
) -> None:
    """Code every stored document not yet coded by this coder version (resumable)."""
    from shiftwatch.coding import code as run_code

    settings = context.settings(ctx)
    updates = {k: v for k, v in {"batch_size": batch_size, "processes": processes}.items() if v}
    settings = settings.model_copy(update=updates) if updates else settings
    columns = (TextColumn("coding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    # SIGTERM unwinds like Ctrl-C once the write in progress has committed: the worker pool is
    # stopped and the database closed, with every document coded so far stored (a rerun
    # resumes after them).
    signal.signal(signal.SIGTERM, terminate_after_writes)
    with (
        context.store(ctx) as store,
        Progress(*columns, console=Console(stderr=True), transient=True) as bar,
    ):
        task = bar.add_task("coding", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        report = run_code(
            store,
            settings,
            recode=recode,
            engine=engine.value,
            progress=advance,
            scheduler=scheduler,
            workers=workers,
        )
    summary = report.to_dict()
    summary["by_type"] = ", ".join(f"{k} {v}" for k, v in report.by_type.items()) or "-"
    summary["by_modality"] = ", ".join(f"{k} {v}" for k, v in report.by_modality.items()) or "-"
    emit_mapping(summary, ListFormat.table, title="Coding summary")


def extract(
    ctx: typer.Context,
    files: list[str] = typer.Argument(
        None, metavar="PATH", help="text files to code, or - for standard input"
    ),
    text: str = typer.Option(None, "--text", metavar="TEXT", help="code this text (quote it)"),
    day: str = typer.Option(
        None, "--date", metavar="YYYY-MM-DD", help="publication date (resolves leaders)"
    ),
    article: bool = typer.Option(
        False, "--article", help="read each PATH as an article: drop its title, tag line, furniture"
    ),
    fmt: ExtractFormat = typer.Option(ExtractFormat.jsonl, "--format", "-f", help="output format"),
) -> None:
    """Code text without storing it: --text "...", files, or - for stdin; one event per line."""
    from shiftwatch.coding import extract as run_extract

    texts = _extract_inputs(files or [], text)
    published = parse_day(day, "--date")
    events = [
        event
        for body, is_article in texts
        for event in run_extract(
            body,
            published=published.date() if published else None,
            settings=context.settings(ctx),
            article=article and is_article,
        )
    ]
    from shiftwatch.cli import views
    from shiftwatch.cli.tables import show
    from shiftwatch.schemas import event_from_model

    rows = [event_from_model(event) for event in events]
    if fmt is ExtractFormat.jsonl:
        for row in rows:
            sys.stdout.write(json_line(row))
        return
    if not rows:
        context.no_events("in this text")
        return
    show(pd.DataFrame(rows), ListFormat.table, views.EXTRACTED, "Events")


def _extract_inputs(files: list[str], text: str | None) -> list[tuple[str, bool]]:
    """(text, read-as-article allowed) for ``--text``, then each file or ``-`` in order."""
    if not files and text is None:
        raise typer.BadParameter('give --text "...", a PATH, or - to read standard input')
    inputs: list[tuple[str, bool]] = [(text, False)] if text is not None else []
    for file in files:
        if file == "-":
            inputs.append((sys.stdin.read(), True))
            continue
        try:
            inputs.append((Path(file).read_text(encoding="utf-8"), True))
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(file, f"cannot read text file ({exc})") from exc
    return inputs


def events(
    ctx: typer.Context,
    actor: str | None = typer.Option(
        None, "--actor", metavar="CODE", help="events with this actor on either side"
    ),
    dyad: str = typer.Option(
        None, "--dyad", metavar="A,B", help="two actor codes A,B (both directions)"
    ),
    event_type: str | None = typer.Option(
        None, "--type", metavar="TYPE", help="PLOVER type, e.g. ASSAULT"
    ),
    mode: str | None = typer.Option(
        None, "--mode", metavar="MODE", help="PLOVER mode, e.g. airstrike"
    ),
    modality: str | None = typer.Option(
        None, "--modality", metavar="MODALITY", help="asserted|alleged|future|negated|hypothetical"
    ),
    date_from: str = typer.Option(
        None, "--from", metavar="YYYY-MM-DD", help="on or after YYYY-MM-DD"
    ),
    date_to: str = typer.Option(None, "--to", metavar="YYYY-MM-DD", help="on or before YYYY-MM-DD"),
    fmt: EventsFormat = typer.Option(EventsFormat.table, "--format", "-f", help="output format"),
    output: Path = typer.Option(None, "--output", "-o", help="write to this file"),
    columns: str | None = typer.Option(
        None,
        "--columns",
        metavar="A,B,...",
        help="show these columns of the full record instead (names as in --format csv)",
    ),
    include_statements: bool = typer.Option(
        False,
        "--include-statements",
        help="also list imported statements (CAMEO 01x: no PLOVER type)",
    ),
) -> None:
    """List stored events, oldest first, filtered by actor, dyad, type, mode, modality and date.

    Unknown codes, types, modes and modalities are errors that name the nearest known values.
    """
    from shiftwatch.validate import check_modality, check_mode, check_type

    parts: list[str] = []
    if dyad:
        parts = [part.strip() for part in dyad.split(",")]
        if len(parts) != 2 or not all(parts):
            raise typer.BadParameter(
                "give two actor codes separated by a comma", param_hint="--dyad"
            )
    if fmt is EventsFormat.parquet and output is None:
        raise typer.BadParameter("parquet needs --output FILE", param_hint="--format")
    start, end = parse_day(date_from, "--from"), parse_day(date_to, "--to")
    event_type = check_type(event_type) if event_type else None
    mode = check_mode(mode, event_type) if mode else None
    modality = check_modality(modality) if modality else None
    with context.store(ctx, read_only=True) as store:
        actor = context.actor(ctx, store, actor) if actor else None
        pair = (
            (context.actor(ctx, store, parts[0]), context.actor(ctx, store, parts[1]))
            if parts
            else None
        )
        where = EventFilter(
            actor=actor,
            dyad=pair,
            types=[event_type] if event_type else [],
            modes=[mode] if mode else [],
            modalities=[modality] if modality else [],
            date_from=start.date() if start else None,
            date_to=end.date() if end else None,
            include_statements=include_statements,
        )
        frame = store.events(where)
    if frame.empty:
        context.no_events(_subject(actor, pair, event_type, mode, modality))
        if fmt is EventsFormat.table:
            return
    _write_events(frame, fmt, output, columns)


def _subject(
    actor: str | None,
    pair: tuple[str, str] | None,
    event_type: str | None,
    mode: str | None,
    modality: str | None,
) -> str:
    """ "for PRK (type ASSAULT)": what an empty events listing was asked about."""
    who = f"for {actor}" if actor else f"between {pair[0]} and {pair[1]}" if pair else "matching"
    what = [
        f"{k} {v}" for k, v in (("type", event_type), ("mode", mode), ("modality", modality)) if v
    ]
    return who + (f" ({', '.join(what)})" if what else "")


def _write_events(
    frame: pd.DataFrame, fmt: EventsFormat, output: Path | None, columns: str | None = None
) -> None:
    from shiftwatch.cli import views
    from shiftwatch.cli.tables import choose_columns, show

    if output is None and fmt in (EventsFormat.json, EventsFormat.jsonl) and not columns:
        rows = _records(frame)
        if fmt is EventsFormat.json:
            emit_json(rows)
        else:
            sys.stdout.write(json_lines(rows))
        return
    if output is None and fmt is not EventsFormat.parquet:
        show(frame, ListFormat(fmt.value), views.EVENTS, "Events", columns)
        return
    if output is None:
        raise typer.BadParameter("parquet needs --output FILE", param_hint="--format")
    chosen = choose_columns(frame, columns)
    frame = frame[chosen] if chosen else frame
    try:
        if fmt is EventsFormat.parquet:
            write_parquet(frame, output)
        elif fmt is EventsFormat.csv:
            write_csv(frame, output)
        elif fmt is EventsFormat.table:
            raise typer.BadParameter("a table goes to the terminal; use csv or json with -o")
        elif fmt is EventsFormat.json:
            output.write_text(json_text(_records(frame)), encoding="utf-8")
        else:
            output.write_text(json_lines(_records(frame)), encoding="utf-8")
    except OSError as exc:
        raise InputError(str(output), f"cannot write output ({exc.strerror})") from exc
    Console(stderr=True).print(f"wrote {len(frame)} events to {output}")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Stored events as the one event record (``schemas/event.schema.json``)."""
    from shiftwatch.schemas import event_record

    return [event_record(row) for row in records(frame)]


def evaluate(
    ctx: typer.Context,
    gold: list[Path] = typer.Argument(
        ...,
        metavar="GOLD.jsonl",
        help="gold JSONL files, one annotated sentence per line (docs/annotation.md)",
    ),
    fmt: ScoreFormat = typer.Option(ScoreFormat.table, "--format", "-f", help="output format"),
    errors: Path | None = typer.Option(
        None, "--errors", help="write every miss and spurious event as JSONL to this file"
    ),
    detail: bool = typer.Option(
        False, "--detail", help="also print per-type scores, error kinds and type confusions"
    ),
) -> None:
    """Code the gold sentences and score them: presence, type, dyad, modality, per type.

    Gold files follow docs/annotation.md (how to annotate a sentence: types, actors, modality).
    """
    from shiftwatch.cli.evaluation import detail_tables
    from shiftwatch.evaluate import evaluate as run_evaluate

    scores = run_evaluate(gold, settings=context.settings(ctx), errors=errors)
    if fmt is ScoreFormat.json:
        emit_json(scores)
        return
    rows = scores["files"] if "files" in scores else {gold[0].name: scores}
    if "all" in scores:
        rows = {**rows, "all": scores["all"]}
    from shiftwatch.cli.tables import print_rows

    headers = ["file", "sentences", "presence F1", "type P", "type R", "type F1"]
    headers += ["dyad P", "dyad R", "dyad F1", "modality acc", "cand R"]
    table = [
        [name, str(row["sentences"])]
        + [
            f"{value:.3f}"
            for value in (
                row["presence"]["f1"],
                row["type"]["precision"],
                row["type"]["recall"],
                row["type"]["f1"],
                row["dyad"]["precision"],
                row["dyad"]["recall"],
                row["dyad"]["f1"],
                row["modality_accuracy"],
                row["candidate_recall"],
            )
        ]
        for name, row in rows.items()
    ]
    version = next(iter(rows.values()))["coder_version"]
    print_rows(headers, table, ["text"] + ["num"] * 10, f"Coder evaluation ({version})")
    if detail:
        for extra in detail_tables(rows):
            Console().print(extra)


def register(app: typer.Typer) -> None:
    app.command("code")(code)
    app.command("extract")(extract)
    app.command("events")(events)
    app.command("evaluate")(evaluate)
