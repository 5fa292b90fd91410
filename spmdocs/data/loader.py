"""Load clerks' CSV, XLSX and ODS tables into one canonical DataFrame, collecting every problem found.

:func:`load_table` never raises for bad content. It reads each file (CSV with ``,``/``;``/tab and
UTF-8, UTF-8 with BOM or Windows-1252; XLSX or LibreOffice's ODS by sheet name, ``file.xlsx#Sheet``
or the first visible sheet, merged cells filled in as Excel shows them), finds every table in the sheet with its
title rows (:mod:`spmdocs.data.layout`), reads each into canonical rows (:mod:`spmdocs.data.rows`),
resolves every service to its catalog code and every daerah name without a code to its Kemendagri
code, and reports what it could not read as :class:`~spmdocs.errors.Problem` objects pointing at
file, sheet, row and the clerk's heading. Row numbers are the ones the clerk sees: Excel's row
number, or the line in a text editor.

The sectioned layout of the SPM application formats (blocks "A. … PENERIMA LAYANAN DASAR",
"B. … MUTU MINIMAL", "C. … ANGGARAN" in one sheet) is read as one capaian table: block A gives the
counts of each service, the mutu items of block B under each service give its mutu figures, and
block C its budget.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from spmdocs import guard, zipcheck
from spmdocs.data import cells as cells_of
from spmdocs.data import ods, strict
from spmdocs.data.layout import HEADER_SEARCH_ROWS, Header, Segment, cell_label, first_header, segments
from spmdocs.data.problems import MAX_PER_RULE, ProblemCollector
from spmdocs.data.rows import (check_aliases, empty_column, heading_list, hidden_hint, map_distinct, segment_frame,
                               triwulan_number)
from spmdocs.data.schema import SCHEMAS, get_schema, normalize_heading
from spmdocs.errors import DataError, Location, Problem

__all__ = ["LoadResult", "PathLike", "empty_frame", "heading_of", "load_table", "map_distinct", "read_cells",
           "split_sheet", "triwulan_number"]

PathLike = str | Path
GUESS_LINE_CHARS = 10_000
"""Characters of each first line looked at to guess the CSV delimiter (a huge cell is cut off)."""
CSV_DELIMITERS = (";", ",", "\t", "|")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
INTERNAL_COLUMNS = ("_blok", "_jenis_mutu")


@dataclass
class LoadResult:
    """The canonical table of one run and every problem met while reading or checking it.

    ``headings`` maps (file, sheet) to {canonical column: heading as written in that file}, so
    later messages can name the column the way the clerk wrote it. ``error_cells`` holds
    (file, sheet, row, heading) of every cell already reported as an error.
    """

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    kind: str = "capaian"
    headings: dict[tuple[str, str | None], dict[str, str]] = field(default_factory=dict)
    error_cells: frozenset[tuple] = frozenset()
    rows_read: int | None = None
    """Data rows read when ``frame`` holds them summed per daerah × service (None: one row each)."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def heading(self, file: str, sheet: str | None, column: str) -> str:
        """The heading ``file`` uses for canonical ``column`` (its standard label if absent)."""
        return heading_of(self.headings, self.kind, file, sheet, column)


def heading_of(headings: Mapping[tuple[str, str | None], Mapping[str, str]], kind: str, file: str,
               sheet: str | None, column: str) -> str:
    """The clerk's heading for canonical ``column`` in ``file``/``sheet``, else its standard label."""
    found = headings.get((file, sheet), {}).get(column)
    if found:
        return found
    schema = SCHEMAS.get(kind)
    return schema.column(column).label if schema and schema.has(column) else column


@dataclass
class _Grid:
    """Raw cells of one sheet or CSV file, with the source row number of each grid row.

    ``merged`` holds the rows whose one text is merged across several columns (titles).
    """

    file: str
    sheet: str | None
    cells: pd.DataFrame
    rows: np.ndarray
    hidden_sheets: tuple[str, ...] = ()
    merged: dict[int, str] = field(default_factory=dict)
    other_sheets: dict[str, str] = field(default_factory=dict)
    """Other sheets whose first rows hold SPM headings: title -> table kind (for a --lembar hint)."""
    hidden_rows: frozenset[int] = frozenset()
    """Sheet row numbers the workbook hides (they are read like the others)."""
    hidden_columns: tuple[str, ...] = ()
    """Letters of the hidden columns that hold cells."""


class _Unreadable(Exception):
    """A file cannot be read at all; the message is for the clerk (``sheet``: the sheet at fault, if one)."""

    def __init__(self, message: str, sheet: str | None = None):
        super().__init__(message)
        self.sheet = sheet


def empty_frame(kind: str = "capaian") -> pd.DataFrame:
    """A frame with no rows and the canonical columns and dtypes of ``kind``."""
    schema = get_schema(kind)
    data = {column.name: empty_column(column.type, 0) for column in schema.columns}
    data["_file"] = pd.Series([], dtype="str")
    data["_sheet"] = pd.Series([], dtype=object)
    data["_row"] = pd.Series([], dtype="int64")
    return pd.DataFrame(data)


def split_sheet(path: PathLike) -> tuple[Path, str | None]:
    """Split ``"data.xlsx#Sheet Name"`` into the path and the sheet name (None without ``#``).

    A path that exists as written is never split, so a file name containing ``#`` still works.
    """
    text = str(path)
    if "#" not in text or Path(text).exists():
        return Path(text), None
    cuts = [i for i, ch in enumerate(text) if ch == "#"]
    cut = next((i for i in cuts if Path(text[:i]).is_file()), cuts[0])
    return Path(text[:cut]), text[cut + 1:] or None


def load_table(paths: PathLike | Sequence[PathLike], kind: str | None = "capaian", *,
               sheet: str | None = None, aliases: Mapping[str, Iterable[str]] | None = None,
               catalog=None, defaults: Mapping[str, object] | None = None,
               limit: int | None = MAX_PER_RULE) -> LoadResult:
    """Read and concatenate ``paths`` as tables of ``kind`` (None: detect from the headings).

    ``sheet`` picks the sheet of every XLSX file unless its path says ``#Sheet``. ``aliases``
    (canonical column -> extra headings, ``data.alias_kolom``) extends the built-in headings.
    ``defaults`` ({"kode_wilayah": …, "tahun": …}, from the report config) fill a column that
    neither the table nor its titles give. ``catalog`` defaults to the packaged SPM catalog.
    Problems are collected in the result, never raised; ``limit`` caps the problems reported per
    rule and column (None: all).
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    catalog = catalog or _default_catalog()
    defaults = dict(defaults or {})
    collector = ProblemCollector(limit)
    check_aliases(aliases, {name for schema in SCHEMAS.values() for name in schema.names}
                  | {"persen", "belum_terlayani"}, collector)
    frames: list[pd.DataFrame] = []
    headings: dict[tuple[str, str | None], dict[str, str]] = {}
    chosen_kind = kind
    first_file: str | None = None
    if kind is not None:
        get_schema(kind)
    for given in paths:
        file_path, path_sheet = split_sheet(given)
        file = str(file_path)
        try:
            grid = _read_grid(file_path, path_sheet or sheet, aliases)
        except _Unreadable as exc:
            collector.add(str(exc), Location(file=file, sheet=exc.sheet or path_sheet or sheet))
            continue
        header = first_header(grid.cells, kind, aliases)
        file_kind = header.kind if header else (kind or "capaian")
        if chosen_kind is None:
            chosen_kind, first_file = file_kind, file
        elif kind is None and file_kind != chosen_kind:
            collector.add(
                f"Berkas ini tampaknya tabel {SCHEMAS[file_kind].label}, sedangkan berkas "
                f"{first_file} tabel {SCHEMAS[chosen_kind].label}; muat tiap jenis tabel terpisah.",
                Location(file=file, sheet=grid.sheet))
            continue
        schema = get_schema(chosen_kind)
        if header is None or header.kind != schema.kind:
            header = first_header(grid.cells, schema.kind, aliases)
        read = _read_sheet(grid, header, schema, aliases, catalog, defaults, collector, headings)
        _hidden_note(grid, read, collector)
        frames += read
        if header is not None:
            _ignored_sheets(grid, schema.kind, collector)
    final_kind = chosen_kind or "capaian"
    if frames:
        frame = pd.concat(frames, ignore_index=True)
        frame["_sheet"] = frame["_sheet"].astype(object)
        frame = _resolve(frame, catalog, headings, final_kind, collector)
    else:
        frame = empty_frame(final_kind)
    return LoadResult(frame, collector.finish(), final_kind, headings, frozenset(collector.error_cells))


def _hidden_note(grid: _Grid, frames: list[pd.DataFrame], collector) -> None:
    """A warning for the hidden rows read into the table and the hidden columns that hold cells:
    Excel does not show them, yet they count like any other."""
    read = {int(r) for frame in frames for r in frame["_row"].tolist()} if grid.hidden_rows else set()
    rows = sorted(read & grid.hidden_rows)
    parts = []
    if rows:
        listed = ", ".join(str(r) for r in rows[:10]) + (f" dan {len(rows) - 10} lainnya" if len(rows) > 10 else "")
        parts.append(f"baris tersembunyi {listed} ikut dibaca dan dihitung")
    if grid.hidden_columns:
        parts.append(f"kolom tersembunyi {', '.join(grid.hidden_columns[:10])} ikut dibaca")
    if parts:
        said = "; ".join(parts)
        collector.add(f"{said[0].upper()}{said[1:]}, walau tidak tampil di Excel; tampilkan (Unhide) untuk "
                      "memeriksanya, atau hapus bila tidak dimaksudkan.",
                      Location(file=grid.file, sheet=grid.sheet, row=rows[0] if rows else None), "warning")


def _read_sheet(grid: _Grid, header: Header | None, schema, aliases, catalog, defaults,
                collector: ProblemCollector, headings: dict) -> list[pd.DataFrame]:
    """The canonical rows of every table in one sheet or CSV file."""
    if header is None:
        if not len(grid.cells) or not grid.cells.notna().to_numpy().any():
            collector.add("Berkas kosong: tidak ada judul kolom maupun baris data.",
                          Location(file=grid.file, sheet=grid.sheet))
        else:
            first = next(i for i in range(len(grid.cells)) if grid.cells.iloc[i].notna().any())
            labels = [label for label in (str(v).strip() for v in grid.cells.iloc[first].tolist()
                                          if v is not None and not (isinstance(v, float) and np.isnan(v)))
                      if label]
            found = heading_list(labels)
            for group in schema.required:
                names = " atau ".join(f"'{schema.column(n).label}'" for n in group)
                collector.add(
                    f"Kolom wajib {names} tidak ditemukan. Judul kolom yang ditemukan di baris "
                    f"{int(grid.rows[first])}: {found}. Tambahkan kolom itu atau daftarkan judulnya di "
                    "data.alias_kolom konfigurasi." + hidden_hint(grid),
                    Location(grid.file, grid.sheet, int(grid.rows[first]), schema.column(group[0]).label))
        return []
    level = _level_of_defaults(defaults)
    frames = []
    for segment in segments(grid.cells, header, aliases, catalog, level, grid.merged):
        _report_skipped(grid, segment, collector)
        if schema.kind == "mutu" and segment.context.get("blok") in ("penerima", "anggaran"):
            continue
        if schema.kind == "kegiatan" and segment.context.get("blok"):
            continue
        frame, used = segment_frame(grid, segment, schema, aliases, defaults, collector)
        own = headings.setdefault((grid.file, grid.sheet), {})
        for name, heading in used.items():
            own.setdefault(name, heading)
        if frame is not None:
            frames.append(frame)
    return frames


def _report_skipped(grid: _Grid, segment: Segment, collector: ProblemCollector) -> None:
    for start, stop, title in segment.skipped:
        first, last = int(grid.rows[start]), int(grid.rows[stop])
        span = f"baris {first}" if first == last else f"baris {first}–{last}"
        collector.add(f"Bagian '{title}' ({span}) dilewati: nilai dan rekapitulasi dihitung spmdocs sendiri "
                      "dari baris data.", Location(grid.file, grid.sheet, first), "warning")


def _level_of_defaults(defaults: Mapping[str, object]) -> str | None:
    from spmdocs.spm.catalog import level_of

    kode = defaults.get("kode_wilayah")
    return level_of(str(kode)) if kode else None


# --- reading files -------------------------------------------------------------------------

def read_cells(path: PathLike, sheet: str | None = None) -> "_Grid":
    """The raw cells of a CSV or of one sheet of a workbook exactly as the loader reads them
    (``.cells``, ``.rows`` the row number of each in the file, ``.sheet``); DataError when unreadable."""
    try:
        return _read_grid(Path(path), sheet, None)
    except _Unreadable as exc:
        raise DataError([Problem(str(exc), Location(file=str(path), sheet=exc.sheet or sheet))]) from None


def _read_grid(path: Path, sheet: str | None, aliases) -> _Grid:
    bad_name = guard.path_reason(path)
    if bad_name:
        raise _Unreadable(f"Berkas tidak dapat dibuka: {bad_name}.")
    if not path.exists():
        raise _Unreadable("Berkas tidak ditemukan. Periksa nama berkas dan foldernya.")
    if path.is_dir():
        raise _Unreadable("Ini sebuah folder, bukan berkas data.")
    odd = guard.not_regular(path)
    if odd:
        raise _Unreadable(f"Berkas data tidak dapat dibaca: {odd}. Tulis jalur berkas CSV, .xlsx atau .ods.")
    try:
        with path.open("rb") as handle:
            magic = handle.read(8)
    except OSError as exc:
        raise _Unreadable(f"Berkas tidak dapat dibuka ({exc.strerror}); mungkin sedang dibuka di "
                          "program lain atau tidak ada izin baca.") from exc
    suffix = path.suffix.lower()
    if magic.startswith(_OLE_MAGIC):
        raise _Unreadable(
            "Berkas ini berformat Excel lama (.xls) atau dilindungi kata sandi, dan tidak bisa "
            "dibaca. Buka di Excel, lalu Simpan Sebagai 'Excel Workbook (.xlsx)' tanpa kata sandi.")
    if magic.startswith(_ZIP_MAGIC):
        kind = ods.mimetype(path)
        if kind == ods.MIMETYPE or (kind is None and suffix == ".ods"):
            return _read_ods(path, sheet)
        if kind is not None and kind.startswith(ods.OPENDOCUMENT):
            raise _Unreadable("Berkas ini dokumen OpenDocument lain (misalnya teks .odt), bukan lembar kerja. "
                              "Pilih berkas lembar kerja .ods, .xlsx atau CSV.")
        other = _other_office_package(path)
        if other:
            raise _Unreadable(other)
    if suffix in (".xlsx", ".xlsm") or magic.startswith(_ZIP_MAGIC):
        return _read_xlsx(path, sheet)
    if suffix == ".ods":
        raise _Unreadable("Berkas .ods ini rusak atau bukan lembar kerja OpenDocument yang sah. Buka di "
                          "LibreOffice Calc lalu simpan ulang sebagai .ods atau .xlsx.")
    if suffix == ".xls":
        raise _Unreadable("Berkas .xls ini tidak dapat dibaca. Simpan ulang sebagai .xlsx atau CSV.")
    return _read_csv(path, aliases)


_OTHER_PACKAGES = (
    ("xl/workbook.bin", "Berkas ini buku kerja Excel biner (.xlsb), yang tidak dapat dibaca. Buka di Excel, lalu "
                        "Simpan Sebagai 'Excel Workbook (.xlsx)'."),
    ("word/document.xml", "Berkas ini dokumen Word, bukan lembar kerja. Pilih berkas data .xlsx, .ods atau CSV."),
    ("ppt/presentation.xml", "Berkas ini presentasi PowerPoint, bukan lembar kerja. Pilih berkas data .xlsx, .ods "
                             "atau CSV."),
)


def _other_office_package(path: Path) -> str | None:
    """Why a ZIP package that is an Office file of another kind (binary workbook, Word, PowerPoint)
    cannot be read as data, or None (an .xlsx, or a damaged ZIP the workbook reader reports)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if "xl/workbook.xml" in names:
        return None
    return next((message for part, message in _OTHER_PACKAGES if part in names), None)


def _read_xlsx(path: Path, sheet: str | None) -> _Grid:
    from openpyxl import load_workbook

    bomb = zipcheck.problem(path, "berkas Excel")
    if bomb:
        raise _Unreadable(bomb[0].upper() + bomb[1:] + ".")
    try:
        source = strict.readable(path)
        with cells_of.quiet():
            workbook = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise _Unreadable(
            "Berkas Excel ini rusak atau bukan berkas .xlsx yang sah. Buka di Excel lalu simpan "
            "ulang sebagai .xlsx.") from exc
    except Exception as exc:  # openpyxl raises its own types for many malformed parts
        raise _Unreadable(
            "Berkas Excel ini tidak dapat dibaca (bagiannya rusak). Buka di Excel lalu simpan "
            "ulang sebagai .xlsx.") from exc
    try:
        sheets = list(workbook.worksheets)
        worksheet = sheets[_pick_sheet([(ws.title, ws.sheet_state == "visible") for ws in sheets], sheet)]
        worksheet.reset_dimensions()
        member = getattr(worksheet, "_worksheet_path", None)
        marks = cells_of.sheet_marks(source, member)
        ranges = marks.merged
        try:
            cells, rows, columns = cells_of.read_sheet(worksheet, ranges)
        except cells_of.SheetTooLarge as exc:
            raise _Unreadable(f"Lembar '{worksheet.title}' tidak dapat dibaca: {exc}.", worksheet.title) from None
        except Exception as exc:  # noqa: BLE001 - the sheet's XML is parsed lazily, row by row
            raise _damaged_sheet(worksheet.title) from exc
        title = worksheet.title
        hidden = tuple(ws.title for ws in sheets if ws.sheet_state != "visible") if sheet is None else ()
        others = _sheets_with_headings(_head_rows(ws) for ws in sheets if ws is not worksheet) if sheet is None else {}
    finally:
        workbook.close()
    if len(cells.columns):
        try:
            if member and cells.isna().to_numpy().any() and _has_formulas(source, member):
                _uncached_formulas(source, title, cells, rows, columns)
        except Exception as exc:  # noqa: BLE001 - the same XML read a second time, for formulas
            raise _damaged_sheet(title) from exc
        cells = cells.infer_objects()
    return _Grid(str(path), title, cells, rows, hidden, _merged_titles(cells, rows, ranges), others,
                 marks.hidden_rows, tuple(cells_of.column_letters(c) for c in columns if c in marks.hidden_columns))


def _pick_sheet(sheets: list[tuple[str, bool]], sheet: str | None) -> int:
    """The index of the sheet to read among (title, visible): ``sheet`` by name, else the first visible."""
    if sheet is not None:
        for same in (lambda title: title == sheet,
                     lambda title: normalize_heading(title) == normalize_heading(sheet)):
            match = [i for i, (title, _) in enumerate(sheets) if same(title)]
            if match:
                return match[0]
        names = ", ".join(f"'{title}'" for title, _ in sheets) or "(tidak ada)"
        raise _Unreadable(f"Lembar '{sheet}' tidak ada di berkas ini. Lembar yang tersedia: {names}.")
    visible = [i for i, (_, shown) in enumerate(sheets) if shown]
    if not visible:
        raise _Unreadable("Berkas ini tidak memiliki lembar kerja yang terlihat.")
    return visible[0]


def _read_ods(path: Path, sheet: str | None) -> _Grid:
    """One sheet of an OpenDocument spreadsheet (.ods), read as :func:`_read_xlsx` reads Excel's."""
    bomb = zipcheck.problem(path, "berkas lembar kerja")
    if bomb:
        raise _Unreadable(bomb[0].upper() + bomb[1:] + ".")
    if ods.encrypted(path):
        raise _Unreadable("Berkas .ods ini dilindungi kata sandi dan tidak bisa dibaca. Buka di LibreOffice Calc, "
                          "lalu simpan ulang tanpa kata sandi (Simpan Sebagai, hapus centang 'Simpan dengan kata "
                          "sandi').")
    wanted = None if sheet is None else normalize_heading(sheet)
    first_visible: list[str] = []

    def full(title: str, hidden: bool) -> bool:
        if wanted is not None:
            return title == sheet or normalize_heading(title) == wanted
        if not hidden and not first_visible:
            first_visible.append(title)
            return True
        return False

    try:
        sheets = ods.read(path, full, HEADER_SEARCH_ROWS, cells_of.MAX_ROWS, cells_of.MAX_COLUMNS)
    except ods.TooLarge as exc:
        raise _Unreadable(f"Lembar '{exc.sheet}' tidak dapat dibaca: {exc}.", exc.sheet) from None
    except ods.Unreadable as exc:
        raise _Unreadable(f"Berkas .ods ini rusak ({exc}). Buka di LibreOffice Calc lalu simpan ulang "
                          "sebagai .ods atau .xlsx.") from None
    chosen = sheets[_pick_sheet([(s.title, not s.hidden) for s in sheets], sheet)]
    try:
        cells, rows, _ = cells_of.grid_of(chosen.rows, chosen.merged)
    except cells_of.SheetTooLarge as exc:
        raise _Unreadable(f"Lembar '{chosen.title}' tidak dapat dibaca: {exc}.", chosen.title) from None
    hidden = tuple(s.title for s in sheets if s.hidden) if sheet is None else ()
    others = _sheets_with_headings((s.title, s.head(HEADER_SEARCH_ROWS, cells_of.MAX_COLUMNS))
                                   for s in sheets if s is not chosen) if sheet is None else {}
    if len(cells.columns):
        cells = cells.infer_objects()
    return _Grid(str(path), chosen.title, cells, rows, hidden, _merged_titles(cells, rows, chosen.merged), others)


def _damaged_sheet(title: str) -> _Unreadable:
    """The message for a sheet whose XML inside the workbook is cut off or malformed."""
    return _Unreadable(f"Lembar '{title}' di berkas Excel ini rusak (isi lembarnya tidak dapat dibaca sampai "
                       "selesai). Buka di Excel lalu simpan ulang sebagai .xlsx.", title)


def _merged_titles(cells: pd.DataFrame, rows: np.ndarray, ranges) -> dict[int, str]:
    """The grid rows whose one text is merged across several columns (table and block titles)."""
    position = {int(r) - 1: i for i, r in enumerate(rows)}
    titles: dict[int, str] = {}
    for first_row, first_col, last_row, last_col in ranges:
        at = position.get(first_row)
        if at is None or first_row != last_row or last_col <= first_col:
            continue
        texts = {str(v).strip() for v in cells.iloc[at].tolist() if isinstance(v, str) and v.strip()}
        others = [v for v in cells.iloc[at].tolist() if v is not None and not isinstance(v, str)
                  and not (isinstance(v, float) and np.isnan(v))]
        if len(texts) == 1 and not others:
            titles[at] = " ".join(texts.pop().split())
    return titles


def _head_rows(worksheet) -> tuple[str, Iterable[tuple]]:
    """(title, its first rows) of an openpyxl worksheet, read lazily, for :func:`_sheets_with_headings`."""
    def rows():
        worksheet.reset_dimensions()
        yield from worksheet.iter_rows(max_row=HEADER_SEARCH_ROWS, max_col=cells_of.MAX_COLUMNS, values_only=True)
    return worksheet.title, rows()


def _sheets_with_headings(sheets: Iterable[tuple[str, Iterable[tuple]]]) -> dict[str, str]:
    """Title -> table kind of the (title, first rows) ``sheets`` whose rows hold SPM headings."""
    found: dict[str, str] = {}
    with cells_of.quiet():
        for title, rows in sheets:
            try:
                for row in rows:
                    labels = [cell_label(v) for v in row]
                    scores = {kind: schema.score(labels, None)[1] for kind, schema in SCHEMAS.items()}
                    best = max(scores, key=scores.get)
                    if scores[best] >= 3:
                        found[title] = best
                        break
            except Exception:  # noqa: BLE001 - a hint only; a broken other sheet is not this sheet's problem
                continue
    return found


def _ignored_sheets(grid: _Grid, kind: str, collector: ProblemCollector) -> None:
    """Warn when other visible sheets of the workbook hold tables of ``kind``: only one sheet is read."""
    ignored = [name for name, other in grid.other_sheets.items()
               if other == kind and name not in grid.hidden_sheets]
    if not ignored:
        return
    names = ", ".join(f"'{name}'" for name in ignored)
    collector.add(
        f"Lembar {names} di berkas ini juga berisi tabel {SCHEMAS[kind].label}, tetapi tidak ikut dibaca: "
        f"hanya lembar '{grid.sheet}' yang dibaca. Bila datanya bagian dari laporan ini, cantumkan tiap "
        f"lembar di data.{kind}, misalnya '{Path(grid.file).name}#{ignored[0]}'.",
        Location(file=grid.file, sheet=grid.sheet), "warning")


def _has_formulas(path: Path | BinaryIO, member: str) -> bool:
    """True when the sheet's XML part ``member`` holds at least one formula (``<f>`` element)."""
    tail = b""
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            if re.search(rb"<(?:\w+:)?f[ >]", tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _uncached_formulas(path: Path | BinaryIO, title: str, cells: pd.DataFrame, rows: np.ndarray, columns: list[int]) -> None:
    """Put the formula text ("=B2*2") in empty cells whose formula has no saved result.

    A workbook written by a program and never opened in Excel keeps formulas without values; the
    clerk sees numbers in Excel, so an "empty cell" message would mislead. The formula text makes
    the cell's own message say what it holds.
    """
    from openpyxl import load_workbook

    row_at = {int(r): i for i, r in enumerate(rows)}
    column_at = {c: i for i, c in enumerate(columns)}
    with cells_of.quiet():
        workbook = load_workbook(path, read_only=True, data_only=False)
        try:
            worksheet = workbook[title]
            worksheet.reset_dimensions()
            for r, row in enumerate(worksheet.iter_rows(values_only=True), 1):
                if r not in row_at:
                    continue
                for c, value in enumerate(row):
                    if isinstance(value, str) and value.startswith("=") and c in column_at \
                            and cells.iat[row_at[r], column_at[c]] is None:
                        cells.iat[row_at[r], column_at[c]] = value
        finally:
            workbook.close()


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise _Unreadable("Berkas teks Unicode (UTF-16) ini rusak. Simpan ulang sebagai CSV "
                              "UTF-8 atau .xlsx.") from None
    if b"\x00" in raw[:4096]:
        text = _utf16_without_bom(raw)
        if text is not None:
            return text
        raise _Unreadable("Berkas ini bukan teks CSV (berisi data biner). Simpan ulang sebagai "
                          "CSV, .xlsx atau .ods.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _utf16_without_bom(raw: bytes) -> str | None:
    """The text of a UTF-16 file saved without its byte-order mark (some database and Windows
    exports), or None for binary data.

    Text in Latin script has a zero byte in every other position (the odd ones little-endian, the
    even ones big-endian) and none in the others; such a file is decoded strictly and kept only
    when it holds no control characters but tabs and line breaks.
    """
    head = raw[:4096 - 4096 % 2]
    even, odd = head[0::2], head[1::2]
    for zeros, others, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.6 * len(zeros) and others.count(0) == 0:
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                return None
            return None if _CONTROL.search(text) else text
    return None


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _read_csv(path: Path, aliases) -> _Grid:
    try:
        raw = guard.read_input(path)
    except guard.InputTooLarge as exc:
        raise _Unreadable(f"Berkas data tidak dapat dibaca: {exc}.") from None
    text = _decode(raw)
    head = _first_lines(text, HEADER_SEARCH_ROWS)
    delimiter = _guess_delimiter(head, aliases)
    padded = False
    for number, line in enumerate(head, 1):
        _within_columns(line.rstrip(delimiter + " \t").count(delimiter) + 1, number)
        padded |= line.count(delimiter) >= cells_of.MAX_COLUMNS
    if padded:  # thousands of empty cells after the table: read line by line, each without them
        cells, rows = _read_ragged_csv(text, delimiter)
        return _Grid(str(path), None, cells, rows)
    options = dict(sep=delimiter, header=None, dtype=str, keep_default_na=False, na_filter=False,
                   skip_blank_lines=False, quotechar='"')
    try:
        cells = pd.read_csv(io.StringIO(text), **options)
        rows = np.arange(1, len(cells) + 1)
        if '"' in text and len(cells) != _line_count(text):
            cells, rows = _read_ragged_csv(text, delimiter)
    except pd.errors.EmptyDataError:
        cells, rows = pd.DataFrame(), np.arange(0)
    except pd.errors.ParserError:
        cells, rows = _read_ragged_csv(text, delimiter)
    return _Grid(str(path), None, cells, rows)


def _within_columns(count: int, line: int) -> None:
    """Refuse a CSV line of more cells than a sheet of SPM data may have (as for a workbook)."""
    if count > cells_of.MAX_COLUMNS:
        raise _Unreadable(f"Baris {line} berisi {count:,} kolom (lebih dari {cells_of.MAX_COLUMNS:,}); ".replace(",", ".")
                          + "periksa pemisah kolomnya atau hapus sel yang terisi jauh di kanan tabel.")


def _line_count(text: str) -> int:
    """Lines as a CSV reader counts them (``\\n``, ``\\r\\n`` or ``\\r`` endings)."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    return breaks + (0 if text.endswith(("\n", "\r")) else 1)


def _read_ragged_csv(text: str, delimiter: str) -> tuple[pd.DataFrame, np.ndarray]:
    """Slow path for CSV lines of unequal length or cells spanning lines (quoted line breaks).

    Each record gets the line it starts on, as a text editor shows it.
    """
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    records, rows = [], []
    start = 1
    try:
        for record in reader:
            if len(record) > cells_of.MAX_COLUMNS:
                while record and not record[-1].strip():
                    record.pop()
                _within_columns(len(record), start)
            records.append(record)
            rows.append(start)
            start = reader.line_num + 1
    except csv.Error:
        raise _Unreadable(f"Baris {start} tidak dapat dibaca: tanda kutip (\") tidak ditutup, ada teks "
                          "setelah tanda kutip penutup, atau isi selnya terlalu panjang. Perbaiki baris itu "
                          "di editor teks atau simpan ulang dari Excel.") from None
    width = max((len(r) for r in records), default=0)
    cells = pd.DataFrame([r + [""] * (width - len(r)) for r in records], dtype="str")
    return cells, np.asarray(rows, dtype="int64")


def _first_lines(text: str, count: int) -> list[str]:
    """``text.splitlines()[:count]`` without splitting a large file whole."""
    lines = text[:count * (GUESS_LINE_CHARS + 2)].splitlines()
    return lines[:count] if len(lines) > count else text.splitlines()[:count]


def _guess_delimiter(lines: list[str], aliases) -> str:
    """The delimiter that splits a line into the most recognised headings (else the commonest)."""
    lines = [line[:GUESS_LINE_CHARS] for line in lines]

    def recognised(delimiter: str) -> tuple[int, int]:
        best = (0, 0)
        for record in csv.reader(lines, delimiter=delimiter):
            for schema in SCHEMAS.values():
                best = max(best, schema.score(record, aliases))
        return best

    def frequency(delimiter: str) -> int:
        return sum(line.count(delimiter) for line in lines)

    scores = {delimiter: recognised(delimiter) for delimiter in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda d: (scores[d], frequency(d)))
    return best if scores[best][1] >= 2 else max(CSV_DELIMITERS, key=frequency)


# --- services ------------------------------------------------------------------------------

def _default_catalog():
    from spmdocs.spm.catalog import load_catalog

    return load_catalog()


def _levels(kode_wilayah: pd.Series) -> np.ndarray:
    from spmdocs.spm.catalog import level_of

    return map_distinct(kode_wilayah.replace("", None), lambda v: level_of(v) if v else None)


def _resolve(frame: pd.DataFrame, catalog, headings, kind: str, collector: ProblemCollector) -> pd.DataFrame:
    """Codes for daerah named without one, catalog codes for services, and blocks B and C merged in."""
    _resolve_daerah(frame, headings, kind, collector)
    blocks = frame["_blok"].isin(["mutu", "anggaran"]).to_numpy()
    if kind == "mutu" and blocks.any():
        frame = _mutu_items(frame, catalog, headings, collector)
        blocks = np.zeros(len(frame), dtype=bool)
    main = frame[~blocks].reset_index(drop=True)
    _resolve_services(main, catalog, headings, kind, collector)
    if kind == "capaian" and blocks.any():
        main = _merge_blocks(main, frame[blocks].reset_index(drop=True), catalog, headings, collector)
    if kind == "mutu":
        empty = main["jenis_mutu"] == ""
        main.loc[empty, "jenis_mutu"] = main.loc[empty, "_jenis_mutu"]
    if kind == "capaian":
        main = _without_unit_totals(main, headings, kind, collector)
    return main.drop(columns=[c for c in INTERNAL_COLUMNS if c in main])[
        SCHEMAS[kind].names + ["_file", "_sheet", "_row"]]


def _resolve_daerah(frame: pd.DataFrame, headings, kind: str, collector: ProblemCollector) -> None:
    """Give rows that name their daerah but not its code the Kemendagri code of that name.

    A name two daerah share ("Bogor") or no daerah has is reported once, as a warning: the row
    cannot be placed in a report until the file gives the code.
    """
    from spmdocs.spm.wilayah import kode_of

    _place_undotted(frame, headings, kind, collector)
    named = (frame["kode_wilayah"] == "").to_numpy() & (frame["daerah"] != "").to_numpy()
    if not named.any():
        return
    known = frame.loc[frame["kode_wilayah"] != "", "kode_wilayah"]
    province = known.str[:2].mode().iloc[0] if not known.empty else None
    subset = frame.loc[named, "daerah"]
    codes = pd.Series(map_distinct(subset, lambda name: kode_of(name, province) or kode_of(name) or ""),
                      index=subset.index)
    frame.loc[named, "kode_wilayah"] = codes
    unknown = codes[codes == ""]
    for name in pd.unique(frame.loc[unknown.index, "daerah"]):
        row = frame.loc[unknown.index[frame.loc[unknown.index, "daerah"] == name][0]]
        collector.add(f"Kode wilayah daerah '{name}' tidak dapat dipastikan dari namanya (tidak ada, atau "
                      "sama dengan nama daerah lain); tambahkan kolom Kode Wilayah (mis. 65.01).",
                      Location(row["_file"], row["_sheet"], int(row["_row"]),
                               heading_of(headings, kind, row["_file"], row["_sheet"], "daerah")),
                      "warning", group=("daerah-nama", row["_file"]))


def _without_unit_totals(frame: pd.DataFrame, headings, kind: str, collector: ProblemCollector) -> pd.DataFrame:
    """The rows of a service that stand for all its units, left out: they would count every unit twice.

    Among the unit rows (Puskesmas, sekolah) of one daerah's service in a period, a row whose unit
    is empty or the daerah's own name, and whose sasaran is the sum of the unit rows', is their
    total written without a label. A blank-unit row that is not their sum is kept, with a warning.
    """
    if "unit" not in frame or not (frame["unit"] != "").any():
        return frame
    units = pd.Series(map_distinct(frame["unit"], normalize_heading), index=frame.index)
    names = pd.Series(map_distinct(frame["daerah"], normalize_heading), index=frame.index)
    standing = (units == "") | (units == names) | (units == names.str.replace(r"^kabupaten ", "kab ", regex=True))
    key = [c for c in ("kode_wilayah", "tahun", "triwulan", "kode_layanan", "opd") if c in frame]
    groups = frame.groupby(key, dropna=False, sort=False).ngroup()
    with_units = (~standing).groupby(groups).transform("any")
    candidates = standing & with_units & (frame["kode_layanan"] != "")
    if not candidates.any():
        return frame
    unit_sums = frame["sasaran"].where(~standing).groupby(groups).transform("sum")
    close = (frame["sasaran"] - unit_sums).abs() <= np.maximum(1.0, 0.005 * unit_sums)
    total = candidates & close
    for index in frame.index[candidates]:
        row = frame.loc[index]
        where = Location(row["_file"], row["_sheet"], int(row["_row"]),
                         heading_of(headings, kind, row["_file"], row["_sheet"], "unit"))
        if total[index]:
            collector.add(f"Baris layanan {row['kode_layanan']} tanpa nama unit ini berisi jumlah baris unit di "
                          "sekitarnya; dilewati agar tidak terhitung dua kali (spmdocs menjumlahkan sendiri).",
                          where, "warning", group=("total-unit", row["_file"], row["_sheet"]))
        else:
            collector.add(f"Baris layanan {row['kode_layanan']} ini tidak bernama unit, sedangkan baris lain layanan "
                          "ini bernama unit; bila ini baris jumlah, hapus atau beri label 'Jumlah'. Baris tetap "
                          "dihitung.", where, "warning", group=("tanpa-unit", row["_file"], row["_sheet"]))
    return frame[~total.to_numpy()].reset_index(drop=True)


def _place_undotted(frame: pd.DataFrame, headings, kind: str, collector: ProblemCollector) -> None:
    """Dot an undotted code ("6501") when the row's daerah name is the daerah of that dotted code.

    BPS numbers its kabupaten differently (BPS 6502 is Bulungan, Kemendagri 65.01): a name whose
    Kemendagri code has other digits is an error, since the row would be counted for another daerah.
    Without a name the code is left as written (validation warns that it has no Kemendagri form).
    """
    undotted = frame["kode_wilayah"].str.fullmatch(r"\d{4}").to_numpy() & (frame["daerah"] != "").to_numpy()
    if not undotted.any():
        return
    from spmdocs.spm.wilayah import kode_of

    pairs = frame.loc[undotted, ["kode_wilayah", "daerah"]].drop_duplicates()
    for index, (code, name) in zip(pairs.index, pairs.itertuples(index=False)):
        dotted = f"{code[:2]}.{code[2:]}"
        official = kode_of(name, code[:2]) or kode_of(name)
        same = undotted & (frame["kode_wilayah"] == code).to_numpy() & (frame["daerah"] == name).to_numpy()
        if official == dotted:
            frame.loc[same, "kode_wilayah"] = dotted
        elif official:
            row = frame.loc[index]
            collector.add(
                f"Kode wilayah '{code}' bukan kode Kemendagri (mungkin kode BPS): '{name}' berkode Kemendagri "
                f"{official}, sedangkan {dotted} daerah lain. Tulis kode Kemendagri bertitik ({official}).",
                Location(row["_file"], row["_sheet"], int(row["_row"]),
                         heading_of(headings, kind, row["_file"], row["_sheet"], "kode_wilayah")),
                group=("kode-bps", row["_file"]))


def _resolve_services(frame: pd.DataFrame, catalog, headings, kind: str,
                      collector: ProblemCollector) -> None:
    """Replace ``kode_layanan`` by the catalog code of each row's service (``""`` if unknown)."""
    if frame.empty:
        return
    levels = _levels(frame["kode_wilayah"])
    keys = pd.DataFrame({"kode": frame["kode_layanan"], "nama": frame["jenis_pelayanan"],
                         "level": pd.Series(levels, index=frame.index).fillna("")})
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(keys))
    first_row = pd.Series(np.arange(len(frame))).groupby(codes).first().to_numpy()
    counts = np.bincount(codes, minlength=len(uniques))
    resolved = np.empty(len(uniques), dtype=object)
    names = np.empty(len(uniques), dtype=object)
    for i, (kode, nama, level) in enumerate(uniques):
        row = frame.iloc[int(first_row[i])]

        def heading(column: str, row=row) -> str:
            return heading_of(headings, kind, row["_file"], row["_sheet"], column)

        service = _resolve_one(catalog, kode, nama, level or None, int(counts[i]), row, heading,
                               collector)
        resolved[i] = service.kode if service else ""
        names[i] = nama or (service.nama if service else "")
    frame["kode_layanan"] = pd.Series(resolved[codes], index=frame.index, dtype="str")
    frame["jenis_pelayanan"] = pd.Series(names[codes], index=frame.index, dtype="str")


def _block_services(frame: pd.DataFrame, catalog, text_column: str) -> tuple[np.ndarray, np.ndarray]:
    """(service code of every row of a block, whether the row names the service itself).

    A row whose text names a service heads the item rows under it (mutu items, sub-kegiatan),
    which take its code; a row given its service by a code or a title keeps it.
    """
    levels = pd.Series(_levels(frame["kode_wilayah"]), index=frame.index).fillna("")
    pairs = pd.MultiIndex.from_arrays([frame[text_column], levels])
    found = map_distinct(pd.Series(pairs.to_flat_index(), index=frame.index),
                         lambda key: _code_of(catalog, key))
    own = np.array([code or "" for code in found], dtype=object)
    given = frame["kode_layanan"].to_numpy(dtype=object)
    heads = own != ""
    group = (frame["_file"] + "\0" + frame["_sheet"].astype(str) + "\0" + frame["_blok"]).to_numpy()
    codes = pd.Series(np.where(heads, own, None), index=frame.index).groupby(group).ffill().to_numpy()
    codes = np.where(given != "", given, np.where(pd.isna(codes), "", codes))
    return codes.astype(object), heads & (given == "")


def _code_of(catalog, key) -> str:
    if key is None:
        return ""
    text, level = key
    service = catalog.find(text, level=level or None) if text else None
    return service.kode if service is not None else ""


def _merge_blocks(main: pd.DataFrame, blocks: pd.DataFrame, catalog, headings,
                  collector: ProblemCollector) -> pd.DataFrame:
    """Put each service's mutu (block B) and budget (block C) figures on its block A row.

    Block B: the sum of the mutu items under the service (its own row repeats block A's counts
    in the application format, so it is not used) or, without items, its own row. Block C: the
    service's own row, or the sum of the items under it.
    """
    codes, heads = _block_services(blocks, catalog, "jenis_pelayanan")
    blocks = blocks.assign(kode_layanan=codes, _head=heads)
    orphans = blocks[blocks["kode_layanan"] == ""]
    for _, row in orphans.iterrows():
        collector.add(f"Baris '{row['jenis_pelayanan']}' pada blok {row['_blok']} tidak berada di bawah "
                      "jenis pelayanan mana pun; tuliskan nama jenis pelayanannya pada baris di atasnya.",
                      Location(row["_file"], row["_sheet"], int(row["_row"]),
                               heading_of(headings, "capaian", row["_file"], row["_sheet"], "jenis_pelayanan")),
                      group=("blok-yatim", row["_file"]))
    blocks = blocks[blocks["kode_layanan"] != ""]
    main = main.copy()
    main_key = _service_key(main)
    for block, columns in (("mutu", ("mutu_target", "mutu_terpenuhi")),
                           ("anggaran", ("anggaran", "realisasi_anggaran"))):
        rows = blocks[blocks["_blok"] == block]
        if rows.empty:
            continue
        items = rows[~rows["_head"]]
        with_items = set(items["kode_layanan"])
        use = items if block == "mutu" else rows[rows["_head"]]
        if block == "mutu":
            use = pd.concat([items, rows[rows["_head"] & ~rows["kode_layanan"].isin(with_items)]])
        else:
            own = rows[rows["_head"] & rows[list(columns)].notna().any(axis=1)]
            use = pd.concat([own, items[~items["kode_layanan"].isin(set(own["kode_layanan"]))]])
        use_key = _service_key(use)
        sums = use.groupby(use_key, sort=False)[list(columns)].sum(min_count=1)
        first = ~main_key.duplicated()
        for joined, values in sums.iterrows():
            target = main.index[(main_key == joined) & first]
            if not len(target):
                row = use[use_key == joined].iloc[0]
                collector.add(f"Jenis pelayanan {row['kode_layanan']} ada di blok {block} tetapi tidak ada di "
                              "blok penerima layanan (A); angkanya tidak dipakai.",
                              Location(row["_file"], row["_sheet"], int(row["_row"])), "warning")
                continue
            for column in columns:
                if pd.isna(main.at[target[0], column]):
                    main.at[target[0], column] = values[column]
    return main


def _service_key(frame: pd.DataFrame) -> pd.Series:
    """One text per row naming its daerah, year, quarter and service (vectorised)."""
    key = pd.Series("", index=frame.index, dtype="str")
    for column in ("kode_wilayah", "daerah", "tahun", "triwulan", "kode_layanan"):
        key = key + "\0" + frame[column].astype("string").fillna("")
    return key


def _mutu_items(frame: pd.DataFrame, catalog, headings, collector: ProblemCollector) -> pd.DataFrame:
    """Mutu items of block B: each takes the service of the service row above it, which is dropped."""
    blocks = frame["_blok"] == "mutu"
    part = frame[blocks].reset_index(drop=True)
    codes, heads = _block_services(part, catalog, "uraian")
    part = part.assign(kode_layanan=codes)
    part = part[~heads].reset_index(drop=True)
    return pd.concat([frame[~blocks], part], ignore_index=True)


def _resolve_one(catalog, kode: str, nama: str, level: str | None, count: int, row: pd.Series,
                 heading: Callable[[str], str], collector: ProblemCollector):
    more = f" (muncul di {count} baris; baris pertama ditunjukkan)" if count > 1 else ""

    def where(column: str) -> Location:
        return Location(row["_file"], row["_sheet"], int(row["_row"]), heading(column))

    if not kode and not nama:
        collector.add(f"Kode layanan dan jenis pelayanan kosong; isi salah satunya{more}.",
                      where("jenis_pelayanan"), group=("service-empty", row["_file"]))
        return None
    column, text = ("kode_layanan", kode) if kode else ("jenis_pelayanan", nama)
    service = catalog.find(text, level=level)
    if service is None:
        hints = catalog.suggest(text, level=level, n=3)
        hint = f" Mungkin maksud Anda: {'; '.join(hints)}." if hints else ""
        label = "Kode layanan" if column == "kode_layanan" else "Jenis pelayanan"
        collector.add(f"{label} '{text}' tidak dikenal dalam katalog SPM{more}.{hint}",
                      where(column), group=("service", row["_file"], column))
        return None
    if kode and nama:
        named = catalog.find(nama, level=level)
        if named is not None and named.kode != service.kode:
            collector.add(
                f"Kode layanan '{kode}' ({service.nama}) tidak cocok dengan jenis pelayanan "
                f"'{nama}' ({named.kode}); yang dipakai kode layanan{more}.",
                where("jenis_pelayanan"), "warning", group=("service-mismatch", row["_file"]))
    return service
