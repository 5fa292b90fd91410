"""The annual report built from the sample config: structure, figures, signature, layout, bytes."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.shared import Mm

from spmdocs.build import build_report
from spmdocs.config import load_config
from spmdocs.errors import DataError, TemplateError
from spmdocs.fmt import angka

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "configs" / "laporan-tahunan.yaml"
BIDANG = ("Pendidikan", "Kesehatan", "Pekerjaan Umum", "Perumahan Rakyat",
          "Ketenteraman, Ketertiban Umum dan Pelindungan Masyarakat", "Sosial")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("laporan")
    result = build_report(CONFIG, ("docx",), out_dir=out)
    docx_path = next(p for p in result.outputs if p.suffix == ".docx")
    return {"result": result, "path": docx_path, "doc": open_docx(docx_path), "out": out}


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def _table_texts(doc) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in doc.tables for row in table.rows]


def test_every_chapter_and_bidang_section_present(built):
    texts = "\n".join(_texts(built["doc"]))
    for chapter in ("BAB I", "PENDAHULUAN", "BAB II", "PENERAPAN DAN PENCAPAIAN SPM", "BAB III",
                    "PROGRAM DAN KEGIATAN", "BAB IV", "PENUTUP", "KATA PENGANTAR", "DAFTAR ISI",
                    "LAMPIRAN I", "LAMPIRAN II"):
        assert chapter in texts
    for section in ("Latar Belakang", "Dasar Hukum", "Kebijakan Umum", "Arah Kebijakan"):
        assert section in texts
    for bidang in BIDANG:
        assert f"Bidang Urusan {bidang}" in texts
    for item in ("Jenis Pelayanan Dasar", "Target Pencapaian", "Realisasi", "Alokasi Anggaran",
                 "Dukungan Personil", "Permasalahan dan Solusi"):
        assert texts.count(item) >= 6


def test_tables_carry_the_scored_figures(built):
    from spmdocs.data.validate import validate_files
    from spmdocs.spm.scoring import score

    config, _ = load_config(CONFIG)
    frame = validate_files(config.data.capaian, kind="capaian").frame
    mutu = validate_files(config.data.mutu, kind="mutu").frame
    own = score(frame[frame["kode_wilayah"] == "65"], mutu_items=mutu).daerah[0]
    rows = _table_texts(built["doc"])
    flat = [" | ".join(r) for r in rows]
    index_row = next(r for r in flat if "INDEKS PENCAPAIAN SPM PROVINSI KALIMANTAN UTARA" in r)
    assert angka(own.indeks, 2) in index_row and own.kategori in index_row
    for layanan in own.layanan():
        row = next(r for r in rows if r and r[0] == layanan.kode)
        assert layanan.nama in row[1]
        assert angka(layanan.sasaran) in row and angka(layanan.terlayani) in row
        assert angka(layanan.nilai, 2) in row or layanan.nilai is None
    assert any(r.startswith("(1) | (2) | (3)") for r in flat)


def test_signature_and_empty_sections_said_plainly(built):
    texts = _table_texts(built["doc"])
    flat = "\n".join(" ".join(r) for r in texts)
    assert "GUBERNUR KALIMANTAN UTARA," in flat and "NAMA GUBERNUR" in flat
    assert "Tanjung Selor, 19 Januari 2026" in flat
    all_text = "\n".join(_texts(built["doc"]))
    assert "{{" not in all_text and "{%" not in all_text


def test_page_setup_and_font_follow_the_profile(built):
    doc = built["doc"]
    first = doc.sections[0]
    assert abs(first.page_width - Mm(215)) < Mm(0.5) and abs(first.page_height - Mm(330)) < Mm(0.5)
    assert abs(first.left_margin - Mm(30)) < Mm(0.5) and abs(first.right_margin - Mm(20)) < Mm(0.5)
    assert abs(first.top_margin - Mm(20)) < Mm(0.5) and abs(first.bottom_margin - Mm(25)) < Mm(0.5)
    assert any(s.page_width > s.page_height for s in doc.sections), "lampiran must be landscape"
    normal = doc.styles["Normal"].font
    assert normal.name == "Arial" and normal.size.pt == 12


def test_two_builds_are_byte_identical(built, tmp_path):
    again = build_report(CONFIG, ("docx",), out_dir=tmp_path)
    digest = lambda p: hashlib.sha256(Path(p).read_bytes()).hexdigest()  # noqa: E731
    assert digest(again.outputs[0]) == digest(built["path"])


def test_pdf_says_the_same_as_docx(built, tmp_path):
    from pypdf import PdfReader

    result = build_report(CONFIG, ("pdf",), out_dir=tmp_path)
    pdf_text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(result.outputs[0]).pages))
    doc = built["doc"]
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading") and p.text.strip()]
    for heading in headings:
        assert re.sub(r"\s+", " ", heading) in pdf_text
    numbers = {c for row in _table_texts(doc) for c in row if re.fullmatch(r"[\d.]+(,\d+)?", c)}
    missing = [n for n in numbers if n not in pdf_text]
    assert not missing, missing[:10]
    assert "NAMA GUBERNUR" in pdf_text and "GUBERNUR KALIMANTAN UTARA," in pdf_text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_accepts_the_docx(built, tmp_path):
    profile = tmp_path / "profile"
    run = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                          "--convert-to", "pdf", "--outdir", str(tmp_path), str(built["path"])],
                         capture_output=True, text=True, timeout=240)
    pdf = tmp_path / (built["path"].stem + ".pdf")
    assert run.returncode == 0 and pdf.exists(), run.stderr
    from pypdf import PdfReader

    assert len(PdfReader(pdf).pages) > 10


def test_missing_daerah_and_bad_narrative_are_reported(tmp_path):
    text = CONFIG.read_text(encoding="utf-8")
    moved = tmp_path / "configs"
    moved.mkdir()
    for folder in ("data", "templates"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    (moved / "a.yaml").write_text(text.replace('kode_wilayah: "65"', 'kode_wilayah: "66"'), encoding="utf-8")
    with pytest.raises(DataError) as info:
        build_report(moved / "a.yaml", ("docx",), out_dir=tmp_path / "out")
    assert "66" in str(info.value)
    bad = text.replace("  kebijakan_umum: |\n", "  kebijakan_umum: |\n    {{ bidang.XYZ.indeks }}\n")
    (moved / "b.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        build_report(moved / "b.yaml", ("docx",), out_dir=tmp_path / "out")
    message = str(info.value)
    assert "narasi.kebijakan_umum" in message and "XYZ" in message and "baris" in message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
