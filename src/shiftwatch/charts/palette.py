"""Colours every chart shares, chosen to survive colour blindness.

Categories (blocs, directions, partners) use the Okabe–Ito palette, which stays distinct under
the common forms of colour blindness. Cooperation and conflict are blue and vermillion rather
than blue and red, and conflict lines are also dashed, so colour is never the only cue.
PLOVER types take a hue family from their quad class (blues: verbal cooperation, greens:
material cooperation, oranges: verbal conflict, purples and reds: material conflict) and a step
within it, so two types never share a colour (the old brief cycled ten colours over sixteen
types and drew AGREE and COERCE alike).
"""

from __future__ import annotations

from functools import cache

from shiftwatch.ontology import plover_types

OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
OTHER = "#9AA0A6"
"""Grey for pooled remainders ("other") and for no data."""

COOPERATION = "#0072B2"
CONFLICT = "#D55E00"
SHIFT = "#6A3D9A"
"""Shift markers: purple, distinct from both directions of the index."""

QUAD_FAMILIES: dict[int, tuple[str, ...]] = {
    1: ("#08306B", "#2171B5", "#6BAED6", "#9ECAE1", "#C6DBEF"),
    2: ("#00441B", "#238B45", "#74C476", "#A1D99B", "#C7E9C0"),
    3: ("#7F2704", "#D94801", "#FD8D3C", "#FDAE6B", "#FDD0A2"),
    4: ("#3F007D", "#6A51A3", "#9E9AC8", "#67000D", "#CB181D", "#FB6A4A"),
}


@cache
def type_colours() -> dict[str, str]:
    """One distinct colour per PLOVER type, in the ontology's order."""
    used: dict[int, int] = {}
    colours: dict[str, str] = {}
    for name, record in plover_types().items():
        family = QUAD_FAMILIES.get(record.quad_class, (OTHER,))
        step = used.get(record.quad_class, 0)
        used[record.quad_class] = step + 1
        colours[name] = family[step % len(family)]
    return colours


def categorical(names: list[str]) -> dict[str, list[str]]:
    """A Vega-Lite scale giving ``names`` Okabe–Ito colours in order; "other" is grey."""
    range_: list[str] = []
    palette = iter(OKABE_ITO * (len(names) // len(OKABE_ITO) + 1))
    for name in names:
        range_.append(OTHER if name == "other" else next(palette))
    return {"domain": names, "range": range_}
