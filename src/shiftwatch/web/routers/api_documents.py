"""``/api/v1/documents``: list, read (with sentences and events) and ingest documents."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response, status

from shiftwatch.records import records
from shiftwatch.store import Store
from shiftwatch.store.filters import EventFilter
from shiftwatch.web import deps, queries, writes
from shiftwatch.web.routers.params import DateFrom, DateTo, IdPath, Limit, Offset, check_range
from shiftwatch.web.schemas import DocumentIn, DocumentOut, DocumentPage, IngestOut

router = APIRouter(tags=["documents"])
StoreDep = Annotated[Store, Depends(deps.store)]


@router.get("/documents", response_model=DocumentPage)
def list_documents(
    store: StoreDep,
    source: Annotated[str | None, Query(max_length=200)] = None,
    language: Annotated[str | None, Query(pattern=r"^[a-z]{2}$")] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Any:
    """Stored documents, newest first, without their text."""
    check_range(date_from, date_to)
    frame = store.documents(
        source=source,
        date_from=date_from,
        date_to=date_to,
        language=language,
        limit=limit,
        offset=offset,
    )
    total = store.count_documents(source, date_from, date_to, language)
    items = records(frame)
    for item in items:
        item["title"] = item["title"] or ""
        item["chars"] = item["chars"] or 0
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/documents/{doc_id}", response_model=DocumentOut)
def get_document(request: Request, store: StoreDep, doc_id: IdPath) -> Any:
    """One document: its text, its sentences (with offsets), the events coded from it and
    where its coding is (``coding.state``: a posted document is coded in the background)."""
    record = store.document(doc_id)
    record["coding"] = writes.coding_state(deps.database(request), store, record["id"])
    record["sentences"] = records(store.sentences(record["id"]))
    _, record["events"] = queries.event_page(
        store, EventFilter(doc_id=record["id"]), limit=10_000, offset=0
    )
    return record


def require_token(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_shiftwatch_token: Annotated[str | None, Header()] = None,
) -> None:
    """Writes need the server's token, as ``Authorization: Bearer <token>`` or a header.

    The server refuses every write when it has no token or runs read-only: an unset token is
    never "no password".
    """
    if request.app.state.read_only:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "server is read-only; writes are refused")
    expected = request.app.state.settings.token
    if not expected:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "writes are disabled: start the server with SHIFTWATCH_TOKEN"
        )
    given = x_shiftwatch_token
    if authorization and authorization.lower().startswith("bearer "):
        given = authorization[7:].strip()
    if not given or not secrets.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing or wrong token",
            headers={"WWW-Authenticate": "Bearer"},
        )


@router.post(
    "/documents",
    response_model=IngestOut,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(require_token)],
    responses={
        401: {"description": "missing or wrong token"},
        403: {"description": "writes disabled"},
        200: {"description": "the same document was stored before: its id, nothing stored"},
        413: {"description": "body too large"},
    },
)
def post_document(request: Request, response: Response, payload: DocumentIn) -> Any:
    """Store a document (plain text or HTML) at once; a background worker codes it.

    201 when it was stored; 200 with the stored document's id when the same text was posted
    before (nothing is stored twice), so a client can retry a post safely. ``coding.state``
    (``queued``, ``coding``, ``done``, ``failed``, ``skipped``) is followed at
    ``GET /api/v1/documents/{id}``, whose ``events`` fill in once it is ``done``. The body is
    at most 5 MB and the text at most 200,000 characters.
    """
    database = deps.database(request)
    result = writes.ingest_posted(database, payload)
    if result["duplicate"]:
        response.status_code = status.HTTP_200_OK
    return result
