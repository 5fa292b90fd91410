"""Build ``templates/laporan-spm.docx``, the Word template of the Laporan Penerapan SPM.

Run ``python templates/build_template.py`` from the repository root. The output is deterministic
(same bytes on every run) so the binary can be committed. The template holds:

* the styles the renderer uses (Normal, Heading 1-4, Caption, toc 1/2, Table Grid, Table Text,
  Kop, Signature), all Arial and black so a user can restyle them in Word;
* a first-page header with the kop: a borderless table (logo | centred lines | the logo's width
  left blank, so the lines are centred on the page) filled by
  docxtpl (``{{ kop.logo }}``, ``{%p for baris in kop.baris %}``) and a thick-thin rule below;
* a default header with the page number "{{ halaman.awalan }}PAGE{{ halaman.akhiran }}";
* a body made of the ``{{p body }}`` placeholder and the signature-block prototype
  (``{{ ttd.tempat_tanggal }}``, ``{{ ttd.jabatan }}``, ``{{ ttd.nama }}``, ``{{ ttd.rincian }}``),
  which the renderer copies once for every signature block of a report.
"""

from __future__ import annotations

import io
import sys
from datetime import datetime
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spmdocs.render._ooxml import element, field_runs, normalize_zip, set_fonts  # noqa: E402

TARGET = ROOT / "templates" / "laporan-spm.docx"
BUILT = datetime(2026, 1, 1)
FONT = "Arial"
PAGE_W, PAGE_H = 215.0, 330.0
MARGINS = {"top": 20.0, "bottom": 25.0, "left": 30.0, "right": 20.0}
TEXT_WIDTH = PAGE_W - MARGINS["left"] - MARGINS["right"]
KOP_GAP_PT = 12.0
"""White space below the kop's rule, part of the first-page header (the body starts below it)."""
KEEP_STYLES = {
    "Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid", "Header", "HeaderChar",
    "Footer", "FooterChar", "Heading1", "Heading2", "Heading3", "Heading4", "Heading1Char",
    "Heading2Char", "Heading3Char", "Heading4Char", "Caption", "TOCHeading",
}


def _prune(document) -> None:
    """Drop parts and styles the report never uses, so the template stays small and fast to load."""
    package_rels = document.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"):
            del document.part.rels[rid]
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in KEEP_STYLES:
            styles.remove(style)
    for rsid in styles.iter(qn("w:rsid")):
        rsid.getparent().remove(rsid)


def _paragraph_style(document, name, *, based_on="Normal", size=12.0, bold=False, align=None,
                     before=0.0, after=0.0, single=True, keep_next=False, style_id=None):
    styles = document.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if style_id:
        style.style_id = style_id
    if based_on:
        style.base_style = styles[based_on]
    font = style.font
    font.size = Pt(size)
    font.bold = bold
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(style.element.get_or_add_rPr(), FONT)
    fmt = style.paragraph_format
    if align is not None:
        fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if single:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.keep_with_next = keep_next
    return style


def _styles(document) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, FONT)
    rpr.find(qn("w:sz")).set(qn("w:val"), "24")
    rpr.find(qn("w:szCs")).set(qn("w:val"), "24")
    rpr.find(qn("w:lang")).attrib.update({qn("w:val"): "id-ID", qn("w:eastAsia"): "id-ID"})
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.attrib.clear()
    spacing.attrib.update({qn("w:after"): "0", qn("w:line"): "240", qn("w:lineRule"): "auto"})

    normal = _paragraph_style(document, "Normal", based_on=None, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                              after=6, single=False)
    normal.paragraph_format.line_spacing = 1.5
    _paragraph_style(document, "Heading 1", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=24,
                     keep_next=True)
    for level in (2, 3, 4):
        _paragraph_style(document, f"Heading {level}", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT,
                         before=12, after=6, keep_next=True)
    heading4 = document.styles["Heading 4"].element
    if heading4.pPr.find(qn("w:outlineLvl")) is None:
        heading4.pPr.append(element("w:outlineLvl", val=3))
    _paragraph_style(document, "TOC Heading", based_on="Heading 1", bold=True,
                     align=WD_ALIGN_PARAGRAPH.CENTER, after=24, keep_next=True)
    _paragraph_style(document, "Caption", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=6,
                     after=6, keep_next=True)
    toc1 = _paragraph_style(document, "toc 1", after=6, style_id="TOC1", align=WD_ALIGN_PARAGRAPH.LEFT)
    toc2 = _paragraph_style(document, "toc 2", after=6, style_id="TOC2", align=WD_ALIGN_PARAGRAPH.LEFT)
    toc2.paragraph_format.left_indent = Mm(10)
    for toc in (toc1, toc2):
        toc.paragraph_format.right_indent = Mm(12)
        toc.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT,
                                                    WD_TAB_LEADER.DOTS)
    _paragraph_style(document, "Header", align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(document, "Table Text", align=WD_ALIGN_PARAGRAPH.LEFT, size=10)
    _paragraph_style(document, "Kop", align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(document, "Signature", align=WD_ALIGN_PARAGRAPH.LEFT, keep_next=True)
    for style in document.styles.element.findall(qn("w:style")):
        rpr = style.find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is not None and fonts.get(qn("w:asciiTheme")):
            set_fonts(rpr, FONT)


def _borderless(table, widths_mm: list[float]) -> None:
    """No borders, fixed column widths, no cell padding on the outer edges."""
    tbl_pr = table._tbl.tblPr
    borders = element("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(element(f"w:{edge}", val="nil"))
    margins = element("w:tblCellMar")
    for edge in ("left", "right"):
        margins.append(element(f"w:{edge}", w=0, type="dxa"))
    look = tbl_pr.find(qn("w:tblLook"))
    for child in (borders, element("w:tblLayout", type="fixed"), margins):
        if look is not None:
            look.addprevious(child)
        else:
            tbl_pr.append(child)
    table.autofit = False
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _kop_header(section) -> None:
    header = section.first_page_header
    header.is_linked_to_previous = False
    logo_w = 25.0
    table = header.add_table(rows=1, cols=3, width=Mm(TEXT_WIDTH))
    _borderless(table, [logo_w, TEXT_WIDTH - 2 * logo_w, logo_w])
    logo, text, mirror = table.rows[0].cells
    for cell in (logo, text, mirror):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    mirror.paragraphs[0].style = "Kop"
    logo.paragraphs[0].style = "Kop"
    logo.paragraphs[0].add_run("{{ kop.logo }}")
    text.paragraphs[0].style = "Kop"
    text.paragraphs[0].add_run("{%p for baris in kop.baris %}")
    text.add_paragraph("{{r baris }}", style="Kop")
    text.add_paragraph("{%p endfor %}", style="Kop")
    first = header.paragraphs[0]
    header._element.remove(first._p)
    rule = header.add_paragraph(style="Kop")
    rule.paragraph_format.space_before = Pt(4)
    rule.paragraph_format.space_after = Pt(KOP_GAP_PT)
    rule.paragraph_format.line_spacing = Pt(2)
    rule_pr = rule._p.get_or_add_pPr()
    border = element("w:pBdr")
    border.append(element("w:bottom", val="thickThinSmallGap", sz=24, space=1, color="000000"))
    rule_pr.insert(rule_pr.index(rule_pr.find(qn("w:spacing"))), border)
    mark = element("w:rPr")
    mark.append(element("w:sz", val=4))
    rule_pr.append(mark)


def _page_number_header(section) -> None:
    paragraph = section.header.paragraphs[0]
    paragraph.style = "Header"
    paragraph.add_run("{{ halaman.awalan }}")
    for run in field_runs("PAGE", "2"):
        paragraph._p.append(run)
    paragraph.add_run("{{ halaman.akhiran }}")


def _signature_prototype(document) -> None:
    table = document.add_table(rows=1, cols=2)
    half = TEXT_WIDTH / 2
    _borderless(table, [half, half])
    row = table.rows[0]
    row._tr.get_or_add_trPr().append(element("w:cantSplit"))
    left, right = row.cells
    left.paragraphs[0].style = "Signature"
    lines = ["{{ ttd.tempat_tanggal }}", "{{ ttd.jabatan }}"]
    right.paragraphs[0].style = "Signature"
    right.paragraphs[0].add_run(lines[0])
    right.add_paragraph(lines[1], style="Signature")
    name = right.add_paragraph(style="Signature")
    name.paragraph_format.space_before = Mm(25)
    run = name.add_run("{{ ttd.nama }}")
    run.bold = True
    run.underline = True
    right.add_paragraph("{%p if ttd.rincian %}", style="Signature")
    right.add_paragraph("{{ ttd.rincian }}", style="Signature")
    last = right.add_paragraph("{%p endif %}", style="Signature")
    last.paragraph_format.keep_with_next = False


def new_document(*more_styles):
    """A document with the shared styles (then ``more_styles``), page setup and kop in the header."""
    document = docx.Document()
    _prune(document)
    _styles(document)
    for add_styles in more_styles:
        add_styles(document)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
    section.top_margin, section.bottom_margin = Mm(MARGINS["top"]), Mm(MARGINS["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS["left"]), Mm(MARGINS["right"])
    section.header_distance = section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    _kop_header(section)
    return document, section


def finish(document, title: str, subject: str) -> bytes:
    """The document's bytes with fixed properties and zip entry dates (same bytes every run)."""
    props = document.core_properties
    props.title = title
    props.author = props.last_modified_by = "spmdocs"
    props.subject = subject
    props.keywords = "SPM"
    props.comments = ""
    props.created = props.modified = BUILT
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue(), BUILT)


def build() -> bytes:
    """The template's bytes."""
    document, section = new_document()
    _page_number_header(section)
    document.add_paragraph("{{p body }}")
    _signature_prototype(document)
    return finish(document, "Laporan Penerapan Standar Pelayanan Minimal", "Templat Laporan Penerapan SPM")


def main() -> None:
    TARGET.write_bytes(build())
    print(f"{TARGET.relative_to(ROOT)} ditulis.")


if __name__ == "__main__":
    main()
