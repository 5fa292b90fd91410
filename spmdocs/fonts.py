"""The packaged Liberation Sans fonts, registered once per process with ReportLab as one family.

Liberation Sans is metric-compatible with Arial, so text set in it breaks lines where Word's Arial
does. The layout measures text with these metrics and the PDF renderer embeds the same faces. The
TTF files ship in ``spmdocs/resources/fonts`` (SIL OFL 1.1, see the licence file there); no system
font is read at run time.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

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


def font_family(requested: str) -> FontFamily:
    """The family to draw ``layout.font_family`` with: Liberation Sans for "Arial" and any name.

    The four faces are read from the package and registered on the first call; they are embedded
    as subsets in every PDF that uses them.
    """
    return _register_liberation_sans()


@cache
def _register_liberation_sans() -> FontFamily:
    fonts_dir = resources.files("spmdocs").joinpath("resources", "fonts")
    for name, filename in _FILES.items():
        data = fonts_dir.joinpath(filename).read_bytes()
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
    pdfmetrics.registerFontFamily(FAMILY, normal=FAMILY, bold=f"{FAMILY}-Bold",
                                  italic=f"{FAMILY}-Italic", boldItalic=f"{FAMILY}-BoldItalic")
    return FontFamily(FAMILY)
