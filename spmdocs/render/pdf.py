"""Render a Document as a print-ready PDF: pages, kop, page numbers, blocks, Daftar Isi, bookmarks.

The renderer draws what the model says with ReportLab platypus. Every model section gets its own
page template (orientation, numbering), the kop gets a first-page template whose body frame starts
below it, and ``multiBuild`` lays the document out until the Daftar Isi shows the page labels the
headings really land on. The output is byte-identical for the same document: the creation date is
``info.created`` and ReportLab runs in invariant mode.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import platypus as rl
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus.doctemplate import LayoutError

from spmdocs.errors import Location, Problem, RenderError
from spmdocs.fileio import write_bytes_atomic
from spmdocs.fmt import romawi
from spmdocs.model import (
    FIGURE_CAPTION_GAP_PT, KOP_LINE_LEADING, KOP_RULE_MM, SINGLE_LINE, SOFT_HYPHEN, TTE_QR_GAP_MM, ZERO_WIDTH_SPACE,
    Document, ElectronicSignature, Figure, Heading, Kop, LampiranHeading, Layout, Orientation, PageBreak, Paragraph, Run, Section, SignatureBlock, Spacer,
    Table, TableOfContents, spacing,
)
from spmdocs.render._pdf_flowables import (
    TOC_NOTIFY_KIND, DaftarIsi, HeadingParagraph, OutlineEntry, PageBreakUnlessAtTop, RoomForParagraphStart,
    RoomForTableStart,
)
from spmdocs.fonts import FontFamily, font_family

KOP_THICK_PT = 2.25
KOP_THIN_PT = 0.75
KOP_RULE_GAP_PT = 1.5
MAX_PASSES = 10
ADDRESS_BREAKS = 1e-9
"""ReportLab's ``uriWasteReduce`` for a paragraph whose web addresses the layout made breakable:
any room left on a line is worth breaking an address for (greedily after its slashes, as Word
breaks it at the zero-width spaces the layout put there; ReportLab draws no zero-width space)."""
FOOTER_RULE_PT = 0.5
FOOTER_RULE_GAP_PT = 2.0
FOOTER_BODY_GAP_MM = 4.0
"""Least white space between the body text and a page footer's rule."""

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
_CELL_ALIGN = {"left": "LEFT", "center": "CENTER", "right": "RIGHT", "justify": "LEFT"}


class _RememberingFlate(pdfdoc.PDFStreamFilterZCompress):
    """ReportLab's Flate filter, remembering the last streams it compressed.

    Every PDF of a batch embeds the same subset of the same fonts (about 26 KB each, 80 % of the
    bytes compressed per annex): compressing them once per process instead of once per annex
    saves about 1.2 ms of a PDF annex's 16. zlib gives the same bytes for the same input, so
    what is remembered is what would be computed again; content streams, which differ per page,
    pass through and are soon forgotten.
    """

    KEPT = 16
    SMALLEST = 4096
    """Streams shorter than this are compressed every time (hashing them would cost about as much)."""

    def encode(self, text):
        data = text.encode("utf8") if isinstance(text, str) else text
        return super().encode(data) if len(data) < self.SMALLEST else _deflated(data)


@lru_cache(maxsize=_RememberingFlate.KEPT)
def _deflated(data: bytes) -> bytes:
    return pdfdoc.PDFStreamFilterZCompress.encode(None, data)


PARAGRAPHS_KEPT = 2048
"""Parsed paragraph texts remembered per process (0: none; see :func:`_para`)."""
_parsed: OrderedDict[tuple, tuple] = OrderedDict()
_parsed_lock = threading.Lock()
_settings: dict[tuple, tuple] = {}
_SCALARS = (str, int, float, bool, type(None), colors.Color)


def _plain(value) -> bool:
    """A fragment attribute a copy may share: a plain value, or a list or tuple of them."""
    if isinstance(value, (list, tuple)):
        return all(_plain(item) for item in value)
    return isinstance(value, _SCALARS)


def _copy(frag):
    """A fragment of its own for one paragraph (its lists copied too: laying out may change them)."""
    copy = frag.clone()
    for name, value in vars(copy).items():
        if isinstance(value, list):
            setattr(copy, name, list(value))
    return copy


def _para(text: str, style: ParagraphStyle, bulletText=None, kind=rl.Paragraph) -> rl.Paragraph:
    """``kind(text, style, bulletText=…)``, its markup parsed once per process for each text and style.

    ReportLab parses a paragraph's markup into fragments (about 36 µs; every annex of a batch
    repeats its headings, labels and table headers). The fragments depend only on the text and
    the style's settings; each paragraph gets its own copies, since laying out changes them. Texts
    whose fragments hold anything but plain values (pictures, callbacks) are parsed every time.
    """
    try:
        settings = tuple(sorted(style.__dict__.items()))
        hash(settings)
    except TypeError:
        return kind(text, style, bulletText=bulletText)
    # One tuple per distinct style for all the texts remembered with it (some 40 settings: 3 KB
    # a text otherwise, most of what the remembered paragraphs took).
    if len(_settings) >= PARAGRAPHS_KEPT:
        _settings.clear()
    key = (text, bulletText, _settings.setdefault(settings, settings))
    with _parsed_lock:
        found = _parsed.get(key)
        if found is not None:
            _parsed.move_to_end(key)
    if found is not None:
        cleaned, frags, bullet = found
        return kind(cleaned, style, bulletText=bullet, frags=[_copy(frag) for frag in frags])
    made = kind(text, style, bulletText=bulletText)
    if PARAGRAPHS_KEPT and made.style is style and isinstance(made.bulletText, (str, type(None))) and all(
            _plain(value) for frag in made.frags for value in vars(frag).values()):
        with _parsed_lock:
            _parsed[key] = (made.text, [_copy(frag) for frag in made.frags], made.bulletText)
            while len(_parsed) > PARAGRAPHS_KEPT:
                _parsed.popitem(last=False)
    return made


if type(pdfdoc.PDFZCompress) is pdfdoc.PDFStreamFilterZCompress:
    # ReportLab looks the filter up by this name whenever it makes a stream (pdfdoc, ttfonts).
    pdfdoc.PDFZCompress = _RememberingFlate()


def render_pdf(document: Document, target: Path) -> Path:
    """Write ``document`` as a PDF at ``target`` (atomically) and return the path."""
    render_pdf_pages(document, target)
    return Path(target)


def render_pdf_pages(document: Document, target: Path) -> int:
    """Write ``document`` as a PDF at ``target`` (atomically) and return its number of pages (as
    the layout counted them, so nobody parses the file again to know)."""
    target = Path(target)
    data, pages = render_pdf_bytes(document, target.name)
    write_bytes_atomic(target, data)
    return pages


def render_pdf_bytes(document: Document, name: str = "dokumen.pdf") -> tuple[bytes, int]:
    """``document`` as PDF bytes, in memory, and its number of pages; ``name`` is what a problem
    names (a batch unit's PDF is published with its other files, so no file is written here)."""
    if not document.sections:
        raise RenderError([Problem("dokumen tidak memiliki bagian (section) untuk dicetak",
                                   Location(file=name))])
    family = font_family(document.layout.font_family, document.layout.font_files)
    story = _StoryBuilder(document, family).build()
    template = _ReportTemplate(document, family)
    try:
        template.multiBuild(story, maxPasses=MAX_PASSES)
    except (LayoutError, IndexError) as exc:
        raise RenderError([Problem(f"tata letak PDF tidak dapat disusun: {exc}",
                                   Location(file=name))]) from exc
    return template.filename.getvalue(), template.page


@dataclass(frozen=True)
class _Geometry:
    """A page's size and margins in points, for one orientation."""

    page_width: float
    page_height: float
    left: float
    right: float
    top: float
    bottom: float

    @classmethod
    def of(cls, layout: Layout, orientation: Orientation) -> "_Geometry":
        width, height = layout.page.oriented(orientation)
        margins = layout.margins
        return cls(width * mm, height * mm, margins.left_mm * mm, margins.right_mm * mm,
                   margins.top_mm * mm, margins.bottom_mm * mm)

    @property
    def frame_width(self) -> float:
        return self.page_width - self.left - self.right

    @property
    def frame_height(self) -> float:
        return self.page_height - self.top - self.bottom



def _markup(runs: tuple[Run, ...]) -> str:
    """ReportLab paragraph markup for runs, with the text escaped."""
    parts = []
    for run in runs:
        text = _text(run.text)
        if run.underline:
            text = f"<u>{text}</u>"
        if run.italic:
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        parts.append(text)
    return "".join(parts)


def _text(text: str) -> str:
    """Plain text as paragraph markup: ``&``, ``<``, ``>`` escaped, line breaks kept, zero-width
    spaces left out (ReportLab breaks web addresses itself, :data:`ADDRESS_BREAKS`)."""
    return escape(text).replace("\n", "<br/>").replace(ZERO_WIDTH_SPACE, "")


class _SectionTemplate(rl.PageTemplate):
    """A page template that knows which model section its pages belong to and their geometry."""

    def __init__(self, template_id: str, section_index: int, geometry: _Geometry, frame: rl.Frame,
                 on_page, auto_next: str | None = None):
        super().__init__(id=template_id, frames=[frame], onPage=on_page,
                         pagesize=(geometry.page_width, geometry.page_height),
                         autoNextPageTemplate=auto_next)
        self.section_index = section_index
        self.geometry = geometry


def _body_frame(geometry: _Geometry, reserved_top: float = 0.0) -> rl.Frame:
    return rl.Frame(geometry.left, geometry.bottom, geometry.frame_width,
                    geometry.frame_height - reserved_top,
                    leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)


def _kop_reserved_height(kop: Kop, layout: Layout) -> float:
    """Space the kop takes from the top of the first page's body frame (the model decides it)."""
    return (kop.body_top_mm(layout) - layout.margins.top_mm) * mm


class _ReportTemplate(rl.BaseDocTemplate):
    """The document template: one page template per section, page labels, bookmarks, TOC entries."""

    def __init__(self, document: Document, family: FontFamily):
        self._document = document
        self._family = family
        logo = document.kop.logo if document.kop else None
        self._logo = ImageReader(io.BytesIO(logo)) if logo else None
        self.page_label = ""
        self.page_number_shown = False
        self._section_index: int | None = None
        self._page_number = 0
        self._outline_depth = -1
        info = document.info
        first = _Geometry.of(document.layout, document.sections[0].orientation)
        super().__init__(
            io.BytesIO(), pagesize=(first.page_width, first.page_height),
            pageTemplates=self._page_templates(),
            title=info.title, author=info.author, subject=info.subject,
            keywords=list(info.keywords), creator="spmdocs", invariant=1,
            initialFontName=family.face(), initialFontSize=document.layout.font_size_pt,
            lang="id-ID", displayDocTitle=1,
        )

    def _page_templates(self) -> list[_SectionTemplate]:
        layout = self._document.layout
        templates = []
        for index, section in enumerate(self._document.sections):
            geometry = self._with_footer_room(_Geometry.of(layout, section.orientation))
            templates.append(_SectionTemplate(f"section{index}", index, geometry,
                                              _body_frame(geometry), self._draw_page_number))
        kop = self._document.kop
        if kop is not None:
            geometry = templates[0].geometry
            templates.insert(0, _SectionTemplate(
                "kop", 0, geometry, _body_frame(geometry, _kop_reserved_height(kop, layout)),
                self._draw_kop, auto_next="section0"))
        return templates

    def _with_footer_room(self, geometry: _Geometry) -> _Geometry:
        """``geometry`` with a bottom margin tall enough for the page footer, if there is one."""
        tte = self._document.page_footer
        if tte is None:
            return geometry
        footer = _footer_paragraph(tte, self._family)
        height = footer.wrap(geometry.frame_width, geometry.page_height)[1]
        needed = (self._document.layout.header_distance_mm * mm + height + FOOTER_RULE_GAP_PT
                  + FOOTER_RULE_PT + FOOTER_BODY_GAP_MM * mm)
        return replace(geometry, bottom=max(geometry.bottom, needed))

    def afterPage(self):
        """Draw the electronic-signature footer at the foot of the page, above a thin rule."""
        tte = self._document.page_footer
        if tte is None:
            return
        geometry = self.pageTemplate.geometry
        canvas = self.canv
        footer = _footer_paragraph(tte, self._family)
        height = footer.wrap(geometry.frame_width, geometry.page_height)[1]
        bottom = self._document.layout.header_distance_mm * mm
        canvas.saveState()
        footer.drawOn(canvas, geometry.left, bottom)
        rule = bottom + height + FOOTER_RULE_GAP_PT + FOOTER_RULE_PT / 2
        canvas.setLineWidth(FOOTER_RULE_PT)
        canvas.line(geometry.left, rule, geometry.page_width - geometry.right, rule)
        canvas.restoreState()

    def beforeDocument(self):
        self._section_index = None
        self._page_number = 0
        self._outline_depth = -1
        created = self._document.info.created
        stamp = created.strftime("D:%Y%m%d%H%M%S")
        offset = created.utcoffset()
        if offset is not None:
            minutes = int(offset.total_seconds()) // 60
            sign = "+" if minutes >= 0 else "-"
            stamp += f"{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"
        self.canv.setDateFormatter(lambda *_: stamp)
        self.canv.showOutline()

    def handle_pageBegin(self):
        index = self.pageTemplate.section_index
        section = self._document.sections[index]
        first_page = self._section_index is None
        starts_section = index != self._section_index
        if first_page or (starts_section and section.restart_numbering):
            self._page_number = 1
        else:
            self._page_number += 1
        if starts_section:
            if section.numbering == "none":
                self.canv.addPageLabel(self.canv.getPageNumber() - 1, None, None, section.label or "-")
            else:
                self.canv.addPageLabel(self.canv.getPageNumber() - 1,
                                       "ROMAN_LOWER" if section.numbering == "roman" else "ARABIC",
                                       self._page_number)
        self._section_index = index
        self.page_label = (romawi(self._page_number).lower() if section.numbering == "roman"
                           else str(self._page_number))
        self.page_number_shown = not first_page and section.numbering != "none"
        super().handle_pageBegin()

    def afterFlowable(self, flowable):
        entry: OutlineEntry | None = getattr(flowable, "spm_outline", None)
        if entry is None:
            return
        depth = min(entry.level - 1, self._outline_depth + 1)
        self.canv.addOutlineEntry(entry.text, entry.key, level=depth, closed=False)
        self._outline_depth = depth
        self.notify(TOC_NOTIFY_KIND, (entry.level, entry.text, self.page_label, entry.key))

    def _draw_page_number(self, canvas, doc):
        if not self.page_number_shown:
            return
        layout = self._document.layout
        geometry = self.pageTemplate.geometry
        face = self._family.face()
        size = layout.font_size_pt
        ascent = getAscentDescent(face, size)[0]
        canvas.saveState()
        canvas.setFont(face, size)
        canvas.drawCentredString(geometry.left + geometry.frame_width / 2,
                                 geometry.page_height - layout.header_distance_mm * mm - ascent,
                                 self._document.page_number_format.format(self.page_label))
        canvas.restoreState()

    def _draw_kop(self, canvas, doc):
        """From the header distance down: logo at the left, the lines (sized and broken by the
        model to fit between the logo and its mirror) centred on the text width, a thick-thin
        double rule below the taller of logo and lines, as the Word template's first-page header
        draws it."""
        kop = self._document.kop
        layout = self._document.layout
        geometry = self.pageTemplate.geometry
        top = geometry.page_height - layout.header_distance_mm * mm
        block = kop.block_height_mm * mm
        canvas.saveState()
        logo_width = 0.0
        if self._logo is not None:
            logo_height = kop.logo_height_mm * mm
            logo_width = logo_height / kop.logo_aspect
            canvas.drawImage(self._logo, geometry.left, top - (block + logo_height) / 2,
                             width=logo_width, height=logo_height, mask="auto")
        centre = geometry.left + geometry.frame_width / 2
        y = top - (block - kop.text_height_mm * mm) / 2
        for line in kop.lines:
            face = self._family.face(bold=line.bold)
            size = line.size_pt
            box = line.size_pt * KOP_LINE_LEADING
            ascent, descent = getAscentDescent(face, size)
            canvas.setFont(face, size)
            canvas.drawCentredString(centre, y - (box - ascent + descent) / 2 - ascent, line.text)
            y -= box
        rule = top - block - (KOP_RULE_MM * mm - KOP_THICK_PT - KOP_RULE_GAP_PT - KOP_THIN_PT) / 2 - KOP_THICK_PT / 2
        right = geometry.page_width - geometry.right
        canvas.setLineWidth(KOP_THICK_PT)
        canvas.line(geometry.left, rule, right, rule)
        rule -= KOP_THICK_PT / 2 + KOP_RULE_GAP_PT + KOP_THIN_PT / 2
        canvas.setLineWidth(KOP_THIN_PT)
        canvas.line(geometry.left, rule, right, rule)
        canvas.restoreState()


class _StoryBuilder:
    """Turns the model's sections and blocks into one list of platypus flowables.

    Vertical space follows :func:`spmdocs.model.spacing`: the white space between two blocks is
    the first one's space after plus the second one's space before, given here to the second
    block's first flowable as its space before (platypus would otherwise keep only the larger).
    """

    def __init__(self, document: Document, family: FontFamily):
        self._document = document
        self._layout = document.layout
        self._family = family
        self._heading_count = 0
        self._toc_count = 0
        self._toc_seed = [
            (heading.level, heading.toc_text, "", self._heading_key(index))
            for index, heading in enumerate(document.headings()) if heading.in_toc
        ]

    @staticmethod
    def _heading_key(index: int) -> str:
        return f"heading-{index + 1}"

    def build(self) -> list:
        story: list = []
        for index, section in enumerate(self._document.sections):
            if index:
                story.append(rl.PageBreak(nextTemplate=f"section{index}"))
            self._section(section, story)
        return story

    def _section(self, section: Section, story: list) -> None:
        geometry = _Geometry.of(self._layout, section.orientation)
        pending = 0.0
        for block in section.blocks:
            before, after = spacing(block, self._layout)
            gap = pending + before
            if isinstance(block, Paragraph):
                self._after_lead(self._paragraph(block, gap), story)
            elif isinstance(block, Heading):
                story.extend(self._heading(block, gap))
            elif isinstance(block, Table):
                self._table(block, geometry.frame_width, story, gap)
            elif isinstance(block, Figure):
                story.append(self._figure(block, geometry, gap))
            elif isinstance(block, SignatureBlock):
                story.append(self._signature(block, geometry.frame_width, gap))
            elif isinstance(block, LampiranHeading):
                story.extend(self._lampiran_heading(block, geometry.frame_width, gap))
            elif isinstance(block, TableOfContents):
                story.append(self._table_of_contents(block))
            elif isinstance(block, PageBreak):
                story.append(PageBreakUnlessAtTop())
            elif isinstance(block, Spacer):
                story.append(rl.Spacer(0, block.height_mm * mm))
            else:
                raise TypeError(f"unknown block {type(block).__name__}")
            pending = 0.0 if isinstance(block, PageBreak) else after

    def _style(self, size: float | None = None, *, align: str = "justify", bold: bool = False,
               line_spacing: float | None = None, **kwargs) -> ParagraphStyle:
        """A paragraph style in the document's font; leading follows Word's line spacing.

        Lines break as Word breaks them: spaces never shrink, a paragraph keeps two lines on
        either side of a page break, words break only at the soft hyphens the layout put in.
        """
        size = size or self._layout.font_size_pt
        kwargs.setdefault("spaceAfter", 0)
        face = self._family.face(bold=bold)
        return ParagraphStyle("spmdocs", fontName=face, fontSize=size,
                              leading=self._layout.line_pt(size, line_spacing), alignment=_ALIGN[align],
                              bulletFontName=face, bulletFontSize=size, allowWidows=0, allowOrphans=0,
                              spaceShrinkage=0, hyphenationLang="", embeddedHyphenation=0, **kwargs)

    def _paragraph(self, block: Paragraph, gap: float) -> rl.Paragraph:
        size = block.size_pt or self._layout.font_size_pt
        indent = block.indent_mm * mm
        common = dict(align=block.align, spaceBefore=gap, keepWithNext=int(block.keep_with_next))
        if ZERO_WIDTH_SPACE in block.text:
            common["uriWasteReduce"] = ADDRESS_BREAKS
        if block.label:
            hang = self._layout.label_width_mm * mm
            left = max(indent, hang)
            style = self._style(size, leftIndent=left, bulletIndent=left - hang, **common)
            return _para(_markup(block.runs), style, bulletText=_text(block.label))
        style = self._style(size, leftIndent=indent, firstLineIndent=block.first_line_indent_mm * mm, **common)
        return _para(_markup(block.runs), style)

    @staticmethod
    def _after_lead(paragraph: rl.Paragraph, story: list) -> None:
        """Append ``paragraph``; what keeps with it (heading, label) is kept with its first lines only."""
        lead = []
        if not paragraph.getKeepWithNext():
            while story and story[-1].getKeepWithNext():
                lead.insert(0, story.pop())
        if lead:
            lead[-1].keepWithNext = 0
            story.append(RoomForParagraphStart(lead, paragraph))
            story.extend(lead)
        story.append(paragraph)

    def _heading(self, block: Heading, gap: float) -> list:
        key = self._heading_key(self._heading_count)
        self._heading_count += 1
        flowables: list = [PageBreakUnlessAtTop()] if block.page_break_before else []
        number = block.printed_number
        if block.level == 1:
            text = _text(block.title)
            if number:
                text = f"{_text(number)}<br/>{text}"
            style = self._style(align="center", bold=True, keepWithNext=1, spaceBefore=gap)
            paragraph = _para(text, style, kind=HeadingParagraph)
        else:
            label = self._layout.label_width_mm * mm
            if number:
                indent = (block.level - 2) * label
                style = self._style(align="left", bold=True, leftIndent=indent + label,
                                    bulletIndent=indent, keepWithNext=1, spaceBefore=gap)
                paragraph = _para(_text(block.title), style, bulletText=_text(number), kind=HeadingParagraph)
            else:
                style = self._style(align="left", bold=True, leftIndent=max(block.level - 2, 0) * label,
                                    keepWithNext=1, spaceBefore=gap)
                paragraph = _para(_text(block.title), style, kind=HeadingParagraph)
        if block.in_toc:
            paragraph.spm_outline = OutlineEntry(block.level, block.toc_text, key)
        flowables.append(paragraph)
        return flowables

    def _table(self, block: Table, frame_width: float, story: list, gap: float) -> None:
        """Append the caption and the table, keeping what leads into it with its first rows."""
        layout = self._layout
        size = block.font_size_pt or layout.table_font_size_pt
        total = sum(column.width for column in block.columns)
        widths = [column.width / total * frame_width for column in block.columns]
        row_count = len(block.all_rows())
        column_count = len(block.columns)
        header_rows = block.header_row_count
        data: list[list] = [["" for _ in block.columns] for _ in range(row_count)]
        leading = layout.line_pt(size, 1.0)
        padding = layout.cell_padding_mm * mm
        commands: list[tuple] = [
            ("GRID", (0, 0), (-1, -1), layout.table_rule_pt, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONT", (0, 0), (-1, -1), self._family.face(), size, leading),
            ("LEFTPADDING", (0, 0), (-1, -1), padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), padding),
            ("TOPPADDING", (0, 0), (-1, -1), layout.cell_padding_top_pt),
            ("BOTTOMPADDING", (0, 0), (-1, -1), layout.cell_padding_bottom_pt),
        ]
        if header_rows:
            commands.append(("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"))
            commands.append(("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"))
        if block.header:
            commands.append(("FONT", (0, 0), (-1, len(block.header) - 1), self._family.face(bold=True),
                             size, leading))
        for index, column in enumerate(block.columns):
            commands.append(("ALIGN", (index, header_rows), (index, -1), _CELL_ALIGN[column.align]))
        for placement in block.grid():
            cell = placement.cell
            if placement.col >= column_count:
                raise RenderError(f"tabel '{block.caption}': baris {placement.row + 1} memiliki "
                                  f"lebih banyak sel daripada {column_count} kolom")
            if placement.is_header:
                align = cell.align or "center"
                bold = cell.bold or placement.row < len(block.header)
            else:
                align = cell.align or block.columns[placement.col].align
                bold = cell.bold
            corner = (min(placement.col + cell.colspan, column_count) - 1,
                      min(placement.row + cell.rowspan, row_count) - 1)
            position = (placement.col, placement.row)
            room = sum(widths[placement.col:corner[0] + 1]) - 2 * padding
            face = self._family.face(bold=bold)
            plain = cell.text.replace(SOFT_HYPHEN, "")
            if "\n" not in cell.text and stringWidth(plain, face, size) <= room:
                # A one-line cell is drawn as a plain string: no paragraph to wrap, same look.
                data[placement.row][placement.col] = plain
                if cell.align:
                    commands.append(("ALIGN", position, position, _CELL_ALIGN[align]))
                if bold != (placement.is_header and placement.row < len(block.header)):
                    commands.append(("FONT", position, position, face, size, leading))
            else:
                style = self._style(size, align=align, bold=bold, line_spacing=1.0)
                data[placement.row][placement.col] = _para(_text(cell.text), style)
            if corner != (placement.col, placement.row):
                commands.append(("SPAN", (placement.col, placement.row), corner))
            if cell.shade:
                commands.append(("BACKGROUND", (placement.col, placement.row), corner,
                                 colors.HexColor(f"#{cell.shade.lstrip('#')}")))
        table = rl.Table(data, colWidths=widths, repeatRows=header_rows, splitInRow=1,
                         style=rl.TableStyle(commands), hAlign="CENTER")
        if block.caption:
            story.append(_para(_text(block.caption), self._style(
                align="center", bold=True, line_spacing=1.0, keepWithNext=1, spaceBefore=gap,
                spaceAfter=layout.caption_space_after_pt)))
        else:
            table.spaceBefore = gap
        lead = []
        while story and story[-1].getKeepWithNext():
            lead.insert(0, story.pop())
        if lead:
            lead[-1].keepWithNext = 0
            story.append(RoomForTableStart(lead, table, min(row_count, header_rows + 1)))
            story.extend(lead)
        story.append(table)

    def _figure(self, block: Figure, geometry: _Geometry, gap: float) -> rl.KeepTogether:
        width_mm, height_mm = block.size_mm(geometry.frame_width / mm, geometry.frame_height / mm)
        image = rl.Image(io.BytesIO(block.image), width=width_mm * mm, height=height_mm * mm)
        image.hAlign = "CENTER"
        parts: list = [rl.Spacer(0, gap), image] if gap else [image]
        if block.caption:
            parts.append(_para(_text(block.caption), self._style(
                align="center", bold=True, line_spacing=1.0, spaceBefore=FIGURE_CAPTION_GAP_PT)))
        return rl.KeepTogether(parts)

    def _signature(self, block: SignatureBlock, frame_width: float, gap: float) -> rl.KeepTogether:
        """The signature lines from the block's indent to the right margin, single-spaced, never split."""
        if block.tte is not None:
            return self._electronic_signature(block, block.tte, frame_width, gap)
        style = self._style(align="left", line_spacing=1.0, leftIndent=frame_width * block.indent_fraction)
        parts: list = [rl.Spacer(0, gap)] if gap else []
        parts.append(_para(_text(block.place_date), style))
        parts.extend(_para(_text(line), style) for line in block.jabatan_lines)
        parts.append(rl.Spacer(0, block.space_mm * mm))
        parts.extend(_para(f"<b><u>{_text(line)}</u></b>", style) for line in block.printed_name)
        parts.extend(_para(_text(line), style) for line in block.details)
        return rl.KeepTogether(parts)

    def _electronic_signature(self, block: SignatureBlock, tte: ElectronicSignature,
                              frame_width: float, gap: float) -> rl.KeepTogether:
        """The TTE block: the caption over the jabatan, the QR code where the wet signature goes."""
        left = frame_width * block.indent_fraction
        style = self._style(align="left", line_spacing=1.0, leftIndent=left, spaceAfter=0)
        parts: list = [rl.Spacer(0, gap)] if gap else []
        parts += [_para(_text(block.place_date), style), _para(_text(tte.caption), style)]
        parts.extend(_para(_text(line), style) for line in block.jabatan_lines)
        parts += [rl.Spacer(0, TTE_QR_GAP_MM * mm), _qr_drawing(tte, left, frame_width, self._family.face()),
                  rl.Spacer(0, TTE_QR_GAP_MM * mm)]
        parts.extend(_para(f"<b><u>{_text(line)}</u></b>", style) for line in block.printed_name)
        parts.extend(_para(_text(line), style) for line in block.details)
        if tte.footer and not tte.footer_on_every_page:
            parts += [rl.Spacer(0, self._layout.line_pt()), _footer_paragraph(tte, self._family)]
        return rl.KeepTogether(parts)

    def _lampiran_heading(self, block: LampiranHeading, frame_width: float, gap: float) -> list:
        """The title lines, then each field with its colon at the block's label width."""
        left = frame_width * self._layout.lampiran_indent
        colon = left + block.label_width_mm * mm
        flowables: list = []
        for line in block.lines:
            style = self._style(align="left", line_spacing=1.0, leftIndent=left, keepWithNext=1,
                                spaceBefore=0 if flowables else gap)
            flowables.append(_para(_text(line), style))
        if block.fields:
            style = self._style(align="left", line_spacing=1.0)
            rows = [[_para(_text(label), style), _para(_text(f": {value}"), style)]
                    for label, value in block.fields]
            fields = rl.Table(rows, colWidths=[colon - left, frame_width - colon], hAlign="RIGHT",
                              style=rl.TableStyle([("FONT", (0, 0), (-1, -1), self._family.face()),
                                                   ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                                   ("TOPPADDING", (0, 0), (-1, -1), 0),
                                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
            fields.keepWithNext = 1
            if not flowables:
                fields.spaceBefore = gap
            flowables.append(fields)
        return flowables

    def _table_of_contents(self, block: TableOfContents) -> DaftarIsi:
        styles = {
            level: self._style(align="left", leftIndent=(level - 1) * self._layout.toc_indent_mm * mm,
                               rightIndent=self._layout.toc_label_mm * mm)
            for level in range(1, block.max_level + 1)
        }
        self._toc_count += 1
        seed = self._toc_seed
        if block.entries:
            seed = [(entry.level, entry.text, entry.label, key) for entry, (_, _, _, key)
                    in zip(block.entries, [s for s in self._toc_seed if s[0] <= block.max_level])]
        return DaftarIsi(block.max_level, styles, seed, f"spmdocsToc{self._toc_count}")


def _qr_drawing(tte: ElectronicSignature, x: float, width: float, face: str) -> Drawing:
    """The TTE's QR code, drawn natively as vector squares, ``x`` points from the frame's left.

    The drawing names the document's (embedded) font ``face``: ReportLab would otherwise select
    its default font, Helvetica, which is not embedded.
    """
    size = tte.qr_size_mm * mm
    widget = QrCodeWidget(tte.qr_payload, barLevel="M", barBorder=0, barWidth=size, barHeight=size,
                          x=x, y=0)
    drawing = Drawing(width, size, initialFontName=face)
    drawing.add(widget)
    return drawing


def _footer_paragraph(tte: ElectronicSignature, family: FontFamily) -> rl.Paragraph:
    """The TTE footer in small type, centred on the text width."""
    size = tte.footer_size_pt
    style = ParagraphStyle("spmdocs-footer", fontName=family.face(), fontSize=size,
                           leading=size * SINGLE_LINE, alignment=TA_CENTER)
    return _para(_text(tte.footer), style)
