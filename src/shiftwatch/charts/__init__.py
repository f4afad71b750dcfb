"""Charts: one module builds every spec (:mod:`.specs`), one renders them to SVG (:mod:`.svg`).

The dashboard pages and the HTML briefs both use them, so a chart looks the same wherever it
appears, and no chart JavaScript is served.
"""

from shiftwatch.charts.specs import (
    cooperation_chart,
    network_chart,
    partner_share_chart,
    type_count_chart,
    type_time_chart,
)
from shiftwatch.charts.svg import to_svg

__all__ = [
    "cooperation_chart",
    "network_chart",
    "partner_share_chart",
    "to_svg",
    "type_count_chart",
    "type_time_chart",
]
