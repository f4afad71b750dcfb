"""JSON bodies built once with orjson, sent as they are.

Returning a :class:`fastapi.Response` skips FastAPI's validate-then-encode pass over every
row (a third of a request's time for a 240-row series); the ``response_model`` of each route
still documents the shape, and the API tests check it. The bytes are what the app caches.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Response

from shiftwatch.cli.output import _plain

OPTIONS = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON; dates as ISO strings, NaN as null, numpy and pandas values plain."""
    return orjson.dumps(value, default=_fallback, option=OPTIONS)


def _fallback(value: Any) -> Any:
    plain = _plain(value)
    if plain is value:
        raise TypeError(f"cannot encode {type(value).__name__} as JSON")
    return plain


def json_response(
    body: bytes, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        content=body, status_code=status_code, media_type="application/json", headers=headers
    )
