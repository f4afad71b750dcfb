"""Derive the coder's PETRARCH2 lexicon table from the shared CAMEO dictionary tables.

Reads ``../shared/data/cameo/petrarch2_verb_patterns.tsv`` and ``petrarch2_noun_classes.tsv``
(PETRARCH2's ``CAMEO.2.0.txt`` as tables, MIT licence) and writes
``src/shiftwatch/coder/lexicon/petrarch_verbs.tsv``: one row per (verb lemma, frame) with the
PLOVER type, mode and CAMEO code, and the dictionary line it came from. The coder reads it after
its own curated tables (``verbs.tsv``, ``overrides.tsv``), which win for the same lemma and frame.

What is derived, in the order the coder tries it:
1. a pattern's object: ``* WORD``, ``* &CLASS``, ``* {TWO WORDS}`` -> frame ``obj:lemma/...``
   (a class is expanded to its members' head words; a phrase to its last word);
   ``* (PREP)`` -> frame ``prt:prep``. Patterns apply to every single-word verb of their block.
2. a verb's own code -> a bare row (``call off`` -> frame ``prt:off``).
3. the block's type: when at least ``BLOCK_SHARE`` of a block's coded patterns share one PLOVER
   type, its verbs without a code of their own get a bare row with that type and the block's
   most common code of that type, unless ``block_overrides.tsv`` (curated, one reason a row)
   sets the block's type or says its verbs are no events.
Statements (CAMEO 01x) and patterns PETRARCH2 marks as uncoded (``---``) are not events and are
left out. A row's mode is its CAMEO code's crosswalk mode (``ontology/data/cameo.tsv``) when
PLOVER allows it for the row's type (``plover.tsv``), else empty: the coder refuses any other.
Run: ``python scripts/build_lexicon.py [SHARED_DIR]``.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEXICON = ROOT / "src" / "shiftwatch" / "coder" / "lexicon"
ONTOLOGY = ROOT / "src" / "shiftwatch" / "ontology" / "data"
OUT = LEXICON / "petrarch_verbs.tsv"
NOUNS_OUT = LEXICON / "petrarch_nouns.tsv"
CUES = LEXICON / "cues.yaml"
NOUN_SHARE = 0.6
# A noun names an act by itself when it is a verb too ("raid", "boycott") or a nominalisation.
NOMINAL_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "ure", "ade", "age", "ing", "al")
BLOCK_OVERRIDES = LEXICON / "block_overrides.tsv"
BLOCK_SHARE = 0.6
MIN_BLOCK_PATTERNS = 6
NOTICE = """\
# Derived by scripts/build_lexicon.py from ../shared/data/cameo/petrarch2_verb_patterns.tsv and
# petrarch2_noun_classes.tsv: the verb dictionary of PETRARCH2 (petrarch2/data/dictionaries/
# CAMEO.2.0.txt in openeventdata/petrarch2), MIT licence, Copyright (c) 2015 Open Event Data
# Alliance; built from the TABARI CAMEO dictionaries and WordNet synonym sets. Do not edit by
# hand: change the script or add a row with a reason to overrides.tsv.
# Columns: lemma | frame (as in verbs.tsv) | type | mode | cameo | origin (how it was derived)
"""
# Function words some patterns put where the object goes ("* OF"): no object frame.
NOT_OBJECTS = frozenset(
    {
        "of",
        "for",
        "on",
        "to",
        "in",
        "at",
        "with",
        "by",
        "from",
        "each",
        "up",
        "out",
        "off",
        "over",
        "into",
        "about",
        "against",
        "and",
        "the",
        "a",
        "an",
        "it",
        "that",
    }
)
WORD = re.compile(r"^[A-Z][A-Z'-]*$")
PHRASE = re.compile(r"^\{([A-Z' _-]+)\}$")
PREP_ONLY = re.compile(r"^\(([A-Z]+)\)$")


def singular(word: str) -> str:
    """The lemma spaCy gives a plural noun, for the common English plurals."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def head_word(text: str) -> str:
    """The last word of a dictionary phrase, lower case and singular ("ARMS_SHIPMENT")."""
    return singular(re.split(r"[ _]+", text.strip())[-1].lower())


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def block_overrides() -> dict[str, dict[str, str]]:
    """Curated block types; a row without a reason is an error naming its line."""
    found = {}
    for number, row in enumerate(read(BLOCK_OVERRIDES), 2):
        if not (row.get("reason") or "").strip():
            raise SystemExit(f"{BLOCK_OVERRIDES.name}: row {number} has no reason")
        found[row["block"]] = row
    return found


def mode_of(plover_type: str, code: str) -> str:
    """The crosswalk mode of CAMEO ``code`` (``ontology/data/cameo.tsv``) when PLOVER allows it
    for ``plover_type`` (``plover.tsv``), else "": the crosswalk carries modes PLOVER does not
    have ("seize" for destroying property) and a row's type may differ from its code's."""
    mode = crosswalk_modes().get(code, "")
    return mode if mode in allowed_modes().get(plover_type, ()) else ""


@cache
def crosswalk_modes() -> dict[str, str]:
    return {row["cameo"]: row["plover_mode"] for row in read(ONTOLOGY / "cameo.tsv")}


@cache
def allowed_modes() -> dict[str, frozenset[str]]:
    return {
        row["type"]: frozenset(mode for mode in row["modes"].split(",") if mode)
        for row in read(ONTOLOGY / "plover.tsv")
    }


def first_code(raw: str) -> str:
    """``042:043`` -> ``042``; ``:020`` (target-to-source only) and ``---`` -> ""."""
    code = raw.split(":")[0].strip()
    return code if code.isdigit() else ""


def is_event(row: dict[str, str]) -> bool:
    code = first_code(row["cameo"])
    return bool(code) and not code.startswith("01") and bool(row["plover_type"])


def object_words(target: str, classes: dict[str, set[str]]) -> set[str]:
    if target.startswith("&"):
        return {head_word(member) for member in classes.get(target, ())}
    phrase = PHRASE.match(target)
    if phrase:
        return {head_word(phrase.group(1))}
    if WORD.match(target):
        return {singular(target.lower())}
    return set()


def frame_of(pattern: str, classes: dict[str, set[str]]) -> str:
    """The frame of a pattern the coder can check, or "" when it cannot."""
    parts = pattern.split()
    if len(parts) < 2 or parts[0] != "*":
        return ""  # subject patterns ("&MILITARY *") need the subject's class: not checked
    rest = " ".join(parts[1:])
    prep = PREP_ONLY.match(rest)
    if prep:
        return f"prt:{prep.group(1).lower()}"
    target = parts[1]
    if target.startswith("{"):
        target = rest[: rest.index("}") + 1] if "}" in rest else ""
    words = sorted(
        w
        for w in object_words(target, classes)
        if (w.isalpha() or "-" in w) and w not in NOT_OBJECTS
    )
    return "obj:" + "/".join(words) if words else ""


def build(shared: Path) -> list[list[str]]:
    cameo = shared / "data" / "cameo"
    classes: dict[str, set[str]] = defaultdict(set)
    for row in read(cameo / "petrarch2_noun_classes.tsv"):
        classes[row["class"]].add(row["member"])
    patterns = read(cameo / "petrarch2_verb_patterns.tsv")
    known = {row["cameo"] for row in read(cameo / "cameo_event_codes.tsv")}
    blocks: dict[str, list[str]] = defaultdict(list)
    rows: dict[tuple[str, str], list[str]] = {}

    def add(lemma: str, frame: str, row: dict[str, str], origin: str) -> None:
        key = (lemma, frame)
        code = first_code(row["cameo"])
        while code and code not in known:  # a finer code than the table has: its parent
            code = code[:-1]
        if key not in rows and len(code) >= 3:
            kind = row["plover_type"]
            rows[key] = [lemma, frame, kind, mode_of(kind, code), code, origin]

    for row in patterns:
        if row["kind"] == "verb" and " " not in row["verb"].strip():
            blocks[row["verb_block"]].append(row["verb"].strip().lower())
    for row in patterns:  # 1. patterns, for every verb of the block
        if row["kind"] != "pattern" or not is_event(row):
            continue
        frame = frame_of(row["forms_or_pattern"], classes)
        if frame:
            for lemma in blocks[row["verb_block"]]:
                add(lemma, frame, row, f"pattern:{row['source_line']}")
    for row in patterns:  # 2. a verb's own code
        if row["kind"] != "verb" or not is_event(row):
            continue
        words = row["verb"].strip().lower().split()
        if len(words) == 1:
            add(words[0], "", row, f"verb:{row['source_line']}")
        elif len(words) == 2 and words[1].isalpha():
            add(words[0], f"prt:{words[1]}", row, f"verb:{row['source_line']}")
    coded_verbs = {key[0] for key in rows if key[1] == ""}
    curated = block_overrides()
    for block, lemmas in blocks.items():  # 3. the block's type
        if block in curated:
            decided = curated[block]
            if decided["type"] != "NONE":
                chosen = {"plover_type": decided["type"], "cameo": decided["cameo"]}
                for lemma in lemmas:
                    if lemma not in coded_verbs:
                        add(lemma, "", chosen, f"block:{block} (curated)")
            continue
        block_rows = [
            r
            for r in patterns
            if r["verb_block"] == block and r["kind"] == "pattern" and is_event(r)
        ]
        types = Counter(r["plover_type"] for r in block_rows)
        if len(block_rows) < MIN_BLOCK_PATTERNS or not types:
            continue
        best, count = types.most_common(1)[0]
        if count / len(block_rows) < BLOCK_SHARE:
            continue
        codes = Counter(first_code(r["cameo"]) for r in block_rows if r["plover_type"] == best)
        code = codes.most_common(1)[0][0]
        model = next(r for r in block_rows if first_code(r["cameo"]) == code)
        for lemma in lemmas:
            if lemma not in coded_verbs:
                add(lemma, "", model, f"block:{block}")
    return sorted(rows.values(), key=lambda r: (r[0], r[1] == "", r[1]))


def light_verbs() -> set[str]:
    """The coder's light verbs (``cues.yaml``): "held talks", "launched strikes"."""
    import yaml

    return {str(word) for word in yaml.safe_load(CUES.read_text(encoding="utf-8"))["light_verbs"]}


def build_nouns(shared: Path) -> list[list[str]]:
    """Event nouns: the objects of patterns of light-verb blocks ("* &NEGOTIATION" under
    HOLD), typed by the majority (``NOUN_SHARE``) of the patterns naming them."""
    cameo = shared / "data" / "cameo"
    classes: dict[str, set[str]] = defaultdict(set)
    for row in read(cameo / "petrarch2_noun_classes.tsv"):
        classes[row["class"]].add(row["member"])
    known = {row["cameo"] for row in read(cameo / "cameo_event_codes.tsv")}
    patterns = read(cameo / "petrarch2_verb_patterns.tsv")
    light = light_verbs()
    blocks = {
        row["verb_block"]
        for row in patterns
        if row["kind"] == "verb" and row["verb"].strip().lower() in light
    }
    votes: dict[str, Counter[tuple[str, str, str]]] = defaultdict(Counter)
    lines: dict[tuple[str, tuple[str, str, str]], str] = {}
    for row in patterns:
        if row["kind"] != "pattern" or row["verb_block"] not in blocks or not is_event(row):
            continue
        parts = row["forms_or_pattern"].split()
        if len(parts) != 2 or parts[0] != "*":
            continue  # only "* NOUN": the noun alone names the act
        code = first_code(row["cameo"])
        while code and code not in known:
            code = code[:-1]
        if len(code) < 3:
            continue
        key = (row["plover_type"], mode_of(row["plover_type"], code), code)
        for word in object_words(parts[1], classes):
            if word.isalpha() and word not in NOT_OBJECTS:
                votes[word][key] += 1
                lines.setdefault((word, key), row["source_line"])
    verbs = {row["verb"].strip().lower() for row in patterns if row["kind"] == "verb"}
    rows = []
    for word, counter in sorted(votes.items()):
        if not (word in verbs or word.endswith(NOMINAL_SUFFIXES)):
            continue  # "open BORDERS": the verb and noun together name the act, not the noun
        key, count = counter.most_common(1)[0]
        if count / sum(counter.values()) >= NOUN_SHARE:
            rows.append([word, "", key[0], key[1], key[2], f"pattern:{lines[(word, key)]}"])
    return rows


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared"
    rows = build(shared)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write(NOTICE)
        handle.write("lemma\tframe\ttype\tmode\tcameo\torigin\n")
        for row in rows:
            handle.write("\t".join(row) + "\n")
    print(f"wrote {len(rows)} rows to {OUT.relative_to(ROOT)}")
    nouns = build_nouns(shared)
    with NOUNS_OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            NOTICE.replace("Columns: lemma | frame (as in verbs.tsv)", "Columns: lemma | frame")
        )
        handle.write("lemma\tframe\ttype\tmode\tcameo\torigin\n")
        for row in nouns:
            handle.write("\t".join(row) + "\n")
    print(f"wrote {len(nouns)} rows to {NOUNS_OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
