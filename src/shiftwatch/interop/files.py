"""Reading event files: zip members streamed to disk, peeking, rejected-line reports.

DuckDB's CSV reader does the heavy lifting (parallel, vectorised, gzip-aware); this module only
gets a file into a shape it can read and turns its reject tables into "file:line: problem"
messages a user can act on.
"""

from __future__ import annotations

import glob
import gzip
import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

import duckdb

from shiftwatch.errors import InputError

REJECTS_TABLE = "sw_rejects"
REJECT_SCANS_TABLE = "sw_reject_scans"
MAX_REPORTED_ERRORS = 1000


@dataclass
class EventImportReport:
    """What one import did: rows read, stored, already present and malformed, and the kinds
    of the stored rows (PLOVER events, statements with no PLOVER type, PLOVER-typed rows whose
    source is no PLOVER-level actor: ``no_source_actor`` of them have no source actor at all,
    the others a source no PLOVER-level actor matches, such as a region)."""

    files: int = 0
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    malformed: int = 0
    plover_events: int = 0
    statements: int = 0
    no_plover_actor: int = 0
    no_source_actor: int = 0
    errors: list[str] = field(default_factory=list)

    def add_error(self, message: str) -> None:
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(message)

    def as_dict(self) -> dict[str, object]:
        return {
            "files": self.files,
            "read": self.read,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "malformed": self.malformed,
            "plover_events": self.plover_events,
            "statements": self.statements,
            "no_plover_actor": self.no_plover_actor,
            "no_source_actor": self.no_source_actor,
            "unmapped_source_actor": self.no_plover_actor - self.no_source_actor,
            "errors": list(self.errors),
        }


def expand(paths: Sequence[Path | str], patterns: Sequence[str]) -> list[Path]:
    """Files named by ``paths``: files as given, folders as their files matching ``patterns``
    (case-insensitive, sorted by name, so GDELT's timestamped updates load in time order),
    and glob patterns (``data/2019*.export.CSV.zip``) as their matches, sorted."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            lowered = [pattern.lower() for pattern in patterns]
            members = sorted(
                child
                for child in path.iterdir()
                if child.is_file() and any(fnmatch(child.name.lower(), p) for p in lowered)
            )
            if not members:
                raise InputError(str(path), f"folder holds no {' or '.join(patterns)} files")
            found.extend(members)
        elif not path.exists() and any(char in str(raw) for char in "*?["):
            matches = sorted(Path(match) for match in glob.glob(str(raw)))
            if not matches:
                raise InputError(str(raw), "no file matches this pattern")
            found.extend(match for match in matches if match.is_file())
        else:
            found.append(path)
    return found


@contextmanager
def readable(path: Path) -> Iterator[Path]:
    """A path DuckDB can read: zip members are streamed to a temp file, others used in place.

    GDELT ships each update as ``*.export.CSV.zip`` with one member; copying it out in 1 MiB
    chunks keeps memory flat however large the member is. ``.gz`` files DuckDB reads itself.
    """
    if not path.exists():
        raise InputError(str(path), "file not found")
    if path.is_dir():
        raise InputError(str(path), "is a directory; give the event files themselves")
    if not zipfile.is_zipfile(path):
        yield path
        return
    with zipfile.ZipFile(path) as archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) != 1:
            raise InputError(str(path), f"zip holds {len(members)} files; expected exactly one")
        suffix = "".join(Path(members[0].filename).suffixes[-1:]) or ".tsv"
        with tempfile.TemporaryDirectory(prefix="shiftwatch-") as folder:
            target = Path(folder) / f"member{suffix}"
            with archive.open(members[0]) as source, target.open("wb") as sink:
                shutil.copyfileobj(source, sink, 1 << 20)
            yield target


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", errors="replace")
    return path.open("r", encoding="utf-8", errors="replace", newline="")


def peek_lines(path: Path, count: int = 50) -> list[str]:
    """The first ``count`` non-empty lines (without their line ends)."""
    lines: list[str] = []
    with _open_text(path) as handle:
        for line in handle:
            stripped = line.rstrip("\r\n")
            if stripped:
                lines.append(stripped)
            if len(lines) >= count:
                break
    return lines


def compression(path: Path) -> str:
    return "gzip" if path.suffix == ".gz" else "none"


def clear_rejects(con: duckdb.DuckDBPyConnection) -> None:
    """Empty the reject tables a previous read left on this connection."""
    for table in (REJECTS_TABLE, REJECT_SCANS_TABLE):
        con.execute(f"DROP TABLE IF EXISTS {table}")


def reject_options() -> str:
    """read_csv options that skip bad lines and record them with their line numbers."""
    return (
        f"store_rejects=true, rejects_table='{REJECTS_TABLE}', rejects_scan='{REJECT_SCANS_TABLE}'"
    )


def rejected_lines(con: duckdb.DuckDBPyConnection, width: int) -> list[tuple[int, str]]:
    """(line number, problem) for every line the last read skipped, in file order.

    A wrong field count is named as such even when DuckDB happened to stumble on a value
    first (which one it reports depends on how the parallel scan split the file).
    """
    try:
        rows = con.execute(
            f"SELECT line, arg_min(error_type, column_idx), arg_min(error_message, column_idx), "
            f"any_value(csv_line) FROM {REJECTS_TABLE} GROUP BY line ORDER BY line"
        ).fetchall()
    except duckdb.CatalogException:
        return []
    problems = []
    for line, kind, message, text in rows:
        fields = text.rstrip("\r\n").count("\t") + 1 if text is not None else None
        if fields is not None and fields != width:
            problems.append((int(line), f"expected {width} tab-separated fields, found {fields}"))
        else:
            problems.append((int(line), _problem(kind, message)))
    return problems


def _problem(kind: str, message: str) -> str:
    first = (message or "").splitlines()[0] if message else ""
    if kind in ("MISSING COLUMNS", "TOO MANY COLUMNS"):
        found = first.rsplit("Found:", 1)[-1].strip() if "Found:" in first else "?"
        expected = (
            first.split("Expected Number of Columns:", 1)[-1].split()[0]
            if "Expected Number of Columns:" in first
            else "?"
        )
        return f"expected {expected} tab-separated fields, found {found}"
    if kind == "CAST" and "Could not convert" not in first and '"' in first:
        return f"{first.split(chr(34))[1]} is empty"
    if kind == "CAST":
        return first.replace("Error when converting column", "bad value in column")
    if kind == "INVALID UNICODE":
        return "not valid UTF-8"
    return first or kind.lower()
