"""Import rules, checked on the source: faces stay apart, the core never imports a face, no
package cycles, no module over 500 lines. There is no list of exceptions.

The faces are the two ways people reach Shiftwatch, the command line (``shiftwatch.cli``, with
its entry point ``shiftwatch.__main__``) and the web app (``shiftwatch.web``). Everything else
is the core they share. A unit is a subpackage of ``shiftwatch`` or a top-level module.
Every import counts, at module level or inside a function, including ``TYPE_CHECKING`` ones.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "shiftwatch"
FACES = {"cli": "shiftwatch.cli", "web": "shiftwatch.web"}
ENTRY_POINTS = {"shiftwatch.__main__": "cli"}  # `python -m shiftwatch` is the command line
MAX_LINES = 500


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the imported module
    line: int


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(root: Path) -> list[Import]:
    """Every import of a module inside ``root``'s package, resolved to a module name."""
    paths = sorted(root.rglob("*.py"))
    known = {module_name(path, root) for path in paths}
    found: list[Import] = []
    for path in paths:
        name = module_name(path, root)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([node.module] if node.module else [])])
                # `from pkg import module` depends on the module, `from pkg import name` on pkg
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                    for alias in node.names
                ]
            found += [
                Import(name, target, node.lineno)
                for target in targets
                if target.split(".")[0] == root.name
            ]
    return found


def unit(module: str) -> str:
    """``shiftwatch.store.events`` -> ``shiftwatch.store``; the root package is its own unit."""
    return ".".join(module.split(".")[:2])


def face(module: str) -> str | None:
    for name, package in FACES.items():
        if module == package or module.startswith(package + "."):
            return name
    return ENTRY_POINTS.get(module)


def face_violations(found: list[Import]) -> list[str]:
    """A face importing another face, or the core importing a face."""
    problems = []
    for item in found:
        source, target = face(item.module), face(item.target)
        if target is None or source == target:
            continue
        who = f"face {source}" if source else "the core"
        problems.append(f"{item.module}:{item.line}: {who} imports face {target} ({item.target})")
    return problems


def cycles(found: list[Import]) -> list[list[str]]:
    """Strongly connected groups of units (Tarjan): each is an import cycle between packages."""
    graph: dict[str, set[str]] = defaultdict(set)
    for item in found:
        a, b = unit(item.module), unit(item.target)
        if a != b:
            graph[a].add(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def long_modules(root: Path, limit: int = MAX_LINES) -> list[str]:
    return [
        f"{path.relative_to(root.parent)}: {lines} lines"
        for path in sorted(root.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > limit
    ]


@pytest.fixture(scope="module")
def found() -> list[Import]:
    return imports(PACKAGE)


def test_faces_never_import_each_other_and_the_core_never_imports_a_face(
    found: list[Import],
) -> None:
    problems = face_violations(found)
    assert not problems, "\n".join(problems)


def test_no_import_cycle_between_packages(found: list[Import]) -> None:
    groups = cycles(found)
    assert not groups, "import cycles: " + "; ".join(" <-> ".join(g) for g in groups)


def test_no_module_over_500_lines() -> None:
    problems = long_modules(PACKAGE)
    assert not problems, "\n".join(problems)


def test_the_rules_catch_what_they_forbid(tmp_path: Path) -> None:
    """The checker on a small package that breaks every rule reports every break."""
    root = tmp_path / "shiftwatch"
    files = {
        "__init__.py": "",
        "cli/__init__.py": "from shiftwatch.web import app\n",
        "web/__init__.py": "from ..cli import main\n",
        "store/__init__.py": "from shiftwatch import analysis\n",
        "analysis/__init__.py": "def f() -> None:\n    from shiftwatch.store import x\n",
        "models.py": "import shiftwatch.cli.output\n" + "x = 1\n" * MAX_LINES,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    found = imports(root)
    assert face_violations(found) == [
        "shiftwatch.cli:1: face cli imports face web (shiftwatch.web)",
        "shiftwatch.models:1: the core imports face cli (shiftwatch.cli.output)",
        "shiftwatch.web:1: face web imports face cli (shiftwatch.cli)",
    ]
    assert sorted(cycles(found)) == [
        ["shiftwatch.analysis", "shiftwatch.store"],
        ["shiftwatch.cli", "shiftwatch.web"],
    ]
    assert long_modules(root) == [f"shiftwatch/models.py: {MAX_LINES + 1} lines"]
