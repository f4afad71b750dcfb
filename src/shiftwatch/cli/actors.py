"""``shiftwatch actors``: resolve actor mentions in text and browse the knowledge base."""

from __future__ import annotations

import enum
import sys

import pandas as pd
import typer

from shiftwatch.cli import context
from shiftwatch.cli.output import ListFormat, emit_frame, emit_json
from shiftwatch.records import json_line

actors_app = typer.Typer(
    help="Resolve actor mentions and browse the actor knowledge base.", no_args_is_help=True
)


class Kind(enum.StrEnum):
    state = "state"
    igo = "igo"
    group = "group"
    person = "person"


@actors_app.command("resolve")
def resolve(
    ctx: typer.Context,
    text: str = typer.Argument(..., help="text to resolve (quote it)"),
    day: str = typer.Option(None, "--date", help="date of the text, YYYY-MM-DD, for leaders"),
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="output format"),
) -> None:
    """Print one record per actor mention: text, start, end, code, sector, cameo."""
    from shiftwatch.actors.browse import resolve_mentions
    from shiftwatch.cli.documents import parse_day

    when = parse_day(day, "--date")
    mentions = resolve_mentions(text, when.date() if when else None, context.settings(ctx))
    if fmt is ListFormat.json:
        emit_json(mentions)
    elif fmt is ListFormat.jsonl:
        for mention in mentions:
            sys.stdout.write(json_line(mention))
    else:
        emit_frame(
            pd.DataFrame(
                mentions,
                columns=["text", "start", "end", "code", "sector", "cameo", "kind", "confidence"],
            ),
            fmt,
            title="Actor mentions",
        )


@actors_app.command("list")
def list_(
    ctx: typer.Context,
    kind: Kind = typer.Option(None, "--kind", help="only actors of this kind"),
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="output format"),
) -> None:
    """List the actors of the knowledge base (states, organisations, groups, leaders)."""
    from shiftwatch.actors.browse import list_actors
    from shiftwatch.actors.kb import load_knowledge_base

    kb = load_knowledge_base(context.settings(ctx).actors)
    emit_frame(list_actors(kb, kind.value if kind else None), fmt, title="Actors")


@actors_app.command("show")
def show(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="actor code: PRK, UN, ISIS ..."),
    fmt: ListFormat = typer.Option(ListFormat.json, "--format", "-f", help="output format"),
) -> None:
    """Show what the knowledge base knows about one actor code."""
    from shiftwatch.actors.browse import describe_actor
    from shiftwatch.actors.kb import load_knowledge_base
    from shiftwatch.cli.output import emit_mapping
    from shiftwatch.validate import check_actor_key

    kb = load_knowledge_base(context.settings(ctx).actors)
    check_actor_key(code, kb=kb)  # an unknown code: exit 2 with the nearest known ones
    record = describe_actor(kb, code)
    if fmt is ListFormat.json:
        emit_json(record)
    else:
        emit_mapping(record, fmt, title=f"Actor {record['code']}")


def register(app: typer.Typer) -> None:
    app.add_typer(actors_app, name="actors")
