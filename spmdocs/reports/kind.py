"""What a report kind is made of, and what flows between the pipeline's stages.

A :class:`ReportKind` is a config model, a composer, its narrative defaults and its example
config, plus ``prepare`` (the rows for the period → scores → composer inputs → document step of
that kind) and, for kinds that can be batched, ``units``. The pipeline hands ``prepare`` a
:class:`Job` and gets a :class:`Report` back; build, batch and the web page all go this way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from spmdocs.config import ReportBase, Unit
from spmdocs.errors import Problem
from spmdocs.render import Rendition
from spmdocs.yamlsrc import YamlSource


@dataclass
class Tables:
    """A report's validated data: capaian rows, optional mutu items and kegiatan, and warnings."""

    capaian: pd.DataFrame
    mutu: pd.DataFrame | None = None
    kegiatan: pd.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Job:
    """One document to make: its config (for a batch unit, the unit's copy) and its rows."""

    config: ReportBase
    src: YamlSource
    tables: Tables
    unit: Unit | None = None


@dataclass
class Report:
    """A composed report: what to render, a one-line summary, and the warnings met."""

    rendition: Rendition
    summary: str
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class BatchUnit:
    """A unit of a batch with the positions of its capaian rows (and mutu items) in the tables."""

    unit: Unit
    rows: tuple[int, ...]
    mutu_rows: tuple[int, ...] = ()


@dataclass(frozen=True)
class ReportKind:
    """One report kind: every part of it, checked when it is registered."""

    jenis: str
    config: type[ReportBase]
    compose: Callable
    prepare: Callable[[Job], Report]
    narrative_defaults: Path
    example: str
    """File name of the kind's working example in ``configs/``."""
    title: str
    """What the kind produces, for messages ("laporan tahunan")."""
    several_years: bool = False
    """Whether the kind reads data of several years (baselines, trends)."""
    units: Callable[[ReportBase, Tables], tuple[list[BatchUnit], list[Problem]]] | None = None
    """The batch units of a config's data and the planning's warnings; None: the kind cannot be batched."""
    unit_config: Callable[[ReportBase, Unit], ReportBase] | None = None
    """The config of one unit's document (the daerah set to the unit's); None keeps the config."""
    batch_only: bool = False
    """Whether the kind only makes sense as a batch (one document per unit)."""

    def config_of(self, config: ReportBase, unit: Unit) -> ReportBase:
        """The config one unit's document is made from."""
        return self.unit_config(config, unit) if self.unit_config is not None else config
