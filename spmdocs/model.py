"""Document model: a report as a tree of plain blocks, free of any output format or library.

``compose`` builds a :class:`Document`; each renderer (``render.docx``, ``render.pdf``) draws the
same document. Every decision about *what* is written (heading numbers, formatted figures, which
pages are landscape, where the page numbering restarts) is made before a renderer sees the model,
so Word and PDF say the same thing. Lengths are millimetres, font sizes points.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Union

Align = Literal["left", "center", "right", "justify"]
Orientation = Literal["portrait", "landscape"]
Numbering = Literal["none", "roman", "arabic"]


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

    def text_width_mm(self, orientation: Orientation = "portrait") -> float:
        width, _ = self.page.oriented(orientation)
        return width - self.margins.left_mm - self.margins.right_mm


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
    """A table with header rows (repeated on every page), a column-number row, and body rows."""

    columns: tuple[Column, ...]
    header: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]
    number_row: bool = True
    caption: str = ""
    font_size_pt: float | None = None

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
        """Every cell placed on the grid, spans resolved once for every renderer."""
        taken: set[tuple[int, int]] = set()
        placements: list[Placement] = []
        header_rows = self.header_row_count
        for r, row in enumerate(self.all_rows()):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                placements.append(Placement(r, c, cell, r < header_rows))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan
        return tuple(placements)


@dataclass(frozen=True)
class Figure:
    """A picture (PNG bytes) sized as a fraction of the text width, with a caption below."""

    image: bytes
    aspect: float
    width_fraction: float = 1.0
    caption: str = ""


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
    """The blok penandatanganan on the right half of the page, kept together on one page.

    With ``tte`` the block is signed electronically and ``space_mm`` gives way to the QR code.
    """

    place_date: str
    jabatan_lines: tuple[str, ...]
    name: str
    details: tuple[str, ...] = ()
    space_mm: float = 25.0
    tte: ElectronicSignature | None = None


@dataclass(frozen=True)
class LampiranHeading:
    """The "LAMPIRAN I / PERATURAN … / NOMOR … / TANGGAL …" block at the top right of an annex."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class TableOfContents:
    """The Daftar Isi: every heading with ``in_toc`` and the page it starts on."""

    max_level: int = 2


@dataclass(frozen=True)
class PageBreak:
    """Continue on a new page of the same section."""


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


@dataclass(frozen=True)
class KopLine:
    """One line of the letterhead text."""

    text: str
    size_pt: float = 12.0
    bold: bool = False


@dataclass(frozen=True)
class Kop:
    """The letterhead (kop) drawn on the first page only: logo left, centred lines, rule below."""

    lines: tuple[KopLine, ...]
    logo: bytes | None = None
    logo_aspect: float = 1.0
    logo_height_mm: float = 25.0


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
