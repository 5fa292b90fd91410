"""The plain ReportLab contender of bench_batch.py: every unit's annex and cover letter in a pool,
then one combined PDF.

    python benchmarks/plain_reportlab.py JOBS.json OUT_FOLDER PROCESSES

Per unit, ``SimpleDocTemplate(...).build(story)`` draws the annex spmdocs draws: the heading, the
title, the narrative, the two tables (one-line cells as strings, longer ones as paragraphs) and
the signature, in the same embedded font (Liberation Sans). The cover letter the shipped config
asks for (``surat_pengantar``, a Word template: ``spmdocs batch --format pdf`` makes it too) is made
with plain docxtpl exactly as ``plain_docxtpl.py`` makes it. After the pool, the annexes are put
into one PDF with a bookmark per unit with pypdf, as ``spmdocs batch`` does.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from pathlib import Path

CAPAIAN_HEAD = ["No", "Jenis Pelayanan Dasar", "Harus Dilayani", "Terlayani", "Harus Dipenuhi",
                "Terpenuhi", "Capaian Penerima (%)", "Capaian Mutu (%)", "Nilai", "Kategori"]
ANGGARAN_HEAD = ["No", "Jenis Pelayanan Dasar", "Alokasi Anggaran", "Realisasi", "Sisa", "%"]
_out: list[Path] = []
_letter: dict = {}


def _init(out: str, fonts: list[str], letter: dict | None = None) -> None:
    """Register the four faces of Liberation Sans (the TTF files spmdocs embeds) once per worker."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    faces = ("LiberationSans", "LiberationSans-Bold", "LiberationSans-Italic", "LiberationSans-BoldItalic")
    for face, path in zip(faces, fonts):
        pdfmetrics.registerFont(TTFont(face, path))
    pdfmetrics.registerFontFamily(faces[0], normal=faces[0], bold=faces[1], italic=faces[2], boldItalic=faces[3])
    _out.append(Path(out))
    _letter.update(letter or {})


def _rows(rows: list[list[str]], width: int) -> list[list[str]]:
    return [row + [""] * (width - len(row)) for row in rows]


def make_unit(unit: dict) -> None:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    annex = unit["annex"]
    body = ParagraphStyle("isi", fontName="LiberationSans", fontSize=12, leading=20.7, alignment=4)
    head = ParagraphStyle("kepala", parent=body, alignment=0, leading=13.8, leftIndent=154 * mm)
    title = ParagraphStyle("judul", parent=body, fontName="LiberationSans-Bold", alignment=1)
    cell = ParagraphStyle("sel", fontName="LiberationSans", fontSize=9, leading=10.4)
    story = [Paragraph(escape(line), head) for line in annex["lampiran"]]
    story += [Spacer(0, 12), Paragraph(escape(annex["judul"]), title)]
    story += [Paragraph(escape(text), body) for text in annex["narasi"]]
    for key, header, caption in (("capaian", CAPAIAN_HEAD, annex["captions"][0]),
                                 ("anggaran", ANGGARAN_HEAD, annex["captions"][1])):
        story.append(Paragraph(escape(caption), title))
        width = 280 * mm / len(header)
        data = [[Paragraph(escape(t), cell) if len(t) * 4.6 > width else t for t in row]
                for row in [header] + _rows(annex[key], len(header))]
        table = Table(data, repeatRows=1, colWidths=[width] * len(header))
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("FONT", (0, 0), (-1, -1), "LiberationSans", 9)]))
        story += [table, Spacer(0, 12)]
    sign = ParagraphStyle("ttd", parent=body, alignment=0, leftIndent=140 * mm)
    ttd = annex["ttd"]
    story += [Paragraph(escape(ttd["tempat_tanggal"]), sign), Paragraph(escape(ttd["jabatan"]), sign),
              Spacer(0, 25 * mm), Paragraph(f"<b><u>{escape(ttd['nama'])}</u></b>", sign)]
    doc = SimpleDocTemplate(str(_out[0] / f"{unit['name']}.pdf"), pagesize=(330 * mm, 215 * mm),
                            leftMargin=30 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=25 * mm, invariant=1)
    doc.build(story)
    if _letter:
        from plain_docxtpl import make_letter

        make_letter(unit, _letter["template"], _letter["kop"], _out[0])


def main() -> None:
    from pypdf import PdfWriter

    jobs_file, out, processes = sys.argv[1], sys.argv[2], int(sys.argv[3])
    jobs = json.loads(Path(jobs_file).read_text(encoding="utf-8"))
    units = jobs["units"]
    letter = {"template": jobs["letter_template"], "kop": jobs["kop"]} if jobs.get("letter_template") else None
    context = multiprocessing.get_context("fork")
    with context.Pool(processes, initializer=_init, initargs=(out, jobs["fonts"], letter)) as pool:
        pool.map(make_unit, units, chunksize=4)
    writer = PdfWriter()
    for unit in units:
        writer.append(Path(out) / f"{unit['name']}.pdf", outline_item=unit["title"], import_outline=False)
    writer.page_mode = "/UseOutlines"
    with open(Path(out) / "gabungan.pdf", "wb") as handle:
        writer.write(handle)


if __name__ == "__main__":
    main()
