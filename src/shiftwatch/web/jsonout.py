"""JSON bodies built once (``shiftwatch.records.json_bytes``, orjson), sent as they are.

Returning a :class:`fastapi.Response` skips FastAPI's validate-then-encode pass over every
row (a third of a request's time for a 240-row series); the ``response_model`` of each route
still documents the shape, and the API tests check it. The bytes are what the app caches.
"""

from __future__ import annotations

from fastapi import Response


def json_response(
    body: bytes, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        content=body, status_code=status_code, media_type="application/json", headers=headers
    )
