"""Print listings on the terminal: tables here; JSON, JSONL, CSV by ``shiftwatch.records``."""

from __future__ import annotations

import enum
import sys
from typing import Any

import pandas as pd

from shiftwatch.records import RecordFormat, json_line, json_text, plain, records, write_frame


class ListFormat(enum.StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def emit_json(data: Any) -> None:
    """Print a JSON document to stdout (no Rich markup, so it pipes cleanly)."""
    sys.stdout.write(json_text(data))


def emit_frame(
    frame: pd.DataFrame, fmt: ListFormat, title: str | None = None, max_width: int = 60
) -> None:
    """Print a listing in the requested format."""
    if fmt is not ListFormat.table:
        write_frame(frame, RecordFormat(fmt.value), sys.stdout)
    else:
        from shiftwatch.cli.tables import cell, print_rows

        rows = [[cell(value, "auto") for value in row.values()] for row in records(frame)]
        print_rows([str(c) for c in frame.columns], rows, ["auto"] * len(frame.columns), title)


def emit_mapping(data: dict[str, Any], fmt: ListFormat, title: str | None = None) -> None:
    """Print one record (a status, a document's metadata) as key/value table or JSON."""
    if fmt is ListFormat.table:
        from shiftwatch.cli.tables import print_mapping

        print_mapping({key: plain(value) for key, value in data.items()}, title)
    elif fmt is ListFormat.csv:
        row = pd.DataFrame([{key: plain(value) for key, value in data.items()}])
        write_frame(row, RecordFormat.csv, sys.stdout)
    elif fmt is ListFormat.jsonl:
        sys.stdout.write(json_line(data))
    else:
        emit_json(data)
