"""Lay out a composed document once, before rendering, so Word and PDF draw the same pages.

:func:`lay_out` takes the document a composer built and decides everything both renderers need:

* table column widths from the content (the widest word of every header and cell at its font
  size, then the room left given where it shortens the table most), and where a word is still
  wider than its column, Indonesian hyphenation (:mod:`spmdocs.compose.measure`);
* where the signature block stands (further left when a long name would not fit) and where the
  colons of a lampiran heading block line up;
* where every page starts: blocks are measured with the renderers' line heights and spacing
  (:func:`spmdocs.model.spacing`) and placed page by page, keeping a heading, a caption or a
  label with the start of what follows (of a paragraph, its first two lines), a group row with
  its first row, a total row with the row above it, a signature with the last lines or rows
  before it, two lines of a paragraph and two rows of a table on each side of a page break, and
  a table of three rows or fewer whole. A
  :class:`~spmdocs.model.PageBreak` goes before the block that starts each page and a table
  running over pages is cut into one table per page, so no renderer has to guess;
* the Daftar Isi entries with the page labels those headings land on.

Measures are taken a little large (a safety margin per page), so a renderer whose text runs a
bit shorter still breaks where the layout did.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from spmdocs.compose.measure import EPSILON as EPSILON_PT
from spmdocs.compose.measure import (MEASURES_KEPT, SOFT_HYPHEN, Piece, current_font_files, fit_text, insert_marks,
                                     is_figure, justified_breaks, line_count,
                                     longest_word, measuring, syllable_width, text_width)
from spmdocs.fmt import romawi
from spmdocs.model import (FIGURE_CAPTION_GAP_PT, POINT_MM, SINGLE_LINE, Block, Column, Document, Figure, Heading,
                           LampiranHeading, Layout, PageBreak, Paragraph, Section, SignatureBlock,
                           Spacer, Table, TableOfContents, TocEntry, spacing)

MM = 1 / POINT_MM
WIDEST_ROOM_PT = 1200.0
"""Wider than the text of any page the layouts know (F4 landscape: 794 pt): no cell gets more room."""
SAFETY_PT = 8.0
"""Room left free at the foot of every page against small differences between renderers."""
FIT_PT = 1.0
"""Slack added to every measured width so a word that just fits also fits in every renderer."""
LAMPIRAN_COLON_GAP_MM = 2.0
SIGNATURE_MIN_INDENT = 0.25
"""The signature block moves left at most to a quarter of the text width."""
RUNT_PT = 100.0
"""Least content (about five lines) on the last page of a chapter that the text runs onto."""
MIN_SPLIT_ROWS = 2
"""Item rows a table cut over pages keeps on each side of the cut (group and total rows not counted)."""
NEVER_SPLIT_ROWS = 3
"""A table of at most this many item rows is never cut: it moves to the next page whole."""
WORD_BREAK_PT = 1.0
"""Height of the paragraph that carries a page break in front of a table in Word."""


# --- tables -------------------------------------------------------------------------------------

def _cell_font(table: Table, layout: Layout) -> float:
    return table.font_size_pt or layout.table_font_size_pt


def _is_bold(table: Table, placement) -> bool:
    return placement.cell.bold or (placement.is_header and placement.row < len(table.header))


@lru_cache(maxsize=MEASURES_KEPT)
def _cell_measures(text: str, size: float, bold: bool, files: tuple[str, ...]) -> tuple[float, float]:
    """A cell's widest word and widest line in the font ``files`` (no padding)."""
    with measuring(files):
        return (longest_word(text, size, bold),
                max(text_width(line, size, bold) for line in text.split("\n")))


@lru_cache(maxsize=MEASURES_KEPT)
def _cell_floors(text: str, size: float, bold: bool, files: tuple[str, ...]) -> tuple[float, float]:
    """A cell's widest syllable piece and widest figure (amount, percentage, code; 0 when none) in
    the font ``files`` (no padding): only wanted, and the hyphenation dictionary only loaded, when
    a table's widest words do not fit. A figure never breaks, so its column keeps it whole."""
    with measuring(files):
        words = [w for w in text.split() if w]
        return (max((syllable_width(w, size, bold) for w in words), default=0.0),
                max((text_width(w, size, bold) for w in words if is_figure(w)), default=0.0))


@lru_cache(maxsize=MEASURES_KEPT)
def _ladder(text: str, bold: bool, size: float, files: tuple[str, ...]) -> tuple[int, tuple[float, ...]]:
    """(fewest lines, rooms): ``rooms[i]`` is the least room (points, no padding) that sets a
    one-piece cell in at most ``fewest + i`` lines, from its fewest lines (one per hard line) to
    its count at the width of its widest word, the last room. A line holds a run of whole words,
    so each least room is the width of a run: the smallest run width at which the text takes so
    few lines (the count only falls as the room grows). Callers pass the font being measured."""
    if " " not in text and "\n" not in text and SOFT_HYPHEN not in text:  # a figure, a code: one line
        return 1, (text_width(text, size, bold),)
    space = text_width(" ", size)  # line_count's space is the regular face's
    runs = set()
    for line in text.split("\n"):
        widths = [text_width(word, size, bold) for word in line.split(" ") if word]
        for i in range(len(widths)):
            total = -space
            for width in widths[i:]:
                total += width + space
                if total > WIDEST_ROOM_PT:
                    break  # wider than any page: a long cell costs runs in its length, not its square
                runs.add(total)
    floor = longest_word(text, size, bold)
    candidates = sorted(r for r in runs if r >= floor - EPSILON_PT) or [floor]
    piece = (Piece(text, bold),)
    fewest = line_count(piece, size, candidates[-1])
    most = line_count(piece, size, candidates[0])
    rooms = []
    low = 0
    for lines in range(most, fewest - 1, -1):  # fewer lines need more room: search upwards from the last
        high = len(candidates) - 1
        while low < high:
            middle = (low + high) // 2
            if line_count(piece, size, candidates[middle]) <= lines:
                high = middle
            else:
                low = middle + 1
        rooms.append(candidates[low])
    return fewest, tuple(reversed(rooms))


def _lines_at(text: str, bold: bool, size: float, room: float, files: tuple[str, ...]) -> int:
    """Lines of a one-piece cell in ``room`` points, read off its :func:`_ladder` (counted when the
    room is narrower than its widest word, where words break)."""
    fewest, rooms = _ladder(text, bold, size, files)
    if room < rooms[-1] - EPSILON_PT:
        return _cell_lines_in(text, bold, size, room, files)
    for i, least in enumerate(rooms):
        if least <= room + EPSILON_PT:
            return fewest + i
    return fewest + len(rooms) - 1


@lru_cache(maxsize=MEASURES_KEPT)
def _cell_lines_in(text: str, bold: bool, size: float, width: float, files: tuple[str, ...]) -> int:
    """Lines of a one-piece cell; callers pass the font being measured (``current_font_files()``),
    which is part of the remembered key."""
    return line_count((Piece(text, bold),), size, width)


def column_widths(table: Table, width_pt: float, layout: Layout) -> list[float]:
    """Widths in points of ``table``'s columns filling ``width_pt``, decided by the content.

    Every column is at least as wide as its widest word (headers included); the room left goes
    move by move to the column where it saves the most lines (:func:`_grow`), then in proportion to what each
    column would need to set its cells on one line. When even the widest words do not fit, the
    columns start from their widest syllable instead and :func:`fit_text` hyphenates the words
    left wider than their column; a figure (an amount, a percentage, a code) never breaks, so
    its column keeps it whole and the text columns take the squeeze, down to breaking between
    letters when even the syllables do not fit.
    """
    size = _cell_font(table, layout)
    pad = 2 * layout.cell_padding_mm * MM + FIT_PT
    count = len(table.columns)
    grid = [p for p in table.grid() if p.col < count]
    least = [pad + text_width("(00)", size)] * count
    natural = list(least)
    hyphenated = list(least)
    spans, singles = [], []
    files = current_font_files()
    for p in grid:
        longest, widest_line = _cell_measures(p.cell.text, size, _is_bold(table, p), files)
        low = longest + pad
        # A header may wrap at every space: its words set a column's least width, the body the rest.
        high = low if p.is_header else widest_line + pad
        if p.cell.colspan == 1:
            singles.append((p, low))
            least[p.col] = max(least[p.col], low)
            natural[p.col] = max(natural[p.col], high)
        else:
            spans.append((p.col, min(p.col + p.cell.colspan, count), low, high))
    for start, end, low, high in spans:
        _spread(least, start, end, low)
        _spread(natural, start, end, high)
    natural = [max(n, m) for n, m in zip(natural, least)]
    if sum(least) > width_pt:
        figures = list(hyphenated)
        for p, low in singles:
            bold = _is_bold(table, p)
            syl, figure = _cell_floors(p.cell.text, size, bold, files)
            hyphenated[p.col] = max(hyphenated[p.col], min(low, syl + pad))
            figures[p.col] = max(figures[p.col], figure + pad)
        for start, end, low, _ in spans:
            _spread(hyphenated, start, end, low)
        if sum(hyphenated) > width_pt:
            return _shrink(hyphenated, figures, width_pt)
        least = hyphenated
    widths = list(least)
    widths = _grow(_text_cells(table, grid), widths, natural, width_pt, size, pad)
    room = width_pt - sum(widths)
    wants = [max(n - w, 0.0) for n, w in zip(natural, widths)]
    total = sum(wants)
    if total > 0:
        share = min(1.0, room / total)
        widths = [w + want * share for w, want in zip(widths, wants)]
    room = width_pt - sum(widths)
    if room > 0:
        weight = sum(widths)
        widths = [w + room * w / weight for w in widths]
    return widths


def _grow(rows, widths: list[float], natural: list[float], width_pt: float, size: float,
          pad: float) -> list[float]:
    """Widen columns one move at a time, each move the one saving the most lines per point.

    A move widens a column to a width at which one of its cells takes fewer lines, read off the
    cell's :func:`_ladder` ("Dinas Perumahan" fitting on one line of a five-line OPD name, "Tuntas
    Madya" on one line of a kategori column): a row is as tall as its tallest cell, so only those
    widths can shorten the table, and a column whose cells shorten only at some widths is weighed
    at exactly them. When two cells of a row tie (a four-line service beside a four-line OPD), no
    single move shortens it; then the move is the one taking the most lines off such tied cells
    per point, so the next can shorten it. Columns stay within ``natural`` (every cell on one
    line) and all of them within ``width_pt``; ``pad`` is a cell's padding and slack.
    """
    widths = list(widths)
    count = len(widths)
    files = current_font_files()
    rows_of = [[r for r, row in enumerate(rows) if any(c <= col < c + span for c, span, _, _ in row)]
               for col in range(count)]
    # Per column, for each row over it: the indices of the row's cells over the column and of the others.
    split_of = [[([k for k, (c, span, _, _) in enumerate(rows[r]) if c <= col < c + span],
                  [k for k, (c, span, _, _) in enumerate(rows[r]) if not c <= col < c + span])
                 for r in rows_of[col]] for col in range(count)]

    def room(cell, trial: list[float]) -> float:
        c, span, _, _ = cell
        # sum() of one width is that width: the single-column cell (nearly every one) skips the slice
        return (trial[c] if span == 1 else sum(trial[c:c + span])) - pad

    def cell_lines(cell, trial: list[float]) -> int:
        return _lines_at(cell[2], cell[3], size, room(cell, trial), files)

    kept = [[cell_lines(cell, widths) for cell in row] for row in rows]
    current = [max(lines, default=1) for lines in kept]
    while (left := width_pt - sum(widths)) > 0:
        best = tied_best = None
        for col in range(count):
            if widths[col] >= natural[col] - 0.01:
                continue
            # Only a row whose tallest cell is over this column can get shorter (or lose a tie). A
            # row with one cell over the column, as wide as its widest word, changes only at the
            # rooms of its ladder: each is an event (the width it starts at, a line saved unless the
            # row's other cells stand as tall, a line off a tied cell), summed in width order. Any
            # other row (a spanning cell, a word still breaking) is measured at every target.
            targets: set[float] = set()
            events: list[tuple[float, int, int]] = []
            direct = []
            for r, (inside, outside) in zip(rows_of[col], split_of[col]):
                row, lines = rows[r], kept[r]
                if current[r] == 1:
                    continue
                tallest = [k for k in inside if lines[k] == current[r]
                           and lines[k] > _ladder(row[k][2], row[k][3], size, files)[0]]
                if not tallest:
                    continue  # nothing over this column is both the row's tallest and able to get shorter
                other = max([lines[k] for k in outside]) if outside else 0
                for k in tallest:
                    fewest, rooms = _ladder(row[k][2], row[k][3], size, files)
                    beside = room(row[k], widths) - widths[col]  # the room a target width adds to
                    targets.update(rooms[i] - beside for i in range(max(other, fewest) - fewest, min(lines[k] - fewest, len(rooms)))
                                   if widths[col] < rooms[i] - beside <= widths[col] + left)
                cell = row[inside[0]]
                fewest, rooms = _ladder(cell[2], cell[3], size, files)
                if len(inside) == 1 and room(cell, widths) >= rooms[-1] - EPSILON_PT:
                    beside = room(cell, widths) - widths[col]
                    events.extend((rooms[level - fewest] - beside - EPSILON_PT, int(level >= other), 1)
                                  for level in range(fewest, lines[inside[0]]))
                else:
                    direct.append((r, [(row[k], lines[k] == current[r]) for k in inside], other))
            if not targets:
                continue
            events.sort()
            at = saved_before = tied_before = 0
            for target in sorted(targets):
                grow = target - widths[col]
                if grow <= 0 or grow > left + 0.01:
                    continue
                while at < len(events) and events[at][0] <= target:
                    saved_before += events[at][1]
                    tied_before += events[at][2]
                    at += 1
                saved, tied = saved_before, tied_before
                if direct:
                    trial = list(widths)
                    trial[col] = target
                    for r, cells, other in direct:
                        now = [cell_lines(cell, trial) for cell, _ in cells]
                        saved += current[r] - max(other, max(now))
                        tied += sum(current[r] - n for (_, tall), n in zip(cells, now) if tall)
                if saved > 0 and (best is None or saved / grow > best[0] + 1e-9):
                    best = (saved / grow, col, target)
                elif saved == 0 and tied > 0 and (tied_best is None or tied / grow > tied_best[0] + 1e-9):
                    tied_best = (tied / grow, col, target)
        best = best or tied_best
        if best is None:
            break
        _, col, target = best
        widths[col] = target
        for r in rows_of[col]:
            kept[r] = [cell_lines(cell, widths) for cell in rows[r]]
            current[r] = max(kept[r], default=1)
    return widths


def _spread(values: list[float], start: int, end: int, wanted: float) -> None:
    """Widen columns ``start:end`` in proportion until together they are ``wanted`` wide."""
    have = sum(values[start:end])
    if have < wanted:
        share = wanted / have
        for c in range(start, end):
            values[c] *= share


def _shrink(hyphenated: list[float], figures: list[float], width_pt: float) -> list[float]:
    """Columns narrower than their widest syllables: words break between letters, figures stay whole.

    Each column gives up part of what it holds beyond ``figures`` (its widest figure, or the least
    column); only when the figures alone do not fit does every column shrink alike.
    """
    spare = [max(hy - fig, 0.0) for hy, fig in zip(hyphenated, figures)]
    excess = sum(hyphenated) - width_pt
    if sum(spare) >= excess:
        return [hy - s * excess / sum(spare) for hy, s in zip(hyphenated, spare)]
    floor = [min(hy, fig) for hy, fig in zip(hyphenated, figures)]
    scale = width_pt / sum(floor)
    return [f * scale for f in floor]


def _text_cells(table: Table, grid) -> list[list[tuple[int, int, str, bool]]]:
    """Per body row, the (first column, span, text, bold) of every cell that can wrap."""
    rows: dict[int, list] = {}
    for p in grid:
        if p.cell.rowspan == 1 and not p.is_header:
            rows.setdefault(p.row, []).append((p.col, p.cell.colspan, p.cell.text, _is_bold(table, p)))
    return [rows[r] for r in sorted(rows)]


def _fit_cells(table: Table, widths: list[float], layout: Layout) -> Table:
    """The table with its widths set and every word that is wider than its column hyphenated."""
    size = _cell_font(table, layout)
    pad = 2 * layout.cell_padding_mm * MM + FIT_PT
    count = len(table.columns)
    rows = [list(row) for row in table.all_rows()]
    columns_of: dict[int, list[int]] = {}
    for p in table.grid():
        columns_of.setdefault(p.row, []).append(p.col)

    def fitted(row_cells, r):
        out = []
        for cell, col in zip(row_cells, columns_of.get(r, [])):
            room = sum(widths[col:min(col + cell.colspan, count)]) - pad
            bold = cell.bold or r < len(table.header)
            text = fit_text(cell.text, room, size, bold)
            out.append(cell if text == cell.text else replace(cell, text=text))
        return tuple(out)

    header = tuple(fitted(rows[r], r) for r in range(len(table.header)))
    offset = table.header_row_count
    body = tuple(fitted(rows[offset + i], offset + i) for i in range(len(table.body)))
    columns = tuple(Column(round(w * POINT_MM, 3), c.align) for w, c in zip(widths, table.columns))
    return replace(table, columns=columns, header=header, body=body)


def row_heights(table: Table, layout: Layout) -> list[float]:
    """Height in points of every row (header rows, number row, body rows) as laid out."""
    size = _cell_font(table, layout)
    leading = size * SINGLE_LINE
    pad_x = 2 * layout.cell_padding_mm * MM + FIT_PT
    pad_y = layout.cell_padding_top_pt + layout.cell_padding_bottom_pt + layout.table_rule_pt
    widths = [c.width * MM for c in table.columns]
    count = len(widths)
    row_count = len(table.all_rows())
    heights = [leading + pad_y] * row_count
    spanning = []
    files = current_font_files()
    for p in table.grid():
        if p.col >= count:
            continue
        room = sum(widths[p.col:min(p.col + p.cell.colspan, count)]) - pad_x
        need = _cell_lines_in(p.cell.text, _is_bold(table, p), size, room, files) * leading + pad_y
        if p.cell.rowspan == 1:
            heights[p.row] = max(heights[p.row], need)
        else:
            spanning.append((p.row, min(p.row + p.cell.rowspan, row_count), need))
    for start, end, need in spanning:
        have = sum(heights[start:end])
        if need > have:
            heights[end - 1] += need - have
    return heights


# --- measuring blocks ---------------------------------------------------------------------------

@dataclass
class _Piece:
    """A slice of a block that goes on one page: a paragraph line, a table row, a whole block."""

    block: int
    part: int
    height: float
    before: float = 0.0
    after: float = 0.0
    keep_with_prev: bool = False
    break_before: bool = False
    header: float = 0.0
    """For a table row: the height of the table's repeated header on a new page."""


@dataclass(frozen=True)
class _Frame:
    width: float
    height: float


def _paragraph_measure(block: Paragraph, layout: Layout, width: float):
    """(pieces, size, line width, first line's width) of a paragraph in a frame ``width`` wide."""
    size = block.size_pt or layout.font_size_pt
    pieces = tuple(Piece(r.text, r.bold, r.italic) for r in block.runs)
    if block.label:
        text_at = max(block.indent_mm, layout.label_width_mm) * MM
        return pieces, size, width - text_at, None
    indent = block.indent_mm * MM
    return pieces, size, width - indent, width - indent - block.first_line_indent_mm * MM


def _paragraph_lines(block: Paragraph, layout: Layout, width: float) -> int:
    return line_count(*_paragraph_measure(block, layout, width))


def _justified(block: Paragraph, layout: Layout, width: float) -> Paragraph:
    """A justified paragraph with break opportunities in each word that would leave a loose line
    before it (:func:`~spmdocs.compose.measure.justified_breaks`)."""
    if block.align != "justify":
        return block
    marks = justified_breaks(*_paragraph_measure(block, layout, width))
    return replace(block, runs=insert_marks(block.runs, marks)) if marks else block


def _heading_lines(block: Heading, layout: Layout, width: float) -> int:
    size = layout.font_size_pt
    title = (Piece(block.title, True),)
    if block.level == 1:
        return line_count(title, size, width) + (1 if block.printed_number else 0)
    indent = layout.label_width_mm * MM * (block.level - 1 if block.number else block.level - 2)
    return line_count(title, size, width - indent)


def _signature_lines(block: SignatureBlock, layout: Layout, width: float) -> int:
    room = width * (1 - block.indent_fraction)
    size = layout.font_size_pt
    count = 0
    names = range(1 + len(block.jabatan_lines), 1 + len(block.jabatan_lines) + len(block.printed_name))
    for index, line in enumerate(block.lines()):
        count += line_count((Piece(line, index in names),), size, room)
    return count


def _pieces(blocks: tuple[Block, ...], layout: Layout, frame: _Frame) -> list[_Piece]:
    """Every block cut into the pieces a page break may fall between, with their keep rules."""
    pieces: list[_Piece] = []
    width = frame.width
    body_line = layout.line_pt()
    single = layout.line_pt(spacing=1.0)
    keep_next = False
    for index, block in enumerate(blocks):
        before, after = spacing(block, layout)
        first = len(pieces)
        if isinstance(block, Paragraph):
            size = block.size_pt or layout.font_size_pt
            lines = _paragraph_lines(block, layout, width)
            line = layout.line_pt(size)
            for k in range(lines):
                pieces.append(_Piece(index, k, line, before if k == 0 else 0.0,
                                     after if k == lines - 1 else 0.0,
                                     keep_with_prev=0 < k and (k < 2 or lines - k < 2)))
        elif isinstance(block, Heading):
            lines = _heading_lines(block, layout, width)
            pieces.append(_Piece(index, 0, lines * body_line, before, after,
                                 break_before=block.page_break_before))
        elif isinstance(block, Table):
            pieces += _table_pieces(block, index, layout, before, after)
        elif isinstance(block, Figure):
            _, height = block.size_mm(width * POINT_MM, frame.height * POINT_MM)
            caption = line_count((Piece(block.caption, True),), layout.font_size_pt, width) * single \
                if block.caption else 0.0
            pieces.append(_Piece(index, 0, height * MM + caption + FIGURE_CAPTION_GAP_PT, before, after))
        elif isinstance(block, SignatureBlock):
            height = _signature_lines(block, layout, width) * single + block.gap_mm * MM
            pieces.append(_Piece(index, 0, height, before, after, keep_with_prev=True))
            previous = [p for p in pieces[:first] if p.block == index - 1]
            if len(previous) >= 2:
                previous[-1].keep_with_prev = True
        elif isinstance(block, LampiranHeading):
            lines = len(block.lines) + len(block.fields)
            room = width * (1 - layout.lampiran_indent)
            lines += sum(line_count((Piece(t),), layout.font_size_pt, room) - 1 for t in block.lines)
            pieces.append(_Piece(index, 0, lines * single, before, after))
        elif isinstance(block, TableOfContents):
            for k, entry in enumerate(block.entries):
                room = width - (entry.level - 1) * layout.toc_indent_mm * MM - layout.toc_label_mm * MM
                lines = line_count((Piece(entry.text),), layout.font_size_pt, room)
                pieces.append(_Piece(index, k, lines * body_line, keep_with_prev=k == 1))
        elif isinstance(block, Spacer):
            pieces.append(_Piece(index, 0, block.height_mm * MM))
        elif isinstance(block, PageBreak):
            pieces.append(_Piece(index, 0, 0.0, break_before=True))
        if len(pieces) > first:
            if keep_next:
                # A heading or label keeps with the first piece of what follows; of a paragraph that
                # is its first line, which keeps the second with it: the rest may run on to the next
                # page, as Word's keep-with-next with widow control and the PDF renderer do.
                pieces[first].keep_with_prev = True
            keep_next = (isinstance(block, (Heading, LampiranHeading, Spacer))
                         or (isinstance(block, Paragraph) and block.keep_with_next))
    return pieces


def _table_pieces(table: Table, index: int, layout: Layout, before: float, after: float) -> list[_Piece]:
    heights = row_heights(table, layout)
    header_rows = table.header_row_count
    header = sum(heights[:header_rows])
    single = layout.line_pt(spacing=1.0)
    caption = 0.0
    if table.caption:
        width = sum(c.width for c in table.columns) * MM
        caption = (line_count((Piece(table.caption, True),), layout.font_size_pt, width) * single
                   + layout.caption_space_after_pt)
    body = heights[header_rows:]
    pieces = [_Piece(index, -1, caption + header + WORD_BREAK_PT, before, 0.0)]
    count = len(body)
    items = sum(1 for r in range(count) if table.kind(r) == "item")
    above = 0
    for r, height in enumerate(body):
        kind = table.kind(r)
        # A break may fall before row r only with MIN_SPLIT_ROWS item rows on each side of it.
        keep = (r == 0 or kind == "total" or table.kind(r - 1) == "group"
                or items <= NEVER_SPLIT_ROWS or above < MIN_SPLIT_ROWS or items - above < MIN_SPLIT_ROWS)
        pieces.append(_Piece(index, r, height, 0.0, after if r == count - 1 else 0.0,
                             keep_with_prev=keep, header=header + WORD_BREAK_PT))
        above += kind == "item"
    if not body:
        pieces[0].after = after
    return pieces


# --- pagination -----------------------------------------------------------------------------------

def _paginate(pieces: list[_Piece], frame: _Frame, first_page_room: float) -> list[int]:
    """Indices of the pieces that start a page (the first piece always does)."""
    starts = [0] if pieces else []
    used, pending, room = 0.0, 0.0, first_page_room
    start = 0
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if piece.break_before and i > start:
            starts.append(i)
            start, used, pending, room = i, 0.0, 0.0, frame.height - SAFETY_PT
            continue
        need = pending + piece.before + piece.height
        if i == start or used + need <= room:
            used += need
            pending = piece.after
            i += 1
            continue
        j = i
        while j > start and pieces[j].keep_with_prev:
            j -= 1
        if j == start:
            j = i
        starts.append(j)
        start, pending, room = j, 0.0, frame.height - SAFETY_PT
        used = pieces[j].header if pieces[j].part > 0 else 0.0
        i = j
    return _without_runts(pieces, starts, frame.height - SAFETY_PT)


def _height(pieces: list[_Piece], start: int, end: int) -> float:
    """Height of pieces[start:end] set on one page from its top."""
    if start >= end:
        return 0.0
    total = pieces[start].header if pieces[start].part > 0 else 0.0
    for k in range(start, end):
        total += pieces[k].height + (pieces[k].before if k > start else 0.0) + (pieces[k - 1].after if k > start else 0.0)
    return total


def _without_runts(pieces: list[_Piece], starts: list[int], room: float) -> list[int]:
    """Page starts moved back so that no page ending a chapter or section holds only a few lines.

    A page that the text runs onto and that is closed by a page break (the next chapter) or the end
    of the section must hold at least :data:`RUNT_PT`; it takes more lines from the page before,
    from the latest allowed break that gives it that much, as long as it still fits.
    """
    starts = list(starts)
    ends = [*starts[1:], len(pieces)]
    for k in range(1, len(starts)):
        begin, end = starts[k], ends[k]
        if pieces[begin].break_before or (end < len(pieces) and not pieces[end].break_before):
            continue
        if _height(pieces, begin, end) >= RUNT_PT:
            continue
        for j in range(begin - 1, starts[k - 1], -1):
            if pieces[j].keep_with_prev or pieces[j].break_before:
                continue
            if _height(pieces, j, end) > room or _height(pieces, starts[k - 1], j) < room / 2:
                break
            if _height(pieces, j, end) >= RUNT_PT:
                starts[k] = j
                ends[k - 1] = j
                break
    return starts


def _rebuild(blocks: tuple[Block, ...], pieces: list[_Piece], starts: list[int]) -> list[Block]:
    """The section's blocks with a PageBreak before each page and tables cut per page.

    A page that starts inside a paragraph or the Daftar Isi needs nothing: both renderers carry
    the rest of it over by themselves.
    """
    breaks: set[int] = set()
    cuts: dict[int, list[int]] = {}
    kept: dict[int, set[int]] = {}
    for piece in pieces:
        if piece.part > 0 and piece.keep_with_prev and isinstance(blocks[piece.block], Table):
            kept.setdefault(piece.block, set()).add(piece.part - 1)
    for s in starts[1:]:
        piece = pieces[s]
        block = blocks[piece.block]
        if isinstance(block, PageBreak) or (isinstance(block, (Paragraph, TableOfContents)) and piece.part > 0):
            continue
        if isinstance(block, Table) and piece.part > 0:
            cuts.setdefault(piece.block, []).append(piece.part)
        else:
            breaks.add(piece.block)
    out: list[Block] = []
    for index, block in enumerate(blocks):
        if index in breaks and not (out and isinstance(out[-1], PageBreak)):
            out.append(PageBreak())
        if not isinstance(block, Table):
            out.append(block)
            continue
        bounds = [0, *sorted(cuts.get(index, ())), len(block.body)]
        for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
            if k:
                out.append(PageBreak())
            out.append(_table_part(block, a, b, kept.get(index, set()), continued=k > 0))
    return out


def _table_part(table: Table, start: int, end: int, kept: set[int], continued: bool) -> Table:
    """Body rows ``start:end`` of ``table``, with the rows it keeps with the next one on its page."""
    rows = frozenset(r - start for r in kept if start <= r < end - 1)
    if start == 0 and end == len(table.body) and not continued:
        return table.with_kept_rows(rows) if rows else table
    kinds = table.row_kinds[start:end] if table.row_kinds else ()
    split = frozenset(r - start for r in table.split_rows if start <= r < end)
    return replace(table, body=table.body[start:end], row_kinds=kinds, split_rows=split, kept_rows=rows,
                   caption="" if continued else table.caption, continued=continued)


# --- blocks laid out in place -------------------------------------------------------------------

def _signature(block: SignatureBlock, layout: Layout, width: float) -> SignatureBlock:
    """The block on the right half, moved left as far as a quarter of the text width when the name
    or another line would not fit; a name still too long is broken at spaces into balanced lines."""
    size = layout.font_size_pt
    others = max([text_width(block.place_date, size), *(text_width(line, size) for line in block.details)])
    needed = max(text_width(block.name, size, True), others) + FIT_PT
    indent = min(0.5, max(SIGNATURE_MIN_INDENT, 1 - needed / width))
    room = width * (1 - indent) - FIT_PT
    name_lines: tuple[str, ...] = ()
    if text_width(block.name, size, True) > room:
        name_lines = _balanced(block.name, room, size)
    return replace(block, indent_fraction=round(indent, 4), name_lines=name_lines)


def _balanced(text: str, room: float, size: float) -> tuple[str, ...]:
    """``text`` (bold) broken at spaces into the fewest lines that fit ``room``, of even length."""
    words = text.split()
    lines = line_count((Piece(text, True),), size, room)
    target = text_width(text, size, True) / lines
    out: list[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}".strip()
        if current and (text_width(trial, size, True) > room
                        or (len(out) < lines - 1 and text_width(current, size, True) >= target)):
            out.append(current)
            current = word
        else:
            current = trial
    out.append(current)
    return tuple(out)


def _lampiran(block: LampiranHeading, layout: Layout) -> LampiranHeading:
    if not block.fields:
        return block
    widest = max(text_width(label, layout.font_size_pt) for label, _ in block.fields)
    return replace(block, label_width_mm=round(widest * POINT_MM + LAMPIRAN_COLON_GAP_MM, 2))


def _prepare(block: Block, layout: Layout, frame: _Frame) -> Block:
    if isinstance(block, Table):
        widths = column_widths(block, frame.width, layout)
        laid = _fit_cells(block, widths, layout)
        heights = row_heights(laid, layout)
        header = sum(heights[:laid.header_row_count])
        tall = frozenset(r for r, h in enumerate(heights[laid.header_row_count:]) if h > frame.height - header)
        return laid.with_split_rows(tall)
    if isinstance(block, SignatureBlock):
        return _signature(block, layout, frame.width)
    if isinstance(block, LampiranHeading):
        return _lampiran(block, layout)
    if isinstance(block, Paragraph):
        return _justified(block, layout, frame.width)
    return block


def _frame(layout: Layout, section: Section) -> _Frame:
    return _Frame(layout.text_width_mm(section.orientation) * MM,
                  layout.text_height_mm(section.orientation) * MM)


def page_label(numbering: str, number: int) -> str:
    """The printed page label of page ``number`` in a section numbered ``numbering``."""
    return romawi(number).lower() if numbering == "roman" else str(number)


def lay_out(document: Document) -> Document:
    """``document`` with its layout decided: widths, placements, page breaks, Daftar Isi.

    Text is measured in the document's own font (``layout.font_files``).
    """
    with measuring(document.layout.font_files):
        return _lay_out(document)


def _lay_out(document: Document) -> Document:
    layout = document.layout
    toc_entries = tuple(TocEntry(h.level, h.toc_text, "") for h in document.headings() if h.in_toc)
    prepared: list[Section] = []
    for section in document.sections:
        frame = _frame(layout, section)
        blocks = []
        for block in section.blocks:
            block = _prepare(block, layout, frame)
            if isinstance(block, TableOfContents):
                block = replace(block, entries=tuple(e for e in toc_entries if e.level <= block.max_level))
            blocks.append(block)
        prepared.append(replace(section, blocks=tuple(blocks)))

    sections: list[Section] = []
    labels: dict[int, str] = {}
    number = 0
    for s_index, section in enumerate(prepared):
        frame = _frame(layout, section)
        pieces = _pieces(section.blocks, layout, frame)
        room = frame.height - SAFETY_PT
        if s_index == 0 and document.kop is not None:
            room -= (document.kop.body_top_mm(layout) - layout.margins.top_mm) * MM
        starts = _paginate(pieces, frame, room)
        if s_index == 0 or section.restart_numbering:
            number = 0
        page = -1
        for i, piece in enumerate(pieces):
            if page + 1 < len(starts) and starts[page + 1] == i:
                page += 1
            block = section.blocks[piece.block]
            if isinstance(block, Heading) and section.numbering != "none":
                labels[id(block)] = page_label(section.numbering, number + page + 1)
        number += len(starts)
        sections.append(replace(section, blocks=tuple(_rebuild(section.blocks, pieces, starts))))

    entries = tuple(TocEntry(h.level, h.toc_text, labels.get(id(h), ""))
                    for s in sections for h in s.blocks if isinstance(h, Heading) and h.in_toc)
    final = []
    for section in sections:
        blocks = tuple(replace(b, entries=tuple(e for e in entries if e.level <= b.max_level))
                       if isinstance(b, TableOfContents) else b for b in section.blocks)
        final.append(replace(section, blocks=blocks))
    return replace(document, sections=tuple(final))
