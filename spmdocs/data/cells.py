"""Cells of a worksheet read within bounds: sparse, merged ranges filled, invisible characters found.

:func:`read_sheet` never allocates the sheet's full grid: one stray cell at ``XFD1048576`` makes
Excel's dimensions 16 384 columns by a million rows, but only filled cells are kept, columns that
hold nothing are dropped, and empty rows below the heading area are skipped (their row numbers
are kept, so messages still name the row the clerk sees). A range merged in Excel (a daerah
name merged down over its twelve services, a heading merged across two columns) holds its value
in every cell it covers, as the clerk sees it.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from spmdocs.data.numbers import PercentCell

MAX_COLUMNS = 1_000
"""Most filled columns a sheet of SPM data may have."""

MAX_ROWS = 1_100_000
"""Most filled rows read from one sheet."""

MAX_MERGED_CELLS = 2_000_000
"""Most cells all merged ranges of a sheet may cover together."""

KEEP_EMPTY_ROWS = 30
"""Empty rows are kept in the first rows, where the heading is searched (a blank line under a title)."""


INVISIBLE_PATTERN = "[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
_INVISIBLE = re.compile(INVISIBLE_PATTERN)
"""Zero-width and direction marks, the soft hyphen, the BOM and control characters (not tab or line breaks)."""


class SheetTooLarge(ValueError):
    """A sheet holds more filled cells than SPM data can; the message is for a clerk."""


@contextmanager
def quiet():
    """openpyxl's warnings (unknown extensions, data validation, styles) kept off the clerk's screen."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def column_number(letters: str) -> int:
    """Excel's column letters as a 0-based index: A → 0, XFD → 16383."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number - 1


_MARKS = re.compile(rb'<(?:\w+:)?(mergeCell|row|col)\b([^>]*)>')
_MERGE = re.compile(rb'\bref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_ATTRIBUTE = re.compile(rb'\b(r|min|max)="(\d+)"')


@dataclass(frozen=True)
class SheetMarks:
    """What a sheet's XML says besides its cells, read in one pass: merged ranges (first row, first
    column, last row, last column, 0-based), the hidden rows (1-based sheet row numbers) and the
    hidden columns (0-based)."""

    merged: tuple[tuple[int, int, int, int], ...] = ()
    hidden_rows: frozenset[int] = frozenset()
    hidden_columns: frozenset[int] = frozenset()


def sheet_marks(path: Path | BinaryIO, member: str | None) -> SheetMarks:
    """The :class:`SheetMarks` of the sheet ``member`` of the workbook at ``path``, its XML read in
    1 MB chunks (none when the part cannot be read)."""
    if not member:
        return SheetMarks()
    merged, rows, columns = [], set(), set()
    tail = b""
    try:
        with zipfile.ZipFile(path) as archive, archive.open(member.lstrip("/")) as stream:
            while chunk := stream.read(1 << 20):
                text = tail + chunk
                cut = text.rfind(b"<")
                cut = len(text) if cut < 0 or b">" in text[cut:] else cut
                for tag, attributes in _MARKS.findall(text[:cut]):
                    if tag == b"mergeCell":
                        m = _MERGE.search(attributes)
                        if m:
                            last_col, last_row = (m[3], m[4]) if m[3] else (m[1], m[2])
                            merged.append((int(m[2]) - 1, column_number(m[1].decode()),
                                           int(last_row) - 1, column_number(last_col.decode())))
                    elif _HIDDEN.search(attributes):
                        numbers = {k.decode(): int(v) for k, v in _ATTRIBUTE.findall(attributes)}
                        if tag == b"row" and "r" in numbers:
                            rows.add(numbers["r"])
                        elif tag == b"col" and "min" in numbers:
                            last = min(numbers.get("max", numbers["min"]), numbers["min"] + MAX_COLUMNS)
                            columns.update(range(numbers["min"] - 1, last))
                tail = text[cut:]
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return SheetMarks()
    return SheetMarks(tuple(merged), frozenset(rows), frozenset(columns))


def read_sheet(worksheet, merged: list[tuple[int, int, int, int]] = ()) -> tuple[pd.DataFrame, np.ndarray, list[int]]:
    """(cells, source row number of each grid row, source column index of each grid column).

    ``worksheet`` is an openpyxl read-only worksheet; ``merged`` its merged ranges.
    """
    cells: dict[int, dict[int, object]] = {}
    filled = 0
    with quiet():
        for r, row in enumerate(worksheet.iter_rows()):
            values = {c: shown(cell.value, cell.number_format) for c, cell in enumerate(row)
                      if cell.value is not None and cell.value != ""}
            if values:
                cells[r] = values
                filled += 1
                if filled > MAX_ROWS:
                    raise SheetTooLarge(f"lembar ini berisi lebih dari {MAX_ROWS:,} baris terisi".replace(",", "."))
    return grid_of(cells, merged)


def shown(value, number_format) -> object:
    """A cell's value as the reader takes it: a number the sheet formats as a percentage (0,85 shown
    "85%") is a :class:`~spmdocs.data.numbers.PercentCell`, read as what the clerk sees."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and number_format and "%" in number_format \
            and '"%"' not in number_format and "\\%" not in number_format:
        return PercentCell(value)
    return value


def grid_of(cells: dict[int, dict[int, object]], merged=()) -> tuple[pd.DataFrame, np.ndarray, list[int]]:
    """:func:`read_sheet`'s result from the filled cells by 0-based row and column (changed in place)."""
    _fill_merged(cells, merged)
    columns = sorted({c for values in cells.values() for c in values})
    if len(columns) > MAX_COLUMNS:
        raise SheetTooLarge(f"lembar ini berisi {len(columns)} kolom terisi (lebih dari {MAX_COLUMNS}); hapus sel "
                            f"yang terisi jauh di kanan tabel (sel terakhir: kolom {_letters(columns[-1])})")
    last = max(cells, default=-1)
    rows = [r for r in range(min(last + 1, KEEP_EMPTY_ROWS))] + [r for r in sorted(cells) if r >= KEEP_EMPTY_ROWS]
    position = {c: i for i, c in enumerate(columns)}
    grid = np.full((len(rows), len(columns)), None, dtype=object)
    for i, r in enumerate(rows):
        for c, value in cells.get(r, {}).items():
            grid[i, position[c]] = value
    return pd.DataFrame(grid, dtype=object), np.asarray(rows, dtype="int64") + 1, columns


def _fill_merged(cells: dict[int, dict[int, object]], merged) -> None:
    """Every cell of a merged range gets the value of its top-left cell."""
    covered = 0
    for first_row, first_col, last_row, last_col in merged:
        value = cells.get(first_row, {}).get(first_col)
        if value is None:
            continue
        covered += (last_row - first_row + 1) * (last_col - first_col + 1)
        if covered > MAX_MERGED_CELLS:
            raise SheetTooLarge("sel gabungan (merge) lembar ini mencakup terlalu banyak sel; hapus gabungan yang "
                                "mencakup seluruh kolom atau baris")
        for r in range(first_row, last_row + 1):
            row = cells.setdefault(r, {})
            for c in range(first_col, last_col + 1):
                row.setdefault(c, value)


def column_letters(index: int) -> str:
    """Excel's letters of a 0-based column index (0 → A, 26 → AA)."""
    return _letters(index)


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def invisible(text: str) -> str | None:
    """The name of the first invisible character in ``text`` (``U+200B ZERO WIDTH SPACE``), or None."""
    found = _INVISIBLE.search(text)
    if not found:
        return None
    ch = found.group()
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'KARAKTER KENDALI')}"


def without_invisible(text: str) -> str:
    """``text`` without zero-width, direction and control characters."""
    return _INVISIBLE.sub("", text)
