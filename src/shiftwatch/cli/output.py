"""Render listings as a Rich table, JSON, JSONL or CSV: the one place output formats live."""

from __future__ import annotations

import enum
import json
import math
import sys
from datetime import date, datetime
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table


class ListFormat(enum.StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _plain(value: Any) -> Any:
    """JSON-safe scalar: dates as ISO strings, NaN/NaT as null, numpy scalars as Python."""
    if value is None:
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        if pd.isna(value):
            return None
        return value.date().isoformat() if _midnight(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        try:
            return _plain(value.item())
        except (ValueError, AttributeError):
            pass
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        return [_plain(item) for item in (value.tolist() if hasattr(value, "tolist") else value)]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _midnight(value: datetime) -> bool:
    return (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as JSON-safe dicts."""
    return [{key: _plain(value) for key, value in row.items()} for row in frame.to_dict("records")]


def emit_json(data: Any) -> None:
    """Print a JSON document to stdout (no Rich markup, so it pipes cleanly)."""
    sys.stdout.write(json.dumps(_plain(data), ensure_ascii=False, indent=2) + "\n")


def emit_frame(
    frame: pd.DataFrame, fmt: ListFormat, title: str | None = None, max_width: int = 60
) -> None:
    """Print a listing in the requested format."""
    if fmt is ListFormat.json:
        emit_json(records(frame))
    elif fmt is ListFormat.jsonl:
        for row in records(frame):
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt is ListFormat.csv:
        frame.to_csv(sys.stdout, index=False)
    else:
        table = Table(title=title, show_lines=False)
        for column in frame.columns:
            table.add_column(str(column), overflow="fold", max_width=max_width)
        for row in records(frame):
            table.add_row(*("" if value is None else str(value) for value in row.values()))
        Console().print(table)
        if frame.empty:
            Console(stderr=True).print("[dim]no rows[/dim]")


def emit_mapping(data: dict[str, Any], fmt: ListFormat, title: str | None = None) -> None:
    """Print one record (a status, a document's metadata) as key/value table or JSON."""
    if fmt is ListFormat.table:
        table = Table(title=title, show_header=False)
        table.add_column("field", style="bold")
        table.add_column("value", overflow="fold")
        for key, value in data.items():
            table.add_row(str(key), "" if value is None else str(_plain(value)))
        Console().print(table)
    elif fmt is ListFormat.csv:
        pd.DataFrame([{k: _plain(v) for k, v in data.items()}]).to_csv(sys.stdout, index=False)
    elif fmt is ListFormat.jsonl:
        sys.stdout.write(json.dumps(_plain(data), ensure_ascii=False) + "\n")
    else:
        emit_json(data)
