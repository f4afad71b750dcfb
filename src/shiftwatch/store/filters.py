"""Which events: one filter for the CLI, the API, the pages, the analyses and export.

:class:`EventFilter` holds every way to narrow the ``events`` table and compiles to a SQL
condition with ``?`` parameters; user values never enter SQL text, only fixed column names do.
Every actor condition goes through :meth:`EventFilter.actor_match`, the one place that decides
what an actor key (``SYR``, ``SYR.REB``, ``SYR*``; see ``store/keys.py``) matches in a column.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from shiftwatch.errors import ConfigError
from shiftwatch.store.keys import in_state_sql, normalise_key, split_key

# The date an event is counted at: when it happened (else when it was reported), or when it
# was published. ``{a}`` is the table's alias with its dot.
DATE_BASES = {"event": "coalesce({a}event_date, {a}date)", "published": "{a}date"}


def date_expression(basis: str, alias: str | None = None) -> str:
    """SQL for the date of an event on ``basis`` (``event`` or ``published``)."""
    try:
        template = DATE_BASES[basis]
    except KeyError:
        raise ConfigError(f"unknown date basis {basis!r}; use event or published") from None
    return template.format(a=f"{alias}." if alias else "")


@dataclass(frozen=True)
class EventFilter:
    """Events matching every field that is set (empty fields do not filter).

    Actors are keys. ``actor`` is an actor on either side; ``source`` and ``target`` fix a
    side. ``dyad`` is a pair of actors, both directions unless ``directed`` (then source is
    the first). ``types``, ``modes`` and ``modalities`` match any of their values; dates are
    on ``date_basis`` (``published``, the stored ``date``, or ``event``: when it happened);
    ``outlet`` is the outlet (the stored document's ``source``) an event was reported by.
    ``dated`` and ``targeted`` keep only events with a date and a target (what analyses count).

    Imported rows that are not PLOVER events are left out unless asked for:
    ``include_statements`` adds rows whose code has no PLOVER type (CAMEO 01x statements);
    ``every_row`` (exports, round trips) also adds rows whose source is no PLOVER-level actor
    (a region, religion, ethnic group or none), which no actor key can match.
    """

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None
    directed: bool = False
    types: Sequence[str] = ()
    modes: Sequence[str] = ()
    modalities: Sequence[str] = ()
    date_from: date | None = None
    date_to: date | None = None
    date_basis: str = "published"
    outlet: str | None = None
    min_confidence: float | None = None
    doc_id: str | None = None
    dated: bool = False
    targeted: bool = False
    include_statements: bool = False
    every_row: bool = False

    def replace(self, **changes: Any) -> EventFilter:
        """A copy with some fields changed (the filter itself never changes)."""
        return dataclasses.replace(self, **changes)

    @staticmethod
    def actor_match(column: str, actor: str) -> tuple[str, list[Any]]:
        """SQL matching the actor key ``actor`` in ``column`` (``source`` or ``target``, maybe
        qualified): ``PRK`` the state, ``SYR.REB`` one non-state part, ``SYR*`` all of them."""
        code, sector, wildcard = split_key(normalise_key(actor))
        if wildcard:
            return f"{column} = ?", [code]
        if sector:
            return f"({column} = ? AND {column}_sector = ?)", [code, sector]
        return f"({column} = ? AND {in_state_sql(column)})", [code]

    def sql(self, alias: str | None = None) -> tuple[str, list[Any]]:
        """``(condition, parameters)`` for a ``WHERE`` over ``events`` (named ``alias``)."""

        def col(name: str) -> str:
            return f"{alias}.{name}" if alias else name

        clauses: list[str] = []
        params: list[Any] = []

        def add(clause: str, values: Sequence[Any] = ()) -> None:
            clauses.append(clause)
            params.extend(values)

        def sides(*pairs: tuple[str, str]) -> None:
            """All of several (column, actor) conditions."""
            parts = [self.actor_match(col(column), actor) for column, actor in pairs]
            add(" AND ".join(part for part, _ in parts), [v for _, vs in parts for v in vs])

        def any_of(*groups: tuple[tuple[str, str], ...]) -> None:
            """Any of several groups of (column, actor) conditions, each group all of its own."""
            texts, values = [], []
            for group in groups:
                parts = [self.actor_match(col(column), actor) for column, actor in group]
                text = " AND ".join(part for part, _ in parts)
                texts.append(f"({text})" if len(parts) > 1 else text)
                values += [v for _, vs in parts for v in vs]
            add("(" + " OR ".join(texts) + ")", values)

        actor = self.actor
        # "actor on either side" with a fixed other side is one exact directed condition,
        # which DuckDB can push into the scan and prune by zone maps; the OR cannot be.
        if actor and self.target:
            if actor != self.target:
                sides(("source", actor))
            actor = None
        elif actor and self.source:
            if actor != self.source:
                sides(("target", actor))
            actor = None
        if actor:
            any_of((("source", actor),), (("target", actor),))
        if self.source:
            sides(("source", self.source))
        if self.target:
            sides(("target", self.target))
        if self.dyad:
            a, b = self.dyad
            if self.directed:
                sides(("source", a), ("target", b))
            else:
                any_of((("source", a), ("target", b)), (("source", b), ("target", a)))
        for column, values in (
            ("type", [value.upper() for value in self.types]),
            ("mode", list(self.modes)),
            ("modality", list(self.modalities)),
        ):
            if len(values) == 1:
                add(f"{col(column)} = ?", values)
            elif values:
                add(f"{col(column)} IN ({', '.join('?' for _ in values)})", values)
        day = date_expression(self.date_basis, alias)
        if self.date_from:
            add(f"{day} >= ?", [self.date_from])
        if self.date_to:
            add(f"{day} <= ?", [self.date_to])
        if self.outlet:
            add(f"{col('doc_id')} IN (SELECT id FROM documents WHERE source = ?)", [self.outlet])
        if self.min_confidence is not None:
            add(f"{col('confidence')} >= ?", [self.min_confidence])
        if self.doc_id:
            add(f"{col('doc_id')} = ?", [self.doc_id])
        if self.dated:
            add(f"{day} IS NOT NULL")
        if self.targeted:
            add(f"{col('target')} IS NOT NULL AND {col('target')} <> ''")
        if not self.every_row:
            add(f"{col('source')} <> ''")
            if not self.include_statements:
                add(f"{col('type')} <> ''")
        return (" AND ".join(clauses) if clauses else "TRUE"), params
