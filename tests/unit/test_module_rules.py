"""Two of the layout rules (CONTRIBUTING, issue 16): no module in src/ over 250 lines, and no
`type: ignore` in the composition root (src/composition, src/container.py)."""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
MAX_LINES = 250


def test_no_module_in_src_is_over_250_lines() -> None:
    sizes = {str(p.relative_to(SRC)): len(p.read_text(encoding="utf-8").splitlines()) for p in SRC.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def test_the_composition_root_has_no_type_ignore() -> None:
    root = [*(SRC / "composition").rglob("*.py"), SRC / "container.py"]
    assert [str(p.relative_to(SRC)) for p in root if "type: ignore" in p.read_text(encoding="utf-8")] == []
