"""YAML reading that remembers where every key is, so a problem can name its file and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from spmdocs.errors import ConfigError, Location, Problem

MAX_CONFIG_BYTES = 5 * 1024 * 1024


@dataclass
class YamlSource:
    """Parsed YAML data plus the line of every key path (``("kop", "logo")`` → 12)."""

    path: Path
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, key_path: tuple) -> int | None:
        """The line of ``key_path`` or, failing that, of its nearest parent that has one."""
        key_path = tuple(key_path)
        while key_path:
            if key_path in self.lines:
                return self.lines[key_path]
            key_path = key_path[:-1]
        return None

    def location(self, key_path: tuple) -> Location:
        key = ".".join(str(k) for k in key_path) or None
        return Location(file=str(self.path), key=key, line=self.line_of(key_path))


def _walk(node: yaml.Node, path: tuple, lines: dict[tuple, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = path + (key_node.value,)
            lines[key_path] = key_node.start_mark.line + 1
            _walk(value_node, key_path, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1
            _walk(item, path + (index,), lines)


def _syntax_problem(path: Path, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    detail = getattr(exc, "problem", None) or str(exc)
    if "\\t" in str(detail) or "\t" in str(detail) or "tab" in str(detail).lower():
        message = "karakter tab dipakai untuk indentasi; YAML hanya menerima spasi"
    else:
        column = f", kolom {mark.column + 1}" if mark is not None else ""
        message = f"penulisan YAML tidak valid{column}: {detail}"
    return Problem(message, Location(file=str(path), line=line))


def read_yaml(path: Path | str) -> YamlSource:
    """Read a YAML file into data and key lines, or raise ConfigError naming file and line."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ConfigError([Problem("berkas konfigurasi tidak ditemukan", Location(file=str(path)))])
    except OSError as exc:
        raise ConfigError([Problem(f"berkas konfigurasi tidak dapat dibaca ({exc.strerror})",
                                   Location(file=str(path)))])
    if size > MAX_CONFIG_BYTES:
        raise ConfigError([Problem(
            f"berkas konfigurasi terlalu besar ({size // 1024 // 1024} MB; batas "
            f"{MAX_CONFIG_BYTES // 1024 // 1024} MB)", Location(file=str(path)))])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError([Problem("berkas konfigurasi harus berupa teks UTF-8",
                                   Location(file=str(path)))])
    except OSError as exc:
        raise ConfigError([Problem(f"berkas konfigurasi tidak dapat dibaca ({exc.strerror})",
                                   Location(file=str(path)))])
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError([_syntax_problem(path, exc)])
    lines: dict[tuple, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return YamlSource(path, data, lines)
