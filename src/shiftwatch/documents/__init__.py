"""Readers that turn files into :class:`~shiftwatch.models.Document` records.

One module per format (text, html, tabular, feeds, warc), plus language identification,
near-duplicate detection and input discovery; :func:`shiftwatch.ingest` ties them together.
"""

from shiftwatch.dates import parse_date
from shiftwatch.documents.base import ColumnMap, ReadFailure, ReadOptions
from shiftwatch.documents.discover import FORMATS

__all__ = ["FORMATS", "ColumnMap", "ReadFailure", "ReadOptions", "parse_date"]
