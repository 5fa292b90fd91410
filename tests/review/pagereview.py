"""Page review: what a Sekretariat Daerah would send back, found on a rendered PDF and its model.

:func:`review` reads one PDF (ReportLab's, or LibreOffice's rendering of the Word file) page by
page with poppler (``pdftotext -layout``, ``pdftoppm``) and pypdf, and compares what is printed
with the :class:`~spmdocs.model.Document` it was drawn from. Each problem is a :class:`Finding`:

* ``signature-alone``: a page whose body is only a signature block;
* ``split-word``: a printed word that is no word of the model and no hyphenated part of one
  ("Penerim" + "a"), i.e. a word broken without a hyphen or at a wrong place;
* ``stranded``: a heading, caption, label ("Permasalahan:") or group row last on a page;
* ``total-alone``: a total row ("Jumlah") directly under a table header repeated on a new page;
* ``toc``: a Daftar Isi that lacks an entry, or whose page number is not where the heading is
  printed (the empty Word field shows the "Perbarui Bidang" placeholder and no entry at all);
* ``image-resolution``: a picture drawn at unequal x and y resolution (stretched);
* ``margin``: ink in the left, right or bottom margin (a table or figure wider than the text);
* ``blank``: a page with nothing printed on it;
* ``kop-on-cover``: the letterhead printed on a cover page;
* ``page-label``: an unnumbered page (cover, cover letter) whose PDF page label is a number;
* ``loose``: a justified line of a paragraph whose every gap is wider than :data:`LOOSE_GAP_EM`
  ("Ditjen      Bina      Pembangunan"): the word after it did not fit and was not broken.

:func:`compare` adds the Word/PDF check: the page count and the page on which every chapter
(BAB) and lampiran starts must be the same in both PDFs.
"""

from __future__ import annotations

import re
import subprocess
from html import unescape
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream

from spmdocs.compose.measure import is_figure
from spmdocs.fmt import romawi
from spmdocs.model import (Document, Figure, Heading, LampiranHeading, Paragraph, SignatureBlock, Table,
                           TableOfContents)

SOFT_HYPHEN = "\xad"
ZERO_WIDTH_SPACE = "\u200b"
_EDGE = "\"'()[]{}.,;:!?«»“”‘’…"
_DOT_LEADER = re.compile(r"^(?P<text>.*?)\s*(?:\.\s*){3,}(?P<label>[0-9ivxlcdm]+)$", re.IGNORECASE)
_LEADER = re.compile(r"(?:\s*\.){3,}\s*")
_MM = 72 / 25.4
MARGIN_DPI = 40
MARGIN_INSET_MM = 3.0
"""How far inside the paper edge and outside the text frame the margin bands start."""
RESOLUTION_TOLERANCE = 0.01
_EVIDENCE_LABEL = re.compile(r"^B\d+-\d+$")
LOOSE_GAP_EM = 1.25
"""A gap between words a quarter wider than the text is high is some four and a half spaces: a
line all of whose gaps are so wide has been stretched to the margin around too few words (the
layout breaks the next word from three spaces on, :data:`spmdocs.compose.measure.LOOSE_SPACES`)."""
_WORD_BOX = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


@dataclass(frozen=True)
class Finding:
    """One defect: its kind, the physical page (1-based) and what was seen."""

    kind: str
    page: int
    detail: str

    def __str__(self) -> str:
        return f"{self.kind} p{self.page}: {self.detail}"


def squeeze(text: str) -> str:
    """``text`` without whitespace, hyphens, soft hyphens and zero-width spaces, case-folded: for
    comparing lines."""
    return re.sub(r"[\s\-\u00ad\u200b\u2010\u2011]+", "", text).casefold()


def _token(word: str) -> str:
    return word.replace(SOFT_HYPHEN, "-").replace(ZERO_WIDTH_SPACE, "").strip(_EDGE).casefold()


@cache
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="id_ID")


def _break_points(word: str) -> set[int]:
    """Where ``word`` may be broken at a line end: syllable boundaries and after - / . _"""
    points = set(_hyphenator().positions(word))
    points.update(i + 1 for i, ch in enumerate(word) if ch in "-/._–—")
    return points


@dataclass
class _Vocabulary:
    """Every word the model prints, with the places each may be hyphenated."""

    words: set[str] = field(default_factory=set)

    def add(self, text: str) -> None:
        for raw in text.split():
            token = _token(raw.replace(SOFT_HYPHEN, "").replace(ZERO_WIDTH_SPACE, ""))
            if token:
                self.words.add(token)

    def accepts(self, token: str) -> bool:
        """Whether a printed token is a model word, two neighbouring cells' words read as one, or a
        piece of a model word that starts and ends where the word may be broken."""
        if not any(ch.isalnum() for ch in token) or token in self.words:
            return True
        if any(_token(token[:i]) in self.words and _token(token[i:]) in self.words for i in range(1, len(token))):
            return True
        pieces = [(token, False)]
        if token.endswith("-") and len(token) > 1:
            pieces.append((token[:-1], True))
        return any(self._piece(piece, hyphenated) for piece, hyphenated in pieces)

    def _piece(self, piece: str, hyphenated: bool) -> bool:
        for word in self.words:
            if len(word) <= len(piece) or piece not in word:
                continue
            points = _break_points(word)
            start = word.find(piece)
            while start >= 0:
                end = start + len(piece)
                if (start == 0 or start in points) and (end in points if hyphenated
                                                        else end == len(word) or end in points):
                    return True
                start = word.find(piece, start + 1)
        return False


@dataclass(frozen=True)
class _Page:
    number: int
    lines: tuple[str, ...]
    width_pt: float
    height_pt: float
    indents: tuple[float, ...] = ()
    """Where each line starts, as a share of the page's longest line (poppler's layout columns)."""


class ModelText:
    """What the model says is printed: vocabulary, labels, signatures, totals, TOC headings."""

    def __init__(self, document: Document):
        self.document = document
        self.vocabulary = _Vocabulary()
        self.labels: list[str] = []
        self.group_rows: list[str] = []
        self.signature_tokens: set[str] = set()
        self.totals: list[tuple[str, int]] = []
        self.headings: list[Heading] = [h for h in document.headings() if h.in_toc]
        self.toc_levels = max((b.max_level for s in document.sections for b in s.blocks
                               if isinstance(b, TableOfContents)), default=0)
        self.has_toc = self.toc_levels > 0
        vocab = self.vocabulary
        for text in ("Tabel", "Gambar", "DAFTAR", "ISI", "LAMPIRAN"):
            vocab.add(text)
        if document.kop is not None:
            for line in document.kop.lines:
                vocab.add(line.text)
        for section in document.sections:
            for block in section.blocks:
                self._block(block)
        for number in range(1, 400):
            vocab.add(str(number))
            vocab.add(romawi(number).lower())
        vocab.add(document.page_number_format.replace("{}", ""))

    def _block(self, block) -> None:
        vocab = self.vocabulary
        if isinstance(block, Paragraph):
            vocab.add(block.label)
            vocab.add(block.text)
            if block.keep_with_next:
                self.labels.append(block.text)
        elif isinstance(block, Heading):
            vocab.add(block.number)
            vocab.add(block.title)
            self.labels.append(block.title)
            self.labels.append(f"{block.number} {block.title}")
        elif isinstance(block, Table):
            vocab.add(block.caption)
            if block.caption:
                self.labels.append(block.caption)
            for row in block.all_rows():
                for cell in row:
                    vocab.add(cell.text)
            ncols = len(block.columns)
            kinds = getattr(block, "row_kinds", ()) or ()
            for index, row in enumerate(block.body):
                kind = kinds[index] if index < len(kinds) else ""
                text = " ".join(cell.text for cell in row)
                if kind == "group" or (kind == "" and (row[0].shade or row[0].colspan == ncols)
                                       and index < len(block.body) - 1):
                    self.group_rows.append(text)
                if kind == "total" or (kind == "" and index == len(block.body) - 1 and row[0].colspan > 1
                                       and row[0].bold):
                    self.totals.append((text, ncols))
        elif isinstance(block, Figure):
            vocab.add(block.caption)
        elif isinstance(block, SignatureBlock):
            for text in (block.place_date, *block.jabatan_lines, block.name, *block.details):
                vocab.add(text)
                self.signature_tokens.update(_token(w) for w in text.split())
        elif isinstance(block, LampiranHeading):
            for text in _lampiran_lines(block):
                vocab.add(text)
                self.signature_tokens.discard("")
        elif isinstance(block, TableOfContents):
            for entry in getattr(block, "entries", ()) or ():
                vocab.add(entry.text)
                vocab.add(entry.label)
            for heading in self.document.headings():
                vocab.add(heading.toc_text)

    def is_cover(self, section_index: int) -> bool:
        """A cover page: an unnumbered section of large centred bold lines and no heading."""
        section = self.document.sections[section_index]
        if section.numbering != "none" or getattr(section, "label", "") not in ("", "Sampul"):
            return getattr(section, "label", "") == "Sampul"
        big = [b for b in section.blocks if isinstance(b, Paragraph) and (b.size_pt or 0) >= 14
               and b.align == "center"]
        return len(big) >= 2 and not any(isinstance(b, (Heading, Table)) for b in section.blocks)



def _lampiran_lines(block: LampiranHeading) -> list[str]:
    lines = list(getattr(block, "lines", ()) or ())
    for label, value in getattr(block, "fields", ()) or ():
        lines.append(f"{label} : {value}")
    return lines


class RenderedPdf:
    """A PDF's pages as text lines (poppler's layout mode) with their size."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.reader = PdfReader(str(path))

    @cached_property
    def pages(self) -> list[_Page]:
        """The document's own pages: evidence PDFs appended after it (labels "B1-1" …) left out."""
        text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(self.path), "-"],
                              check=True, capture_output=True, text=True).stdout
        chunks = text.split("\f")
        labels = self.reader.page_labels
        pages = []
        for index, page in enumerate(self.reader.pages):
            if index < len(labels) and _EVIDENCE_LABEL.match(labels[index]):
                break
            chunk = chunks[index] if index < len(chunks) else ""
            raw = [line.rstrip() for line in chunk.splitlines() if line.strip()]
            longest = max((len(line) for line in raw), default=1)
            lines = tuple(" ".join(line.split()) for line in raw)
            indents = tuple((len(line) - len(line.lstrip())) / longest for line in raw)
            box = page.mediabox
            pages.append(_Page(index + 1, lines, float(box.width), float(box.height), indents))
        return pages

    def word_lines(self) -> list[tuple[int, list[tuple[float, float, float, float, str]]]]:
        """(page number, words of one printed line: x0, y0, x1, y1, text, left to right) of the
        document's own pages, from poppler's word boxes."""
        html = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", "-l", str(len(self.pages)), str(self.path), "-"],
                              check=True, capture_output=True, text=True).stdout
        out = []
        for number, chunk in enumerate(html.split("<page ")[1:], start=1):
            rows: dict[float, list] = {}
            for x0, y0, x1, y1, word in _WORD_BOX.findall(chunk):
                box = (float(x0), float(y0), float(x1), float(y1), unescape(word))
                rows.setdefault(round(box[3]), []).append(box)
            out.extend((number, sorted(row)) for _, row in sorted(rows.items()))
        return out

    def printed_label(self, page: _Page, page_format: str) -> str | None:
        """The page number printed at the top ("- 3 -" gives "3"), or None."""
        if not page.lines:
            return None
        before, _, after = page_format.partition("{}")
        pattern = re.escape(squeeze(before)) + r"([0-9ivxlcdm]+)" + re.escape(squeeze(after))
        match = re.fullmatch(pattern, squeeze(page.lines[0]))
        return match.group(1) if match else None


def _body(pdf: RenderedPdf, page: _Page, model: ModelText) -> list[str]:
    """The page's lines without the printed page number and the kop lines."""
    lines = list(page.lines)
    if pdf.printed_label(page, model.document.page_number_format) is not None:
        lines = lines[1:]
    kop = model.document.kop
    if kop is not None:
        kop_lines = {squeeze(line.text) for line in kop.lines}
        lines = [line for line in lines if squeeze(line) not in kop_lines]
    return lines


def review(document: Document, pdf_path: Path) -> list[Finding]:
    """Every defect found on the pages of ``pdf_path`` drawn from ``document``."""
    model = ModelText(document)
    pdf = RenderedPdf(pdf_path)
    findings: list[Finding] = []
    for page in pdf.pages:
        body = _body(pdf, page, model)
        findings += _split_words(page, body, model)
        findings += _signature_alone(page, body, model)
        findings += _stranded(page, body, model)
        findings += _total_alone(page, body, model)
    findings += _images(pdf)
    findings += _margins(pdf, document)
    findings += _toc(pdf, model)
    findings += _cover(pdf, model)
    findings += _page_labels(pdf, model)
    findings += _loose(pdf, model)
    return findings


def _split_words(page: _Page, body: list[str], model: ModelText) -> list[Finding]:
    out = []
    for line in body:
        for raw in _LEADER.sub(" ", line).split():
            token = _token(raw)
            if token and not model.vocabulary.accepts(token):
                out.append(Finding("split-word", page.number, f"«{raw}» in «{line[:80]}»"))
    return out


def _loose(pdf: RenderedPdf, model: ModelText) -> list[Finding]:
    """Lines of justified paragraphs (their words in a row of a paragraph of the model) of three
    words or more whose gaps are all wider than :data:`LOOSE_GAP_EM`, unless the next line starts
    with a figure (an amount, a code: never broken)."""
    justified = [squeeze(block.text) for section in model.document.sections for block in section.blocks
                 if isinstance(block, Paragraph) and block.align == "justify"]
    out = []
    lines = pdf.word_lines()
    for index, (number, line) in enumerate(lines):
        text = squeeze(" ".join(word for *_, word in line))
        if len(line) < 3 or not any(text in paragraph for paragraph in justified):
            continue
        after = lines[index + 1] if index + 1 < len(lines) else None
        if after is not None and after[0] == number and is_figure(after[1][0][4].strip(_EDGE)):
            continue  # the word that did not fit is an amount or a code: it has no place to break
        height = max(y1 - y0 for _, y0, _, y1, _ in line)
        gaps = [b[0] - a[2] for a, b in zip(line, line[1:])]
        if min(gaps) > LOOSE_GAP_EM * height:
            out.append(Finding("loose", number, f"{' '.join(w for *_, w in line)!r}: celah kata terkecil "
                                                f"{min(gaps):.1f} pt"))
    return out


def _signature_alone(page: _Page, body: list[str], model: ModelText) -> list[Finding]:
    tokens = [t for line in body for t in (_token(w) for w in line.split()) if any(c.isalnum() for c in t)]
    if tokens and model.signature_tokens and all(t in model.signature_tokens for t in tokens):
        return [Finding("signature-alone", page.number, " / ".join(body)[:120])]
    return []


GROUP_ROW_INDENT = 0.3
"""A group row starts in the left part of a line (a wrapped cell at the right is not one)."""


def _stranded(page: _Page, body: list[str], model: ModelText) -> list[Finding]:
    """A heading, caption or label as the page's last lines; a group row as its last line."""
    if len(body) < 2:
        return []
    tails = {squeeze(" ".join(body[-k:])) for k in range(1, min(5, len(body)))}
    for label in model.labels:
        if squeeze(label) and squeeze(label) in tails:
            return [Finding("stranded", page.number, f"«{label[:80]}» is the last thing on the page")]
    last = squeeze(body[-1])
    if page.indents and page.indents[-1] <= GROUP_ROW_INDENT:
        for row in model.group_rows:
            if squeeze(row) == last:
                return [Finding("stranded", page.number, f"group row «{row[:80]}» is the last row on the page")]
    return []


def _total_alone(page: _Page, body: list[str], model: ModelText) -> list[Finding]:
    out = []
    for text, ncols in model.totals:
        numbers = squeeze("".join(f"({i})" for i in range(1, ncols + 1)))
        for index in range(1, len(body)):
            if squeeze(body[index]) == squeeze(text) and squeeze(body[index - 1]) == numbers:
                out.append(Finding("total-alone", page.number, f"«{text[:60]}» alone under the header"))
    return out


def _images(pdf: RenderedPdf) -> list[Finding]:
    out = []
    for number, page in enumerate(pdf.reader.pages[:len(pdf.pages)], 1):
        for width_px, height_px, width_pt, height_pt in _drawn_images(page):
            if width_pt <= 0 or height_pt <= 0:
                continue
            xres, yres = width_px / width_pt, height_px / height_pt
            if abs(xres - yres) / max(xres, yres) > RESOLUTION_TOLERANCE:
                out.append(Finding("image-resolution", number,
                                   f"{width_px}x{height_px} px drawn {width_pt / _MM:.1f}x"
                                   f"{height_pt / _MM:.1f} mm ({xres * 72:.0f} vs {yres * 72:.0f} dpi)"))
    return out


def _drawn_images(page) -> list[tuple[int, int, float, float]]:
    """(pixel width, pixel height, drawn width pt, drawn height pt) of every image on the page."""
    found: list[tuple[int, int, float, float]] = []

    def multiply(m, n):
        a, b, c, d, e, f = m
        a2, b2, c2, d2, e2, f2 = n
        return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
                e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)

    def walk(contents, resources, ctm, depth):
        if depth > 8 or contents is None:
            return
        xobjects = resources.get("/XObject", {}) if resources else {}
        xobjects = xobjects.get_object() if hasattr(xobjects, "get_object") else xobjects
        stack = []
        for operands, operator in ContentStream(contents, page.pdf).operations:
            if operator == b"q":
                stack.append(ctm)
            elif operator == b"Q" and stack:
                ctm = stack.pop()
            elif operator == b"cm":
                ctm = multiply(tuple(float(v) for v in operands), ctm)
            elif operator == b"Do":
                xobject = xobjects[operands[0]].get_object()
                subtype = xobject.get("/Subtype")
                if subtype == "/Image":
                    a, b, c, d, _, _ = ctm
                    found.append((int(xobject["/Width"]), int(xobject["/Height"]),
                                  (a * a + b * b) ** 0.5, (c * c + d * d) ** 0.5))
                elif subtype == "/Form":
                    matrix = tuple(float(v) for v in xobject.get("/Matrix", (1, 0, 0, 1, 0, 0)))
                    walk(xobject, xobject.get("/Resources"), multiply(matrix, ctm), depth + 1)

    walk(page.get_contents(), page.get("/Resources"), (1, 0, 0, 1, 0, 0), 0)
    return found


def _margins(pdf: RenderedPdf, document: Document) -> list[Finding]:
    """Ink outside the text frame: left, right and bottom margin bands, and blank pages."""
    import tempfile

    margins = document.layout.margins
    out = []
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-gray", "-r", str(MARGIN_DPI), str(pdf.path), f"{folder}/p"],
                       check=True, capture_output=True)
        images = sorted(Path(folder).glob("p-*.pgm"))[:len(pdf.pages)]
        for number, path in enumerate(images, 1):
            with Image.open(path) as image:
                pixels = image.load()
                width, height = image.size
                scale = MARGIN_DPI / 25.4

                def dark(x0, x1, y0, y1) -> bool:
                    for x in range(max(0, int(x0 * scale)), min(width, int(x1 * scale))):
                        for y in range(max(0, int(y0 * scale)), min(height, int(y1 * scale))):
                            if pixels[x, y] < 128:
                                return True
                    return False

                w_mm, h_mm = width / scale, height / scale
                inset = MARGIN_INSET_MM
                bands = {"left": (inset, margins.left_mm - inset, margins.top_mm, h_mm - inset),
                         "right": (w_mm - margins.right_mm + inset, w_mm - inset, margins.top_mm,
                                   h_mm - inset),
                         "bottom": (inset, w_mm - inset, h_mm - margins.bottom_mm + inset, h_mm - inset)}
                for name, band in bands.items():
                    if dark(*band):
                        out.append(Finding("margin", number, f"ink in the {name} margin"))
                if not dark(0, w_mm, 0, h_mm):
                    out.append(Finding("blank", number, "nothing printed on the page"))
    return out


def heading_pages(pdf: RenderedPdf, model: ModelText) -> list[tuple[Heading, int | None]]:
    """(heading, physical page it is printed on) for every heading in the Daftar Isi, in order."""
    found: list[tuple[Heading, int | None]] = []
    start = 0
    toc_pages = _toc_pages(pdf, model)
    for heading in model.headings:
        wanted = [squeeze(f"{heading.number} {heading.title}"), squeeze(heading.title)]
        page_found = None
        for index in range(start, len(pdf.pages)):
            page = pdf.pages[index]
            if page.number in toc_pages:
                continue
            lines = page.lines
            joined = {squeeze(" ".join(lines[i:i + k])) for i in range(len(lines)) for k in (1, 2, 3)}
            if any(w and w in joined for w in wanted):
                page_found = index
                break
        if page_found is not None:
            start = page_found
        found.append((heading, None if page_found is None else page_found + 1))
    return found


def _toc_pages(pdf: RenderedPdf, model: ModelText) -> set[int]:
    """Physical pages of the Daftar Isi: from its heading while pages hold dot-leader lines."""
    pages: set[int] = set()
    if not model.has_toc:
        return pages
    for page in pdf.pages:
        if any(squeeze(line) == squeeze("DAFTAR ISI") for line in page.lines[:3]):
            pages.add(page.number)
            for later in pdf.pages[page.number:]:
                if any(_DOT_LEADER.match(line) for line in later.lines) and not any(
                        squeeze(h.title) == squeeze(line) for h in model.headings for line in later.lines):
                    pages.add(later.number)
                else:
                    break
            break
    return pages


def _toc(pdf: RenderedPdf, model: ModelText) -> list[Finding]:
    if not model.has_toc:
        return []
    toc_pages = sorted(_toc_pages(pdf, model))
    if not toc_pages:
        return [Finding("toc", 1, "no DAFTAR ISI page found")]
    entries: list[tuple[str, str]] = []
    pending = ""
    for number in toc_pages:
        page = pdf.pages[number - 1]
        for line in page.lines:
            if squeeze(line) in (squeeze("DAFTAR ISI"),) or pdf.printed_label(page, model.document.page_number_format):
                if line == page.lines[0] or squeeze(line) == squeeze("DAFTAR ISI"):
                    continue
            match = _DOT_LEADER.match(line)
            if match:
                entries.append((squeeze(pending + " " + match.group("text")), match.group("label")))
                pending = ""
            else:
                pending = f"{pending} {line}"
    out = []
    first = toc_pages[0]
    if not entries:
        return [Finding("toc", first, f"the Daftar Isi has no entries: «{pending.strip()[:80]}»")]
    printed = {index + 1: pdf.printed_label(page, model.document.page_number_format)
               for index, page in enumerate(pdf.pages)}
    remaining = list(entries)
    for heading, page in heading_pages(pdf, model):
        if heading.level > model.toc_levels:
            continue
        text = squeeze(heading.toc_text)
        match = next((e for e in remaining if e[0] == text), None)
        if match is None:
            out.append(Finding("toc", first, f"no entry for «{heading.toc_text[:60]}»"))
            continue
        remaining = remaining[remaining.index(match) + 1:]
        label = printed.get(page) if page else None
        if label is None or match[1].lower() != label.lower():
            out.append(Finding("toc", first, f"«{heading.toc_text[:50]}» listed on page {match[1]}, "
                                             f"printed on page {label} (sheet {page})"))
    return out


def _cover(pdf: RenderedPdf, model: ModelText) -> list[Finding]:
    kop = model.document.kop
    if kop is None or not model.document.sections or not model.is_cover(0) or not pdf.pages:
        return []
    lines = {squeeze(line) for line in pdf.pages[0].lines}
    if all(squeeze(line.text) in lines for line in kop.lines[:1]):
        return [Finding("kop-on-cover", 1, "the kop letterhead is printed on the cover")]
    return []


def _page_labels(pdf: RenderedPdf, model: ModelText) -> list[Finding]:
    """The leading pages of an unnumbered first section must not carry a number as PDF label."""
    sections = model.document.sections
    if "/PageLabels" not in pdf.reader.trailer["/Root"] or not sections or sections[0].numbering != "none":
        return []
    labels = pdf.reader.page_labels
    out = []
    for index, page in enumerate(pdf.pages):
        if pdf.printed_label(page, model.document.page_number_format) is not None:
            break
        if index < len(labels) and labels[index].isdigit():
            out.append(Finding("page-label", index + 1, f"unnumbered page labelled «{labels[index]}»"))
    return out


def compare(document: Document, pdf_path: Path, word_pdf_path: Path) -> list[Finding]:
    """Differences between the PDF and Word's rendering: page count, where chapters start."""
    model = ModelText(document)
    pdf, word = RenderedPdf(pdf_path), RenderedPdf(word_pdf_path)
    out = []
    if len(pdf.pages) != len(word.pages):
        out.append(Finding("parity", 1, f"PDF has {len(pdf.pages)} pages, Word {len(word.pages)}"))
    fmt = document.page_number_format
    for (heading, a), (_, b) in zip(heading_pages(pdf, model), heading_pages(word, model)):
        if heading.level != 1:
            continue
        label_a = pdf.printed_label(pdf.pages[a - 1], fmt) if a else None
        label_b = word.printed_label(word.pages[b - 1], fmt) if b else None
        if (a, label_a) != (b, label_b):
            out.append(Finding("parity", a or 1, f"«{heading.toc_text[:50]}» starts on sheet {a} "
                                                 f"('{label_a}') in the PDF, sheet {b} ('{label_b}') in Word"))
    return out
