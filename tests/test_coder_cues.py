"""The cue file (``coder/lexicon/cues.yaml``) is validated at load: every problem names the file
and line, as the trigger tables do."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from shiftwatch.coder.cue_lists import SCHEMA, cue_book, load_cues, retype, retyped_mode
from shiftwatch.errors import ConfigError

PACKAGED = resources.files("shiftwatch.coder.lexicon").joinpath("cues.yaml").read_text("utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cues.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, start: str) -> int:
    """The 1-based number of the first line of ``text`` starting with ``start``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_the_packaged_file_holds_every_key_and_nothing_else() -> None:
    book = cue_book()
    given = {*book.lists, *book.sectors, *book.numbers, *book.texts, "retypes"}
    assert given == set(SCHEMA)
    assert "no" in book.lists["negating_determiners"]  # the word, not YAML's false
    assert book.sectors["domestic_groups"]["opponent"] == "OPP"
    assert book.numbers["number_suffixes"]["bn"] == 1e9
    assert retype("diplomatic_protest").type == "ACCUSE"
    assert retype("refusal").applies_to == frozenset({"AGREE"})
    assert retyped_mode("AID") == "troops"
    assert retyped_mode("ACCUSE") == ""


def test_a_copy_of_the_packaged_file_loads_from_a_path(tmp_path: Path) -> None:
    assert load_cues(write(tmp_path, PACKAGED)) == cue_book()


@pytest.mark.parametrize(
    ("start", "replacement", "problem"),
    [
        ("hedge_adverbs:", "hedge_adverb: [reportedly]", "unknown key 'hedge_adverb'"),
        ("context_types:", "context_types: [ASSAULT, BOMB]", "unknown PLOVER type 'BOMB'"),
        ("government_sectors:", "government_sectors: [GOV, ARMY]", "unknown sector 'ARMY'"),
        ("  OPP:", "  OPPOSITION: [opponent]", "unknown sector 'OPPOSITION'"),
        ("request_modals:", "request_modals: [must, must]", "'must' is listed twice"),
        ("request_modals:", "request_modals: must", "expected a list of words"),
        ("modality_precedence:", "modality_precedence: [negated, maybe]", "unknown modality"),
        ("number_suffixes:", "number_suffixes: {m: lots}", "'lots' is not a number"),
        ("currencies:", "currencies: [usd]", "expected a mapping"),
        ("  refusal:", '  refusal: {from: [AGREE], type: REJECT, cameo: "999"}', "CAMEO code"),
        ("  refusal:", '  refusal: {type: REJECT, cameo: "120", loud: x}', "a retype is"),
        ("  refusal:", '  refuse: {type: REJECT, cameo: "120"}', "unknown retype rule"),
        ("  promise:", '  promise: {from: [AIDE], type: AGREE, cameo: "030"}', "AIDE"),
        ("  helping_purpose:", '  helping_purpose: {type: AID, cameo: "074", mode: tea}', "mode"),
    ],
)
def test_a_bad_line_is_an_error_naming_file_and_line(
    tmp_path: Path, start: str, replacement: str, problem: str
) -> None:
    lines = PACKAGED.splitlines()
    number = line_of(PACKAGED, start)
    lines[number - 1] = replacement
    # a value continued on the next lines goes with it
    while number < len(lines) and lines[number].startswith("  ") and not start.startswith(" "):
        del lines[number]
    path = write(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(ConfigError, match=problem) as caught:
        load_cues(path)
    assert str(caught.value).startswith(f"{path}:{number}: "), str(caught.value)


def test_a_missing_key_names_the_file(tmp_path: Path) -> None:
    text = "\n".join(line for line in PACKAGED.splitlines() if not line.startswith("denial_verbs:"))
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=f"{path}: missing key 'denial_verbs'"):
        load_cues(path)


def test_a_word_in_two_sectors_is_an_error(tmp_path: Path) -> None:
    number = line_of(PACKAGED, "  MED:")
    lines = PACKAGED.splitlines()
    lines[number - 1] = "  MED: [journalist, opponent]"
    path = write(tmp_path, "\n".join(lines))
    with pytest.raises(ConfigError, match=rf"{path}:{number}: 'opponent' is already OPP"):
        load_cues(path)


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "light_verbs: [hold, launch\nspeech_verbs: [say]\n")
    with pytest.raises(ConfigError, match=rf"{path}:2: not valid YAML"):
        load_cues(path)
