"""Import events coded elsewhere, in Shiftwatch's native event format (CSV, JSONL, Parquet).

Columns: ``date, source, target, type`` (required; ``target`` may be empty) and optional
``mode, cameo, goldstein, quad_class, modality, sentence, url, source_sector, target_sector``.
A bad row is reported by its line and skipped; good rows are stored. Missing CAMEO codes,
Goldstein scores and quad classes are filled from the PLOVER type with the ontology tables
when :mod:`shiftwatch.ontology` is installed, so imported events weigh like coded ones.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from shiftwatch.dates import iso_day
from shiftwatch.errors import InputError
from shiftwatch.ontology import MODALITIES, PLOVER_TYPES

if TYPE_CHECKING:
    from shiftwatch.store import Store

log = logging.getLogger(__name__)

REQUIRED = ("date", "source", "target", "type")
OPTIONAL = (
    "mode",
    "cameo",
    "goldstein",
    "quad_class",
    "modality",
    "sentence",
    "url",
    "source_sector",
    "target_sector",
)
FORMATS = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_CODE = re.compile(r"^[A-Z][A-Z0-9_-]*$")
_CAMEO = re.compile(r"^\d{2,4}$")
BATCH = 50_000


@dataclass
class ImportReport:
    """What an import did: rows read, stored and refused, with one message per refused row."""

    path: str
    read: int = 0
    stored: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "read": self.read,
            "stored": self.stored,
            "failed": self.failed,
            "errors": self.errors,
        }


def detect_format(path: Path, fmt: str) -> str:
    """The reader to use: the given format, or one guessed from the file suffix."""
    if fmt != "auto":
        if fmt not in set(FORMATS.values()):
            raise InputError(str(path), f"unknown format {fmt!r}; use csv, jsonl or parquet")
        return fmt
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputError(
            str(path), "cannot tell the format from the suffix; pass --format csv|jsonl|parquet"
        ) from None


def _read_csv(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [name.strip().lower() for name in reader.fieldnames or []]
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise InputError(f"{path}:1", f"missing required column(s) {', '.join(missing)}")
        reader.fieldnames = header
        line = reader.line_num + 1
        for row in reader:
            yield line, row
            line = reader.line_num + 1


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as handle:
        for line, text in enumerate(handle, 1):
            if not text.strip():
                continue
            try:
                row = json.loads(text)
            except json.JSONDecodeError as exc:
                yield line, {"__error__": f"not valid JSON ({exc.msg})"}
                continue
            if not isinstance(row, dict):
                yield line, {"__error__": "a line must hold one JSON object"}
                continue
            yield line, {str(key).lower(): value for key, value in row.items()}


def _read_parquet(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises several unrelated types for unreadable files
        raise InputError(str(path), f"not a readable Parquet file ({exc})") from exc
    columns = [name.lower() for name in table.column_names]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise InputError(str(path), f"missing required column(s) {', '.join(missing)}")
    yield from enumerate(table.rename_columns(columns).to_pylist(), 1)


READERS: dict[str, Callable[[Path], Iterator[tuple[int, dict[str, Any]]]]] = {
    "csv": _read_csv,
    "jsonl": _read_jsonl,
    "parquet": _read_parquet,
}


def _text(row: dict[str, Any], name: str) -> str:
    value = row.get(name)
    return "" if value is None else str(value).strip()


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = "" if value is None else str(value).strip()
    if not text:
        raise ValueError("date is empty")
    return iso_day(text[:10])


def _code(value: str, name: str, required: bool) -> str | None:
    code = value.upper()
    if not code:
        if required:
            raise ValueError(f"{name} is empty")
        return None
    if not _CODE.match(code):
        raise ValueError(f"{name} {value!r} is not an actor code (letters, e.g. USA, UN, ISIS)")
    return code


def _number(row: dict[str, Any], name: str, low: float, high: float) -> float | None:
    text = _text(row, name)
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name} {text!r} is not a number") from None
    if not low <= value <= high:
        raise ValueError(f"{name} {value:g} is outside [{low:g}, {high:g}]")
    return value


def parse_row(row: dict[str, Any]) -> dict[str, Any]:
    """One native row as an ``events`` row; raises ValueError naming the bad field."""
    if "__error__" in row:
        raise ValueError(row["__error__"])
    event_type = _text(row, "type").upper()
    if event_type not in PLOVER_TYPES:
        raise ValueError(f"type {event_type or '(empty)'!r} is not one of the 16 PLOVER types")
    modality = _text(row, "modality").lower() or "asserted"
    if modality not in MODALITIES:
        raise ValueError(f"modality {modality!r} is not one of {', '.join(MODALITIES)}")
    cameo = _text(row, "cameo")
    if cameo and not _CAMEO.match(cameo):
        raise ValueError(f"cameo {cameo!r} is not a 2-4 digit CAMEO code")
    quad = _number(row, "quad_class", 1, 4)
    if quad is not None and quad != int(quad):
        raise ValueError(f"quad_class {quad:g} is not 1, 2, 3 or 4")
    return {
        "date": _date(row.get("date")),
        "source": _code(_text(row, "source"), "source", required=True),
        "target": _code(_text(row, "target"), "target", required=False),
        "type": event_type,
        "mode": _text(row, "mode").lower(),
        "cameo": cameo,
        "goldstein": _number(row, "goldstein", -10, 10),
        "quad_class": None if quad is None else int(quad),
        "modality": modality,
        "sentence": _text(row, "sentence") or None,
        "url": _text(row, "url") or None,
        "source_sector": _text(row, "source_sector").upper(),
        "target_sector": _text(row, "target_sector").upper(),
    }


def ontology_filler() -> Callable[[dict[str, Any]], None] | None:
    """A function filling cameo, Goldstein and quad class from the PLOVER type, if it can."""
    try:
        from shiftwatch.ontology import cameo_code, choose_cameo, plover_type
    except ImportError:
        log.info("shiftwatch.ontology not installed; missing cameo/goldstein/quad stay null")
        return None

    def fill(event: dict[str, Any]) -> None:
        if not event["cameo"]:
            event["cameo"] = choose_cameo(event["type"], event["mode"])
        if event["goldstein"] is None:
            record = cameo_code(event["cameo"])
            event["goldstein"] = record.goldstein if record else None
        if event["quad_class"] is None:
            event["quad_class"] = plover_type(event["type"]).quad_class

    return fill


def event_id(content: str, occurrence: int) -> str:
    """Stable id from a row's content, so importing a file twice replaces, never doubles.

    ``occurrence`` numbers identical rows within a file: two identical lines are two reports.
    """
    key = f"{content}#{occurrence}"
    return "imp-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


def store_event_rows(store: Store, rows: list[dict[str, Any]] | pd.DataFrame) -> int:
    """Insert flattened event rows in one set-based statement; a repeated id replaces."""
    return store.insert_event_rows(rows)


def import_events(store: Store, path: str | Path, fmt: str = "auto") -> ImportReport:
    """Read a native event file into the store; bad rows are reported by line and skipped."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such file")
    reader = READERS[detect_format(path, fmt)]
    report = ImportReport(path=str(path))
    fill = ontology_filler()
    seen: Counter[str] = Counter()
    batch: list[dict[str, Any]] = []
    for line, row in reader(path):
        report.read += 1
        try:
            event = parse_row(row)
        except ValueError as exc:
            report.failed += 1
            report.errors.append(f"{path}:{line}: {exc}")
            continue
        if fill is not None:
            fill(event)
        content = json.dumps(event, default=str, sort_keys=True)
        seen[content] += 1
        event["id"] = event_id(content, seen[content])
        event["origin"] = "import"
        batch.append(event)
        if len(batch) >= BATCH:
            report.stored += store_event_rows(store, batch)
            batch = []
    report.stored += store_event_rows(store, batch)
    if report.failed:
        log.info("%s: %d of %d rows refused", path, report.failed, report.read)
    return report
