"""Excel's "Strict Open XML Spreadsheet" is read exactly as the same workbook saved as a usual .xlsx."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime

import pandas as pd
import pytest
from openpyxl import Workbook

from spmdocs.data.loader import load_table, read_cells

HEADING = ["Kode Wilayah", "Tahun", "Triwulan", "Kode Layanan", "Puskesmas", "Sasaran", "Terlayani", "Tanggal"]

_TRANSITIONAL = re.compile(rb"http://schemas\.openxmlformats\.org/(officeDocument|drawingml|spreadsheetml|"
                           rb"schemaLibrary)/2006/([\w/-]+)")


def _to_strict(match: re.Match) -> bytes:
    """A transitional namespace or relationship type as ISO/IEC 29500 Strict names it."""
    name = match[2].replace(b"extended-properties", b"extendedProperties")
    return b"http://purl.oclc.org/ooxml/" + match[1] + b"/" + name


def _save_as_strict(usual, target):
    """What Excel's Save As "Strict Open XML Spreadsheet" changes: every namespace and relationship type."""
    with zipfile.ZipFile(usual) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith((".xml", ".rels")):
                data = _TRANSITIONAL.sub(_to_strict, data)
            out.writestr(info, data)
    return target


@pytest.fixture
def twins(tmp_path):
    workbook = Workbook()
    guide = workbook.active
    guide.title = "Petunjuk"
    guide.append(["Isi lembar Data"])
    guide.sheet_state = "hidden"
    data = workbook.create_sheet("Data")
    data.append(["LAPORAN CAPAIAN SPM TAHUN 2025"])
    data.merge_cells("A1:H1")
    data.append([])
    data.append(HEADING)
    data.append(["65.01", 2025, 4, "K-KES-1", "Pkm Tanjung Selor", 1000, 950, datetime(2025, 12, 31)])
    data.append([None, 2025, 4, "K-KES-2", "Pkm Tanjung Selor", 12.5, 12, datetime(2025, 12, 31)])
    data.merge_cells("A4:A5")
    other = workbook.create_sheet("TW II")
    other.append(HEADING)
    other.append(["65.02", 2025, 2, "K-KES-1", "Pkm B", 20, 19, datetime(2025, 6, 30)])
    usual = tmp_path / "biasa.xlsx"
    workbook.save(usual)
    return usual, _save_as_strict(usual, tmp_path / "strict.xlsx")


def test_the_strict_twin_really_uses_strict_names(twins):
    with zipfile.ZipFile(twins[1]) as archive:
        assert b"http://purl.oclc.org/ooxml/spreadsheetml/main" in archive.read("xl/workbook.xml")
        assert b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" in archive.read("_rels/.rels")


@pytest.mark.parametrize("sheet", [None, "TW II", "Petunjuk"])
def test_a_strict_workbook_gives_the_cells_of_its_usual_twin(twins, sheet):
    usual, strict = (read_cells(path, sheet) for path in twins)
    pd.testing.assert_frame_equal(strict.cells, usual.cells)
    assert strict.rows.tolist() == usual.rows.tolist()
    assert (strict.sheet, strict.hidden_sheets, strict.merged, strict.other_sheets) == \
        (usual.sheet, usual.hidden_sheets, usual.merged, usual.other_sheets)


def test_a_strict_workbook_loads_like_its_usual_twin(twins):
    usual, strict = (load_table(path) for path in twins)
    columns = [c for c in usual.frame.columns if c != "_file"]
    pd.testing.assert_frame_equal(strict.frame[columns], usual.frame[columns])
    assert strict.frame["kode_wilayah"].tolist() == ["65.01", "65.01"]
    assert strict.frame["sasaran"].tolist() == [1000, 12.5]
    assert [p.message.replace("strict.xlsx", "biasa.xlsx") for p in strict.problems] == \
        [p.message for p in usual.problems]


def test_a_damaged_strict_workbook_is_named_as_damaged(twins, tmp_path):
    broken = tmp_path / "rusak.xlsx"
    with zipfile.ZipFile(twins[1]) as source, zipfile.ZipFile(broken, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            out.writestr(info, data[: len(data) // 2] if info.filename == "xl/worksheets/sheet2.xml" else data)
    message = load_table(broken).problems[0].message
    assert "rusak" in message and "Data" in message
