"""The configured font is the PDF's font, embedded, or a clear refusal; never silently another."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from spmdocs import fonts, pipeline
from spmdocs.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
PACKAGED = ROOT / "spmdocs" / "resources" / "fonts"


def _config(tmp_path: Path, layout: str) -> Path:
    text = (ROOT / "configs" / "laporan-triwulan.yaml").read_text(encoding="utf-8")
    text = text.replace("tata_letak: tnd-f4\n", layout).replace("../", f"{ROOT}/")
    path = tmp_path / "laporan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _fonts_of(pdf: Path) -> set[str]:
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {line.split()[0].split("+")[-1] for line in listing.splitlines()[2:]}


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils tidak terpasang")
@pytest.mark.parametrize("huruf, embedded", [("Times New Roman", "LiberationSerif"), ("Arial", "LiberationSans")])
def test_the_pdf_embeds_the_configured_family(tmp_path, huruf, embedded):
    config = _config(tmp_path, f"tata_letak: {{huruf: {huruf}}}\n")
    result = pipeline.build(config, pipeline.Options(("pdf",)), out_dir=tmp_path / "out")
    names = _fonts_of(result.outputs[0])
    assert names and all(name.startswith(embedded) for name in names), names


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils tidak terpasang")
def test_font_files_named_in_the_config_are_embedded(tmp_path):
    for face in ("Regular", "Bold"):
        shutil.copy(PACKAGED / f"LiberationSerif-{face}.ttf", tmp_path / f"kantor-{face}.ttf")
    config = _config(tmp_path, "tata_letak:\n  huruf: Huruf Kantor\n  berkas_huruf: {biasa: kantor-Regular.ttf, "
                               "tebal: kantor-Bold.ttf}\n")
    result = pipeline.build(config, pipeline.Options(("pdf",)), out_dir=tmp_path / "out")
    assert {name.split("-")[0] for name in _fonts_of(result.outputs[0])} == {"LiberationSerif"}


@pytest.mark.parametrize("layout, key, reason", [
    ("tata_letak: {huruf: Huruf Yang Tidak Ada}\n", "tata_letak.huruf", "tidak dapat disematkan di PDF"),
    ("tata_letak: {huruf: X, berkas_huruf: {biasa: tidak-ada.ttf}}\n", "tata_letak.berkas_huruf",
     "tidak dapat dibaca"),
    ("tata_letak: {huruf: X, berkas_huruf: {biasa: huruf.otf}}\n", "tata_letak.berkas_huruf", "OpenType CFF"),
])
def test_a_font_that_cannot_be_embedded_is_refused_at_its_key(tmp_path, layout, key, reason):
    (tmp_path / "huruf.otf").write_bytes(b"OTTO" + bytes(60))
    with pytest.raises(ConfigError) as caught:
        pipeline.load(_config(tmp_path, layout))
    problem = caught.value.problems[0]
    assert reason in problem.message and problem.location.key == key and problem.location.line


def _table_offset(data: bytes, tag: bytes) -> int:
    """Offset of ``tag``'s entry in a TrueType file's table directory."""
    count = int.from_bytes(data[4:6], "big")
    for entry in range(12, 12 + 16 * count, 16):
        if data[entry:entry + 4] == tag:
            return entry
    raise AssertionError(tag)


def _truncated(data: bytes) -> bytes:
    return data[:5000]


def _no_cmap(data: bytes) -> bytes:
    entry = _table_offset(data, b"cmap")
    return data[:entry] + b"xmap" + data[entry + 4:]


def _glyphs_cut(data: bytes) -> bytes:
    entry = _table_offset(data, b"glyf")
    start = int.from_bytes(data[entry + 8:entry + 12], "big")
    return data[:start + 64] + bytes(len(data) - start - 64)


@pytest.mark.parametrize("damage", [_truncated, _no_cmap, _glyphs_cut])
def test_a_damaged_truetype_file_is_refused_at_its_key_before_anything_is_drawn(tmp_path, damage):
    """A file that starts like TrueType but that ReportLab cannot read whole or subset is
    a config error at tata_letak.berkas_huruf, in Bahasa Indonesia, for Word output too (the
    layout measures text in it): not a traceback, nor every unit failing."""
    data = (PACKAGED / "LiberationSerif-Regular.ttf").read_bytes()
    (tmp_path / "rusak.ttf").write_bytes(damage(data))
    with pytest.raises(ConfigError) as caught:
        pipeline.load(_config(tmp_path, "tata_letak: {huruf: Rusak, berkas_huruf: {biasa: rusak.ttf}}\n"))
    problem = caught.value.problems[0]
    assert "rusak.ttf rusak atau tidak lengkap" in problem.message
    assert problem.location.key == "tata_letak.berkas_huruf" and problem.location.line


def test_metric_twins_ship_with_the_package():
    for family in ("Arial", "arial", "Times New Roman", "Liberation Serif"):
        files = fonts.resolve(family).files
        assert len(files) == 4 and all(Path(f).is_file() and Path(f).parent == PACKAGED for f in files)


def test_a_face_makes_each_subset_once_and_gives_reportlabs_bytes():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    family = fonts.font_family("Arial")
    face = pdfmetrics.getFont(family.face()).face
    plain = TTFont("Polos", face.filename).face
    calls = []
    original = plain.makeSubset
    plain.makeSubset = lambda subset: (calls.append(1), original(subset))[1]
    fonts._remember_subsets(plain)
    digits, letters = [ord(c) for c in "0123456789,."], [ord(c) for c in "Capaian SPM"]
    first = plain.makeSubset(digits)
    assert plain.makeSubset(list(digits)) == first and len(calls) == 1
    assert plain.makeSubset(letters) == original(letters) and len(calls) == 2
    for n in range(2 * fonts.SUBSETS_KEPT):
        plain.makeSubset([32, 48 + n % 10, 65 + n])
    plain.makeSubset(digits)
    assert len(calls) == 3 + 2 * fonts.SUBSETS_KEPT  # the digits' subset was forgotten, made again
    assert face.makeSubset(digits) == first  # the registered faces remember theirs too
