"""The lexicon tables: derived from PETRARCH2 by a script, curated rows first, validated at load."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from shiftwatch.coder.tables import COLUMNS, lexicon, load_lexicon, make_rule, read_table
from shiftwatch.errors import ConfigError
from shiftwatch.ontology import plover_types

REPO = Path(__file__).resolve().parents[1]
LEXICON = REPO / "src" / "shiftwatch" / "coder" / "lexicon"


def row(**values: str) -> dict[str, str]:
    base = {"lemma": "shell", "frame": "", "type": "ASSAULT", "mode": "", "cameo": "190"}
    return {**base, "target": "obj", "flags": "", **values}


def test_derived_verbs_extend_the_curated_ones() -> None:
    table = lexicon()
    rules = table[("VERB", "raze")]  # not in verbs.tsv: comes from PETRARCH2's "destroy" block
    assert all("derived" in r.flags for r in rules)
    assert any(r.frame == "" and r.type == "ASSAULT" for r in rules)
    chide = table[("VERB", "chide")]  # block_overrides.tsv: the "denounce" block is criticism
    assert [r.type for r in chide if r.frame == ""] == ["ACCUSE"]
    attack = table[("VERB", "attack")]  # curated: no derived row mixes in
    assert attack and not any("derived" in r.flags for r in attack)


def test_no_statement_codes_and_overrides_silence_a_derived_verb() -> None:
    table = lexicon()
    assert not any(r.cameo.startswith("01") for rules in table.values() for r in rules)
    assert ("VERB", "die") not in table  # overrides.tsv: a death is not an act


def test_every_override_has_a_reason() -> None:
    rows = read_table("overrides.tsv")
    assert rows and all(r["reason"].strip() for _, r in rows)


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"type": "BOMB"}, "unknown PLOVER type 'BOMB'"),
        ({"cameo": "999"}, "unknown CAMEO code '999'"),
        ({"cameo": "012"}, "statement"),
        ({"flags": "mutual,loud"}, "unknown flag 'loud'"),
        ({"frame": "near:x"}, "unknown frame"),
        ({"target": "obj,beside"}, "unknown target slot 'beside'"),
        ({"of": "owner"}, "the of column is one of"),
        ({"mode": "seize"}, "ASSAULT has no mode 'seize'"),
        ({"type": "COOPERATE", "cameo": "062", "mode": "weapons"}, r"allows none"),
    ],
)
def test_bad_rows_name_file_and_line(values: dict[str, str], problem: str) -> None:
    with pytest.raises(ConfigError, match=problem) as caught:
        make_rule(row(**values), "VERB", "coder/lexicon/verbs.tsv:7", derived=False)
    assert "verbs.tsv:7" in str(caught.value)


def write_tables(folder: Path, rows: dict[str, list[str]]) -> None:
    """The five tables in ``folder``: a comment, the header, then ``rows`` (tab-separated)."""
    for name, columns in COLUMNS.items():
        lines = ["# test table", "\t".join(columns), *rows.get(name, [])]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_mode_of_another_type_names_file_and_line(tmp_path: Path) -> None:
    write_tables(tmp_path, {"verbs.tsv": ["shell\t\tASSAULT\theavy-weapons\t194\tobj\t"]})
    assert load_lexicon(tmp_path)[("VERB", "shell")][0].mode == "heavy-weapons"
    write_tables(tmp_path, {"verbs.tsv": ["annex\t\tASSAULT\toccupy\t192\tobj\t"]})
    with pytest.raises(ConfigError, match="ASSAULT has no mode 'occupy'") as caught:
        load_lexicon(tmp_path)
    assert str(caught.value).startswith(f"{tmp_path / 'verbs.tsv'}:3: ")
    # a derived row is checked even when a curated row of the same lemma shadows it
    write_tables(
        tmp_path,
        {
            "verbs.tsv": ["raze\t\tASSAULT\t\t190\tobj\t"],
            "petrarch_verbs.tsv": ["raze\t\tASSAULT\tseize\t1712\tverb:1"],
        },
    )
    with pytest.raises(ConfigError, match=r"petrarch_verbs\.tsv:3: ASSAULT has no mode 'seize'"):
        load_lexicon(tmp_path)


def test_every_packaged_row_has_a_mode_of_its_type() -> None:
    types = plover_types()
    for name in COLUMNS:
        for number, values in read_table(name):
            allowed = types[values["type"]].modes if values["type"] in types else ()
            assert not values["mode"] or values["mode"] in allowed, f"{name}:{number}"


def test_unknown_column_names_file_and_line() -> None:
    text = "# comment\nlemma\tframe\ttype\tmode\tcameo\ttarget\tcolour\n"
    with pytest.raises(ConfigError, match=r"verbs.tsv:2: columns .*colour"):
        read_table("verbs.tsv", text)


def test_derived_table_is_what_the_script_builds(shared_dir: Path) -> None:
    if not (shared_dir / "data" / "cameo" / "petrarch2_verb_patterns.tsv").exists():
        pytest.skip("../shared/data/cameo is not here")
    spec = importlib.util.spec_from_file_location(
        "build_lexicon", REPO / "scripts" / "build_lexicon.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, built in (
        ("petrarch_verbs.tsv", module.build(shared_dir)),
        ("petrarch_nouns.tsv", module.build_nouns(shared_dir)),
    ):
        lines = (LEXICON / name).read_text(encoding="utf-8").splitlines()
        assert "MIT licence" in "\n".join(lines[:8])
        stored = [line.split("\t") for line in lines if not line.startswith("#")][1:]
        assert stored == built, name


def test_derived_event_nouns_need_a_light_verb() -> None:
    rules = lexicon()[("NOUN", "airlift")]  # not in nouns.tsv
    assert [(r.type, r.frame) for r in rules] == [("AID", "lv")]
    assert "launch" in rules[0].frame_set


def test_every_coded_event_has_a_mode_of_its_type(seed_file: Path, guardian_csv: Path) -> None:
    """On real news (the seed article and a dozen Guardian articles, among them ones whose
    destruction verbs carried CAMEO 1712's "seize" into ASSAULT): a retype that changes the type
    must not keep the old type's mode either."""
    import csv

    from shiftwatch.coder import Coder
    from shiftwatch.documents.text import parse_text
    from shiftwatch.models import Document

    documents = [parse_text(seed_file.read_text(encoding="utf-8"), str(seed_file))]
    with guardian_csv.open(encoding="utf-8") as handle:
        rows = [row for _, row in zip(range(12), csv.DictReader(handle), strict=False)]
    documents += [Document(text=row["text"]) for row in rows]
    events = [e for coded in Coder().code_documents(documents) for e in coded.events]
    types = plover_types()
    wrong = [
        (e.doc_id, e.sentence_idx, e.trigger, e.type, e.mode)
        for e in events
        if e.mode and e.mode not in types[e.type].modes
    ]
    assert wrong == []
    assert sum(1 for e in events if e.mode) >= 20  # modes are coded, not dropped
