"""Loaders for the ontology TSV files, cached after the first call.

Knowledge stays in data files reviewed like code; this module only parses and indexes them.
A malformed row is a packaging bug, so it raises :class:`ConfigError` naming file and line.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from shiftwatch.errors import ConfigError

QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
QUAD_COLUMNS = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}
"""Quad classes as column names (series tables, CSV exports)."""

MODALITIES = ("asserted", "alleged", "future", "negated", "hypothetical")
"""What the source says about an event: it happened, someone claims it did, it is planned or
threatened, it did not happen, it would happen under a condition (GUIDELINES.md)."""
COUNTED_MODALITIES = ("asserted", "alleged")
"""The modalities analyses count: events reported as having happened."""

SECTORS = ("GOV", "MIL", "COP", "REB", "OPP", "CVL", "BUS", "MED", "JUD", "LOC", "")
"""Actor sectors ('' is the actor as a whole; LOC is a country or town named as the place
where something is done, not as an actor: see ``coder/places.py``)."""


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code with its Goldstein score, quad class and PLOVER crosswalk."""

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str
    plover_mode: str


@dataclass(frozen=True, slots=True)
class PloverType:
    """A PLOVER event type, its quad class and the mode words it allows."""

    name: str
    quad_class: int
    modes: tuple[str, ...]
    summary: str


def read_tsv(name: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs of a TSV under ``ontology/data``, '#' comment lines skipped."""
    text = resources.files("shiftwatch.ontology").joinpath("data", name).read_text("utf-8")
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if not line.startswith("#")]
    reader = csv.DictReader((line for _, line in lines), delimiter="\t")
    rows = []
    for (number, _), row in zip(lines[1:], reader, strict=False):
        if None in row or any(value is None for value in row.values()):
            raise ConfigError(f"ontology/data/{name}:{number}: wrong number of columns")
        rows.append((number, row))
    return rows


@cache
def cameo_codes() -> dict[str, CameoCode]:
    """Every CAMEO event code (root codes included), keyed by code string ("0871")."""
    return parse_cameo(read_tsv("cameo.tsv"))


def parse_cameo(rows: list[tuple[int, dict[str, str]]]) -> dict[str, CameoCode]:
    """CAMEO records from ``cameo.tsv`` rows, each crosswalk checked against ``plover.tsv``.

    Imports copy a code's PLOVER type and mode into every GDELT/ICEWS event, so a mode the
    type does not allow would be stored in thousands of rows; it is refused here instead.
    """
    types = plover_types()
    codes = {}
    for number, row in rows:
        where = f"ontology/data/cameo.tsv:{number}"
        try:
            record = CameoCode(
                code=row["cameo"],
                name=row["name"],
                goldstein=float(row["goldstein"]),
                quad_class=int(row["quad_class"]),
                plover_type=row["plover_type"],
                plover_mode=row["plover_mode"],
            )
        except ValueError as exc:
            raise ConfigError(f"{where}: {exc}") from exc
        kind, mode = record.plover_type, record.plover_mode
        if kind and kind not in types:
            raise ConfigError(f"{where}: unknown PLOVER type {kind!r}")
        if mode and mode not in (types[kind].modes if kind else ()):
            allowed = ", ".join(types[kind].modes) if kind else "none without a type"
            raise ConfigError(
                f"{where}: crosswalk mode {mode!r} is not allowed for PLOVER type "
                f"{kind or '(none)'} (plover.tsv allows: {allowed or 'no modes'})"
            )
        codes[record.code] = record
    return codes


def cameo_code(code: str) -> CameoCode | None:
    """The CAMEO record for ``code``, or None when CAMEO has no such code."""
    return cameo_codes().get(code)


@cache
def plover_types() -> dict[str, PloverType]:
    """The 16 PLOVER types keyed by name (AGREE ... ASSAULT), in codebook order."""
    types = {}
    for number, row in read_tsv("plover.tsv"):
        try:
            types[row["type"]] = PloverType(
                name=row["type"],
                quad_class=int(row["quad_class"]),
                modes=tuple(mode for mode in row["modes"].split(",") if mode),
                summary=row["summary"],
            )
        except ValueError as exc:
            raise ConfigError(f"ontology/data/plover.tsv:{number}: {exc}") from exc
    return types


def plover_type(name: str) -> PloverType:
    """The PLOVER type called ``name``; a typo in a data file fails loudly here."""
    try:
        return plover_types()[name]
    except KeyError:
        raise ConfigError(
            f"unknown PLOVER type {name!r}; expected one of {', '.join(plover_types())}"
        ) from None


@cache
def _reverse_table() -> dict[tuple[str, str], str]:
    table = {}
    known = cameo_codes()
    for number, row in read_tsv("plover_to_cameo.tsv"):
        if row["cameo"] not in known:
            raise ConfigError(
                f"ontology/data/plover_to_cameo.tsv:{number}: unknown CAMEO code {row['cameo']!r}"
            )
        table[(row["type"], row["mode"])] = row["cameo"]
    return table


def choose_cameo(event_type: str, mode: str = "") -> str:
    """The CAMEO code our reverse table gives a PLOVER (type, mode) pair.

    Falls back to the type's generic code when the mode has no row of its own.
    """
    table = _reverse_table()
    code = table.get((event_type, mode)) or table.get((event_type, ""))
    if code is None:
        raise ConfigError(f"no CAMEO code for PLOVER type {event_type!r}")
    return code


def quad_class(code: str) -> int | None:
    """GDELT's quad class of a CAMEO code (by its root), None for an unknown code."""
    record = cameo_code(code)
    if record is not None:
        return record.quad_class
    try:
        root = int(code[:2])
    except ValueError:
        return None
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4 if root <= 20 else None


PLOVER_TYPES: tuple[str, ...] = tuple(plover_types())
"""The 16 PLOVER type names in codebook order (AGREE ... ASSAULT), from ``plover.tsv``."""
