"""A national batch (``cakupan: nasional``): every daerah of a file of many provinsi, one combined PDF
per provinsi, each unit's document made of its own province's rows only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as open_docx
from pypdf import PdfReader

from nasional import annex_config, whole_country, write_national
from spmdocs.cli import main

ROOT = Path(__file__).resolve().parents[1]


CODES = ["11", "11.01", "11.02", "12", "12.01", "12.02", "13", "13.01", "13.02"]


def _annexes(tmp_path: Path, cakupan: str = "cakupan: nasional", provinces: int | None = 3,
             members: int | None = 2) -> Path:
    data = write_national(tmp_path / "nasional.csv", provinces, members)
    config = tmp_path / "lampiran.yaml"
    config.write_text(annex_config(data, cakupan), encoding="utf-8")
    return config


def _batch(config: Path, out: Path, *args: str):
    return CliRunner().invoke(main, ["batch", str(config), "--out", str(out), "--jobs", "2", "--quiet", *args])


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_a_national_batch_makes_an_annex_per_daerah_and_a_combined_pdf_per_province(tmp_path):
    out = tmp_path / "keluaran"
    result = _batch(_annexes(tmp_path), out)
    assert result.exit_code == 0, result.output
    manifest = _manifest(out)
    assert [u["kode_wilayah"] for u in manifest["unit"]] == CODES
    assert (manifest["jumlah_unit"], manifest["berhasil"], manifest["cakupan"]) == (9, 9, "nasional")
    assert manifest["gabungan"] is None
    combined = manifest["gabungan_provinsi"]
    assert [(c["kode_wilayah"], c["provinsi"], c["nama"]) for c in combined] == [
        ("11", "Provinsi Aceh", "gabungan-2025-11-aceh.pdf"),
        ("12", "Provinsi Sumatera Utara", "gabungan-2025-12-sumatera-utara.pdf"),
        ("13", "Provinsi Sumatera Barat", "gabungan-2025-13-sumatera-barat.pdf")]
    assert not (out / "gabungan-2025.pdf").exists()
    units = {u["kode_wilayah"]: u for u in manifest["unit"]}
    for entry in combined:
        pdf = PdfReader(out / entry["nama"])
        own = [units[k] for k in CODES if k.split(".")[0] == entry["kode_wilayah"]]
        assert [item.title for item in pdf.outline] == [u["daerah"] for u in own]
        assert len(pdf.pages) == entry["halaman"] == sum(u["halaman"] for u in own)
        assert pdf.metadata.title == f"Lampiran Capaian SPM {entry['provinsi']} Tahun 2025"
    solok = open_docx(out / "13.02-Kabupaten Solok.docx")
    cells = " ".join(c.text for t in solok.tables for row in t.rows for c in row.cells)
    assert "Pelayanan kesehatan ibu hamil" in cells


def test_without_cakupan_nasional_the_batch_keeps_to_the_config_province(tmp_path):
    out = tmp_path / "keluaran"
    result = _batch(_annexes(tmp_path, cakupan=""), out, "--format", "docx")
    assert result.exit_code == 0, result.output
    manifest = _manifest(out)
    assert [u["kode_wilayah"] for u in manifest["unit"]] == ["11", "11.01", "11.02"]
    assert "gabungan_provinsi" not in manifest and "cakupan" not in manifest


def test_an_unknown_cakupan_is_refused_with_its_key(tmp_path):
    result = _batch(_annexes(tmp_path, cakupan="cakupan: indonesia"), tmp_path / "keluaran")
    assert result.exit_code == 2
    assert "cakupan" in result.output and "nasional" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "keluaran").exists()


def test_a_national_annual_batch_gives_each_daerah_its_own_rows_kop_and_signatory(tmp_path):
    data = write_national(tmp_path / "nasional.csv", 2, 1)
    config = (ROOT / "configs" / "laporan-tahunan.yaml").read_text(encoding="utf-8").replace("../", f"{ROOT}/")
    national = tmp_path / "tahunan.yaml"
    national.write_text(config + "\ncakupan: nasional\n", encoding="utf-8")
    out = tmp_path / "tahunan"
    result = CliRunner().invoke(main, ["batch", str(national), "--out", str(out), "--format", "docx", "--quiet",
                                       "--jobs", "2", "--data", str(data)])
    assert result.exit_code == 0, result.output
    units = _manifest(out)["unit"]
    assert [u["kode_wilayah"] for u in units] == ["11", "11.01", "12", "12.01"]
    aceh_selatan = open_docx(out / "laporan-tahunan-11.01-2025.docx")
    texts = [p.text for p in aceh_selatan.paragraphs]
    assert "PEMERINTAH KABUPATEN ACEH SELATAN" in texts and "LAMPIRAN II" not in texts
    assert not any("Sumatera" in t or "Kalimantan" in t for t in texts)
    cells = {c.text for t in aceh_selatan.tables for row in t.rows for c in row.cells}
    assert "[isi tempat], 19 Januari 2026\nBUPATI ACEH SELATAN,\nNAMA BUPATI" in cells
    sumut = open_docx(out / "laporan-tahunan-12-2025.docx")
    listed = {c.text for t in sumut.tables for row in t.rows for c in row.cells}
    assert "Kabupaten Tapanuli Tengah" in listed and "Kabupaten Aceh Selatan" not in listed
    assert "PEMERINTAH PROVINSI SUMATERA UTARA" in [p.text for p in sumut.paragraphs]


def test_a_national_quarterly_batch_makes_a_report_per_daerah_of_every_province(tmp_path):
    from nasional import national_rows

    rows = national_rows(2, 1)
    rows.insert(3, "triwulan", "3")
    data = tmp_path / "nasional-tw.csv"
    rows.to_csv(data, index=False)
    config = (ROOT / "configs" / "laporan-triwulan.yaml").read_text(encoding="utf-8").replace("../", f"{ROOT}/")
    national = tmp_path / "triwulan.yaml"
    national.write_text(config + "\ncakupan: nasional\n", encoding="utf-8")
    out = tmp_path / "triwulan"
    result = CliRunner().invoke(main, ["batch", str(national), "--out", str(out), "--quiet", "--jobs", "2",
                                       "--data", str(data)])
    assert result.exit_code == 0, result.output
    manifest = _manifest(out)
    assert [u["kode_wilayah"] for u in manifest["unit"]] == ["11", "11.01", "12", "12.01"]
    assert [c["nama"] for c in manifest["gabungan_provinsi"]] == [
        "laporan-triwulan-gabungan-2025-11-aceh.pdf", "laporan-triwulan-gabungan-2025-12-sumatera-utara.pdf"]
    texts = [p.text for p in open_docx(out / manifest["unit"][3]["berkas"][0]["nama"]).paragraphs]
    assert "KABUPATEN TAPANULI TENGAH" in texts and not any("ACEH" in t.upper() for t in texts)


@pytest.mark.slow
def test_the_whole_country_is_one_batch_of_552_annexes(tmp_path):
    out = tmp_path / "keluaran"
    config = tmp_path / "lampiran.yaml"
    data = whole_country(tmp_path / "nasional.csv")
    config.write_text(annex_config(data), encoding="utf-8")
    result = _batch(config, out, "--format", "pdf")  # Word annexes of a national batch: the 9-unit test
    assert result.exit_code == 0, result.output
    manifest = _manifest(out)
    assert (manifest["jumlah_unit"], manifest["berhasil"], manifest["gagal"]) == (552, 552, 0)
    assert len(list(out.glob("*.pdf"))) == 552 + 38
    assert len(manifest["gabungan_provinsi"]) == 38
    assert sum(len(PdfReader(out / c["nama"]).outline) for c in manifest["gabungan_provinsi"]) == 552
    names = [c["nama"] for c in manifest["gabungan_provinsi"]]
    assert len(set(names)) == 38 and all(n.isascii() and " " not in n for n in names)


def test_a_province_without_units_any_more_loses_its_combined_pdf(tmp_path):
    out = tmp_path / "keluaran"
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    assert _batch(_annexes(tmp_path / "a"), out).exit_code == 0
    before = sorted(p.name for p in out.glob("gabungan-2025-*.pdf"))
    assert len(before) == 3
    keep = out / "catatan-saya.pdf"
    keep.write_bytes(b"%PDF-1.4 milik pengguna")
    result = _batch(_annexes(tmp_path / "b", provinces=2), out)
    assert result.exit_code == 0, result.output
    after = sorted(p.name for p in out.glob("gabungan-2025-*.pdf"))
    assert after == before[:2] == [c["nama"] for c in _manifest(out)["gabungan_provinsi"]]
    assert keep.read_bytes() == b"%PDF-1.4 milik pengguna"


def test_a_tampered_manifest_cannot_make_the_batch_delete_outside_its_folder(tmp_path):
    out = tmp_path / "keluaran"
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    assert _batch(_annexes(tmp_path / "a"), out).exit_code == 0
    outside = tmp_path / "penting.pdf"
    outside.write_bytes(b"%PDF")
    manifest = _manifest(out)
    manifest["gabungan_provinsi"] = [{"nama": "../penting.pdf"}, {"nama": str(outside)}, {"nama": 5}]
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert _batch(_annexes(tmp_path / "b"), out).exit_code == 0
    assert outside.read_bytes() == b"%PDF"
