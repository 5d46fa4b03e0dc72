"""Application and domain messages name a NextStep, never an HTTP path; each front end says how to take
every step (the API a route, the CLI a command)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from src.domain.errors import NextStep, ProfileNotFoundError, UserNotFoundError
from src.presentation import next_steps
from src.presentation.api.errors import _cinemai_error

ROOT = Path(__file__).resolve().parents[2]
HTTP_PATH = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE) [/…]|/api/v1")
# modules whose messages still write an HTTP path (each to be moved to a NextStep, then removed here)
PENDING: set[str] = set()


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring nodes (a docstring may name a route: it is not a message)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _paths_in_messages(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and HTTP_PATH.search(node.value)
    ]


MODULES = sorted(
    str(p.relative_to(ROOT)) for layer in ("domain", "application") for p in (ROOT / "src" / layer).rglob("*.py")
)


@pytest.mark.parametrize("module", [m for m in MODULES if m not in PENDING])
def test_no_message_writes_an_http_path(module: str) -> None:
    assert _paths_in_messages(ROOT / module) == []


def test_pending_modules_still_exist_and_still_need_it() -> None:
    """A module fixed (or gone) leaves PENDING, so the test above covers it from then on."""
    for module in PENDING:
        assert (ROOT / module).is_file() and _paths_in_messages(ROOT / module), module


@pytest.mark.parametrize("step", list(NextStep))
def test_every_front_end_says_how_to_take_every_step(step: NextStep) -> None:
    assert next_steps.API[step] and next_steps.CLI[step]
    assert "/api/v1" in next_steps.API[step] and "cinemai" in next_steps.CLI[step]


async def test_the_api_appends_the_route_and_the_message_itself_has_none() -> None:
    error = ProfileNotFoundError("no taste profile yet: upload a watch history first", next_step=NextStep.UPLOAD_HISTORY)
    assert "/api" not in error.message
    response = await _cinemai_error(None, error)  # type: ignore[arg-type]
    assert b"upload a watch history first (POST /api/v1/users/{id}/watch-history)" in response.body
    assert response.status_code == 404


def test_a_message_without_a_step_is_said_as_it_is() -> None:
    assert next_steps.with_next_step("no user 7", None, next_steps.CLI) == "no user 7"
    said = next_steps.with_next_step("no user 7: create one", NextStep.CREATE_USER, next_steps.CLI)
    assert said == "no user 7: create one (`cinemai users create`)"
    assert UserNotFoundError("x").next_step is None
