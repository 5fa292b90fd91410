"""The batch annex composer: heading, title, capaian and budget tables, narrative, signatory, letter."""

from __future__ import annotations

from dataclasses import replace

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from spmdocs.compose.lampiran_opd import (LampiranInputs, Unit, compose_lampiran, letter_context,
                                          narrative_context)
from spmdocs.config import load_config
from spmdocs.model import Heading, LampiranHeading, Paragraph, SignatureBlock, Table
from spmdocs.spm.scoring import score

CONFIG = """\
jenis: lampiran_opd
daerah: {{kode_wilayah: "65", nama: Provinsi Kalimantan Utara}}
tahun: 2025
data: {{capaian: data.csv}}
unit_kolom: {kolom}
kop: {{pemerintah: Pemerintah Provinsi Kalimantan Utara}}
lampiran: {{urutan: 3, dokumen: Keputusan Gubernur Kalimantan Utara}}
tempat: Tanjung Selor
tanggal: 2026-01-19
nomor: 100.3.4/012/SPM/I/2026
penandatangan: {{jabatan: "Kepala {{unit}} {{daerah}}", nama: NAMA KEPALA OPD}}
penandatangan_unit:
  65.01/Dinas Sosial:
    jabatan: Kepala Dinas Sosial Kabupaten Bulungan
    nama: SITI AMINAH
    pangkat: Pembina
    nip: "197501012000032001"
surat_pengantar:
  templat: surat.docx
  nomor: "400.9/{{urut:03d}}/SPM"
  kepada: "Kepala {{unit}} {{daerah}}"
  penandatangan: {{jabatan: Sekretaris Daerah, nama: NAMA SEKDA}}
  tembusan: [Gubernur Kalimantan Utara]
{extra}
"""

ROWS = [
    # kode_layanan, sasaran, terlayani, mutu_target, mutu_terpenuhi, anggaran, realisasi
    ("K-SOS-1", 100, 90, 50, 50, 1_000_000, 800_000),
    ("K-SOS-2", 200, 200, 40, 30, 2_000_000, 2_000_000),
    ("K-KES-1", 400, 380, 100, 95, 5_000_000, 4_500_000),
]


def _frame(kode_wilayah: str = "65.01") -> pd.DataFrame:
    records = [{"kode_wilayah": kode_wilayah, "daerah": "Kabupaten Bulungan", "tahun": 2025,
                "kode_layanan": kode, "opd": "Dinas Kesehatan" if kode.startswith("K-KES") else
                "Dinas Sosial", "sasaran": float(s), "terlayani": float(t), "mutu_target": float(mt),
                "mutu_terpenuhi": float(mp), "anggaran": float(a), "realisasi_anggaran": float(r)}
               for kode, s, t, mt, mp, a, r in ROWS]
    return pd.DataFrame(records)


def _inputs(tmp_path: Path, kolom: str = "opd", opd: str | None = "Dinas Sosial",
            extra: str = "") -> LampiranInputs:
    (tmp_path / "data.csv").write_text("kode_wilayah\n65.01\n", encoding="utf-8")
    (tmp_path / "surat.docx").write_bytes(b"")
    path = tmp_path / "lampiran.yaml"
    path.write_text(CONFIG.format(kolom=kolom, extra=extra), encoding="utf-8")
    config, src = load_config(path)
    rows = _frame()
    if opd is not None:
        rows = rows[rows["opd"] == opd]
    scored = score(rows, config.aturan_penilaian).daerah[0]
    nama = "Kabupaten Bulungan" if config.per_daerah else opd
    return LampiranInputs(config, src, Unit("65.01", nama, "Kabupaten Bulungan", 7), scored)


def _blocks(document):
    return document.sections[0].blocks


def _tables(blocks) -> list[Table]:
    """The tables of a laid-out section, each with the parts carried over to later pages joined."""
    tables: list[Table] = []
    for block in blocks:
        if isinstance(block, Table) and block.continued and tables:
            tables[-1] = replace(tables[-1], body=tables[-1].body + block.body)
        elif isinstance(block, Table):
            tables.append(block)
    return tables


def test_opd_annex_has_heading_title_tables_and_the_units_signatory(tmp_path):
    document, narrative = compose_lampiran(_inputs(tmp_path))
    assert not narrative.problems
    section = document.sections[0]
    assert section.orientation == "landscape" and document.kop is None
    blocks = _blocks(document)
    heading = blocks[0]
    assert isinstance(heading, LampiranHeading)
    assert heading.lines == ("LAMPIRAN III", "KEPUTUSAN GUBERNUR KALIMANTAN UTARA")
    assert heading.fields == (("NOMOR", "100.3.4/012/SPM/I/2026"), ("TANGGAL", "19 JANUARI 2026"))
    assert heading.label_width_mm > 0  # the colons line up at one tab, not by counting spaces
    title = blocks[1]
    assert isinstance(title, Heading)
    assert title.title == ("CAPAIAN STANDAR PELAYANAN MINIMAL DINAS SOSIAL KABUPATEN BULUNGAN "
                           "TAHUN 2025")
    capaian, anggaran = _tables(blocks)
    assert capaian.caption == "Tabel L.III.1 Capaian SPM Dinas Sosial Kabupaten Bulungan Tahun 2025"
    texts = [[c.text for c in row] for row in capaian.body]
    assert texts[0] == ["Bidang Sosial"]  # an OPD's bidang row carries no index
    assert len(texts) == 1 + 2 + 1
    # K-SOS-1: penerima 90%, mutu 100% → nilai 0,8 × 90 + 0,2 × 100 = 92
    assert texts[1][2:] == ["100", "90", "50", "50", "90,00", "100,00", "92,00", "Tuntas Utama"]
    # K-SOS-2: penerima 100%, mutu 75% → nilai 95
    assert texts[2][8:] == ["95,00", "Tuntas Utama"]
    assert texts[3] == ["Rata-rata nilai capaian Dinas Sosial Kabupaten Bulungan", "93,50",
                        "Tuntas Utama"]
    budget = [[c.text for c in row] for row in anggaran.body]
    assert [c.text for c in anggaran.header[0]][2:5] == ["Alokasi Anggaran (Rp)", "Realisasi (Rp)",
                                                         "Sisa (Rp)"]
    assert budget[-1] == ["Jumlah", "3.000.000", "2.800.000", "200.000", "93,33"]
    signature = next(b for b in blocks if isinstance(b, SignatureBlock))
    assert signature.jabatan_lines == ("KEPALA DINAS SOSIAL KABUPATEN BULUNGAN,",)
    assert signature.name == "SITI AMINAH"
    assert signature.details == ("Pembina", "NIP 19750101 200003 2 001")
    narasi = " ".join(b.text for b in blocks if isinstance(b, Paragraph))
    assert "Dinas Sosial Kabupaten Bulungan Tahun 2025 pada 2 Jenis Pelayanan Dasar" in narasi
    assert "Rata-rata nilai capaian adalah 93,50 dengan kategori Tuntas Utama" in narasi
    assert "Rp2.800.000 dari alokasi Rp3.000.000 (93,33%)" in narasi


def test_default_signatory_fills_unit_and_daerah(tmp_path):
    document, _ = compose_lampiran(_inputs(tmp_path, opd="Dinas Kesehatan"))
    signature = next(b for b in _blocks(document) if isinstance(b, SignatureBlock))
    assert signature.jabatan_lines == ("KEPALA DINAS KESEHATAN KABUPATEN BULUNGAN,",)
    assert signature.name == "NAMA KEPALA OPD"


def test_daerah_annex_shows_bidang_indices_and_the_daerah_index(tmp_path):
    inputs = _inputs(tmp_path, kolom="daerah", opd=None)
    document, _ = compose_lampiran(inputs)
    blocks = _blocks(document)
    assert blocks[1].title == "CAPAIAN STANDAR PELAYANAN MINIMAL KABUPATEN BULUNGAN TAHUN 2025"
    capaian = next(b for b in blocks if isinstance(b, Table))
    rows = [[c.text for c in row] for row in capaian.body]
    bidang = {row[0]: row[1:] for row in rows if row[0].startswith("Bidang")}
    assert bidang["Bidang Sosial"] == ["93,50", "Tuntas Utama"]
    # K-KES-1: penerima 95%, mutu 95% → 95
    assert bidang["Bidang Kesehatan"] == ["95,00", "Tuntas Utama"]
    assert rows[-1][0] == "Indeks Pencapaian SPM Kabupaten Bulungan"
    assert rows[-1][1] == f"{(93.5 + 95) / 2:.2f}".replace(".", ",")
    context = narrative_context(inputs)
    assert context["unit"]["per_daerah"] and context["unit"]["jumlah_layanan"] == 3


def test_short_lists_of_unfinished_services_are_named_long_ones_counted(tmp_path):
    inputs = _inputs(tmp_path, kolom="daerah", opd=None)
    context = narrative_context(inputs)
    assert context["unit"]["belum_tuntas"] == ["Pelayanan kesehatan ibu hamil",
                                               "Rehabilitasi sosial dasar penyandang disabilitas "
                                               "telantar di luar panti"]
    document, _ = compose_lampiran(inputs)
    narasi = " ".join(b.text for b in _blocks(document) if isinstance(b, Paragraph))
    assert "belum 100% adalah Pelayanan kesehatan ibu hamil; Rehabilitasi sosial dasar" in narasi
    long_list = ("Sebanyak 4 dari 5 Jenis Pelayanan Dasar belum melayani seluruh penerimanya sesuai "
                 "standar")
    extra = _frame().iloc[:2].assign(kode_layanan=["K-SOS-3", "K-SOS-4"], terlayani=1.0)
    rows = pd.concat([_frame(), extra])
    many = dataclasses.replace(inputs, score=score(rows, inputs.config.aturan_penilaian).daerah[0])
    document, _ = compose_lampiran(many)
    assert long_list in " ".join(b.text for b in _blocks(document) if isinstance(b, Paragraph))


def test_a_broken_narrative_is_a_problem_naming_the_yaml_key(tmp_path):
    inputs = _inputs(tmp_path, extra="narasi: 'Nilai {{ unit.tidak_ada }}'")
    _, narrative = compose_lampiran(inputs)
    assert len(narrative.problems) == 1
    problem = narrative.problems[0]
    assert problem.location.key == "narasi" and problem.location.line is not None
    assert "tidak_ada" in problem.message


def test_letter_fields_follow_the_patterns(tmp_path):
    context, narrative = letter_context(_inputs(tmp_path))
    assert not narrative.problems
    assert context["nomor"] == "400.9/007/SPM"
    assert context["kepada"] == "Kepala Dinas Sosial Kabupaten Bulungan"
    assert context["perihal"] == "Penyampaian Lampiran Capaian SPM Tahun 2025"
    assert context["tempat_tanggal"] == "Tanjung Selor, 19 Januari 2026"
    assert context["isi"][0].startswith("Bersama ini kami sampaikan Lampiran Capaian Standar "
                                        "Pelayanan Minimal (SPM) Dinas Sosial Kabupaten Bulungan")
    assert context["ttd"] == {"jabatan": "SEKRETARIS DAERAH,", "nama": "NAMA SEKDA", "rincian": ""}
    assert context["tembusan"] == ["Gubernur Kalimantan Utara"]


@pytest.mark.parametrize("pattern, message", [
    ("lampiran-{opd}", "penanda {opd} tidak dikenal"),
    ("lampiran-{unit", "pola tidak valid"),
])
def test_bad_file_name_patterns_are_config_errors(tmp_path, pattern, message):
    from spmdocs.errors import ConfigError

    with pytest.raises(ConfigError) as info:
        _inputs(tmp_path, extra=f"keluaran: {{nama_berkas: '{pattern}'}}")
    problem = info.value.problems[0]
    assert message in problem.message and problem.location.key == "keluaran.nama_berkas"
