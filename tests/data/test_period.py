"""The one rule for which rows stand for a period: the last triwulan per daerah and year."""

from __future__ import annotations

import pandas as pd

from spmdocs.data.period import latest_rows, quarter_rows


def _rows(*spec):
    return pd.DataFrame([{"kode_wilayah": k, "daerah": d, "tahun": y, "triwulan": tw, "_file": "capaian.csv",
                          "terlayani": v} for k, d, y, tw, v in spec])


def test_each_daerah_keeps_its_own_last_quarter_and_an_older_one_is_warned():
    frame = _rows(("65.01", "Kabupaten Bulungan", 2025, 3, 30), ("65.01", "Kabupaten Bulungan", 2025, 4, 40),
                  ("65.03", "Kabupaten Nunukan", 2025, 2, 20), ("65.03", "Kabupaten Nunukan", 2025, 3, 31))
    kept, warnings = latest_rows(frame)
    assert sorted(zip(kept["kode_wilayah"], kept["triwulan"])) == [("65.01", 4), ("65.03", 3)]
    assert len(warnings) == 1 and not warnings[0].is_error
    message = warnings[0].message
    assert "Kabupaten Nunukan (65.03)" in message and "Triwulan III" in message and "Triwulan IV" in message
    assert warnings[0].location.file == "capaian.csv"


def test_the_rule_applies_per_year_and_yearly_rows_always_stand():
    frame = _rows(("65", "Provinsi", 2024, None, 100), ("65", "Provinsi", 2025, 1, 10),
                  ("65", "Provinsi", 2025, 2, 20), ("65.01", "Kabupaten Bulungan", 2024, 4, 5))
    kept, warnings = latest_rows(frame)
    assert sorted(zip(kept["tahun"], kept["triwulan"].fillna(0))) == [(2024, 0), (2024, 4), (2025, 2)]
    assert warnings == []


def test_yearly_data_is_returned_unchanged():
    frame = _rows(("65", "Provinsi", 2025, None, 1)).drop(columns="triwulan")
    kept, warnings = latest_rows(frame)
    assert kept.equals(frame) and warnings == []


def test_quarter_rows_pick_the_quarters_asked_for():
    frame = _rows(*[("65", "P", 2025, tw, tw) for tw in (1, 2, 3, 4)])
    assert list(quarter_rows(frame, 3, 2)["triwulan"]) == [2, 3]


def test_a_service_a_quarter_behind_keeps_its_last_quarter_and_is_warned():
    rows = [("65.01", "Kabupaten Bulungan", 2025, tw, service, 10 * tw)
            for service, last in (("K-KES-1", 4), ("K-KES-2", 3), ("K-KES-3", 4)) for tw in range(1, last + 1)]
    frame = pd.DataFrame([{"kode_wilayah": k, "daerah": d, "tahun": y, "triwulan": tw, "kode_layanan": s,
                           "unit": "", "_file": "capaian.csv", "terlayani": v} for k, d, y, tw, s, v in rows])
    kept, warnings = latest_rows(frame)
    assert sorted(zip(kept["kode_layanan"], kept["triwulan"])) == [("K-KES-1", 4), ("K-KES-2", 3), ("K-KES-3", 4)]
    assert len(warnings) == 1 and not warnings[0].is_error
    assert "K-KES-2 (Triwulan III)" in warnings[0].message and "Triwulan IV" in warnings[0].message


def test_each_unit_of_a_service_keeps_its_own_last_quarter():
    frame = pd.DataFrame([{"kode_wilayah": "65.01", "daerah": "Kabupaten Bulungan", "tahun": 2025, "triwulan": tw,
                           "kode_layanan": "K-KES-1", "unit": unit, "_file": "c.csv", "terlayani": tw}
                          for unit, last in (("Puskesmas A", 4), ("Puskesmas B", 3)) for tw in range(1, last + 1)])
    kept, warnings = latest_rows(frame)
    assert sorted(zip(kept["unit"], kept["triwulan"])) == [("Puskesmas A", 4), ("Puskesmas B", 3)]
    assert len(warnings) == 1 and "K-KES-1 unit 'Puskesmas B' (Triwulan III)" in warnings[0].message
