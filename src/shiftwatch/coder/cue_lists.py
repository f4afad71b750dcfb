"""The coder's word lists, type sets and retypes: one loader and validator for the two files of
``coder/lexicon/`` that hold them, ``cues.yaml`` (the candidate, modality, quantity and time
stages) and ``roles.yaml`` (the argument stages: roles, arguments, context).

Every English word, PLOVER type, sector and CAMEO code the coder's rules consult lives in those
files, not in Python; :data:`SCHEMA` and :data:`ROLE_SCHEMA` say which keys each has and what
each key holds. A file is read with the YAML composer so every value keeps its line, and both
get the same checks: an unknown, missing or repeated key, a type that is not a PLOVER type, an
unknown sector, CAMEO code, target slot or modality, a repeated word or a value of the wrong
shape is a :class:`ConfigError` naming the file and line (``path:line: problem``). Words are read
as written (``no`` is the word, not YAML's false).
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

# What a key holds: words (a list, order kept), PLOVER types, sectors (the actor as a whole,
# "", is never listed: the rules treat it themselves), one sector (a one-entry list: the sector
# an inferred actor gets), modality labels, sector -> words, word -> number, word -> text,
# word -> period, or rule name -> {type, cameo, mode} (a retype).
WORDS = "words"
TYPES = "types"
SECTOR_LIST = "sectors"
ONE_SECTOR = "one sector"
CAMEO = "CAMEO codes"
SLOT_LIST = "target slots"
MODALITY = "modalities"
SECTOR_WORDS = "sector words"
NUMBERS = "numbers"
TEXTS = "texts"
PERIOD_MAP = "periods"  # word -> one of PERIODS
RETYPES = "retypes"
LIST_KINDS = (WORDS, TYPES, SECTOR_LIST, ONE_SECTOR, CAMEO, SLOT_LIST, MODALITY)
# The periods a time expression can name (its precision), shortest first.
PERIODS = ("day", "week", "month", "year")


def _schema(**keys: str) -> dict[str, str]:
    """key -> kind, from the keys of each kind (``words="light_verbs speech_verbs ..."``)."""
    kinds = {"sector_words": SECTOR_WORDS, "cameo": CAMEO, "slots": SLOT_LIST, "one": ONE_SECTOR}
    return {name: kinds.get(kind, kind) for kind, names in keys.items() for name in names.split()}


SCHEMA: dict[str, str] = _schema(  # lexicon/cues.yaml
    words="""
        light_verbs speech_verbs request_modals negation_words negating_verbs averting_verbs
        alternative_conjunctions casualty_verbs envoy_verbs topic_prepositions
        hedge_adverbs hedge_verbs hedge_nouns passive_hedge_verbs future_verbs plan_nouns
        future_modifiers prospect_nouns hypothetical_marks hypothetical_modals future_auxiliaries
        vague_targets facility_nouns harm_objects pronouns agreement_nouns claim_prepositions
        reflexive_endings helping_verbs ordering_verbs detention_verbs promise_auxiliaries
        refusal_auxiliaries refusal_heads seizing_words territory_nouns seized_prepositions
        content_marks inviting_verbs attending_verbs dismantling_verbs backing_words sending_verbs
        blaming_verbs blame_adjectives blaming_nouns blame_verbs wanting_objects blame_infinitives
        blame_adjective_prepositions blame_acts planning_verbs
        blame_prepositions blame_objects label_verbs label_prepositions label_words
        harm_prepositions denial_verbs conditional_marks reported_future_modals negating_adverbs
        negating_determiners prospect_prepositions plain_report_verbs expecting_verbs
        negating_prepositions instead_words instead_prepositions act_party_prepositions
        pair_prepositions place_prepositions quantity_heads document_heads
        rhetorical_imperatives dated_future_auxiliaries shared_time_marks near_time_marks
        past_marks when_marks quantity_prepositions weekdays months month_abbreviations
        ordinal_suffixes ambiguous_months month_cues year_cues year_parts span_marks
        bound_skip_words point_prepositions
    """,
    types="""
        context_types targetless_types verb_targetless_types demand_types protest_types
        adversary_types meeting_types victim_types content_object_types material_conflict_types
        about_act_types repression_types learned_aimed_types learned_speech_types
        blamed_act_types deployment_types purpose_act_types fighting_types promised_harm_types
    """,
    sectors="repressing_sectors government_sectors civilian_sectors",
    sector_words="domestic_groups located_groups",
    modalities="modality_precedence",
    numbers="""
        number_words number_scales number_suffixes count_words relative_words relative_phrases
        deictic_days
    """,
    texts="currencies",
    periods="periods",
    cameo="statement_cameo_roots",
    slots="derived_verb_targets derived_noun_targets",
    retypes="retypes",
)
ROLE_SCHEMA: dict[str, str] = _schema(  # lexicon/roles.yaml
    words="""
        object_control_verbs pcomp_object_verbs participation_verbs participation_prepositions
        gathering_nouns gathering_prepositions purpose_nouns phase_nouns phase_prepositions
        bystander_verbs hosting_verbs staging_verbs venue_prepositions setting_adverbs
        place_prepositions agent_prepositions part_prepositions document_nouns person_pronouns
        group_pronouns speaker_pronouns relation_nouns placed_victim_sectors undertaking_nouns
        convening_verbs placed_doer_sectors pronoun_words undergone_act_prepositions
        sequel_prepositions holding_participles armed_holder_words kurdish_words armed_holder_sector
        town_kinds ground_prepositions relative_pronouns message_nouns role_nouns attribution_words
        role_prepositions office_titles example_prepositions particle_words security_force_nouns
        security_force_modifiers pair_nouns pair_words count_words indefinite_determiners
        territory_prepositions origin_prepositions beneficiary_prepositions location_prepositions
        stranger_words company_prepositions company_adverbs joining_verbs means_prepositions
        undergoing_verbs undergoing_phrases definite_determiners running_participles attacker_nouns
        response_verbs response_prepositions allegiance_words allegiance_prepositions
        reporting_verbs comparison_prepositions setting_party_prepositions guest_prepositions
        backing_participles backing_nouns summary_nouns fighting_verbs combat_nouns
        combat_setting_prepositions comrade_prepositions enemy_prepositions voicing_verbs
        leading_nouns ignoring_verbs answering_verbs request_marks seat_kinds faking_verbs
    """,
    types="unseen_doer_types venue_types repression_types holding_types reaction_types "
    "helping_types faked_types doer_clause_types",
    sectors="group_sectors armed_sectors domestic_rival_sectors",
    one="office_sector security_force_sector protester_sector territory_sector",
)
FILES = {"cues.yaml": SCHEMA, "roles.yaml": ROLE_SCHEMA}
# Where a lexicon row's target is looked for (the schema of ``lexicon/*.tsv``; "p:W" is the
# object of preposition W).
SLOTS = frozenset({"obj", "dat", "self", "xobj", "xany", "csubj", "none", "of"})
# The rules of the coder that retype a candidate (``retypes`` gives each its type and code).
RETYPE_RULES = (
    "threat",
    "helping_purpose",
    "sent_to_help",
    "detention_order",
    "diplomatic_protest",
    "territory_taken",
    "invitation_to_act",
    "hostile_dismantling",
    "armed_backing",
    "refusal",
    "refused_act",
    "promise",
    "conditional_threat",
    "reported_demand",
    "reported_blame",
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
    """The validated contents of one word-list file (``cues.yaml`` or ``roles.yaml``)."""

    lists: dict[str, tuple[str, ...]]
    sectors: dict[str, dict[str, str]]  # key -> word -> sector
    numbers: dict[str, dict[str, float]]
    texts: dict[str, dict[str, str]]
    retypes: dict[str, Retype]


def load_cues(path: Path | None = None) -> CueBook:
    """The cues in ``path`` (default: the packaged ``cues.yaml``), validated."""
    return load_book("cues.yaml", path)


def load_roles(path: Path | None = None) -> CueBook:
    """The argument stages' lists in ``path`` (default: the packaged ``roles.yaml``), validated."""
    return load_book("roles.yaml", path)


def load_book(name: str, path: Path | None = None) -> CueBook:
    """The lists of ``name`` (``cues.yaml`` or ``roles.yaml``) from ``path`` (default: the
    packaged file), validated against its schema; errors name ``path``."""
    if path is None:
        text = resources.files("shiftwatch.coder.lexicon").joinpath(name).read_text("utf-8")
        return parse_book(text, f"coder/lexicon/{name}", FILES[name])
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read word lists ({exc.strerror})") from exc
    return parse_book(text, str(path), FILES[name])


def parse_cues(text: str, where: str) -> CueBook:
    """Validate and read a cues file's text; ``where`` names it in errors."""
    return parse_book(text, where, SCHEMA)


def parse_book(text: str, where: str, schema: dict[str, str]) -> CueBook:
    """Validate and read a word-list file's text against ``schema``; ``where`` names it."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(
            f"{where}{line}: not valid YAML ({getattr(exc, 'problem', exc)})"
        ) from exc
    if not isinstance(root, MappingNode):
        raise ConfigError(f"{where}: expected a mapping of list names to lists")
    book = CueBook({}, {}, {}, {}, {})
    for key, key_node, value in _pairs(root, where):
        kind = schema.get(key)
        if kind is None:
            raise ConfigError(f"{_at(where, key_node)}: unknown key {key!r}")
        if kind in LIST_KINDS:
            book.lists[key] = _words(value, where, kind)
            if kind == ONE_SECTOR and len(book.lists[key]) != 1:
                raise ConfigError(f"{_at(where, value)}: {key} holds exactly one sector")
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
    missing = [key for key in schema if key not in given]
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
    listed: list[str] = []
    for item in node.value:
        word = _scalar(item, where)
        if kind == TYPES and word not in plover_types():
            raise ConfigError(f"{_at(where, item)}: unknown PLOVER type {word!r}")
        if kind in (SECTOR_LIST, ONE_SECTOR) and (word not in SECTORS or not word):
            raise ConfigError(f"{_at(where, item)}: unknown sector {word!r}")
        if kind == CAMEO and cameo_code(word) is None:
            raise ConfigError(f"{_at(where, item)}: unknown CAMEO code {word!r}")
        if kind == SLOT_LIST and not is_slot(word):
            raise ConfigError(f"{_at(where, item)}: unknown target slot {word!r}")
        if kind == MODALITY and word not in MODALITIES:
            raise ConfigError(f"{_at(where, item)}: unknown modality {word!r}")
        if word in listed:
            raise ConfigError(f"{_at(where, item)}: {word!r} is listed twice")
        listed.append(word)
    return tuple(listed)


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
    for sector, key_node, value in _pairs(node, where):
        if sector not in SECTORS or not sector:
            raise ConfigError(f"{_at(where, key_node)}: unknown sector {sector!r}")
        for word, item in zip(_words(value, where, WORDS), value.value, strict=True):
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
    return {key: frozenset(listed) for key, listed in cue_book().lists.items()}


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


@cache
def role_book() -> CueBook:
    """The packaged ``roles.yaml``, read and validated once."""
    return load_roles()


@cache
def role_words() -> dict[str, frozenset[str]]:
    """Every list of ``lexicon/roles.yaml`` as a frozenset."""
    return {key: frozenset(listed) for key, listed in role_book().lists.items()}


def words(name: str) -> frozenset[str]:
    """One list of ``lexicon/roles.yaml`` by name (a name outside :data:`ROLE_SCHEMA` is a bug)."""
    return role_words()[name]


def single(name: str) -> str:
    """The one entry of a one-sector list (the sector the stages give an inferred actor)."""
    (value,) = role_book().lists[name]
    return value
