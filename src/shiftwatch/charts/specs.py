"""Every chart Shiftwatch draws, as a Vega-Lite (or, for the network, Vega) specification.

One module builds the specs for the dashboard and the briefs alike; :mod:`shiftwatch.charts.svg`
turns any of them into SVG on the server. Specs are plain dicts with the data inlined, so the
same spec can also be handed to any Vega renderer a user prefers.

Conventions shared by all charts: periods with no events are *gaps* (a broken line, never a
zero), cooperation is blue and conflict vermillion (and dashed), shifts are purple rules, and
categories use colour-blind-safe colours from :mod:`shiftwatch.charts.palette`.
"""

from __future__ import annotations

from typing import Any

from shiftwatch.charts import palette
from shiftwatch.ontology import plover_types

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier, never fetched
VEGA_SCHEMA = "https://vega.github.io/schema/vega/v5.json"
WIDTH = 880
HEIGHT = 240
CONFIG = {
    "font": "Liberation Sans, Arial, sans-serif",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 11, "gridColor": "#e6e8eb"},
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "top"},
    "title": {"fontSize": 13, "anchor": "start"},
}
PERIOD = {"field": "period", "type": "temporal", "title": None}


def _chart(body: dict[str, Any], title: str | None = None, **extra: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {"$schema": SCHEMA, "config": CONFIG, **extra, **body}
    spec.setdefault("width", WIDTH)
    spec.setdefault("height", HEIGHT)
    if title:
        spec["title"] = title
    return spec


def cooperation_chart(
    series: list[dict[str, Any]],
    shifts: list[dict[str, Any]] | None = None,
    title: str | None = None,
    line_field: str = "direction",
) -> dict[str, Any]:
    """The cooperation index per period, one line per ``line_field``, with its interval.

    ``series`` rows carry ``period``, ``line_field``, ``events``, ``coop_index``, ``coop_low``
    and ``coop_high``; a row with no events keeps its period but no index, and the line breaks
    there. The 95% interval is drawn as a thin vertical bar per point rather than a filled band,
    so a few low-count periods (whose interval spans nearly -1..1) cannot paint a solid block.
    ``shifts`` rows (``date``, ``label``) become purple dashed rules.
    """
    rows = []
    for row in series:
        has_index = bool(row.get("events")) and row.get("coop_index") is not None
        rows.append(
            {
                "period": str(row["period"])[:10],
                line_field: row.get(line_field),
                "events": row.get("events") or 0,
                "coop_index": row.get("coop_index") if has_index else None,
                "coop_low": row.get("coop_low") if has_index else None,
                "coop_high": row.get("coop_high") if has_index else None,
            }
        )
    lines = sorted({str(row[line_field]) for row in rows})
    colour = {
        "field": line_field,
        "type": "nominal",
        "title": None,
        "scale": palette.categorical(lines),
    }
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "rule", "opacity": 0.35, "strokeWidth": 2},
            "transform": [{"filter": "isValid(datum.coop_low)"}],
            "encoding": {
                "x": PERIOD,
                "y": {"field": "coop_low", "type": "quantitative"},
                "y2": {"field": "coop_high"},
                "color": colour,
            },
        },
        {
            "mark": {
                "type": "line",
                "point": {"filled": True, "size": 36},
                "invalid": "break-paths-show-domains",
            },
            "encoding": {
                "x": PERIOD,
                "y": {
                    "field": "coop_index",
                    "type": "quantitative",
                    "title": "cooperation index",
                    "scale": {"domain": [-1, 1]},
                },
                "color": colour,
                "strokeDash": {"field": line_field, "type": "nominal", "legend": None},
                "tooltip": [
                    {"field": line_field},
                    {"field": "period", "type": "temporal"},
                    {"field": "events", "type": "quantitative"},
                    {"field": "coop_index", "type": "quantitative", "format": "+.2f"},
                ],
            },
        },
    ]
    if shifts:
        layers.append(
            {
                "data": {"values": [_shift_point(shift) for shift in shifts]},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": palette.SHIFT, "size": 2},
                "encoding": {
                    "x": {"field": "date", "type": "temporal"},
                    "tooltip": [
                        {"field": "date", "type": "temporal", "title": "shift"},
                        {"field": "label", "title": "change"},
                    ],
                },
            }
        )
    return _chart({"data": {"values": rows}, "layer": layers}, title)


def _shift_point(shift: dict[str, Any]) -> dict[str, Any]:
    return {"date": str(shift["date"])[:10], "label": shift.get("label", "")}


def type_count_chart(counts: list[dict[str, Any]], title: str | None = None) -> dict[str, Any]:
    """Events by PLOVER type (``type``, ``events``), each type in its own colour."""
    colours = palette.type_colours()
    present = [name for name in colours if any(row["type"] == name for row in counts)]
    body = {
        "data": {"values": [{"type": row["type"], "events": row["events"]} for row in counts]},
        "height": {"step": 18},
        "mark": "bar",
        "encoding": {
            "y": {"field": "type", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "events", "type": "quantitative", "title": "events"},
            "color": {
                "field": "type",
                "type": "nominal",
                "legend": None,
                "scale": {"domain": present, "range": [colours[name] for name in present]},
            },
            "tooltip": [{"field": "type"}, {"field": "events", "type": "quantitative"}],
        },
    }
    return _chart(body, title)


def type_time_chart(rows: list[dict[str, Any]], title: str | None = None) -> dict[str, Any]:
    """Events per period stacked by PLOVER type (``period``, ``type``, ``count``)."""
    colours = palette.type_colours()
    order = list(plover_types())
    present = [name for name in order if any(row["type"] == name for row in rows)]
    body = {
        "data": {"values": rows},
        "mark": "bar",
        "encoding": {
            "x": PERIOD,
            "y": {"field": "count", "type": "quantitative", "stack": True, "title": "events"},
            "color": {
                "field": "type",
                "type": "nominal",
                "title": None,
                "sort": present,
                "scale": {"domain": present, "range": [colours[name] for name in present]},
            },
            "order": {"field": "type_rank", "type": "quantitative"},
            "tooltip": [PERIOD, {"field": "type"}, {"field": "count", "type": "quantitative"}],
        },
        "transform": [
            {"calculate": f"indexof({present!r}, datum.type)", "as": "type_rank"},
        ],
    }
    return _chart(body, title)


def partner_share_chart(
    rows: list[dict[str, Any]], value: str, title: str | None = None, label: str = "share"
) -> dict[str, Any]:
    """Partners' shares of an actor's events per period (``period``, ``partner``, ``value``).

    Stacked to 100%, in steps (a share holds for its whole period); partners keep the same
    colour on every chart of a page because the domain is sorted.
    """
    partners = sorted({str(row["partner"]) for row in rows}, key=lambda p: (p == "other", p))
    body = {
        "data": {"values": rows},
        "mark": {"type": "area", "interpolate": "step-after"},
        "encoding": {
            "x": PERIOD,
            "y": {
                "field": value,
                "type": "quantitative",
                "stack": "normalize",
                "title": label,
                "axis": {"format": "%"},
            },
            "color": {
                "field": "partner",
                "type": "nominal",
                "title": None,
                "scale": palette.categorical(partners),
            },
            "tooltip": [
                {"field": "partner"},
                PERIOD,
                {"field": value, "type": "quantitative", "format": ".2f"},
            ],
        },
    }
    return _chart(body, title)


def network_chart(nodes: list[dict[str, Any]], links: list[dict[str, Any]]) -> dict[str, Any]:
    """Actors as nodes coloured by bloc, laid out by a force simulation (Vega).

    ``nodes``: name, bloc, size (edges); ``links``: source and target node indices, events
    (line width) and ``coop_index`` (the pair's cooperation index: blue solid at or above zero,
    vermillion dashed below). The index must not be called ``index``: the force layout writes
    its own ``index`` onto every link, which once turned every link blue.
    """
    blocs = sorted({str(node["bloc"]) for node in nodes}, key=lambda b: (len(b), b))
    scale = palette.categorical(blocs)
    cooperative = f"datum.coop_index >= 0 ? '{palette.COOPERATION}' : '{palette.CONFLICT}'"
    return {
        "$schema": VEGA_SCHEMA,
        "config": {"font": CONFIG["font"]},
        "width": 760,
        "height": 520,
        "autosize": "none",
        "signals": [
            {"name": "cx", "update": "width / 2"},
            {"name": "cy", "update": "height / 2"},
        ],
        "data": [
            {"name": "node-data", "values": nodes},
            {"name": "link-data", "values": links},
        ],
        "scales": [
            {
                "name": "color",
                "type": "ordinal",
                "domain": scale["domain"],
                "range": scale["range"],
            },
        ],
        "legends": [{"fill": "color", "title": "bloc", "orient": "top-left"}],
        "marks": [
            {
                "name": "nodes",
                "type": "symbol",
                "zindex": 1,
                "from": {"data": "node-data"},
                "encode": {
                    "enter": {
                        "fill": {"scale": "color", "field": "bloc"},
                        "stroke": {"value": "white"},
                        "tooltip": {"signal": "datum.name + ' (bloc ' + datum.bloc + ')'"},
                    },
                    "update": {"size": {"signal": "60 + 25 * datum.size"}},
                },
                "transform": [
                    {
                        "type": "force",
                        "iterations": 300,
                        "static": True,
                        "signal": "force",
                        "forces": [
                            {"force": "center", "x": {"signal": "cx"}, "y": {"signal": "cy"}},
                            {"force": "collide", "radius": 14},
                            {"force": "nbody", "strength": -60},
                            {"force": "link", "links": "link-data", "distance": 70},
                        ],
                    }
                ],
            },
            {
                "type": "text",
                "from": {"data": "nodes"},
                "zindex": 2,
                "interactive": False,
                "encode": {
                    "enter": {
                        "text": {"field": "datum.name"},
                        "fontSize": {"value": 11},
                        "dx": {"value": 8},
                        "dy": {"value": 3},
                    },
                    "update": {"x": {"field": "x"}, "y": {"field": "y"}},
                },
            },
            {
                "name": "links",
                "type": "path",
                "from": {"data": "link-data"},
                "interactive": False,
                "encode": {
                    "update": {
                        "stroke": {"signal": cooperative},
                        "strokeDash": {"signal": "datum.coop_index >= 0 ? [] : [5, 3]"},
                        "strokeWidth": {"signal": "0.5 + sqrt(datum.events)"},
                        "strokeOpacity": {"value": 0.7},
                    }
                },
                "transform": [
                    {
                        "type": "linkpath",
                        "require": {"signal": "force"},
                        "shape": "line",
                        "sourceX": "datum.source.x",
                        "sourceY": "datum.source.y",
                        "targetX": "datum.target.x",
                        "targetY": "datum.target.y",
                    }
                ],
            },
        ],
    }
