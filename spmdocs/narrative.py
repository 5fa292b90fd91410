"""Narrative text from config: Jinja in a sandbox, with scored figures and Indonesian filters.

Clerks write sentences such as ``Indeks SPM {{ daerah.nama }} sebesar {{ indeks.daerah | persen }}``.
The environment is sandboxed (no access to Python internals) and strict (a figure that does not
exist is an error naming the YAML key and line, never a silent blank). Problems are collected so a
run reports them all together.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import StrictUndefined, TemplateError as JinjaTemplateError, TemplateSyntaxError
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from spmdocs.errors import Location, Problem
from spmdocs.fmt import FILTERS
from spmdocs.yamlsrc import YamlSource

_UNDEFINED = (re.compile(r"has no attribute '([^']+)'"), re.compile(r"'([^']+)' is undefined"),
              re.compile(r"no element '?([^']+)'?"))


MAX_TEXT_LENGTH = 100_000
"""Longest text or list a narrative may build with ``*`` (a sentence repeated into gigabytes is refused)."""


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, also refusing ``*`` and ``**`` whose result would exhaust memory or time."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator: str, left, right):
        if operator == "**":
            if isinstance(right, (int, float)) and abs(right) > 100 and abs(left) > 1:
                raise SecurityError("pangkat terlalu besar")
        else:
            for sized, count in ((left, right), (right, left)):
                if isinstance(sized, (str, list, tuple)) and isinstance(count, int) \
                        and len(sized) * count > MAX_TEXT_LENGTH:
                    raise SecurityError("teks atau daftar yang dibuat terlalu panjang")
        return super().call_binop(context, operator, left, right)


@lru_cache(maxsize=1)
def environment() -> ImmutableSandboxedEnvironment:
    """The one sandboxed, strict Jinja environment every narrative is rendered in."""
    env = BoundedSandbox(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
    env.filters.update(FILTERS)
    return env


@lru_cache(maxsize=1024)
def compiled(text: str):
    """The compiled template of a narrative text; the same texts recur in every section and unit."""
    return environment().from_string(text)


_SYNTAX = (
    (re.compile(r"expected token 'end of print statement', got '([^']*)'"),
     "penanda {{{{ … }}}} belum ditutup dengan }}}} sebelum '{0}'"),
    (re.compile(r"unexpected end of template, expected 'end of print statement'"),
     "penanda {{{{ … }}}} tidak ditutup dengan }}}}"),
    (re.compile(r"(?i)unexpected end of template.*innermost block that needs to be closed is '(\w+)'"),
     "blok {{% {0} %}} tidak ditutup; tambahkan {{% end{0} %}}"),
    (re.compile(r"Encountered unknown tag '(end\w+)'"), "{{% {0} %}} tanpa pembuka yang sesuai"),
    (re.compile(r"Encountered unknown tag '(\w+)'"), "perintah {{% {0} %}} tidak dikenal"),
    (re.compile(r"unexpected char (.+) at \d+"), "karakter {0} tidak diharapkan (tanda kutip tidak ditutup?)"),
    (re.compile(r"Expected an expression, got"), "ungkapan (nama data) hilang di dalam penanda"),
    (re.compile(r"expected token 'name', got"), "nama filter hilang setelah tanda |"),
    (re.compile(r"unexpected '(.)'"), "tanda '{0}' tidak diharapkan; periksa pasangan kurung"),
    (re.compile(r"Missing end of comment tag"), "komentar {{# … #}} tidak ditutup"),
    (re.compile(r"No filter named '([^']+)'"), "filter '{0}' tidak dikenal"),
)


def syntax_reason(message: str) -> str:
    """A Jinja syntax error message in Bahasa Indonesia (the original when it is not a common one)."""
    for pattern, text in _SYNTAX:
        found = pattern.search(message)
        if found:
            return text.format(*found.groups())
    return message


def _undefined_name(message: str) -> str:
    for pattern in _UNDEFINED:
        found = pattern.search(message)
        if found:
            return found.group(1)
    return message


class NarrativeRenderer:
    """Renders narrative texts against one context and collects every problem met."""

    def __init__(self, context: dict, src: YamlSource | None = None, default_source: str = ""):
        self.context = context
        self.src = src
        self.default_source = default_source
        self.problems: list[Problem] = []

    def _location(self, key_path: tuple, from_config: bool, lineno: int | None) -> Location:
        key = ".".join(str(k) for k in key_path)
        if from_config and self.src is not None:
            base = self.src.line_of(key_path)
            line = base + lineno if base is not None and lineno is not None else base
            return Location(file=str(self.src.path), key=key, line=line)
        return Location(file=self.default_source or None, key=key, line=lineno)

    def render(self, text: str, key_path: tuple, from_config: bool = True,
               extra: dict | None = None) -> str:
        """``text`` rendered; on a problem, the problem is recorded and "" returned."""
        context = {**self.context, **(extra or {})}
        try:
            return compiled(text).render(context).strip()
        except TemplateSyntaxError as exc:
            message = f"penulisan templat narasi tidak valid: {syntax_reason(exc.message or '')}"
            self.problems.append(Problem(message, self._location(key_path, from_config, exc.lineno)))
        except SecurityError as exc:
            message = ("templat narasi mencoba mengakses bagian internal Python; diblokir"
                       if "unsafe" in str(exc) or "access" in str(exc) else f"templat narasi diblokir: {exc}")
            self.problems.append(Problem(message, self._location(key_path, from_config, None)))
        except UndefinedError as exc:
            name = _undefined_name(str(exc))
            message = f"templat narasi merujuk ke '{name}' yang tidak ada dalam data laporan"
            self.problems.append(Problem(message, self._location(key_path, from_config, None)))
        except MemoryError:
            message = "templat narasi menghasilkan teks terlalu besar"
            self.problems.append(Problem(message, self._location(key_path, from_config, None)))
        except ZeroDivisionError:
            message = "templat narasi membagi dengan nol; periksa angka penyebutnya"
            self.problems.append(Problem(message, self._location(key_path, from_config, None)))
        except OverflowError:
            message = "templat narasi menghasilkan angka atau rentang (range) terlalu besar"
            self.problems.append(Problem(message, self._location(key_path, from_config, None)))
        except (JinjaTemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
            message = f"templat narasi gagal diisi: {exc}"
            self.problems.append(Problem(message, self._location(key_path, from_config, None)))
        return ""


def paragraphs(text: str) -> list[str]:
    """Split rendered narrative into paragraphs at blank lines, joining wrapped lines."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return [" ".join(line.strip() for line in block.splitlines()) for block in blocks if block.strip()]
