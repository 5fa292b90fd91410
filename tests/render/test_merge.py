"""The combined batch PDF: parts streamed in order, one bookmark each, fixed metadata, flat memory."""

from __future__ import annotations

import io
import tracemalloc
from datetime import datetime

import pikepdf
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from spmdocs.render.merge import combine, combine_into

WHEN = datetime(2026, 1, 19, 8, 0)
INFO = {"Title": "Lampiran Capaian SPM Provinsi Kalimantan Utara Tahun 2025", "Author": "Pemerintah"}


def _part(name: str, pages: int, filler: int = 0) -> bytes:
    """A small PDF of ``pages`` pages, each saying which part and page it is, with a link to page 1
    (and ``filler`` more lines of text per page)."""
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    for page in range(1, pages + 1):
        drawing.bookmarkPage(f"p{page}")
        drawing.setFont("Helvetica", 12)
        drawing.drawString(72, 720, f"{name} halaman {page}")
        for line in range(filler):
            drawing.drawString(72, 100 + line % 500, f"isi {line}")
        if page > 1:
            drawing.linkRect("", "p1", (72, 700, 200, 730))
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def _parts(count: int) -> list[tuple[bytes, str]]:
    return [(_part(f"Unit {i}", i % 3 + 1), f"Dinas {i} Provinsi Kalimantan Utara") for i in range(count)]


def test_pages_in_order_one_bookmark_per_part_and_fixed_metadata(tmp_path):
    parts = _parts(5)
    files = []
    for i, (data, title) in enumerate(parts):
        path = tmp_path / f"unit-{i}.pdf"
        path.write_bytes(data)
        files.append((path, title))
    data, pages = combine(files, INFO, WHEN)
    reader = PdfReader(io.BytesIO(data))
    expected = [f"Unit {i} halaman {p}" for i in range(5) for p in range(1, i % 3 + 2)]
    assert pages == len(reader.pages) == len(expected) == 9
    assert [page.extract_text().strip() for page in reader.pages] == expected
    assert [item.title for item in reader.outline] == [title for _, title in parts]
    starts = [reader.get_destination_page_number(item) for item in reader.outline]
    assert starts == [0, 1, 3, 6, 7]
    assert reader.page_mode == "/UseOutlines"
    assert reader.metadata.title == INFO["Title"] and reader.metadata.author == "Pemerintah"
    assert reader.metadata["/CreationDate"] == "D:20260119080000" and reader.metadata.producer == "spmdocs"
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
        link = pdf.pages[2].Annots[0]
        assert link.Dest[0].objgen == pdf.pages[1].objgen  # a part's link still points into that part


def test_same_parts_same_bytes_whether_from_files_or_bytes(tmp_path):
    parts = _parts(4)
    first, _ = combine(parts, INFO, WHEN)
    target = tmp_path / "gabungan.pdf"
    with open(target, "wb") as handle:
        combine_into(handle, parts, INFO, WHEN)
    assert target.read_bytes() == first
    assert combine(parts, INFO, WHEN)[0] == first
    assert combine(parts[::-1], INFO, WHEN)[0] != first


def test_memory_does_not_hold_the_parts(tmp_path):
    part = _part("Unit", 3, filler=2000)  # about 30 KB of page content per part

    def peak(count: int) -> int:
        tracemalloc.start()
        with open(tmp_path / f"gabungan-{count}.pdf", "wb") as handle:
            combine_into(handle, [(part, f"Unit {i}") for i in range(count)], INFO, WHEN)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(10), peak(100)
    per_part = len(part)
    assert per_part > 20_000
    assert (large - small) / 90 < per_part / 10  # what stays per part: its page numbers and bookmark


def _part_with_font(shared: str, own: str) -> bytes:
    """A one-page PDF: ``shared`` in the embedded Liberation Sans, ``own`` in Helvetica (not embedded)."""
    from spmdocs.fonts import font_family

    face = font_family("Arial").face()
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    drawing.setFont(face, 12)
    drawing.drawString(72, 760, shared)
    drawing.setFont("Helvetica", 12)
    drawing.drawString(72, 720, own)
    drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def test_a_font_file_every_part_embeds_is_in_the_combined_pdf_once():
    """The same font subset in every part is written once and every page still draws with it; a
    part with another subset (ReportLab puts letters beyond ASCII in a second one) keeps its own."""
    parts = [(_part_with_font("Lampiran Capaian SPM", f"Unit {i}"), f"Dinas {i}") for i in range(20)]
    parts.append((_part_with_font("Lampiran Capaian SPM café año", "Unit lain"), "Dinas lain"))  # beyond ASCII
    data, pages = combine(parts, INFO, WHEN)
    assert pages == 21
    assert len(data) < sum(len(part) for part, _ in parts) / 4
    reader = PdfReader(io.BytesIO(data))
    texts = [page.extract_text() for page in reader.pages]
    assert all("Lampiran Capaian SPM" in text and f"Unit {i}" in text for i, text in enumerate(texts[:20]))
    assert "Lampiran Capaian SPM café año" in texts[20] and "Unit lain" in texts[20]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
        files = {font.FontDescriptor.FontFile2.objgen for page in pdf.pages
                 for font in page.Resources.Font.values() if "/FontDescriptor" in font}
        assert len(files) == 2  # the shared subset, and the last part's own


def test_objects_every_part_has_are_parsed_once_and_the_bytes_are_the_same(monkeypatch):
    """A font dictionary (its width array of hundreds of numbers) that is the same in every part is
    parsed from the first part only; the combined PDF is the one made parsing every part whole."""
    from spmdocs.render import merge

    parts = [(_part_with_font("Lampiran Capaian SPM", f"Unit {i}"), f"Dinas {i}") for i in range(12)]
    parts += _parts(4)  # parts of another shape in between
    parts += [(_part_with_font("Lampiran Capaian SPM", "Unit akhir"), "Dinas akhir")]
    parsed = []
    original = PdfReader.get_object

    def counting(self, number):
        found = original(self, number)
        parsed.append(found)
        return found

    monkeypatch.setattr(PdfReader, "get_object", counting)
    remembered, pages = combine(parts, INFO, WHEN)
    widths_remembered = sum(1 for obj in parsed if hasattr(obj, "get") and obj.get("/Widths") is not None)
    parsed.clear()
    monkeypatch.setattr(merge, "_PARSED_MOST", 0)
    whole, _ = combine(parts, INFO, WHEN)
    widths_whole = sum(1 for obj in parsed if hasattr(obj, "get") and obj.get("/Widths") is not None)
    assert remembered == whole and pages == 20
    assert widths_whole >= 13 and widths_remembered == 1
