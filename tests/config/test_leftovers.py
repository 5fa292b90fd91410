"""Placeholders left in a config are found at their YAML key, and Jinja brackets are not placeholders."""

from pathlib import Path

from spmdocs.config import load_config
from spmdocs.config.leftovers import leftover_placeholders

ROOT = Path(__file__).resolve().parents[2]


def test_example_config_still_names_its_signatory_as_a_placeholder():
    config, src = load_config(ROOT / "configs" / "laporan-tahunan.yaml")
    found = leftover_placeholders(config, src)
    assert [p.location.key for p in found] == ["penandatangan.nama", "kop.logo"]
    assert "NAMA GUBERNUR" in found[0].message and found[0].location.line and found[0].severity == "warning"


def test_brackets_inside_narrative_templates_are_not_placeholders(tmp_path):
    (tmp_path / "data.csv").write_text("kode_wilayah,tahun,kode_layanan,sasaran,terlayani\n"
                                       "65.01,2025,K-KES-1,10,9\n", encoding="utf-8")
    text = """jenis: laporan_tahunan
daerah: {kode_wilayah: "65.01"}
tahun: 2025
data: {capaian: data.csv}
kop: {pemerintah: "Pemerintah [NAMA DAERAH]"}
penandatangan: {jabatan: Bupati Bulungan, nama: NAMA KEPALA DAERAH}
tempat: Tanjung Selor
tanggal: 2026-01-19
narasi:
  penutup: "Layanan {{ layanan['K-KES-1'].nama }} dan {{ di_bawah_target[0].nama }}."
"""
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    config, src = load_config(tmp_path / "c.yaml")
    found = {p.location.key: p.message for p in leftover_placeholders(config, src)}
    assert set(found) == {"kop.pemerintah", "penandatangan.nama", "nomor"}
    assert "[NAMA DAERAH]" in found["kop.pemerintah"] and "NOMOR : -" in found["nomor"]
