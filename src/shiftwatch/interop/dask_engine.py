"""Coding on a Dask cluster: the same coder, one pipeline per worker, Parquet parts back.

``shiftwatch code --engine dask`` sends batches of documents to workers (a LocalCluster on
127.0.0.1 when no scheduler address is given). Each worker process builds one
:class:`~shiftwatch.coder.Coder` and keeps it for every batch; a batch comes back as two Parquet
buffers (sentences, events), which the client turns back into coded documents and stores with
``Store.save_coding``, one transaction per document. Tasks are keyed by the batch's document ids,
so a retried or duplicated task yields the same key and result, and storing replaces a
document's sentences and events as a whole: nothing can be stored twice.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import logging
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from shiftwatch.config import Settings
from shiftwatch.errors import ConfigError
from shiftwatch.models import ActorRef, Document, Event
from shiftwatch.store.events import (
    EVENT_COLUMNS,
    EVENT_SCHEMA,
    SENTENCE_COLUMNS,
    SENTENCE_SCHEMA,
    event_row,
)

log = logging.getLogger(__name__)

_WORKER_CODER: Any = None


def _coder(settings: Settings) -> Any:
    """The worker process's Coder, built on its first batch and reused after."""
    global _WORKER_CODER
    if _WORKER_CODER is None:
        from shiftwatch.coder import Coder

        _WORKER_CODER = Coder(settings)
    return _WORKER_CODER


def _parquet(columns: list[str], rows: list[list[Any]], schema: pa.Schema | None) -> bytes:
    table = pa.Table.from_pylist(
        [dict(zip(columns, row, strict=True)) for row in rows], schema=schema
    )
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def code_batch(settings: Settings, documents: list[Document]) -> dict[str, bytes]:
    """Runs on a worker: code ``documents``, return sentences and events as Parquet buffers."""
    coder = _coder(settings)
    sentences: list[list[Any]] = []
    events: list[list[Any]] = []
    for document, coded in zip(documents, coder.code_documents(documents), strict=True):
        sentences += [[document.id, *sentence] for sentence in coded.sentences]
        events += [event_row(event, url=document.url) for event in coded.events]
    return {
        "sentences": _parquet(list(SENTENCE_COLUMNS), sentences, SENTENCE_SCHEMA),
        "events": _parquet(EVENT_COLUMNS, events, EVENT_SCHEMA),
    }


def _events_from(row: dict[str, Any]) -> Event:
    target = None
    if row["target"] is not None:
        target = ActorRef(
            row["target"], row["target_sector"], row["target_text"], row["target_cameo"]
        )
    return Event(
        doc_id=row["doc_id"],
        sentence_idx=row["sentence_idx"],
        sentence=row["sentence"],
        date=row["date"],
        source=ActorRef(
            row["source"], row["source_sector"], row["source_text"], row["source_cameo"]
        ),
        target=target,
        type=row["type"],
        mode=row["mode"],
        cameo=row["cameo"],
        goldstein=row["goldstein"],
        quad_class=row["quad_class"],
        modality=row["modality"],
        quantity=row["quantity"],
        quantity_unit=row["quantity_unit"],
        location=row["location"],
        confidence=row["confidence"],
        coder_version=row["coder_version"],
        evidence_start=row["evidence_start"],
        evidence_end=row["evidence_end"],
        trigger=row["trigger"],
        id=row["id"],
        event_date=row.get("event_date"),
        date_precision=row.get("date_precision") or "",
    )


def unpack(documents: list[Document], parts: dict[str, bytes]) -> Iterator[tuple[Document, Any]]:
    """(document, CodedDocument) pairs rebuilt from a batch's Parquet buffers, in order."""
    from shiftwatch.coder import CodedDocument

    sentences: dict[str, list[tuple[int, int, int, str]]] = {doc.id: [] for doc in documents}
    for row in pq.read_table(io.BytesIO(parts["sentences"])).to_pylist():
        sentences[row["doc_id"]].append(
            (row["idx"], row["start_char"], row["end_char"], row["text"])
        )
    events: dict[str, list[Event]] = {doc.id: [] for doc in documents}
    for row in pq.read_table(io.BytesIO(parts["events"])).to_pylist():
        events[row["doc_id"]].append(_events_from(row))
    for document in documents:
        yield (
            document,
            CodedDocument(
                doc_id=document.id, sentences=sentences[document.id], events=events[document.id]
            ),
        )


def _batch_key(documents: list[Document]) -> str:
    from shiftwatch.coder import CODER_VERSION

    digest = hashlib.sha1(CODER_VERSION.encode())
    for document in documents:
        digest.update(document.id.encode())
    return f"shiftwatch-code-{digest.hexdigest()[:16]}"


def _client(scheduler: str | None, workers: int | None) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is a declared dependency
        raise ConfigError("--engine dask needs the 'distributed' package") from exc
    if scheduler:
        try:
            return Client(scheduler, timeout="30s"), None
        except OSError as exc:
            raise ConfigError(f"cannot reach Dask scheduler {scheduler} ({exc})") from exc
    cluster = LocalCluster(
        n_workers=workers or 2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    return Client(cluster), cluster


def coded_stream(
    documents: Iterable[Document],
    settings: Settings,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
) -> Iterator[tuple[Document, Any]]:
    """(document, coded) pairs in document order, coded by Dask workers.

    At most a few batches per worker are in flight, so memory stays flat however many
    documents the store holds.
    """
    client, cluster = _client(scheduler, workers)
    try:
        width = max(len(client.scheduler_info().get("workers", {})), workers or 1, 1)
        pending: deque[tuple[list[Document], Any]] = deque()
        iterator = iter(documents)
        while batch := list(itertools.islice(iterator, settings.batch_size)):
            pending.append(
                (
                    batch,
                    client.submit(code_batch, settings, batch, key=_batch_key(batch), retries=2),
                )
            )
            if len(pending) >= 2 * width:
                done, future = pending.popleft()
                yield from unpack(done, future.result())
        while pending:
            done, future = pending.popleft()
            yield from unpack(done, future.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
