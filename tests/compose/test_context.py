"""What documents say about the figures: Dasar Hukum in force, the scoring regulation, narratives, decimals."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from spmdocs.compose.context import dasar_hukum, report_context
from spmdocs.compose.laporan_tahunan import AnnualInputs, compose_annual
from spmdocs.compose.laporan_triwulan import TriwulanInputs, compose_laporan_triwulan
from spmdocs.compose.texts import NarrativeTexts
from spmdocs.config import LaporanConfig, LaporanTriwulanConfig
from spmdocs.model import Heading, Paragraph, Table
from spmdocs.narrative import NarrativeRenderer
from spmdocs.resources import resource_path
from spmdocs.spm.catalog import load_catalog
from spmdocs.spm.scoring import ScoringRules, score
from spmdocs.yamlsrc import YamlSource

UU_NOW = "terakhir dengan Undang-Undang Nomor 6 Tahun 2023"
SERVICES = {  # kode: (sasaran, terlayani, mutu_target, mutu_terpenuhi)
    "K-DIK-1": (100.0, 100.0, 10.0, 10.0), "K-DIK-2": (100.0, 70.0, 10.0, 8.0),
    "K-KES-1": (100.0, 95.0, 10.0, 10.0), "K-KES-2": (100.0, 90.0, 10.0, 10.0),
    "K-PU-1": (100.0, 40.0, 10.0, 5.0), "K-TRANTIB-2": (100.0, 100.0, 10.0, 10.0),
}


def _rows(kode_wilayah: str, tahun: int, services=SERVICES, scale: float = 1.0) -> pd.DataFrame:
    rows = [{"kode_wilayah": kode_wilayah, "daerah": "Daerah Uji", "tahun": tahun, "triwulan": pd.NA,
             "kode_layanan": kode, "opd": "", "unit": "", "sasaran": s, "terlayani": min(t * scale, s),
             "mutu_target": mt, "mutu_terpenuhi": mf, "anggaran": 1_000_000.0, "realisasi_anggaran": 800_000.0}
            for kode, (s, t, mt, mf) in services.items()]
    frame = pd.DataFrame(rows)
    frame["tahun"] = frame["tahun"].astype("Int64")
    frame["triwulan"] = frame["triwulan"].astype("Int64")
    return frame


def _config(kode: str = "65.01", tahun: int = 2025, tanggal: str = "2026-01-19", **extra) -> LaporanConfig:
    return LaporanConfig.model_validate({
        "daerah": {"kode_wilayah": kode, "nama": "Kabupaten Bulungan"}, "tahun": tahun,
        "data": {"capaian": ["capaian.csv"]}, "kop": {"pemerintah": "Pemerintah Kabupaten Bulungan"},
        "penandatangan": {"jabatan": "Bupati Bulungan", "nama": "Syarwani"}, "tempat": "Tanjung Selor",
        "tanggal": tanggal, **extra})


def _annual(config: LaporanConfig, frame: pd.DataFrame, previous: pd.DataFrame | None = None):
    scores = score(frame, config.aturan_penilaian)
    own = scores.daerah[0]
    before = score(previous, config.aturan_penilaian).daerah[0] if previous is not None else None
    document, narrative = compose_annual(AnnualInputs(config, YamlSource(Path("x.yaml"), {}), scores, own,
                                                      load_catalog(), previous=before))
    assert narrative.problems == []
    return document, own


def _paragraphs(document) -> list[str]:
    """The paragraphs' text as written, without the break opportunities the layout put in."""
    return [re.sub("[\xad\u200b]", "", b.text) for s in document.sections for b in s.blocks if isinstance(b, Paragraph)]


def _dasar_hukum(document) -> list[str]:
    return [b.text for s in document.sections for b in s.blocks if isinstance(b, Paragraph) and b.label
            and "Nomor" in b.text and ("Peraturan" in b.text or "Undang-Undang" in b.text)]


def test_dasar_hukum_of_a_kabupaten_signed_in_2026():
    items = _dasar_hukum(_annual(_config(), _rows("65.01", 2025))[0])
    assert UU_NOW in items[0] and items[0].endswith("menjadi Undang-Undang;")
    assert any("Nomor 59 Tahun 2021" in item for item in items)
    assert not any("Nomor 100 Tahun 2018" in item for item in items)
    assert any("Nomor 101 Tahun 2018" in item for item in items)  # K-TRANTIB-2: bencana, kab/kota
    assert any("Kesehatan Nomor 6 Tahun 2024" in item for item in items)
    assert items[-1].endswith(".") and all(item.endswith(";") for item in items[:-1])


def test_a_provinsi_never_cites_the_kab_kota_standards():
    provinsi = {"P-TRANTIB-1": (100.0, 90.0, 10.0, 9.0), "P-KES-1": (100.0, 90.0, 10.0, 9.0)}
    items = _dasar_hukum(_annual(_config("65"), _rows("65", 2025, provinsi))[0])
    assert any("Nomor 121 Tahun 2018" in item for item in items)
    assert not any("Nomor 101 Tahun 2018" in item or "Nomor 114 Tahun 2018" in item for item in items)


def test_an_older_report_cites_the_texts_in_force_then():
    """2020 data signed in March 2021: UU 23/2014 as amended by UU 11/2020, Permendagri 100/2018."""
    items = _dasar_hukum(_annual(_config(tahun=2020, tanggal="2021-03-15"), _rows("65.01", 2020))[0])
    assert "terakhir dengan Undang-Undang Nomor 11 Tahun 2020" in items[0]
    assert any("Nomor 100 Tahun 2018" in item for item in items)
    assert not any("Nomor 59 Tahun 2021" in item for item in items)
    assert any("Kesehatan Nomor 4 Tahun 2019" in item for item in items)
    assert any("Kebudayaan Nomor 32 Tahun 2018" in item for item in items)


def test_the_report_says_which_regulation_the_scores_follow():
    old = " ".join(_paragraphs(_annual(_config(tahun=2021, tanggal="2022-01-20"), _rows("65.01", 2021))[0]))
    assert "Peraturan Menteri Dalam Negeri Nomor 100 Tahun 2018" in old
    assert "sama dengan capaian penerima layanan dasar" in old
    new = " ".join(_paragraphs(_annual(_config(), _rows("65.01", 2025))[0]))
    assert "Nomor 59 Tahun 2021 tentang Penerapan Standar Pelayanan Minimal: nilai setiap jenis" in new
    assert "0,8 × capaian penerima" in new


def test_solusi_differs_per_bidang_and_names_the_weakest_service():
    document, own = _annual(_config(), _rows("65.01", 2025))
    texts = _paragraphs(document)
    solusi = [texts[i + 1] for i, t in enumerate(texts) if t == "Solusi:"]
    assert len(solusi) == len(own.bidang) and len(set(solusi)) == len(solusi)
    assert any("Pendidikan Dasar" in s and "(70,00%)" in s and "30 penerima" in s for s in solusi)


def test_penutup_draws_on_the_figures_and_the_change_from_last_year():
    document, own = _annual(_config(), _rows("65.01", 2025), previous=_rows("65.01", 2024, scale=0.9))
    texts = _paragraphs(document)
    penutup = " ".join(texts[texts.index(next(t for t in texts if t.startswith("Demikian Laporan"))):][:3])
    assert "Bidang Urusan Pekerjaan Umum (" in penutup  # the weakest bidang
    assert "4 jenis belum mencapai target" in penutup and "Pemenuhan kebutuhan pokok air minum" in penutup
    assert "naik" in penutup and "dibandingkan Tahun 2024" in penutup
    assert len(penutup.split()) > 80


def test_display_decimals_print_every_score_figure_and_agree_with_kategori():
    rules = {"desimal": 1}
    document, own = _annual(_config(aturan_penilaian=rules), _rows("65.01", 2025))
    summary = next(b for s in document.sections for b in s.blocks
                   if isinstance(b, Table) and "per Bidang Tahun" in (b.caption or ""))
    indeks = [row[-2].text for row in summary.body]
    assert all(len(text.split(",")[-1]) == 1 for text in indeks if text != "-"), indeks
    rounded = ScoringRules.model_validate(rules)
    assert own.kategori == rounded.kategori_of(own.indeks)


def test_context_names_weakest_bidang_below_target_services_and_change():
    catalog = load_catalog()
    own = score(_rows("65.01", 2025)).daerah[0]
    previous = score(_rows("65.01", 2024, scale=0.9)).daerah[0]
    context = report_context(own, catalog, "Kabupaten Bulungan", None, date(2026, 1, 19), previous)
    assert context["bidang_terendah"]["kode"] == "PU"
    assert [s["kode"] for s in context["di_bawah_target"]] == ["K-PU-1", "K-DIK-2", "K-KES-2", "K-KES-1"]
    assert context["perubahan_tahunan"] == pytest.approx(own.indeks - previous.indeks)
    assert context["dasar_penilaian"]["nama"] == "Permendagri 59/2021"
    assert UU_NOW in context["regulasi"]["uu_23_2014"]
    assert context["regulasi"]["standar_bencana"]


def test_a_clerks_own_dasar_hukum_replaces_the_references_but_keeps_the_standards():
    config = _config(narasi={"dasar_hukum": ["Peraturan Daerah Nomor 1 Tahun 2024 tentang SPM"]})
    own = score(_rows("65.01", 2025)).daerah[0]
    context = report_context(own, load_catalog(), "Kabupaten Bulungan", None, config.tanggal)
    texts = NarrativeTexts(config.narasi, resource_path("narasi", "laporan-tahunan.yaml"),
                           NarrativeRenderer(context))
    items = dasar_hukum(texts, load_catalog(), own, config.tanggal)
    assert items[0] == "Peraturan Daerah Nomor 1 Tahun 2024 tentang SPM;"
    assert not any("Undang-Undang Nomor 23" in item for item in items)
    assert any("Kesehatan Nomor 6 Tahun 2024" in item for item in items)


def test_quarterly_report_covers_the_four_stages():
    config = LaporanTriwulanConfig.model_validate({
        "daerah": {"kode_wilayah": "65.01", "nama": "Kabupaten Bulungan"}, "tahun": 2025, "triwulan": 2,
        "data": {"capaian": ["capaian.csv"]}, "kop": {"pemerintah": "Pemerintah Kabupaten Bulungan"},
        "penandatangan": {"jabatan": "Bupati Bulungan", "nama": "Syarwani"}, "tempat": "Tanjung Selor",
        "tanggal": "2025-07-10"})
    frame = _rows("65.01", 2025)
    frame["triwulan"] = pd.array([2] * len(frame), dtype="Int64")
    scores = score(frame)
    document, narrative = compose_laporan_triwulan(TriwulanInputs(
        config, YamlSource(Path("x.yaml"), {}), scores, scores.daerah[0], None, load_catalog()))
    assert narrative.problems == []
    headings = [h.title for h in document.headings()]
    stages = ["Pengumpulan Data", "Penghitungan Kebutuhan Pemenuhan Pelayanan Dasar",
              "Penyusunan Rencana Pemenuhan Pelayanan Dasar", "Pelaksanaan Pemenuhan Pelayanan Dasar"]
    start = headings.index("TAHAPAN PENERAPAN SPM")
    assert headings[start + 1:start + 5] == stages
    texts = " ".join(_paragraphs(document))
    assert "105 penerima yang belum terlayani" in texts and "6 dari 29 jenis pelayanan dasar" in texts
    assert any(isinstance(b, Heading) for s in document.sections for b in s.blocks)


def test_the_cover_prints_the_configured_judul_as_the_lampiran_headings_do():
    judul = "Laporan Hasil Pemantauan dan Evaluasi Penerapan Standar Pelayanan Minimal"
    cover = _annual(_config(judul=judul), _rows("65.01", 2025))[0].sections[0]
    printed = [b.text for b in cover.blocks if isinstance(b, Paragraph)]
    assert judul.upper() in printed and "LAPORAN PENERAPAN" not in printed
    default = _annual(_config(), _rows("65.01", 2025))[0].sections[0]
    assert [b.text for b in default.blocks if isinstance(b, Paragraph)][:2] == ["LAPORAN PENERAPAN",
                                                                               "STANDAR PELAYANAN MINIMAL"]
