"""Build ``templates/surat-pengantar.docx``, the docxtpl template of a batch's cover letter.

Run ``python templates/build_surat_pengantar.py`` from the repository root. The output is
deterministic (same bytes on every run) so the binary can be committed. The letter uses the styles
and the kop header of the report template (``build_template.py``) and holds, as docxtpl fields:

* ``{{ tempat_tanggal }}`` at the top right;
* Nomor, Sifat, Lampiran and Perihal (``{{ nomor }}`` …) at the left, and the addressee at the
  right: Kepada / Yth. ``{{ kepada }}`` / di / ``{{ di }}``;
* the body, one paragraph per item of ``isi``;
* the signature block (``{{ ttd.jabatan }}``, ``{{ ttd.nama }}``, ``{{ ttd.rincian }}``);
* the list of ``tembusan`` (copies), shown only when there is one.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt

from build_template import ROOT, TEXT_WIDTH, _borderless, _paragraph_style, finish, new_document
from spmdocs.render._ooxml import element

TARGET = ROOT / "templates" / "surat-pengantar.docx"
LABEL_MM = 22.0
"""Where the colon after Nomor, Sifat, Lampiran and Perihal stands."""
VALUE_MM = 25.0
"""Where their values (and the body of the letter) start."""
ADDRESS_COLUMN = 0.5
"""Share of the text width left of the addressee block."""


def _letter_styles(document) -> None:
    _paragraph_style(document, "Surat", align=WD_ALIGN_PARAGRAPH.LEFT)
    body = _paragraph_style(document, "Isi Surat", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6,
                            single=False)
    body.paragraph_format.line_spacing = 1.5
    body.paragraph_format.left_indent = Mm(VALUE_MM)
    body.paragraph_format.first_line_indent = Mm(12.5)
    _paragraph_style(document, "Tembusan", align=WD_ALIGN_PARAGRAPH.LEFT, size=10)


def _field(cell, label: str, tag: str, first: bool) -> None:
    """A "Nomor : …" line whose wrapped text lines up after the colon."""
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.style = "Surat"
    fmt = paragraph.paragraph_format
    fmt.left_indent = Mm(VALUE_MM)
    fmt.first_line_indent = Mm(-VALUE_MM)
    fmt.tab_stops.add_tab_stop(Mm(LABEL_MM), WD_TAB_ALIGNMENT.LEFT)
    fmt.tab_stops.add_tab_stop(Mm(VALUE_MM), WD_TAB_ALIGNMENT.LEFT)
    paragraph.add_run(f"{label}\t:\t{tag}")


def _heading_block(document) -> None:
    gap = document.add_paragraph(style="Surat")
    gap.paragraph_format.space_after = Pt(6)
    left_w = TEXT_WIDTH * ADDRESS_COLUMN
    table = document.add_table(rows=2, cols=2)
    _borderless(table, [left_w, TEXT_WIDTH - left_w])
    date_cell = table.rows[0].cells[1]
    date_cell.paragraphs[0].style = "Surat"
    date_cell.paragraphs[0].add_run("{{ tempat_tanggal }}")
    table.rows[0].cells[0].paragraphs[0].style = "Surat"
    fields = table.rows[1].cells[0]
    for i, (label, tag) in enumerate((("Nomor", "{{ nomor }}"), ("Sifat", "{{ sifat }}"),
                                      ("Lampiran", "{{ lampiran }}"), ("Perihal", "{{ perihal }}"))):
        _field(fields, label, tag, first=i == 0)
    address = table.rows[1].cells[1]
    lines = [("Kepada", 0.0, 0.0), ("Yth. {{ kepada }}", 8.0, -8.0), ("di", 0.0, 0.0),
             ("{{ di }}", 8.0, 0.0)]
    for i, (text, left, first_line) in enumerate(lines):
        paragraph = address.paragraphs[0] if i == 0 else address.add_paragraph()
        paragraph.style = "Surat"
        if left:
            paragraph.paragraph_format.left_indent = Mm(left)
        if first_line:
            paragraph.paragraph_format.first_line_indent = Mm(first_line)
        paragraph.add_run(text)
    table.rows[0].cells[1].paragraphs[0].paragraph_format.space_after = Pt(12)


def _body(document) -> None:
    spacer = document.add_paragraph(style="Surat")
    spacer.paragraph_format.space_after = Pt(6)
    document.add_paragraph("{%p for paragraf in isi %}", style="Isi Surat")
    document.add_paragraph("{{ paragraf }}", style="Isi Surat")
    document.add_paragraph("{%p endfor %}", style="Isi Surat")


def _signature(document) -> None:
    table = document.add_table(rows=1, cols=2)
    half = TEXT_WIDTH / 2
    _borderless(table, [half, half])
    row = table.rows[0]
    row._tr.get_or_add_trPr().append(element("w:cantSplit"))
    left, right = row.cells
    left.paragraphs[0].style = "Signature"
    right.paragraphs[0].style = "Signature"
    right.paragraphs[0].paragraph_format.space_before = Pt(12)
    right.paragraphs[0].add_run("{{ ttd.jabatan }}")
    name = right.add_paragraph(style="Signature")
    name.paragraph_format.space_before = Mm(25)
    run = name.add_run("{{ ttd.nama }}")
    run.bold = True
    run.underline = True
    right.add_paragraph("{%p if ttd.rincian %}", style="Signature")
    right.add_paragraph("{{ ttd.rincian }}", style="Signature")
    last = right.add_paragraph("{%p endif %}", style="Signature")
    last.paragraph_format.keep_with_next = False


def _copies(document) -> None:
    document.add_paragraph("{%p if tembusan %}", style="Tembusan")
    heading = document.add_paragraph("Tembusan:", style="Tembusan")
    heading.paragraph_format.space_before = Pt(18)
    document.add_paragraph("{%p for salinan in tembusan %}", style="Tembusan")
    item = document.add_paragraph("{{ loop.index }}.\t{{ salinan }}", style="Tembusan")
    item.paragraph_format.left_indent = Mm(6)
    item.paragraph_format.first_line_indent = Mm(-6)
    item.paragraph_format.tab_stops.add_tab_stop(Mm(6), WD_TAB_ALIGNMENT.LEFT)
    document.add_paragraph("{%p endfor %}", style="Tembusan")
    document.add_paragraph("{%p endif %}", style="Tembusan")


def build() -> bytes:
    """The template's bytes."""
    document, _ = new_document(_letter_styles)
    _heading_block(document)
    _body(document)
    _signature(document)
    _copies(document)
    return finish(document, "Surat Pengantar Lampiran SPM", "Templat Surat Pengantar")


def main() -> None:
    TARGET.write_bytes(build())
    print(f"{TARGET.relative_to(ROOT)} ditulis.")


if __name__ == "__main__":
    main()
