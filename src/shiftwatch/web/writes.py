"""The one write the web app does: store a posted document and code it on arrival.

Writes go through the app's single connection under a lock, so two posts never race for
DuckDB's one writer; the document and its coding are stored only when coding succeeded, so a
refused or failed post leaves the database as it was.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from shiftwatch.errors import InputError
from shiftwatch.models import Document
from shiftwatch.web import queries

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
    """Store and code one posted document; a duplicate of a stored one is reported, not stored."""
    doc = posted_document(payload)
    with database.write_lock:
        store = database.request_store()
        try:
            row = store.con.execute(
                "SELECT id FROM documents WHERE hash = ?", [doc.hash]
            ).fetchone()
            if row is not None:
                return {"id": row[0], "stored": False, "duplicate": True, "events": []}
            coded = _code(database, doc)
            store.add_document(doc)
            if coded is not None:
                from shiftwatch.coder import CODER_VERSION

                store.save_coding(doc.id, CODER_VERSION, coded.sentences, coded.events, url=doc.url)
            _, events = queries.event_page(
                store, queries.EventFilter(doc_id=doc.id), limit=10_000, offset=0
            )
        finally:
            store.con.close()
            database.changed()
    log.info("stored posted document %s with %d events", doc.id, len(events))
    return {"id": doc.id, "stored": True, "duplicate": False, "events": events}


def _code(database: Database, doc: Document) -> Any:
    """The coder's result, or None for a document the English coder does not read."""
    if doc.language and doc.language != "en":
        return None
    return database.coder().code_document(doc)
