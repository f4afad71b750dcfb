"""Export stored events as ICEWS rows: a header line, then one tab-separated line per event.

Rows imported from ICEWS give back their own line verbatim, under their own file's header when
every exported ICEWS row came from files with one header (so ICEWS -> Shiftwatch -> ICEWS is
the identity). Rows from files with another header are rearranged by column name; events from
elsewhere are written in ICEWS's terms: names and countries in words, sectors as ICEWS's sector
words, the CAMEO code and its name, the Goldstein score as Intensity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from shiftwatch.interop import crosswalk
from shiftwatch.interop.export import IMPORT_ORDER, external_id_sql
from shiftwatch.interop.icews import ICEWS_COLUMNS
from shiftwatch.ontology import cameo_codes
from shiftwatch.store import Store


def _synthesised(name: str) -> str:
    """SQL for the ICEWS column ``name`` of an event that did not come from ICEWS."""
    side = {"Source": "source", "Target": "target"}
    first = name.split(" ", 1)[0]
    if first in side and name != "Sentence Number":
        role = side[first]
        if name.endswith("Name"):
            return (
                f"CASE WHEN e.{role}_text <> '' THEN e.{role}_text ELSE coalesce(e.{role}, '') END"
            )
        if name.endswith("Sectors"):
            return f"coalesce(w_{role[0]}.word, '')"
        return f"coalesce(n_{role[0]}.name, '')"
    expressions = {
        "Event ID": external_id_sql("icews"),
        "Event Date": "strftime(e.date, '%Y-%m-%d')",
        "Event Text": "coalesce(ct.name, '')",
        "CAMEO Code": "e.cameo",
        "Intensity": "coalesce(CAST(e.goldstein AS VARCHAR), '')",
        "Sentence Number": "coalesce(CAST(e.sentence_idx + 1 AS VARCHAR), '')",
        "City": "e.location",
    }
    return expressions.get(name, "''")


def line_sql(parts: list[str]) -> str:
    cleaned = [f"regexp_replace(coalesce({part}, ''), '[\\t\\r\\n]+', ' ', 'g')" for part in parts]
    return "concat(" + ", '\t', ".join(cleaned) + ")"


def install_names(store: Store, where: str, params: list[Any]) -> None:
    """Temp tables: actor code -> name in words, sector -> ICEWS sector word, CAMEO -> name."""
    import pycountry

    codes = {
        code
        for (code,) in store.con.execute(
            f"SELECT DISTINCT source FROM events e WHERE {where} UNION "
            f"SELECT DISTINCT target FROM events e WHERE {where}",
            params + params,
        ).fetchall()
        if code
    }
    organisations = {
        row["code"]: row["name"] for row in crosswalk.read_rows("organisation_names.tsv")
    }
    names = {}
    for code in codes:
        country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
        names[code] = country.name if country else organisations.get(code, "")
    words: dict[str, str] = {}
    for row in crosswalk.read_rows("sector_terms.tsv"):
        if row["match"] == "exact":
            words.setdefault(row["sector"], row["term"])
    tables = {
        "sw_icews_names": pd.DataFrame({"code": list(names), "name": list(names.values())}),
        "sw_icews_words": pd.DataFrame({"sector": list(words), "word": list(words.values())}),
        "sw_icews_cameo": pd.DataFrame(
            {
                "cameo": [record.code for record in cameo_codes().values()],
                "name": [record.name for record in cameo_codes().values()],
            }
        ),
    }
    for table, data in tables.items():
        crosswalk.create_table(store.con, table, data.astype("string"))


def target_header(
    store: Store, where: str, params: list[Any], origin: str, default: Sequence[str]
) -> tuple[str | None, list[str]]:
    """The raw format whose header the export uses (the one header of the exported rows from
    ``origin``, if there is exactly one), and the column names of the header written
    (``default`` when there is none or several)."""
    formats = store.con.execute(
        f"SELECT DISTINCT e.raw_format, h.header FROM events e "
        f"JOIN raw_headers h ON h.format = e.raw_format WHERE {where} AND e.origin = ?",
        [*params, origin],
    ).fetchall()
    if len(formats) == 1:
        fmt, header = formats[0]
        return str(fmt), [name.strip().lstrip("#!").strip() for name in str(header).split("\t")]
    return None, list(default)


def install_positions(store: Store, names: list[str], origin: str) -> None:
    """``sw_header_pos(format, idx)``: for each stored header from ``origin``, where each
    exported column sits in its lines (NULL when that header lacks it)."""
    rows = []
    for fmt, header in store.con.execute(
        "SELECT format, header FROM raw_headers WHERE origin = ?", [origin]
    ).fetchall():
        own = [name.strip().lstrip("#!").strip() for name in str(header).split("\t")]
        rows.append((fmt, [own.index(name) + 1 if name in own else None for name in names]))
    store.con.execute("CREATE OR REPLACE TEMP TABLE sw_header_pos (format VARCHAR, idx INTEGER[])")
    if rows:
        store.con.executemany("INSERT INTO sw_header_pos VALUES (?, ?)", rows)


def header_and_lines_sql(
    store: Store, where: str, own: str | None, names: list[str], composed: str, joins: str
) -> str:
    """SELECT of the header line, then one line per event matching ``where`` in import order:
    rows under the header written come back verbatim, rows under another header of the same
    origin rearranged by column name, other events as ``composed`` (SQL over ``e``)."""
    header = "\t".join(names)
    if own is not None:
        (header,) = store.con.execute(
            "SELECT header FROM raw_headers WHERE format = ?", [own]
        ).fetchone()  # type: ignore[misc]
    rearranged = (
        "array_to_string(list_transform(p.idx, lambda i: "
        "coalesce(string_split(e.raw, '\t')[i], '')), '\t')"
    )
    same = "e.raw_format = '" + own.replace("'", "''") + "'" if own else "FALSE"
    literal = "'" + str(header).replace("'", "''") + "'"
    return f"""
        SELECT line FROM (
            SELECT 0 AS k, CAST(NULL AS BIGINT) AS raw_seq, CAST(NULL AS DATE) AS date,
                   CAST(NULL AS VARCHAR) AS id, {literal} AS line
            UNION ALL
            SELECT 1, e.raw_seq, e.date, e.id,
                CASE WHEN e.raw IS NOT NULL AND {same} THEN e.raw
                     WHEN e.raw IS NOT NULL AND p.idx IS NOT NULL THEN {rearranged}
                     ELSE {composed} END
            FROM events e
            LEFT JOIN sw_header_pos p ON p.format = e.raw_format
            {joins}
            WHERE {where}
        ) e
        ORDER BY k, {IMPORT_ORDER}
    """


def icews_select(store: Store, where: str, params: list[Any]) -> str:
    """SELECT of the header line and one ICEWS line per event matching ``where``, in order."""
    install_names(store, where, params)
    own, names = target_header(store, where, params, "icews", ICEWS_COLUMNS)
    install_positions(store, names, "icews")
    joins = """
            LEFT JOIN sw_icews_names n_s ON n_s.code = e.source
            LEFT JOIN sw_icews_names n_t ON n_t.code = e.target
            LEFT JOIN sw_icews_words w_s ON w_s.sector = e.source_sector
            LEFT JOIN sw_icews_words w_t ON w_t.sector = e.target_sector
            LEFT JOIN sw_icews_cameo ct ON ct.cameo = e.cameo"""
    composed = line_sql([_synthesised(name) for name in names])
    return header_and_lines_sql(store, where, own, names, composed, joins)
