"""The one pipeline every front end uses: config → data → rows for the period → score → compose →
render → publish.

``spmdocs build`` is :func:`build`; ``spmdocs batch`` plans units and runs :func:`make` for each;
the web page and scripts call the same functions through :mod:`spmdocs.api`. Each stage raises a
located :class:`~spmdocs.errors.SpmdocsError`; nothing is written before every stage succeeded.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from spmdocs.errors import (ConfigError, DataError, Location, Problem, RenderError, SpmdocsError,
                            raise_if_errors)
from spmdocs import guard
from spmdocs.fileio import os_reason, publish_files, stale_temporary
from spmdocs.render import FORMATS, PDF_ENGINES, Finishing, Output, write

STRICT_HEADLINE = "Peringatan diperlakukan sebagai galat (--strict)"


@dataclass(frozen=True)
class Options:
    """How documents are made: formats, the PDF engine, and whether warnings stop the build."""

    formats: tuple[str, ...] = ("docx",)
    pdf_engine: str = "reportlab"
    strict: bool = False
    pdfa: str | None = None
    """PDF/A level of every PDF ("2b"); None: the config's ``keluaran.pdfa``."""
    sign: object = None
    """A :class:`spmdocs.render.signing.SignOptions`: every PDF signed (PAdES) with it."""

    def __post_init__(self) -> None:
        unknown = [f for f in self.formats if f not in FORMATS]
        if unknown or not self.formats:
            raise DataError([Problem(f"format keluaran tidak dikenal: {', '.join(unknown) or '(kosong)'}; "
                                     f"pilihan: {', '.join(FORMATS)}", Location(key="--format"))],
                            headline="Pilihan perintah tidak valid")
        asked = [name for name, on in (("--pdfa", self.pdfa), ("--sign-p12", self.sign)) if on]
        if asked and "pdf" not in self.formats:
            raise DataError([Problem(f"pilihan {name} hanya berlaku untuk PDF; tambahkan pdf pada --format "
                                     "(mis. --format docx,pdf)", Location(key=name)) for name in asked],
                            headline="Pilihan perintah tidak valid")
        if self.pdf_engine not in PDF_ENGINES:
            raise DataError([Problem(f"mesin PDF '{self.pdf_engine}' tidak dikenal; pilihan: "
                                     f"{', '.join(PDF_ENGINES)}", Location(key="--pdf-engine"))],
                            headline="Pilihan perintah tidak valid")


@dataclass
class BuildResult:
    """What a build wrote, and the warnings met on the way."""

    outputs: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    summary: str = ""


def parse_formats(text: str) -> tuple[str, ...]:
    """``"docx,pdf"`` → ("docx", "pdf"); unknown names are a clear error."""
    wanted = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    return Options(formats=wanted).formats


# --- the stages -----------------------------------------------------------------------------------

def load(config_path: Path | str, data: list[Path] | None = None):
    """Stage 1: the validated config and its YAML source (``data`` replaces the capaian files)."""
    from spmdocs.config import load_config

    return load_config(config_path, data)


def load_tables(config, several_years: bool = False):
    """Stage 2: the config's capaian, mutu and kegiatan files, validated; raise on any error.

    ``several_years`` accepts data of several years (baselines, trends, batches over years).
    """
    from spmdocs.data.validate import validate_files
    from spmdocs.reports import Tables

    problems: list[Problem] = []
    frames = {}
    for kind in ("capaian", "mutu", "kegiatan"):
        paths = getattr(config.data, kind)
        if not paths:
            frames[kind] = None
            continue
        result = validate_files(paths, kind=kind, allow_years=several_years,
                                aliases=config.data.alias_kolom or None, sheet=config.data.lembar,
                                defaults=table_defaults(config))
        problems.extend(result.problems)
        frames[kind] = result.frame
    raise_if_errors(problems, DataError)
    return Tables(frames["capaian"], frames["mutu"], frames["kegiatan"], problems)


def table_defaults(config) -> dict:
    """What a data file without a kode_wilayah or tahun column is taken to be about: the report's."""
    return {"kode_wilayah": config.daerah.kode_wilayah, "tahun": config.tahun}


def config_warnings(config, src) -> list[Problem]:
    """Warnings about the config itself: placeholders left for the clerk ("NAMA BUPATI" …)."""
    from spmdocs.config.leftovers import leftover_placeholders

    return leftover_placeholders(config, src)


def make(config, src, tables, unit=None):
    """Stages 3–5 for one document: its kind picks the rows for the period, scores and composes."""
    from spmdocs.reports import Job, kind_of

    return kind_of(config).prepare(Job(config, src, tables, unit))


def make_unit(config, src, tables, batch_unit):
    """Stages 3–5 for one unit of a batch: the unit's config (the kind's ``unit_config``) and rows."""
    from spmdocs.reports import Tables, kind_of

    own = kind_of(config).config_of(config, batch_unit.unit)
    mutu = rows_at(tables.mutu, batch_unit.mutu_rows) if tables.mutu is not None else None
    return make(own, src, Tables(rows_at(tables.capaian, batch_unit.rows), mutu, tables.kegiatan),
                batch_unit.unit)


def rows_at(frame, positions):
    """The rows of ``frame`` at ``positions``, in that order.

    A unit's rows usually stand together in its file: consecutive positions are sliced (a view,
    some 0.05 ms), any others taken one by one (a copy of every column, some 0.3 ms per unit).
    """
    positions = list(positions)
    if positions and all(b == a + 1 for a, b in zip(positions, positions[1:])):
        return frame.iloc[positions[0]:positions[-1] + 1]
    return frame.iloc[positions]


def refuse_warnings(warnings: list[Problem], strict: bool) -> None:
    """With ``strict``, every warning is an error and nothing is published."""
    if strict and warnings:
        raise SpmdocsError([Problem(p.message, p.location, "error") for p in warnings], headline=STRICT_HEADLINE)


def render(report, options: Options, config=None) -> list[Output]:
    """Stage 6: the report's files in every requested format, in memory; PDFs finished as asked
    (PDF/A of ``options.pdfa`` or the config's ``keluaran.pdfa``, signed with ``options.sign``)."""
    return write(report.rendition, options.formats, options.pdf_engine, finishing(options, config))


def finishing(options: Options, config=None) -> Finishing:
    """How every PDF of a run is finished: its PDF/A level and signature."""
    configured = getattr(getattr(config, "keluaran", None), "pdfa", None)
    return Finishing(options.pdfa or configured, options.sign)


def publish(outputs: list[Output], out_dir: Path) -> list[Path]:
    """Stage 7: every file into ``out_dir`` or none of them; previous files unchanged on failure."""
    try:
        return publish_files({output.name: output.data for output in outputs}, out_dir)
    except OSError as exc:
        name = Path(exc.filename).name if exc.filename else ""
        target = Path(out_dir) / name if name and not name.startswith(".") else Path(out_dir)
        raise RenderError([Problem(f"dokumen tidak dapat ditulis ke folder keluaran ({os_reason(exc)}); "
                                   "tidak ada berkas yang diubah", Location(file=str(target)))]) from None


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


def input_files(config, src) -> list[tuple[tuple, Path]]:
    """Every file the config reads (its key, its path): the config itself, data, templates, logo,
    evidence, whatever key of the validated config holds a path."""
    found: list[tuple[tuple, Path]] = [((), Path(src.path))] if getattr(src, "path", None) else []

    def walk(value, key: tuple) -> None:
        if isinstance(value, Path):
            found.append((key, value))
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                walk(item, (*key, index))
        elif isinstance(value, dict):
            for name, item in value.items():
                walk(item, (*key, str(name)))
        elif hasattr(type(value), "model_fields"):
            for name in type(value).model_fields:
                walk(getattr(value, name, None), (*key, name))

    walk(config, ())
    return found


def refuse_overwriting_inputs(out_dir: Path, names, config, src, *, prefixes=()) -> None:
    """Fail before anything is written when an output (a name in ``names``, or any file whose name
    starts with one of ``prefixes``) would replace a file the config reads (a template, the data)."""
    folder = Path(out_dir)
    try:
        folder = folder.resolve()
    except OSError:
        return
    wanted = {str(n).casefold() for n in names}
    starts = tuple(str(p).casefold() for p in prefixes if p)
    problems = []
    for key, path in input_files(config, src):
        try:
            resolved = Path(path).resolve()
        except OSError:
            continue
        name = resolved.name.casefold()
        if resolved.parent == folder and (name in wanted or (starts and name.startswith(starts))):
            while key and isinstance(key[-1], int) and key not in src.lines:
                key = key[:-1]  # "capaian: a.csv", read as a list of one
            problems.append(Problem(f"keluaran akan menimpa berkas masukan {resolved}; pilih folder keluaran "
                                    "lain dengan --out (atau ganti nama berkas keluaran)",
                                    src.location(key) if key else Location(file=str(resolved))))
    raise_if_errors(problems, ConfigError)


# --- the whole job --------------------------------------------------------------------------------

def build(config_path: Path | str, options: Options = Options(), data: list[Path] | None = None,
          out_dir: Path | str = Path("output")) -> BuildResult:
    """Build the report the config at ``config_path`` describes into ``out_dir``.

    The documents are made in memory and published only when every format succeeded: a failed
    build leaves ``out_dir`` untouched. ``options.strict`` turns every warning into an error.
    """
    from spmdocs.reports import kind_of

    with stage("membaca konfigurasi"):
        config, src = load(config_path, data)
    kind = kind_of(config)
    if kind.batch_only:
        raise ConfigError([Problem(f"konfigurasi jenis '{kind.jenis}' menghasilkan satu lampiran per unit; "
                                   "jalankan dengan perintah: spmdocs batch <berkas konfigurasi>",
                                   src.location(("jenis",)))])
    out_dir = Path(out_dir)
    check_out_dir(out_dir)
    with stage("membaca data"):
        tables = load_tables(config, kind.several_years)
    with stage("menyusun laporan"):
        report = make(config, src, tables)
    report.warnings = config_warnings(config, src) + report.warnings
    refuse_warnings(report.warnings, options.strict)
    with stage("membuat dokumen"):
        outputs = render(report, options, config)
    refuse_overwriting_inputs(out_dir, [output.name for output in outputs], config, src)
    remove_stale(out_dir)
    return BuildResult(outputs=publish(outputs, out_dir), warnings=report.warnings, summary=report.summary)


@contextmanager
def stage(what: str):
    """One stage within its time budget (:func:`spmdocs.guard.stage_seconds`); a limit hit is an error."""
    try:
        with guard.time_limit(guard.stage_seconds(), what):
            yield
    except guard.LimitExceeded as exc:
        raise SpmdocsError([Problem(exc.message)], headline="Proses dihentikan karena batas sumber daya") from None


def remove_stale(out_dir: Path) -> None:
    """Delete the temporary files killed spmdocs processes left in ``out_dir`` (never a live one's)."""
    for path in stale_temporary(Path(out_dir)):
        path.unlink(missing_ok=True)
