"""Import POLECAT event files (the ``ngecEvents*.txt`` releases: tab-separated, header row).

POLECAT is coded in PLOVER already, so its Event Type and Event Mode are kept (upper/lower-cased
to our spelling) and the CAMEO code comes from our reverse table (``ontology``'s
``plover_to_cameo.tsv``). Actor and recipient countries are ISO codes or names; a field holding
several values separated by ";" contributes its first. Its Intensity (or "Event Intensity" in
some releases) is a Goldstein-like score; Quad Code gives the quad class when it can be read
(1-4, or words like "V-COOP" / "MAT-CONF"), else the PLOVER type's own quad class.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb

from shiftwatch.errors import InputError
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
from shiftwatch.ontology import plover_types
from shiftwatch.store import Store

# The 40 columns of the ngecEvents releases (Harvard Dataverse doi:10.7910/DVN/AJGVIT).
POLECAT_COLUMNS = (
    "Event ID",
    "Event Date",
    "Event Type",
    "Event Mode",
    "Intensity",
    "Quad Code",
    "Contexts",
    "Actor Name",
    "Actor Country",
    "Actor COW",
    "Primary Actor Sector",
    "Actor Sectors",
    "Actor Title",
    "Actor Name Raw",
    "Wikipedia Actor ID",
    "Recipient Name",
    "Recipient Country",
    "Recipient COW",
    "Primary Recipient Sector",
    "Recipient Sectors",
    "Recipient Title",
    "Recipient Name Raw",
    "Wikipedia Recipient ID",
    "Placename",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
    "GeoNames ID",
    "Raw Placename",
    "Feature Type",
    "Source",
    "Publication Date",
    "Story People",
    "Story Organizations",
    "Story Locations",
    "Language",
    "Version",
)
# Kept apart from the line (in ``extra``): the fields an analyst reads, not the ones the typed
# columns hold already (id, date, type, mode, intensity, quad code, coordinates) nor the long
# story-level lists and raw spellings.
NOT_IN_EXTRA = {
    "Event ID",
    "Event Date",
    "Event Type",
    "Event Mode",
    "Intensity",
    "Quad Code",
    "Primary Actor Sector",
    "Actor Name Raw",
    "Primary Recipient Sector",
    "Recipient Name Raw",
    "Latitude",
    "Longitude",
    "Raw Placename",
    "Story People",
    "Story Organizations",
    "Story Locations",
}
IN_EXTRA = tuple(name for name in POLECAT_COLUMNS if name not in NOT_IN_EXTRA)
REQUIRED = ("Event ID", "Event Date", "Event Type", "Actor Country", "Recipient Country")
INTENSITY = ("Intensity", "Event Intensity")

# The files of a folder given instead of files.
FILE_PATTERNS = ("ngecEvents*.txt", "*.tsv", "*.txt.zip", "*.zip", "*.gz")

Progress = Callable[[Path, EventImportReport], None]


def _first(expr: str) -> str:
    return f"nullif(trim(split_part({expr}, ';', 1)), '')"


def _quad(names: Sequence[str]) -> str:
    raw = f"lower(coalesce({opt_col('Quad Code', names)}, ''))"
    return (
        f"CASE WHEN TRY_CAST({raw} AS INTEGER) BETWEEN 1 AND 4 THEN TRY_CAST({raw} AS INTEGER) "
        f"WHEN {raw} LIKE '%coop%' AND ({raw} LIKE 'v%' OR {raw} LIKE '%verb%') THEN 1 "
        f"WHEN {raw} LIKE '%coop%' AND ({raw} LIKE 'm%' OR {raw} LIKE '%mat%') THEN 2 "
        f"WHEN {raw} LIKE '%conf%' AND ({raw} LIKE 'v%' OR {raw} LIKE '%verb%') THEN 3 "
        f"WHEN {raw} LIKE '%conf%' AND ({raw} LIKE 'm%' OR {raw} LIKE '%mat%') THEN 4 "
        "ELSE pt.quad_class END"
    )


def select_sql(names: Sequence[str], raw_format: str) -> str:
    """SELECT producing ``events`` rows from the staged POLECAT table."""
    intensity = next((name for name in INTENSITY if name in names), None)
    goldstein = f"TRY_CAST({q(intensity)} AS DOUBLE)" if intensity else "CAST(NULL AS DOUBLE)"
    kept = [name for name in IN_EXTRA if name in names]
    pairs = ", ".join(f"'{name.lower().replace(' ', '_')}', {q(name)}" for name in kept)
    extra = (
        f"json_object('format', 'polecat', {pairs}, "
        f"'lat', TRY_CAST({opt_col('Latitude', names)} AS DOUBLE), "
        f"'lon', TRY_CAST({opt_col('Longitude', names)} AS DOUBLE))"
    )
    location = (
        "concat_ws(', ', "
        + ", ".join(opt_col(name, names) for name in ("Placename", "Province", "Country"))
        + ")"
    )
    sector = "coalesce(nullif(s{0}p.code, ''), s{0}a.code, '')"
    columns = event_columns_sql(
        "polecat",
        source_text=opt_col("Actor Name", names),
        target_text=opt_col("Recipient Name", names),
        cameo="s.sw_cameo",
        goldstein=goldstein,
        location=location,
        extra=extra,
        raw_format=raw_format,
        source_types=opt_col("Actor Sectors", names),
        target_types=opt_col("Recipient Sectors", names),
    )
    return f"""
        SELECT
{columns}
        FROM (
            SELECT s.*,
                trim({q("Event ID")}) AS sw_id,
                coalesce(TRY_CAST({q("Event Date")} AS DATE),
                         TRY_CAST(TRY_STRPTIME({q("Event Date")}, '%Y%m%d') AS DATE)) AS sw_date,
                coalesce(nullif(oa.code, ''), nullif(ca.code, '')) AS sw_source,
                {sector.format("a")} AS sw_source_sector,
                coalesce(nullif(orr.code, ''), nullif(cr.code, '')) AS sw_target,
                {sector.format("r")} AS sw_target_sector,
                pt.type AS sw_type,
                CASE WHEN list_contains(pt.modes, lower(trim({opt_col("Event Mode", names)})))
                     THEN lower(trim({opt_col("Event Mode", names)})) ELSE '' END AS sw_mode,
                coalesce(r1.cameo, r0.cameo, '') AS sw_cameo,
                {_quad(names)} AS sw_quad
            FROM {RAW_TABLE} s
            LEFT JOIN sw_polecat_types pt ON pt.type = upper(trim({q("Event Type")}))
            LEFT JOIN sw_map_org oa ON oa.value = {_first(opt_col("Actor Name", names))}
            LEFT JOIN sw_map_country ca ON ca.value = {_first(q("Actor Country"))}
            LEFT JOIN sw_map_sector sap ON sap.value = {opt_col("Primary Actor Sector", names)}
            LEFT JOIN sw_map_sector saa ON saa.value = {opt_col("Actor Sectors", names)}
            LEFT JOIN sw_map_org orr ON orr.value = {_first(opt_col("Recipient Name", names))}
            LEFT JOIN sw_map_country cr ON cr.value = {_first(q("Recipient Country"))}
            LEFT JOIN sw_map_sector srp ON srp.value = {opt_col("Primary Recipient Sector", names)}
            LEFT JOIN sw_map_sector sra ON sra.value = {opt_col("Recipient Sectors", names)}
            LEFT JOIN {crosswalk.REVERSE_TABLE} r1 ON r1.type = pt.type
                AND r1.mode = lower(trim({opt_col("Event Mode", names)}))
            LEFT JOIN {crosswalk.REVERSE_TABLE} r0 ON r0.type = pt.type AND r0.mode = ''
        ) s
    """


def _install_types(store: Store) -> None:
    types = plover_types()
    store.con.execute(
        "CREATE OR REPLACE TEMP TABLE sw_polecat_types "
        "(type VARCHAR, quad_class INTEGER, modes VARCHAR[])"
    )
    store.con.executemany(
        "INSERT INTO sw_polecat_types VALUES (?, ?, ?)",
        [(name, record.quad_class, list(record.modes)) for name, record in types.items()],
    )


def _map_values(con: duckdb.DuckDBPyConnection, names: Sequence[str]) -> None:
    """The batch's countries, organisation names and sectors, mapped in Python (a field
    holding several values separated by ";" by its first)."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE sw_first AS SELECT "
        f"{_first(q('Actor Country'))} AS a, "
        f"{_first(q('Recipient Country'))} AS r, "
        f"{_first(opt_col('Actor Name', names))} AS an, "
        f"{_first(opt_col('Recipient Name', names))} AS rn FROM {RAW_TABLE} s"
    )
    values = [
        v for row in con.execute("SELECT DISTINCT a, r FROM sw_first").fetchall() for v in row
    ]
    crosswalk.map_values(con, "sw_map_country", values, crosswalk.country_for)
    orgs = [
        v for row in con.execute("SELECT DISTINCT an, rn FROM sw_first").fetchall() for v in row
    ]
    crosswalk.map_values(con, "sw_map_org", orgs, crosswalk.organisation_for)
    con.execute("DROP TABLE sw_first")
    sector_columns = [
        name
        for name in (
            "Primary Actor Sector",
            "Actor Sectors",
            "Primary Recipient Sector",
            "Recipient Sectors",
        )
        if name in names
    ]
    if sector_columns:
        map_column_values(con, "sw_map_sector", sector_columns, crosswalk.sector_for)
    else:
        crosswalk.map_values(con, "sw_map_sector", [], crosswalk.sector_for)


def import_polecat(
    store: Store,
    paths: Sequence[Path | str],
    progress: Progress | None = None,
    plover_only: bool = False,
) -> EventImportReport:
    """Import POLECAT files into ``store.events`` (origin 'polecat', id 'polecat:<Event ID>').

    Every valid row is stored with its line verbatim; ``plover_only`` stores only PLOVER events.
    Files are read in batches (:func:`headered.import_file`): memory stays flat.
    """
    _install_types(store)
    spec = HeaderedFormat(
        "polecat", FILE_PATTERNS, REQUIRED, select_sql, _map_values, _check_intensity
    )
    return import_files(store, paths, spec, progress, plover_only)


def _check_intensity(names: Sequence[str], label: str) -> None:
    if not any(name in names for name in INTENSITY):
        raise InputError(label, "line 1: header lacks an Intensity column")
