"""Report config validation: every problem named by YAML key and line, all at once."""

import re
from pathlib import Path

import pytest

from spmdocs.config import load_config
from spmdocs.errors import ConfigError

VALID = """\
jenis: laporan_tahunan
daerah:
  kode_wilayah: "65.01"
tahun: 2025
data:
  capaian: data.csv
kop:
  pemerintah: Pemerintah Kabupaten Bulungan
penandatangan:
  jabatan: Bupati Bulungan
  nama: NAMA BUPATI
tempat: Tanjung Selor
tanggal: 2026-01-19
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "data.csv").write_text("kode_wilayah,tahun\n", encoding="utf-8")
    return tmp_path


def write(project: Path, text: str) -> Path:
    path = project / "laporan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.exit_code == 2
    return [str(p) for p in info.value.problems]


def test_valid_config_loads_with_defaults_and_resolved_paths(project):
    config, src = load_config(write(project, VALID))
    assert config.data.capaian == [(project / "data.csv").resolve()]
    assert config.tata_letak.kertas == "F4" and config.tata_letak.margin_mm.kiri == 30
    assert config.aturan_penilaian.weights.penerima == 0.8
    assert src.line_of(("kop", "pemerintah")) == 8


def test_all_problems_reported_together_with_key_and_line(project):
    text = VALID.replace("tahun: 2025", "tahun: dua ribu").replace(
        "  pemerintah:", "  pemerintahan:").replace("tempat: Tanjung Selor\n", "")
    found = problems(write(project, text))
    assert any("kunci 'tahun'" in p and "baris 4" in p and "bilangan bulat" in p for p in found)
    assert any("'kop.pemerintahan'" in p and "baris 8" in p and "mungkin maksud Anda 'pemerintah'" in p
               for p in found)
    assert any("kunci 'tempat'" in p and "wajib" in p for p in found)


def test_key_of_another_section_is_told_where_it_belongs(project):
    text = VALID.replace("tempat: Tanjung Selor\n", "tempat: Tanjung Selor\nletak_catatan: bawah_ttd\n")
    found = problems(write(project, text))
    assert any("kunci 'letak_catatan' tidak dikenal di tempat ini" in p
               and "'penandatangan.tte.letak_catatan'" in p for p in found), found


def test_tabs_and_syntax_errors_name_the_line(project):
    found = problems(write(project, VALID.replace("  kode_wilayah", "\tkode_wilayah")))
    assert any("tab" in p and "baris 3" in p for p in found)
    found = problems(write(project, VALID + "narasi: [unclosed\n"))
    assert any("YAML tidak valid" in p and "baris" in p for p in found)


def test_missing_files_are_named_by_key(project):
    text = VALID.replace("capaian: data.csv", "capaian: [data.csv, hilang.csv]") + \
        "templat_word: tidak-ada.docx\n"
    found = problems(write(project, text))
    assert any("'data.capaian.1'" in p and "hilang.csv" in p for p in found)
    assert any("'templat_word'" in p and "tidak-ada.docx" in p for p in found)


def test_signatory_prefix_and_nip_are_checked(project):
    text = VALID.replace("  nama: NAMA BUPATI", "  nama: NAMA\n  prefiks: Wakil\n  nip: 1970")
    found = problems(write(project, text))
    assert any("prefiks" in p and "pilihan" in p for p in found)
    assert any("nip" in p and "18 digit" in p for p in found)
    ok = VALID.replace("  nama: NAMA BUPATI", "  nama: NAMA\n  prefiks: a.n.\n  nip: '197001011995031001'")
    config, _ = load_config(write(project, ok))
    assert config.penandatangan.nip == "19700101 199503 1 001"


def test_layout_profile_by_name_file_or_inline(project):
    config, _ = load_config(write(project, VALID + "tata_letak: tnd-a4\n"))
    assert config.tata_letak.kertas == "A4"
    (project / "profil.yaml").write_text("kertas: A4\nmargin_mm: {kiri: 35}\n", encoding="utf-8")
    config, _ = load_config(write(project, VALID + "tata_letak: profil.yaml\n"))
    assert config.tata_letak.margin_mm.kiri == 35
    found = problems(write(project, VALID + "tata_letak: {kertas: B5}\n"))
    assert any("tata_letak.kertas" in p for p in found)


def test_missing_and_oversized_config(project, tmp_path):
    assert any("tidak ditemukan" in p for p in problems(tmp_path / "tidak-ada.yaml"))
    big = project / "besar.yaml"
    big.write_bytes(b"# " + b"x" * (6 * 1024 * 1024))
    assert any("terlalu besar" in p for p in problems(big))


def test_electronic_signature_by_switch_or_mapping_with_its_wording(project):
    config, _ = load_config(write(project, VALID.replace("  nama: NAMA BUPATI", "  nama: NAMA BUPATI\n  tte: true")))
    tte = config.penandatangan.tte
    assert tte.keterangan == "Ditandatangani secara elektronik oleh:" and tte.isi_qr is None
    assert "Balai Besar Sertifikasi Elektronik (BSrE), Badan Siber dan Sandi Negara (BSSN)" in tte.catatan
    assert tte.letak_catatan == "kaki_halaman"
    assert config.penandatangan.identity == {
        "nomor": "-", "judul": "Laporan Penerapan Standar Pelayanan Minimal", "jenis": "laporan-tahunan",
        "kode_wilayah": "65.01", "daerah": "65.01", "tahun": "2025", "unit": ""}
    mapping = VALID.replace("  nama: NAMA BUPATI", """  nama: NAMA BUPATI
  tte:
    isi_qr: "https://tte.bulungan.go.id/cek/{nomor}?nip={nip}"
    catatan: Ditandatangani dengan sertifikat BSrE.
    letak_catatan: bawah_ttd""")
    config, _ = load_config(write(project, mapping))
    assert config.penandatangan.tte.letak_catatan == "bawah_ttd"
    config, _ = load_config(write(project, VALID.replace("  nama: NAMA BUPATI", "  nama: X\n  tte: false")))
    assert config.penandatangan.tte is None


def test_electronic_signature_mistakes_are_named_by_key(project):
    text = VALID.replace("  nama: NAMA BUPATI", """  nama: NAMA BUPATI
  tte:
    isi_qr: "https://tte.go.id/{nomer}"
    letak_catatan: atas""")
    found = problems(write(project, text))
    assert any("'penandatangan.tte.isi_qr'" in p and "{nomer} tidak dikenal" in p and "{nomor}" in p
               for p in found)
    assert any("'penandatangan.tte.letak_catatan'" in p and "kaki_halaman" in p for p in found)
    found = problems(write(project, VALID.replace("  nama: NAMA BUPATI", "  nama: X\n  tte:\n    isi_qr: '{nomor'")))
    assert any("'penandatangan.tte.isi_qr'" in p and "pola tidak valid" in p for p in found)


def test_pdfa_output_key(project):
    config, _ = load_config(write(project, VALID + "keluaran: {pdfa: 2b}\n"))
    assert config.keluaran.pdfa == "2b"
    assert load_config(write(project, VALID))[0].keluaran.pdfa is None
    found = problems(write(project, VALID + "keluaran: {pdfa: 1b}\n"))
    assert any("'keluaran.pdfa'" in p and "'2b'" in p for p in found)


@pytest.mark.parametrize("pattern", ["{nomor.__class__}", "{nomor[0]}", "{0}", "{}"])
def test_qr_pattern_reaches_no_attribute_or_position(project, pattern):
    text = VALID.replace("  nama: NAMA BUPATI", f"  nama: X\n  tte:\n    isi_qr: '{pattern}'")
    found = problems(write(project, text))
    assert any("'penandatangan.tte.isi_qr'" in p and ("tidak dikenal" in p or "tidak valid" in p) for p in found)


def test_a_unit_signatory_of_a_batch_knows_its_unit_for_the_qr_code():
    root = Path(__file__).resolve().parents[1]
    config, _ = load_config(root / "configs" / "lampiran-opd.yaml")
    signer = config.signer_of("65.01", "Dinas Kesehatan", "Kabupaten Bulungan", 3)
    assert signer.identity["unit"] == "Dinas Kesehatan" and signer.identity["daerah"] == "Kabupaten Bulungan"
    assert signer.identity["nomor"] == config.nomor and signer.identity["jenis"] == "lampiran-opd"


BROKEN_YAML = ['x: "\\q"\n', "x: &\n", "x: !foo!bar 1\n", "x: ? \n", "%FOO bar\nx: 1\n", "x: |9999\n  a\n",
               'x: "a\\x1"\n', "x: 1\n---\ny: 2\n", 'x: "\\UFFFFFFFF"\n', 'x: "\\U00110000"\n', "x: >-+\n  a\n",
               "x: [1, 2\n", "x: {a: 1\n", "- a\nb: 1\n", "x: 'a\n", "x: *nothing\n", "a:\n  - b\n c: 1\n",
               "x: @a\n", "x: `a\n", "? [a\n"]
PYYAML_ENGLISH = re.compile(r"\b(expected|found|while|character|document|escape|mapping|scalar|allowed|block|"
                            r"token|stream|directive|indicator|handle|anchor|sequence|but)\b")


@pytest.mark.parametrize("text", BROKEN_YAML)
def test_every_broken_yaml_is_named_in_bahasa_indonesia_with_its_line(tmp_path, text):
    from spmdocs.yamlsrc import read_yaml

    path = tmp_path / "rusak.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_yaml(path)
    problem = caught.value.problems[0]
    assert problem.location.line is not None and str(path) in problem.location.file
    assert not PYYAML_ENGLISH.search(problem.message), problem.message
