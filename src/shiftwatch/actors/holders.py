"""Who held a contested place on a given day, from ``data/held_places.tsv``.

A reader of war news knows that "the assault on Raqqa" in 2017 was an assault on Islamic State
and "airstrikes on Idlib" hit Syria's rebels, though neither sentence names them; the gold codes
such acts so. Control of the few towns and regions the wars were fought over is a matter of
record, kept as dated facts like leaders' terms of office.
"""

from __future__ import annotations

import csv
from datetime import date
from functools import cache
from importlib import resources
from typing import NamedTuple

from shiftwatch.actors.places import fold

TABLE = "held_places.tsv"


class Holding(NamedTuple):
    code: str
    sector: str
    start: date
    end: date | None


@cache
def holdings() -> dict[str, tuple[Holding, ...]]:
    """Folded, lower-case place name -> its holders over time."""
    path = resources.files("shiftwatch.actors") / "data" / TABLE
    table: dict[str, list[Holding]] = {}
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t"):
            try:
                holding = Holding(
                    row["code"],
                    row["sector"],
                    date.fromisoformat(row["start"]),
                    date.fromisoformat(row["end"]) if row["end"] else None,
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"{TABLE}: bad row {row!r}: {exc}") from exc
            for name in row["names"].split("|"):
                table.setdefault(fold(name).lower(), []).append(holding)
    return {name: tuple(found) for name, found in table.items()}


def holder_on(place: str, day: date | None) -> tuple[str, str] | None:
    """(code, sector) of whoever held ``place`` on ``day``, or None when the table does not say."""
    if day is None:
        return None
    for holding in holdings().get(fold(place).lower(), ()):
        if holding.start <= day and (holding.end is None or day < holding.end):
            return holding.code, holding.sector
    return None
