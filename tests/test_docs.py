"""Documentation is tested: the README's commands are the ones that exist and that CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from shiftwatch.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _command_paths() -> list[tuple[str, object]]:
    """Every leaf command as ('actors resolve', click command), walking sub-apps."""
    root = typer.main.get_command(app)
    found: list[tuple[str, object]] = []

    def walk(prefix: str, command: object) -> None:
        children = getattr(command, "commands", None)
        if children:
            for name, child in children.items():
                walk(f"{prefix} {name}".strip(), child)
        else:
            found.append((prefix, command))

    walk("", root)
    return found


def test_every_command_has_help_text() -> None:
    missing = [name for name, command in _command_paths() if not (command.help or "").strip()]
    assert not missing, f"commands without help text: {missing}"


def test_every_command_is_in_the_readme_cli_reference() -> None:
    reference = README.split("## CLI reference", 1)[1]
    missing = [name for name, _ in _command_paths() if f"shiftwatch {name}" not in reference]
    assert not missing, f"commands missing from the README's CLI reference: {missing}"


def test_ci_runs_exactly_the_readme_test_command() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```(?:bash|sh)\n(.*?)```", quick_start, flags=re.S)
    test_command = commands[1].strip()
    ci_lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert test_command in ci_lines
    assert "shiftwatch demo" in commands[0]


def _reference_rows() -> dict[str, str]:
    """``{"actors show": "CODE [--format] | What ..."}`` from the README's CLI reference table."""
    reference = README.split("## CLI reference", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in reference.splitlines():
        found = re.match(r"\| `shiftwatch ([a-z ]+)` \| (.*)", line)
        if found:
            rows[found.group(1).strip()] = found.group(2)
    return rows


def test_every_option_is_in_its_command_row_of_the_cli_reference() -> None:
    rows = _reference_rows()
    missing = []
    for name, command in _command_paths():
        for param in command.params:  # type: ignore[attr-defined]
            if getattr(param, "hidden", False):
                continue
            for option in getattr(param, "opts", []):
                pattern = re.escape(option) + r"(?![\w-])"
                if option.startswith("--") and not re.search(pattern, rows.get(name, "")):
                    missing.append(f"{name} {option}")
    assert not missing, f"options missing from the README's CLI reference rows: {missing}"
