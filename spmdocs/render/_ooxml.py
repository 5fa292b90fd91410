"""Low-level WordprocessingML helpers shared by the Word renderer and the template builder."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

TWIPS_PER_MM = 1440 / 25.4
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def twips(mm: float) -> int:
    """Millimetres as twentieths of a point, the unit of page and indent sizes."""
    return round(mm * TWIPS_PER_MM)


def clean_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (control characters, lone surrogates)."""
    return _ILLEGAL_XML.sub("", text)


def element(tag: str, **attrs: str | int) -> OxmlElement:
    """A new ``w:`` element with ``w:`` attributes, e.g. ``element("w:jc", val="center")``."""
    el = OxmlElement(tag)
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), str(value))
    return el


def replace_child(parent, child) -> None:
    """Put ``child`` into ``parent``, replacing any existing element with the same tag."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    parent.append(child)


def set_fonts(rpr, family: str) -> None:
    """Give a run-properties element an explicit font for every script, dropping theme fonts."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = element("w:rFonts")
        rpr.insert(0, fonts)
    fonts.attrib.clear()
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), family)


def field_runs(instruction: str, placeholder: str) -> list:
    """The runs of a complex field: begin, instruction, separate, placeholder result, end."""
    runs = []
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = OxmlElement("w:r")
        if kind == "instr":
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {instruction} "
            run.append(text)
        elif kind == "result":
            text = OxmlElement("w:t")
            text.set(qn("xml:space"), "preserve")
            text.text = placeholder
            run.append(text)
        else:
            char = element("w:fldChar", fldCharType=kind)
            if kind == "begin":
                char.set(qn("w:dirty"), "true")
            run.append(char)
        runs.append(run)
    return runs


def normalize_zip(data: bytes, when: datetime) -> bytes:
    """Rewrite a .docx zip with fixed timestamps and attributes so equal content gives equal bytes.

    ``[Content_Types].xml`` comes first, the other entries follow in sorted order.
    """
    stamp = max(when, datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()
