"""The one write the web app does: store a posted document, then code it in the background.

Writes go through the app's single connection under a lock, so two posts never race for
DuckDB's one writer; a refused post leaves the database as it was. Coding happens in
:mod:`shiftwatch.web.coding_worker`, off the request path.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from shiftwatch.documents.base import document_problem
from shiftwatch.errors import InputError
from shiftwatch.models import Document
from shiftwatch.store import Store
from shiftwatch.web.coding_worker import QueueFull
from shiftwatch.web.schemas import MAX_POSTED_CHARS

if TYPE_CHECKING:
    from shiftwatch.web.deps import Database
    from shiftwatch.web.schemas import DocumentIn

log = logging.getLogger(__name__)


def posted_document(payload: DocumentIn) -> Document:
    """The posted text or HTML as a document.

    HTML goes through the reader the ``ingest`` command uses. Plain ``text`` is the body as
    it was sent: the title is the ``title`` field or none, never guessed from the body, so a
    one-line post is a one-sentence document rather than a title with no article.
    """
    from shiftwatch.documents.base import ReadOptions
    from shiftwatch.documents.language import detect_language

    origin = "POST /api/v1/documents"
    options = ReadOptions(source=payload.source, published=payload.published)
    if payload.html is not None:
        from shiftwatch.documents.html import parse_html

        doc = parse_html(payload.html, origin, options, url=payload.url)
    else:
        body = (payload.text or "").strip()
        if not body:
            raise InputError(origin, "the text is empty")
        doc = Document(
            text=body,
            title=payload.title,
            source=payload.source,
            published=payload.published,
            origin=origin,
        )
    if payload.title:
        doc.title = payload.title
    if payload.url:
        doc.url = payload.url
    doc.language = detect_language(doc.text)
    return doc


def ingest_posted(database: Database, payload: DocumentIn) -> dict[str, Any]:
    """Store one posted document at once and queue it for coding; a duplicate of a stored
    one is reported, not stored.

    Only the insert runs under the write lock (milliseconds), so a long article never holds
    other posts; the coding worker saves the events later (``coding`` says where it is).
    """
    doc = posted_document(payload)
    problem = document_problem(doc)
    if problem is None and len(doc.text) > MAX_POSTED_CHARS:
        limit = MAX_POSTED_CHARS
        problem = f"the text is {len(doc.text):,} characters, over the limit of {limit:,}"
    if problem:
        raise InputError("POST /api/v1/documents", problem)
    with database.write_lock:
        store = database.request_store()
        try:
            row = store.con.execute(
                "SELECT id FROM documents WHERE hash = ?", [doc.hash]
            ).fetchone()
            if row is not None:
                return {"id": row[0], "stored": False, "duplicate": True, "events": [],
                        "coding": coding_state(database, store, row[0])}  # fmt: skip
            store.add_document(doc)
        finally:
            store.con.close()
            database.changed()
    try:
        coding = database.coding_worker().submit(doc.id)
    except QueueFull as exc:
        log.warning("posted document %s stored, not queued: %s", doc.id, exc)
        coding = {"state": "not queued", "reason": f"{exc}; run 'shiftwatch code'"}
    log.info("stored posted document %s; coding %s", doc.id, coding["state"])
    return {"id": doc.id, "stored": True, "duplicate": False, "events": [], "coding": coding}


def coding_state(database: Database, store: Store, doc_id: str) -> dict[str, Any]:
    """Where a document's coding is: the worker's state, else what the store says."""
    state = database.coding_worker().state(doc_id)
    if state is not None and state["state"] != "done":
        return state
    row = store.con.execute(
        "SELECT events FROM coded_documents WHERE doc_id = ? ORDER BY coded_at DESC LIMIT 1",
        [doc_id],
    ).fetchone()
    if row is not None:
        return {"state": "done", "events": int(row[0])}
    return state or {"state": "not coded"}
