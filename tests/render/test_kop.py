"""The kop as drawn: Word, LibreOffice and the PDF print the lines compose broke, beside the logo."""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from spmdocs.compose.blocks import KOP_LOGO_GAP_MM, kop_block
from spmdocs.config import Kop as KopConfig
from spmdocs.model import Document, DocumentInfo, Layout, Paragraph, Section
from spmdocs.render._ooxml import TWIPS_PER_MM
from spmdocs.render.docx import render_docx, render_docx_bytes
from spmdocs.render.pdf import render_pdf_bytes

LOGO = Path(__file__).resolve().parents[2] / "templates" / "logo-daerah.png"
MM = 72 / 25.4
BODY = "Bersama ini kami sampaikan laporan penerapan SPM."
LONG_KOP = KopConfig(
    pemerintah="Pemerintah Provinsi Kalimantan Utara",
    perangkat_daerah=("Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga "
                      "Berencana serta Pemberdayaan Masyarakat dan Desa, Kalimantan Utara"),
    alamat=["Jalan Kolonel H. Soetadji Nomor 1, Kelurahan Tanjung Selor Hilir, Kecamatan Tanjung Selor, "
            "Kabupaten Bulungan, Kalimantan Utara 77212",
            "Telepon (0552) 2021234, Laman: www.dp3appkb.kaltaraprov.go.id, Pos-el: dp3appkb@kaltaraprov.go.id"],
    logo=LOGO)
SHORT_KOP = KopConfig(pemerintah="Pemerintah Provinsi Kalimantan Utara", alamat=["Jalan Kolonel H. Soetadji"],
                      logo=LOGO)


def _document(config: KopConfig) -> Document:
    layout = Layout()
    return Document(info=DocumentInfo(title="Uji kop", author="Pemerintah"), layout=layout,
                    kop=kop_block(config, layout),
                    sections=(Section((Paragraph.of(BODY),), numbering="arabic"),))


Box = tuple[float, float, float, float]


def _page_one(pdf: bytes) -> tuple[list[Box], dict[str, Box], float, list[Box]]:
    """Page 1's images, its text rows (text → left, right, top, bottom in mm from the top left),
    the page width in mm and the lines drawn across the text width (the kop's rule)."""
    page = pdfium.PdfDocument(pdf)[0]
    width, height = page.get_size()

    def box(left, bottom, right, top):
        return left / MM, right / MM, (height - top) / MM, (height - bottom) / MM

    images = [box(*obj.get_bounds()) for obj in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_IMAGE])]
    rules = [b for b in (box(*obj.get_bounds()) for obj in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_PATH]))
             if b[1] - b[0] > 100 and b[3] - b[2] < 3]
    text = page.get_textpage()
    rows = {}
    for index in range(text.count_rects()):
        rect = text.get_rect(index)
        rows[text.get_text_bounded(*rect).strip()] = box(*rect)
    return images, rows, width / MM, rules


def test_the_pdf_draws_every_kop_line_right_of_the_logo_and_inside_the_margin():
    document = _document(LONG_KOP)
    kop, layout = document.kop, document.layout
    images, rows, page_width, _ = _page_one(render_pdf_bytes(document)[0])
    (logo,) = images
    assert logo[0] == pytest.approx(layout.margins.left_mm, abs=0.1)
    for line in kop.lines:
        left, right, _, _ = rows[line.text]
        assert left >= logo[1] + KOP_LOGO_GAP_MM - 0.2, line
        assert right <= page_width - layout.margins.right_mm, line
    assert len(kop.lines) > 5


def test_a_taller_kop_moves_its_rule_and_the_body_down_in_the_pdf():
    tops = {}
    for name, config in (("short", SHORT_KOP), ("long", LONG_KOP)):
        document = _document(config)
        _, rows, _, rules = _page_one(render_pdf_bytes(document)[0])
        last_kop_line = rows[document.kop.lines[-1].text]
        tops[name] = rows[BODY][2]
        assert len(rules) == 2 and all(last_kop_line[3] < rule[2] < rule[3] < tops[name] for rule in rules)
        body_top = document.kop.body_top_mm(document.layout)
        assert body_top <= tops[name] < body_top + 3
    assert tops["long"] > tops["short"] + 15


def _kop_table(docx: bytes):
    header = open_docx(io.BytesIO(docx)).sections[0].first_page_header
    (table,) = header._element.iter(qn("w:tbl"))
    return table


def test_word_prints_the_lines_compose_broke_in_a_column_at_least_as_wide_as_they_were_broken_for():
    document = _document(LONG_KOP)
    kop = document.kop
    table = _kop_table(render_docx_bytes(document))
    logo_cell, text_cell, _ = table.iter(qn("w:tc"))
    texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in text_cell.iter(qn("w:p"))]
    assert texts == [line.text for line in kop.lines]
    widths = [int(col.get(qn("w:w"))) for col in table.iter(qn("w:gridCol"))]
    assert widths[1] == math.ceil(kop.text_width_mm * TWIPS_PER_MM)
    assert widths[0] >= (kop.logo_height_mm / kop.logo_aspect + KOP_LOGO_GAP_MM) * TWIPS_PER_MM - 1
    assert sum(widths) == round(document.layout.text_width_mm() * TWIPS_PER_MM)
    (jc,) = logo_cell.iter(qn("w:jc"))
    assert jc.get(qn("w:val")) == "left"
    (inline,) = logo_cell.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}inline")
    assert [inline.get(side) for side in ("distL", "distR")] == ["0", "0"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_breaks_the_word_kop_where_the_pdf_does_and_puts_it_in_the_same_place(tmp_path):
    document = _document(LONG_KOP)
    docx = render_docx(document, tmp_path / "kop.docx")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file:///tmp/lo-test-{os.getpid()}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"), str(docx)],
                   check=True, timeout=120, capture_output=True)
    lo_images, lo_rows, _, _ = _page_one((tmp_path / "lo" / "kop.pdf").read_bytes())
    pdf_images, pdf_rows, _, _ = _page_one(render_pdf_bytes(document)[0])
    assert lo_images[0][:2] == pytest.approx(pdf_images[0][:2], abs=0.2)
    for line in document.kop.lines:
        assert lo_rows[line.text][:2] == pytest.approx(pdf_rows[line.text][:2], abs=0.3), line
    assert lo_rows[BODY][2] == pytest.approx(pdf_rows[BODY][2], abs=5.0)
