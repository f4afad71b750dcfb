"""Which coded sectors are "the state" (``actors/data/actor_keys.tsv``).

Analyses group events by actor key (``store/keys.py``) and the coder tells a state's organs
from its non-state parts (``coder/unnamed_targets.py``); both read the grouping here, so it is
data in one file.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from shiftwatch.errors import ConfigError

GROUPS = ("state", "part", "place")


@cache
def sector_groups() -> dict[str, str]:
    """Each sector's group: ``state`` (the state's key), ``part`` (a non-state part with a key
    of its own) or ``place`` (the country named only as a place, with a key of its own)."""
    text = (resources.files("shiftwatch.actors") / "data" / "actor_keys.tsv").read_text("utf-8")
    rows = csv.DictReader(
        (line for line in text.splitlines() if not line.startswith("#")), delimiter="\t"
    )
    groups = {(row["sector"] or "").strip(): row["group"].strip() for row in rows}
    bad = {group for group in groups.values()} - set(GROUPS)
    if bad:
        raise ConfigError(f"actor_keys.tsv: unknown group {sorted(bad)}; use {', '.join(GROUPS)}")
    return groups


def state_sectors() -> tuple[str, ...]:
    """The sectors that belong to the state's key ('' is the state as a whole)."""
    return tuple(sector for sector, group in sector_groups().items() if group == "state")
