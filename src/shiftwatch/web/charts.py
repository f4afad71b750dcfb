"""Vega-Lite (and, for the network, Vega) specifications for the pages' charts.

Specs are plain dicts with the data inlined, written into the page as JSON and drawn by the
vendored vega-embed: the server decides what is shown, the browser only draws it, and no page
fetches anything from outside.
"""

from __future__ import annotations

from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier, never fetched
VEGA_SCHEMA = "https://vega.github.io/schema/vega/v5.json"
WIDTH = "container"


def coop_chart(series: list[dict[str, Any]], shifts: list[dict[str, Any]]) -> dict[str, Any]:
    """Cooperation index per period and direction, its interval as a band, shifts as rules."""
    data = [
        {**row, "direction": f"{row['source']} → {row['target']}"}
        for row in series
        if row.get("events")
    ]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "area", "opacity": 0.15},
            "encoding": {
                "x": {"field": "period", "type": "temporal"},
                "y": {"field": "coop_low", "type": "quantitative"},
                "y2": {"field": "coop_high"},
                "color": {"field": "direction", "type": "nominal"},
            },
        },
        {
            "mark": {"type": "line", "point": {"size": 60, "filled": True}},
            "encoding": {
                "x": {"field": "period", "type": "temporal", "title": "period"},
                "y": {
                    "field": "coop_index",
                    "type": "quantitative",
                    "title": "cooperation index",
                    "scale": {"domain": [-1, 1]},
                },
                "color": {"field": "direction", "type": "nominal", "title": "direction"},
                "tooltip": [
                    {"field": "direction"},
                    {"field": "period", "type": "temporal"},
                    {"field": "events", "type": "quantitative"},
                    {"field": "cooperative", "type": "quantitative"},
                    {"field": "conflictual", "type": "quantitative"},
                    {"field": "coop_index", "type": "quantitative", "format": ".2f"},
                ],
            },
        },
    ]
    if shifts:
        layers.append(
            {
                "data": {"values": shifts},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#b3261e", "size": 2},
                "encoding": {
                    "x": {"field": "date", "type": "temporal"},
                    "tooltip": [
                        {"field": "date", "type": "temporal", "title": "shift"},
                        {"field": "label", "title": "change"},
                    ],
                },
            }
        )
    return {
        "$schema": SCHEMA,
        "width": WIDTH,
        "height": 260,
        "data": {"values": data},
        "layer": layers,
    }


def type_chart(counts: list[dict[str, Any]]) -> dict[str, Any]:
    """Events by PLOVER type, bars coloured by mean Goldstein (red conflict, blue cooperation)."""
    return {
        "$schema": SCHEMA,
        "width": WIDTH,
        "height": {"step": 18},
        "data": {"values": counts},
        "mark": "bar",
        "encoding": {
            "y": {"field": "type", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "events", "type": "quantitative", "title": "events"},
            "color": {
                "field": "goldstein",
                "type": "quantitative",
                "title": "Goldstein",
                "scale": {"scheme": "redblue", "domain": [-10, 10]},
            },
            "tooltip": [
                {"field": "type"},
                {"field": "events", "type": "quantitative"},
                {"field": "goldstein", "type": "quantitative", "format": ".1f"},
            ],
        },
    }


def partner_chart(shares: list[dict[str, Any]], x: str, y: str, color: str) -> dict[str, Any]:
    """Partners' shares of an actor's interactions over time, stacked."""
    return {
        "$schema": SCHEMA,
        "width": WIDTH,
        "height": 260,
        "data": {"values": shares},
        "mark": {"type": "area", "interpolate": "step-after"},
        "encoding": {
            "x": {"field": x, "type": "temporal", "title": "period"},
            "y": {
                "field": y,
                "type": "quantitative",
                "stack": "normalize",
                "title": "share of interactions",
                "axis": {"format": "%"},
            },
            "color": {"field": color, "type": "nominal", "title": "partner"},
            "tooltip": [
                {"field": color},
                {"field": x, "type": "temporal"},
                {"field": y, "type": "quantitative", "format": ".2f"},
            ],
        },
    }


def network_chart(nodes: list[dict[str, Any]], links: list[dict[str, Any]]) -> dict[str, Any]:
    """A force-directed network (Vega): actors as nodes coloured by bloc, drag to move them.

    ``nodes``: name, bloc, size (edges); ``links``: source and target node indices, events
    (line width) and index (the pair's cooperation index: blue above zero, red below).
    """
    return {
        "$schema": VEGA_SCHEMA,
        "width": 760,
        "height": 520,
        "autosize": "none",
        "signals": [
            {"name": "cx", "update": "width / 2"},
            {"name": "cy", "update": "height / 2"},
            {
                "name": "node",
                "value": None,
                "on": [
                    {"events": "symbol:pointerover", "update": "fix === true ? item() : node"},
                    {"events": "symbol:pointerout", "update": "fix === true ? node : null"},
                ],
            },
            {
                "name": "fix",
                "value": False,
                "on": [
                    {
                        "events": "symbol:pointerout[!event.buttons], window:pointerup",
                        "update": "false",
                    },
                    {"events": "symbol:pointerover", "update": "fix || true"},
                    {
                        "events": "[symbol:pointerdown, window:pointerup] > window:pointermove!",
                        "update": "xy()",
                        "force": True,
                    },
                ],
            },
            {
                "name": "restart",
                "value": False,
                "on": [{"events": {"signal": "fix"}, "update": "fix && fix.length"}],
            },
        ],
        "data": [
            {"name": "node-data", "values": nodes},
            {"name": "link-data", "values": links},
        ],
        "scales": [
            {
                "name": "color",
                "type": "ordinal",
                "domain": {"data": "node-data", "field": "bloc"},
                "range": {"scheme": "category10"},
            },
        ],
        "legends": [{"fill": "color", "title": "bloc", "orient": "top-left"}],
        "marks": [
            {
                "name": "nodes",
                "type": "symbol",
                "zindex": 1,
                "from": {"data": "node-data"},
                "on": [
                    {
                        "trigger": "fix",
                        "modify": "node",
                        "values": (
                            "fix === true ? {fx: node.x, fy: node.y} : {fx: fix[0], fy: fix[1]}"
                        ),
                    },
                    {"trigger": "!fix", "modify": "node", "values": "{fx: null, fy: null}"},
                ],
                "encode": {
                    "enter": {
                        "fill": {"scale": "color", "field": "bloc"},
                        "stroke": {"value": "white"},
                        "tooltip": {"signal": "datum.name + ' (bloc ' + datum.bloc + ')'"},
                    },
                    "update": {
                        "size": {"signal": "60 + 25 * datum.size"},
                        "cursor": {"value": "pointer"},
                    },
                },
                "transform": [
                    {
                        "type": "force",
                        "iterations": 300,
                        "restart": {"signal": "restart"},
                        "static": False,
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
                "type": "path",
                "from": {"data": "link-data"},
                "interactive": False,
                "encode": {
                    "update": {
                        "stroke": {"signal": "datum.index >= 0 ? '#2a6fb0' : '#b3261e'"},
                        "strokeWidth": {"signal": "0.5 + sqrt(datum.events)"},
                        "strokeOpacity": {"value": 0.6},
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
