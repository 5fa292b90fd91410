"""The public Python API: the same pipeline and errors as the command line, structured results."""

from __future__ import annotations

from pathlib import Path

import pytest

from spmdocs import api

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "capaian-2025.csv"


def test_validate_returns_every_located_problem_without_raising(tmp_path):
    bad = tmp_path / "capaian.csv"
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    head, first, second = lines[0], lines[1].split(","), lines[2].split(",")
    column = head.split(",").index("sasaran")
    first[column], second[column] = "banyak", "-5"
    bad.write_text("\n".join([head, ",".join(first), ",".join(second)]) + "\n", encoding="utf-8")
    checked = api.validate([bad])
    assert not checked.ok
    located = [(p.location.row, p.location.column) for p in checked.errors]
    assert (2, "sasaran") in located and (3, "sasaran") in located


def test_score_raises_the_cli_error_and_returns_scores_with_warnings(tmp_path):
    scored = api.score([SAMPLE])
    kaltara = scored.scores.find("65", 2025)
    assert kaltara is not None and kaltara.kategori
    (tmp_path / "kosong.csv").write_text("", encoding="utf-8")
    with pytest.raises(api.DataError) as caught:
        api.score([tmp_path / "kosong.csv"])
    assert caught.value.exit_code == 2 and caught.value.problems[0].location.file


def test_build_and_batch_give_structured_results_and_progress(tmp_path):
    result = api.build(ROOT / "configs" / "laporan-triwulan.yaml", out_dir=tmp_path / "tw")
    assert [p.suffix for p in result.outputs] == [".docx"] and "Triwulan III" in result.summary
    seen = []
    run = api.batch(ROOT / "configs" / "lampiran-daerah.yaml", out_dir=tmp_path / "daerah", formats=("docx",),
                    jobs=2, progress=lambda record, reused, done, total: seen.append((done, total, record.ok)))
    assert not run.failed and len(run.records) == 6
    assert sorted(seen) == [(i, 6, True) for i in range(1, 7)]


def test_a_bad_config_raises_a_located_config_error(tmp_path):
    config = tmp_path / "a.yaml"
    config.write_text("jenis: laporan_tahunan\ntahun: dua ribu\n", encoding="utf-8")
    with pytest.raises(api.ConfigError) as caught:
        api.build(config, out_dir=tmp_path / "out")
    keys = {p.location.key for p in caught.value.problems}
    assert "tahun" in keys and "kop" in keys
    assert not (tmp_path / "out").exists()
