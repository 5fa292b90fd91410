"""A demo document with every block kind, shared by the Word and PDF renderer tests."""

from __future__ import annotations

import io
from datetime import datetime


from spmdocs.model import (
    Cell, Column, Document, DocumentInfo, Figure, Heading, Kop, KopLine, LampiranHeading, Layout,
    PageBreak, Paragraph, Run, Section, SignatureBlock, Spacer, Table, TableOfContents,
)


def _png(width: int = 400, height: int = 200, color=(30, 90, 160)) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([10, 10, width - 10, height - 10], outline=color, width=6)
    draw.ellipse([width // 3, height // 4, 2 * width // 3, 3 * height // 4], fill=color)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def build_demo_document(layout: Layout | None = None) -> Document:
    """Every block kind once, long enough that tables break across pages."""
    capaian_header = (
        (Cell("No", rowspan=2, bold=True, align="center"),
         Cell("Jenis Pelayanan Dasar", rowspan=2, bold=True, align="center"),
         Cell("Capaian (%)", colspan=2, bold=True, align="center"),
         Cell("Nilai", rowspan=2, bold=True, align="center"),
         Cell("Kategori", rowspan=2, bold=True, align="center")),
        (Cell("Penerima", bold=True, align="center"), Cell("Mutu", bold=True, align="center")),
    )
    body = [(Cell("Bidang Kesehatan", colspan=6, bold=True, shade="EDEDED"),)]
    for i in range(1, 61):
        body.append((
            Cell(str(i), align="center"),
            Cell(f"Pelayanan kesehatan nomor {i} & lainnya <uji>"),
            Cell(f"{90 + i % 10},{i:02d}"),
            Cell(f"{80 + i % 20},50"),
            Cell(f"{88 + i % 12},25"),
            Cell("Tuntas Madya"),
        ))
    capaian = Table(
        columns=(Column(0.6, "center"), Column(5.0), Column(1.4, "right"), Column(1.4, "right"),
                 Column(1.4, "right"), Column(2.0, "left")),
        header=capaian_header,
        body=tuple(body),
        caption="Tabel 2.1 Capaian SPM Bidang Kesehatan Tahun 2025",
    )
    wide = Table(
        columns=tuple([Column(0.6, "center"), Column(4.0)] + [Column(1.2, "right")] * 10),
        header=((Cell("No", bold=True, align="center"), Cell("Uraian", bold=True, align="center"),
                 *[Cell(f"T{i}", bold=True, align="center") for i in range(1, 11)]),),
        body=tuple(
            (Cell(str(r), align="center"), Cell(f"Kegiatan {r}"),
             *[Cell(f"{r * c}.000.000") for c in range(1, 11)])
            for r in range(1, 16)
        ),
        caption="Tabel 4.1 Matriks Rencana Aksi",
    )
    cover = Section(
        blocks=(
            Spacer(30),
            Paragraph.of("LAPORAN PENERAPAN", bold=True, align="center", size_pt=16),
            Paragraph.of("STANDAR PELAYANAN MINIMAL", bold=True, align="center", size_pt=16),
            Paragraph.of("TAHUN 2025", bold=True, align="center", size_pt=16),
            Spacer(20),
            Figure(image=_png(300, 300), aspect=1.0, width_fraction=0.3),
            Paragraph.of("PEMERINTAH PROVINSI KALIMANTAN UTARA", bold=True, align="center", size_pt=14),
        ),
        numbering="none",
    )
    front = Section(
        blocks=(
            Heading(1, "KATA PENGANTAR"),
            Paragraph.of("Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa. " * 6,
                         first_line_indent_mm=12.5),
            Heading(1, "DAFTAR ISI", in_toc=False, page_break_before=True),
            TableOfContents(max_level=2),
        ),
        numbering="roman",
        restart_numbering=True,
    )
    main = Section(
        blocks=(
            Heading(1, "PENDAHULUAN", number="BAB I"),
            Heading(2, "Latar Belakang", number="A."),
            Paragraph(runs=(Run("Standar Pelayanan Minimal ("), Run("SPM", bold=True),
                            Run(") adalah ketentuan mengenai jenis dan mutu pelayanan dasar. " * 8)),
                      first_line_indent_mm=12.5),
            Heading(2, "Dasar Hukum", number="B."),
            Paragraph.of("Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;",
                         label="1.", indent_mm=10),
            Paragraph.of("Peraturan Pemerintah Nomor 2 Tahun 2018 tentang Standar Pelayanan Minimal;",
                         label="2.", indent_mm=10),
            Heading(1, "PENERAPAN DAN PENCAPAIAN SPM", number="BAB II", page_break_before=True),
            Heading(2, "Bidang Kesehatan", number="A."),
            Heading(3, "Realisasi", number="3."),
            capaian,
            Figure(image=_png(800, 400), aspect=0.5, width_fraction=1.0,
                   caption="Gambar 2.1 Indeks SPM per Bidang"),
            PageBreak(),
            Heading(1, "PENUTUP", number="BAB IV"),
            Paragraph.of("Demikian laporan ini disusun.", first_line_indent_mm=12.5),
            SignatureBlock(
                place_date="Tanjung Selor, 19 Januari 2026",
                jabatan_lines=("GUBERNUR KALIMANTAN UTARA,",),
                name="ZAINAL ARIFIN PALIWANG",
            ),
        ),
        numbering="arabic",
        restart_numbering=True,
    )
    landscape = Section(
        blocks=(
            LampiranHeading(lines=("LAMPIRAN I", "LAPORAN PENERAPAN SPM", "NOMOR 100.3/123/2026",
                                   "TANGGAL 19 JANUARI 2026")),
            Heading(1, "MATRIKS RENCANA AKSI", number="LAMPIRAN I"),
            wide,
            SignatureBlock(
                place_date="Tanjung Selor, 19 Januari 2026",
                jabatan_lines=("a.n. GUBERNUR KALIMANTAN UTARA", "SEKRETARIS DAERAH,"),
                name="Dr. H. DENNY HARIANTO, S.H., M.Si.",
                details=("Pembina Utama Madya", "NIP 19700101 199503 1 001"),
            ),
        ),
        orientation="landscape",
        numbering="arabic",
    )
    kop = Kop(
        lines=(KopLine("PEMERINTAH PROVINSI KALIMANTAN UTARA", 14, True),
               KopLine("Jalan Kolonel Soetadji, Tanjung Selor, Kalimantan Utara 77212", 10),
               KopLine("Laman: kaltaraprov.go.id  Pos-el: setda@kaltaraprov.go.id", 10)),
        logo=_png(200, 240),
        logo_aspect=1.2,
    )
    return Document(
        info=DocumentInfo(title="Laporan Penerapan SPM Tahun 2025",
                          author="Pemerintah Provinsi Kalimantan Utara",
                          subject="Standar Pelayanan Minimal", keywords=("SPM", "2025"),
                          created=datetime(2026, 1, 19, 9, 0, 0)),
        sections=(cover, front, main, landscape),
        layout=layout or Layout(),
        kop=kop,
    )


