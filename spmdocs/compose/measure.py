"""Text measurement for the layout: font widths, line breaking, Indonesian hyphenation.

Widths come from the TrueType files that draw the document's font in the PDF (ReportLab's metrics
of the same TTF the PDF embeds; for Arial the packaged Liberation Sans, metric-compatible with
Word's Arial), chosen for the duration of :func:`measuring`. Lines are broken the way Word, LibreOffice and ReportLab
break them: greedily at spaces and hard breaks, a word too long for the rest of the line moving to
the next one whole or, when it carries soft hyphens, broken at the last one that fits with its
hyphen. :func:`fit_word` makes a word narrower than a column fit: after its own separators
("-", "/", "." in a file name) with a hard break, else with soft hyphens at the syllable
boundaries of pyphen's Indonesian (id_ID) dictionary, or between letters when even a syllable is
too wide. A figure (:func:`is_figure`: an amount, a percentage, a code) is never broken.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Iterator

from reportlab.pdfbase.pdfmetrics import stringWidth

from spmdocs.fonts import font_family
from spmdocs.model import SOFT_HYPHEN, ZERO_WIDTH_SPACE

BREAKS = SOFT_HYPHEN + ZERO_WIDTH_SPACE
SEPARATORS = "-/._"
EPSILON = 0.01
"""Tolerance of width comparisons: a word exactly as wide as its room fits."""
MIN_PIECE = 2
"""Fewest letters a hyphenated piece of a word keeps on either side of the break."""
FIGURE = re.compile(r"[(\[]?[-+\u2212\u2013]?(?:Rp)?\d[\d.,:/%\-]*[)\]]?%?")
"""A figure: an amount, a percentage or a code ("1.250.000", "Rp1.250.000", "86,43%", "1.02.01",
"3.2", "(5)", "-12,5"), a word read whole that must not break."""

MEASURES_KEPT = 4096
"""Measures remembered per process by each cache of this module and of the layout: a unit's
layout asks for the same texts many times and brings some 150 new ones (its own figures), so a
few thousand answer for the texts units share while a worker's memory stays bounded (a 200 000
entry cache grew a worker by some 50 MiB over 1 000 units of real-looking data)."""


@dataclass(frozen=True)
class Piece:
    """A stretch of a word in one character format."""

    text: str
    bold: bool = False
    italic: bool = False


_FONT_FILES: ContextVar[tuple[str, ...]] = ContextVar("spmdocs_measure_font", default=())


@contextmanager
def measuring(font_files: tuple[str, ...]) -> Iterator[None]:
    """Measure text inside the block with the faces in ``font_files`` (empty: Liberation Sans)."""
    token = _FONT_FILES.set(tuple(font_files))
    try:
        yield
    finally:
        _FONT_FILES.reset(token)


def current_font_files() -> tuple[str, ...]:
    """The font files text is measured in now (empty: the packaged Liberation Sans)."""
    return _FONT_FILES.get()


def load_fonts(files: tuple[str, ...]) -> None:
    """Load the faces text is measured in with ``files`` (once per process; a batch's parent
    does it before forking its workers)."""
    _faces(tuple(files))


@cache
def _faces(files: tuple[str, ...]) -> dict[tuple[bool, bool], str]:
    family = font_family("Arial", files)
    return {(b, i): family.face(bold=b, italic=i) for b in (False, True) for i in (False, True)}


def text_width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Width in points of ``text`` (soft hyphens not printed) at ``size`` points, in the current font."""
    return _width(text, size, bold, italic, _FONT_FILES.get())


@lru_cache(maxsize=MEASURES_KEPT)
def _width(text: str, size: float, bold: bool, italic: bool, files: tuple[str, ...]) -> float:
    return stringWidth(text.replace(SOFT_HYPHEN, "").replace(ZERO_WIDTH_SPACE, ""), _faces(files)[(bold, italic)], size)


def _word_width(word: tuple[Piece, ...], size: float) -> float:
    return sum(text_width(p.text, size, p.bold, p.italic) for p in word)


def words(pieces: tuple[Piece, ...]) -> list[tuple[Piece, ...] | None]:
    """The words of formatted text, split at spaces; ``None`` stands for a hard line break."""
    out: list[tuple[Piece, ...] | None] = []
    current: list[Piece] = []
    for piece in pieces:
        for line_index, line in enumerate(piece.text.split("\n")):
            if line_index:
                if current:
                    out.append(tuple(current))
                    current = []
                out.append(None)
            parts = line.split(" ")
            for index, part in enumerate(parts):
                if index and current:
                    out.append(tuple(current))
                    current = []
                if part:
                    current.append(Piece(part, piece.bold, piece.italic))
    if current:
        out.append(tuple(current))
    return out


def _soft_split(word: tuple[Piece, ...], room: float, size: float) -> tuple[tuple[Piece, ...], tuple[Piece, ...]] | None:
    """The longest head of ``word`` up to a soft hyphen that fits ``room`` with its hyphen (or up
    to a zero-width space that fits it alone), and the rest; None when the word has no such break."""
    text = "".join(p.text for p in word)
    best = None
    for index, ch in enumerate(text):
        if ch not in BREAKS:
            continue
        head, tail = _cut(word, index)
        bold = head[-1].bold if head else False
        hyphen = text_width("-", size, bold) if ch == SOFT_HYPHEN else 0.0
        if _word_width(head, size) + hyphen <= room + EPSILON:
            best = (head, tail)
        else:
            break
    return best


def _cut(word: tuple[Piece, ...], at: int) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    """``word`` cut at character ``at`` (the soft hyphen or zero-width space there dropped)."""
    head, tail, seen = [], [], 0
    for piece in word:
        if seen + len(piece.text) <= at:
            head.append(piece)
        elif seen > at:
            tail.append(piece)
        else:
            left, right = piece.text[:at - seen], piece.text[at - seen + 1:]
            if left:
                head.append(Piece(left, piece.bold, piece.italic))
            if right:
                tail.append(Piece(right, piece.bold, piece.italic))
        seen += len(piece.text)
    return tuple(head), tuple(tail)


def line_count(pieces: tuple[Piece, ...], size: float, width: float, first_width: float | None = None) -> int:
    """How many lines the text takes in a column ``width`` points wide (the first line
    ``first_width`` wide when it is indented differently)."""
    if len(pieces) == 1 and "\n" not in pieces[0].text and SOFT_HYPHEN not in pieces[0].text \
            and ZERO_WIDTH_SPACE not in pieces[0].text:
        return _plain_line_count(pieces[0], size, width, first_width)
    return _line_count(pieces, size, width, first_width)


def _line_count(pieces: tuple[Piece, ...], size: float, width: float, first_width: float | None) -> int:
    space = text_width(" ", size)
    lines = 1
    used = 0.0
    room = width if first_width is None else first_width
    empty = True
    queue = list(words(pieces))
    while queue:
        word = queue.pop(0)
        if word is None:
            lines += 1
            used, room, empty = 0.0, width, True
            continue
        needed = _word_width(word, size) + (0.0 if empty else space)
        if used + needed <= room + EPSILON:
            used += needed
            empty = False
            continue
        split = _soft_split(word, room - used - (0.0 if empty else space), size)
        if split is not None and split[0]:
            queue.insert(0, split[1])
            lines += 1
            used, room, empty = 0.0, width, True
            continue
        if empty:
            # A word wider than the whole line: renderers break it inside (the layout avoids this).
            lines += max(0, int((_word_width(word, size) - EPSILON) // max(room, 1.0)))
            used, empty = min(_word_width(word, size), room), False
            continue
        lines += 1
        used, room, empty = 0.0, width, True
        queue.insert(0, word)
    return lines


LOOSE_SPACES = 2.0
"""A justified line is loose when each of its gaps would have to widen by more than this many
spaces: the line before a long word that does not fit ("Ditjen      Bina      Pembangunan")."""
URL = re.compile(r"(?i)[a-z][a-z0-9.+-]*://\S+")
"""A web address with its scheme, the kind ReportLab breaks after its slashes."""
_EDGES = re.compile(r"^([\'\"(\[{\u2018\u201c]*)(.*?)([\]\'\")}?!.,;:\u2019\u201d]*)$", re.S)


def justified_breaks(pieces: tuple[Piece, ...], size: float, width: float,
                     first_width: float | None = None) -> list[tuple[int, str]]:
    """Where a justified paragraph needs break opportunities: (offset in the joined text, character).

    Lines are filled as :func:`line_count` fills them. When a word does not fit the rest of a line
    and the line would be loose (:data:`LOOSE_SPACES`), or the word is wider than a whole line, it
    gets soft hyphens at its Indonesian syllables, and is broken at the last that fits, as Word,
    LibreOffice and ReportLab break it. A web address that does not fit gets one zero-width space,
    after the last slash (or its scheme) that fits: where ReportLab breaks it, once, so Word breaks
    it there too. A figure (amount, percentage, code) is never broken.
    """
    text = "".join(p.text for p in pieces)
    starts, at = [], 0
    for piece in pieces:
        starts.append(at)
        at += len(piece.text)

    def word(start: int, end: int) -> tuple[Piece, ...]:
        out = []
        for piece, first in zip(pieces, starts):
            a, b = max(start, first), min(end, first + len(piece.text))
            if a < b:
                out.append(Piece(piece.text[a - first:b - first], piece.bold, piece.italic))
        return tuple(out)

    space = text_width(" ", size)
    found: list[tuple[int, str]] = []
    used, room, count = 0.0, (width if first_width is None else first_width), 0
    for line in _spans(text, "\n"):
        if line[0] > 0:
            used, room, count = 0.0, width, 0
        for start, end in _spans(text[line[0]:line[1]], " "):
            start, end = start + line[0], end + line[0]
            current = word(start, end)
            tried = False
            while True:
                needed = _word_width(current, size) + (space if count else 0.0)
                if used + needed <= room + EPSILON:
                    used, count = used + needed, count + 1
                    break
                left = room - used - (space if count else 0.0)
                if not tried and (count or needed > room):
                    tried = True
                    marks, address = _opportunities(text[start:end])
                    if address:
                        # ReportLab breaks an address once, after the last of its slashes that
                        # fits, wherever it does not fit: the one place Word gets to break it too,
                        # if the rest fits a line (else both break it between letters, as before).
                        heads = [(m, _word_width(_cut(current, m[0])[0], size)) for m in marks]
                        fitting = [(m, head) for m, head in heads if head <= left + EPSILON]
                        marks = [fitting[-1][0]] if fitting and (
                            _word_width(current, size) - fitting[-1][1] <= width + EPSILON) else []
                    elif count and not (count > 1 and (room - used) / (count - 1) > LOOSE_SPACES * space):
                        marks = []  # a word is broken when wider than a line or after a loose line
                    if marks:
                        current = insert_marks(current, marks)
                        found.extend((start + offset, ch) for offset, ch in marks)
                        continue
                split = _soft_split(current, left, size)
                if split is not None and split[0]:
                    current = split[1]
                    used, room, count = 0.0, width, 0
                    continue
                if not count:  # wider than a whole line: renderers break it inside
                    used, count = min(_word_width(current, size), room), 1
                    break
                used, room, count = 0.0, width, 0
    return found


def _spans(text: str, separator: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every non-empty part of ``text`` between ``separator`` characters; for
    lines (``"\\n"``) every part, empty ones too."""
    at = 0
    for part in text.split(separator):
        if part or separator == "\n":
            yield at, at + len(part)
        at += len(part) + 1


def _breakable_address(core: str) -> bool:
    """Whether ReportLab takes ``core`` for a web address it may break after its slashes."""
    from reportlab.platypus.paragraph import uri_pat

    return uri_pat.match(core) is not None


def _opportunities(word: str) -> tuple[list[tuple[int, str]], bool]:
    """Break opportunities of one word (offset, character inserted there) and whether it is a web
    address; none for a figure or a word that already has some."""
    if any(ch in word for ch in BREAKS) or is_figure(word):
        return [], False
    lead, core, _ = _EDGES.match(word).groups()
    base = len(lead)
    if URL.fullmatch(core) and _breakable_address(core):
        scheme = core.index("://") + 3
        rest = core[scheme:].rstrip("/")
        return [(base + scheme, ZERO_WIDTH_SPACE)] + [
            (base + scheme + i + 1, ZERO_WIDTH_SPACE) for i, ch in enumerate(rest)
            if ch == "/" and 2 <= i < len(rest) - 1], True
    marks = []
    for match in re.finditer(r"[^\W\d_]+", core):
        letters = match.group()
        marks.extend((base + match.start() + p, SOFT_HYPHEN) for p in _hyphenator().positions(letters)
                     if MIN_PIECE <= p <= len(letters) - MIN_PIECE)
    return marks, False


def insert_marks(items: tuple, marks: list[tuple[int, str]]) -> tuple:
    """``items`` (pieces or runs: frozen dataclasses with a ``text``) with ``marks`` (offsets in
    their joined text, characters) inserted; a mark between two items goes to the first."""
    out, at = [], 0
    for item in items:
        end = at + len(item.text)
        inside = sorted(m for m in marks if at < m[0] <= end)
        if inside:
            text = item.text
            for offset, ch in reversed(inside):
                text = text[:offset - at] + ch + text[offset - at:]
            item = replace(item, text=text)
        out.append(item)
        at = end
    return tuple(out)


def _plain_line_count(piece: Piece, size: float, width: float, first_width: float | None) -> int:
    """:func:`line_count` of one piece of text without hard breaks or soft hyphens (a table cell,
    nearly always), without building the word list: the same greedy filling, the same sums."""
    files = _FONT_FILES.get()
    space = _width(" ", size, False, False, files)
    lines = 1
    used = 0.0
    room = width if first_width is None else first_width
    empty = True
    for word in _word_widths(piece.text, size, piece.bold, piece.italic, files):
        while True:
            needed = word + (0.0 if empty else space)
            if used + needed <= room + EPSILON:
                used += needed
                empty = False
                break
            if empty:
                lines += max(0, int((word - EPSILON) // max(room, 1.0)))
                used, empty = min(word, room), False
                break
            lines += 1
            used, room, empty = 0.0, width, True
    return lines


@lru_cache(maxsize=MEASURES_KEPT)
def _word_widths(text: str, size: float, bold: bool, italic: bool, files: tuple[str, ...]) -> tuple[float, ...]:
    """Widths of the words of ``text`` split at single spaces (empty parts left out) in the font ``files``."""
    return tuple(_width(part, size, bold, italic, files) for part in text.split(" ") if part)


def longest_word(text: str, size: float, bold: bool = False) -> float:
    """Width of the widest word of ``text`` (as broken at soft hyphens and hard breaks)."""
    return _longest_word(text, size, bold, _FONT_FILES.get())


@lru_cache(maxsize=MEASURES_KEPT)
def _longest_word(text: str, size: float, bold: bool, files: tuple[str, ...]) -> float:
    widest = 0.0
    for word in text.replace("\n", " ").split(" "):
        for part in word.split(SOFT_HYPHEN):
            widest = max(widest, text_width(part, size, bold) + (text_width("-", size, bold)
                                                                  if SOFT_HYPHEN in word else 0.0))
    return widest


@cache
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="id_ID")


def is_figure(word: str) -> bool:
    """True when ``word`` is a number, an amount, a percentage or a code, never to be broken."""
    return FIGURE.fullmatch(word) is not None


def syllable_width(word: str, size: float, bold: bool = False) -> float:
    """Width of the widest piece ``word`` can be hyphenated into (with its hyphen); a figure is
    one piece."""
    return _syllable_width(word, size, bold, _FONT_FILES.get())


@lru_cache(maxsize=MEASURES_KEPT)
def _syllable_width(word: str, size: float, bold: bool, files: tuple[str, ...]) -> float:
    if is_figure(word):
        return text_width(word, size, bold)
    pieces = _pieces(word)
    hyphen = text_width("-", size, bold) if len(pieces) > 1 else 0.0
    return max(text_width(p, size, bold) for p in pieces) + hyphen


def _pieces(word: str) -> list[str]:
    """``word`` cut at its separators, else at its syllable boundaries."""
    return list(_cut_pieces(word))


@lru_cache(maxsize=MEASURES_KEPT)
def _cut_pieces(word: str) -> tuple[str, ...]:
    if any(ch in SEPARATORS for ch in word[1:-1]):
        out, start = [], 0
        for index, ch in enumerate(word):
            if ch in SEPARATORS and 0 < index < len(word) - 1:
                out.append(word[start:index + 1])
                start = index + 1
        out.append(word[start:])
        return tuple(out)
    points = [p for p in _hyphenator().positions(word) if MIN_PIECE <= p <= len(word) - MIN_PIECE]
    bounds = [0, *points, len(word)]
    return tuple(word[a:b] for a, b in zip(bounds, bounds[1:]))


def fit_word(word: str, width: float, size: float, bold: bool = False) -> str:
    """``word`` made to fit lines ``width`` points wide: unchanged when it fits or is a figure;
    else broken after its separators with hard breaks where needed, or given soft hyphens at its
    syllables; a piece still wider than ``width`` gets soft hyphens between its letters."""
    if text_width(word, size, bold) <= width or is_figure(word):
        return word
    pieces = _pieces(word)
    if any(ch in SEPARATORS for ch in word[1:-1]):
        return "\n".join(_hyphenated(line, width, size, bold) for line in _pack(pieces, width, size, bold))
    return SOFT_HYPHEN.join(_letters(piece, width, size, bold) for piece in pieces)


def _hyphenated(piece: str, width: float, size: float, bold: bool) -> str:
    """A piece between separators that is wider than ``width`` given soft hyphens."""
    if text_width(piece, size, bold) <= width:
        return piece
    return SOFT_HYPHEN.join(_letters(p, width, size, bold) for p in _cut_pieces(piece.rstrip(SEPARATORS))) \
        + piece[len(piece.rstrip(SEPARATORS)):]


def _letters(piece: str, width: float, size: float, bold: bool) -> str:
    """``piece`` (a syllable) unchanged when it fits with its hyphen, else with soft hyphens between
    letters so that every stretch does, at least one letter a stretch."""
    room = width - text_width("-", size, bold)
    if text_width(piece, size, bold) <= room:
        return piece
    return SOFT_HYPHEN.join(_pack(piece, room, size, bold))


def _pack(pieces, width: float, size: float, bold: bool) -> list[str]:
    """``pieces`` (strings, or a word's letters) joined greedily into stretches ``width`` points wide."""
    out, current = [], ""
    for piece in pieces:
        if current and text_width(current + piece, size, bold) > width:
            out.append(current)
            current = piece
        else:
            current += piece
    out.append(current)
    return out


def fit_text(text: str, width: float, size: float, bold: bool = False) -> str:
    """Every word of ``text`` wider than ``width`` made to fit with :func:`fit_word`."""
    if longest_word(text, size, bold) <= width:
        return text
    lines = []
    for line in text.split("\n"):
        lines.append(" ".join(fit_word(word, width, size, bold) for word in line.split(" ")))
    return "\n".join(lines)


def wrap(text: str, size: float, width: float, bold: bool = False) -> tuple[str, ...]:
    """The rows ``text`` (no hard breaks) is printed on, ``width`` points wide, in the current font.

    Words fill each row greedily, as :func:`line_count` counts them; the spaces at a break are
    dropped, other runs of spaces kept. A word wider than a whole row starts a row of its own and
    is cut after its separators, else at its syllables with a hyphen, else between letters.
    """
    rows: list[str] = []
    current = ""
    parts = re.split(r"( +)", text.strip(" "))
    for index in range(0, len(parts), 2):
        word = parts[index]
        gap = parts[index - 1] if index else ""
        if current and text_width(current + gap + word, size, bold) <= width + EPSILON:
            current += gap + word
            continue
        if current:
            rows.append(current)
        *whole, current = _word_rows(word, size, width, bold)
        rows.extend(whole)
    rows.append(current)
    return tuple(rows)


def _word_rows(word: str, size: float, width: float, bold: bool) -> list[str]:
    """``word`` cut into rows that each fit ``width`` (just the word when it fits)."""
    def fits(text: str, room: float = width) -> bool:
        return text_width(text, size, bold) <= room + EPSILON

    if fits(word):
        return [word]
    pieces = _pieces(word)
    hyphen = "" if len(pieces) == 1 or any(ch in SEPARATORS for ch in word[1:-1]) else "-"
    rows, current = [], ""
    for index, piece in enumerate(pieces):
        mark = hyphen if index < len(pieces) - 1 else ""
        if current and not fits(current + piece + mark):
            rows.append(current + hyphen)
            current = ""
        if current or fits(piece + mark):
            current += piece
            continue
        for letter in piece:
            if current and not fits(current + letter, width - text_width(hyphen, size, bold)):
                rows.append(current)
                current = ""
            current += letter
    rows.append(current)
    return rows
