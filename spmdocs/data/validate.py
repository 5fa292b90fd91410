"""Check loaded SPM tables against the data rules and report each breach where the clerk can find it.

:func:`validate_files` loads the files (:func:`~spmdocs.data.loader.load_table` already reports
unreadable files, wrong sheet names, missing columns, empty files, non-numeric cells, unknown
services and unreadable triwulan/tahun text) and then applies the row and table rules below.
Every rule yields :class:`~spmdocs.errors.Problem` objects whose location names the file, sheet,
row and the column heading as the clerk wrote it. Warnings never stop a run; errors do
(:func:`raise_for`).

Rules: empty required cell; negative number; terlayani > sasaran, mutu_terpenuhi > mutu_target,
realisasi_anggaran > anggaran (warnings); duplicate rows; more than one tahun; daerah from more
than one province (only with ``one_province``: national data is valid); one kode_wilayah with two daerah names; a service of the other level; an
unrecognised kode_wilayah (warning); triwulan outside 1–4; an implausible tahun.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Hashable, Iterable, Iterator, Mapping, Sequence

import numpy as np
import pandas as pd

from spmdocs.data.loader import LoadResult, PathLike, heading_of, load_table, map_distinct
from spmdocs.data.numbers import indonesian
from spmdocs.data.problems import MAX_PER_RULE, ProblemCollector, cell_of
from spmdocs.data.schema import OVER_TARGET, TableSchema, get_schema, normalize_heading
from spmdocs.errors import DataError, Location, Problem, Severity, raise_if_errors

FIRST_PLAUSIBLE_YEAR = 2000
LEVEL_LABELS = {"provinsi": "provinsi", "kabupaten_kota": "kabupaten/kota"}


@dataclass
class _Context:
    """What every rule sees: the table, its kind, the clerk's headings and where to report."""

    frame: pd.DataFrame
    schema: TableSchema
    headings: Mapping[tuple[str, str | None], Mapping[str, str]]
    collector: ProblemCollector
    catalog: object
    allow_years: bool
    already: frozenset[tuple] = frozenset()
    one_province: bool = False

    def heading(self, row: Mapping, column: str) -> str:
        return heading_of(self.headings, self.schema.kind, row["_file"], row["_sheet"], column)

    def location(self, row: Mapping, column: str | None = None) -> Location:
        return Location(row["_file"], row["_sheet"], int(row["_row"]),
                        self.heading(row, column) if column else None)

    def rows(self, mask: pd.Series | np.ndarray) -> Iterator[tuple[Hashable, dict]]:
        """(index label, row as a dict) for each row where ``mask`` holds, converted as they are
        asked for (a rule that names the first offending row converts only the first few)."""
        flagged = self.frame[np.asarray(mask, dtype=bool)]
        for start in range(0, len(flagged), _ROWS_AT_ONCE):
            chunk = flagged.iloc[start:start + _ROWS_AT_ONCE]
            yield from zip(chunk.index, chunk.to_dict("records"))

    def report(self, mask: pd.Series | np.ndarray, rule: str, column: str | None,
               message: Callable[[object], str], severity: Severity = "error") -> None:
        """One problem per row where ``mask`` holds, capped per rule, file and column.

        A cell the loader already reported (an unreadable number, say) is not reported again.
        Every offending row is counted, but only the rows that will be shown (the first
        :data:`~spmdocs.data.problems.MAX_PER_RULE` of each group) are converted and described.
        """
        flagged = self.frame[np.asarray(mask, dtype=bool)]
        if flagged.empty:
            return
        collector = self.collector
        entries, shown, seen = [], [], {}
        for position, (file, sheet, number) in enumerate(zip(flagged["_file"].to_numpy(), flagged["_sheet"].to_numpy(),
                                                             flagged["_row"].to_numpy())):
            heading = heading_of(self.headings, self.schema.kind, file, sheet, column) if column else None
            location = Location(file, sheet, int(number), heading)
            if cell_of(location) in self.already:
                continue
            group = (rule, file, sheet, column)
            count = seen[group] = seen.get(group, collector.count(group)) + 1
            show = collector.limit is None or count <= collector.limit
            if show:
                shown.append(position)
            entries.append((location, group, show))
        rows = iter(flagged.iloc[shown].to_dict("records"))
        for location, group, show in entries:
            collector.add(message(next(rows)) if show else "", location, severity, group=group)


_ROWS_AT_ONCE = 256


def _where(row: Mapping) -> str:
    """"baris 5 berkas data.xlsx, lembar 'Capaian'": another row, named inside a message."""
    sheet = f", lembar '{row['_sheet']}'" if row["_sheet"] else ""
    return f"baris {int(row['_row'])} berkas {Path(row['_file']).name}{sheet}"


def _empty(series: pd.Series) -> pd.Series:
    if pd.api.types.is_string_dtype(series.dtype) and not pd.api.types.is_numeric_dtype(series.dtype):
        return series.fillna("") == ""
    return series.isna()


# --- rules ---------------------------------------------------------------------------------

def _required_cells(ctx: _Context) -> None:
    """A required column is present but a row leaves it empty (services: see the loader)."""
    for group in ctx.schema.required:
        if "kode_layanan" in group:
            continue
        empty = np.ones(len(ctx.frame), dtype=bool)
        for name in group:
            empty &= _empty(ctx.frame[name]).to_numpy()
        labels = " atau ".join(ctx.schema.column(name).label for name in group)
        ctx.report(empty, "required", group[0] if len(group) == 1 else _present(ctx, group),
                   lambda row: f"Sel wajib kosong: isi {labels}.")


def _present(ctx: _Context, group: tuple[str, ...]) -> str:
    """The first column of ``group`` that some file actually has (for the location)."""
    for name in group:
        if any(name in used for used in ctx.headings.values()):
            return name
    return group[0]


def _negative(ctx: _Context) -> None:
    for name in ctx.schema.numeric:
        values = ctx.frame[name]
        label = ctx.schema.column(name).label
        ctx.report(values < 0, "negative", name,
                   lambda row, name=name, label=label:
                   f"{label} bernilai negatif ({indonesian(row[name])}); jumlah tidak boleh "
                   "kurang dari 0.")


def _over_target(ctx: _Context) -> None:
    for done, target in OVER_TARGET[ctx.schema.kind]:
        more = (ctx.frame[done] > ctx.frame[target]) & (ctx.frame[target] >= 0)
        done_label, target_label = ctx.schema.column(done).label, ctx.schema.column(target).label
        ctx.report(more, f"over-{done}", done,
                   lambda row, done=done, target=target, dl=done_label, tl=target_label:
                   f"{dl} ({indonesian(row[done])}) lebih besar dari {tl} "
                   f"({indonesian(row[target])}); periksa kembali, capaian akan dibatasi "
                   "100%.",
                   "warning")


def _wilayah_key(frame: pd.DataFrame) -> pd.Series:
    """kode_wilayah, or the normalised daerah name for rows that give only a name."""
    names = pd.Series(map_distinct(frame["daerah"], normalize_heading), index=frame.index,
                      dtype="str")
    return frame["kode_wilayah"].where(frame["kode_wilayah"] != "", "nama:" + names)


def _duplicates(ctx: _Context) -> None:
    frame = ctx.frame
    keys = pd.DataFrame({"_wilayah": _wilayah_key(frame)})
    for name in ctx.schema.duplicate_key:
        if name == "kode_wilayah":
            continue
        column = frame[name]
        numeric = ctx.schema.column(name).type in ("number", "year", "triwulan")
        keys[name] = column.astype("float64") if numeric else column.str.casefold()
    # A row whose service or tahun could not be read has its own error; it is nobody's duplicate.
    resolved = ((frame["kode_layanan"] != "") & frame["tahun"].notna()).to_numpy()
    duplicated = keys[resolved].duplicated(keep=False).reindex(keys.index, fill_value=False).to_numpy()
    if not duplicated.any():
        return
    subset = keys[duplicated]
    first = subset.reset_index().groupby(list(subset.columns), dropna=False, sort=False)["index"] \
        .transform("first").to_numpy()
    originals = dict(zip(subset.index, first))
    later = pd.Series(False, index=frame.index)
    later[[i for i, f in originals.items() if i != f]] = True

    for index, row in ctx.rows(later):
        original = frame.loc[originals[index]]
        parts = [f"layanan {row['kode_layanan']}"]
        if row.get("unit"):
            parts.append(f"unit '{row['unit']}'")
        if not pd.isna(row["triwulan"]):
            parts.append(f"triwulan {row['triwulan']}")
        ctx.collector.add(
            f"Baris ganda: sama dengan {_where(original)} ({', '.join(parts)}, tahun "
            f"{row['tahun']}). Hapus salah satu baris atau bedakan unitnya.",
            ctx.location(row, _service_column(ctx, row)),
            group=("duplicate", row["_file"], row["_sheet"]))


def _subtotals(ctx: _Context) -> None:
    """A unit row whose Sasaran and Terlayani are each the sum of the other units' of the same
    daerah, layanan, tahun and triwulan is a subtotal, whatever its label ("Kab. Bulungan",
    "KABUPATEN", "Capaian Kabupaten"): summed with them, it doubles the daerah's figures."""
    frame = ctx.frame
    if ctx.schema.kind != "capaian" or "unit" not in frame or frame.empty:
        return
    keys = [_wilayah_key(frame).rename("_wilayah"), frame["kode_layanan"], frame["tahun"].astype("float64"),
            frame["triwulan"].astype("float64")]
    figures = frame[["sasaran", "terlayani"]].astype("float64")
    grouped = figures.groupby(keys, dropna=False, sort=False)
    totals, sizes = grouped.transform("sum"), grouped["sasaran"].transform("size")
    whole = (figures * 2 - totals).abs() < 1e-6
    mask = (sizes >= 3) & whole["sasaran"] & whole["terlayani"] & (figures["sasaran"] > 0) & (frame["unit"] != "")
    ctx.report(mask.to_numpy(), "subtotal", "unit",
               lambda row: f"Baris '{row['unit']}' tampaknya baris jumlah: Sasaran ({indonesian(row['sasaran'])}) dan "
                           f"Terlayani ({indonesian(row['terlayani'])}) sama dengan jumlah unit lain layanan "
                           f"{row['kode_layanan']} di daerah ini, sehingga capaian daerah akan terhitung dua kali. "
                           "Hapus baris jumlah itu (atau beri label 'Jumlah').")


def _service_column(ctx: _Context, row: Mapping) -> str:
    used = ctx.headings.get((row["_file"], row["_sheet"]), {})
    return "kode_layanan" if "kode_layanan" in used else "jenis_pelayanan"


def _one_year(ctx: _Context) -> None:
    if ctx.allow_years:
        return
    years = ctx.frame["tahun"].dropna()
    if years.nunique() <= 1:
        return
    first = ctx.frame.loc[years.index[0]]
    found = ", ".join(str(y) for y in sorted(years.unique()))
    differs = ctx.frame["tahun"].notna() & (ctx.frame["tahun"] != first["tahun"])
    _, row = next(ctx.rows(differs))
    ctx.collector.add(
        f"Data berisi lebih dari satu tahun ({found}): tahun {row['tahun']} di sini, tahun "
        f"{first['tahun']} di {_where(first)}. Satu laporan hanya untuk satu tahun; pisahkan "
        "datanya atau izinkan beberapa tahun.", ctx.location(row, "tahun"))


def _one_province(ctx: _Context) -> None:
    """Daerah of one province only, when the caller asks (``--cakupan provinsi``).

    National data (every provinsi and kab/kota) is valid by default: the one-province view is
    that of a daerah's own report, whose rows are those of its wilayah (see
    :func:`spmdocs.data.period.in_wilayah`), never the whole file's.
    """
    if not ctx.one_province:
        return
    codes = ctx.frame["kode_wilayah"]
    province = codes.str.extract(r"^(\d{2})", expand=False)
    known = province.dropna()
    if known.nunique() <= 1:
        return
    first = ctx.frame.loc[known.index[0]]
    differs = province.notna() & (province != known.iloc[0])
    _, row = next(ctx.rows(differs))
    ctx.collector.add(
        f"Kode wilayah '{row['kode_wilayah']}' berada di provinsi {row['kode_wilayah'][:2]}, "
        f"sedangkan '{first['kode_wilayah']}' di {_where(first)} berada di provinsi {known.iloc[0]}. "
        "Satu laporan hanya untuk daerah dalam satu provinsi.", ctx.location(row, "kode_wilayah"))


def _one_name_per_code(ctx: _Context) -> None:
    frame = ctx.frame
    named = frame[(frame["kode_wilayah"] != "") & (frame["daerah"] != "")]
    if named.empty:
        return
    keys = pd.Series(map_distinct(named["daerah"], normalize_heading), index=named.index)
    counts = keys.groupby(named["kode_wilayah"]).nunique()
    for kode in counts[counts > 1].index:
        same_code = named["kode_wilayah"] == kode
        first = named[same_code].iloc[0]
        differs = same_code & (keys != keys[first.name])
        _, other = next(zip(named[differs].index, named[differs].to_dict("records")))
        ctx.collector.add(
            f"Kode wilayah '{kode}' dipakai untuk dua nama daerah: '{first['daerah']}' di "
            f"{_where(first)} dan '{other['daerah']}' di sini. Samakan nama daerahnya atau "
            "perbaiki kode wilayahnya.", ctx.location(other, "daerah"))
    _one_code_per_name(ctx, named, keys)


def _one_code_per_name(ctx: _Context, named: pd.DataFrame, keys: pd.Series) -> None:
    """A warning for a daerah name written with two codes: its rows would make two daerah."""
    codes = named["kode_wilayah"].groupby(keys).nunique()
    for key in codes[codes > 1].index:
        same_name = keys == key
        first = named[same_name].iloc[0]
        differs = same_name & (named["kode_wilayah"] != first["kode_wilayah"])
        _, other = next(zip(named[differs].index, named[differs].to_dict("records")))
        ctx.collector.add(
            f"Daerah '{other['daerah']}' ditulis dengan dua kode wilayah: '{first['kode_wilayah']}' di "
            f"{_where(first)} dan '{other['kode_wilayah']}' di sini; barisnya akan dihitung sebagai dua "
            "daerah. Samakan kode wilayahnya.", ctx.location(other, "kode_wilayah"), "warning")


def _levels(ctx: _Context) -> None:
    from spmdocs.spm.catalog import level_of

    frame = ctx.frame
    region_level = map_distinct(frame["kode_wilayah"], lambda k: level_of(k) if k else None)
    unknown_code = (frame["kode_wilayah"] != "").to_numpy() & pd.isna(region_level)
    ctx.report(unknown_code, "kode-wilayah", "kode_wilayah",
               lambda row: f"Kode wilayah '{row['kode_wilayah']}' tidak berformat kode Kemendagri "
                           "(contoh: 65 untuk provinsi, 65.01 untuk kabupaten/kota); jenjang "
                           "layanannya tidak dapat diperiksa.", "warning")

    def service_level(kode: str):
        service = ctx.catalog.find(kode) if kode else None
        return service.level if service else None

    levels = map_distinct(frame["kode_layanan"], service_level)
    wrong = pd.notna(region_level) & pd.notna(levels) & (region_level != levels)
    names = map_distinct(frame["kode_layanan"], lambda k: ctx.catalog.find(k).nama if k else None)
    for index, row in ctx.rows(wrong):
        position = frame.index.get_loc(index)
        service, region, nama = levels[position], region_level[position], names[position]
        ctx.collector.add(
            f"Layanan {row['kode_layanan']} ({nama}) adalah layanan {LEVEL_LABELS[service]}, "
            f"tetapi kode wilayah '{row['kode_wilayah']}' adalah {LEVEL_LABELS[region]}. Pilih layanan "
            f"jenjang {LEVEL_LABELS[region]} atau perbaiki kode wilayahnya.",
            ctx.location(row, _service_column(ctx, row)),
            group=("level", row["_file"], row["_sheet"]))


def _triwulan_range(ctx: _Context) -> None:
    quarter = ctx.frame["triwulan"]
    bad = quarter.notna() & ~quarter.isin([1, 2, 3, 4])
    ctx.report(bad.fillna(False), "triwulan", "triwulan",
               lambda row: f"Triwulan {row['triwulan']} tidak ada; isi 1, 2, 3 atau 4 (atau I–IV), "
                           "atau kosongkan untuk data setahun.")


def _plausible_year(ctx: _Context) -> None:
    last = date.today().year + 1
    year = ctx.frame["tahun"]
    bad = year.notna() & ((year < FIRST_PLAUSIBLE_YEAR) | (year > last))
    ctx.report(bad.fillna(False), "tahun", "tahun",
               lambda row: f"Tahun {row['tahun']} tidak masuk akal; isi tahun laporan empat angka "
                           f"antara {FIRST_PLAUSIBLE_YEAR} dan {last}, misalnya {last - 1}.")


RULES: tuple[Callable[[_Context], None], ...] = (
    _required_cells, _negative, _over_target, _triwulan_range, _plausible_year, _duplicates, _subtotals,
    _one_year, _one_province, _one_name_per_code, _levels,
)


# --- public API ----------------------------------------------------------------------------

def check_table(result: LoadResult, *, allow_years: bool = False, catalog=None,
                limit: int | None = MAX_PER_RULE, one_province: bool = False) -> list[Problem]:
    """Problems found by the table rules in an already loaded ``result`` (its own not included).

    ``one_province`` refuses daerah of more than one province (by default data of many provinsi,
    up to the whole country, is valid).
    """
    collector = ProblemCollector(limit)
    if result.frame.empty:
        return []
    if catalog is None:
        from spmdocs.spm.catalog import load_catalog

        catalog = load_catalog()
    ctx = _Context(result.frame, get_schema(result.kind), result.headings, collector, catalog,
                   allow_years, result.error_cells, one_province)
    for rule in RULES:
        rule(ctx)
    return collector.finish()


def validate_files(paths: PathLike | Sequence[PathLike], kind: str | None = None, *,
                   strict: bool = False, allow_years: bool = False,
                   aliases: Mapping[str, Iterable[str]] | None = None, sheet: str | None = None,
                   catalog=None, defaults: Mapping[str, object] | None = None,
                   limit: int | None = MAX_PER_RULE, one_province: bool = False,
                   aggregate: bool = False) -> LoadResult:
    """Load ``paths`` (kind None: detect from the headings) and apply every rule.

    ``strict`` turns warnings into errors. ``allow_years`` accepts data of several years (for
    multi-year comparisons). ``one_province`` refuses daerah of more than one province (by
    default national data is valid). ``defaults`` ({"kode_wilayah", "tahun"} of the report config) fill
    what neither a table nor its titles give. ``limit`` caps the problems reported per rule and
    column (None: all). The result holds the canonical frame and all
    problems of the run.

    ``aggregate`` allows the result to hold the rows summed per daerah × tahun × triwulan ×
    service instead of one row each (``rows_read`` then says how many were read): large plain
    CSV files are then read in batches in bounded memory (:mod:`spmdocs.data.columnar`), with
    the same problems and the same scores.
    """
    if aggregate and kind in ("capaian", None):
        large = _validate_large(paths, kind, sheet, aliases, defaults, allow_years, catalog, limit, one_province)
        if large is not None:
            return _strict(large, strict)
    result = load_table(paths, kind, sheet=sheet, aliases=aliases, catalog=catalog, defaults=defaults,
                        limit=limit)
    problems = result.problems + check_table(result, allow_years=allow_years, catalog=catalog, limit=limit,
                                                 one_province=one_province)
    return _strict(LoadResult(result.frame, problems, result.kind, result.headings, result.error_cells),
                   strict)


def _strict(result: LoadResult, strict: bool) -> LoadResult:
    if not strict:
        return result
    problems = [Problem(p.message, p.location, "error") for p in result.problems]
    return LoadResult(result.frame, problems, result.kind, result.headings, result.error_cells,
                      result.rows_read)


def _validate_large(paths, kind, sheet, aliases, defaults, allow_years, catalog, limit,
                    one_province: bool = False) -> LoadResult | None:
    """The batched reading of large plain CSV files, or None when it does not apply to ``paths``."""
    from spmdocs.data import columnar

    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    plans = [columnar.eligible(path, kind, sheet, aliases, defaults) for path in paths]
    if not plans or not all(plans):
        return None
    try:
        return columnar.validate_large(plans, allow_years=allow_years, aliases=aliases, catalog=catalog,
                                       limit=limit, one_province=one_province)
    except columnar.Fallback:
        return None


def raise_for(problems: Iterable[Problem]) -> None:
    """Raise :class:`~spmdocs.errors.DataError` with all problems when any of them is an error."""
    raise_if_errors(problems, DataError)
