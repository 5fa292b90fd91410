"""The packaged legal references: the wording in force on a signing date, levels, and a checked file."""

from datetime import date

import pytest
import yaml

from spmdocs.errors import ConfigError
from spmdocs.spm.regulasi import load_regulasi, parse_regulasi, tanggal_standar

UU_6_2023 = ("Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah sebagaimana telah beberapa kali "
             "diubah, terakhir dengan Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Peraturan Pemerintah "
             "Pengganti Undang-Undang Nomor 2 Tahun 2022 tentang Cipta Kerja menjadi Undang-Undang")


@pytest.mark.parametrize("signed, last_amendment", [
    (date(2019, 6, 1), "Undang-Undang Nomor 9 Tahun 2015"),
    (date(2021, 3, 1), "Undang-Undang Nomor 11 Tahun 2020"),
    (date(2023, 1, 16), "Peraturan Pemerintah Pengganti Undang-Undang Nomor 2 Tahun 2022"),
    (date(2023, 3, 31), "Undang-Undang Nomor 6 Tahun 2023"),
    (date(2026, 1, 19), "Undang-Undang Nomor 6 Tahun 2023"),
])
def test_uu_23_2014_is_cited_as_last_amended_before_signing(signed, last_amendment):
    text = load_regulasi().teks("uu_23_2014", signed)
    assert f"terakhir dengan {last_amendment}" in text


def test_current_wording_of_uu_23_2014():
    assert load_regulasi().teks("uu_23_2014", date(2026, 1, 19)) == UU_6_2023


def test_permendagri_on_penerapan_spm_by_date():
    daftar = load_regulasi()
    assert "Nomor 100 Tahun 2018" in daftar.teks("penerapan_spm", date(2021, 6, 30))
    assert "Nomor 59 Tahun 2021" in daftar.teks("penerapan_spm", date(2022, 1, 20))
    assert daftar.teks("penerapan_spm", date(2017, 1, 1)) == ""
    assert daftar.versi("permendagri_59_2021").teks.endswith("Penerapan Standar Pelayanan Minimal")


def test_every_reference_has_a_dated_wording_and_codes_are_known():
    daftar = load_regulasi()
    assert {"uu_23_2014", "pp_2_2018", "penerapan_spm", "standar_kesehatan"} <= {r.kode for r in daftar.items}
    for item in daftar.items:
        assert item.versi and all(v.berlaku.year >= 2014 and v.teks for v in item.versi)


def test_level_limited_references_are_left_out_for_the_other_level():
    daftar = load_regulasi()
    assert daftar.teks("standar_bencana", date(2025, 12, 31), "provinsi") == ""
    assert "Nomor 101 Tahun 2018" in daftar.teks("standar_bencana", date(2025, 12, 31), "kabupaten_kota")
    assert daftar.pada(date(2025, 12, 31), "provinsi")["standar_kebakaran"] == ""


def test_technical_standards_follow_the_data_year():
    assert tanggal_standar(2023) == date(2023, 12, 31)
    assert tanggal_standar(2024, date(2024, 7, 10)) == date(2024, 7, 10)
    assert tanggal_standar(2023, date(2024, 1, 19)) == date(2023, 12, 31)


def test_malformed_references_are_all_reported():
    raw = yaml.safe_load("""
regulasi:
  - kode: a
    versi:
      - {berlaku: 2020-01-01, teks: Dua}
      - {berlaku: 2019-01-01, teks: Satu}
  - kode: b
    tingkat: [kecamatan]
    versi: [{teks: tanpa tanggal}]
  - kode: a
    versi: [{berlaku: 2020-01-01, teks: Lagi}]
  - kode: c
    salah: 1
    versi: [{berlaku: 2020-01-01, teks: C}]
""")
    with pytest.raises(ConfigError) as info:
        parse_regulasi(raw, "regulasi.yaml")
    text = "\n".join(str(p) for p in info.value.problems)
    assert "regulasi.a.versi" in text and "urut" in text
    assert "regulasi.b.tingkat" in text and "regulasi.b.versi[1]" in text
    assert "dipakai lebih dari sekali" in text
    assert "regulasi.c.salah" in text
