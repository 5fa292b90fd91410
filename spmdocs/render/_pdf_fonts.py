"""The TrueType fonts of the PDF renderer, registered once per process as one family per font.

The files come from the layout (:attr:`spmdocs.model.Layout.font_files`, chosen when the config
was read: the packaged Liberation Sans for Arial, Liberation Serif for Times New Roman, or the
files the clerk named); they are embedded as subsets in every PDF that uses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "LiberationSans"
_FILES = {
    FAMILY: "LiberationSans-Regular.ttf",
    f"{FAMILY}-Bold": "LiberationSans-Bold.ttf",
    f"{FAMILY}-Italic": "LiberationSans-Italic.ttf",
    f"{FAMILY}-BoldItalic": "LiberationSans-BoldItalic.ttf",
}


@dataclass(frozen=True)
class FontFamily:
    """The registered face names of one family; ``name`` is what ParagraphStyle.fontName takes."""

    name: str

    def face(self, bold: bool = False, italic: bool = False) -> str:
        """The registered font name for a bold and/or italic face of this family."""
        family, _, _ = ps2tt(self.name)
        return tt2ps(family, int(bold), int(italic))


def font_family(requested: str, files: tuple[str, ...] = ()) -> FontFamily:
    """The registered family that draws ``requested`` from its four face ``files``.

    Without files, the packaged Liberation Sans (Arial's metric twin). Each family is registered
    on its first use in the process.
    """
    if not files:
        return _register_liberation_sans()
    return _register(Path(files[0]).stem.split("-")[0] if _is_packaged(files[0]) else _name(requested),
                     tuple(files))


def _name(family: str) -> str:
    return "".join(ch for ch in family if ch.isalnum()) or "Huruf"


def _is_packaged(path: str) -> bool:
    return Path(path).parent == Path(str(resources.files("spmdocs").joinpath("resources", "fonts")))


@cache
def _register(name: str, files: tuple[str, ...]) -> FontFamily:
    faces = (name, f"{name}-Bold", f"{name}-Italic", f"{name}-BoldItalic")
    for face, path in zip(faces, files):
        pdfmetrics.registerFont(TTFont(face, path))
    pdfmetrics.registerFontFamily(name, normal=faces[0], bold=faces[1], italic=faces[2], boldItalic=faces[3])
    return FontFamily(name)


def _register_liberation_sans() -> FontFamily:
    folder = resources.files("spmdocs").joinpath("resources", "fonts")
    return _register(FAMILY, tuple(str(folder.joinpath(filename)) for filename in _FILES.values()))
