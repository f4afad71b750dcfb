"""Monitoring: ``shiftwatch watch`` turns new news into alerts about shifting relationships.

``sources`` reads the sources file, ``fetch`` is the polite HTTP client, ``collect`` brings
in what is new from each source, ``kinds`` tests the touched dyads for shifts, ``alerts``
raises them once and delivers them, ``state`` is what the store remembers between passes, and
``runner`` ties one pass together.
"""

from shiftwatch.watch.alerts import Alert, list_alerts
from shiftwatch.watch.runner import PassReport, run_pass
from shiftwatch.watch.sources import WatchConfig, load_sources

__all__ = ["Alert", "PassReport", "WatchConfig", "list_alerts", "load_sources", "run_pass"]
