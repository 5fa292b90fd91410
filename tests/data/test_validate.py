"""Every validation rule, each with a small bad file and the location its message points at."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from spmdocs.data.validate import raise_for, validate_files
from spmdocs.errors import DataError

GOOD = "65.01;Bulungan;2025;IV;Pelayanan kesehatan ibu hamil;Tanjung Selor;1.000;950"


def _at(problem, path: Path, row: int | None, column: str | None, sheet: str | None = None):
    location = problem.location
    assert Path(location.file).name == path.name
    assert (location.sheet, location.row, location.column) == (sheet, row, column), str(problem)


def test_a_clean_file_has_no_problems(csv_file, header):
    result = validate_files(csv_file("ok.csv", [header, GOOD]))
    assert result.problems == [] and result.ok and result.kind == "capaian"
    raise_for(result.problems)


def test_missing_required_column_lists_the_headings_found(csv_file, only):
    path = csv_file("kolom.csv", ["Kode Wilayah;Tahun;Jenis Pelayanan;Jumlah Sasaran",
                                  "65.01;2025;Ibu Hamil;100"])
    problem = only(validate_files(path).problems, "Kolom wajib 'Terlayani'")
    _at(problem, path, 1, "Terlayani")
    assert "'Kode Wilayah', 'Tahun', 'Jenis Pelayanan', 'Jumlah Sasaran'" in problem.message


def test_unknown_service_suggests_catalog_names(csv_file, header, only):
    path = csv_file("layanan.csv", [header, GOOD,
                                    GOOD.replace("ibu hamil", "ibu hamill").replace("Selor", "S")])
    problem = only(validate_files(path).problems, "tidak dikenal")
    _at(problem, path, 3, "Jenis Pelayanan Dasar")
    assert "Mungkin maksud Anda: Pelayanan kesehatan ibu hamil (K-KES-1)" in problem.message


def test_unknown_service_code(csv_file, only):
    path = csv_file("kode.csv", ["Kode Wilayah;Tahun;Kode Layanan;Sasaran;Terlayani",
                                 "65.01;2025;K-KES-99;10;5"])
    _at(only(validate_files(path).problems, "Kode layanan 'K-KES-99'"), path, 2, "Kode Layanan")


def test_non_numeric_number_is_reported_once(csv_file, header):
    path = csv_file("angka.csv", [header, GOOD.replace("1.000", "seribu")])
    problems = validate_files(path).problems
    assert len(problems) == 1
    assert "'seribu' tidak dapat dibaca sebagai angka" in problems[0].message
    _at(problems[0], path, 2, "Jumlah Total Yang Harus Dilayani")


def test_negative_count(csv_file, header, only):
    path = csv_file("negatif.csv", [header, GOOD.replace(";950", ";-5")])
    _at(only(validate_files(path).problems, "negatif"), path, 2, "Jumlah Yang Terlayani")


def test_terlayani_above_sasaran_is_a_warning(csv_file, header, only):
    path = csv_file("lebih.csv", [header, GOOD.replace(";950", ";1.200")])
    result = validate_files(path)
    problem = only(result.problems, "lebih besar dari Sasaran")
    assert problem.severity == "warning" and result.ok
    assert "(1.200)" in problem.message and "(1.000)" in problem.message
    _at(problem, path, 2, "Jumlah Yang Terlayani")
    raise_for(result.problems)


def test_mutu_and_budget_above_target_are_warnings(xlsx_file, only):
    path = xlsx_file("mutu.xlsx", {"Capaian": [
        ["Kode Wilayah", "Tahun", "Kode Layanan", "Sasaran", "Terlayani",
         "Mutu Yang Harus Dipenuhi", "Mutu Terpenuhi", "Pagu", "Realisasi"],
        ["65.01", 2025, "K-KES-1", 100, 90, 400, 410, 1000, 1200]]})
    problems = validate_files(path).problems
    assert all(p.severity == "warning" for p in problems)
    _at(only(problems, "Mutu Terpenuhi (410)"), path, 2, "Mutu Terpenuhi", "Capaian")
    _at(only(problems, "Realisasi Anggaran (1.200)"), path, 2, "Realisasi", "Capaian")


def test_duplicate_rows_name_both_rows(csv_file, header, only):
    path = csv_file("ganda.csv", [header, GOOD, GOOD.replace("950", "940").replace(
        "Pelayanan kesehatan ibu hamil", "K-KES-1")])
    problem = only(validate_files(path).problems, "Baris ganda")
    _at(problem, path, 3, "Jenis Pelayanan Dasar")
    assert "baris 2 berkas ganda.csv" in problem.message


def test_duplicates_across_files(csv_file, header, only):
    first = csv_file("a.csv", [header, GOOD])
    second = csv_file("b.csv", [header, GOOD])
    problem = only(validate_files([first, second]).problems, "Baris ganda")
    _at(problem, second, 2, "Jenis Pelayanan Dasar")
    assert "baris 2 berkas a.csv" in problem.message


def test_more_than_one_year_unless_allowed(csv_file, header, only):
    path = csv_file("tahun.csv", [header, GOOD, GOOD.replace("2025", "2024")])
    problem = only(validate_files(path).problems, "lebih dari satu tahun")
    _at(problem, path, 3, "Tahun")
    assert validate_files(path, allow_years=True).problems == []


def test_daerah_from_two_provinces_only_when_one_province_is_asked(csv_file, header, only):
    path = csv_file("prov.csv", [header, GOOD, GOOD.replace("65.01;Bulungan", "64.01;Paser")])
    problem = only(validate_files(path, one_province=True).problems, "satu provinsi")
    _at(problem, path, 3, "Kode Wilayah")


def test_national_data_is_valid_by_default(csv_file, header):
    rows = [GOOD, GOOD.replace("65.01;Bulungan", "64.01;Paser"),
            GOOD.replace("65.01;Bulungan", "11.01;Aceh Selatan"), GOOD.replace("65.01;Bulungan", "94.01;Merauke")]
    result = validate_files(csv_file("nasional.csv", [header, *rows]))
    assert result.problems == []
    assert sorted(result.frame["kode_wilayah"]) == ["11.01", "64.01", "65.01", "94.01"]


def test_one_code_with_two_daerah_names(csv_file, header, only):
    path = csv_file("nama.csv", [header, GOOD,
                                 GOOD.replace("Bulungan", "Malinau").replace("Selor", "X")])
    problem = only(validate_files(path).problems, "dua nama daerah")
    _at(problem, path, 3, "Nama Daerah")
    assert "'Bulungan' di baris 2" in problem.message


def test_service_of_the_wrong_level(csv_file, only):
    path = csv_file("jenjang.csv", ["Kode Wilayah;Tahun;Kode Layanan;Sasaran;Terlayani",
                                    "65;2025;K-KES-1;10;5", "65.01;2025;P-DIK-1;10;5"])
    problems = validate_files(path).problems
    _at(only(problems, "kode wilayah '65' adalah provinsi"), path, 2, "Kode Layanan")
    _at(only(problems, "kode wilayah '65.01' adalah kabupaten/kota"), path, 3, "Kode Layanan")


def test_unrecognised_kode_wilayah_is_a_warning(csv_file, only):
    path = csv_file("bps.csv", ["Kode Wilayah;Tahun;Kode Layanan;Sasaran;Terlayani",
                                "6502;2025;K-KES-1;10;5"])
    problem = only(validate_files(path).problems, "tidak berformat kode Kemendagri")
    assert problem.severity == "warning"
    _at(problem, path, 2, "Kode Wilayah")


def test_triwulan_outside_one_to_four(csv_file, header, only):
    path = csv_file("tw.csv", [header, GOOD.replace(";IV;", ";5;"),
                               GOOD.replace(";IV;", ";kedua;").replace("Selor", "X")])
    problems = validate_files(path).problems
    _at(only(problems, "Triwulan 5 tidak ada"), path, 2, "Triwulan")
    _at(only(problems, "Triwulan 'kedua'"), path, 3, "Triwulan")


def test_implausible_year(csv_file, header, only):
    path = csv_file("thn.csv", [header, GOOD.replace("2025", "20255")])
    problem = only(validate_files(path).problems, "tidak masuk akal")
    _at(problem, path, 2, "Tahun")
    assert str(date.today().year + 1) in problem.message


def test_fractional_year(csv_file, header, only):
    path = csv_file("thn2.csv", [header, GOOD.replace("2025", "2025,5")])
    _at(only(validate_files(path).problems, "bilangan bulat"), path, 2, "Tahun")


def test_empty_required_cell(csv_file, header, only):
    path = csv_file("kosong.csv", [header, GOOD.replace(";1.000;", ";;")])
    _at(only(validate_files(path).problems, "Sel wajib kosong"), path, 2,
        "Jumlah Total Yang Harus Dilayani")


def test_empty_service_cell(csv_file, header, only):
    path = csv_file("tanpa.csv", [header, GOOD.replace("Pelayanan kesehatan ibu hamil", "")])
    _at(only(validate_files(path).problems, "jenis pelayanan kosong"), path, 2,
        "Jenis Pelayanan Dasar")


def test_file_with_headings_but_no_data(csv_file, header, only):
    path = csv_file("judul.csv", [header, ";;;;;;;"])
    _at(only(validate_files(path).problems, "tidak berisi baris data"), path, 1, None)


def test_completely_empty_file(csv_file, only):
    path = csv_file("nol.csv", [])
    _at(only(validate_files(path).problems, "Berkas kosong"), path, None, None)


def test_missing_file(tmp_path, only):
    path = tmp_path / "tidak-ada.xlsx"
    _at(only(validate_files(path).problems, "tidak ditemukan"), path, None, None)


def test_corrupt_xlsx(tmp_path, only):
    path = tmp_path / "rusak.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "bukan excel")
    _at(only(validate_files(path).problems, "rusak"), path, None, None)
    truncated = tmp_path / "terpotong.xlsx"
    truncated.write_bytes(b"PK\x03\x04 potongan")
    _at(only(validate_files(truncated).problems, "rusak"), truncated, None, None)


def test_old_xls_renamed_to_xlsx(tmp_path, only):
    path = tmp_path / "lama.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    problem = only(validate_files(path).problems, "Excel lama (.xls)")
    _at(problem, path, None, None)


def test_wrong_sheet_name_lists_the_sheets(xlsx_file, only):
    path = xlsx_file("lembar.xlsx", {"Capaian": [["x"]], "Mutu": [["y"]]})
    problem = only(validate_files(f"{path}#Capaian 2025").problems, "tidak ada")
    _at(problem, path, None, None, "Capaian 2025")
    assert "'Capaian', 'Mutu'" in problem.message


def test_unknown_alias_key_is_reported(csv_file, header, only):
    path = csv_file("ok.csv", [header, GOOD])
    problem = only(validate_files(path, aliases={"sasaran_x": ["Bumil"]}).problems, "sasaran_x")
    assert problem.location.key == "data.alias_kolom.sasaran_x"


def test_mutu_table_rules(csv_file, only):
    path = csv_file("mutu.csv", [
        "Kode Wilayah;Tahun;Kode Layanan;Jenis Mutu;Uraian;Satuan;Target;Terpenuhi",
        "65.01;2025;K-KES-1;Barang/Jasa;Buku KIA;buah;100;120",
        "65.01;2025;K-KES-1;Alat;Timbangan;buah;10;5"])
    result = validate_files(path)
    assert result.kind == "mutu"
    _at(only(result.problems, "Terpenuhi (120)"), path, 2, "Terpenuhi")
    _at(only(result.problems, "Jenis mutu 'Alat'"), path, 3, "Jenis Mutu")


def test_strict_turns_warnings_into_errors(csv_file, header):
    path = csv_file("lebih.csv", [header, GOOD.replace(";950", ";1.200")])
    result = validate_files(path, strict=True)
    assert [p.severity for p in result.problems] == ["error"]
    with pytest.raises(DataError):
        raise_for(result.problems)


def test_raise_for_carries_every_problem_of_the_run(csv_file, header):
    path = csv_file("banyak.csv", [header, GOOD.replace(";950", ";1.200"),
                                   GOOD.replace("1.000", "abc").replace("Selor", "X")])
    result = validate_files(path)
    with pytest.raises(DataError) as caught:
        raise_for(result.problems)
    assert caught.value.problems == result.problems
    assert caught.value.exit_code == 2
    text = caught.value.format_message()
    assert "1 galat, 1 peringatan" in text and "baris 3" in text and "banyak.csv" in text


def test_many_bad_cells_are_capped_with_a_summary(csv_file, header):
    lines = [header] + [GOOD.replace("1.000", "x").replace("Selor", f"U{i}") for i in range(30)]
    problems = validate_files(csv_file("banyak.csv", lines)).problems
    assert len(problems) == 21
    assert "masih ada 10 masalah serupa" in problems[-1].message


def test_limit_none_reports_every_bad_cell_and_rule_problems(csv_file, header):
    lines = [header] + [GOOD.replace("1.000", "x").replace("Selor", f"U{i}") for i in range(30)]
    problems = validate_files(csv_file("banyak.csv", lines), limit=None).problems
    assert len(problems) == 30
    assert not any("masih ada" in p.message for p in problems)
    assert sorted(p.location.row for p in problems) == list(range(2, 32))


def test_only_the_rows_shown_are_converted_but_every_row_is_counted(csv_file, header, monkeypatch):
    import pandas as pd

    lines = [header] + [GOOD.replace(";950", ";1.200").replace("Selor", f"U{i}") for i in range(500)]
    path = csv_file("lebih.csv", lines)
    converted = []
    to_dict = pd.DataFrame.to_dict

    def counting(self, *args, **kwargs):
        converted.append(len(self))
        return to_dict(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_dict", counting)
    problems = validate_files(path).problems
    over = [p for p in problems if "Terlayani" in p.message and "lebih besar" in p.message]
    assert [p.location.row for p in over] == list(range(2, 22))
    assert all(p.severity == "warning" for p in over)
    assert "masih ada 480 masalah serupa" in problems[-1].message
    assert sum(converted) < 100


def test_one_daerah_name_with_two_codes_is_warned(csv_file, header, only):
    path = csv_file("dua-kode.csv", [header, "65.01;Kabupaten Bulungan;2025;;Ibu Hamil;;100;90",
                                     "65.10;Kabupaten Bulungan;2025;;Ibu Bersalin;;100;90"])
    result = validate_files(path)
    problem = only(result.problems, "dua kode wilayah")
    assert result.ok and problem.severity == "warning"
    _at(problem, path, 3, "Kode Wilayah")


@pytest.mark.parametrize("label", ["Kab. Bulungan", "KABUPATEN", "Kabupaten Bulungan", "Capaian Kabupaten", "Kab/Kota"])
def test_a_subtotal_row_under_any_label_is_refused_before_it_doubles_the_figures(tmp_path, label):
    path = tmp_path / "puskesmas.csv"
    path.write_text("kode_wilayah,tahun,kode_layanan,unit,sasaran,terlayani\n"
                    "65.01,2025,K-KES-8,Tanjung Selor,1200,1000\n65.01,2025,K-KES-8,Sekatak,800,600\n"
                    f"65.01,2025,K-KES-8,{label},2000,1600\n65.01,2025,K-KES-1,Tanjung Selor,100,90\n",
                    encoding="utf-8")
    problems = [p for p in validate_files(path).problems if "baris jumlah" in p.message]
    assert len(problems) == 1 and problems[0].is_error and problems[0].location.row == 4
    assert label in problems[0].message


def test_units_that_merely_add_up_differently_are_not_subtotals(tmp_path):
    path = tmp_path / "puskesmas.csv"
    path.write_text("kode_wilayah,tahun,kode_layanan,unit,sasaran,terlayani\n"
                    "65.01,2025,K-KES-8,A,1200,1000\n65.01,2025,K-KES-8,B,800,600\n65.01,2025,K-KES-8,C,2000,1500\n",
                    encoding="utf-8")
    assert not [p for p in validate_files(path).problems if "baris jumlah" in p.message]
