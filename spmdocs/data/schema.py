"""Table kinds as data: canonical columns, their types, which are required, and heading aliases.

Three kinds of table come from clerks:

* ``capaian``: one row per daerah × tahun (× triwulan) × jenis pelayanan (× unit) with the number
  to be served (sasaran), served to standard (terlayani) and optional mutu and budget totals;
* ``mutu``: one row per mutu item (barang/jasa or SDM) with its target and the number fulfilled;
* ``kegiatan``: budget and realisation per sub-kegiatan.

Headings are compared by :func:`heading_key` (case, spacing and punctuation ignored), so
"Alokasi Anggaran (Rp)", "ALOKASI ANGGARAN" and "alokasi_anggaran" are the same heading.

Rules that keep a file from being misread:

* A percentage heading ("% Capaian", "Persentase", "Capaian (%)") never names a count; it names
  the ``persen`` check column or nothing.
* A bare "Realisasi" is decided by its neighbours (:meth:`TableSchema.match`): the number served
  beside "Sasaran" when the table has no budget column, the budget realisation beside "Alokasi
  Anggaran" when it has a "Terlayani" column, and otherwise ambiguous: the loader stops and asks
  for ``data.alias_kolom``. Within a block of the e-SPM format its block decides.
* Where two headings name the same place (Provinsi and Kabupaten/Kota, Kecamatan and Puskesmas),
  the more specific one gives the name and the other fills in where it is empty.
* Check columns (``persen``, ``belum_terlayani``, month totals) are read only to cross-check the
  counts row by row; they are not part of the canonical table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable, Literal, Mapping

ColumnType = Literal["text", "number", "percent", "year", "triwulan", "jenis_mutu"]
KINDS = ("capaian", "mutu", "kegiatan")
SOURCE_COLUMNS = ("_file", "_sheet", "_row")

_UNIT_WORDS = frozenset({"rp", "rupiah", "idr"})
_PERCENT_WORDS = frozenset({"persen", "persentase", "prosentase", "presentase", "pct"})
_REALISASI = frozenset({"realisasi", "jumlahrealisasi", "realisasitotal", "totalrealisasi"})

MONTHS: dict[str, int] = {
    key: number
    for number, names in enumerate((
        ("jan", "januari", "january"), ("feb", "peb", "februari", "pebruari", "february"),
        ("mar", "maret", "march"), ("apr", "april"), ("mei", "may"), ("jun", "juni", "june"),
        ("jul", "juli", "july"), ("agu", "agt", "ags", "agus", "agustus", "aug", "august"),
        ("sep", "sept", "september"), ("okt", "oktober", "oct", "october"),
        ("nov", "nop", "nopember", "november"), ("des", "desember", "dec", "december")), start=1)
    for key in names
}
"""Month headings of the monthly layout (Jan … Des), Indonesian and English, by month number."""


def month_of(heading: object) -> int | None:
    """The month a heading names ("Jan", "AGUSTUS", "Agt") or None."""
    return MONTHS.get(heading_key(heading))


def is_percent_heading(heading: object) -> bool:
    """True for a heading of percentages: "% Capaian", "Persentase", "Capaian (%)"."""
    text = str(heading or "")
    return "%" in text or bool(set(normalize_heading(text).split()) & _PERCENT_WORDS)


def is_money_heading(heading: object) -> bool:
    """True for a heading marked as Rupiah: "Realisasi (Rp.)", "Pagu Rupiah"."""
    return bool(set(normalize_heading(heading).split()) & _UNIT_WORDS)


def _percent_key(text: object) -> str:
    words = [w for w in normalize_heading(text).split() if w not in _PERCENT_WORDS]
    return "".join(words)


def normalize_heading(text: object) -> str:
    """Lower-case words of ``text`` without accents or punctuation, single-spaced."""
    if text is None:
        return ""
    if type(text) is str:
        return _normalized(text)
    return _normalize(str(text))


@lru_cache(maxsize=65_536)
def _normalized(text: str) -> str:
    """:func:`_normalize`, remembered: guessing a file's delimiter and header row asks for the same
    cells once per delimiter, schema and candidate row."""
    return _normalize(text)


def _normalize(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def heading_key(text: object) -> str:
    """Comparison key of a heading: :func:`normalize_heading` without spaces ("K-4" = "K4")."""
    return normalize_heading(text).replace(" ", "")


def _unitless_key(text: object) -> str:
    """The key without currency words, so "Pagu (Rp)" and "Pagu Rupiah" match "Pagu"."""
    return "".join(word for word in normalize_heading(text).split() if word not in _UNIT_WORDS)


@dataclass(frozen=True)
class ColumnSpec:
    """One canonical column: its type, its label for clerks, and the headings that name it.

    ``weak_aliases`` name the column only when no other heading in the file does, e.g. a
    "CAPAIAN" column holding counts when there is no "Terlayani" column. ``general`` aliases name
    a wider place than the others ("Provinsi" beside "Kabupaten/Kota"): with both present the
    specific heading gives the value and the general one fills in where it is empty.
    """

    name: str
    type: ColumnType
    label: str
    aliases: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()
    general: tuple[str, ...] = ()

    @property
    def is_numeric(self) -> bool:
        return self.type == "number"


@dataclass(frozen=True)
class HeadingMatch:
    """Which source column (by position) feeds each canonical column, and what was left over.

    ``fallbacks`` lists, per column, less specific headings that fill in where the main one is
    empty. ``ambiguous`` holds headings that could name more than one column, with the choices.
    """

    columns: dict[str, int]
    headings: dict[str, str]
    ignored_duplicates: list[tuple[str, str]] = field(default_factory=list)
    fallbacks: dict[str, list[int]] = field(default_factory=dict)
    ambiguous: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)


BLOCK_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "penerima": {"terlayani": ("realisasi", "jumlah realisasi")},
    "mutu": {"mutu_target": ("target", "sasaran", "jumlah yang harus dipenuhi", "kebutuhan"),
             "mutu_terpenuhi": ("realisasi", "jumlah realisasi", "terpenuhi", "tersedia", "jumlah terpenuhi"),
             "jenis_pelayanan": ("indikator", "indikator barang jasa", "indikator sdm", "uraian mutu")},
    "anggaran": {"realisasi_anggaran": ("realisasi", "jumlah realisasi"),
                 "belum_terlayani": ("selisih", "sisa anggaran")},
}
"""Headings whose meaning a block of the e-SPM format decides (penerima, mutu, anggaran)."""

BLOCK_PAIRS: dict[str, tuple[str, str]] = {
    "": ("terlayani", "sasaran"), "penerima": ("terlayani", "sasaran"),
    "mutu": ("mutu_terpenuhi", "mutu_target"), "anggaran": ("realisasi_anggaran", "anggaran"),
}
"""The (done, target) counts a block's percentage and "belum" columns are checked against."""


@dataclass(frozen=True)
class TableSchema:
    """A table kind: its columns in output order, required column groups and duplicate key.

    Each entry of ``required`` is a group of alternatives; at least one column of every group
    must be present (``("kode_layanan", "jenis_pelayanan")``: either identifies the service).
    ``checks`` are columns read only to cross-check the counts; ``done`` is the column a month
    block adds up to when its heading does not say.
    """

    kind: str
    label: str
    columns: tuple[ColumnSpec, ...]
    required: tuple[tuple[str, ...], ...]
    duplicate_key: tuple[str, ...]
    distinctive: tuple[str, ...]
    checks: tuple[ColumnSpec, ...] = ()
    done: str = "terlayani"

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def numeric(self) -> list[str]:
        return [column.name for column in self.columns if column.is_numeric]

    def column(self, name: str) -> ColumnSpec:
        return next(column for column in self.columns + self.checks if column.name == name)

    def has(self, name: str) -> bool:
        return any(column.name == name for column in self.columns + self.checks)

    def alias_table(self, extra: Mapping[str, Iterable[str]] | None = None, block: str = ""
                    ) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        """(strong, weak, percent) maps from heading key to canonical column name.

        ``extra`` aliases (canonical name -> headings, from configuration) take precedence over
        the built-in ones and the block's; names of columns this kind does not have are ignored.
        """
        return _alias_table(self, _frozen(extra), block)

    def _build_alias_table(self, extra: Mapping[str, Iterable[str]], block: str
                           ) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        strong: dict[str, str] = {}
        weak: dict[str, str] = {}
        percent: dict[str, str] = {}
        for column in self.columns + self.checks:
            target = percent if column.type == "percent" else strong
            for alias in (column.name, column.label, *column.aliases):
                key = _percent_key(alias) if column.type == "percent" else heading_key(alias)
                target[key] = column.name
            for alias in column.weak_aliases:
                weak[heading_key(alias)] = column.name
        layers = [BLOCK_ALIASES.get(block, {}), extra or {}]
        for layer in layers:
            for name, headings in layer.items():
                if not self.has(name):
                    continue
                for heading in headings:
                    key = heading_key(heading)
                    weak.pop(key, None)
                    if self.column(name).type == "percent":
                        percent[_percent_key(heading)] = name
                    else:
                        strong[key] = name
        return strong, weak, percent

    def match(self, headings: list[str], extra: Mapping[str, Iterable[str]] | None = None,
              block: str = "") -> HeadingMatch:
        """Map the file's ``headings`` to canonical columns; the first heading of a column wins.

        A percentage heading only names a percent column. A specific heading wins over a
        :attr:`ColumnSpec.general` one for the same column. A bare "Realisasi" is decided by the
        other headings (see the module docstring) or reported in ``ambiguous``.
        """
        strong, weak, percent = self.alias_table(extra, block)
        decided = {heading_key(h) for layer in (extra or {}, BLOCK_ALIASES.get(block, {}))
                   for hs in layer.values() for h in hs}
        columns: dict[str, int] = {}
        found: dict[str, str] = {}
        general: dict[str, bool] = {}
        fallbacks: dict[str, list[int]] = {}
        duplicates: list[tuple[str, str]] = []
        weak_candidates: list[tuple[str, int]] = []
        realisasi: list[int] = []
        for position, heading in enumerate(headings):
            key, unitless = heading_key(heading), _unitless_key(heading)
            if not key and "%" not in str(heading or ""):
                continue
            if is_percent_heading(heading) and key not in decided:
                name = percent.get(_percent_key(heading))
            elif self.kind == "capaian" and unitless in _REALISASI and key not in decided and \
                    not is_money_heading(heading):
                realisasi.append(position)
                continue
            else:
                name = strong.get(key) or strong.get(unitless)
            if name is None:
                weak_name = weak.get(key) or weak.get(unitless)
                if weak_name is not None:
                    weak_candidates.append((weak_name, position))
                continue
            spec = self.column(name)
            is_general = heading_key(heading) in {heading_key(g) for g in spec.general}
            if name in columns:
                if spec.type == "text" and spec.general and general.get(name) != is_general:
                    if general[name]:
                        fallbacks.setdefault(name, []).insert(0, columns[name])
                        columns[name], found[name], general[name] = position, heading, is_general
                    else:
                        fallbacks.setdefault(name, []).append(position)
                    continue
                duplicates.append((name, heading))
                continue
            columns[name], found[name], general[name] = position, heading, is_general
        ambiguous = self._realisasi(realisasi, headings, columns, found)
        for name, position in weak_candidates:
            if name not in columns:
                columns[name] = position
                found[name] = headings[position]
        return HeadingMatch(columns, found, duplicates, fallbacks, ambiguous)

    def _realisasi(self, positions: list[int], headings: list[str], columns: dict[str, int],
                   found: dict[str, str]) -> list[tuple[str, tuple[str, ...]]]:
        """Decide each bare "Realisasi" of a capaian table from the other columns, or report it."""
        ambiguous = []
        for position in positions:
            served, budget = "terlayani" in columns, "anggaran" in columns
            if not served and not budget and "sasaran" in columns:
                choice = "terlayani"
            elif served and budget and "realisasi_anggaran" not in columns:
                choice = "realisasi_anggaran"
            else:
                ambiguous.append((headings[position], ("terlayani", "realisasi_anggaran")))
                continue
            columns[choice], found[choice] = position, headings[position]
        return ambiguous

    def score(self, headings: list[str], extra: Mapping[str, Iterable[str]] | None = None
              ) -> tuple[int, int]:
        """(distinctive columns, all columns) recognised in ``headings``; used to pick kind/header.

        A row none of whose cells could name a column (a data row, asked about while the delimiter
        and the header row are guessed) scores (0, 0) without being matched.
        """
        names, percent = _naming_keys(self, _frozen(extra))
        if not any(_may_name(h, names, percent) for h in headings):
            return 0, 0
        match = self.match(headings, extra)
        matched = set(match.columns) | ({"terlayani"} if match.ambiguous else set())
        return sum(name in matched for name in self.distinctive), len(matched)


def _frozen(extra: Mapping[str, Iterable[str]] | None) -> tuple:
    """Configured aliases (canonical name -> headings) as a key of the remembered alias tables."""
    return tuple(sorted((name, tuple(headings)) for name, headings in (extra or {}).items()))


def _may_name(heading: object, names: frozenset[str], percent: frozenset[str]) -> bool:
    """Whether :meth:`TableSchema.match` could take ``heading`` for a column (or a bare "Realisasi"):
    its key or unit-less key is a heading key of the schema's, or it is a percentage heading
    whose key is one of its percentage keys."""
    key, unitless, percent_key = _keys(heading) if type(heading) is str else _heading_keys(heading)
    return key in names or unitless in names or (percent_key is not None and percent_key in percent)


def _heading_keys(heading: object) -> tuple[str, str, str | None]:
    return heading_key(heading), _unitless_key(heading), \
        (_percent_key(heading) if is_percent_heading(heading) else None)


@lru_cache(maxsize=65_536)
def _keys(heading: str) -> tuple[str, str, str | None]:
    """:func:`_heading_keys` of a text, remembered (the same cells are asked once per delimiter,
    schema and candidate row)."""
    return _heading_keys(heading)


@lru_cache(maxsize=64)
def _naming_keys(schema: TableSchema, extra: tuple) -> tuple[frozenset[str], frozenset[str]]:
    """The heading keys that can name a column of ``schema`` (with a bare "Realisasi"'s), and its
    percentage keys."""
    strong, weak, percent = _alias_table(schema, extra, "")
    return frozenset(strong) | frozenset(weak) | _REALISASI, frozenset(percent)


@lru_cache(maxsize=64)
def _alias_table(schema: TableSchema, extra: tuple, block: str):
    return schema._build_alias_table(dict(extra), block)


def _text(name: str, label: str, *aliases: str) -> ColumnSpec:
    return ColumnSpec(name, "text", label, aliases)


def _number(name: str, label: str, *aliases: str, weak: tuple[str, ...] = ()) -> ColumnSpec:
    return ColumnSpec(name, "number", label, aliases, weak)


_KODE_WILAYAH = _text(
    "kode_wilayah", "Kode Wilayah", "kode daerah", "kode wil", "kode pemda", "kode kabupaten kota",
    "kode kab kota", "kode provinsi", "kode kemendagri")
_DAERAH = ColumnSpec(
    "daerah", "text", "Nama Daerah",
    ("kabupaten kota", "kab kota", "kabupaten", "kota", "provinsi", "pemerintah daerah", "pemda",
     "nama pemda", "wilayah", "nama wilayah", "nama kabupaten kota", "nama kabupaten", "nama kota",
     "nama provinsi"),
    general=("provinsi", "nama provinsi", "wilayah", "nama wilayah"))
_TAHUN = ColumnSpec("tahun", "year", "Tahun", ("tahun anggaran", "ta", "thn", "tahun laporan"))
_TRIWULAN = ColumnSpec("triwulan", "triwulan", "Triwulan", ("tw", "periode triwulan", "quarter"))
_KODE_LAYANAN = _text(
    "kode_layanan", "Kode Layanan", "kode jenis pelayanan", "kode jenis pelayanan dasar",
    "kode pelayanan", "kode spm", "kode jpd")
_JENIS_PELAYANAN = _text(
    "jenis_pelayanan", "Jenis Pelayanan", "jenis pelayanan dasar", "layanan", "jenis layanan",
    "pelayanan dasar", "jenis layanan dasar", "nama layanan", "jenis pelayanan dasar spm")
_OPD = _text("opd", "OPD", "opd pengampu", "perangkat daerah", "skpd", "dinas", "nama opd")
_UNIT = ColumnSpec(
    "unit", "text", "Unit",
    ("puskesmas", "nama puskesmas", "kecamatan", "nama kecamatan", "sub unit", "subunit", "unit kerja",
     "satuan pendidikan", "sekolah", "nama sekolah", "lokasi", "desa", "kelurahan", "desa kelurahan",
     "nama unit", "upt"),
    general=("kecamatan", "nama kecamatan", "lokasi", "unit kerja"))
_ANGGARAN = _number(
    "anggaran", "Alokasi Anggaran", "anggaran", "pagu", "pagu anggaran", "alokasi",
    "nilai anggaran")
_REALISASI_ANGGARAN = _number(
    "realisasi_anggaran", "Realisasi Anggaran", "realisasi", "realisasi belanja",
    "serapan anggaran", "nilai realisasi", "realisasi keuangan")
_PERSEN = ColumnSpec("persen", "percent", "% Capaian",
                     ("", "capaian", "pencapaian", "cakupan", "realisasi", "capaian penerima",
                      "capaian realisasi", "realisasi anggaran", "terpenuhi", "terlayani"))
_BELUM = _number("belum_terlayani", "Belum Terlayani", "yang belum terlayani", "jumlah belum terlayani",
                 "belum terlayani sesuai standar", "mutu yang belum terlayani terpenuhi",
                 "mutu yang belum terpenuhi", "belum terpenuhi", "yang belum terpenuhi")

CAPAIAN = TableSchema(
    kind="capaian",
    label="capaian SPM",
    columns=(
        _KODE_WILAYAH, _DAERAH, _TAHUN, _TRIWULAN, _KODE_LAYANAN,
        replace(_JENIS_PELAYANAN, aliases=_JENIS_PELAYANAN.aliases + ("uraian spm", "uraian", "program spm")),
        _OPD, _UNIT,
        _number("sasaran", "Sasaran", "jumlah sasaran", "jumlah total yang harus dilayani",
                "jumlah yang harus dilayani", "total yang harus dilayani",
                "jumlah penerima yang harus dilayani", "sasaran penerima", "yang harus dilayani"),
        _number("terlayani", "Terlayani", "jumlah yang terlayani", "terlayani sesuai standar",
                "jumlah terlayani", "jumlah terlayani sesuai standar", "yang terlayani",
                "jumlah penerima yang terlayani", "total terlayani",
                "jumlah yang terlayani sesuai standar", "jumlah total yang terlayani",
                "total yang terlayani", "jumlah penerima terlayani", weak=("capaian", "jumlah capaian")),
        _number("mutu_target", "Mutu Yang Harus Dipenuhi", "jumlah mutu yang harus dipenuhi",
                "mutu target", "target mutu", "jumlah mutu yang harus dilayani",
                "mutu yang harus dilayani", "jumlah mutu yang harus dilayani dipenuhi",
                "mutu yang harus dilayani dipenuhi"),
        _number("mutu_terpenuhi", "Mutu Terpenuhi", "jumlah mutu terpenuhi", "mutu yang terpenuhi",
                "jumlah mutu yang terpenuhi", "realisasi mutu", "jumlah mutu yang terlayani terpenuhi",
                "mutu yang terlayani terpenuhi"),
        _ANGGARAN, _REALISASI_ANGGARAN,
    ),
    required=(("kode_wilayah", "daerah"), ("tahun",), ("kode_layanan", "jenis_pelayanan"),
              ("sasaran",), ("terlayani",)),
    duplicate_key=("kode_wilayah", "tahun", "triwulan", "kode_layanan", "unit"),
    distinctive=("sasaran", "terlayani", "mutu_target", "mutu_terpenuhi", "anggaran"),
    checks=(_PERSEN, _BELUM),
)

MUTU = TableSchema(
    kind="mutu",
    label="mutu SPM",
    columns=(
        _KODE_WILAYAH, _DAERAH, _TAHUN, _TRIWULAN, _KODE_LAYANAN, _JENIS_PELAYANAN,
        ColumnSpec("jenis_mutu", "jenis_mutu", "Jenis Mutu",
                   ("kategori mutu", "kelompok mutu", "komponen mutu", "jenis", "komponen")),
        _text("uraian", "Uraian", "uraian mutu", "rincian", "rincian mutu", "item mutu",
              "nama barang jasa sdm", "barang jasa sdm", "uraian barang jasa sdm", "uraian spm",
              "indikator", "indikator barang jasa", "indikator sdm"),
        _text("satuan", "Satuan", "sat"),
        _number("target", "Target", "jumlah yang harus dipenuhi", "mutu yang harus dipenuhi",
                "jumlah mutu yang harus dipenuhi", "kebutuhan", "target mutu",
                "jumlah mutu yang harus dilayani dipenuhi", "mutu yang harus dilayani dipenuhi"),
        _number("terpenuhi", "Terpenuhi", "jumlah terpenuhi", "mutu terpenuhi", "yang terpenuhi",
                "jumlah yang terpenuhi", "realisasi", "tersedia", "jumlah mutu yang terlayani terpenuhi",
                "mutu yang terlayani terpenuhi"),
    ),
    required=(("kode_wilayah",), ("tahun",), ("kode_layanan", "jenis_pelayanan"), ("jenis_mutu",),
              ("uraian",), ("target",), ("terpenuhi",)),
    duplicate_key=("kode_wilayah", "tahun", "triwulan", "kode_layanan", "jenis_mutu", "uraian"),
    distinctive=("jenis_mutu", "uraian", "target", "terpenuhi"),
    checks=(ColumnSpec("persen", "percent", "% Capaian", ("", "capaian", "pencapaian", "realisasi",
                                                          "terpenuhi")),
            _number("belum_terlayani", "Belum Terpenuhi", "belum terpenuhi", "yang belum terpenuhi",
                    "mutu yang belum terlayani terpenuhi", "mutu yang belum terpenuhi", "kekurangan")),
    done="terpenuhi",
)

KEGIATAN = TableSchema(
    kind="kegiatan",
    label="anggaran sub-kegiatan",
    columns=(
        _KODE_WILAYAH, _DAERAH, _TAHUN, _TRIWULAN, _KODE_LAYANAN, _JENIS_PELAYANAN,
        _text("kode_sub_kegiatan", "Kode Sub Kegiatan", "kode subkegiatan", "kode sub kegiatan spm",
              "kode rekening"),
        _text("sub_kegiatan", "Sub Kegiatan", "subkegiatan", "nama sub kegiatan",
              "uraian sub kegiatan", "nomenklatur sub kegiatan"),
        _OPD, _ANGGARAN, _REALISASI_ANGGARAN,
    ),
    required=(("kode_wilayah",), ("tahun",), ("kode_layanan", "jenis_pelayanan"),
              ("kode_sub_kegiatan", "sub_kegiatan"), ("anggaran",)),
    duplicate_key=("kode_wilayah", "tahun", "triwulan", "kode_layanan", "kode_sub_kegiatan",
                   "sub_kegiatan"),
    distinctive=("kode_sub_kegiatan", "sub_kegiatan"),
    done="realisasi_anggaran",
)

SCHEMAS: dict[str, TableSchema] = {schema.kind: schema for schema in (CAPAIAN, MUTU, KEGIATAN)}

# Pairs (done, target) compared by the "more done than required" warning, per kind.
MUTU_PAIR = ("terpenuhi", "target")
OVER_TARGET: dict[str, tuple[tuple[str, str], ...]] = {
    "capaian": (("terlayani", "sasaran"), ("mutu_terpenuhi", "mutu_target"),
                ("realisasi_anggaran", "anggaran")),
    "mutu": (("terpenuhi", "target"),),
    "kegiatan": (("realisasi_anggaran", "anggaran"),),
}

JENIS_MUTU_VALUES: dict[str, str] = {
    normalize_heading(text): value
    for value, texts in {
        "barang_jasa": ("barang_jasa", "barang/jasa", "barang dan jasa", "barang dan/atau jasa",
                        "barang", "jasa", "b/j", "bj"),
        "sdm": ("sdm", "sumber daya manusia", "tenaga", "personel"),
    }.items()
    for text in texts
}


def get_schema(kind: str) -> TableSchema:
    """The schema of ``kind``; ``KeyError`` names the kinds that exist."""
    try:
        return SCHEMAS[kind]
    except KeyError:
        raise KeyError(f"jenis tabel '{kind}' tidak dikenal; pilihan: {', '.join(KINDS)}") from None
