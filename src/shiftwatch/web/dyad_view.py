"""What the dyad page shows, computed in one place: the page must explain itself.

A reader of ``/dyad/A/B`` should not have to guess what moved: the page lists each detected
shift with its level before and after, its size and significance, and the events that drove
it (each a link to its document, the sentence highlighted); it separates what was reported as
fact from what was alleged, promised, denied or imagined; it shows whom each side relied on
before and after the shift; and it says why its count of events differs from the count of
distinct events (several reports of one event are merged for the index).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd

from shiftwatch import charts
from shiftwatch.ontology import MODALITIES
from shiftwatch.records import records
from shiftwatch.store import Store
from shiftwatch.store.filters import EventFilter
from shiftwatch.web import queries, render

PAGE_EVENTS = 100
TOP_PARTNERS = 6
NOT_ASSERTED = tuple(m for m in MODALITIES if m != "asserted")


@dataclass(frozen=True)
class DyadQuery:
    """The dyad page's parameters, validated by the route."""

    a: str
    b: str
    date_from: date | None = None
    date_to: date | None = None
    types: tuple[str, ...] = ()
    modality: str | None = None
    offset: int = 0


def shift_rows(store: Store, a: str, b: str) -> list[dict[str, Any]]:
    """Change points in either direction of A-B, each with a label and evidence links."""
    from shiftwatch.analysis import detect_shifts

    frame = detect_shifts(store, actor=a, top=1000)
    rows = []
    for row in records(frame):
        if {row["source"], row["target"]} != {a, b}:
            continue
        for event in row.get("evidence") or []:
            if event.get("doc_id"):
                event["link"] = f"/documents/{event['doc_id']}#s{event.get('sentence_idx') or 0}"
        label = f"{row['source']} → {row['target']}: "
        label += f"{row['level_before']:+.2f} → {row['level_after']:+.2f}"
        rows.append({**row, "label": label})
    rows.sort(key=lambda row: str(row["date"]))
    return rows


def split_date(shifts: list[dict[str, Any]], series: pd.DataFrame) -> date | None:
    """Where "before" ends: the latest shift, else the middle of the dyad's active periods."""
    if shifts:
        return pd.Timestamp(shifts[-1]["date"]).date()
    active = series.loc[series["events"] > 0, "period"]
    if active.empty:
        return None
    first, last = pd.Timestamp(active.min()), pd.Timestamp(active.max())
    if first == last:
        return None
    return (first + (last - first) / 2).date()


def partner_eras(store: Store, actor: str, split: date) -> list[dict[str, Any]]:
    """The actor's top cooperative partners' shares before and after ``split``."""
    from shiftwatch.analysis import era_shares, partner_shares

    shares = partner_shares(store, actor, freq="month")
    if shares.empty:
        return []
    eras = (("before", date(1, 1, 1), split - timedelta(days=1)), ("after", split, date.max))
    table = era_shares(shares, eras)
    if table.empty:
        return []
    wide = table.pivot(index="partner", columns="era", values="coop_share").fillna(0.0)
    for column in ("before", "after"):
        if column not in wide.columns:
            wide[column] = 0.0
    wide = wide.assign(peak=wide[["before", "after"]].max(axis=1))
    wide = wide.sort_values(["after", "peak"], ascending=False).head(TOP_PARTNERS)
    return [
        {"partner": partner, "before": row.before, "after": row.after}
        for partner, row in wide.iterrows()
    ]


def dyad_context(store: Store, query: DyadQuery) -> dict[str, Any] | None:
    """Everything the dyad page renders, or None when the two actors share no event."""
    from shiftwatch.analysis import dyad_series

    a, b = query.a, query.b
    where = EventFilter(
        dyad=(a, b),
        types=list(query.types),
        modalities=[query.modality] if query.modality else [],
        date_from=query.date_from,
        date_to=query.date_to,
    )
    total, events = queries.event_page(store, where, PAGE_EVENTS, query.offset)
    all_time = queries.event_count(store, EventFilter(dyad=(a, b)))
    if not all_time:
        return None
    series = dyad_series(store, a, b, date_from=query.date_from, date_to=query.date_to)
    shifts = shift_rows(store, a, b)
    split = split_date(shifts, series)
    directions = [
        {**row, "direction": f"{row['source']} → {row['target']}"} for row in records(series)
    ]
    with_evidence = highlight_evidence(store, events)
    return {
        "a": a,
        "b": b,
        "events_query": events_query(query),
        "total": total,
        "all_time": all_time,
        "distinct": int(series["events"].sum()) if not series.empty else 0,
        "offset": query.offset,
        "page_size": PAGE_EVENTS,
        "asserted": [e for e in with_evidence if e.get("modality") not in NOT_ASSERTED],
        "not_asserted": [e for e in with_evidence if e.get("modality") in NOT_ASSERTED],
        "coop_chart": render.chart(charts.cooperation_chart(directions, shifts)),
        "type_chart": render.chart(
            charts.type_count_chart(records(queries.type_counts(store, where)))
        ),
        "all_types": queries.event_types(store, EventFilter(dyad=(a, b))),
        "shifts": shifts,
        "split": split,
        "split_is_shift": bool(shifts),
        "partners": {actor: partner_eras(store, actor, split) if split else [] for actor in (a, b)},
    }


def events_query(query: DyadQuery) -> str:
    """The API URL listing the same events as the page (for its download links)."""
    from urllib.parse import urlencode

    params: list[tuple[str, str]] = [("dyad", f"{query.a},{query.b}")]
    params += [("type", value) for value in query.types]
    if query.modality:
        params.append(("modality", query.modality))
    if query.date_from:
        params.append(("date_from", query.date_from.isoformat()))
    if query.date_to:
        params.append(("date_to", query.date_to.isoformat()))
    return "/api/v1/events?" + urlencode(params)


def highlight_evidence(store: Store, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each event with its sentence as HTML, evidence and actors highlighted."""
    starts = queries.sentence_starts(store, {e["doc_id"] for e in events if e.get("doc_id")})
    for event in events:
        sentence = event.get("sentence") or ""
        doc_id, sentence_idx = event.get("doc_id"), event.get("sentence_idx")
        start = None
        if doc_id is not None and sentence_idx is not None:
            start = starts.get((doc_id, sentence_idx))
        spans = render.event_spans(sentence, event, sentence_start=start)
        event["evidence_html"] = render.highlight(sentence, spans)
    return events
