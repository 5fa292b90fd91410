"""Document model: a report as a tree of plain blocks, free of any output format or library.

``compose`` builds a :class:`Document`; each renderer (``render.docx``, ``render.pdf``) draws the
same document. Every decision about *what* is written (heading numbers, formatted figures, which
pages are landscape, where the page numbering restarts) is made before a renderer sees the model,
so Word and PDF say the same thing. Lengths are millimetres, font sizes points.

How the pages are filled is decided here too: :func:`spacing` and :func:`line_height` give the
vertical measures every renderer uses, and the layout step (``compose.layout``) puts its decisions
into the blocks (column widths, figure sizes, signature placement, :class:`PageBreak` before the
block that starts each page, tables cut into one :class:`Table` per page, Daftar Isi entries), so a
renderer only draws.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal, Union

Align = Literal["left", "center", "right", "justify"]
Orientation = Literal["portrait", "landscape"]
Numbering = Literal["none", "roman", "arabic"]
RowKind = Literal["item", "group", "total"]

SINGLE_LINE = 1.15
"""Height of one single-spaced line as a multiple of the font size (Word's line for Arial and its
metric twin Liberation Sans: ascent + descent + line gap)."""
POINT_MM = 25.4 / 72


@dataclass(frozen=True)
class PageSize:
    """A sheet of paper, portrait dimensions in millimetres."""

    name: str
    width_mm: float
    height_mm: float

    def oriented(self, orientation: Orientation) -> tuple[float, float]:
        """(width, height) of the sheet turned to ``orientation``."""
        if orientation == "landscape":
            return self.height_mm, self.width_mm
        return self.width_mm, self.height_mm


F4 = PageSize("F4", 215.0, 330.0)
A4 = PageSize("A4", 210.0, 297.0)
PAGE_SIZES = {"F4": F4, "A4": A4}


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres (Tata Naskah Dinas defaults)."""

    top_mm: float = 20.0
    bottom_mm: float = 25.0
    left_mm: float = 30.0
    right_mm: float = 20.0


@dataclass(frozen=True)
class Layout:
    """Page setup and base typography shared by every page of a document."""

    page: PageSize = F4
    margins: Margins = Margins()
    font_family: str = "Arial"
    font_files: tuple[str, ...] = ()
    """TrueType files (regular, bold, italic, bold italic) that draw ``font_family`` in a PDF;
    empty: the packaged Liberation Sans."""
    font_size_pt: float = 12.0
    line_spacing: float = 1.5
    space_after_pt: float = 6.0
    table_font_size_pt: float = 10.0
    header_distance_mm: float = 10.0
    label_width_mm: float = 10.0
    """Hanging width of a list label ("1.", "a.") or heading number ("A."); each heading level
    below 2 indents by it once more."""
    lampiran_indent: float = 0.55
    """Left edge of a lampiran heading block, as a fraction of the text width."""
    chapter_space_after_pt: float = 12.0
    heading_space_before_pt: float = 6.0
    heading_space_after_pt: float = 6.0
    caption_space_before_pt: float = 6.0
    caption_space_after_pt: float = 3.0
    block_space_after_pt: float = 6.0
    """White space below a table or a figure."""
    cell_padding_mm: float = 1.0
    """Left and right padding inside a table cell."""
    cell_padding_top_pt: float = 1.5
    cell_padding_bottom_pt: float = 1.5
    table_rule_pt: float = 0.5
    """Width of a table's grid lines."""
    toc_indent_mm: float = 8.0
    """Indent of each Daftar Isi level below the first."""
    toc_label_mm: float = 12.0
    """Room kept at the right of a Daftar Isi line for its page number."""

    def text_width_mm(self, orientation: Orientation = "portrait") -> float:
        width, _ = self.page.oriented(orientation)
        return width - self.margins.left_mm - self.margins.right_mm

    def text_height_mm(self, orientation: Orientation = "portrait") -> float:
        _, height = self.page.oriented(orientation)
        return height - self.margins.top_mm - self.margins.bottom_mm

    def line_pt(self, size_pt: float | None = None, spacing: float | None = None) -> float:
        """The height of one line of text of ``size_pt`` at ``spacing`` (body spacing by default)."""
        size = size_pt or self.font_size_pt
        return size * SINGLE_LINE * (self.line_spacing if spacing is None else spacing)


SOFT_HYPHEN = "\xad"
"""Where the layout lets a word break with a hyphen; renderers print the hyphen only at a line end."""
ZERO_WIDTH_SPACE = "\u200b"
"""Where the layout lets a web address break without a hyphen (Word and LibreOffice break there; the
PDF renderer lets ReportLab break the address at the same place, :data:`spmdocs.render.pdf.ADDRESS_BREAKS`)."""


@dataclass(frozen=True)
class Run:
    """A stretch of text with one character format."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of runs; ``label`` is a hanging list label such as "1." or "a."."""

    runs: tuple[Run, ...]
    align: Align = "justify"
    label: str = ""
    indent_mm: float = 0.0
    first_line_indent_mm: float = 0.0
    size_pt: float | None = None
    space_before_pt: float | None = None
    space_after_pt: float | None = None
    keep_with_next: bool = False
    """A label ("Permasalahan:") or a lead-in that must stay on the page of what follows."""

    @classmethod
    def of(cls, text: str, **kwargs) -> "Paragraph":
        bold = kwargs.pop("bold", False)
        italic = kwargs.pop("italic", False)
        return cls(runs=(Run(text, bold=bold, italic=italic),), **kwargs)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Heading:
    """A numbered heading. Level 1 is a chapter: ``number`` ("BAB I") above ``title``.

    Levels 2-4 are sections ("A."), sub-items ("1.") and sub-sub-items ("a."), drawn on one line.
    An empty ``number`` gives an unnumbered heading (KATA PENGANTAR, DAFTAR ISI, LAMPIRAN).
    """

    level: int
    title: str
    number: str = ""
    in_toc: bool = True
    page_break_before: bool = False
    show_number: bool = True
    """False when the number is printed elsewhere (a lampiran's number in its heading block);
    the Daftar Isi entry and the bookmark still carry it."""

    @property
    def printed_number(self) -> str:
        return self.number if self.show_number else ""

    @property
    def toc_text(self) -> str:
        """The text of this heading's entry in the table of contents."""
        return f"{self.number} {self.title}".strip()


@dataclass(frozen=True)
class Cell:
    """A table cell; spans follow HTML: a row lists only the cells that start in it."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    bold: bool = False
    align: Align | None = None
    shade: str | None = None


@dataclass(frozen=True)
class Column:
    """A table column: its relative width and the alignment of its body cells."""

    width: float = 1.0
    align: Align = "left"


@dataclass(frozen=True)
class Placement:
    """Where a cell sits in a table's grid (0-based), header rows first."""

    row: int
    col: int
    cell: Cell
    is_header: bool


@dataclass(frozen=True)
class Table:
    """A table with header rows (repeated on every page), a column-number row, and body rows.

    ``row_kinds`` says what each body row is: an ``item``, a ``group`` row heading the rows below
    it (kept with the first of them), or a ``total`` (kept with the row above it). ``split_rows``
    lists the body rows taller than a page, the only ones allowed to break across pages;
    ``kept_rows`` the body rows the layout keeps on one page with the row after them.
    ``continued`` marks the part of a table the layout carried over to a new page: it repeats the
    header and has no caption.
    """

    columns: tuple[Column, ...]
    header: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]
    number_row: bool = True
    caption: str = ""
    font_size_pt: float | None = None
    row_kinds: tuple[RowKind, ...] = ()
    split_rows: frozenset[int] = frozenset()
    kept_rows: frozenset[int] = frozenset()
    continued: bool = False

    def kind(self, index: int) -> RowKind:
        """The kind of body row ``index``."""
        return self.row_kinds[index] if index < len(self.row_kinds) else "item"

    @property
    def header_row_count(self) -> int:
        """Rows that repeat after a page break: header rows plus the column-number row."""
        return len(self.header) + (1 if self.number_row else 0)

    def all_rows(self) -> tuple[tuple[Cell, ...], ...]:
        """Header rows, the "(1) (2) (3)" row when asked for, then the body rows."""
        rows = list(self.header)
        if self.number_row:
            rows.append(tuple(Cell(f"({i})", align="center") for i in range(1, len(self.columns) + 1)))
        rows.extend(self.body)
        return tuple(rows)

    def grid(self) -> tuple[Placement, ...]:
        """Every cell placed on the grid, spans resolved once for every renderer (and remembered:
        the layout and the renderers ask a table for its grid many times)."""
        placed = self.__dict__.get("_grid")
        if placed is None:
            placed = self._place()
            object.__setattr__(self, "_grid", placed)
        return placed

    def with_split_rows(self, split_rows: frozenset[int]) -> "Table":
        """This table with ``split_rows`` set; its grid (the same cells) is not placed again."""
        return self._same_cells(split_rows=split_rows)

    def with_kept_rows(self, kept_rows: frozenset[int]) -> "Table":
        """This table with ``kept_rows`` set; its grid (the same cells) is not placed again."""
        return self._same_cells(kept_rows=kept_rows)

    def _same_cells(self, **changes) -> "Table":
        table = replace(self, **changes)
        placed = self.__dict__.get("_grid")
        if placed is not None:
            object.__setattr__(table, "_grid", placed)
        return table

    def _place(self) -> tuple[Placement, ...]:
        # Only a cell spanning rows takes places in rows below its own: a row's own cells are
        # passed by moving right, so only those places are remembered.
        taken: set[tuple[int, int]] = set()
        placements: list[Placement] = []
        header_rows = self.header_row_count
        for r, row in enumerate(self.all_rows()):
            c = 0
            is_header = r < header_rows
            for cell in row:
                if taken:
                    while (r, c) in taken:
                        c += 1
                placements.append(Placement(r, c, cell, is_header))
                for dr in range(1, cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan
        return tuple(placements)


FIGURE_MAX_HEIGHT = 0.85
"""A figure is at most this share of the text height tall."""
FIGURE_CAPTION_GAP_PT = 4.0
"""White space between a picture and its caption."""


@dataclass(frozen=True)
class Figure:
    """A picture (PNG bytes) with a caption below: ``aspect`` is its height / width.

    Its printed size is ``width_mm`` (given, else ``width_fraction`` of the text width), no taller
    than :data:`FIGURE_MAX_HEIGHT` of the text height: see :meth:`size_mm`.
    """

    image: bytes
    aspect: float
    width_fraction: float = 1.0
    caption: str = ""
    width_mm: float | None = None

    def size_mm(self, text_width_mm: float, text_height_mm: float) -> tuple[float, float]:
        """(width, height) in millimetres the picture is printed at, its aspect kept."""
        width = self.width_mm if self.width_mm is not None else self.width_fraction * text_width_mm
        height = width * self.aspect
        limit = text_height_mm * FIGURE_MAX_HEIGHT
        if height > limit:
            width, height = limit / self.aspect, limit
        return width, height


TTE_QR_GAP_MM = 2.0
"""White space above and below the QR code of an electronic signature."""


@dataclass(frozen=True)
class ElectronicSignature:
    """A signature by electronic certificate (TTE): a QR code in place of the wet signature.

    ``caption`` ("Ditandatangani secara elektronik oleh:") stands above the jabatan lines, the QR
    code holding ``qr_payload`` below them, then the name. ``footer`` is printed at the foot of
    every page when ``footer_on_every_page``, else in small type right below the block.
    """

    qr_payload: str
    caption: str
    footer: str = ""
    footer_on_every_page: bool = True
    qr_size_mm: float = 25.0
    footer_size_pt: float = 8.0


@dataclass(frozen=True)
class SignatureBlock:
    """The blok penandatanganan, kept together on one page with what comes before it.

    It is printed from ``indent_fraction`` of the text width to the right margin: the right half
    by default, further left when the layout finds the name or a line would not fit.

    With ``tte`` the block is signed electronically and ``space_mm`` gives way to the QR code.
    """

    place_date: str
    jabatan_lines: tuple[str, ...]
    name: str
    details: tuple[str, ...] = ()
    space_mm: float = 25.0
    tte: ElectronicSignature | None = None
    indent_fraction: float = 0.5
    name_lines: tuple[str, ...] = ()
    """The name broken into lines when it is too long for one (each line underlined on its own)."""

    @property
    def printed_name(self) -> tuple[str, ...]:
        """The lines the name is printed on."""
        return self.name_lines or (self.name,)

    def lines(self) -> tuple[str, ...]:
        """Every printed line of text, top to bottom (the name's lines are bold and underlined)."""
        caption = (self.tte.caption,) if self.tte is not None else ()
        footer = (self.tte.footer,) if self.tte is not None and self.tte.footer and \
            not self.tte.footer_on_every_page else ()
        return (self.place_date, *caption, *self.jabatan_lines, *self.printed_name, *self.details, *footer)

    @property
    def gap_mm(self) -> float:
        """The height between the jabatan and the name: room for the wet signature, or the QR code."""
        return self.tte.qr_size_mm + 2 * TTE_QR_GAP_MM if self.tte is not None else self.space_mm


@dataclass(frozen=True)
class LampiranHeading:
    """The block at the top right of an annex: "LAMPIRAN I", the document it belongs to, then
    "NOMOR : …" and "TANGGAL : …" with their colons one below the other.

    ``lines`` are printed as they are; each of ``fields`` is a (label, value) pair printed as
    "label<tab>: value", the colon at ``label_width_mm`` from the block's left edge.
    """

    lines: tuple[str, ...]
    fields: tuple[tuple[str, str], ...] = ()
    label_width_mm: float = 20.0


@dataclass(frozen=True)
class TocEntry:
    """One line of a Daftar Isi: heading level, text and the page label it is printed on."""

    level: int
    text: str
    label: str


@dataclass(frozen=True)
class TableOfContents:
    """The Daftar Isi: every heading with ``in_toc`` up to ``max_level`` and the page it starts on.

    ``entries`` are filled in by the layout with the page labels it decided; the Word file carries
    them as the field's result, so it reads right before any field is updated.
    """

    max_level: int = 2
    entries: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class PageBreak:
    """The next block starts a new page of the same section (nothing happens at a page's top)."""


@dataclass(frozen=True)
class Spacer:
    """Vertical white space."""

    height_mm: float


Block = Union[Paragraph, Heading, Table, Figure, SignatureBlock, LampiranHeading, TableOfContents,
              PageBreak, Spacer]


@dataclass(frozen=True)
class Section:
    """A run of pages with one orientation and one page-numbering style; starts a new page."""

    blocks: tuple[Block, ...]
    orientation: Orientation = "portrait"
    numbering: Numbering = "arabic"
    restart_numbering: bool = False
    label: str = ""
    """The page label of an unnumbered section's pages ("Sampul", "Surat Pengantar")."""


@dataclass(frozen=True)
class KopLine:
    """One printed line of the letterhead text (a long name or address takes several)."""

    text: str
    size_pt: float = 12.0
    bold: bool = False


KOP_LINE_LEADING = 1.2
KOP_RULE_MM = 3.0
"""Height of the kop's double rule with the white space around it."""
KOP_GAP_MM = 5.0
"""White space between the kop's rule and the first line of the body."""


@dataclass(frozen=True)
class Kop:
    """The letterhead (kop) drawn on the first page only: logo left, centred lines, rule below.

    It starts at the layout's header distance from the top of the paper; the body of the first
    page starts :meth:`body_top_mm` from the top.
    """

    lines: tuple[KopLine, ...]
    logo: bytes | None = None
    logo_aspect: float = 1.0
    logo_height_mm: float = 25.0
    text_width_mm: float | None = None
    """Width the lines were broken to fit, centred on the text width (None: the whole text width)."""

    @property
    def text_height_mm(self) -> float:
        return sum(line.size_pt * KOP_LINE_LEADING for line in self.lines) * POINT_MM

    @property
    def block_height_mm(self) -> float:
        """Height of the logo or the text lines, whichever is taller."""
        return max(self.text_height_mm, self.logo_height_mm if self.logo else 0.0)

    def body_top_mm(self, layout: "Layout") -> float:
        """Where the body of the first page starts, from the top of the paper."""
        bottom = layout.header_distance_mm + self.block_height_mm + KOP_RULE_MM + KOP_GAP_MM
        return max(layout.margins.top_mm, bottom)


@dataclass(frozen=True)
class DocumentInfo:
    """Document properties; ``created`` comes from the report date, never the clock."""

    title: str
    author: str
    subject: str = ""
    keywords: tuple[str, ...] = ()
    created: datetime = datetime(2000, 1, 1)


@dataclass(frozen=True)
class Document:
    """A whole report: properties, layout, optional kop, and its sections in order."""

    info: DocumentInfo
    sections: tuple[Section, ...]
    layout: Layout = Layout()
    kop: Kop | None = None
    page_number_format: str = "- {} -"

    def headings(self) -> list[Heading]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Heading)]

    @property
    def page_footer(self) -> ElectronicSignature | None:
        """The electronic signature whose footer goes at the foot of every page, if any."""
        return next((b.tte for s in self.sections for b in s.blocks if isinstance(b, SignatureBlock)
                     and b.tte is not None and b.tte.footer and b.tte.footer_on_every_page), None)

def spacing(block: Block, layout: Layout) -> tuple[float, float]:
    """(space before, space after) of a block in points; the white space between two blocks is
    the first one's space after plus the second one's space before."""
    if isinstance(block, Paragraph):
        before = block.space_before_pt or 0.0
        after = layout.space_after_pt if block.space_after_pt is None else block.space_after_pt
        return before, after
    if isinstance(block, Heading):
        if block.level == 1:
            return 0.0, layout.chapter_space_after_pt
        return layout.heading_space_before_pt, layout.heading_space_after_pt
    if isinstance(block, Table):
        before = layout.caption_space_before_pt if block.caption else 0.0
        return before, layout.block_space_after_pt
    if isinstance(block, Figure):
        return layout.caption_space_before_pt, layout.block_space_after_pt
    if isinstance(block, SignatureBlock):
        return layout.line_pt(), 0.0
    if isinstance(block, LampiranHeading):
        return 0.0, layout.chapter_space_after_pt
    return 0.0, 0.0
