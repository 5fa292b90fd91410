"""Reading CSV and XLSX files into the canonical table: encodings, sheets, headings, numbers."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest
import pandas as pd

from spmdocs.data.loader import empty_frame, load_table, split_sheet
from spmdocs.data.schema import CAPAIAN, SCHEMAS, SOURCE_COLUMNS, heading_key, normalize_heading

ROW = "65.01;Bulungan;2025;IV;Pelayanan kesehatan ibu hamil;Tanjung Selor;1.000;950"


def test_semicolon_csv_in_windows_1252(csv_file, header):
    path = csv_file("capaian.csv", [
        header, "65.04;Tana Tidung;2025;II;Ibu Hamil;Puskesmas Tideng Pale ‘Induk’ – Utara;120;96",
    ], encoding="cp1252")
    result = load_table(path)
    assert result.problems == []
    row = result.frame.iloc[0]
    assert row["unit"] == "Puskesmas Tideng Pale ‘Induk’ – Utara"
    assert row["kode_layanan"] == "K-KES-1"
    assert (row["sasaran"], row["terlayani"], row["triwulan"]) == (120.0, 96.0, 2)
    assert row["_row"] == 2 and row["_sheet"] is None and row["_file"] == str(path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_its_byte_order_mark_is_read(csv_file, header, encoding):
    """Excel's "Unicode Text" writes a BOM; some database and Windows exports do not."""
    path = csv_file("unicode.csv", [header, ROW.replace("Tanjung Selor", "Pkm Sebakis – ‘Induk’")],
                    encoding=encoding)
    result = load_table(path)
    assert result.problems == []
    assert result.frame.loc[0, "unit"] == "Pkm Sebakis – ‘Induk’"
    assert result.frame.loc[0, "sasaran"] == 1000


@pytest.mark.parametrize("content", [
    b"\x00\x01\x02\x03" * 200,                          # binary: zeros in both halves
    "Kode\x07Wilayah;Tahun\n".encode("utf-16-le") * 20,  # looks like UTF-16 but holds a bell
    b"K\x00o\x00" + b"\x00\xd8" * 40,                     # lone surrogates: not decodable
])
def test_binary_data_is_not_mistaken_for_utf16(tmp_path, content):
    path = tmp_path / "biner.csv"
    path.write_bytes(content)
    assert "bukan teks CSV (berisi data biner)" in load_table(path).problems[0].message


def test_comma_csv_with_utf8_bom_and_quoted_numbers(csv_file):
    path = csv_file("bom.csv", [
        "Kode Daerah;Tahun;Kode Layanan;Sasaran;Terlayani;Pagu;Realisasi",
        '65.01;2025;K-KES-2;"1.250";"1.200,5";"Rp1.250.000,00";"Rp 1.000.000"',
    ], encoding="utf-8-sig", delimiter=",")
    result = load_table(path)
    assert result.problems == []
    row = result.frame.iloc[0]
    assert row["kode_wilayah"] == "65.01"
    assert (row["sasaran"], row["terlayani"]) == (1250.0, 1200.5)
    assert (row["anggaran"], row["realisasi_anggaran"]) == (1250000.0, 1000000.0)


def test_canonical_columns_and_dtypes(csv_file, header):
    frame = load_table(csv_file("a.csv", [header, ROW])).frame
    assert list(frame.columns) == CAPAIAN.names + list(SOURCE_COLUMNS)
    assert str(frame["tahun"].dtype) == "Int64" and str(frame["triwulan"].dtype) == "Int64"
    for name in CAPAIAN.numeric:
        assert frame[name].dtype == "float64"
    assert frame.loc[0, "opd"] == "" and np.isnan(frame.loc[0, "anggaran"])
    assert frame.loc[0, "jenis_pelayanan"] == "Pelayanan kesehatan ibu hamil"


def test_csv_title_line_and_blank_lines_keep_editor_line_numbers(csv_file, header):
    path = csv_file("judul.csv", ["LAPORAN CAPAIAN SPM 2025", "", header, ROW, ";;;;;;;", "",
                                  ROW.replace("Tanjung Selor", "Salimbatu")])
    result = load_table(path)
    assert result.problems == []
    assert result.frame["_row"].tolist() == [4, 7]


def test_second_heading_for_the_same_column_is_ignored_with_a_warning(csv_file, only):
    path = csv_file("dua.csv", ["Kode Wilayah;Tahun;Kode Layanan;Sasaran;Jumlah Sasaran;Terlayani",
                                "65.01;2025;K-KES-1;100;999;90"])
    result = load_table(path)
    warning = only(result.problems, "'Jumlah Sasaran' diabaikan")
    assert warning.severity == "warning" and warning.location.column == "Jumlah Sasaran"
    assert result.frame.loc[0, "sasaran"] == 100


def test_xlsx_title_rows_above_the_header_keep_excel_row_numbers(xlsx_file):
    path = xlsx_file("capaian.xlsx", {"Capaian": [
        ["LAPORAN CAPAIAN SPM KABUPATEN BULUNGAN"],
        ["Tahun Anggaran 2025"],
        [],
        ["No", "Kode Wilayah", "Kabupaten/Kota", "Tahun", "TW", "Layanan", "OPD Pengampu",
         "Sub Unit", "SASARAN", "Terlayani Sesuai Standar", "Mutu Yang Harus Dipenuhi",
         "Mutu Terpenuhi", "Alokasi Anggaran (Rp)", "Realisasi Anggaran (Rp)"],
        [1, "65.01", "Bulungan", 2025, 4, "Ibu Hamil", "Dinas Kesehatan", "Pkm A", 1000, 950,
         4040, 3636, 1250000, 1000000],
        [2, None, None, None, None, None, None, None, None, None, None, None, None, None],
        [3, "65.01", "Bulungan", 2025, 4, "K-KES-2", "Dinas Kesehatan", "Pkm A", "1.000", "980",
         None, None, None, None],
    ]})
    result = load_table(path)
    assert result.problems == []
    frame = result.frame
    assert frame["_row"].tolist() == [5, 7]
    assert frame["_sheet"].tolist() == ["Capaian", "Capaian"]
    assert frame["kode_layanan"].tolist() == ["K-KES-1", "K-KES-2"]
    assert frame.loc[0, "mutu_terpenuhi"] == 3636 and frame.loc[0, "opd"] == "Dinas Kesehatan"
    assert frame.loc[1, "sasaran"] == 1000 and frame.loc[0, "unit"] == "Pkm A"


def test_xlsx_sheet_by_suffix_argument_or_first_visible(xlsx_file):
    rows = [["Kode Wilayah", "Tahun", "Kode Layanan", "Sasaran", "Terlayani"],
            ["65.02", 2025, "K-KES-1", 10, 9]]
    other = [["Kode Wilayah", "Tahun", "Kode Layanan", "Sasaran", "Terlayani"],
             ["65.03", 2025, "K-KES-1", 20, 19]]
    path = xlsx_file("book.xlsx", {"Petunjuk": [["isi lembar Data"]], "Data": rows,
                                   "Data TW II": other}, hidden=["Petunjuk"])
    assert load_table(path).frame["kode_wilayah"].tolist() == ["65.02"]
    assert load_table(f"{path}#Data TW II").frame["kode_wilayah"].tolist() == ["65.03"]
    assert load_table(path, sheet="Data TW II").frame["_sheet"].tolist() == ["Data TW II"]
    assert split_sheet(f"{path}#Data") == (path, "Data")


def test_numeric_kode_wilayah_typed_in_excel_keeps_two_digits(xlsx_file):
    path = xlsx_file("angka.xlsx", {"Data": [
        ["Kode Wilayah", "Tahun", "Kode Layanan", "Sasaran", "Terlayani"],
        [65.1, 2025, "K-KES-1", 10, 9], [65, 2025, "P-KES-1", 5, 5]]})
    assert load_table(path).frame["kode_wilayah"].tolist() == ["65.10", "65"]


def test_several_files_are_concatenated(csv_file, header):
    first = csv_file("a.csv", [header, ROW])
    second = csv_file("b.csv", [header, ROW.replace("Tanjung Selor", "Salimbatu")])
    frame = load_table([first, str(second)]).frame
    assert frame["_file"].tolist() == [str(first), str(second)]
    assert frame["unit"].tolist() == ["Tanjung Selor", "Salimbatu"]


def test_config_aliases_name_extra_headings(csv_file):
    path = csv_file("alias.csv", ["Kode Wilayah;Tahun;Kode Layanan;Jml Bumil;Bumil K4",
                                  "65.01;2025;K-KES-1;100;90"])
    assert not load_table(path).ok
    result = load_table(path, aliases={"sasaran": ["Jml Bumil"], "terlayani": ["BUMIL K-4"]})
    assert result.problems == []
    assert result.frame.loc[0, ["sasaran", "terlayani"]].tolist() == [100.0, 90.0]
    assert result.heading(str(path), None, "sasaran") == "Jml Bumil"


def test_capaian_heading_counts_only_without_a_terlayani_column(csv_file):
    counts = csv_file("c.csv", ["Kode Wilayah;Tahun;Kode Layanan;Sasaran;CAPAIAN",
                                "65.01;2025;K-KES-1;100;90"])
    assert load_table(counts).frame.loc[0, "terlayani"] == 90
    both = csv_file("d.csv", ["Kode Wilayah;Tahun;Kode Layanan;Sasaran;Terlayani;Capaian",
                              "65.01;2025;K-KES-1;100;90;90,00%"])
    result = load_table(both)
    assert result.problems == [] and result.frame.loc[0, "terlayani"] == 90


def test_total_row_under_the_table_is_skipped_with_a_warning(csv_file, header, only):
    path = csv_file("t.csv", [header, ROW, ";JUMLAH;;;;;1.000;950"])
    result = load_table(path)
    assert len(result.frame) == 1
    warning = only(result.problems, "Baris jumlah")
    assert warning.severity == "warning" and warning.location.row == 3


def test_kind_is_detected_from_headings(csv_file):
    mutu = csv_file("mutu.csv", [
        "Kode Wilayah;Tahun;Kode Layanan;Jenis Mutu;Uraian;Satuan;Target;Terpenuhi",
        "65.01;2025;K-KES-1;Barang/Jasa;Buku KIA;buah;1.000;900",
        "65.01;2025;K-KES-1;SDM;Bidan;orang;40;36"])
    result = load_table(mutu, kind=None)
    assert result.kind == "mutu" and result.problems == []
    assert result.frame["jenis_mutu"].tolist() == ["barang_jasa", "sdm"]
    assert list(result.frame.columns) == SCHEMAS["mutu"].names + ["_file", "_sheet", "_row"]


def test_kegiatan_table(csv_file):
    path = csv_file("keg.csv", [
        "Kode Wilayah;Tahun;Jenis Pelayanan;Kode Sub Kegiatan;Sub Kegiatan;Perangkat Daerah;"
        "Pagu;Realisasi",
        "65.01;2025;Ibu Hamil;1.02.02.2.02.0001;Pengelolaan Pelayanan Kesehatan Ibu Hamil;"
        "Dinas Kesehatan;Rp250.000.000;Rp200.000.000"])
    result = load_table(path, kind="kegiatan")
    assert result.problems == []
    row = result.frame.iloc[0]
    assert row["kode_sub_kegiatan"] == "1.02.02.2.02.0001" and row["anggaran"] == 250_000_000


def test_heading_normalization_ignores_case_spacing_and_punctuation():
    assert normalize_heading("  Alokasi_Anggaran (Rp) ") == "alokasi anggaran rp"
    match = CAPAIAN.match(["KODE  WILAYAH", "kabupaten / kota", "Tahun", "layanan",
                           "jumlah sasaran", "Jumlah yang terlayani", "alokasi anggaran"])
    assert set(match.columns) == {"kode_wilayah", "daerah", "tahun", "jenis_pelayanan",
                                  "sasaran", "terlayani", "anggaran"}


def test_no_alias_names_two_columns_of_one_kind():
    for schema in SCHEMAS.values():
        owners: dict[str, str] = {}
        for column in schema.columns:
            for alias in (column.name, column.label) + column.aliases + column.weak_aliases:
                key = heading_key(alias)
                assert owners.setdefault(key, column.name) == column.name, (schema.kind, alias)


def test_empty_frame_has_canonical_columns():
    frame = empty_frame("capaian")
    assert list(frame.columns) == CAPAIAN.names + ["_file", "_sheet", "_row"] and frame.empty


@pytest.mark.slow
def test_a_large_csv_loads_completely(tmp_path: Path):
    """Speed is measured by benchmarks/ as whole commands; here only that every row arrives."""
    n = 300_000
    rng = np.random.default_rng(0)
    pd.DataFrame({
        "Kode Wilayah": "65.01", "Tahun": 2025, "Triwulan": rng.integers(1, 5, n),
        "Kode Layanan": rng.choice(["K-KES-1", "K-KES-2", "K-DIK-1"], n),
        "Unit": np.arange(n).astype(str), "Sasaran": rng.integers(100, 1000, n),
        "Terlayani": rng.integers(0, 100, n), "Pagu": rng.integers(1, 10**6, n) * 1000,
    }).to_csv(tmp_path / "big.csv", sep=";", index=False)
    result = load_table(tmp_path / "big.csv")
    assert len(result.frame) == n and result.problems == []


@pytest.mark.parametrize("written, code", [
    ("65.01", "65.01"), ("65,01", "65.01"), ("65 . 01", "65.01"), ("32.1", "32.10"), ("32,1", "32.10"),
    ("65.00", "65"), ("65.0", "65"), ("65", "65"), ("6501", "6501"), ("65.01.02", "65.01.02"), ("x", "x"),
])
def test_region_code_spellings(written, code):
    from spmdocs.data.rows import region_code

    assert region_code(written) == code


def test_one_daerah_whatever_the_spelling_of_its_code(csv_file, header):
    """A code kept as a number in Excel ("32.1" for 32.10), a decimal comma, a province "65.00": one daerah each."""
    path = csv_file("ejaan.csv", [
        header,
        "32.10;Kabupaten Majalengka;2025;;Ibu Hamil;;100;90",
        "32.1;Kabupaten Majalengka;2025;;Ibu Bersalin;;100;80",
        "32,10;Kabupaten Majalengka;2025;;Bayi Baru Lahir;;100;70",
        "6501;Kabupaten Bulungan;2025;;Ibu Hamil;;100;90",
        "65.01;Kabupaten Bulungan;2025;;Ibu Bersalin;;100;90",
    ])
    result = load_table(path)
    assert result.problems == []
    assert result.frame["kode_wilayah"].tolist() == ["32.10"] * 3 + ["65.01"] * 2


def test_an_undotted_bps_code_is_not_counted_for_another_daerah(csv_file, header):
    # BPS 6502 is Bulungan; Kemendagri 65.02 is Malinau.
    path = csv_file("bps.csv", [header, "6502;Kabupaten Bulungan;2025;;Ibu Hamil;;100;90"])
    errors = [p for p in load_table(path).problems if p.severity == "error"]
    assert len(errors) == 1
    assert "65.01" in errors[0].message and "BPS" in errors[0].message
    assert (errors[0].location.row, errors[0].location.column) == (2, "Kode Wilayah")


@pytest.mark.parametrize("written, number", [
    ("2", 2), ("II", 2), ("TW II", 2), ("TW.3", 3), ("tw-2", 2), ("Triwulan 4", 4), ("Triwulan ke-2", 2),
    ("Triwulan ke IV", 4), ("TRW II", 2), ("Trw. III", 3), ("Trw I", 1), ("Kuartal ke-1", 1), ("Q2", 2), ("", None),
])
def test_triwulan_spellings(written, number):
    from spmdocs.data.rows import triwulan_number

    assert triwulan_number(written) == number


def test_a_text_that_is_no_triwulan_is_refused():
    from spmdocs.data.rows import triwulan_number

    with pytest.raises(ValueError):
        triwulan_number("Semester 1")


@pytest.mark.parametrize("label", ["Jml.", "Rekapitulasi", "Semua Puskesmas", "Kab. Bulungan (Total)", "Σ", "TOTAL:",
                                   "Kabupaten Bulungan", ""])
def test_a_total_row_of_the_units_is_never_counted_again(csv_file, header, label):
    """However the total of a service's Puskesmas rows is labelled (or not at all), it is left out with a warning."""
    path = csv_file("unit.csv", [
        header,
        "65.01;Kabupaten Bulungan;2025;;Ibu Hamil;Puskesmas Tanjung Selor;600;550",
        "65.01;Kabupaten Bulungan;2025;;Ibu Hamil;Puskesmas Tanjung Palas;400;350",
        f"65.01;Kabupaten Bulungan;2025;;Ibu Hamil;{label};1000;900",
    ])
    result = load_table(path)
    assert result.frame["sasaran"].tolist() == [600.0, 400.0]
    warned = [p for p in result.problems if p.severity == "warning" and p.location.row == 4]
    assert len(warned) == 1, result.problems


def test_a_blank_unit_row_that_is_no_total_is_kept_and_warned(csv_file, header):
    path = csv_file("unit.csv", [
        header,
        "65.01;Kabupaten Bulungan;2025;;Ibu Hamil;Puskesmas Tanjung Selor;600;550",
        "65.01;Kabupaten Bulungan;2025;;Ibu Hamil;;50;40",
        "65.01;Kabupaten Bulungan;2025;;Ibu Bersalin;;700;690",
    ])
    result = load_table(path)
    assert result.frame["sasaran"].tolist() == [600.0, 50.0, 700.0]
    warned = [p for p in result.problems if "tidak bernama unit" in p.message]
    assert [p.location.row for p in warned] == [3]


@pytest.mark.parametrize("label", ["Seluruh ibu hamil mendapat layanan", "Puskesmas Total Sehat Selor"])
def test_a_label_that_only_contains_a_total_word_is_a_row(csv_file, header, label):
    path = csv_file("unit.csv", [header, f"65.01;Kabupaten Bulungan;2025;;Ibu Hamil;{label};600;550"])
    assert load_table(path).frame["unit"].tolist() == [label]


def test_a_csv_wider_than_a_sheet_may_be_is_refused_naming_the_line(tmp_path):
    path = tmp_path / "lebar.csv"
    path.write_text(HEADER_LINE + "\n" + "65.01;Kab;2025;K-KES-1;10;9\n" * 40
                    + "65.01;Kab;2025;K-KES-1;10;9" + ";x" * 5000 + "\n")
    problems = load_table(path).problems
    assert len(problems) == 1 and "Baris 42 berisi 5.006 kolom" in problems[0].message


def test_thousands_of_empty_cells_after_the_table_are_dropped(tmp_path):
    path = tmp_path / "berbuntut.csv"
    path.write_text(HEADER_LINE + ";" * 5000 + "\n" + "65.01;Kab;2025;K-KES-1;10;9" + ";" * 5000 + "\n")
    result = load_table(path)
    assert [p for p in result.problems if p.severity == "error"] == []
    assert result.frame["sasaran"].tolist() == [10.0]


def test_a_message_lists_a_bounded_number_of_headings(tmp_path):
    path = tmp_path / "asing.csv"
    path.write_text(";".join(f"Kolom {i}" for i in range(900)) + "\n" + ";".join("1" * 900) + "\n")
    message = next(p.message for p in load_table(path).problems if "tidak ditemukan" in p.message)
    assert "'Kolom 29'" in message and "'Kolom 30'" not in message and "dan 870 judul lainnya" in message


HEADER_LINE = "Kode Wilayah;Nama Daerah;Tahun;Kode Layanan;Sasaran;Terlayani"


def test_us_grouped_counts_are_read_as_one_column(csv_file, header, only):
    path = csv_file("inggris.csv", [
        header,
        '65.01;Bulungan;2025;IV;Ibu Hamil;Tanjung Selor;"1,000,000";"800,000"',
        '65.01;Bulungan;2025;IV;Ibu Hamil;Salimbatu;"800,000";"12,345"',
    ], delimiter=",")
    result = load_table(path)
    assert result.frame["sasaran"].tolist() == [1_000_000, 800_000]
    assert result.frame["terlayani"].tolist() == [800_000, 12_345]
    assert all(p.severity == "warning" for p in result.problems)
    warned = only(result.problems, "Inggris")
    assert (warned.location.row, warned.location.column) == (3, "Jumlah Total Yang Harus Dilayani")


def test_a_percentage_typed_as_a_count_is_refused_naming_the_cell(csv_file, header, only):
    path = csv_file("persen.csv", [header, "65.01;Bulungan;2025;IV;Ibu Hamil;Tanjung Selor;1.000;95%"])
    problem = only(load_table(path).problems, "tanda persen")
    assert problem.severity == "error"
    assert (problem.location.row, problem.location.column) == (2, "Jumlah Yang Terlayani")


def test_other_data_sheets_of_the_same_table_are_never_silently_left_out(xlsx_file, only):
    heading = ["Kode Wilayah", "Tahun", "Kode Layanan", "Sasaran", "Terlayani"]
    mutu = ["Kode Wilayah", "Tahun", "Kode Layanan", "Jenis Mutu", "Uraian", "Target", "Terpenuhi"]
    path = xlsx_file("tw.xlsx", {"TW I": [heading, ["65.02", 2025, "K-KES-1", 10, 9]],
                                 "TW II": [heading, ["65.02", 2025, "K-KES-1", 20, 19]],
                                 "Arsip": [heading, ["65.02", 2024, "K-KES-1", 5, 5]],
                                 "Mutu SPM": [mutu]}, hidden=["Arsip"])
    result = load_table(path)
    assert result.frame["sasaran"].tolist() == [10]
    warned = only(result.problems, "juga berisi tabel")
    assert warned.severity == "warning" and warned.location.sheet == "TW I"
    assert "Lembar 'TW II' " in warned.message and "'tw.xlsx#TW II'" in warned.message
    assert "Arsip" not in warned.message and "Mutu" not in warned.message
    assert not load_table(f"{path}#TW II").problems


def test_a_pipe_separated_export_is_read(csv_file, header):
    result = load_table(csv_file("pipa.txt", [header, ROW], delimiter="|"))
    assert result.problems == []
    assert result.frame[["sasaran", "terlayani"]].iloc[0].tolist() == [1000, 950]


@pytest.mark.parametrize("name, part, expected", [
    ("rekap.xlsb", "xl/workbook.bin", "Excel biner (.xlsb)"),
    ("capaian.xlsx", "word/document.xml", "dokumen Word, bukan lembar kerja"),
    ("capaian.xlsx", "ppt/presentation.xml", "presentasi PowerPoint, bukan lembar kerja"),
])
def test_an_office_file_of_another_kind_is_named_not_called_a_damaged_workbook(tmp_path, name, part, expected):
    import zipfile

    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    message = load_table(path).problems[0].message
    assert expected in message and "rusak" not in message


# --- cells typed by their format: a percentage, a date, where a count belongs ----------------------

def _typed_workbook(path, fmt: str, value, column: str = "terlayani"):
    from openpyxl import Workbook

    heads = ["kode_wilayah", "tahun", "kode_layanan", "sasaran", "terlayani"]
    book = Workbook()
    sheet = book.active
    sheet.append(heads)
    sheet.append(["65.01", 2025, "K-KES-1", 1200, 1000])
    sheet.append(["65.01", 2025, "K-KES-2", 800, 600])
    cell = sheet.cell(row=2, column=heads.index(column) + 1, value=value)
    cell.number_format = fmt
    book.save(path)
    return path


@pytest.mark.parametrize("fmt", ["0%", "0.00%", "#,##0.0%"])
def test_a_count_typed_as_a_percentage_is_refused_as_the_text_85_percent_is(tmp_path, fmt, only):
    """0,85 formatted 0% shows "85%": read as 0,85 orang, it made a 0,07% capaian silently."""
    problem = only(load_table(_typed_workbook(tmp_path / "persen.xlsx", fmt, 0.85)).problems, "tanda persen")
    assert problem.severity == "error" and "85%" in problem.message
    assert (problem.location.row, problem.location.column) == (2, "terlayani")


def test_a_count_typed_as_a_date_says_so_in_bahasa_indonesia(tmp_path, only):
    from datetime import datetime

    problem = only(load_table(_typed_workbook(tmp_path / "tanggal.xlsx", "dd/mm/yyyy", datetime(1903, 4, 14),
                                              "sasaran")).problems, "berformat tanggal")
    message = problem.message
    assert "berformat tanggal" in message and "14-04-1903" in message and "datetime" not in message


def test_an_ods_percentage_cell_in_a_count_column_is_refused_too(tmp_path, ods_file, only):
    path = ods_file("persen.ods", {"Data": [["kode_wilayah", "tahun", "kode_layanan", "sasaran", "terlayani"],
                                                        ["65.01", 2025, "K-KES-1", 1200, 1000]]})
    content = zipfile.ZipFile(path).read("content.xml").decode()
    content = content.replace('office:value-type="float" office:value="1000"', 'office:value-type="percentage" '
                              'office:value="0.85"', 1)
    rebuilt = tmp_path / "persen2.ods"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rebuilt, "w") as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == "content.xml" else source.read(info.filename))
    assert "85%" in only(load_table(rebuilt).problems, "tanda persen").message


def test_a_percentage_cell_reads_as_its_percentage_where_one_is_wanted():
    from spmdocs.data.numbers import PercentCell, parse_number

    assert parse_number(PercentCell(0.855)) == pytest.approx(85.5) and str(PercentCell(0.85)) == "85%"
    import pickle
    assert pickle.loads(pickle.dumps(PercentCell(0.5))).number == 50


def test_hidden_rows_and_columns_that_are_read_are_named(tmp_path, only):
    """Excel hides them, yet they count: a hidden unit row was summed, a hidden old column read."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["kode_wilayah", "tahun", "kode_layanan", "unit", "sasaran", "terlayani", "catatan"])
    for unit, target in (("A", 1000), ("B", 800), ("C", 500)):
        sheet.append(["65.01", 2025, "K-KES-8", unit, target, target - 100, "lama"])
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["G"].hidden = True
    book.save(tmp_path / "sembunyi.xlsx")
    result = load_table(tmp_path / "sembunyi.xlsx")
    warned = only(result.problems, "tersembunyi")
    assert warned.severity == "warning" and warned.location.row == 3
    assert "Baris tersembunyi 3" in warned.message and "kolom tersembunyi G" in warned.message
    assert len(result.frame) == 3  # read as before: the clerk decides
