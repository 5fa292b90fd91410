"""Flowables the PDF renderer adds to platypus: bookmarked headings, conditional breaks, Daftar Isi."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph, Table, TableStyle
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import CondPageBreak, Flowable
from reportlab.platypus.tableofcontents import IndexingFlowable, drawPageNumbers
from reportlab.lib.styles import ParagraphStyle

TOC_NOTIFY_KIND = "TOCEntry"


@dataclass(frozen=True)
class OutlineEntry:
    """What a heading contributes to the bookmarks and the Daftar Isi: level 1-4, text, link key."""

    level: int
    text: str
    key: str


class HeadingParagraph(Paragraph):
    """A heading paragraph that bookmarks its position; the doc template reads ``spm_outline``."""

    spm_outline: OutlineEntry | None = None

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if parts:
            parts[0].spm_outline = self.spm_outline
            for part in parts[1:]:
                part.spm_outline = None
        return parts

    def draw(self):
        if self.spm_outline is not None:
            self.canv.bookmarkHorizontal(self.spm_outline.key, 0, self.height)
        super().draw()


class PageBreakUnlessAtTop(ActionFlowable):
    """Start a new page unless nothing has been placed on the current one yet."""

    def apply(self, doc):
        if not doc.frame._atTop:
            doc.handle_pageBreak()


class RoomForTableStart(CondPageBreak):
    """Break the page unless ``lead`` (heading, caption) fits together with a table's first rows.

    It stands in for keep-with-next before a table: keeping a heading with a whole multi-page table
    would push both to a new page and leave a gap, so only the header and first body rows count.
    """

    def __init__(self, lead: list[Flowable], table: Table, rows: int):
        super().__init__(0)
        self._lead = lead
        self._table = table
        self._rows = rows

    def wrap(self, availWidth, availHeight):
        return _room_for_start(self, availWidth, availHeight)

    def _start_height(self, availWidth, frame) -> float:
        self._table.wrap(availWidth, frame._height)
        return sum(height or 0.0 for height in self._table._rowHeights[:self._rows])


def _room_for_start(breaker, availWidth, availHeight):
    """CondPageBreak.wrap asking for the lead's height and the start of what follows it."""
    frame = breaker._doctemplateAttr("frame")
    if frame is None or frame._atTop:
        return 0, 0
    need = 0.0
    for flowable in breaker._lead:
        need += flowable.wrap(availWidth, availHeight)[1]
        need += flowable.getSpaceBefore() + flowable.getSpaceAfter()
    need += breaker._start_height(availWidth, frame)
    breaker.height = min(need, frame._height)
    return CondPageBreak.wrap(breaker, availWidth, availHeight)


class RoomForParagraphStart(CondPageBreak):
    """Break the page unless ``lead`` (heading, label) fits together with a paragraph's first lines.

    It stands in for keep-with-next before a paragraph, as the layout decided: platypus would keep
    a heading with the whole paragraph and move both to a new page; Word, like the layout, keeps
    it with the first two lines only. A paragraph too short to split (fewer than four lines, two
    on each side of a break) is counted whole.
    """

    def __init__(self, lead: list[Flowable], paragraph: Paragraph, lines: int = 2):
        super().__init__(0)
        self._lead = lead
        self._paragraph = paragraph
        self._lines = lines

    def wrap(self, availWidth, availHeight):
        return _room_for_start(self, availWidth, availHeight)

    def _start_height(self, availWidth, frame) -> float:
        paragraph = self._paragraph
        height = paragraph.wrap(availWidth, frame._height)[1]
        count = len(getattr(paragraph.blPara, "lines", ()))
        return paragraph.getSpaceBefore() + (height if count < 2 * self._lines
                                             else self._lines * paragraph.style.leading)

    def drawOn(self, canvas, x, y, _sW=0):
        """Nothing to draw: the page break, when wanted, is all it does."""


class DaftarIsi(IndexingFlowable):
    """The table of contents: one line per heading up to ``max_level``, dot leaders, page label.

    Entries arrive as ``TOCEntry`` notifications ``(level, text, page_label, key)`` while a pass is
    laid out; each pass draws the entries of the previous one, so ``multiBuild`` repeats until the
    labels stop changing. ``seed`` gives the first pass the right entries with blank labels, so
    the Daftar Isi already has its final height.
    """

    def __init__(self, max_level: int, styles: dict[int, ParagraphStyle],
                 seed: list[tuple[int, str, str, str]], callback_name: str):
        super().__init__()
        self._max_level = max_level
        self._styles = styles
        self._entries = [e for e in seed if e[0] <= max_level]
        self._last_entries: list[tuple[int, str, str, str]] = []
        self._callback_name = callback_name
        self._table: Table | None = None

    def isIndexing(self):
        return 1

    def beforeBuild(self):
        self._last_entries = self._entries
        self._entries = []

    def isSatisfied(self):
        return self._entries == self._last_entries

    def notify(self, kind, stuff):
        if kind == TOC_NOTIFY_KIND and stuff[0] <= self._max_level:
            self._entries.append(tuple(stuff))

    def wrap(self, availWidth, availHeight):
        entries = self._last_entries

        def draw_label(canvas, kind, label):
            level, _, page_label, key = entries[int(label)]
            drawPageNumbers(canvas, self._styles[level], [(page_label, key)], availWidth,
                            availHeight, dot=" . ")

        self.canv.setNamedCB(self._callback_name, draw_label)
        rows = []
        for index, (level, text, _, key) in enumerate(entries):
            markup = (f'<a href="#{key}">{escape(text)}</a>'
                      f'<onDraw name="{self._callback_name}" label="{index}"/>')
            rows.append([Paragraph(markup, self._styles[level])])
        if not rows:
            rows.append([Paragraph("", self._styles[1])])
        self._table = Table(rows, colWidths=(availWidth,), style=TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONT", (0, 0), (-1, -1), self._styles[1].fontName, self._styles[1].fontSize),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        self.width, self.height = self._table.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        return self._table.splitOn(self.canv, availWidth, availHeight)

    def drawOn(self, canvas, x, y, _sW=0):
        self._table.drawOn(canvas, x, y, _sW)
