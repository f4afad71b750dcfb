"""Render listings as a Rich table, JSON, JSONL or CSV: the one place output formats live."""

from __future__ import annotations

import enum
import json
import math
import sys
from datetime import date, datetime
from typing import Any

import pandas as pd


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
    if isinstance(value, float):
        return None if math.isnan(value) else exact(value)
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


def exact(value: float) -> float:
    """``value`` without binary noise: 2.3000000000000003 -> 2.3 (12 significant digits are
    far beyond what any count, share or index here means, and print as people wrote them)."""
    if math.isinf(value) or value == 0:
        return value
    return float(f"{value:.12g}")


def denoised(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every float column passed through :func:`exact` (for CSV output)."""
    floats = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c])]
    if not floats:
        return frame
    return frame.assign(**{str(c): frame[c].map(exact, na_action="ignore") for c in floats})


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
        denoised(frame).to_csv(sys.stdout, index=False)
    else:
        from shiftwatch.cli.tables import cell, print_rows

        rows = [[cell(value, "auto") for value in row.values()] for row in records(frame)]
        print_rows([str(c) for c in frame.columns], rows, ["auto"] * len(frame.columns), title)


def emit_mapping(data: dict[str, Any], fmt: ListFormat, title: str | None = None) -> None:
    """Print one record (a status, a document's metadata) as key/value table or JSON."""
    if fmt is ListFormat.table:
        from shiftwatch.cli.tables import print_mapping

        print_mapping({key: _plain(value) for key, value in data.items()}, title)
    elif fmt is ListFormat.csv:
        pd.DataFrame([{k: _plain(v) for k, v in data.items()}]).to_csv(sys.stdout, index=False)
    elif fmt is ListFormat.jsonl:
        sys.stdout.write(json.dumps(_plain(data), ensure_ascii=False) + "\n")
    else:
        emit_json(data)
