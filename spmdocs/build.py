"""``spmdocs build`` as it was called before the pipeline: kept for scripts that import it.

New code calls :mod:`spmdocs.pipeline` or the public :mod:`spmdocs.api`.
"""

from __future__ import annotations

from pathlib import Path

from spmdocs.fileio import safe_filename
from spmdocs.pipeline import BuildResult, Options, build, parse_formats
from spmdocs.render import FORMATS, PDF_ENGINES
from spmdocs.reports.laporan_triwulan import score_quarter
from spmdocs.reports.spm_award import award_inputs as _award_inputs

__all__ = ["BuildResult", "FORMATS", "PDF_ENGINES", "award_inputs", "build_report", "parse_formats",
           "safe_filename", "score_quarter"]


def build_report(config_path: Path, formats: tuple[str, ...] = ("docx",), data: list[Path] | None = None,
                 out_dir: Path = Path("output"), pdf_engine: str = "reportlab",
                 strict: bool = False, pdfa: str | None = None, sign=None) -> BuildResult:
    """Validate the config at ``config_path`` and build its report into ``out_dir`` (see :func:`build`)."""
    return build(config_path, Options(formats, pdf_engine, strict, pdfa, sign), data, out_dir)


def award_inputs(config, src):
    """The SPM Awards dossier's inputs and warnings, its data loaded as the pipeline does."""
    from spmdocs.pipeline import load_tables

    return _award_inputs(config, src, load_tables(config, several_years=True))
