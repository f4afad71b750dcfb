"""One ``watch`` pass: fetch what is new -> ingest -> code -> re-test touched dyads -> alerts.

Every stage leaves the store consistent on its own (see :mod:`shiftwatch.watch.state`), so a
pass killed anywhere is finished by the next one with nothing lost or doubled: documents
dedupe by content hash, coding resumes by document, the dyads new documents touched stay
queued until the transaction that raises their alerts clears them, and delivery to the
JSON-lines file checks the ids already written.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shiftwatch.watch import state
from shiftwatch.watch.alerts import (
    Alert,
    append_jsonl,
    mark_delivered,
    post_webhook,
    raise_alerts,
    undelivered,
)
from shiftwatch.watch.collect import Collector, CollectReport
from shiftwatch.watch.fetch import Fetcher
from shiftwatch.watch.kinds import Thresholds, detect
from shiftwatch.watch.sources import WatchConfig

if TYPE_CHECKING:
    from shiftwatch.config import Settings
    from shiftwatch.store import Store

log = logging.getLogger(__name__)

STAGES = ("fetch", "code", "test", "alerts")
Progress = Callable[[str, int, int | None, str], None]


class Stopped(Exception):
    """Raised at a document boundary once a stop was requested (Ctrl-C)."""


@dataclass
class PassReport:
    """What one pass did; :meth:`summary` is the one line ``watch`` prints per pass."""

    collect: CollectReport = field(default_factory=CollectReport)
    coded: int = 0
    events: int = 0
    dyads: int = 0
    alerts: list[Alert] = field(default_factory=list)
    delivered: int = 0
    problems: list[str] = field(default_factory=list)
    stopped: bool = False
    seconds: float = 0.0
    code_seconds: float = 0.0
    test_seconds: float = 0.0
    test_cpu_seconds: float = 0.0  # all threads: the cost without other processes' load

    def summary(self) -> str:
        got = self.collect
        line = (
            f"{got.stored} new documents ({got.duplicates} seen before"
            f"{f', {got.not_modified} not modified' if got.not_modified else ''}"
            f"{f', {got.events_imported} GDELT events' if got.events_imported else ''}), "
            f"{self.coded} coded ({self.events} events), {self.dyads} dyads re-tested, "
            f"{len(self.alerts)} alert(s), {len(self.problems)} problem(s) in "
            f"{self.seconds:.1f}s"
        )
        return line + (" — stopped early" if self.stopped else "")


class StopFlag:
    """Set by the Ctrl-C handler; read between documents."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def __call__(self) -> bool:
        return self._event.is_set()


def run_pass(
    store: Store,
    config: WatchConfig,
    settings: Settings,
    *,
    stop: Callable[[], bool] = lambda: False,
    progress: Progress | None = None,
    limits: Thresholds | None = None,
    backoff: float = 1.0,
) -> PassReport:
    """Run one pass over ``config.sources`` into ``store``; never raises for a bad source."""
    started = time.perf_counter()
    report = PassReport()
    say = progress or (lambda stage, done, total, what: None)

    # 1. fetch and ingest
    with Fetcher(
        delay=config.delay, timeout=config.timeout, retries=config.retries, backoff=backoff
    ) as fetcher:
        ticks = 0

        def tick(what: str) -> None:
            nonlocal ticks
            ticks += 1
            say("fetch", ticks, None, what)

        collector = Collector(store, fetcher, stop, tick)
        for source in config.sources:
            if stop():
                collector.report.stopped = True
                break
            collector.run(source)
    report.collect = collector.report
    report.problems += collector.report.problems
    if collector.report.stopped:
        return _finish(report, started, stopped=True)

    # 2. code the new documents
    report.coded, report.events, report.code_seconds, stopped = _code(store, settings, stop, say)
    if stopped:
        return _finish(report, started, stopped=True)

    # 3. re-test the dyads they touched, raise alerts and clear the queue in one transaction
    tested, tested_cpu = time.perf_counter(), time.process_time()
    state.queue_new_documents(store)
    pending = state.pending(store)
    report.dyads = len(pending)
    say("test", 0, len(pending), "")
    if len(pending):
        candidates = detect(store, pending, limits)
        for alert in candidates:
            alert.watched = config.watchlist.covers(alert.actors)
        if config.only_watchlist:
            candidates = [alert for alert in candidates if alert.watched]
        with store.transaction() as con:
            report.alerts = raise_alerts(store, candidates)
            con.execute("DELETE FROM watch_pending")
    say("test", len(pending), len(pending), "")
    report.test_seconds = time.perf_counter() - tested
    report.test_cpu_seconds = time.process_time() - tested_cpu

    # 4. deliver
    report.delivered, failures = deliver(store, config)
    report.problems += failures
    return _finish(report, started, stopped=False)


def _finish(report: PassReport, started: float, stopped: bool) -> PassReport:
    report.stopped = stopped
    report.seconds = time.perf_counter() - started
    return report


def _code(
    store: Store, settings: Settings, stop: Callable[[], bool], say: Progress
) -> tuple[int, int, float, bool]:
    """Code every document not yet coded, stopping at a document boundary if asked."""
    from shiftwatch.coding import code

    started = time.perf_counter()
    before = _coded_counts(store)
    if before[2] == 0:
        return 0, 0, 0.0, False

    def on_document(done: int, total: int) -> None:
        say("code", done, total, "")
        if stop():
            raise Stopped

    stopped = False
    try:
        code(store, settings, progress=on_document)
    except Stopped:
        stopped = True
    after = _coded_counts(store)
    return after[0] - before[0], after[1] - before[1], time.perf_counter() - started, stopped


def _coded_counts(store: Store) -> tuple[int, int, int]:
    """(coded documents, coded events, English documents still to code) for this coder."""
    from shiftwatch.coder import CODER_VERSION

    row = store.con.execute(
        "SELECT count(*), coalesce(sum(events), 0) FROM coded_documents WHERE coder_version = ?",
        [CODER_VERSION],
    ).fetchall()[0]
    return int(row[0]), int(row[1]), store.count_to_code(CODER_VERSION)


def deliver(store: Store, config: WatchConfig) -> tuple[int, list[str]]:
    """Append undelivered alerts to the JSON-lines file and POST them to the webhook."""
    waiting = undelivered(store)
    if not waiting:
        return 0, []
    written, failures = 0, []
    if config.alerts is not None:
        try:
            written = append_jsonl(config.alerts, waiting)
        except OSError as exc:
            return 0, [f"{config.alerts}: cannot write alerts ({exc.strerror or exc})"]
    if config.webhook:
        failures = post_webhook(config.webhook, waiting, retries=config.retries)
    mark_delivered(store, waiting)
    return written, failures
