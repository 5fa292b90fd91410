"""Table kinds as data: canonical columns, their types, which are required, and heading aliases.

Three kinds of table come from clerks:

* ``capaian``: one row per daerah × tahun (× triwulan) × jenis pelayanan (× unit) with the number
  to be served (sasaran), served to standard (terlayani) and optional mutu and budget totals;
* ``mutu``: one row per mutu item (barang/jasa or SDM) with its target and the number fulfilled;
* ``kegiatan``: budget and realisation per sub-kegiatan.

Headings are compared by :func:`heading_key` (case, spacing and punctuation ignored), so
"Alokasi Anggaran (Rp)", "ALOKASI ANGGARAN" and "alokasi_anggaran" are the same heading.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Literal, Mapping

ColumnType = Literal["text", "number", "year", "triwulan", "jenis_mutu"]
KINDS = ("capaian", "mutu", "kegiatan")
SOURCE_COLUMNS = ("_file", "_sheet", "_row")

_UNIT_WORDS = frozenset({"rp", "rupiah", "idr"})


def normalize_heading(text: object) -> str:
    """Lower-case words of ``text`` without accents or punctuation, single-spaced."""
    if text is None:
        return ""
    plain = unicodedata.normalize("NFKD", str(text))
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
    "CAPAIAN" column holding counts when there is no "Terlayani" column.
    """

    name: str
    type: ColumnType
    label: str
    aliases: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()

    @property
    def is_numeric(self) -> bool:
        return self.type == "number"


@dataclass(frozen=True)
class HeadingMatch:
    """Which source column (by position) feeds each canonical column, and what was left over."""

    columns: dict[str, int]
    headings: dict[str, str]
    ignored_duplicates: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class TableSchema:
    """A table kind: its columns in output order, required column groups and duplicate key.

    Each entry of ``required`` is a group of alternatives; at least one column of every group
    must be present (``("kode_layanan", "jenis_pelayanan")``: either identifies the service).
    """

    kind: str
    label: str
    columns: tuple[ColumnSpec, ...]
    required: tuple[tuple[str, ...], ...]
    duplicate_key: tuple[str, ...]
    distinctive: tuple[str, ...]

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def numeric(self) -> list[str]:
        return [column.name for column in self.columns if column.is_numeric]

    def column(self, name: str) -> ColumnSpec:
        return next(column for column in self.columns if column.name == name)

    def has(self, name: str) -> bool:
        return any(column.name == name for column in self.columns)

    def alias_table(self, extra: Mapping[str, Iterable[str]] | None = None
                    ) -> tuple[dict[str, str], dict[str, str]]:
        """(strong, weak) maps from normalized heading to canonical column name.

        ``extra`` aliases (canonical name -> headings, from configuration) take precedence over
        the built-in ones; names of columns this kind does not have are ignored here.
        """
        strong: dict[str, str] = {}
        weak: dict[str, str] = {}
        for column in self.columns:
            strong[heading_key(column.name)] = column.name
            strong[heading_key(column.label)] = column.name
            for alias in column.aliases:
                strong[heading_key(alias)] = column.name
            for alias in column.weak_aliases:
                weak[heading_key(alias)] = column.name
        for name, headings in (extra or {}).items():
            if not self.has(name):
                continue
            for heading in headings:
                key = heading_key(heading)
                weak.pop(key, None)
                strong[key] = name
        return strong, weak

    def match(self, headings: list[str], extra: Mapping[str, Iterable[str]] | None = None
              ) -> HeadingMatch:
        """Map the file's ``headings`` to canonical columns; the first heading of a column wins."""
        strong, weak = self.alias_table(extra)
        columns: dict[str, int] = {}
        found: dict[str, str] = {}
        duplicates: list[tuple[str, str]] = []
        weak_candidates: list[tuple[str, int]] = []
        for position, heading in enumerate(headings):
            key, unitless = heading_key(heading), _unitless_key(heading)
            if not key:
                continue
            name = strong.get(key) or strong.get(unitless)
            if name is None:
                weak_name = weak.get(key) or weak.get(unitless)
                if weak_name is not None:
                    weak_candidates.append((weak_name, position))
                continue
            if name in columns:
                duplicates.append((name, heading))
                continue
            columns[name] = position
            found[name] = heading
        for name, position in weak_candidates:
            if name not in columns:
                columns[name] = position
                found[name] = headings[position]
        return HeadingMatch(columns, found, duplicates)

    def score(self, headings: list[str], extra: Mapping[str, Iterable[str]] | None = None
              ) -> tuple[int, int]:
        """(distinctive columns, all columns) recognised in ``headings``; used to pick kind/header."""
        matched = self.match(headings, extra).columns
        return sum(name in matched for name in self.distinctive), len(matched)


def _text(name: str, label: str, *aliases: str) -> ColumnSpec:
    return ColumnSpec(name, "text", label, aliases)


def _number(name: str, label: str, *aliases: str, weak: tuple[str, ...] = ()) -> ColumnSpec:
    return ColumnSpec(name, "number", label, aliases, weak)


_KODE_WILAYAH = _text(
    "kode_wilayah", "Kode Wilayah", "kode daerah", "kode wil", "kode pemda", "kode kabupaten kota",
    "kode kab kota", "kode provinsi", "kode kemendagri")
_DAERAH = _text(
    "daerah", "Nama Daerah", "kabupaten kota", "kab kota", "kabupaten", "kota", "provinsi",
    "pemerintah daerah", "pemda", "nama pemda", "wilayah", "nama wilayah", "nama kabupaten kota")
_TAHUN = ColumnSpec("tahun", "year", "Tahun", ("tahun anggaran", "ta", "thn", "tahun laporan"))
_TRIWULAN = ColumnSpec("triwulan", "triwulan", "Triwulan", ("tw", "periode triwulan", "quarter"))
_KODE_LAYANAN = _text(
    "kode_layanan", "Kode Layanan", "kode jenis pelayanan", "kode jenis pelayanan dasar",
    "kode pelayanan", "kode spm", "kode jpd")
_JENIS_PELAYANAN = _text(
    "jenis_pelayanan", "Jenis Pelayanan", "jenis pelayanan dasar", "layanan", "jenis layanan",
    "pelayanan dasar", "jenis layanan dasar", "nama layanan", "jenis pelayanan dasar spm")
_OPD = _text("opd", "OPD", "opd pengampu", "perangkat daerah", "skpd", "dinas", "nama opd")
_UNIT = _text(
    "unit", "Unit", "puskesmas", "kecamatan", "sub unit", "subunit", "unit kerja",
    "satuan pendidikan", "sekolah", "lokasi")
_ANGGARAN = _number(
    "anggaran", "Alokasi Anggaran", "anggaran", "pagu", "pagu anggaran", "alokasi",
    "nilai anggaran")
_REALISASI = _number(
    "realisasi_anggaran", "Realisasi Anggaran", "realisasi", "realisasi belanja",
    "serapan anggaran", "nilai realisasi")

CAPAIAN = TableSchema(
    kind="capaian",
    label="capaian SPM",
    columns=(
        _KODE_WILAYAH, _DAERAH, _TAHUN, _TRIWULAN, _KODE_LAYANAN, _JENIS_PELAYANAN, _OPD, _UNIT,
        _number("sasaran", "Sasaran", "jumlah sasaran", "jumlah total yang harus dilayani",
                "jumlah yang harus dilayani", "total yang harus dilayani",
                "jumlah penerima yang harus dilayani", "sasaran penerima", "yang harus dilayani"),
        _number("terlayani", "Terlayani", "jumlah yang terlayani", "terlayani sesuai standar",
                "jumlah terlayani", "jumlah terlayani sesuai standar", "yang terlayani",
                "jumlah penerima yang terlayani", "total terlayani",
                "jumlah yang terlayani sesuai standar", weak=("capaian", "jumlah capaian")),
        _number("mutu_target", "Mutu Yang Harus Dipenuhi", "jumlah mutu yang harus dipenuhi",
                "mutu target", "target mutu", "jumlah mutu yang harus dilayani",
                "mutu yang harus dilayani"),
        _number("mutu_terpenuhi", "Mutu Terpenuhi", "jumlah mutu terpenuhi", "mutu yang terpenuhi",
                "jumlah mutu yang terpenuhi", "realisasi mutu"),
        _ANGGARAN, _REALISASI,
    ),
    required=(("kode_wilayah", "daerah"), ("tahun",), ("kode_layanan", "jenis_pelayanan"),
              ("sasaran",), ("terlayani",)),
    duplicate_key=("kode_wilayah", "tahun", "triwulan", "kode_layanan", "unit"),
    distinctive=("sasaran", "terlayani", "mutu_target", "mutu_terpenuhi"),
)

MUTU = TableSchema(
    kind="mutu",
    label="mutu SPM",
    columns=(
        _KODE_WILAYAH, _DAERAH, _TAHUN, _TRIWULAN, _KODE_LAYANAN, _JENIS_PELAYANAN,
        ColumnSpec("jenis_mutu", "jenis_mutu", "Jenis Mutu",
                   ("kategori mutu", "kelompok mutu", "komponen mutu", "jenis", "komponen")),
        _text("uraian", "Uraian", "uraian mutu", "rincian", "rincian mutu", "item mutu",
              "nama barang jasa sdm", "barang jasa sdm", "uraian barang jasa sdm"),
        _text("satuan", "Satuan", "sat"),
        _number("target", "Target", "jumlah yang harus dipenuhi", "mutu yang harus dipenuhi",
                "jumlah mutu yang harus dipenuhi", "kebutuhan", "target mutu"),
        _number("terpenuhi", "Terpenuhi", "jumlah terpenuhi", "mutu terpenuhi", "yang terpenuhi",
                "jumlah yang terpenuhi", "realisasi", "tersedia"),
    ),
    required=(("kode_wilayah",), ("tahun",), ("kode_layanan", "jenis_pelayanan"), ("jenis_mutu",),
              ("uraian",), ("target",), ("terpenuhi",)),
    duplicate_key=("kode_wilayah", "tahun", "triwulan", "kode_layanan", "jenis_mutu", "uraian"),
    distinctive=("jenis_mutu", "uraian", "target", "terpenuhi"),
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
        _OPD, _ANGGARAN, _REALISASI,
    ),
    required=(("kode_wilayah",), ("tahun",), ("kode_layanan", "jenis_pelayanan"),
              ("kode_sub_kegiatan", "sub_kegiatan"), ("anggaran",)),
    duplicate_key=("kode_wilayah", "tahun", "triwulan", "kode_layanan", "kode_sub_kegiatan",
                   "sub_kegiatan"),
    distinctive=("kode_sub_kegiatan", "sub_kegiatan"),
)

SCHEMAS: dict[str, TableSchema] = {schema.kind: schema for schema in (CAPAIAN, MUTU, KEGIATAN)}

# Pairs (done, target) compared by the "more done than required" warning, per kind.
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
