"""Word renderer: draw a :class:`~spmdocs.model.Document` into an editable .docx through a template.

The template (``templates/laporan-spm.docx``, built by ``templates/build_template.py``) supplies the
styles, the kop in the first-page header, the page-number header and a signature-block prototype.
The report body is built as a docxtpl sub-document through python-docx, so it inherits the
template's styles, and goes in place of ``{{p body }}``. Output is deterministic: the same Document
gives the same bytes.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from docx import Document as open_docx
from docx.document import Document as WordDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docxtpl import DocxTemplate, InlineImage, RichText
from jinja2 import Environment
from jinja2.exceptions import TemplateError as JinjaTemplateError
from lxml import etree

from spmdocs.errors import Location, Problem, TemplateError
from spmdocs.fileio import atomic_path
from spmdocs.model import (
    Block, Document, Figure, Heading, LampiranHeading, Layout, PageBreak, Paragraph, Section,
    SignatureBlock, Spacer, Table, TableOfContents,
)
from spmdocs.render._ooxml import (
    clean_text, element, field_runs, normalize_zip, replace_child, set_fonts, twips,
)

DEFAULT_TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "laporan-spm.docx"

LABEL_WIDTH_MM = 10.0
"""Width of the hanging area holding a paragraph label ("1.", "a.") or a heading number ("A.")."""

LAMPIRAN_INDENT = 0.55
"""Left edge of a lampiran heading block, as a fraction of the text width."""

CELL_PADDING_MM = 1.0
"""Left and right padding inside the cells of a data table."""

TOC_PLACEHOLDER = "Klik kanan lalu pilih Perbarui Bidang untuk memperbarui daftar isi"

_BODY_TAG = re.compile(r"\{\{\s*p\s+body\s*\}\}")
_SIGNATURE_TAG = "ttd.nama"
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_LAYOUT_FONT_STYLES = ("Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "TOC Heading",
                       "Caption", "toc 1", "toc 2", "Table Text")
_SETTINGS_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
                                 "rsids", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                                 "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
                                 "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
                                 "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
                                 "decimalSymbol", "listSeparator")
_template_cache: dict[tuple[str, int, int], bytes] = {}


def render_docx(document: Document, target: Path, template: Path | None = None) -> Path:
    """Write ``document`` as a .docx at ``target`` (atomically) using ``template``; return target.

    Raises :class:`~spmdocs.errors.TemplateError` when the template is missing, unreadable, lacks
    the ``{{p body }}`` placeholder, or holds a broken docxtpl tag.
    """
    template = Path(template or DEFAULT_TEMPLATE)
    data = render_docx_bytes(document, template)
    target = Path(target)
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return target


def render_docx_bytes(document: Document, template: Path | None = None) -> bytes:
    """The .docx bytes of ``document`` drawn through ``template``."""
    template = Path(template or DEFAULT_TEMPLATE)
    tpl = DocxTemplate(io.BytesIO(_template_bytes(template)))
    word = tpl.get_docx()
    _apply_layout_styles(word, document.layout)
    prototype = _take_signature_prototype(word)
    if document.kop is None:
        _clear_first_page_header(word)
    elif document.sections:
        _fit_kop(word, document.layout, document.sections[0].orientation)
    env = Environment(autoescape=True)
    body = _Body(tpl=tpl, subdoc=_Subdocument(word), document=document, env=env,
                 prototype=prototype, template=template)
    for index, section in enumerate(document.sections):
        body.draw_section(index, section)
    context = {
        "body": body.subdoc,
        "kop": _kop_context(tpl, document),
        "halaman": _page_number_context(document.page_number_format),
    }
    try:
        tpl.render(context, jinja_env=env)
    except JinjaTemplateError as exc:
        raise _template_error(template, f"penanda templat tidak valid: {exc}",
                              part="word/document.xml") from exc
    _add_empty_headers(word, document.sections)
    _request_field_update(word)
    _set_properties(word, document)
    buffer = io.BytesIO()
    word.save(buffer)
    return normalize_zip(buffer.getvalue(), document.info.created)


# --- the template -------------------------------------------------------------------------------

def _template_error(template: Path, message: str, part: str | None = None,
                    element_name: str | None = None) -> TemplateError:
    return TemplateError([Problem(message, Location(file=str(template), part=part,
                                                    element=element_name))])


def _template_bytes(template: Path) -> bytes:
    """The template's bytes, read and checked once per process for each version of the file."""
    try:
        stat = template.stat()
    except OSError as exc:
        raise _template_error(template, "templat Word tidak ditemukan") from exc
    key = (str(template.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _template_cache:
        try:
            data = template.read_bytes()
            word = open_docx(io.BytesIO(data))
        except (OSError, zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError,
                etree.XMLSyntaxError) as exc:
            raise _template_error(template, f"templat tidak dapat dibaca sebagai dokumen Word "
                                            f"(.docx): {exc}") from exc
        if not any(_BODY_TAG.search(p.text) for p in word.paragraphs):
            raise _template_error(template, "templat tidak memuat penanda {{p body }} sebagai "
                                            "paragraf tersendiri untuk isi laporan",
                                  part="word/document.xml")
        _template_cache[key] = data
    return _template_cache[key]


def _apply_layout_styles(word, layout: Layout) -> None:
    """Put the layout's font, size, line spacing and paragraph spacing on the template styles."""
    styles = word.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            set_fonts(rpr, layout.font_family)
    for name in _LAYOUT_FONT_STYLES:
        if name in styles:
            set_fonts(styles[name].element.get_or_add_rPr(), layout.font_family)
    normal = styles["Normal"]
    normal.font.size = Pt(layout.font_size_pt)
    normal.paragraph_format.line_spacing = layout.line_spacing
    normal.paragraph_format.space_after = Pt(layout.space_after_pt)


def _take_signature_prototype(word):
    """Remove the signature-block prototype table from the template body and return it (or None)."""
    body = word.element.body
    for table in body.findall(qn("w:tbl")):
        text = "".join(t.text or "" for t in table.iter(qn("w:t")))
        if _SIGNATURE_TAG in text:
            body.remove(table)
            return table
    return None


def _kop_context(tpl: DocxTemplate, document: Document) -> dict:
    kop = document.kop
    if kop is None:
        return {"baris": [], "logo": ""}
    lines = [RichText(clean_text(line.text), size=round(line.size_pt * 2), bold=line.bold)
             for line in kop.lines]
    logo = ""
    if kop.logo:
        height = kop.logo_height_mm
        logo = InlineImage(tpl, io.BytesIO(kop.logo), width=Mm(height / kop.logo_aspect),
                           height=Mm(height))
    return {"baris": lines, "logo": logo}


def _page_number_context(page_number_format: str) -> dict:
    before, _, after = clean_text(page_number_format).partition("{}")
    return {"awalan": before, "akhiran": after}


def _first_page_header(word):
    sect_pr = word.element.body.sectPr
    for ref in sect_pr.findall(qn("w:headerReference")):
        if ref.get(qn("w:type")) == "first":
            return word.part.related_parts[ref.get(qn("r:id"))].element
    return None


def _clear_first_page_header(word) -> None:
    header = _first_page_header(word)
    if header is not None:
        for child in list(header):
            header.remove(child)
        header.append(element("w:p"))


def _fit_kop(word, layout: Layout, orientation) -> None:
    """Scale the kop tables to the text width of the first page."""
    header = _first_page_header(word)
    if header is not None:
        for tbl in header.iter(qn("w:tbl")):
            _scale_table(tbl, twips(layout.text_width_mm(orientation)))


def _scale_table(tbl, width: int) -> None:
    """Scale a table's grid and cell widths proportionally so the table is ``width`` twips wide."""
    cols = tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")
    old = [int(c.get(qn("w:w"), "0")) for c in cols]
    total = sum(old) or 1
    new = [round(width * w / total) for w in old]
    for col, w in zip(cols, new):
        col.set(qn("w:w"), str(w))
    tbl_pr = tbl.find(qn("w:tblPr"))
    replace_child(tbl_pr, element("w:tblW", w=width, type="dxa"))
    for tr in tbl.findall(qn("w:tr")):
        grid = 0
        for tc in tr.findall(qn("w:tc")):
            tc_pr = tc.find(qn("w:tcPr"))
            span_el = tc_pr.find(qn("w:gridSpan")) if tc_pr is not None else None
            span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
            tc_w = tc_pr.find(qn("w:tcW")) if tc_pr is not None else None
            if tc_w is not None:
                tc_w.set(qn("w:w"), str(sum(new[grid:grid + span])))
                tc_w.set(qn("w:type"), "dxa")
            grid += span


def _add_empty_headers(word, sections: tuple[Section, ...]) -> None:
    """Give every unnumbered section its own empty default header."""
    for model_section, word_section in zip(sections, word.sections):
        if model_section.numbering == "none":
            word_section.header.is_linked_to_previous = False


def _request_field_update(word) -> None:
    """Ask Word to refresh the fields (the table of contents) when the file is opened."""
    settings = word.settings.element
    update = element("w:updateFields", val="true")
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    for name in _SETTINGS_AFTER_UPDATE_FIELDS:
        follower = settings.find(qn(f"w:{name}"))
        if follower is not None:
            follower.addprevious(update)
            return
    settings.append(update)


def _set_properties(word, document: Document) -> None:
    info = document.info
    props = word.core_properties
    props.title = clean_text(info.title)
    props.author = props.last_modified_by = clean_text(info.author)
    props.subject = clean_text(info.subject)
    props.keywords = clean_text(", ".join(info.keywords))
    props.comments = ""
    props.created = props.modified = info.created
    props.revision = 1


# --- the body -----------------------------------------------------------------------------------

class _Subdocument(WordDocument):
    """The report body: a python-docx document on the template's own part, put at ``{{p body }}``.

    It is what docxtpl's ``tpl.new_subdoc()`` makes for an empty sub-document (blocks added through
    the python-docx API resolve styles and images against the template), without that method's
    docxcompose dependency and without loading python-docx's default template on every render.
    The placeholder section properties only give python-docx a block width; they are not output.
    """

    def __init__(self, word) -> None:
        root = parse_xml(f'<w:document {nsdecls("w")}><w:body><w:sectPr>'
                         '<w:pgSz w:w="11906" w:h="16838"/>'
                         '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" '
                         'w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body>'
                         '</w:document>')
        super().__init__(root, word.part)

    def __html__(self) -> str:
        return "".join(etree.tostring(child, encoding="unicode") for child in self.element.body
                       if child.tag != qn("w:sectPr"))


@dataclass
class _Body:
    """Draws the model's sections, block by block, into the docxtpl sub-document."""

    tpl: DocxTemplate
    subdoc: _Subdocument
    document: Document
    env: Environment
    prototype: object
    template: Path
    section: Section | None = None
    page_break_pending: bool = False
    header_refs: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        sect_pr = self.tpl.docx.element.body.sectPr
        for ref in sect_pr.findall(qn("w:headerReference")):
            self.header_refs[ref.get(qn("w:type"))] = ref.get(qn("r:id"))
        self.body = self.subdoc.element.body

    @property
    def layout(self) -> Layout:
        return self.document.layout

    @property
    def text_width_mm(self) -> float:
        return self.layout.text_width_mm(self.section.orientation)

    def draw_section(self, index: int, section: Section) -> None:
        self.section = section
        self.page_break_pending = False
        for block in section.blocks:
            _DRAWERS[type(block)](self, block)
        is_last = index == len(self.document.sections) - 1
        sect_pr = self._section_properties(index, section)
        if is_last:
            body_sect_pr = self.tpl.docx.element.body.sectPr
            body_sect_pr.addprevious(sect_pr)
            body_sect_pr.getparent().remove(body_sect_pr)
            return
        last = self._last_element()
        if last is None or last.tag != qn("w:p"):
            last = self._carrier_paragraph()
        pPr = last.get_or_add_pPr()
        pPr.append(sect_pr)

    def _last_element(self):
        children = [c for c in self.body if c.tag != qn("w:sectPr")]
        return children[-1] if children else None

    def _carrier_paragraph(self):
        """A paragraph one point high that only carries a section break."""
        paragraph = self.subdoc.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = Pt(1)
        return paragraph._p

    def _section_properties(self, index: int, section: Section):
        layout = self.layout
        width, height = layout.page.oriented(section.orientation)
        margins = layout.margins
        sect_pr = element("w:sectPr")
        if index == 0 and "first" in self.header_refs:
            ref = element("w:headerReference", type="first")
            ref.set(qn("r:id"), self.header_refs["first"])
            sect_pr.append(ref)
        if section.numbering != "none" and "default" in self.header_refs:
            ref = element("w:headerReference", type="default")
            ref.set(qn("r:id"), self.header_refs["default"])
            sect_pr.append(ref)
        size = element("w:pgSz", w=twips(width), h=twips(height))
        if section.orientation == "landscape":
            size.set(qn("w:orient"), "landscape")
        sect_pr.append(size)
        sect_pr.append(element("w:pgMar", top=twips(margins.top_mm), right=twips(margins.right_mm),
                               bottom=twips(margins.bottom_mm), left=twips(margins.left_mm),
                               header=twips(layout.header_distance_mm),
                               footer=twips(layout.header_distance_mm), gutter=0))
        if section.numbering != "none":
            number_type = element("w:pgNumType",
                                  fmt="lowerRoman" if section.numbering == "roman" else "decimal")
            if section.restart_numbering:
                number_type.set(qn("w:start"), "1")
            sect_pr.append(number_type)
        sect_pr.append(element("w:cols", space=720))
        if index == 0:
            sect_pr.append(element("w:titlePg"))
        sect_pr.append(element("w:docGrid", linePitch=360))
        return sect_pr

    # -- shared pieces --

    def paragraph(self, style: str | None = None):
        """A new paragraph; it starts a new page when a PageBreak came just before it."""
        paragraph = self.subdoc.add_paragraph(style=style)
        if self.page_break_pending:
            paragraph.paragraph_format.page_break_before = True
            self.page_break_pending = False
        return paragraph

    def flush_page_break(self) -> None:
        """Before a table, turn a pending PageBreak into an explicit page break."""
        if self.page_break_pending:
            self.page_break_pending = False
            paragraph = self.subdoc.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.add_run().add_break(WD_BREAK.PAGE)

    def append(self, el) -> None:
        sect_pr = self.body.find(qn("w:sectPr"))
        if sect_pr is not None:
            sect_pr.addprevious(el)
        else:
            self.body.append(el)


def _add_text(paragraph, text: str, *, bold=False, italic=False, underline=False, size=None):
    run = paragraph.add_run(clean_text(text))
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if underline:
        run.underline = True
    if size:
        run.font.size = Pt(size)
    return run


def _draw_paragraph(body: _Body, block: Paragraph) -> None:
    paragraph = body.paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = _ALIGN[block.align]
    if block.label:
        text_at = max(block.indent_mm, LABEL_WIDTH_MM)
        fmt.left_indent = Mm(text_at)
        fmt.first_line_indent = Mm(-LABEL_WIDTH_MM)
        fmt.tab_stops.add_tab_stop(Mm(text_at), WD_TAB_ALIGNMENT.LEFT)
        _add_text(paragraph, f"{block.label}\t", size=block.size_pt)
    else:
        if block.indent_mm:
            fmt.left_indent = Mm(block.indent_mm)
        if block.first_line_indent_mm:
            fmt.first_line_indent = Mm(block.first_line_indent_mm)
    if block.space_before_pt is not None:
        fmt.space_before = Pt(block.space_before_pt)
    if block.space_after_pt is not None:
        fmt.space_after = Pt(block.space_after_pt)
    if block.keep_with_next:
        fmt.keep_with_next = True
    for run in block.runs:
        _add_text(paragraph, run.text, bold=run.bold, italic=run.italic, underline=run.underline,
                  size=block.size_pt)


def _draw_heading(body: _Body, block: Heading) -> None:
    level = min(max(block.level, 1), 4)
    if level == 1:
        paragraph = body.paragraph("Heading 1" if block.in_toc else "TOC Heading")
        if block.number:
            _add_text(paragraph, block.number).add_break()
        _add_text(paragraph, block.title)
    else:
        paragraph = body.paragraph(f"Heading {level}")
        fmt = paragraph.paragraph_format
        if block.number:
            text_at = LABEL_WIDTH_MM * (level - 1)
            fmt.left_indent = Mm(text_at)
            fmt.first_line_indent = Mm(-LABEL_WIDTH_MM)
            fmt.tab_stops.add_tab_stop(Mm(text_at), WD_TAB_ALIGNMENT.LEFT)
            _add_text(paragraph, f"{block.number}\t{block.title}")
        else:
            _add_text(paragraph, block.title)
        if not block.in_toc:
            paragraph._p.get_or_add_pPr().append(element("w:outlineLvl", val=9))
    if block.page_break_before:
        paragraph.paragraph_format.page_break_before = True


def _draw_table(body: _Body, table: Table) -> None:
    if table.caption:
        caption = body.paragraph("Caption")
        _add_text(caption, table.caption)
    body.flush_page_break()
    ncols = len(table.columns)
    total_width = twips(body.text_width_mm)
    weight = sum(c.width for c in table.columns) or 1.0
    widths = [round(total_width * c.width / weight) for c in table.columns]
    size = table.font_size_pt or body.layout.table_font_size_pt
    cell_style = body.tpl.docx.styles["Table Text"].style_id
    header_rows = table.header_row_count

    docx_table = body.subdoc.add_table(rows=0, cols=ncols)
    docx_table.style = "Table Grid"
    tbl = docx_table._tbl
    replace_child(tbl.tblPr, element("w:tblW", w=total_width, type="dxa"))
    tbl.tblPr.append(element("w:tblLayout", type="fixed"))
    margins = element("w:tblCellMar")
    for edge in ("left", "right"):
        margins.append(element(f"w:{edge}", w=twips(CELL_PADDING_MM), type="dxa"))
    tbl.tblPr.append(margins)
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(width))

    starts = {(p.row, p.col): p for p in table.grid()}
    continued: dict[tuple[int, int], int] = {}
    for p in starts.values():
        for dr in range(1, p.cell.rowspan):
            continued[(p.row + dr, p.col)] = p.cell.colspan
    nrows = len(table.all_rows())
    for r in range(nrows):
        tr = tbl.add_tr()
        if r < header_rows:
            tr_pr = tr.get_or_add_trPr()
            tr_pr.append(element("w:cantSplit"))
            tr_pr.append(element("w:tblHeader"))
        c = 0
        while c < ncols:
            placement = starts.get((r, c))
            span = placement.cell.colspan if placement else continued.get((r, c), 1)
            tc = tr.add_tc()
            tc_pr = tc.get_or_add_tcPr()
            tc_pr.append(element("w:tcW", w=sum(widths[c:c + span]), type="dxa"))
            if span > 1:
                tc_pr.append(element("w:gridSpan", val=span))
            if placement is None:
                if (r, c) in continued:
                    tc_pr.append(element("w:vMerge"))
            else:
                if placement.cell.rowspan > 1:
                    tc_pr.append(element("w:vMerge", val="restart"))
                _fill_cell(_Cell(tc, docx_table), placement, table, size, cell_style)
            c += span


def _fill_cell(cell: _Cell, placement, table: Table, size: float, style_id: str) -> None:
    data = placement.cell
    header = placement.is_header
    if data.shade:
        cell._tc.get_or_add_tcPr().append(element("w:shd", val="clear", color="auto",
                                                  fill=data.shade))
    if header:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        align = "center"
    else:
        align = data.align or table.columns[placement.col].align
    paragraph = cell.paragraphs[0]
    paragraph._p.style = style_id  # by id: resolving the name for every cell is slow
    paragraph.paragraph_format.alignment = _ALIGN[align]
    _add_text(paragraph, data.text, bold=header or data.bold, size=size)


def _draw_figure(body: _Body, figure: Figure) -> None:
    width = body.text_width_mm * figure.width_fraction
    paragraph = body.paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.keep_with_next = bool(figure.caption)
    paragraph.add_run().add_picture(io.BytesIO(figure.image), width=Mm(width),
                                    height=Mm(width * figure.aspect))
    if figure.caption:
        caption = body.paragraph("Caption")
        caption.paragraph_format.keep_with_next = False
        _add_text(caption, figure.caption)


def _draw_signature(body: _Body, block: SignatureBlock) -> None:
    if body.prototype is None:
        raise _template_error(body.template, "templat tidak memuat prototipe blok "
                                             "penandatanganan ({{ ttd.nama }})",
                              part="word/document.xml")
    body.flush_page_break()
    table = copy.deepcopy(body.prototype)
    _scale_table(table, twips(body.text_width_mm))
    for p in table.iter(qn("w:p")):
        if _SIGNATURE_TAG in "".join(t.text or "" for t in p.iter(qn("w:t"))):
            pPr = p.find(qn("w:pPr"))
            if pPr is None:
                pPr = element("w:pPr")
                p.insert(0, pPr)
            spacing = pPr.find(qn("w:spacing"))
            if spacing is None:
                spacing = element("w:spacing")
                pPr.append(spacing)
            spacing.set(qn("w:before"), str(twips(block.space_mm)))
    values = {
        "tempat_tanggal": clean_text(block.place_date),
        "jabatan": clean_text("\n".join(block.jabatan_lines)),
        "nama": clean_text(block.name),
        "rincian": clean_text("\n".join(block.details)),
    }
    xml = body.tpl.patch_xml(etree.tostring(table, encoding="unicode"))
    try:
        filled = body.tpl.render_xml_part(xml, body.tpl.docx.part, {"ttd": values}, body.env)
    except JinjaTemplateError as exc:
        raise _template_error(body.template, f"penanda blok penandatanganan tidak valid: {exc}",
                              part="word/document.xml", element_name="tabel penandatanganan") from exc
    body.append(parse_xml(filled))


def _draw_lampiran_heading(body: _Body, block: LampiranHeading) -> None:
    indent = Mm(body.text_width_mm * LAMPIRAN_INDENT)
    for i, line in enumerate(block.lines):
        paragraph = body.paragraph()
        fmt = paragraph.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
        fmt.left_indent = indent
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(12) if i == len(block.lines) - 1 else Pt(0)
        _add_text(paragraph, line)


def _draw_toc(body: _Body, block: TableOfContents) -> None:
    paragraph = body.paragraph()
    for run in field_runs(f'TOC \\o "1-{block.max_level}" \\h \\z \\u', TOC_PLACEHOLDER):
        paragraph._p.append(run)


def _draw_page_break(body: _Body, block: PageBreak) -> None:
    body.page_break_pending = True


def _draw_spacer(body: _Body, block: Spacer) -> None:
    paragraph = body.paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Mm(block.height_mm)


_DRAWERS: dict[type, Callable[[_Body, Block], None]] = {
    Paragraph: _draw_paragraph,
    Heading: _draw_heading,
    Table: _draw_table,
    Figure: _draw_figure,
    SignatureBlock: _draw_signature,
    LampiranHeading: _draw_lampiran_heading,
    TableOfContents: _draw_toc,
    PageBreak: _draw_page_break,
    Spacer: _draw_spacer,
}
