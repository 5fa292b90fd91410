"""Excel's "Strict Open XML Spreadsheet" read as the usual (transitional) .xlsx.

Excel offers Strict in its Save As list; such a file has the same parts as any .xlsx but names
its XML namespaces and relationship types under ``http://purl.oclc.org/ooxml/`` (ISO/IEC 29500
Strict) instead of ``http://schemas.openxmlformats.org/``. openpyxl knows only the latter and
finds no sheet at all. :func:`transitional` gives a copy of the package, in memory, with those
names translated; the cells are untouched. The caller checks the package's size with
:mod:`spmdocs.zipcheck` first, which bounds the copy.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

_STRICT = b"http://purl.oclc.org/ooxml/"

_NAMES = (
    # Longest first: a relationship type is its namespace plus a name.
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    (b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
     b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"),
    (b"http://purl.oclc.org/ooxml/officeDocument/",
     b"http://schemas.openxmlformats.org/officeDocument/2006/"),
    (b"http://purl.oclc.org/ooxml/spreadsheetml/main",
     b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"),
    (b"http://purl.oclc.org/ooxml/drawingml/",
     b"http://schemas.openxmlformats.org/drawingml/2006/"),
    (b"http://purl.oclc.org/ooxml/schemaLibrary/main",
     b"http://schemas.openxmlformats.org/schemaLibrary/2006/main"),
)


def is_strict(source: Path) -> bool:
    """Whether the .xlsx package at ``source`` is a Strict one (its root relationships say so)."""
    try:
        with zipfile.ZipFile(source) as archive, archive.open("_rels/.rels") as stream:
            return _STRICT in stream.read(1 << 16)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def readable(source: Path) -> Path | io.BytesIO:
    """What openpyxl is given for the .xlsx at ``source``: the file, or its transitional copy when Strict."""
    return transitional(source) if is_strict(source) else source


def transitional(source: Path) -> io.BytesIO:
    """A transitional copy of the Strict package at ``source``, held in memory (stored, not compressed)."""
    copy = io.BytesIO()
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as out:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename.endswith((".xml", ".rels")) and _STRICT in data:
                for strict, usual in _NAMES:
                    data = data.replace(strict, usual)
            out.writestr(zipfile.ZipInfo(info.filename, info.date_time), data)
    copy.seek(0)
    return copy
