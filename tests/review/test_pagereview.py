"""The page review finds each defect it looks for, on documents drawn without the layout step (as
spmdocs drew them before) or made defective on purpose; laid out, the same content passes."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle

from pagereview import compare, review
from spmdocs.compose.layout import lay_out
from spmdocs.model import (Cell, Column, Document, DocumentInfo, Figure, Heading, Kop, KopLine, PageBreak,
                           Paragraph, Section, SignatureBlock, Table, TableOfContents)
from spmdocs.render.pdf import render_pdf

SIGNATURE = SignatureBlock(place_date="Tanjung Selor, 19 Januari 2026",
                           jabatan_lines=("GUBERNUR KALIMANTAN UTARA,",), name="NAMA GUBERNUR")


def _document(*blocks, sections=None, kop=None) -> Document:
    return Document(info=DocumentInfo(title="Uji", author="Uji", created=datetime(2026, 1, 19)),
                    sections=sections or (Section(tuple(blocks)),), kop=kop)


def _pdf(document: Document, tmp_path: Path, name: str = "uji.pdf") -> Path:
    return render_pdf(document, tmp_path / name)


def _kinds(document: Document, tmp_path: Path) -> set[str]:
    return {finding.kind for finding in review(document, _pdf(document, tmp_path))}


def _page_of_lines(count: int) -> list[Paragraph]:
    return [Paragraph.of(f"Baris isi laporan nomor {i} untuk mengisi halaman.") for i in range(count)]


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_signature_pushed_alone_to_a_page_is_found_and_the_layout_brings_lines_along(tmp_path):
    document = _document(*_page_of_lines(28), SIGNATURE)
    assert "signature-alone" in _kinds(document, tmp_path)
    laid = lay_out(document)
    assert "signature-alone" not in _kinds(laid, tmp_path)
    last = laid.sections[0].blocks
    assert isinstance(last[-1], SignatureBlock) and isinstance(last[-3], PageBreak)


def test_a_word_broken_without_a_hyphen_is_found_and_content_widths_avoid_it(tmp_path):
    table = Table(columns=(Column(6.0), Column(0.5, "right")),
                  header=((Cell("Jenis Pelayanan Dasar", bold=True), Cell("Kesenjangan (%)", bold=True)),),
                  body=tuple((Cell(f"Pelayanan {i}"), Cell("12,50", align="right")) for i in range(3)))
    document = _document(table)
    assert "split-word" in _kinds(document, tmp_path)
    assert "split-word" not in _kinds(lay_out(document), tmp_path)


def test_a_word_wider_than_any_column_share_is_hyphenated_at_its_syllables(tmp_path):
    titles = [f"Kesenjangan{i} Penanggulangan{i} Diperhitungkan{i}" for i in range(12)]
    table = Table(columns=tuple(Column() for _ in titles), header=(tuple(Cell(t, bold=True) for t in titles),),
                  body=((*[Cell("1") for _ in titles],),))
    laid = lay_out(_document(table))
    header = next(b for b in laid.sections[0].blocks if isinstance(b, Table)).header[0]
    assert any("\xad" in cell.text for cell in header)
    assert "split-word" not in _kinds(laid, tmp_path)


LOOSE_TEXT = ("Data capaian dilaporkan melalui aplikasi e-SPM pada laman "
              "https://spm.bangda.kemendagri.go.id/laporan/penerapan/2025/provinsi-kalimantan-utara "
              "dan diverifikasi oleh Ditjen Bina Pembangunan Daerah sesuai Permendagrinomor59tahun2021tentangpenerapan "
              "yang berlaku bagi pemerintahan daerah.")


def test_a_loose_justified_line_is_found_and_the_layout_breaks_the_word_after_it(tmp_path):
    from corpus import word_pdfs
    from spmdocs.render.docx import render_docx

    document = _document(Paragraph.of(LOOSE_TEXT, first_line_indent_mm=12.5))
    assert "loose" in _kinds(document, tmp_path)
    laid = lay_out(document)
    assert "loose" not in _kinds(laid, tmp_path)
    word = word_pdfs([render_docx(laid, tmp_path / "uji.docx")], tmp_path / "word")
    assert not [f for f in review(laid, next(iter(word.values()))) if f.kind in ("loose", "split-word")]


def test_a_loose_line_before_an_amount_is_not_a_finding(tmp_path):
    text = ("Alokasi anggaran untuk pemenuhan SPM Tahun 2025 untuk seluruh bidang sebesar "
            "Rp1.234.567.890.123.456.789 dengan realisasi yang dilaporkan oleh perangkat daerah.")
    assert "loose" not in _kinds(lay_out(_document(Paragraph.of(text))), tmp_path)


def test_a_heading_last_on_a_page_is_found(tmp_path):
    document = _document(Paragraph.of("Isi."), Heading(2, "Permasalahan dan Solusi", number="6."), PageBreak(),
                         Paragraph.of("Solusinya."))
    assert "stranded" in _kinds(document, tmp_path)


def test_a_label_at_the_foot_of_a_page_moves_with_its_paragraph(tmp_path):
    label = Paragraph.of("Permasalahan:", bold=True, keep_with_next=True)
    document = _document(*_page_of_lines(29), label, *_page_of_lines(3))
    laid = lay_out(document)
    blocks = laid.sections[0].blocks
    assert isinstance(blocks[blocks.index(label) - 1], PageBreak)
    assert "stranded" not in _kinds(laid, tmp_path)


def _capaian(body, kinds, continued=False) -> Table:
    return Table(columns=(Column(1.0), Column(4.0), Column(1.0, "right")),
                 header=((Cell("Kode", bold=True), Cell("Jenis Pelayanan Dasar", bold=True), Cell("Nilai", bold=True)),),
                 body=tuple(body), row_kinds=tuple(kinds), continued=continued)


def test_a_group_row_cut_from_its_rows_is_found(tmp_path):
    rows = [(Cell("P-1"), Cell("Pelayanan pertama"), Cell("90,00")),
            (Cell("Bidang Pekerjaan Umum", colspan=3, bold=True, shade="EDEDED"),)]
    after = [(Cell("P-2"), Cell("Pelayanan kedua"), Cell("80,00"))]
    document = _document(_capaian(rows, ("item", "group")), PageBreak(), _capaian(after, ("item",), True))
    assert "stranded" in _kinds(document, tmp_path)


def test_a_total_row_alone_under_a_repeated_header_is_found(tmp_path):
    rows = [(Cell(f"P-{i}"), Cell(f"Pelayanan {i}"), Cell("90,00")) for i in range(3)]
    total = [(Cell("Jumlah", colspan=2, bold=True, align="right"), Cell("88,00", bold=True))]
    document = _document(_capaian(rows, ["item"] * 3), PageBreak(), _capaian(total, ("total",), True))
    assert "total-alone" in _kinds(document, tmp_path)


def test_the_layout_keeps_a_group_row_with_its_first_row_and_a_total_with_the_last(tmp_path):
    rows = []
    kinds = []
    for g in range(6):
        rows.append((Cell(f"Bidang {g}", colspan=3, bold=True, shade="EDEDED"),))
        kinds.append("group")
        for i in range(9):
            rows.append((Cell(f"P-{g}-{i}"), Cell(f"Pelayanan {g} nomor {i}"), Cell("90,00")))
            kinds.append("item")
    rows.append((Cell("Jumlah", colspan=2, bold=True, align="right"), Cell("88,00", bold=True)))
    kinds.append("total")
    for lead in range(0, 12, 3):
        laid = lay_out(_document(*_page_of_lines(lead), _capaian(rows, kinds)))
        parts = [b for b in laid.sections[0].blocks if isinstance(b, Table)]
        assert len(parts) > 1
        for part in parts:
            assert part.kind(len(part.body) - 1) != "group"
            assert part.body and not (len(part.body) == 1 and part.kind(0) == "total")
        assert not _kinds(laid, tmp_path) & {"stranded", "total-alone", "split-word"}


def test_a_stretched_picture_is_found(tmp_path):
    document = _document(Figure(image=_png(400, 200), aspect=0.7, width_mm=120))
    assert "image-resolution" in _kinds(document, tmp_path)
    assert "image-resolution" not in _kinds(_document(Figure(image=_png(400, 200), aspect=0.5, width_mm=120)),
                                            tmp_path)


def test_ink_in_the_margin_is_found(tmp_path):
    assert "margin" in _kinds(_document(Figure(image=_png(400, 100), aspect=0.25, width_mm=200)), tmp_path)


def test_a_kop_on_the_cover_and_a_cover_numbered_1_are_found(tmp_path):
    kop = Kop(lines=(KopLine("PEMERINTAH PROVINSI KALIMANTAN UTARA", 14, True),))
    cover = Section((Paragraph.of("LAPORAN PENERAPAN", bold=True, align="center", size_pt=16),
                     Paragraph.of("TAHUN 2025", bold=True, align="center", size_pt=16)), numbering="none")
    body = Section((Heading(1, "PENDAHULUAN", number="BAB I"), Paragraph.of("Isi.")), restart_numbering=True)
    document = _document(sections=(cover, body), kop=kop)
    pdf = _pdf(document, tmp_path)
    assert "kop-on-cover" in {f.kind for f in review(document, pdf)}
    assert "kop-on-cover" not in {f.kind for f in review(replace(document, kop=None), _pdf(replace(document, kop=None),
                                                                                          tmp_path, "b.pdf"))}
    writer = PdfWriter(clone_from=pdf)
    writer.set_page_label(0, 0, style=PageLabelStyle.DECIMAL, start=1)
    numbered = tmp_path / "bernomor.pdf"
    writer.write(numbered)
    assert "page-label" in {f.kind for f in review(document, numbered)}
    assert "page-label" not in {f.kind for f in review(document, pdf)}


def test_a_chapter_starting_on_another_page_is_a_parity_finding(tmp_path):
    sections = (Section((Heading(1, "PENDAHULUAN", number="BAB I"), *_page_of_lines(3),
                         Heading(1, "PENUTUP", number="BAB II"), Paragraph.of("Demikian."))),)
    document = _document(sections=sections)
    shifted = _document(sections=(Section((*sections[0].blocks[:4], PageBreak(), *sections[0].blocks[4:])),))
    same = _pdf(document, tmp_path, "a.pdf")
    assert compare(document, same, same) == []
    findings = compare(document, same, _pdf(shifted, tmp_path, "b.pdf"))
    assert {f.kind for f in findings} == {"parity"}


def test_the_layout_fills_the_daftar_isi_with_the_pages_headings_land_on(tmp_path):
    body = Section((Heading(1, "PENDAHULUAN", number="BAB I"), Paragraph.of("Isi."), PageBreak(),
                    Heading(1, "PENUTUP", number="BAB II"), Paragraph.of("Demikian.")), restart_numbering=True)
    front = Section((Heading(1, "DAFTAR ISI", in_toc=False), TableOfContents()), numbering="roman",
                    restart_numbering=True)
    document = _document(sections=(front, body))
    assert "toc" not in _kinds(document, tmp_path)
    laid = lay_out(document)
    toc = next(b for b in laid.sections[0].blocks if isinstance(b, TableOfContents))
    assert [(e.text, e.label) for e in toc.entries] == [("BAB I PENDAHULUAN", "1"), ("BAB II PENUTUP", "2")]
    pdf = _pdf(laid, tmp_path, "laid.pdf")
    assert "BAB II PENUTUP" in PdfReader(pdf).pages[0].extract_text()
    assert "toc" not in {f.kind for f in review(laid, pdf)}


@pytest.mark.slow
def test_an_empty_or_wrong_word_daftar_isi_is_found(tmp_path):
    from corpus import word_pdfs
    from spmdocs.render.docx import render_docx

    body = Section((Heading(1, "PENDAHULUAN", number="BAB I"), Paragraph.of("Isi."), PageBreak(),
                    Heading(1, "PENUTUP", number="BAB II"), Paragraph.of("Demikian.")), restart_numbering=True)
    front = Section((Heading(1, "DAFTAR ISI", in_toc=False), TableOfContents()), numbering="roman",
                    restart_numbering=True)
    laid = lay_out(_document(sections=(front, body)))
    toc = next(b for b in laid.sections[0].blocks if isinstance(b, TableOfContents))
    wrong = replace(laid, sections=(replace(laid.sections[0], blocks=(
        laid.sections[0].blocks[0], replace(toc, entries=tuple(replace(e, label="9") for e in toc.entries)))),
        *laid.sections[1:]))
    empty = replace(laid, sections=(replace(laid.sections[0], blocks=(
        laid.sections[0].blocks[0], replace(toc, entries=()))), *laid.sections[1:]))
    files = {name: render_docx(doc, tmp_path / f"{name}.docx")
             for name, doc in (("benar", laid), ("salah", wrong), ("kosong", empty))}
    printed = word_pdfs(list(files.values()), tmp_path / "word")
    assert "toc" not in {f.kind for f in review(laid, printed[files["benar"]])}
    assert "toc" in {f.kind for f in review(laid, printed[files["salah"]])}
    assert "toc" in {f.kind for f in review(laid, printed[files["kosong"]])}
