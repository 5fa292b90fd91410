"""The build pipeline: config → data → scores → document → Word and PDF files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from spmdocs.errors import DataError, Location, Problem, RenderError, TemplateError, raise_if_errors

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


def safe_filename(text: str, limit: int = 120) -> str:
    """A file name safe on Windows and Linux: no separators, reserved or control characters."""
    cleaned = re.sub(r'[\x00-\x1f<>:"/\\|?*]+', "-", text)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .-")
    cleaned = re.sub(r"-{2,}", "-", cleaned)
    if re.fullmatch(r"(?i)(con|prn|aux|nul|com\d|lpt\d)(\..*)?", cleaned or ""):
        cleaned = f"_{cleaned}"
    return (cleaned or "dokumen")[:limit].rstrip(" .")


def load_tables(config) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None, list[Problem]]:
    """Load and validate the config's capaian, mutu and kegiatan files; raise on any error."""
    from spmdocs.data.validate import validate_files

    problems: list[Problem] = []
    frames = {}
    for kind in ("capaian", "mutu", "kegiatan"):
        paths = getattr(config.data, kind)
        if not paths:
            frames[kind] = None
            continue
        result = validate_files(paths, kind=kind, aliases=config.data.alias_kolom or None,
                                sheet=config.data.lembar)
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
    result.outputs = render_document(document, formats, out_dir, output_name(config, own.nama),
                                     config.templat_word, pdf_engine)
    return result


def index_summary(score) -> str:
    """One line for the terminal: daerah, year, index and kategori."""
    from spmdocs.fmt import angka

    if score.indeks is None:
        return f"{score.nama} {score.tahun}: indeks tidak dapat dihitung"
    return f"{score.nama} {score.tahun}: Indeks Pencapaian SPM {angka(score.indeks, 2)} ({score.kategori})"


def output_name(config, daerah: str) -> str:
    """The output file name (without extension) from the config's ``keluaran.nama_berkas``."""
    return safe_filename(config.keluaran.nama_berkas.format(
        jenis=config.jenis.replace("_", "-"), kode_wilayah=config.daerah.kode_wilayah, daerah=daerah,
        tahun=config.tahun))


BUILDERS = {"laporan_tahunan": build_annual}
"""The build function of every report kind, by its ``jenis``."""


def build_report(config_path: Path, formats: tuple[str, ...] = ("docx",), data: list[Path] | None = None,
                 out_dir: Path = Path("output"), pdf_engine: str = "reportlab") -> BuildResult:
    """Validate the config at ``config_path`` and build its report kind into ``out_dir``."""
    from spmdocs.config import load_config

    config, src = load_config(config_path, data)
    return BUILDERS[config.jenis](config, src, formats, out_dir, pdf_engine)


def render_document(document, formats: tuple[str, ...], out_dir: Path, name: str,
                    template: Path | None = None, pdf_engine: str = "reportlab") -> list[Path]:
    """Write ``document`` in every requested format; returns the paths written."""
    outputs = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError([Problem(f"folder keluaran tidak dapat dibuat ({exc.strerror})",
                                   Location(file=str(out_dir)))])
    docx_path = out_dir / f"{name}.docx"
    try:
        if "docx" in formats or pdf_engine == "libreoffice" and "pdf" in formats:
            from spmdocs.render.docx import render_docx

            outputs.append(render_docx(document, docx_path, template=template))
        if "pdf" in formats:
            if pdf_engine == "libreoffice":
                from spmdocs.render.libreoffice import convert_to_pdf

                outputs.append(convert_to_pdf(docx_path, out_dir / f"{name}.pdf"))
            else:
                from spmdocs.render.pdf import render_pdf

                outputs.append(render_pdf(document, out_dir / f"{name}.pdf"))
    except OSError as exc:
        raise RenderError([Problem(f"dokumen tidak dapat ditulis ({exc.strerror})",
                                   Location(file=str(exc.filename or out_dir)))])
    return outputs
