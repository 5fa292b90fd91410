"""The quarterly Laporan Penerapan SPM: the rows of the quarter and of the one before it."""

from __future__ import annotations

import pandas as pd

from spmdocs.compose.laporan_triwulan import DEFAULTS_FILE, TriwulanInputs, compose_laporan_triwulan
from spmdocs.config import LaporanTriwulanConfig
from spmdocs.data.period import in_wilayah, quarter_rows
from spmdocs.errors import DataError, Location, Problem
from spmdocs.fmt import angka, tanggal, triwulan as triwulan_label
from spmdocs.reports import common
from spmdocs.reports.kind import Job, Report, ReportKind


def score_quarter(config: LaporanTriwulanConfig, capaian: pd.DataFrame, mutu: pd.DataFrame | None = None):
    """(scores, this quarter, the previous quarter or None) of a quarterly config's daerah.

    Only the rows of the report's triwulan (cumulative by definition) and of the one before it
    (for the comparison) are scored; quarters are never added up. A province's kab/kota are
    scored too, for the lampiran.
    """
    kode, tahun, tw = config.daerah.kode_wilayah, config.tahun, config.triwulan
    scoped = capaian[in_wilayah(capaian, kode) & (capaian["tahun"] == tahun)]
    own = scoped[scoped["kode_wilayah"].astype(str) == kode]
    present = sorted(int(t) for t in own["triwulan"].dropna().unique())
    if tw not in present:
        found = (f"; triwulan yang ada: {', '.join(triwulan_label(t) for t in present)}" if present
                 else "; data tidak memiliki kolom triwulan berisi 1 sampai 4")
        raise DataError([Problem(f"data tidak memuat {triwulan_label(tw)} Tahun {tahun} untuk daerah {kode}{found}",
                                 Location(file=common.files_of(config), column="triwulan"))])
    rows = quarter_rows(scoped, tw, tw - 1)
    scores = common.score_rows(rows, config.aturan_penilaian, mutu, common.catalog())
    return scores, scores.find(kode, tahun, tw), scores.find(kode, tahun, tw - 1) if tw > 1 else None


def prepare(job: Job) -> Report:
    config, src, tables = job.config, job.src, job.tables
    scores, current, previous = score_quarter(config, tables.capaian, tables.mutu)
    document, narrative = compose_laporan_triwulan(
        TriwulanInputs(config, src, scores, current, previous, common.catalog()))
    common.raise_narrative(narrative)
    nama = config.daerah.nama or current.nama
    tahun, tw = config.tahun, config.triwulan
    summary = (f"{nama} {triwulan_label(tw)} {tahun}: Indeks Pencapaian SPM {angka(current.indeks, 2)} "
               f"({current.kategori or '-'}); batas input e-SPM "
               f"{tanggal(config.batas_input.for_quarter(tahun, tw))}")
    return common.report(config, src, document, nama, summary, tables, [])


KIND = ReportKind(
    jenis="laporan_triwulan", config=LaporanTriwulanConfig, compose=compose_laporan_triwulan,
    prepare=prepare, narrative_defaults=DEFAULTS_FILE, example="laporan-triwulan.yaml",
    title="laporan triwulan", units=common.daerah_units, unit_config=common.config_of_daerah)
