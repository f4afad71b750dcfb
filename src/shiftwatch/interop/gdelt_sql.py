"""One SQL SELECT that turns GDELT event rows into rows of Shiftwatch's ``events`` table.

The same statement serves a tab-separated export read by DuckDB's CSV reader and a GDELT
archive converted to Parquet (``--events-parquet``), so both paths map actors and event codes
identically. Every row comes out: one whose event code has no PLOVER type (statements, 01x)
gets ``type`` '', one whose actor is a region, religion, ethnic group or unknown gets ``source``
'' (or a NULL ``target``), and both keep the CAMEO actor code, name and type codes.

Mapping (documented in the README's "GDELT, ICEWS and POLECAT" section):
- actor code: the known group (UNO -> UN, NAT -> NATO, EEC -> EU ...) when there is one, else
  the CAMEO country code (ISO 3166 alpha-3 with the exceptions in ``cameo_countries.tsv``), else
  NGO for an actor typed NGO; regions (EUR, AFR ...) alone give no actor;
- sector: the first of Type1/2/3Code that ``cameo_types.tsv`` maps to a sector;
- PLOVER type and mode: the coder's CAMEO table, looked up by EventCode, then EventBaseCode, then
  EventRootCode; statements (01x) have no PLOVER type;
- GDELT's Goldstein score, quad class, NumMentions and SOURCEURL fill the typed columns; the
  line itself is kept verbatim in ``raw`` (the CSV reader reads every field but the id and the
  date as text), which is what ``export --format gdelt`` writes back.
"""

from __future__ import annotations

from collections.abc import Collection

from shiftwatch.interop import crosswalk


def _col(name: str, present: Collection[str], cast: str = "VARCHAR") -> str:
    return f's."{name}"' if name in present else f"CAST(NULL AS {cast})"


def _num(name: str, present: Collection[str], cast: str) -> str:
    """A numeric field read as text (or typed, from Parquet), NULL when empty or not a number."""
    return f"TRY_CAST({_col(name, present)} AS {cast})"


def _actor_code(n: int, present: Collection[str]) -> str:
    ngo = f"CASE WHEN {_col(f'Actor{n}Type1Code', present)} IN ('NGO', 'NGM') THEN 'NGO' END"
    return f"coalesce(nullif(g{n}.code, ''), nullif(c{n}.code, ''), {ngo})"


def _actor_sector(n: int) -> str:
    return (
        f"coalesce(nullif(t{n}1.sector, ''), nullif(t{n}2.sector, ''), "
        f"nullif(t{n}3.sector, ''), '')"
    )


def _actor_types(n: int, present: Collection[str]) -> str:
    """GDELT's own actor type codes, comma-separated (``GOV,MIL``), '' when none."""
    codes = ", ".join(f"nullif({_col(f'Actor{n}Type{k}Code', present)}, '')" for k in (1, 2, 3))
    return f"concat_ws(',', {codes})"


def _date(date_typed: bool) -> str:
    if date_typed:
        return 's."SQLDATE"'
    return "TRY_CAST(TRY_STRPTIME(CAST(s.\"SQLDATE\" AS VARCHAR), '%Y%m%d') AS DATE)"


def mapping_sql(
    relation: str,
    present: Collection[str],
    layout_name: str,
    date_typed: bool = True,
    raw: str | None = None,
    seq: str | None = None,
    numbered: bool = False,
) -> str:
    """SELECT producing ``events`` columns (and the raw-line ones) from GDELT rows in ``relation``.

    ``present`` names the GDELT columns the relation has (a missing one reads as NULL);
    ``date_typed`` says SQLDATE is already a DATE (the CSV reader parses it) rather than the
    integer YYYYMMDD of GDELT's own schema. ``raw`` is the SQL of the verbatim line and ``seq``
    of its position in import order (both NULL when not given: a Parquet archive has no line);
    ``numbered`` adds ``sw_seq``, the row's number in the relation's order, for ``seq`` to use.
    Rows without an id or a date are left out (the CSV reader has refused them already).
    """
    c = crosswalk
    joins = []
    for n in (1, 2):
        joins.append(
            f"LEFT JOIN {c.GROUP_TABLE} g{n} "
            f"ON g{n}.cameo = {_col(f'Actor{n}KnownGroupCode', present)}"
        )
        joins.append(
            f"LEFT JOIN {c.COUNTRY_TABLE} c{n} "
            f"ON c{n}.cameo = {_col(f'Actor{n}CountryCode', present)}"
        )
        for k in (1, 2, 3):
            joins.append(
                f"LEFT JOIN {c.TYPE_TABLE} t{n}{k} "
                f"ON t{n}{k}.cameo = {_col(f'Actor{n}Type{k}Code', present)}"
            )
    code = _col("EventCode", present)
    joins.append(f"LEFT JOIN {c.EVENT_TABLE} ex ON ex.cameo = {code}")
    joins.append(f"LEFT JOIN {c.EVENT_TABLE} eb ON eb.cameo = {_col('EventBaseCode', present)}")
    joins.append(f"LEFT JOIN {c.EVENT_TABLE} er ON er.cameo = {_col('EventRootCode', present)}")
    pick = (
        "CASE WHEN ex.cameo IS NOT NULL THEN ex.{0} "
        "WHEN eb.cameo IS NOT NULL THEN eb.{0} ELSE er.{0} END"
    )
    target = _actor_code(2, present)
    numbering = ",\n                row_number() OVER () AS sw_seq" if numbered else ""
    return f"""
        SELECT
            'gdelt:' || s.sw_id AS id,
            CAST(NULL AS VARCHAR) AS doc_id,
            CAST(NULL AS INTEGER) AS sentence_idx,
            CAST(NULL AS VARCHAR) AS sentence,
            s.sw_date AS date,
            s.sw_source AS source,
            s.sw_source_sector AS source_sector,
            coalesce({_col("Actor1Name", present)}, '') AS source_text,
            coalesce({_col("Actor1Code", present)}, '') AS source_cameo,
            s.sw_target AS target,
            s.sw_target_sector AS target_sector,
            coalesce({_col("Actor2Name", present)}, '') AS target_text,
            coalesce({_col("Actor2Code", present)}, '') AS target_cameo,
            s.sw_type AS type,
            s.sw_mode AS mode,
            coalesce({code}, '') AS cameo,
            {_num("GoldsteinScale", present, "DOUBLE")} AS goldstein,
            {_num("QuadClass", present, "TINYINT")} AS quad_class,
            'asserted' AS modality,
            CAST(NULL AS DOUBLE) AS quantity,
            '' AS quantity_unit,
            coalesce({_col("ActionGeo_FullName", present)}, '') AS location,
            CAST(NULL AS DOUBLE) AS confidence,
            '' AS coder_version,
            CAST(NULL AS INTEGER) AS evidence_start,
            CAST(NULL AS INTEGER) AS evidence_end,
            '' AS trigger,
            'gdelt' AS origin,
            nullif({_col("SOURCEURL", present)}, '') AS url,
            s.sw_id AS external_id,
            coalesce({_num("NumMentions", present, "INTEGER")}, 1) AS mentions,
            CAST(NULL AS JSON) AS extra,
            s.sw_date AS event_date,
            'day' AS date_precision,
            {raw or "CAST(NULL AS VARCHAR)"} AS raw,
            '{layout_name}' AS raw_format,
            {seq or "CAST(NULL AS BIGINT)"} AS raw_seq,
            {_actor_types(1, present)} AS source_types,
            {_actor_types(2, present)} AS target_types
        FROM (
            SELECT s.*,
                CAST(s."GLOBALEVENTID" AS VARCHAR) AS sw_id,
                {_date(date_typed)} AS sw_date,
                coalesce({_actor_code(1, present)}, '') AS sw_source,
                CASE WHEN {_actor_code(1, present)} IS NULL THEN '' ELSE {_actor_sector(1)} END
                    AS sw_source_sector,
                {target} AS sw_target,
                CASE WHEN {target} IS NULL THEN '' ELSE {_actor_sector(2)} END
                    AS sw_target_sector,
                coalesce({pick.format("type")}, '') AS sw_type,
                coalesce({pick.format("mode")}, '') AS sw_mode{numbering}
            FROM {relation} s
            {chr(10).join(joins)}
        ) s
        WHERE s.sw_id IS NOT NULL AND s.sw_date IS NOT NULL
    """
