"""Write the two sample evidence PDFs of the SPM Awards dossier under ``data/sample/bukti/``.

Usage: ``python scripts/make_sample_evidence.py [FOLDER]`` (default ``data/sample/bukti``).
The documents are invented examples, marked CONTOH on every page: an extract of a Keputusan
Gubernur on the Tim Penerapan SPM (2 pages) and a recap of the quarterly e-SPM submissions
(1 page). ReportLab runs in invariant mode, so every run writes the same bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

REPO = Path(__file__).resolve().parents[1]
FONTS = REPO / "spmdocs" / "resources" / "fonts"
TARGET = REPO / "data" / "sample" / "bukti"

SK_TIM = "sk-tim-penerapan-spm-2025.pdf"
REKAP_E_SPM = "rekap-pelaporan-e-spm-2025.pdf"

TIM = [
    ("Pengarah", "Gubernur Kalimantan Utara"),
    ("Ketua", "Sekretaris Daerah Provinsi Kalimantan Utara"),
    ("Sekretaris", "Kepala Badan Perencanaan Pembangunan Daerah"),
    ("Anggota", "Kepala Dinas Pendidikan dan Kebudayaan"),
    ("Anggota", "Kepala Dinas Kesehatan"),
    ("Anggota", "Kepala Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman"),
    ("Anggota", "Kepala Satuan Polisi Pamong Praja dan Pemadam Kebakaran"),
    ("Anggota", "Kepala Badan Penanggulangan Bencana Daerah"),
    ("Anggota", "Kepala Dinas Sosial"),
    ("Anggota", "Kepala Biro Pemerintahan dan Otonomi Daerah"),
]

KIRIM = [
    ("Triwulan I", "20 April 2025", "17 April 2025", "Tepat waktu", "100%"),
    ("Triwulan II", "20 Juli 2025", "18 Juli 2025", "Tepat waktu", "100%"),
    ("Triwulan III", "20 Oktober 2025", "21 Oktober 2025", "Terlambat 1 hari", "100%"),
    ("Triwulan IV", "20 Januari 2026", "15 Januari 2026", "Tepat waktu", "100%"),
]


def _fonts() -> None:
    pdfmetrics.registerFont(TTFont("Liberation", str(FONTS / "LiberationSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("Liberation-Bold", str(FONTS / "LiberationSans-Bold.ttf")))


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName="Liberation", fontSize=11, leading=15, alignment=TA_JUSTIFY,
                          spaceAfter=6)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName="Liberation-Bold", alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", parent=body, fontSize=10, leading=12, alignment=0, spaceAfter=0),
    }


def _stamp(canvas, doc) -> None:
    """Mark every page as an invented sample, with its page number."""
    canvas.saveState()
    canvas.setFont("Liberation-Bold", 60)
    canvas.setFillColor(colors.Color(0.85, 0.85, 0.85))
    canvas.translate(A4[0] / 2, A4[1] / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, 0, "CONTOH")
    canvas.restoreState()
    canvas.setFont("Liberation", 9)
    canvas.drawCentredString(A4[0] / 2, 12 * mm, f"Halaman {doc.page} - data rekaan, bukan dokumen resmi")


def _document(path: Path, title: str, story: list) -> None:
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=30 * mm, rightMargin=20 * mm,
                            topMargin=20 * mm, bottomMargin=25 * mm, title=title,
                            author="spmdocs (data contoh)", invariant=1, initialFontName="Liberation")
    doc.build(story, onFirstPage=_stamp, onLaterPages=_stamp)


def _grid(rows: list[tuple], widths: list[float], styles) -> Table:
    data = [[Paragraph(str(value), styles["cell"]) for value in row] for row in rows]
    table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("FONTNAME", (0, 0), (-1, -1), "Liberation"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def sk_tim(path: Path) -> None:
    """The Keputusan Gubernur forming the Tim Penerapan SPM: decision page and member annex."""
    s = _styles()
    story = [
        Paragraph("KEPUTUSAN GUBERNUR KALIMANTAN UTARA", s["title"]),
        Paragraph("NOMOR 188.44/K.112/2025", s["title"]),
        Paragraph("TENTANG", s["title"]),
        Paragraph("TIM PENERAPAN STANDAR PELAYANAN MINIMAL<br/>PROVINSI KALIMANTAN UTARA TAHUN 2025",
                  s["title"]),
        Spacer(0, 6 * mm),
        Paragraph("GUBERNUR KALIMANTAN UTARA,", s["title"]),
        Paragraph("Menimbang: bahwa untuk melaksanakan Peraturan Menteri Dalam Negeri Nomor 59 Tahun 2021 "
                  "tentang Penerapan Standar Pelayanan Minimal, perlu membentuk Tim Penerapan Standar "
                  "Pelayanan Minimal yang ditetapkan dengan Keputusan Gubernur.", s["body"]),
        Paragraph("MEMUTUSKAN:", s["title"]),
        Paragraph("KESATU: Membentuk Tim Penerapan Standar Pelayanan Minimal Provinsi Kalimantan Utara "
                  "Tahun 2025 dengan susunan keanggotaan sebagaimana tercantum dalam Lampiran.", s["body"]),
        Paragraph("KEDUA: Tim bertugas mengoordinasikan pengumpulan data, penghitungan kebutuhan, "
                  "penyusunan rencana dan pelaksanaan pemenuhan pelayanan dasar, serta menyampaikan "
                  "laporan penerapan SPM melalui aplikasi e-SPM setiap triwulan.", s["body"]),
        Paragraph("KETIGA: Keputusan ini mulai berlaku pada tanggal ditetapkan.", s["body"]),
        Spacer(0, 8 * mm),
        Paragraph("Ditetapkan di Tanjung Selor pada tanggal 6 Januari 2025<br/>GUBERNUR KALIMANTAN UTARA,"
                  "<br/><br/><br/>NAMA GUBERNUR", ParagraphStyle("ttd", parent=s["body"], leftIndent=85 * mm,
                                                                   alignment=0)),
        PageBreak(),
        Paragraph("LAMPIRAN KEPUTUSAN GUBERNUR KALIMANTAN UTARA NOMOR 188.44/K.112/2025", s["title"]),
        Paragraph("SUSUNAN KEANGGOTAAN TIM PENERAPAN SPM", s["title"]),
        Spacer(0, 4 * mm),
        _grid([("No", "Kedudukan dalam Tim", "Jabatan")]
              + [(str(i), role, jabatan) for i, (role, jabatan) in enumerate(TIM, 1)], [12, 40, 108], s),
    ]
    _document(path, "Keputusan Gubernur tentang Tim Penerapan SPM (contoh)", story)


def rekap_e_spm(path: Path) -> None:
    """The recap of quarterly e-SPM submissions against their deadlines."""
    s = _styles()
    story = [
        Paragraph("REKAPITULASI PELAPORAN APLIKASI E-SPM<br/>PROVINSI KALIMANTAN UTARA TAHUN 2025",
                  s["title"]),
        Spacer(0, 4 * mm),
        Paragraph("Rekapitulasi berikut disusun oleh Sekretariat Tim Penerapan SPM dari riwayat "
                  "pengiriman laporan pada aplikasi e-SPM (spm.bangda.kemendagri.go.id).", s["body"]),
        _grid([("Periode", "Batas Akhir Input", "Tanggal Kirim", "Ketepatan", "Kelengkapan Isian")]
              + KIRIM, [28, 34, 32, 36, 30], s),
        Spacer(0, 4 * mm),
        Paragraph("Seluruh laporan triwulan telah diisi lengkap untuk 14 jenis pelayanan dasar provinsi "
                  "beserta rincian mutu barang/jasa dan sumber daya manusia.", s["body"]),
    ]
    _document(path, "Rekapitulasi pelaporan e-SPM 2025 (contoh)", story)


def main(target: Path = TARGET) -> list[Path]:
    """Write both sample evidence files into ``target``; returns their paths."""
    target.mkdir(parents=True, exist_ok=True)
    _fonts()
    paths = [target / SK_TIM, target / REKAP_E_SPM]
    sk_tim(paths[0])
    rekap_e_spm(paths[1])
    return paths


if __name__ == "__main__":
    for written in main(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET):
        print(written)
