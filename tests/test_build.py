"""The build pipeline: formats, engines and output names."""

import shutil
import subprocess
from pathlib import Path

import pytest

from spmdocs.build import build_report, parse_formats, safe_filename
from spmdocs.errors import DataError

ROOT = Path(__file__).resolve().parents[1]


def _uno_available() -> bool:
    return shutil.which("soffice") is not None and subprocess.run(
        ["/usr/bin/python3", "-c", "import uno"], capture_output=True).returncode == 0


def test_parse_formats():
    assert parse_formats("docx, PDF,docx") == ("docx", "pdf")
    with pytest.raises(DataError):
        parse_formats("docx,odt")


@pytest.mark.parametrize("raw, safe", [
    ("Dinas Kependudukan & Catatan Sipil", "Dinas Kependudukan & Catatan Sipil"),
    ("Kec. Tanjung Palas / Utara", "Kec. Tanjung Palas - Utara"),
    ("../../etc/passwd", "etc-passwd"),
    ('a:b*c?"d"<e>|f', "a-b-c-d-e-f"),
    ("CON", "_CON"),
    ("", "dokumen"),
    ("laporan\t2025\x07\u202ecod.exe", "laporan-2025-cod.exe"),
])
def test_safe_filename(raw, safe):
    assert safe_filename(raw) == safe


def test_safe_filename_fits_the_file_system_in_bytes():
    name = safe_filename("Laporan " + "ÄÖÜ " * 60)
    assert len(name.encode("utf-8")) <= 200 and len(name) <= 120 and name.startswith("Laporan ÄÖÜ")


@pytest.mark.skipif(not _uno_available(), reason="LibreOffice with python3-uno not installed")
def test_libreoffice_engine_writes_only_the_requested_pdf(tmp_path):
    result = build_report(ROOT / "configs" / "laporan-tahunan.yaml", ("pdf",), out_dir=tmp_path,
                          pdf_engine="libreoffice")
    assert [p.name for p in result.outputs] == ["laporan-tahunan-65-2025.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laporan-tahunan-65-2025.pdf"]


def _electronic_config(tmp_path: Path, kind: str, **keluaran) -> Path:
    """The sample config of ``kind``, signed electronically (TTE), with its paths made absolute."""
    import yaml

    text = (ROOT / "configs" / f"{kind}.yaml").read_text(encoding="utf-8").replace("../", f"{ROOT}/")
    config = yaml.safe_load(text)
    config["penandatangan"]["tte"] = True
    config["keluaran"] = {**config.get("keluaran", {}), **keluaran}
    path = tmp_path / f"{kind}.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["laporan-tahunan", "laporan-triwulan", "rencana-aksi", "spm-award"])
def test_every_report_kind_writes_pdfa_with_its_electronic_signature(tmp_path, kind):
    from pypdf import PdfReader

    from pdfa_rules import assert_pdfa

    config = _electronic_config(tmp_path, kind, pdfa="2b")
    [pdf] = build_report(config, ("pdf",), out_dir=tmp_path / "out").outputs
    assert_pdfa(pdf)
    reader = PdfReader(pdf)
    texts = [page.extract_text() for page in reader.pages]
    assert any("Ditandatangani secara elektronik oleh:" in text for text in texts)
    own = [text for text, label in zip(texts, reader.page_labels) if not label.startswith("B")]
    assert all("Badan Siber dan Sandi Negara (BSSN)" in text for text in own)  # evidence is not ours
    if kind == "spm-award":
        labels = reader.page_labels
        assert any(label.startswith("B1-") for label in labels)
        assert "BUKTI DUKUNG" in [item.title for item in reader.outline if not isinstance(item, list)]
        [again] = build_report(config, ("pdf",), out_dir=tmp_path / "lagi").outputs
        assert again.read_bytes() == pdf.read_bytes()  # evidence merged, converted: same bytes


@pytest.mark.slow
@pytest.mark.skipif(not _uno_available(), reason="LibreOffice with python3-uno not installed")
def test_libreoffice_engine_output_is_made_pdfa_too(tmp_path):
    from pdfa_rules import assert_pdfa

    result = build_report(_electronic_config(tmp_path, "laporan-tahunan"), ("pdf",), out_dir=tmp_path / "o",
                          pdf_engine="libreoffice", pdfa="2b")
    assert_pdfa(result.outputs[0])
