"""PDF assembly after rendering: evidence files appended to a dossier, and the combined batch PDF."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Iterable

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.errors import DependencyError, PyPdfError

from spmdocs.errors import Location, Problem, RenderError


def append_evidence(pdf: bytes, appendix: Iterable, name: str = "") -> bytes:
    """``pdf`` with every appendix PDF after its pages, each with a bookmark and page labels.

    Bookmarks go under one "BUKTI DUKUNG" entry and carry the checklist number; the pages of
    evidence n are labelled "Bn-1", "Bn-2" … A file listed twice is appended once and both
    bookmarks point to it.
    """
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    parent = None
    appended: dict[Path, int] = {}
    for item in appendix:
        start = appended.get(item.path)
        if start is None:
            start = appended[item.path] = len(writer.pages)
            try:
                writer.append(item.path, import_outline=False)
            except (PyPdfError, DependencyError, OSError, ValueError, KeyError, TypeError, AttributeError,
                    RecursionError):
                raise RenderError([Problem(f"bukti dukung {item.path.name} tidak dapat digabungkan (rusak, "
                                           "terenkripsi atau bukan PDF); simpan ulang sebagai PDF tanpa kata sandi",
                                           Location(file=str(item.path)))]) from None
            writer.set_page_label(start, len(writer.pages) - 1, style=PageLabelStyle.DECIMAL,
                                  prefix=f"B{item.number}-", start=1)
        if parent is None:
            parent = writer.add_outline_item(title="BUKTI DUKUNG", page_number=start)
        writer.add_outline_item(title=f"{item.number}. {item.title}", page_number=start, parent=parent)
    if parent is None:
        return pdf
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def combine(parts: Iterable[tuple[Path | bytes, str]], info: dict[str, str], created: datetime) -> tuple[bytes, int]:
    """One PDF of ``parts`` (a file or bytes, and its bookmark) in order, with fixed metadata.

    Returns the bytes and the page count. Each part is read and appended in turn, so memory
    holds the combined document, never every part at once.
    """
    writer = PdfWriter()
    for source, title in parts:
        reader = PdfReader(io.BytesIO(source) if isinstance(source, bytes) else source)
        writer.append(reader, outline_item=title, import_outline=False)
    stamp = created.strftime("D:%Y%m%d%H%M%S")
    writer.add_metadata({**{f"/{key}": value for key, value in info.items()},
                         "/Creator": "spmdocs", "/Producer": "spmdocs", "/CreationDate": stamp, "/ModDate": stamp})
    writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), len(writer.pages)
