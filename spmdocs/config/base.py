"""Report configuration shared by every kind: page layout, kop, signatory, data, loading.

Keys are in Bahasa Indonesia because clerks write them. Every problem (unknown key with a
suggestion, wrong type, missing key, missing file) is collected and reported at once with the
YAML key and line. Relative paths are resolved against the folder of the config file.
Defaults live in the pydantic models and in the packaged narrative defaults.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import (BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, ValidationInfo, field_validator,
                      model_validator)
from pydantic_core import PydanticCustomError

from spmdocs import fonts, guard, model
from spmdocs.config import placeholders
from spmdocs.errors import ConfigError, Location, Problem
from spmdocs.resources import resource_path
from spmdocs.spm.scoring import ScoringRules
from spmdocs.yamlsrc import YamlSource, read_yaml


TEXT_LIMIT = 1_000
"""Longest value of a short text key (judul, names, jabatan, kop lines): a 1 MB judul is a mistake."""

LONG_TEXT_LIMIT = 20_000
"""Longest narrative text (a key of a ``Narasi…`` section, a letter's ``isi``, an ``uraian``)."""

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


class _Strict(BaseModel):
    """Every config model: unknown keys refused, texts stripped and bounded, no control characters."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    LONG_FIELDS: ClassVar[frozenset[str]] = frozenset({"narasi", "isi", "uraian"})

    @field_validator("*", mode="after")
    @classmethod
    def _bounded_text(cls, value: Any, info: ValidationInfo) -> Any:
        long = cls.__name__.startswith("Narasi") or info.field_name in cls.LONG_FIELDS
        limit = LONG_TEXT_LIMIT if long else TEXT_LIMIT
        for path in _paths_in(value):
            reason = guard.path_reason(path)
            if reason:
                raise PydanticCustomError("path_invalid", "jalur tidak valid", {"reason": reason})
        for text in _texts_in(value):
            if len(text) > limit:
                raise PydanticCustomError("string_too_long", "teks terlalu panjang", {"max_length": limit,
                                                                                      "length": len(text)})
            found = _CONTROL.search(text)
            if found:
                raise PydanticCustomError("string_control_character", "karakter kendali",
                                          {"character": f"U+{ord(found.group()):04X}"})
        return value


def _paths_in(value: Any):
    if isinstance(value, Path):
        yield value
    elif isinstance(value, (list, tuple)):
        yield from (item for item in value if isinstance(item, Path))


def _texts_in(value: Any, depth: int = 0):
    """Every text in ``value`` (a text, or texts in lists and mappings)."""
    if isinstance(value, str):
        yield value
    elif depth < 3 and isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts_in(item, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for key, item in value.items():
            yield from _texts_in(key, depth + 1)
            yield from _texts_in(item, depth + 1)

class Margin(_Strict):
    """Page margins in millimetres."""

    atas: float = Field(20.0, ge=0, le=100)
    bawah: float = Field(25.0, ge=0, le=100)
    kiri: float = Field(30.0, ge=0, le=100)
    kanan: float = Field(20.0, ge=0, le=100)

class BerkasHuruf(_Strict):
    """TrueType files of the font, for a family spmdocs does not ship (paths relative to the config)."""

    biasa: Path
    tebal: Path | None = None
    miring: Path | None = None
    tebal_miring: Path | None = None

    def absolute(self, base: Path) -> "BerkasHuruf":
        return BerkasHuruf(**{face: None if path is None else (path if path.is_absolute() else base / path)
                              for face, path in self.model_dump().items()})

    def paths(self) -> tuple[str | None, ...]:
        return tuple(None if p is None else str(p) for p in (self.biasa, self.tebal, self.miring, self.tebal_miring))


MIN_TEXT_WIDTH_MM = 100
"""Narrowest text area the margins may leave (the capaian table needs it)."""

MIN_TEXT_HEIGHT_MM = 120
"""Lowest text area the margins may leave, upright and on a landscape page."""


class TataLetak(_Strict):
    """A layout profile; defaults follow the Tata Naskah Dinas (F4, Arial 12, 3/2/2/2,5 cm)."""

    kertas: Literal["F4", "A4"] = "F4"
    margin_mm: Margin = Margin()
    huruf: str = "Arial"
    berkas_huruf: BerkasHuruf | None = None
    ukuran_huruf: float = Field(12.0, ge=6, le=24)
    spasi_baris: float = Field(1.5, ge=1, le=3)
    spasi_paragraf_pt: float = Field(6.0, ge=0, le=48)
    ukuran_huruf_tabel: float = Field(10.0, ge=6, le=16)
    format_nomor_halaman: str = "- {} -"

    @field_validator("format_nomor_halaman")
    @classmethod
    def _has_slot(cls, value: str) -> str:
        if value.count("{}") != 1 or "{" in value.replace("{}", "") or "}" in value.replace("{}", ""):
            raise ValueError("format nomor halaman harus memuat tepat satu {} sebagai tempat nomor dan tidak ada "
                             "kurung kurawal lain, mis. '- {} -' atau 'Halaman {}'")
        return value

    @model_validator(mode="after")
    def _text_area(self) -> "TataLetak":
        """Margins must leave a sensible text area on the sheet, upright and turned (lampiran tables)."""
        page, m = model.PAGE_SIZES[self.kertas], self.margin_mm
        width = page.width_mm - m.kiri - m.kanan
        height = page.height_mm - m.atas - m.bawah
        turned = page.width_mm - m.atas - m.bawah
        if width < MIN_TEXT_WIDTH_MM:
            raise ValueError(f"margin kiri dan kanan terlalu lebar: lebar bidang teks tinggal {width:g} mm dari kertas "
                             f"{self.kertas} selebar {page.width_mm:g} mm (paling sedikit {MIN_TEXT_WIDTH_MM} mm)")
        if min(height, turned) < MIN_TEXT_HEIGHT_MM:
            raise ValueError(f"margin atas dan bawah terlalu lebar: tinggi bidang teks tinggal {min(height, turned):g} mm "
                             f"(paling sedikit {MIN_TEXT_HEIGHT_MM} mm, juga pada halaman mendatar)")
        return self

    def font_files(self) -> fonts.FontFiles:
        """The TrueType files that draw ``huruf`` in the PDF (FontError when there are none)."""
        return fonts.resolve(self.huruf, self.berkas_huruf.paths() if self.berkas_huruf else ())

    def to_layout(self) -> model.Layout:
        m = self.margin_mm
        return model.Layout(
            font_files=self.font_files().files,
            page=model.PAGE_SIZES[self.kertas],
            margins=model.Margins(top_mm=m.atas, bottom_mm=m.bawah, left_mm=m.kiri, right_mm=m.kanan),
            font_family=self.huruf, font_size_pt=self.ukuran_huruf, line_spacing=self.spasi_baris,
            space_after_pt=self.spasi_paragraf_pt, table_font_size_pt=self.ukuran_huruf_tabel,
        )

class Kop(_Strict):
    """The letterhead: pemerintah name, optional perangkat daerah, address lines, logo image."""

    pemerintah: str
    perangkat_daerah: str | None = None
    alamat: list[str] = []
    logo: Path | None = None

NIP_PATTERN = re.compile(r"^\d{18}$")

TTE_FOOTER = ("Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang "
              "diterbitkan oleh Balai Besar Sertifikasi Elektronik (BSrE), Badan Siber dan Sandi Negara (BSSN).")
"""The footer of a naskah dinas signed electronically with a BSrE certificate (wording in common use)."""

TTE_FIELDS = ("nomor", "judul", "jenis", "kode_wilayah", "daerah", "tahun", "tanggal", "nama", "nip",
              "jabatan", "unit")
"""Placeholders of ``penandatangan.tte.isi_qr``: the document's identity and its signatory."""

class TandaTanganElektronik(_Strict):
    """The electronic signature (TTE) variant of the signature block: a QR code and a footer.

    ``isi_qr`` is what the QR code holds: the office's verification URL, with {placeholders} of
    :data:`TTE_FIELDS`, or by default a text naming the document and its signatory.
    """

    keterangan: str = "Ditandatangani secara elektronik oleh:"
    isi_qr: str | None = Field(None, min_length=1, max_length=1000)
    catatan: str = TTE_FOOTER
    letak_catatan: Literal["kaki_halaman", "bawah_ttd"] = "kaki_halaman"

    @field_validator("isi_qr")
    @classmethod
    def _qr_pattern(cls, value: str | None) -> str | None:
        return None if value is None else placeholders.check(value, TTE_FIELDS)

class Penandatangan(_Strict):
    """Who signs: jabatan, nama and, below the Kepala Daerah, pangkat and NIP; optional prefix.

    ``tte: true`` (or a mapping of :class:`TandaTanganElektronik`) signs electronically. The
    document's identity for the QR code is attached when the config is loaded.
    """

    jabatan: str
    nama: str
    pangkat: str | None = None
    nip: str | None = None
    prefiks: Literal["a.n.", "u.b.", "Plt.", "Plh.", "Pj."] | None = None
    atas_nama: str | None = None
    tte: TandaTanganElektronik | None = None
    _identitas: dict[str, str] = PrivateAttr(default_factory=dict)

    @field_validator("tte", mode="before")
    @classmethod
    def _tte_switch(cls, value: Any) -> Any:
        if value is True:
            return {}
        return None if value is False else value

    def with_identity(self, **fields: Any) -> "Penandatangan":
        """A copy that knows more of the document it signs ({nomor}, {unit} … of the QR code)."""
        signer = self.model_copy()
        signer._identitas = {**self._identitas, **{key: str(value) for key, value in fields.items()}}
        return signer

    @property
    def identity(self) -> dict[str, str]:
        """The values of the document's {placeholders} known for this signatory."""
        return dict(self._identitas)

    @field_validator("nip", mode="before")
    @classmethod
    def _nip_digits(cls, value: Any) -> str | None:
        if value is None:
            return None
        digits = re.sub(r"\s", "", str(value))
        if not NIP_PATTERN.match(digits):
            raise ValueError("NIP harus 18 digit angka")
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"

class SumberData(_Strict):
    """The data files of a report, by table kind, and extra column headings to recognise."""

    capaian: list[Path]
    mutu: list[Path] = []
    kegiatan: list[Path] = []
    lembar: str | None = None
    alias_kolom: dict[str, list[str]] = {}

    @field_validator("capaian", "mutu", "kegiatan", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, (str, Path)) else value

class Daerah(_Strict):
    """The reporting daerah, by its Kemendagri code (65, 65.01 …)."""

    kode_wilayah: str
    nama: str | None = None
    ibu_kota: str | None = None

    @field_validator("kode_wilayah", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, (int, float)) else value

@dataclass(frozen=True)
class Unit:
    """One unit of a batch: a daerah, or a value of the unit column (an OPD …) within one daerah."""

    kode_wilayah: str
    nama: str
    daerah: str
    urut: int

    def title(self, per_daerah: bool) -> str:
        """"<unit> <daerah>" for a part of a daerah, the daerah's name for a whole daerah."""
        return self.daerah if per_daerah else f"{self.nama} {self.daerah}"

    def fields(self, config: "ReportBase") -> dict:
        """The values of the {placeholders} of the config's per-unit patterns."""
        return {**config.name_values(self.daerah), "kode_wilayah": self.kode_wilayah,
                "unit": self.nama, "urut": self.urut}


class Keluaran(_Strict):
    """Output naming: a pattern with {jenis}, {kode_wilayah}, {daerah} and {tahun}; and PDF/A.

    A report kind whose names may use more fields subclasses this and extends ``FIELDS``; the one
    checker (:mod:`spmdocs.config.placeholders`) validates the pattern against them. ``pdfa: 2b``
    writes every PDF as PDF/A-2b (ISO 19005-2, level B) for archiving.
    """

    FIELDS: ClassVar[tuple[str, ...]] = ("jenis", "kode_wilayah", "daerah", "tahun")
    nama_berkas: str = "{jenis}-{kode_wilayah}-{tahun}"
    pdfa: Literal["2b"] | None = None
    pdfa: Literal["2b"] | None = None

    @field_validator("nama_berkas")
    @classmethod
    def _pattern(cls, value: str) -> str:
        return placeholders.check(value, cls.FIELDS)

class ReportBase(_Strict):
    """What every report kind shares: data, daerah, year, layout, kop, signatory, place and date."""

    jenis: str
    judul: str = "Laporan Penerapan Standar Pelayanan Minimal"
    daerah: Daerah
    tahun: int = Field(ge=2000, le=2100)
    data: SumberData
    aturan_penilaian: ScoringRules = ScoringRules()
    tata_letak: TataLetak | str = TataLetak()
    templat_word: Path | None = None
    kop: Kop
    penandatangan: Penandatangan
    tempat: str
    tanggal: date
    nomor: str | None = None
    keluaran: Keluaran = Keluaran()

    @property
    def per_daerah(self) -> bool:
        """True when a batch unit of this kind is a whole daerah (every kind but per-OPD annexes)."""
        return True

    @property
    def nasional(self) -> bool:
        """True when a batch covers every daerah of the data, of every province (``cakupan: nasional``)."""
        return getattr(self, "cakupan", None) == "nasional"

    def name_values(self, daerah: str) -> dict:
        """The values of the file-name placeholders of this report (``Keluaran.FIELDS``)."""
        return {"jenis": self.jenis.replace("_", "-"), "kode_wilayah": self.daerah.kode_wilayah,
                "daerah": daerah, "tahun": self.tahun}

    def identity(self) -> dict[str, Any]:
        """The document's identity as the QR code of an electronic signature may cite it."""
        return {"nomor": self.nomor or "-", "judul": self.judul, "jenis": self.jenis.replace("_", "-"),
                "kode_wilayah": self.daerah.kode_wilayah,
                "daerah": self.daerah.nama or self.daerah.kode_wilayah, "tahun": self.tahun,
                "unit": ""}

    def with_signatory_identity(self) -> "ReportBase":
        """A copy whose signatory knows the document's identity (see :meth:`identity`)."""
        return self.model_copy(update={"penandatangan": self.penandatangan.with_identity(**self.identity())})

    def file_fields(self) -> list[tuple[tuple, Path | None, str]]:
        """(YAML key, path, what it is) of every file this config refers to."""
        fields: list[tuple[tuple, Path | None, str]] = []
        for kind in ("capaian", "mutu", "kegiatan"):
            for i, path in enumerate(getattr(self.data, kind)):
                fields.append((("data", kind, i), path, "berkas data"))
        fields.append((("templat_word",), self.templat_word, "templat Word"))
        fields.append((("kop", "logo"), self.kop.logo, "berkas logo"))
        return fields

    def with_base(self, base: Path) -> "ReportBase":
        """A copy with every relative path resolved against ``base``."""
        def absolute(path: Path | None) -> Path | None:
            return None if path is None else (path if path.is_absolute() else (base / path).resolve())

        data = self.data.model_copy(update={
            kind: [absolute(p) for p in getattr(self.data, kind)] for kind in ("capaian", "mutu", "kegiatan")})
        return self.model_copy(update={
            "data": data,
            "templat_word": absolute(self.templat_word),
            "kop": self.kop.model_copy(update={"logo": absolute(self.kop.logo)}),
        })

CAKUPAN = Literal["provinsi", "nasional"]
"""The wilayah of a batch over daerah: ``provinsi`` (default) the config's daerah and, for a
province, its kab/kota; ``nasional`` every daerah in the data, of every province."""

REPORT_KINDS: dict[str, type[ReportBase]] = {}
"""Every report kind by its ``jenis`` value."""

_DATE_HINT = "tanggal tidak valid; tulis sebagai TTTT-BB-HH, mis. 2026-01-19"
_MESSAGES = {
    "missing": "kunci wajib belum diisi",
    "string_type": "harus berupa teks",
    "string_unicode": "harus berupa teks",
    "string_sub_type": "harus berupa teks",
    "string_too_short": "teks terlalu pendek (paling sedikit {min_length} karakter)",
    "string_too_long": "teks terlalu panjang: {length} karakter, paling banyak {max_length}",
    "string_pattern_mismatch": "bentuk teks tidak sesuai",
    "string_control_character": "teks berisi karakter kendali atau tak terlihat ({character}); hapus karakter itu "
                                "(biasanya terbawa saat menyalin dari dokumen lain)",
    "int_parsing": "harus berupa bilangan bulat",
    "int_type": "harus berupa bilangan bulat",
    "int_from_float": "harus berupa bilangan bulat",
    "int_parsing_size": "bilangan terlalu besar",
    "float_parsing": "harus berupa angka",
    "float_type": "harus berupa angka",
    "finite_number": "harus berupa angka yang terhingga",
    "decimal_parsing": "harus berupa angka",
    "decimal_type": "harus berupa angka",
    "bool_parsing": "harus true atau false",
    "bool_type": "harus true atau false",
    "list_type": "harus berupa daftar (list)",
    "tuple_type": "harus berupa daftar (list)",
    "set_type": "harus berupa daftar (list)",
    "frozen_set_type": "harus berupa daftar (list)",
    "iterable_type": "harus berupa daftar (list)",
    "dict_type": "harus berupa pemetaan (kunci: nilai)",
    "mapping_type": "harus berupa pemetaan (kunci: nilai)",
    "model_type": "harus berupa pemetaan (kunci: nilai)",
    "model_attributes_type": "harus berupa pemetaan (kunci: nilai)",
    "dataclass_type": "harus berupa pemetaan (kunci: nilai)",
    "none_required": "harus dikosongkan",
    "date_from_datetime_parsing": _DATE_HINT,
    "date_from_datetime_inexact": _DATE_HINT,
    "date_parsing": _DATE_HINT,
    "date_type": _DATE_HINT,
    "date_future": "tanggal harus di masa depan",
    "date_past": "tanggal harus di masa lalu",
    "datetime_parsing": "tanggal dan jam tidak valid; tulis sebagai TTTT-BB-HH JJ:MM",
    "datetime_type": "tanggal dan jam tidak valid; tulis sebagai TTTT-BB-HH JJ:MM",
    "datetime_from_date_parsing": "tanggal dan jam tidak valid; tulis sebagai TTTT-BB-HH JJ:MM",
    "time_parsing": "jam tidak valid; tulis sebagai JJ:MM",
    "time_type": "jam tidak valid; tulis sebagai JJ:MM",
    "greater_than": "nilai terlalu kecil (harus lebih dari {gt})",
    "greater_than_equal": "nilai terlalu kecil (paling kecil {ge})",
    "less_than": "nilai terlalu besar (harus kurang dari {lt})",
    "less_than_equal": "nilai terlalu besar (paling besar {le})",
    "multiple_of": "harus kelipatan {multiple_of}",
    "too_short": "daftar terlalu pendek (paling sedikit {min_length} unsur)",
    "too_long": "daftar terlalu panjang (paling banyak {max_length} unsur)",
    "path_type": "harus berupa jalur berkas",
    "path_invalid": "{reason}",
    "path_not_file": "harus berupa jalur berkas",
    "path_not_directory": "harus berupa jalur folder",
    "enum": "nilai tidak dikenal; pilihan: {expected}",
    "union_tag_invalid": "jenis tidak dikenal; pilihan: {expected_tags}",
    "union_tag_not_found": "kunci penentu jenis belum diisi",
    "is_instance_of": "jenis nilai tidak sesuai",
    "is_subclass_of": "jenis nilai tidak sesuai",
    "callable_type": "jenis nilai tidak sesuai",
    "frozen_field": "kunci ini tidak dapat diubah",
    "frozen_instance": "kunci ini tidak dapat diubah",
    "json_invalid": "isi tidak dapat dibaca",
    "json_type": "isi tidak dapat dibaca",
    "bytes_type": "harus berupa teks",
    "bytes_too_long": "teks terlalu panjang",
    "bytes_too_short": "teks terlalu pendek",
    "url_type": "harus berupa alamat web",
    "url_parsing": "alamat web tidak valid",
    "uuid_type": "pengenal tidak valid",
    "uuid_parsing": "pengenal tidak valid",
    "assertion_error": "nilai tidak valid",
    "recursion_loop": "isi konfigurasi merujuk ke dirinya sendiri (alias YAML melingkar)",
}
"""Indonesian texts of every pydantic error type our models can raise ({ctx} fields filled in)."""

_GENERIC_MESSAGE = "nilai tidak valid untuk kunci ini"


def pydantic_message(error: dict) -> str:
    """The Indonesian text of one pydantic error (never pydantic's English ``msg``)."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", _GENERIC_MESSAGE))
    if kind == "literal_error":
        return f"nilai '{error.get('input')}' tidak dikenal; pilihan: {ctx.get('expected', '')}"
    template = _MESSAGES.get(kind)
    if template is None:
        return _GENERIC_MESSAGE
    try:
        return template.format(**{k: _shown(v) for k, v in ctx.items()})
    except (KeyError, IndexError, ValueError):
        return template.split(" (")[0].split(":")[0]


def _shown(value: Any) -> str:
    return f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value)


def _vocabulary(model_cls: type[BaseModel]) -> dict[str, list[str]]:
    """Every key any model reachable from ``model_cls`` accepts, with the dotted paths it has there.

    Breadth first, so the shortest path of a key comes first ("did you mean", "it belongs under").
    """
    paths: dict[str, list[str]] = {}
    queue: list[tuple[type[BaseModel], str]] = [(model_cls, "")]
    seen: set = set()
    while queue:
        model, where = queue.pop(0)
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            path = f"{where}{name}"
            paths.setdefault(name, []).append(path)
            for arg in _types_in(info.annotation):
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    queue.append((arg, f"{path}."))
    return paths

def _types_in(annotation: Any) -> list[Any]:
    args = getattr(annotation, "__args__", None)
    if not args:
        return [annotation]
    out = []
    for arg in args:
        out.extend(_types_in(arg))
    return out

def pydantic_problems(exc: ValidationError, src: YamlSource, model_cls: type[BaseModel],
                      prefix: tuple = ()) -> list[Problem]:
    """Translate pydantic's errors into Indonesian problems that name the YAML key and line."""
    vocabulary = _vocabulary(model_cls)
    problems = []
    errors = exc.errors()
    # A union (TataLetak | str) reports every branch; a branch that got inside the value says more
    # than "harus berupa teks" from the branch that did not.
    entered = {tuple(e["loc"][:i]) for e in errors for i, part in enumerate(e["loc"][:-1]) if _is_union_tag(part)}
    entered |= {tuple(e["loc"][:-1]) for e in errors
                if e["loc"] and _is_union_tag(e["loc"][-1]) and not e["type"].endswith("_type")}
    for error in errors:
        loc = tuple(error["loc"])
        if loc and _is_union_tag(loc[-1]) and loc[:-1] in entered and error["type"].endswith("_type"):
            continue
        loc = prefix + tuple(part for part in error["loc"] if not _is_union_tag(part))
        kind = error["type"]
        if kind == "extra_forbidden":
            message = _unknown_key(str(loc[-1]), loc[len(prefix):], vocabulary, prefix)
        else:
            message = pydantic_message(error)
        problems.append(Problem(message, src.location(loc)))
    return _dedupe(problems)

def _unknown_key(key: str, loc: tuple, vocabulary: dict[str, list[str]], prefix: tuple = ()) -> str:
    """"kunci 'x' tidak dikenal" with the likely key, or where a key of another section belongs.

    ``loc`` is relative to the model the vocabulary was built from; ``prefix`` places it in the file.
    """
    def dotted(parts) -> str:
        return ".".join(str(part) for part in parts if not isinstance(part, int))

    elsewhere = [path for path in vocabulary.get(key, ()) if path != dotted(loc)]
    if elsewhere:
        place = ".".join(filter(None, (dotted(prefix), elsewhere[0])))
        return f"kunci '{key}' tidak dikenal di tempat ini; kunci ini ditulis sebagai '{place}'"
    guess = difflib.get_close_matches(key, sorted(vocabulary), n=1, cutoff=0.6)
    hint = f"; mungkin maksud Anda '{guess[0]}'" if guess else ""
    return f"kunci '{key}' tidak dikenal{hint}"

def _is_union_tag(part: Any) -> bool:
    return isinstance(part, str) and (part.startswith(("function-", "literal[", "lax-", "json-"))
                                      or part in {"str", "constrained-str", "TataLetak", "Path", "none",
                                                  "list[str]"})

def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for problem in problems:
        if (problem.message, problem.location) not in seen:
            seen.add((problem.message, problem.location))
            out.append(problem)
    return out

def resolve_layout(value: TataLetak | str, base: Path, where: Location | None = None,
                   src: YamlSource | None = None) -> tuple[TataLetak | None, list[Problem]]:
    """A layout profile given inline, by packaged name (``tnd-f4``) or by a YAML file path.

    Font file paths are resolved against the folder of the file they are written in, and the
    font is checked: a family the PDF cannot embed is a problem at ``tata_letak.huruf``.
    """
    where = where or Location(key="tata_letak")
    if isinstance(value, TataLetak):
        layout = value
        locate = (lambda key: src.location(("tata_letak", key))) if src is not None else \
            (lambda key: Location(file=where.file, key=f"tata_letak.{key}", line=where.line))
    else:
        packaged = resource_path("layouts", f"{value}.yaml")
        path = packaged if packaged.exists() else (base / value)
        if not path.is_file():
            names = ", ".join(sorted(p.stem for p in resource_path("layouts").glob("*.yaml")))
            return None, [Problem(f"profil tata letak '{value}' tidak dikenal; pilihan: {names}, atau jalur "
                                  "berkas YAML profil", where)]
        profile = read_yaml(path)
        try:
            layout = TataLetak.model_validate(profile.data or {})
        except ValidationError as exc:
            return None, pydantic_problems(exc, profile, TataLetak)
        base = path.resolve().parent
        locate = lambda key: profile.location((key,))  # noqa: E731
    if layout.berkas_huruf is not None:
        layout = layout.model_copy(update={"berkas_huruf": layout.berkas_huruf.absolute(base)})
    try:
        layout.font_files()
    except fonts.FontError as exc:
        return None, [Problem(str(exc), locate("berkas_huruf" if layout.berkas_huruf is not None else "huruf"))]
    return layout, []


def _path_problems(config: ReportBase, src: YamlSource) -> list[Problem]:
    from spmdocs.data.loader import split_sheet

    return [Problem(f"{what} tidak ditemukan: {path}", src.location(key))
            for key, path, what in config.file_fields()
            if path is not None and not split_sheet(path)[0].is_file()]

MAX_LOGO_BYTES = 20 * 1024 ** 2
"""Largest logo file read."""

LOGO_MODES = frozenset({"1", "L", "LA", "P", "RGB", "RGBA"})
"""Colour modes both renderers draw alike (CMYK, 16-bit and the like are refused)."""

MAX_LOGO_PIXELS = 40_000_000
"""Largest logo accepted (width × height); a bigger image is a mistake, not a logo."""

def is_inside(path: Path, folder: Path) -> bool:
    """True when ``path`` lies in ``folder`` (or below it), links resolved."""
    return path.resolve().is_relative_to(folder.resolve())

CONFIG_FOLDERS = frozenset({"configs", "config", "konfigurasi"})
"""A config kept in a folder of these names belongs to the project folder above it (``proyek/configs/``)."""


def project_folder(config_file: Path) -> Path:
    """The clerk's project: the config's own folder, or the one above a ``configs`` folder.

    Files that are copied into a document (logo, evidence) must lie in it or in the folder the
    command runs in (:func:`in_project`). The boundary never depends on what the config points
    at: a data path to ``../../elsewhere`` cannot widen it.
    """
    folder = Path(config_file).resolve().parent
    return folder.parent if folder.name.casefold() in CONFIG_FOLDERS else folder


def in_project(path: Path, config_file: Path) -> bool:
    """True when ``path`` lies in the config's folder or in the folder the command runs in."""
    return is_inside(path, project_folder(config_file)) or is_inside(path, Path.cwd())


def _logo_problems(config: ReportBase, src: YamlSource) -> list[Problem]:
    """The logo must be a readable PNG or JPEG image inside the project folder (:func:`project_folder`):
    a config copied from elsewhere cannot pull another file of the computer into a published document.
    """
    logo = config.kop.logo
    if logo is None or not logo.is_file():
        return []
    where = src.location(("kop", "logo"))
    project = project_folder(src.path)
    if not in_project(logo, src.path):
        return [Problem(f"berkas logo berada di luar folder proyek ({project}): {logo}; salin logo ke folder "
                        "proyek lalu tulis jalurnya relatif terhadap berkas konfigurasi", where)]
    import io

    from PIL import Image, UnidentifiedImageError

    from spmdocs import guard

    try:
        data = guard.read_input(logo, MAX_LOGO_BYTES)
    except OSError as exc:
        reason = str(exc) if isinstance(exc, guard.InputTooLarge) else "tidak dapat dibuka"
        return [Problem(f"berkas logo tidak dapat dibaca ({reason}): {logo.name}", where)]
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, mode, pixels = image.format, image.mode, image.width * image.height
            if kind in ("PNG", "JPEG") and pixels <= MAX_LOGO_PIXELS:
                image.load()  # every pixel decoded: a PNG whose CRCs pass but whose pixel data is broken fails here
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        return [Problem(f"berkas logo bukan gambar PNG atau JPEG yang dapat dibaca (rusak atau terpotong): "
                        f"{logo.name}; simpan ulang gambarnya dari program pengolah gambar", where)]
    if kind not in ("PNG", "JPEG"):
        return [Problem(f"berkas logo berformat {kind}; simpan ulang sebagai PNG atau JPEG", where)]
    if pixels > MAX_LOGO_PIXELS:
        return [Problem(f"berkas logo terlalu besar ({pixels // 1_000_000} megapiksel); perkecil gambarnya "
                        "(logo cukup sekitar 600 × 600 piksel)", where)]
    if mode not in LOGO_MODES:
        return [Problem(f"berkas logo memakai mode warna {mode}, yang tidak ditampilkan "
                        "sama oleh Word dan PDF; simpan ulang sebagai PNG atau JPEG berwarna RGB", where)]
    return []

def _kind_of(src: YamlSource) -> type[ReportBase]:
    jenis = src.data.get("jenis", "laporan_tahunan")
    if isinstance(jenis, str) and jenis in REPORT_KINDS:
        return REPORT_KINDS[jenis]
    guess = difflib.get_close_matches(str(jenis), list(REPORT_KINDS), n=1)
    hint = f"; mungkin maksud Anda '{guess[0]}'" if guess else ""
    raise ConfigError([Problem(f"jenis laporan '{jenis}' tidak dikenal{hint}; pilihan: "
                               f"{', '.join(REPORT_KINDS)}", src.location(("jenis",)))])

def load_config(path: Path | str, data_override: list[Path] | None = None) -> tuple[ReportBase, YamlSource]:
    """Read and validate a report config of any kind; raise ConfigError listing every problem."""
    src = read_yaml(path)
    if not isinstance(src.data, dict):
        raise ConfigError([Problem("konfigurasi harus berupa pemetaan kunci: nilai",
                                   Location(file=str(src.path)))])
    kind = _kind_of(src)
    try:
        config = kind.model_validate(src.data)
    except ValidationError as exc:
        raise ConfigError(pydantic_problems(exc, src, kind))
    base = src.path.resolve().parent
    config = config.with_base(base)
    if data_override:
        config = config.model_copy(update={"data": config.data.model_copy(
            update={"capaian": [Path(p).resolve() for p in data_override]})})
    problems = _path_problems(config, src) + _logo_problems(config, src)
    layout, layout_problems = resolve_layout(config.tata_letak, base, src.location(("tata_letak",)), src)
    problems.extend(layout_problems)
    if problems:
        raise ConfigError(problems)
    return config.model_copy(update={"tata_letak": layout}).with_signatory_identity(), src
