"""The build pipeline: config → data → scores → document → Word and PDF files."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from spmdocs.errors import (ConfigError, DataError, Location, Problem, RenderError, SpmdocsError, TemplateError,
                            raise_if_errors)
from spmdocs.fileio import os_reason, publish

FORMATS = ("docx", "pdf")
PDF_ENGINES = ("reportlab", "libreoffice")


@dataclass
class BuildResult:
    """What a build wrote, and the warnings met on the way."""

    outputs: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    summary: str = ""


def parse_formats(text: str) -> tuple[str, ...]:
    """``"docx,pdf"`` → ("docx", "pdf"); unknown names are a clear error."""
    wanted = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise DataError([Problem(f"format keluaran tidak dikenal: {', '.join(unknown) or '(kosong)'}; "
                                 f"pilihan: {', '.join(FORMATS)}", Location(key="--format"))],
                        headline="Pilihan perintah tidak valid")
    return wanted


def safe_filename(text: str, limit: int = 120, limit_bytes: int = 200) -> str:
    """A file name safe on Windows and Linux: no separators, reserved, control or invisible characters.

    At most ``limit`` characters and ``limit_bytes`` UTF-8 bytes, so that the name with its
    extension and the temporary suffix of an atomic write stays within the 255-byte file-name
    limit of common file systems.
    """
    text = "".join("-" if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in text)
    cleaned = re.sub(r'[<>:"/\\|?*]+', "-", text)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .-")
    cleaned = re.sub(r"-{2,}", "-", cleaned)
    if re.fullmatch(r"(?i)(con|prn|aux|nul|com\d|lpt\d)(\..*)?", cleaned or ""):
        cleaned = f"_{cleaned}"
    cleaned = (cleaned or "dokumen")[:limit]
    while len(cleaned.encode("utf-8")) > limit_bytes:
        cleaned = cleaned[:-1]
    return cleaned.rstrip(" .")


def load_tables(config, allow_years: bool = False
                ) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None, list[Problem]]:
    """Load and validate the config's capaian, mutu and kegiatan files; raise on any error.

    ``allow_years`` accepts data of several years (baselines and trends).
    """
    from spmdocs.data.validate import validate_files

    problems: list[Problem] = []
    frames = {}
    for kind in ("capaian", "mutu", "kegiatan"):
        paths = getattr(config.data, kind)
        if not paths:
            frames[kind] = None
            continue
        result = validate_files(paths, kind=kind, allow_years=allow_years,
                                aliases=config.data.alias_kolom or None, sheet=config.data.lembar)
        problems.extend(result.problems)
        frames[kind] = result.frame
    raise_if_errors(problems, DataError)
    return frames["capaian"], frames["mutu"], frames["kegiatan"], problems


def _scope(frame: pd.DataFrame, kode: str, tahun: int) -> pd.DataFrame:
    """Rows of the report's daerah and, for a province, of its kab/kota, in the report's year."""
    codes = frame["kode_wilayah"].astype(str)
    inside = (codes == kode) | codes.str.startswith(f"{kode}.")
    return frame[inside & (frame["tahun"] == tahun)]


def build_annual(config, src, formats: tuple[str, ...], out_dir: Path, pdf_engine: str) -> BuildResult:
    """Build the Laporan Penerapan SPM of a validated annual-report config into ``out_dir``."""
    from spmdocs.compose.laporan_tahunan import AnnualInputs, compose_annual
    from spmdocs.spm.catalog import load_catalog
    from spmdocs.spm.scoring import score

    capaian, mutu, kegiatan, warnings = load_tables(config)
    kode, tahun = config.daerah.kode_wilayah, config.tahun
    scoped = _scope(capaian, kode, tahun)
    if scoped.empty or not (scoped["kode_wilayah"].astype(str) == kode).any():
        files = ", ".join(str(p) for p in config.data.capaian)
        raise DataError([Problem(f"data tidak memuat daerah {kode} untuk tahun {tahun}",
                                 Location(file=files, column="kode_wilayah"))])
    if scoped["triwulan"].notna().any():
        last = int(scoped["triwulan"].max())
        scoped = scoped[scoped["triwulan"].isna() | (scoped["triwulan"] == last)]
    catalog = load_catalog()
    scores = score(scoped, config.aturan_penilaian, mutu, catalog)
    own = next(d for d in scores.daerah if d.kode_wilayah == kode)
    document, narrative = compose_annual(AnnualInputs(config, src, scores, own, catalog, mutu, kegiatan))
    raise_if_errors(narrative.problems, TemplateError)
    result = BuildResult(warnings=warnings, summary=index_summary(own))
    result.outputs = render_document(document, formats, out_dir, output_name(config, own.nama, src),
                                     config.templat_word, pdf_engine)
    return result


def index_summary(score) -> str:
    """One line for the terminal: daerah, year, index and kategori."""
    from spmdocs.fmt import angka

    if score.indeks is None:
        return f"{score.nama} {score.tahun}: indeks tidak dapat dihitung"
    return f"{score.nama} {score.tahun}: Indeks Pencapaian SPM {angka(score.indeks, 2)} ({score.kategori})"


def output_name(config, daerah: str, src=None) -> str:
    """The output file name (without extension) from the config's ``keluaran.nama_berkas``.

    A pattern with an unknown {placeholder} or a bad format is a ConfigError naming the key.
    """
    fields = {"jenis": config.jenis.replace("_", "-"), "kode_wilayah": config.daerah.kode_wilayah,
              "daerah": daerah, "tahun": config.tahun}
    try:
        return safe_filename(config.keluaran.nama_berkas.format(**fields))
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        key = ("keluaran", "nama_berkas")
        where = src.location(key) if src is not None else Location(key=".".join(key))
        reason = (f"penanda {{{exc.args[0]}}} tidak dikenal" if isinstance(exc, KeyError)
                  else f"pola nama berkas '{config.keluaran.nama_berkas}' tidak valid")
        raise ConfigError([Problem(f"{reason}; pilihan: " + ", ".join(f"{{{name}}}" for name in fields)
                                   + "; tulis {{ }} untuk kurung kurawal biasa", where)]) from None


BUILDERS = {"laporan_tahunan": build_annual}
"""The build function of every report kind, by its ``jenis``."""


def build_report(config_path: Path, formats: tuple[str, ...] = ("docx",), data: list[Path] | None = None,
                 out_dir: Path = Path("output"), pdf_engine: str = "reportlab",
                 strict: bool = False, pdfa: str | None = None, sign=None) -> BuildResult:
    """Validate the config at ``config_path`` and build its report kind into ``out_dir``.

    Documents are made in a temporary folder and copied into ``out_dir`` only when every
    requested format succeeded: a failed build leaves ``out_dir`` untouched. ``strict`` turns
    every warning into an error (and nothing is written). Every PDF is finished as PDF/A
    ``pdfa`` (or the config's ``keluaran.pdfa``) and signed with ``sign`` (a
    :class:`~spmdocs.render.signing.SignOptions`) when asked.
    """
    from spmdocs.config import load_config

    config, src = load_config(config_path, data)
    check_out_dir(out_dir)
    with tempfile.TemporaryDirectory(prefix="spmdocs-") as staging:
        result = BUILDERS[config.jenis](config, src, formats, Path(staging), pdf_engine)
        if strict and result.warnings:
            raise SpmdocsError([Problem(p.message, p.location, "error") for p in result.warnings],
                               headline="Peringatan diperlakukan sebagai galat (--strict)")
        try:
            from spmdocs.render.finish import finish_pdf

            for path in result.outputs:
                if path.suffix == ".pdf":
                    finish_pdf(path, pdfa or config.keluaran.pdfa, sign)
            result.outputs = publish(result.outputs, out_dir)
        except OSError as exc:
            raise RenderError([Problem(f"dokumen tidak dapat ditulis ke folder keluaran ({os_reason(exc)}); "
                                       "tidak ada berkas yang diubah",
                                       Location(file=str(exc.filename or out_dir)))]) from None
    return result


def check_out_dir(out_dir: Path) -> None:
    """Fail before any work when ``out_dir`` cannot be a folder to write in."""
    existing = Path(out_dir)
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        what = "folder keluaran" if existing == Path(out_dir) else "bagian jalur folder keluaran"
        raise RenderError([Problem(f"{what} adalah sebuah berkas, bukan folder; pilih folder lain dengan --out",
                                   Location(file=str(existing)))])
    if not os.access(existing, os.W_OK | os.X_OK):
        raise RenderError([Problem("folder keluaran tidak dapat ditulis (tidak ada izin tulis); pilih folder "
                                   "lain dengan --out", Location(file=str(existing)))])


def render_document(document, formats: tuple[str, ...], out_dir: Path, name: str,
                    template: Path | None = None, pdf_engine: str = "reportlab") -> list[Path]:
    """Write ``document`` in every requested format; returns the paths written."""
    outputs = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError([Problem(f"folder keluaran tidak dapat dibuat ({os_reason(exc)})",
                                   Location(file=str(out_dir)))])
    try:
        if "docx" in formats:
            from spmdocs.render.docx import render_docx

            outputs.append(render_docx(document, out_dir / f"{name}.docx", template=template))
        if "pdf" in formats:
            outputs.append(_render_pdf(document, out_dir, name, template, pdf_engine, outputs))
    except OSError as exc:
        raise RenderError([Problem(f"dokumen tidak dapat ditulis ({os_reason(exc)})",
                                   Location(file=str(exc.filename or out_dir)))])
    return outputs


def _render_pdf(document, out_dir: Path, name: str, template: Path | None, pdf_engine: str,
                written: list[Path]) -> Path:
    """The PDF by ReportLab, or by LibreOffice from the DOCX (made in a temp folder if not asked for)."""
    target = out_dir / f"{name}.pdf"
    if pdf_engine != "libreoffice":
        from spmdocs.render.pdf import render_pdf

        return render_pdf(document, target)
    import tempfile

    from spmdocs.render.docx import render_docx
    from spmdocs.render.libreoffice import convert_to_pdf

    docx = next((p for p in written if p.suffix == ".docx"), None)
    if docx is not None:
        return convert_to_pdf(docx, target)
    with tempfile.TemporaryDirectory(prefix="spmdocs-") as folder:
        return convert_to_pdf(render_docx(document, Path(folder) / f"{name}.docx", template=template),
                              target, refresh_docx=False)


def _latest_triwulan(frame: pd.DataFrame) -> pd.DataFrame:
    """Per daerah and year, the yearly rows or, for quarterly data, those of the last triwulan."""
    if "triwulan" not in frame or not frame["triwulan"].notna().any():
        return frame
    last = frame.groupby(["kode_wilayah", "tahun"])["triwulan"].transform("max")
    return frame[frame["triwulan"].isna() | (frame["triwulan"] == last)]


def inspect_evidence(config, src) -> tuple[list, list[Problem]]:
    """The status of every evidence file the config lists, in order, and a warning per unusable file."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from spmdocs.compose.spm_award import BuktiStatus

    from spmdocs.config import is_inside, project_folder

    statuses, warnings = [], []
    project = project_folder(config, src.path.resolve().parent)
    for i, komponen in enumerate(config.komponen):
        for j, bukti in enumerate(komponen.bukti):
            path, where = bukti.berkas, src.location(("komponen", i, "bukti", j))
            judul = bukti.judul or path.stem
            if not (is_inside(path, project) or is_inside(path, Path.cwd())):
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
            try:
                reader = PdfReader(path)
                pages = None if reader.is_encrypted else len(reader.pages)
            except (PdfReadError, OSError, ValueError):
                pages = None
            if pages:
                statuses.append(BuktiStatus(komponen.kode, path, judul, ada=True, halaman=pages))
            else:
                statuses.append(BuktiStatus(komponen.kode, path, judul, ada=True, catatan="PDF tidak terbaca"))
                warnings.append(Problem(f"bukti dukung {path.name} tidak dapat dibaca sebagai PDF (rusak, "
                                        "kosong atau terenkripsi); tidak digabungkan", where, "warning"))
    return statuses, warnings


def append_evidence(pdf: Path, bukti: list) -> Path:
    """Append the readable evidence PDFs after the dossier's pages, each with a bookmark and page labels.

    Bookmarks go under one "BUKTI DUKUNG" entry and carry the checklist number; the pages of
    evidence n are labelled "Bn-1", "Bn-2" … A file listed twice is appended once and both
    bookmarks point to it. The file is rewritten atomically.
    """
    from pypdf import PdfWriter
    from pypdf.constants import PageLabelStyle

    from spmdocs.fileio import atomic_path

    writer = PdfWriter(clone_from=pdf)
    parent = None
    appended: dict[Path, int] = {}
    for number, item in enumerate(bukti, 1):
        if not item.digabung:
            continue
        start = appended.get(item.berkas)
        if start is None:
            start = appended[item.berkas] = len(writer.pages)
            writer.append(item.berkas, import_outline=False)
            writer.set_page_label(start, len(writer.pages) - 1, style=PageLabelStyle.DECIMAL,
                                  prefix=f"B{number}-", start=1)
        if parent is None:
            parent = writer.add_outline_item(title="BUKTI DUKUNG", page_number=start)
        writer.add_outline_item(title=f"{number}. {item.judul}", page_number=start, parent=parent)
    if parent is None:
        return pdf
    try:
        with atomic_path(pdf) as tmp:
            writer.write(tmp)
    except OSError as exc:
        raise RenderError([Problem(f"bukti dukung tidak dapat digabungkan ({os_reason(exc)})",
                                   Location(file=str(pdf)))])
    return pdf


def award_inputs(config, src) -> tuple:
    """Everything the SPM Awards dossier is composed from, and the warnings met on the way.

    The capaian files may hold several years: every year up to ``config.tahun`` is scored for the
    trend (quarterly rows: the last triwulan of each year). Evidence files are inspected, never
    required: a missing one is a warning.
    """
    from spmdocs.compose.spm_award import AwardInputs, assess
    from spmdocs.spm.catalog import level_of, load_catalog
    from spmdocs.spm.scoring import score
    from spmdocs.spm.wilayah import anggota, nama_wilayah

    frame, mutu, _, problems = load_tables(config, allow_years=True)
    kode, tahun = config.daerah.kode_wilayah, config.tahun
    codes = frame["kode_wilayah"].astype(str)
    scoped = frame[((codes == kode) | codes.str.startswith(f"{kode}.")) & (frame["tahun"] <= tahun)]
    if not ((scoped["kode_wilayah"].astype(str) == kode) & (scoped["tahun"] == tahun)).any():
        files = ", ".join(str(p) for p in config.data.capaian)
        raise DataError([Problem(f"data tidak memuat daerah {kode} untuk tahun {tahun}",
                                 Location(file=files, column="kode_wilayah"))])
    catalog = load_catalog()
    scores = score(_latest_triwulan(scoped), config.aturan_penilaian, mutu, catalog)
    tren = tuple(sorted((d for d in scores.daerah if d.kode_wilayah == kode), key=lambda d: d.tahun))
    provinsi = level_of(kode) == "provinsi"
    bukti, evidence_warnings = inspect_evidence(config, src)
    raise_if_errors(evidence_warnings, ConfigError)
    problems += evidence_warnings
    for i, komponen in enumerate(assess(config.komponen, tren[-1].indeks).komponen):
        if komponen.skor is None:
            problems.append(Problem(f"komponen '{komponen.kode}' belum diberi skor; dihitung 0",
                                    src.location(("komponen", i, "skor")), "warning"))
    inputs = AwardInputs(config, src, scores, tren, catalog,
                         anggota=tuple(anggota(kode)) if provinsi else (),
                         provinsi="" if provinsi else (nama_wilayah(kode.split(".")[0]) or ""),
                         bukti=tuple(bukti))
    return inputs, problems


def build_spm_award(config, src, formats: tuple[str, ...], out_dir: Path, pdf_engine: str) -> BuildResult:
    """Build the SPM Awards dossier: DOCX, and one PDF with the listed evidence PDFs appended."""
    from spmdocs.compose.spm_award import assess, compose_spm_award
    from spmdocs.fmt import angka

    inputs, warnings = award_inputs(config, src)
    document, narrative = compose_spm_award(inputs)
    raise_if_errors(narrative.problems, TemplateError)
    own, bukti = inputs.score, inputs.bukti
    nama = config.daerah.nama or own.nama
    penilaian = assess(config.komponen, own.indeks)
    result = BuildResult(warnings=warnings, summary=(
        f"{nama} {config.tahun}: Indeks Pencapaian SPM {angka(own.indeks, 2)} ({own.kategori or '-'}); "
        f"nilai penilaian mandiri SPM Awards {angka(penilaian.total, 2)}; "
        f"bukti dukung {sum(b.ada for b in bukti)}/{len(bukti)} ada"))
    result.outputs = render_document(document, formats, out_dir, output_name(config, nama, src),
                                     config.templat_word, pdf_engine)
    for path in result.outputs:
        if path.suffix == ".pdf":
            append_evidence(path, list(bukti))
    return result


BUILDERS["spm_award"] = build_spm_award


def _named(config, **fields):
    """A copy of ``config`` whose file-name pattern has ``fields`` ({mulai}, {triwulan} …) filled in."""
    from spmdocs.config import Keluaran

    pattern = config.keluaran.nama_berkas
    for key, value in fields.items():
        pattern = pattern.replace(f"{{{key}}}", str(value))
    return config.model_copy(update={"keluaran": Keluaran(nama_berkas=pattern)})


def build_rencana_aksi(config, src, formats: tuple[str, ...], out_dir: Path, pdf_engine: str) -> BuildResult:
    """Build the Rencana Aksi Penerapan SPM of a validated plan config into ``out_dir``.

    The baseline is the daerah's data of ``tahun`` (the tahun dasar); earlier years in the data
    give the trend in BAB II, later years are ignored.
    """
    from spmdocs.compose.rencana_aksi import RencanaInputs, compose_rencana_aksi
    from spmdocs.errors import ConfigError
    from spmdocs.fmt import angka, rupiah
    from spmdocs.spm.catalog import level_of, load_catalog
    from spmdocs.spm.scoring import score

    catalog = load_catalog()
    kode, tahun = config.daerah.kode_wilayah, config.tahun
    level = level_of(kode)
    if level is None:
        raise ConfigError([Problem(f"kode wilayah '{kode}' bukan kode provinsi (65) atau kabupaten/kota (65.01)",
                                   src.location(("daerah", "kode_wilayah")))])
    raise_if_errors(config.plan_problems(src, {s.kode for s in catalog.services(level)}), ConfigError)
    capaian, mutu, kegiatan, warnings = load_tables(config, allow_years=True)
    own = capaian[(capaian["kode_wilayah"].astype(str) == kode) & (capaian["tahun"] <= tahun)]
    if not (own["tahun"] == tahun).any():
        present = ", ".join(str(y) for y in sorted(set(capaian.loc[capaian["kode_wilayah"].astype(str) == kode,
                                                                    "tahun"].dropna())))
        files = ", ".join(str(p) for p in config.data.capaian)
        raise DataError([Problem(f"data tidak memuat daerah {kode} untuk tahun dasar {tahun}"
                                 + (f"; tahun yang ada: {present}" if present else ""),
                                 Location(file=files, column="tahun"))])
    scores = score(_latest_triwulan(own), config.aturan_penilaian, mutu, catalog)
    years = sorted((d for d in scores.daerah if d.kode_wilayah == kode), key=lambda d: d.tahun)
    document, narrative, plan = compose_rencana_aksi(
        RencanaInputs(config, src, years[-1], catalog, tuple(years[:-1]), kegiatan))
    raise_if_errors(narrative.problems, TemplateError)
    nama = config.daerah.nama or years[-1].nama
    total = sum(v for v in plan.pagu() if v is not None)
    result = BuildResult(warnings=warnings, summary=(
        f"{nama}: Rencana Aksi {plan.years[0]}–{plan.years[-1]}, {len(plan.layanan)} jenis pelayanan, "
        f"capaian awal {tahun} indeks {angka(years[-1].indeks, 2)}, pagu indikatif {rupiah(total)}"))
    named = _named(config, mulai=plan.years[0], selesai=plan.years[-1])
    result.outputs = render_document(document, formats, out_dir, output_name(named, nama, src),
                                     config.templat_word, pdf_engine)
    return result


BUILDERS["rencana_aksi"] = build_rencana_aksi


def score_quarter(config, capaian: pd.DataFrame, mutu: pd.DataFrame | None = None):
    """(scores, this quarter, the previous quarter or None) of a quarterly config's daerah.

    Only the rows of the report's triwulan (cumulative by definition) and of the one before it
    (for the comparison) are scored; quarters are never added up. A province's kab/kota are
    scored too, for the lampiran.
    """
    from spmdocs.fmt import triwulan
    from spmdocs.spm.catalog import load_catalog
    from spmdocs.spm.scoring import score

    kode, tahun, tw = config.daerah.kode_wilayah, config.tahun, config.triwulan
    scoped = _scope(capaian, kode, tahun)
    own = scoped[scoped["kode_wilayah"].astype(str) == kode]
    present = sorted(int(t) for t in own["triwulan"].dropna().unique())
    if tw not in present:
        files = ", ".join(str(p) for p in config.data.capaian)
        found = (f"; triwulan yang ada: {', '.join(triwulan(t) for t in present)}" if present
                 else "; data tidak memiliki kolom triwulan berisi 1 sampai 4")
        raise DataError([Problem(f"data tidak memuat {triwulan(tw)} Tahun {tahun} untuk daerah {kode}{found}",
                                 Location(file=files, column="triwulan"))])
    scores = score(scoped[scoped["triwulan"].isin([tw, tw - 1])], config.aturan_penilaian, mutu, load_catalog())
    return scores, scores.find(kode, tahun, tw), scores.find(kode, tahun, tw - 1) if tw > 1 else None


def build_laporan_triwulan(config, src, formats: tuple[str, ...], out_dir: Path, pdf_engine: str) -> BuildResult:
    """Build the quarterly Laporan Penerapan SPM of a validated config into ``out_dir``."""
    from spmdocs.compose.laporan_triwulan import TriwulanInputs, compose_laporan_triwulan
    from spmdocs.fmt import angka, tanggal, triwulan
    from spmdocs.spm.catalog import load_catalog

    capaian, mutu, _, warnings = load_tables(config)
    scores, current, previous = score_quarter(config, capaian, mutu)
    document, narrative = compose_laporan_triwulan(
        TriwulanInputs(config, src, scores, current, previous, load_catalog()))
    raise_if_errors(narrative.problems, TemplateError)
    nama = config.daerah.nama or current.nama
    tahun, tw = config.tahun, config.triwulan
    result = BuildResult(warnings=warnings, summary=(
        f"{nama} {triwulan(tw)} {tahun}: Indeks Pencapaian SPM {angka(current.indeks, 2)} "
        f"({current.kategori or '-'}); batas input e-SPM {tanggal(config.batas_input.for_quarter(tahun, tw))}"))
    result.outputs = render_document(document, formats, out_dir,
                                     output_name(_named(config, triwulan=tw), nama, src),
                                     config.templat_word, pdf_engine)
    return result


BUILDERS["laporan_triwulan"] = build_laporan_triwulan


def build_lampiran_opd(config, src, formats: tuple[str, ...], out_dir: Path, pdf_engine: str) -> BuildResult:
    """Batch annexes are many documents; ``spmdocs build`` points the clerk to ``spmdocs batch``."""
    raise ConfigError([Problem("konfigurasi jenis 'lampiran_opd' menghasilkan satu lampiran per unit; "
                               "jalankan dengan perintah: spmdocs batch <berkas konfigurasi>",
                               src.location(("jenis",)))])


BUILDERS["lampiran_opd"] = build_lampiran_opd
