"""Files shaped like the ones clerks have: Dinkes exports, the sectioned e-SPM format, monthly and rekap tables.

Each test writes a file with the layout of a real export (public Dinkes and puskesmas
applications: "FORMAT SPM KEMENDAGRI", the A/B/C blocks of the SPM application, Jan … Des) and
asserts the figures it must give.
"""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from spmdocs.data.validate import validate_files
from spmdocs.spm.scoring import score

MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


@pytest.fixture
def workbook(tmp_path):
    """``workbook(name, rows, merges=())``: one sheet "Rekap SPM" with the rows and merged ranges."""
    def write(name, rows, merges=()):
        book = Workbook()
        sheet = book.active
        sheet.title = "Rekap SPM"
        for row in rows:
            sheet.append(list(row))
        for cells in merges:
            sheet.merge_cells(cells)
        path = tmp_path / name
        book.save(path)
        return path
    return write


def _figures(frame, *columns):
    return [tuple(row) for row in frame[list(columns)].itertuples(index=False)]


def _errors(result):
    return [str(p) for p in result.problems if p.is_error]


# --- the Dinkes "format SPM" export ----------------------------------------------------------

DINKES = [
    ["PEMERINTAH KABUPATEN MOROWALI UTARA"], ["DINAS KESEHATAN DAERAH"],
    ["CAPAIAN STANDAR PELAYANAN MINIMAL (SPM) BIDANG KESEHATAN"], ["PERIODE: Triwulan I 2025"], [""],
    ["REKAPITULASI HIPERTENSI - SELURUH PUSKESMAS"], [""],
    ["No", "Nama Puskesmas", "Kode", "Sasaran", "Realisasi", "% Capaian", "Status"],
    [1, "Puskesmas Kolonodale", "P01", 1000, 800, "80.00%", "TUNTAS"],
    [2, "Puskesmas Beteleme", "P02", 500, 250, "50.00%", "BELUM TUNTAS"],
    [""],
    ["", "TOTAL KABUPATEN MOROWALI UTARA", "", 1500, 1050, "70.00%", "BELUM TUNTAS"],
    [""], ["Keterangan:"], ["- Standar SPM: ≥80% = TUNTAS"], ["Dicetak pada: Senin, 19 Januari 2026"],
]


def test_dinkes_export_reads_realisasi_as_served_and_the_titles_as_daerah_period_service(workbook):
    """Sasaran 1.000, Realisasi 800, % Capaian 80: served 800 (80%), never 80 served (8%)."""
    result = validate_files(workbook("dinkes.xlsx", DINKES), kind="capaian")
    assert _errors(result) == []
    assert _figures(result.frame, "kode_wilayah", "tahun", "triwulan", "kode_layanan", "unit", "sasaran",
                    "terlayani") == [
        ("72.12", 2025, 1, "K-KES-8", "Puskesmas Kolonodale", 1000.0, 800.0),
        ("72.12", 2025, 1, "K-KES-8", "Puskesmas Beteleme", 500.0, 250.0)]
    total = [p for p in result.problems if "Baris jumlah" in p.message]
    assert len(total) == 1 and total[0].location.row == 12 and total[0].severity == "warning"
    layanan = score(result.frame).daerah[0].layanan()[0]
    assert layanan.capaian_penerima == pytest.approx(70.0)


def test_dinkes_columns_with_identity_columns_give_80_percent(csv_file):
    path = csv_file("dinkes.csv", [
        "Kode Wilayah;Tahun;Jenis Pelayanan;No;Nama Puskesmas;Kode;Sasaran;Realisasi;% Capaian;Status",
        "72.12;2025;Pelayanan Kesehatan Penderita Hipertensi;1;Puskesmas Kolonodale;P01;1000;800;80.00%;TUNTAS"])
    result = validate_files(path, kind="capaian")
    assert _errors(result) == []
    row = result.frame.iloc[0]
    assert (row["terlayani"], row["realisasi_anggaran"] != row["realisasi_anggaran"]) == (800.0, True)
    assert score(result.frame).daerah[0].layanan()[0].capaian_penerima == pytest.approx(80.0)


def test_a_percentage_that_disagrees_with_the_counts_is_an_error_by_row(csv_file, only):
    path = csv_file("beda.csv", [
        "Kode Wilayah;Tahun;Kode Layanan;Sasaran;Realisasi;% Capaian",
        "72.12;2025;K-KES-8;1000;800;80", "72.12;2025;K-KES-9;1000;800;8"])
    problem = only(validate_files(path, kind="capaian").problems, "berisi 8%")
    assert problem.is_error and problem.location.row == 3 and problem.location.column == "% Capaian"
    assert "800/1.000 = 80%" in problem.message and "data.alias_kolom" in problem.message


def test_excel_percent_cells_hold_fractions(workbook):
    rows = [["Kode Wilayah", "Tahun", "Kode Layanan", "Sasaran", "Terlayani", "Persentase"],
            ["65.01", 2025, "K-KES-1", 1000, 800, 0.8], ["65.01", 2025, "K-KES-2", 100, 120, 1.0]]
    assert _errors(validate_files(workbook("pecahan.xlsx", rows), kind="capaian")) == []


def test_belum_terlayani_is_checked_against_the_counts(csv_file, only):
    path = csv_file("belum.csv", ["Kode Wilayah;Tahun;Kode Layanan;Sasaran;Terlayani;Yang Belum Terlayani",
                                  "65.01;2025;K-KES-1;100;90;10", "65.01;2025;K-KES-2;100;90;20"])
    problem = only(validate_files(path, kind="capaian").problems, "Yang Belum Terlayani' berisi 20")
    assert problem.location.row == 3 and "= 10" in problem.message


# --- "Realisasi": served or budget ------------------------------------------------------------

def test_realisasi_beside_a_budget_without_terlayani_stops_and_names_alias_kolom(csv_file, only):
    path = csv_file("ambigu.csv", ["Kode Wilayah;Tahun;Kode Layanan;Sasaran;Realisasi;Alokasi Anggaran",
                                   "65.01;2025;K-KES-1;100;90;1000000"])
    result = validate_files(path, kind="capaian")
    problem = only(result.problems, "'Realisasi' dapat berarti")
    assert problem.is_error and problem.location.column == "Realisasi"
    assert "data.alias_kolom" in problem.message and result.frame.empty
    chosen = validate_files(path, kind="capaian", aliases={"terlayani": ["Realisasi"]})
    assert _errors(chosen) == [] and chosen.frame.loc[0, "terlayani"] == 90.0


def test_realisasi_beside_terlayani_and_a_budget_is_the_budget(csv_file):
    path = csv_file("anggaran.csv", ["Kode Wilayah;Tahun;Kode Layanan;Sasaran;Terlayani;Pagu;Realisasi",
                                     "65.01;2025;K-KES-1;100;90;1.000.000;750.000"])
    row = validate_files(path, kind="capaian").frame.iloc[0]
    assert (row["terlayani"], row["realisasi_anggaran"]) == (90.0, 750_000.0)


# --- monthly wide layout -----------------------------------------------------------------------

def test_monthly_columns_give_the_total_and_must_add_up(csv_file, only):
    path = csv_file("bulanan.csv", [
        "Kode Wilayah;Tahun;Uraian SPM;Jumlah Total Yang Harus Dilayani;Jumlah Yang Terlayani" + ";" * 12,
        ";;;;" + ";".join(MONTHS) + ";Total",
        "65.01;2025;Pelayanan Kesehatan Usia Lanjut;1200;" + ";".join(["100"] * 12) + ";1200",
        "65.01;2025;Pendidikan Usia Dini;500;" + ";".join(["10"] * 12) + ";130"])
    result = validate_files(path, kind="capaian")
    assert _figures(result.frame, "kode_layanan", "sasaran", "terlayani") == [
        ("K-KES-7", 1200.0, 1200.0), ("K-DIK-1", 500.0, 130.0)]
    problem = only(result.problems, "jumlah bulan")
    assert problem.is_error and problem.location.row == 4 and problem.location.column == "Total"
    assert "(120)" in problem.message and "(130)" in problem.message


def test_months_without_total_are_summed_and_cumulative_months_match_their_total(csv_file):
    path = csv_file("bulan.csv", [
        "Kode Wilayah;Tahun;Kode Layanan;Sasaran;" + ";".join(MONTHS),
        "65.01;2025;K-KES-1;100;" + ";".join(["5"] * 6 + [""] * 6)])
    result = validate_files(path, kind="capaian")
    assert _errors(result) == [] and result.frame.loc[0, "terlayani"] == 30.0
    cumulative = csv_file("kumulatif.csv", [
        "Kode Wilayah;Tahun;Kode Layanan;Sasaran;" + ";".join(MONTHS) + ";Total",
        "65.01;2025;K-KES-1;100;" + ";".join(str(10 * m) for m in range(1, 10)) + ";;;;90"])
    result = validate_files(cumulative, kind="capaian")
    assert _errors(result) == [] and result.frame.loc[0, "terlayani"] == 90.0


# --- the sectioned SPM application format (blocks A, B, C in one sheet) ------------------------

def _block(first: str, months_of: str, last: str, total: str = "Total") -> list[list]:
    return [["No", "Uraian SPM", "Satuan", first, months_of] + [None] * 12 + [last, "%"],
            [None] * 4 + MONTHS + [total, None, None]]


SECTIONED = (
    [["TAHUN 2025"], ["KABUPATEN BULUNGAN"], ["A. PERSENTASE PENCAPAIAN PENERIMA LAYANAN DASAR (80%)"]]
    + _block("Jumlah Total Yang Harus Dilayani", "Jumlah Yang Terlayani", "Yang Belum Terlayani")
    + [[1, "Pelayanan Kesehatan Ibu Hamil", "orang", 100] + [8] * 12 + [96, 4, "96%"],
       [2, "Pelayanan Kesehatan Usia Produktif", "orang", 1000] + [50] * 12 + [600, 400, "60%"],
       ["B. PERSENTASE PENCAPAIAN MUTU MINIMAL LAYANAN DASAR (20%)"]]
    + _block("Jumlah Mutu Yang Harus Dilayani / Dipenuhi", "Jumlah Mutu Yang Terlayani / Terpenuhi",
             "Mutu Yang Belum Terlayani / Terpenuhi")
    + [[1, "Pelayanan Kesehatan Ibu Hamil", None, 100] + [None] * 12 + [96, 4, "96%"],
       ["B.1.1", "Buku KIA", "buah", 100] + [None] * 12 + [90, 10, "90%"],
       ["B.1.2", "Bidan", "orang", 10] + [None] * 12 + [10, 0, "100%"],
       [2, "Pelayanan Kesehatan Usia Produktif", None, 1000] + [None] * 12 + [600, 400, "60%"],
       ["B.2.1", "Alat skrining", "paket", 20] + [None] * 12 + [15, 5, "75%"],
       ["C. ALOKASI ANGGARAN DAN REALISASI"]]
    + _block("Alokasi Anggaran (Rp.)", "Realisasi (Rp.)", "Selisih", "Jumlah")
    + [[1, "Pelayanan Kesehatan Ibu Hamil", None, 1_000_000] + [50_000] * 12 + [600_000, 400_000, "60%"],
       [2, "Pelayanan Kesehatan Usia Produktif", None, 2_000_000] + [None] * 12 + [1_000_000, 1_000_000, "50%"]])


def test_sectioned_format_gives_counts_mutu_and_budget_per_service(workbook):
    merges = ["A3:S3", "A8:S8", "A16:S16", "E4:Q4", "E9:Q9", "E17:Q17", "A4:A5", "B4:B5"]
    result = validate_files(workbook("blok.xlsx", SECTIONED, merges), kind="capaian")
    assert _errors(result) == []
    assert _figures(result.frame, "kode_wilayah", "tahun", "kode_layanan", "sasaran", "terlayani",
                    "mutu_target", "mutu_terpenuhi", "anggaran", "realisasi_anggaran") == [
        ("65.01", 2025, "K-KES-1", 100.0, 96.0, 110.0, 100.0, 1_000_000.0, 600_000.0),
        ("65.01", 2025, "K-KES-6", 1000.0, 600.0, 20.0, 15.0, 2_000_000.0, 1_000_000.0)]
    assert validate_files(workbook("blok2.xlsx", SECTIONED, merges)).kind == "capaian"
    nilai = {s.kode: s.nilai for s in score(result.frame).daerah[0].layanan()}
    assert nilai["K-KES-1"] == pytest.approx(0.8 * 96 + 0.2 * 100 / 110 * 100)
    assert nilai["K-KES-6"] == pytest.approx(0.8 * 60 + 0.2 * 75)


def test_sectioned_format_block_b_is_the_mutu_items_table(workbook):
    rows = ([["TAHUN 2025"], ["KABUPATEN BULUNGAN"], ["B. PERSENTASE PENCAPAIAN MUTU MINIMAL LAYANAN DASAR (20%)"]]
            + _block("Jumlah Mutu Yang Harus Dilayani / Dipenuhi", "Jumlah Mutu Yang Terlayani / Terpenuhi",
                     "Mutu Yang Belum Terlayani / Terpenuhi")
            + [[1, "Pelayanan Kesehatan Ibu Hamil"], ["B.1 BARANG / JASA"],
               ["1.1", "Buku KIA", "buah", 100] + [None] * 12 + [90, 10, "90%"],
               ["B.2 SUMBER DAYA MANUSIA (SDM)"],
               ["1.2", "Bidan", "orang", 10] + [None] * 12 + [10, 0, "100%"]])
    result = validate_files(workbook("mutu.xlsx", rows, ["A3:S3", "E4:Q4"]), kind="mutu")
    assert _errors(result) == []
    assert _figures(result.frame, "kode_layanan", "jenis_mutu", "uraian", "target", "terpenuhi") == [
        ("K-KES-1", "barang_jasa", "Buku KIA", 100.0, 90.0), ("K-KES-1", "sdm", "Bidan", 10.0, 10.0)]


# --- rekap tables: Provinsi | Kabupaten/Kota, subtotals, JUMLAH in the service column ----------

def test_rekap_names_each_kab_kota_and_leaves_out_every_subtotal(csv_file):
    path = csv_file("rekap.csv", [
        "Provinsi;Kabupaten/Kota;Tahun;Jenis Pelayanan;Puskesmas;Sasaran;Jumlah Total Yang Terlayani",
        "Kalimantan Utara;Kabupaten Bulungan;2025;Pelayanan kesehatan ibu hamil;Pkm Tanjung Selor;100;90",
        "Kalimantan Utara;Kabupaten Bulungan;2025;Pelayanan kesehatan ibu hamil;Pkm Salimbatu;50;40",
        "Kalimantan Utara;Kabupaten Bulungan;2025;Pelayanan kesehatan ibu hamil;Jumlah;150;130",
        "Kalimantan Utara;Kota Tarakan;2025;Pelayanan kesehatan ibu hamil;Pkm Karang Rejo;200;180",
        "Kalimantan Utara;Kota Tarakan;2025;Pelayanan kesehatan ibu hamil;Jumlah;200;180",
        "Kalimantan Utara;;2025;JUMLAH;;350;310"])
    result = validate_files(path, kind="capaian")
    assert _errors(result) == []
    assert _figures(result.frame, "kode_wilayah", "daerah", "unit", "terlayani") == [
        ("65.01", "Kabupaten Bulungan", "Pkm Tanjung Selor", 90.0),
        ("65.01", "Kabupaten Bulungan", "Pkm Salimbatu", 40.0),
        ("65.71", "Kota Tarakan", "Pkm Karang Rejo", 180.0)]
    assert sorted(p.location.row for p in result.problems if "Baris jumlah" in p.message) == [4, 6, 7]
    by_daerah = {d.kode_wilayah: d.layanan()[0].terlayani for d in score(result.frame).daerah}
    assert by_daerah == {"65.01": 130.0, "65.71": 180.0}


def test_service_merged_down_its_unit_rows_with_a_jumlah_row(workbook):
    rows = [["Kode Wilayah", "Tahun", "Jenis Pelayanan", "Puskesmas", "Sasaran", "Terlayani"],
            ["65.01", 2025, "Pelayanan Kesehatan Usia Produktif", "Pkm A", 100, 80],
            ["65.01", 2025, None, "Pkm B", 100, 60],
            ["65.01", 2025, None, "JUMLAH", 200, 140]]
    result = validate_files(workbook("gabung.xlsx", rows, ["C2:C4"]), kind="capaian")
    assert _errors(result) == []
    assert _figures(result.frame, "kode_layanan", "unit", "terlayani") == [
        ("K-KES-6", "Pkm A", 80.0), ("K-KES-6", "Pkm B", 60.0)]


def test_a_group_heading_row_names_the_service_of_the_rows_under_it(csv_file):
    path = csv_file("kelompok.csv", [
        "Kode Wilayah;Tahun;No;Jenis Pelayanan;Puskesmas;Sasaran;Terlayani",
        "65.01;2025;1;Pelayanan Kesehatan Usia Lanjut;;;",
        "65.01;2025;;;Pkm A;100;90", "65.01;2025;;;Pkm B;50;45", "65.01;2025;;;Sub Total;150;135",
        "65.01;2025;2;Pelayanan Kesehatan Balita;;;", "65.01;2025;;;Pkm A;30;30"])
    result = validate_files(path, kind="capaian")
    assert _errors(result) == []
    assert _figures(result.frame, "kode_layanan", "unit", "sasaran") == [
        ("K-KES-7", "Pkm A", 100.0), ("K-KES-7", "Pkm B", 50.0), ("K-KES-4", "Pkm A", 30.0)]


def test_service_wordings_in_use_are_accepted(csv_file):
    path = csv_file("nama.csv", [
        "Kode Wilayah;Tahun;Jenis Pelayanan;Sasaran;Terlayani",
        "65.01;2025;Pelayanan Kesehatan Usia Produktif;100;90",
        "65.01;2025;Pelayanan Kesehatan Usia Lanjut;100;90",
        "65.01;2025;Pendidikan Usia Dini;100;90",
        "65.01;2025;Cakupan Pelayanan Kesehatan ODGJ Berat;10;9"])
    result = validate_files(path, kind="capaian")
    assert _errors(result) == []
    assert result.frame["kode_layanan"].tolist() == ["K-KES-6", "K-KES-7", "K-DIK-1", "K-KES-10"]


def test_defaults_from_the_config_fill_what_neither_table_nor_titles_give(csv_file):
    path = csv_file("polos.csv", ["Jenis Pelayanan;Sasaran;Terlayani", "Ibu Hamil;100;90"])
    assert validate_files(path, kind="capaian").errors
    result = validate_files(path, kind="capaian", defaults={"kode_wilayah": "65.01", "tahun": 2025})
    assert _errors(result) == []
    assert _figures(result.frame, "kode_wilayah", "tahun", "kode_layanan") == [("65.01", 2025, "K-KES-1")]
