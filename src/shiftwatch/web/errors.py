"""The one place where failures become HTTP answers: JSON for API clients, a page for browsers.

A browser (which asks for ``text/html``) gets a readable page with what went wrong and a way
back, also for an API URL typed into its address bar; API clients (``*/*`` or
``application/json``) keep the JSON bodies the API documents. Page URLs answer pages unless the
client asks for JSON first.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from shiftwatch.errors import InputError, ShiftwatchError
from shiftwatch.web.render import templates

log = logging.getLogger(__name__)

TITLES = {
    400: "Bad request",
    404: "Not found",
    405: "Not allowed",
    413: "Too large",
    422: "Cannot read these parameters",
    500: "Something went wrong",
    503: "Busy, try again",
}


def wants_html(request: Request) -> bool:
    """Whether the client should get the error as a page.

    API paths answer JSON unless the client asks for HTML before JSON (a browser on an API URL);
    every other path is a page and answers HTML unless the client asks for JSON first.
    """
    accept = request.headers.get("accept", "").lower()
    html_at, json_at = accept.find("text/html"), accept.find("application/json")
    if request.url.path.startswith("/api/"):
        return html_at >= 0 and (json_at < 0 or html_at < json_at)
    return json_at < 0 or (0 <= html_at < json_at)


def error_response(
    request: Request,
    status: int,
    message: str,
    error: str,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The error as a page or as JSON, whichever the client asked for."""
    message = _printable(message)
    if wants_html(request):
        context: dict[str, Any] = {
            "status": status,
            "title": TITLES.get(status, "Cannot show this page"),
            "message": message,
            "path": request.url.path,
            "read_only": getattr(request.app.state, "read_only", False),
        }
        return templates().TemplateResponse(
            request, "error.html", context, status_code=status, headers=headers
        )
    return JSONResponse({"detail": message, "error": error}, status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    """FastAPI's list of problems as one line: ``query.limit: Input should be ...; ...``."""
    parts = []
    for problem in exc.errors():
        location = ".".join(str(part) for part in problem.get("loc", ()))
        parts.append(f"{location}: {problem.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


_SURROGATES = re.compile("[\ud800-\udfff]")
MAX_ECHO_CHARS = 200
"""A refused value is echoed back this far: enough to recognise, never the whole 5 MB body."""


def _printable(value: Any) -> Any:
    """``value`` safe to encode and short: lone surrogates (which UTF-8 cannot hold, and which
    turned a 422 about them into a 500) become U+FFFD, long strings are cut."""
    if isinstance(value, str):
        if len(value) > MAX_ECHO_CHARS:
            value = value[:MAX_ECHO_CHARS] + "…"
        return _SURROGATES.sub("\ufffd", value)
    if isinstance(value, list):
        return [_printable(item) for item in value]
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    return value


def install(app: FastAPI) -> None:
    """Register the handlers for domain errors, HTTP errors, bad parameters and crashes."""

    @app.exception_handler(ShiftwatchError)
    async def shiftwatch_error(request: Request, exc: ShiftwatchError) -> Response:
        status = 422 if isinstance(exc, InputError) else exc.http_status
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        return error_response(request, status, str(exc), type(exc).__name__)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if not wants_html(request):
            # Keep FastAPI's own JSON shape for HTTP errors (clients already rely on it).
            return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"There is no page at {request.url.path}."
        return error_response(request, exc.status_code, message, "HTTPException", exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if not wants_html(request):
            return JSONResponse({"detail": _printable(jsonable_encoder(exc.errors()))}, 422)
        return error_response(request, 422, _validation_message(exc), "RequestValidationError")

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("%s %s failed", request.method, request.url.path)
        message = "The server failed to answer this request; the error has been logged."
        return error_response(request, 500, message, type(exc).__name__)
