"""The coder's word lists and type sets in ``lexicon/cues.yaml``, read once and validated.

Every English word, PLOVER type, sector and CAMEO code the coder's rules consult lives in that
file, not in Python; :data:`SCHEMA` says which keys it has and what each holds. The file is
read with the YAML composer so every value keeps its line: an unknown or missing key, a type
that is not a PLOVER type, an unknown sector or CAMEO code, a repeated word or a value of the
wrong shape is a :class:`ConfigError` naming the file and line. Words are read as written
(``no`` is the word, not YAML's false).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from shiftwatch.errors import ConfigError
from shiftwatch.ontology import MODALITIES, SECTORS, cameo_code, plover_types

PACKAGED = "coder/lexicon/cues.yaml"

# What a key holds: words (a list, order kept), PLOVER types, sectors (the actor as a whole,
# "", is never listed: the rules treat it themselves), modality labels, sector -> words,
# word -> number, word -> text, word -> period, or rule name -> {type, cameo, mode} (a retype).
WORDS = "words"
TYPES = "types"
SECTOR_LIST = "sectors"
CAMEO = "CAMEO codes"
SLOT_LIST = "target slots"
MODALITY = "modalities"
SECTOR_WORDS = "sector words"
NUMBERS = "numbers"
TEXTS = "texts"
PERIOD_MAP = "periods"  # word -> one of PERIODS
RETYPES = "retypes"
# The periods a time expression can name (its precision), shortest first.
PERIODS = ("day", "week", "month", "year")
SCHEMA: dict[str, str] = {
    "light_verbs": WORDS,
    "speech_verbs": WORDS,
    "request_modals": WORDS,
    "negation_words": WORDS,
    "negating_verbs": WORDS,
    "averting_verbs": WORDS,
    "hedge_adverbs": WORDS,
    "hedge_verbs": WORDS,
    "hedge_nouns": WORDS,
    "passive_hedge_verbs": WORDS,
    "future_verbs": WORDS,
    "plan_nouns": WORDS,
    "future_modifiers": WORDS,
    "prospect_nouns": WORDS,
    "hypothetical_marks": WORDS,
    "hypothetical_modals": WORDS,
    "future_auxiliaries": WORDS,
    "domestic_groups": SECTOR_WORDS,
    "vague_targets": WORDS,
    "located_groups": SECTOR_WORDS,
    "facility_nouns": WORDS,
    "context_types": TYPES,
    "harm_objects": WORDS,
    "pronouns": WORDS,
    "agreement_nouns": WORDS,
    "claim_prepositions": WORDS,
    "reflexive_endings": WORDS,
    "helping_verbs": WORDS,
    "ordering_verbs": WORDS,
    "detention_verbs": WORDS,
    "promise_auxiliaries": WORDS,
    "harm_prepositions": WORDS,
    "denial_verbs": WORDS,
    "conditional_marks": WORDS,
    "reported_future_modals": WORDS,
    "negating_adverbs": WORDS,
    "negating_determiners": WORDS,
    "prospect_prepositions": WORDS,
    "plain_report_verbs": WORDS,
    "expecting_verbs": WORDS,
    "negating_prepositions": WORDS,
    "instead_words": WORDS,
    "instead_prepositions": WORDS,
    "modality_precedence": MODALITY,
    "act_party_prepositions": WORDS,
    "pair_prepositions": WORDS,
    "number_words": NUMBERS,
    "number_scales": NUMBERS,
    "number_suffixes": NUMBERS,
    "currencies": TEXTS,
    "place_prepositions": WORDS,
    "quantity_heads": WORDS,
    "document_heads": WORDS,
    "rhetorical_imperatives": WORDS,
    "dated_future_auxiliaries": WORDS,
    "shared_time_marks": WORDS,
    "near_time_marks": WORDS,
    "past_marks": WORDS,
    "when_marks": WORDS,
    "quantity_prepositions": WORDS,
    "targetless_types": TYPES,
    "verb_targetless_types": TYPES,
    "demand_types": TYPES,
    "protest_types": TYPES,
    "adversary_types": TYPES,
    "meeting_types": TYPES,
    "content_object_types": TYPES,
    "material_conflict_types": TYPES,
    "about_act_types": TYPES,
    "repression_types": TYPES,
    "repressing_sectors": SECTOR_LIST,
    "government_sectors": SECTOR_LIST,
    "civilian_sectors": SECTOR_LIST,
    "learned_aimed_types": TYPES,
    "statement_cameo_roots": CAMEO,
    "derived_verb_targets": SLOT_LIST,
    "derived_noun_targets": SLOT_LIST,
    "weekdays": WORDS,
    "months": WORDS,
    "month_abbreviations": WORDS,
    "ordinal_suffixes": WORDS,
    "ambiguous_months": WORDS,
    "month_cues": WORDS,
    "year_cues": WORDS,
    "year_parts": WORDS,
    "periods": PERIOD_MAP,
    "count_words": NUMBERS,
    "relative_words": NUMBERS,
    "relative_phrases": NUMBERS,
    "deictic_days": NUMBERS,
    "span_marks": WORDS,
    "bound_skip_words": WORDS,
    "point_prepositions": WORDS,
    "retypes": RETYPES,
}
# Where a lexicon row's target is looked for (the schema of ``lexicon/*.tsv``; "p:W" is the
# object of preposition W).
SLOTS = frozenset({"obj", "dat", "self", "xobj", "xany", "csubj", "none", "of"})
# The rules of the coder that retype a candidate (``retypes`` gives each its type and code).
RETYPE_RULES = (
    "threat",
    "helping_purpose",
    "detention_order",
    "diplomatic_protest",
    "refusal",
    "promise",
    "reported_demand",
)


@dataclass(frozen=True, slots=True)
class Retype:
    """What a rule of the coder turns a candidate into: a PLOVER type, CAMEO code and mode."""

    type: str
    cameo: str
    mode: str
    applies_to: frozenset[str]  # the candidate types the rule retypes (empty: any)


@dataclass(frozen=True, slots=True)
class CueBook:
    """The validated contents of one cues file."""

    lists: dict[str, tuple[str, ...]]
    sectors: dict[str, dict[str, str]]  # key -> word -> sector
    numbers: dict[str, dict[str, float]]
    texts: dict[str, dict[str, str]]
    retypes: dict[str, Retype]


def load_cues(path: Path | None = None) -> CueBook:
    """The cues in ``path`` (default: the packaged file), validated."""
    if path is None:
        text = resources.files("shiftwatch.coder.lexicon").joinpath("cues.yaml").read_text("utf-8")
        return parse_cues(text, PACKAGED)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read cues ({exc.strerror})") from exc
    return parse_cues(text, str(path))


def parse_cues(text: str, where: str) -> CueBook:
    """Validate and read the cues file's text; ``where`` names it in errors."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(
            f"{where}{line}: not valid YAML ({getattr(exc, 'problem', exc)})"
        ) from exc
    if not isinstance(root, MappingNode):
        raise ConfigError(f"{where}: expected a mapping of cue names to lists")
    book = CueBook({}, {}, {}, {}, {})
    for key, key_node, value in _pairs(root, where):
        kind = SCHEMA.get(key)
        if kind is None:
            raise ConfigError(f"{_at(where, key_node)}: unknown key {key!r}")
        if kind in (WORDS, TYPES, SECTOR_LIST, CAMEO, SLOT_LIST, MODALITY):
            book.lists[key] = _words(value, where, kind)
        elif kind == SECTOR_WORDS:
            book.sectors[key] = _sector_words(value, where)
        elif kind == NUMBERS:
            book.numbers[key] = {k: _number(v, where) for k, _, v in _pairs(value, where)}
        elif kind in (TEXTS, PERIOD_MAP):
            book.texts[key] = {k: _scalar(v, where) for k, _, v in _pairs(value, where)}
            for k, _, v in _pairs(value, where) if kind == PERIOD_MAP else ():
                if _scalar(v, where) not in PERIODS:
                    raise ConfigError(f"{_at(where, v)}: {k!r} names no period of {PERIODS}")
        else:
            book.retypes.update(_retypes(value, where))
    given = {_scalar(key_node, where) for key_node, _ in root.value}
    missing = [key for key in SCHEMA if key not in given]
    if missing:
        raise ConfigError(f"{where}: missing key {missing[0]!r}")
    return book


def _at(where: str, node: Node) -> str:
    return f"{where}:{node.start_mark.line + 1}"


def _scalar(node: Node, where: str) -> str:
    if not isinstance(node, ScalarNode) or not str(node.value).strip():
        raise ConfigError(f"{_at(where, node)}: expected a word")
    return str(node.value)


def _words(node: Node, where: str, kind: str) -> tuple[str, ...]:
    if not isinstance(node, SequenceNode):
        raise ConfigError(f"{_at(where, node)}: expected a list of {kind}")
    words: list[str] = []
    for item in node.value:
        word = _scalar(item, where)
        if kind == TYPES and word not in plover_types():
            raise ConfigError(f"{_at(where, item)}: unknown PLOVER type {word!r}")
        if kind == SECTOR_LIST and (word not in SECTORS or not word):
            raise ConfigError(f"{_at(where, item)}: unknown sector {word!r}")
        if kind == CAMEO and cameo_code(word) is None:
            raise ConfigError(f"{_at(where, item)}: unknown CAMEO code {word!r}")
        if kind == SLOT_LIST and not is_slot(word):
            raise ConfigError(f"{_at(where, item)}: unknown target slot {word!r}")
        if kind == MODALITY and word not in MODALITIES:
            raise ConfigError(f"{_at(where, item)}: unknown modality {word!r}")
        if word in words:
            raise ConfigError(f"{_at(where, item)}: {word!r} is listed twice")
        words.append(word)
    return tuple(words)


def _pairs(node: Node, where: str) -> list[tuple[str, Node, Node]]:
    """(key, key node, value node) of a mapping; a key given twice is an error."""
    if not isinstance(node, MappingNode):
        raise ConfigError(f"{_at(where, node)}: expected a mapping")
    pairs: list[tuple[str, Node, Node]] = []
    for key_node, value in node.value:
        key = _scalar(key_node, where)
        if any(key == seen for seen, _, _ in pairs):
            raise ConfigError(f"{_at(where, key_node)}: {key!r} is given twice")
        pairs.append((key, key_node, value))
    return pairs


def _sector_words(node: Node, where: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for sector, key_node, words in _pairs(node, where):
        if sector not in SECTORS or not sector:
            raise ConfigError(f"{_at(where, key_node)}: unknown sector {sector!r}")
        for word, item in zip(_words(words, where, WORDS), words.value, strict=True):
            if word in found:
                raise ConfigError(f"{_at(where, item)}: {word!r} is already {found[word]}")
            found[word] = sector
    return found


def _number(node: Node, where: str) -> float:
    text = _scalar(node, where)
    try:
        return float(text)
    except ValueError:
        raise ConfigError(f"{_at(where, node)}: {text!r} is not a number") from None


def _retypes(node: Node, where: str) -> dict[str, Retype]:
    found: dict[str, Retype] = {}
    for name, key_node, value in _pairs(node, where):
        at = _at(where, key_node)
        if name not in RETYPE_RULES:
            raise ConfigError(f"{at}: unknown retype rule {name!r}")
        pairs = _pairs(value, where)
        applies_to = next((_words(v, where, TYPES) for k, _, v in pairs if k == "from"), ())
        fields = {k: _scalar(v, where) for k, _, v in pairs if k != "from"}
        unknown = sorted(set(fields) - {"type", "cameo", "mode"})
        if unknown or "type" not in fields or "cameo" not in fields:
            raise ConfigError(f"{at}: a retype is type, cameo and optional from and mode")
        if fields["type"] not in plover_types():
            raise ConfigError(f"{at}: unknown PLOVER type {fields['type']!r}")
        record = cameo_code(fields["cameo"])
        if record is None:
            raise ConfigError(f"{at}: unknown CAMEO code {fields['cameo']!r}")
        if fields.get("mode") and fields["mode"] not in plover_types()[fields["type"]].modes:
            raise ConfigError(f"{at}: {fields['type']} has no mode {fields['mode']!r}")
        found[name] = Retype(
            fields["type"], fields["cameo"], fields.get("mode", ""), frozenset(applies_to)
        )
    missing = [name for name in RETYPE_RULES if name not in found]
    if missing:
        raise ConfigError(f"{_at(where, node)}: missing retype {missing[0]!r}")
    return found


def is_slot(slot: str) -> bool:
    """A target slot of the lexicon tables: a named one or "p:" and a preposition."""
    return slot in SLOTS or (slot.startswith("p:") and slot[2:].isalpha())


@cache
def cue_book() -> CueBook:
    """The packaged cues, read and validated once."""
    return load_cues()


@cache
def cues() -> dict[str, frozenset[str]]:
    """Every word list and type set of ``lexicon/cues.yaml`` as a frozenset."""
    return {key: frozenset(words) for key, words in cue_book().lists.items()}


def cue_list(name: str) -> tuple[str, ...]:
    """One list in the order the file gives it (weekdays, months, precedence)."""
    return cue_book().lists[name]


def cue_numbers(name: str) -> dict[str, float]:
    return cue_book().numbers[name]


def cue_texts(name: str) -> dict[str, str]:
    return cue_book().texts[name]


def retype(name: str) -> Retype:
    """The type, CAMEO code and mode the coder's rule ``name`` gives a candidate."""
    return cue_book().retypes[name]


@cache
def retyped_mode(event_type: str) -> str:
    """The mode of an event a rule retyped to ``event_type`` (troops sent to help are AID of
    troops); "" when no retype gives one."""
    return next(
        (r.mode for r in cue_book().retypes.values() if r.type == event_type and r.mode), ""
    )


def domestic_groups() -> dict[str, str]:
    """Lemma of a domestic group noun -> the sector it gets ("opponent" -> "OPP")."""
    return cue_book().sectors["domestic_groups"]


def located_groups() -> dict[str, str]:
    """Lemma of a group noun named by its place ("forces in Guinea") -> its sector."""
    return cue_book().sectors["located_groups"]
