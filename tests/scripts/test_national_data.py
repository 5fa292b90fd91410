"""The national synthetic data generator: exact size, every daerah and service, repeatable, valid."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from spmdocs.data.validate import validate_files
from spmdocs.spm.catalog import load_catalog

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "national_data.py"
PAIRS = 38 * 14 + 514 * 29


def _module():
    spec = importlib.util.spec_from_file_location("national_data", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


national = _module()


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"kode_wilayah": str}, keep_default_na=False)


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> Path:
    """A file with two rows for most pairs (every pair at least one)."""
    return national.write_national(tmp_path_factory.mktemp("national") / "n.csv", PAIRS * 2 - 17)


def test_header_is_that_of_the_sample_data():
    sample = (REPO / "data" / "sample" / "capaian-2025.csv").read_text(encoding="utf-8").splitlines()[0]
    assert ",".join(national.COLUMNS) == sample


def test_every_daerah_and_every_service_of_its_level(full):
    frame = _read(full)
    assert len(frame) == PAIRS * 2 - 17
    provinsi = frame[~frame["kode_wilayah"].str.contains(".", regex=False)]
    kabkota = frame[frame["kode_wilayah"].str.contains(".", regex=False)]
    assert provinsi["kode_wilayah"].nunique() == 38
    assert provinsi["kode_wilayah"].str.fullmatch(r"\d{2}").all()
    assert {"11", "31", "65", "96"} <= set(provinsi["kode_wilayah"])
    assert kabkota["kode_wilayah"].nunique() == 514
    assert kabkota["kode_wilayah"].str.fullmatch(r"\d{2}\.\d{2}").all()
    names = frame.drop_duplicates("kode_wilayah")
    assert names["daerah"].is_unique
    catalog = load_catalog()
    for level, part in (("provinsi", provinsi), ("kabupaten_kota", kabkota)):
        wanted = {s.kode for s in catalog.services(level)}
        per_daerah = part.groupby("kode_wilayah")["kode_layanan"].agg(set)
        assert (per_daerah == wanted).all()
    counts = frame.groupby(["kode_wilayah", "kode_layanan"]).size()
    assert len(counts) == PAIRS and set(counts) == {1, 2}
    assert not frame.duplicated(["kode_wilayah", "kode_layanan", "unit"]).any()
    assert frame["unit"].str.match(r"^(Puskesmas|Desa|SD Negeri|SMA Negeri|SLB Negeri|TK Negeri|PKBM) ").all()
    kes = frame[frame["kode_layanan"].str.contains("-KES-")]
    assert kes["unit"].str.startswith("Puskesmas ").all()


def test_figures_are_consistent(full):
    frame = _read(full)
    measures = ["sasaran", "terlayani", "mutu_target", "mutu_terpenuhi", "anggaran", "realisasi_anggaran"]
    assert (frame[measures] >= 0).all().all()
    assert (frame["terlayani"] <= frame["sasaran"]).all()
    assert (frame["mutu_terpenuhi"] <= frame["mutu_target"]).all()
    assert (frame["realisasi_anggaran"] <= frame["anggaran"]).all()
    assert (frame["tahun"] == 2025).all()
    assert frame["sasaran"].std() > 0 and (frame["terlayani"] < frame["sasaran"]).any()


def test_one_province_of_it_passes_validation(full, tmp_path):
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    one = tmp_path / "kaltara.csv"
    one.write_text(lines[0] + "".join(line for line in lines[1:] if re.match(r"65[,.]", line)),
                   encoding="utf-8")
    result = validate_files(one)
    assert len(result.frame) == (14 + 5 * 29) * 2  # the 17 pairs with one row are in Papua
    assert result.problems == []


def test_the_whole_file_is_valid_and_scores_all_552_daerah(full):
    import json

    from click.testing import CliRunner

    from spmdocs.cli import main

    checked = CliRunner().invoke(main, ["validate", str(full)])
    count = f"{PAIRS * 2 - 17:,}".replace(",", ".")
    assert checked.exit_code == 0 and f"Data valid: {count} baris, 0 peringatan" in checked.output, checked.output
    scored = CliRunner().invoke(main, ["score", str(full), "--format", "json"])
    assert scored.exit_code == 0, scored.output
    daerah = json.loads(scored.stdout)["daerah"]
    assert len(daerah) == 552 and sum(d["level"] == "provinsi" for d in daerah) == 38
    assert all(len([s for b in d["bidang"] for s in b["layanan"]]) == (14 if d["level"] == "provinsi" else 29)
               for d in daerah)


def test_same_arguments_same_bytes_and_seed_changes_figures(tmp_path, monkeypatch):
    first = national.write_national(tmp_path / "a.csv", 40_000)
    monkeypatch.setattr(national, "FLUSH_ROWS", 7)  # written in other pieces, same bytes
    second = national.write_national(tmp_path / "b.csv", 40_000)
    other = national.write_national(tmp_path / "c.csv", 40_000, seed=1)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()
    assert _read(first)["kode_wilayah"].tolist() == _read(other)["kode_wilayah"].tolist()


def test_fewer_rows_than_pairs_are_spread_over_the_country(tmp_path):
    frame = _read(national.write_national(tmp_path / "small.csv", 100))
    assert len(frame) == 100
    assert not frame.duplicated(["kode_wilayah", "kode_layanan"]).any()
    assert frame["kode_wilayah"].str[:2].nunique() > 20


def test_year_is_a_parameter(tmp_path):
    frame = _read(national.write_national(tmp_path / "y.csv", 30, year=2023))
    assert (frame["tahun"] == 2023).all()


def test_command_line_writes_the_same_file(tmp_path):
    out = tmp_path / "cli.csv"
    done = subprocess.run([sys.executable, str(SCRIPT), "--rows", "500", "--out", str(out), "--seed", "3"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == national.write_national(tmp_path / "api.csv", 500, seed=3).read_bytes()
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []
