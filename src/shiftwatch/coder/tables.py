"""The lexicon tables in ``coder/lexicon/``, read once and validated at load.

Three tables of triggers, tried in this order for the same part of speech, lemma and frame:
``overrides.tsv`` (curated rows, each with a one-line reason), ``verbs.tsv``/``nouns.tsv``
(the project's curated triggers) and ``petrarch_verbs.tsv`` (derived from PETRARCH2's CAMEO
dictionary by ``scripts/build_lexicon.py``). An unknown column, frame, flag, target slot, PLOVER
type or CAMEO code, or a mode PLOVER does not allow for the row's type, is a :class:`ConfigError`
naming the file and line.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from shiftwatch.coder.cue_lists import (
    SLOTS,
    Retype,
    cue_list,
    cues,
    domestic_groups,
    is_slot,
    located_groups,
)
from shiftwatch.errors import ConfigError
from shiftwatch.ontology import cameo_code, plover_types

__all__ = [
    "SLOTS",
    "Rule",
    "cues",
    "domestic_groups",
    "is_event",
    "lexicon",
    "load_lexicon",
    "located_groups",
    "make_rule",
]

# The schema of the tables (names the loader understands, not words of English).
FLAGS = frozenset(
    {
        "mutual",
        "content",
        "octrl",
        "threat",
        "claim",
        "target",
        "official",
        "adj",
        "derived",
        "foretell",
        "command",
        "extend",
        "experiencer",
        "held",
        "named",
        "host",
        "air",
    }
)
FRAMES = frozenset({"prt", "part", "obj", "prtobj", "pp", "mod", "lv", "by"})
COLUMNS = {
    "verbs.tsv": ("lemma", "frame", "type", "mode", "cameo", "target", "flags"),
    "nouns.tsv": ("lemma", "frame", "type", "mode", "cameo", "target", "of", "flags"),
    "overrides.tsv": (
        "pos",
        "lemma",
        "frame",
        "type",
        "mode",
        "cameo",
        "target",
        "flags",
        "reason",
    ),
    "petrarch_verbs.tsv": ("lemma", "frame", "type", "mode", "cameo", "origin"),
    "petrarch_nouns.tsv": ("lemma", "frame", "type", "mode", "cameo", "origin"),
}
# What "of X" on a verbal noun names (nouns.tsv's "of" column; empty: nothing).
OF_ROLES = frozenset({"", "source", "target"})
# An override row of this type says the lemma is no event (the derived rows for it are dropped).
NOT_AN_EVENT = "NONE"


@dataclass(frozen=True, slots=True)
class Rule:
    """One lexicon row: what a lemma means, in which frame, and where its target is."""

    lemma: str
    pos: str  # "VERB" or "NOUN"
    frame: str  # "", "prt", "part", "obj", "prtobj", "pp", "mod", "lv", "by"
    frame_word: str
    frame_set: frozenset[str]
    type: str
    mode: str
    cameo: str
    targets: tuple[str, ...]
    of_role: str  # nouns: does "of X" name the source or the target
    flags: frozenset[str]
    origin: str  # "verbs.tsv:12", for review

    @classmethod
    def spoken(cls, lemma: str, act: Retype, origin: str) -> Rule:
        """The rule of an act a verb of speech makes by reporting it (a demand, a blame): no
        lexicon row, the type, mode and CAMEO code of the coder's retype ``act``."""
        return cls(
            lemma=lemma,
            pos="VERB",
            frame="",
            frame_word="",
            frame_set=frozenset(),
            type=act.type,
            mode=act.mode,
            cameo=act.cameo,
            targets=(),
            of_role="",
            flags=frozenset(),
            origin=origin,
        )


def read_table(
    name: str, text: str | None = None, where: str | None = None
) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) of one table (``text`` instead of the packaged file, for tests;
    ``where`` names it in errors); comment lines start with "#"."""
    where = where or f"coder/lexicon/{name}"
    if text is None:
        text = resources.files("shiftwatch.coder.lexicon").joinpath(name).read_text("utf-8")
    lines = [
        (n, line)
        for n, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.startswith("#")
    ]
    if not lines:
        return []
    header = lines[0][1].split("\t")
    if tuple(header) != COLUMNS[name]:
        raise ConfigError(f"{where}:{lines[0][0]}: columns {header} are not {list(COLUMNS[name])}")
    reader = csv.DictReader((line for _, line in lines), delimiter="\t", quoting=csv.QUOTE_NONE)
    return list(zip((n for n, _ in lines[1:]), reader, strict=True))


def _targets(row: dict[str, str], where: str) -> tuple[str, ...]:
    slots = [slot for slot in row["target"].split(",") if slot]
    for slot in slots:
        if not is_slot(slot):
            raise ConfigError(f"{where}: unknown target slot {slot!r}")
    if row.get("of") == "target" and "of" not in slots and "none" not in slots:
        slots.append("of")  # "the bombardment of Idlib": "of X" names the target
    return tuple(slots)


def _parse_frame(raw: str, where: str) -> tuple[str, str, frozenset[str]]:
    if not raw:
        return "", "", frozenset()
    kind, _, rest = raw.partition(":")
    if kind not in FRAMES or not rest:
        raise ConfigError(f"{where}: unknown frame {raw!r}")
    if kind in ("prt", "part"):
        return kind, rest, frozenset()
    if kind in ("prtobj", "pp"):
        word, _, words = rest.partition(":")
        return kind, word, frozenset(words.split("/"))
    return kind, "", frozenset(rest.split("/"))


def check_mode(row: dict[str, str], where: str) -> None:
    """A row's mode is one PLOVER allows for its type (``ontology/data/plover.tsv``), or empty:
    a mode of another type would travel into every event the row codes."""
    known = plover_types().get(row["type"])
    if row["mode"] and row["mode"] not in (known.modes if known else ()):
        allowed = ", ".join(known.modes) if known and known.modes else "none"
        raise ConfigError(
            f"{where}: {row['type']} has no mode {row['mode']!r} (PLOVER allows {allowed})"
        )


def make_rule(row: dict[str, str], pos: str, where: str, derived: bool) -> Rule:
    """One validated rule from a table row; ``where`` ("file:line") names it in errors."""
    if None in row or any(value is None for value in row.values()):
        raise ConfigError(f"{where}: wrong number of columns")
    if row["type"] not in plover_types() and not (row["type"] == NOT_AN_EVENT and "reason" in row):
        raise ConfigError(f"{where}: unknown PLOVER type {row['type']!r}")
    check_mode(row, where)
    if row["type"] != NOT_AN_EVENT and cameo_code(row["cameo"]) is None:
        raise ConfigError(f"{where}: unknown CAMEO code {row['cameo']!r}")
    if row["cameo"].startswith(cue_list("statement_cameo_roots")):
        raise ConfigError(f"{where}: CAMEO {row['cameo']} is a statement, not an event")
    if "reason" in row and not row["reason"].strip():
        raise ConfigError(f"{where}: an override needs a reason")
    if row.get("of", "") not in OF_ROLES:
        raise ConfigError(f"{where}: the of column is one of {sorted(OF_ROLES)}, not {row['of']!r}")
    flags = frozenset(flag for flag in row.get("flags", "").split(",") if flag)
    if derived:
        flags |= {"derived"}
    unknown = sorted(flags - FLAGS)
    if unknown:
        raise ConfigError(f"{where}: unknown flag {unknown[0]!r}")
    kind, word, words = _parse_frame(row["frame"], where)
    if derived and pos == "NOUN" and not kind:  # a derived event noun: only after a light verb
        kind, words = "lv", cues()["light_verbs"]
    return Rule(
        lemma=row["lemma"],
        pos=pos,
        frame=kind,
        frame_word=word,
        frame_set=words,
        type=row["type"],
        mode=row["mode"],
        cameo=row["cameo"],
        # where a derived row's target is looked for, in order (curated rows name their own)
        targets=cue_list("derived_verb_targets" if pos == "VERB" else "derived_noun_targets")
        if derived
        else _targets(row, where),
        of_role=row.get("of", "") or "",
        flags=flags,
        origin=where + (f" ({row['origin']})" if derived else ""),
    )


def _tables() -> list[tuple[str, str, bool]]:
    """(table, part of speech or "" when a column says, derived?) in order of precedence."""
    return [
        ("overrides.tsv", "", False),
        ("verbs.tsv", "VERB", False),
        ("nouns.tsv", "NOUN", False),
        ("petrarch_verbs.tsv", "VERB", True),
        ("petrarch_nouns.tsv", "NOUN", True),
    ]


@cache
def lexicon() -> dict[tuple[str, str], tuple[Rule, ...]]:
    """Rules keyed by (part of speech, lemma), framed rules first; for the same lemma and frame
    the first table wins (overrides, then curated, then derived). A curated row of a lemma hides
    the lemma's derived rows, unless it is flagged ``extend`` (it adds one frame to them)."""
    return load_lexicon()


def load_lexicon(directory: Path | None = None) -> dict[tuple[str, str], tuple[Rule, ...]]:
    """The rules of the tables in ``directory`` (default: the packaged ``coder/lexicon``),
    validated; errors name ``directory/table:line``."""
    table: dict[tuple[str, str], list[Rule]] = {}
    seen: set[tuple[str, str, str]] = set()
    curated_lemmas: set[tuple[str, str]] = set()
    for name, fixed_pos, derived in _tables():
        path = f"coder/lexicon/{name}" if directory is None else str(directory / name)
        text = None if directory is None else _read(directory / name)
        for number, row in read_table(name, text, path):
            where = f"{path}:{number}"
            pos = fixed_pos or row.get("pos", "")
            if pos not in ("VERB", "NOUN"):
                raise ConfigError(f"{where}: unknown part of speech {pos!r}")
            check_mode(row, where)  # every row, also those an earlier table shadows
            key = (pos, row["lemma"], row["frame"])
            if key in seen or (derived and (pos, row["lemma"]) in curated_lemmas):
                continue  # an earlier table already says what this lemma means
            if derived and pos == "VERB" and not row["frame"] and row["lemma"] in function_verbs():
                continue  # light, speech, modal, hedging verbs: their object or clause is the act
            rule = make_rule(row, pos, where, derived)
            if not is_event(rule) and not rule.frame:
                curated_lemmas.add((pos, rule.lemma))  # an override saying the word is no event
                continue
            seen.add(key)  # a framed NONE row stays: matched first, it says "no event here"
            if not derived and is_event(rule) and "extend" not in rule.flags:
                curated_lemmas.add((pos, rule.lemma))  # "extend": the derived rows stay too
            table.setdefault((pos, rule.lemma), []).append(rule)
    return {key: tuple(sorted(rules, key=lambda r: r.frame == "")) for key, rules in table.items()}


def is_event(rule: Rule) -> bool:
    """False for a framed override saying the lemma in that frame is no event ("meet a
    response", "issue a statement"): it is matched like any rule, and matching ends there."""
    return rule.type != NOT_AN_EVENT


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the lexicon table ({exc.strerror})") from exc


# Cue lists whose verbs the coder reads as grammar (the event is their object or complement).
FUNCTION_CUES = (
    "light_verbs",
    "speech_verbs",
    "future_verbs",
    "hedge_verbs",
    "passive_hedge_verbs",
    "negating_verbs",
    "averting_verbs",
)


@cache
def function_verbs() -> frozenset[str]:
    """Verbs that carry no event of their own: a derived bare row for them is not used."""
    table = cues()
    return frozenset(word for name in FUNCTION_CUES for word in table.get(name, ()))
