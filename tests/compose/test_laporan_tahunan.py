"""The annual report composed from the sample config: chapters, figures, signature, problems (on the model)."""

from __future__ import annotations

from pathlib import Path

import pytest
from model_text import rows, signatures, texts

from spmdocs import api
from spmdocs.config import load_config
from spmdocs.errors import DataError, TemplateError
from spmdocs.fmt import angka

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "configs" / "laporan-tahunan.yaml"
BIDANG = ("Pendidikan", "Kesehatan", "Pekerjaan Umum", "Perumahan Rakyat",
          "Ketenteraman, Ketertiban Umum dan Pelindungan Masyarakat", "Sosial")


@pytest.fixture(scope="module")
def document():
    return api.compose(CONFIG).rendition.document


def test_every_chapter_and_bidang_section_present(document):
    all_text = "\n".join(texts(document))
    for chapter in ("BAB I", "PENDAHULUAN", "BAB II", "PENERAPAN DAN PENCAPAIAN SPM", "BAB III",
                    "PROGRAM DAN KEGIATAN", "BAB IV", "PENUTUP", "KATA PENGANTAR", "DAFTAR ISI",
                    "LAMPIRAN I", "LAMPIRAN II"):
        assert chapter in all_text
    for section in ("Latar Belakang", "Dasar Hukum", "Kebijakan Umum", "Arah Kebijakan"):
        assert section in all_text
    for bidang in BIDANG:
        assert f"Bidang Urusan {bidang}" in all_text
    for item in ("Jenis Pelayanan Dasar", "Target Pencapaian", "Realisasi", "Alokasi Anggaran",
                 "Dukungan Personil", "Permasalahan dan Solusi"):
        assert texts(document).count(item) >= 6


def test_tables_carry_the_scored_figures(document):
    from spmdocs.data.validate import validate_files
    from spmdocs.spm.scoring import score

    config, _ = load_config(CONFIG)
    frame = validate_files(config.data.capaian, kind="capaian").frame
    mutu = validate_files(config.data.mutu, kind="mutu").frame
    own = score(frame[frame["kode_wilayah"] == "65"], mutu_items=mutu).daerah[0]
    body = [[cell.replace("\xad", "") for cell in row] for row in rows(document)]
    flat = [" | ".join(r) for r in body]
    index_row = next(r for r in flat if "INDEKS PENCAPAIAN SPM PROVINSI KALIMANTAN UTARA" in r)
    assert angka(own.indeks, 2) in index_row and own.kategori in index_row
    for layanan in own.layanan():
        row = next(r for r in body if r and r[0] == layanan.kode)
        assert " ".join(layanan.nama.split()) in " ".join(row[1].split())
        assert angka(layanan.sasaran) in row and angka(layanan.terlayani) in row
        assert angka(layanan.nilai, 2) in row or layanan.nilai is None


def test_signature_and_no_template_tags_left(document):
    signature = signatures(document)[-1]
    assert signature.jabatan_lines[-1] == "GUBERNUR KALIMANTAN UTARA," and signature.name == "NAMA GUBERNUR"
    assert signature.place_date == "Tanjung Selor, 19 Januari 2026"
    all_text = "\n".join(texts(document)) + "\n".join(" ".join(r) for r in rows(document))
    assert "{{" not in all_text and "{%" not in all_text


def test_missing_daerah_and_bad_narrative_are_reported(tmp_path):
    text = CONFIG.read_text(encoding="utf-8")
    moved = tmp_path / "configs"
    moved.mkdir()
    for folder in ("data", "templates"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    (moved / "a.yaml").write_text(text.replace('kode_wilayah: "65"', 'kode_wilayah: "66"'), encoding="utf-8")
    with pytest.raises(DataError) as info:
        api.build(moved / "a.yaml", out_dir=tmp_path / "out")
    assert "66" in str(info.value)
    bad = text.replace("  kebijakan_umum: |\n", "  kebijakan_umum: |\n    {{ bidang.XYZ.indeks }}\n")
    (moved / "b.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        api.build(moved / "b.yaml", out_dir=tmp_path / "out")
    message = str(info.value)
    assert "narasi.kebijakan_umum" in message and "XYZ" in message and "baris" in message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
