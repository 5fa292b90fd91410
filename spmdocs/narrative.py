"""Narrative text from config: Jinja in a sandbox, with scored figures and Indonesian filters.

Clerks write sentences such as ``Indeks SPM {{ daerah.nama }} sebesar {{ indeks.daerah | persen }}``.
The environment is sandboxed (no access to Python internals) and strict (a figure that does not
exist is an error naming the YAML key and line, never a silent blank). Problems are collected so a
run reports them all together.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from jinja2 import TemplateError as JinjaTemplateError, TemplateSyntaxError
from jinja2.exceptions import SecurityError, UndefinedError

from spmdocs.errors import Location, Problem
from spmdocs.sandbox import Exhausted, compiled, runtime_reason, syntax_reason
from spmdocs.yamlsrc import YamlSource

_UNDEFINED = (re.compile(r"has no attribute '([^']+)'"), re.compile(r"'([^']+)' is undefined"),
              re.compile(r"no element '?([^']+)'?"))


_RECORDING: ContextVar[list | None] = ContextVar("spmdocs_narrative_recording", default=None)


@contextmanager
def recording() -> Iterator[list["NarrativeRenderer"]]:
    """Every renderer made in this thread inside the block, each keeping what it rendered.

    A preview (the web page's live narrative preview) runs the real pipeline inside the block and
    then renders a clerk's draft text with the same context and extra figures as the document.
    """
    made: list[NarrativeRenderer] = []
    token = _RECORDING.set(made)
    try:
        yield made
    finally:
        _RECORDING.reset(token)


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
        self.extras: dict[tuple, dict | None] | None = None
        made = _RECORDING.get()
        if made is not None:
            self.extras = {}
            made.append(self)

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
        if self.extras is not None:
            self.extras[tuple(key_path)] = extra
        context = {**self.context, **(extra or {})}
        try:
            return compiled(text).render(context).strip()
        except TemplateSyntaxError as exc:
            message = f"penulisan templat narasi tidak valid: {syntax_reason(exc.message or '')}"
            self.problems.append(Problem(message, self._location(key_path, from_config, exc.lineno)))
        except UndefinedError as exc:
            name = _undefined_name(str(exc))
            message = f"templat narasi merujuk ke '{name}' yang tidak ada dalam data laporan"
            self.problems.append(Problem(message, self._location(key_path, from_config, None)))
        except SecurityError as exc:
            message = (f"templat narasi diblokir: {runtime_reason(exc)}" if isinstance(exc, Exhausted)
                       else "templat narasi mencoba mengakses bagian internal Python; diblokir")
            self.problems.append(Problem(message, self._location(key_path, from_config, None)))
        except (JinjaTemplateError, ArithmeticError, LookupError, TypeError, ValueError, MemoryError,
                RecursionError) as exc:
            message = f"templat narasi gagal diisi: {runtime_reason(exc)}"
            self.problems.append(Problem(message, self._location(key_path, from_config, None)))
        return ""


def paragraphs(text: str) -> list[str]:
    """Split rendered narrative into paragraphs at blank lines, joining wrapped lines."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return [" ".join(line.strip() for line in block.splitlines()) for block in blocks if block.strip()]
