"""User-facing failures: where a problem is, what it is, and the exit code it earns.

Every problem a clerk can cause (a bad YAML key, a bad cell in a data file, a broken template)
becomes a :class:`Problem` with a :class:`Location`. Problems of one run are collected and raised
together in one :class:`SpmdocsError` subclass, whose message is in Bahasa Indonesia and whose
exit code says what kind of failure it was (2: bad input, 1: a rendering or batch failure).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Location:
    """Where in a file a problem lies: data cell, YAML key or template element."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    key: str | None = None
    line: int | None = None
    part: str | None = None
    element: str | None = None

    def __str__(self) -> str:
        bits: list[str] = []
        if self.file:
            bits.append(f"berkas {self.file}")
        if self.sheet:
            bits.append(f"lembar '{self.sheet}'")
        if self.part:
            bits.append(f"bagian {self.part}")
        if self.element:
            bits.append(self.element)
        if self.key:
            bits.append(f"kunci '{self.key}'")
        if self.row is not None:
            bits.append(f"baris {self.row}")
        elif self.line is not None:
            bits.append(f"baris {self.line}")
        if self.column:
            bits.append(f"kolom '{self.column}'")
        return ", ".join(bits)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, with its location; warnings never stop a run."""

    message: str
    location: Location = Location()
    severity: Severity = "error"
    count: int = 1
    """How many problems this one stands for: a "masih ada N masalah serupa" line stands for N."""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        label = "GALAT" if self.is_error else "PERINGATAN"
        where = str(self.location)
        return f"{label}: {where}: {self.message}" if where else f"{label}: {self.message}"


def tally(problems: Iterable[Problem]) -> int:
    """How many problems ``problems`` stand for, the ones left out of a capped list included."""
    return sum(p.count for p in problems)


class SpmdocsError(Exception):
    """Base of every failure spmdocs reports to a user instead of a traceback.

    Front ends adapt it: the command line prints :meth:`format_message` and exits with
    :attr:`exit_code`; the web page shows :attr:`problems` as a table.
    """

    exit_code = 2
    headline = "Proses dihentikan"

    def __init__(self, problems: Iterable[Problem] | str, headline: str | None = None):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems: list[Problem] = list(problems)
        if headline:
            self.headline = headline
        super().__init__(self.format_message())

    @property
    def message(self) -> str:
        return self.format_message()

    def format_message(self) -> str:
        errors = [p for p in self.problems if p.is_error]
        warnings = [p for p in self.problems if not p.is_error]
        lines = [f"{self.headline}: {tally(errors)} galat, {tally(warnings)} peringatan."]
        lines.extend(f"  - {p}" for p in errors + warnings)
        return "\n".join(lines)


class ConfigError(SpmdocsError):
    """The YAML configuration is malformed, incomplete or refers to something missing."""

    headline = "Konfigurasi tidak valid"


class DataError(SpmdocsError):
    """An input data file cannot be read or breaks a validation rule."""

    headline = "Data tidak valid"


class TemplateError(SpmdocsError):
    """A narrative text or Word template cannot be rendered."""

    headline = "Templat tidak valid"


class RenderError(SpmdocsError):
    """An output document could not be written."""

    exit_code = 1
    headline = "Dokumen gagal dibuat"


def raise_if_errors(problems: Iterable[Problem], error_class: type[SpmdocsError]) -> None:
    """Raise ``error_class`` with all problems when at least one of them is an error."""
    problems = list(problems)
    if any(p.is_error for p in problems):
        raise error_class(problems)
