"""Collect data problems, capping repeats of one rule in one column so a bad file stays readable."""

from __future__ import annotations

from collections import Counter
from typing import Hashable

from spmdocs.errors import Location, Problem, Severity

MAX_PER_RULE = 20


def cell_of(location: Location) -> tuple:
    """(file, sheet, row, column): the key of one cell, for "already reported" checks."""
    return location.file, location.sheet, location.row, location.column


class ProblemCollector:
    """Gather :class:`Problem` objects in order; after ``limit`` of one group, only count them.

    ``limit`` None keeps every problem (the web page lists them all and marks each cell).

    A group is any hashable the caller chooses, usually (rule, file, sheet, column). The count of
    problems left out is reported as one extra problem per group by :meth:`finish`.
    ``error_cells`` holds every cell with an error, shown or not, so a later rule can skip it.
    """

    def __init__(self, limit: int | None = MAX_PER_RULE):
        self.limit = limit
        self.problems: list[Problem] = []
        self.error_cells: set[tuple] = set()
        self._counts: Counter[Hashable] = Counter()
        self._overflow: dict[Hashable, tuple[Location, Severity]] = {}

    def add(self, message: str, location: Location = Location(), severity: Severity = "error",
            group: Hashable | None = None) -> None:
        if severity == "error" and location.row is not None:
            self.error_cells.add(cell_of(location))
        if group is not None:
            self._counts[group] += 1
            if self.limit is not None and self._counts[group] > self.limit:
                self._overflow.setdefault(group, (Location(location.file, location.sheet,
                                                           column=location.column), severity))
                return
        self.problems.append(Problem(message, location, severity))

    def count(self, group: Hashable) -> int:
        """How many problems of ``group`` were added so far, shown or not."""
        return self._counts[group]

    def finish(self) -> list[Problem]:
        """All problems, plus one line per capped group saying how many were left out."""
        for group, (location, severity) in self._overflow.items():
            hidden = self._counts[group] - self.limit
            self.problems.append(Problem(
                f"masih ada {hidden} masalah serupa lainnya yang tidak ditampilkan; perbaiki yang "
                "di atas lalu jalankan lagi", location, severity, hidden))
        self._overflow.clear()
        return self.problems
