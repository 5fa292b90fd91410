"""The figures narrative templates can use, built from one daerah's scores."""

from __future__ import annotations

import math

from spmdocs.spm.catalog import Catalog
from spmdocs.spm.scoring import BidangScore, DaerahScore, LayananScore


def sum_present(values) -> float:
    """The sum of the values that are present (NaN when none is)."""
    present = [v for v in values if v is not None and not math.isnan(v)]
    return math.fsum(present) if present else float("nan")


def percent_of(numerator: float, denominator: float) -> float | None:
    """numerator / denominator × 100, or None when either is missing or the denominator is 0."""
    if math.isnan(numerator) or math.isnan(denominator) or denominator == 0:
        return None
    return numerator / denominator * 100.0


def layanan_context(layanan: LayananScore) -> dict:
    return {
        "kode": layanan.kode, "nama": layanan.nama, "opd": layanan.opd,
        "sasaran": layanan.sasaran, "terlayani": layanan.terlayani,
        "belum_terlayani": layanan.belum_terlayani,
        "capaian_penerima": layanan.capaian_penerima, "capaian_mutu": layanan.capaian_mutu,
        "nilai": layanan.nilai, "kategori": layanan.kategori,
        "anggaran": layanan.anggaran, "realisasi_anggaran": layanan.realisasi_anggaran,
    }


def bidang_context(bidang: BidangScore, catalog: Catalog, tahun: int) -> dict:
    info = catalog.bidang(bidang.kode)
    anggaran = sum_present(item.anggaran for item in bidang.layanan)
    realisasi = sum_present(item.realisasi_anggaran for item in bidang.layanan)
    return {
        "kode": bidang.kode, "nama": bidang.nama, "nama_urusan": info.nama_urusan,
        "indeks": bidang.indeks, "kategori": bidang.kategori,
        "jumlah_layanan": len(bidang.layanan) + len(bidang.tanpa_data),
        "layanan": {item.kode: layanan_context(item) for item in bidang.layanan},
        "anggaran": anggaran, "realisasi_anggaran": realisasi,
        "persen_anggaran": percent_of(realisasi, anggaran),
        "regulasi": catalog.regulasi(bidang.kode, tahun),
        "belum_tuntas": [item.nama for item in bidang.layanan
                         if item.capaian_penerima is not None and item.capaian_penerima < 100],
        "tanpa_data": [catalog.get(kode).nama for kode in bidang.tanpa_data],
    }


def kepala_daerah(level: str | None, nama: str) -> str:
    """GUBERNUR, BUPATI or WALI KOTA, from the level and the daerah's name."""
    if level == "provinsi":
        return "GUBERNUR"
    return "WALI KOTA" if nama.lower().startswith("kota") else "BUPATI"


def report_context(score: DaerahScore, catalog: Catalog, nama: str, ibu_kota: str | None) -> dict:
    """Everything a narrative can refer to: daerah, tahun, indeks, bidang, layanan, anggaran."""
    bidang = {b.kode: bidang_context(b, catalog, score.tahun) for b in score.bidang}
    anggaran = sum_present(b["anggaran"] for b in bidang.values())
    realisasi = sum_present(b["realisasi_anggaran"] for b in bidang.values())
    return {
        "daerah": {"nama": nama, "kode_wilayah": score.kode_wilayah, "level": score.level,
                   "ibu_kota": ibu_kota or "", "kepala_daerah": kepala_daerah(score.level, nama)},
        "tahun": score.tahun,
        "triwulan": score.triwulan,
        "indeks": {"daerah": score.indeks, "kategori": score.kategori},
        "kategori": score.kategori,
        "bidang": bidang,
        "layanan": {item.kode: layanan_context(item) for item in score.layanan()},
        "jumlah_layanan": sum(b["jumlah_layanan"] for b in bidang.values()),
        "anggaran": {"alokasi": anggaran, "realisasi": realisasi, "persen": percent_of(realisasi, anggaran)},
    }
