"""YAML reading that remembers where every key is, so a problem can name its file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from spmdocs.errors import ConfigError, Location, Problem
from spmdocs.fileio import os_reason

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


MAX_EXPANDED_NODES = 200_000
"""Values a config may hold once YAML aliases (``*nama``) are expanded; more is an alias bomb."""


def _walk(node: yaml.Node, path: tuple, lines: dict[tuple, int], seen: set[int],
          problems: list[tuple[tuple, int, str]]) -> None:
    """Record the line of every key path, once per node (an aliased node is not walked again).

    Keys written twice in one mapping are collected in ``problems`` (YAML would keep the last
    silently).
    """
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        first: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # a list or mapping as a key: PyYAML itself refuses it, with its line
            key_path = path + (key_node.value,)
            line = key_node.start_mark.line + 1
            if key_node.value in first and key_node.value != "<<":
                problems.append((key_path, line, f"kunci ditulis dua kali (juga di baris "
                                                 f"{first[key_node.value]}); hapus salah satunya"))
            first.setdefault(key_node.value, line)
            lines.setdefault(key_path, line)
            _walk(value_node, key_path, lines, seen, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.setdefault(path + (index,), item.start_mark.line + 1)
            _walk(item, path + (index,), lines, seen, problems)


def _expanded_size(node: yaml.Node, sizes: dict[int, int], active: set[int]) -> int:
    """How many values ``node`` holds with every alias expanded; ValueError on a cycle."""
    if id(node) in sizes:
        return sizes[id(node)]
    if id(node) in active:
        raise ValueError(node.start_mark.line + 1)
    active.add(id(node))
    children = ([n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode)
                else node.value if isinstance(node, yaml.SequenceNode) else [])
    total = 1
    for child in children:
        total += _expanded_size(child, sizes, active)
        if total > MAX_EXPANDED_NODES:
            break
    active.discard(id(node))
    sizes[id(node)] = total
    return total


def _alias_problem(path: Path, node: yaml.Node) -> Problem | None:
    """A self-referencing alias or an alias bomb (a few lines expanding to millions of values)."""
    try:
        size = _expanded_size(node, {}, set())
    except ValueError as exc:
        return Problem("alias YAML (*nama) berada di dalam jangkar (&nama) yang dirujuknya sendiri, sehingga "
                       "melingkar; salin isinya alih-alih merujuk", Location(file=str(path), line=exc.args[0]))
    except RecursionError:
        return Problem("susunan YAML terlalu dalam bertingkat", Location(file=str(path)))
    if size > MAX_EXPANDED_NODES:
        return Problem(f"konfigurasi terlalu besar setelah alias YAML (*nama) dijabarkan (lebih dari "
                       f"{MAX_EXPANDED_NODES:,} nilai)".replace(",", "."), Location(file=str(path)))
    return None


_SYNTAX_HINTS = (
    ("mapping values are not allowed", "titik dua (:) di tempat yang tidak semestinya; beri tanda kutip "
                                       "pada teks yang memuat \": \" atau periksa indentasi"),
    ("could not find expected ':'", "tanda titik dua (:) setelah nama kunci tidak ditemukan"),
    ("expected <block end>", "indentasi tidak konsisten; kunci yang setingkat harus sejajar"),
    ("did not find expected key", "indentasi tidak konsisten; kunci yang setingkat harus sejajar"),
    ("did not find expected '-'", "indentasi daftar tidak konsisten; butir daftar (-) harus sejajar"),
    ("unexpected end of stream", "tanda kutip tidak ditutup"),
    ("expected ',' or ']'", "kurung siku [ tidak ditutup dengan ]"),
    ("expected ',' or '}'", "kurung kurawal { tidak ditutup dengan }"),
    ("undefined alias", "alias YAML (*nama) tanpa jangkar (&nama) yang sesuai"),
    ("could not determine a constructor", "tag YAML (!!...) tidak didukung; hapus tagnya"),
    ("found character", "karakter yang tidak boleh mengawali nilai; beri tanda kutip pada nilainya"),
    ("control characters are not allowed", "berkas memuat karakter kendali yang tidak sah"),
    ("unhashable key", "nama kunci harus berupa teks, bukan daftar atau pemetaan"),
    ("escape", "urutan garis miring terbalik (\\) yang tidak dikenal di dalam tanda kutip ganda; tulis \\\\ "
               "untuk garis miring terbalik, atau pakai tanda kutip tunggal"),
    ("expected alphabetic or numeric character", "nama jangkar (&nama) atau alias (*nama) kosong atau tidak sah; "
                                                 "beri tanda kutip pada nilai yang memuat & atau *"),
    ("tag handle", "tag YAML (!...) tidak dikenal; hapus tagnya atau beri tanda kutip pada nilainya"),
    ("mapping keys are not allowed", "tanda tanya (?) di awal nilai; beri tanda kutip pada nilainya"),
    ("another document", "berkas hanya boleh memuat satu dokumen YAML; hapus pemisah --- yang kedua"),
    ("document start", "berkas hanya boleh memuat satu dokumen YAML tanpa direktif (%); hapus baris yang diawali %"),
    ("directive", "direktif YAML (%) tidak didukung; hapus baris yang diawali %"),
    ("chomping or indentation", "penanda teks blok (| atau >) hanya boleh diikuti +, - atau satu angka 1-9"),
    ("block scalar", "teks blok (| atau >) tidak ditulis dengan benar; periksa indentasinya"),
)
_SYNTAX_FALLBACK = "susunan YAML tidak dapat dibaca di sini; periksa tanda kutip, titik dua dan indentasinya"
"""Said for any PyYAML complaint not in :data:`_SYNTAX_HINTS` (its own text is English)."""


_OPEN_QUOTE = re.compile(r"""^[^#'"]*:\s+(["'])(?:(?!\1).)*$""")


def _open_quote_line(text: str, before: int) -> int | None:
    """The first line before ``before`` whose value opens a quote it does not close on that line."""
    for number, line in enumerate(text.splitlines()[:before], 1):
        if _OPEN_QUOTE.match(line):
            return number
    return None


def _syntax_problem(path: Path, exc: yaml.YAMLError, text: str = "") -> Problem:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    detail = str(getattr(exc, "problem", None) or exc)
    if "\\t" in detail or "\t" in detail or "tab" in detail.lower():
        return Problem("karakter tab dipakai untuk indentasi; YAML hanya menerima spasi",
                       Location(file=str(path), line=line))
    hint = next((text for fragment, text in _SYNTAX_HINTS if fragment in detail), None)
    column = f", kolom {mark.column + 1}" if mark is not None else ""
    message = f"penulisan YAML tidak valid{column}: {hint or _SYNTAX_FALLBACK}"
    context = getattr(exc, "context_mark", None)
    opened = _open_quote_line(text, line) if line else None
    if opened is not None:
        message += f"; periksa tanda kutip di baris {opened} yang tidak ditutup"
    elif context is not None and mark is not None and context.line != mark.line:
        message += f" (bagian yang bermasalah dimulai di baris {context.line + 1})"
    return Problem(message, Location(file=str(path), line=line))


def _bad_date(path: Path, root: yaml.Node) -> Problem:
    """The first date-like value that is no calendar date (2026-02-30), which PyYAML cannot build."""
    constructor = yaml.SafeLoader("")
    pending = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
            try:
                constructor.construct_yaml_timestamp(node)
            except (ValueError, OverflowError):
                return Problem(f"tanggal '{node.value}' tidak ada di kalender; tulis tanggal yang benar sebagai "
                               "TTTT-BB-HH", Location(file=str(path), line=node.start_mark.line + 1))
        elif isinstance(node, yaml.MappingNode):
            pending.extend(n for pair in reversed(node.value) for n in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(reversed(node.value))
    return Problem("nilai tidak dapat dibaca", Location(file=str(path)))


def read_yaml(path: Path | str) -> YamlSource:
    """Read a YAML file into data and key lines, or raise ConfigError naming file and line."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ConfigError([Problem("berkas konfigurasi tidak ditemukan", Location(file=str(path)))])
    except OSError as exc:
        raise ConfigError([Problem(f"berkas konfigurasi tidak dapat dibaca ({os_reason(exc)})",
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
        raise ConfigError([Problem(f"berkas konfigurasi tidak dapat dibaca ({os_reason(exc)})",
                                   Location(file=str(path)))])
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ConfigError([_syntax_problem(path, exc, text)])
    except RecursionError:
        raise ConfigError([Problem("susunan YAML terlalu dalam bertingkat", Location(file=str(path)))])
    except (ValueError, OverflowError):  # "\UFFFFFFFF": an escape past the last Unicode character
        line = next((n for n, t in enumerate(text.splitlines(), 1) if re.search(r"\\[Uu][0-9A-Fa-f]", t)), None)
        raise ConfigError([Problem("urutan \\U atau \\u di dalam tanda kutip ganda bukan karakter Unicode yang sah "
                                   "(paling besar \\U0010FFFF)", Location(file=str(path), line=line))])
    lines: dict[tuple, int] = {}
    if node is not None:
        alias = _alias_problem(path, node)
        if alias is not None:
            raise ConfigError([alias])
        duplicates: list[tuple[tuple, int, str]] = []
        _walk(node, (), lines, set(), duplicates)
        if duplicates:
            raise ConfigError([Problem(message, Location(file=str(path), key=".".join(map(str, key)), line=line))
                               for key, line, message in duplicates])
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError([_syntax_problem(path, exc, text)])
    except (ValueError, OverflowError):
        raise ConfigError([_bad_date(path, node)])
    except RecursionError:
        raise ConfigError([Problem("susunan YAML terlalu dalam bertingkat", Location(file=str(path)))])
    return YamlSource(path, data, lines)
