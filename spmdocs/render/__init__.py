"""Rendering: one document model written in every requested format, used by build, batch and serve.

:func:`write` turns a :class:`Rendition` (the document model, its file stem, the Word template,
and the render-side extras some kinds have: evidence PDFs appended to the PDF, a cover letter)
into finished files held in memory. Nothing here decides *what* a document says; publishing the
files into an output folder is :func:`spmdocs.fileio.publish_files`.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from spmdocs.errors import Location, Problem, RenderError
from spmdocs.fileio import os_reason
from spmdocs.model import Document

FORMATS = ("docx", "pdf")
PDF_ENGINES = ("reportlab", "libreoffice")
LETTER_SUFFIX = "surat-pengantar"


@dataclass(frozen=True)
class Appendix:
    """A PDF appended after a document's own pages, with its bookmark title and checklist number."""

    path: Path
    title: str
    number: int


@dataclass(frozen=True)
class Letter:
    """A cover letter filled from a docxtpl template: its fields and its document properties."""

    template: Path
    context: dict
    title: str
    subject: str
    author: str
    created: object
    kop: object = None


@dataclass(frozen=True)
class Rendition:
    """Everything a renderer needs to write one report: the model and its render-side extras."""

    document: Document
    name: str
    template: Path | None = None
    appendix: tuple[Appendix, ...] = ()
    letter: Letter | None = None


@dataclass(frozen=True)
class Finishing:
    """The last step of every PDF: its PDF/A level ("2b") and the signature (SignOptions), if any."""

    pdfa: str | None = None
    sign: object = None

    def __bool__(self) -> bool:
        return bool(self.pdfa) or self.sign is not None

    def apply(self, pdf: bytes, name: str) -> bytes:
        """``pdf`` as PDF/A and/or signed (untouched when nothing is asked)."""
        if not self:
            return pdf
        from spmdocs.render.finish import finish_pdf_bytes

        return finish_pdf_bytes(pdf, self.pdfa, self.sign, name)


@dataclass(frozen=True)
class Output:
    """One finished file: its name (in the output folder), format, bytes and, for a PDF, its pages."""

    name: str
    format: str
    data: bytes = field(repr=False)
    pages: int | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def write(rendition: Rendition, formats: tuple[str, ...], pdf_engine: str = "reportlab",
          finishing: Finishing = Finishing()) -> list[Output]:
    """The files of ``rendition`` in every requested format (and its letter), in memory.

    The PDF is finished last (evidence appended, then PDF/A and signature as ``finishing`` asks).
    """
    outputs: list[Output] = []
    name, document = rendition.name, rendition.document
    try:
        docx = None
        if "docx" in formats or pdf_engine == "libreoffice" and "pdf" in formats:
            from spmdocs.render.docx import render_docx_bytes

            docx = render_docx_bytes(document, rendition.template)
        if "pdf" in formats:
            pdf, pages = _pdf(document, name, docx, pdf_engine, refresh_docx="docx" in formats)
            if pdf_engine == "libreoffice":
                pdf, docx = pdf
            if rendition.appendix:
                from spmdocs.render.merge import append_evidence

                pdf, pages = append_evidence(pdf, rendition.appendix, name), None
            finished = finishing.apply(pdf, f"{name}.pdf")
            if finished is not pdf:
                pdf, pages = finished, None
            outputs.append(Output(f"{name}.pdf", "pdf", pdf, pages if pages is not None else _pages(pdf)))
        if "docx" in formats:
            outputs.insert(0, Output(f"{name}.docx", "docx", docx))
        if rendition.letter is not None:
            from spmdocs.render.letter import render_letter

            outputs.append(Output(f"{name}-{LETTER_SUFFIX}.docx", "docx", render_letter(rendition.letter)))
    except OSError as exc:
        raise RenderError([Problem(f"dokumen tidak dapat dibuat ({os_reason(exc)})",
                                   Location(file=name))]) from None
    return outputs


def _pdf(document: Document, name: str, docx: bytes | None, pdf_engine: str, refresh_docx: bool):
    """(PDF bytes, pages) by ReportLab, in memory; by LibreOffice ((pdf, refreshed docx), None) from
    the DOCX, in a temporary folder."""
    if pdf_engine != "libreoffice":
        from spmdocs.render.pdf import render_pdf_bytes

        return render_pdf_bytes(document, f"{name}.pdf")
    with tempfile.TemporaryDirectory(prefix="spmdocs-") as folder:
        target = Path(folder) / f"{name}.pdf"
        from spmdocs.render.libreoffice import convert_to_pdf

        source = Path(folder) / f"{name}.docx"
        source.write_bytes(docx)
        convert_to_pdf(source, target, refresh_docx=refresh_docx)
        return (target.read_bytes(), source.read_bytes()), None


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)
