"""Building blocks every report kind composes with: numbering, kop, signature, table cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from spmdocs.compose.measure import wrap
from spmdocs.config import TTE_FIELDS, Kop as KopConfig, Penandatangan
from spmdocs.config.placeholders import fill
from spmdocs.fmt import angka, huruf, nilai, romawi, tanggal
from spmdocs.model import (POINT_MM, Align, Cell, Column, ElectronicSignature, Figure, Heading, Kop, KopLine,
                           LampiranHeading, Layout, Paragraph, RowKind, Section, SignatureBlock, Spacer, Table)
from spmdocs.narrative import paragraphs

PARAGRAPH_INDENT_MM = 12.5


def image_aspect(data: bytes) -> float:
    """Height / width of a PNG or JPEG image."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    return height / width


KOP_LOGO_GAP_MM = 3.0
KOP_SIZE_STEP_PT = 0.5


@dataclass(frozen=True)
class KopRole:
    """How one kind of kop line is printed: its usual size, the least it shrinks to, and weight."""

    size_pt: float
    min_pt: float
    bold: bool


KOP_PEMERINTAH = KopRole(14.0, 12.0, True)
KOP_PERANGKAT_DAERAH = KopRole(16.0, 12.0, True)
KOP_ALAMAT = KopRole(10.0, 9.0, False)


def _role_lines(texts: list[str], role: KopRole, width_mm: float) -> list[KopLine]:
    """The printed lines of one role's texts, all at one size.

    The size is the largest, in half points from the role's usual size down to its least, at
    which the texts take no more lines than they would at the least: a text that fits on one line
    at some readable size is shrunk (with the others of its role) rather than wrapped, and one
    that fits at none is wrapped at the largest size that needs no extra line.
    """
    room = width_mm / POINT_MM

    def rows(size: float) -> list[str]:
        return [row for text in texts for row in wrap(text, size, room, role.bold)]

    fewest = len(rows(role.min_pt))
    size = role.size_pt
    while size > role.min_pt and len(rows(size)) > fewest:
        size -= KOP_SIZE_STEP_PT
    return [KopLine(row, size, role.bold) for row in rows(size)]


def kop_block(config: KopConfig, layout: Layout) -> Kop:
    """The kop from config: pemerintah, optional perangkat daerah, address lines and logo.

    The lines are sized and broken here, once, to fit between the logo and its mirror image on
    the other side, in the fonts the PDF draws with: Word and PDF then print the same lines.
    """
    logo = Path(config.logo).read_bytes() if config.logo else None
    kop = Kop(lines=(), logo=logo, logo_aspect=image_aspect(logo) if logo else 1.0)
    logo_width = kop.logo_height_mm / kop.logo_aspect + KOP_LOGO_GAP_MM if logo else 0.0
    width = layout.text_width_mm() - 2 * logo_width
    lines = _role_lines([config.pemerintah.upper()], KOP_PEMERINTAH, width)
    if config.perangkat_daerah:
        lines += _role_lines([config.perangkat_daerah.upper()], KOP_PERANGKAT_DAERAH, width)
    if config.alamat:
        lines += _role_lines(list(config.alamat), KOP_ALAMAT, width)
    return Kop(lines=tuple(lines), logo=kop.logo, logo_aspect=kop.logo_aspect, text_width_mm=width)


def cover_section(title_lines: list[str], config: KopConfig, tempat: str, year: int) -> Section:
    """A cover page: title lines, the logo, the pemerintah and "PLACE, YEAR", without page number."""
    title = [Paragraph.of(line, bold=True, align="center", size_pt=16, space_after_pt=4)
             for line in title_lines]
    blocks: list = [Spacer(25.0), *title, Spacer(20.0)]
    if config.logo:
        logo = Path(config.logo).read_bytes()
        blocks.append(Figure(image=logo, aspect=image_aspect(logo), width_fraction=0.28))
    blocks += [Spacer(25.0),
               Paragraph.of(config.pemerintah.upper(), bold=True, align="center", size_pt=14),
               Paragraph.of(f"{tempat.upper()}, {year}", bold=True, align="center", size_pt=12)]
    return Section(tuple(blocks), numbering="none", label="Sampul")


def title_lines(judul: str, default: tuple[str, ...]) -> list[str]:
    """A document's title as printed, in capitals: the configured ``judul``, or the usual lines
    ``default`` breaks the default title into."""
    if " ".join(default).casefold() == " ".join(judul.split()).casefold():
        return list(default)
    return [" ".join(judul.split()).upper()]


DEFAULT_TITLE_LINES = ("LAPORAN PENERAPAN", "STANDAR PELAYANAN MINIMAL")


def signature_block(signer: Penandatangan, tempat: str, tanggal_ttd: date) -> SignatureBlock:
    """The blok penandatanganan: a.n./u.b. put the principal's jabatan on its own line, and so does
    an acting official (Plt., Plh., Pj.) who signs on behalf of one ("a.n. GUBERNUR" above
    "Plh. SEKRETARIS DAERAH")."""
    if signer.prefiks in ("a.n.", "u.b.") and signer.atas_nama:
        jabatan = (f"{signer.prefiks} {signer.atas_nama.upper()}", f"{signer.jabatan.upper()},")
    elif signer.prefiks and signer.atas_nama:
        jabatan = (f"a.n. {signer.atas_nama.upper()}", f"{signer.prefiks} {signer.jabatan.upper()},")
    elif signer.prefiks:
        jabatan = (f"{signer.prefiks} {signer.jabatan.upper()},",)
    else:
        jabatan = (f"{signer.jabatan.upper()},",)
    details = tuple(x for x in (signer.pangkat, f"NIP {signer.nip}" if signer.nip else None) if x)
    return SignatureBlock(place_date=f"{tempat}, {tanggal(tanggal_ttd)}", jabatan_lines=jabatan,
                          name=signer.nama, details=details,
                          tte=electronic_signature(signer, jabatan, tanggal_ttd))


def electronic_signature(signer: Penandatangan, jabatan: tuple[str, ...],
                         tanggal_ttd: date) -> ElectronicSignature | None:
    """The TTE of a signatory with ``tte``: caption, QR payload and footer, or None.

    The QR code holds ``tte.isi_qr`` (the office's verification URL) with its placeholders filled
    from the document's identity and the signatory, or else that identity as plain lines.
    """
    tte = signer.tte
    if tte is None:
        return None
    jabatan_text = " ".join(line.rstrip(",") for line in jabatan)
    fields = {**dict.fromkeys(TTE_FIELDS, ""), **signer.identity, "tanggal": tanggal_ttd.isoformat(),
              "nama": signer.nama, "nip": (signer.nip or "").replace(" ", ""), "jabatan": jabatan_text}
    if tte.isi_qr is not None:
        payload = fill(tte.isi_qr, fields)
    else:
        lines = [fields["judul"], f"Nomor: {fields['nomor']}" if fields["nomor"] not in ("", "-") else "",
                 " ".join(x for x in (fields["unit"], fields["daerah"]) if x) + f" Tahun {fields['tahun']}",
                 f"{tte.keterangan} {signer.nama}", jabatan_text,
                 f"NIP {fields['nip']}" if fields["nip"] else "", f"Tanggal: {tanggal(tanggal_ttd)}"]
        payload = "\n".join(line.strip() for line in lines if line.strip())
    return ElectronicSignature(qr_payload=payload, caption=tte.keterangan, footer=tte.catatan,
                               footer_on_every_page=tte.letak_catatan == "kaki_halaman")


def lampiran_heading(number: int, judul_dokumen: str, nomor: str | None, tanggal_dok: date) -> LampiranHeading:
    """LAMPIRAN I / <document> / NOMOR : … / TANGGAL : … (top right of an annex's first page)."""
    return LampiranHeading((f"LAMPIRAN {romawi(number)}", judul_dokumen.upper()),
                           fields=(("NOMOR", nomor or "-"), ("TANGGAL", tanggal(tanggal_dok).upper())))


def narrative_paragraphs(text: str) -> list[Paragraph]:
    """Rendered narrative as justified body paragraphs with a first-line indent."""
    return [Paragraph.of(p, first_line_indent_mm=PARAGRAPH_INDENT_MM) for p in paragraphs(text)]


def label(text: str, bold: bool = True) -> Paragraph:
    """A lead-in line ("Permasalahan:") that stays on the page of what follows it."""
    return Paragraph.of(text, bold=bold, keep_with_next=True)


def numbered_list(items: list[str], indent_mm: float = 10.0) -> list[Paragraph]:
    """Items as "1. …", "2. …" paragraphs with hanging labels."""
    return [Paragraph.of(item, label=f"{i}.", indent_mm=indent_mm) for i, item in enumerate(items, 1)]


def head(*titles: str) -> tuple[Cell, ...]:
    """One header row of bold centred cells."""
    return tuple(Cell(t, bold=True, align="center") for t in titles)


def text_cell(value: str, bold: bool = False, shade: str | None = None) -> Cell:
    return Cell(value, bold=bold, shade=shade)


def number_cell(value, decimals: int | None = None, bold: bool = False, shade: str | None = None) -> Cell:
    return Cell(angka(value, decimals), align="right", bold=bold, shade=shade)


def percent_cell(value, bold: bool = False, shade: str | None = None) -> Cell:
    """A capaian, nilai or indeks with the config's decimals and rounding (:func:`spmdocs.fmt.nilai`)."""
    return Cell(nilai(value), align="right", bold=bold, shade=shade)


def money_cell(value, bold: bool = False, shade: str | None = None) -> Cell:
    """A Rupiah amount in a column whose header says "(Rp)": digits only, so it never wraps."""
    return Cell(angka(value, 0), align="right", bold=bold, shade=shade)


def ordinal_cell(value: int, bold: bool = False) -> Cell:
    return Cell(str(value), align="center", bold=bold)


class Rows(list):
    """The body rows of a table (tuples of cells) with the kind of each in ``kinds``: ``item``,
    ``group`` or ``total``.

    The layout keeps a group row (a bidang above its services) with the row after it and a total
    with the row before it.
    """

    def __init__(self) -> None:
        super().__init__()
        self.kinds: list[RowKind] = []

    def item(self, *cells: Cell) -> None:
        self.append(tuple(cells))
        self.kinds.append("item")

    def group(self, *cells: Cell) -> None:
        self.append(tuple(cells))
        self.kinds.append("group")

    def total(self, *cells: Cell) -> None:
        self.append(tuple(cells))
        self.kinds.append("total")


def columns(*aligns: Align) -> tuple[Column, ...]:
    """Columns with these body alignments (their widths come from the layout)."""
    return tuple(Column(align=align) for align in aligns)


def empty_note(what: str) -> Paragraph:
    """The plain sentence a section shows instead of an empty table."""
    return Paragraph.of(f"Data {what} tidak tersedia untuk laporan ini.", italic=True,
                        first_line_indent_mm=PARAGRAPH_INDENT_MM)


@dataclass
class Outline:
    """Numbers chapters (BAB I), sections (A.), items (1.), tables and figures as they come."""

    bab: int = 0
    section: int = 0
    item: int = 0
    tables: int = 0
    figures: int = 0
    prefix: str = ""
    _lampiran: int = field(default=0, repr=False)

    def chapter(self, title: str) -> Heading:
        self.bab += 1
        self.section = self.item = self.tables = self.figures = 0
        self.prefix = str(self.bab)
        return Heading(1, title.upper(), number=f"BAB {romawi(self.bab)}", page_break_before=True)

    def lampiran(self, title: str, show_number: bool = True) -> Heading:
        """The heading of the next lampiran; its number is not printed again under a lampiran
        heading block that already says "LAMPIRAN I" (``show_number=False``)."""
        self._lampiran += 1
        self.section = self.item = self.tables = self.figures = 0
        self.prefix = f"L.{romawi(self._lampiran)}"
        return Heading(1, title.upper(), number=f"LAMPIRAN {romawi(self._lampiran)}", show_number=show_number)

    def sub(self, title: str) -> Heading:
        self.section += 1
        self.item = 0
        return Heading(2, title, number=f"{huruf(self.section)}.")

    def point(self, title: str) -> Heading:
        self.item += 1
        return Heading(3, title, number=f"{self.item}.", in_toc=False)

    def table(self, columns: tuple[Column, ...], header: tuple[tuple[Cell, ...], ...],
              body: "Rows | list[tuple[Cell, ...]]", caption: str, font_size_pt: float | None = None) -> Table:
        """The next numbered table; ``body`` as :class:`Rows` says which rows are groups and totals."""
        self.tables += 1
        kinds = tuple(body.kinds) if isinstance(body, Rows) else ()
        return Table(columns=columns, header=header, body=tuple(body), row_kinds=kinds,
                     caption=f"Tabel {self.prefix}.{self.tables} {caption}", font_size_pt=font_size_pt)

    def figure(self, image: bytes, aspect: float, caption: str, width_fraction: float = 1.0) -> Figure:
        self.figures += 1
        return Figure(image=image, aspect=aspect, width_fraction=width_fraction,
                      caption=f"Gambar {self.prefix}.{self.figures} {caption}")

    def chart(self, chart, caption: str, width_mm: float) -> Figure:
        """A chart drawn ``width_mm`` wide, printed at exactly that size."""
        self.figures += 1
        return Figure(image=chart.png, aspect=chart.aspect, width_mm=width_mm,
                      caption=f"Gambar {self.prefix}.{self.figures} {caption}")
