"""Actor keys: what analyses group by, and how a typed key matches stored events.

Events store a code and a sector for each side (``SYR`` + ``REB``). Analyses work on keys
built from them: the state (``SYR``: government, military, police, the state as a whole),
each non-state part as its own node (``SYR.REB``, ``SYR.OPP``, ``SYR.CVL`` ...), fixed
organisations by their code (``UN``, ``ISIS``), and ``SYR*`` for the state with all its parts
(what a bare code meant before keys). Which sectors are "the state" is data
(``actors/data/actor_keys.tsv``). Keys are computed in SQL at query time, so changing the
grouping needs no recoding, and imported GDELT/ICEWS rows (whose actor types are mapped to
the same sectors on import) group the same way. ``EventFilter.actor_match``
(``store/filters.py``) is the one place a key becomes a condition.
"""

from __future__ import annotations

from collections.abc import Sequence

from shiftwatch.actors.key_groups import sector_groups, state_sectors
from shiftwatch.errors import ConfigError


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


def in_state_sql(column: str) -> str:
    """SQL: the side ``column`` is the state (its sector is one of the state's sectors)."""
    listed = ", ".join(f"'{sector}'" for sector in state_sectors())
    return f"coalesce({column}_sector, '') IN ({listed})"


def key_sql(column: str, keys: Sequence[str] = ()) -> str:
    """SQL for the key of one side (``column`` is ``e.source`` or ``e.target``).

    A wildcard among ``keys`` (``SYR*``) names every row of its code with that key, so an
    analysis asked about ``SYR*`` reports ``SYR*`` rather than its parts one by one.
    """
    state = in_state_sql(column)
    base = f"CASE WHEN {state} THEN {column} ELSE {column} || '.' || {column}_sector END"
    stars = sorted({split_key(key)[0] for key in keys if key.endswith("*")})
    if not stars:
        return base
    listed = ", ".join(f"'{code}'" for code in stars if code.replace("_", "").isalnum())
    return f"CASE WHEN {column} IN ({listed}) THEN {column} || '*' ELSE {base} END"


def covers(key: str) -> str:
    """In words, which parts a key covers (for pages and briefs)."""
    code, sector, wildcard = split_key(normalise_key(key))
    if wildcard:
        return f"{code} and all its parts (state and non-state sectors)"
    if sector and sector_groups().get(sector) == "place":
        return f"{code} named only as a place ({sector}: acts done in or to its territory)"
    if sector:
        return f"{code}'s {sector} sector only (a non-state part, apart from the state)"
    named = ", ".join(s for s in state_sectors() if s)
    return f"{code} as a state: {named} and the state as a whole (not its non-state parts)"
