"""``watch`` (monitor sources, raise alerts) and ``alerts`` (list what was raised).

``watch`` runs passes of :func:`shiftwatch.watch.runner.run_pass`: ``--once`` for cron,
``--every 15m`` to loop. Ctrl-C asks the pass to stop after the current document (a second
Ctrl-C stops at once; the store is transactional either way).
"""

from __future__ import annotations

import signal
import sys
import time
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any

import typer
from rich.console import Console
from rich.progress import Progress, TaskID, TextColumn

from shiftwatch.cli import context
from shiftwatch.cli.documents import parse_day
from shiftwatch.cli.output import ListFormat, emit_frame
from shiftwatch.errors import ConfigError


def _config(
    sources: list[str],
    sources_file: Path | None,
    alerts: Path | None,
    webhook: str | None,
    watchlist: str | None,
    only_watchlist: bool,
    every: str | None,
) -> Any:
    from shiftwatch.watch.sources import (
        WatchConfig,
        load_sources,
        parse_every,
        parse_watchlist,
        source_from_argument,
    )

    config = load_sources(sources_file) if sources_file else WatchConfig()
    config.sources += [source_from_argument(value) for value in sources]
    if not config.sources:
        raise ConfigError("nothing to watch: give a SOURCE or --sources FILE")
    if alerts is not None:
        config.alerts = alerts
    if config.alerts is not None and not config.alerts.parent.exists():
        raise ConfigError(f"{config.alerts}: folder {config.alerts.parent} does not exist")
    if webhook:
        if not webhook.startswith(("http://", "https://")):
            raise ConfigError(f"--webhook: {webhook!r} is not an http(s) URL")
        config.webhook = webhook
    if watchlist:
        extra = parse_watchlist([watchlist], "--watch")
        config.watchlist.actors |= extra.actors
        config.watchlist.dyads |= extra.dyads
    if only_watchlist:
        if not config.watchlist:
            raise ConfigError("--only-watchlist needs a watchlist (--watch or the sources file)")
        config.only_watchlist = True
    if every:
        config.every = parse_every(every)
    return config


class _Stages:
    """A Rich progress line per stage (fetch, code, test), on stderr."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int | None, what: str) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        label = f"{stage:<6} {done}{f'/{total}' if total else ''} {what[-70:]}"
        self.progress.update(self.tasks[stage], completed=done, total=total, description=label)


def watch(
    ctx: typer.Context,
    sources: list[str] = typer.Argument(
        None, help="folders, globs, feed or article URLs, gdelt:INDEX-URL-OR-FOLDER"
    ),
    sources_file: Path = typer.Option(None, "--sources", help="TOML sources file"),
    alerts: Path = typer.Option(None, "--alerts", help="append new alerts to FILE.jsonl"),
    once: bool = typer.Option(False, "--once", help="run one pass and exit (for cron)"),
    every: str = typer.Option(None, "--every", help="run a pass every INTERVAL (30s, 15m, 1h)"),
    watchlist: str = typer.Option(None, "--watch", help="actors or dyads to mark: PRK,RUS-CHN"),
    only_watchlist: bool = typer.Option(
        False, "--only-watchlist", help="raise only alerts on the watchlist"
    ),
    webhook: str = typer.Option(None, "--webhook", help="POST each new alert to this URL"),
) -> None:
    """Watch sources: fetch what is new, ingest, code, re-test touched dyads, raise alerts."""
    from shiftwatch.watch.runner import StopFlag, run_pass

    if once and every:
        raise ConfigError("--once and --every are exclusive")
    if ctx.find_root().meta.get("shiftwatch.events_parquet") is not None:
        raise ConfigError("watch writes to a database file; it cannot run on --events-parquet")
    config = _config(sources or [], sources_file, alerts, webhook, watchlist, only_watchlist, every)
    interval = None if once else config.every
    settings = context.settings(ctx)
    err = Console(stderr=True, highlight=False)
    stop = StopFlag()

    def on_interrupt(signum: int, frame: FrameType | None) -> None:
        if stop():
            raise KeyboardInterrupt
        stop.set()
        err.print("[yellow]stopping after the current document (Ctrl-C again to abort)[/]")

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        while True:
            with context.store(ctx, create=True) as store:
                columns = (TextColumn("{task.description}"),)
                with Progress(*columns, console=err, transient=True) as bar:
                    report = run_pass(store, config, settings, stop=stop, progress=_Stages(bar))
            for problem in report.problems[:20]:
                err.print(f"[yellow]warning:[/] {problem}", soft_wrap=True)
            for alert in report.alerts:
                mark = "★ " if alert.watched else ""
                sys.stdout.write(f"ALERT {mark}{alert.kind} {alert.summary}\n")
            err.print(f"pass: {report.summary()}", soft_wrap=True)
            if interval is None or stop():
                break
            deadline = time.monotonic() + interval
            while time.monotonic() < deadline and not stop():
                time.sleep(min(1.0, deadline - time.monotonic()))
            if stop():
                break
    finally:
        signal.signal(signal.SIGINT, previous)


def alerts(
    ctx: typer.Context,
    kind: str = typer.Option(None, "--kind", help="level, volume or reliance"),
    actor: str = typer.Option(None, "--actor", help="alerts involving this actor"),
    watched: bool = typer.Option(False, "--watched", help="only alerts on the watchlist"),
    since: str = typer.Option(None, "--since", help="raised on or after YYYY-MM-DD"),
    limit: int = typer.Option(50, "--limit", min=1, max=10_000, help="most alerts to list"),
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="output format"),
) -> None:
    """List raised alerts, newest first (what ``watch`` found)."""
    import pandas as pd

    from shiftwatch.watch.alerts import list_alerts

    parsed = parse_day(since, "--since")
    day: date | None = parsed.date() if parsed else None
    with context.store(ctx, read_only=True) as store:
        found = list_alerts(store, kind=kind, actor=actor, watched=watched, since=day, limit=limit)
    rows = [alert.to_dict() for alert in found]
    if fmt in (ListFormat.table, ListFormat.csv):
        rows = [
            {
                "raised_at": row["raised_at"],
                "kind": row["kind"],
                "actors": "-".join(row["actors"]),
                "watched": "★" if row["watched"] else "",
                "summary": row["summary"],
                "p_value": row["p_value"],
                "evidence": " | ".join(
                    f"{e['date']} {e['sentence'] or ''} {e['url'] or ''}".strip()
                    for e in row["details"].get("evidence", [])
                ),
            }
            for row in rows
        ]
    emit_frame(pd.DataFrame(rows), fmt, title="Alerts")


def register(app: typer.Typer) -> None:
    app.command("watch")(watch)
    app.command("alerts")(alerts)
