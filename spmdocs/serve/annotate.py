"""The clerk's own workbook handed back with every problem cell coloured and commented.

Errors are filled red, warnings yellow, and each marked cell carries a comment with the message
and what to do. A "Daftar Masalah" sheet lists every problem (also those of no single cell) with
a link to its cell and opens first. A CSV, or the sheet read from an .ods, becomes a workbook
with the same rows (sheet "Data").
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname

from spmdocs.data import ods, strict
from spmdocs.fileio import atomic_path
from spmdocs.serve import advice, engine

ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
LIST_SHEET = "Daftar Masalah"
CSV_SHEET = "Data"
HEADER_SEARCH_ROWS = 30
LIST_HEADINGS = ("No", "Jenis", "Lembar", "Baris", "Kolom", "Sel", "Masalah", "Yang harus dilakukan")
LIST_WIDTHS = (5, 11, 18, 7, 22, 8, 70, 60)


def annotate(source: Path, problems: list[engine.Problem], target: Path) -> Path:
    """Write ``source`` with ``problems`` marked to ``target`` (atomically); returns ``target``."""
    source = Path(source)
    if zipfile.is_zipfile(source) and ods.mimetype(source) is None:  # an Excel workbook, whatever its name
        workbook, rows = load_workbook(strict.readable(source)), None
    else:
        workbook, rows = _from_cells(source)
    marks: dict[tuple[str, str], list[engine.Problem]] = {}
    listed = []
    for problem in problems:
        sheet, cell = _cell_of(workbook, problem.location, rows)
        listed.append((problem, sheet, cell))
        if cell is not None:
            marks.setdefault((sheet, cell), []).append(problem)
    for (sheet, cell), found in marks.items():
        _mark(workbook[sheet][cell], found)
    _problem_sheet(workbook, listed)
    with atomic_path(target) as tmp:
        workbook.save(tmp)
    return target


def _from_cells(source: Path) -> tuple[Workbook, dict[int, int]]:
    """A workbook with the cells the loader read from a CSV (or the sheet it read from an .ods);
    and the CSV line (or .ods row) of each row → its row in the new sheet."""
    sheet = engine.read_sheet(source)
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = CSV_SHEET
    for values in sheet.cells:
        worksheet.append(values)
    return workbook, {line: index for index, line in enumerate(sheet.rows, 1)}


def _cell_of(workbook: Workbook, location: engine.Location, rows: dict[int, int] | None
             ) -> tuple[str | None, str | None]:
    """(sheet title, cell like "C5") the problem points at; the header cell for a column problem."""
    if rows is not None:
        title = CSV_SHEET
    elif location.sheet in workbook.sheetnames:
        title = location.sheet
    else:
        return location.sheet, None
    worksheet = workbook[title]
    row = location.row if rows is None or location.row is None else rows.get(location.row)
    if location.row is not None and row is None:
        return title, None
    column, header_row = _column(worksheet, location.column, row)
    if column is None:
        return title, None
    return title, f"{get_column_letter(column)}{row or header_row}"


def _column(worksheet, heading: str | None, row: int | None) -> tuple[int | None, int | None]:
    """(column index, header row) of the heading written above ``row`` (the nearest such header)."""
    if not heading:
        return None, None
    wanted = _normal(heading)
    last = min(HEADER_SEARCH_ROWS, (row - 1) if row else HEADER_SEARCH_ROWS)
    found = (None, None)
    for r, values in enumerate(worksheet.iter_rows(min_row=1, max_row=max(last, 1), values_only=True), 1):
        for c, value in enumerate(values, 1):
            if value is not None and _normal(str(value)) == wanted:
                found = (c, r)
    return found


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _mark(cell, problems: list[engine.Problem]) -> None:
    cell.fill = ERROR_FILL if any(p.is_error for p in problems) else WARNING_FILL
    lines = []
    for problem in problems:
        what, todo = advice.split(problem.message)
        lines.append(f"{'GALAT' if problem.is_error else 'PERINGATAN'}: {what}\nYang harus dilakukan: {todo}")
    text = "\n\n".join(lines)
    comment = Comment(text, "spmdocs")
    comment.width, comment.height = 320, min(80 + 16 * text.count("\n") + len(text) // 2, 600)
    cell.comment = comment


def _problem_sheet(workbook: Workbook, listed) -> None:
    if LIST_SHEET in workbook.sheetnames:
        del workbook[LIST_SHEET]
    worksheet = workbook.create_sheet(LIST_SHEET, 0)
    worksheet.append(LIST_HEADINGS)
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    for width, letter in zip(LIST_WIDTHS, "ABCDEFGH"):
        worksheet.column_dimensions[letter].width = width
    for number, (problem, sheet, cell) in enumerate(listed, 1):
        what, todo = advice.split(problem.message)
        location = problem.location
        worksheet.append((number, "Galat" if problem.is_error else "Peringatan", sheet or location.sheet or "",
                          location.row, location.column or location.key or "", cell or "", what, todo))
        row = worksheet.max_row
        worksheet.cell(row, 2).fill = ERROR_FILL if problem.is_error else WARNING_FILL
        for column in (7, 8):
            worksheet.cell(row, column).alignment = Alignment(wrap_text=True, vertical="top")
        if cell:
            link = worksheet.cell(row, 6)
            link.hyperlink = f"#{quote_sheetname(sheet)}!{cell}"
            link.font = Font(color="0563C1", underline="single")
    worksheet.freeze_panes = "A2"
    workbook.active = 0
    for other in workbook.worksheets[1:]:
        other.sheet_view.tabSelected = False
