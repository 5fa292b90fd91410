"""Tests of the Word renderer: structure read back with python-docx, validity, determinism, LibreOffice."""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree
from pypdf import PdfReader

from spmdocs.errors import TemplateError
from spmdocs.model import A4
from spmdocs.render.docx import DEFAULT_TEMPLATE, TOC_PLACEHOLDER, render_docx


@pytest.fixture
def rendered(demo_document, tmp_path) -> Path:
    return render_docx(demo_document, tmp_path / "laporan.docx")


def _xml(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


def _header_texts(section) -> tuple[str, str]:
    """(first-page header text, default header text) of a python-docx section, tables included."""
    def text(header):
        return "".join(t.text or "" for t in header._element.iter(qn("w:t")))
    return text(section.first_page_header), text(section.header)


def test_writes_the_file_and_returns_its_path(demo_document, tmp_path):
    target = tmp_path / "keluaran" / "laporan.docx"
    assert render_docx(demo_document, target) == target
    assert target.is_file()
    assert [p.name for p in target.parent.iterdir()] == ["laporan.docx"]


def test_every_heading_has_its_style(demo_document, rendered):
    paragraphs = open_docx(rendered).paragraphs
    for heading in demo_document.headings():
        expected = heading.toc_text.replace(" ", "")
        matches = [p for p in paragraphs if p.text.replace("\n", "").replace("\t", "").replace(" ", "")
                   == expected]
        assert matches, heading
        style = matches[0].style.name
        if heading.level == 1 and not heading.in_toc:
            assert style == "TOC Heading"
        else:
            assert style == f"Heading {heading.level}"
    bab = next(p for p in paragraphs if p.text.startswith("BAB I\n"))
    assert bab.text == "BAB I\nPENDAHULUAN"
    assert bab.paragraph_format.alignment is None  # centred by the Heading 1 style
    assert open_docx(rendered).styles["Heading 1"].paragraph_format.alignment == 1


def test_headings_break_pages_where_the_model_says(rendered):
    paragraphs = open_docx(rendered).paragraphs
    daftar = next(p for p in paragraphs if p.text == "DAFTAR ISI")
    assert daftar.paragraph_format.page_break_before
    bab4 = next(p for p in paragraphs if p.text.startswith("BAB IV"))
    assert bab4.paragraph_format.page_break_before  # from the PageBreak block before it


def test_table_figures_and_escaped_text_round_trip(rendered):
    doc = open_docx(rendered)
    table = doc.tables[0]
    texts = [cell.text for row in table.rows for cell in row.cells]
    assert "Pelayanan kesehatan nomor 1 & lainnya <uji>" in texts
    assert "91,01" in texts and "88,25" in texts and "Tuntas Madya" in texts
    wide = doc.tables[2]
    assert "150.000.000" in [c.text for c in wide.rows[-1].cells]
    assert "&amp;" in _xml(rendered, "word/document.xml")


def test_header_rows_repeat_and_spans_merge(rendered):
    tbl = open_docx(rendered).tables[0]._tbl
    rows = tbl.findall(qn("w:tr"))
    header_flags = [r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for r in rows]
    assert header_flags[:3] == [True, True, True]
    assert not any(header_flags[3:])
    assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows)
    first = rows[0].findall(qn("w:tc"))
    assert len(first) == 5
    no_cell = first[0].find(qn("w:tcPr"))
    assert no_cell.find(qn("w:vMerge")).get(qn("w:val")) == "restart"
    assert first[2].find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}").get(qn("w:val")) == "2"
    second = rows[1].findall(qn("w:tc"))
    assert len(second) == 6
    continued = second[0].find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    assert continued is not None and continued.get(qn("w:val")) in (None, "continue")
    bidang = rows[3].findall(qn("w:tc"))
    assert len(bidang) == 1
    assert bidang[0].find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}").get(qn("w:val")) == "6"
    assert bidang[0].find(f"{qn('w:tcPr')}/{qn('w:shd')}").get(qn("w:fill")) == "EDEDED"
    table = open_docx(Path(rendered)).tables[0]
    assert table.cell(0, 2).text == "Capaian (%)" and table.cell(0, 3).text == "Capaian (%)"
    assert table.cell(1, 0).text == "No"
    assert not any(r.bold for r in table.cell(2, 1).paragraphs[0].runs)  # the "(1) (2)" row, as in the PDF


def test_column_widths_follow_the_model(demo_document, rendered):
    tbl = open_docx(rendered).tables[0]._tbl
    widths = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol"))]
    text_width = demo_document.layout.text_width_mm() * 1440 / 25.4
    assert abs(sum(widths) - text_width) < 6
    assert widths[1] / widths[0] == pytest.approx(5.0 / 0.6, rel=0.01)


@pytest.mark.parametrize("page", [None, A4])
def test_page_size_and_margins_follow_the_layout(demo_document, tmp_path, page):
    layout = demo_document.layout if page is None else dataclasses.replace(demo_document.layout,
                                                                           page=page)
    document = dataclasses.replace(demo_document, layout=layout)
    doc = open_docx(render_docx(document, tmp_path / "laporan.docx"))
    assert len(doc.sections) == len(document.sections)
    for model_section, section in zip(document.sections, doc.sections):
        width, height = layout.page.oriented(model_section.orientation)
        assert abs(section.page_width - Mm(width)) < Mm(0.1)
        assert abs(section.page_height - Mm(height)) < Mm(0.1)
        assert abs(section.left_margin - Mm(layout.margins.left_mm)) < Mm(0.1)
        assert abs(section.right_margin - Mm(layout.margins.right_mm)) < Mm(0.1)
        assert abs(section.top_margin - Mm(layout.margins.top_mm)) < Mm(0.1)
        assert abs(section.bottom_margin - Mm(layout.margins.bottom_mm)) < Mm(0.1)


def test_landscape_section_is_turned(rendered):
    last = open_docx(rendered).sections[-1]
    assert last.orientation == 1  # WD_ORIENT.LANDSCAPE
    assert last.page_width > last.page_height
    assert abs(last.page_width - Mm(330)) < Mm(0.1)


def test_normal_style_is_arial_12(rendered):
    normal = open_docx(rendered).styles["Normal"]
    assert normal.font.name == "Arial"
    assert normal.font.size == Pt(12)
    assert normal.paragraph_format.line_spacing == 1.5
    for level in (1, 2, 3, 4):
        heading = open_docx(rendered).styles[f"Heading {level}"]
        assert heading.font.bold and heading.font.name == "Arial"


def test_table_of_contents_field_and_update_on_open(rendered):
    body = _xml(rendered, "word/document.xml")
    assert 'TOC \\o "1-2" \\f \\h \\z \\u' in body
    assert TOC_PLACEHOLDER in body
    assert '<w:updateFields w:val="true"/>' in _xml(rendered, "word/settings.xml")


def test_kop_only_on_the_first_page_of_the_document(rendered):
    sections = open_docx(rendered).sections
    first_page, default = _header_texts(sections[0])
    assert "PEMERINTAH PROVINSI KALIMANTAN UTARA" in first_page
    assert "Pos-el: setda@kaltaraprov.go.id" in first_page
    assert sections[0].different_first_page_header_footer
    assert "PEMERINTAH" not in default
    for section in sections[1:]:
        assert not section.different_first_page_header_footer
        assert "PEMERINTAH" not in _header_texts(section)[1]
    with zipfile.ZipFile(rendered) as z:
        kop_parts = [n for n in z.namelist() if n.startswith("word/header")
                     and "KALIMANTAN" in z.read(n).decode()]
        assert len(kop_parts) == 1
        rels = z.read(f"word/_rels/{kop_parts[0][5:]}.rels").decode()
        assert "media/" in rels  # the logo


def test_page_numbers_in_headers(rendered):
    sections = open_docx(rendered).sections
    cover, front, main, lampiran = sections
    assert _header_texts(cover)[1] == ""  # numbering="none"
    for section in (front, main, lampiran):
        header = section.header._element
        text = _header_texts(section)[1]
        assert text.startswith("- ") and text.endswith(" -")
        assert any("PAGE" in (i.text or "") for i in header.iter(qn("w:instrText")))
    fmt = lambda s: s._sectPr.find(qn("w:pgNumType"))  # noqa: E731
    assert fmt(front).get(qn("w:fmt")) == "lowerRoman" and fmt(front).get(qn("w:start")) == "1"
    assert fmt(main).get(qn("w:fmt")) == "decimal" and fmt(main).get(qn("w:start")) == "1"
    assert fmt(lampiran).get(qn("w:start")) is None


def test_signature_blocks_filled_and_prototype_gone(rendered):
    with zipfile.ZipFile(rendered) as z:
        for name in z.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                text = z.read(name).decode("utf-8")
                assert "{{" not in text and "{%" not in text, name
    body = _xml(rendered, "word/document.xml")
    for text in ("ZAINAL ARIFIN PALIWANG", "Dr. H. DENNY HARIANTO, S.H., M.Si.",
                 "NIP 19700101 199503 1 001", "Pembina Utama Madya", "a.n. GUBERNUR KALIMANTAN UTARA",
                 "Tanjung Selor, 19 Januari 2026"):
        assert text in body
    doc = open_docx(rendered)
    signatures = [t for t in doc.tables if "ttd" not in t._tbl.xml and len(t.columns) == 2]
    assert len(signatures) == 2
    for table in signatures:
        assert table._tbl.find(f"{qn('w:tr')}/{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
        assert table.rows[0].cells[0].text == ""
    name_run = next(r for p in signatures[0].rows[0].cells[1].paragraphs for r in p.runs
                    if r.text == "ZAINAL ARIFIN PALIWANG")
    assert name_run.bold and name_run.underline
    assert "Pembina" not in signatures[0].rows[0].cells[1].text  # no rincian for a Gubernur
    landscape_width = sum(int(c.get(qn("w:w")))
                          for c in signatures[1]._tbl.tblGrid.findall(qn("w:gridCol")))
    assert landscape_width > sum(int(c.get(qn("w:w")))
                                 for c in signatures[0]._tbl.tblGrid.findall(qn("w:gridCol")))


def test_odd_text_still_gives_valid_xml(demo_document, tmp_path):
    from spmdocs.model import Paragraph, Section
    odd = Section(blocks=(Paragraph.of("A & B <c> \"d\" 'e' \x01\x0b{{ x }} {% y %} ✓"),))
    document = dataclasses.replace(demo_document, sections=demo_document.sections + (odd,))
    path = render_docx(document, tmp_path / "aneh.docx")
    assert any(p.text == "A & B <c> \"d\" 'e' {{ x }} {% y %} ✓" for p in open_docx(path).paragraphs)


def test_every_xml_part_is_well_formed(rendered):
    with zipfile.ZipFile(rendered) as z:
        assert z.namelist()[0] == "[Content_Types].xml"
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(z.read(name))


def test_core_properties_come_from_the_model(demo_document, rendered):
    props = open_docx(rendered).core_properties
    info = demo_document.info
    assert props.title == info.title and props.author == info.author
    assert props.subject == info.subject and props.keywords == "SPM, 2025"
    assert props.created == props.modified
    assert props.created.replace(tzinfo=None) == info.created
    assert props.last_modified_by == info.author and props.revision == 1


def test_two_renders_are_byte_identical(demo_document, tmp_path):
    first = render_docx(demo_document, tmp_path / "a.docx").read_bytes()
    second = render_docx(demo_document, tmp_path / "b.docx").read_bytes()
    assert first == second


def test_missing_template_is_a_template_error(demo_document, tmp_path):
    missing = tmp_path / "tidak-ada.docx"
    with pytest.raises(TemplateError) as info:
        render_docx(demo_document, tmp_path / "x.docx", template=missing)
    assert str(missing) in info.value.format_message()
    assert not (tmp_path / "x.docx").exists()


def test_unreadable_template_is_a_template_error(demo_document, tmp_path):
    broken = tmp_path / "rusak.docx"
    broken.write_bytes(b"bukan zip")
    with pytest.raises(TemplateError, match="rusak.docx"):
        render_docx(demo_document, tmp_path / "x.docx", template=broken)


def test_template_without_body_placeholder_is_a_template_error(demo_document, tmp_path):
    doc = open_docx(DEFAULT_TEMPLATE)
    for paragraph in doc.paragraphs:
        if "body" in paragraph.text:
            paragraph.text = "isi"
    plain = tmp_path / "polos.docx"
    doc.save(plain)
    with pytest.raises(TemplateError) as info:
        render_docx(demo_document, tmp_path / "x.docx", template=plain)
    problem = info.value.problems[0]
    assert problem.location.file == str(plain)
    assert problem.location.part == "word/document.xml"
    assert "{{p body }}" in problem.message


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_to_a_multi_page_pdf(rendered, tmp_path):
    outdir = tmp_path / "pdf"
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file:///tmp/lo-test-{os.getpid()}",
         "--convert-to", "pdf", "--outdir", str(outdir), str(rendered)],
        check=True, timeout=120, capture_output=True,
    )
    pdf = outdir / "laporan.pdf"
    assert pdf.is_file()
    reader = PdfReader(pdf)
    assert len(reader.pages) > 5
    last = reader.pages[-1].mediabox
    assert last.width > last.height  # the landscape lampiran
    assert "PENDAHULUAN" in "".join(page.extract_text() for page in reader.pages)


def test_a_signature_after_a_table_keeps_the_last_rows_with_it(rendered):
    from lxml import etree

    root = etree.fromstring(_xml(rendered, "word/document.xml").encode("utf-8"))
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    tables = [t for t in root.iter(f"{{{ns['w']}}}tbl") if t.getparent().tag.endswith("body")]

    def kept(row) -> bool:
        return bool(row.findall(".//w:pPr/w:keepNext", ns)) and bool(row.findall("w:trPr/w:cantSplit", ns))

    wide = next(t for t in tables if "Kegiatan 15" in "".join(t.itertext()))
    rows = wide.findall("w:tr", ns)
    assert kept(rows[-1]) and kept(rows[-2]) and not kept(rows[-3])
    capaian = next(t for t in tables if "nomor 60" in "".join(t.itertext()))
    assert not kept(capaian.findall("w:tr", ns)[-1])


@pytest.fixture
def laid_out(demo_document, tmp_path) -> tuple[Path, object]:
    from spmdocs.compose.layout import lay_out

    document = lay_out(demo_document)
    return render_docx(document, tmp_path / "tersusun.docx"), document


def test_the_daftar_isi_field_carries_the_entries_and_pages_the_layout_decided(laid_out):
    from spmdocs.model import TableOfContents

    path, document = laid_out
    toc = next(b for s in document.sections for b in s.blocks if isinstance(b, TableOfContents))
    word = open_docx(path)
    listed = [p for p in word.paragraphs if p.style.name.startswith("toc")]
    assert [p.text.split("\t")[0] for p in listed] == [e.text for e in toc.entries]
    assert [p.text.split("\t")[1] for p in listed] == [e.label for e in toc.entries]
    assert all(e.label for e in toc.entries)
    body = _xml(path, "word/document.xml")
    assert 'TOC \\o "1-2" \\f \\h \\z \\u' in body and TOC_PLACEHOLDER not in body  # Word may still refresh it
    anchors = {a.get(qn("w:anchor")) for a in word.element.body.iter(qn("w:hyperlink"))}
    marks = {b.get(qn("w:name")) for b in word.element.body.iter(qn("w:bookmarkStart"))}
    assert anchors and anchors <= marks
    assert body.count("PAGEREF") == len(toc.entries)


def test_every_row_stays_whole_and_cells_are_padded_as_in_the_pdf(laid_out):
    path, document = laid_out
    layout = document.layout
    for table in open_docx(path).tables:
        tbl = table._tbl
        margins = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
        if margins is None or margins.find(qn("w:top")) is None:
            continue  # the signature block's borderless table
        assert int(margins.find(qn("w:top")).get(qn("w:w"))) == round(layout.cell_padding_top_pt * 20)
        assert int(margins.find(qn("w:left")).get(qn("w:w"))) == round(layout.cell_padding_mm * 1440 / 25.4)
        rows = tbl.findall(qn("w:tr"))
        assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows)


def test_paragraphs_keep_widows_and_orphans_with_their_lines(rendered):
    styles = _xml(rendered, "word/styles.xml")
    assert "<w:pPrDefault><w:pPr><w:widowControl/>" in styles


def test_the_signature_text_column_starts_at_the_blocks_indent(laid_out):
    from spmdocs.model import SignatureBlock

    path, document = laid_out
    block = next(b for s in document.sections for b in s.blocks if isinstance(b, SignatureBlock))
    signature = next(t for t in open_docx(path).tables if block.name in "".join(c.text for c in t._cells))
    first, second = [int(c.get(qn("w:w"))) for c in signature._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert first / (first + second) == pytest.approx(block.indent_fraction, abs=0.001)


def test_lampiran_fields_put_their_colons_on_one_tab(tmp_path):
    from spmdocs.compose.layout import lay_out
    from spmdocs.model import Document, DocumentInfo, LampiranHeading, Section

    block = LampiranHeading(("LAMPIRAN I", "LAPORAN"), fields=(("NOMOR", "100/1"), ("TANGGAL", "19 JANUARI 2026")))
    document = lay_out(Document(info=DocumentInfo("Uji", "Uji"), sections=(Section((block,)),)))
    word = open_docx(render_docx(document, tmp_path / "l.docx"))
    fields = [p for p in word.paragraphs if p.text.startswith(("NOMOR", "TANGGAL"))]
    assert [p.text for p in fields] == ["NOMOR\t: 100/1", "TANGGAL\t: 19 JANUARI 2026"]
    tabs = {p._p.find(f"{qn('w:pPr')}/{qn('w:tabs')}/{qn('w:tab')}").get(qn("w:pos")) for p in fields}
    assert len(tabs) == 1


def _without_added_parts(document):
    """``document`` as a batch annex is: no picture, no unnumbered section, no electronic-signature footer."""
    from spmdocs.model import Figure

    sections = tuple(dataclasses.replace(s, blocks=tuple(b for b in s.blocks if not isinstance(b, Figure)),
                                         numbering="arabic" if s.numbering == "none" else s.numbering)
                     for s in document.sections)
    return dataclasses.replace(document, sections=sections)


ODD = "  Ma'ruf & \"Sahabat\" <Dinas>\tK.\n2 ✓ {{ x }} {% y %} \x01 "


@pytest.mark.parametrize("odd", [False, True])
def test_an_annex_written_directly_is_the_bytes_of_the_parsed_document(demo_document, tmp_path, monkeypatch, odd):
    """Without added parts ``word/document.xml`` is written from the drawn text, not parsed and
    written out again by lxml: the two must give the same bytes, odd text included."""
    from spmdocs.model import Cell, Column, Paragraph, Section, SignatureBlock, Table
    from spmdocs.render import docx as docx_module

    document = _without_added_parts(demo_document)
    if odd:
        extra = Section(blocks=(
            Paragraph.of(ODD, bold=True), Paragraph.of(ODD, label="1.", indent_mm=10),
            Table(columns=(Column(2.0), Column(3.0, "right")), header=((Cell(ODD, bold=True), Cell("b")),),
                  body=((Cell(ODD), Cell(ODD, align="center")),), caption=ODD),
            SignatureBlock(place_date=ODD, jabatan_lines=(ODD, "SEKRETARIS DAERAH,"), name=ODD, details=(ODD,)),
        ))
        document = dataclasses.replace(document, sections=document.sections + (extra,))
    direct = docx_module.render_docx_bytes(document)
    monkeypatch.setattr(docx_module, "WRITE_TEXT_DIRECTLY", False)
    assert direct == docx_module.render_docx_bytes(document)
    with zipfile.ZipFile(io.BytesIO(direct)) as z:
        etree.fromstring(z.read("word/document.xml"))


def test_table_rows_the_layout_keeps_together_keep_with_next_in_word():
    """Word re-flows a table part it finds taller than the layout did; the rows the layout keeps
    together (a short table whole, two rows on each side of a cut) carry keep-with-next."""
    from spmdocs.compose.layout import lay_out
    from spmdocs.model import Cell, Column, Document, DocumentInfo, Paragraph, Section, Table
    from spmdocs.render.docx import render_docx_bytes

    def table(rows):
        return Table(columns=(Column(), Column()), header=((Cell("No", bold=True), Cell("Uraian", bold=True)),),
                     body=tuple((Cell(str(i)), Cell(f"baris {i}")) for i in range(rows)))

    document = lay_out(Document(info=DocumentInfo(title="t", author="a"),
                                sections=(Section((table(3), Paragraph.of("antara"), table(40))),)))
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(render_docx_bytes(document))).read("word/document.xml"))
    tables = root.iter(qn("w:tbl"))
    kept = [[bool(tr.findall(f".//{qn('w:keepNext')}")) for tr in tbl.findall(qn("w:tr"))] for tbl in tables]
    assert kept[0] == [True, True, True, True, False]  # header, number row, rows 1-2 kept; the last free
    assert kept[1][2:4] == [True, False] and kept[1][-3:] == [False, True, False]


def test_a_paragraph_opening_a_page_the_layout_started_has_no_space_before():
    """ReportLab drops a paragraph's space before at the top of a page and the layout counts on
    it; Word and LibreOffice keep it after a page break, which pushed a page's last lines (and
    every later page label in the Daftar Isi) over. The first paragraph of each page the layout
    starts, caption, heading or paragraph, and of each section, has its space before set to zero."""
    from spmdocs.model import (Cell, Column, Document, DocumentInfo, Heading, PageBreak, Paragraph, Section,
                               Table)
    from spmdocs.render.docx import render_docx_bytes

    table = Table(columns=(Column(), Column()), header=((Cell("No", bold=True), Cell("Uraian", bold=True)),),
                  body=((Cell("1"), Cell("satu")),), caption="Tabel 1.1 Contoh")
    spaced = dataclasses.replace(Paragraph.of("berjarak"), space_before_pt=12.0)
    blocks = (dataclasses.replace(Paragraph.of("pembuka"), space_before_pt=12.0), table, Heading(2, "Tengah", "A."), PageBreak(), table,
              PageBreak(), Heading(2, "Atas", "B."), PageBreak(), spaced, spaced, PageBreak(),
              Heading(1, "BAB BARU", "BAB II", page_break_before=True))
    document = Document(info=DocumentInfo(title="t", author="a"), sections=(Section(blocks),))
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(render_docx_bytes(document))).read("word/document.xml"))
    body = root.find(qn("w:body"))

    def before(p) -> str | None:
        spacing = p.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
        return None if spacing is None else spacing.get(qn("w:before"))

    paragraphs = [p for p in body.findall(qn("w:p")) if "".join(p.itertext())]
    opening = [p for p in paragraphs if p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None]
    assert ["".join(p.itertext()) for p in opening] == ["Tabel 1.1 Contoh", "B.Atas", "berjarak", "BAB IIBAB BARU"]
    assert [before(p) for p in opening] == ["0"] * 4
    # Where no page starts, the space before stays as the layout measured it.
    inside = {"".join(p.itertext()): before(p) for p in paragraphs if p not in opening}
    assert inside.pop("pembuka") == "0"  # the section's first page
    assert inside["Tabel 1.1 Contoh"] == "120" and inside["A.Tengah"] == "120" and inside["berjarak"] == "240"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_sets_the_laporan_tahunan_on_as_many_pages_as_the_pdf(tmp_path):
    """The Daftar Isi carries the pages the layout decided: the DOCX opened in LibreOffice must
    come to the same number of pages as the PDF (a page-top space before once added a page)."""
    from spmdocs import api

    root = Path(__file__).resolve().parents[2]
    outputs = api.build(root / "configs" / "laporan-tahunan.yaml", formats=("docx", "pdf"),
                        out_dir=tmp_path / "out").outputs
    docx_path = next(p for p in outputs if p.suffix == ".docx")
    pdf_path = next(p for p in outputs if p.suffix == ".pdf")
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file:///tmp/lo-test-{os.getpid()}",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"), str(docx_path)],
        check=True, timeout=300, capture_output=True,
    )
    converted = tmp_path / "lo" / (docx_path.stem + ".pdf")
    assert len(PdfReader(converted).pages) == len(PdfReader(pdf_path).pages)
