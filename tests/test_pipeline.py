"""The pipeline's stages and the bugs of two diverging pipelines: one rule, one naming, every option."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from spmdocs import pipeline
from spmdocs.errors import ConfigError, SpmdocsError
from spmdocs.model import Table

ROOT = Path(__file__).resolve().parents[1]
QUARTERLY = ROOT / "data" / "sample" / "capaian-triwulan-2025.csv"


def _project(tmp_path: Path, config_name: str, replace: dict[str, str] | None = None) -> Path:
    """A copy of a shipped config in tmp_path/configs with the repository's folders linked beside it."""
    (tmp_path / "configs").mkdir(exist_ok=True)
    for folder in ("data", "templates"):
        if not (tmp_path / folder).exists():
            (tmp_path / folder).symlink_to(ROOT / folder)
    text = (ROOT / "configs" / config_name).read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "configs" / config_name
    path.write_text(text, encoding="utf-8")
    return path


def _lampiran_ii(document) -> Table:
    return next(b for s in document.sections for b in s.blocks
                if isinstance(b, Table) and "Kabupaten/Kota" in b.caption)


def test_a_kabupaten_whose_data_stops_at_tw_iii_stays_in_the_annual_report(tmp_path):
    rows = pd.read_csv(QUARTERLY, dtype=str, keep_default_na=False)
    late = (rows["kode_wilayah"] == "65.03") & (rows["triwulan"] == "4")
    data = tmp_path / "capaian.csv"
    rows[~late].to_csv(data, index=False)
    config = _project(tmp_path, "laporan-tahunan.yaml", {"capaian: ../data/sample/capaian-2025.csv":
                                                        f"capaian: {data}"})
    loaded, src = pipeline.load(config)
    report = pipeline.make(loaded, src, pipeline.load_tables(loaded))
    members = [row[2].text for row in _lampiran_ii(report.rendition.document).body]
    assert members == ["Kabupaten Bulungan", "Kabupaten Malinau", "Kabupaten Nunukan", "Kabupaten Tana Tidung",
                       "Kota Tarakan"]
    warned = [w.message for w in report.warnings if "Nunukan" in w.message]
    assert len(warned) == 1 and "Triwulan III" in warned[0] and "Triwulan IV" in warned[0]


def test_a_report_built_from_a_national_file_takes_only_its_own_wilayah_rows(tmp_path):
    from nasional import national_rows

    sample = pd.read_csv(ROOT / "data" / "sample" / "capaian-2025.csv", dtype=str, keep_default_na=False)
    data = tmp_path / "nasional.csv"
    pd.concat([national_rows(2, 2), sample], ignore_index=True).to_csv(data, index=False)
    own = _project(tmp_path, "laporan-tahunan.yaml")
    national = own.with_name("nasional.yaml")
    national.write_text(own.read_text(encoding="utf-8").replace("capaian: ../data/sample/capaian-2025.csv",
                                                                f"capaian: {data}"), encoding="utf-8")
    reports = []
    for config in (own, national):
        loaded, src = pipeline.load(config)
        reports.append(pipeline.make(loaded, src, pipeline.load_tables(loaded)))
    alone, from_national = reports
    assert from_national.summary == alone.summary
    members = [row[2].text for row in _lampiran_ii(from_national.rendition.document).body]
    assert members == ["Kabupaten Bulungan", "Kabupaten Malinau", "Kabupaten Nunukan", "Kabupaten Tana Tidung",
                       "Kota Tarakan"]
    assert from_national.rendition.document == alone.rendition.document


def test_the_quarterly_file_pattern_with_a_format_spec_builds(tmp_path):
    config = _project(tmp_path, "laporan-triwulan.yaml", {"triwulan: 3\n": "triwulan: 3\nkeluaran:\n  nama_berkas: "
                                                         "\"{jenis}-{tahun}-tw{triwulan:02d}\"\n"})
    result = pipeline.build(config, pipeline.Options(("docx",)), out_dir=tmp_path / "out")
    assert [p.name for p in result.outputs] == ["laporan-triwulan-2025-tw03.docx"]


@pytest.mark.parametrize("key, value, reason", [
    ("keluaran", '{nama_berkas: "{tahun.__class__.__mro__}"}', "tidak boleh memakai titik"),
    ("keluaran", '{nama_berkas: "{tahun:>1000000000}"}', "tidak didukung"),
    ("keluaran", '{nama_berkas: "{triwulan}"}', "penanda {triwulan} tidak dikenal"),
])
def test_a_pattern_that_would_not_fill_is_a_config_error_at_its_key(tmp_path, key, value, reason):
    config = _project(tmp_path, "laporan-tahunan.yaml", {"tahun: 2025\n": f"tahun: 2025\n{key}: {value}\n"})
    with pytest.raises(ConfigError) as caught:
        pipeline.build(config, pipeline.Options(("docx",)), out_dir=tmp_path / "out")
    problem = caught.value.problems[0]
    assert reason in problem.message and problem.location.key == "keluaran.nama_berkas"
    assert problem.location.line is not None
    assert not (tmp_path / "out").exists()


def test_strict_refuses_to_publish_with_warnings(tmp_path):
    rows = pd.read_csv(QUARTERLY, dtype=str, keep_default_na=False)
    data = tmp_path / "capaian.csv"
    rows[~((rows["kode_wilayah"] == "65.03") & (rows["triwulan"] == "4"))].to_csv(data, index=False)
    config = _project(tmp_path, "laporan-tahunan.yaml", {"capaian: ../data/sample/capaian-2025.csv":
                                                        f"capaian: {data}"})
    with pytest.raises(SpmdocsError) as caught:
        pipeline.build(config, pipeline.Options(("docx",), strict=True), out_dir=tmp_path / "out")
    assert caught.value.headline == pipeline.STRICT_HEADLINE
    assert not (tmp_path / "out").exists()


def test_unknown_options_are_refused():
    with pytest.raises(SpmdocsError, match="format keluaran tidak dikenal: html"):
        pipeline.Options(("docx", "html"))
    with pytest.raises(SpmdocsError, match="mesin PDF 'word' tidak dikenal"):
        pipeline.Options(("pdf",), pdf_engine="word")


@pytest.mark.parametrize("positions", [(2, 3, 4), (4,), (0, 2, 3), (3, 2), ()])
def test_a_units_rows_are_the_rows_at_its_positions_in_order(positions):
    frame = pd.DataFrame({"a": pd.array(list("pqrstu"), dtype="str"), "b": [1.0, 2, 3, 4, 5, 6]})
    got = pipeline.rows_at(frame, positions)
    expected = frame.iloc[list(positions)]
    assert got["a"].tolist() == expected["a"].tolist() and got["b"].tolist() == expected["b"].tolist()
    assert got.index.tolist() == list(positions)
