"""Actor keys: what analyses group by, and how a typed key matches stored events.

Events store a code and a sector for each side (``SYR`` + ``REB``). Analyses work on keys
built from them: the state (``SYR``: government, military, police, the state as a whole),
each non-state part as its own node (``SYR.REB``, ``SYR.OPP``, ``SYR.CVL`` ...), fixed
organisations by their code (``UN``, ``ISIS``), and ``SYR*`` for the state with all its parts
(what a bare code meant before keys). Which sectors are "the state" is data
(``actors/data/actor_keys.tsv``). Keys are computed in SQL at query time, so changing the
grouping needs no recoding, and imported GDELT/ICEWS rows (whose actor types are mapped to
the same sectors on import) group the same way.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from functools import cache
from importlib import resources

from shiftwatch.errors import ConfigError


@cache
def state_sectors() -> tuple[str, ...]:
    """The sectors that belong to the state's key ('' is the state as a whole)."""
    text = (resources.files("shiftwatch.actors") / "data" / "actor_keys.tsv").read_text("utf-8")
    rows = csv.DictReader(
        (line for line in text.splitlines() if not line.startswith("#")), delimiter="\t"
    )
    groups = {(row["sector"] or "").strip(): row["group"].strip() for row in rows}
    bad = {group for group in groups.values()} - {"state", "part"}
    if bad:
        raise ConfigError(f"actor_keys.tsv: unknown group {sorted(bad)}; use state or part")
    return tuple(sector for sector, group in groups.items() if group == "state")


def normalise_key(value: str) -> str:
    """A typed key as analyses compare it: "syr.reb" -> "SYR.REB"; empty is an error."""
    key = (value or "").strip().upper()
    if not key or key in ("*", "."):
        raise ConfigError("an actor key must not be empty (e.g. USA, SYR.REB, SYR*)")
    return key


def split_key(key: str) -> tuple[str, str, bool]:
    """(code, sector, wildcard) of ``PRK``, ``SYR.REB`` or ``SYR*``."""
    wildcard = key.endswith("*")
    code, _, sector = key.rstrip("*").partition(".")
    return code, sector, wildcard


def _in_state(column: str) -> str:
    listed = ", ".join(f"'{sector}'" for sector in state_sectors())
    return f"coalesce({column}_sector, '') IN ({listed})"


def key_sql(column: str, keys: Sequence[str] = ()) -> str:
    """SQL for the key of one side (``column`` is ``e.source`` or ``e.target``).

    A wildcard among ``keys`` (``SYR*``) names every row of its code with that key, so an
    analysis asked about ``SYR*`` reports ``SYR*`` rather than its parts one by one.
    """
    base = (
        f"CASE WHEN {_in_state(column)} THEN {column} ELSE {column} || '.' || {column}_sector END"
    )
    stars = sorted({split_key(key)[0] for key in keys if key.endswith("*")})
    if not stars:
        return base
    listed = ", ".join(f"'{code}'" for code in stars if code.replace("_", "").isalnum())
    return f"CASE WHEN {column} IN ({listed}) THEN {column} || '*' ELSE {base} END"


def match_sql(column: str, key: str) -> tuple[str, list[object]]:
    """A parameterised condition: the side ``column`` is the actor ``key``."""
    code, sector, wildcard = split_key(normalise_key(key))
    if wildcard:
        return f"{column} = ?", [code]
    if sector:
        return f"({column} = ? AND {column}_sector = ?)", [code, sector]
    return f"({column} = ? AND {_in_state(column)})", [code]


def _column(alias: str, name: str) -> str:
    return f"{alias}.{name}" if alias else name


def either_sql(key: str, alias: str = "e") -> tuple[str, list[object]]:
    """The actor ``key`` on either side of an event (``alias`` "" for bare column names)."""
    source, first = match_sql(_column(alias, "source"), key)
    target, second = match_sql(_column(alias, "target"), key)
    return f"({source} OR {target})", [*first, *second]


def dyad_sql(a: str, b: str, alias: str = "e") -> tuple[str, list[object]]:
    """Events between ``a`` and ``b`` in either direction."""
    parts: list[str] = []
    params: list[object] = []
    for one, other in ((a, b), (b, a)):
        source, first = match_sql(_column(alias, "source"), one)
        target, second = match_sql(_column(alias, "target"), other)
        parts.append(f"({source} AND {target})")
        params += [*first, *second]
    return f"({' OR '.join(parts)})", params


def covers(key: str) -> str:
    """In words, which parts a key covers (for pages and briefs)."""
    code, sector, wildcard = split_key(normalise_key(key))
    if wildcard:
        return f"{code} and all its parts (state and non-state sectors)"
    if sector:
        return f"{code}'s {sector} sector only (a non-state part, apart from the state)"
    named = ", ".join(s for s in state_sectors() if s)
    return f"{code} as a state: {named} and the state as a whole (not its non-state parts)"
