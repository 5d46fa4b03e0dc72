"""Layout rules (CONTRIBUTING): no module in src/ over 250 lines, no `type: ignore` in the composition root
(src/composition, src/container.py), and routes take the awaited Provide marker."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
MAX_LINES = 250


def test_no_module_in_src_is_over_250_lines() -> None:
    sizes = {str(p.relative_to(SRC)): len(p.read_text(encoding="utf-8").splitlines()) for p in SRC.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def test_the_composition_root_has_no_type_ignore() -> None:
    root = [*(SRC / "composition").rglob("*.py"), SRC / "container.py"]
    assert [str(p.relative_to(SRC)) for p in root if "type: ignore" in p.read_text(encoding="utf-8")] == []


def test_routes_take_the_awaited_provide_marker() -> None:
    """dependency-injector's own Provide in a route is a threadpool round trip per request (FastAPI runs a
    sync dependency there); src/presentation/api/provide.py's is awaited inline."""
    api = SRC / "presentation" / "api"
    texts = {str(p.relative_to(SRC)): p.read_text(encoding="utf-8") for p in api.rglob("*.py") if p.name != "provide.py"}
    offenders = [name for name, text in texts.items() if re.search(r"wiring import .*\bProvide\b", text)]
    assert offenders == []
