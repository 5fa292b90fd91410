"""Scores as plain data: the JSON document and CSV rows of ``spmdocs score``.

Numbers are unrounded JSON numbers (missing values are null); the schema is documented in the
README: {"daerah": [{kode_wilayah, nama, tahun, indeks, kategori, peraturan (the scoring
regulation of that year), bobot, bidang: [{kode, nama, indeks,
kategori, layanan: [{kode, nama, sasaran, terlayani, capaian_penerima, capaian_mutu, nilai,
kategori}]}]}]}.
"""

from __future__ import annotations

import csv
import io
import json
import math

from spmdocs.fmt import csv_cell
from spmdocs.spm.scoring import ScoreResult


def _number(value):
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def to_dict(result: ScoreResult) -> dict:
    """The score result as the documented JSON structure."""
    return {
        "aturan": result.rules.model_dump(mode="json"),
        "daerah": [
            {
                "kode_wilayah": d.kode_wilayah, "nama": d.nama, "tahun": d.tahun,
                "triwulan": d.triwulan, "level": d.level,
                "indeks": _number(d.indeks), "kategori": d.kategori,
                "peraturan": d.peraturan, "bobot": d.bobot.model_dump(),
                "bidang": [
                    {
                        "kode": b.kode, "nama": b.nama, "indeks": _number(b.indeks),
                        "kategori": b.kategori, "tanpa_data": list(b.tanpa_data),
                        "layanan": [
                            {
                                "kode": s.kode, "nama": s.nama, "opd": s.opd,
                                "sasaran": _number(s.sasaran), "terlayani": _number(s.terlayani),
                                "mutu_target": _number(s.mutu_target),
                                "mutu_terpenuhi": _number(s.mutu_terpenuhi),
                                "capaian_penerima": _number(s.capaian_penerima),
                                "capaian_mutu": _number(s.capaian_mutu),
                                "nilai": _number(s.nilai), "kategori": s.kategori,
                                "anggaran": _number(s.anggaran),
                                "realisasi_anggaran": _number(s.realisasi_anggaran),
                                "catatan": s.catatan,
                            }
                            for s in b.layanan
                        ],
                    }
                    for b in d.bidang
                ],
            }
            for d in result.daerah
        ],
    }


def to_json(result: ScoreResult) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, indent=2)


CSV_COLUMNS = ("kode_wilayah", "daerah", "tahun", "triwulan", "bidang", "kode_layanan", "jenis_pelayanan",
               "sasaran", "terlayani", "capaian_penerima", "capaian_mutu", "nilai", "kategori",
               "indeks_bidang", "kategori_bidang", "indeks_daerah", "kategori_daerah", "peraturan")


def to_csv(result: ScoreResult) -> str:
    """One row per service with its bidang and daerah index (unrounded, '.' decimal point).

    Texts a spreadsheet would run as a formula (a daerah named "=HYPERLINK(…)") are written as text
    (:func:`spmdocs.fmt.csv_cell`); numbers stay numbers.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for d in result.daerah:
        for b in d.bidang:
            for s in b.layanan:
                writer.writerow([
                    *map(csv_cell, (d.kode_wilayah, d.nama)), d.tahun, d.triwulan or "",
                    *map(csv_cell, (b.kode, s.kode, s.nama)),
                    *("" if _number(v) is None else repr(_number(v)) for v in
                      (s.sasaran, s.terlayani, s.capaian_penerima, s.capaian_mutu, s.nilai)),
                    csv_cell(s.kategori or ""), "" if b.indeks is None else repr(b.indeks), csv_cell(b.kategori or ""),
                    "" if d.indeks is None else repr(d.indeks), csv_cell(d.kategori or ""), d.peraturan,
                ])
    return buffer.getvalue()
