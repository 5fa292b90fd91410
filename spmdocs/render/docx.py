"""Word renderer: draw a :class:`~spmdocs.model.Document` into an editable .docx through a template.

The template (``templates/laporan-spm.docx``, built by ``templates/build_template.py``) supplies the
styles, the kop in the first-page header, the page-number header and a signature-block prototype.
Everything that does not depend on a report's content is prepared once per process for each
template, layout, kop and page-number format (a "shell"): the styles get the layout's font, docxtpl
fills the headers, and the ``{{p body }}`` placeholder is kept as a marker. Each report then only
writes its body as WordprocessingML in the template's styles, puts it in place of the marker, and
adds its pictures, empty headers and properties. Output is deterministic: the same Document gives
the same bytes.
"""

from __future__ import annotations

import copy
import hashlib
import io
import math
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from docx import Document as open_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate, InlineImage, RichText
from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from lxml import etree
from markupsafe import Markup

from spmdocs.errors import Location, Problem, TemplateError
from spmdocs.fileio import os_reason, write_bytes_atomic
from spmdocs.model import (
    FIGURE_CAPTION_GAP_PT, TTE_QR_GAP_MM, Block, Document, ElectronicSignature, Figure, Heading, Kop,
    LampiranHeading, Layout, Orientation, PageBreak, Paragraph, Section, SignatureBlock, Spacer, Table,
    TableOfContents, spacing,
)
from spmdocs.sandbox import TEMPLATE_FAILURES, BoundedSandbox, runtime_reason, syntax_reason
from spmdocs.render.template_check import checked_template
from spmdocs.resources import DEFAULT_WORD_TEMPLATE
from spmdocs.render._ooxml import (
    _ILLEGAL_XML, TWIPS_PER_MM, clean_text, element, field_runs, replace_child, set_fonts, twips,
)

DEFAULT_TEMPLATE = DEFAULT_WORD_TEMPLATE

CELL_PADDING_MM = 1.0
"""Left and right padding inside the cells of a data table."""

TOC_PLACEHOLDER = "Klik kanan lalu pilih Perbarui Bidang untuk memperbarui daftar isi"

_BODY_TAG = re.compile(r"\{\{\s*p\s+body\s*\}\}")
_MARKER_TEXT = "spmdocs:isi-laporan"
_BODY_MARKER = f"<w:p><w:r><w:t>{_MARKER_TEXT}</w:t></w:r></w:p>"
_SIGNATURE_TAG = "ttd.nama"
_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}
_LAYOUT_FONT_STYLES = ("Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "TOC Heading",
                       "Caption", "toc 1", "toc 2", "Table Text")
_SETTINGS_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
                                 "rsids", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                                 "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
                                 "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
                                 "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
                                 "decimalSymbol", "listSeparator")
_DEFLATE_LEVEL = 6
_MEMBER_MODE = 0o600 << 16
"""Unix permissions zipfile gives every member (rw for the owner), kept so the bytes match."""
_PROPERTY_LIMIT = 255
"""Longest text python-docx and Word accept in a core property (title, subject, keywords)."""
_FIRST_DOCPR_ID = 1001
"""docxtpl numbers the pictures of a document body from here; the renderer keeps that numbering."""

_SHELLS_KEPT = 8
"""Shells kept per process; a batch needs one, a test run a few."""
_template_cache: dict[tuple[str, int, int], bytes] = {}
_shell_cache: dict[tuple, "_Shell"] = {}


def render_docx(document: Document, target: Path, template: Path | None = None) -> Path:
    """Write ``document`` as a .docx at ``target`` (atomically) using ``template``; return target.

    Raises :class:`~spmdocs.errors.TemplateError` when the template is missing, unreadable, lacks
    the ``{{p body }}`` placeholder, or holds a broken docxtpl tag.
    """
    template = Path(template or DEFAULT_TEMPLATE)
    data = render_docx_bytes(document, template)
    return write_bytes_atomic(target, data)


def render_docx_bytes(document: Document, template: Path | None = None) -> bytes:
    """The .docx bytes of ``document`` drawn through ``template``."""
    template = Path(template or DEFAULT_TEMPLATE)
    shell = _shell(template, document)
    adds_parts = document.page_footer is not None or any(
        section.numbering == "none" or any(isinstance(b, Figure) or _is_electronic(b) for b in section.blocks)
        for section in document.sections)
    word = open_docx(io.BytesIO(shell.package)) if adds_parts else shell.word
    body = _Body(shell=shell, document=document, part=word.part)
    for index, section in enumerate(document.sections):
        body.draw_section(index, section)
    last = body.final_section_properties or shell.template_sect_pr
    xml = shell.prefix + body.xml() + shell.middle + last + shell.suffix
    if not adds_parts and WRITE_TEXT_DIRECTLY and "docPr" not in xml and "&#" not in xml \
            and not _ILLEGAL_XML.search(xml):
        return _zip(_direct_members(shell, document, xml), shell, document.info.created)
    root = parse_xml(xml)
    for number, doc_pr in enumerate(root.iter(qn("wp:docPr")), _FIRST_DOCPR_ID):
        doc_pr.set("id", str(number))
    word.part._element = root  # python-docx has no public way to replace a part's XML
    word = word.part.document
    _add_empty_headers(word, document.sections)
    _add_page_footer(word, document)
    _set_properties(word, document)
    if adds_parts:
        members = _members(word)
    else:
        members = {name: blob for name, (blob, _) in shell.members.items()}
        for part in word.part.package.iter_parts():
            if part is word.part or part.content_type == CT.OPC_CORE_PROPERTIES:
                members[part.partname.membername] = part.blob
    return _zip(members, shell, document.info.created)


WRITE_TEXT_DIRECTLY = True
"""Write ``word/document.xml`` from the drawn text itself when the report adds no part and no
picture (a batch's annex): the text is what lxml would write for it, so parsing it and writing
it out again (0.8 ms of a unit's 9) changed nothing. Tests turn this off to compare the two."""


def _direct_members(shell: "_Shell", document: Document, xml: str) -> dict[str, bytes]:
    """Every member of a report that adds no part, ``word/document.xml`` being ``xml`` itself."""
    word = shell.word
    _set_properties(word, document)
    members = {name: blob for name, (blob, _) in shell.members.items()}
    for part in word.part.package.iter_parts():
        if part.content_type == CT.OPC_CORE_PROPERTIES:
            members[part.partname.membername] = part.blob
    members[word.part.partname.membername] = _XML_DECLARATION + xml.encode("utf-8")
    return members


_XML_DECLARATION = etree.tostring(etree.Element("a"), encoding="UTF-8", standalone=True)[:-4]
"""What python-docx writes before a part's root element (lxml's declaration and a line end)."""


# --- the package ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Member:
    """One compressed member of a .docx zip: its size, CRC-32 and raw deflate stream."""

    size: int
    crc: int
    data: bytes

    @classmethod
    def of(cls, blob: bytes) -> "_Member":
        return cls(len(blob), zlib.crc32(blob), zlib.compress(blob, _DEFLATE_LEVEL, wbits=-15))


class _MemberCollector:
    """Takes the members python-docx's package writer produces, instead of a zip file."""

    def __init__(self) -> None:
        self.members: dict[str, bytes] = {}

    def write(self, pack_uri, blob: bytes) -> None:
        self.members[pack_uri.membername] = blob


def _members(word) -> dict[str, bytes]:
    """Every member of ``word``'s package (name → bytes) as ``Document.save`` would write it."""
    package = word.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    collector = _MemberCollector()
    PackageWriter._write_content_types_stream(collector, parts)
    PackageWriter._write_pkg_rels(collector, package.rels)
    PackageWriter._write_parts(collector, parts)
    return collector.members


def _zip(members: dict[str, bytes], shell: "_Shell", when: datetime) -> bytes:
    """The .docx zip: members sorted, fixed timestamps, unchanged parts not compressed again.

    The bytes are those :func:`~spmdocs.render._ooxml.normalize_zip` writes; the compressed form
    of every member the report left as the shell has it is taken from the shell.
    """
    stamp = max(when, datetime(1980, 1, 1)).timetuple()[:6]
    dos_time = stamp[3] << 11 | stamp[4] << 5 | stamp[5] // 2
    dos_date = (stamp[0] - 1980) << 9 | stamp[1] << 5 | stamp[2]
    out, directory = bytearray(), bytearray()
    names = sorted(members, key=lambda n: (n != "[Content_Types].xml", n))
    for name in names:
        blob = members[name]
        cached = shell.members.get(name)
        member = cached[1] if cached is not None and cached[0] == blob else _Member.of(blob)
        try:
            raw, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            raw, flags = name.encode("utf-8"), 0x800
        fields = (flags, zipfile.ZIP_DEFLATED, dos_time, dos_date, member.crc, len(member.data),
                  member.size, len(raw))
        directory += struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 0, 20, 0, *fields, 0, 0,
                                 0, 0, _MEMBER_MODE, len(out)) + raw
        out += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, *fields, 0) + raw + member.data
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(names), len(names), len(directory),
                      len(out), 0)
    return bytes(out + directory + end)


# --- the shell: the template prepared once per process --------------------------------------------

class _Environment(BoundedSandbox):
    """The Jinja environment of Word templates: sandboxed, strict and autoescaping.

    A template edited in Word cannot reach Python internals, and a placeholder naming no field
    is an error instead of a silent blank. Each template source is compiled once.
    """

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self._compiled: dict[str, object] = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


def template_environment() -> _Environment:
    """A fresh Jinja environment for filling a Word template with docxtpl (sandboxed and strict)."""
    return _Environment()


@dataclass
class _Shell:
    """The template drawn for one layout, kop and page-number format, with a marker for the body.

    ``prefix`` + body + ``middle`` + the last section's properties + ``suffix`` is the text of
    ``word/document.xml``. ``word`` is the opened package a report that adds no part (picture,
    header) is written into; ``members`` holds every member's bytes and compressed form.
    """

    template: Path
    package: bytes
    prefix: str
    middle: str
    suffix: str
    template_sect_pr: str
    declared: dict[str, str]
    header_refs: dict[str, str]
    style_ids: dict[str, str | None]
    table_style_id: str | None
    table_text_id: str
    prototype: object
    tpl: DocxTemplate
    env: _Environment
    word: object
    members: dict[str, tuple[bytes, "_Member"]]
    signatures: dict[tuple[int, int], str] = field(default_factory=dict)

    def signature_xml(self, width: int, left: int, space: int) -> str:
        """The signature-block prototype ``width`` twips wide, its text column starting ``left``
        twips from the left margin, ready for docxtpl."""
        key = (width, left, space)
        if key not in self.signatures:
            table = copy.deepcopy(self.prototype)
            _set_columns(table, [left, width - left])
            for p in table.iter(qn("w:p")):
                if _SIGNATURE_TAG in "".join(t.text or "" for t in p.iter(qn("w:t"))):
                    pPr = p.find(qn("w:pPr"))
                    if pPr is None:
                        pPr = element("w:pPr")
                        p.insert(0, pPr)
                    spacing = pPr.find(qn("w:spacing"))
                    if spacing is None:
                        spacing = element("w:spacing")
                        pPr.append(spacing)
                    spacing.set(qn("w:before"), str(space))
            self.signatures[key] = self.tpl.patch_xml(etree.tostring(table, encoding="unicode"))
        return self.signatures[key]

    def style_id(self, name: str) -> str | None:
        if name not in self.style_ids:
            raise _template_error(self.template, f"templat tidak memuat gaya paragraf '{name}'",
                                  part="word/styles.xml")
        return self.style_ids[name]


_PARAGRAPH_STYLES = ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "TOC Heading", "Caption", "toc 1",
                     "toc 2")


def _shell(template: Path, document: Document) -> _Shell:
    version = _template_key(template)
    orientation = document.sections[0].orientation if document.sections else "portrait"
    key = (version, document.layout, document.kop, document.page_number_format, orientation)
    shell = _shell_cache.get(key)
    if shell is None:
        if len(_shell_cache) >= _SHELLS_KEPT:
            _shell_cache.pop(next(iter(_shell_cache)))
        data = _template_bytes(template, version)
        shell = _shell_cache[key] = _build_shell(template, data, document, orientation)
    return shell


def _build_shell(template: Path, data: bytes, document: Document, orientation: Orientation) -> _Shell:
    tpl = DocxTemplate(io.BytesIO(data))
    word = tpl.get_docx()
    _apply_layout_styles(word, document.layout)
    prototype = _take_signature_prototype(word)
    if document.kop is None:
        _clear_first_page_header(word)
    elif document.sections:
        _fit_kop(word, document.layout, orientation, document.kop)
    header_refs = {ref.get(qn("w:type")): ref.get(qn("r:id"))
                   for ref in word.element.body.sectPr.findall(qn("w:headerReference"))}
    env = _Environment()
    context = {
        "body": Markup(_BODY_MARKER),
        "kop": kop_context(tpl, document.kop),
        "halaman": _page_number_context(document.page_number_format),
    }
    try:
        tpl.render(context, jinja_env=env)
    except TEMPLATE_FAILURES as exc:
        raise TemplateError([template_problem(template, tpl, exc)]) from None
    word = tpl.docx
    _request_field_update(word)
    text = etree.tostring(word.element, encoding="unicode")
    start = text.find(_BODY_MARKER)
    if start < 0 or text.count(_BODY_MARKER) != 1:
        raise _template_error(template, "penanda {{p body }} harus muncul tepat satu kali sebagai "
                                        "paragraf tersendiri", part="word/document.xml")
    sect_start = text.rindex("<w:sectPr")
    sect_end = text.index("</w:sectPr>", sect_start) + len("</w:sectPr>")
    buffer = io.BytesIO()
    word.save(buffer)
    package = buffer.getvalue()
    reopened = open_docx(io.BytesIO(package))
    style_ids = {}
    for name in _PARAGRAPH_STYLES:
        try:
            style_ids[name] = word.part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
        except KeyError:
            continue
    try:
        table_style_id = word.part.get_style_id("Table Grid", WD_STYLE_TYPE.TABLE)
        table_text_id = word.styles["Table Text"].style_id
    except KeyError as exc:
        raise _template_error(template, f"templat tidak memuat gaya {exc}", part="word/styles.xml") from exc
    return _Shell(
        template=template, package=package, prefix=text[:start],
        middle=text[start + len(_BODY_MARKER):sect_start], suffix=text[sect_end:],
        template_sect_pr=text[sect_start:sect_end],
        declared={k: v for k, v in word.element.nsmap.items() if k}, header_refs=header_refs,
        style_ids=style_ids, table_style_id=table_style_id, table_text_id=table_text_id,
        prototype=prototype, tpl=tpl, env=env,
        word=reopened,
        members={name: (blob, _Member.of(blob)) for name, blob in _members(reopened).items()})


# --- the template -------------------------------------------------------------------------------

def _template_error(template: Path, message: str, part: str | None = None,
                    element_name: str | None = None) -> TemplateError:
    return TemplateError([Problem(message, Location(file=str(template), part=part,
                                                    element=element_name))])


_TAG_TOKEN = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
_DOCXTPL_PREFIX = re.compile(r"\{([{%])\s*(?:p|r|tr|tc)\s")
_EXTERNAL_KINDS = ("/image", "/oleObject", "/frame", "/subDocument", "/package")
"""Relationship types that must stay inside the package: a linked picture is fetched when opened."""


def template_problems(template: Path, word) -> list[Problem]:
    """What is wrong with a Word template before anything is filled in.

    A placeholder must open and close in one paragraph (``{{ kop.nama`` without ``}}`` would make
    docxtpl swallow everything up to the next ``}}``), and pictures must be embedded, not linked
    to a file or address outside the document.
    """
    problems = []
    for partname, root in _template_parts(word):
        for place, text in _paragraphs(root):
            reason = _unbalanced(text)
            if reason:
                problems.append(Problem(f"penanda templat tidak valid: {reason}",
                                        _place(template, partname, place, text)))
    for part in word.part.package.iter_parts():
        for rel in part.rels.values():
            if rel.is_external and rel.reltype.endswith(_EXTERNAL_KINDS):
                problems.append(Problem(
                    f"templat memuat gambar atau objek yang ditautkan ke luar dokumen ({rel.target_ref}); "
                    "sisipkan gambarnya langsung ke dalam templat, tanpa pilihan 'Tautkan ke Berkas'",
                    Location(file=str(template), part=part.partname.lstrip("/"))))
    return problems


def template_problem(template: Path, tpl: DocxTemplate, exc: Exception) -> Problem:
    """The problem a docxtpl render raised, located in its part and paragraph or table cell."""
    part = getattr(tpl, "current_rendering_part", None)
    partname = part.partname.lstrip("/") if part is not None else "word/document.xml"
    line = getattr(exc, "lineno", None) or _template_line(exc)
    place = text = None
    if part is not None:
        root = parse_xml(part.blob)
        block = re.search(r"innermost block that needs to be closed is '(\w+)'", str(exc))
        if block:
            opening = re.compile(r"\{%\s*(?:p|r|tr|tc)?\s*" + block[1] + r"\b")
            place, text = next(((p, t) for p, t in reversed(list(_paragraphs(root))) if opening.search(t)),
                               (None, None))
        elif line:
            source = tpl.get_xml() if part is tpl.docx.part else tpl.get_part_xml(part)
            lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(source)).splitlines()
            if 0 < line <= len(lines):
                # docxtpl joins {%p %} and {{p }} paragraphs to their neighbours' lines, so a line
                # may hold several paragraphs; the one naming what failed is preferred.
                wanted = _squeeze(_xml_text(lines[line - 1]))
                hint = _culprit(exc)
                found = [(p, t) for p, t in _paragraphs(root)
                         if "{" in t and (_squeeze(t) in wanted or wanted in _squeeze(t))]
                place, text = next((pt for pt in found if hint and hint in pt[1]), None) or \
                    (found[0] if found else (None, _xml_text(lines[line - 1])))
    return Problem(f"penanda templat tidak valid: {_reason(exc)}", _place(template, partname, place, text))


def _culprit(exc: Exception) -> str | None:
    """The text a failing paragraph must hold: the undefined name, or "__" of an internal attribute."""
    if isinstance(exc, SecurityError):
        return "__"
    found = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", str(exc))
    return next((g for g in found.groups() if g), None) if found else None


def _reason(exc: Exception) -> str:
    if isinstance(exc, etree.XMLSyntaxError):
        return ("hasil pengisiannya bukan XML Word yang sah (mis. teks dengan '<' atau '&' yang lolos dari "
                "filter |safe); hapus filter itu")
    if isinstance(exc, TemplateSyntaxError):
        return syntax_reason(exc.message or "")
    if isinstance(exc, SecurityError):
        return ("mencoba mengakses bagian internal Python; diblokir" if "unsafe" in str(exc)
                else f"diblokir: {runtime_reason(exc)}")
    if isinstance(exc, UndefinedError):
        return f"merujuk ke '{_culprit(exc) or exc}' yang tidak ada dalam data dokumen"
    return runtime_reason(exc)


def _template_parts(word) -> list[tuple[str, object]]:
    """(part name, XML root) of the main document and of every header and footer."""
    parts = [("word/document.xml", word.element)]
    for rel in word.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER):
            parts.append((rel.target_part.partname.lstrip("/"), parse_xml(rel.target_part.blob)))
    return parts


def _paragraphs(root):
    """(place, text) of every paragraph of a part: "paragraf 3" or "tabel 1, baris 2, kolom 1, paragraf 1"."""
    tables = {table: number for number, table in enumerate(root.iter(qn("w:tbl")), 1)}
    for number, p in enumerate(root.iter(qn("w:p")), 1):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        cell = next(p.iterancestors(qn("w:tc")), None)
        if cell is None:
            yield f"paragraf {number}", text
            continue
        row = cell.getparent()
        table = row.getparent()
        r = [child for child in table if child.tag == qn("w:tr")].index(row) + 1
        c = [child for child in row if child.tag == qn("w:tc")].index(cell) + 1
        k = [child for child in cell if child.tag == qn("w:p")].index(p) + 1 if p.getparent() is cell else 1
        yield f"tabel {tables[table]}, baris {r}, kolom {c}, paragraf {k}", text


def _unbalanced(text: str) -> str | None:
    """Why the placeholders of one paragraph do not pair up, or None."""
    expected = None
    for token in _TAG_TOKEN.findall(text):
        if token in _CLOSER:
            if expected:
                return f"{_opener(expected)} belum ditutup dengan {expected} sebelum {token} berikutnya"
            expected = _CLOSER[token]
        elif token != expected:
            return f"{token} tanpa pembuka {_opener(token)}"
        else:
            expected = None
    return f"{_opener(expected)} tidak ditutup dengan {expected} dalam paragraf yang sama" if expected else None


def _opener(closer: str) -> str:
    return next(opener for opener, close in _CLOSER.items() if close == closer)


def _xml_text(xml: str) -> str:
    """The visible text of a piece of WordprocessingML (field codes left out)."""
    return re.sub(r"<[^>]+>", "", re.sub(r"<w:instrText[^>]*>.*?</w:instrText>", "", xml))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", _DOCXTPL_PREFIX.sub(r"{\1 ", text))


def _template_line(exc: Exception) -> int | None:
    """The template line of a runtime error, from Jinja's rewritten traceback."""
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _place(template: Path, partname: str, place: str | None, text: str | None) -> Location:
    element = None
    if place or text:
        element = f"{place or 'paragraf'} (teks: «{_around(text or '')}»)"
    return Location(file=str(template), part=partname, element=element)


def _around(text: str, width: int = 80) -> str:
    """``text`` in one line, cut to ``width`` characters around its first placeholder."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    start = max(0, min(text.find("{") - width // 4, len(text) - width))
    return ("…" if start else "") + text[start:start + width] + ("…" if start + width < len(text) else "")


def _template_key(template: Path) -> tuple[str, int, int]:
    """Which version of the template file this is: its path, modification time and size."""
    try:
        stat = template.stat()
    except OSError as exc:
        raise _template_error(template, "templat Word tidak ditemukan") from exc
    return str(template.resolve()), stat.st_mtime_ns, stat.st_size


def _template_bytes(template: Path, key: tuple[str, int, int]) -> bytes:
    """The template's bytes, read and checked once per process for each version (``key``)."""
    if key not in _template_cache:
        data = checked_template(template)
        try:
            word = open_docx(io.BytesIO(data))
        except (OSError, zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError,
                etree.XMLSyntaxError) as exc:
            reason = os_reason(exc) if isinstance(exc, OSError) else "berkas rusak atau bukan .docx"
            raise _template_error(template, f"templat tidak dapat dibaca sebagai dokumen Word (.docx): {reason}; "
                                            "buka di Word lalu simpan ulang sebagai Dokumen Word (.docx)") from None
        if not any(_BODY_TAG.search(p.text) for p in word.paragraphs):
            raise _template_error(template, "templat tidak memuat penanda {{p body }} sebagai "
                                            "paragraf tersendiri untuk isi laporan",
                                  part="word/document.xml")
        problems = template_problems(template, word)
        if problems:
            raise TemplateError(problems)
        _template_cache[key] = data
    return _template_cache[key]


def _apply_layout_styles(word, layout: Layout) -> None:
    """Put the layout's font, size, line spacing and paragraph spacing on the template styles."""
    styles = word.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            set_fonts(rpr, layout.font_family)
    for name in _LAYOUT_FONT_STYLES:
        if name in styles:
            set_fonts(styles[name].element.get_or_add_rPr(), layout.font_family)
    if defaults is not None:
        ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
        if ppr is not None and ppr.find(qn("w:widowControl")) is None:
            ppr.insert(0, element("w:widowControl"))
    normal = styles["Normal"]
    normal.font.size = Pt(layout.font_size_pt)
    normal.paragraph_format.line_spacing = layout.line_spacing
    normal.paragraph_format.space_after = Pt(layout.space_after_pt)


def _take_signature_prototype(word):
    """Remove the signature-block prototype table from the template body and return it (or None)."""
    body = word.element.body
    for table in body.findall(qn("w:tbl")):
        text = "".join(t.text or "" for t in table.iter(qn("w:t")))
        if _SIGNATURE_TAG in text:
            body.remove(table)
            return table
    return None


def kop_context(tpl: DocxTemplate, kop: Kop | None) -> dict:
    """The fields of a template's kop: ``kop.baris`` (formatted lines) and ``kop.logo`` (picture)."""
    if kop is None:
        return {"baris": [], "logo": ""}
    lines = [RichText(clean_text(line.text), size=round(line.size_pt * 2), bold=line.bold)
             for line in kop.lines]
    logo = ""
    if kop.logo:
        height = kop.logo_height_mm
        logo = _Logo(tpl, io.BytesIO(kop.logo), width=Mm(height / kop.logo_aspect), height=Mm(height))
    return {"baris": lines, "logo": logo}


_NO_WRAP_DISTANCE = 'distT="0" distB="0" distL="0" distR="0"'
"""Word's white space around an inline picture, said outright: LibreOffice otherwise puts 3.2 mm
on each side, which moves the kop's logo off the margin and up to its lines."""


class _Logo(InlineImage):
    """docxtpl's picture, its drawing remembered per template part: every cover letter of a batch
    puts the same logo in the same header, and drawing it (the image part found by its hash, the
    part's highest id looked up) was a third of a millisecond per letter.

    A part's drawing of a picture depends only on the part as the template has it (docxtpl renders
    text, the part's own XML is not changed meanwhile) and on the picture and its size: a fresh
    drawing would be the same text.
    """

    _KEPT = 64

    def _insert_image(self):
        part = self.tpl.current_rendering_part
        memo = self.tpl.__dict__.setdefault("_spmdocs_logos", {})
        key = (id(part), hashlib.sha256(self.image_descriptor.getvalue()).digest(), self.width, self.height,
               self.anchor)
        found = memo.get(key)
        if found is not None and found[0] is part:
            return found[1]
        drawn = super()._insert_image().replace("<wp:inline ", f"<wp:inline {_NO_WRAP_DISTANCE} ", 1)
        if len(memo) >= self._KEPT:
            memo.clear()
        memo[key] = (part, drawn)
        return drawn


def _page_number_context(page_number_format: str) -> dict:
    before, _, after = clean_text(page_number_format).partition("{}")
    return {"awalan": before, "akhiran": after}


def _first_page_header(word):
    sect_pr = word.element.body.sectPr
    for ref in sect_pr.findall(qn("w:headerReference")):
        if ref.get(qn("w:type")) == "first":
            return word.part.related_parts[ref.get(qn("r:id"))].element
    return None


def _clear_first_page_header(word) -> None:
    header = _first_page_header(word)
    if header is not None:
        for child in list(header):
            header.remove(child)
        header.append(element("w:p"))


def _fit_kop(word, layout: Layout, orientation, kop: Kop) -> None:
    """Scale the kop tables to the text width of the first page, the lines' column as wide as the
    model broke them for."""
    header = _first_page_header(word)
    if header is not None:
        for tbl in header.iter(qn("w:tbl")):
            _scale_table(tbl, twips(layout.text_width_mm(orientation)))
        fit_kop_lines(header, kop)


def fit_kop_lines(header, kop: Kop) -> None:
    """Give the column of ``kop.baris`` in a header's logo | lines | mirror table the width the
    kop's lines were broken to fit (a twip wider, never narrower), the two others sharing the
    rest: Word then breaks no line the model did not, and the lines stay centred. The logo is
    put against the left margin, as the PDF draws it, so the gap beside it is the model's."""
    if kop.text_width_mm is None:
        return
    room = math.ceil(kop.text_width_mm * TWIPS_PER_MM)
    for tbl in header.iter(qn("w:tbl")):
        widths = [int(c.get(qn("w:w"), "0")) for c in tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")]
        rows = tbl.findall(qn("w:tr"))
        cells = rows[0].findall(qn("w:tc")) if len(rows) == 1 else []
        if len(widths) != 3 or len(cells) != 3 or sum(widths) <= room:
            continue
        if "kop.baris" not in "".join(t.text or "" for t in cells[1].iter(qn("w:t"))):
            continue
        left = (sum(widths) - room) // 2
        _set_columns(tbl, [left, room, sum(widths) - room - left])
        for paragraph in cells[0].iter(qn("w:p")):
            paragraph.get_or_add_pPr().jc_val = WD_ALIGN_PARAGRAPH.LEFT


def _scale_table(tbl, width: int) -> None:
    """Scale a table's grid and cell widths proportionally so the table is ``width`` twips wide."""
    cols = tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")
    old = [int(c.get(qn("w:w"), "0")) for c in cols]
    total = sum(old) or 1
    _set_columns(tbl, [round(width * w / total) for w in old])


def _set_columns(tbl, new: list[int]) -> None:
    """Give a table's grid columns (and its cells) the widths ``new`` in twips."""
    cols = tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")
    width = sum(new)
    for col, w in zip(cols, new):
        col.set(qn("w:w"), str(w))
    tbl_pr = tbl.find(qn("w:tblPr"))
    replace_child(tbl_pr, element("w:tblW", w=width, type="dxa"))
    for tr in tbl.findall(qn("w:tr")):
        grid = 0
        for tc in tr.findall(qn("w:tc")):
            tc_pr = tc.find(qn("w:tcPr"))
            span_el = tc_pr.find(qn("w:gridSpan")) if tc_pr is not None else None
            span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
            tc_w = tc_pr.find(qn("w:tcW")) if tc_pr is not None else None
            if tc_w is not None:
                tc_w.set(qn("w:w"), str(sum(new[grid:grid + span])))
                tc_w.set(qn("w:type"), "dxa")
            grid += span


def _add_empty_headers(word, sections: tuple[Section, ...]) -> None:
    """Give every unnumbered section its own empty default header."""
    for model_section, word_section in zip(sections, word.sections):
        if model_section.numbering == "none":
            word_section.header.is_linked_to_previous = False


def _add_page_footer(word, document: Document) -> None:
    """Put the electronic-signature footer, above a thin rule, at the foot of every page.

    The first section gets a first-page and a default footer; the other sections inherit them.
    Word moves the body up when the footer needs more room than the bottom margin leaves.
    """
    tte = document.page_footer
    if tte is None:
        return
    section = word.sections[0]
    for footer in (section.first_page_footer, section.footer):
        footer.is_linked_to_previous = False
        root = footer._element  # python-docx offers no way to write a whole paragraph's XML
        for child in list(root):
            root.remove(child)
        root.append(parse_xml(
            f'<w:p {nsdecls("w")}><w:pPr><w:pBdr><w:top w:val="single" w:sz="4" w:space="2" '
            'w:color="000000"/></w:pBdr><w:spacing w:before="0" w:after="0" w:line="240" '
            f'w:lineRule="auto"/><w:jc w:val="center"/></w:pPr>{_run(tte.footer, size=tte.footer_size_pt)}</w:p>'))


def _request_field_update(word) -> None:
    """Ask Word to refresh the fields (the table of contents) when the file is opened."""
    settings = word.settings.element
    update = element("w:updateFields", val="true")
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    for name in _SETTINGS_AFTER_UPDATE_FIELDS:
        follower = settings.find(qn(f"w:{name}"))
        if follower is not None:
            follower.addprevious(update)
            return
    settings.append(update)


def _set_properties(word, document: Document) -> None:
    """The document properties from the model, each cut to the 255 characters Word allows."""
    info = document.info
    props = word.core_properties
    props.title = core_property(info.title)
    props.author = props.last_modified_by = core_property(info.author)
    props.subject = core_property(info.subject)
    props.keywords = core_property(", ".join(info.keywords))
    props.comments = ""
    props.created = props.modified = info.created
    props.revision = 1


def core_property(text: str) -> str:
    """``text`` as a core property of a Word file: XML-safe and cut to the 255 characters Word keeps."""
    return clean_text(text)[:_PROPERTY_LIMIT]


# --- the body -----------------------------------------------------------------------------------

_CONTROL = re.compile(r"([\t\r\n])")
_DECLARATION = re.compile(r'\s+xmlns:(\w+)="([^"]*)"')


def _mm(mm: float) -> int:
    """Millimetres as twips, rounded as python-docx rounds a length given in Mm."""
    return Mm(mm).twips


def _pt(pt: float) -> int:
    return Pt(pt).twips


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return _escape(value).replace('"', "&quot;")


def _text_xml(text: str) -> str:
    """Run content as python-docx writes it: ``<w:t>`` pieces, a tab as ``<w:tab/>``, breaks."""
    if "\t" not in text and "\n" not in text and "\r" not in text:
        if not text:
            return ""
        space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
        return f"<w:t{space}>{_escape(text)}</w:t>"
    out = []
    for piece in _CONTROL.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            out.append(f"<w:t{space}>{_escape(piece)}</w:t>")
    return "".join(out)


def _run(text: str, *, bold=False, italic=False, underline=False, size: float | None = None,
         end: str = "") -> str:
    """One ``<w:r>`` with the character format of the model's run; ``end`` closes its content."""
    props = []
    if bold:
        props.append("<w:b/>")
    if italic:
        props.append("<w:i/>")
    if size:
        props.append(f'<w:sz w:val="{int(Pt(size).pt * 2)}"/>')
    if underline:
        props.append('<w:u w:val="single"/>')
    rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
    return f"<w:r>{rpr}{_text_xml(clean_text(text))}{end}</w:r>"


def _without_declared(xml: str, declared: dict[str, str]) -> str:
    """``xml`` without the namespace declarations its first tag repeats from ``word/document.xml``."""
    end = xml.index(">")
    tag = _DECLARATION.sub(lambda m: "" if declared.get(m.group(1)) == m.group(2) else m.group(0),
                           xml[:end])
    return tag + xml[end:]


class _P:
    """A body paragraph: properties in schema order, attributes in the order they were set."""

    __slots__ = ("style", "keep_next", "page_break", "page_start", "tab", "tab_kind", "spacing", "ind",
                 "right_indent", "jc", "outline", "sect_pr", "runs", "bookmark")

    def __init__(self, style: str | None = None):
        self.style = style
        self.keep_next: bool | None = None
        self.page_break = False
        self.page_start = False
        """Opens a page the layout started: its space before is dropped, as the layout and the PDF
        (ReportLab drops a flowable's space before at the top of a frame) set it; Word and
        LibreOffice would keep it after a page break and push the page's last lines over."""
        self.tab: int | None = None
        self.tab_kind: tuple[str, str] | None = None
        self.right_indent: int | None = None
        self.bookmark: tuple[int, str] | None = None
        self.spacing: dict[str, int | str] = {}
        self.ind: dict[str, int] = {}
        self.jc: str | None = None
        self.outline: int | None = None
        self.sect_pr: str | None = None
        self.runs: list[str] = []

    def indent(self, left_mm: float | None, first_line_mm: float | None) -> None:
        if left_mm is not None:
            self.ind["left"] = _mm(left_mm)
        if first_line_mm is not None:
            self.ind.pop("firstLine", None)
            self.ind.pop("hanging", None)
            if first_line_mm < 0:
                self.ind["hanging"] = _mm(-first_line_mm)
            else:
                self.ind["firstLine"] = _mm(first_line_mm)

    def single_spaced(self) -> None:
        self.spacing["line"] = 240
        self.spacing["lineRule"] = "auto"

    def exact_line(self, twips_value: int) -> None:
        self.spacing["line"] = twips_value
        self.spacing["lineRule"] = "exact"

    def xml(self) -> str:
        props = []
        if self.style:
            props.append(f'<w:pStyle w:val="{_attr(self.style)}"/>')
        if self.keep_next is not None:
            props.append("<w:keepNext/>" if self.keep_next else '<w:keepNext w:val="0"/>')
        if self.page_break:
            props.append("<w:pageBreakBefore/>")
        if self.tab is not None:
            kind, leader = self.tab_kind or ("left", "")
            leader = f' w:leader="{leader}"' if leader else ""
            props.append(f'<w:tabs><w:tab w:val="{kind}"{leader} w:pos="{self.tab}"/></w:tabs>')
        spacing = {**self.spacing, "before": 0} if self.page_start else self.spacing
        if spacing:
            props.append("<w:spacing " + " ".join(f'w:{k}="{v}"' for k, v in spacing.items())
                         + "/>")
        ind = dict(self.ind)
        if self.right_indent is not None:
            ind["right"] = self.right_indent
        if ind:
            props.append("<w:ind " + " ".join(f'w:{k}="{v}"' for k, v in ind.items()) + "/>")
        if self.jc:
            props.append(f'<w:jc w:val="{self.jc}"/>')
        if self.outline is not None:
            props.append(f'<w:outlineLvl w:val="{self.outline}"/>')
        if self.sect_pr:
            props.append(self.sect_pr)
        ppr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else ""
        runs = "".join(self.runs)
        if self.bookmark is not None:
            number, name = self.bookmark
            runs = (f'<w:bookmarkStart w:id="{number}" w:name="{name}"/>{runs}'
                    f'<w:bookmarkEnd w:id="{number}"/>')
        return f"<w:p>{ppr}{runs}</w:p>"


@dataclass
class _Body:
    """Writes the model's sections, block by block, as the WordprocessingML of the report body."""

    shell: _Shell
    document: Document
    part: object
    section: Section | None = None
    next_block: Block | None = None
    page_break_pending: bool = False
    page_start_pending: bool = False
    """The next paragraph opens a section, so a page: its space before is dropped (see _P.page_start)."""
    final_section_properties: str = ""
    out: list = field(default_factory=list)
    headings_drawn: int = 0

    def bookmark(self) -> tuple[int, str]:
        """The bookmark of the next heading listed in the Daftar Isi (id, name)."""
        self.headings_drawn += 1
        return self.headings_drawn, _toc_mark(self.headings_drawn)

    def toc_bookmarks(self, block: TableOfContents) -> list[str]:
        """The bookmark names of the headings a Daftar Isi lists, in order."""
        listed = [h for h in self.document.headings() if h.in_toc]
        return [_toc_mark(i) for i, h in enumerate(listed, 1) if h.level <= block.max_level]

    @property
    def layout(self) -> Layout:
        return self.document.layout

    @property
    def text_width_mm(self) -> float:
        return self.layout.text_width_mm(self.section.orientation)

    def xml(self) -> str:
        return "".join(item if isinstance(item, str) else item.xml() for item in self.out)

    def draw_section(self, index: int, section: Section) -> None:
        self.section = section
        self.page_break_pending = False
        self.page_start_pending = True
        for position, block in enumerate(section.blocks):
            self.next_block = section.blocks[position + 1] if position + 1 < len(section.blocks) else None
            _DRAWERS[type(block)](self, block)
            self.page_start_pending = False
        sect_pr = self._section_properties(index, section)
        if index == len(self.document.sections) - 1:
            self.final_section_properties = sect_pr
            return
        last = self.out[-1] if self.out else None
        ends_in_field = bool(section.blocks) and isinstance(section.blocks[-1], TableOfContents)
        if not isinstance(last, _P) or last.sect_pr is not None or ends_in_field:
            last = self._carrier_paragraph()
        last.sect_pr = sect_pr

    def _carrier_paragraph(self) -> _P:
        """A paragraph one point high that only carries a section or page break."""
        paragraph = self.paragraph()
        paragraph.spacing["before"] = paragraph.spacing["after"] = 0
        paragraph.exact_line(_pt(1))
        return paragraph

    def _section_properties(self, index: int, section: Section) -> str:
        layout = self.layout
        width, height = layout.page.oriented(section.orientation)
        margins = layout.margins
        refs = self.shell.header_refs
        parts = ["<w:sectPr>"]
        if index == 0 and "first" in refs:
            parts.append(f'<w:headerReference w:type="first" r:id="{refs["first"]}"/>')
        if section.numbering != "none" and "default" in refs:
            parts.append(f'<w:headerReference w:type="default" r:id="{refs["default"]}"/>')
        orient = ' w:orient="landscape"' if section.orientation == "landscape" else ""
        parts.append(f'<w:pgSz w:w="{twips(width)}" w:h="{twips(height)}"{orient}/>')
        distance = twips(layout.header_distance_mm)
        parts.append(f'<w:pgMar w:top="{twips(margins.top_mm)}" w:right="{twips(margins.right_mm)}" '
                     f'w:bottom="{twips(margins.bottom_mm)}" w:left="{twips(margins.left_mm)}" '
                     f'w:header="{distance}" w:footer="{distance}" w:gutter="0"/>')
        if section.numbering != "none":
            number_format = "lowerRoman" if section.numbering == "roman" else "decimal"
            start = ' w:start="1"' if section.restart_numbering else ""
            parts.append(f'<w:pgNumType w:fmt="{number_format}"{start}/>')
        parts.append('<w:cols w:space="720"/>')
        if index == 0:
            parts.append("<w:titlePg/>")
        parts.append('<w:docGrid w:linePitch="360"/></w:sectPr>')
        return "".join(parts)

    # -- shared pieces --

    def paragraph(self, style: str | None = None) -> _P:
        """A new paragraph; it starts a new page when a PageBreak came just before it."""
        paragraph = _P(self.shell.style_id(style) if style else None)
        if self.page_break_pending:
            paragraph.page_break = paragraph.page_start = True
            self.page_break_pending = False
        elif self.page_start_pending:
            paragraph.page_start = True
            self.page_start_pending = False
        self.out.append(paragraph)
        return paragraph

    def flush_page_break(self) -> None:
        """Before a table, carry a pending PageBreak on a one-point paragraph of its own."""
        if self.page_break_pending:
            self._carrier_paragraph()

    def spacer(self, height_pt: float) -> None:
        """An empty paragraph exactly ``height_pt`` high (white space Word cannot put on a table)."""
        paragraph = self.paragraph()
        paragraph.spacing["before"] = paragraph.spacing["after"] = 0
        paragraph.exact_line(max(_pt(height_pt), 1))

    def element(self, el) -> str:
        """An element built elsewhere (python-docx, docxtpl) as text for ``word/document.xml``."""
        return _without_declared(etree.tostring(el, encoding="unicode"), self.shell.declared)


def _spaced(paragraph: _P, block: Block, layout: Layout, line_spacing: float | None = None) -> None:
    """The block's space before and after (see :func:`spmdocs.model.spacing`) and line spacing."""
    before, after = spacing(block, layout)
    paragraph.spacing["before"] = _pt(before)
    paragraph.spacing["after"] = _pt(after)
    paragraph.spacing["line"] = round(240 * (layout.line_spacing if line_spacing is None else line_spacing))
    paragraph.spacing["lineRule"] = "auto"


def _draw_paragraph(body: _Body, block: Paragraph) -> None:
    paragraph = body.paragraph()
    paragraph.jc = _JC[block.align]
    if block.label:
        label_width = body.layout.label_width_mm
        text_at = max(block.indent_mm, label_width)
        paragraph.indent(text_at, -label_width)
        paragraph.tab = _mm(text_at)
        paragraph.runs.append(_run(f"{block.label}\t", size=block.size_pt))
    else:
        paragraph.indent(block.indent_mm or None, block.first_line_indent_mm or None)
    _spaced(paragraph, block, body.layout)
    if block.keep_with_next:
        paragraph.keep_next = True
    for run in block.runs:
        paragraph.runs.append(_run(run.text, bold=run.bold, italic=run.italic, underline=run.underline,
                                   size=block.size_pt))


def _draw_heading(body: _Body, block: Heading) -> None:
    level = min(max(block.level, 1), 4)
    number = block.printed_number
    if level == 1:
        # A heading whose number is printed elsewhere (a lampiran) is listed through a TC field
        # carrying its full entry, so a refreshed Daftar Isi still reads "LAMPIRAN I …".
        listed_by_field = block.in_toc and block.number and not number
        paragraph = body.paragraph("Heading 1" if block.in_toc and not listed_by_field else "TOC Heading")
        if number:
            paragraph.runs.append(_run(number, end="<w:br/>"))
        paragraph.runs.append(_run(block.title))
        if listed_by_field:
            paragraph.outline = 9
            paragraph.runs.append('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                                  f'<w:r><w:instrText xml:space="preserve"> TC "{_escape(clean_text(block.toc_text).replace(chr(34), chr(39)))}"'
                                  ' \\l 1 </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
    else:
        paragraph = body.paragraph(f"Heading {level}")
        label_width = body.layout.label_width_mm
        if number:
            text_at = label_width * (level - 1)
            paragraph.indent(text_at, -label_width)
            paragraph.tab = _mm(text_at)
            paragraph.runs.append(_run(f"{number}\t{block.title}"))
        else:
            paragraph.indent(label_width * max(level - 2, 0) or None, None)
            paragraph.runs.append(_run(block.title))
        if not block.in_toc:
            paragraph.outline = 9
    _spaced(paragraph, block, body.layout)
    if block.in_toc:
        paragraph.bookmark = body.bookmark()
    if block.page_break_before:
        paragraph.page_break = paragraph.page_start = True


SIGNATURE_KEEPS_ROWS = 2
"""Body rows of a table kept on the page of a signature block that follows it."""


def _draw_table(body: _Body, table: Table) -> None:
    layout = body.layout
    if table.caption:
        caption = body.paragraph("Caption")
        caption.spacing.update({"before": _pt(layout.caption_space_before_pt),
                                "after": _pt(layout.caption_space_after_pt), "line": 240, "lineRule": "auto"})
        caption.keep_next = True
        caption.runs.append(_run(table.caption))
    body.flush_page_break()
    ncols = len(table.columns)
    total_width = twips(body.text_width_mm)
    widths = _column_twips(table, total_width)
    size = table.font_size_pt or layout.table_font_size_pt
    header_rows = table.header_row_count
    style = body.shell.table_style_id
    padding = twips(layout.cell_padding_mm)
    out = ["<w:tbl><w:tblPr>"]
    if style:
        out.append(f'<w:tblStyle w:val="{_attr(style)}"/>')
    out.append(f'<w:tblW w:w="{total_width}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
               f'<w:tblCellMar><w:top w:w="{_pt(layout.cell_padding_top_pt)}" w:type="dxa"/>'
               f'<w:left w:w="{padding}" w:type="dxa"/>'
               f'<w:bottom w:w="{_pt(layout.cell_padding_bottom_pt)}" w:type="dxa"/>'
               f'<w:right w:w="{padding}" w:type="dxa"/></w:tblCellMar>'
               '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
               'w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>')
    out.extend(f'<w:gridCol w:w="{width}"/>' for width in widths)
    out.append("</w:tblGrid>")

    starts = {(p.row, p.col): p for p in table.grid()}
    continued: dict[tuple[int, int], int] = {}
    for p in starts.values():
        for dr in range(1, p.cell.rowspan):
            continued[(p.row + dr, p.col)] = p.cell.colspan
    cell_style = f'<w:pStyle w:val="{_attr(body.shell.table_text_id)}"/>'
    row_count = len(table.all_rows())
    # A signature right after the table takes the last rows along, never standing alone on a page.
    kept_from = row_count - SIGNATURE_KEEPS_ROWS if isinstance(body.next_block, SignatureBlock) \
        else row_count
    for r in range(row_count):
        body_row = r - header_rows
        split = body_row >= 0 and body_row in table.split_rows
        props = ("" if split else "<w:cantSplit/>") + ("<w:tblHeader/>" if r < header_rows else "")
        out.append(f"<w:tr><w:trPr>{props}</w:trPr>" if props else "<w:tr>")
        kept = r < header_rows or r >= max(kept_from, header_rows) or body_row in table.kept_rows
        keep = cell_style + ("<w:keepNext/>" if kept else "")
        c = 0
        while c < ncols:
            placement = starts.get((r, c))
            span = placement.cell.colspan if placement else continued.get((r, c), 1)
            props = [f'<w:tcW w:w="{sum(widths[c:c + span])}" w:type="dxa"/>']
            if span > 1:
                props.append(f'<w:gridSpan w:val="{span}"/>')
            if placement is None:
                if (r, c) in continued:
                    props.append("<w:vMerge/>")
                out.append(f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr><w:p><w:pPr>{keep}{_CELL_SPACING}"
                           "</w:pPr></w:p></w:tc>")
            else:
                if placement.cell.rowspan > 1:
                    props.append('<w:vMerge w:val="restart"/>')
                out.append(_cell_xml(placement, table, size, props, keep))
            c += span
        out.append("</w:tr>")
    out.append("</w:tbl>")
    body.out.append("".join(out))
    if not isinstance(body.next_block, (PageBreak, type(None))):
        body.spacer(layout.block_space_after_pt)


_CELL_SPACING = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'


def _column_twips(table: Table, total: int) -> list[int]:
    """The model's column widths in twips, the last one taking what rounding left over."""
    weight = sum(c.width for c in table.columns) or 1.0
    widths = [round(total * c.width / weight) for c in table.columns]
    widths[-1] += total - sum(widths)
    return widths


def _cell_xml(placement, table: Table, size: float, props: list[str], cell_style: str) -> str:
    data = placement.cell
    header = placement.is_header
    if data.shade:
        props.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{_attr(data.shade)}"/>')
    if header:
        props.append('<w:vAlign w:val="center"/>')
        align = "center" if data.align is None else data.align
    else:
        align = data.align or table.columns[placement.col].align
    run = _run(data.text, bold=header and placement.row < len(table.header) or data.bold, size=size)
    return (f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr><w:p><w:pPr>{cell_style}{_CELL_SPACING}"
            f'<w:jc w:val="{_JC[align]}"/></w:pPr>{run}</w:p></w:tc>')


def _draw_figure(body: _Body, figure: Figure) -> None:
    layout = body.layout
    orientation = body.section.orientation
    width, height = figure.size_mm(layout.text_width_mm(orientation), layout.text_height_mm(orientation))
    paragraph = body.paragraph()
    paragraph.jc = "center"
    _spaced(paragraph, figure, layout, 1.0)
    paragraph.page_start = False  # the PDF draws a figure's gap as a Spacer, which stays at the top
    paragraph.keep_next = bool(figure.caption)
    inline = body.part.new_pic_inline(io.BytesIO(figure.image), width=Mm(width), height=Mm(height))
    paragraph.runs.append(f"<w:r><w:drawing>{body.element(inline)}</w:drawing></w:r>")
    if figure.caption:
        paragraph.spacing["after"] = 0
        caption = body.paragraph("Caption")
        caption.keep_next = False
        caption.spacing.update({"before": _pt(FIGURE_CAPTION_GAP_PT), "after": _pt(layout.block_space_after_pt),
                                "line": 240, "lineRule": "auto"})
        caption.runs.append(_run(figure.caption))


def _draw_signature(body: _Body, block: SignatureBlock) -> None:
    if block.tte is not None:
        _draw_electronic_signature(body, block, block.tte)
        return
    shell = body.shell
    if shell.prototype is None:
        raise _template_error(shell.template, "templat tidak memuat prototipe blok "
                                              "penandatanganan ({{ ttd.nama }})",
                              part="word/document.xml")
    body.flush_page_break()
    before, _ = spacing(block, body.layout)
    body.spacer(before)
    body.out[-1].keep_next = True
    width = twips(body.text_width_mm)
    xml = shell.signature_xml(width, round(width * block.indent_fraction), twips(block.space_mm))
    values = {
        "tempat_tanggal": clean_text(block.place_date),
        "jabatan": clean_text("\n".join(block.jabatan_lines)),
        "nama": clean_text("\n".join(block.printed_name)),
        "rincian": clean_text("\n".join(block.details)),
    }
    try:
        filled = shell.tpl.render_xml_part(xml, shell.tpl.docx.part, {"ttd": values}, shell.env)
        # Written as lxml writes it (Jinja escapes ' and " its own way): the annex's text is then
        # what parsing the whole document would give, and a broken block is told here.
        filled = etree.tostring(parse_xml(filled.strip()), encoding="unicode")
    except (*TEMPLATE_FAILURES, etree.XMLSyntaxError) as exc:
        raise _template_error(shell.template, f"penanda blok penandatanganan tidak valid: {_reason(exc)}",
                              part="word/document.xml", element_name="tabel penandatanganan") from None
    body.out.append(_without_declared(filled, shell.declared))


def _is_electronic(block: Block) -> bool:
    return isinstance(block, SignatureBlock) and block.tte is not None


def _draw_electronic_signature(body: _Body, block: SignatureBlock, tte: ElectronicSignature) -> None:
    """The TTE block from the block's indent in a borderless table: caption, jabatan, QR picture, name."""
    body.flush_page_break()
    before, _ = spacing(block, body.layout)
    body.spacer(before)
    body.out[-1].keep_next = True
    width = twips(body.text_width_mm)
    left = round(width * block.indent_fraction)

    def line(runs: str, before: int = 0, after: int = 0) -> str:
        return (f'<w:p><w:pPr><w:keepNext/><w:spacing w:before="{before}" w:after="{after}" w:line="240" '
                f'w:lineRule="auto"/><w:jc w:val="left"/></w:pPr>{runs}</w:p>')

    size = Mm(tte.qr_size_mm)
    inline = body.part.new_pic_inline(io.BytesIO(_qr_png(tte.qr_payload)), width=size, height=size)
    for side in ("distT", "distB", "distL", "distR"):
        inline.set(side, "0")  # LibreOffice would otherwise keep 3 mm around it and shift it right
    picture = body.element(inline)
    right = [line(_run(block.place_date)), line(_run(tte.caption)),
             *(line(_run(text)) for text in block.jabatan_lines),
             line(f"<w:r><w:drawing>{picture}</w:drawing></w:r>", _mm(TTE_QR_GAP_MM), _mm(TTE_QR_GAP_MM)),
             *(line(_run(text, bold=True, underline=True)) for text in block.printed_name),
             *(line(_run(text)) for text in block.details)]
    cell = '<w:tc><w:tcPr><w:tcW w:w="{}" w:type="dxa"/></w:tcPr>{}</w:tc>'
    body.out.append(
        f'<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        f'</w:tblPr><w:tblGrid><w:gridCol w:w="{left}"/><w:gridCol w:w="{width - left}"/></w:tblGrid>'
        '<w:tr><w:trPr><w:cantSplit/></w:trPr>'
        + cell.format(left, line("")) + cell.format(width - left, "".join(right)) + "</w:tr></w:tbl>")
    if tte.footer and not tte.footer_on_every_page:
        note = body.paragraph()
        note.jc = "center"
        note.single_spaced()
        note.spacing["before"] = _pt(body.layout.font_size_pt * 1.15)
        note.spacing["after"] = 0
        note.runs.append(_run(tte.footer, size=tte.footer_size_pt))


def _qr_png(payload: str) -> bytes:
    """The QR code of ``payload`` as a black-and-white PNG (error correction M, no quiet zone)."""
    import segno  # only for a TTE page: it imports urllib.request and ssl (~50 ms per process)

    buffer = io.BytesIO()
    segno.make_qr(payload, error="m", boost_error=False).save(buffer, kind="png", scale=8, border=0)
    return buffer.getvalue()


def _draw_lampiran_heading(body: _Body, block: LampiranHeading) -> None:
    """The title lines, then each field with a tab to its colon at the block's label width."""
    layout = body.layout
    indent = body.text_width_mm * layout.lampiran_indent
    rows = [(line, None) for line in block.lines] + list(block.fields)
    before, after = spacing(block, layout)
    for i, (text, value) in enumerate(rows):
        paragraph = body.paragraph()
        paragraph.jc = "left"
        paragraph.keep_next = True
        paragraph.spacing.update({"before": _pt(before) if i == 0 else 0,
                                  "after": _pt(after) if i == len(rows) - 1 else 0,
                                  "line": 240, "lineRule": "auto"})
        if value is None:
            paragraph.indent(indent, None)
            paragraph.runs.append(_run(text))
        else:
            colon = indent + block.label_width_mm
            paragraph.indent(colon, -block.label_width_mm)
            paragraph.tab = _mm(colon)
            paragraph.runs.append(_run(f"{text}\t: {value}"))


def _draw_toc(body: _Body, block: TableOfContents) -> None:
    """The Daftar Isi as a TOC field whose result already lists the entries the layout decided."""
    layout = body.layout
    tab = _mm(body.text_width_mm)
    instruction = f'TOC \\o "1-{block.max_level}" \\f \\h \\z \\u'
    entries = block.entries
    if not entries:
        paragraph = body.paragraph()
        for run in field_runs(instruction, TOC_PLACEHOLDER):
            paragraph.runs.append(body.element(run))
        return
    marks = body.toc_bookmarks(block)
    for index, (entry, mark) in enumerate(zip(entries, marks)):
        style = f"toc {min(entry.level, 2)}"
        paragraph = body.paragraph(style if body.shell.style_ids.get(style) else None)
        paragraph.jc = "left"
        paragraph.spacing.update({"before": 0, "after": 0, "line": round(240 * layout.line_spacing),
                                  "lineRule": "auto"})
        paragraph.indent((entry.level - 1) * layout.toc_indent_mm, None)
        paragraph.right_indent = _mm(layout.toc_label_mm)
        paragraph.tab = tab
        paragraph.tab_kind = ("right", "dot")
        if index == 0:
            paragraph.runs.append('<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
                                  f'<w:r><w:instrText xml:space="preserve"> {_escape(instruction)} </w:instrText></w:r>'
                                  '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        paragraph.runs.append(f'<w:hyperlink w:anchor="{mark}" w:history="1">{_run(entry.text)}'
                              f'{_run(chr(9))}<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                              f'<w:r><w:instrText xml:space="preserve"> PAGEREF {mark} \\h </w:instrText></w:r>'
                              '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                              f'{_run(entry.label)}<w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>')
        if index == len(entries) - 1:
            paragraph.runs.append('<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def _toc_mark(number: int) -> str:
    return f"_Toc{100000 + number}"


def _draw_page_break(body: _Body, block: PageBreak) -> None:
    body.page_break_pending = True


def _draw_spacer(body: _Body, block: Spacer) -> None:
    paragraph = body.paragraph()
    paragraph.spacing["before"] = paragraph.spacing["after"] = 0
    paragraph.exact_line(_mm(block.height_mm))


_DRAWERS: dict[type, Callable[[_Body, Block], None]] = {
    Paragraph: _draw_paragraph,
    Heading: _draw_heading,
    Table: _draw_table,
    Figure: _draw_figure,
    SignatureBlock: _draw_signature,
    LampiranHeading: _draw_lampiran_heading,
    TableOfContents: _draw_toc,
    PageBreak: _draw_page_break,
    Spacer: _draw_spacer,
}
