"""The Rencana Aksi: plan arithmetic, document structure, config checks, and the sample build to DOCX and PDF."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, strategies as st

from spmdocs.build import build_report
from spmdocs.compose.rencana_aksi import (RencanaInputs, compose_rencana_aksi, grow, make_plan, matrix_rows,
                                          straight_line)
from spmdocs.config import RencanaAksiConfig
from spmdocs.errors import ConfigError
from spmdocs.fmt import angka
from spmdocs.model import Heading, Paragraph, Table
from spmdocs.spm.catalog import load_catalog
from spmdocs.spm.scoring import score
from spmdocs.yamlsrc import YamlSource

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "configs" / "rencana-aksi.yaml"
KODE = "65.01"


def _config(**extra) -> RencanaAksiConfig:
    base = {
        "daerah": {"kode_wilayah": KODE, "nama": "Kabupaten Uji"}, "tahun": 2025,
        "data": {"capaian": ["capaian.csv"]}, "kop": {"pemerintah": "Pemerintah Kabupaten Uji"},
        "penandatangan": {"jabatan": "Bupati Uji", "nama": "NAMA BUPATI"}, "tempat": "Kota Uji",
        "tanggal": "2026-02-16",
    }
    return RencanaAksiConfig.model_validate({**base, **extra})


def _capaian(rows: dict[str, tuple[float, float, float]], tahun: int = 2025) -> pd.DataFrame:
    """Rows per service code: (sasaran, terlayani, anggaran)."""
    return pd.DataFrame([{
        "kode_wilayah": KODE, "daerah": "Kabupaten Uji", "tahun": tahun, "triwulan": pd.NA, "kode_layanan": kode,
        "opd": "", "unit": "", "sasaran": s, "terlayani": t, "mutu_target": 10.0, "mutu_terpenuhi": 9.0,
        "anggaran": a, "realisasi_anggaran": a * 0.9} for kode, (s, t, a) in rows.items()])


def _kegiatan(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    """Rows of (kode_layanan, kode_sub_kegiatan, sub_kegiatan, anggaran) in 2025."""
    return pd.DataFrame([{"kode_wilayah": KODE, "tahun": 2025, "kode_layanan": layanan, "kode_sub_kegiatan": kode,
                          "sub_kegiatan": nama, "opd": "Dinas Kesehatan", "anggaran": anggaran,
                          "realisasi_anggaran": anggaran / 2} for layanan, kode, nama, anggaran in rows])


DATA = {"K-KES-1": (1000, 800, 1_000_000), "K-KES-2": (500, 510, 2_000_000), "K-DIK-1": (200, 100, 3_000_000)}


@pytest.fixture
def scored():
    return score(_capaian(DATA)).daerah[0]


@given(start=st.one_of(st.none(), st.floats(0, 150)), end=st.floats(1, 100), count=st.integers(1, 10))
def test_straight_line_reaches_the_end_value_and_never_falls(start, end, count):
    targets = straight_line(start, end, count)
    assert len(targets) == count and targets[-1] == end
    assert all(a <= b for a, b in zip(targets, targets[1:]))
    if start is not None and start < end:
        assert targets[0] > start


def test_straight_line_steps_evenly_from_the_baseline():
    assert straight_line(80.0, 100.0, 5) == pytest.approx((84.0, 88.0, 92.0, 96.0, 100.0))
    assert straight_line(101.9, 100.0, 3) == (100.0, 100.0, 100.0)


def test_grow_compounds_and_rounds_half_up_to_the_rounding_unit():
    assert grow(1_000_000, 10, 3, 1000) == (1_100_000, 1_210_000, 1_331_000)
    assert grow(1_234_500, 0, 1, 1000) == (1_235_000,)
    assert grow(float("nan"), 5, 2, 1000) == (None, None)


def test_plan_targets_reach_the_configured_end_value_and_are_monotone(scored):
    config = _config(target_akhir=95, periode={"mulai": 2026, "selesai": 2030})
    plan = make_plan(config, scored, load_catalog(), None)
    assert plan.years == (2026, 2027, 2028, 2029, 2030)
    assert len(plan.layanan) == len(load_catalog().services("kabupaten_kota"))
    for item in plan.layanan:
        assert item.target[-1] == 95 and len(item.target) == 5
        assert all(a <= b for a, b in zip(item.target, item.target[1:]))
    ibu_hamil = next(i for i in plan.layanan if i.kode == "K-KES-1")
    assert ibu_hamil.capaian_awal == 80.0 and ibu_hamil.kesenjangan == 20.0
    assert ibu_hamil.target == pytest.approx((83.0, 86.0, 89.0, 92.0, 95.0))
    bersalin = next(i for i in plan.layanan if i.kode == "K-KES-2")
    assert bersalin.kesenjangan == 0.0 and bersalin.target == (95,) * 5
    no_data = next(i for i in plan.layanan if i.kode == "K-SOS-1")
    assert no_data.capaian_awal is None and no_data.target == (95,) * 5


def test_overrides_for_targets_pagu_and_kegiatan_are_respected(scored):
    config = _config(
        periode={"mulai": 2026, "selesai": 2028}, target_layanan={"K-KES-1": [70, 85, 100]},
        pagu={"pertumbuhan_persen": 10, "sub_kegiatan": {"1.02.02.2.02.0001": [5, 6, 7]}},
        kegiatan={"K-KES-2": [{"kode": "9.99", "nama": "Sub kegiatan baru", "pagu": [1000, 2000, 3000]}]})
    kegiatan = _kegiatan([("K-KES-1", "1.02.02.2.02.0001", "Ibu hamil", 1_000_000),
                          ("K-KES-2", "1.02.02.2.02.0002", "Ibu bersalin", 2_000_000)])
    plan = make_plan(config, scored, load_catalog(), kegiatan)
    hamil = next(i for i in plan.layanan if i.kode == "K-KES-1")
    assert hamil.target == (70, 85, 100) and hamil.target_dari_konfigurasi
    assert hamil.kegiatan[0].pagu == (5, 6, 7) and hamil.pagu == (5, 6, 7)
    bersalin = next(i for i in plan.layanan if i.kode == "K-KES-2")
    assert [k.kode for k in bersalin.kegiatan] == ["1.02.02.2.02.0002", "9.99"]
    assert bersalin.kegiatan[0].pagu == (2_200_000, 2_420_000, 2_662_000)
    assert bersalin.kegiatan[1].opd == "Dinas Kesehatan"
    assert bersalin.pagu == (2_201_000, 2_422_000, 2_665_000)
    pendidikan = next(i for i in plan.layanan if i.kode == "K-DIK-1")
    assert not pendidikan.kegiatan and pendidikan.pagu == (3_300_000, 3_630_000, 3_993_000)
    assert plan.pagu("KES")[0] == 5 + 2_201_000


def test_plan_problems_name_the_key(tmp_path):
    config = _config(periode={"mulai": 2025, "selesai": 2027},
                     target_layanan={"K-KES-1": [90, 100], "X-1": [1, 2, 3], "K-KES-2": [50, 120, 100]},
                     pagu={"sub_kegiatan": {"1.02": [1]}},
                     kegiatan={"K-KES-3": [{"kode": "1", "nama": "x", "pagu": [1]}]})
    src = YamlSource(tmp_path / "rencana.yaml", {}, {("target_layanan", "K-KES-1"): 7})
    problems = config.plan_problems(src, {s.kode for s in load_catalog().services("kabupaten_kota")})
    text = "\n".join(str(p) for p in problems)
    assert "periode harus dimulai setelah tahun dasar 2025" in text
    assert "kunci 'target_layanan.K-KES-1', baris 7: harus berisi 3 target" in text
    assert "'X-1' tidak dikenal" in text and "target harus di antara 0 dan 100" in text
    assert "pagu.sub_kegiatan.1.02" in text and "kegiatan.K-KES-3.0.pagu" in text


def test_unknown_file_name_placeholder_is_rejected():
    with pytest.raises(ValueError, match=r"penanda \{tw\} tidak dikenal"):
        _config(keluaran={"nama_berkas": "{jenis}-{tw}"})
    assert _config(keluaran={"nama_berkas": "ra-{mulai}-{selesai}"}).keluaran.nama_berkas == "ra-{mulai}-{selesai}"


def test_period_validation_in_the_model():
    with pytest.raises(ValueError, match="tahun selesai tidak boleh sebelum tahun mulai"):
        _config(periode={"mulai": 2030, "selesai": 2026})
    assert _config().years() == [2026, 2027, 2028, 2029, 2030]


def test_document_chapters_matrix_on_landscape_and_official_text_only(scored):
    config = _config()
    history = score(_capaian(DATA, 2024)).daerah[0]
    document, narrative, plan = compose_rencana_aksi(RencanaInputs(config, YamlSource(Path("x.yaml"), {}), scored,
                                                                   load_catalog(), (history,)))
    assert narrative.problems == []
    chapters = [h.toc_text for h in document.headings() if h.level == 1 and h.number]
    assert chapters == ["BAB I PENDAHULUAN", "BAB II GAMBARAN UMUM PENERAPAN SPM",
                        "BAB III ANALISIS KEBUTUHAN PEMENUHAN", "BAB IV RENCANA AKSI",
                        "BAB V PEMANTAUAN, EVALUASI DAN PELAPORAN", "BAB VI PENUTUP"]
    matrices = [(s.orientation, b) for s in document.sections for b in s.blocks
                if isinstance(b, Table) and "Matriks Rencana Aksi" in b.caption]
    assert len(matrices) == len(scored.bidang) == 6
    for orientation, table in matrices:
        assert orientation == "landscape"
        assert len(table.header) == 2 and table.header_row_count == 3
        assert len(table.columns) == 6 + 2 * len(plan.years)
    texts = " ".join(b.text for s in document.sections for b in s.blocks if isinstance(b, Paragraph))
    assert "konvensi" not in texts and "bukan format yang ditetapkan" not in texts
    assert "sistematika sebagai berikut" in texts and "mengikuti empat tahapan" not in texts
    assert any(isinstance(b, Heading) and b.title == "GAMBARAN UMUM PENERAPAN SPM"
               for s in document.sections if s.orientation == "portrait" for b in s.blocks)


def test_matrix_rows_print_the_targets_and_pagu_in_thousands(scored):
    config = _config()
    kegiatan = _kegiatan([("K-KES-1", "1.02.02.2.02.0001", "Ibu hamil", 1_000_000)])
    plan = make_plan(config, scored, load_catalog(), kegiatan)
    rows = matrix_rows(plan, "KES")
    service = next(r for r in rows if r[2].text == "Pelayanan kesehatan ibu hamil")
    hamil = next(i for i in plan.layanan if i.kode == "K-KES-1")
    assert [c.text for c in service[3:5]] == ["80,00", "20,00"]
    assert [c.text for c in service[5:15:2]] == [angka(t, 2) for t in hamil.target] \
        == ["84,00", "88,00", "92,00", "96,00", "100,00"]
    assert service[6].text == "1.050" and service[-1].text == "Dinas Kesehatan"
    sub = rows[rows.index(service) + 1]
    assert sub[1].text == "1.02.02.2.02.0001" and sub[6].text == "1.050"
    assert rows[-1][0].text == "Jumlah Pagu Indikatif"


def test_config_problems_stop_the_build(tmp_path):
    text = CONFIG.read_text(encoding="utf-8").replace("K-KES-8: [75, 82, 88, 94, 100]", "K-KES-8: [75, 100]")
    config = tmp_path / "configs" / "rencana-aksi.yaml"
    config.parent.mkdir()
    config.write_text(text.replace("../", f"{ROOT}/"), encoding="utf-8")
    with pytest.raises(ConfigError, match="harus berisi 5 target"):
        build_report(config, ("docx",), out_dir=tmp_path / "out")
