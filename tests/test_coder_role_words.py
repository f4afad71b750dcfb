"""The argument stages' word lists (``coder/lexicon/roles.yaml``), checked at load."""

from __future__ import annotations

from importlib import resources

import pytest

from shiftwatch.coder.role_words import SCHEMA, parse_role_words, role_words
from shiftwatch.errors import ConfigError


def _shipped() -> str:
    return resources.files("shiftwatch.coder.lexicon").joinpath("roles.yaml").read_text("utf-8")


def test_the_shipped_file_holds_every_list_of_the_schema() -> None:
    lists = role_words()
    assert set(lists) == set(SCHEMA)
    assert "urge" in lists["object_control_verbs"]
    assert "ASSAULT" in lists["unseen_doer_types"]


def test_an_unknown_list_is_named_with_its_line() -> None:
    text = _shipped() + "\nfavourite_words: [peace]\n"
    line = text.count("\n", 0, text.index("favourite_words")) + 1
    with pytest.raises(ConfigError, match=rf"roles\.yaml:{line}: unknown list 'favourite_words'"):
        parse_role_words(text, "roles.yaml")


def test_an_unknown_type_or_sector_is_refused() -> None:
    text = _shipped().replace("venue_types: [AGREE,", "venue_types: [AGREES,")
    with pytest.raises(ConfigError, match=r"unknown PLOVER type 'AGREES' in venue_types"):
        parse_role_words(text, "roles.yaml")
    text = _shipped().replace("armed_sectors: [MIL,", "armed_sectors: [ARMY,")
    with pytest.raises(ConfigError, match=r"unknown sector 'ARMY' in armed_sectors"):
        parse_role_words(text, "roles.yaml")


def test_a_missing_list_or_a_list_that_is_not_one_is_refused() -> None:
    text = _shipped().replace("pair_words: [two, both]\n", "")
    with pytest.raises(ConfigError, match=r"missing list\(s\) pair_words"):
        parse_role_words(text, "roles.yaml")
    text = _shipped().replace("pair_words: [two, both]", "pair_words: two")
    with pytest.raises(ConfigError, match=r"pair_words must be a list"):
        parse_role_words(text, "roles.yaml")


def test_a_sector_list_holds_one_sector() -> None:
    text = _shipped().replace("protester_sector: [CVL]", "protester_sector: [CVL, OPP]")
    with pytest.raises(ConfigError, match=r"protester_sector must hold exactly one entry"):
        parse_role_words(text, "roles.yaml")
