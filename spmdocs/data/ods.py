"""OpenDocument spreadsheets (.ods, LibreOffice Calc and WPS) read within bounds.

``content.xml`` is streamed with the standard library's ``iterparse`` and every row is dropped
from the tree once read, so memory follows the filled cells, not the file: LibreOffice writes
the empty rows below a table as one row repeated a million times, and that costs nothing. The
rows come out as openpyxl gives them (numbers as int or float, dates as datetime, text with its
line breaks), so :mod:`spmdocs.data.cells` and the loader treat both kinds of workbook alike.
The caller checks the package with :mod:`spmdocs.zipcheck` first.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, iterparse

from spmdocs.data.numbers import PercentCell

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
OPENDOCUMENT = "application/vnd.oasis.opendocument."

_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"

_SHEET = f"{{{_TABLE}}}table"
_ROW = f"{{{_TABLE}}}table-row"
_CELL = f"{{{_TABLE}}}table-cell"
_COVERED = f"{{{_TABLE}}}covered-table-cell"
_NAME = f"{{{_TABLE}}}name"
_STYLE_NAME = f"{{{_TABLE}}}style-name"
_ROWS_REPEATED = f"{{{_TABLE}}}number-rows-repeated"
_COLUMNS_REPEATED = f"{{{_TABLE}}}number-columns-repeated"
_COLUMNS_SPANNED = f"{{{_TABLE}}}number-columns-spanned"
_ROWS_SPANNED = f"{{{_TABLE}}}number-rows-spanned"
_VALUE_TYPE = f"{{{_OFFICE}}}value-type"
_VALUE = f"{{{_OFFICE}}}value"
_DATE_VALUE = f"{{{_OFFICE}}}date-value"
_BOOLEAN_VALUE = f"{{{_OFFICE}}}boolean-value"
_STRING_VALUE = f"{{{_OFFICE}}}string-value"
_STYLE_ELEMENT = f"{{{_STYLE}}}style"
_STYLE_ELEMENT_NAME = f"{{{_STYLE}}}name"
_TABLE_PROPERTIES = f"{{{_STYLE}}}table-properties"
_DISPLAY = f"{{{_TABLE}}}display"
_P = f"{{{_TEXT}}}p"
_SPACES = f"{{{_TEXT}}}s"
_SPACE_COUNT = f"{{{_TEXT}}}c"
_TAB = f"{{{_TEXT}}}tab"
_LINE_BREAK = f"{{{_TEXT}}}line-break"

_INTEGER = re.compile(r"[+-]?\d{1,18}")


class Unreadable(ValueError):
    """The package is no spreadsheet this reader can take; the message is for a clerk."""


class TooLarge(ValueError):
    """A sheet holds more than SPM data can (too many rows, columns or merged cells)."""

    def __init__(self, message: str, sheet: str):
        super().__init__(message)
        self.sheet = sheet


@dataclass
class Sheet:
    """One table of the workbook: its filled cells by 0-based row and column.

    ``complete`` is False for a sheet of which only the first ``head_rows`` rows were kept.
    """

    title: str
    hidden: bool
    rows: dict[int, dict[int, object]] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    complete: bool = True

    def head(self, count: int, columns: int) -> list[tuple]:
        """The first ``count`` rows as tuples of at most ``columns`` values (None where empty)."""
        out = []
        for r in range(count):
            values = self.rows.get(r, {})
            width = min(max(values, default=-1) + 1, columns)
            out.append(tuple(values.get(c) for c in range(width)))
        return out


def mimetype(path: Path) -> str | None:
    """The OpenDocument media type a ZIP package declares, or None (an OOXML or other ZIP)."""
    try:
        with zipfile.ZipFile(path) as archive:
            if "mimetype" not in archive.namelist():
                return None
            with archive.open("mimetype") as stream:
                return stream.read(200).decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError):
        return None


def encrypted(path: Path) -> bool:
    """Whether the package's parts are encrypted (saved with a password): its manifest says so."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("META-INF/manifest.xml") as stream:
            return b"encryption-data" in stream.read(1 << 20)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def read(path: Path, full: callable, head_rows: int, max_rows: int, max_columns: int) -> list[Sheet]:
    """Every sheet of the workbook at ``path``, in order.

    ``full(title, hidden)`` says whether a sheet is read whole; the others keep their first
    ``head_rows`` rows (enough to find their headings). A whole sheet may hold ``max_rows``
    filled rows and cells in ``max_columns`` columns; beyond that :class:`TooLarge`.
    """
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as stream:
            return _Reader(full, head_rows, max_rows, max_columns).read(stream)
    except KeyError:
        raise Unreadable("bagian content.xml tidak ada") from None
    except (zipfile.BadZipFile, ParseError, OSError, EOFError, ValueError) as exc:
        if isinstance(exc, TooLarge):
            raise
        raise Unreadable("isinya tidak dapat dibaca sampai selesai") from exc


class _Reader:
    def __init__(self, full, head_rows: int, max_rows: int, max_columns: int):
        self.full, self.head_rows = full, head_rows
        self.max_rows, self.max_columns = max_rows, max_columns
        self.hidden_styles: set[str] = set()
        self.sheets: list[Sheet] = []

    def read(self, stream) -> list[Sheet]:
        parents: list[Element] = []
        sheet: Sheet | None = None
        row = 0
        for event, element in iterparse(stream, events=("start", "end")):
            if event == "start":
                if element.tag == _SHEET:
                    title = element.get(_NAME) or f"Sheet{len(self.sheets) + 1}"
                    hidden = element.get(_STYLE_NAME) in self.hidden_styles
                    sheet = Sheet(title, hidden, complete=bool(self.full(title, hidden)))
                    self.sheets.append(sheet)
                    row = 0
                parents.append(element)
                continue
            parents.pop()
            if element.tag == _STYLE_ELEMENT:
                self._style(element)
            elif element.tag == _ROW and sheet is not None:
                row = self._row(sheet, element, row)
                if parents:
                    parents[-1].remove(element)
            elif element.tag == _SHEET:
                sheet = None
                element.clear()
        return self.sheets

    def _style(self, element: Element) -> None:
        properties = element.find(_TABLE_PROPERTIES)
        if properties is not None and properties.get(_DISPLAY) == "false":
            self.hidden_styles.add(element.get(_STYLE_ELEMENT_NAME, ""))

    def _row(self, sheet: Sheet, element: Element, row: int) -> int:
        """Record one ``table:table-row`` starting at 0-based ``row``; the next row's index."""
        repeat = _count(element.get(_ROWS_REPEATED))
        limit = None if sheet.complete else self.head_rows
        if limit is not None and row >= limit:
            return row + repeat
        values: dict[int, object] = {}
        column = 0
        for cell in element:
            if cell.tag not in (_CELL, _COVERED):
                continue
            times = _count(cell.get(_COLUMNS_REPEATED))
            value = _value(cell) if cell.tag == _CELL else None
            if value is not None:
                for c in range(column, min(column + times, self.max_columns + column + 1)):
                    values[c] = value
                if len(values) > self.max_columns:
                    raise TooLarge(f"lembar ini berisi lebih dari {self.max_columns} kolom terisi", sheet.title)
                across, down = _count(cell.get(_COLUMNS_SPANNED)), _count(cell.get(_ROWS_SPANNED))
                if across > 1 or down > 1:
                    sheet.merged.append((row, column, row + down - 1, column + across - 1))
            column += times
        if values:
            end = row + repeat if limit is None else min(row + repeat, limit)
            if len(sheet.rows) + end - row > self.max_rows:  # refused before a repeat is expanded
                raise TooLarge(f"lembar ini berisi lebih dari {self.max_rows:,} baris terisi".replace(",", "."),
                               sheet.title)
            for r in range(row, end):
                sheet.rows[r] = dict(values) if repeat > 1 else values
        return row + repeat


def _count(text: str | None) -> int:
    """A repeat or span attribute: a positive whole number (1 when absent or malformed)."""
    if text is None or not text.isdigit():
        return 1
    return max(int(text), 1)


def _value(cell: Element):
    """The cell's value as openpyxl gives it, or None for an empty cell."""
    kind = cell.get(_VALUE_TYPE)
    if kind in ("float", "percentage", "currency"):
        raw = cell.get(_VALUE, "")
        try:
            number = int(raw) if _INTEGER.fullmatch(raw) else float(raw)
        except ValueError:
            return _text(cell) or None
        return PercentCell(number) if kind == "percentage" else number
    if kind == "date":
        raw = cell.get(_DATE_VALUE, "")
        try:
            return datetime.fromisoformat(raw[:19])
        except ValueError:
            return _text(cell) or None
    if kind == "boolean":
        return cell.get(_BOOLEAN_VALUE, "").lower() == "true"
    text = cell.get(_STRING_VALUE) if kind == "string" and cell.get(_STRING_VALUE) is not None else _text(cell)
    return text if text else None


def _text(cell: Element) -> str:
    """The text a cell shows: its paragraphs on separate lines, spaces and tabs as written.

    Only the cell's own paragraphs: a comment (``office:annotation``) is not its text.
    """
    return "\n".join(_inline(p) for p in cell if p.tag == _P)


def _inline(element: Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == _SPACES:
            parts.append(" " * min(_count(child.get(_SPACE_COUNT)), 1000))
        elif child.tag == _TAB:
            parts.append("\t")
        elif child.tag == _LINE_BREAK:
            parts.append("\n")
        elif child.tag != _P:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)
