"""The marked workbook: each problem's own cell coloured and commented, every problem listed."""

from __future__ import annotations

from openpyxl import load_workbook

from spmdocs.serve import annotate, engine


def test_a_csv_comes_back_as_a_workbook_with_the_bad_cells_marked(tmp_path):
    source = tmp_path / "data.csv"
    source.write_text('kode_wilayah;tahun;kode_layanan;unit;sasaran;terlayani\n'
                      '65;2025;P-KES-1;"Puskesmas\nSatu";100;x\n'
                      '65;2025;P-KES-1;Dua;100;150\n', encoding="utf-8")
    problems = engine.validate(source).problems
    assert {(p.location.row, p.location.column) for p in problems} == {(2, "terlayani"), (4, "terlayani")}
    target = annotate.annotate(source, problems, tmp_path / "keluar" / "ditandai.xlsx")
    workbook = load_workbook(target)
    data = workbook["Data"]
    assert data["F2"].value == "x" and data["F2"].fill.fgColor.rgb == annotate.ERROR_FILL.fgColor.rgb
    assert data["F3"].value == "150" and data["F3"].fill.fgColor.rgb == annotate.WARNING_FILL.fgColor.rgb
    assert "tidak dapat dibaca sebagai angka" in data["F2"].comment.text
    listed = list(workbook["Daftar Masalah"].iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[5]) for row in listed] == [("Galat", "F2"), ("Peringatan", "F3")]


def test_a_workbook_keeps_its_sheets_and_marks_the_header_for_a_column_problem(tmp_path):
    from openpyxl import Workbook

    source = tmp_path / "data.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Isian"
    sheet.append(["Laporan capaian"])
    sheet.append(["kode_wilayah", "tahun", "kode_layanan", "sasaran", "terlayani"])
    sheet.append(["65", 2025, "P-KES-1", 100, 90])
    workbook.create_sheet("Catatan")
    workbook.save(source)
    problems = [engine.Problem("Kolom ini tidak dipakai", engine.Location(str(source), "Isian", None, "sasaran")),
                engine.Problem("Berkas ini rusak", engine.Location(str(source)))]
    marked = load_workbook(annotate.annotate(source, problems, tmp_path / "ditandai.xlsx"))
    assert marked.sheetnames == ["Daftar Masalah", "Isian", "Catatan"]
    assert marked["Isian"]["D2"].comment is not None and marked["Isian"]["A1"].comment is None
    assert [row[5] for row in marked["Daftar Masalah"].iter_rows(min_row=2, values_only=True)] == ["D2", None]


def test_an_ods_comes_back_as_a_workbook_of_the_sheet_read_with_the_bad_cells_marked(tmp_path):
    from tests.data.conftest import write_ods

    source = write_ods(tmp_path / "data.ods", {
        "Petunjuk": [["Isi lembar Isian"]],
        "Isian": [["Laporan capaian"], [], ["kode_wilayah", "tahun", "kode_layanan", "unit", "sasaran", "terlayani"],
                  ["65", 2025, "P-KES-1", "Satu", 100, "x"], ["65", 2025, "P-KES-1", "Dua", 100, 150]]},
        hidden=["Petunjuk"])
    problems = engine.validate(source).problems
    assert {(p.location.sheet, p.location.row, p.location.column) for p in problems} == \
        {("Isian", 4, "terlayani"), ("Isian", 5, "terlayani")}
    workbook = load_workbook(annotate.annotate(source, problems, tmp_path / "ditandai.xlsx"))
    data = workbook["Data"]
    assert [c.value for c in data[1]][:1] == ["Laporan capaian"]
    assert data["A2"].value is None and data["F3"].value == "terlayani"
    assert data["F4"].value == "x" and data["F4"].fill.fgColor.rgb == annotate.ERROR_FILL.fgColor.rgb
    assert data["F5"].value == 150 and data["F5"].fill.fgColor.rgb == annotate.WARNING_FILL.fgColor.rgb
    listed = list(workbook["Daftar Masalah"].iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[5]) for row in listed] == [("Galat", "F4"), ("Peringatan", "F5")]


def test_a_strict_open_xml_workbook_is_marked_like_a_usual_one(tmp_path):
    from openpyxl import Workbook

    from tests.data.test_strict import _save_as_strict

    usual = tmp_path / "biasa.xlsx"
    workbook = Workbook()
    workbook.active.title = "Isian"
    workbook.active.append(["kode_wilayah", "tahun", "kode_layanan", "sasaran", "terlayani"])
    workbook.active.append(["65", 2025, "P-KES-1", 100, "x"])
    workbook.save(usual)
    source = _save_as_strict(usual, tmp_path / "strict.xlsx")
    problems = engine.validate(source).problems
    assert [(p.location.sheet, p.location.row, p.location.column) for p in problems] == [("Isian", 2, "terlayani")]
    marked = load_workbook(annotate.annotate(source, problems, tmp_path / "ditandai.xlsx"))
    assert marked.sheetnames == ["Daftar Masalah", "Isian"]
    assert marked["Isian"]["E2"].value == "x" and marked["Isian"]["E2"].comment is not None


def test_a_calc_workbook_named_xlsx_is_marked_from_what_the_loader_read(tmp_path):
    """The loader reads a package by what it holds, not its name; so does the marking."""
    from tests.data.conftest import write_ods

    source = write_ods(tmp_path / "capaian.xlsx", {"Isian": [
        ["kode_wilayah", "tahun", "kode_layanan", "sasaran", "terlayani"], ["65", 2025, "P-KES-1", 100, "x"]]})
    problems = engine.validate(source).problems
    assert [(p.location.row, p.location.column) for p in problems] == [(2, "terlayani")]
    marked = load_workbook(annotate.annotate(source, problems, tmp_path / "ditandai.xlsx"))
    assert marked["Data"]["E2"].value == "x" and marked["Data"]["E2"].comment is not None
