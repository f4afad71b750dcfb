"""Checks of values a user types: actor keys, PLOVER types, modes and modalities.

An unknown value is an error that names it and the nearest valid ones, never an empty answer:
``events --type HUG`` used to print "no rows" as if nothing had happened. The CLI and the API
call the same functions, so both give the same message (exit 2 on the command line, 422 over
HTTP). Actor keys go through :func:`check_actor_key` alone, so new key forms (``SYR.REB``,
``SYR*``) are taught to one place.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from shiftwatch.errors import ShiftwatchError
from shiftwatch.ontology import MODALITIES

if TYPE_CHECKING:
    from shiftwatch.actors.kb import KnowledgeBase
    from shiftwatch.store import Store

_KB_CODES: dict[int, tuple[KnowledgeBase, frozenset[str]]] = {}
"""Codes per loaded knowledge base (the API checks a code on every request)."""


class UnknownValueError(ShiftwatchError):
    """A value that is not one of the known ones (a usage error: exit 2, HTTP 422)."""

    exit_code = 2
    http_status = 422


def nearest(value: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` choices closest to ``value``: same prefix first, then by similarity."""
    pool = sorted(set(choices))
    key = value.upper()
    prefixed = [c for c in pool if key and c.upper().startswith(key[:2])]
    uppers = [c.upper() for c in pool]
    close = difflib.get_close_matches(key, uppers, n=n, cutoff=0.5)
    if not close and not prefixed:  # nothing similar: still name the least distant ones
        close = difflib.get_close_matches(key, uppers, n=n, cutoff=0.0)
    by_upper = {c.upper(): c for c in pool}
    ranked = [by_upper[c] for c in close]
    ranked += sorted(prefixed, key=lambda c: -difflib.SequenceMatcher(None, key, c.upper()).ratio())
    return list(dict.fromkeys(ranked))[:n]


def unknown(what: str, value: str, choices: Iterable[str], hint: str = "") -> UnknownValueError:
    """The error for ``value`` not being a known ``what``, with the nearest known values."""
    pool = sorted(set(choices))
    near = nearest(value, pool)
    shown = value if len(value) <= MAX_SHOWN else value[: MAX_SHOWN - 1] + "…"
    message = f"unknown {what} {shown!r}"
    if near:
        message += f"; did you mean {', '.join(near)}?"
    if hint:
        message += f" ({hint})"
    elif len(pool) <= MAX_LISTED:
        message += f" (one of {', '.join(pool)})"
    return UnknownValueError(message)


MAX_SHOWN = 40
"""An unknown value is echoed this far: the message stays one short line (the API cuts
error messages at 200 characters)."""
MAX_LISTED = 8


def check_type(value: str) -> str:
    """A PLOVER type name, upper-cased ("assault" -> "ASSAULT")."""
    from shiftwatch.ontology import plover_types

    name = value.strip().upper()
    if name not in plover_types():
        raise unknown("PLOVER type", value, plover_types(), hint="types: docs/annotation.md")
    return name


def check_mode(value: str, event_type: str | None = None) -> str:
    """A PLOVER mode (of ``event_type`` when given), lower-cased."""
    from shiftwatch.ontology import plover_types

    mode = value.strip().lower()
    types = plover_types()
    modes = types[event_type].modes if event_type else {m for t in types.values() for m in t.modes}
    if mode not in modes:
        what = f"{event_type} mode" if event_type else "PLOVER mode"
        listed = ", ".join(sorted(modes)) if event_type else ""
        hint = f"one of {listed}" if listed and len(listed) < 120 else "see docs/annotation.md"
        raise unknown(what, value, modes, hint=hint)
    return mode


def check_modality(value: str) -> str:
    """One of the five modalities, lower-cased."""
    modality = value.strip().lower()
    if modality not in MODALITIES:
        raise unknown("modality", value, MODALITIES)
    return modality


def knowledge_base_codes(kb: KnowledgeBase | None = None) -> set[str]:
    """Every actor code the knowledge base can give an event: states and organisations."""
    if kb is None:
        from shiftwatch.actors.kb import load_knowledge_base

        kb = load_knowledge_base()
    cached = _KB_CODES.get(id(kb))
    if cached is not None and cached[0] is kb:
        return set(cached[1])
    codes = set(kb.states)
    for org in kb.organisations.values():
        codes.update((org.code, org.id.upper()))
    _KB_CODES[id(kb)] = (kb, frozenset(codes))
    return codes


def stored_codes(store: Store) -> set[str]:
    """Every actor code the store's events use (imported files bring codes of their own)."""
    rows = store.con.execute(
        "SELECT DISTINCT source FROM events WHERE source IS NOT NULL "
        "UNION SELECT DISTINCT target FROM events WHERE target IS NOT NULL"
    ).fetchall()
    return {str(row[0]) for row in rows}


def split_actor_key(key: str) -> tuple[str, str, bool]:
    """(code, sector, wildcard) of an actor key: ``PRK``, ``SYR.REB``, ``SYR*``."""
    wildcard = key.endswith("*")
    base = key.rstrip("*")
    code, _, sector = base.partition(".")
    return code, sector, wildcard


def check_actor_key(
    value: str,
    store: Store | None = None,
    kb: KnowledgeBase | None = None,
    what: str = "actor code",
) -> str:
    """An actor key as stored (upper-cased), known to the knowledge base or to the store.

    A key is a code (``PRK``), optionally a sector (``SYR.REB``) or a trailing ``*`` (every
    code the prefix starts). Unknown codes raise with the nearest known ones.
    """
    from shiftwatch.ontology import SECTORS

    key = (value or "").strip().upper()
    code, sector, wildcard = split_actor_key(key)
    if not code:
        raise UnknownValueError(f"an {what} must not be empty (e.g. USA, RUS, UN)")
    if sector and sector not in SECTORS:
        raise unknown("actor sector", sector, [s for s in SECTORS if s])
    known = knowledge_base_codes(kb)
    if code in known or (wildcard and any(c.startswith(code) for c in known)):
        return key
    if store is not None:
        stored = stored_codes(store)
        if code in stored or (wildcard and any(c.startswith(code) for c in stored)):
            return key
        known |= stored
    raise unknown(what, value, known, hint="see 'shiftwatch actors list'")
