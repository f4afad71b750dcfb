"""GDELT / ICEWS / POLECAT import and export, and Parquet-backed stores.

Imports map foreign event vocabularies to Shiftwatch's actor codes and PLOVER types through the
documented crosswalk in ``interop/data``; exports write GDELT 2.0 rows, month-partitioned
Parquet, CSV or JSON lines; :func:`open_parquet_store` lets every analysis read Parquet files.
"""

from shiftwatch.interop.export import ExportFormat, ExportReport, export_events
from shiftwatch.interop.files import EventImportReport
from shiftwatch.interop.gdelt import import_gdelt
from shiftwatch.interop.icews import import_icews
from shiftwatch.interop.parquet_store import ParquetStore, open_parquet_store
from shiftwatch.interop.polecat import import_polecat

__all__ = [
    "EventImportReport",
    "ExportFormat",
    "ExportReport",
    "ParquetStore",
    "export_events",
    "import_gdelt",
    "import_icews",
    "import_polecat",
    "open_parquet_store",
]
