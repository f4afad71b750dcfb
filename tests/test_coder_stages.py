"""The coder reads as declared stages: one list of named stages, small modules."""

from __future__ import annotations

from pathlib import Path

import shiftwatch.coder as coder_package
from shiftwatch.coder.pipeline import STAGES

CODER_DIR = Path(coder_package.__file__).parent


def test_stages_are_named_in_order() -> None:
    names = [name for name, _ in STAGES]
    assert names[0] == "candidates"
    assert names[-1] == "dedupe"
    assert len(names) == len(set(names))
    assert names.index("scopes") < names.index("assemble")


def test_no_coder_module_over_400_lines() -> None:
    sizes = {p.name: len(p.read_text().splitlines()) for p in CODER_DIR.glob("*.py")}
    assert sizes, "no coder modules found"
    assert {name: n for name, n in sizes.items() if n > 400} == {}
