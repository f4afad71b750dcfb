"""The ``shiftwatch`` command line: thin commands over the library, one module per resource.

Each command module exposes ``register(app)``; this module builds the app, owns the global
options and is the single place where :class:`ShiftwatchError` becomes an exit code.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path
from typing import Any

import click
import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperArgument, TyperGroup

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
    "shiftwatch.cli.watch",
]

GLOBAL_VALUE_OPTIONS = ("--db", "--model", "--actors", "--events-parquet")
"""Global options that take a value and may also be written after the command."""
GLOBAL_FLAGS = ("--verbose", "-v")


def hoist_global_options(args: list[str]) -> list[str]:
    """Move global options written after the command (``status --db x.duckdb``) before it.

    Users type ``shiftwatch status --db x.duckdb`` as often as ``shiftwatch --db x.duckdb
    status``; Click only reads a group's options before the command name, so they are moved
    there. Arguments after ``--`` are left alone.
    """
    head: list[str] = []
    rest: list[str] = []
    i, seen_command = 0, False
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        name = arg.split("=", 1)[0]
        if seen_command and name in GLOBAL_VALUE_OPTIONS:
            take = 1 if "=" in arg else 2
            head += args[i : i + take]
            i += take
            continue
        if (seen_command and arg in GLOBAL_FLAGS) or (
            not seen_command
            and (arg.startswith("-") or (head and head[-1] in GLOBAL_VALUE_OPTIONS))
        ):
            head.append(arg)
        else:
            seen_command = True
            rest.append(arg)
        i += 1
    return head + rest


def _plain_type(param: Any, ctx: click.Context, typer_type: str) -> str | None:
    """What ``--help`` shows as a parameter's type: ``PATH``, ``TEXT``, ``[md|html]``, or
    nothing for a flag (Typer's own labels are ``<bool>``, ``<list[Path]>``, ``<str>``)."""
    if getattr(param, "is_flag", False) or isinstance(param, TyperArgument):
        return None
    if param.metavar:
        return str(param.metavar)
    label = typer_type.strip("<>")
    if label.startswith("list[") and label.endswith("]"):
        label = label[5:-1]
    if "|" in label:
        return f"[{label}]"
    label = label.split()[0]  # "int range" -> "int"
    return _TYPE_NAMES.get(label.lower(), label.upper())


_TYPE_NAMES = {
    "bool": "",
    "str": "TEXT",
    "path": "PATH",
    "file": "PATH",
    "directory": "DIR",
    "int": "INTEGER",
    "float": "NUMBER",
}


def plain_metavars(command: Any) -> None:
    """Give every argument an upper-case name (``PATH...``) and every option a plain type."""
    for param in command.params:
        if isinstance(param, TyperArgument):
            _plain_argument(param)
        _plain_display(param)
    make_help = command.get_help_option

    def help_option(ctx: click.Context, make_help: Any = make_help) -> Any:
        option = make_help(ctx)
        if option is not None:
            _plain_display(option)
        return option

    command.get_help_option = help_option
    for child in getattr(command, "commands", {}).values():
        plain_metavars(child)


def _plain_argument(param: Any) -> None:
    """``PATH...`` (required) or ``[PATH...]`` (optional) in usage lines and help tables."""
    name = str(param.metavar or param.name or "value").upper().removesuffix("...")
    if param.nargs != 1:
        name += "..."
    param.metavar = name
    usage = name if param.required else f"[{name}]"
    param._usage_display_name = lambda: usage
    param._rich_display_name = lambda: name


def _plain_display(param: Any) -> None:
    original = param.display_type_rich

    def shown(ctx: click.Context, param: Any = param, original: Any = original) -> str | None:
        return _plain_type(param, ctx, original(ctx) or "") or None

    param.display_type_rich = shown


class ShiftwatchGroup(TyperGroup):
    """The root command group: global options are accepted before or after the command."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_metavars(self)

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        return super().parse_args(ctx, hoist_global_options(list(args)))

    def invoke(self, ctx: typer.Context) -> object:  # type: ignore[override]
        """Run the command; a :class:`ShiftwatchError` becomes one line on stderr and its exit
        code (2 for unknown values, 1 otherwise), with no traceback."""
        try:
            try:
                return super().invoke(ctx)
            except Exception as exc:  # a write the OS refused (disk full) is one line, too
                from shiftwatch.store import write_failure

                failure = write_failure(None, exc)
                if failure is None:
                    raise
                raise failure from exc
        except ShiftwatchError as exc:
            report(exc)
            raise typer.Exit(exc.exit_code) from None


def report(exc: ShiftwatchError) -> None:
    """The one line a domain error prints: ``error: <what is wrong>``."""
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    console.print(Text("error: ", style="bold red") + Text(str(exc)))


app = typer.Typer(
    name="shiftwatch",
    cls=ShiftwatchGroup,
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
        metavar="PATH",
        help="DuckDB database file, before or after the command [default: ./shiftwatch.duckdb]",
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
    ctx.meta["shiftwatch.db_given"] = db is not None
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
    except ShiftwatchError as exc:  # raised outside a command (while parsing, say)
        report(exc)
        sys.exit(exc.exit_code)
