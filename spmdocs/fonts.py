"""Which TrueType files draw the configured font (``tata_letak.huruf``), registered with ReportLab.

Word names the font and the clerk's Word draws it; the PDF must embed a file. Arial (and
Helvetica, Arimo) is drawn with the packaged Liberation Sans and Times New Roman (Times, Tinos)
with the packaged Liberation Serif: both are metric-compatible, so lines break where Word breaks
them. Any other family is taken from the files the config names (``tata_letak.berkas_huruf``) or,
on systems with fontconfig, from the installed font of exactly that family. A family that cannot
be embedded is refused with a message saying what to do, never silently replaced.

The same registered faces give the layout its text widths (:mod:`spmdocs.compose.measure`) and
the PDF renderer its embedded fonts, so both measure exactly what is printed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from spmdocs.resources import resource_path

FACES = ("biasa", "tebal", "miring", "tebal_miring")
"""The four faces of a family (regular, bold, italic, bold italic), by their config keys."""

_PACKAGED = {
    "liberation sans": "LiberationSans",
    "liberation serif": "LiberationSerif",
}
_METRIC_TWINS = {
    "arial": "liberation sans", "helvetica": "liberation sans", "arimo": "liberation sans",
    "times new roman": "liberation serif", "times": "liberation serif", "tinos": "liberation serif",
}
_STYLES = {"biasa": "Regular", "tebal": "Bold", "miring": "Italic", "tebal_miring": "BoldItalic"}
_FC_STYLES = {"biasa": "Regular", "tebal": "Bold", "miring": "Italic", "tebal_miring": "Bold Italic"}
_TRUETYPE = (b"\x00\x01\x00\x00", b"true")


class FontError(ValueError):
    """The configured font cannot be embedded in the PDF; the message is for a clerk."""


@dataclass(frozen=True)
class FontFiles:
    """The TrueType file of every face of one family, and the name the PDF registers it under."""

    name: str
    files: tuple[str, str, str, str]
    """Paths of the regular, bold, italic and bold-italic faces (a missing face repeats a drawn one)."""


def packaged_families() -> list[str]:
    """The family names that need no font file (their twins ship with spmdocs)."""
    return sorted({*(_METRIC_TWINS), *(_PACKAGED)}, key=str.casefold)


def resolve(family: str, files: tuple[str | None, ...] = ()) -> FontFiles:
    """The files that draw ``family``: the given ``files`` (by face), a packaged twin, or fontconfig's."""
    if files and files[0]:
        return _given(family, files)
    key = " ".join(family.split()).casefold()
    twin = _METRIC_TWINS.get(key, key)
    if twin in _PACKAGED:
        stem = _PACKAGED[twin]
        paths = tuple(str(resource_path("fonts", f"{stem}-{_STYLES[face]}.ttf")) for face in FACES)
        return FontFiles(stem, paths)
    return _installed(family)


@lru_cache(maxsize=16)
def _given(family: str, files: tuple[str | None, ...]) -> FontFiles:
    paths: list[str] = []
    for face, path in zip(FACES, tuple(files) + (None,) * (4 - len(files))):
        if path is None:
            paths.append(paths[-1] if face != "tebal_miring" else paths[1])
            continue
        _check_truetype(Path(path), face)
        paths.append(str(path))
    return FontFiles(_pdf_name(family), tuple(paths))


MAX_FONT_BYTES = 64 * 1024 * 1024
"""Largest font file read (the largest CJK TrueType faces are some 20 MiB)."""

_SAMPLE_CHARACTERS = [*range(32, 127), 0xA0, 0xAD]
"""Characters a trial subset of a given font is made of: every document uses them."""


def _check_truetype(path: Path, face: str) -> None:
    """Refuse a font file the PDF could not embed, before anything is drawn: a file that is not
    TrueType, is too large, is damaged or truncated (ReportLab reads it whole, as the renderer
    and the layout's measures do, and makes a trial subset)."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
            size = os.fstat(handle.fileno()).st_size
    except OSError:
        raise FontError(f"berkas huruf {face} tidak dapat dibaca: {path}") from None
    if magic == b"OTTO":
        raise FontError(f"berkas huruf {path.name} berformat OpenType CFF yang tidak dapat disematkan di PDF; "
                        "pakai berkas TrueType (.ttf)")
    if magic not in _TRUETYPE:
        raise FontError(f"berkas huruf {path.name} bukan berkas TrueType (.ttf) yang sah")
    if size > MAX_FONT_BYTES:
        raise FontError(f"berkas huruf {path.name} lebih dari {MAX_FONT_BYTES // (1024 * 1024)} MiB; "
                        "pakai berkas TrueType (.ttf) yang lebih kecil")
    try:
        TTFontFace(str(path)).makeSubset(_SAMPLE_CHARACTERS)
    except Exception:  # noqa: BLE001 - a damaged file fails in many ways inside ReportLab's parser
        raise FontError(f"berkas huruf {path.name} rusak atau tidak lengkap sehingga tidak dapat dipakai; "
                        "salin ulang berkas .ttf-nya atau pakai huruf lain") from None


@lru_cache(maxsize=16)
def _installed(family: str) -> FontFiles:
    """The installed TrueType files of exactly ``family`` (fontconfig), else FontError."""
    refuse = FontError(
        f"huruf '{family}' tidak dapat disematkan di PDF: tidak ada berkas TrueType huruf itu di komputer ini; "
        f"pakai salah satu huruf yang dibawa spmdocs ({', '.join(packaged_families())}) atau tulis jalur "
        "berkasnya di tata_letak.berkas_huruf (biasa, tebal, miring, tebal_miring)")
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        raise refuse
    paths: list[str] = []
    for face in FACES:
        try:
            found = subprocess.run([fc_match, "--format=%{family}\n%{file}", f"{family}:style={_FC_STYLES[face]}"],
                                   capture_output=True, text=True, timeout=10, check=False).stdout.splitlines()
        except (OSError, subprocess.SubprocessError):
            raise refuse from None
        names = {name.strip().casefold() for name in (found[0].split(",") if found else [])}
        if len(found) < 2 or " ".join(family.split()).casefold() not in names \
                or not found[1].lower().endswith(".ttf"):
            if face == "biasa":
                raise refuse
            paths.append(paths[0] if face != "tebal_miring" else paths[1])
            continue
        paths.append(found[1])
    return FontFiles(_pdf_name(family), tuple(paths))


def _pdf_name(family: str) -> str:
    return "".join(ch for ch in family if ch.isalnum()) or "Huruf"


# --- registration with ReportLab ----------------------------------------------------------------

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
    return _register(Path(files[0]).stem.split("-")[0] if _is_packaged(files[0]) else _pdf_name(requested),
                     tuple(files))


def _is_packaged(path: str) -> bool:
    return Path(path).parent == resource_path("fonts")


@cache
def _register(name: str, files: tuple[str, ...]) -> FontFamily:
    faces = (name, f"{name}-Bold", f"{name}-Italic", f"{name}-BoldItalic")
    for face, path in zip(faces, files):
        font = TTFont(face, path)
        _remember_subsets(font.face)
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(name, normal=faces[0], bold=faces[1], italic=faces[2], boldItalic=faces[3])
    return FontFamily(name)


SUBSETS_KEPT = 8
"""Font subsets remembered per face (see :func:`_remember_subsets`)."""


def _remember_subsets(face) -> None:
    """Let ``face`` remember the subsets it made, most recent last.

    Every PDF embeds a subset of each face it uses, made from the face's file by ReportLab
    (``makeSubset``: about 0.2 ms each); the annexes of a batch use the same characters, so
    the same subset was made for every annex. A subset depends only on the face and the
    characters asked for.
    """
    made = face.makeSubset
    remembered = lru_cache(maxsize=SUBSETS_KEPT)(lambda codes: made(list(codes)))
    face.makeSubset = lambda subset: remembered(tuple(subset))


def _register_liberation_sans() -> FontFamily:
    return _register(FAMILY, tuple(str(resource_path("fonts", filename)) for filename in _FILES.values()))
