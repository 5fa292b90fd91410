"""Compressed bombs: check a ZIP package (XLSX workbook, DOCX template) before anything parses it.

A workbook or Word document is a ZIP archive. A small file can expand to gigabytes (a sheet of
a billion empty cells compresses a thousandfold), and the XML parsers behind openpyxl and
python-docx would hold all of it in memory. :func:`problem` reads only the central directory:
the number of members, each member's declared size and compression ratio, and their total.
Python's zipfile never inflates a member past its declared size (a member that lies about it
fails its CRC check), so the declared sizes bound what parsing can cost.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO

MAX_TOTAL = 200 * 1024 ** 2
"""Largest total of the members once unzipped; a province's SPM workbook is a few MB."""

MAX_MEMBERS = 10_000
"""Most members an Office package may have."""

MAX_RATIO = 200
"""Largest compression ratio of a member that unzips to more than :data:`RATIO_FROM` bytes."""

RATIO_FROM = 10 * 1024 ** 2


def problem(source: Path | str | IO[bytes], what: str = "berkas") -> str | None:
    """Why the ZIP package ``source`` must not be opened (an Indonesian sentence), or None.

    None also for a file that is no ZIP at all: the caller's own reader says what it is.
    """
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if len(members) > MAX_MEMBERS:
        return f"{what} ini berisi {len(members)} bagian (lebih dari {MAX_MEMBERS}); berkasnya rusak atau bukan dokumen Office biasa"
    total = sum(info.file_size for info in members)
    if total > MAX_TOTAL:
        return (f"{what} ini terlalu besar setelah dibuka ({_mb(total)}, batas {_mb(MAX_TOTAL)}); simpan ulang tanpa "
                "sel, gambar atau lembar yang tidak perlu, atau simpan datanya sebagai CSV")
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FROM and ratio > MAX_RATIO:
            return (f"bagian {info.filename} dari {what} ini memekar {ratio:.0f} kali lipat saat dibuka "
                    f"({_mb(info.file_size)} dari {_mb(info.compress_size)}); ini bom kompresi atau berkas rusak, "
                    "bukan dokumen yang wajar")
    return None


def _mb(size: int) -> str:
    if size < 1024 ** 2:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 ** 2:,.0f} MB".replace(",", ".")
