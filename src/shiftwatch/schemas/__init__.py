"""The one event record: what every face prints for an event, documented as a JSON Schema.

``shiftwatch extract``, ``shiftwatch events --format json|jsonl``, ``shiftwatch export
--format jsonl`` and ``GET /api/v1/events`` all give an event as the same flat object: the
columns of the store's ``events`` table (:data:`EVENT_FIELDS`), the actors as ``source``,
``source_sector``, ``source_text``, ``source_cameo`` (and the same for ``target``), the evidence
as ``sentence``, ``evidence_start``, ``evidence_end``, ``trigger`` and ``url``.
``event.schema.json`` next to this module describes every field; the tests validate each
face's output against it.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shiftwatch.models import Event


@cache
def event_schema() -> dict[str, Any]:
    """The JSON Schema of an event record (``schemas/event.schema.json``)."""
    text = resources.files("shiftwatch.schemas").joinpath("event.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def event_fields() -> list[str]:
    """The event record's fields, in order (the store's ``events`` columns)."""
    from shiftwatch.store.events import EVENT_COLUMNS

    return list(EVENT_COLUMNS)


def event_record(row: dict[str, Any]) -> dict[str, Any]:
    """A stored event row (JSON-safe values) as the record: fields in order, ``extra`` an
    object (the store keeps it as JSON text)."""
    record = {name: row.get(name) for name in event_fields() if name in row}
    extra = record.get("extra")
    if isinstance(extra, str):
        try:
            extra = json.loads(extra) if extra else None
        except ValueError:
            extra = {"text": extra}
    if extra is not None and not isinstance(extra, dict):  # "NaN" stored by older imports
        extra = None if isinstance(extra, float) and extra != extra else {"value": extra}
    if "extra" in record:
        record["extra"] = extra
    return record


def event_from_model(event: Event, url: str | None = None) -> dict[str, Any]:
    """The record of an event the coder just produced (``extract``), as it would be stored."""
    from shiftwatch.store.events import event_row

    values = event_row(event, url=url)
    record = dict(zip(event_fields(), values, strict=True))
    for name in ("date", "event_date"):
        if record.get(name) is not None:
            record[name] = record[name].isoformat()
    return event_record(record)
