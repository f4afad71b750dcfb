"""The DuckDB store: one file holds documents, sentences and events."""

from shiftwatch.store.database import Store, open_store, write_failure

__all__ = ["Store", "open_store", "write_failure"]
