"""The sample evidence generator: two readable PDFs, byte-identical on every run and to the shipped copies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "make_sample_evidence.py"
SHIPPED = REPO / "data" / "sample" / "bukti"


def test_evidence_is_repeatable_and_matches_the_shipped_files(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for target in (first, second):
        subprocess.run([sys.executable, str(SCRIPT), str(target)], check=True, capture_output=True, cwd=REPO)
    names = sorted(p.name for p in first.iterdir())
    assert names == ["rekap-pelaporan-e-spm-2025.pdf", "sk-tim-penerapan-spm-2025.pdf"]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes() == (SHIPPED / name).read_bytes()
    pages = {name: len(PdfReader(first / name).pages) for name in names}
    assert pages == {"rekap-pelaporan-e-spm-2025.pdf": 1, "sk-tim-penerapan-spm-2025.pdf": 2}
    assert "CONTOH" in PdfReader(first / names[0]).pages[0].extract_text()
