"""How relations move: dyad series, shifts, partner reliance, blocs, briefs, event import.

Names are imported lazily (PEP 562) so that ``shiftwatch --help`` and commands that never
analyse do not pay for scipy, ruptures and networkx at start-up.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "dyad_series": "shiftwatch.analysis.series",
    "cooperation_index": "shiftwatch.analysis.series",
    "detect_shifts": "shiftwatch.analysis.shifts",
    "volume_shifts": "shiftwatch.analysis.volume",
    "partner_shares": "shiftwatch.analysis.partners",
    "era_shares": "shiftwatch.analysis.partners",
    "import_events": "shiftwatch.analysis.importing",
    "ImportReport": "shiftwatch.analysis.importing",
    "alignment_blocs": "shiftwatch.analysis.blocs",
    "BlocReport": "shiftwatch.analysis.blocs",
    "make_brief": "shiftwatch.analysis.brief",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'shiftwatch.analysis' has no attribute {name!r}") from None
    return getattr(importlib.import_module(module), name)
