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
