"""The layout step: widths from the content, hyphenation, keep rules, page breaks, Daftar Isi."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from hypothesis import given, settings, strategies as st

from spmdocs.compose.layout import column_widths, lay_out, row_heights
from spmdocs.compose.measure import SOFT_HYPHEN, Piece, fit_word, line_count, longest_word, text_width
from spmdocs.model import (POINT_MM, Cell, Column, Document, DocumentInfo, Figure, Heading,
                           LampiranHeading, Layout, PageBreak, Paragraph, Section, SignatureBlock, Table,
                           TableOfContents)

LAYOUT = Layout()
PT = 1 / POINT_MM


def _document(*blocks, sections=None) -> Document:
    return Document(info=DocumentInfo(title="Uji", author="Uji", created=datetime(2026, 1, 19)),
                    sections=sections or (Section(tuple(blocks)),))


def _lines(count: int, words: int = 8) -> list[Paragraph]:
    return [Paragraph.of(" ".join(["kata"] * words) + f" {i}.") for i in range(count)]


def _pages(section: Section) -> list[list]:
    pages: list[list] = [[]]
    for block in section.blocks:
        if isinstance(block, PageBreak):
            pages.append([])
        else:
            pages[-1].append(block)
    return pages


def test_lines_break_at_spaces_and_soft_hyphens_like_the_renderers():
    word = (Piece("Kesenjangan"),)
    width = text_width("Kesenjangan", 10)
    assert line_count(word, 10, width) == 1
    assert line_count((Piece("Kesenjangan Kesenjangan"),), 10, width) == 2
    assert line_count((Piece("satu\ndua"),), 10, 500) == 2
    hyphenated = fit_word("Kesenjangan", width * 0.7, 10)
    assert SOFT_HYPHEN in hyphenated and hyphenated.replace(SOFT_HYPHEN, "") == "Kesenjangan"
    assert line_count((Piece(hyphenated),), 10, width * 0.7) == 2


def test_a_file_name_breaks_after_its_own_separators_not_inside_a_syllable():
    name = "rekap-pelaporan-e-spm-2025.pdf"
    fitted = fit_word(name, text_width("rekap-pelaporan-", 9) + 1, 9)
    assert fitted.replace("\n", "") == name and "\n" in fitted
    assert all(line.endswith(("-", ".")) for line in fitted.split("\n")[:-1])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["Penerima", "Dibutuhkan", "Kekurangan", "Perubahan", "Penanggulangan",
                                 "diperhitungkan", "Terlayani", "Kabupaten/Kota", "100%", "(%)"]),
                min_size=1, max_size=6),
       st.floats(min_value=25, max_value=120))
def test_a_fitted_word_never_needs_more_room_than_given(words, width):
    for word in words:
        fitted = fit_word(word, width, 9)
        assert fitted.replace(SOFT_HYPHEN, "").replace("\n", "") == word
        assert longest_word(fitted, 9) <= max(width, longest_word(_syllables_only(word), 9)) + 0.01


def _syllables_only(word: str) -> str:
    return fit_word(word, 1, 9)


def _table(header, rows, columns=None) -> Table:
    count = len(header)
    return Table(columns=columns or tuple(Column() for _ in range(count)),
                 header=(tuple(Cell(t, bold=True) for t in header),),
                 body=tuple(tuple(Cell(c) for c in row) for row in rows))


def test_every_column_is_at_least_as_wide_as_its_widest_word():
    table = _table(("No", "Jenis Pelayanan Dasar", "Kesenjangan (%)", "Kategori"),
                   [("1", "Pelayanan kesehatan bagi penduduk terdampak krisis kesehatan", "12,50", "Tuntas Madya")])
    widths = column_widths(table, LAYOUT.text_width_mm() * PT, LAYOUT)
    assert abs(sum(widths) - LAYOUT.text_width_mm() * PT) < 0.01
    pad = 2 * LAYOUT.cell_padding_mm * PT
    assert widths[2] >= text_width("Kesenjangan", 10, True) + pad
    assert widths[3] >= text_width("Tuntas Madya", 10) + pad  # a short cell is set on one line
    assert widths[1] == max(widths)


def _table_height(table: Table, widths: list[float]) -> float:
    from spmdocs.compose.layout import _fit_cells

    return sum(row_heights(_fit_cells(table, widths, LAYOUT), LAYOUT))


def test_room_goes_where_it_shortens_the_rows_not_only_the_cells():
    """A Rencana Aksi matrix (F4 landscape, 7,5 pt): long service names beside a five-line OPD
    name. Widening the service column saves its own lines, but no row gets shorter while the OPD
    cell stands five lines tall; the widths found are as short as the best split of the two
    columns' room (the first such layout was half as tall again)."""
    opd = "Dinas Perumahan Rakyat dan Kawasan Permukiman"
    services = [(True, "Penyediaan dan rehabilitasi rumah yang layak huni bagi korban bencana kabupaten/kota"),
                (False, "Pendataan Penyediaan dan Rehabilitasi Rumah Korban Bencana Kabupaten/Kota"),
                (False, "Rehabilitasi Rumah bagi Korban Bencana Kabupaten/Kota"),
                (True, "Fasilitasi penyediaan rumah yang layak huni bagi masyarakat yang terkena relokasi "
                       "program Pemerintah Daerah kabupaten/kota"),
                (False, "Penyediaan Rumah bagi Masyarakat yang Terkena Relokasi Program Pemerintah Daerah "
                        "Kabupaten/Kota")]
    header = ("No", "Kode", "Jenis Pelayanan Dasar / Sub Kegiatan", "Capaian Awal 2025 (%)", "Kesenjangan (%)",
              *[f"{label} {year}" for year in range(2026, 2031) for label in ("Target (%)", "Pagu (Rp ribu)")],
              "OPD Penanggung Jawab")
    body = []
    for i, (service, text) in enumerate(services):
        figures = ["88,29", "2.308.297"] * 5 if service else ["", "1.487.879"] * 5
        cells = [str(i) if service else "", "" if service else "1.04.02.2.01.0001", text,
                 *(["85,37", "14,63"] if service else ["", ""]), *figures, opd]
        body.append(tuple(Cell(c, bold=service) for c in cells))
    table = Table(columns=tuple(Column() for _ in header), header=(tuple(Cell(t, bold=True) for t in header),),
                  body=tuple(body), font_size_pt=7.5)
    width = 793.7  # F4 landscape between the Tata Naskah Dinas margins
    widths = column_widths(table, width, LAYOUT)
    assert abs(sum(widths) - width) < 0.01
    found = _table_height(table, widths)
    both = widths[2] + widths[-1]
    best = min(_table_height(table, [*widths[:2], both - opd_width, *widths[3:-1], opd_width])
               for opd_width in range(50, int(both) - 60, 2))
    assert found <= best * 1.05
    pad = 2 * LAYOUT.cell_padding_mm * PT
    assert widths[-1] >= text_width("Dinas Perumahan", 7.5, True) + pad  # the OPD name on at most four lines


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["dan", "Pelayanan", "kesehatan", "Kabupaten/Kota", "ibu", "hamil", "SPM",
                                 "Penyelenggaraan", "di", "Permukiman"]), min_size=1, max_size=14),
       st.floats(min_value=0, max_value=300), st.booleans())
def test_a_cells_ladder_gives_the_line_count_at_every_room(words, extra, bold):
    """The least rooms a cell's line counts are read from agree with counting its lines."""
    from spmdocs.compose.layout import _lines_at
    from spmdocs.compose.measure import current_font_files

    text = " ".join(words)
    room = longest_word(text, 10, bold) + extra
    assert _lines_at(text, bold, 10, room, current_font_files()) == line_count((Piece(text, bold),), 10, room)


def test_a_table_too_wide_for_its_words_hyphenates_instead_of_cutting():
    titles = [f"Penanggulangan{i}" for i in range(14)]
    laid = lay_out(_document(_table(titles, [["1"] * 14])))
    table = next(b for b in laid.sections[0].blocks if isinstance(b, Table))
    assert all(SOFT_HYPHEN in cell.text for cell in table.header[0])
    widths = [c.width * PT - 2 * LAYOUT.cell_padding_mm * PT for c in table.columns]
    for cell, room in zip(table.header[0], widths):
        assert longest_word(cell.text, 10, True) <= room + 1


def test_syllables_are_measured_only_for_a_table_whose_words_do_not_fit():
    """Widest syllables (and pyphen's dictionary, some 75 ms a process) are only wanted when the
    widest words overflow: a table that fits measures none, a too-wide one measures its cells."""
    from spmdocs.compose.layout import _cell_floors

    _cell_floors.cache_clear()
    lay_out(_document(_table(("No", "Jenis Pelayanan Dasar", "Capaian"), [("1", "Pendidikan anak usia dini", "98,5")])))
    assert _cell_floors.cache_info().misses == 0
    lay_out(_document(_table([f"Penanggulangan{i}" for i in range(14)], [["1"] * 14])))
    assert _cell_floors.cache_info().misses >= 14


def test_rows_are_measured_from_their_tallest_cell():
    table = lay_out(_document(_table(("No", "Uraian"), [("1", "satu"), ("2", " ".join(["panjang"] * 80))]))) \
        .sections[0].blocks[0]
    heights = row_heights(table, LAYOUT)
    assert heights[-1] > 3 * heights[-2]


def test_a_page_break_goes_before_the_block_that_starts_each_page():
    laid = lay_out(_document(*_lines(80)))
    pages = _pages(laid.sections[0])
    assert len(pages) >= 3
    assert all(isinstance(block, Paragraph) for page in pages for block in page)


def test_a_heading_keeps_with_the_first_two_lines_of_the_paragraph_after_it():
    """A heading never ends a page, yet a long paragraph after it may run on to the next page:
    the heading moves only when it and two lines do not fit, so no near-empty page arises."""
    heading = Heading(2, "Latar Belakang", number="A.")
    full = len(_pages(lay_out(_document(*_lines(80))).sections[0])[0])
    for lead in range(full - 8, full + 1):
        laid = lay_out(_document(*_lines(lead), heading, *_lines(1, words=300)))
        pages = _pages(laid.sections[0])
        assert all(page[-1] is not heading for page in pages)
        moved = any(page[0] is heading for page in pages[1:])
        assert moved == (lead >= full - 2), lead


def test_a_signature_takes_the_last_rows_of_a_table_along():
    rows = [(str(i), f"Pelayanan nomor {i}") for i in range(80)]
    signature = SignatureBlock("Tanjung Selor, 19 Januari 2026", ("BUPATI BULUNGAN,",), "NAMA BUPATI")
    for extra in range(0, 12):
        laid = lay_out(_document(*_lines(2), _table(("No", "Uraian"), rows[:40 + extra]), signature))
        pages = _pages(laid.sections[0])
        last = pages[-1]
        assert last[-1] == replace(signature, indent_fraction=last[-1].indent_fraction)
        assert isinstance(last[0], Table) and len(last[0].body) >= 2


def test_a_table_cut_over_pages_repeats_its_header_and_keeps_its_caption_once():
    table = replace(_table(("No", "Uraian"), [(str(i), "baris") for i in range(120)]), caption="Tabel 1 Uji")
    parts = [b for b in lay_out(_document(table)).sections[0].blocks if isinstance(b, Table)]
    assert len(parts) >= 2
    assert parts[0].caption == "Tabel 1 Uji" and all(p.caption == "" and p.continued for p in parts[1:])
    assert all(p.header == table.header for p in parts)
    assert sum(len(p.body) for p in parts) == 120


def test_the_daftar_isi_lists_the_page_labels_the_layout_decided():
    front = Section((Heading(1, "DAFTAR ISI", in_toc=False), TableOfContents()), numbering="roman",
                    restart_numbering=True)
    body = Section((Heading(1, "PENDAHULUAN", number="BAB I"), *_lines(70),
                    Heading(1, "PENUTUP", number="BAB II", page_break_before=True), *_lines(2)),
                   restart_numbering=True)
    laid = lay_out(_document(sections=(front, body)))
    toc = next(b for b in laid.sections[0].blocks if isinstance(b, TableOfContents))
    pages = _pages(laid.sections[1])
    closing = next(i for i, page in enumerate(pages, 1) if any(getattr(b, "title", "") == "PENUTUP" for b in page))
    assert [(e.text, e.label) for e in toc.entries] == [("BAB I PENDAHULUAN", "1"), ("BAB II PENUTUP", str(closing))]


def test_a_long_name_moves_the_signature_left_and_a_longer_one_wraps():
    short = SignatureBlock("Tanjung Selor, 19 Januari 2026", ("BUPATI BULUNGAN,",), "NAMA BUPATI")
    longer = replace(short, name="Dr. H. MUHAMMAD ABDURRAHMAN, S.H., M.Si.")
    longest = replace(short, name="Prof. Dr. Ir. H. MUHAMMAD ABDURRAHMAN WIRAATMADJA KUSUMANEGARA, S.H., M.H., M.Si., Ph.D.")
    laid = [b for b in lay_out(_document(short, longer, longest)).sections[0].blocks if isinstance(b, SignatureBlock)]
    assert laid[0].indent_fraction == 0.5 and laid[0].printed_name == ("NAMA BUPATI",)
    assert 0.25 <= laid[1].indent_fraction < 0.5 and len(laid[1].printed_name) == 1
    width = LAYOUT.text_width_mm() * PT * (1 - laid[2].indent_fraction)
    assert len(laid[2].printed_name) == 2
    assert all(text_width(line, 12, True) <= width for line in laid[2].printed_name)
    assert " ".join(laid[2].printed_name) == longest.name


def test_lampiran_colons_line_up_after_the_widest_label():
    block = LampiranHeading(("LAMPIRAN I", "LAPORAN"), fields=(("NOMOR", "1"), ("TANGGAL", "19 JANUARI 2026")))
    laid = lay_out(_document(block)).sections[0].blocks[0]
    assert laid.label_width_mm * PT > text_width("TANGGAL", 12)


def test_a_figure_keeps_its_aspect_within_the_page():
    figure = Figure(image=b"", aspect=3.0, width_mm=150)
    width, height = figure.size_mm(165, 285)
    assert abs(height / width - 3.0) < 1e-9 and height <= 285 * 0.85 + 1e-9


def test_the_same_document_is_laid_out_the_same_way_twice():
    document = _document(*_lines(50), _table(("No", "Uraian"), [(str(i), "baris") for i in range(60)]))
    assert lay_out(document) == lay_out(document)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Pelayanan", "Dasar", "Kesehatan", "1.234.567,89", "Tuntas", "Madya", "a", "",
                                 "Kesehatan/Pendidikan/Perumahan", "(%)", "Rp1.250.000"]), max_size=12),
       st.floats(5, 300), st.one_of(st.none(), st.floats(5, 300)), st.booleans())
def test_plain_line_count_is_the_general_one(words, width, first_width, bold):
    """The fast count of a plain cell (one piece, no breaks, no soft hyphens) is the general count."""
    from spmdocs.compose.measure import _line_count, _plain_line_count

    piece = Piece(" ".join(words), bold)
    assert _plain_line_count(piece, 9, width, first_width) == _line_count((piece,), 9, width, first_width)


def test_remembered_cell_lines_follow_the_font_being_measured():
    from spmdocs.compose.layout import _cell_lines_in
    from spmdocs.compose.measure import current_font_files, measuring
    from spmdocs.resources import resource_path

    serif = tuple(str(resource_path("fonts", f"LiberationSerif-{face}.ttf"))
                  for face in ("Regular", "Bold", "Italic", "BoldItalic"))
    text = "Pelayanan kesehatan bagi penduduk terdampak krisis kesehatan akibat bencana"
    sans_width = text_width(text, 10)
    with measuring(serif):
        serif_width = text_width(text, 10)
    width = (sans_width + serif_width) / 2  # one line in the narrower serif, two in sans
    assert _cell_lines_in(text, False, 10, width, current_font_files()) == 2
    with measuring(serif):
        assert _cell_lines_in(text, False, 10, width, current_font_files()) == 1
    assert _cell_lines_in(text, False, 10, width, current_font_files()) == 2


def test_remembered_cell_measures_follow_the_font_being_measured():
    """The widths column_widths remembers per cell text are those of the font measured in."""
    from spmdocs.compose.layout import _cell_floors, _cell_measures
    from spmdocs.compose.measure import current_font_files, longest_word, measuring, syllable_width
    from spmdocs.resources import resource_path

    serif = tuple(str(resource_path("fonts", f"LiberationSerif-{face}.ttf"))
                  for face in ("Regular", "Bold", "Italic", "BoldItalic"))
    text = "Pelayanan kesehatan\nbagi penduduk terdampak"

    def measures(files):
        return (*_cell_measures(text, 10, True, files), _cell_floors(text, 10, True, files)[0])

    sans = measures(current_font_files())
    serif_measures = measures(serif)
    assert sans != serif_measures
    for files, remembered in (((), sans), (serif, serif_measures)):
        with measuring(files):
            assert remembered == (longest_word(text, 10, True),
                                  max(text_width(line, 10, True) for line in text.split("\n")),
                                  max(syllable_width(w, 10, True) for w in text.split()))


def test_the_measure_caches_of_a_worker_stay_small():
    """Every cache of text measures is bounded to a few thousand entries: a batch unit brings some
    150 new texts (its own figures), and a worker making 1 000 units with caches of 65 536 and
    200 000 entries grew by some 50 MiB (a batch worker's memory is bounded, issue #14)."""
    from functools import _lru_cache_wrapper

    from spmdocs.compose import layout, measure

    caches = [f for module in (layout, measure) for f in vars(module).values()
              if isinstance(f, _lru_cache_wrapper) and f.__module__ == module.__name__]
    unbounded = {f.__name__ for f in caches if f.cache_info().maxsize is None}
    assert unbounded == {"_faces", "_hyphenator"}  # one entry per font and one dictionary
    bounded = [f.cache_info().maxsize for f in caches if f.cache_info().maxsize is not None]
    assert len(bounded) >= 7 and sum(bounded) <= 40_000


def _kegiatan(sub_kegiatan: str, opd: str = "Dinas Sosial") -> Table:
    header = ("No", "Kode Sub Kegiatan", "Sub Kegiatan", "OPD", "Anggaran (Rp)", "Realisasi (Rp)", "%")
    rows = [(str(i), f"1.0{i}.02.1.01.0023", "Penyediaan Pendidik dan Tenaga Kependidikan", "Dinas Pendidikan",
             "16.310.983.000", "12.047.032.480", "73,86") for i in range(1, 5)]
    rows.append(("5", "1.06.04.1.01.0001", sub_kegiatan, opd, "508.254.000", "419.371.026", "82,51"))
    columns = tuple(Column(align=a) for a in ("center", "left", "left", "left", "right", "right", "right"))
    return _table(header, rows, columns)


def test_figures_never_break_and_a_long_word_breaks_in_its_own_column():
    """One word wider than the room left (slash-joined, or none to break at) is broken inside its
    own column; amounts, percentages and codes keep their whole width and never wrap."""
    long_words = ("Pengadaan/Pemeliharaan/Rehabilitasi/Peningkatan/Pembangunan Sarana dan Prasarana Panti Sosial",
                  "PenyediaanPermakananBagiPenyandangDisabilitasTerlantarDalamPantiSosialMilikPemerintahProvinsi")
    pad = 2 * LAYOUT.cell_padding_mm * PT
    for text in long_words:
        for table in (_kegiatan(text), _kegiatan("Penyediaan Permakanan", opd=text.split()[0])):
            laid = next(b for b in lay_out(_document(table)).sections[0].blocks if isinstance(b, Table))
            widths = [c.width * PT for c in laid.columns]
            for before, after in zip(table.body, laid.body):
                for col in (1, 4, 5, 6):
                    assert after[col].text == before[col].text
                    assert text_width(before[col].text, 10) + pad <= widths[col]
                    assert line_count((Piece(after[col].text),), 10, widths[col] - pad) == 1
            long_col = 2 if table.body[-1][2].text == text else 3
            fitted = laid.body[-1][long_col].text
            assert fitted.replace("\n", "").replace(SOFT_HYPHEN, "") == table.body[-1][long_col].text
            assert longest_word(fitted, 10) <= widths[long_col] - pad + 0.01


def _parts(section: Section) -> list[list[Table]]:
    return [[b for b in page if isinstance(b, Table)] for page in _pages(section)]


def test_a_table_cut_over_pages_keeps_two_rows_on_each_side_and_a_short_one_whole():
    """Wherever a table lands, a cut leaves at least two item rows on each page (the total not
    counted), and a table of three rows or fewer is moved whole rather than cut."""
    signature = SignatureBlock("Tanjung Selor, 19 Januari 2026", ("BUPATI BULUNGAN,",), "NAMA BUPATI")
    for rows in (2, 3, 12):
        body = [(str(i), f"Pelayanan nomor {i}", "12,50") for i in range(rows)]
        table = replace(_table(("No", "Uraian", "Capaian (%)"), [*body, ("", "Jumlah", "12,50")]),
                        row_kinds=("item",) * rows + ("total",))
        for lead in range(18, 34):
            laid = lay_out(_document(*_lines(lead), table, signature))
            parts = [t for page in _parts(laid.sections[0]) for t in page]
            assert sum(len(t.body) for t in parts) == rows + 1
            if rows <= 3:
                assert len(parts) == 1, (rows, lead)
            for part in parts:
                assert sum(1 for r in range(len(part.body)) if part.kind(r) == "item") >= 2, (rows, lead)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Pelayanan", "Dasar", "Kesehatan", "1.234.567,89", "Tuntas", "(%)", "a", "",
                                 "Kesehatan/Pendidikan/Perumahan", "www.dp3appkb.kaltaraprov.go.id",
                                 "Pemberdayaan" * 4]), max_size=14),
       st.floats(20, 300), st.booleans())
def test_wrapped_rows_each_fit_and_are_as_many_as_the_count_when_every_word_fits(words, width, bold):
    """The kop's rows (measure.wrap): every row fits, they give back the text, and a text whose
    words all fit takes the lines line_count counts (what Word and ReportLab would make of it;
    line_count takes a run of spaces for one, wrap keeps the run as the kop prints it)."""
    from spmdocs.compose.measure import wrap

    text = " ".join(words).strip(" ")
    rows = wrap(text, 10, width, bold)
    assert all(text_width(row, 10, bold) <= width + 0.01 for row in rows)
    assert "".join(rows).replace("-", "").replace(" ", "") == text.replace("-", "").replace(" ", "")
    if longest_word(text, 10, bold) <= width and "  " not in text:
        assert len(rows) == line_count((Piece(text, bold),), 10, width)


def test_a_long_cells_ladder_is_right_at_every_room_a_page_can_give():
    from spmdocs.compose.layout import _lines_at
    from spmdocs.compose.measure import current_font_files

    text = " ".join(["Pelayanan kesehatan bagi penduduk terdampak krisis kesehatan akibat bencana"] * 30)
    for room in range(80, 800, 37):
        assert _lines_at(text, False, 10, room, current_font_files()) == line_count((Piece(text, False),), 10, room)


# --- justified paragraphs: the word after a loose line is broken ---------------------------------

def _body(text: str, **kwargs) -> Paragraph:
    laid = lay_out(_document(Paragraph.of(text, **kwargs)))
    return next(b for b in laid.sections[0].blocks if isinstance(b, Paragraph))


def _printed_lines(paragraph: Paragraph) -> list[float]:
    """The slack (points) of every line but the last, as the renderers fill them."""
    from spmdocs.compose.layout import _paragraph_measure
    from spmdocs.compose.measure import _soft_split, _word_width, words

    pieces, size, width, first = _paragraph_measure(paragraph, LAYOUT, LAYOUT.text_width_mm() * 72 / 25.4)
    space, slack, used, room, count, queue = text_width(" ", size), [], 0.0, first or width, 0, words(pieces)
    while queue:
        word = queue.pop(0)
        needed = _word_width(word, size) + (space if count else 0.0)
        if used + needed <= room + 0.01:
            used, count = used + needed, count + 1
            continue
        split = _soft_split(word, room - used - (space if count else 0.0), size)
        if split is not None and split[0]:
            queue.insert(0, split[1])
            word = split[0]
            used += _word_width(word, size) + space + text_width("-", size)
        else:
            queue.insert(0, word)
        slack.append((room - used) / max(count - 1, 1) if count > 1 else 0.0)
        used, room, count = 0.0, width, 0
    return slack


LOOSE = ("Data capaian diverifikasi oleh Direktorat Jenderal Bina Pembangunan Daerah Kementerian Dalam "
         "Negeri sesuai ketentuan pertanggungjawabannya dan ketidakberfungsiannya dalam penyelenggaraan "
         "pemerintahan daerah yang berlaku.")


def test_a_word_that_would_leave_a_loose_line_gets_soft_hyphens_and_no_line_stays_loose():
    before = Paragraph.of(LOOSE)
    space = text_width(" ", LAYOUT.font_size_pt)
    assert max(_printed_lines(before)) > 2 * space  # the unbroken text has a loose line
    after = _body(LOOSE)
    assert SOFT_HYPHEN in after.text and after.text.replace(SOFT_HYPHEN, "") == LOOSE
    assert max(_printed_lines(after)) <= 2 * space + 0.01


def test_figures_addresses_and_other_alignments_are_broken_only_where_they_may_be():
    amount = "Rp1.234.567.890.123.456"
    text = LOOSE.replace("pertanggungjawabannya", amount)
    assert amount in _body(text).text  # an amount never breaks
    assert _body(LOOSE, align="left").text == LOOSE  # only justified lines are stretched
    url = "https://spm.bangda.kemendagri.go.id/laporan/penerapan/2025/provinsi"
    marked = _body(f"Data capaian dilaporkan melalui aplikasi e-SPM pada laman {url} yang dikelola oleh "
                   "Kementerian Dalam Negeri.").text
    assert marked.count("\u200b") == 1  # one break, where ReportLab breaks it
    head, tail = marked.split(" laman ")[1].split(" ")[0].split("\u200b")  # after a slash
    assert head.endswith("/") and head + tail == url
