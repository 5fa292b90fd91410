"""Fixtures that write small clerk-style data files into a test's temporary folder."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pytest
from openpyxl import Workbook

from spmdocs.errors import Problem

HEADER = "Kode Wilayah;Nama Daerah;Tahun;Triwulan;Jenis Pelayanan Dasar;Puskesmas;" \
         "Jumlah Total Yang Harus Dilayani;Jumlah Yang Terlayani"


@pytest.fixture
def header() -> str:
    """A typical capaian heading line (``;``-separated) as clerks export it."""
    return HEADER


@pytest.fixture
def csv_file(tmp_path: Path) -> Callable[..., Path]:
    """``csv_file(name, lines, encoding=..., delimiter=...)``: lines are written ``;``-joined."""
    def write(name: str, lines: Iterable[str], *, encoding: str = "utf-8",
              delimiter: str = ";") -> Path:
        path = tmp_path / name
        text = "\n".join(line.replace(";", delimiter) for line in lines) + "\n"
        path.write_bytes(text.encode(encoding))
        return path
    return write


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[object]]], *, hidden: Iterable[str] = (),
               merged: dict[str, dict[tuple[int, int], tuple[int, int]]] | None = None) -> Path:
    """A workbook with ``sheets`` (rows from Excel row 1); ``merged`` as in :func:`write_ods`."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        for (r, c), (across, down) in (merged or {}).get(title, {}).items():
            sheet.merge_cells(start_row=r + 1, start_column=c + 1, end_row=r + down, end_column=c + across)
        if title in hidden:
            sheet.sheet_state = "hidden"
    workbook.save(path)
    return path


@pytest.fixture
def xlsx_file(tmp_path: Path) -> Callable[..., Path]:
    """``xlsx_file(name, {sheet: rows}, hidden=(), merged=None)``: as :func:`write_xlsx`, in the test's folder."""
    def write(name: str, sheets: dict[str, Sequence[Sequence[object]]], **options) -> Path:
        return write_xlsx(tmp_path / name, sheets, **options)
    return write


ODS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"><office:automatic-styles>'
            '<style:style style:name="co1" style:family="table-column"/>'
            '<style:style style:name="ta1" style:family="table" style:master-page-name="Default">'
            '<style:table-properties table:display="true" style:writing-mode="lr-tb"/></style:style>'
            '<style:style style:name="ta2" style:family="table" style:master-page-name="Default">'
            '<style:table-properties table:display="false" style:writing-mode="lr-tb"/></style:style>'
            '</office:automatic-styles><office:body><office:spreadsheet>')


def ods_cell(value: object, *, across: int = 1, down: int = 1, note: str | None = None) -> str:
    """One ``table:table-cell`` as LibreOffice Calc writes it (Indonesian display of numbers)."""
    span = (f' table:number-columns-spanned="{across}" table:number-rows-spanned="{down}"'
            if across > 1 or down > 1 else "")
    annotation = (f'<office:annotation><dc:creator>Operator</dc:creator><text:p>{escape(note)}</text:p>'
                  '</office:annotation>' if note else "")
    if value is None or value == "":
        return f"<table:table-cell{span}>{annotation}</table:table-cell>" if span or note else "<table:table-cell/>"
    if isinstance(value, bool):
        return (f'<table:table-cell office:value-type="boolean" office:boolean-value="{str(value).lower()}"'
                f'{span}>{annotation}<text:p>{"BENAR" if value else "SALAH"}</text:p></table:table-cell>')
    if isinstance(value, (int, float)):
        shown = f"{value:,}".replace(",", "_").replace(".", ",").replace("_", ".")
        return (f'<table:table-cell office:value-type="float" office:value="{value!r}"{span}>{annotation}'
                f'<text:p>{shown}</text:p></table:table-cell>')
    if isinstance(value, (date, datetime)):
        return (f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"{span}>'
                f'{annotation}<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>')
    lines = "".join(f"<text:p>{_ods_spaces(escape(line))}</text:p>" for line in str(value).split("\n"))
    return f'<table:table-cell office:value-type="string"{span}>{annotation}{lines}</table:table-cell>'


def _ods_spaces(text: str) -> str:
    """Spaces and tabs as LibreOffice writes them: one space, then ``text:s`` for the rest; ``text:tab``."""
    def run(match: re.Match) -> str:
        rest = len(match.group()) - 1
        return " <text:s/>" if rest == 1 else f' <text:s text:c="{rest}"/>'
    return re.sub(" {2,}", run, text).replace("\t", "<text:tab/>")


def write_ods(path: Path, sheets: dict[str, Sequence[Sequence[object]]], *, hidden: Iterable[str] = (),
              merged: dict[str, dict[tuple[int, int], tuple[int, int]]] | None = None) -> Path:
    """An .ods package as LibreOffice Calc saves one: the mimetype stored first, empty cells run
    together with ``number-columns-repeated``, the empty rows below a table as one row repeated
    a million times, merged cells as spans followed by covered cells. ``merged``: sheet ->
    {(row, column) 0-based: (columns, rows)} of the ranges to merge."""
    merged = merged or {}
    hidden = set(hidden)
    body = []
    for title, rows in sheets.items():
        spans = merged.get(title, {})
        covered = {(r + dr, c + dc) for (r, c), (across, down) in spans.items()
                   for dr in range(down) for dc in range(across) if dr or dc}
        width = max((len(row) for row in rows), default=1)
        body.append(f'<table:table table:name={quoteattr(title)} table:style-name="{"ta2" if title in hidden else "ta1"}">'
                    f'<table:table-column table:style-name="co1" table:number-columns-repeated="{width}"/>')
        for r, row in enumerate(rows):
            cells, blank = [], 0
            for c in range(width):
                value = row[c] if c < len(row) else None
                if (r, c) in covered:
                    cells.append("<table:covered-table-cell/>")
                    continue
                if (value is None or value == "") and (r, c) not in spans:
                    blank += 1
                    continue
                if blank:
                    cells.append(f'<table:table-cell table:number-columns-repeated="{blank}"/>')
                    blank = 0
                across, down = spans.get((r, c), (1, 1))
                cells.append(ods_cell(value, across=across, down=down))
            cells.append('<table:table-cell table:number-columns-repeated="1024"/>')
            body.append(f'<table:table-row table:style-name="ro1">{"".join(cells)}</table:table-row>')
        body.append('<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
                    'table:number-columns-repeated="1024"/></table:table-row></table:table>')
    content = ODS_HEAD + "".join(body) + "</office:spreadsheet></office:body></office:document-content>"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                         'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>', zipfile.ZIP_DEFLATED)
    return path


@pytest.fixture
def ods_file(tmp_path: Path) -> Callable[..., Path]:
    """``ods_file(name, {sheet: rows}, hidden=(), merged=None)``: as :func:`write_ods`, in the test's folder."""
    def write(name: str, sheets: dict[str, Sequence[Sequence[object]]], **options) -> Path:
        return write_ods(tmp_path / name, sheets, **options)
    return write


@pytest.fixture
def only() -> Callable[[list[Problem], str], Problem]:
    """``only(problems, fragment)``: the one problem whose message contains ``fragment``."""
    def find(problems: list[Problem], fragment: str) -> Problem:
        found = [p for p in problems if fragment in p.message]
        assert len(found) == 1, f"{len(found)} problems contain {fragment!r}:\n" + "\n".join(
            str(p) for p in problems)
        return found[0]
    return find
