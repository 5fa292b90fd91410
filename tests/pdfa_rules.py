"""The PDF/A-2b rules that apply to spmdocs' PDFs, checked with pikepdf (no validator binary here).

:func:`pdfa_violations` lists every broken rule of a file as one short line; an empty list means
the file passes. Each check reads the file independently of spmdocs.render.pdfa, so a change
there that breaks a rule is seen here. :func:`assert_pdfa` also runs pikepdf's own validator and
poppler's ``pdffonts`` when it is installed.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
from pikepdf import Dictionary, Name

NS = {"x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
      "pdf": "http://ns.adobe.com/pdf/1.3/", "pdfaid": "http://www.aiim.org/pdfa/ns/id/"}
FORBIDDEN_ACTIONS = {"/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/JavaScript",
                     "/Hide", "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView"}
ALLOWED_NAMED = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
FORBIDDEN_ANNOTATIONS = {"/Sound", "/Movie", "/Screen", "/3D", "/FileAttachment"}
PRINT, HIDDEN_FLAGS = 4, 1 | 2 | 32  # Invisible, Hidden, NoView


def _data(pdf: Path | bytes) -> bytes:
    return pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()


def pdfa_violations(pdf: Path | bytes) -> list[str]:
    """Every PDF/A-2b rule the file breaks (empty when it conforms)."""
    data = _data(pdf)
    found: list[str] = []
    if not re.match(rb"%PDF-1\.[0-7]\r?\n%[\x80-\xff]{4}", data):
        found.append("6.1.2: header %PDF-1.n followed by a binary comment line")
    with pikepdf.open(io.BytesIO(data)) as doc:
        if doc.is_encrypted or Name.Encrypt in doc.trailer:
            found.append("6.1.3: encrypted")
        ids = doc.trailer.get(Name.ID)
        if not isinstance(ids, pikepdf.Array) or len(ids) != 2:
            found.append("6.1.3: no file identifier /ID in the trailer")
        found += _metadata(doc)
        found += _output_intent(doc)
        found += _catalog(doc)
        for number, page in enumerate(doc.pages, 1):
            found += [f"page {number}: {v}" for v in _page(page.obj)]
        found += _fonts(doc)
        found += _outline_actions(doc)
    return found


def _metadata(doc: pikepdf.Pdf) -> list[str]:
    stream = doc.Root.get(Name.Metadata)
    if not isinstance(stream, pikepdf.Stream):
        return ["6.6.2.1: no XMP metadata stream in the catalog"]
    found = []
    if stream.get(Name.Type) != Name.Metadata or stream.get(Name.Subtype) != Name.XML:
        found.append("6.6.2.1: metadata stream without /Type /Metadata /Subtype /XML")
    if Name.Filter in stream:
        found.append("6.6.2.1: metadata stream is filtered")
    xmp = ElementTree.fromstring(stream.read_bytes())
    props = _xmp_properties(xmp)
    if props.get("pdfaid:part") != "2" or props.get("pdfaid:conformance") != "B":
        found.append(f"6.6.4: PDF/A identification is {props.get('pdfaid:part')}"
                     f"{props.get('pdfaid:conformance')}, not 2B")
    info = doc.trailer.get(Name.Info)
    info = info if isinstance(info, Dictionary) else Dictionary()
    pairs = (("/Title", "dc:title"), ("/Author", "dc:creator"), ("/Subject", "dc:description"),
             ("/Keywords", "pdf:Keywords"), ("/Creator", "xmp:CreatorTool"), ("/Producer", "pdf:Producer"))
    for key, prop in pairs:
        value = str(info[key]) if key in info else None
        if value != props.get(prop):
            found.append(f"6.6.3: {key} {value!r} differs from XMP {prop} {props.get(prop)!r}")
    for key, prop in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
        value = str(info[key]) if key in info else None
        if (value is None) != (props.get(prop) is None):
            found.append(f"6.6.3: {key} present in only one of Info and XMP")
        elif value is not None:
            pdf_date, xmp_date = _pdf_date(value), _xmp_date(props[prop])
            if pdf_date.tzinfo is None or xmp_date.tzinfo is None:
                found.append(f"6.6.3: {key} without a time zone (read differently in Info and XMP)")
            elif pdf_date != xmp_date:
                found.append(f"6.6.3: {key} {value} differs from XMP {prop} {props[prop]}")
    return found


def _xmp_properties(xmp: ElementTree.Element) -> dict[str, str]:
    """The simple, Alt (x-default) and Seq (joined) properties of every rdf:Description."""
    props: dict[str, str] = {}
    names = {uri: prefix for prefix, uri in NS.items()}
    for description in xmp.iter(f"{{{NS['rdf']}}}Description"):
        for attribute, value in description.attrib.items():
            uri, _, local = attribute[1:].partition("}")
            if uri in names and uri != NS["rdf"]:
                props[f"{names[uri]}:{local}"] = value
        for child in description:
            uri, _, local = child.tag[1:].partition("}")
            if uri not in names:
                continue
            items = [li.text or "" for li in child.iter(f"{{{NS['rdf']}}}li")]
            props[f"{names[uri]}:{local}"] = "; ".join(items) if items else (child.text or "")
    return props


def _pdf_date(text: str) -> datetime:
    match = re.fullmatch(r"D:(\d{14})(?:(Z)|([+-])(\d{2})'?(\d{2})'?)?", text)
    assert match, text
    stamp = match[1]
    if match[2]:
        stamp += "+0000"
    elif match[3]:
        stamp += f"{match[3]}{match[4]}{match[5]}"
    return datetime.strptime(stamp, "%Y%m%d%H%M%S%z" if len(stamp) > 14 else "%Y%m%d%H%M%S")


def _xmp_date(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _output_intent(doc: pikepdf.Pdf) -> list[str]:
    intents = [i for i in doc.Root.get(Name.OutputIntents, []) if i.get(Name.S) == Name.GTS_PDFA1]
    if len(intents) != 1:
        return [f"6.2.2: {len(intents)} PDF/A output intents instead of 1"]
    profile = intents[0].get(Name.DestOutputProfile)
    if not isinstance(profile, pikepdf.Stream):
        return ["6.2.2: output intent without DestOutputProfile"]
    icc = profile.read_bytes()
    found = []
    if icc[16:20] != b"RGB " or int(profile.get(Name.N, 0)) != 3:
        found.append("6.2.2: output profile is not an RGB profile with /N 3")
    if icc[12:16] not in (b"mntr", b"prtr") or icc[8] > 4:
        found.append("6.2.2: output profile class or version not allowed")
    if not str(intents[0].get(Name.OutputConditionIdentifier, "")):
        found.append("6.2.2: output intent without OutputConditionIdentifier")
    return found


def _catalog(doc: pikepdf.Pdf) -> list[str]:
    root, found = doc.Root, []
    if Name.AA in root:
        found.append("6.5.2: catalog has additional actions /AA")
    names = root.get(Name.Names)
    if isinstance(names, Dictionary):
        for key in (Name.JavaScript, Name.EmbeddedFiles, Name.AlternatePresentations):
            if key in names:
                found.append(f"6.5/6.8: catalog name tree {key}")
    action = root.get(Name.OpenAction)
    if isinstance(action, Dictionary):
        found += _action(action, "open action")
    form = root.get(Name.AcroForm)
    if isinstance(form, Dictionary) and form.get(Name.NeedAppearances) is True:
        found.append("6.4.1: AcroForm /NeedAppearances true")
    labels = root.get(Name.PageLabels)
    if isinstance(labels, Dictionary):
        numbers = list(labels.get(Name.Nums, []))
        for label in numbers[1::2]:
            if label.is_indirect:
                found.append("page label given as a separate object (ReportLab) instead of directly")
            if str(label.get(Name.S, "/D")) not in ("/D", "/R", "/r", "/A", "/a"):
                found.append(f"page label style {label.get(Name.S)} unknown")
    return found


def _action(action, where: str) -> list[str]:
    found, seen = [], 0
    while isinstance(action, Dictionary) and seen < 32:
        kind = str(action.get(Name.S, ""))
        if kind in FORBIDDEN_ACTIONS:
            found.append(f"6.5.1: forbidden action {kind} in {where}")
        if kind == "/Named" and str(action.get(Name.N, "")) not in ALLOWED_NAMED:
            found.append(f"6.5.1: named action {action.get(Name.N)} in {where}")
        action, seen = action.get(Name.Next), seen + 1
    return found


def _page(page: Dictionary) -> list[str]:
    found = []
    transition = page.get(Name.Trans)
    if isinstance(transition, Dictionary) and not transition.keys():
        found.append("empty /Trans (ReportLab) left in the page")
    if Name.AA in page:
        found.append("6.5.2: page has additional actions /AA")
    if _transparent(page.get(Name.Resources), set()):
        group = page.get(Name.Group)
        if not isinstance(group, Dictionary) or Name.CS not in group:
            found.append("6.2.10: transparency without a page group colour space")
    for annot in page.get(Name.Annots, []):
        kind = str(annot.get(Name.Subtype, ""))
        if kind in FORBIDDEN_ANNOTATIONS:
            found.append(f"6.3.1: forbidden annotation {kind}")
        flags = int(annot.get(Name.F, 0))
        if kind != "/Popup" and (not flags & PRINT or flags & HIDDEN_FLAGS):
            found.append(f"6.3.2: annotation {kind} without the Print flag or hidden")
        rect = [float(v) for v in annot.get(Name.Rect, [0, 0, 0, 0])]
        visible = rect[2] - rect[0] > 0 and rect[3] - rect[1] > 0
        if kind not in ("/Popup", "/Link") and visible and not isinstance(annot.get(Name.AP), Dictionary):
            found.append(f"6.3.3: annotation {kind} without an appearance stream")
        if Name.AA in annot:
            found.append("6.5.2: annotation has additional actions /AA")
        found += _action(annot.get(Name.A), f"annotation {kind}")
    return found


def _transparent(resources, seen: set) -> bool:
    if not isinstance(resources, Dictionary):
        return False
    for state in resources.get(Name.ExtGState, Dictionary()).values():
        if str(state.get(Name.SMask, "/None")) != "/None" or str(state.get(Name.BM, "/Normal")) not in (
                "/Normal", "/Compatible") or any(float(state.get(k, 1)) < 1 for k in (Name.CA, Name.ca)):
            return True
    for xobject in resources.get(Name.XObject, Dictionary()).values():
        if xobject.objgen in seen:
            continue
        seen.add(xobject.objgen)
        if Name.SMask in xobject or _transparent(xobject.get(Name.Resources), seen):
            return True
    return False


def _fonts(doc: pikepdf.Pdf) -> list[str]:
    """6.2.11.4.1: every font used on a page (or in a form it draws) is embedded."""
    found, seen = [], set()

    def visit(resources):
        if not isinstance(resources, Dictionary):
            return
        for name, font in resources.get(Name.Font, Dictionary()).items():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            fonts = [font] + list(font.get(Name.DescendantFonts, []))
            if font.get(Name.Subtype) == Name.Type3:
                continue
            descriptors = [f.get(Name.FontDescriptor) for f in fonts if Name.FontDescriptor in f]
            if not any(isinstance(d, Dictionary) and any(k in d for k in (Name.FontFile, Name.FontFile2,
                                                                          Name.FontFile3))
                       for d in descriptors):
                found.append(f"6.2.11.4.1: font {font.get(Name.BaseFont)} not embedded")
        for xobject in resources.get(Name.XObject, Dictionary()).values():
            if xobject.get(Name.Subtype) == Name.Form and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                visit(xobject.get(Name.Resources))

    for page in doc.pages:
        visit(page.obj.get(Name.Resources))
    return found


def _outline_actions(doc: pikepdf.Pdf) -> list[str]:
    found, seen = [], set()
    outlines = doc.Root.get(Name.Outlines)
    stack = [outlines.get(Name.First)] if isinstance(outlines, Dictionary) else []
    while stack:
        item = stack.pop()
        if not isinstance(item, Dictionary) or item.objgen in seen:
            continue
        seen.add(item.objgen)
        found += _action(item.get(Name.A), f"bookmark {str(item.get(Name.Title, ''))!r}")
        stack += [item.get(Name.Next), item.get(Name.First)]
    return found


def assert_pdfa(pdf: Path | bytes) -> None:
    """The file passes every rule above, pikepdf's PDF/A-2b validator and ``pdffonts``."""
    import pikepdf.pdfa

    assert pdfa_violations(pdf) == []
    data = _data(pdf)
    report = pikepdf.pdfa.validate_written(io.BytesIO(data), "2b")
    unsupported_forms = all(f.kind == "unsupported" and "/AcroForm" in f.where for f in report.findings)
    assert report.passed or (unsupported_forms and report.findings), report.summary()
    if shutil.which("pdffonts") and isinstance(pdf, Path):
        lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        assert lines and all(line.split()[-5] == "yes" for line in lines), lines
