"""``/api/v1/search``: ranked full-text search over coded sentences."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from shiftwatch.records import records
from shiftwatch.search import search_sentences
from shiftwatch.store import Store
from shiftwatch.web import deps
from shiftwatch.web.routers.params import Offset
from shiftwatch.web.schemas import SearchPage

router = APIRouter(tags=["search"])
StoreDep = Annotated[Store, Depends(deps.store)]
SearchQuery = Annotated[
    str, Query(min_length=1, max_length=200, description='words and "quoted phrases"')
]


@router.get("/search", response_model=SearchPage)
def search(
    store: StoreDep,
    q: SearchQuery,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Offset = 0,
) -> Any:
    """Sentences containing every word of ``q``, best BM25 match first."""
    total, frame, _ = search_sentences(store, q, limit, offset)
    return {"query": q, "total": total, "limit": limit, "offset": offset, "items": records(frame)}
