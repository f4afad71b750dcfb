"""Shiftwatch: news in, an evidence-backed map of international relations out.

The Python API is the core; the CLI, the REST API and the web pages are thin adapters over it.
"""

from __future__ import annotations

from shiftwatch.coding import CodeReport, code, extract
from shiftwatch.config import Settings, load_settings
from shiftwatch.errors import ShiftwatchError
from shiftwatch.evaluate import evaluate
from shiftwatch.ingest import IngestReport, ingest
from shiftwatch.models import ActorRef, Document, Event
from shiftwatch.store import Store, open_store

__version__ = "0.1.0"

__all__ = [
    "ActorRef",
    "CodeReport",
    "Document",
    "Event",
    "IngestReport",
    "Settings",
    "ShiftwatchError",
    "Store",
    "__version__",
    "code",
    "evaluate",
    "extract",
    "ingest",
    "load_settings",
    "open_store",
]
