"""The ontology and lexicon data files: complete, consistent and loadable."""

from __future__ import annotations

import pytest

from shiftwatch.coder.tables import is_event
from shiftwatch.coder.triggers import cues, lexicon
from shiftwatch.errors import ConfigError
from shiftwatch.ontology import (
    cameo_code,
    cameo_codes,
    choose_cameo,
    plover_type,
    plover_types,
    quad_class,
)


def test_cameo_table_has_every_code_with_scores() -> None:
    codes = cameo_codes()
    assert len(codes) == 311
    assert cameo_code("195").goldstein == -10.0
    assert cameo_code("057").name == "Sign formal agreement"
    assert cameo_code("044").name == 'Meet at a "third" location'
    assert cameo_code("163").plover_type == "SANCTION"
    assert cameo_code("999") is None


def test_quad_class_follows_the_root_code() -> None:
    assert [quad_class(c) for c in ("042", "073", "111", "190")] == [1, 2, 3, 4]
    assert quad_class("not a code") is None


def test_sixteen_plover_types_with_quad_classes() -> None:
    types = plover_types()
    assert len(types) == 16
    assert plover_type("ASSAULT").quad_class == 4
    assert "aerial" in plover_type("ASSAULT").modes
    with pytest.raises(ConfigError, match="unknown PLOVER type"):
        plover_type("FIGHT")


def test_reverse_choice_uses_mode_then_type() -> None:
    assert choose_cameo("ASSAULT", "aerial") == "195"
    assert choose_cameo("CONSULT", "visit") == "042"
    assert choose_cameo("RETREAT", "no-such-mode") == choose_cameo("RETREAT")
    for name in plover_types():
        assert cameo_code(choose_cameo(name)) is not None


def test_lexicon_rules_name_known_types_codes_and_slots() -> None:
    rules = [rule for group in lexicon().values() for rule in group if is_event(rule)]
    assert len(rules) > 300
    types = plover_types()
    for rule in rules:
        assert rule.type in types, rule.origin
        assert cameo_code(rule.cameo) is not None, rule.origin
        for slot in rule.targets:
            assert slot in (
                "obj",
                "dat",
                "self",
                "xobj",
                "xany",
                "csubj",
                "none",
                "of",
            ) or slot.startswith("p:"), rule.origin
    # a framed reading is tried before the bare lemma
    withdraw = lexicon()[("VERB", "withdraw")]
    assert withdraw[-1].frame == "" and all(rule.frame for rule in withdraw[:-1])


def test_cue_lists_load() -> None:
    table = cues()
    assert "reportedly" in table["hedge_adverbs"]
    assert "will" in table["future_auxiliaries"]
