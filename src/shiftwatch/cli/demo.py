"""``shiftwatch demo``: build the illustrative demo database and print the PRK-RUS brief."""

from __future__ import annotations

import enum
from pathlib import Path

import typer
from rich.console import Console

from shiftwatch.cli import context

DEFAULT_DB = Path("shiftwatch-demo.duckdb")


class BriefFormat(enum.StrEnum):
    md = "md"
    html = "html"


def demo(
    ctx: typer.Context,
    db_path: Path = typer.Option(
        None,
        "--db-path",
        metavar="PATH",
        hidden=True,
        help="where to build the demo database (same as --db) [default: shiftwatch-demo.duckdb]",
    ),
    fmt: BriefFormat = typer.Option(BriefFormat.md, "--format", "-f", help="brief format"),
    output: Path = typer.Option(None, "--output", "-o", help="write the brief to this file"),
    force: bool = typer.Option(
        False, "--force", help="replace the --db file even if it is not a previous demo database"
    ),
) -> None:
    """Build a fresh database from the bundled illustrative corpus and print the brief.

    Ingests and codes ~120 short items written by the Shiftwatch developers (illustrative,
    not a source of record), then briefs PRK-RUS and PRK's partner shares.
    """
    from shiftwatch.demo.run import run_demo
    from shiftwatch.demo.summary import render_eras

    if output is not None and not output.parent.is_dir():
        raise typer.BadParameter(f"folder {output.parent} does not exist", param_hint="--output")
    db_path = _target(ctx, db_path)
    console = Console(stderr=True, highlight=False)
    result = run_demo(
        db_path, context.settings(ctx), force=force, fmt=fmt.value, progress=console.print
    )
    eras = render_eras(result.eras, "PRK", fmt.value)
    text = _combine(result.brief, eras, fmt.value)
    if output:
        output.write_text(text, encoding="utf-8")
        console.print(f"Wrote the brief to {output}")
    else:
        typer.echo(text)
    console.print(
        f"Explore the demo database: shiftwatch --db {result.db_path} status "
        "(see the README for the other commands)"
    )


def _target(ctx: typer.Context, db_path: Path | None) -> Path:
    """Where to build: ``--db`` (before or after the command) or ``--db-path``, else the default.

    ``SHIFTWATCH_DB`` alone does not count: it usually names the user's own database, which
    the demo would refuse to replace anyway.
    """
    given = context.settings(ctx).db if ctx.find_root().meta.get("shiftwatch.db_given") else None
    if given is not None and db_path is not None and given != db_path:
        raise typer.BadParameter(f"--db {given} and --db-path {db_path} differ; give one")
    return db_path or given or DEFAULT_DB


def _combine(brief: str, section: str, fmt: str) -> str:
    """The brief followed by the demo's partner section (inside the body for HTML)."""
    if fmt == "html" and "</body>" in brief:
        head, _, tail = brief.rpartition("</body>")
        return f"{head}{section}</body>{tail}"
    return f"{brief.rstrip()}\n\n{section}"


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
