"""Tables to take away: events streamed as CSV, analysis tables as CSV or JSON files.

Events can run to millions of rows, so ``/api/v1/events?format=csv`` streams them: one query
over its own cursor, fetched a few thousand rows at a time and written as CSV lines, so memory
stays flat whatever the size (the page size limit does not apply to a download).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pandas as pd
from fastapi.responses import Response, StreamingResponse

from shiftwatch.store.filters import EventFilter
from shiftwatch.web import queries
from shiftwatch.web.deps import Database

FETCH_ROWS = 5000


def _cell(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN
        return ""
    return "" if value is None else value


def _lines(header: list[str], rows: Iterator[tuple[Any, ...]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def event_csv(database: Database, where: EventFilter, filename: str) -> Response:
    """Every event matching ``where`` as a streamed CSV attachment, oldest first."""
    sql_where, params = where.sql()
    columns = queries.API_EVENT_COLUMNS

    def rows() -> Iterator[tuple[Any, ...]]:
        view = database.request_store()
        try:
            cursor = view.con.execute(
                f"SELECT {', '.join(columns)} FROM events WHERE {sql_where} "
                "ORDER BY date NULLS LAST, doc_id, sentence_idx, id",
                params,
            )
            while batch := cursor.fetchmany(FETCH_ROWS):
                yield from batch
        finally:
            view.con.close()

    return StreamingResponse(
        _lines(columns, rows()),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def table_csv(frame: pd.DataFrame, filename: str) -> Response:
    """A small analysis table (shifts, partners, blocs) as a CSV attachment."""
    flat = frame.copy()
    for column in flat.columns:
        if flat[column].map(lambda value: isinstance(value, (list, dict))).any():
            flat[column] = flat[column].map(_summary)
    body = flat.to_csv(index=False)
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _summary(value: Any) -> str:
    """A nested cell (a shift's evidence list) flattened to the event ids or texts it holds."""
    if isinstance(value, list):
        return " | ".join(
            str(item.get("id", item)) if isinstance(item, dict) else str(item) for item in value
        )
    return str(value)
