"""PDF/A-2b conversion: every rule that applies to our PDFs, repairs, what is kept, determinism."""

from __future__ import annotations

import dataclasses
import io

import pikepdf
import pytest
from pikepdf import Dictionary, Name
from pypdf import PdfReader

from demo_document import build_demo_document
from pdfa_rules import assert_pdfa, pdfa_violations
from spmdocs.errors import RenderError
from spmdocs.model import ElectronicSignature, SignatureBlock
from spmdocs.render.pdf import render_pdf
from spmdocs.render.pdfa import to_pdfa


def _rgba_png() -> bytes:
    """A logo with an alpha channel: ReportLab draws it with a soft mask (transparency)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (120, 144), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse([10, 10, 110, 134], fill=(200, 30, 30, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _electronic(document):
    """The demo document with a transparent kop logo and its signatures signed electronically."""
    tte = ElectronicSignature(qr_payload="https://tte.example.go.id/verifikasi/100.3-123-2026",
                              caption="Ditandatangani secara elektronik oleh:", footer="Dokumen ini TTE.")
    sections = tuple(dataclasses.replace(section, blocks=tuple(
        dataclasses.replace(b, tte=tte) if isinstance(b, SignatureBlock) else b for b in section.blocks))
        for section in document.sections)
    return dataclasses.replace(document, sections=sections,
                               kop=dataclasses.replace(document.kop, logo=_rgba_png()))


@pytest.fixture(scope="module")
def reportlab_pdf(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("pdfa") / "demo.pdf"
    return render_pdf(_electronic(build_demo_document()), path).read_bytes()


@pytest.fixture(scope="module")
def converted(reportlab_pdf) -> bytes:
    return to_pdfa(reportlab_pdf)


def test_reportlab_output_breaks_the_rules_the_conversion_repairs(reportlab_pdf, converted, tmp_path):
    before = "\n".join(pdfa_violations(reportlab_pdf))
    for broken in ("6.6.2.1: no XMP", "6.2.2: 0 PDF/A output intents", "empty /Trans",
                   "page label given as a separate object", "6.3.2: annotation /Link without the Print",
                   "6.2.10: transparency without a page group colour space"):
        assert broken in before
    target = tmp_path / "demo-pdfa.pdf"
    target.write_bytes(converted)
    assert_pdfa(target)


def test_xmp_identifies_pdfa_2b_and_agrees_with_the_document_information(converted):
    with pikepdf.open(io.BytesIO(converted)) as pdf:
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
        assert meta["dc:title"] == str(pdf.docinfo.Title) == "Laporan Penerapan SPM Tahun 2025"
        assert meta["dc:creator"] == ["Pemerintah Provinsi Kalimantan Utara"]
        assert meta["xmp:CreateDate"] == meta["xmp:ModifyDate"] == meta["xmp:MetadataDate"] \
            == "2026-01-19T09:00:00+07:00"
        assert str(pdf.docinfo.CreationDate).rstrip("'") == "D:20260119090000+07'00"
        assert str(pdf.docinfo.Producer) == meta["pdf:Producer"]
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == Name.GTS_PDFA1 and str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"


def test_pages_text_page_labels_and_bookmarks_are_kept(reportlab_pdf, converted):
    before, after = PdfReader(io.BytesIO(reportlab_pdf)), PdfReader(io.BytesIO(converted))
    assert len(after.pages) == len(before.pages)
    assert after.page_labels == before.page_labels
    assert after.page_labels[:4] == ["-", "i", "ii", "1"]

    def outline(reader, items):
        out = []
        for item in items:
            if isinstance(item, list):
                out.append(outline(reader, item))
            else:
                out.append((item.title, reader.get_destination_page_number(item)))
        return out

    assert outline(after, after.outline) == outline(before, before.outline)
    assert [p.extract_text() for p in after.pages] == [p.extract_text() for p in before.pages]


def test_conversion_is_byte_identical_for_the_same_input(reportlab_pdf, converted):
    assert to_pdfa(reportlab_pdf) == converted
    assert to_pdfa(converted) == to_pdfa(to_pdfa(converted))


def _canvas_pdf(**setup) -> bytes:
    """A small ReportLab PDF drawn with a standard (not embedded) font."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(72, 720, "Bukti dukung tanpa huruf tertanam")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_a_font_that_is_not_embedded_is_refused_with_a_message_in_indonesian():
    with pytest.raises(RenderError) as caught:
        to_pdfa(_canvas_pdf(), name="bukti.pdf")
    message = caught.value.format_message()
    assert "berkas bukti.pdf" in message and "PDF/A-2b" in message
    assert "huruf yang tidak tertanam" in message and "6.2.11" in message


def _edited(data: bytes, edit) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        edit(pdf)
        buffer = io.BytesIO()
        pdf.save(buffer)
    return buffer.getvalue()


def test_javascript_additional_and_forbidden_actions_are_removed(converted):
    def add_actions(pdf):
        script = Dictionary(S=Name.JavaScript, JS=pikepdf.String("app.alert('x')"))
        pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=pikepdf.Array(
            [pikepdf.String("a"), pdf.make_indirect(script)])))
        pdf.Root.OpenAction = script
        pdf.Root.AA = Dictionary(WC=script)
        page = pdf.pages[0].obj
        page.AA = Dictionary(O=script)
        launch = Dictionary(S=Name.Launch, F=pikepdf.String("calc.exe"))
        link = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[72, 72, 144, 96], F=4,
                                            A=Dictionary(S=Name.URI, URI=pikepdf.String("https://x.id"),
                                                         Next=launch)))
        page.Annots = pikepdf.Array([link])
        bookmark = pdf.Root.Outlines.First
        del bookmark[Name.Dest]
        bookmark.A = Dictionary(S=Name.Named, N=Name.Print)

    hostile = _edited(converted, add_actions)
    assert len(pdfa_violations(hostile)) >= 5
    repaired = to_pdfa(hostile)
    assert pdfa_violations(repaired) == []
    with pikepdf.open(io.BytesIO(repaired)) as pdf:
        assert Name.Names not in pdf.Root or Name.JavaScript not in pdf.Root.Names
        assert Name.OpenAction not in pdf.Root and Name.AA not in pdf.Root
        assert Name.A not in pdf.pages[0].Annots[0] and Name.AA not in pdf.pages[0].obj


def test_an_encrypted_input_is_written_without_encryption(converted):
    with pikepdf.open(io.BytesIO(converted)) as pdf:
        buffer = io.BytesIO()
        pdf.save(buffer, encryption=pikepdf.Encryption(owner="pemilik", user="", R=6))
    locked = buffer.getvalue()
    assert pikepdf.open(io.BytesIO(locked)).is_encrypted
    assert pdfa_violations(to_pdfa(locked)) == []


def test_libreoffice_open_action_and_string_tab_order_are_repaired(converted):
    def libreoffice(pdf):
        pdf.Root.OpenAction = pikepdf.Array([pdf.pages[0].obj, Name.XYZ, None, None, 0])
        pdf.pages[1].obj.Tabs = pikepdf.String("S")

    repaired = to_pdfa(_edited(converted, libreoffice))
    with pikepdf.open(io.BytesIO(repaired)) as pdf:
        assert Name.OpenAction not in pdf.Root and pdf.pages[1].obj.Tabs == Name.S


def test_an_unreadable_pdf_is_a_render_error():
    with pytest.raises(RenderError, match="tidak dapat dibaca untuk dijadikan PDF/A"):
        to_pdfa(b"%PDF-1.4 rusak", name="x.pdf")
