"""Load clerks' CSV and XLSX tables into one canonical DataFrame, collecting every problem found.

:func:`load_table` never raises for bad content. It reads each file (CSV with ``,``/``;``/tab and
UTF-8, UTF-8 with BOM or Windows-1252; XLSX by sheet name, ``file.xlsx#Sheet`` or the first
visible sheet), finds the heading row even below a title, maps headings to canonical columns
(:mod:`spmdocs.data.schema`), parses numbers the Indonesian way (:mod:`spmdocs.data.numbers`),
resolves every service to its catalog code, and reports what it could not read as
:class:`~spmdocs.errors.Problem` objects pointing at file, sheet, row and the clerk's heading.
Row numbers are the ones the clerk sees: Excel's row number, or the line in a text editor.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from spmdocs import guard, zipcheck
from spmdocs.data import cells as cells_of
from spmdocs.data.numbers import parse_number_series
from spmdocs.data.problems import ProblemCollector
from spmdocs.data.schema import (
    JENIS_MUTU_VALUES, KINDS, SCHEMAS, TableSchema, get_schema, normalize_heading,
)
from spmdocs.errors import Location, Problem

PathLike = str | Path
HEADER_SEARCH_ROWS = 30
GUESS_LINE_CHARS = 10_000
"""Characters of each first line looked at to guess the CSV delimiter (a huge cell is cut off)."""
CSV_DELIMITERS = (";", ",", "\t")
TOTAL_ROW_WORDS = frozenset({"jumlah", "total", "jumlah total", "total keseluruhan", "grand total",
                             "jumlah keseluruhan", "rata rata"})
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}
_TRIWULAN_PREFIX = re.compile(r"^(?:TRIWULAN|TRIWULAN KE|TW|Q|KUARTAL)\s*[-.:]?\s*")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


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
    """Raw cells of one sheet or CSV file, with the source row number of each grid row."""

    file: str
    sheet: str | None
    cells: pd.DataFrame
    rows: np.ndarray
    hidden_sheets: tuple[str, ...] = ()
    header: list[str] | None = None
    other_sheets: tuple[str, ...] = ()


class _Unreadable(Exception):
    """A file cannot be read at all; the message is for the clerk."""


def empty_frame(kind: str = "capaian") -> pd.DataFrame:
    """A frame with no rows and the canonical columns and dtypes of ``kind``."""
    schema = get_schema(kind)
    data = {column.name: _empty_column(column.type, 0) for column in schema.columns}
    data["_file"] = pd.Series([], dtype="str")
    data["_sheet"] = pd.Series([], dtype=object)
    data["_row"] = pd.Series([], dtype="int64")
    return pd.DataFrame(data)


def _empty_column(column_type: str, length: int, index=None) -> pd.Series:
    if column_type == "number":
        return pd.Series(np.full(length, np.nan), index=index, dtype="float64")
    if column_type in ("year", "triwulan"):
        return pd.Series(pd.array([pd.NA] * length, dtype="Int64"), index=index)
    return pd.Series([""] * length, index=index, dtype="str")


def split_sheet(path: PathLike) -> tuple[Path, str | None]:
    """Split ``"data.xlsx#Sheet Name"`` into the path and the sheet name (None without ``#``).

    A path that exists as written is never split, so a file name containing ``#`` still works;
    otherwise the split is at the first ``#`` whose left part is an existing file, so a sheet
    named ``Rekap#2025`` works too (with no such file, at the first ``#``).
    """
    text = str(path)
    if "#" not in text or Path(text).exists():
        return Path(text), None
    cuts = [i for i, ch in enumerate(text) if ch == "#"]
    cut = next((i for i in cuts if Path(text[:i]).is_file()), cuts[0])
    return Path(text[:cut]), text[cut + 1:] or None


def load_table(paths: PathLike | Sequence[PathLike], kind: str | None = "capaian", *,
               sheet: str | None = None, aliases: Mapping[str, Iterable[str]] | None = None,
               catalog=None) -> LoadResult:
    """Read and concatenate ``paths`` as tables of ``kind`` (None: detect from the headings).

    ``sheet`` picks the sheet of every XLSX file unless its path says ``#Sheet``. ``aliases``
    (canonical column -> extra headings) extends the built-in headings. ``catalog`` defaults to
    the packaged SPM catalog. Problems are collected in the result, never raised.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    collector = ProblemCollector()
    _check_aliases(aliases, collector)
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
            collector.add(str(exc), Location(file=file, sheet=path_sheet or sheet))
            continue
        header_at, file_kind = _find_header(grid, kind, aliases)
        if chosen_kind is None:
            chosen_kind, first_file = file_kind, file
        elif kind is None and file_kind != chosen_kind:
            collector.add(
                f"Berkas ini tampaknya tabel {SCHEMAS[file_kind].label}, sedangkan berkas "
                f"{first_file} tabel {SCHEMAS[chosen_kind].label}; muat tiap jenis tabel terpisah.",
                Location(file=file, sheet=grid.sheet))
            continue
        schema = get_schema(chosen_kind)
        frame, used = _canonical_frame(grid, header_at, schema, aliases, collector)
        if frame is not None:
            headings[(file, grid.sheet)] = used
            frames.append(frame)
    final_kind = chosen_kind or "capaian"
    if frames:
        frame = pd.concat(frames, ignore_index=True)
        frame["_sheet"] = frame["_sheet"].astype(object)
        _resolve_services(frame, catalog, headings, final_kind, collector)
    else:
        frame = empty_frame(final_kind)
    return LoadResult(frame, collector.finish(), final_kind, headings,
                      frozenset(collector.error_cells))


def _check_aliases(aliases: Mapping[str, Iterable[str]] | None, collector: ProblemCollector) -> None:
    known = sorted({name for schema in SCHEMAS.values() for name in schema.names})
    for name in aliases or {}:
        if name not in known:
            collector.add(
                f"Nama kolom '{name}' pada aliases tidak dikenal. Pilihan: {', '.join(known)}.",
                Location(key=f"aliases.{name}"))


# --- reading files -------------------------------------------------------------------------

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
        raise _Unreadable(f"Berkas data tidak dapat dibaca: {odd}. Tulis jalur berkas CSV atau .xlsx.")
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
    if suffix in (".xlsx", ".xlsm") or magic.startswith(_ZIP_MAGIC):
        return _read_xlsx(path, sheet)
    if suffix == ".xls":
        raise _Unreadable("Berkas .xls ini tidak dapat dibaca. Simpan ulang sebagai .xlsx atau CSV.")
    return _read_csv(path, aliases)


def _read_xlsx(path: Path, sheet: str | None) -> _Grid:
    from openpyxl import load_workbook

    bomb = zipcheck.problem(path, "berkas Excel")
    if bomb:
        raise _Unreadable(bomb[0].upper() + bomb[1:] + ".")
    try:
        with cells_of.quiet():
            workbook = load_workbook(path, read_only=True, data_only=True)
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
        if sheet is not None:
            match = [ws for ws in sheets if ws.title == sheet] or [
                ws for ws in sheets if normalize_heading(ws.title) == normalize_heading(sheet)]
            if not match:
                names = ", ".join(f"'{ws.title}'" for ws in sheets) or "(tidak ada)"
                raise _Unreadable(f"Lembar '{sheet}' tidak ada di berkas ini. Lembar yang "
                                  f"tersedia: {names}.")
            worksheet = match[0]
        else:
            visible = [ws for ws in sheets if ws.sheet_state == "visible"]
            if not visible:
                raise _Unreadable("Berkas Excel ini tidak memiliki lembar kerja yang terlihat.")
            worksheet = visible[0]
        worksheet.reset_dimensions()
        member = getattr(worksheet, "_worksheet_path", None)
        try:
            cells, rows, columns = cells_of.read_sheet(worksheet, cells_of.merged_ranges(path, member))
        except cells_of.SheetTooLarge as exc:
            raise _Unreadable(f"Lembar '{worksheet.title}' tidak dapat dibaca: {exc}.") from None
        title = worksheet.title
        hidden = tuple(ws.title for ws in sheets if ws.sheet_state != "visible") if sheet is None else ()
        others = _sheets_with_headings([ws for ws in sheets if ws is not worksheet]) if sheet is None else ()
    finally:
        workbook.close()
    if len(cells.columns):
        if member and cells.isna().to_numpy().any() and _has_formulas(path, member):
            _uncached_formulas(path, title, cells, rows, columns)
        cells = cells.infer_objects()
    return _Grid(str(path), title, cells, rows, hidden, other_sheets=others)


def _sheets_with_headings(sheets) -> tuple[str, ...]:
    """The titles of ``sheets`` whose first rows hold headings of an SPM table (for a --lembar hint)."""
    found = []
    with cells_of.quiet():
        for worksheet in sheets:
            try:
                worksheet.reset_dimensions()
                for row in worksheet.iter_rows(max_row=HEADER_SEARCH_ROWS, max_col=cells_of.MAX_COLUMNS,
                                               values_only=True):
                    labels = [_cell_label(v) for v in row]
                    if any(schema.score(labels, None)[1] >= 3 for schema in SCHEMAS.values()):
                        found.append(worksheet.title)
                        break
            except Exception:  # noqa: BLE001 - a hint only; a broken other sheet is not this sheet's problem
                continue
    return tuple(found)


def _has_formulas(path: Path, member: str) -> bool:
    """True when the sheet's XML part ``member`` holds at least one formula (``<f>`` element)."""
    tail = b""
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            if re.search(rb"<(?:\w+:)?f[ >]", tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _uncached_formulas(path: Path, title: str, cells: pd.DataFrame, rows: np.ndarray, columns: list[int]) -> None:
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
        raise _Unreadable("Berkas ini bukan teks CSV (berisi data biner). Simpan ulang sebagai "
                          "CSV atau .xlsx.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _read_csv(path: Path, aliases) -> _Grid:
    try:
        raw = guard.read_input(path)
    except guard.InputTooLarge as exc:
        raise _Unreadable(f"Berkas data tidak dapat dibaca: {exc}.") from None
    text = _decode(raw)
    head = text.splitlines()[:HEADER_SEARCH_ROWS]
    delimiter = _guess_delimiter(head, aliases)
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


# --- headings ------------------------------------------------------------------------------

def _cell_label(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return " ".join(cells_of.without_invisible(str(value)).split())


def _find_header(grid: _Grid, kind: str | None, aliases) -> tuple[int | None, str]:
    """(grid row index of the heading row, kind): the row naming the most known columns.

    A heading written over two rows (merged cells: "Kode Wilayah" spanning both rows, "Jumlah"
    over "Sasaran" and "Terlayani") counts as one row: the lower cell, or the upper one where the
    lower is empty. The combined labels are kept in ``grid.header``.
    """
    schemas = [SCHEMAS[kind]] if kind else [SCHEMAS[k] for k in KINDS]
    best: tuple[tuple[int, int], int, int] | None = None
    best_labels: list[str] | None = None
    first_filled: int | None = None
    previous: list[str] = []
    for index in range(min(HEADER_SEARCH_ROWS, len(grid.cells))):
        labels = [_cell_label(v) for v in grid.cells.iloc[index].tolist()]
        if first_filled is None and any(labels):
            first_filled = index
        combined = [low or high for high, low in zip(previous, labels)] if previous else labels
        for candidate in ((labels, combined) if combined != labels else (labels,)):
            for order, schema in enumerate(schemas):
                score = schema.score(candidate, aliases)
                if score[1] >= 2 and (best is None or (score, -order) > (best[0], -best[2])):
                    best, best_labels = (score, index, order), candidate
        previous = labels
    if best is None:
        return first_filled, schemas[0].kind
    grid.header = best_labels
    return best[1], schemas[best[2]].kind


# --- the canonical frame -------------------------------------------------------------------

def _canonical_frame(grid: _Grid, header_at: int | None, schema: TableSchema, aliases,
                     collector: ProblemCollector) -> tuple[pd.DataFrame | None, dict[str, str]]:
    where = Location(file=grid.file, sheet=grid.sheet)
    if header_at is None:
        collector.add("Berkas kosong: tidak ada judul kolom maupun baris data.", where)
        return None, {}
    labels = grid.header or [_cell_label(v) for v in grid.cells.iloc[header_at].tolist()]
    header_row = int(grid.rows[header_at])
    match = schema.match(labels, aliases)
    for name, heading in match.ignored_duplicates:
        collector.add(
            f"Kolom '{heading}' diabaikan karena kolom '{match.headings[name]}' sudah dipakai "
            f"sebagai {schema.column(name).label}.",
            Location(grid.file, grid.sheet, header_row, heading), "warning")
    missing = [group for group in schema.required if not any(n in match.columns for n in group)]
    if missing:
        found = ", ".join(f"'{label}'" for label in labels if label) or "(tidak ada)"
        for group in missing:
            names = " atau ".join(f"'{schema.column(n).label}'" for n in group)
            collector.add(
                f"Kolom wajib {names} tidak ditemukan. Judul kolom yang ditemukan di baris "
                f"{header_row}: {found}. Tambahkan kolom itu atau daftarkan judulnya di aliases "
                "konfigurasi." + _hidden_hint(grid),
                Location(grid.file, grid.sheet, header_row, schema.column(group[0]).label))
        return None, match.headings

    body = grid.cells.iloc[header_at + 1:].reset_index(drop=True)
    rows = grid.rows[header_at + 1:]
    out: dict[str, pd.Series] = {}
    for column in schema.columns:
        if column.name not in match.columns:
            out[column.name] = _empty_column(column.type, len(body), body.index)
            continue
        source = body[match.columns[column.name]]
        heading = match.headings[column.name]
        report = _reporter(collector, grid, rows, heading)
        source = _visible(source, collector, grid, rows, heading)
        if column.type == "number":
            out[column.name] = _numbers(source, report)
        elif column.type == "year":
            out[column.name] = _years(source, report)
        elif column.type == "triwulan":
            out[column.name] = _triwulan(source, report)
        elif column.type == "jenis_mutu":
            out[column.name] = _jenis_mutu(source, report)
        else:
            out[column.name] = _texts(source, code=column.name == "kode_wilayah")
    frame = pd.DataFrame(out)
    frame["_file"] = pd.Series([grid.file] * len(frame), dtype="str")
    frame["_sheet"] = pd.Series([grid.sheet] * len(frame), dtype=object)
    frame["_row"] = rows.astype("int64")
    blank = np.ones(len(frame), dtype=bool)
    for name in match.columns:
        values = frame[name]
        blank &= (values.isna() if schema.column(name).type in ("number", "year", "triwulan")
                  else values == "").to_numpy()
    frame = frame[~blank].reset_index(drop=True)
    if frame.empty:
        collector.add(f"Berkas tidak berisi baris data di bawah judul kolom (baris {header_row}).",
                      Location(grid.file, grid.sheet, header_row))
        return None, match.headings
    frame = _drop_total_rows(frame, schema, collector)
    return frame, match.headings


def _hidden_hint(grid: _Grid) -> str:
    others = [name for name in grid.other_sheets if name not in grid.hidden_sheets]
    if others:
        names = ", ".join(f"'{name}'" for name in others)
        return (f" Judul kolom data ditemukan di lembar lain: {names}; pilih lembarnya dengan --lembar "
                f"\"{others[0]}\" atau data.lembar di konfigurasi.")
    if not grid.hidden_sheets:
        return ""
    names = ", ".join(f"'{name}'" for name in grid.hidden_sheets)
    return (f" Berkas ini juga memiliki lembar tersembunyi {names}; bila data ada di sana, pilih lembarnya "
            "dengan --lembar atau data.lembar di konfigurasi.")


def _visible(source: pd.Series, collector: ProblemCollector, grid: _Grid, rows: np.ndarray,
             heading: str) -> pd.Series:
    """``source`` without invisible characters (U+200B …), each cell that held one warned about.

    A code written with a zero-width space looks right in Excel yet matches nothing; the warning
    names the character so the clerk knows why the cell was changed.
    """
    if source.dtype != object and not pd.api.types.is_string_dtype(source.dtype):
        return source
    try:
        flagged = source.str.contains(cells_of.INVISIBLE_PATTERN, regex=True, na=False).astype(bool)
    except AttributeError:  # no text in the column at all
        return source
    if not flagged.any():
        return source
    texts = source.where(flagged, "")
    for position in np.flatnonzero(flagged.to_numpy()):
        name = cells_of.invisible(texts.iloc[position])
        collector.add(f"Sel berisi karakter tak terlihat {name}; karakter itu dihapus. Ketik ulang isi sel bila "
                      "hasilnya tidak sesuai.", Location(grid.file, grid.sheet, int(rows[position]), heading),
                      "warning", group=("invisible", grid.file, grid.sheet, heading))
    cleaned = source.copy()
    cleaned[flagged] = texts[flagged].map(cells_of.without_invisible)
    return cleaned


def _reporter(collector: ProblemCollector, grid: _Grid, rows: np.ndarray, heading: str
              ) -> Callable[[int, str], None]:
    def report(position: int, message: str) -> None:
        collector.add(message, Location(grid.file, grid.sheet, int(rows[position]), heading),
                      group=("cell", grid.file, grid.sheet, heading))
    return report


def _raw(value: object) -> str:
    return _cell_label(value) or repr(value)


def _numbers(source: pd.Series, report) -> pd.Series:
    values, errors = parse_number_series(source)
    for position, reason in errors.items():
        report(position, f"Isi sel '{_raw(source.iloc[position])}' tidak dapat dibaca sebagai "
                         f"angka: {reason}.")
    return values


def _years(source: pd.Series, report) -> pd.Series:
    values, errors = parse_number_series(source)
    for position, reason in errors.items():
        report(position, f"Tahun '{_raw(source.iloc[position])}' bukan angka: {reason}.")
    fractional = values.notna() & (values != values.round())
    for position in np.flatnonzero(fractional.to_numpy()):
        report(int(position), f"Tahun '{_raw(source.iloc[position])}' harus bilangan bulat, "
                              "misalnya 2025.")
    return values.mask(fractional).astype("Int64")


def map_distinct(source: pd.Series, func: Callable[[object], object]) -> np.ndarray:
    """Apply ``func`` once per distinct value of ``source``; missing values go in as None."""
    codes, uniques = pd.factorize(source, use_na_sentinel=True)
    mapped = np.empty(len(uniques) + 1, dtype=object)
    for i, value in enumerate(uniques):
        mapped[i] = func(value)
    mapped[-1] = func(None)
    return mapped[codes]


def _text_of(value: object, code: bool = False) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.2f}" if code else repr(value)
    if hasattr(value, "strftime") and not isinstance(value, str):
        return value.strftime("%d-%m-%Y")
    return " ".join(str(value).split())


def _texts(source: pd.Series, code: bool = False) -> pd.Series:
    """Cell text with spaces collapsed (per distinct value: text columns repeat a lot)."""
    return pd.Series(map_distinct(source, lambda v: _text_of(v, code)), index=source.index,
                     dtype="str")


def triwulan_number(value: object) -> int | None:
    """1–4 (or another integer, checked later) from "2", "II", "TW II", "Triwulan 2"; None if empty.

    ``ValueError`` with an Indonesian reason when the text names no quarter.
    """
    text = _text_of(value).upper()
    if not text or text in ("-", "—"):
        return None
    text = _TRIWULAN_PREFIX.sub("", text).strip()
    if text in _ROMAN:
        return _ROMAN[text]
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise ValueError("bukan triwulan; isi 1, 2, 3, 4 atau I, II, III, IV") from None
    if not number.is_integer():
        raise ValueError("triwulan harus bilangan bulat 1 sampai 4")
    return int(number)


def _triwulan(source: pd.Series, report) -> pd.Series:
    def convert(value):
        try:
            return triwulan_number(value)
        except ValueError as exc:
            return exc
    converted = map_distinct(source, convert)
    result = np.full(len(converted), pd.NA, dtype=object)
    for position, value in enumerate(converted):
        if isinstance(value, ValueError):
            report(position, f"Triwulan '{_raw(source.iloc[position])}' {value}.")
        elif value is not None:
            result[position] = value
    return pd.Series(pd.array(result, dtype="Int64"), index=source.index)


def _jenis_mutu(source: pd.Series, report) -> pd.Series:
    texts = _texts(source)
    keys = pd.Series(map_distinct(texts, normalize_heading), index=texts.index)
    values = pd.Series(map_distinct(keys, lambda key: JENIS_MUTU_VALUES.get(key, "")),
                       index=texts.index, dtype="str")
    for position in np.flatnonzero(((values == "") & (keys != "")).to_numpy()):
        report(int(position), f"Jenis mutu '{texts.iloc[position]}' tidak dikenal; isi 'Barang/Jasa' "
                              "atau 'SDM'.")
    return values


def _drop_total_rows(frame: pd.DataFrame, schema: TableSchema, collector: ProblemCollector
                     ) -> pd.DataFrame:
    """Drop "JUMLAH"/"TOTAL" rows clerks add under a table; they are sums, not data."""
    service_empty = (frame["kode_layanan"] == "") & (frame["jenis_pelayanan"] == "")
    if not service_empty.any():
        return frame
    candidates = frame[service_empty]
    is_total = pd.Series(False, index=candidates.index)
    for column in schema.columns:
        if column.type == "text":
            is_total |= candidates[column.name].map(normalize_heading).isin(TOTAL_ROW_WORDS)
    is_total = is_total[is_total].index
    for _, row in frame.loc[is_total].iterrows():
        collector.add("Baris jumlah/total dilewati; spmdocs menghitung jumlahnya sendiri dari baris data.",
                      Location(row["_file"], row["_sheet"], int(row["_row"])), "warning",
                      group=("total", row["_file"], row["_sheet"]))
    return frame.drop(index=is_total).reset_index(drop=True)


# --- services ------------------------------------------------------------------------------

def _default_catalog():
    from spmdocs.spm.catalog import load_catalog

    return load_catalog()


def _levels(kode_wilayah: pd.Series) -> np.ndarray:
    from spmdocs.spm.catalog import level_of

    return map_distinct(kode_wilayah.replace("", None), lambda v: level_of(v) if v else None)


def _resolve_services(frame: pd.DataFrame, catalog, headings, kind: str,
                      collector: ProblemCollector) -> None:
    """Replace ``kode_layanan`` by the catalog code of each row's service (``""`` if unknown)."""
    catalog = catalog or _default_catalog()
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
