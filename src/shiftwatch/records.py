"""Records out: the one place rows become JSON, JSON lines, CSV or Parquet.

The CLI, the API, the pages and file exports all serialise through here, so a date, a NaN or
a numpy value reads the same whichever face shows it. Rows arrive as pandas DataFrames (a
query's answer) or plain dicts; :func:`plain` makes any value JSON-safe, :func:`records` turns
a frame into JSON-safe dicts, and the writers put them on a stream, into a file or into bytes.
Which fields a record has is its owner's business (the event record: ``schemas.event_record``);
how any record is written is decided here.
"""

from __future__ import annotations

import enum
import json
import math
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import orjson
import pandas as pd


class RecordFormat(enum.StrEnum):
    """Formats a listing of records can be written in as text."""

    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def plain(value: Any) -> Any:
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
            return plain(value.item())
        except (ValueError, AttributeError):
            pass
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        return [plain(item) for item in (value.tolist() if hasattr(value, "tolist") else value)]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
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
    return [{key: plain(value) for key, value in row.items()} for row in frame.to_dict("records")]


def json_text(data: Any) -> str:
    """An indented JSON document (UTF-8 text, not escaped), ending in a newline."""
    return json.dumps(plain(data), ensure_ascii=False, indent=2) + "\n"


def json_line(data: Any) -> str:
    """One JSON lines record: compact, unescaped UTF-8, ending in a newline."""
    return json.dumps(plain(data), ensure_ascii=False) + "\n"


def json_lines(rows: Iterable[Any]) -> str:
    """JSON lines: one :func:`json_line` per row."""
    return "".join(json_line(row) for row in rows)


_ORJSON_OPTIONS = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS


def json_bytes(value: Any) -> bytes:
    """Compact UTF-8 JSON for HTTP bodies; dates as ISO strings, NaN as null, numpy and pandas
    values plain. orjson encodes whole pages at once, several times faster than ``json``."""
    return orjson.dumps(value, default=_orjson_fallback, option=_ORJSON_OPTIONS)


def _orjson_fallback(value: Any) -> Any:
    converted = plain(value)
    if converted is value:
        raise TypeError(f"cannot encode {type(value).__name__} as JSON")
    return converted


def write_frame(frame: pd.DataFrame, fmt: RecordFormat, stream: IO[str]) -> None:
    """Write a listing to a text stream (standard output) as JSON, JSON lines or CSV."""
    if fmt is RecordFormat.json:
        stream.write(json_text(records(frame)))
    elif fmt is RecordFormat.jsonl:
        for row in records(frame):
            stream.write(json_line(row))
    else:
        write_csv(frame, stream)


def write_csv(frame: pd.DataFrame, target: IO[str] | Path) -> None:
    """CSV with a header, no index, floats without binary noise."""
    denoised(frame).to_csv(target, index=False)


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """One Parquet file, no index; types as the frame has them."""
    frame.to_parquet(path, index=False)
