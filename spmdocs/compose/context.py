"""The figures narrative templates can use, built from one daerah's scores, and its Dasar Hukum.

Besides the figures themselves, the context names what a report should say about them: the
weakest and strongest bidang, the services below target with their gaps, the change from the
previous period when it is known, the regulation the scores follow (``dasar_penilaian``) and every
legal reference in the wording in force on the signing date (``regulasi``).
"""

from __future__ import annotations

import functools
import math
from datetime import date

from spmdocs.compose.measure import measuring
from spmdocs.compose.texts import NarrativeTexts
from spmdocs.fmt import score_style
from spmdocs.spm.catalog import Catalog
from spmdocs.spm.regulasi import load_regulasi
from spmdocs.spm.scoring import REGIMES, BidangScore, DaerahScore, LayananScore, ScoringRules, rumus


def sum_present(values) -> float:
    """The sum of the values that are present (NaN when none is)."""
    present = [v for v in values if v is not None and not math.isnan(v)]
    return math.fsum(present) if present else float("nan")


def percent_of(numerator: float, denominator: float) -> float | None:
    """numerator / denominator × 100, or None when either is missing or the denominator is 0."""
    if math.isnan(numerator) or math.isnan(denominator) or denominator == 0:
        return None
    return numerator / denominator * 100.0


def change(current: float | None, previous: float | None) -> float | None:
    """Points gained since the previous period (None when either side is missing)."""
    if current is None or previous is None:
        return None
    return current - previous


def scored_figures(compose):
    """Decorate a composer so its score figures print with the config's decimals and rounding,
    and its text is measured in the config's font.

    The composer's first argument carries the config; within it :func:`spmdocs.fmt.nilai` and the
    ``nilai`` narrative filter follow ``aturan_penilaian`` (the rules the kategori was decided by),
    and :mod:`spmdocs.compose.measure` measures with the TrueType files of ``tata_letak.huruf``.
    """
    @functools.wraps(compose)
    def wrapper(inputs, *args, **kwargs):
        config = inputs.config
        rules: ScoringRules = config.aturan_penilaian
        with score_style(rules.display_decimals, rules.rounding), measuring(config.tata_letak.font_files().files):
            return compose(inputs, *args, **kwargs)
    return wrapper


def layanan_context(layanan: LayananScore) -> dict:
    return {
        "kode": layanan.kode, "nama": layanan.nama, "opd": layanan.opd,
        "sasaran": layanan.sasaran, "terlayani": layanan.terlayani,
        "belum_terlayani": layanan.belum_terlayani,
        "capaian_penerima": layanan.capaian_penerima, "capaian_mutu": layanan.capaian_mutu,
        "nilai": layanan.nilai, "kategori": layanan.kategori,
        "anggaran": layanan.anggaran, "realisasi_anggaran": layanan.realisasi_anggaran,
    }


def _below(items, field: str, target: float = 100.0) -> list[LayananScore]:
    """Services whose ``field`` is below ``target``, lowest first."""
    below = [item for item in items if getattr(item, field) is not None and getattr(item, field) < target]
    return sorted(below, key=lambda item: getattr(item, field))


def bidang_context(bidang: BidangScore, catalog: Catalog, tahun: int, level: str | None = None,
                   tanggal: date | None = None, previous: BidangScore | None = None) -> dict:
    info = catalog.bidang(bidang.kode)
    anggaran = sum_present(item.anggaran for item in bidang.layanan)
    realisasi = sum_present(item.realisasi_anggaran for item in bidang.layanan)
    below = _below(bidang.layanan, "capaian_penerima")
    return {
        "kode": bidang.kode, "nama": bidang.nama, "nama_urusan": info.nama_urusan,
        "indeks": bidang.indeks, "kategori": bidang.kategori,
        "jumlah_layanan": len(bidang.layanan) + len(bidang.tanpa_data),
        "layanan": {item.kode: layanan_context(item) for item in bidang.layanan},
        "anggaran": anggaran, "realisasi_anggaran": realisasi,
        "persen_anggaran": percent_of(realisasi, anggaran),
        "regulasi": catalog.regulasi(bidang.kode, tahun, level, tanggal),
        "belum_tuntas": [item.nama for item in below],
        "di_bawah_target": [layanan_context(item) for item in below],
        "terendah": layanan_context(below[0]) if below else None,
        "mutu_belum_terpenuhi": [layanan_context(item) for item in _below(bidang.layanan, "capaian_mutu")],
        "tanpa_data": [catalog.get(kode).nama for kode in bidang.tanpa_data],
        "indeks_tahun_lalu": previous.indeks if previous else None,
        "perubahan_tahunan": change(bidang.indeks, previous.indeks if previous else None),
    }


def kepala_daerah(level: str | None, nama: str) -> str:
    """GUBERNUR, BUPATI or WALI KOTA, from the level and the daerah's name."""
    if level == "provinsi":
        return "GUBERNUR"
    return "WALI KOTA" if nama.lower().startswith("kota") else "BUPATI"


def penilaian_context(score: DaerahScore) -> dict:
    """The regulation ``score`` follows: its short name, full title and how nilai is formed."""
    regime = REGIMES[score.peraturan]
    return {"kode": regime.kode, "nama": regime.nama, "peraturan": regime.peraturan,
            "bobot": {"penerima": score.bobot.penerima, "mutu": score.bobot.mutu},
            "rumus": rumus(score.bobot)}


def _rank(bidang: dict) -> list[dict]:
    return sorted((b for b in bidang.values() if b["indeks"] is not None), key=lambda b: b["indeks"])


def report_context(score: DaerahScore, catalog: Catalog, nama: str, ibu_kota: str | None,
                   tanggal: date | None = None, previous: DaerahScore | None = None) -> dict:
    """Everything a narrative can refer to: daerah, tahun, indeks, bidang, layanan, anggaran.

    ``tanggal`` (the signing date) picks the wording of every legal reference; ``previous`` (the
    same daerah's scores of the year before) gives ``tahun_lalu`` and the changes.
    """
    before = previous.bidang_by_kode() if previous else {}
    bidang = {b.kode: bidang_context(b, catalog, score.tahun, score.level, tanggal, before.get(b.kode))
              for b in score.bidang}
    anggaran = sum_present(b["anggaran"] for b in bidang.values())
    realisasi = sum_present(b["realisasi_anggaran"] for b in bidang.values())
    ranked = _rank(bidang)
    layanan = score.layanan()
    below = _below(layanan, "capaian_penerima")
    mutu_target = sum_present(item.mutu_target for item in layanan)
    mutu_terpenuhi = sum_present(item.mutu_terpenuhi for item in layanan)
    return {
        "daerah": {"nama": nama, "kode_wilayah": score.kode_wilayah, "level": score.level,
                   "ibu_kota": ibu_kota or "", "kepala_daerah": kepala_daerah(score.level, nama)},
        "tahun": score.tahun,
        "triwulan": score.triwulan,
        "indeks": {"daerah": score.indeks, "kategori": score.kategori},
        "kategori": score.kategori,
        "bidang": bidang,
        "bidang_terendah": ranked[0] if ranked else None,
        "bidang_tertinggi": ranked[-1] if ranked else None,
        "layanan": {item.kode: layanan_context(item) for item in layanan},
        "jumlah_layanan": sum(b["jumlah_layanan"] for b in bidang.values()),
        "di_bawah_target": [layanan_context(item) for item in below],
        "jumlah_tuntas": sum(1 for item in layanan
                             if item.capaian_penerima is not None and item.capaian_penerima >= 100),
        "anggaran": {"alokasi": anggaran, "realisasi": realisasi, "persen": percent_of(realisasi, anggaran),
                     "ada": not math.isnan(anggaran)},
        "penerima": {"sasaran": sum_present(item.sasaran for item in layanan),
                     "terlayani": sum_present(item.terlayani for item in layanan),
                     "belum_terlayani": sum_present(item.belum_terlayani for item in layanan)},
        "mutu": {"target": mutu_target, "terpenuhi": mutu_terpenuhi,
                 "kekurangan": (None if math.isnan(mutu_target) else
                                sum_present(max(item.mutu_target - item.mutu_terpenuhi, 0.0) for item in layanan
                                            if not math.isnan(item.mutu_target)))},
        "jumlah_layanan_berdata": sum(1 for item in layanan if not math.isnan(item.sasaran)),
        "dasar_penilaian": penilaian_context(score),
        "regulasi": load_regulasi().pada(tanggal or date(score.tahun, 12, 31), score.level),
        "tahun_lalu": ({"tahun": previous.tahun, "indeks": previous.indeks, "kategori": previous.kategori}
                       if previous else None),
        "perubahan_tahunan": change(score.indeks, previous.indeks if previous else None),
    }


def dasar_hukum(texts: NarrativeTexts, catalog: Catalog, score: DaerahScore, tanggal: date) -> list[str]:
    """The numbered Dasar Hukum: the document's references, then the technical standards.

    The references are the narrative ``dasar_hukum`` items (packaged per report kind, each in the
    wording in force on ``tanggal``; a config may list its own). The technical standards are those
    of the services in the data, for the data's year and the daerah's level, in catalog order.
    Items left empty (a reference not yet in force) are dropped; each ends with ";" and the last
    with ".".
    """
    items = [item.strip().rstrip(";.").strip() for item in texts.items("dasar_hukum")]
    items = [item for item in items if item]
    for layanan in score.layanan():
        for text in catalog.regulasi_texts(layanan.kode, score.tahun, score.level, tanggal):
            if text not in items:
                items.append(text)
    return [f"{item}{'.' if i == len(items) else ';'}" for i, item in enumerate(items, 1)]
