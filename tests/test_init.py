"""`spmdocs init`: a working folder per daerah that builds once its data sheet is filled."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from spmdocs.cli import main
from spmdocs.config import REPORT_KINDS
from spmdocs.data.schema import CAPAIAN
from spmdocs.errors import ConfigError
from spmdocs.init import DATA_SHEET, HELP_SHEET, KEGIATAN_SHEET, MUTU_SHEET, NOMOR, example_configs, init_folder
from tests.review.corpus import fill_init_sheet

ROOT = Path(__file__).resolve().parents[1]


def _sheet_rows(path: Path, sheet: str) -> list[list]:
    workbook = load_workbook(path, read_only=True)
    try:
        return [list(row) for row in workbook[sheet].iter_rows(values_only=True)]
    finally:
        workbook.close()


@pytest.mark.parametrize("kode, nama, level, count, kepala", [
    ("65.01", "Kabupaten Bulungan", "kabupaten_kota", 29, "Bupati Bulungan"),
    ("65", "Provinsi Kalimantan Utara", "provinsi", 14, "Gubernur Kalimantan Utara"),
])
def test_init_scaffolds_level_services_and_configs(tmp_path, kode, nama, level, count, kepala):
    folder = tmp_path / "kerja"
    result = init_folder(folder, kode, 2025)
    assert (result.nama, result.level, result.layanan) == (nama, level, count)

    rows = _sheet_rows(folder / "data" / "capaian-2025.xlsx", DATA_SHEET)
    assert rows[0] == [column.label for column in CAPAIAN.columns]
    assert len(rows) == 1 + count
    heading = rows[0]
    assert {row[heading.index("Kode Wilayah")] for row in rows[1:]} == {kode}
    assert len({row[heading.index("Kode Layanan")] for row in rows[1:]}) == count
    assert all(row[heading.index("Sasaran")] is None for row in rows[1:])

    help_rows = _sheet_rows(folder / "data" / "capaian-2025.xlsx", HELP_SHEET)
    explained = {row[0]: row for row in help_rows[1:] if row and row[0]}
    for column in CAPAIAN.columns:
        assert column.label in explained and len(explained[column.label][2]) > 20
    assert explained["Sasaran"][1] == "Ya" and explained["Unit"][1] == "Tidak"

    examples = example_configs(level)
    for jenis in REPORT_KINDS:
        for example in examples.get(jenis, ()):
            config = yaml.safe_load((folder / example.name).read_text(encoding="utf-8"))
            assert config["jenis"] == jenis
            assert config["daerah"] == {"kode_wilayah": kode, "nama": nama}
            assert config["kop"]["pemerintah"] == f"Pemerintah {nama}"
            assert config["nomor"] == NOMOR
    annual = yaml.safe_load((folder / "laporan-tahunan.yaml").read_text(encoding="utf-8"))
    assert annual["penandatangan"]["jabatan"] == kepala
    assert annual["data"] == {"capaian": "data/capaian-2025.xlsx", "mutu": f"data/capaian-2025.xlsx#{MUTU_SHEET}",
                              "kegiatan": f"data/capaian-2025.xlsx#{KEGIATAN_SHEET}", "lembar": DATA_SHEET}
    for sheet, first in ((MUTU_SHEET, "Jenis Mutu"), (KEGIATAN_SHEET, "Kode Sub Kegiatan")):
        assert first in _sheet_rows(folder / "data" / "capaian-2025.xlsx", sheet)[0]
    award = yaml.safe_load((folder / "spm-award.yaml").read_text(encoding="utf-8"))
    assert all(set(item) == {"kode"} for item in award["komponen"])
    assert "inovasi" not in award and "narasi" not in annual
    assert (folder / "templat" / "laporan-spm.docx").is_file()
    assert (folder / "templat" / "logo-daerah.png").is_file()
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert nama in readme and "spmdocs build laporan-tahunan.yaml" in readme


@pytest.mark.parametrize("kode, hint", [("99.99", "tidak dikenal"), ("6501", "kode BPS"),
                                        ("65.01.01", "bukan kecamatan atau desa")])
def test_unknown_code_is_a_clear_error(tmp_path, kode, hint):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "x"), "--daerah", kode, "--tahun", "2025"])
    assert result.exit_code == 2
    assert hint in result.output and "--daerah" in result.output
    assert not (tmp_path / "x").exists()


def test_non_empty_folder_needs_force(tmp_path):
    folder = tmp_path / "kerja"
    folder.mkdir()
    (folder / "catatan.txt").write_text("jangan dihapus", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        init_folder(folder, "65.01", 2025)
    assert "--force" in str(info.value.problems[0])
    assert not (folder / "laporan-tahunan.yaml").exists()
    init_folder(folder, "65.01", 2025, force=True)
    assert (folder / "laporan-tahunan.yaml").is_file()
    assert (folder / "catatan.txt").read_text(encoding="utf-8") == "jangan dihapus"


def test_build_works_once_the_data_sheet_is_filled(tmp_path):
    folder = tmp_path / "kerja"
    runner = CliRunner()
    made = runner.invoke(main, ["init", str(folder), "--daerah", "65.01", "--tahun", "2025"])
    assert made.exit_code == 0, made.output
    assert "Kabupaten Bulungan" in made.output and "29 jenis pelayanan dasar" in made.output

    annual = str(folder / "laporan-tahunan.yaml")
    unfilled = runner.invoke(main, ["build", annual, "--out", str(tmp_path / "o")])
    assert unfilled.exit_code == 2 and "Sasaran" in unfilled.output

    fill_init_sheet(folder / "data" / "capaian-2025.xlsx", "65.01")
    out = tmp_path / "keluaran"
    built = runner.invoke(main, ["build", annual, "--out", str(out)])
    assert built.exit_code == 0, built.output
    assert "Kabupaten Bulungan 2025: Indeks Pencapaian SPM" in built.output
    docx = out / "laporan-tahunan-65.01-2025.docx"
    assert docx.is_file() and docx.stat().st_size > 10_000


@pytest.mark.parametrize("kode, annexes", [("65.01", {"lampiran-opd.yaml"}),
                                           ("65", {"lampiran-opd.yaml", "lampiran-daerah.yaml"})])
def test_a_kab_kota_gets_the_per_opd_annex_and_a_province_both(tmp_path, kode, annexes):
    folder = tmp_path / "kerja"
    init_folder(folder, kode, 2025)
    assert {p.name for p in folder.glob("lampiran-*.yaml")} == annexes
    opd = yaml.safe_load((folder / "lampiran-opd.yaml").read_text(encoding="utf-8"))
    assert opd["cakupan"] == ("daerah_ini" if kode == "65.01" else "dengan_kabupaten_kota")
    assert opd["data"]["mutu"].endswith(f"#{MUTU_SHEET}")


def test_every_year_in_the_folder_is_the_given_year(tmp_path):
    folder = tmp_path / "kerja"
    init_folder(folder, "65", 2023)
    texts = {path.name: path.read_text(encoding="utf-8") for path in folder.glob("*.yaml")}
    daerah = yaml.safe_load(texts["lampiran-daerah.yaml"])
    assert daerah["tahun"] == 2023 and daerah["lampiran"]["dokumen"].endswith("Tahun 2023")
    assert yaml.safe_load(texts["rencana-aksi.yaml"])["periode"] == {"mulai": 2024, "selesai": 2028}
    award = yaml.safe_load(texts["spm-award.yaml"])
    assert award["tahun"] == 2023 and award["tahun_penghargaan"] == 2024
    body = "\n".join(line for text in texts.values() for line in text.splitlines() if not line.startswith("#"))
    years = {int(y) for y in __import__("re").findall(r"\b(20\d\d)\b", body)}
    assert years <= {2023, 2024, 2028}, years


def test_build_warns_about_every_placeholder_and_strict_refuses(tmp_path):
    folder = tmp_path / "kerja"
    init_folder(folder, "65.01", 2025)
    fill_init_sheet(folder / "data" / "capaian-2025.xlsx", "65.01")
    runner = CliRunner()
    annual = str(folder / "laporan-tahunan.yaml")
    strict = runner.invoke(main, ["build", annual, "--out", str(tmp_path / "ketat"), "--strict"])
    assert strict.exit_code == 2 and not (tmp_path / "ketat").exists()
    for fragment in ("'tempat'", "[isi ibu kota]", "'penandatangan.nama'", "NAMA BUPATI", "'nomor'",
                     NOMOR, "'kop.alamat.0'", "'kop.logo'", "logo contoh"):
        assert fragment in strict.output, fragment
    config = (folder / "laporan-tahunan.yaml").read_text(encoding="utf-8")
    config = (config.replace("'[isi ibu kota]'", "Tanjung Selor").replace("NAMA BUPATI", "Dr. H. Syarwani")
              .replace(f"'{NOMOR}'", "100.3.4/012/SPM/I/2026").replace("'[Alamat kantor, kode pos]'", "Jl. Jelarai")
              .replace("'[Laman dan pos-el]'", "bulungan.go.id"))
    (folder / "laporan-tahunan.yaml").write_text(config, encoding="utf-8")
    (folder / "templat" / "logo-daerah.png").write_bytes(
        (ROOT / "templates" / "logo-daerah.png").read_bytes() + b"\0")
    warned = runner.invoke(main, ["build", annual, "--out", str(tmp_path / "biasa")])
    assert warned.exit_code == 0, warned.output
    assert "isian contoh" not in warned.output and "logo contoh" not in warned.output
