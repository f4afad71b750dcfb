"""Blocs: who lines up with whom, window by window, and who changed sides.

Per time window, a signed weighted graph: actors are nodes, an edge joins two actors with at
least ``min_events`` events between them (both directions), its ``weight`` is their
cooperation index in [-1, 1] and ``events`` its support. Communities are found with Louvain
(networkx, seeded) on the cooperative edges, weighted by ``index * log(1 + events)`` so a
single friendly remark does not weld two actors together; conflictual edges stay in the graph
for readers and exports. An actor *moved* when its bloc in a window is not the bloc that
best continues (largest Jaccard overlap) its bloc of the window before.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from shiftwatch.analysis.series import (
    DEFAULT_WINDOW_DAYS,
    cooperation_index,
    corpus_window,
    load_events,
)
from shiftwatch.errors import ConfigError
from shiftwatch.store.filters import EventFilter

if TYPE_CHECKING:
    from shiftwatch.store import Store

_WINDOW = re.compile(r"^\s*(\d+)\s*([DWMQY])\s*$", re.IGNORECASE)
_UNITS = {"D": "days", "W": "weeks", "M": "months", "Q": "months", "Y": "years"}


def window_offset(window: str) -> pd.DateOffset:
    """'6M' -> six months; D, W, M, Q (quarters) and Y are understood."""
    match = _WINDOW.match(window or "")
    if not match or int(match.group(1)) < 1:
        raise ConfigError(f"window {window!r} is not a length like 30D, 12W, 6M, 2Q or 1Y")
    count, unit = int(match.group(1)), match.group(2).upper()
    return pd.DateOffset(**{_UNITS[unit]: count * (3 if unit == "Q" else 1)})


@dataclass
class BlocWindow:
    """One window's alignment graph and its blocs (largest first)."""

    start: date
    end: date  # inclusive
    graph: nx.Graph
    blocs: list[list[str]]

    def bloc_of(self, actor: str) -> int | None:
        return next((i for i, bloc in enumerate(self.blocs) if actor in bloc), None)

    def label(self, number: int) -> str:
        """A readable bloc name: its three most connected members."""
        return "+".join(self.blocs[number][:3]) + ("+…" if len(self.blocs[number]) > 3 else "")


@dataclass
class BlocReport:
    """Windows with their graphs and blocs, and the actors that moved between windows."""

    windows: list[BlocWindow]
    moves: list[dict[str, Any]] = field(default_factory=list)

    def memberships(self) -> pd.DataFrame:
        """One row per (window, actor): its bloc, the bloc's members and where it came from."""
        moved = {(m["actor"], m["window_start"]): m["from_bloc"] for m in self.moves}
        rows = []
        for window in self.windows:
            for number, bloc in enumerate(window.blocs):
                for actor in bloc:
                    rows.append(
                        {
                            "window_start": window.start,
                            "window_end": window.end,
                            "actor": actor,
                            "bloc": number + 1,
                            "bloc_label": window.label(number),
                            "bloc_size": len(bloc),
                            "partners": window.graph.degree(actor),
                            "moved_from": moved.get((actor, window.start)),
                        }
                    )
        columns = [
            "window_start",
            "window_end",
            "actor",
            "bloc",
            "bloc_label",
            "bloc_size",
            "partners",
            "moved_from",
        ]
        return pd.DataFrame(rows, columns=columns)

    @property
    def members(self) -> pd.DataFrame:
        """Memberships in the latest window: the blocs as they stand now."""
        frame = self.memberships()
        if frame.empty:
            return frame
        return frame[frame["window_start"] == frame["window_start"].max()].reset_index(drop=True)

    def edges(self) -> pd.DataFrame:
        """Every window's edges: the two actors, the cooperation index and its support."""
        rows = [
            {"window_start": w.start, "window_end": w.end, "a": a, "b": b, **data}
            for w in self.windows
            for a, b, data in sorted(w.graph.edges(data=True))
        ]
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: windows with nodes, edges and blocs, plus the moves."""
        return {
            "windows": [
                {
                    "start": w.start.isoformat(),
                    "end": w.end.isoformat(),
                    "nodes": sorted(w.graph.nodes),
                    "edges": [
                        {"a": a, "b": b, **data} for a, b, data in sorted(w.graph.edges(data=True))
                    ],
                    "blocs": w.blocs,
                }
                for w in self.windows
            ],
            "moves": [{**m, "window_start": m["window_start"].isoformat()} for m in self.moves],
        }

    def write_json(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n")

    def write_graphml(self, path: str | Path) -> None:
        """One multigraph: an edge per (pair, window) keyed by window start; node attributes
        ``bloc_<window start>`` give each actor's bloc number in that window."""
        combined = nx.MultiGraph()
        for window in self.windows:
            key = window.start.isoformat()
            for actor in window.graph.nodes:
                number = window.bloc_of(actor)
                combined.add_node(actor, **{f"bloc_{key}": (number or 0) + 1})
            for a, b, data in window.graph.edges(data=True):
                combined.add_edge(a, b, key=key, window_start=key, **data)
        nx.write_graphml(combined, str(path))


def window_graph(events: pd.DataFrame, min_events: int) -> nx.Graph:
    """Signed graph of one window's events (undirected; both directions pooled)."""
    graph = nx.Graph()
    if events.empty:
        return graph
    first = np.where(events["source"] < events["target"], events["source"], events["target"])
    second = np.where(events["source"] < events["target"], events["target"], events["source"])
    pairs = (
        pd.DataFrame(
            {
                "a": first,
                "b": second,
                "cooperative": (events["quad_class"] <= 2).astype(int),
                "conflictual": (events["quad_class"] >= 3).astype(int),
            }
        )
        .groupby(["a", "b"], as_index=False)[["cooperative", "conflictual"]]
        .sum()
    )
    pairs["events"] = pairs["cooperative"] + pairs["conflictual"]
    pairs = pairs[pairs["events"] >= min_events]
    index, _, _ = cooperation_index(pairs["cooperative"], pairs["conflictual"])
    for row, weight in zip(pairs.itertuples(index=False), index, strict=True):
        graph.add_edge(
            row.a,
            row.b,
            weight=round(float(weight), 4),
            events=int(row.events),
            cooperative=int(row.cooperative),
            conflictual=int(row.conflictual),
        )
    return graph


def find_blocs(graph: nx.Graph, seed: int = 0) -> list[list[str]]:
    """Louvain communities of the cooperative edges; members sorted by cooperative strength."""
    friendly = nx.Graph()
    friendly.add_nodes_from(graph.nodes)
    for a, b, data in graph.edges(data=True):
        if data["weight"] > 0:
            friendly.add_edge(a, b, weight=data["weight"] * math.log1p(data["events"]))
    communities = nx.community.louvain_communities(friendly, weight="weight", seed=seed)
    strength = dict(friendly.degree(weight="weight"))
    blocs = [sorted(c, key=lambda actor: (-strength[actor], actor)) for c in communities]
    return sorted(blocs, key=lambda bloc: (-len(bloc), bloc[0]))


def find_moves(previous: BlocWindow, current: BlocWindow) -> list[dict[str, Any]]:
    """Actors in both windows whose new bloc is not the best continuation of their old one."""
    common = set(previous.graph.nodes) & set(current.graph.nodes)
    moves = []
    for number, bloc in enumerate(previous.blocs):
        members = set(bloc) & common
        if len(members) < 2:
            continue
        overlaps = [
            len(members & set(other)) / len(members | (set(other) & common))
            for other in current.blocs
        ]
        heir = int(np.argmax(overlaps))
        for actor in sorted(members):
            now = current.bloc_of(actor)
            if now is not None and now != heir:
                moves.append(
                    {
                        "actor": actor,
                        "window_start": current.start,
                        "from_bloc": previous.label(number),
                        "to_bloc": current.label(now),
                    }
                )
    return moves


def alignment_blocs(
    store: Store,
    date_from: date | None = None,
    date_to: date | None = None,
    window: str = "6M",
    min_events: int = 3,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> BlocReport:
    """Alignment graphs, blocs and moves for consecutive windows over the corpus window (the
    events' publication dates, or ``date_from``/``date_to``), actors grouped by actor key."""
    step = window_offset(window)
    first, last_day = corpus_window(store, date_from, date_to)
    where = EventFilter(date_from=first, date_to=last_day, date_basis="event")
    events = load_events(store, where, window_days=window_days)
    events = events[events["quad_class"].notna() & (events["source"] != events["target"])]
    if events.empty:
        return BlocReport(windows=[])
    dates = pd.to_datetime(events["date"])
    start = pd.Timestamp(date_from) if date_from else dates.min().to_period("M").start_time
    last = pd.Timestamp(date_to) if date_to else dates.max()
    windows: list[BlocWindow] = []
    moves: list[dict[str, Any]] = []
    while start <= last:
        end = start + step
        in_window = events[(dates >= start) & (dates < end)]
        graph = window_graph(in_window, min_events)
        current = BlocWindow(
            start.date(), (end - pd.Timedelta(days=1)).date(), graph, find_blocs(graph)
        )
        if windows:
            moves += find_moves(windows[-1], current)
        windows.append(current)
        start = end
    return BlocReport(windows=windows, moves=moves)
