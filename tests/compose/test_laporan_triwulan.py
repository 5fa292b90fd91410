"""The quarterly report: cumulative figures, comparison with the previous quarter, deadline, sample build."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from spmdocs.build import score_quarter
from spmdocs.compose.laporan_triwulan import (TriwulanInputs, compose_laporan_triwulan, penerima_rows,
                                              quarter_end, rekap_rows)
from spmdocs.config import BatasInput, LaporanTriwulanConfig
from spmdocs.errors import DataError
from spmdocs.fmt import angka
from spmdocs.model import Paragraph, Table
from spmdocs.spm.catalog import load_catalog
from spmdocs.yamlsrc import YamlSource

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "configs" / "laporan-triwulan.yaml"
TERLAYANI = {1: 100.0, 2: 250.0, 3: 600.0, 4: 950.0}
"""Cumulative terlayani of P-DIK-1 (sasaran 1.000) at the end of each quarter."""


def _config(triwulan: int, **extra) -> LaporanTriwulanConfig:
    return LaporanTriwulanConfig.model_validate({
        "daerah": {"kode_wilayah": "65", "nama": "Provinsi Uji"}, "tahun": 2025, "triwulan": triwulan,
        "data": {"capaian": ["capaian.csv"]}, "kop": {"pemerintah": "Pemerintah Provinsi Uji"},
        "penandatangan": {"jabatan": "Gubernur Uji", "nama": "NAMA GUBERNUR"}, "tempat": "Kota Uji",
        "tanggal": "2025-10-10", **extra})


def _frame(quarters=(1, 2, 3, 4)) -> pd.DataFrame:
    rows = []
    for tw in quarters:
        for kode, sasaran, terlayani in (("P-DIK-1", 1000.0, TERLAYANI[tw]), ("P-KES-1", 200.0, 50.0 * tw)):
            rows.append({"kode_wilayah": "65", "daerah": "Provinsi Uji", "tahun": 2025, "triwulan": tw,
                         "kode_layanan": kode, "opd": "", "unit": "", "sasaran": sasaran, "terlayani": terlayani,
                         "mutu_target": 100.0, "mutu_terpenuhi": 20.0 * tw, "anggaran": 4_000_000.0,
                         "realisasi_anggaran": 1_000_000.0 * tw})
    frame = pd.DataFrame(rows)
    frame["triwulan"] = frame["triwulan"].astype("Int64")
    return frame


def _compose(triwulan: int, frame: pd.DataFrame | None = None, **extra):
    config = _config(triwulan, **extra)
    scores, current, previous = score_quarter(config, _frame() if frame is None else frame)
    document, narrative = compose_laporan_triwulan(
        TriwulanInputs(config, YamlSource(Path("x.yaml"), {}), scores, current, previous, load_catalog()))
    assert narrative.problems == []
    return document, current, previous


def _table(document, caption: str) -> Table:
    return next(b for s in document.sections for b in s.blocks if isinstance(b, Table) and caption in b.caption)


def test_figures_are_the_rows_of_the_quarter_not_sums_of_quarters():
    _, current, previous = _compose(3)
    dik = next(item for item in current.layanan() if item.kode == "P-DIK-1")
    assert dik.terlayani == TERLAYANI[3] == 600.0
    assert dik.terlayani != TERLAYANI[1] + TERLAYANI[2] + TERLAYANI[3]
    assert dik.capaian_penerima == 60.0 and dik.sasaran == 1000.0
    assert dik.realisasi_anggaran == 3_000_000.0 and dik.anggaran == 4_000_000.0
    assert previous.triwulan == 2 and current.triwulan == 3


def test_tables_print_the_cumulative_quarter_figures():
    document, current, _ = _compose(3)
    rows = [[c.text for c in r] for r in _table(document, "Penerima Layanan Dasar Pendidikan").body]
    assert rows[0][1:6] == ["Pendidikan Menengah", "1.000", "600", "400", "60,00"]
    anggaran = [[c.text for c in r] for r in _table(document, "Alokasi dan Realisasi Anggaran").body]
    assert ["1", "Pendidikan Menengah", "4.000.000", "3.000.000", "1.000.000", "75,00"] in anggaran
    assert anggaran[-1][1:] == ["8.000.000", "6.000.000", "2.000.000", "75,00"]
    headers = " ".join(c.text for c in _table(document, "Penerima Layanan Dasar Pendidikan").header[0])
    assert "Terlayani s.d. Triwulan III" in headers and "Capaian Triwulan II (%)" in headers


def test_comparison_with_the_previous_quarter():
    _, current, previous = _compose(3)
    bidang = next(b for b in current.bidang if b.kode == "DIK")
    rows = penerima_rows(bidang, {item.kode: item for item in previous.layanan()})
    assert [c.text for c in rows[0][6:]] == ["25,00", "+35,00"]
    rekap = [[c.text for c in r] for r in rekap_rows(current, previous)]
    dik = next(r for r in rekap if r[0] == "P-DIK-1")
    old = next(item for item in previous.layanan() if item.kode == "P-DIK-1")
    new = next(item for item in current.layanan() if item.kode == "P-DIK-1")
    assert dik[-2:] == [angka(old.nilai, 2), f"+{angka(new.nilai - old.nilai, 2)}"]
    assert rekap[-1][-1] == f"+{angka(current.indeks - previous.indeks, 2)}"


def test_a_fall_is_shown_with_a_minus_and_a_missing_previous_quarter_with_a_dash():
    frame = _frame()
    frame.loc[(frame["triwulan"] == 3) & (frame["kode_layanan"] == "P-DIK-1"), "terlayani"] = 200.0
    frame = frame[~((frame["triwulan"] == 2) & (frame["kode_layanan"] == "P-KES-1"))]
    _, current, previous = _compose(3, frame)
    rows = penerima_rows(next(b for b in current.bidang if b.kode == "DIK"),
                         {item.kode: item for item in previous.layanan()})
    assert [c.text for c in rows[0][6:]] == ["25,00", "-5,00"]
    rows = penerima_rows(next(b for b in current.bidang if b.kode == "KES"),
                         {item.kode: item for item in previous.layanan()})
    assert [c.text for c in rows[0][6:]] == ["-", "-"]


def test_first_quarter_has_no_comparison():
    document, current, previous = _compose(1)
    assert previous is None and current.triwulan == 1
    summary = _table(document, "Indeks Pencapaian SPM per Bidang")
    assert [c.text for c in summary.header[0]] == ["No", "Bidang Urusan", "Indeks Triwulan I", "Kategori"]
    assert len(_table(document, "Penerima Layanan Dasar Pendidikan").columns) == 6


def test_missing_quarter_is_a_data_error_naming_the_quarters_present():
    with pytest.raises(DataError, match="tidak memuat Triwulan IV Tahun 2025 .* triwulan yang ada: Triwulan I, "
                                        "Triwulan II"):
        score_quarter(_config(4), _frame((1, 2)))


def test_unknown_file_name_placeholder_is_rejected():
    with pytest.raises(ValueError, match=r"penanda \{mulai\} tidak dikenal"):
        _config(3, keluaran={"nama_berkas": "{jenis}-{mulai}"})


def test_deadline_default_is_the_20th_of_the_month_after_the_quarter():
    rule = BatasInput()
    assert [rule.for_quarter(2025, tw) for tw in (1, 2, 3, 4)] == [
        date(2025, 4, 20), date(2025, 7, 20), date(2025, 10, 20), date(2026, 1, 20)]
    assert BatasInput(hari=10).for_quarter(2025, 4) == date(2026, 1, 10)
    assert BatasInput(tanggal=date(2025, 10, 5)).for_quarter(2025, 3) == date(2025, 10, 5)
    assert [quarter_end(2025, tw) for tw in (1, 2, 3, 4)] == [
        date(2025, 3, 31), date(2025, 6, 30), date(2025, 9, 30), date(2025, 12, 31)]


def _cover_text(document) -> str:
    first = document.sections[0]
    texts = [b.text for b in first.blocks if isinstance(b, Paragraph)]
    texts += [c.text for b in first.blocks if isinstance(b, Table) for row in b.body for c in row]
    return "\n".join(texts)


def test_deadline_is_printed_in_the_cover_note_with_default_and_override():
    document, _, _ = _compose(3)
    text = _cover_text(document)
    assert "Batas akhir input e-SPM\n20 Oktober 2025" in text
    assert "Menteri Dalam Negeri c.q. Direktur Jenderal Bina Pembangunan Daerah" in text
    assert "1 Januari 2025 s.d. 30 September 2025" in text
    document, _, _ = _compose(3, batas_input={"tanggal": "2025-10-15"})
    assert "15 Oktober 2025" in _cover_text(document) and "20 Oktober 2025" not in _cover_text(document)
    document, _, _ = _compose(4, batas_input={"hari": 10})
    assert "10 Januari 2026" in _cover_text(document)

