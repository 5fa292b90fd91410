"""The electronic signature (TTE) block in both renderers: caption, QR code, footer and its room."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from pypdf import PdfReader

from demo_document import build_demo_document
from spmdocs.model import ElectronicSignature, Layout, Margins, SignatureBlock
from spmdocs.render.docx import render_docx
from spmdocs.render.pdf import render_pdf

PAYLOAD = "https://tte.kaltaraprov.go.id/verifikasi?nomor=100.3/123/2026&nip=197001011995031001"
CAPTION = "Ditandatangani secara elektronik oleh:"
FOOTER = ("Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang "
          "diterbitkan oleh Balai Besar Sertifikasi Elektronik (BSrE), Badan Siber dan Sandi Negara (BSSN).")
POPPLER = shutil.which("pdftoppm") is not None


def electronic(every_page: bool = True, layout: Layout | None = None):
    """The demo document with both signature blocks signed electronically."""
    document = build_demo_document(layout)
    tte = ElectronicSignature(qr_payload=PAYLOAD, caption=CAPTION, footer=FOOTER,
                              footer_on_every_page=every_page)
    sections = tuple(dataclasses.replace(section, blocks=tuple(
        dataclasses.replace(b, tte=tte) if isinstance(b, SignatureBlock) else b for b in section.blocks))
        for section in document.sections)
    return dataclasses.replace(document, sections=sections)


def _decode(png: Path | bytes) -> list[str]:
    import zxingcpp
    from PIL import Image

    image = Image.open(io.BytesIO(png) if isinstance(png, bytes) else png)
    return [r.text for r in zxingcpp.read_barcodes(image.convert("L"))]


def _signature_pages(reader: PdfReader) -> list[int]:
    return [i for i, page in enumerate(reader.pages) if CAPTION in page.extract_text()]


def _lines(page) -> list[tuple[float, str]]:
    found = []
    page.extract_text(visitor_text=lambda text, cm, tm, font, size: found.append(
        (tm[5] * cm[3] + cm[5], text.strip())) if text.strip() else None)
    return found


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory) -> Path:
    return render_pdf(electronic(), tmp_path_factory.mktemp("tte") / "tte.pdf")


def test_pdf_block_prints_caption_jabatan_qr_and_name_instead_of_the_wet_signature(pdf_path):
    reader = PdfReader(pdf_path)
    pages = _signature_pages(reader)
    assert len(pages) == 2
    text = reader.pages[pages[0]].extract_text()
    lines = [line.strip() for line in text.splitlines()]
    start = lines.index("Tanjung Selor, 19 Januari 2026")
    assert lines[start:start + 4] == ["Tanjung Selor, 19 Januari 2026", CAPTION, "GUBERNUR KALIMANTAN UTARA,",
                                      "ZAINAL ARIFIN PALIWANG"]
    landscape = [line.strip() for line in reader.pages[pages[1]].extract_text().splitlines()]
    assert "a.n. GUBERNUR KALIMANTAN UTARA" in landscape and "NIP 19700101 199503 1 001" in landscape


@pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed")
def test_pdf_qr_code_is_drawn_natively_and_decodes_to_the_payload(pdf_path, tmp_path):
    reader = PdfReader(pdf_path)
    page = _signature_pages(reader)[0] + 1
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", str(page), "-l", str(page), str(pdf_path),
                    str(tmp_path / "p")], check=True)
    assert _decode(next(tmp_path.glob("p-*.png"))) == [PAYLOAD]
    resources = reader.pages[page - 1]["/Resources"]
    assert "/XObject" not in resources or not any(
        x.get_object()["/Subtype"] == "/Image" for x in resources["/XObject"].values())
    fonts = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True).stdout
    assert "Helvetica" not in fonts and "LiberationSans" in fonts


def test_pdf_footer_stands_at_the_foot_of_every_page_below_the_body(pdf_path):
    for page in PdfReader(pdf_path).pages:
        lines = _lines(page)
        footer = [y for y, text in lines if "Dokumen ini telah ditandatangani" in text]
        assert len(footer) == 1
        body = [y for y, text in lines if y > footer[0] + 12]
        assert body and min(body) - footer[0] > 25  # footer (two lines) and the 4 mm gap under the body


def test_pdf_body_makes_room_when_the_bottom_margin_is_too_small_for_the_footer(tmp_path):
    layout = Layout(margins=Margins(bottom_mm=8.0))
    reader = PdfReader(render_pdf(electronic(layout=layout), tmp_path / "sempit.pdf"))
    for page in reader.pages:
        lines = _lines(page)
        footer_top = max(y for y, text in lines if "BSrE" in text or "Dokumen ini" in text)
        body = [y for y, text in lines if "BSrE" not in text and "Dokumen ini" not in text]
        assert min(body) > footer_top + 8  # the footer's top line and the rule stay clear of the body


def test_pdf_footer_under_the_block_appears_only_there(tmp_path):
    reader = PdfReader(render_pdf(electronic(every_page=False), tmp_path / "bawah.pdf"))
    pages = _signature_pages(reader)
    for number, page in enumerate(reader.pages):
        text = page.extract_text()
        assert ("Dokumen ini telah ditandatangani" in text) == (number in pages)
    lines = [line.strip() for line in reader.pages[pages[0]].extract_text().splitlines()]
    assert lines[lines.index("ZAINAL ARIFIN PALIWANG") + 1].startswith("Dokumen ini telah ditandatangani")


@pytest.fixture(scope="module")
def docx_path(tmp_path_factory) -> Path:
    return render_docx(electronic(), tmp_path_factory.mktemp("tte-docx") / "tte.docx")


def _signature_table(document):
    return next(t for t in document.tables if CAPTION in "".join(c.text for c in t._cells))


def test_docx_block_has_the_lines_and_the_qr_picture_that_decodes_to_the_payload(docx_path):
    document = open_docx(docx_path)
    table = _signature_table(document)
    right = table.rows[0].cells[1]
    assert [p.text for p in right.paragraphs] == ["Tanjung Selor, 19 Januari 2026", CAPTION,
                                                  "GUBERNUR KALIMANTAN UTARA,", "", "ZAINAL ARIFIN PALIWANG"]
    name = right.paragraphs[-1].runs[0]
    assert name.bold and name.underline
    picture = right.paragraphs[3]._p.find(".//" + qn("a:blip"))
    blob = document.part.related_parts[picture.get(qn("r:embed"))].blob
    assert _decode(blob) == [PAYLOAD]
    extent = right.paragraphs[3]._p.find(".//" + qn("wp:extent"))
    assert int(extent.get("cx")) == int(extent.get("cy")) == 900000  # 25 mm
    inline = right.paragraphs[3]._p.find(".//" + qn("wp:inline"))
    assert [inline.get(side) for side in ("distT", "distB", "distL", "distR")] == ["0"] * 4


def test_docx_footer_is_on_the_first_and_every_following_page(docx_path):
    document = open_docx(docx_path)
    first = document.sections[0]
    for footer in (first.first_page_footer, first.footer):
        assert not footer.is_linked_to_previous
        assert [p.text for p in footer.paragraphs] == [FOOTER]
        border = footer.paragraphs[0]._p.find(".//" + qn("w:pBdr"))
        assert border is not None
    for section in document.sections[1:]:
        assert section.footer.is_linked_to_previous


def test_docx_footer_under_the_block_has_no_page_footer(tmp_path):
    path = render_docx(electronic(every_page=False), tmp_path / "bawah.docx")
    document = open_docx(path)
    assert all(s.footer.is_linked_to_previous for s in document.sections)
    with zipfile.ZipFile(path) as archive:
        assert not any(name.startswith("word/footer") for name in archive.namelist())
    body = document.element.body
    table = _signature_table(document)._tbl
    follower = table.getnext()
    assert "".join(t.text for t in follower.iter(qn("w:t"))) == FOOTER
    assert body.index(follower) == body.index(table) + 1


def test_both_renderers_give_the_same_bytes_again(tmp_path):
    assert render_docx(electronic(), tmp_path / "a.docx").read_bytes() == \
        render_docx(electronic(), tmp_path / "b.docx").read_bytes()
    assert render_pdf(electronic(), tmp_path / "a.pdf").read_bytes() == \
        render_pdf(electronic(), tmp_path / "b.pdf").read_bytes()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or not POPPLER, reason="LibreOffice or poppler missing")
def test_word_file_shows_the_qr_and_the_footer_on_every_page_in_libreoffice(docx_path, tmp_path):
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file:///tmp/lo-test-{os.getpid()}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_path)],
                   check=True, timeout=180, capture_output=True)
    pdf = tmp_path / "tte.pdf"
    reader = PdfReader(pdf)
    for page in reader.pages:
        lines = [line for line in page.extract_text().splitlines() if line.strip()]
        assert re.sub(r"\s+", " ", " ".join(lines[-2:])).endswith("Badan Siber dan Sandi Negara (BSSN).")
    page = _signature_pages(reader)[0] + 1
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", str(page), "-l", str(page), str(pdf),
                    str(tmp_path / "p")], check=True)
    assert _decode(next(tmp_path.glob("p-*.png"))) == [PAYLOAD]
