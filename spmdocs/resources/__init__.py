"""Packaged data files: the SPM catalog, fonts, layout profiles, default narrative texts."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent
PACKAGE = ROOT.parent


def resource_path(*parts: str) -> Path:
    """Path of a packaged resource, e.g. ``resource_path("layouts", "tnd-f4.yaml")``."""
    return ROOT.joinpath(*parts)


def project_folder(name: str) -> Path:
    """The repository's ``templates`` or ``configs`` folder, or its copy installed with the package."""
    installed = PACKAGE / f"_{name}"
    return installed if installed.is_dir() else PACKAGE.parent / name


DEFAULT_WORD_TEMPLATE = project_folder("templates") / "laporan-spm.docx"
"""The Word template a report is drawn in when its config names none (``templat_word``)."""
