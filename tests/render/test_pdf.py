"""Tests for the PDF renderer: pages, fonts, numbering, Daftar Isi, tables, metadata, determinism."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader

from demo_document import build_demo_document
from spmdocs.errors import RenderError
from spmdocs.model import (
    A4, Cell, Column, Document, DocumentInfo, Heading, Layout, Paragraph, Run, Section, Table,
    Spacer, TableOfContents,
)
from spmdocs.render.pdf import render_pdf

MM = 72 / 25.4
PAGE_NUMBER = re.compile(r"^- (\w+) -$")
TOC_LINE = re.compile(r"^(?P<text>.+?)\s*(?:\.\s*){3,}(?P<label>\w+)$")


def page_lines(page) -> list[tuple[float, float, str]]:
    """The page's text as (baseline y, left x, text) lines, top of the page first."""
    fragments = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            fragments.append((y, x, text.strip()))

    page.extract_text(visitor_text=visit)
    fragments.sort(key=lambda f: (-f[0], f[1]))
    lines: list[list] = []
    for y, x, text in fragments:
        if lines and abs(lines[-1][0] - y) < 2:
            lines[-1][2].append((x, text))
        else:
            lines.append([y, x, [(x, text)]])
    return [(y, min(part[0] for part in parts), " ".join(t for _, t in sorted(parts)))
            for y, _, parts in lines]


def printed_label(page) -> str | None:
    """The page label printed at the top of the page ("- 2 -" gives "2"), or None."""
    lines = page_lines(page)
    if lines:
        match = PAGE_NUMBER.match(lines[0][2])
        if match:
            return match.group(1)
    return None


def outline_titles(reader: PdfReader) -> list[tuple[int, str]]:
    """(depth, title) for every bookmark, in document order."""
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title))

    walk(reader.outline, 0)
    return out


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory) -> Path:
    return render_pdf(build_demo_document(), tmp_path_factory.mktemp("pdf") / "demo.pdf")


@pytest.fixture(scope="module")
def reader(demo_pdf) -> PdfReader:
    return PdfReader(demo_pdf)


def test_pdf_opens_with_a_sensible_page_count(reader):
    assert 8 <= len(reader.pages) <= 14


def test_page_count_told_by_the_layout_is_the_files(demo_document, tmp_path):
    from spmdocs.render.pdf import render_pdf_pages

    target = tmp_path / "laporan.pdf"
    pages = render_pdf_pages(demo_document, target)
    assert pages == len(PdfReader(target).pages) > 1


def test_write_is_atomic_and_returns_target(demo_document, tmp_path):
    target = tmp_path / "out" / "laporan.pdf"
    assert render_pdf(demo_document, target) == target
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in target.parent.iterdir()] == ["laporan.pdf"]


def test_f4_portrait_and_landscape_page_sizes(reader):
    width, height = 215 * MM, 330 * MM
    assert float(reader.pages[0].mediabox.width) == pytest.approx(609.4, abs=0.1)
    assert float(reader.pages[0].mediabox.height) == pytest.approx(935.4, abs=0.1)
    landscape_from = next(i for i, page in enumerate(reader.pages)
                          if "NOMOR 100.3/123/2026" in page.extract_text())
    for index, page in enumerate(reader.pages):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        expected = (height, width) if index >= landscape_from else (width, height)
        assert size == pytest.approx(expected, abs=0.1), f"page {index + 1}"
    assert landscape_from < len(reader.pages) - 1  # the wide table continues on a second page


def test_a4_layout(tmp_path):
    pdf = PdfReader(render_pdf(build_demo_document(Layout(page=A4)), tmp_path / "a4.pdf"))
    first, last = pdf.pages[0].mediabox, pdf.pages[-1].mediabox
    assert (float(first.width), float(first.height)) == pytest.approx((595.3, 841.9), abs=0.1)
    assert (float(last.width), float(last.height)) == pytest.approx((841.9, 595.3), abs=0.1)


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts not installed")
def test_every_font_is_embedded_and_none_is_helvetica(demo_pdf):
    output = subprocess.run(["pdffonts", str(demo_pdf)], check=True, capture_output=True,
                            text=True).stdout
    rows = output.splitlines()[2:]
    assert rows
    for row in rows:
        assert "LiberationSans" in row
        assert row.split()[-5] == "yes", row  # the "emb" column
    assert "Helvetica" not in output


def test_no_helvetica_anywhere(demo_pdf):
    assert b"Helvetica" not in demo_pdf.read_bytes()


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")
def test_qpdf_check_passes(demo_pdf):
    result = subprocess.run(["qpdf", "--check", str(demo_pdf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_page_numbers_at_the_top_none_on_first_page(reader):
    assert printed_label(reader.pages[0]) is None
    labels = [printed_label(page) for page in reader.pages]
    assert labels[1:3] == ["i", "ii"]  # front matter in Roman numerals, restarted at i
    assert labels[3] == "1"  # main text restarts at 1
    assert labels[3:] == [str(n) for n in range(1, len(labels) - 2)]  # lampiran continues
    for page in reader.pages[1:]:
        y, _, text = page_lines(page)[0]
        assert text.startswith("- ") and text.endswith(" -")
        assert y > float(page.mediabox.height) - 20 * MM  # in the header area, above the body


def test_pdf_page_labels_match_printed_numbers(reader):
    assert reader.page_labels[1:] == [printed_label(page) for page in reader.pages[1:]]


def test_toc_labels_equal_the_labels_printed_where_headings_are(reader):
    toc_index = next(i for i, page in enumerate(reader.pages)
                     if any(line[2] == "DAFTAR ISI" for line in page_lines(page)))
    entries = {}
    for _, _, text in page_lines(reader.pages[toc_index]):
        match = TOC_LINE.match(text)
        if match:
            entries[match.group("text")] = match.group("label")
    document = build_demo_document()
    expected = [h for h in document.headings() if h.in_toc and h.level <= 2]
    assert list(entries) == [h.toc_text for h in expected]
    for heading in expected:
        pages = [i for i, page in enumerate(reader.pages) if i != toc_index
                 and any(heading.title in line[2] for line in page_lines(page))]
        assert pages, heading.title
        assert entries[heading.toc_text] == printed_label(reader.pages[pages[0]]), heading
    assert entries["KATA PENGANTAR"] == "i"
    assert entries["BAB I PENDAHULUAN"] == "1"


def test_bookmarks_nested_by_level(reader):
    titles = outline_titles(reader)
    assert (0, "BAB I PENDAHULUAN") in titles
    assert (0, "BAB II PENERAPAN DAN PENCAPAIAN SPM") in titles
    assert (0, "BAB IV PENUTUP") in titles
    assert (1, "A. Latar Belakang") in titles
    assert (2, "3. Realisasi") in titles
    assert all(title != "DAFTAR ISI" for _, title in titles)  # in_toc=False


def test_kop_only_on_first_page(reader):
    pages = [i for i, page in enumerate(reader.pages)
             if "Jalan Kolonel Soetadji" in page.extract_text()]
    assert pages == [0]


def test_capaian_header_repeats_on_every_page_of_the_table(reader):
    pages = [page for page in reader.pages if "Pelayanan kesehatan nomor" in page.extract_text()]
    assert len(pages) >= 2
    for page in pages:
        text = page.extract_text()
        assert "Jenis Pelayanan Dasar" in text and "Capaian (%)" in text
        assert "(1) (2) (3) (4) (5) (6)" in [line[2] for line in page_lines(page)]


def test_signature_on_the_right_half(reader):
    layout = Layout()
    for name in ("ZAINAL ARIFIN PALIWANG", "Dr. H. DENNY HARIANTO, S.H., M.Si."):
        page = next(p for p in reader.pages if name in p.extract_text())
        width = float(page.mediabox.width)
        left = layout.margins.left_mm * MM
        middle = left + (width - left - layout.margins.right_mm * MM) / 2
        x = next(line[1] for line in page_lines(page) if line[2] == name)
        assert x == pytest.approx(middle, abs=1)


def test_lampiran_heading_at_top_right(reader):
    page = next(p for p in reader.pages if "NOMOR 100.3/123/2026" in p.extract_text())
    lines = page_lines(page)
    assert lines[1][2] == "LAMPIRAN I"
    assert lines[1][1] > float(page.mediabox.width) / 2


def test_special_characters_survive(tmp_path):
    document = Document(
        info=DocumentInfo(title="Uji & <tanda>", author="A"),
        sections=(Section(blocks=(
            TableOfContents(),
            Heading(1, "SARANA & PRASARANA <UMUM>", number="BAB III", page_break_before=True),
            Paragraph(runs=(Run("Nilai a < b & c > d", bold=True),
                            Run(" serta <i>bukan miring</i>"))),
            Table(columns=(Column(), Column()), header=((Cell("x < y"), Cell("p & q")),),
                  body=((Cell("1 > 0"), Cell("&amp;")),)),
        )),),
    )
    pdf = PdfReader(render_pdf(document, tmp_path / "escape.pdf"))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    for expected in ("SARANA & PRASARANA <UMUM>", "Nilai a < b & c > d",
                     "serta <i>bukan miring</i>", "x < y", "p & q", "1 > 0", "&amp;"):
        assert expected in text
    toc = [line[2] for line in page_lines(pdf.pages[0])]
    assert any(TOC_LINE.match(line) and line.startswith("BAB III SARANA & PRASARANA <UMUM>")
               for line in toc)
    assert (0, "BAB III SARANA & PRASARANA <UMUM>") in outline_titles(pdf)
    assert pdf.metadata.title == "Uji & <tanda>"


def test_sections_without_numbers_keep_counting(tmp_path):
    para = Paragraph.of("Isi halaman.")
    document = Document(
        info=DocumentInfo(title="t", author="a"),
        sections=(Section(blocks=(para,)), Section(blocks=(para,), numbering="none"),
                  Section(blocks=(para,)), Section(blocks=(para,), restart_numbering=True)),
    )
    pdf = PdfReader(render_pdf(document, tmp_path / "n.pdf"))
    assert [printed_label(page) for page in pdf.pages] == [None, None, "3", "1"]


def test_metadata(reader):
    info = reader.metadata
    assert info.title == "Laporan Penerapan SPM Tahun 2025"
    assert info.author == "Pemerintah Provinsi Kalimantan Utara"
    assert info.subject == "Standar Pelayanan Minimal"
    assert info["/Keywords"] == "SPM, 2025"
    assert info["/CreationDate"] == "D:20260119090000"
    assert info["/ModDate"] == "D:20260119090000"


def test_two_renders_are_byte_identical(demo_document, tmp_path):
    first = render_pdf(demo_document, tmp_path / "one.pdf").read_bytes()
    second = render_pdf(demo_document, tmp_path / "two.pdf").read_bytes()
    assert first == second


@pytest.mark.parametrize("created, stamp", [
    (datetime(2025, 12, 31, 23, 59), "D:20251231235900"),
    (datetime(2026, 1, 19, 9, 0, tzinfo=timezone(timedelta(hours=8))), "D:20260119090000+08'00'"),
])
def test_creation_date_comes_from_the_document(tmp_path, created, stamp):
    document = Document(info=DocumentInfo(title="t", author="a", created=created),
                        sections=(Section(blocks=(Paragraph.of("x"),)),))
    pdf = PdfReader(render_pdf(document, tmp_path / "d.pdf"))
    assert pdf.metadata["/CreationDate"] == stamp


def test_unknown_font_family_uses_liberation_sans(tmp_path):
    document = Document(info=DocumentInfo(title="t", author="a"),
                        sections=(Section(blocks=(Paragraph.of("x", bold=True),)),),
                        layout=Layout(font_family="Bookman Old Style"))
    data = render_pdf(document, tmp_path / "f.pdf").read_bytes()
    assert b"LiberationSans-Bold" in data and b"Helvetica" not in data


def test_long_toc_spans_pages_with_correct_labels(tmp_path):
    blocks = []
    for chapter in range(1, 31):
        blocks.append(Heading(1, f"JUDUL {chapter}", number=f"BAB {chapter}",
                              page_break_before=True))
        for letter in "ABC":
            blocks.append(Heading(2, f"Uraian {chapter}{letter}", number=f"{letter}."))
            blocks.append(Paragraph.of("isi " * 200))
    document = Document(
        info=DocumentInfo(title="t", author="a"),
        sections=(Section(blocks=(Heading(1, "DAFTAR ISI", in_toc=False), TableOfContents()),
                          numbering="roman"),
                  Section(blocks=tuple(blocks), restart_numbering=True)),
    )
    pdf = PdfReader(render_pdf(document, tmp_path / "toc.pdf"))
    main_from = next(i for i, page in enumerate(pdf.pages) if printed_label(page) == "1")
    assert main_from >= 3  # 120 entries need more than two pages
    entries = {}
    for page in pdf.pages[:main_from]:
        for _, _, text in page_lines(page):
            match = TOC_LINE.match(text)
            if match:
                entries[match.group("text")] = match.group("label")
    assert len(entries) == 120
    assert entries["BAB 1 JUDUL 1"] == "1"  # no blank page between the section break and BAB 1
    for text, label in entries.items():
        title = text.split(" ", 2)[2] if text.startswith("BAB") else text.split(" ", 1)[1]
        page = next(p for p in pdf.pages[main_from:]
                    if any(line[2].endswith(title) for line in page_lines(p)))
        assert printed_label(page) == label, text


def test_very_tall_cell_splits_across_pages(tmp_path):
    words = " ".join(f"kata{i}" for i in range(5000))
    table = Table(columns=(Column(1, "center"), Column(6)),
                  header=((Cell("No"), Cell("Uraian")),),
                  body=((Cell("1"), Cell(words)), (Cell("2"), Cell("akhir"))))
    document = Document(info=DocumentInfo(title="t", author="a"),
                        sections=(Section(blocks=(Heading(1, "LAMPIRAN"), table)),))
    pdf = PdfReader(render_pdf(document, tmp_path / "tall.pdf"))
    assert len(pdf.pages) >= 3
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "kata0" in text and "kata4999" in text and "akhir" in text
    for page in pdf.pages:
        assert "Uraian" in page.extract_text()  # header repeated above every piece of the cell


def test_row_with_too_many_cells_is_a_render_error(tmp_path):
    table = Table(columns=(Column(),), header=(), body=((Cell("a"), Cell("b")),), number_row=False)
    document = Document(info=DocumentInfo(title="t", author="a"),
                        sections=(Section(blocks=(table,)),))
    with pytest.raises(RenderError):
        render_pdf(document, tmp_path / "bad.pdf")
    assert not (tmp_path / "bad.pdf").exists()


def test_caption_and_table_starting_anywhere_on_a_page_render(tmp_path):
    """A captioned table that starts near the bottom of a page must move on, never crash."""
    table = Table(columns=(Column(1.0), Column(1.0, "right")),
                  header=((Cell("Uraian", bold=True), Cell("Nilai", bold=True)),),
                  body=tuple((Cell(f"Baris {i} " + "uraian panjang " * 12), Cell(str(i)))
                             for i in range(40)),
                  caption="Tabel Uji")
    for filler in range(150, 270, 4):
        document = Document(
            info=DocumentInfo(title="Uji", author="Uji"),
            sections=(Section(blocks=(Spacer(float(filler)), Heading(2, "Judul", number="A."), table)),),
        )
        target = render_pdf(document, tmp_path / f"uji-{filler}.pdf")
        assert "Baris 39" in "".join(page.extract_text() for page in PdfReader(target).pages)


def test_unnumbered_pages_are_labelled_by_their_section_not_numbered(tmp_path):
    from dataclasses import replace

    document = build_demo_document()
    cover = replace(document.sections[0], label="Sampul")
    reader = PdfReader(render_pdf(replace(document, sections=(cover, *document.sections[1:])), tmp_path / "l.pdf"))
    assert reader.page_labels[0] == "Sampul"
    assert reader.page_labels[1] == "i"


def test_lampiran_field_colons_are_one_below_the_other(tmp_path):
    from spmdocs.compose.layout import lay_out
    from spmdocs.model import LampiranHeading

    block = LampiranHeading(("LAMPIRAN I", "LAPORAN"), fields=(("NOMOR", "100/1"), ("TANGGAL", "19 JANUARI 2026")))
    document = lay_out(Document(info=DocumentInfo("Uji", "Uji"), sections=(Section((block,)),)))
    colons = []

    def visit(text, cm, tm, font, size):
        if text.startswith(":"):
            colons.append(round(tm[4] * cm[0] + cm[4], 1))

    PdfReader(render_pdf(document, tmp_path / "l.pdf")).pages[0].extract_text(visitor_text=visit)
    assert len(colons) == 2 and colons[0] == colons[1]


def test_a_figure_is_drawn_at_its_model_size(tmp_path):
    import io as _io

    from PIL import Image

    from spmdocs.model import Figure

    buffer = _io.BytesIO()
    Image.new("RGB", (300, 150), "navy").save(buffer, format="PNG")
    figure = Figure(image=buffer.getvalue(), aspect=0.5, width_mm=100)
    document = Document(info=DocumentInfo("Uji", "Uji"), sections=(Section((figure,)),))
    page = PdfReader(render_pdf(document, tmp_path / "f.pdf")).pages[0]
    content = page.get_contents().get_data().decode("latin-1")
    match = re.search(r"([\d.]+) 0 0 ([\d.]+) 0 0 cm\s+/\S+ Do", content)
    assert match and float(match.group(1)) == pytest.approx(100 * MM, abs=0.05)
    assert float(match.group(2)) == pytest.approx(50 * MM, abs=0.05)


def test_remembered_compression_gives_zlibs_bytes_and_stays_small():
    import os
    import zlib

    from reportlab.pdfbase import pdfdoc

    from spmdocs.render import pdf as pdf_module

    flate = pdfdoc.PDFZCompress
    assert isinstance(flate, pdf_module._RememberingFlate) and flate.pdfname == "FlateDecode"
    font = os.urandom(20_000) + b"glyf" * 5000
    assert flate.encode(font) == zlib.compress(font) == flate.encode(font)
    assert flate.encode("kecil ✓") == zlib.compress("kecil ✓".encode("utf8"))
    for n in range(3 * flate.KEPT):
        page = b"BT /F1 12 Tf (%d) Tj ET\n" % n * 400
        assert flate.encode(page) == zlib.compress(page)
    assert pdf_module._deflated.cache_info().currsize == flate.KEPT


def test_pdfs_in_a_row_are_the_bytes_plain_reportlab_compression_gives(demo_document, monkeypatch):
    """The font subsets every PDF embeds are compressed once; the PDFs are those ReportLab's own
    filter writes, the first and the later ones."""
    from reportlab.pdfbase import pdfdoc

    from spmdocs.render.pdf import render_pdf_bytes

    made = [render_pdf_bytes(demo_document)[0] for _ in range(3)]
    monkeypatch.setattr(pdfdoc, "PDFZCompress", pdfdoc.PDFStreamFilterZCompress())
    plain = render_pdf_bytes(demo_document)[0]
    assert made == [plain] * 3


def test_remembered_paragraphs_give_the_bytes_of_paragraphs_parsed_afresh(demo_document, monkeypatch):
    """Markup is parsed once per text and style; the PDFs (headings, labels, underlined names,
    tables) are those of parsing every paragraph again, and no paragraph shares a fragment."""
    from spmdocs.render import pdf as pdf_module

    pdf_module._parsed.clear()
    made = [pdf_module.render_pdf_bytes(demo_document)[0] for _ in range(2)]
    assert len(pdf_module._parsed) > 20
    monkeypatch.setattr(pdf_module, "PARAGRAPHS_KEPT", 0)
    pdf_module._parsed.clear()
    assert made == [pdf_module.render_pdf_bytes(demo_document)[0]] * 2
    assert not pdf_module._parsed
    monkeypatch.undo()

    from reportlab.lib.styles import ParagraphStyle

    style = ParagraphStyle("uji", fontName="Helvetica", fontSize=10)
    first, second = (pdf_module._para("<b><u>NAMA</u></b> & lainnya", style) for _ in range(2))
    assert [vars(f) for f in first.frags] == [vars(f) for f in second.frags]
    assert all(a is not b for a, b in zip(first.frags, second.frags))
    assert all(a.us_lines is not b.us_lines for a, b in zip(first.frags, second.frags))


def test_texts_remembered_with_one_style_share_its_settings():
    """The remembered key of a paragraph holds the style's settings once per style, not once per
    text (some 40 settings: most of what a remembered paragraph took)."""
    from reportlab.lib.styles import ParagraphStyle

    from spmdocs.render import pdf as pdf_module

    pdf_module._parsed.clear()
    style = ParagraphStyle("uji-bersama", fontName="Helvetica", fontSize=10)
    twin = ParagraphStyle("uji-bersama", fontName="Helvetica", fontSize=10)
    for i in range(5):
        pdf_module._para(f"Dinas {i}", style if i % 2 else twin)
    keys = [key for key in pdf_module._parsed if key[0].startswith("Dinas ")]
    assert len(keys) == 5
    assert all(key[2] is keys[0][2] for key in keys)


def test_a_heading_stays_with_the_first_lines_of_a_long_paragraph_where_the_layout_put_it(tmp_path):
    """Platypus would keep a heading with the whole paragraph after it and move both to a new
    page; the layout keeps it with two lines, and so does the PDF."""
    from spmdocs.compose.layout import lay_out
    from spmdocs.model import PageBreak

    lead = [Paragraph.of(f"kata kata kata kata kata kata kata kata {i}.") for i in range(24)]
    heading = Heading(2, "Latar Belakang", number="A.")
    text = Paragraph.of(" ".join(f"isi{i}" for i in range(300)))
    document = lay_out(Document(info=DocumentInfo(title="t", author="a"),
                                sections=(Section((*lead, heading, text)),)))
    assert not any(isinstance(b, PageBreak) for b in document.sections[0].blocks)
    pdf = PdfReader(render_pdf(document, tmp_path / "judul.pdf"))
    first = [line[2] for line in page_lines(pdf.pages[0])]
    assert any(line.endswith("Latar Belakang") for line in first)
    assert any(line.startswith("isi0 ") for line in first)
