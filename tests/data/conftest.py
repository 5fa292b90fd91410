"""Fixtures that write small clerk-style data files into a test's temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Sequence

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


@pytest.fixture
def xlsx_file(tmp_path: Path) -> Callable[..., Path]:
    """``xlsx_file(name, {sheet: rows}, hidden=())``: rows start at Excel row 1."""
    def write(name: str, sheets: dict[str, Sequence[Sequence[object]]], *,
              hidden: Iterable[str] = ()) -> Path:
        workbook = Workbook()
        workbook.remove(workbook.active)
        for title, rows in sheets.items():
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(list(row))
            if title in hidden:
                sheet.sheet_state = "hidden"
        path = tmp_path / name
        workbook.save(path)
        return path
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
