"""The evaluation room: the product (every package of src/ but src/evaluation) imports nothing from it,
except the CLI's one hook that registers `cinemai eval` (src/evaluation/commands.py). The same rule is an
import-linter contract in pyproject.toml; this test keeps it visible beside the evaluation tests."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
HOOK = SRC / "presentation" / "cli" / "main.py"
DISPATCH = SRC / "evaluation" / "commands.py"


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_product_code_imports_nothing_from_the_evaluation_room() -> None:
    offenders = [
        f"{path.relative_to(SRC.parent)}: {name}"
        for path in SRC.rglob("*.py")
        if (SRC / "evaluation") not in path.parents and path != HOOK
        for name in imported_modules(path)
        if name == "src.evaluation" or name.startswith("src.evaluation.")
    ]
    assert offenders == []


def test_the_hook_imports_only_the_dispatch() -> None:
    hook = {n for n in imported_modules(HOOK) if n == "src.evaluation" or n.startswith("src.evaluation.")}
    assert hook == {"src.evaluation"}  # `from src.evaluation import commands`
    assert "from src.evaluation import commands as evaluate" in HOOK.read_text(encoding="utf-8")


def test_the_dispatch_reaches_the_room_and_the_room_has_its_own_composition_root() -> None:
    assert "src.evaluation.cli" in imported_modules(DISPATCH)
    assert "src.evaluation.wiring" in imported_modules(SRC / "evaluation" / "cli.py")
    assert not (SRC / "application" / "evaluation").exists()
    assert not (SRC / "infrastructure" / "evaluation").exists()
    # the taste panel, the explanation and query measures live in the room too
    for moved in (
        SRC / "application" / "taste_panel.py",
        SRC / "application" / "query_evaluation.py",
        SRC / "infrastructure" / "panel",
        SRC / "presentation" / "cli" / "eval_panel.py",
        SRC / "presentation" / "cli" / "eval_explanations.py",
        SRC / "presentation" / "cli" / "evaluate.py",
    ):
        assert not moved.exists(), moved
