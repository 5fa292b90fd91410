"""The annual Laporan Penerapan SPM: the daerah's rows of the year, scored, composed."""

from __future__ import annotations

from spmdocs.compose.laporan_tahunan import DEFAULTS_FILE, AnnualInputs, compose_annual
from spmdocs.config import LaporanConfig
from spmdocs.data.period import latest_rows
from spmdocs.reports import common
from spmdocs.reports.kind import Job, Report, ReportKind


def prepare(job: Job) -> Report:
    config, src, tables = job.config, job.src, job.tables
    rows, warnings = common.rows_of_year(config, tables)
    catalog = common.catalog()
    scores = common.score(config, rows, tables)
    own = scores.find(config.daerah.kode_wilayah, config.tahun)
    document, narrative = compose_annual(AnnualInputs(config, src, scores, own, catalog, tables.mutu,
                                                      tables.kegiatan, previous_year(config, tables)))
    common.raise_narrative(narrative)
    nama = config.daerah.nama or own.nama
    return common.report(config, src, document, nama, common.index_summary(own), tables, warnings)


def previous_year(config, tables):
    """The daerah's score of the year before (for "the change from last year"), or None."""
    kode, tahun = config.daerah.kode_wilayah, config.tahun - 1
    frame = tables.capaian
    before, _ = latest_rows(frame[(frame["kode_wilayah"].astype(str) == kode) & (frame["tahun"] == tahun)])
    return common.score(config, before, tables).find(kode, tahun) if len(before) else None


KIND = ReportKind(
    jenis="laporan_tahunan", config=LaporanConfig, compose=compose_annual, prepare=prepare,
    narrative_defaults=DEFAULTS_FILE, example="laporan-tahunan.yaml", title="laporan tahunan",
    several_years=True, units=common.daerah_units, unit_config=common.config_of_daerah)
