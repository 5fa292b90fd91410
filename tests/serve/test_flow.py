"""A clerk's whole day in a real browser: set up, bad workbook, every problem, fixed workbook, form, build, download."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from spmdocs.serve import engine
from spmdocs.serve.annotate import ERROR_FILL, WARNING_FILL

pytestmark = pytest.mark.slow


def _fill(template: Path, target: Path, broken: bool) -> None:
    """The clerk's workbook: numbers in every row; when ``broken``, a word, an empty cell and too many served."""
    workbook = load_workbook(template)
    sheet = workbook["Capaian SPM"]
    headings = [c.value for c in sheet[1]]
    sasaran, terlayani = headings.index("Sasaran") + 1, headings.index("Terlayani") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, sasaran).value = 1000 + row
        sheet.cell(row, terlayani).value = 900 + row
    if broken:
        sheet.cell(5, sasaran).value = "seribu"
        sheet.cell(7, terlayani).value = None
        sheet.cell(9, terlayani).value = 5000
    workbook.save(target)


def _problem_rows(page) -> list[dict]:
    return page.eval_on_selector_all(
        "table.masalah tbody tr",
        "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText.trim()))")


def test_clerk_goes_from_a_bad_workbook_to_a_downloaded_report(serve, clerk, shots, tmp_path):
    served = serve()
    page = clerk()
    page.goto(served.url)
    assert page.url.endswith("/siapkan")
    shots(page, "01-siapkan")
    page.fill("#kode", "6501")
    page.fill("#tahun", "2025")
    page.click("button:has-text('Siapkan folder kerja')")
    assert "Kode wilayah '6501' tidak dikenal" in page.inner_text(".kotak.galat")
    assert "65.01" in page.inner_text(".kotak.galat")
    page.fill("#kode", "65.01")
    page.click("button:has-text('Siapkan folder kerja')")
    assert page.url == served.url + "/"
    shots(page, "02-beranda")
    workspace = served.workspaces()[0]

    bad = tmp_path / "capaian-bulungan.xlsx"
    _fill(workspace / "data" / "capaian-2025.xlsx", bad, broken=True)
    page.click("nav >> text=Data")
    page.set_input_files("#berkas", str(bad))
    page.click("button:has-text('Unggah dan periksa')")
    expected = engine.validate(workspace / "data" / bad.name).problems
    assert len(expected) == 3
    rows = _problem_rows(page)
    assert len(rows) == len(expected)
    assert {(r[4], r[5]) for r in rows} == {(str(p.location.row), p.location.column) for p in expected}
    assert "2 galat, 1 peringatan" in page.inner_text(".kotak.galat")
    seribu = next(r for r in rows if r[4] == "5")
    assert seribu[1:4] == ["Galat", bad.name, "Capaian SPM"] and "seribu" in seribu[6] and seribu[7]
    shots(page, "03-masalah")

    with page.expect_download() as download:
        page.click("text=Unduh berkas Excel dengan sel bermasalah ditandai")
    assert download.value.suggested_filename == "capaian-bulungan-ditandai.xlsx"
    download.value.save_as(tmp_path / "ditandai.xlsx")
    marked = load_workbook(tmp_path / "ditandai.xlsx")
    assert marked.sheetnames[0] == "Daftar Masalah" and marked.active.title == "Daftar Masalah"
    data = marked["Capaian SPM"]
    headings = [c.value for c in data[1]]
    columns = {name: chr(ord("A") + headings.index(name)) for name in ("Sasaran", "Terlayani")}
    for cell, fill in ((f"{columns['Sasaran']}5", ERROR_FILL), (f"{columns['Terlayani']}7", ERROR_FILL),
                       (f"{columns['Terlayani']}9", WARNING_FILL)):
        assert data[cell].fill.fgColor.rgb == fill.fgColor.rgb, cell
        assert "Yang harus dilakukan" in data[cell].comment.text
    assert data[f"{columns['Sasaran']}6"].comment is None
    assert marked["Daftar Masalah"].max_row == 1 + len(expected)

    from tests.data.conftest import write_ods  # the same workbook from LibreOffice Calc: the same problems

    calc = write_ods(tmp_path / "capaian-calc.ods", {"Capaian SPM": [
        list(row) for row in load_workbook(bad, read_only=True)["Capaian SPM"].iter_rows(values_only=True)]})
    page.click("text=Unggah berkas yang sudah diperbaiki")
    page.set_input_files("#berkas", str(calc))
    page.click("button:has-text('Unggah dan periksa')")
    assert "2 galat, 1 peringatan" in page.inner_text(".kotak.galat")
    assert {(r[4], r[5]) for r in _problem_rows(page)} == {(str(p.location.row), p.location.column) for p in expected}

    _fill(workspace / "data" / "capaian-2025.xlsx", bad, broken=False)
    page.click("text=Unggah berkas yang sudah diperbaiki")
    page.set_input_files("#berkas", str(bad))
    page.click("button:has-text('Unggah dan periksa')")
    assert "Data valid: 29 baris" in page.inner_text(".kotak.baik")
    shots(page, "04-data-valid")

    page.click("text=Lanjut: pakai data ini di pengaturan laporan")
    assert page.url.endswith("/pengaturan/laporan-tahunan.yaml?data=" + bad.name)
    config = workspace / "laporan-tahunan.yaml"
    before = config.read_bytes()
    assert page.is_checked(f"input[name='data.capaian'][value='data/{bad.name}']")
    page.uncheck("input[name='data.capaian'][value='data/capaian-2025.xlsx']")
    page.fill("#f-tempat", "Tanjung Selor")
    page.fill("#f-kop-alamat", "Jalan Jelarai Raya, Tanjung Selor 77212\nLaman: bulungan.go.id")
    page.select_option("#f-penandatangan-prefiks", "Plt.")
    page.fill("#f-penandatangan-jabatan", "Bupati Bulungan")
    page.fill("#f-penandatangan-nama", "Dr. Contoh Pejabat, M.Si.")
    page.fill("#f-penandatangan-nip", "12345")
    page.click("button:has-text('Simpan pengaturan')")
    assert "NIP harus 18 digit angka" in page.inner_text("#f-penandatangan-nip-galat")
    assert page.input_value("#f-tempat") == "Tanjung Selor"
    assert config.read_bytes() == before
    shots(page, "05-pengaturan-galat")
    page.fill("#f-penandatangan-nip", "")

    page.click("summary:has-text('Bidang KES')")
    box = "#f-narasi-bidang-KES-permasalahan"
    preview = box + "-pratinjau"
    page.fill(box, "Indeks kesehatan {{ daerah.nama }} sebesar {{ ini.indeks | persen }}.")
    # the preview of the empty box (the default text) may still stand: wait for this text's own
    page.wait_for_selector(preview + " .terisi:has-text('Indeks kesehatan Kabupaten Bulungan')", timeout=60_000)
    assert re.search(r"Indeks kesehatan Kabupaten Bulungan sebesar \d+,\d\d%\.", page.inner_text(preview))
    page.fill(box, "Indeks {{ ini.indekss }}.")
    page.wait_for_selector(preview + " .kotak.galat")
    assert "'indekss' yang tidak ada" in page.inner_text(preview)
    page.fill(box, "Rahasia {{ ''.__class__.__mro__ }}")
    page.wait_for_selector(preview + " :text('diblokir')")
    page.fill(box, "Indeks kesehatan {{ daerah.nama }} sebesar {{ ini.indeks | persen }}.")
    page.wait_for_selector(preview + " .terisi:has-text('Indeks kesehatan Kabupaten Bulungan')")
    shots(page, "06-pratinjau-narasi")

    page.click("button:has-text('Simpan pengaturan')")
    assert "Pengaturan tersimpan" in page.inner_text(".kotak.baik")
    saved = config.read_text(encoding="utf-8")
    assert saved.startswith("# Konfigurasi 'laporan_tahunan' Kabupaten Bulungan")
    assert "prefiks: Plt." in saved and "ini.indeks | persen" in saved and f"data/{bad.name}" in saved
    engine.load_config(config)

    page.click("button:has-text('Buat dokumen (Word dan PDF)')")
    assert "Dokumen selesai dibuat" in page.inner_text(".kotak.baik")
    page.wait_for_function("() => Array.from(document.querySelectorAll('ol.halaman-pdf img')).slice(0, 8)"
                           ".every(img => img.complete && img.naturalWidth > 500)")
    assert page.locator("ol.halaman-pdf li").count() > 10
    shots(page, "07-hasil")

    with page.expect_download() as docx:
        page.click("a:has-text('Unduh DOCX')")
    with zipfile.ZipFile(docx.value.path()) as archive:
        assert "Dr. Contoh Pejabat" in archive.read("word/document.xml").decode("utf-8")
    with page.expect_download() as pdf:
        page.click("a:has-text('Unduh PDF')")
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(pdf.value.path()).pages)
    assert "Plt. BUPATI BULUNGAN" in text and "Indeks kesehatan Kabupaten Bulungan sebesar" in text
    shutil.rmtree(served.folder / "ruang-kerja" / workspace.name / "keluaran")
