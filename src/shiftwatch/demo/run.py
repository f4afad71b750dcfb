"""``run_demo``: build a fresh demo database from the bundled corpus and brief PRK-RUS.

The demo is the whole pipeline on a story whose outcome is known (North Korea turning from
China toward Russia after 2022): ingest the illustrative corpus, code it, then ask the
analysis layer for the PRK-RUS brief, PRK's partner shares and the PRK-RUS shifts. Nothing
here special-cases the corpus; what the brief shows is what the coder found.

The database is built under a temporary name next to the target and moved into place only
when everything succeeded, so a failed or interrupted run never leaves a half-built demo
database, and never destroys the previous one. An existing file is replaced only when it is
a previous demo database (every document in it comes from the illustrative corpus) or when
the caller forces it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from shiftwatch.analysis.partners import era_shares
from shiftwatch.config import Settings, load_settings
from shiftwatch.demo import corpus_path
from shiftwatch.demo.summary import ERAS
from shiftwatch.errors import ShiftwatchError, StoreError
from shiftwatch.store import open_store

if TYPE_CHECKING:
    from shiftwatch.coding import CodeReport
    from shiftwatch.ingest import IngestReport
    from shiftwatch.store import Store

log = logging.getLogger(__name__)

DEFAULT_DB = Path("shiftwatch-demo.duckdb")
ACTOR, PARTNER = "PRK", "RUS"
ILLUSTRATIVE_URL = "https://example.org/illustrative/"
BRIEF_FORMATS = ("md", "html")

Progress = Callable[[str], None]


@dataclass
class DemoResult:
    """What the demo built and found; ``brief`` is the text ``shiftwatch demo`` prints."""

    db_path: Path
    ingest: IngestReport
    coding: CodeReport
    brief: str
    partner_shares: pd.DataFrame  # PRK's partners per quarter (analysis.partner_shares)
    eras: pd.DataFrame  # PRK's cooperative partner shares, 2018-2021 against 2022-2024
    shifts: pd.DataFrame  # detected shifts in either direction of the PRK-RUS dyad


def is_demo_database(path: Path) -> bool:
    """True when ``path`` is a Shiftwatch database whose documents all come from the demo.

    Anything else (not DuckDB, a newer schema, an empty database, a user's own documents)
    is not ours to overwrite.
    """
    try:
        store = open_store(path, read_only=True)
    except StoreError as exc:
        if "locked" in str(exc):
            raise
        return False
    with store:
        row = store.con.execute(
            "SELECT count(*), count(*) FILTER (WHERE url LIKE ?) FROM documents",
            [ILLUSTRATIVE_URL + "%"],
        ).fetchone()
    total, illustrative = row if row else (0, 0)
    return bool(total) and total == illustrative


def _remove(path: Path) -> None:
    for file in (path, Path(f"{path}.wal")):
        file.unlink(missing_ok=True)


def check_target(path: Path, force: bool) -> None:
    """Refuse to replace anything but a previous demo database unless ``force``."""
    if path.is_dir():
        raise ShiftwatchError(f"{path}: is a directory; pass a file path to --db")
    if not path.parent.exists():
        raise ShiftwatchError(f"{path}: folder {path.parent} does not exist")
    if path.exists() and not force and not is_demo_database(path):
        raise ShiftwatchError(
            f"{path}: exists and is not a previous demo database; choose another --db "
            "or pass --force to replace it"
        )


def run_demo(
    db_path: Path | str = DEFAULT_DB,
    settings: Settings | None = None,
    *,
    force: bool = False,
    fmt: str = "md",
    progress: Progress | None = None,
) -> DemoResult:
    """Build a fresh demo database at ``db_path`` and brief the PRK-RUS relationship.

    ``settings`` choose the spaCy model and batch size (its ``db`` is ignored: the demo
    never touches the user's own database). ``progress`` receives one line per stage.
    """
    if fmt not in BRIEF_FORMATS:
        raise ShiftwatchError(f"unknown brief format {fmt!r}; use md or html")
    settings = settings or load_settings()
    say = progress or (lambda message: log.info("%s", message))
    target = Path(db_path)
    check_target(target, force)
    building = target.with_name(f"{target.name}.building")
    _remove(building)  # a leftover of an interrupted demo run: ours by its name
    say(f"Building a fresh demo database at {target}")
    try:
        with open_store(building) as store:
            ingested = _ingest(store, say)
            coding = _code(store, settings, say)
            result = _analyse(store, fmt, say, ingested, coding)
    except BaseException:
        _remove(building)
        raise
    _remove(target)
    os.replace(building, target)
    if Path(f"{building}.wal").exists():
        os.replace(f"{building}.wal", f"{target}.wal")
    result.db_path = target
    return result


def _ingest(store: Store, say: Progress) -> IngestReport:
    from shiftwatch.documents import ColumnMap
    from shiftwatch.ingest import ingest

    columns = ColumnMap(
        text="text", date="date", title="title", url="url", source="source", id="id"
    )
    report = ingest([corpus_path()], store, fmt="jsonl", columns=columns)
    if report.failed or not report.stored:
        detail = "; ".join(report.errors[:3]) or "nothing stored"
        raise ShiftwatchError(f"{corpus_path()}: the demo corpus did not ingest ({detail})")
    say(f"Ingested the illustrative corpus: {report.summary()}")
    return report


def _code(store: Store, settings: Settings, say: Progress) -> CodeReport:
    from shiftwatch.coding import code

    say("Coding events (spaCy + rules) ...")
    report = code(store, settings)
    say(
        f"Coded {report.documents} documents: {report.sentences} sentences, "
        f"{report.events} events in {report.seconds:.1f}s"
    )
    return report


def _analyse(
    store: Store, fmt: str, say: Progress, ingested: IngestReport, coding: CodeReport
) -> DemoResult:
    from shiftwatch.analysis import detect_shifts, make_brief, partner_shares

    shares = partner_shares(store, ACTOR, freq="quarter")
    eras = era_shares(partner_shares(store, ACTOR, freq="year"), ERAS)
    shifts = detect_shifts(store, actor=ACTOR)
    pair = [ACTOR, PARTNER]
    shifts = shifts[shifts["source"].isin(pair) & shifts["target"].isin(pair)]
    brief = make_brief(store, ACTOR, PARTNER, fmt=fmt)
    say(f"Brief ready: {ACTOR}-{PARTNER}, {len(shifts)} shift(s) detected in the dyad")
    return DemoResult(
        db_path=store.path,
        ingest=ingested,
        coding=coding,
        brief=brief,
        partner_shares=shares,
        eras=eras,
        shifts=shifts.reset_index(drop=True),
    )
