"""The one registry of report kinds: ``jenis`` → its config model, composer, defaults, example, units.

Adding a report kind is its config model (``spmdocs/config/<kind>.py``), its composer
(``spmdocs/compose/<kind>.py``), its narrative defaults (``spmdocs/resources/narasi/``), its
example config (``configs/``) and a module here whose ``KIND`` is registered below.
:func:`register` refuses a kind missing a part, when the package is imported.
"""

from __future__ import annotations

import typing
from pathlib import Path

from spmdocs.config import REPORT_KINDS, ReportBase
from spmdocs.reports.kind import BatchUnit, Job, Report, ReportKind, Tables
from spmdocs.resources import project_folder

REGISTRY: dict[str, ReportKind] = {}
"""Every report kind by its ``jenis``."""

EXAMPLES = project_folder("configs")


class IncompleteKind(TypeError):
    """A report kind registered without one of its parts (a programming error, caught at import)."""


def register(kind: ReportKind) -> ReportKind:
    """Add ``kind`` to the registry after checking every part of it is there and agrees."""
    missing = []
    if not (isinstance(kind.config, type) and issubclass(kind.config, ReportBase)):
        missing.append("config model (a ReportBase subclass)")
    else:
        declared = typing.get_args(kind.config.model_fields["jenis"].annotation)
        if declared != (kind.jenis,):
            missing.append(f"config model whose jenis is Literal['{kind.jenis}']")
        if REPORT_KINDS.get(kind.jenis) is not kind.config:
            missing.append("config model registered in spmdocs.config.REPORT_KINDS")
    for part in ("compose", "prepare"):
        if not callable(getattr(kind, part)):
            missing.append(part)
    if not Path(kind.narrative_defaults).is_file():
        missing.append(f"narrative defaults file {kind.narrative_defaults}")
    if not (EXAMPLES / kind.example).is_file():
        missing.append(f"example config configs/{kind.example}")
    if kind.batch_only and kind.units is None:
        missing.append("units (a batch-only kind must say how it fans out)")
    if kind.jenis in REGISTRY:
        missing.append("a jenis not registered twice")
    if missing:
        raise IncompleteKind(f"report kind '{kind.jenis}' lacks: {'; '.join(missing)}")
    REGISTRY[kind.jenis] = kind
    return kind


def kind_of(config: ReportBase) -> ReportKind:
    """The registered kind of a validated config."""
    return REGISTRY[config.jenis]


def _register_all() -> None:
    from spmdocs.reports import lampiran_opd, laporan_tahunan, laporan_triwulan, rencana_aksi, spm_award

    for module in (laporan_tahunan, laporan_triwulan, rencana_aksi, spm_award, lampiran_opd):
        register(module.KIND)
    unregistered = set(REPORT_KINDS) - set(REGISTRY)
    if unregistered:
        raise IncompleteKind(f"config models without a report kind: {', '.join(sorted(unregistered))}")


_register_all()

__all__ = ["BatchUnit", "EXAMPLES", "IncompleteKind", "Job", "REGISTRY", "Report", "ReportKind", "Tables",
           "kind_of", "register"]
