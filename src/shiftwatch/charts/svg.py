"""Render chart specs to SVG on the server with ``vl-convert-python``.

Why on the server: pages and briefs then carry finished SVG, so no chart JavaScript is shipped
or served (nothing third-party in the repository, nothing fetched from a CDN), the pages work
under a Content-Security-Policy with no script at all, and a brief prints as it looks. The
renderer is the installed ``vl-convert-python`` package (Vega and Vega-Lite compiled into a
Rust extension); it is imported on first use.

Rendering takes tens of milliseconds, so results are cached by the spec's JSON text, bounded
in bytes (the oldest entries go first).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import Any

from shiftwatch.errors import ChartError

CACHE_BYTES = 32 * 1024 * 1024
"""Most bytes of SVG kept in memory per process."""


class _SvgCache:
    """A least-recently-used map from spec digest to SVG text, bounded in bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.items: OrderedDict[str, str] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key: str, value: str) -> None:
        with self.lock:
            if key in self.items or len(value) > self.limit:
                return
            self.items[key] = value
            self.size += len(value)
            while self.size > self.limit:
                _, dropped = self.items.popitem(last=False)
                self.size -= len(dropped)


_cache = _SvgCache(CACHE_BYTES)


def to_svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG document (``<svg ...>...</svg>``), scalable through its viewBox."""
    text = json.dumps(spec, sort_keys=True, default=str)
    key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
    cached = _cache.get(key)
    if cached is not None:
        return cached
    import vl_convert

    try:
        if str(spec.get("$schema", "")).rstrip("/").endswith(("vega/v5.json", "vega/v6.json")):
            svg = vl_convert.vega_to_svg(text)
        else:
            svg = vl_convert.vegalite_to_svg(text)
    except (RuntimeError, ValueError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ChartError(f"chart could not be rendered: {first_line}") from None
    svg = _responsive(svg)
    _cache.put(key, svg)
    return svg


def _responsive(svg: str) -> str:
    """Mark the chart as one image for assistive technology; CSS scales it by its viewBox.

    The fixed width and height stay (they are the chart's natural size); the stylesheet's
    ``max-width: 100%; height: auto`` shrinks it on narrow screens. No ``style`` attribute is
    added, so a strict Content-Security-Policy (no inline styles) holds.
    """
    if not svg.startswith("<svg "):
        return svg
    return '<svg role="img" ' + svg[len("<svg ") :]
