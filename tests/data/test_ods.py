"""LibreOffice Calc workbooks (.ods) are read exactly as the same workbook saved as .xlsx."""

from __future__ import annotations

import tracemalloc
import zipfile
from datetime import datetime

import pandas as pd
import pytest

from spmdocs.data import cells as cells_of
from spmdocs.data import ods
from spmdocs.data.loader import load_table, read_cells
from spmdocs.errors import DataError

from .conftest import ODS_HEAD, ods_cell

HEADING = ["Kode Wilayah", "Tahun", "Triwulan", "Kode Layanan", "Puskesmas", "Sasaran", "Terlayani"]

BOOK = {
    "Petunjuk": [["Isi lembar Data"]],
    "Data": [
        ["LAPORAN CAPAIAN SPM", None, None, None, None, None, None],
        ["Tahun 2025"],
        [],
        HEADING,
        ["65.01", 2025, 4, "K-KES-1", "Pkm  Tanjung\tSelor", 1000, 950],
        ["65.01", 2025, 4, "K-KES-2", "Baris\nkedua", 12.5, 12],
        [None, None, None, None, None, None, None],
        ["65.02", 2025, 4, "K-KES-1", "Pkm A", 300, 290],
    ],
    "TW II": [HEADING, ["65.02", 2025, 2, "K-KES-1", "Pkm B", 20, 19]],
    "Arsip": [HEADING, ["65.02", 2024, 4, "K-KES-1", "Pkm C", 5, 5]],
}
# "Data": the title merged across the table; "Kode Wilayah" of the two 65.01 rows merged down.
MERGES = {"Data": {(0, 0): (7, 1), (4, 0): (1, 2)}}


@pytest.fixture
def twins(xlsx_file, ods_file):
    """The same workbook as .xlsx and as .ods: a hidden instruction sheet, merges, a hidden archive."""
    def make(sheets=BOOK, hidden=("Petunjuk", "Arsip"), merged=MERGES):
        return (xlsx_file("capaian.xlsx", sheets, hidden=hidden, merged=merged),
                ods_file("capaian.ods", sheets, hidden=hidden, merged=merged))
    return make


@pytest.mark.parametrize("sheet", [None, "Data", "tw ii", "Arsip"])
def test_the_cells_of_an_ods_are_those_of_the_same_xlsx(twins, sheet):
    xlsx, ods_path = twins()
    excel, calc = read_cells(xlsx, sheet), read_cells(ods_path, sheet)
    pd.testing.assert_frame_equal(calc.cells, excel.cells)
    assert calc.rows.tolist() == excel.rows.tolist()
    assert (calc.sheet, calc.hidden_sheets, calc.merged, calc.other_sheets) == \
        (excel.sheet, excel.hidden_sheets, excel.merged, excel.other_sheets)


def test_an_ods_loads_to_the_same_rows_and_problems_as_the_xlsx(twins):
    xlsx, ods_path = twins()
    excel, calc = load_table(xlsx), load_table(ods_path)
    columns = [c for c in excel.frame.columns if c != "_file"]
    pd.testing.assert_frame_equal(calc.frame[columns], excel.frame[columns])
    assert calc.frame["_row"].tolist() == [5, 6, 8]
    assert calc.frame["kode_wilayah"].tolist() == ["65.01", "65.01", "65.02"]
    assert calc.frame["unit"].tolist()[0] == "Pkm Tanjung Selor"
    assert [p.message.replace("capaian.ods", "capaian.xlsx") for p in calc.problems] == \
        [p.message for p in excel.problems]
    assert any("TW II" in p.message for p in calc.problems)


def test_an_ods_sheet_is_chosen_by_suffix_and_a_missing_one_is_named(twins):
    _, path = twins()
    assert load_table(f"{path}#TW II").frame["triwulan"].tolist() == [2]
    with pytest.raises(DataError) as caught:
        read_cells(path, "Rekap")
    message = str(caught.value)
    assert "Lembar 'Rekap' tidak ada" in message
    assert "'Petunjuk', 'Data', 'TW II', 'Arsip'" in message


def test_an_ods_with_only_hidden_sheets_says_so(ods_file):
    path = ods_file("tersembunyi.ods", {"Data": [HEADING]}, hidden=["Data"])
    with pytest.raises(DataError, match="tidak memiliki lembar kerja yang terlihat"):
        read_cells(path)


def test_values_read_as_openpyxl_gives_them(tmp_path):
    """Dates, booleans, percentages, the string-value attribute and a comment that is not text."""
    row = "".join([
        ods_cell(datetime(2025, 12, 31, 8, 30)),
        ods_cell(True),
        '<table:table-cell office:value-type="percentage" office:value="0.955"><text:p>95,5%</text:p>'
        '</table:table-cell>',
        '<table:table-cell office:value-type="string" office:string-value="K-KES-1"><text:p>tampil</text:p>'
        '</table:table-cell>',
        ods_cell("Pkm A", note="dicek Operator"),
        '<table:table-cell office:value-type="float" office:value="1e3"><text:p>1.000</text:p></table:table-cell>',
        '<table:table-cell office:value-type="float" office:value="bukan"><text:p>n/a</text:p></table:table-cell>',
    ])
    path = _package(tmp_path / "nilai.ods", f'<table:table table:name="Data"><table:table-row>{row}'
                                            "</table:table-row></table:table>")
    values = read_cells(path).cells.iloc[0].tolist()
    # A percentage is what the clerk sees, its number kept (as an Excel cell formatted 0,0%).
    assert values == [datetime(2025, 12, 31, 8, 30), True, "95,5%", "K-KES-1", "Pkm A", 1000.0, "n/a"]


def test_a_repeated_row_counts_as_every_row_it_stands_for(tmp_path):
    """Calc writes identical adjacent rows once with number-rows-repeated; each keeps its row number."""
    heading = "".join(ods_cell(h) for h in HEADING)
    same = "".join(ods_cell(v) for v in ["65.01", 2025, 4, "K-KES-1", "Pkm A", 10, 9])
    path = _package(tmp_path / "ulang.ods", f'<table:table table:name="Data"><table:table-row>{heading}'
                    f'</table:table-row><table:table-row table:number-rows-repeated="3">{same}</table:table-row>'
                    '<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>'
                    f"<table:table-row>{same}</table:table-row></table:table>")
    frame = load_table(path).frame
    assert frame["_row"].tolist() == [2, 3, 4, 7]
    assert frame["sasaran"].sum() == 40


def test_a_sheet_beyond_the_row_limit_is_refused_naming_it(ods_file, monkeypatch):
    monkeypatch.setattr(cells_of, "MAX_ROWS", 5)
    path = ods_file("besar.ods", {"Data": [HEADING] + [["65.01", 2025, 4, "K-KES-1", f"Pkm {i}", 1, 1]
                                                        for i in range(6)]})
    with pytest.raises(DataError) as caught:
        read_cells(path)
    problem = caught.value.problems[0]
    assert "Lembar 'Data' tidak dapat dibaca: lembar ini berisi lebih dari 5 baris terisi" in problem.message
    assert problem.location.sheet == "Data"


def test_a_filled_row_repeated_past_the_limit_is_refused_without_expanding_it(tmp_path):
    """A few hundred bytes may say "this row, two million times": refused before any copy is made."""
    filled = "".join(ods_cell(v) for v in ["65.01", 2025, 4, "K-KES-1", "Pkm A", 10, 9])
    path = _package(tmp_path / "juta.ods", '<table:table table:name="Data"><table:table-row '
                    f'table:number-rows-repeated="2000000">{filled}</table:table-row></table:table>')
    tracemalloc.start()
    try:
        with pytest.raises(DataError, match="lebih dari 1.100.000 baris terisi"):
            read_cells(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 ** 2


@pytest.mark.parametrize("content, expected", [
    (ODS_HEAD + '<table:table table:name="Data"><table:table-row>', "isinya tidak dapat dibaca sampai selesai"),
    (None, "bagian content.xml tidak ada"),
])
def test_a_damaged_ods_is_named_as_such(tmp_path, content, expected):
    path = tmp_path / "rusak.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", ods.MIMETYPE)
        if content is not None:
            archive.writestr("content.xml", content)
    result = load_table(path)
    assert not result.ok
    message = result.problems[0].message
    assert f"Berkas .ods ini rusak ({expected})" in message and "LibreOffice Calc" in message
    assert "Traceback" not in message


def test_a_text_document_or_a_non_zip_named_ods_is_refused_in_indonesian(tmp_path):
    text = tmp_path / "laporan.ods"
    with zipfile.ZipFile(text, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<x/>")
    assert "dokumen OpenDocument lain" in load_table(text).problems[0].message
    fake = tmp_path / "palsu.ods"
    fake.write_text("Kode Wilayah;Tahun\n", encoding="utf-8")
    assert "Berkas .ods ini rusak atau bukan lembar kerja" in load_table(fake).problems[0].message


def test_a_password_protected_ods_is_named_as_such(tmp_path):
    path = tmp_path / "rahasia.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ods.MIMETYPE)
        archive.writestr("content.xml", bytes(range(256)) * 8)  # encrypted: not XML
        archive.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                         'opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml">'
                         '<manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry>'
                         '</manifest:manifest>')
    message = load_table(path).problems[0].message
    assert "dilindungi kata sandi" in message and "rusak" not in message


def test_an_ods_zip_bomb_is_refused_before_reading(tmp_path, monkeypatch):
    from spmdocs import zipcheck

    monkeypatch.setattr(zipcheck, "MAX_TOTAL", 1024 ** 2)  # the check, at a size a test can write quickly
    path = tmp_path / "bom.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ods.MIMETYPE)
        archive.writestr("content.xml", ODS_HEAD + " " * 2_000_000, zipfile.ZIP_DEFLATED)
    result = load_table(path)
    assert not result.ok and "terlalu besar setelah dibuka" in result.problems[0].message
    assert result.problems[0].message[0].isupper()


def _package(path, tables: str):
    """An .ods whose spreadsheet body is ``tables``."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ods.MIMETYPE)
        archive.writestr("content.xml", ODS_HEAD + tables + "</office:spreadsheet></office:body>"
                         "</office:document-content>", zipfile.ZIP_DEFLATED)
    return path
