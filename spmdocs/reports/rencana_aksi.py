"""The five-year Rencana Aksi Penerapan SPM: the tahun dasar's figures and the plan built on them."""

from __future__ import annotations

from spmdocs.compose.rencana_aksi import DEFAULTS_FILE, RencanaInputs, compose_rencana_aksi
from spmdocs.config import RencanaAksiConfig
from spmdocs.errors import ConfigError, DataError, Location, Problem, raise_if_errors
from spmdocs.fmt import angka, rupiah
from spmdocs.reports import common
from spmdocs.reports.kind import Job, Report, ReportKind
from spmdocs.spm.catalog import level_of


def prepare(job: Job) -> Report:
    """The baseline is the daerah's data of ``tahun`` (the tahun dasar); earlier years give the trend."""
    config, src, tables = job.config, job.src, job.tables
    catalog = common.catalog()
    kode, tahun = config.daerah.kode_wilayah, config.tahun
    level = level_of(kode)
    if level is None:
        raise ConfigError([Problem(f"kode wilayah '{kode}' bukan kode provinsi (65) atau kabupaten/kota (65.01)",
                                   src.location(("daerah", "kode_wilayah")))])
    raise_if_errors(config.plan_problems(src, {s.kode for s in catalog.services(level)}), ConfigError)
    capaian = tables.capaian
    own, warnings = common.rows_up_to_year(config, tables, with_members=False)
    if not (own["tahun"] == tahun).any():
        present = ", ".join(str(y) for y in sorted(set(capaian.loc[capaian["kode_wilayah"].astype(str) == kode,
                                                                    "tahun"].dropna())))
        raise DataError([Problem(f"data tidak memuat daerah {kode} untuk tahun dasar {tahun}"
                                 + (f"; tahun yang ada: {present}" if present else ""),
                                 Location(file=common.files_of(config), column="tahun"))])
    scores = common.score(config, own, tables)
    years = sorted((d for d in scores.daerah if d.kode_wilayah == kode), key=lambda d: d.tahun)
    document, narrative, plan = compose_rencana_aksi(
        RencanaInputs(config, src, years[-1], catalog, tuple(years[:-1]), tables.kegiatan))
    common.raise_narrative(narrative)
    nama = config.daerah.nama or years[-1].nama
    total = sum(v for v in plan.pagu() if v is not None)
    summary = (f"{nama}: Rencana Aksi {plan.years[0]}–{plan.years[-1]}, {len(plan.layanan)} jenis pelayanan, "
               f"capaian awal {tahun} indeks {angka(years[-1].indeks, 2)}, pagu indikatif {rupiah(total)}")
    return common.report(config, src, document, nama, summary, tables, warnings)


def compose(inputs: RencanaInputs):
    """The composer of the registry: the document and the narrative problems (the plan set aside)."""
    document, narrative, _ = compose_rencana_aksi(inputs)
    return document, narrative


KIND = ReportKind(
    jenis="rencana_aksi", config=RencanaAksiConfig, compose=compose, prepare=prepare,
    narrative_defaults=DEFAULTS_FILE, example="rencana-aksi.yaml", title="Rencana Aksi",
    several_years=True)
