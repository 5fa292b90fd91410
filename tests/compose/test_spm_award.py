"""The SPM Awards dossier: weighted scores add up, weights are checked, trend per year, evidence."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from spmdocs.build import award_inputs, build_report
from spmdocs.compose.spm_award import assess, compose_spm_award
from spmdocs.config import KOMPONEN_AWARD_2024, KomponenPenilaian, load_config
from spmdocs.errors import ConfigError
from spmdocs.fmt import angka
from spmdocs.model import Paragraph, Table

ROOT = Path(__file__).resolve().parents[2]
HEADER = ("kode_wilayah,daerah,tahun,kode_layanan,sasaran,terlayani,mutu_target,mutu_terpenuhi,anggaran,"
          "realisasi_anggaran\n")
YEARS = {2023: (700, 60), 2024: (800, 70), 2025: (900, 80)}

CONFIG = """\
jenis: spm_award
daerah: {{kode_wilayah: "65.01", nama: Kabupaten Bulungan}}
tahun: 2025
data:
  capaian: [capaian-2023.csv, capaian-2024.csv, capaian-2025.csv]
kop: {{pemerintah: Pemerintah Kabupaten Bulungan}}
penandatangan: {{jabatan: Bupati Bulungan, nama: NAMA BUPATI}}
tempat: Tanjung Selor
tanggal: 2026-02-16
nomor: 100.3.4/001/SPM/II/2026
komponen:
  - kode: ip_spm
    bukti: [{{berkas: bukti/rekap.pdf, judul: Rekap e-SPM}}]
  - kode: anggaran
    skor: 85
  - kode: tahapan
    skor: 90
  - kode: tim
    skor: 95
    bukti: [{{berkas: bukti/sk-tim.pdf, judul: SK Tim Penerapan SPM}}]
  - kode: rencana_aksi
    skor: 70
    bukti: [{{berkas: bukti/tidak-ada.pdf, judul: Rencana Aksi}}]
  - kode: pelaporan
    skor: {pelaporan}
inovasi:
  - judul: Layanan Kesehatan Bergerak
    bidang: KES
    uraian: Indeks kesehatan {{{{ bidang.KES.indeks | angka(2) }}}}.
"""


def _evidence(path: Path, marker: str, pages: int) -> None:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), invariant=1)
    for page in range(1, pages + 1):
        canvas.drawString(72, 720, f"{marker} halaman {page}")
        canvas.showPage()
    canvas.save()


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("award")
    for tahun, (terlayani, mutu) in YEARS.items():
        rows = [f"65.01,Kabupaten Bulungan,{tahun},K-DIK-1,1000,{terlayani},100,{mutu},1000000,900000",
                f"65.01,Kabupaten Bulungan,{tahun},K-KES-1,500,{terlayani // 2},50,{mutu // 2},500000,400000"]
        (folder / f"capaian-{tahun}.csv").write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    (folder / "bukti").mkdir()
    _evidence(folder / "bukti" / "rekap.pdf", "REKAP-E-SPM", 1)
    _evidence(folder / "bukti" / "sk-tim.pdf", "SK-TIM-SPM", 2)
    (folder / "award.yaml").write_text(CONFIG.format(pelaporan=92), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def composed(project) -> dict:
    config, src = load_config(project / "award.yaml")
    inputs, warnings = award_inputs(config, src)
    document, narrative = compose_spm_award(inputs)
    assert narrative.problems == []
    tables = {t.caption.split(" ", 2)[2]: t for s in document.sections for t in s.blocks
              if isinstance(t, Table) and t.caption}
    return {"config": config, "inputs": inputs, "warnings": warnings, "document": document, "tables": tables}


@pytest.fixture(scope="module")
def built(project, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("award-out")
    result = build_report(project / "award.yaml", ("docx", "pdf"), out_dir=out)
    return {"result": result, "pdf": next(p for p in result.outputs if p.suffix == ".pdf"), "out": out}


def _body(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.body]


def test_component_values_add_up_to_the_total():
    komponen = [KomponenPenilaian(kode=kode, skor=None if kode == "ip_spm" else skor)
                for kode, skor in zip(KOMPONEN_AWARD_2024, (None, 85, 90, 95, 70, 92))]
    result = assess(komponen, 87.1282)
    assert [k.nilai for k in result.komponen] == [Decimal(v) for v in
                                                  ("52.28", "8.50", "9.00", "4.75", "3.50", "9.20")]
    assert result.total == sum(k.nilai for k in result.komponen) == Decimal("87.23")
    assert result.bobot_total == 100


def test_rekap_table_total_is_the_sum_of_its_rows(composed):
    table = composed["tables"]["Penilaian Mandiri SPM Awards Tahun 2026"]
    rows = _body(table)
    values = [Decimal(row[5].replace(",", ".")) for row in rows[:-1]]
    assert len(values) == 6
    assert rows[-1][0] == "Jumlah" and rows[-1][1] == "100"
    assert rows[-1][4] == angka(sum(values), 2)
    ip = composed["inputs"].score.indeks
    assert rows[0][3] == angka(ip, 2) and rows[0][5] == angka(60 * ip / 100, 2)


def test_default_weights_are_the_2024_assessment():
    assert {k: bobot for k, (_, bobot) in KOMPONEN_AWARD_2024.items()} == {
        "ip_spm": 60, "anggaran": 10, "tahapan": 10, "tim": 5, "rencana_aksi": 5, "pelaporan": 10}


def _config_problems(project: Path, text: str) -> list[str]:
    path = project / "salah.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return [str(p) for p in info.value.problems]


def test_weights_not_summing_to_100_are_a_config_error(project):
    text = CONFIG.format(pelaporan=92).replace("  - kode: tahapan\n", "  - kode: tahapan\n    bobot: 5\n")
    problems = _config_problems(project, text)
    assert any("jumlah bobot komponen harus 100, sekarang 95" in p and "kunci 'komponen'" in p
               for p in problems), problems


def test_ip_spm_score_and_unknown_component_are_config_errors(project):
    text = CONFIG.format(pelaporan=92).replace("  - kode: ip_spm\n", "  - kode: ip_spm\n    skor: 99\n")
    text = text.replace("  - kode: pelaporan\n", "  - kode: lain\n    skor: 50\n  - kode: pelaporan\n")
    problems = "\n".join(_config_problems(project, text))
    assert "skor komponen ip_spm dihitung dari Indeks Pencapaian SPM" in problems
    assert "komponen 'lain' bukan komponen bawaan" in problems


def test_trend_has_one_entry_per_year_in_the_data(composed):
    tren = composed["inputs"].tren
    assert [d.tahun for d in tren] == [2023, 2024, 2025]
    rows = _body(composed["tables"]["Perkembangan Indeks Pencapaian SPM Tahun 2023–2025"])
    assert [row[0] for row in rows] == ["2023", "2024", "2025"]
    assert [row[1] for row in rows] == [angka(d.indeks, 2) for d in tren]
    assert rows[0][3] == "-"
    assert rows[1][3] == f"+{angka(tren[1].indeks - tren[0].indeks, 2)}"
    figures = [b.caption for s in composed["document"].sections for b in s.blocks if hasattr(b, "image")]
    assert "Gambar 2.1 Perkembangan Indeks Pencapaian SPM Tahun 2023–2025" in figures


def test_checklist_marks_present_and_missing_evidence(composed):
    rows = _body(composed["tables"]["Daftar Periksa Bukti Dukung"])
    assert [(row[3], row[4], row[5]) for row in rows] == [
        ("rekap.pdf", "1", "Ada"), ("sk-tim.pdf", "2", "Ada"), ("tidak-ada.pdf", "-", "Tidak ada")]
    missing = [str(p) for p in composed["warnings"] if "tidak-ada.pdf" in p.message]
    assert len(missing) == 1 and "PERINGATAN" in missing[0] and "komponen.4.bukti.0" in missing[0]
    assert not any("belum diberi skor" in p.message for p in composed["warnings"])


def test_unscored_component_counts_zero_with_a_warning(project):
    path = project / "tanpa-skor.yaml"
    path.write_text(CONFIG.format(pelaporan="null"), encoding="utf-8")
    config, src = load_config(path)
    inputs, warnings = award_inputs(config, src)
    unscored = [str(p) for p in warnings if "belum diberi skor" in p.message]
    assert len(unscored) == 1 and "komponen 'pelaporan'" in unscored[0] and "komponen.5.skor" in unscored[0]
    result = assess(config.komponen, inputs.score.indeks)
    assert result.komponen[-1].nilai == 0 and result.total == sum(k.nilai for k in result.komponen)


def test_pdf_appends_evidence_pages_with_bookmarks(built):
    reader = PdfReader(built["pdf"])
    texts = [page.extract_text() for page in reader.pages]
    assert "REKAP-E-SPM halaman 1" in texts[-3]
    assert "SK-TIM-SPM halaman 1" in texts[-2] and "SK-TIM-SPM halaman 2" in texts[-1]
    assert "DAFTAR PERIKSA BUKTI DUKUNG" in "\n".join(texts[:-3])
    outline = reader.outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top[0] == "BAB I PROFIL DAERAH" and top[-1] == "BUKTI DUKUNG"
    children = outline[-1]
    assert [(c.title, reader.get_destination_page_number(c)) for c in children] == [
        ("1. Rekap e-SPM", len(texts) - 3), ("2. SK Tim Penerapan SPM", len(texts) - 2)]
    assert [reader.page_labels[i] for i in range(len(texts) - 3, len(texts))] == ["B1-1", "B2-1", "B2-2"]
    assert "nilai penilaian mandiri SPM Awards" in built["result"].summary


def test_pdf_is_byte_identical_on_rebuild(built, project, tmp_path):
    again = build_report(project / "award.yaml", ("pdf",), out_dir=tmp_path)
    assert again.outputs[0].read_bytes() == built["pdf"].read_bytes()


def test_cover_letter_and_checklist_state_the_same_evidence_counts(composed):
    blocks = [b for s in composed["document"].sections for b in s.blocks]
    letter = next(b for b in blocks if isinstance(b, Table) and not b.caption and len(b.body) > 1)
    sent = next(row for row in _body(letter) if row[1].startswith("Bukti dukung"))
    checklist = next(b.text for b in blocks if isinstance(b, Paragraph) and "digabungkan setelah" in b.text)
    appended = len({b.berkas for b in composed["inputs"].bukti if b.digabung})
    assert sent[2].startswith(f"{appended} (") and f"Sebanyak {appended} (" in checklist
    listed = len(composed["inputs"].bukti)
    assert checklist.startswith(f"Dokumen ini mencantumkan {listed} (")
