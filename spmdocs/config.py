"""Report configuration: the YAML a secretariat edits, validated into typed settings.

Keys are in Bahasa Indonesia because clerks write them. Every problem (unknown key with a
suggestion, wrong type, missing key, missing file) is collected and reported at once with the
YAML key and line. Relative paths are resolved against the folder of the config file.
Defaults live in the pydantic models below and in the packaged narrative defaults.
"""

from __future__ import annotations

import difflib
import os
import re
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from spmdocs import model
from spmdocs.errors import ConfigError, Location, Problem
from spmdocs.resources import resource_path
from spmdocs.spm.scoring import ScoringRules
from spmdocs.yamlsrc import YamlSource, read_yaml


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Margin(_Strict):
    """Page margins in millimetres."""

    atas: float = Field(20.0, ge=0, le=100)
    bawah: float = Field(25.0, ge=0, le=100)
    kiri: float = Field(30.0, ge=0, le=100)
    kanan: float = Field(20.0, ge=0, le=100)


class TataLetak(_Strict):
    """A layout profile; defaults follow the Tata Naskah Dinas (F4, Arial 12, 3/2/2/2,5 cm)."""

    kertas: Literal["F4", "A4"] = "F4"
    margin_mm: Margin = Margin()
    huruf: str = "Arial"
    ukuran_huruf: float = Field(12.0, ge=6, le=24)
    spasi_baris: float = Field(1.5, ge=1, le=3)
    spasi_paragraf_pt: float = Field(6.0, ge=0, le=48)
    ukuran_huruf_tabel: float = Field(10.0, ge=6, le=16)
    format_nomor_halaman: str = "- {} -"

    @field_validator("format_nomor_halaman")
    @classmethod
    def _has_slot(cls, value: str) -> str:
        if "{}" not in value:
            raise ValueError("format nomor halaman harus memuat {} sebagai tempat nomor")
        return value

    def to_layout(self) -> model.Layout:
        m = self.margin_mm
        return model.Layout(
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


class Penandatangan(_Strict):
    """Who signs: jabatan, nama and, below the Kepala Daerah, pangkat and NIP; optional prefix."""

    jabatan: str
    nama: str
    pangkat: str | None = None
    nip: str | None = None
    prefiks: Literal["a.n.", "u.b.", "Plt.", "Plh.", "Pj."] | None = None
    atas_nama: str | None = None

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


class BagianKerangka(_Strict):
    """One part of the outline: its title override and whether it is shown."""

    judul: str | None = None
    tampil: bool = True


class NarasiBidang(_Strict):
    """Narrative text for one bidang in BAB II (Jinja, with that bidang's figures)."""

    jenis_pelayanan: str | None = None
    target: str | None = None
    realisasi: str | None = None
    anggaran: str | None = None
    personil: str | None = None
    permasalahan: str | None = None
    solusi: str | None = None


class Narasi(_Strict):
    """Narrative text per section; unset sections take the packaged default text."""

    kata_pengantar: str | None = None
    latar_belakang: str | None = None
    dasar_hukum: list[str] | None = None
    kebijakan_umum: str | None = None
    arah_kebijakan: str | None = None
    program_kegiatan: str | None = None
    penutup: str | None = None
    bidang: dict[str, NarasiBidang] = {}


class Keluaran(_Strict):
    """Output naming: a pattern with {jenis}, {kode_wilayah}, {daerah} and {tahun}."""

    nama_berkas: str = "{jenis}-{kode_wilayah}-{tahun}"


OUTLINE_PARTS = ("sampul", "kata_pengantar", "daftar_isi", "pendahuluan", "penerapan",
                 "program_kegiatan", "penutup", "lampiran")


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


class LaporanConfig(ReportBase):
    """The annual Laporan Penerapan SPM: adds narrative per section and the outline."""

    jenis: Literal["laporan_tahunan"] = "laporan_tahunan"
    narasi: Narasi = Narasi()
    kerangka: dict[Literal[OUTLINE_PARTS], BagianKerangka] = {}

    def shown(self, part: str) -> bool:
        return self.kerangka.get(part, BagianKerangka()).tampil

    def title_of(self, part: str, default: str) -> str:
        return self.kerangka.get(part, BagianKerangka()).judul or default


REPORT_KINDS: dict[str, type[ReportBase]] = {"laporan_tahunan": LaporanConfig}
"""Every report kind by its ``jenis`` value."""


_MESSAGES = {
    "missing": "kunci wajib belum diisi",
    "string_type": "harus berupa teks",
    "int_parsing": "harus berupa bilangan bulat",
    "int_type": "harus berupa bilangan bulat",
    "int_from_float": "harus berupa bilangan bulat",
    "float_parsing": "harus berupa angka",
    "float_type": "harus berupa angka",
    "bool_parsing": "harus true atau false",
    "bool_type": "harus true atau false",
    "list_type": "harus berupa daftar (list)",
    "dict_type": "harus berupa pemetaan (kunci: nilai)",
    "model_type": "harus berupa pemetaan (kunci: nilai)",
    "date_from_datetime_parsing": "tanggal tidak valid; tulis sebagai TTTT-BB-HH, mis. 2026-01-19",
    "date_parsing": "tanggal tidak valid; tulis sebagai TTTT-BB-HH, mis. 2026-01-19",
    "date_type": "tanggal tidak valid; tulis sebagai TTTT-BB-HH, mis. 2026-01-19",
    "greater_than_equal": "nilai terlalu kecil",
    "less_than_equal": "nilai terlalu besar",
    "path_type": "harus berupa jalur berkas",
}


def _vocabulary(model_cls: type[BaseModel], seen: set | None = None) -> set[str]:
    """Every key any model reachable from ``model_cls`` accepts (for "did you mean")."""
    seen = seen if seen is not None else set()
    if model_cls in seen:
        return set()
    seen.add(model_cls)
    names = set(model_cls.model_fields)
    for info in model_cls.model_fields.values():
        for arg in _types_in(info.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                names |= _vocabulary(arg, seen)
    return names


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
    for error in errors:
        loc = tuple(error["loc"])
        if loc and _is_union_tag(loc[-1]) and loc[:-1] in entered:
            continue
        loc = prefix + tuple(part for part in error["loc"] if not _is_union_tag(part))
        kind = error["type"]
        if kind == "extra_forbidden":
            key = str(loc[-1])
            guess = difflib.get_close_matches(key, sorted(vocabulary), n=1, cutoff=0.6)
            hint = f"; mungkin maksud Anda '{guess[0]}'" if guess else ""
            message = f"kunci '{key}' tidak dikenal{hint}"
        elif kind == "literal_error":
            expected = error.get("ctx", {}).get("expected", "")
            message = f"nilai '{error.get('input')}' tidak dikenal; pilihan: {expected}"
        elif kind == "value_error":
            message = str(error.get("ctx", {}).get("error", error["msg"]))
        else:
            message = _MESSAGES.get(kind, error["msg"])
        problems.append(Problem(message, src.location(loc)))
    return _dedupe(problems)


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


def resolve_layout(value: TataLetak | str, base: Path,
                   where: Location | None = None) -> tuple[TataLetak | None, list[Problem]]:
    """A layout profile given inline, by packaged name (``tnd-f4``) or by a YAML file path."""
    if isinstance(value, TataLetak):
        return value, []
    packaged = resource_path("layouts", f"{value}.yaml")
    path = packaged if packaged.exists() else (base / value)
    if not path.is_file():
        names = ", ".join(sorted(p.stem for p in resource_path("layouts").glob("*.yaml")))
        return None, [Problem(f"profil tata letak '{value}' tidak dikenal; pilihan: {names}, atau jalur "
                              "berkas YAML profil", where or Location(key="tata_letak"))]
    src = read_yaml(path)
    try:
        return TataLetak.model_validate(src.data or {}), []
    except ValidationError as exc:
        return None, pydantic_problems(exc, src, TataLetak)


def _path_problems(config: ReportBase, src: YamlSource) -> list[Problem]:
    return [Problem(f"{what} tidak ditemukan: {path}", src.location(key))
            for key, path, what in config.file_fields() if path is not None and not path.is_file()]


MAX_LOGO_PIXELS = 40_000_000
"""Largest logo accepted (width × height); a bigger image is a mistake, not a logo."""


def is_inside(path: Path, folder: Path) -> bool:
    """True when ``path`` lies in ``folder`` (or below it), links resolved."""
    return path.resolve().is_relative_to(folder.resolve())


def project_folder(config: ReportBase, base: Path) -> Path:
    """The folder holding the config and every data file it reads (the clerk's project)."""
    folders = [str(base.resolve())] + [str(Path(p).resolve().parent) for kind in ("capaian", "mutu", "kegiatan")
                                       for p in getattr(config.data, kind)]
    return Path(os.path.commonpath(folders))


def _logo_problems(config: ReportBase, src: YamlSource, base: Path) -> list[Problem]:
    """The logo must be a readable PNG or JPEG image inside the project folder.

    The project folder holds the config and its data files (or is the folder the command runs
    in): a config copied from elsewhere cannot pull another file of the computer into a
    published document.
    """
    logo = config.kop.logo
    if logo is None or not logo.is_file():
        return []
    where = src.location(("kop", "logo"))
    project = project_folder(config, base)
    if not (is_inside(logo, project) or is_inside(logo, Path.cwd())):
        return [Problem(f"berkas logo berada di luar folder proyek ({project}): {logo}; salin logo ke folder "
                        "proyek lalu tulis jalurnya relatif terhadap berkas konfigurasi", where)]
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(logo) as image:
            kind, pixels = image.format, image.width * image.height
            image.verify()
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError, Image.DecompressionBombError):
        return [Problem(f"berkas logo bukan gambar PNG atau JPEG yang dapat dibaca: {logo.name}", where)]
    if kind not in ("PNG", "JPEG"):
        return [Problem(f"berkas logo berformat {kind}; simpan ulang sebagai PNG atau JPEG", where)]
    if pixels > MAX_LOGO_PIXELS:
        return [Problem(f"berkas logo terlalu besar ({pixels // 1_000_000} megapiksel); perkecil gambarnya "
                        "(logo cukup sekitar 600 × 600 piksel)", where)]
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
    problems = _path_problems(config, src) + _logo_problems(config, src, base)
    layout, layout_problems = resolve_layout(config.tata_letak, base, src.location(("tata_letak",)))
    problems.extend(layout_problems)
    if problems:
        raise ConfigError(problems)
    return config.model_copy(update={"tata_letak": layout}), src


UNIT_COLUMNS = ("opd", "daerah", "kode_wilayah", "unit", "kode_layanan", "jenis_pelayanan")
"""Canonical capaian columns a batch can fan out over."""

UNIT_FIELDS = ("jenis", "kode_wilayah", "daerah", "tahun", "unit", "urut")
"""Placeholders of the per-unit patterns (file name, title, signatory, letter fields)."""

_PATTERN_SAMPLE = {"jenis": "lampiran-opd", "kode_wilayah": "65.01", "daerah": "Kabupaten Bulungan",
                   "tahun": 2025, "unit": "Dinas Kesehatan", "urut": 1}


def check_pattern(value: str | None, fields: tuple[str, ...] = UNIT_FIELDS) -> str | None:
    """``value`` when it is a valid ``str.format`` pattern using only ``fields``; else ValueError."""
    if value is None:
        return value
    try:
        value.format(**{name: _PATTERN_SAMPLE[name] for name in fields})
    except KeyError as exc:
        raise ValueError(f"penanda {{{exc.args[0]}}} tidak dikenal; pilihan: "
                         + ", ".join(f"{{{name}}}" for name in fields)) from None
    except (ValueError, IndexError) as exc:
        raise ValueError(f"pola tidak valid ({exc}); tulis penanda seperti {{unit}} atau {{urut:03d}}, "
                         "dan {{ }} untuk kurung kurawal biasa") from None
    return value


class JudulLampiran(_Strict):
    """The annex heading: LAMPIRAN <urutan> / <dokumen> / NOMOR … / TANGGAL …, and the title below."""

    urutan: int = Field(1, ge=1, le=99)
    dokumen: str | None = None
    judul: str | None = None

    @field_validator("judul")
    @classmethod
    def _pattern(cls, value: str | None) -> str | None:
        return check_pattern(value)


class KeluaranLampiran(Keluaran):
    """Output naming of a batch: one file name pattern per unit and one for the combined files."""

    nama_berkas: str = "lampiran-{kode_wilayah}-{unit}-{tahun}"
    gabungan: str = "lampiran-gabungan-{tahun}"

    @field_validator("nama_berkas")
    @classmethod
    def _unit_pattern(cls, value: str) -> str:
        return check_pattern(value)

    @field_validator("gabungan")
    @classmethod
    def _combined_pattern(cls, value: str) -> str:
        return check_pattern(value, ("jenis", "kode_wilayah", "daerah", "tahun"))


DEFAULT_LAMPIRAN_NARASI = """\
Lampiran ini memuat capaian Standar Pelayanan Minimal (SPM) {{ unit.nama }}{% if not unit.per_daerah %}
{{ daerah.nama }}{% endif %} Tahun {{ tahun }} pada {{ unit.jumlah_layanan }} Jenis Pelayanan Dasar.
{% if unit.nilai is not none %}{{ unit.label_nilai }} adalah {{ unit.nilai | angka(2) }} dengan kategori
{{ unit.kategori }}.{% endif %}
{% if not unit.belum_tuntas %}Seluruh penerima layanan dasar yang menjadi sasaran telah terlayani sesuai
standar.{% elif unit.belum_tuntas | length <= 3 %}Jenis Pelayanan Dasar yang capaian penerimanya belum
100% adalah {{ unit.belum_tuntas | join("; ") }}.{% else %}Sebanyak {{ unit.belum_tuntas | length }} dari
{{ unit.jumlah_layanan }} Jenis Pelayanan Dasar belum melayani seluruh penerimanya sesuai standar
(capaian penerima di bawah 100%); rinciannya disajikan pada tabel berikut.{% endif %}
{% if anggaran.alokasi %}Realisasi anggaran penerapan SPM sebesar {{ anggaran.realisasi | rupiah }} dari
alokasi {{ anggaran.alokasi | rupiah }} ({{ anggaran.persen | persen }}).{% endif %}
"""

DEFAULT_PENGANTAR_ISI = """\
Bersama ini kami sampaikan Lampiran Capaian Standar Pelayanan Minimal (SPM) {{ unit.nama }}{% if
not unit.per_daerah %} {{ daerah.nama }}{% endif %} Tahun {{ tahun }} sebagai bahan evaluasi dan
tindak lanjut penerapan SPM.

Demikian disampaikan, atas perhatian dan kerja samanya diucapkan terima kasih.
"""


class SuratPengantar(_Strict):
    """The cover letter sent with each annex, filled from a docxtpl template."""

    templat: Path
    kepada: str = "Kepala {unit} {daerah}"
    di: str = "Tempat"
    nomor: str
    sifat: str = "Biasa"
    lampiran: str = "1 (satu) berkas"
    perihal: str = "Penyampaian Lampiran Capaian SPM Tahun {tahun}"
    isi: str = DEFAULT_PENGANTAR_ISI
    tembusan: list[str] = []
    penandatangan: Penandatangan

    @field_validator("kepada", "di", "nomor", "sifat", "lampiran", "perihal")
    @classmethod
    def _pattern(cls, value: str) -> str:
        return check_pattern(value)


class LampiranConfig(ReportBase):
    """Batch annexes: one lampiran per value of ``unit_kolom`` (an OPD, a daerah …) of the data.

    Units are taken per daerah: with ``unit_kolom: opd`` the Dinas Kesehatan of every kab/kota
    gets its own annex. ``penandatangan`` is the default signatory of an annex (its jabatan and
    nama may use {unit} and {daerah}); ``penandatangan_unit`` names the signatory of a unit, by
    "<kode_wilayah>/<unit>", by the unit's name, or by its kode_wilayah.
    """

    jenis: Literal["lampiran_opd"] = "lampiran_opd"
    unit_kolom: Literal[UNIT_COLUMNS] = "opd"
    cakupan: Literal["dengan_kabupaten_kota", "daerah_ini"] = "dengan_kabupaten_kota"
    lampiran: JudulLampiran = JudulLampiran()
    penandatangan_unit: dict[str, Penandatangan] = {}
    narasi: str = DEFAULT_LAMPIRAN_NARASI
    surat_pengantar: SuratPengantar | None = None
    keluaran: KeluaranLampiran = KeluaranLampiran()

    @field_validator("penandatangan")
    @classmethod
    def _signer_patterns(cls, value: Penandatangan) -> Penandatangan:
        check_pattern(value.jabatan)
        check_pattern(value.nama)
        return value

    @property
    def per_daerah(self) -> bool:
        """True when a unit is a whole daerah rather than a part of one."""
        return self.unit_kolom in ("daerah", "kode_wilayah")

    def signer_of(self, kode_wilayah: str, unit: str, daerah: str, urut: int) -> Penandatangan:
        """The signatory of one unit's annex: from ``penandatangan_unit`` or the default."""
        for key in (f"{kode_wilayah}/{unit}", unit, kode_wilayah):
            if key in self.penandatangan_unit:
                return self.penandatangan_unit[key]
        fields = {"jenis": self.jenis.replace("_", "-"), "kode_wilayah": kode_wilayah,
                  "daerah": daerah, "tahun": self.tahun, "unit": unit, "urut": urut}
        return self.penandatangan.model_copy(update={
            "jabatan": self.penandatangan.jabatan.format(**fields),
            "nama": self.penandatangan.nama.format(**fields)})

    def file_fields(self) -> list[tuple[tuple, Path | None, str]]:
        fields = super().file_fields()
        if self.surat_pengantar is not None:
            fields.append((("surat_pengantar", "templat"), self.surat_pengantar.templat,
                           "templat surat pengantar"))
        return fields

    def with_base(self, base: Path) -> "LampiranConfig":
        config = super().with_base(base)
        letter = config.surat_pengantar
        if letter is not None and not letter.templat.is_absolute():
            letter = letter.model_copy(update={"templat": (base / letter.templat).resolve()})
            config = config.model_copy(update={"surat_pengantar": letter})
        return config


REPORT_KINDS["lampiran_opd"] = LampiranConfig


KOMPONEN_AWARD_2024: dict[str, tuple[str, float]] = {
    "ip_spm": ("Indeks Pencapaian SPM (IP-SPM)", 60.0),
    "anggaran": ("Komitmen Anggaran untuk Penerapan SPM", 10.0),
    "tahapan": ("Pelaksanaan Sesuai Tahapan Penerapan SPM", 10.0),
    "tim": ("Pembentukan dan Keaktifan Tim Penerapan SPM", 5.0),
    "rencana_aksi": ("Dokumen Rencana Aksi Penerapan SPM", 5.0),
    "pelaporan": ("Kualitas dan Kepatuhan Pelaporan e-SPM Triwulanan", 10.0),
}
"""The components assessed in the SPM Awards 2024 (kode → nama, bobot %).

The weights come from one news report (reference §6, UNCERTAIN), so every component's ``nama``
and ``bobot`` can be set in the config; these are only the defaults.
"""

IP_SPM = "ip_spm"
"""The component whose score is the daerah's Indeks Pencapaian SPM, computed from the data."""


class Bukti(_Strict):
    """One evidence file of a component: its path and an optional title for the checklist."""

    berkas: Path
    judul: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_path(cls, value: Any) -> Any:
        return {"berkas": value} if isinstance(value, (str, Path)) else value


class KomponenPenilaian(_Strict):
    """One assessed component: weight (%), self-assessed score (0-100), description, evidence."""

    kode: str
    nama: str | None = None
    bobot: float | None = Field(None, ge=0, le=100)
    skor: float | None = Field(None, ge=0, le=100)
    uraian: str | None = None
    bukti: list[Bukti] = []

    @model_validator(mode="after")
    def _known_defaults(self) -> "KomponenPenilaian":
        known = KOMPONEN_AWARD_2024.get(self.kode)
        if known is None and (self.nama is None or self.bobot is None):
            raise ValueError(f"komponen '{self.kode}' bukan komponen bawaan "
                             f"({', '.join(KOMPONEN_AWARD_2024)}); isi 'nama' dan 'bobot'")
        if self.kode == IP_SPM and self.skor is not None:
            raise ValueError("skor komponen ip_spm dihitung dari Indeks Pencapaian SPM pada data; "
                             "hapus kunci 'skor'")
        if known is not None:
            self.nama = self.nama or known[0]
            self.bobot = known[1] if self.bobot is None else self.bobot
        return self


class TujuanSurat(_Strict):
    """The addressee of the surat pengantar."""

    jabatan: str = "Direktur Jenderal Bina Pembangunan Daerah Kementerian Dalam Negeri"
    tempat: str = "Jakarta"


class Inovasi(_Strict):
    """One innovation in applying SPM: title, bidang, first year and its description (Jinja)."""

    judul: str
    bidang: str | None = None
    tahun_mulai: int | None = Field(None, ge=2000, le=2100)
    uraian: str


class NarasiAward(_Strict):
    """Narrative text of the dossier; unset keys take the packaged default text."""

    profil_daerah: str | None = None
    tren: str | None = None
    penilaian: str | None = None
    inovasi: str | None = None
    penutup: str | None = None


class SpmAwardConfig(ReportBase):
    """The SPM Awards dossier: components with weights and evidence, innovations, multi-year data."""

    jenis: Literal["spm_award"] = "spm_award"
    judul: str = "Dokumen Penilaian Penerapan Standar Pelayanan Minimal"
    tahun_penghargaan: int | None = Field(None, ge=2000, le=2100)
    tujuan: TujuanSurat = TujuanSurat()
    komponen: list[KomponenPenilaian] = Field(
        default_factory=lambda: [KomponenPenilaian(kode=kode) for kode in KOMPONEN_AWARD_2024])
    inovasi: list[Inovasi] = []
    narasi: NarasiAward = NarasiAward()

    @field_validator("komponen")
    @classmethod
    def _weights_total_100(cls, komponen: list[KomponenPenilaian]) -> list[KomponenPenilaian]:
        kodes = [k.kode for k in komponen]
        twice = sorted({k for k in kodes if kodes.count(k) > 1})
        if twice:
            raise ValueError(f"kode komponen ganda: {', '.join(twice)}")
        total = sum(k.bobot for k in komponen)
        if abs(total - 100) > 1e-6:
            raise ValueError(f"jumlah bobot komponen harus 100, sekarang {total:g}")
        return komponen

    @property
    def award_year(self) -> int:
        """The SPM Awards year: by default the year after the assessed fiscal year."""
        return self.tahun_penghargaan or self.tahun + 1

    def with_base(self, base: Path) -> "SpmAwardConfig":
        resolved = super().with_base(base)
        def absolute(path: Path) -> Path:
            return path if path.is_absolute() else (base / path).resolve()

        komponen = [k.model_copy(update={"bukti": [b.model_copy(update={"berkas": absolute(b.berkas)})
                                                   for b in k.bukti]}) for k in resolved.komponen]
        return resolved.model_copy(update={"komponen": komponen})


REPORT_KINDS["spm_award"] = SpmAwardConfig


def known_placeholders(value: str, fields: tuple[str, ...]) -> str:
    """``value`` when every {placeholder} in it is one of ``fields``; else ValueError."""
    import string

    try:
        names = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
    except ValueError as exc:
        raise ValueError(f"pola nama berkas tidak valid ({exc})") from None
    unknown = [name for name in names if name not in fields]
    if unknown:
        raise ValueError(f"penanda {{{unknown[0]}}} tidak dikenal; pilihan: "
                         + ", ".join(f"{{{name}}}" for name in fields))
    return value


class KeluaranRencana(Keluaran):
    """Output naming of a Rencana Aksi: the pattern may also use {mulai} and {selesai}."""

    nama_berkas: str = "{jenis}-{kode_wilayah}-{mulai}-{selesai}"

    @field_validator("nama_berkas")
    @classmethod
    def _known(cls, value: str) -> str:
        return known_placeholders(value, ("jenis", "kode_wilayah", "daerah", "tahun", "mulai", "selesai"))


class Periode(_Strict):
    """The years a Rencana Aksi covers, both inclusive (five years: 2026-2030)."""

    mulai: int = Field(ge=2000, le=2100)
    selesai: int = Field(ge=2000, le=2100)

    @field_validator("selesai")
    @classmethod
    def _after_start(cls, value: int, info) -> int:
        start = info.data.get("mulai")
        if start is not None and value < start:
            raise ValueError("tahun selesai tidak boleh sebelum tahun mulai")
        if start is not None and value - start >= 10:
            raise ValueError("periode rencana aksi paling lama 10 tahun")
        return value


class PaguRencana(_Strict):
    """The pagu indikatif per year: the tahun dasar anggaran grown yearly, or amounts given per sub-kegiatan."""

    pertumbuhan_persen: float = Field(5.0, ge=-50, le=100)
    pembulatan: float = Field(1000.0, ge=1)
    sub_kegiatan: dict[str, list[float]] = {}


class KegiatanRencana(_Strict):
    """A sub-kegiatan the plan adds to one Jenis Pelayanan Dasar, with its pagu for every year."""

    kode: str
    nama: str
    opd: str | None = None
    pagu: list[float]


class NarasiRencanaBidang(_Strict):
    """Narrative for one bidang in the plan's matrix chapter."""

    strategi: str | None = None


class NarasiRencana(_Strict):
    """Narrative text of the Rencana Aksi; unset keys take the packaged default text."""

    kata_pengantar: str | None = None
    latar_belakang: str | None = None
    dasar_hukum: list[str] | None = None
    maksud_tujuan: str | None = None
    sistematika: str | None = None
    gambaran_umum: str | None = None
    analisis_penerima: str | None = None
    analisis_mutu: str | None = None
    analisis_biaya: str | None = None
    kapasitas_fiskal: str | None = None
    rencana_aksi: str | None = None
    pemantauan: str | None = None
    penutup: str | None = None
    bidang: dict[str, NarasiRencanaBidang] = {}


class RencanaAksiConfig(ReportBase):
    """The five-year Rencana Aksi Penerapan SPM; ``tahun`` is the tahun dasar (latest data year)."""

    jenis: Literal["rencana_aksi"] = "rencana_aksi"
    judul: str = "Rencana Aksi Penerapan Standar Pelayanan Minimal"
    periode: Periode | None = None
    target_akhir: float = Field(100.0, ge=1, le=100)
    target_layanan: dict[str, list[float]] = {}
    pagu: PaguRencana = PaguRencana()
    kegiatan: dict[str, list[KegiatanRencana]] = {}
    narasi: NarasiRencana = NarasiRencana()
    keluaran: KeluaranRencana = KeluaranRencana()

    def years(self) -> list[int]:
        """The plan's years: ``periode``, or the five years after the tahun dasar."""
        if self.periode is None:
            return list(range(self.tahun + 1, self.tahun + 6))
        return list(range(self.periode.mulai, self.periode.selesai + 1))

    def plan_problems(self, src: YamlSource, service_codes: set[str]) -> list[Problem]:
        """What the models alone cannot check: period after the tahun dasar, one value per year, known codes."""
        problems = []
        count = len(self.years())
        if self.years()[0] <= self.tahun:
            problems.append(Problem(f"periode harus dimulai setelah tahun dasar {self.tahun}",
                                    src.location(("periode", "mulai"))))
        for kode, values in self.target_layanan.items():
            key = ("target_layanan", kode)
            if kode not in service_codes:
                problems.append(Problem(f"kode jenis pelayanan '{kode}' tidak dikenal untuk daerah ini",
                                        src.location(key)))
            if len(values) != count:
                problems.append(Problem(f"harus berisi {count} target, satu per tahun periode", src.location(key)))
            if any(not 0 <= v <= 100 for v in values):
                problems.append(Problem("target harus di antara 0 dan 100", src.location(key)))
        for kode, values in self.pagu.sub_kegiatan.items():
            if len(values) != count:
                problems.append(Problem(f"harus berisi {count} pagu, satu per tahun periode",
                                        src.location(("pagu", "sub_kegiatan", kode))))
        for kode, items in self.kegiatan.items():
            if kode not in service_codes:
                problems.append(Problem(f"kode jenis pelayanan '{kode}' tidak dikenal untuk daerah ini",
                                        src.location(("kegiatan", kode))))
            for i, item in enumerate(items):
                if len(item.pagu) != count:
                    problems.append(Problem(f"harus berisi {count} pagu, satu per tahun periode",
                                            src.location(("kegiatan", kode, i, "pagu"))))
        return problems


REPORT_KINDS["rencana_aksi"] = RencanaAksiConfig


class BatasInput(_Strict):
    """The e-SPM input deadline of a quarter: a fixed date, or day ``hari`` of the month after it.

    The 20th is the reference's default rule and UNCERTAIN (Ditjen Bina Bangda sets it each year),
    so both parts can be changed in the config.
    """

    tanggal: date | None = None
    hari: int = Field(20, ge=1, le=28)

    def for_quarter(self, tahun: int, triwulan: int) -> date:
        """The deadline for ``triwulan`` of ``tahun``: the fixed date, else day ``hari`` of the next month."""
        if self.tanggal is not None:
            return self.tanggal
        month = triwulan * 3 + 1
        return date(tahun + 1, 1, self.hari) if month > 12 else date(tahun, month, self.hari)


class NarasiTriwulanBidang(_Strict):
    """Problems and follow-up of one bidang in a quarterly report (Jinja, with that bidang's figures)."""

    permasalahan: str | None = None
    tindak_lanjut: str | None = None


class NarasiTriwulan(_Strict):
    """Narrative text of the quarterly report; unset keys take the packaged default text."""

    kepada: str | None = None
    pengantar: str | None = None
    latar_belakang: str | None = None
    dasar_hukum: list[str] | None = None
    periode_data: str | None = None
    capaian: str | None = None
    anggaran: str | None = None
    penutup: str | None = None
    bidang: dict[str, NarasiTriwulanBidang] = {}


class KeluaranTriwulan(Keluaran):
    """Output naming of a quarterly report: the pattern may also use {triwulan} (1-4)."""

    nama_berkas: str = "{jenis}-{kode_wilayah}-{tahun}-tw{triwulan}"

    @field_validator("nama_berkas")
    @classmethod
    def _known(cls, value: str) -> str:
        return known_placeholders(value, ("jenis", "kode_wilayah", "daerah", "tahun", "triwulan"))


class LaporanTriwulanConfig(ReportBase):
    """The quarterly Laporan Penerapan SPM (aligned with e-SPM), cumulative to the quarter's end."""

    jenis: Literal["laporan_triwulan"] = "laporan_triwulan"
    triwulan: int = Field(ge=1, le=4)
    batas_input: BatasInput = BatasInput()
    narasi: NarasiTriwulan = NarasiTriwulan()
    keluaran: KeluaranTriwulan = KeluaranTriwulan()


REPORT_KINDS["laporan_triwulan"] = LaporanTriwulanConfig
