"""The DuckDB store: one file holds documents, sentences and events."""

from shiftwatch.store.database import Store, open_store

__all__ = ["Store", "open_store"]
