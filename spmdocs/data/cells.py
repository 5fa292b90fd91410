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
from pathlib import Path
from typing import BinaryIO, Iterator

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

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')

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


def _scan(path: Path | BinaryIO, member: str, pattern: re.Pattern) -> Iterator[re.Match]:
    """Every match of ``pattern`` (one XML tag) in a sheet's XML, read in 1 MB chunks."""
    tail = b""
    with zipfile.ZipFile(path) as archive, archive.open(member.lstrip("/")) as stream:
        while chunk := stream.read(1 << 20):
            text = tail + chunk
            cut = text.rfind(b"<")
            cut = len(text) if cut < 0 or b">" in text[cut:] else cut
            yield from pattern.finditer(text[:cut])
            tail = text[cut:]


def merged_ranges(path: Path | BinaryIO, member: str | None) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column), 0-based, of every merged range of a sheet."""
    if not member:
        return []
    found = []
    try:
        for m in _scan(path, member, _MERGE):
            last_col, last_row = (m[3], m[4]) if m[3] else (m[1], m[2])
            found.append((int(m[2]) - 1, column_number(m[1].decode()),
                          int(last_row) - 1, column_number(last_col.decode())))
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return []
    return found


_ROW_OR_COL = re.compile(rb'<(?:\w+:)?(row|col)\b([^>]*)>')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_ATTRIBUTE = re.compile(rb'\b(r|min|max)="(\d+)"')


def hidden_parts(path: Path | BinaryIO, member: str | None) -> tuple[frozenset[int], frozenset[int]]:
    """(sheet row numbers, 1-based; column indices, 0-based) a sheet hides."""
    rows: set[int] = set()
    columns: set[int] = set()
    if not member:
        return frozenset(), frozenset()
    try:
        for m in _scan(path, member, _ROW_OR_COL):
            if not _HIDDEN.search(m[2]):
                continue
            numbers = {k.decode(): int(v) for k, v in _ATTRIBUTE.findall(m[2])}
            if m[1] == b"row" and "r" in numbers:
                rows.add(numbers["r"])
            elif m[1] == b"col" and "min" in numbers:
                last = min(numbers.get("max", numbers["min"]), numbers["min"] + MAX_COLUMNS)
                columns.update(range(numbers["min"] - 1, last))
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return frozenset(), frozenset()
    return frozenset(rows), frozenset(columns)


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
