"""Tables for people: the few columns that answer a command's question, rounded, fitted.

A command describes its table as a list of :class:`Column` (a header, how to get the cell
from a row, and what kind of value it is); :func:`show` then prints it for where it goes:

- a terminal gets a Rich table as wide as the terminal at most: numbers rounded to 2-3
  significant digits (never more than 3 decimals), shares as percentages, long text cut with
  an ellipsis;
- a pipe or a file gets plain tab-separated lines, header first (as ``gh`` and ``kubectl``
  print), with the same rounded cells but no text cut, so ``cut`` and ``awk`` work on them;
- ``--format csv|json|jsonl`` gets every column at full precision (see :mod:`.output`).

``--columns a,b,c`` replaces a command's chosen columns by the named columns of the full
record, for every format.
"""

from __future__ import annotations

import math
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from rich.console import Console

from shiftwatch.cli.output import ListFormat, emit_frame
from shiftwatch.records import records

NUMBER_KINDS = ("int", "num", "pct", "signed", "p")


@dataclass(frozen=True)
class Column:
    """One column of a table for people."""

    header: str
    value: Callable[[dict[str, Any]], Any]
    kind: str = "text"  # text | int | num | pct | signed | p


def col(name: str, header: str | None = None, kind: str = "auto") -> Column:
    """A column showing the record field ``name`` (``auto``: decided from the values)."""
    return Column(header or name, lambda row: row.get(name), kind)


def number(value: Any, kind: str = "num") -> str:
    """A number as people read it: 2-3 significant digits, at most 3 decimals.

    ``pct`` shows a share in [0, 1] as a percentage, ``signed`` an index with its sign, ``p``
    a p-value (below 0.001 as ``<0.001``), ``int`` a count.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    x = float(value)
    if kind == "pct":
        percent = x * 100
        return f"{percent:.0f}%" if percent == 0 or abs(percent) >= 10 else f"{percent:.1f}%"
    if kind == "p":
        return "<0.001" if x < 0.001 else f"{x:.3f}"
    if kind == "signed":
        return f"{x:+.2f}"
    if kind == "int" or x.is_integer():
        return f"{x:.0f}"
    size = abs(x)
    digits = 0 if size >= 100 else 1 if size >= 10 else 2 if size >= 1 else 3
    return f"{x:.{digits}f}"


def cell(value: Any, kind: str) -> str:
    """The text of one cell: numbers by :func:`number`, lists joined, text on one line."""
    if value is None:
        return ""
    if kind == "auto":
        if isinstance(value, bool):
            kind = "text"
        elif isinstance(value, int):
            kind = "int"
        elif isinstance(value, float):
            kind = "num"
        else:
            kind = "text"
    if kind in NUMBER_KINDS:
        try:
            return number(value, kind)
        except (TypeError, ValueError):
            pass
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(item) for item in value)
    return " ".join(str(value).split())


def choose_columns(frame: pd.DataFrame, columns: str | None) -> list[str] | None:
    """The ``--columns`` list, checked against the frame: an unknown name is an error."""
    if not columns:
        return None
    from shiftwatch.validate import unknown

    names = [name.strip() for name in columns.split(",") if name.strip()]
    for name in names:
        if name not in frame.columns:
            raise unknown("column", name, [str(c) for c in frame.columns])
    return names


def show(
    frame: pd.DataFrame,
    fmt: ListFormat,
    view: Sequence[Column],
    title: str | None = None,
    columns: str | None = None,
) -> None:
    """Print ``frame`` as a table for people (``view``) or in full as CSV/JSON/JSONL."""
    chosen = choose_columns(frame, columns)
    if chosen is not None:
        frame = frame[chosen]
        view = [col(name) for name in chosen]
    if fmt is not ListFormat.table:
        emit_frame(frame, fmt)
        return
    rows = [[cell(c.value(row), c.kind) for c in view] for row in records(frame)]
    print_rows([c.header for c in view], rows, [c.kind for c in view], title)


def print_rows(
    headers: list[str], rows: list[list[str]], kinds: list[str], title: str | None = None
) -> None:
    """Rows of cell texts to the terminal (fitted table) or a pipe (tab-separated lines)."""
    if not sys.stdout.isatty():
        lines = ["\t".join(headers)] + ["\t".join(row) for row in rows]
        sys.stdout.write("".join(line + "\n" for line in lines))
        return
    width = shutil.get_terminal_size((100, 24)).columns
    sys.stdout.write("".join(line + "\n" for line in fit(headers, rows, kinds, width, title)))
    if not rows:
        Console(stderr=True).print("[dim]no rows[/dim]")


def fit(
    headers: list[str],
    rows: list[list[str]],
    kinds: list[str],
    width: int,
    title: str | None = None,
) -> list[str]:
    """The lines of a table no wider than ``width``.

    Every column starts at its natural width; while the table is too wide, the widest text
    column loses a character (its cells end in an ellipsis), so short columns (codes, dates,
    numbers) stay whole and long text takes what is left. Columns that cannot fit even then
    are left out, and the last line says so.
    """
    numeric = [
        kind in NUMBER_KINDS or (kind == "auto" and all(_numeric(r[i]) for r in rows))
        for i, kind in enumerate(kinds)
    ]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    # numbers, codes and dates (10 characters or fewer) are never cut; longer text may shrink
    floors = [
        w if numeric[i] or w <= SHORT else max(len(headers[i]), SHORT) for i, w in enumerate(widths)
    ]
    shown = list(range(len(headers)))

    def total() -> int:
        return sum(widths[i] for i in shown) + GAP * (len(shown) - 1)

    while total() > width:
        shrinkable = [i for i in shown if widths[i] > floors[i]]
        if shrinkable:
            widest = max(shrinkable, key=lambda i: widths[i] - floors[i])
            widths[widest] -= max(1, min(total() - width, widths[widest] - floors[widest]) // 4)
            continue
        if len(shown) == 1:
            widths[shown[0]] = width
            break
        shown.pop()
    lines = [_cut(title, width)] if title else []
    lines.append(_line([headers[i] for i in shown], [widths[i] for i in shown], [False] * 99))
    lines.append("─" * min(width, total()))
    for row in rows:
        lines.append(
            _line([row[i] for i in shown], [widths[i] for i in shown], [numeric[i] for i in shown])
        )
    if len(shown) < len(headers):
        hidden = ", ".join(headers[i] for i in range(len(headers)) if i not in shown)
        lines.append(_cut(f"(not shown at this width: {hidden}; widen the terminal)", width))
    return lines


GAP = 2
SHORT = 10


def _cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, ending in an ellipsis when cut."""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…" if width > 0 else ""


def _line(cells: list[str], widths: list[int], right: list[bool]) -> str:
    parts = [
        _cut(text, w).rjust(w) if right[i] else _cut(text, w).ljust(w)
        for i, (text, w) in enumerate(zip(cells, widths, strict=True))
    ]
    return (" " * GAP).join(parts).rstrip()


def _numeric(text: str) -> bool:
    return not text or text.lstrip("+-<").rstrip("%").replace(".", "", 1).isdigit()


def print_mapping(data: dict[str, Any], title: str | None = None) -> None:
    """One record (a status, a summary) as field / value lines, fitted like a table."""
    rows = [[str(key), cell(value, "auto")] for key, value in data.items()]
    print_rows(["field", "value"], rows, ["text", "text"], title)


# -- labels shared by the analysis tables -----------------------------------------------------


def period_label(value: Any, freq: str) -> str:
    """A period start as people name it: 2024-05 (month), 2024 Q2, 2024, or the week's date."""
    if value is None:
        return ""
    stamp = pd.Timestamp(value)
    if freq == "year":
        return f"{stamp.year}"
    if freq == "quarter":
        return f"{stamp.year} Q{stamp.quarter}"
    if freq == "month":
        return f"{stamp.year}-{stamp.month:02d}"
    return stamp.date().isoformat()


def arrow(row: dict[str, Any], source: str = "source", target: str = "target") -> str:
    """``PRK→RUS``: a directed dyad in one cell."""
    return f"{row.get(source) or '?'}→{row.get(target) or '—'}"
