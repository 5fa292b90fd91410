"""The layering holds, function-level imports included: every import of every module is checked."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "spmdocs"


def _imports(path: Path) -> set[str]:
    """Every module a source file imports, at any depth (top level, functions, branches)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _modules(*parts: str) -> list[Path]:
    base = PACKAGE.joinpath(*parts)
    return sorted(base.rglob("*.py")) if base.is_dir() else [base.with_suffix(".py")]


def _offending(paths: list[Path], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    bad = {}
    for path in paths:
        hits = sorted(name for name in _imports(path)
                      if any(name == f or name.startswith(f"{f}.") for f in forbidden))
        if hits:
            bad[path.name if not path.is_relative_to(PACKAGE) else str(path.relative_to(PACKAGE))] = hits
    return bad


@pytest.mark.parametrize("layer, forbidden", [
    (("model",), ("spmdocs", "pandas", "click", "docx", "reportlab")),
    (("errors",), ("click", "pandas")),
    (("sandbox",), ("spmdocs.narrative", "spmdocs.render", "pandas", "click")),
    (("render",), ("spmdocs.spm", "spmdocs.data", "spmdocs.narrative", "spmdocs.compose", "spmdocs.reports",
                   "spmdocs.pipeline", "spmdocs.batch", "pandas", "click")),
    (("compose",), ("spmdocs.render", "spmdocs.reports", "spmdocs.pipeline", "spmdocs.batch", "click")),
    (("spm",), ("spmdocs.render", "spmdocs.compose", "click")),
    (("data",), ("spmdocs.render", "spmdocs.compose", "click")),
    (("config",), ("spmdocs.render", "spmdocs.compose", "spmdocs.reports", "click")),
    (("reports",), ("click",)),
    (("pipeline",), ("click",)),
    (("batch",), ("click",)),
    (("api",), ("click",)),
])
def test_a_layer_imports_nothing_above_it(layer, forbidden):
    assert _offending(_modules(*layer), forbidden) == {}


def test_the_check_sees_function_level_imports(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("def f():\n    if True:\n        from spmdocs.spm import scoring\n", encoding="utf-8")
    assert _offending([source], ("spmdocs.spm",)) != {}
