"""The public Python API of spmdocs: what the command line does, for scripts and other front ends.

Every function goes through the same pipeline as the command line and raises the same located
errors, subclasses of :class:`spmdocs.errors.SpmdocsError` whose ``problems`` list each problem
with its :class:`~spmdocs.errors.Location` (file, sheet, row, column, YAML key, template part)
and whose ``exit_code`` is what the command line would exit with. Example::

    from spmdocs import api

    checked = api.validate(["data/capaian-2025.xlsx"])
    for problem in checked.problems:
        print(problem.severity, problem.location.row, problem.location.column, problem.message)

    result = api.build("configs/laporan-tahunan.yaml", formats=("docx", "pdf"), out_dir="keluaran")
    print(result.summary, result.outputs)

    def tick(record, reused, done, total):
        print(f"{done}/{total} {record.unit}: {record.status}")

    run = api.batch("configs/lampiran-opd.yaml", out_dir="keluaran/opd", progress=tick)
    print(len(run.failed), "unit gagal")
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from spmdocs.errors import ConfigError, DataError, Location, Problem, RenderError, SpmdocsError, TemplateError
from spmdocs.pipeline import BuildResult, Options
from spmdocs.render import FORMATS

__all__ = ["BuildResult", "ConfigError", "DataError", "Location", "Problem", "RenderError", "Scored",
           "SpmdocsError", "TemplateError", "batch", "build", "compose", "load_config", "score", "validate"]

PathLike = str | Path


def validate(paths: PathLike | Sequence[PathLike], kind: str | None = None, *, sheet: str | None = None,
             allow_years: bool = False, aliases: Mapping[str, Iterable[str]] | None = None,
             strict: bool = False, limit: int | None = 20, one_province: bool = False,
             aggregate: bool = False):
    """Read and check data files; every problem found, at once.

    Data of many provinsi (up to the whole country) is valid; ``one_province`` refuses daerah of
    more than one province (``spmdocs validate --cakupan provinsi``).

    Returns a result with ``frame`` (the canonical table), ``problems`` (errors and warnings, each
    located), ``errors``, ``warnings`` and ``ok``. Data problems are returned, not raised, so a
    front end can show them all; ``strict`` makes every warning an error. ``limit`` caps the
    problems listed per rule and column, as the command line does (None: every one).
    ``aggregate`` lets ``frame`` hold the rows summed per daerah × service (``rows_read`` then
    says how many rows were read), which lets large CSV files be checked in bounded memory.
    """
    from spmdocs.data.validate import validate_files

    return validate_files(paths, kind=kind, strict=strict, allow_years=allow_years, aliases=aliases, sheet=sheet,
                          limit=limit, one_province=one_province, aggregate=aggregate)


@dataclass(frozen=True)
class Scored:
    """The scores of a data set and the warnings met while reading it."""

    scores: object
    """A :class:`spmdocs.spm.scoring.ScoreResult`: every daerah with its index and kategori, its
    bidang and their services; ``spmdocs.spm.export.to_dict`` gives the JSON shape."""
    warnings: list[Problem]


def score(paths: PathLike | Sequence[PathLike], *, mutu: PathLike | Sequence[PathLike] | None = None,
          allow_years: bool = False, rules=None, one_province: bool = False) -> Scored:
    """Validate and score capaian data (optionally with mutu items); raises DataError on bad data.

    Every daerah in the data is scored, of one province or of the whole country;
    ``one_province`` refuses daerah of more than one province.
    """
    from spmdocs.data.validate import validate_files
    from spmdocs.errors import raise_if_errors
    from spmdocs.spm.scoring import score as score_rows

    loaded = validate_files(paths, kind="capaian", allow_years=allow_years, one_province=one_province,
                            aggregate=True)
    problems = list(loaded.problems)
    items = None
    if mutu:
        checked = validate_files(mutu, kind="mutu", allow_years=allow_years, one_province=one_province)
        problems += checked.problems
        items = checked.frame
    raise_if_errors(problems, DataError)
    return Scored(score_rows(loaded.frame, rules, items), problems)


def load_config(path: PathLike, data: Sequence[PathLike] | None = None):
    """The validated config at ``path`` and its YAML source; raises ConfigError listing every problem."""
    from spmdocs.pipeline import load

    return load(path, [Path(p) for p in data] if data else None)


def build(config: PathLike, *, formats: Sequence[str] = ("docx",), data: Sequence[PathLike] | None = None,
          out_dir: PathLike = "output", pdf_engine: str = "reportlab", strict: bool = False,
          pdfa: str | None = None, sign_p12: PathLike | None = None) -> BuildResult:
    """Build the report a config describes; returns the files written, the warnings and a summary.

    Nothing is written unless every format succeeded (previous files stay as they were). ``pdfa``
    ("2b") writes PDF/A; ``sign_p12`` signs every PDF with that certificate (its password in the
    environment variable ``SPMDOCS_P12_PASSWORD``).
    """
    from spmdocs.pipeline import build as run

    options = Options(tuple(formats), pdf_engine, strict, pdfa, _signing(sign_p12))
    return run(config, options, [Path(p) for p in data] if data else None, Path(out_dir))


def _signing(sign_p12: PathLike | None):
    if sign_p12 is None:
        return None
    from spmdocs.render.signing import sign_options

    return sign_options(Path(sign_p12))


def compose(config: PathLike, *, data: Sequence[PathLike] | None = None):
    """The report a config describes, composed but not rendered: nothing is written.

    Returns a :class:`spmdocs.reports.Report` (``rendition.document`` is the document model,
    ``summary``, ``warnings``). For a kind made per unit (``lampiran_opd``), the first unit's
    document. Raises the same located errors as :func:`build`.
    """
    from spmdocs import pipeline
    from spmdocs.reports import kind_of

    loaded, src = load_config(config, data)
    kind = kind_of(loaded)
    tables = pipeline.load_tables(loaded, kind.several_years or kind.batch_only)
    if not kind.batch_only:
        report = pipeline.make(loaded, src, tables)
    else:
        units, _ = kind.units(loaded, tables)
        if not units:
            raise DataError([Problem("data tidak memuat satu unit pun untuk dibuat", Location(key="unit_kolom"))])
        report = pipeline.make_unit(loaded, src, tables, units[0])
    report.warnings = pipeline.config_warnings(loaded, src) + report.warnings
    return report


class _Callback:
    """A progress callback ``f(record, reused, done, total)`` seen as the batch's Progress."""

    def __init__(self, function: Callable) -> None:
        self.function = function
        self.total = 0
        self.done = 0

    def start(self, total: int) -> None:
        self.total = total

    def advance(self, record, reused: bool) -> None:
        self.done += 1
        self.function(record, reused, self.done, self.total)


def batch(config: PathLike, *, data: Sequence[PathLike] | None = None, out_dir: PathLike | None = None,
          jobs: int | None = None, resume: bool = False, formats: Sequence[str] = FORMATS,
          make_zip: bool = False, pdf_engine: str = "reportlab", strict: bool = False,
          pdfa: str | None = None, sign_p12: PathLike | None = None, progress: Callable | None = None,
          executor: str = "lokal", scheduler: str | None = None):
    """One document per unit of the config; returns a BatchResult with every unit's record.

    ``executor="dask"`` builds the units on the Dask distributed cluster whose scheduler is at
    ``scheduler`` ("tcp://HOST:PORT"; needs ``pip install "spmdocs[dask]"``); the files, the
    manifest and resume are the same as with the local process pool (``"lokal"``, the default).

    ``progress(record, reused, done, total)`` is called as each unit finishes (in the calling
    process); an object with ``start(total)`` and ``advance(record, reused)`` works too. A unit's failure is in its record (``result.failed``); a problem with the whole run
    (bad config, unreadable data) raises.
    """
    from spmdocs.batch import run_batch

    return run_batch(Path(config), [Path(p) for p in data] if data else None,
                     Path(out_dir) if out_dir is not None else None, jobs, resume, tuple(formats), make_zip,
                     _progress(progress), pdf_engine=pdf_engine, strict=strict, pdfa=pdfa,
                     sign=_signing(sign_p12), executor=executor, scheduler=scheduler)


def _progress(progress):
    if progress is None or hasattr(progress, "advance"):
        return progress
    return _Callback(progress)
