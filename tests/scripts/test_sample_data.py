"""The sample data generator: byte-for-byte repeatable, complete, and internally consistent."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from spmdocs.spm.catalog import level_of, load_catalog
from spmdocs.spm.wilayah import anggota

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "make_sample_data.py"
LOGO_SCRIPT = REPO / "scripts" / "make_logo.py"
FILES = [
    "README.md", "capaian-2023.csv", "capaian-2024.csv", "capaian-2025.csv",
    "capaian-2025-bulungan.xlsx", "capaian-triwulan-2025.csv", "kegiatan-2025.csv", "mutu-2025.csv",
]
MEASURES = ["sasaran", "terlayani", "mutu_target", "mutu_terpenuhi", "anggaran", "realisasi_anggaran"]
KEY = ["kode_wilayah", "kode_layanan"]


def _run(script: Path, target: Path) -> None:
    subprocess.run([sys.executable, str(script), str(target)], check=True, capture_output=True, cwd=REPO)


@pytest.fixture(scope="module")
def outdirs(tmp_path_factory) -> tuple[Path, Path]:
    first, second = tmp_path_factory.mktemp("sample1"), tmp_path_factory.mktemp("sample2")
    _run(SCRIPT, first)
    _run(SCRIPT, second)
    return first, second


@pytest.fixture(scope="module")
def sample(outdirs) -> Path:
    return outdirs[0]


def _read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype={"kode_wilayah": str, "unit": str, "kode_sub_kegiatan": str})


def _annual(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.groupby(KEY)[MEASURES].sum()


def test_same_bytes_every_run(outdirs):
    first, second = outdirs
    assert sorted(p.name for p in first.iterdir()) == sorted(FILES)
    for name in FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_committed_sample_is_current(sample):
    committed = REPO / "data" / "sample"
    for name in FILES:
        if not name.endswith(".xlsx"):  # zip compression may differ between zlib builds
            assert (committed / name).read_bytes() == (sample / name).read_bytes(), name


def _expected_keys() -> set[tuple[str, str]]:
    catalog = load_catalog()
    daerah = ["65"] + [kode for kode, _ in anggota("65")]
    return {(d, s.kode) for d in daerah for s in catalog.services(level_of(d))}


@pytest.mark.parametrize("name", ["capaian-2023.csv", "capaian-2024.csv", "capaian-2025.csv",
                                  "capaian-triwulan-2025.csv", "mutu-2025.csv", "kegiatan-2025.csv"])
def test_every_service_of_the_right_level(sample, name):
    frame = _read(sample, name)
    assert set(map(tuple, frame[KEY].drop_duplicates().values)) == _expected_keys()
    assert (frame["tahun"] == int(name.split("-")[-1][:4])).all()


def test_rows_per_daerah(sample):
    frame = _read(sample, "capaian-2024.csv")
    counts = frame.groupby("kode_wilayah").size().to_dict()
    assert counts == {"65": 14, "65.01": 29, "65.02": 29, "65.03": 29, "65.04": 29, "65.71": 29}
    assert not frame.duplicated(KEY).any()


def test_bulungan_health_split_per_puskesmas(sample):
    frame = _read(sample, "capaian-2025.csv")
    with_unit = frame[frame["unit"].notna()]
    assert set(with_unit["kode_wilayah"]) == {"65.01"}
    assert set(with_unit["kode_layanan"]) == {f"K-KES-{i}" for i in range(1, 13)}
    per_service = with_unit.groupby("kode_layanan")["unit"].nunique()
    assert per_service.between(8, 10).all()
    assert with_unit["unit"].str.startswith("Puskesmas ").all()
    assert not frame.duplicated(KEY + ["unit"]).any()


def test_realistic_values(sample):
    frame = _read(sample, "capaian-2025.csv")
    annual = _annual(frame)
    with_sasaran = annual[annual["sasaran"] > 0]
    capaian = with_sasaran["terlayani"] / with_sasaran["sasaran"]
    assert (capaian > 1).sum() in (1, 2)
    assert capaian.between(0.75, 1.0).mean() > 0.8
    assert (capaian < 0.6).sum() >= 1
    assert (annual["sasaran"] == 0).sum() >= 2
    assert (frame["sasaran"] % 1 != 0).any()
    assert set(frame.loc[frame["sasaran"] % 1 != 0, "kode_layanan"]) <= {"K-KES-8", "K-KES-9", "K-KES-10"}
    assert (frame["mutu_terpenuhi"] <= frame["mutu_target"]).all()
    ratio = annual["realisasi_anggaran"] / annual["anggaran"]
    assert ratio.between(0.7, 1.0).all()
    assert (annual["anggaran"] >= 1_000_000).all()


def test_mutu_items_add_up_to_capaian(sample):
    capaian = _annual(_read(sample, "capaian-2025.csv"))
    mutu = _read(sample, "mutu-2025.csv")
    assert set(mutu["jenis_mutu"]) == {"barang_jasa", "sdm"}
    assert mutu.groupby(KEY).size().between(2, 5).all()
    sums = mutu.groupby(KEY)[["target", "terpenuhi"]].sum()
    joined = capaian.join(sums, how="outer")
    assert (joined["target"] == joined["mutu_target"]).all()
    assert (joined["terpenuhi"] == joined["mutu_terpenuhi"]).all()


def test_kegiatan_add_up_to_capaian(sample):
    capaian = _annual(_read(sample, "capaian-2025.csv"))
    kegiatan = _read(sample, "kegiatan-2025.csv")
    assert kegiatan.groupby(KEY).size().between(1, 2).all()
    assert kegiatan["kode_sub_kegiatan"].str.fullmatch(r"\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{4}").all()
    sums = kegiatan.groupby(KEY)[["anggaran", "realisasi_anggaran"]].sum().add_suffix("_kegiatan")
    joined = capaian.join(sums, how="outer")
    assert (joined["anggaran"] == joined["anggaran_kegiatan"]).all()
    assert (joined["realisasi_anggaran"] == joined["realisasi_anggaran_kegiatan"]).all()
    hamil = kegiatan[(kegiatan["kode_wilayah"] == "65.01") & (kegiatan["kode_layanan"] == "K-KES-1")]
    assert list(hamil["kode_sub_kegiatan"]) == ["1.02.02.2.02.0001"]


def test_triwulan_cumulative_and_tw4_is_annual(sample):
    annual = _annual(_read(sample, "capaian-2025.csv"))
    triwulan = _read(sample, "capaian-triwulan-2025.csv")
    assert list(triwulan.columns[:5]) == ["kode_wilayah", "daerah", "tahun", "triwulan", "kode_layanan"]
    assert triwulan.groupby(KEY)["triwulan"].apply(list).map(lambda q: q == [1, 2, 3, 4]).all()
    for _, series in triwulan.groupby(KEY):
        for column in ("terlayani", "mutu_terpenuhi", "realisasi_anggaran"):
            assert series[column].is_monotonic_increasing
        for column in ("sasaran", "mutu_target", "anggaran"):
            assert series[column].nunique() == 1
    tw4 = triwulan[triwulan["triwulan"] == 4].set_index(KEY)[MEASURES]
    pd.testing.assert_frame_equal(tw4.sort_index(), annual.sort_index(), check_dtype=False)


def test_improving_trend(sample):
    rates = []
    for tahun in (2023, 2024, 2025):
        annual = _annual(_read(sample, f"capaian-{tahun}.csv"))
        annual = annual[annual["sasaran"] > 0]
        rates.append((annual["terlayani"] / annual["sasaran"]).mean())
    assert rates[0] < rates[1] < rates[2]


def _angka(text) -> float:
    return float(str(text).replace("Rp", "").replace(".", "").replace(",", "."))


def test_bulungan_workbook_matches_capaian(sample):
    from openpyxl import load_workbook

    workbook = load_workbook(sample / "capaian-2025-bulungan.xlsx")
    assert workbook.sheetnames == ["Capaian SPM"]
    rows = list(workbook["Capaian SPM"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Kode Wilayah", "Nama Daerah")
    assert "Jumlah Total Yang Harus Dilayani" in rows[0] and "Alokasi Anggaran (Rp)" in rows[0]
    assert len(rows) == 30
    assert all(isinstance(r[10], str) and r[10].startswith("Rp") for r in rows[1:])
    annual = _annual(_read(sample, "capaian-2025.csv")).loc["65.01"]
    for row in rows[1:]:
        expected = annual.loc[row[3]]
        assert row[0] == "65.01" and row[1] == "Kabupaten Bulungan" and row[2] == 2025
        assert _angka(row[6]) == pytest.approx(expected["sasaran"])
        assert row[7] == expected["terlayani"]
        assert _angka(row[8]) == expected["mutu_target"]
        assert row[9] == expected["mutu_terpenuhi"]
        assert _angka(row[10]) == expected["anggaran"]
        assert row[11] == expected["realisasi_anggaran"]


def test_logo_is_repeatable(tmp_path):
    from PIL import Image

    _run(LOGO_SCRIPT, tmp_path / "a.png")
    _run(LOGO_SCRIPT, tmp_path / "b.png")
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    with Image.open(tmp_path / "a.png") as image:
        assert image.size == (400, 480)
    assert (REPO / "templates" / "logo-daerah.png").is_file()
