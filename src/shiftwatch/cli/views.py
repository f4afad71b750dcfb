"""Which columns each table command shows people, and how (see :mod:`.tables`).

Each view answers its command's question in a few columns that fit 80 characters; the full
record, at full precision, is one ``--format csv|json|jsonl`` or ``--columns`` away.
"""

from __future__ import annotations

from typing import Any

from shiftwatch.cli.tables import Column, arrow, col, number, period_label


def _types() -> list[str]:
    from shiftwatch.ontology import plover_types

    return list(plover_types())


def _index(row: dict[str, Any]) -> str:
    """``+0.50 (-0.12…+0.91)``: the cooperation index with its 95% interval."""
    value = row.get("coop_index")
    if value is None:
        return ""
    low, high = row.get("coop_low"), row.get("coop_high")
    band = f" ({number(low, 'signed')}…{number(high, 'signed')})" if low is not None else ""
    return number(value, "signed") + band


def _top_types(row: dict[str, Any], n: int = 3) -> str:
    """The period's most frequent PLOVER types: ``CONSULT 3, AID 1``."""
    counts = [(t, int(row.get(t) or 0)) for t in _types() if row.get(t)]
    counts.sort(key=lambda pair: -pair[1])
    return ", ".join(f"{t} {c}" for t, c in counts[:n])


def dyad(freq: str) -> list[Column]:
    return [
        Column("period", lambda r: period_label(r.get("period"), freq)),
        Column("direction", arrow),
        col("events", kind="int"),
        col("cooperative", "coop", kind="int"),
        col("conflictual", "confl", kind="int"),
        Column("index (95% band)", _index),
        Column("top types", _top_types),
    ]


def partners(freq: str) -> list[Column]:
    return [
        Column("period", lambda r: period_label(r.get("period"), freq)),
        col("partner"),
        col("cooperative", "coop", kind="int"),
        col("coop_share", "coop share", kind="pct"),
        col("conflictual", "confl", kind="int"),
        col("conflict_share", "confl share", kind="pct"),
        col("coop_hhi", "coop HHI", kind="num"),
    ]


def _first_evidence(row: dict[str, Any]) -> str:
    evidence = row.get("evidence") or []
    if not evidence:
        return ""
    first = evidence[0]
    return f"{first.get('date') or ''} {first.get('type') or ''}: {first.get('sentence') or ''}"


SHIFTS = [
    col("date"),
    Column("dyad", arrow),
    col("level_before", "before", kind="signed"),
    col("level_after", "after", kind="signed"),
    col("magnitude", "change", kind="signed"),
    col("p_value", "p", kind="p"),
    Column("events", lambda r: f"{r.get('events_before')}→{r.get('events_after')}"),
    Column("evidence", _first_evidence),
]

VOLUME_SHIFTS = [
    col("date"),
    Column("dyad", arrow),
    col("rate_before", "rate before", kind="num"),
    col("rate_after", "rate after", kind="num"),
    col("p_value", "p", kind="p"),
    Column("events", lambda r: f"{r.get('events_before')}→{r.get('events_after')}"),
    col("top_document_share", "top doc", kind="pct"),
    Column("evidence", _first_evidence),
]

BLOCS = [
    Column("window", lambda r: f"{r.get('window_start')}/{r.get('window_end')}"),
    col("actor"),
    col("bloc", kind="int"),
    col("bloc_label", "bloc members"),
    col("partners", kind="int"),
    col("moved_from", "moved from"),
]


def _actor(side: str) -> Any:
    def value(row: dict[str, Any]) -> str:
        code, sector = row.get(side) or "", row.get(f"{side}_sector") or ""
        return f"{code}/{sector}" if code and sector else code

    return value


EVENTS = [
    col("date"),
    Column("source", _actor("source")),
    col("type"),
    Column("target", _actor("target")),
    col("modality"),
    col("goldstein", "gold", kind="num"),
    col("sentence"),
]

DOCUMENTS = [
    col("published"),
    col("source"),
    col("title"),
    col("chars", kind="int"),
    col("id"),
]

EXTRACTED = [
    col("sentence_idx", "#", kind="int"),
    Column("source", _actor("source")),
    col("type"),
    col("mode"),
    Column("target", _actor("target")),
    col("modality"),
    col("trigger"),
    col("sentence"),
]
