"""The last step of every PDF spmdocs writes: PDF/A conversion, then an optional signature.

Every PDF (a report, an annex of a batch, the combined PDF) goes through :func:`finish_pdf` or
:func:`finish_pdf_bytes` once it is complete, evidence appended and all. Without PDF/A and
signature the bytes are left untouched.
"""

from __future__ import annotations

from pathlib import Path

from spmdocs.fileio import write_bytes_atomic
from spmdocs.render.signing import SignOptions


def finish_pdf_bytes(data: bytes, pdfa: str | None = None, sign: SignOptions | None = None,
                     name: str = "") -> bytes:
    """``data`` as PDF/A ``pdfa`` (e.g. "2b") and/or signed with ``sign``; ``name`` for messages."""
    if pdfa:
        from spmdocs.render.pdfa import to_pdfa
        from spmdocs.render.signing import producer

        data = to_pdfa(data, pdfa, producer=producer() if sign else None, name=name)
    if sign is not None:
        from spmdocs.render.signing import sign_pdf

        data = sign_pdf(data, sign, name)
    return data


def finish_pdf(path: Path, pdfa: str | None = None, sign: SignOptions | None = None) -> Path:
    """Rewrite the PDF at ``path`` (atomically) as :func:`finish_pdf_bytes` makes it; return path."""
    if not pdfa and sign is None:
        return path
    path = Path(path)
    return write_bytes_atomic(path, finish_pdf_bytes(path.read_bytes(), pdfa, sign, path.name))
