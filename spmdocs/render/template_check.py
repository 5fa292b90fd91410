"""Dangerous parts of a Word template: refused, with the part named, before the template is filled.

A clerk's template (the report's or the cover letter's) is copied into an official document, so
nothing in it may act when the document is opened or fetch anything from outside it. The whole
package is inspected, not a list of known tricks:

- every relationship of every part: one that points outside the package (``TargetMode=External``:
  an attached template, a linked picture, a frame, a subdocument) is refused, except a plain
  web or e-mail hyperlink;
- every field instruction in every XML part (body, headers, footers, footnotes, endnotes,
  comments, glossary), simple (``w:fldSimple``) or complex (``w:instrText`` between
  ``w:fldChar``), nested ones too: only fields that number, reference and date the document
  itself are allowed (PAGE, NUMPAGES, TOC, REF, SEQ …); DDE, DDEAUTO, INCLUDETEXT,
  INCLUDEPICTURE, LINK, IMPORT and any other field are refused;
- macros (``vbaProject.bin``, ``vbaData.xml``), ActiveX controls and embedded OLE objects, by
  part name and by content type.

Refusing (rather than silently stripping) keeps the clerk in charge: the message names the part
and what to remove in Word, and the template is fixed once for every later document.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from lxml import etree

from spmdocs import guard, zipcheck
from spmdocs.errors import Location, Problem, TemplateError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"

SAFE_FIELDS = frozenset({
    "PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "TOC", "TC", "PAGEREF", "REF", "NOTEREF", "SEQ",
    "STYLEREF", "DATE", "TIME", "CREATEDATE", "SAVEDATE", "PRINTDATE", "TITLE", "SUBJECT", "AUTHOR",
    "NUMWORDS", "NUMCHARS", "LISTNUM", "AUTONUM", "AUTONUMLGL", "AUTONUMOUT", "BIDIOUTLINE", "EQ",
    "SYMBOL", "ADVANCE", "QUOTE", "IF", "COMPARE", "=", "GOTOBUTTON", "MACROBUTTON",
})
"""Fields that only number, date or refer to the document itself (MACROBUTTON runs nothing by itself:
it names a macro, and a template holds none)."""

_SAFE_LINK = re.compile(r"(?i)^(https?://|mailto:)[^\s\"']+$")

_ACTIVE_PARTS = (
    (re.compile(r"(?i)(^|/)vbaProject[^/]*\.bin$|(^|/)vbaData\.xml$"), "makro (VBA)"),
    (re.compile(r"(?i)(^|/)activeX/"), "kontrol ActiveX"),
    (re.compile(r"(?i)(^|/)embeddings/"), "objek OLE tersemat"),
)
_ACTIVE_TYPES = (
    ("vbaproject", "makro (VBA)"), ("macroenabled", "makro (VBA)"), ("vbadata", "makro (VBA)"),
    ("activex", "kontrol ActiveX"), ("oleobject", "objek OLE tersemat"),
)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def checked_template(template: Path) -> bytes:
    """The bytes of the Word template ``template``, read within bounds; TemplateError when it is
    unreadable, a compressed bomb, or holds a dangerous part (all of them listed, located)."""
    try:
        data = guard.read_input(template)
    except OSError as exc:
        from spmdocs.fileio import os_reason

        reason = str(exc) if isinstance(exc, guard.InputTooLarge) else os_reason(exc)
        raise TemplateError([Problem(f"templat tidak dapat dibaca sebagai dokumen Word (.docx): {reason}",
                                     Location(file=str(template)))]) from None
    bomb = zipcheck.problem(io.BytesIO(data), "templat")
    if bomb:
        raise TemplateError([Problem(bomb, Location(file=str(template)))])
    found = problems(template, data)
    if found:
        raise TemplateError(found)
    return data


def problems(template: Path | str, data: bytes) -> list[Problem]:
    """Every dangerous part of the Word package ``data`` (the file ``template``), located."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return []
    found: list[Problem] = []
    with archive:
        names = archive.namelist()
        for name in names:
            for pattern, what in _ACTIVE_PARTS:
                if pattern.search(name):
                    found.append(_problem(template, name, f"templat memuat {what}; buka di Word, hapus "
                                          f"{what} itu lalu simpan sebagai Dokumen Word (.docx) biasa"))
                    break
        for name in names:
            try:
                if name == "[Content_Types].xml":
                    found += _content_types(template, archive.read(name))
                elif name.endswith(".rels"):
                    found += _relationships(template, name, archive.read(name))
                elif name.endswith(".xml"):
                    found += _fields(template, name, archive.read(name))
            except _Broken:
                found.append(_problem(template, name, "bagian templat ini rusak (bukan XML yang sah, mis. tanda < "
                                      "yang tidak ditulis sebagai &lt;); buka di Word lalu simpan ulang"))
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
                found.append(_problem(template, name, "bagian templat ini rusak dan tidak dapat dibuka; buka di "
                                      "Word lalu simpan ulang"))
    return _unique(found)


def _problem(template, part: str, message: str) -> Problem:
    return Problem(message, Location(file=str(template), part=part))


class _Broken(Exception):
    """A part that is not well-formed XML."""


def _parse(data: bytes):
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        raise _Broken from None


def _content_types(template, data: bytes) -> list[Problem]:
    root = _parse(data)
    out = []
    for item in root:
        kind = (item.get("ContentType") or "").lower()
        part = (item.get("PartName") or item.get("Extension") or "").lstrip("/")
        for marker, what in _ACTIVE_TYPES:
            if marker in kind:
                out.append(_problem(template, part or "[Content_Types].xml",
                                    f"templat memuat {what} (jenis isi {item.get('ContentType')}); buka di Word, "
                                    f"hapus {what} itu lalu simpan sebagai Dokumen Word (.docx) biasa"))
                break
    return out


def _source_part(rels_name: str) -> str:
    """The part a relationships part belongs to: word/_rels/document.xml.rels → word/document.xml."""
    path = PurePosixPath(rels_name)
    if path.parent.name != "_rels":
        return rels_name
    return str(path.parent.parent / path.name[:-len(".rels")]).lstrip("./") or rels_name


def _relationships(template, name: str, data: bytes) -> list[Problem]:
    root = _parse(data)
    out = []
    for rel in root.iter(_REL):
        target = rel.get("Target") or ""
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        if (rel.get("TargetMode") or "").lower() != "external":
            continue
        if kind == "hyperlink" and _SAFE_LINK.match(target):
            continue
        what = {"attachedTemplate": "templat terlampir (attachedTemplate)", "image": "gambar",
                "oleObject": "objek OLE", "frame": "bingkai", "subDocument": "subdokumen"}.get(kind, f"hubungan '{kind}'")
        out.append(_problem(template, _source_part(name),
                            f"templat memuat {what} yang ditautkan ke luar dokumen ({target}); sisipkan isinya "
                            "langsung ke dalam templat tanpa pilihan 'Tautkan ke Berkas', atau hapus tautannya "
                            "(di Word: Berkas > Info > Edit Tautan ke Berkas; templat terlampir di Pengembang > "
                            "Templat Dokumen)"))
    return out


def _fields(template, name: str, data: bytes) -> list[Problem]:
    root = _parse(data)
    instructions: list[str] = []
    stack: list[list[str] | None] = []
    for el in root.iter(f"{{{W}}}fldSimple", f"{{{W}}}fldChar", f"{{{W}}}instrText"):
        tag = etree.QName(el).localname
        if tag == "fldSimple":
            instructions.append(el.get(f"{{{W}}}instr") or "")
        elif tag == "instrText":
            if stack and stack[-1] is not None:
                stack[-1].append(el.text or "")
            else:
                instructions.append(el.text or "")
        elif el.get(f"{{{W}}}fldCharType") == "begin":
            stack.append([])
        elif el.get(f"{{{W}}}fldCharType") == "separate" and stack and stack[-1] is not None:
            instructions.append("".join(stack[-1]))
            stack[-1] = None
        elif el.get(f"{{{W}}}fldCharType") == "end" and stack:
            top = stack.pop()
            if top is not None:
                instructions.append("".join(top))
    instructions += ["".join(top) for top in stack if top is not None]
    out = []
    for instruction in instructions:
        reason = field_reason(instruction)
        if reason:
            out.append(_problem(template, name, reason))
    return out



def field_reason(instruction: str) -> str | None:
    """Why the field ``instruction`` (``DDEAUTO excel …``) may not be in a template, or None."""
    text = instruction.strip()
    if not text:
        return None
    word = text.split()[0].upper().lstrip("\\")
    if word.startswith("="):
        word = "="
    if word == "HYPERLINK":
        target = re.search(r'"([^"]*)"', text)
        if " \\l " in f" {text} " or (target and _SAFE_LINK.match(target.group(1))):
            return None
    elif word in SAFE_FIELDS:
        return None
    shown = " ".join(text.split())[:80]
    return (f"templat memuat field {word} ({shown}) yang dapat menjalankan program atau mengambil isi dari luar "
            "dokumen; hapus field itu di Word (Alt+F9 memperlihatkan kode field) lalu simpan ulang")


def _unique(problems_found: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for problem in problems_found:
        key = (problem.message, problem.location)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out
