"""Import ICEWS coded-event files (tab-separated with a header, as released on Dataverse).

ICEWS names actors and countries in words ("Foreign Affairs (Bangladesh)", "Russian
Federation") and lists sectors ("Military,Government"). Countries map through
``country_names.tsv`` and ISO 3166 names, an actor with no country through
``organisation_names.tsv`` (United Nations -> UN), sectors through ``sector_terms.tsv``, and the
CAMEO code to PLOVER through the coder's CAMEO table. ICEWS's Intensity is its Goldstein score.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb

from shiftwatch.interop import crosswalk
from shiftwatch.interop.files import EventImportReport
from shiftwatch.interop.headered import (
    RAW_TABLE,
    HeaderedFormat,
    event_columns_sql,
    import_files,
    map_column_values,
    opt_col,
    q,
)
from shiftwatch.store import Store

REQUIRED = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
)
# ICEWS's own column order (the Dataverse releases); the columns not required are optional.
ICEWS_COLUMNS = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)
OPTIONAL = tuple(name for name in ICEWS_COLUMNS if name not in REQUIRED)

# The files of a folder given instead of files.
FILE_PATTERNS = ("*.tab", "*.tsv", "*.txt", "*.tab.zip", "*.tsv.zip", "*.zip", "*.gz")

Progress = Callable[[Path, EventImportReport], None]


def _actor(side: str) -> str:
    letter = side[0].lower()
    return f"coalesce(nullif(o{letter}.code, ''), nullif(c{letter}.code, ''))"


def select_sql(names: Sequence[str], raw_format: str) -> str:
    """SELECT producing ``events`` rows from the staged ICEWS table."""
    code = q("CAMEO Code")
    pick = (
        "CASE WHEN ex.cameo IS NOT NULL THEN ex.{0} "
        "WHEN eb.cameo IS NOT NULL THEN eb.{0} ELSE er.{0} END"
    )
    geo = ", ".join(
        f"'{key}', {opt_col(name, names)}"
        for key, name in (
            ("city", "City"),
            ("district", "District"),
            ("province", "Province"),
            ("country", "Country"),
        )
    )
    extra = (
        "json_object('format', 'icews', "
        f"'event_text', {opt_col('Event Text', names)}, "
        f"'story_id', {opt_col('Story ID', names)}, "
        f"'sentence_number', {opt_col('Sentence Number', names)}, "
        f"'publisher', {opt_col('Publisher', names)}, "
        f"'source_sectors', {q('Source Sectors')}, "
        f"'target_sectors', {q('Target Sectors')}, "
        f"'source_country', {q('Source Country')}, "
        f"'target_country', {q('Target Country')}, "
        f"'geo', json_object({geo}, "
        f"'lat', TRY_CAST({opt_col('Latitude', names)} AS DOUBLE), "
        f"'lon', TRY_CAST({opt_col('Longitude', names)} AS DOUBLE)))"
    )
    location = (
        "concat_ws(', ', "
        + ", ".join(opt_col(name, names) for name in ("City", "Province", "Country"))
        + ")"
    )
    columns = event_columns_sql(
        "icews",
        source_text=q("Source Name"),
        target_text=q("Target Name"),
        cameo=f"coalesce({code}, '')",
        goldstein=f"TRY_CAST({q('Intensity')} AS DOUBLE)",
        location=location,
        extra=extra,
        raw_format=raw_format,
        source_types=q("Source Sectors"),
        target_types=q("Target Sectors"),
    )
    return f"""
        SELECT
{columns}
        FROM (
            SELECT s.*,
                trim({q("Event ID")}) AS sw_id,
                TRY_CAST({q("Event Date")} AS DATE) AS sw_date,
                {_actor("source")} AS sw_source,
                coalesce(ss.code, '') AS sw_source_sector,
                {_actor("target")} AS sw_target,
                coalesce(st.code, '') AS sw_target_sector,
                nullif({pick.format("type")}, '') AS sw_type,
                coalesce({pick.format("mode")}, '') AS sw_mode,
                {pick.format("quad_class")} AS sw_quad
            FROM {RAW_TABLE} s
            LEFT JOIN sw_map_org os ON os.value = {q("Source Name")}
            LEFT JOIN sw_map_country cs ON cs.value = {q("Source Country")}
            LEFT JOIN sw_map_sector ss ON ss.value = {q("Source Sectors")}
            LEFT JOIN sw_map_org ot ON ot.value = {q("Target Name")}
            LEFT JOIN sw_map_country ct ON ct.value = {q("Target Country")}
            LEFT JOIN sw_map_sector st ON st.value = {q("Target Sectors")}
            LEFT JOIN {crosswalk.EVENT_TABLE} ex ON ex.cameo = {code}
            LEFT JOIN {crosswalk.EVENT_TABLE} eb ON eb.cameo = left({code}, 3)
            LEFT JOIN {crosswalk.EVENT_TABLE} er ON er.cameo = left({code}, 2)
        ) s
    """


def _map_values(con: duckdb.DuckDBPyConnection, names: Sequence[str]) -> None:
    """The batch's country names, sector lists and organisation names, mapped in Python."""
    map_column_values(
        con, "sw_map_country", ["Source Country", "Target Country"], crosswalk.country_for
    )
    map_column_values(
        con, "sw_map_sector", ["Source Sectors", "Target Sectors"], crosswalk.sector_for
    )
    map_column_values(con, "sw_map_org", ["Source Name", "Target Name"], crosswalk.organisation_for)


def import_icews(
    store: Store,
    paths: Sequence[Path | str],
    progress: Progress | None = None,
    plover_only: bool = False,
) -> EventImportReport:
    """Import ICEWS event files into ``store.events`` (origin 'icews', id 'icews:<Event ID>').

    Every valid row is stored with its line verbatim; ``plover_only`` stores only PLOVER events.
    Files are read in batches (:func:`headered.import_file`): memory stays flat.
    """
    spec = HeaderedFormat("icews", FILE_PATTERNS, REQUIRED, select_sql, _map_values)
    return import_files(store, paths, spec, progress, plover_only)
