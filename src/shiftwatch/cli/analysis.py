"""Analysis commands: ``dyad``, ``shifts``, ``partners``, ``blocs``, ``brief``.

Each parses and validates its options, calls one function of :mod:`shiftwatch.analysis`
(imported inside the command, so other commands do not load scipy and networkx) and prints.
"""

from __future__ import annotations

import enum
import json
from datetime import date
from pathlib import Path

import pandas as pd
import typer

from shiftwatch.cli import context, views
from shiftwatch.cli.documents import parse_day
from shiftwatch.cli.output import ListFormat, emit_json
from shiftwatch.cli.tables import show
from shiftwatch.store import Store

FORMAT_OPTION = typer.Option(ListFormat.table, "--format", "-f", help="output format")
COLUMNS_OPTION = typer.Option(
    None,
    "--columns",
    metavar="A,B,...",
    help="show these columns of the full record instead (names as in --format csv)",
)
FROM_OPTION = typer.Option(
    None, "--from", metavar="YYYY-MM-DD", help="events on or after YYYY-MM-DD"
)
TO_OPTION = typer.Option(None, "--to", metavar="YYYY-MM-DD", help="events on or before YYYY-MM-DD")


class Freq(enum.StrEnum):
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"


class BriefFormat(enum.StrEnum):
    md = "md"
    html = "html"


def _day(value: str | None, option: str) -> date | None:
    parsed = parse_day(value, option)
    return parsed.date() if parsed else None


def _span(start: date | None, end: date | None) -> str:
    """ " from 2020-01-01 to 2020-12-31" for a message, or nothing without dates."""
    return (f" from {start}" if start else "") + (f" to {end}" if end else "")


def _dyad_has_events(store: Store, a: str, b: str, start: date | None, end: date | None) -> bool:
    """Whether any event links A and B in the span (the store's own filter reads the keys)."""
    return not store.events(dyad=(a, b), date_from=start, date_to=end, limit=1).empty


def _flatten_evidence(frame: pd.DataFrame, fmt: ListFormat) -> pd.DataFrame:
    """Evidence lists stay lists in JSON; a CSV cell holds them as one JSON text."""
    if fmt is not ListFormat.csv or "evidence" not in frame:
        return frame
    text = [json.dumps(evidence, ensure_ascii=False) for evidence in frame["evidence"]]
    return frame.assign(evidence=text)


class DateBasis(enum.StrEnum):
    event = "event"
    published = "published"


BY_OPTION = typer.Option(
    DateBasis.event,
    "--by",
    help="date events by when they happened (event) or when they were published",
)


def dyad(
    ctx: typer.Context,
    a: str = typer.Argument(..., help="first actor code, e.g. USA"),
    b: str = typer.Argument(..., help="second actor code, e.g. SYR"),
    freq: Freq = typer.Option(Freq.month, "--freq", help="period length"),
    date_from: str = FROM_OPTION,
    date_to: str = TO_OPTION,
    mentions: bool = typer.Option(
        False, "--mentions", help="count every stored report instead of distinct events"
    ),
    window_days: int = typer.Option(
        0,
        "--window-days",
        min=0,
        help="reports this many days after a first report are the same event",
    ),
    by: DateBasis = BY_OPTION,
    include_statements: bool = typer.Option(
        False,
        "--include-statements",
        help="also count imported statements (CAMEO 01x: no PLOVER type)",
    ),
    fmt: ListFormat = FORMAT_OPTION,
    columns: str | None = COLUMNS_OPTION,
) -> None:
    """Both directions of a relation per period: counts, Goldstein, cooperation index.

    Counts by PLOVER type and quad class; the index comes with its 95% band.
    """
    from shiftwatch.analysis import dyad_series

    start, end = _day(date_from, "--from"), _day(date_to, "--to")
    with context.store(ctx, read_only=True) as store:
        a, b = context.actor(ctx, store, a), context.actor(ctx, store, b)
        frame = dyad_series(
            store,
            a,
            b,
            freq=freq.value,
            date_from=start,
            date_to=end,
            mentions=mentions,
            window_days=window_days,
            by=by.value,
            include_statements=include_statements,
        )
    if frame.empty or not frame["events"].sum():
        context.no_events(f"between {a} and {b}" + _span(start, end))
        if fmt is ListFormat.table:
            return
    if fmt is ListFormat.table and not columns:
        frame = frame[frame["events"] > 0]  # the table shows periods with events
    show(frame, fmt, views.dyad(freq.value), f"{a}–{b} by {freq.value}", columns)


def shifts(
    ctx: typer.Context,
    actor: str | None = typer.Option(
        None, "--actor", metavar="CODE", help="only dyads involving this actor"
    ),
    min_events: int | None = typer.Option(
        None, "--min-events", min=2, help="skip dyads with fewer events [default: 10; 5 --volume]"
    ),
    top: int = typer.Option(20, "--top", min=1, help="at most this many shifts, largest first"),
    freq: Freq = typer.Option(Freq.month, "--freq", help="period length"),
    date_from: str = FROM_OPTION,
    date_to: str = TO_OPTION,
    alpha: float = typer.Option(0.01, "--alpha", min=0.0001, max=0.5, help="significance level"),
    by: DateBasis = BY_OPTION,
    volume: bool = typer.Option(
        False, "--volume", help="changes in how often a dyad acts (silence to conflict)"
    ),
    fmt: ListFormat = FORMAT_OPTION,
    columns: str | None = COLUMNS_OPTION,
) -> None:
    """Change points in every directed dyad, with the events that drove them.

    Each shift has its date, level before and after, magnitude and permutation p-value, and
    the largest share of its evidence from one document and one outlet (one_article flags a
    shift carried by a single article). --volume finds changes in the rate of events instead.
    """
    from shiftwatch.analysis import detect_shifts, volume_shifts

    start, end = _day(date_from, "--from"), _day(date_to, "--to")
    with context.store(ctx, read_only=True) as store:
        actor = context.actor(ctx, store, actor) if actor else None
        find, fewest = (volume_shifts, 5) if volume else (detect_shifts, 10)
        frame = find(
            store,
            actor=actor,
            min_events=min_events or fewest,
            top=top,
            freq=freq.value,
            date_from=start,
            date_to=end,
            alpha=alpha,
            by=by.value,
        )
    if frame.empty:
        context.no_events(
            "with a significant shift"
            + (f" involving {actor}" if actor else "")
            + _span(start, end)
        )
        if fmt is ListFormat.table:
            return
    if volume:
        if fmt is ListFormat.csv:
            frame = _flatten_evidence(frame, fmt)
        show(frame, fmt, views.VOLUME_SHIFTS, "Volume shifts", columns)
        return
    if fmt is ListFormat.csv:
        frame = _flatten_evidence(frame, fmt)
    show(frame, fmt, views.SHIFTS, "Shifts", columns)


def partners(
    ctx: typer.Context,
    actor: str = typer.Argument(..., metavar="CODE", help="actor code, e.g. PRK"),
    freq: Freq = typer.Option(Freq.quarter, "--freq", help="period length"),
    date_from: str = FROM_OPTION,
    date_to: str = TO_OPTION,
    direction: str = typer.Option(
        "both", "--direction", help="both, out (the actor's acts) or in (acts aimed at it)"
    ),
    fmt: ListFormat = FORMAT_OPTION,
    columns: str | None = COLUMNS_OPTION,
) -> None:
    """Partners' shares of an actor's cooperative and conflictual events, with HHI."""
    from shiftwatch.analysis import partner_shares

    start, end = _day(date_from, "--from"), _day(date_to, "--to")
    with context.store(ctx, read_only=True) as store:
        actor = context.actor(ctx, store, actor)
        frame = partner_shares(
            store, actor, freq=freq.value, date_from=start, date_to=end, direction=direction
        )
    if frame.empty:
        context.no_events(f"for {actor}" + _span(start, end))
        if fmt is ListFormat.table:
            return
    show(frame, fmt, views.partners(freq.value), f"Partners of {actor}", columns)


def blocs(
    ctx: typer.Context,
    date_from: str = FROM_OPTION,
    date_to: str = TO_OPTION,
    window: str = typer.Option("6M", "--window", help="window length: 30D, 12W, 6M, 2Q, 1Y"),
    min_events: int = typer.Option(3, "--min-events", min=1, help="events needed for an edge"),
    graphml: Path = typer.Option(
        None, "--graphml", help="also write the graphs to this GraphML file"
    ),
    json_file: Path = typer.Option(None, "--json", help="also write graphs and blocs as JSON"),
    fmt: ListFormat = FORMAT_OPTION,
    columns: str | None = COLUMNS_OPTION,
) -> None:
    """Alignment blocs per window (signed graph, Louvain communities) and who moved."""
    from shiftwatch.analysis import alignment_blocs

    start, end = _day(date_from, "--from"), _day(date_to, "--to")
    with context.store(ctx, read_only=True) as store:
        report = alignment_blocs(
            store, date_from=start, date_to=end, window=window, min_events=min_events
        )
    if graphml:
        report.write_graphml(graphml)
    if json_file:
        report.write_json(json_file)
    if fmt is ListFormat.json and not columns:
        emit_json(report.to_dict())
    else:
        show(report.memberships(), fmt, views.BLOCS, f"Blocs per {window} window", columns)


def brief(
    ctx: typer.Context,
    a: str = typer.Argument(..., help="first actor code"),
    b: str = typer.Argument(..., help="second actor code"),
    fmt: BriefFormat = typer.Option(BriefFormat.md, "--format", "-f", help="md or html"),
    freq: Freq = typer.Option(Freq.month, "--freq", help="period length"),
    date_from: str = FROM_OPTION,
    date_to: str = TO_OPTION,
    output: Path = typer.Option(
        None, "--output", "-o", metavar="PATH", help="write here instead of stdout"
    ),
) -> None:
    """A forwardable report on one relation: finding, charts, key events, caveats."""
    from shiftwatch.analysis import make_brief

    start, end = _day(date_from, "--from"), _day(date_to, "--to")
    with context.store(ctx, read_only=True) as store:
        a, b = context.actor(ctx, store, a), context.actor(ctx, store, b)
        if not _dyad_has_events(store, a, b, start, end):
            context.no_events(f"between {a} and {b}" + _span(start, end))
            raise typer.Exit(0)
        text = make_brief(store, a, b, fmt=fmt.value, freq=freq.value, date_from=start, date_to=end)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)


def optimize(ctx: typer.Context) -> None:
    """Store events in dyad order so dyad series, shifts and event pages read a few row groups.

    Run after bulk loads (imports, a first 'code' of a large corpus); it rewrites the events
    table in one transaction and needs the database to itself.
    """
    with context.store(ctx) as store:
        rows = store.cluster_events()
    emit_json({"events": rows, "order": ["source", "target", "date"]})


def register(app: typer.Typer) -> None:
    app.command("optimize")(optimize)
    app.command("dyad")(dyad)
    app.command("shifts")(shifts)
    app.command("partners")(partners)
    app.command("blocs")(blocs)
    app.command("brief")(brief)
