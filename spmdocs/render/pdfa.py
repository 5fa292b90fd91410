"""PDF/A-2b from a finished PDF: ReportLab's output repaired, then declared and verified by pikepdf.

:func:`to_pdfa` takes the bytes of a PDF spmdocs wrote (ReportLab, LibreOffice, or pypdf after
merging evidence or annexes) and returns PDF/A-2b bytes. spmdocs first repairs, without changing
what the pages show, what these writers leave: ReportLab's empty ``/Trans`` on every page and its
page labels as separate objects, dates without a time zone, LibreOffice's open action and tab
order written as a string, signature fields of an earlier signing, additional and forbidden
actions (JavaScript, Launch …), and pages with transparency but no group colour space. Then
``pikepdf.pdfa.prepare`` adds the sRGB output intent shipped with pikepdf, the Print flag of every
annotation and the XMP metadata agreeing with the document information, and the bytes written are
validated by ``pikepdf.pdfa`` before they are returned. The result is byte-identical for the same
input.
"""

from __future__ import annotations

import io
import logging
import re
from contextlib import contextmanager

import pikepdf
from pikepdf import Dictionary, Name, Pdf

from spmdocs.errors import Location, Problem, RenderError

LEVELS = ("2b",)
"""The PDF/A levels spmdocs writes (``keluaran.pdfa`` and ``--pdfa``)."""

OUTPUT_CONDITION = "sRGB IEC61966-2.1"
DATE_ZONE = "+07'00'"
"""Time zone given to document dates written without one (WIB): validators read a date without
a zone differently in the XMP (local time) and in the document information (UTC)."""

_RULE_TOPICS = (
    ("6.1", "struktur berkas PDF"),
    ("6.2.2", "output intent (profil warna)"),
    ("6.2.3", "profil warna ICC"),
    ("6.2.4", "ruang warna perangkat (mis. CMYK) tanpa profil warna yang sesuai"),
    ("6.2.5", "keadaan grafis (transfer, halftone)"),
    ("6.2.8", "gambar"),
    ("6.2.9", "XObject"),
    ("6.2.10", "transparansi"),
    ("6.2.11", "huruf yang tidak tertanam atau tidak lengkap"),
    ("6.3", "anotasi"),
    ("6.4", "formulir isian"),
    ("6.5", "aksi atau JavaScript"),
    ("6.6", "metadata"),
    ("6.8", "berkas sisipan"),
    ("6.9", "konten opsional (layer)"),
)
_TOPIC_SHOWN = 5


def to_pdfa(data: bytes, level: str = "2b", producer: str | None = None, name: str = "") -> bytes:
    """The PDF/A bytes of the PDF ``data``; ``producer`` replaces the recorded PDF producer.

    Raises :class:`~spmdocs.errors.RenderError` naming ``name`` when the PDF holds something
    PDF/A forbids that cannot be repaired without changing what the pages show (a font that is
    not embedded, CMYK colour, a form …), typically inside an appended evidence PDF.
    """
    import pikepdf.pdfa as pdfa

    if level not in LEVELS:
        raise ValueError(f"PDF/A level {level!r} is not one of {LEVELS}")
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError:
        raise RenderError([Problem("PDF tidak dapat dibaca untuk dijadikan PDF/A (rusak atau terkunci kata sandi)",
                                   Location(file=name or None))]) from None
    with pdf:
        original_producer = str(pdf.docinfo.get(Name.Producer, "spmdocs"))
        _repair(pdf)
        pdfa.prepare(pdf, level, output_intent="sRGB", output_condition_identifier=OUTPUT_CONDITION)
        _restore_marks(pdf, producer or original_producer)
        options = pdfa.resolve_save_kwargs(level, deterministic_id=True)
        buffer = io.BytesIO()
        pdf.save(buffer, **options)
    written = buffer.getvalue()
    with _quiet("fontTools"):  # it reads the embedded fonts and warns about their headers
        report = pdfa.validate_written(io.BytesIO(written), level, options)
    if not report.passed:
        raise RenderError([_problem(report, level, name)])
    return written


@contextmanager
def _quiet(logger_name: str):
    """Silence a library's warnings (English, for developers) while the block runs."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _repair(pdf: Pdf) -> None:
    """What ReportLab and merged inputs leave that PDF/A validators refuse, fixed without a visible change."""
    for page in pdf.pages:
        transition = page.obj.get(Name.Trans)
        if isinstance(transition, Dictionary) and not transition.keys():
            del page.obj[Name.Trans]
        tabs = page.obj.get(Name.Tabs)
        if isinstance(tabs, pikepdf.String):  # LibreOffice writes the tab order as a string
            if str(tabs) in ("R", "C", "S"):
                page.obj.Tabs = Name("/" + str(tabs))
            else:
                del page.obj[Name.Tabs]
        if Name.Group not in page.obj and _transparent(page.obj.get(Name.Resources), set()):
            page.obj.Group = Dictionary(Type=Name.Group, S=Name.Transparency, CS=Name.DeviceRGB)
    remove_signatures(pdf)
    _remove_forbidden_actions(pdf)
    if Name.OpenAction in pdf.Root:
        # LibreOffice opens at page 1 with an explicit destination; viewers do that anyway, and
        # an open action is something a PDF/A reader may not run.
        del pdf.Root[Name.OpenAction]
    labels = pdf.Root.get(Name.PageLabels)
    if isinstance(labels, Dictionary) and isinstance(labels.get(Name.Nums), pikepdf.Array):
        numbers = labels.Nums
        for index in range(1, len(numbers), 2):
            if numbers[index].is_indirect:
                numbers[index] = Dictionary(dict(numbers[index].items()))
    info = pdf.docinfo
    for key in (Name.CreationDate, Name.ModDate):
        value = info.get(key)
        if isinstance(value, pikepdf.String) and re.fullmatch(r"D:\d{14}", str(value)):
            info[key] = pikepdf.String(f"{value}{DATE_ZONE}")


_FORBIDDEN_ACTIONS = {"/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/JavaScript", "/Hide",
                      "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView"}
_NAMED_ACTIONS = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
_OPAQUE_BLENDS = (Name.Normal, Name.Compatible)


def _remove_forbidden_actions(pdf: Pdf) -> None:
    """Drop additional actions (/AA) and the actions PDF/A forbids (JavaScript, Launch …).

    Links and bookmarks keep their destinations; an action PDF/A forbids is removed, so the
    link or bookmark does nothing instead of running it. What the pages show does not change.
    """
    if Name.AA in pdf.Root:
        del pdf.Root[Name.AA]
    for page in pdf.pages:
        if Name.AA in page.obj:
            del page.obj[Name.AA]
        for annot in _annotations(page.obj):
            if not isinstance(annot, Dictionary):
                continue
            if Name.AA in annot:
                del annot[Name.AA]
            if _forbidden(annot.get(Name.A)):
                del annot[Name.A]
    outlines = pdf.Root.get(Name.Outlines)
    items = [outlines.get(Name.First)] if isinstance(outlines, Dictionary) else []
    seen: set = set()
    while items:
        item = items.pop()
        if not isinstance(item, Dictionary) or not item.is_indirect or item.objgen in seen:
            continue
        seen.add(item.objgen)
        if _forbidden(item.get(Name.A)):
            del item[Name.A]
        items += [item.get(Name.Next), item.get(Name.First)]


def _forbidden(action) -> bool:
    """True when an action, or one it chains to with /Next, is one PDF/A forbids."""
    for _ in range(32):
        if not isinstance(action, Dictionary):
            return False
        kind = str(action.get(Name.S, ""))
        if kind in _FORBIDDEN_ACTIONS or (kind == "/Named" and str(action.get(Name.N, "")) not in _NAMED_ACTIONS):
            return True
        action = action.get(Name.Next)
    return True


def _transparent(resources, seen: set) -> bool:
    """True when ``resources`` (or a form XObject they use) paint with transparency.

    Soft masks of images and graphics states, constant alpha below 1 and blend modes other than
    Normal count; such a page gets a transparency group in the output intent's colour space.
    """
    if not isinstance(resources, Dictionary):
        return False
    for state in (resources.get(Name.ExtGState) or Dictionary()).values():
        if not isinstance(state, Dictionary):
            continue
        if state.get(Name.SMask, Name["/None"]) != Name["/None"]:
            return True
        if any(float(state.get(key, 1)) < 1 for key in (Name.CA, Name.ca)):
            return True
        blend = state.get(Name.BM, Name.Normal)
        if isinstance(blend, pikepdf.Array):
            blend = blend[0] if len(blend) else Name.Normal
        if blend not in _OPAQUE_BLENDS:
            return True
    for xobject in (resources.get(Name.XObject) or Dictionary()).values():
        if not isinstance(xobject, pikepdf.Stream) or xobject.objgen in seen:
            continue
        if xobject.objgen != (0, 0):
            seen.add(xobject.objgen)
        if xobject.get(Name.SMask) is not None:
            return True
        group = xobject.get(Name.Group)
        if isinstance(group, Dictionary) and group.get(Name.S) == Name.Transparency:
            return True
        if xobject.get(Name.Subtype) == Name.Form and _transparent(xobject.get(Name.Resources), seen):
            return True
    return False


def has_signatures(pdf: Pdf) -> bool:
    """True when a page of ``pdf`` carries the widget of a signature field."""
    return any(_is_signature(annot) for page in pdf.pages for annot in _annotations(page.obj))


def remove_signatures(pdf: Pdf) -> None:
    """Drop every signature field and its widgets: a signature is void once the file is rewritten.

    The PAdES extension a signing declared in the catalog goes with them.
    """
    signed = False
    for page in pdf.pages:
        annots = _annotations(page.obj)
        kept = [annot for annot in annots if not _is_signature(annot)]
        if len(kept) != len(annots):
            page.obj.Annots = pikepdf.Array(kept)
            signed = True
    extensions = pdf.Root.get(Name.Extensions)
    if signed and isinstance(extensions, Dictionary) and Name.ESIC in extensions:
        del extensions[Name.ESIC]
        if not extensions.keys():
            del pdf.Root[Name.Extensions]
    form = pdf.Root.get(Name.AcroForm)
    if not isinstance(form, Dictionary):
        return
    fields = [f for f in form.get(Name.Fields, []) if _field_type(f) != Name.Sig]
    if fields:
        form.Fields = pikepdf.Array(fields)
        if Name.SigFlags in form:
            del form[Name.SigFlags]
    else:
        del pdf.Root[Name.AcroForm]


def _annotations(page: Dictionary) -> list:
    annots = page.get(Name.Annots)
    return list(annots) if isinstance(annots, pikepdf.Array) else []


def _is_signature(annot) -> bool:
    return (isinstance(annot, Dictionary) and annot.get(Name.Subtype) == Name.Widget
            and _field_type(annot) == Name.Sig)


def _field_type(field: Dictionary) -> Name | None:
    """A form field's /FT, inherited from its parents (at most 32 levels up)."""
    for _ in range(32):
        if Name.FT in field:
            return field.FT
        field = field.get(Name.Parent)
        if not isinstance(field, Dictionary):
            return None
    return None


def _restore_marks(pdf: Pdf, producer: str) -> None:
    """Undo the two marks ``prepare`` leaves that would change on every run.

    ``prepare`` records pikepdf as the producer and the clock time as the metadata date; the
    producer is set back and the metadata date is the document's modification date.
    """
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as meta:
        modified = meta.get("xmp:ModifyDate")
        if modified:
            meta["xmp:MetadataDate"] = modified
        meta["pdf:Producer"] = producer


def _problem(report, level: str, name: str) -> Problem:
    """The violations of a PDF that is not PDF/A, grouped by topic, in Bahasa Indonesia."""
    topics: dict[str, list[str]] = {}
    for finding in report.findings:
        clause = finding.rule.rpartition(":")[2]
        topic = next((text for prefix, text in sorted(_RULE_TOPICS, key=lambda t: -len(t[0]))
                      if clause == prefix or clause.startswith(prefix + ".") or clause.startswith(prefix + "-")),
                     "konstruksi PDF yang tidak dapat diperiksa")
        topics.setdefault(topic, []).append(clause)
    listed = "; ".join(f"{topic} (aturan {', '.join(sorted(set(clauses))[:3])})"
                       for topic, clauses in list(topics.items())[:_TOPIC_SHOWN])
    return Problem(f"PDF tidak dapat dijadikan PDF/A-{level}: {len(report.findings)} temuan: {listed}. "
                   "Bila dokumen menggabungkan PDF lain (bukti dukung), simpan ulang PDF itu sebagai "
                   "PDF/A dengan huruf tertanam, atau buat tanpa keluaran PDF/A",
                   Location(file=name or None))
