"""The SPM Awards dossier: the IP-SPM trend, the self-assessment and the evidence it lists."""

from __future__ import annotations

from pathlib import Path

from spmdocs.compose.spm_award import DEFAULTS_FILE, AwardInputs, BuktiStatus, assess, compose_spm_award
from spmdocs.config import SpmAwardConfig, in_project, project_folder
from spmdocs.errors import ConfigError, Problem, raise_if_errors
from spmdocs.fmt import angka
from spmdocs.render import Appendix
from spmdocs.reports import common
from spmdocs.reports.kind import Job, Report, ReportKind, Tables
from spmdocs.spm.catalog import level_of
from spmdocs.yamlsrc import YamlSource


def inspect_evidence(config: SpmAwardConfig, src: YamlSource) -> tuple[list[BuktiStatus], list[Problem]]:
    """The status of every evidence file the config lists, in order, and a warning per unusable file."""
    statuses, warnings = [], []
    project = project_folder(src.path)
    for i, komponen in enumerate(config.komponen):
        for j, bukti in enumerate(komponen.bukti):
            path, where = bukti.berkas, src.location(("komponen", i, "bukti", j))
            judul = bukti.judul or path.stem
            if not in_project(path, src.path):
                warnings.append(Problem(f"berkas bukti dukung berada di luar folder proyek ({project}): {path}; "
                                        "salin berkas ke folder proyek (mis. bukti/) lalu tulis jalurnya "
                                        "relatif terhadap berkas konfigurasi", where))
                continue
            if not path.is_file():
                statuses.append(BuktiStatus(komponen.kode, path, judul, ada=False))
                warnings.append(Problem(f"berkas bukti dukung tidak ditemukan: {path}; dicantumkan "
                                        "'Tidak ada' pada daftar periksa", where, "warning"))
                continue
            if path.suffix.lower() != ".pdf":
                statuses.append(BuktiStatus(komponen.kode, path, judul, ada=True, catatan="bukan PDF"))
                warnings.append(Problem(f"bukti dukung {path.name} bukan berkas PDF; tidak digabungkan "
                                        "ke PDF dokumen", where, "warning"))
                continue
            pages = _pages(path)
            if pages:
                statuses.append(BuktiStatus(komponen.kode, path, judul, ada=True, halaman=pages))
            else:
                statuses.append(BuktiStatus(komponen.kode, path, judul, ada=True, catatan="PDF tidak terbaca"))
                warnings.append(Problem(f"bukti dukung {path.name} tidak dapat dibaca sebagai PDF (rusak, "
                                        "kosong atau terenkripsi); tidak digabungkan", where, "warning"))
    return statuses, warnings


def _pages(path: Path) -> int | None:
    """Pages of the evidence PDF at ``path``; None when it cannot be appended (damaged, encrypted,
    not a regular file, too big). Every pypdf failure counts: an AES-encrypted file needs a
    library spmdocs does not load, and must never become a traceback."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    from spmdocs import guard

    try:
        reader = PdfReader(io.BytesIO(guard.read_input(path)))
        return None if reader.is_encrypted else len(reader.pages)
    except (PyPdfError, DependencyError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError,
            AssertionError):
        return None


def award_inputs(config: SpmAwardConfig, src: YamlSource, tables: Tables) -> tuple[AwardInputs, list[Problem]]:
    """Everything the dossier is composed from, and the warnings met on the way.

    Every year up to ``config.tahun`` is scored for the trend, each by the period rule. Evidence
    files are inspected, never required: a missing one is a warning.
    """
    from spmdocs.spm.wilayah import anggota, nama_wilayah

    kode, tahun = config.daerah.kode_wilayah, config.tahun
    scoped, problems = common.rows_up_to_year(config, tables)
    if not ((scoped["kode_wilayah"].astype(str) == kode) & (scoped["tahun"] == tahun)).any():
        raise common.missing_daerah(config, tahun)
    scores = common.score(config, scoped, tables)
    tren = tuple(sorted((d for d in scores.daerah if d.kode_wilayah == kode), key=lambda d: d.tahun))
    provinsi = level_of(kode) == "provinsi"
    bukti, evidence_warnings = inspect_evidence(config, src)
    raise_if_errors(evidence_warnings, ConfigError)
    problems = problems + evidence_warnings
    for i, komponen in enumerate(assess(config.komponen, tren[-1].indeks).komponen):
        if komponen.skor is None:
            problems.append(Problem(f"komponen '{komponen.kode}' belum diberi skor; dihitung 0",
                                    src.location(("komponen", i, "skor")), "warning"))
    inputs = AwardInputs(config, src, scores, tren, common.catalog(),
                         anggota=tuple(anggota(kode)) if provinsi else (),
                         provinsi="" if provinsi else (nama_wilayah(kode.split(".")[0]) or ""),
                         bukti=tuple(bukti))
    return inputs, problems


def prepare(job: Job) -> Report:
    config, src, tables = job.config, job.src, job.tables
    inputs, warnings = award_inputs(config, src, tables)
    document, narrative = compose_spm_award(inputs)
    common.raise_narrative(narrative)
    own, bukti = inputs.score, inputs.bukti
    nama = config.daerah.nama or own.nama
    penilaian = assess(config.komponen, own.indeks)
    summary = (f"{nama} {config.tahun}: Indeks Pencapaian SPM {angka(own.indeks, 2)} ({own.kategori or '-'}); "
               f"nilai penilaian mandiri SPM Awards {angka(penilaian.total, 2)}; "
               f"bukti dukung {sum(b.ada for b in bukti)}/{len(bukti)} ada")
    appendix = tuple(Appendix(Path(item.berkas), item.judul, number)
                     for number, item in enumerate(bukti, 1) if item.digabung)
    return common.report(config, src, document, nama, summary, tables, warnings, appendix=appendix)


KIND = ReportKind(
    jenis="spm_award", config=SpmAwardConfig, compose=compose_spm_award, prepare=prepare,
    narrative_defaults=DEFAULTS_FILE, example="spm-award.yaml", title="berkas SPM Awards",
    several_years=True)
