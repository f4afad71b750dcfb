"""The actor knowledge base: states, organisations, leaders and sector words, from data files.

Everything the resolver knows lives in the TSV/YAML files under ``actors/data`` (reviewed like
code) plus an optional user YAML file that adds to or overrides them. Loading turns those rows
into one table from surface text to the actors it may name; a text that names several actors
("Korea", "Congo", "Kim") keeps all of them and the resolver decides from context.
"""

from __future__ import annotations

import csv
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from shiftwatch.actors.userfile import load_user_file
from shiftwatch.dates import parse_day
from shiftwatch.errors import InputError
from shiftwatch.ontology import SECTORS

log = logging.getLogger(__name__)

FLAGS = frozenset({"case", "title", "ambiguous", "person"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One actor a piece of text may name: the codes it gives and how to treat the match."""

    key: str  # the state code, organisation id or leader id the text belongs to
    code: str  # actor code of shared/eval/GUIDELINES.md: "PRK", "UN", "ISIS"
    sector: str
    cameo: str
    kind: str  # state | demonym | people | capital | seat | igo | ngo | group | person
    flags: frozenset[str] = frozenset()
    start: date | None = None  # persons: the term of office
    end: date | None = None
    office: str = ""


@dataclass(frozen=True, slots=True)
class State:
    code: str
    name: str
    official_name: str
    capital: str
    status: str
    cameo: str


@dataclass(frozen=True, slots=True)
class Leader:
    code: str
    name: str
    aliases: tuple[str, ...]
    office: str
    sector: str
    start: date | None
    end: date | None


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str
    code: str
    sector: str
    cameo: str
    kind: str
    names: tuple[str, ...]
    jihadist: bool = False  # answers to "the jihadists", "the extremists", "the Islamist group"


@dataclass
class KnowledgeBase:
    """Lookup tables built once from the data files; treat as read-only after loading."""

    states: dict[str, State] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    leaders: list[Leader] = field(default_factory=list)
    sector_words: dict[str, str] = field(default_factory=dict)
    # lower-cased text -> entries; exact-case text -> entries (acronyms such as "US", "IS")
    phrases: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    cased: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    sources: tuple[str, ...] = ()

    def add(self, text: str, entry: Entry) -> None:
        """Register ``text`` as naming ``entry`` (deduplicated; exact case if flagged)."""
        text = " ".join(text.split())
        if not text:
            return
        table, key = (self.cased, text) if "case" in entry.flags else (self.phrases, text.lower())
        entries = table[key]
        for i, old in enumerate(entries):
            if (old.code, old.kind) == (entry.code, entry.kind) and old.flags != entry.flags:
                # the hand-written flags of aliases.tsv ("Jordan": person) win over a bare name
                if entry.flags and not old.flags:
                    entries[i] = entry
                if bool(old.flags) != bool(entry.flags):
                    return
        if entry not in entries:
            entries.append(entry)

    def remove(self, text: str) -> None:
        self.phrases.pop(text.lower(), None)
        self.cased.pop(text, None)

    def lookup(self, text: str) -> list[Entry]:
        """Every entry ``text`` may name, exact-case ones first."""
        return list(self.cased.get(text, ())) + list(self.phrases.get(text.lower(), ()))

    def state_cameo(self, code: str, sector: str = "") -> str:
        """CAMEO actor code: the state's country code followed by its sector code."""
        state = self.states.get(code)
        base = state.cameo if state else code
        return base + sector

    def leaders_of(self, code: str) -> list[Leader]:
        return [leader for leader in self.leaders if leader.code == code]


def _rows(name: str) -> list[tuple[int, dict[str, str]]]:
    """Rows of a packaged TSV with their 1-based line numbers, skipping # comments."""
    text = (
        resources.files("shiftwatch.actors")
        .joinpath("data")
        .joinpath(name)
        .read_text(encoding="utf-8")
    )
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if not line.startswith("#")]
    if not lines:
        return []
    header = lines[0][1].split("\t")
    out = []
    for number, line in lines[1:]:
        if not line.strip():
            continue
        cells = next(csv.reader([line], delimiter="\t", quotechar="\x00"))
        if len(cells) > len(header):
            raise InputError(f"{name}:{number}", f"{len(cells)} columns, expected {len(header)}")
        out.append(
            (number, dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True)))
        )
    return out


def check_flags(flags: str, location: str) -> frozenset[str]:
    found = frozenset(flag.strip() for flag in flags.split(",") if flag.strip())
    unknown = found - FLAGS
    if unknown:
        raise InputError(location, f"unknown flag(s) {sorted(unknown)}; use {sorted(FLAGS)}")
    return found


def check_sector(sector: str, location: str) -> str:
    sector = (sector or "").strip().upper()
    if sector not in SECTORS:
        raise InputError(location, f"unknown sector {sector!r}; use one of {list(SECTORS[:-1])}")
    return sector


def _load_states(kb: KnowledgeBase) -> None:
    for _number, row in _rows("states.tsv"):
        code = row["code"]
        state = State(
            code,
            row["name"],
            row["official_name"],
            row["capital"],
            row["status"],
            row["cameo"] or code,
        )
        kb.states[code] = state
        entry = Entry(code, code, "", state.cameo, "state")
        for text in (state.name, state.official_name):
            kb.add(text, entry)
        if "," not in row["iso_name"] and "(" not in row["iso_name"]:
            kb.add(row["iso_name"], entry)
        if state.capital and state.status != "dependency":
            kb.add(state.capital, Entry(code, code, "", state.cameo, "capital"))
    for number, row in _rows("demonyms.tsv"):
        state = _state(kb, row["code"], f"demonyms.tsv:{number}")
        for text in filter(None, row["adjectives"].split("|")):
            flags = frozenset({"case"}) if text.isupper() else frozenset()
            kb.add(text, Entry(state.code, state.code, "", state.cameo, "demonym", flags))
        for text in filter(None, row["people"].split("|")):
            kb.add(text, Entry(state.code, state.code, "CVL", state.cameo, "people"))
    for number, row in _rows("aliases.tsv"):
        location = f"aliases.tsv:{number}"
        state = _state(kb, row["code"], location)
        kind = {"name": "state", "abbrev": "state"}.get(row["kind"], row["kind"])
        if kind not in ("state", "capital", "seat"):
            raise InputError(
                location, f"unknown kind {row['kind']!r}; use name|abbrev|capital|seat"
            )
        sector = check_sector(row["sector"], location)
        entry = Entry(
            state.code, state.code, sector, state.cameo, kind, check_flags(row["flags"], location)
        )
        kb.add(row["text"], entry)


def _state(kb: KnowledgeBase, code: str, location: str) -> State:
    try:
        return kb.states[code]
    except KeyError:
        raise InputError(location, f"unknown state code {code!r}") from None


def add_organisation(kb: KnowledgeBase, org: Organisation, cased: tuple[str, ...]) -> None:
    kb.organisations[org.id] = org
    entry = Entry(org.id, org.code, org.sector, org.cameo, org.kind)
    for text in org.names:
        kb.add(text, entry)
    cased_entry = Entry(org.id, org.code, org.sector, org.cameo, org.kind, frozenset({"case"}))
    for text in cased:
        kb.add(text, cased_entry)


def add_leader(kb: KnowledgeBase, leader: Leader) -> None:
    kb.leaders.append(leader)
    state = kb.states.get(leader.code)
    cameo = (state.cameo if state else leader.code) + leader.sector
    entry = Entry(
        f"{leader.code}:{leader.name}",
        leader.code,
        leader.sector,
        cameo,
        "person",
        frozenset(),
        leader.start,
        leader.end,
        leader.office,
    )
    for text in (leader.name, *leader.aliases):
        kb.add(text, entry)


def _load_leaders(kb: KnowledgeBase) -> None:
    for number, row in _rows("leaders.tsv"):
        location = f"leaders.tsv:{number}"
        if row["code"] not in {o.code for o in kb.organisations.values()}:
            _state(kb, row["code"], location)
        add_leader(
            kb,
            Leader(
                row["code"],
                row["name"],
                tuple(a for a in row["aliases"].split("|") if a),
                row["office"],
                check_sector(row["sector"] or "GOV", location),
                parse_day(row["start"], location),
                parse_day(row["end"], location),
            ),
        )


def _load_sector_words(kb: KnowledgeBase) -> None:
    for number, row in _rows("sector_words.tsv"):
        kb.sector_words[row["text"].lower()] = check_sector(
            row["sector"], f"sector_words.tsv:{number}"
        )


def _load_organisations(kb: KnowledgeBase) -> None:
    from shiftwatch.actors.userfile import organisations_from

    text = resources.files("shiftwatch.actors").joinpath("data").joinpath("organisations.yaml")
    for org, cased in organisations_from(text.read_text(encoding="utf-8"), "organisations.yaml"):
        add_organisation(kb, org, cased)


def build_knowledge_base(extra: Path | None = None) -> KnowledgeBase:
    """Load the packaged data, then apply the user's YAML file on top (uncached)."""
    kb = KnowledgeBase()
    _load_states(kb)
    _load_organisations(kb)
    _load_leaders(kb)
    _load_sector_words(kb)
    kb.sources = ("package",)
    if extra is not None:
        load_user_file(kb, Path(extra))
        kb.sources = ("package", str(extra))
    log.info(
        "actor KB: %d states, %d organisations, %d leaders, %d phrases",
        len(kb.states),
        len(kb.organisations),
        len(kb.leaders),
        len(kb.phrases) + len(kb.cased),
    )
    return kb


@lru_cache(maxsize=8)
def _cached(extra: str | None, mtime: float | None) -> KnowledgeBase:
    return build_knowledge_base(Path(extra) if extra else None)


def load_knowledge_base(extra: Path | None = None) -> KnowledgeBase:
    """The knowledge base, cached per user file (reloaded when that file changes)."""
    if extra is None:
        return _cached(None, None)
    path = Path(extra)
    if not path.is_file():
        raise InputError(str(path), "actor file not found")
    return _cached(str(path.resolve()), path.stat().st_mtime)
