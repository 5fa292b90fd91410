"""The committed Word templates are exactly what their build scripts produce."""

import sys
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.mark.parametrize("script, target", [("build_template", "laporan-spm.docx"),
                                            ("build_surat_pengantar", "surat-pengantar.docx")])
def test_committed_template_matches_its_builder(script, target, monkeypatch):
    monkeypatch.syspath_prepend(str(TEMPLATES))
    module = __import__(script)
    try:
        assert module.build() == (TEMPLATES / target).read_bytes(), \
            f"templates/{target} is stale: run python templates/{script}.py"
    finally:
        sys.modules.pop(script, None)
