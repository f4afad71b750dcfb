"""A brief on one relationship that a person would forward: finding, charts, evidence, caveats.

Everything in it comes from the other analyses (series, shifts, partners) plus the evidence
sentences of the events behind the numbers. HTML briefs are self-contained: their charts are
SVG rendered when the brief is made (the same specs as the dashboard's), so the file opens
offline, holds no script and prints as it looks. Markdown briefs turn the charts into tables
and sparklines.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import jinja2
import pandas as pd

from shiftwatch import charts as chart_specs
from shiftwatch.analysis.partners import partner_shares
from shiftwatch.analysis.series import (
    actor_code,
    date_basis,
    dyad_series,
)
from shiftwatch.analysis.shifts import detect_shifts
from shiftwatch.analysis.volume import volume_shifts
from shiftwatch.errors import ConfigError
from shiftwatch.ontology import COUNTED_MODALITIES, PLOVER_TYPES
from shiftwatch.store.filters import EventFilter
from shiftwatch.store.keys import covers, key_sql

if TYPE_CHECKING:
    from shiftwatch.store import Store

SPARKS = "▁▂▃▄▅▆▇█"
KEY_EVENTS = 8
TOP_PARTNERS = 5
THIN_PERIOD = 5  # periods with fewer events than this make a level unreliable


@cache
def _environment() -> jinja2.Environment:
    folder = resources.files("shiftwatch.analysis") / "templates"
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: (folder / name).read_text("utf-8")),
        autoescape=jinja2.select_autoescape(["html.j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def sparkline(values: list[float], low: float = -1.0, high: float = 1.0) -> str:
    """A row of block characters for values in [low, high]; a gap (space) where undefined."""
    marks = []
    for value in values:
        if value is None or pd.isna(value):
            marks.append(" ")
            continue
        position = (min(max(value, low), high) - low) / (high - low)
        marks.append(SPARKS[min(int(position * len(SPARKS)), len(SPARKS) - 1)])
    return "".join(marks)


def headline(
    a: str, b: str, shifts: pd.DataFrame, series: pd.DataFrame, volume: pd.DataFrame | None = None
) -> str:
    """One sentence with the finding: the largest significant shift, or the steady level (and
    the strongest change in how often a side acted, which a silent "before" cannot show)."""
    if not shifts.empty:
        top = shifts.iloc[0]
        turn = "more cooperative" if top["magnitude"] > 0 else "more conflictual"
        return (
            f"{top['source']}'s conduct towards {top['target']} turned {turn} from "
            f"{top['date']:%B %Y}: cooperation index {top['level_before']:+.2f} → "
            f"{top['level_after']:+.2f} (change {top['magnitude']:+.2f}; "
            f"{top['events_before']} events before, {top['events_after']} after; "
            f"permutation p = {top['p_value']:.3f})."
        )
    coop, conflict = int(series["cooperative"].sum()), int(series["conflictual"].sum())
    if coop + conflict == 0:
        return f"No events between {a} and {b} in the database."
    index = (coop - conflict) / (coop + conflict)
    steady = (
        f"No significant shift between {a} and {b}: over {coop + conflict} events the "
        f"cooperation index stands at {index:+.2f} ({coop} cooperative, {conflict} conflictual)."
    )
    if volume is None or volume.empty:
        return steady
    top = volume.iloc[0]
    how = "more" if top["rate_after"] > top["rate_before"] else "less"
    return (
        f"{steady[:-1]}; but {top['source']} acted on {top['target']} {how} often from "
        f"{top['date']:%B %Y} ({top['rate_before']:.2f} → {top['rate_after']:.2f} events per "
        f"period; permutation p = {top['p_value']:.3f})."
    )


def key_events(
    store: Store,
    a: str,
    b: str,
    shifts: pd.DataFrame,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[dict[str, Any]]:
    """A dated timeline: the events that drove each shift, then the weightiest others."""
    chosen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for evidence in shifts["evidence"] if not shifts.empty else []:
        for event in evidence:
            chosen.setdefault(
                (event["date"], event["source"], event["type"], event["sentence"]),
                {**event, "why": "drove a shift"},
            )
    where, params = EventFilter(
        dyad=(a, b),
        modalities=COUNTED_MODALITIES,
        date_from=date_from,
        date_to=date_to,
        date_basis="event",
        dated=True,
    ).sql("e")
    rows = store.con.execute(
        f"SELECT {date_basis('event')} AS date, {key_sql('e.source', (a, b))} AS source, "
        f"{key_sql('e.target', (a, b))} AS target, e.type, e.goldstein, e.sentence, e.url "
        f"FROM events e WHERE {where} AND e.sentence IS NOT NULL "
        "ORDER BY abs(coalesce(e.goldstein, 0)) DESC, 1 LIMIT 50",
        params,
    ).df()
    for row in rows.to_dict("records"):
        if len(chosen) >= KEY_EVENTS:
            break
        event = {**row, "date": pd.Timestamp(row["date"]).date().isoformat()}
        event["goldstein"] = None if pd.isna(row["goldstein"]) else float(row["goldstein"])
        key = (event["date"], event["source"], event["type"], event["sentence"])
        chosen.setdefault(key, {**event, "why": "largest Goldstein weight"})
    return sorted(chosen.values(), key=lambda event: event["date"])


def caveats(
    store: Store,
    a: str,
    b: str,
    series: pd.DataFrame,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[str]:
    """What a reader should know before trusting the numbers: sample size and sources."""
    where, params = EventFilter(
        dyad=(a, b), date_from=date_from, date_to=date_to, date_basis="event"
    ).sql("e")
    outlets, reports = store.con.execute(
        "SELECT count(DISTINCT coalesce(d.source, regexp_extract(e.url, '://([^/]+)', 1))), "
        f"count(*) FROM events e LEFT JOIN documents d ON d.id = e.doc_id WHERE {where}",
        params,
    ).fetchone()  # type: ignore[misc]
    per_period = series.groupby("period")["events"].sum()
    thin = int((per_period < THIN_PERIOD).sum())
    notes = [
        f"{int(series['events'].sum())} distinct events ({reports} stored reports) over "
        f"{len(per_period)} periods; {thin} periods have fewer than {THIN_PERIOD} events, "
        "so their levels carry wide intervals.",
        (f"Sources: {outlets} outlet(s). " if outlets else "Sources: outlets unknown. ")
        + ("One outlet's coverage is not the world's; " if outlets <= 1 else "")
        + "events are what the press reported, not all that happened.",
        "Events are machine-coded from news text; read the evidence sentences before citing.",
        f"Actors: {a} is {covers(a)}; {b} is {covers(b)}.",
    ]
    return notes


def charts(
    a: str, b: str, series: pd.DataFrame, shifts: pd.DataFrame, partners: pd.DataFrame
) -> dict[str, dict[str, Any]]:
    """The brief's chart specs (built by :mod:`shiftwatch.charts`, like the dashboard's)."""
    directions = series.assign(direction=series["source"] + " → " + series["target"])
    points = _records(
        directions[["period", "direction", "coop_index", "coop_low", "coop_high", "events"]]
    )
    rules = [
        {
            "date": row["date"],
            "label": f"{row['source']} → {row['target']} {row['magnitude']:+.2f}",
        }
        for row in (_records(shifts) if not shifts.empty else [])
    ]
    by_type = series.melt(
        id_vars=["period"], value_vars=list(PLOVER_TYPES), var_name="type", value_name="count"
    )
    by_type = by_type.groupby(["period", "type"], as_index=False)["count"].sum()
    return {
        "index": chart_specs.cooperation_chart(
            points, rules, title=f"Cooperation index, {a}–{b} (95% interval; purple: shifts)"
        ),
        "types": chart_specs.type_time_chart(
            _records(by_type[by_type["count"] > 0]),
            title=f"Events by PLOVER type, both directions, {a}–{b}",
        ),
        "partners": chart_specs.partner_share_chart(
            _records(top_partner_shares(partners)),
            "coop_share",
            title=f"{a}'s partners' share of its cooperative events",
        ),
    }


def top_partner_shares(partners: pd.DataFrame) -> pd.DataFrame:
    """Cooperative shares of the overall top partners, the rest pooled as 'other'."""
    if partners.empty:
        return pd.DataFrame(columns=["period", "partner", "coop_share"])
    totals = partners.groupby("partner")["cooperative"].sum().sort_values(ascending=False)
    top = set(totals.head(TOP_PARTNERS).index)
    pooled = partners.assign(
        partner=partners["partner"].where(partners["partner"].isin(top), "other")
    )
    return pooled.groupby(["period", "partner"], as_index=False)["coop_share"].sum()


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-safe dicts for the templates and specs: ISO dates, None for NaN."""
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    for row in rows:
        for key, value in row.items():
            if isinstance(value, (pd.Timestamp, date)):
                row[key] = value.isoformat()[:10]
            elif hasattr(value, "item"):
                row[key] = value.item()
    return rows


def make_brief(
    store: Store,
    a: str,
    b: str,
    fmt: str = "md",
    freq: str = "month",
    date_from: date | None = None,
    date_to: date | None = None,
) -> str:
    """Render the brief on the A-B relation as Markdown (``md``) or standalone HTML (``html``).

    ``date_from`` / ``date_to`` limit every part of it (series, shifts, partners, key events,
    caveats) to events in that span.
    """
    if fmt not in ("md", "html"):
        raise ConfigError(f"unknown brief format {fmt!r}; use md or html")
    a, b = actor_code(a), actor_code(b)
    start, end = date_from, date_to
    series = dyad_series(store, a, b, freq=freq, date_from=start, date_to=end)
    shifts = detect_shifts(
        store, dyad=(a, b), min_events=10, top=10, freq=freq, date_from=start, date_to=end
    )
    volume = volume_shifts(store, dyad=(a, b), freq=freq, date_from=start, date_to=end, top=10)
    partners = partner_shares(store, a, freq="quarter", date_from=start, date_to=end)
    directions = []
    for source, target in ((a, b), (b, a)):
        rows = series[(series["source"] == source) & (series["target"] == target)]
        coop, conflict = int(rows["cooperative"].sum()), int(rows["conflictual"].sum())
        directions.append(
            {
                "source": source,
                "target": target,
                "events": int(rows["events"].sum()),
                "cooperative": coop,
                "conflictual": conflict,
                "index": (coop - conflict) / (coop + conflict) if coop + conflict else None,
                "spark": sparkline(rows["coop_index"].tolist()),
                "periods": _records(
                    rows[
                        [
                            "period",
                            "events",
                            "cooperative",
                            "conflictual",
                            "coop_index",
                            "coop_low",
                            "coop_high",
                        ]
                    ]
                ),
            }
        )
    context = {
        "a": a,
        "b": b,
        "freq": freq,
        "generated": date.today().isoformat(),
        "first": series["period"].min() if not series.empty else None,
        "last": series["period"].max() if not series.empty else None,
        "headline": headline(a, b, shifts, series, volume),
        "directions": directions,
        "shifts": _records(shifts.drop(columns="evidence")) if not shifts.empty else [],
        "volume": _records(volume.drop(columns="evidence")) if not volume.empty else [],
        "events": key_events(store, a, b, shifts, start, end),
        "caveats": caveats(store, a, b, series, start, end),
        "partners": _records(
            top_partner_shares(partners).sort_values(
                ["period", "coop_share"], ascending=[True, False]
            )
        ),
        "types": {t: int(series[t].sum()) for t in PLOVER_TYPES if series[t].sum() > 0},
    }
    if fmt == "html":
        specs = charts(a, b, series, shifts, partners)
        context["charts"] = {name: chart_specs.to_svg(spec) for name, spec in specs.items()}
    return _environment().get_template(f"brief.{fmt}.j2").render(**context)
