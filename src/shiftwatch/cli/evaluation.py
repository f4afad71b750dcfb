"""Tables for ``shiftwatch evaluate --detail``: what error analysis reads first."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rich.table import Table

from shiftwatch.error_analysis import KINDS, NONE


def detail_tables(rows: dict[str, dict[str, Any]]) -> list[Table]:
    """Per-type scores and error kinds per file, and the pooled type confusions."""
    return [_per_type(rows), _kinds(rows), _confusion(rows[list(rows)[-1]])]


def _per_type(rows: dict[str, dict[str, Any]]) -> Table:
    table = Table(title="Type F1 per PLOVER type (P/R/F1, gold count)")
    table.add_column("type")
    for name in rows:
        table.add_column(name.removesuffix(".jsonl"), justify="right")
    types = sorted({t for row in rows.values() for t in row["per_type"]})
    for event_type in types:
        cells = []
        for row in rows.values():
            s = row["per_type"].get(event_type)
            gold = s["tp"] + s["fn"] if s else 0
            cells.append(
                f"{s['precision']:.2f}/{s['recall']:.2f}/{s['f1']:.2f} ({gold})" if s else "-"
            )
        table.add_row(event_type, *cells)
    return table


def _kinds(rows: dict[str, dict[str, Any]]) -> Table:
    table = Table(title="Misses and spurious events by kind")
    table.add_column("kind")
    for name in rows:
        table.add_column(name.removesuffix(".jsonl"), justify="right")
    for kind in KINDS:
        table.add_row(kind, *(str(row["errors"][kind]) for row in rows.values()))
    return table


def _confusion(row: dict[str, Any]) -> Table:
    """Gold type (rows) against predicted type (columns), matched pairs on the diagonal."""
    cells: dict[str, dict[str, int]] = defaultdict(dict)
    for item in row["confusion"]:
        cells[item["gold"]][item["predicted"]] = item["count"]
    names = sorted(({*cells} | {p for c in cells.values() for p in c}) - {NONE})
    columns = [*names, NONE]
    table = Table(title="Type confusion (gold rows, predicted columns; pooled)")
    table.add_column("gold")
    for name in columns:
        table.add_column(name[:4], justify="right")
    for gold in [*[n for n in names if n in cells], NONE]:
        if gold not in cells:
            continue
        table.add_row(gold, *(str(cells[gold].get(p, "")) for p in columns))
    return table
