"""The web application: JSON API under ``/api/v1`` and server-rendered pages over one store.

Routers are split by resource (``routers/``); this module wires them together, owns the
database's lifetime and installs :mod:`shiftwatch.web.errors`, the single place where a failure
becomes an HTTP status: JSON for API clients, an HTML page for browsers.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shiftwatch import __version__
from shiftwatch.config import Settings
from shiftwatch.web import errors as web_errors
from shiftwatch.web.deps import Database
from shiftwatch.web.guards import HeadAsGet, SecurityHeaders
from shiftwatch.web.render import templates

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 5_000_000
"""Largest request body accepted (a long article as HTML is well under 1 MB)."""


class BodySizeLimit:
    """Refuse bodies over ``limit`` bytes with 413, by header or by counting a streamed body.

    Pure ASGI so it sees the body before any handler reads it: a client cannot make the
    server buffer gigabytes by lying about, or leaving out, Content-Length.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0 or declared > self.limit:
                    await self._refuse(scope, receive, send)
                    return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge(self.limit)
            return message

        try:
            await self.app(scope, counting_receive, send)
        except _TooLarge:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse(
            {"detail": f"request body larger than {self.limit} bytes", "error": "TooLarge"},
            status_code=413,
        )
        await response(scope, receive, send)


class _TooLarge(HTTPException):
    """Raised while a body is being read; FastAPI passes HTTPExceptions through as they are."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than {limit} bytes")


def create_app(
    settings: Settings, read_only: bool = False, max_body_bytes: int = MAX_BODY_BYTES
) -> FastAPI:
    """Build the app over the database named in ``settings``.

    The database is opened here, so a missing or locked file is reported before the server
    starts listening; ``read_only`` opens it read-only and refuses every write endpoint.
    """

    database = Database(settings, read_only=read_only)  # fails here, before serving, if it must

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        log.info("serving %s%s", settings.db, " (read-only)" if read_only else "")
        threading.Thread(target=database.warm_up, name="warm-up", daemon=True).start()
        try:
            yield
        finally:
            database.close()

    app = FastAPI(
        title="Shiftwatch",
        version=__version__,
        description="Events between international actors coded from news, with their evidence.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.database = database
    app.state.settings = settings
    app.state.read_only = read_only

    web_errors.install(app)

    @app.get("/api/v1/docs", include_in_schema=False)
    def api_docs(request: Request) -> Response:
        """Swagger UI from the installed fastapi-offline package: no CDN, no inline script."""
        context = {"openapi_url": app.openapi_url}
        return templates().TemplateResponse(request, "api_docs.html", context)

    from shiftwatch.web.routers import (
        alerts,
        api_analysis,
        api_documents,
        api_events,
        api_search,
        pages,
    )

    for module in (api_events, api_analysis, api_documents, api_search):
        app.include_router(module.router, prefix="/api/v1")
    app.include_router(alerts.api_router, prefix="/api/v1")
    app.include_router(pages.router)
    app.include_router(alerts.page_router)
    from shiftwatch.web.examples import add_examples

    add_examples(app)
    static = resources.files("shiftwatch.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    swagger = resources.files("fastapi_offline") / "static"
    app.mount("/assets/swagger", StaticFiles(directory=str(swagger)), name="swagger-assets")
    app.add_middleware(BodySizeLimit, limit=max_body_bytes)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)
    return app


def served_app() -> FastAPI:
    """App factory for ``shiftwatch serve``: uvicorn builds the app in each server process from
    the ``SHIFTWATCH_*`` environment the command set from its settings, read-only when
    ``SHIFTWATCH_WEB_READ_ONLY=1``. The command names this factory to uvicorn, as a deployment
    would, instead of importing the web package: the two faces stay apart."""
    from shiftwatch.config import load_settings

    read_only = os.environ.get("SHIFTWATCH_WEB_READ_ONLY") == "1"
    return create_app(load_settings(), read_only=read_only)
