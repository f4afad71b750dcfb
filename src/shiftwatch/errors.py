"""Every domain error Shiftwatch raises, in one place.

Library code raises these; only the edges (the CLI's and the web app's exception handlers)
turn them into exit codes or HTTP statuses. Each message says what is wrong and, where it
can, how to fix it, on one line.
"""

from __future__ import annotations


class ShiftwatchError(Exception):
    """Base class: a problem the user can act on (bad input, bad settings, bad database)."""

    exit_code = 1
    http_status = 400


class InputError(ShiftwatchError):
    """An input file, row or value that cannot be read or understood."""

    def __init__(self, location: str, problem: str) -> None:
        self.location = location
        self.problem = problem
        super().__init__(f"{location}: {problem}")


class StoreError(ShiftwatchError):
    """The database file cannot be opened or used."""

    http_status = 500


class DatabaseLockedError(StoreError):
    """Another process holds the database; DuckDB allows one writer at a time."""

    http_status = 503


class SchemaTooNewError(StoreError):
    """The database was written by a newer Shiftwatch; refusing protects its data."""


class NotFoundError(ShiftwatchError):
    """A requested document, actor or event does not exist."""

    http_status = 404


class ConfigError(ShiftwatchError):
    """A setting or option has a value that cannot work."""


class ChartError(ShiftwatchError):
    """A chart spec the renderer refused: a bug in a spec builder, not in the user's data."""

    http_status = 500
