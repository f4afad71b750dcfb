"""The GDELT event table layouts: 1.0 backfile (57 columns), 1.0 daily (58) and 2.0 (61).

Names and types follow the GDELT codebooks (``shared/data/gdelt/*_codebook.csv``). GDELT 2.0
added an ADM2 code to each of the three geography blocks; GDELT 1.0 daily files end with
SOURCEURL, the historical backfile does not.
"""

from __future__ import annotations

from dataclasses import dataclass


def _actor(prefix: str) -> list[tuple[str, str]]:
    return [
        (f"{prefix}{name}", "VARCHAR")
        for name in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    ]


def _geo(prefix: str, adm2: bool) -> list[tuple[str, str]]:
    columns = [
        (f"{prefix}_Type", "INTEGER"),
        (f"{prefix}_FullName", "VARCHAR"),
        (f"{prefix}_CountryCode", "VARCHAR"),
        (f"{prefix}_ADM1Code", "VARCHAR"),
    ]
    if adm2:
        columns.append((f"{prefix}_ADM2Code", "VARCHAR"))
    return [
        *columns,
        (f"{prefix}_Lat", "DOUBLE"),
        (f"{prefix}_Long", "DOUBLE"),
        (f"{prefix}_FeatureID", "VARCHAR"),
    ]


def _columns(adm2: bool, url: bool) -> tuple[tuple[str, str], ...]:
    columns = [
        ("GLOBALEVENTID", "BIGINT"),
        ("SQLDATE", "DATE"),
        ("MonthYear", "INTEGER"),
        ("Year", "INTEGER"),
        ("FractionDate", "DOUBLE"),
        *_actor("Actor1"),
        *_actor("Actor2"),
        ("IsRootEvent", "INTEGER"),
        ("EventCode", "VARCHAR"),
        ("EventBaseCode", "VARCHAR"),
        ("EventRootCode", "VARCHAR"),
        ("QuadClass", "TINYINT"),
        ("GoldsteinScale", "DOUBLE"),
        ("NumMentions", "INTEGER"),
        ("NumSources", "INTEGER"),
        ("NumArticles", "INTEGER"),
        ("AvgTone", "DOUBLE"),
        *_geo("Actor1Geo", adm2),
        *_geo("Actor2Geo", adm2),
        *_geo("ActionGeo", adm2),
        ("DATEADDED", "BIGINT"),
    ]
    if url:
        columns.append(("SOURCEURL", "VARCHAR"))
    return tuple(columns)


@dataclass(frozen=True)
class Layout:
    """One GDELT file layout: its name, its typed columns in file order."""

    name: str
    columns: tuple[tuple[str, str], ...]

    @property
    def width(self) -> int:
        return len(self.columns)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    def has(self, column: str) -> bool:
        return column in self.names


GDELT2 = Layout("gdelt-2.0", _columns(adm2=True, url=True))
GDELT1_DAILY = Layout("gdelt-1.0", _columns(adm2=False, url=True))
GDELT1_BACKFILE = Layout("gdelt-1.0-backfile", _columns(adm2=False, url=False))
LAYOUTS = {layout.width: layout for layout in (GDELT2, GDELT1_DAILY, GDELT1_BACKFILE)}
