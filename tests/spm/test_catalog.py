"""The packaged SPM catalog: completeness against the domain reference, lookup and custom catalogs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from spmdocs.errors import ConfigError
from spmdocs.spm.catalog import LEVELS, Catalog, load_catalog, level_of

# Domain reference §2.7: services per bidang (Pendidikan Dasar counted once).
COUNTS = {
    "provinsi": {"DIK": 2, "KES": 2, "PU": 2, "PR": 2, "TRANTIB": 1, "SOS": 5},
    "kabupaten_kota": {"DIK": 3, "KES": 12, "PU": 2, "PR": 2, "TRANTIB": 5, "SOS": 5},
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_bidang_in_order(catalog):
    assert [b.kode for b in catalog.bidang_list] == ["DIK", "KES", "PU", "PR", "TRANTIB", "SOS"]
    assert [b.urutan for b in catalog.bidang_list] == [1, 2, 3, 4, 5, 6]
    assert catalog.bidang("KES").nama == "Kesehatan"
    assert catalog.bidang("KES").nama_urusan == "Bidang Urusan Kesehatan"
    with pytest.raises(KeyError):
        catalog.bidang("XYZ")


def test_service_counts(catalog):
    assert len(catalog.services("provinsi")) == 14
    assert len(catalog.services("kabupaten_kota")) == 29
    for level, per_bidang in COUNTS.items():
        for bidang, count in per_bidang.items():
            assert len(catalog.services(level, bidang)) == count, (level, bidang)


def test_codes_unique_and_consistent(catalog):
    services = [s for level in LEVELS for s in catalog.services(level)]
    assert len({s.kode for s in services}) == len(services)
    for s in services:
        prefix = "P" if s.level == "provinsi" else "K"
        assert s.kode == f"{prefix}-{s.bidang}-{s.nomor}"
        assert catalog.get(s.kode) is s


def test_services_in_catalog_order(catalog):
    kes = catalog.services("kabupaten_kota", "KES")
    assert [s.nomor for s in kes] == list(range(1, 13))
    first_of_each = [s.bidang for s in catalog.services("provinsi") if s.nomor == 1]
    assert first_of_each == ["DIK", "KES", "PU", "PR", "TRANTIB", "SOS"]


def test_every_service_complete(catalog):
    for level in LEVELS:
        for s in catalog.services(level):
            for field in ("nama", "opd_pengampu", "indikator_penerima", "indikator_mutu", "satuan"):
                assert getattr(s, field).strip(), (s.kode, field)
            assert s.alias, s.kode
            assert catalog.regulasi(s.kode, 2025), s.kode


def test_reference_names_and_sub_kegiatan(catalog):
    assert catalog.get("K-KES-1").nama == "Pelayanan kesehatan ibu hamil"
    assert catalog.get("K-DIK-2").nama == "Pendidikan Dasar"
    assert catalog.get("P-SOS-4").nama == (
        "Rehabilitasi sosial dasar tuna sosial khususnya gelandangan dan pengemis di dalam panti")
    assert catalog.get("K-KES-1").kode_sub_kegiatan == "1.02.02.2.02.0001"
    assert catalog.get("K-KES-12").kode_sub_kegiatan == "1.02.02.2.02.0012"
    assert catalog.get("K-PR-1").satuan == "unit rumah"
    assert catalog.get("K-TRANTIB-5").opd_pengampu.startswith("Dinas Pemadam Kebakaran")


def test_get_is_exact(catalog):
    with pytest.raises(KeyError):
        catalog.get("k-kes-1")
    with pytest.raises(KeyError):
        catalog.get("K-KES-13")


@pytest.mark.parametrize("text, kode", [
    ("K-KES-1", "K-KES-1"),
    ("k-kes-1", "K-KES-1"),
    ("K KES 1", "K-KES-1"),
    ("kkes01", "K-KES-1"),
    ("  PELAYANAN KESEHATAN IBU HAMIL. ", "K-KES-1"),
    ("Ibu Hamil", "K-KES-1"),
    ("bumil", "K-KES-1"),
    ("SPM Ibu Hamil", "K-KES-1"),
    ("Belanja SPM Pelayanan Kesehatan Ibu Hamil", "K-KES-1"),
    ("Pendidikan Dasar", "K-DIK-2"),
    ("PAUD", "K-DIK-1"),
    ("Pelayanan kesehatan orang dengan gangguan jiwa (ODGJ) berat", "K-KES-10"),
    ("Pelayanan kesehatan orang dengan risiko terinfeksi virus yang melemahkan daya tahan tubuh "
     "manusia (HIV)", "K-KES-12"),
    ("Rehabilitasi sosial dasar anak terlantar di luar panti", "K-SOS-2"),
    ("Pelayanan kesehatan bagi penduduk pada kondisi kejadian luar biasa (KLB) provinsi", "P-KES-2"),
    ("pemenuhan kebutuhan pokok air minum sehari-hari", "K-PU-1"),
])
def test_find_is_tolerant(catalog, text, kode):
    assert catalog.find(text).kode == kode


def test_find_unknown(catalog):
    assert catalog.find("Pelayanan kesehatan gigi") is None
    assert catalog.find("") is None
    assert catalog.find("K-KES-99") is None


def test_find_prefers_level_for_shared_names(catalog):
    assert catalog.find("Air Limbah") is None  # at both levels: ambiguous without a level
    assert catalog.find("Air Limbah", level="provinsi").kode == "P-PU-2"
    assert catalog.find("Air Limbah", level="kabupaten_kota").kode == "K-PU-2"
    assert catalog.find("Anak Telantar", level="provinsi").kode == "P-SOS-2"


def test_find_reports_wrong_level(catalog):
    found = catalog.find("Pelayanan kesehatan ibu hamil", level="provinsi")
    assert found.kode == "K-KES-1" and found.level == "kabupaten_kota"
    found = catalog.find("Pendidikan Menengah", level="kabupaten_kota")
    assert found.kode == "P-DIK-1" and found.level == "provinsi"


def test_suggest(catalog):
    assert catalog.suggest("pelayanan kesehatan ibu hamill")[0] == "Pelayanan kesehatan ibu hamil (K-KES-1)"
    assert "Pelayanan kesehatan balita (K-KES-4)" in catalog.suggest("Pelayanan kesehatan balitaa")
    assert len(catalog.suggest("pelayanan kesehatan", n=2)) <= 2
    provinsi_only = catalog.suggest("air limbh", level="provinsi")
    assert provinsi_only and all("(P-" in s for s in provinsi_only)
    assert catalog.suggest("zzzzzz") == []


def test_regulasi_by_year(catalog):
    assert "Nomor 4 Tahun 2019" in catalog.regulasi("KES", 2023)
    assert "Nomor 6 Tahun 2024" in catalog.regulasi("KES", 2024)
    assert "Nomor 6 Tahun 2024" in catalog.regulasi("K-KES-1", 2025)
    assert "Nomor 32 Tahun 2018" in catalog.regulasi("DIK", 2021)
    assert "Riset, dan Teknologi Nomor 32 Tahun 2022" in catalog.regulasi("DIK", 2022)
    assert "29/PRT/M/2018" in catalog.regulasi("PR", 2025)
    assert "Nomor 9 Tahun 2018" in catalog.regulasi("P-SOS-1", 2025)


def test_regulasi_service_override_wins(catalog):
    assert "Nomor 114 Tahun 2018" in catalog.regulasi("K-TRANTIB-5", 2025)
    assert "Nomor 121" not in catalog.regulasi("K-TRANTIB-5", 2025)
    assert "Nomor 101 Tahun 2018" in catalog.regulasi("K-TRANTIB-2", 2025)
    assert "Nomor 121 Tahun 2018" in catalog.regulasi("P-TRANTIB-1", 2025)
    bidang = catalog.regulasi("TRANTIB", 2025)
    assert all(f"Nomor {n} Tahun 2018" in bidang for n in (121, 101, 114))
    with pytest.raises(KeyError):
        catalog.regulasi("XYZ", 2025)


def test_regulasi_follows_the_level_of_the_daerah(catalog):
    """A provinsi's Trantibum text never cites the kab/kota standards for bencana and kebakaran."""
    provinsi = catalog.regulasi("TRANTIB", 2025, level="provinsi")
    assert "Nomor 121 Tahun 2018" in provinsi
    assert "Nomor 101" not in provinsi and "Nomor 114" not in provinsi
    kabupaten = catalog.regulasi_texts("TRANTIB", 2025, level="kabupaten_kota")
    assert [t.split(" tentang")[0][-20:] for t in kabupaten] == [
        "Nomor 121 Tahun 2018", "Nomor 101 Tahun 2018", "Nomor 114 Tahun 2018"]


def test_regulasi_of_a_quarter_signed_before_a_new_standard(catalog):
    """A standard that takes effect during the year applies once it is in force on the signing date."""
    assert "Nomor 4 Tahun 2019" in catalog.regulasi("KES", 2023, tanggal=date(2024, 1, 15))
    assert "Nomor 32 Tahun 2018" in catalog.regulasi("DIK", 2022, tanggal=date(2022, 4, 10))
    assert "Nomor 32 Tahun 2022" in catalog.regulasi("DIK", 2022, tanggal=date(2023, 1, 20))


@pytest.mark.parametrize("text, level, kode", [
    # wordings in use in Dinkes and puskesmas applications
    ("Pelayanan Kesehatan Usia Produktif", None, "K-KES-6"),
    ("Pelayanan Kesehatan Usia Lanjut", None, "K-KES-7"),
    ("Pendidikan Usia Dini", None, "K-DIK-1"),
    ("SPM - Pelayanan Kesehatan Pada Usia Produktif", None, "K-KES-6"),
    ("Presentase Pelayanan Kesehatan Usia Lanjut", None, "K-KES-7"),
    ("Cakupan Pelayanan Kesehatan Usia Lanjut", None, "K-KES-7"),
    ("Pelayanan Kesehatan Penderita Diabetes Mellitus", None, "K-KES-9"),
    ("Pelayanan Kesehatan ODGJ Berat", None, "K-KES-10"),
    ("Pelayanan Kesehatan Pada Usia Pendidikan Dasar", None, "K-KES-5"),
    # the Permendagri 90/2019 sub-kegiatan wording
    ("Pengelolaan Pelayanan Kesehatan Orang dengan Risiko Terinfeksi HIV", None, "K-KES-12"),
    ("Pengelolaan Pelayanan Kesehatan bagi Penduduk pada Kondisi KLB", "provinsi", "P-KES-2"),
    # a provinsi names its service without the word "provinsi"
    ("Pelayanan Ketenteraman dan Ketertiban Umum", "provinsi", "P-TRANTIB-1"),
    ("Rehabilitasi Sosial Dasar Lanjut Usia Terlantar", "kabupaten_kota", "K-SOS-3"),
    ("Rehabilitasi Sosial Dasar Lanjut Usia Terlantar", "provinsi", "P-SOS-3"),
])
def test_official_and_common_wordings(catalog, text, level, kode):
    assert catalog.find(text, level=level).kode == kode


@pytest.mark.parametrize("text", ["JUMLAH", "Total", "Pelayanan kesehatan", "Kesehatan", "Pendidikan",
                                  "Usia", "Pelayanan kesehatan gigi", "Rehabilitasi sosial dasar"])
def test_words_shared_by_several_services_name_none(catalog, text):
    assert catalog.find(text, level="kabupaten_kota") is None


def test_every_service_is_found_by_its_name_without_connectives(catalog):
    """The systematic rule: every official name, title-cased and without "pada"/"bagi"/"yang"."""
    for level in LEVELS:
        for service in catalog.services(level):
            words = [w for w in service.nama.split() if w.lower() not in ("pada", "bagi", "yang")]
            assert catalog.find(" ".join(words).title(), level=level) is service, service.kode
            assert catalog.find(f"Persentase {service.nama.upper()}", level=level) is service


@pytest.mark.parametrize("kode, level", [
    ("65", "provinsi"), ("65.01", "kabupaten_kota"), ("65.71", "kabupaten_kota"), (" 31 ", "provinsi"),
    ("6501", None), ("65.01.01", None), ("6", None), ("", None), ("ab", None),
])
def test_level_of(kode, level):
    assert level_of(kode) == level


def test_packaged_catalog_is_cached():
    assert load_catalog() is load_catalog()


def _packaged_yaml() -> dict:
    path = Path(__file__).resolve().parents[2] / "spmdocs" / "resources" / "catalog.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_custom_catalog_loads(tmp_path):
    data = _packaged_yaml()
    data["jenis_pelayanan"] = [s for s in data["jenis_pelayanan"] if s["bidang"] == "KES"]
    path = tmp_path / "katalog.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    custom = load_catalog(path)
    assert len(custom.services("kabupaten_kota")) == 12
    assert custom.services("kabupaten_kota", "DIK") == ()


def _problems(tmp_path, data) -> list[str]:
    path = tmp_path / "katalog.yaml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True),
                    encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_catalog(path)
    return [str(p) for p in info.value.problems]


def test_broken_yaml_points_at_line(tmp_path):
    problems = _problems(tmp_path, "bidang:\n  - kode: KES\n    nama: [tidak ditutup\n")
    assert len(problems) == 1 and "katalog.yaml" in problems[0] and "baris" in problems[0]


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError):
        load_catalog(tmp_path / "tidak-ada.yaml")


def test_broken_catalog_lists_every_problem(tmp_path):
    data = _packaged_yaml()
    services = data["jenis_pelayanan"]
    services[0]["level"] = "kecamatan"
    del services[1]["satuan"]
    services[2]["bidang"] = "XYZ"
    services[3]["indikator_penerimaa"] = "salah ketik"
    services[4]["kode"] = services[5]["kode"]
    services[6]["alias"] = ["Bumil"]  # K-KES-1's alias on P-PR-1: another level, allowed
    services[20]["alias"] = ["Bumil"]  # on K-KES-4: same level as K-KES-1, refused
    data["bidang"][0]["regulasi"] = ["standar_tidak_ada"]
    problems = "\n".join(_problems(tmp_path, data))
    assert "jenis_pelayanan.P-DIK-1.level" in problems
    assert "jenis_pelayanan.P-DIK-2.satuan" in problems
    assert "Bidang 'XYZ'" in problems
    assert "jenis_pelayanan.P-KES-2.indikator_penerimaa" in problems
    assert "Kode layanan sama" in problems
    assert "'Bumil' juga dipakai" in problems
    assert "bidang.DIK.regulasi[1]" in problems
    assert problems.count("'Bumil'") == 1


def test_catalog_must_be_a_mapping(tmp_path):
    problems = _problems(tmp_path, "- satu\n- dua\n")
    assert "pemetaan" in problems[0]
