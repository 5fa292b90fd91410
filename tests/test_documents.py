"""Whole documents of the shipped configs as files: page setup, repeated headers, names, bytes, parity.

The composers' tests (tests/compose) read the document model; these read what a clerk opens.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.shared import Mm

from spmdocs.build import build_report

ROOT = Path(__file__).resolve().parents[1]
ANNUAL = ROOT / "configs" / "laporan-tahunan.yaml"
TRIWULAN = ROOT / "configs" / "laporan-triwulan.yaml"
RENCANA = ROOT / "configs" / "rencana-aksi.yaml"
SUB_KEGIATAN = re.compile(r"\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{4}")


def _table_texts(doc) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in doc.tables for row in table.rows]


@pytest.fixture(scope="module")
def annual_docx(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("laporan")
    result = build_report(ANNUAL, ("docx",), out_dir=out)
    docx_path = next(p for p in result.outputs if p.suffix == ".docx")
    return {"result": result, "path": docx_path, "doc": open_docx(docx_path), "out": out}


@pytest.fixture(scope="module")
def triwulan_docx(tmp_path_factory):
    return build_report(TRIWULAN, ("docx",), out_dir=tmp_path_factory.mktemp("triwulan"))


@pytest.fixture(scope="module")
def rencana_docx(tmp_path_factory):
    return build_report(RENCANA, ("docx",), out_dir=tmp_path_factory.mktemp("rencana"))


def test_page_setup_and_font_follow_the_profile(annual_docx):
    doc = annual_docx["doc"]
    first = doc.sections[0]
    assert abs(first.page_width - Mm(215)) < Mm(0.5) and abs(first.page_height - Mm(330)) < Mm(0.5)
    assert abs(first.left_margin - Mm(30)) < Mm(0.5) and abs(first.right_margin - Mm(20)) < Mm(0.5)
    assert abs(first.top_margin - Mm(20)) < Mm(0.5) and abs(first.bottom_margin - Mm(25)) < Mm(0.5)
    assert any(s.page_width > s.page_height for s in doc.sections), "lampiran must be landscape"
    normal = doc.styles["Normal"].font
    assert normal.name == "Arial" and normal.size.pt == 12


def test_two_builds_are_byte_identical(annual_docx, tmp_path):
    again = build_report(ANNUAL, ("docx",), out_dir=tmp_path)
    digest = lambda p: hashlib.sha256(Path(p).read_bytes()).hexdigest()  # noqa: E731
    assert digest(again.outputs[0]) == digest(annual_docx["path"])


def test_pdf_says_the_same_as_docx(annual_docx, tmp_path):
    from pypdf import PdfReader

    result = build_report(ANNUAL, ("pdf",), out_dir=tmp_path)
    pdf_text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(result.outputs[0]).pages))
    doc = annual_docx["doc"]
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading") and p.text.strip()]
    for heading in headings:
        assert re.sub(r"\s+", " ", heading) in pdf_text
    numbers = {c for row in _table_texts(doc) for c in row if re.fullmatch(r"[\d.]+(,\d+)?", c)}
    missing = [n for n in numbers if n not in pdf_text]
    assert not missing, missing[:10]
    assert "NAMA GUBERNUR" in pdf_text and "GUBERNUR KALIMANTAN UTARA," in pdf_text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_accepts_the_docx(annual_docx, tmp_path):
    profile = tmp_path / "profile"
    run = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                          "--convert-to", "pdf", "--outdir", str(tmp_path), str(annual_docx["path"])],
                         capture_output=True, text=True, timeout=240)
    pdf = tmp_path / (annual_docx["path"].stem + ".pdf")
    assert run.returncode == 0 and pdf.exists(), run.stderr
    from pypdf import PdfReader

    assert len(PdfReader(pdf).pages) > 10


def test_sample_config_builds_docx(triwulan_docx):
    from docx import Document as open_docx

    docx_path = next(p for p in triwulan_docx.outputs if p.suffix == ".docx")
    assert docx_path.name == "laporan-triwulan-65-2025-tw3.docx"
    doc = open_docx(docx_path)
    texts = "\n".join(p.text for p in doc.paragraphs)
    assert "TRIWULAN III TAHUN 2025" in texts and "LAMPIRAN II" in texts
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["Batas akhir input e-SPM", "20 Oktober 2025"] in cells
    pendidikan = next(r for r in cells if r[:2] == ["1", "Pendidikan Menengah"] and len(r) == 8)
    assert pendidikan[2:6] == ["40.657", "26.435", "14.222", "65,02"]


def test_sample_config_builds_pdf(tmp_path):
    from pypdf import PdfReader

    (pdf_path,) = build_report(TRIWULAN, ("pdf",), out_dir=tmp_path).outputs
    reader = PdfReader(pdf_path)
    first = reader.pages[0].extract_text()
    assert "TRIWULAN III TAHUN 2025" in first and "20 Oktober 2025" in first
    assert any(page.mediabox.width > page.mediabox.height for page in reader.pages)
    assert "Rekapitulasi Capaian SPM" in "".join(page.extract_text() for page in reader.pages)


def test_sample_config_builds_docx_with_repeated_matrix_headers(rencana_docx):
    from docx import Document as open_docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn

    docx_path = next(p for p in rencana_docx.outputs if p.suffix == ".docx")
    assert docx_path.name == "rencana-aksi-65.01-2026-2030.docx"
    doc = open_docx(docx_path)
    assert WD_ORIENT.LANDSCAPE in [s.orientation for s in doc.sections]
    matrices = [t for t in doc.tables
                if len(t.rows) > 1 and "Pagu (Rp ribu)" in " ".join(c.text for c in t.rows[1].cells)]
    captions = [p.text for p in doc.paragraphs if re.match(r"Tabel 4\.\d Matriks", p.text)]
    assert len(captions) == 6 and len(matrices) >= 6  # a matrix running over pages is one table per page
    for table in matrices:
        repeated = [row for row in table.rows if row._tr.find(qn("w:trPr")) is not None
                    and row._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None]
        assert len(repeated) == 3
    texts = "\n".join(p.text for p in doc.paragraphs)
    assert "RENCANA AKSI PENERAPAN" in texts and "TAHUN 2026–2030" in texts
    cells = [[c.text for c in row.cells] for t in matrices for row in t.rows]
    hipertensi = next(r for r in cells if r[2] == "Pelayanan kesehatan penderita hipertensi")
    assert hipertensi[5:15:2] == ["75,00", "82,00", "88,00", "94,00", "100,00"]
    surveilans = next(r for r in cells if r[1] == "1.02.02.2.02.0020")
    assert surveilans[6] == "250.000" and surveilans[14] == "290.000"


def test_sample_config_builds_a_pdf_whose_landscape_pages_repeat_the_header(tmp_path):
    from pypdf import PdfReader

    (pdf_path,) = build_report(RENCANA, ("pdf",), out_dir=tmp_path).outputs
    assert pdf_path.name == "rencana-aksi-65.01-2026-2030.pdf"
    reader = PdfReader(pdf_path)
    landscape = [page.extract_text() for page in reader.pages if page.mediabox.width > page.mediabox.height]
    with_rows = [text for text in landscape if SUB_KEGIATAN.search(text)]
    continued = [text for text in with_rows if "Tabel 4." not in text]
    assert len(with_rows) >= 6 and continued
    for text in with_rows:
        assert "Pagu (Rp" in text and "Penanggung" in text and "T5 2030" in text
    assert reader.metadata.title == ("Rencana Aksi Penerapan Standar Pelayanan Minimal Kabupaten Bulungan "
                                     "Tahun 2026–2030")
