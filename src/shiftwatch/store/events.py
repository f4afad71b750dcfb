"""Event and sentence reads and writes (a mixin of :class:`shiftwatch.store.Store`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa

from shiftwatch.errors import StoreError
from shiftwatch.interrupts import atomic
from shiftwatch.models import Event
from shiftwatch.store.filters import EventFilter

if TYPE_CHECKING:
    import duckdb

EVENT_COLUMNS = [
    "id",
    "doc_id",
    "sentence_idx",
    "sentence",
    "date",
    "source",
    "source_sector",
    "source_text",
    "source_cameo",
    "target",
    "target_sector",
    "target_text",
    "target_cameo",
    "type",
    "mode",
    "cameo",
    "goldstein",
    "quad_class",
    "modality",
    "quantity",
    "quantity_unit",
    "location",
    "confidence",
    "coder_version",
    "evidence_start",
    "evidence_end",
    "trigger",
    "origin",
    "url",
    "external_id",
    "mentions",
    "extra",
    "event_date",
    "date_precision",
]

# What an import keeps beside the event itself (not part of the Event record or the API):
# the source line verbatim, its layout, its position in import order, the dataset's own
# actor type codes. See migration 004.
RAW_COLUMNS = ["raw", "raw_format", "raw_seq", "source_types", "target_types"]
STORED_COLUMNS = [*EVENT_COLUMNS, *RAW_COLUMNS]

# The kinds of stored rows: PLOVER events (what analyses count), rows whose code has no PLOVER
# type (CAMEO 01x statements), and rows with a PLOVER type whose source is no PLOVER-level
# actor. Those last are of two sorts an analyst weighs differently: rows with no source actor
# at all (GDELT's empty Actor1: the event is known, who did it is not; 170 of the 300 rows of
# the GDELT 2.0 sample) and rows whose source is a region, religion, ethnic group, bare type or
# a name no PLOVER-level actor matches (its CAMEO code or name is in source_cameo/source_text).
PLOVER_EVENT = "type <> '' AND source <> ''"
NO_SOURCE_ACTOR = "source = '' AND source_cameo = '' AND source_text = ''"
KIND_COUNTS = (
    f"count(*) FILTER (WHERE {PLOVER_EVENT}), "
    "count(*) FILTER (WHERE type = ''), "
    "count(*) FILTER (WHERE type <> '' AND source = ''), "
    f"count(*) FILTER (WHERE type <> '' AND {NO_SOURCE_ACTOR})"
)

# ``events.id`` has no primary key (migration 007: DuckDB holds a key's index in memory whole,
# and imports keep ids unique by an anti-join instead). Writers that replace events delete the
# stored rows with their ids first, in the same transaction as the insert.
REPLACE_IDS = "DELETE FROM events WHERE id IN (SELECT id FROM {rows})"


_EVENT_TYPES = {
    "sentence_idx": pa.int32(),
    "date": pa.date32(),
    "event_date": pa.date32(),
    "goldstein": pa.float64(),
    "quad_class": pa.int8(),
    "quantity": pa.float64(),
    "confidence": pa.float64(),
    "evidence_start": pa.int32(),
    "evidence_end": pa.int32(),
    "mentions": pa.int32(),
}
EVENT_SCHEMA = pa.schema([(name, _EVENT_TYPES.get(name, pa.string())) for name in EVENT_COLUMNS])
SENTENCE_COLUMNS = ("doc_id", "idx", "start_char", "end_char", "text")
SENTENCE_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("idx", pa.int32()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("text", pa.string()),
    ]
)

TEXT_COLUMNS = (
    "source_sector",
    "source_text",
    "source_cameo",
    "target_sector",
    "target_text",
    "target_cameo",
    "mode",
    "cameo",
    "quantity_unit",
    "location",
    "coder_version",
    "trigger",
    "date_precision",
)


def event_row(event: Event, origin: str = "shiftwatch", url: str | None = None) -> list[Any]:
    """The ``events`` table row for an :class:`Event`, in :data:`EVENT_COLUMNS` order."""
    target = event.target
    return [
        event.id,
        event.doc_id,
        event.sentence_idx,
        event.sentence,
        event.date,
        event.source.code,
        event.source.sector,
        event.source.text,
        event.source.cameo,
        target.code if target else None,
        target.sector if target else "",
        target.text if target else "",
        target.cameo if target else "",
        event.type,
        event.mode,
        event.cameo,
        event.goldstein,
        event.quad_class,
        event.modality,
        event.quantity,
        event.quantity_unit,
        event.location,
        event.confidence,
        event.coder_version,
        event.evidence_start,
        event.evidence_end,
        event.trigger,
        origin,
        url,
        None,
        1,
        None,
        event.event_date,
        event.date_precision,
    ]


def _extra_json(value: Any) -> str | None:
    """An imported row's ``extra`` as JSON text; a missing one (None, NaN) stays NULL."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value if isinstance(value, str) else json.dumps(value)


class EventQueries:
    con: duckdb.DuckDBPyConnection

    def save_coding(
        self,
        doc_id: str,
        coder_version: str,
        sentences: Sequence[tuple[int, int, int, str]],
        events: Sequence[Event],
        url: str | None = None,
    ) -> None:
        """Replace one document's sentences and coded events in a single transaction.

        Writing a document's whole result at once (and marking it coded in the same
        transaction) is what makes ``shiftwatch code`` resumable without duplicates.
        """
        self.save_codings([(doc_id, coder_version, sentences, events, url)])

    def save_codings(
        self,
        results: Sequence[
            tuple[str, str, Sequence[tuple[int, int, int, str]], Sequence[Event], str | None]
        ],
    ) -> None:
        """Replace several documents' sentences and events in one transaction.

        Each item is ``(doc_id, coder_version, sentences, events, url)``. Rows go in through
        Arrow tables, one statement per table, because DuckDB runs ``executemany`` row by row
        (tens of milliseconds per document, more than the coder itself costs).
        """
        if not results:
            return
        doc_ids = [doc_id for doc_id, *_ in results]
        sentence_rows = [
            (doc_id, idx, start, end, text)
            for doc_id, _, sentences, _, _ in results
            for idx, start, end, text in sentences
        ]
        event_rows = [
            event_row(event, url=url) for _, _, _, events, url in results for event in events
        ]
        coded_rows = [
            (doc_id, version, len(sentences), len(events))
            for doc_id, version, sentences, events, _ in results
        ]
        with atomic():  # a termination signal waits for the commit or rollback
            self.con.execute("BEGIN TRANSACTION")
            try:
                ids = pa.table({"doc_id": pa.array(doc_ids, pa.string())})
                self._bulk(
                    "_doc_ids",
                    ids,
                    "DELETE FROM sentences WHERE doc_id IN (SELECT doc_id FROM _doc_ids)",
                )
                self._bulk(
                    "_doc_ids",
                    ids,
                    "DELETE FROM events WHERE origin = 'shiftwatch' "
                    "AND doc_id IN (SELECT doc_id FROM _doc_ids)",
                )
                if sentence_rows:
                    table = pa.Table.from_pylist(
                        [dict(zip(SENTENCE_COLUMNS, row, strict=True)) for row in sentence_rows],
                        schema=SENTENCE_SCHEMA,
                    )
                    self._bulk(
                        "_sentence_rows",
                        table,
                        f"INSERT INTO sentences ({', '.join(SENTENCE_COLUMNS)}) "
                        f"SELECT {', '.join(SENTENCE_COLUMNS)} FROM _sentence_rows",
                    )
                if event_rows:
                    self._insert_rows(event_rows)
                coded = pa.table(
                    {
                        "doc_id": pa.array([row[0] for row in coded_rows], pa.string()),
                        "coder_version": pa.array([row[1] for row in coded_rows], pa.string()),
                        "sentences": pa.array([row[2] for row in coded_rows], pa.int32()),
                        "events": pa.array([row[3] for row in coded_rows], pa.int32()),
                    }
                )
                self._bulk(
                    "_coded_rows",
                    coded,
                    "INSERT OR REPLACE INTO coded_documents "
                    "(doc_id, coder_version, sentences, events)"
                    " SELECT doc_id, coder_version, sentences, events FROM _coded_rows",
                )
                self.con.execute("COMMIT")
            except BaseException:
                self.con.execute("ROLLBACK")
                raise

    def _bulk(self, name: str, table: pa.Table, *statements: str) -> None:
        """Run ``statements`` in order with ``table`` visible as ``name`` while they run."""
        self.con.register(name, table)
        try:
            for sql in statements:
                self.con.execute(sql)
        finally:
            self.con.unregister(name)

    def _insert_rows(self, rows: Sequence[list[Any]]) -> None:
        """Insert coded events, each replacing a stored event with its id (inside the
        caller's transaction); an id repeated among ``rows`` keeps its first row."""
        first: dict[Any, list[Any]] = {}
        for row in rows:
            first.setdefault(row[0], row)
        rows = list(first.values())
        columns = {
            name: [
                json.dumps(row[i]) if name == "extra" and row[i] is not None else row[i]
                for row in rows
            ]
            for i, name in enumerate(EVENT_COLUMNS)
        }
        table = pa.table(columns, schema=EVENT_SCHEMA)
        self._bulk(
            "_event_rows_in",
            table,
            REPLACE_IDS.format(rows="_event_rows_in"),
            f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) "
            f"SELECT {', '.join(EVENT_COLUMNS)} FROM _event_rows_in",
        )

    def insert_event_rows(self, rows: Sequence[dict[str, Any]] | pd.DataFrame) -> int:
        """Insert already-flattened event rows (imports) in one set-based statement.

        A stored id is replaced, never duplicated; an id repeated in ``rows`` keeps its first
        row. ``executemany`` runs row by row in DuckDB,
        so imports of hundreds of thousands of rows go through a DataFrame scan instead.
        """
        if len(rows) == 0:
            return 0
        frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame.from_records(rows)
        frame = frame.reindex(columns=EVENT_COLUMNS)
        defaults = {column: "" for column in TEXT_COLUMNS} | {
            "modality": "asserted",
            "origin": "import",
        }
        for column, default in defaults.items():
            frame[column] = frame[column].astype(object).fillna(default)
        frame["mentions"] = frame["mentions"].fillna(1)
        dated = frame["event_date"].isna() & frame["date"].notna()  # imports: date is the act's
        frame["event_date"] = frame["event_date"].astype(object).where(~dated, frame["date"])
        frame.loc[dated & (frame["date_precision"] == ""), "date_precision"] = "day"
        frame["extra"] = frame["extra"].map(_extra_json)
        frame = frame.drop_duplicates(subset="id", keep="first")
        types = dict(
            self.con.execute("SELECT column_name, column_type FROM (DESCRIBE events)").fetchall()
        )
        select = ", ".join(f'CAST("{name}" AS {types[name]})' for name in EVENT_COLUMNS)
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.register("_event_rows", frame)
            try:
                self.con.execute(REPLACE_IDS.format(rows="_event_rows"))
                self.con.execute(
                    f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) "
                    f"SELECT {select} FROM _event_rows"
                )
            finally:
                self.con.unregister("_event_rows")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return len(frame)

    def events(
        self,
        where: EventFilter | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
        **criteria: Any,
    ) -> pd.DataFrame:
        """Events matching ``where`` (or an :class:`EventFilter` of ``criteria``, such as
        ``dyad=("PRK", "RUS")``; actors are keys), oldest first."""
        condition, params = (where or EventFilter(**criteria)).sql()
        sql = (
            f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE {condition} "
            "ORDER BY date NULLS LAST, doc_id, sentence_idx, id"
        )
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        return self.con.execute(sql, params).df()

    def cluster_events(self) -> int:
        """Rewrite ``events`` in (source, target, date) order; returns the number of rows.

        DuckDB skips row groups whose min/max zone maps exclude a filter. Events appended as
        news is coded mix every dyad into every row group, so a dyad's series or event page
        reads the whole table; stored in dyad order, a dyad sits in one or two row groups and
        those queries read a few thousand rows instead of millions (about ten times faster
        at a million events). One transaction: a failure leaves the table as it was. Run it
        after bulk loads (``shiftwatch optimize``); later inserts are appended unsorted.
        """
        if getattr(self, "read_only", False):
            raise StoreError("the database is open read-only; cannot reorganise events")
        kind = self.con.execute(
            "SELECT table_type FROM information_schema.tables "
            "WHERE table_name = 'events' AND table_schema = 'main'"
        ).fetchone()
        if not kind or kind[0] != "BASE TABLE":
            raise StoreError("events is not a table in this database (Parquet view?)")
        (ddl,) = self.con.execute(
            "SELECT sql FROM duckdb_tables() WHERE table_name = 'events' AND schema_name = 'main'"
        ).fetchone()  # type: ignore[misc]
        indexes = [
            sql
            for (sql,) in self.con.execute(
                "SELECT sql FROM duckdb_indexes() WHERE table_name = 'events' AND sql IS NOT NULL"
            ).fetchall()
        ]
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute(ddl.replace("CREATE TABLE events", "CREATE TABLE _events_sorted", 1))
            self.con.execute(
                "INSERT INTO _events_sorted SELECT * FROM events "
                "ORDER BY source, target, date NULLS LAST, id"
            )
            self.con.execute("DROP TABLE events")
            self.con.execute("ALTER TABLE _events_sorted RENAME TO events")
            for sql in indexes:
                self.con.execute(sql)
            (rows,) = self.con.execute("SELECT count(*) FROM events").fetchone()  # type: ignore[misc]
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("CHECKPOINT")
        return int(rows)

    def sentences(self, doc_id: str) -> pd.DataFrame:
        """A coded document's sentences in order, with their character offsets."""
        return self.con.execute(
            "SELECT idx, start_char, end_char, text FROM sentences WHERE doc_id = ? ORDER BY idx",
            [doc_id],
        ).df()
