"""The argument stages' word lists (``coder/lexicon/roles.yaml``): read by the same loader as
``cues.yaml`` (``coder/cue_lists.py``), with the same checks, each naming the file and line."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from shiftwatch.coder.cue_lists import ROLE_SCHEMA, load_roles, role_book, role_words, single
from shiftwatch.errors import ConfigError

SHIPPED = resources.files("shiftwatch.coder.lexicon").joinpath("roles.yaml").read_text("utf-8")


def line_of(text: str, start: str) -> int:
    """The 1-based number of the first line of ``text`` starting with ``start``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roles.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_file_holds_every_list_of_the_schema(tmp_path: Path) -> None:
    lists = role_words()
    assert set(lists) == set(ROLE_SCHEMA)
    assert "urge" in lists["object_control_verbs"]
    assert "ASSAULT" in lists["unseen_doer_types"]
    assert "on" in lists["phase_prepositions"]  # the word, not YAML's true
    assert single("protester_sector") == "CVL"
    assert load_roles(write(tmp_path, SHIPPED)) == role_book()


@pytest.mark.parametrize(
    ("start", "replacement", "problem"),
    [
        ("venue_types:", "venue_type: [AGREE]", "unknown key 'venue_type'"),
        ("venue_types:", "venue_types: [AGREES, CONSULT]", "unknown PLOVER type 'AGREES'"),
        ("armed_sectors:", "armed_sectors: [ARMY, REB]", "unknown sector 'ARMY'"),
        ("group_sectors:", "group_sectors: [REB, '']", "expected a word"),
        ("pair_words:", "pair_words: two", "expected a list of words"),
        ("pair_words:", "pair_words: [two, both, two]", "'two' is listed twice"),
        ("pair_words:", "venue_types: [AGREE]", "'venue_types' is given twice"),
        ("protester_sector:", "protester_sector: [CVL, OPP]", "holds exactly one sector"),
        ("protester_sector:", "protester_sector: [CIVIL]", "unknown sector 'CIVIL'"),
        ("relative_pronouns:", "relative_pronouns: {who: x}", "expected a list of words"),
    ],
)
def test_a_bad_line_is_an_error_naming_file_and_line(
    tmp_path: Path, start: str, replacement: str, problem: str
) -> None:
    lines = SHIPPED.splitlines()
    number = line_of(SHIPPED, start)
    lines[number - 1] = replacement
    path = write(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(ConfigError, match=problem) as caught:
        load_roles(path)
    assert str(caught.value).startswith(f"{path}:{number}: "), str(caught.value)


def test_a_missing_list_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, SHIPPED.replace("pair_words: [both]\n", ""))
    with pytest.raises(ConfigError, match=f"{path}: missing key 'pair_words'"):
        load_roles(path)


def test_a_cue_key_is_no_role_key(tmp_path: Path) -> None:
    """One loader, two schemas: a key of cues.yaml is unknown in roles.yaml."""
    path = write(tmp_path, SHIPPED + "light_verbs: [hold]\n")
    number = len(SHIPPED.splitlines()) + 1
    with pytest.raises(ConfigError, match=rf"{path}:{number}: unknown key 'light_verbs'"):
        load_roles(path)
