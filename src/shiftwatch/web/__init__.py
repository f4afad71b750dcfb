"""The web adapter: a FastAPI app with a JSON API and server-rendered pages over one store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from shiftwatch.config import Settings


def create_app(settings: Settings, read_only: bool = False, **options: Any) -> FastAPI:
    """Build the app (imported lazily so ``import shiftwatch.web`` stays cheap)."""
    from shiftwatch.web.app import create_app as build

    return build(settings, read_only=read_only, **options)


__all__ = ["create_app"]
