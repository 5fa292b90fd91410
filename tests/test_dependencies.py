"""Every package spmdocs imports is declared in pyproject.toml, and every declared one is used."""

from __future__ import annotations

import ast
import functools
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_ONLY = {"rl_accel"}
"""Declared but never imported by name: ReportLab's C accelerators, loaded by ReportLab itself."""


def _top_level_imports() -> set[str]:
    names = set()
    for path in (ROOT / "spmdocs").rglob("*.py"):
        if path.name == "_uno_export.py":  # runs in LibreOffice's own Python, with its UNO modules
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"spmdocs"}


RUNTIME_EXTRAS = ("dask",)
"""Optional extras of the package itself (not of its tests): imported only when their feature is used."""


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")
            for requirement in requirements}


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [r for name in RUNTIME_EXTRAS for r in project["optional-dependencies"][name]]
    return _names(project["dependencies"] + extras)


def test_the_test_extra_installs_every_runtime_extra():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert _names([r for name in RUNTIME_EXTRAS for r in extras[name]]) <= _names(extras["test"])


@functools.cache
def _distributions() -> dict[str, list[str]]:
    return metadata.packages_distributions()


def _distribution(module: str) -> str:
    return _distributions()[module][0].lower().replace("_", "-")


def test_every_imported_package_is_declared():
    undeclared = {module for module in _top_level_imports() if _distribution(module) not in _declared()}
    assert undeclared == set()


def test_every_declared_package_is_imported():
    used = {_distribution(module) for module in _top_level_imports()} | RUNTIME_ONLY
    assert {name for name in _declared() if name.replace("-", "_") not in {u.replace("-", "_") for u in used}} \
        == set()


def test_every_declared_package_has_an_upper_bound():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    assert [r for r in requirements if "<" not in r] == []
