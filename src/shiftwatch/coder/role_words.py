"""The word lists of ``coder/lexicon/roles.yaml``, read once and checked at load.

The argument stages (``roles``, ``arguments``, ``context``) keep no English words, PLOVER type
names or sector sets in Python: they ask :func:`words` for a list by name. Each key of the file
has a kind (words, PLOVER types or sectors); an unknown or missing key, a value that is not a
list of strings, an unknown type or sector is a :class:`ConfigError` naming the file and line.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from shiftwatch.errors import ConfigError
from shiftwatch.ontology import plover_types
from shiftwatch.ontology.tables import SECTORS

FILE = "roles.yaml"
WORDS, TYPES, SECTOR_SET = "words", "types", "sectors"
# The schema: every key the stages read, and what its list holds.
SCHEMA = {
    "object_control_verbs": WORDS,
    "pcomp_object_verbs": WORDS,
    "participation_verbs": WORDS,
    "participation_prepositions": WORDS,
    "gathering_nouns": WORDS,
    "gathering_prepositions": WORDS,
    "phase_nouns": WORDS,
    "phase_prepositions": WORDS,
    "bystander_verbs": WORDS,
    "unseen_doer_types": TYPES,
    "place_prepositions": WORDS,
    "territory_prepositions": WORDS,
    "territory_sector": SECTOR_SET,
    "agent_prepositions": WORDS,
    "part_prepositions": WORDS,
    "origin_prepositions": WORDS,
    "beneficiary_prepositions": WORDS,
    "location_prepositions": WORDS,
    "venue_types": TYPES,
    "document_nouns": WORDS,
    "person_pronouns": WORDS,
    "group_pronouns": WORDS,
    "speaker_pronouns": WORDS,
    "group_sectors": SECTOR_SET,
    "pronoun_words": WORDS,
    "relative_pronouns": WORDS,
    "message_nouns": WORDS,
    "role_nouns": WORDS,
    "role_prepositions": WORDS,
    "office_titles": WORDS,
    "office_sector": SECTOR_SET,
    "example_prepositions": WORDS,
    "particle_words": WORDS,
    "security_force_nouns": WORDS,
    "security_force_modifiers": WORDS,
    "security_force_sector": SECTOR_SET,
    "protester_sector": SECTOR_SET,
    "repression_types": TYPES,
    "holding_types": TYPES,
    "pair_nouns": WORDS,
    "pair_words": WORDS,
    "armed_sectors": SECTOR_SET,
    "reaction_types": TYPES,
    "indefinite_determiners": WORDS,
}


# Lists that hold exactly one entry (the sector an inferred actor gets).
SINGLE = frozenset({"office_sector", "security_force_sector", "protester_sector"})


def parse_role_words(text: str, where: str = FILE) -> dict[str, frozenset[str]]:
    """The lists of a roles.yaml text, checked against :data:`SCHEMA`."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: not valid YAML ({exc})") from exc
    if not isinstance(root, yaml.MappingNode):
        raise ConfigError(f"{where}: expected a mapping of list names to lists")
    known_types = set(plover_types())
    found: dict[str, frozenset[str]] = {}
    for key_node, value_node in root.value:
        line = f"{where}:{key_node.start_mark.line + 1}"
        name = str(key_node.value)
        kind = SCHEMA.get(name)
        if kind is None:
            raise ConfigError(f"{line}: unknown list {name!r}")
        if name in found:
            raise ConfigError(f"{line}: list {name!r} given twice")
        values = _strings(value_node, line, name)
        for value, value_line in values:
            if kind == TYPES and value not in known_types:
                raise ConfigError(f"{where}:{value_line}: unknown PLOVER type {value!r} in {name}")
            if kind == SECTOR_SET and value not in SECTORS:
                raise ConfigError(f"{where}:{value_line}: unknown sector {value!r} in {name}")
        found[name] = frozenset(value for value, _ in values)
        if name in SINGLE and len(values) != 1:
            raise ConfigError(f"{line}: {name} must hold exactly one entry")
    missing = sorted(set(SCHEMA) - set(found))
    if missing:
        raise ConfigError(f"{where}: missing list(s) {', '.join(missing)}")
    return found


def _strings(node: Any, line: str, name: str) -> list[tuple[str, int]]:
    if not isinstance(node, yaml.SequenceNode):
        raise ConfigError(f"{line}: {name} must be a list")
    out = []
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode) or not item.value:
            raise ConfigError(f"{line}: {name} must hold only words")
        out.append((str(item.value), item.start_mark.line + 1))
    return out


@cache
def role_words() -> dict[str, frozenset[str]]:
    """Every list of ``lexicon/roles.yaml``."""
    text = resources.files("shiftwatch.coder.lexicon").joinpath(FILE).read_text("utf-8")
    return parse_role_words(text, f"coder/lexicon/{FILE}")


def single(name: str) -> str:
    """The one entry of a one-entry list (a sector the stages give an inferred actor)."""
    (value,) = words(name)
    return value


def words(name: str) -> frozenset[str]:
    """One list of ``lexicon/roles.yaml`` by name (a name outside :data:`SCHEMA` is a bug)."""
    return role_words()[name]
