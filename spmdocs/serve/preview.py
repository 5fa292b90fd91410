"""Pages of a built PDF as PNG images for the browser (pypdfium2), made once per PDF and page."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pypdfium2

from spmdocs.fileio import atomic_path

DPI = 80
_PDFIUM = threading.Lock()
"""PDFium is not thread-safe: one page is drawn at a time in the whole server."""


def _stamp(pdf: Path) -> str:
    info = pdf.stat()
    return hashlib.sha256(f"{pdf.resolve()}:{info.st_size}:{info.st_mtime_ns}".encode()).hexdigest()[:16]


def page_count(pdf: Path) -> int:
    with _PDFIUM:
        document = pypdfium2.PdfDocument(str(pdf))
        try:
            return len(document)
        finally:
            document.close()


def page_image(pdf: Path, number: int, cache: Path) -> Path | None:
    """The PNG of page ``number`` (1-based) of ``pdf``, kept in ``cache``; None past the last page."""
    target = cache / _stamp(pdf) / f"halaman-{number:03d}.png"
    if target.is_file():
        return target
    with _PDFIUM:
        document = pypdfium2.PdfDocument(str(pdf))
        try:
            if not 1 <= number <= len(document):
                return None
            page = document[number - 1]
            image = page.render(scale=DPI / 72).to_pil()
            page.close()
        finally:
            document.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target) as tmp:
        image.save(tmp, "PNG", optimize=True)
    return target
