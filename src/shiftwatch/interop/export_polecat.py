"""Export stored events as POLECAT rows: a header line, then one tab-separated line per event.

POLECAT rows are stored verbatim with their file's header (``raw_headers``), so when every
exported POLECAT row came from files with one header the export writes that header and the
lines as they were: POLECAT -> Shiftwatch -> POLECAT is the identity (trailing tabs, "NA"s and
all). Rows from files with another header are rearranged by column name; events from elsewhere
are written in POLECAT's terms: PLOVER type and mode as they are, the Goldstein score as
Intensity, the quad class as POLECAT's quad code, actor codes and sector words.
"""

from __future__ import annotations

from typing import Any

from shiftwatch.interop.export import external_id_sql
from shiftwatch.interop.export_icews import (
    header_and_lines_sql,
    install_names,
    install_positions,
    line_sql,
    target_header,
)
from shiftwatch.interop.polecat import POLECAT_COLUMNS
from shiftwatch.store import Store

# PLOVER's quad classes in POLECAT's words (which the importer reads back)
QUAD_CODES = (
    "CASE e.quad_class WHEN 1 THEN 'V-COOP' WHEN 2 THEN 'M-COOP' "
    "WHEN 3 THEN 'V-CONF' WHEN 4 THEN 'M-CONF' ELSE '' END"
)


def _synthesised(name: str) -> str:
    """SQL for the POLECAT column ``name`` of an event that did not come from POLECAT."""
    side = {"Actor": ("source", "s"), "Recipient": ("target", "t")}
    words = name.split(" ")
    role = next((side[word] for word in words if word in side), None)
    if role is not None:
        column, alias = role
        if name in ("Actor Name", "Recipient Name"):
            return f"CASE WHEN e.{column}_text <> '' THEN e.{column}_text ELSE e.{column} END"
        if name.endswith("Country"):
            return f"e.{column}"
        if name.endswith("Sector") or name.endswith("Sectors"):
            return f"w_{alias}.word"
        return "''"
    expressions = {
        "Event ID": external_id_sql("polecat"),
        "Event Date": "strftime(e.date, '%Y-%m-%d')",
        "Event Type": "e.type",
        "Event Mode": "e.mode",
        "Intensity": "CAST(e.goldstein AS VARCHAR)",
        "Quad Code": QUAD_CODES,
        "Placename": "e.location",
    }
    return expressions.get(name, "''")


def polecat_select(store: Store, where: str, params: list[Any]) -> str:
    """SELECT of the header line and one POLECAT line per event matching ``where``, in order."""
    install_names(store, where, params)
    own, names = target_header(store, where, params, "polecat", POLECAT_COLUMNS)
    install_positions(store, names, "polecat")
    joins = """
            LEFT JOIN sw_icews_words w_s ON w_s.sector = e.source_sector
            LEFT JOIN sw_icews_words w_t ON w_t.sector = e.target_sector"""
    composed = line_sql([_synthesised(name) for name in names])
    return header_and_lines_sql(store, where, own, names, composed, joins)
