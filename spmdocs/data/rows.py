"""Turn one table of a sheet into canonical rows: typed columns, months, titles' context, checks.

:func:`segment_frame` reads the body rows of one :class:`~spmdocs.data.layout.Segment` under its
heading row. On the way it leaves out total and subtotal rows (a "Jumlah", "TOTAL …" or
"SUBTOTAL …" cell anywhere in the row) with a warning, fills in a service or daerah written once
above its rows (a group heading row, or a merged cell), adds up month columns (or checks them
against their "Total"), takes what the table lacks from its titles or the run's defaults, and
cross-checks a stated percentage or "belum terlayani" against the counts. Every problem names the
file, sheet, row and the clerk's heading. All column work is vectorised; per-value work runs once
per distinct value.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Mapping

import numpy as np
import pandas as pd

from spmdocs.data import cells as cells_of, crosscheck
from spmdocs.data.layout import Segment, cell_label
from spmdocs.data.numbers import NOT_A_NUMBER, indonesian as _fmt, parse_number_series
from spmdocs.data.problems import ProblemCollector
from spmdocs.data.schema import (BLOCK_PAIRS, JENIS_MUTU_VALUES, MUTU_PAIR, TableSchema, heading_key,
                                 normalize_heading)
from spmdocs.errors import Location, Severity

TOTAL_WORDS = ("jumlah", "jml", "total", "subtotal", "sub total", "grand total", "rata rata", "rerata",
               "rekapitulasi", "rekap")
"""A cell starting with one of these words marks a total row ("Jumlah", "TOTAL KABUPATEN X")."""
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}
_TRIWULAN_PREFIX = re.compile(r"^(?:TRIWULAN|TRIW|TRW|TW|KUARTAL|Q)\.?\s*(?:KE\b)?\s*[-.:]?\s*")
IDENTITY = ("kode_layanan", "jenis_pelayanan", "kode_wilayah", "daerah", "opd")
"""Text columns a group heading row may give once for the rows under it."""
ALIAS_HINT = "data.alias_kolom"


def map_distinct(source: pd.Series, func: Callable[[object], object]) -> np.ndarray:
    """Apply ``func`` once per distinct value of ``source``; missing values go in as None."""
    codes, uniques = pd.factorize(source, use_na_sentinel=True)
    mapped = np.empty(len(uniques) + 1, dtype=object)
    for i, value in enumerate(uniques):
        mapped[i] = func(value)
    mapped[-1] = func(None)
    return mapped[codes]


def empty_column(column_type: str, length: int, index=None) -> pd.Series:
    if column_type in ("number", "percent"):
        return pd.Series(np.full(length, np.nan), index=index, dtype="float64")
    if column_type in ("year", "triwulan"):
        return pd.Series(pd.array([pd.NA] * length, dtype="Int64"), index=index)
    return pd.Series([""] * length, index=index, dtype="str")


def _raw(value: object) -> str:
    return cell_label(value) or repr(value)


def text_of(value: object, code: bool = False) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.2f}" if code else repr(value)
    if hasattr(value, "strftime") and not isinstance(value, str):
        return value.strftime("%d-%m-%Y")
    return " ".join(str(value).split())


def texts(source: pd.Series, code: bool = False) -> pd.Series:
    """Cell text with spaces collapsed (per distinct value: text columns repeat a lot).

    ``code``: the cells are region codes, written in Kemendagri's dotted form (:func:`region_code`).
    """
    read = (lambda v: region_code(text_of(v, True))) if code else text_of
    return pd.Series(map_distinct(source, read), index=source.index, dtype="str")


_REGION_SPELLING = re.compile(r"(\d{2})\s*[.,]\s*(\d{1,2})")


def region_code(text: str) -> str:
    """A region code as Kemendagri writes it, from the spellings spreadsheets give it.

    "65,01" (a decimal comma) and "65 . 01" are 65.01; "32.1" is 32.10 (a code kept as a number,
    whose trailing zero Excel and CSV exports drop); "65.0" and "65.00" are the province 65. An
    undotted "6501" is left as written: BPS codes look the same but differ (BPS 6501 is Malinau,
    Kemendagri 65.01 Bulungan), so only the daerah name can place it (see the loader).
    """
    found = _REGION_SPELLING.fullmatch(text)
    if not found:
        return text
    province, rest = found.groups()
    if int(rest) == 0:
        return province
    return f"{province}.{rest.ljust(2, '0')}"


def triwulan_number(value: object) -> int | None:
    """1–4 (or another integer, checked later) from "2", "II", "TW II", "Triwulan 2"; None if empty.

    ``ValueError`` with an Indonesian reason when the text names no quarter.
    """
    text = text_of(value).upper()
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


TOTAL_ENDINGS = ("jumlah", "total", "subtotal")
"""A label ending in one of these words closes a total row: "Kab. Bulungan (Total)", "Bulungan Jumlah"."""
ALL_WORDS = ("semua", "seluruh", "keseluruhan")
"""A short label starting with one of these is a total: "Semua Puskesmas", "Seluruh OPD" (at most two words,
so that a mutu item "Seluruh ibu hamil mendapat …" stays a row)."""
_TOTAL_SYMBOLS = frozenset("\u03a3\u2211")
"""Σ and ∑ written alone in a label cell."""


def _is_total(text: str) -> bool:
    if text.strip().rstrip(":").strip() in _TOTAL_SYMBOLS:
        return True
    key = normalize_heading(text)
    if any(key == word or key.startswith(word + " ") for word in TOTAL_WORDS):
        return True
    words = key.split()
    return bool(words) and (words[-1] in TOTAL_ENDINGS or (words[0] in ALL_WORDS and len(words) <= 2))


def _totals(values: np.ndarray) -> np.ndarray:
    """Which of ``values`` (distinct cells) are total labels."""
    found = np.zeros(len(values), dtype=bool)
    for position, value in enumerate(values):
        if isinstance(value, str) and _is_total(value):
            found[position] = True
    return found


def total_rows(body: pd.DataFrame, skip: Iterable[int] = ()) -> np.ndarray:
    """Rows with a total label in any text cell: "Jumlah", "JUMLAH", "TOTAL KAB. X", "Subtotal".

    ``skip`` are positions of number columns, which hold no labels.
    """
    mask = np.zeros(len(body), dtype=bool)
    skip = set(skip)
    for position in range(len(body.columns)):
        column = body.iloc[:, position]
        if position in skip or pd.api.types.is_numeric_dtype(column.dtype):
            continue
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
        if len(uniques):
            mask |= np.append(_totals(np.asarray(uniques, dtype=object)), False)[codes]
    return mask


class _Table:
    """What reading one segment needs: where to report, and the clerk's heading of each column."""

    def __init__(self, grid, segment: Segment, rows: np.ndarray, collector: ProblemCollector):
        self.grid, self.segment, self.rows, self.collector = grid, segment, rows, collector

    def where(self, heading: str | None = None, position: int | None = None) -> Location:
        row = int(self.rows[position]) if position is not None else int(self.grid.rows[self.segment.header.at])
        return Location(self.grid.file, self.grid.sheet, row, heading)

    def reporter(self, heading: str) -> Callable[..., None]:
        def report(position: int, message: str, severity: Severity = "error") -> None:
            self.collector.add(message, self.where(heading, position), severity,
                               group=("cell", self.grid.file, self.grid.sheet, heading))
        return report


def _numbers(source: pd.Series, report, amounts: bool = True) -> pd.Series:
    """A number column's values, each bad cell reported; ``amounts`` for counts and amounts."""
    values, errors, warning = parse_number_series(source, amounts=amounts)
    for label, reason in errors.items():
        position = source.index.get_loc(label)
        report(position, f"Isi sel '{_raw(source.iloc[position])}' tidak dapat dibaca sebagai angka: {reason}.")
    if warning is not None:
        report(source.index.get_loc(warning[0]), warning[1], "warning")
    return values


def _years(source: pd.Series, report) -> pd.Series:
    values, errors, _ = parse_number_series(source)
    for label, reason in errors.items():
        position = source.index.get_loc(label)
        if reason == NOT_A_NUMBER:
            reason = "isi tahun dengan empat angka, misalnya 2025"
        report(position, f"Tahun '{_raw(source.iloc[position])}' bukan angka: {reason}.")
    fractional = values.notna() & (values != values.round())
    for position in np.flatnonzero(fractional.to_numpy()):
        report(int(position), f"Tahun '{_raw(source.iloc[position])}' harus bilangan bulat, misalnya 2025.")
    return values.mask(fractional).astype("Int64")


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
    values_text = texts(source)
    keys = pd.Series(map_distinct(values_text, normalize_heading), index=values_text.index)
    values = pd.Series(map_distinct(keys, lambda key: JENIS_MUTU_VALUES.get(key, "")),
                       index=values_text.index, dtype="str")
    for position in np.flatnonzero(((values == "") & (keys != "")).to_numpy()):
        report(int(position), f"Jenis mutu '{values_text.iloc[position]}' tidak dikenal; isi 'Barang/Jasa' "
                              "atau 'SDM'.")
    return values


def _weak_percentages(schema: TableSchema, columns: Mapping[str, int], labels: list[str],
                      body: pd.DataFrame) -> bool:
    """Whether a "Capaian" heading read as terlayani holds percentages ("90,00%"): then it is one."""
    if "terlayani" not in columns:
        return False
    weak = {heading_key(alias) for alias in schema.column("terlayani").weak_aliases}
    if heading_key(labels[columns["terlayani"]]) not in weak:
        return False
    uniques = pd.Series(pd.unique(body.iloc[:, columns["terlayani"]].dropna()), dtype=object)
    return bool(uniques.map(lambda v: isinstance(v, str) and v.strip().endswith("%")).any())


def _required_missing(schema: TableSchema, columns: Mapping[str, int], provided: set[str],
                      block: str) -> list[tuple[str, ...]]:
    required = schema.required
    if schema.kind == "capaian" and block in ("mutu", "anggaran"):
        done, target = BLOCK_PAIRS[block]
        required = (("kode_layanan", "jenis_pelayanan"), (target,))
    return [group for group in required
            if not any(name in columns or name in provided for name in group)]


def segment_frame(grid, segment: Segment, schema: TableSchema, aliases, defaults: Mapping[str, object],
                  collector: ProblemCollector) -> tuple[pd.DataFrame | None, dict[str, str]]:
    """The canonical rows of one segment (None when it cannot be read) and the headings used."""
    header = segment.header
    block = segment.context.get("blok", "")
    match = schema.match(header.named(schema.column(_done(schema, block)).label), aliases, block)
    labels = header.labels
    month_target = next((name for name, p in match.columns.items() if p >= len(labels)), None)
    columns = {name: p for name, p in match.columns.items() if p < len(labels)}
    if header.months and month_target is None:
        month_target = _done(schema, block)
    header_row = int(grid.rows[header.at])
    table = _Table(grid, segment, grid.rows[segment.rows], collector)
    for name, heading in match.ignored_duplicates:
        collector.add(f"Kolom '{heading}' diabaikan karena kolom '{match.headings[name]}' sudah dipakai "
                      f"sebagai {schema.column(name).label}.", table.where(heading), "warning")
    for heading, choices in match.ambiguous:
        names = " atau ".join(f"{schema.column(c).label.lower()} ({c})" for c in choices)
        collector.add(
            f"Kolom '{heading}' dapat berarti {names}; spmdocs tidak menebak. Tuliskan artinya di "
            f"konfigurasi, misalnya {ALIAS_HINT}: {{{choices[0]}: ['{heading}']}}, atau ganti judul "
            "kolomnya (mis. 'Terlayani' atau 'Realisasi Anggaran').", table.where(heading))
    if match.ambiguous:
        return None, match.headings
    body = grid.cells.iloc[segment.rows].reset_index(drop=True)
    if _weak_percentages(schema, columns, labels, body):
        columns["persen"] = columns.pop("terlayani")
        match.headings["persen"] = match.headings.pop("terlayani")
    provided = _provided(segment.context, defaults) | ({month_target} if month_target else set())
    if schema.kind == "mutu" and block == "mutu":
        provided |= {"kode_layanan", "jenis_pelayanan", "jenis_mutu"}
    missing = _required_missing(schema, columns, provided, block)
    if missing:
        found = heading_list([label for label in labels if label])
        for group in missing:
            names = " atau ".join(f"'{schema.column(n).label}'" for n in group)
            collector.add(
                f"Kolom wajib {names} tidak ditemukan. Judul kolom yang ditemukan di baris {header_row}: "
                f"{found}. Tambahkan kolom itu atau daftarkan judulnya di {ALIAS_HINT} konfigurasi."
                + (" Pada format blok, judul bagian 'B.1 Barang/Jasa' dan 'B.2 SDM' di atas baris mutu juga "
                   "menentukan jenis mutunya." if "jenis_mutu" in group else "") + hidden_hint(grid), Location(grid.file, grid.sheet, header_row, schema.column(group[0]).label))
        return None, match.headings

    rows = grid.rows[segment.rows]
    totals = total_rows(body, [p for n, p in columns.items() if schema.column(n).type in ("number", "percent")]
                        + list(header.months))
    for position in np.flatnonzero(totals):
        collector.add("Baris jumlah/total dilewati; spmdocs menghitung jumlahnya sendiri dari baris data.",
                      Location(grid.file, grid.sheet, int(rows[position])), "warning",
                      group=("total", grid.file, grid.sheet))
    body, rows = body[~totals].reset_index(drop=True), rows[~totals]
    table.rows = rows
    out = _typed_columns(schema, body, columns, match, table)
    if header.months:
        out[month_target] = _months(body, header, labels, month_target, schema, table)
        match.headings.setdefault(month_target, header.parents.get(min(header.months)) or
                                  labels[max(header.months)])
    frame = pd.DataFrame(out)
    frame["_file"] = pd.Series([grid.file] * len(frame), dtype="str")
    frame["_sheet"] = pd.Series([grid.sheet] * len(frame), dtype=object)
    frame["_row"] = rows.astype("int64")
    present = set(columns) | ({month_target} if header.months else set())
    frame = _fill_group_headings(frame, schema, present)
    blank = np.ones(len(frame), dtype=bool)
    for name in present:
        values = frame[name]
        blank &= (values.isna() if schema.column(name).type in ("number", "percent", "year", "triwulan")
                  else values == "").to_numpy()
    frame = frame[~blank].reset_index(drop=True)
    if frame.empty:
        if not segment.skipped:
            if schema.kind == "capaian":
                collector.add(f"Berkas tidak berisi baris data di bawah judul kolom (baris {header_row}).",
                              Location(grid.file, grid.sheet, header_row))
            else:
                collector.add(f"Tabel {schema.label} belum berisi baris data di bawah judul kolom (baris "
                              f"{header_row}); tabel ini tidak dipakai.", Location(grid.file, grid.sheet, header_row),
                              "warning")
        return None, match.headings
    _cross_check(frame, schema, block, present, match.headings, grid, collector)
    _from_context(frame, schema, present, segment.context, defaults)
    frame["_blok"] = block
    frame["_jenis_mutu"] = segment.context.get("jenis_mutu", "")
    return frame, {k: v for k, v in match.headings.items() if schema.has(k)}


def _done(schema: TableSchema, block: str) -> str:
    return BLOCK_PAIRS[block][0] if schema.kind == "capaian" else schema.done


def _provided(context: Mapping, defaults: Mapping[str, object]) -> set[str]:
    """Canonical columns the titles or the run's defaults give when the table has no such column."""
    given = set()
    if context.get("daerah") or defaults.get("kode_wilayah"):
        given |= {"kode_wilayah", "daerah"}
    if context.get("tahun") or defaults.get("tahun"):
        given.add("tahun")
    if context.get("layanan") is not None:
        given |= {"kode_layanan", "jenis_pelayanan"}
    if context.get("jenis_mutu"):
        given.add("jenis_mutu")
    return given


def _typed_columns(schema: TableSchema, body: pd.DataFrame, columns: Mapping[str, int], match,
                   table: _Table) -> dict[str, pd.Series]:
    out: dict[str, pd.Series] = {}
    for column in schema.columns + schema.checks:
        if column.name not in columns:
            if column in schema.columns:
                out[column.name] = empty_column(column.type, len(body), body.index)
            continue
        source = _visible(body.iloc[:, columns[column.name]], table, match.headings[column.name])
        report = table.reporter(match.headings[column.name])
        if column.type in ("number", "percent"):
            out[column.name] = _numbers(source, report, amounts=column.type == "number")
        elif column.type == "year":
            out[column.name] = _years(source, report)
        elif column.type == "triwulan":
            out[column.name] = _triwulan(source, report)
        elif column.type == "jenis_mutu":
            out[column.name] = _jenis_mutu(source, report)
        else:
            value = texts(source, code=column.name == "kode_wilayah")
            for fallback in match.fallbacks.get(column.name, ()):
                value = value.where(value != "", texts(body.iloc[:, fallback]))
            out[column.name] = value
    return out


def _visible(source: pd.Series, table: "_Table", heading: str) -> pd.Series:
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
    texts_of = source.where(flagged, "")
    for position in np.flatnonzero(flagged.to_numpy()):
        name = cells_of.invisible(texts_of.iloc[position])
        table.collector.add(f"Sel berisi karakter tak terlihat {name}; karakter itu dihapus. Ketik ulang isi sel bila "
                            "hasilnya tidak sesuai.", table.where(heading, int(position)), "warning",
                            group=("invisible", table.grid.file, table.grid.sheet, heading))
    cleaned = source.copy()
    cleaned[flagged] = texts_of[flagged].map(cells_of.without_invisible)
    return cleaned


def _months(body: pd.DataFrame, header, labels: list[str], target: str, schema: TableSchema,
            table: _Table) -> pd.Series:
    """The figure of a month block: its Total, or the sum of its months; a mismatch is an error."""
    months = {p: m for p, m in header.months.items() if m}
    values = pd.DataFrame({p: _numbers(body.iloc[:, p], table.reporter(labels[p])) for p in months},
                          index=body.index)
    total_at = next((p for p, m in header.months.items() if m == 0), None)
    total = _numbers(body.iloc[:, total_at], table.reporter(labels[total_at])) if total_at is not None else None
    figure, wrong, summed = crosscheck.month_total(values, total)
    heading = labels[total_at] if total_at is not None else labels[max(months)]
    parent = header.parents.get(min(months)) or schema.column(target).label
    for position in np.flatnonzero(wrong):
        table.collector.add(
            f"{parent}: jumlah bulan Jan–Des ({_fmt(summed[position])}) tidak sama dengan kolom "
            f"'{heading}' ({_fmt(total.iloc[position])}); perbaiki salah satunya.",
            table.where(heading, int(position)), group=("bulan", table.grid.file, table.grid.sheet))
    return figure


def _fill_group_headings(frame: pd.DataFrame, schema: TableSchema, present: set[str]) -> pd.DataFrame:
    """Give the rows under a group heading row its service/daerah/OPD, and drop the heading row.

    A group heading row names a service (or daerah, OPD) and has no number at all; the rows under
    it leave that column empty. A heading row with no such rows under it stays (it is reported as
    a row with empty numbers).
    """
    numbers = [n for n in present if schema.column(n).type in ("number", "percent")]
    if not numbers or frame.empty:
        return frame
    no_numbers = frame[numbers].isna().all(axis=1).to_numpy()
    positions = np.arange(len(frame))
    headings = np.zeros(len(frame), dtype=bool)
    for name in (n for n in IDENTITY if n in present):
        value = frame[name].to_numpy(dtype=object)
        empty = value == ""
        opener = no_numbers & ~empty
        if not opener.any():
            continue
        head = np.maximum.accumulate(np.where(~empty, positions, -1))
        under = empty & (head >= 0) & opener[np.maximum(head, 0)]
        if not under.any():
            continue
        frame[name] = np.where(under, value[np.maximum(head, 0)], value)
        headings |= opener & (np.bincount(head[under], minlength=len(frame)) > 0)
    return frame[~headings].reset_index(drop=True) if headings.any() else frame


def _cross_check(frame: pd.DataFrame, schema: TableSchema, block: str, present: set[str],
                 headings: Mapping[str, str], grid, collector: ProblemCollector) -> None:
    """Report every row whose stated percentage or "belum" disagrees with its counts."""
    if schema.kind == "mutu":
        done, target = MUTU_PAIR
    elif schema.kind == "capaian":
        done, target = BLOCK_PAIRS[block]
    else:
        done, target = "realisasi_anggaran", "anggaran"
    if done not in present or target not in present:
        return
    label = f"{headings.get(done, done)}/{headings.get(target, target)}"
    if "persen" in frame:
        wrong, computed, stated = crosscheck.percent_mismatch(frame[done], frame[target], frame["persen"])
        heading = headings["persen"]
        for position in np.flatnonzero(wrong):
            row = frame.iloc[position]
            collector.add(
                f"Kolom '{heading}' berisi {_fmt(round(stated[position], 2))}%, padahal {label} = "
                f"{_fmt(row[done])}/{_fmt(row[target])} = {_fmt(round(computed[position], 2))}%. Periksa angkanya, "
                f"atau bila kolom-kolom ini terbaca keliru, tetapkan artinya di {ALIAS_HINT} konfigurasi.",
                Location(row["_file"], row["_sheet"], int(row["_row"]), heading),
                group=("persen", grid.file, grid.sheet))
        del frame["persen"]
    if "belum_terlayani" in frame:
        wrong, expected = crosscheck.belum_mismatch(frame[done], frame[target], frame["belum_terlayani"])
        heading = headings["belum_terlayani"]
        for position in np.flatnonzero(wrong):
            row = frame.iloc[position]
            collector.add(
                f"Kolom '{heading}' berisi {_fmt(row['belum_terlayani'])}, padahal {headings.get(target, target)} "
                f"dikurangi {headings.get(done, done)} = {_fmt(expected[position])}. Periksa angkanya.",
                Location(row["_file"], row["_sheet"], int(row["_row"]), heading),
                group=("belum", grid.file, grid.sheet))
        del frame["belum_terlayani"]


def _from_context(frame: pd.DataFrame, schema: TableSchema, present: set[str], context: Mapping,
                  defaults: Mapping[str, object]) -> None:
    """Columns the table lacks, from its titles (daerah, tahun, triwulan, service, unit) or defaults."""
    def put(name: str, value) -> None:
        if schema.has(name) and name not in present and value not in (None, ""):
            if schema.column(name).type in ("year", "triwulan"):
                frame[name] = pd.array([int(value)] * len(frame), dtype="Int64")
            else:
                frame[name] = pd.Series([str(value)] * len(frame), index=frame.index, dtype="str")

    service = context.get("layanan")
    if service is not None and "kode_layanan" not in present and "jenis_pelayanan" not in present:
        put("kode_layanan", service.kode)
    if context.get("daerah") and "kode_wilayah" not in present and "daerah" not in present:
        put("daerah", context["daerah"])
    elif "kode_wilayah" not in present and "daerah" not in present:
        put("kode_wilayah", defaults.get("kode_wilayah"))
    put("tahun", context.get("tahun") or defaults.get("tahun"))
    put("triwulan", context.get("triwulan"))
    put("unit", context.get("unit"))
    put("jenis_mutu", context.get("jenis_mutu"))


HEADINGS_LISTED = 30
"""Most found headings a message lists; a sheet thousands of columns wide is summed up after them."""


def heading_list(labels: list[str]) -> str:
    """"'Kode', 'Nama', …" for a message: the first :data:`HEADINGS_LISTED`, then how many more."""
    if not labels:
        return "(tidak ada)"
    listed = ", ".join(f"'{label[:80]}'" for label in labels[:HEADINGS_LISTED])
    more = len(labels) - HEADINGS_LISTED
    return listed + (f", dan {more} judul lainnya" if more > 0 else "")


def hidden_hint(grid) -> str:
    others = [name for name in getattr(grid, "other_sheets", ()) if name not in grid.hidden_sheets]
    if others:
        names = ", ".join(f"'{name}'" for name in others)
        return (f" Judul kolom data ditemukan di lembar lain: {names}; pilih lembarnya dengan --lembar "
                f"\"{others[0]}\" atau data.lembar di konfigurasi.")
    if not grid.hidden_sheets:
        return ""
    names = ", ".join(f"'{name}'" for name in grid.hidden_sheets)
    return (f" Berkas ini juga memiliki lembar tersembunyi {names}; bila data ada di sana, pilih lembarnya "
            "dengan --lembar atau data.lembar di konfigurasi.")


def check_aliases(aliases: Mapping[str, Iterable[str]] | None, known: Iterable[str],
                  collector: ProblemCollector) -> None:
    known = sorted(set(known))
    for name in aliases or {}:
        if name not in known:
            collector.add(f"Nama kolom '{name}' pada {ALIAS_HINT} tidak dikenal. Pilihan: {', '.join(known)}.",
                          Location(key=f"{ALIAS_HINT}.{name}"))
