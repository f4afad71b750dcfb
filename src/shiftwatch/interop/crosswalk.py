"""The documented crosswalk from GDELT/ICEWS/POLECAT vocabularies to Shiftwatch's codes.

The knowledge lives in ``interop/data/*.tsv`` (CAMEO country, type and known-group codes; sector
words; organisation and country names) and in the coder's CAMEO table
(:mod:`shiftwatch.ontology`). Importers join against these tables inside DuckDB, so mapping ten
million rows costs a few hash probes per row and no Python per row; only the few hundred
*distinct* free-text names (ICEWS countries, sector lists) are mapped in Python.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources

import duckdb
import pandas as pd

from shiftwatch.errors import ConfigError
from shiftwatch.ontology import cameo_codes, choose_cameo, plover_types

Mapper = Callable[[str | None], str]

# Temporary tables an importer or exporter joins against (per connection, created on demand).
COUNTRY_TABLE = "sw_cw_country"
TYPE_TABLE = "sw_cw_type"
GROUP_TABLE = "sw_cw_group"
EVENT_TABLE = "sw_cw_event"
REVERSE_TABLE = "sw_cw_plover_cameo"


def read_rows(name: str) -> list[dict[str, str]]:
    """Rows of ``interop/data/<name>``, '#' comment lines skipped; a bad row names its line."""
    text = resources.files("shiftwatch.interop").joinpath("data", name).read_text("utf-8")
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    numbered = [(n, line) for n, line in numbered if not line.startswith("#")]
    reader = csv.DictReader((line for _, line in numbered), delimiter="\t")
    rows = []
    for (number, _), row in zip(numbered[1:], reader, strict=False):
        if None in row or any(value is None for value in row.values()):
            raise ConfigError(f"interop/data/{name}:{number}: wrong number of columns")
        rows.append(row)
    return rows


@cache
def iso_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-3 code, plus Kosovo's user-assigned XKX (the guidelines' code)."""
    import pycountry

    return frozenset({country.alpha_3 for country in pycountry.countries} | {"XKX"})


@cache
def cameo_countries() -> dict[str, str]:
    """CAMEO country code -> our state code ('' for regions): ISO codes pass through."""
    table = {code: code for code in iso_codes()}
    for row in read_rows("cameo_countries.tsv"):
        table[row["cameo"]] = row["code"]
    return table


@cache
def export_countries() -> dict[str, str]:
    """Our state code -> the CAMEO spelling GDELT writes (ROU -> ROM); identity otherwise."""
    return {
        row["code"]: row["cameo"]
        for row in read_rows("cameo_countries.tsv")
        if row["export"] == "yes"
    }


@cache
def cameo_types() -> dict[str, str]:
    """CAMEO actor type code (GOV, SPY, INS ...) -> our sector ('' when none fits)."""
    return {row["cameo"]: row["sector"] for row in read_rows("cameo_types.tsv")}


@cache
def cameo_groups() -> dict[str, str]:
    """CAMEO known group code (UNO, NAT, EEC ...) -> our actor code (UN, NATO, EU ...)."""
    return {row["cameo"]: row["code"] for row in read_rows("cameo_groups.tsv")}


@cache
def export_groups() -> dict[str, str]:
    """Our organisation code -> the known group code our GDELT export writes (EU -> EEC)."""
    return {
        row["code"]: row["cameo"] for row in read_rows("cameo_groups.tsv") if row["export"] == "yes"
    }


@cache
def _sector_terms() -> tuple[tuple[str, str, str], ...]:
    return tuple(
        (row["sector"], row["match"], row["term"].casefold())
        for row in read_rows("sector_terms.tsv")
    )


def sector_for(value: str | None) -> str:
    """Our sector for a comma-separated list of sector words ("Military,Government" -> MIL)."""
    if not value:
        return ""
    parts = [part.strip().casefold() for part in value.split(",") if part.strip()]
    tests: dict[str, Callable[[str, str], bool]] = {
        "exact": lambda part, term: part == term,
        "prefix": str.startswith,
        "suffix": str.endswith,
        "contains": lambda part, term: term in part,
    }
    for sector, match, term in _sector_terms():
        test = tests[match]
        if any(test(part, term) for part in parts):
            return sector
    return ""


@cache
def _organisation_names() -> dict[str, str]:
    return {row["name"].casefold(): row["code"] for row in read_rows("organisation_names.tsv")}


def organisation_for(name: str | None) -> str:
    """Our code for an organisation's full name ("European Union" -> EU), '' when unknown."""
    return _organisation_names().get((name or "").strip().casefold(), "")


@cache
def _country_names() -> dict[str, str]:
    return {row["name"].casefold(): row["code"] for row in read_rows("country_names.tsv")}


@cache
def country_for(name: str | None) -> str:
    """Our state code for a country name or code ("Russian Federation", "RUS"), '' if unknown."""
    import pycountry

    text = (name or "").strip()
    if not text or text.upper() == "NA":
        return ""
    known = _country_names().get(text.casefold())
    if known:
        return known
    if len(text) == 3 and text.upper() in cameo_countries():
        return cameo_countries()[text.upper()]
    try:
        return str(pycountry.countries.lookup(text).alpha_3)
    except LookupError:
        return ""


def map_values(
    con: duckdb.DuckDBPyConnection,
    table: str,
    values: Iterable[str | None],
    mapper: Mapper,
) -> None:
    """A temp table ``table(value, code)`` mapping each distinct value through ``mapper``.

    Free-text columns (ICEWS country names, sector lists) have few distinct values even in a
    file of millions of rows, so Python maps the distinct values once and DuckDB joins.
    """
    distinct = sorted({value for value in values if value is not None})
    frame = pd.DataFrame(
        {"value": distinct, "code": [mapper(value) for value in distinct]}, dtype="string"
    )
    create_table(con, table, frame)


def create_table(
    con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, temporary: bool = True
) -> None:
    """A (temporary) table holding ``frame``."""
    # A replacement scan of the local ``frame`` (not ``register``, which DuckDB refuses while
    # an earlier result on the connection is only partly fetched).
    kind = "TEMP TABLE" if temporary else "TABLE"
    con.execute(f"CREATE OR REPLACE {kind} {table} AS SELECT * FROM frame")


def install(con: duckdb.DuckDBPyConnection, temporary: bool = True) -> None:
    """Create the crosswalk tables on ``con`` (cheap: a few hundred rows each).

    Temporary by default, so a database file never keeps them; a view over Parquet (which
    cannot depend on temporary tables) gets them as ordinary tables of its in-memory database.
    """
    countries = cameo_countries()
    exports = export_countries()
    create_table(
        con,
        COUNTRY_TABLE,
        temporary=temporary,
        frame=pd.DataFrame(
            {
                "cameo": list(countries),
                "code": list(countries.values()),
                "export": [exports.get(code, code) if code else "" for code in countries.values()],
            },
            dtype="string",
        ),
    )
    types = cameo_types()
    create_table(
        con,
        TYPE_TABLE,
        temporary=temporary,
        frame=pd.DataFrame({"cameo": list(types), "sector": list(types.values())}, dtype="string"),
    )
    groups = cameo_groups()
    create_table(
        con,
        GROUP_TABLE,
        temporary=temporary,
        frame=pd.DataFrame({"cameo": list(groups), "code": list(groups.values())}, dtype="string"),
    )
    codes = cameo_codes()
    create_table(
        con,
        EVENT_TABLE,
        temporary=temporary,
        frame=pd.DataFrame(
            {
                "cameo": [record.code for record in codes.values()],
                "type": [record.plover_type for record in codes.values()],
                "mode": [record.plover_mode for record in codes.values()],
                "goldstein": [record.goldstein for record in codes.values()],
                "quad_class": [record.quad_class for record in codes.values()],
            }
        ).astype({"cameo": "string", "type": "string", "mode": "string"}),
    )
    reverse = [
        (name, mode, choose_cameo(name, mode))
        for name, record in plover_types().items()
        for mode in ("", *record.modes)
    ]
    create_table(
        con,
        REVERSE_TABLE,
        temporary=temporary,
        frame=pd.DataFrame(reverse, columns=["type", "mode", "cameo"], dtype="string"),
    )
