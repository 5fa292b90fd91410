"""Batch production: fan one config out over its units (OPDs, daerah …), in parallel and safely.

:func:`run_batch` is fan-out only. It loads and validates the data once, asks the report kind
for its units (:attr:`~spmdocs.reports.ReportKind.units`), and hands each unit to a pool of
workers, where it goes through the same pipeline as ``spmdocs build`` (rows → score → compose →
render → publish), with the same options (formats, PDF engine, strict). A unit is built on its
own: bad rows or a broken narrative fail that unit only, and the manifest records its message.
A unit's files are published all-or-nothing, so a failed unit never changes or deletes the
files an earlier run made for it.

Units run on an executor: the local process pool (default), or a Dask distributed cluster
(``executor="dask"``, ``scheduler="tcp://HOST:PORT"``), whose workers get the run's state (config,
data rows) once and send each unit's files back, to be published here; the journal, resume and
manifest do not depend on the executor, and both give the same bytes.

A journal in the output folder records each finished unit, so a run that was interrupted and is
started again with ``resume=True`` skips every unit whose inputs (the config, the unit's data
rows, the template files and the versions of the rendering libraries, by sha256) and output files
are unchanged. The manifest (CSV and JSON), the combined PDF with one bookmark per unit, and the
optional ZIP are byte-identical for the same inputs.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import multiprocessing
import os
import re
import signal
import threading
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from datetime import time as clock
from importlib import metadata
from pathlib import Path
from typing import Iterator, Protocol

import pandas as pd

from spmdocs import guard, pipeline
from spmdocs.config import ReportBase
from spmdocs.config.placeholders import fill
from spmdocs.errors import ConfigError, DataError, Location, Problem, RenderError, SpmdocsError, raise_if_errors
from spmdocs.fileio import os_reason, publish_files, safe_filename, stale_temporary, temporary_beside
from spmdocs.fmt import csv_cell
from spmdocs.render import FORMATS, Output
from spmdocs.resources import DEFAULT_WORD_TEMPLATE
from spmdocs.reports import REGISTRY, BatchUnit, ReportKind, Tables, kind_of
from spmdocs.reports.common import NAME_LIMIT, code_key, output_name
from spmdocs.yamlsrc import YamlSource

MANIFEST = "manifest"
"""Stem of the manifest files (manifest.csv, manifest.json) in the output folder."""

JOURNAL = ".jurnal-batch.jsonl"
"""One JSON line per finished unit, kept until the manifest of a complete run is written."""

STATUS_OK = "berhasil"
STATUS_FAILED = "gagal"

CSV_COLUMNS = ("urut", "kode_wilayah", "daerah", "unit", "status", "berkas", "halaman", "sha256",
               "peringatan", "galat")

RENDERING_LIBRARIES = ("spmdocs", "docxtpl", "python-docx", "reportlab", "pypdf", "jinja2", "lxml",
                       "pillow", "matplotlib", "babel", "pandas", "pikepdf", "pyhanko", "segno")
"""Packages whose version changes the bytes of a document: part of every unit's input hash."""


@dataclass
class OutputFile:
    """One file a unit produced: its name in the output folder, format, sha256 and PDF pages."""

    nama: str
    format: str
    sha256: str
    halaman: int | None = None


@dataclass
class UnitRecord:
    """One unit's entry in the manifest: its files, how the build went, and the inputs' hash."""

    urut: int
    kode_wilayah: str
    daerah: str
    unit: str
    status: str
    berkas: list[OutputFile] = field(default_factory=list)
    peringatan: list[str] = field(default_factory=list)
    galat: str = ""
    hash_masukan: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return self.kode_wilayah, self.unit

    @property
    def ok(self) -> bool:
        return self.status == STATUS_OK

    @property
    def halaman(self) -> int | None:
        """Pages of the unit's PDF document (None without a PDF)."""
        return next((f.halaman for f in self.berkas if f.format == "pdf"), None)

    def file(self, fmt: str) -> OutputFile | None:
        return next((f for f in self.berkas if f.format == fmt), None)

    def to_json(self) -> dict:
        return {"urut": self.urut, "kode_wilayah": self.kode_wilayah, "daerah": self.daerah,
                "unit": self.unit, "status": self.status, "halaman": self.halaman,
                "berkas": [vars(f) for f in self.berkas], "peringatan": self.peringatan,
                "galat": self.galat, "hash_masukan": self.hash_masukan}

    @classmethod
    def from_json(cls, data: dict) -> "UnitRecord":
        return cls(urut=data["urut"], kode_wilayah=data["kode_wilayah"], daerah=data["daerah"],
                   unit=data["unit"], status=data["status"],
                   berkas=[OutputFile(**f) for f in data["berkas"]],
                   peringatan=list(data["peringatan"]), galat=data["galat"],
                   hash_masukan=data["hash_masukan"])


@dataclass
class BatchResult:
    """What a batch run did: every unit's record, the combined files, and how the run ended."""

    out_dir: Path
    records: list[UnitRecord] = field(default_factory=list)
    total: int = 0
    built: int = 0
    reused: int = 0
    problems: list[Problem] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    interrupted: str = ""
    seconds: float = 0.0
    worker_peak_rss: dict[int, int] = field(default_factory=dict)

    @property
    def failed(self) -> list[UnitRecord]:
        return [r for r in self.records if not r.ok]


class Progress(Protocol):
    """What a caller is told while the units are built."""

    def start(self, total: int) -> None: ...

    def advance(self, record: UnitRecord, reused: bool) -> None: ...


@dataclass(frozen=True)
class _Task:
    """One unit handed to a worker: its rows, its file stem, the problems of its rows."""

    unit: BatchUnit
    stem: str
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    data_digest: str = ""
    previous: UnitRecord | None = None


@dataclass
class _WorkerState:
    """What every worker holds for the whole run (sent once per worker process)."""

    config: ReportBase
    src: YamlSource
    tables: Tables
    out_dir: Path
    options: pipeline.Options
    digest: str


# --- the run ------------------------------------------------------------------------------------

def run_batch(config_path: Path, data: list[Path] | None = None, out_dir: Path | None = None,
              jobs: int | None = None, resume: bool = False, formats: tuple[str, ...] = FORMATS,
              make_zip: bool = False, progress: Progress | None = None, *, pdf_engine: str = "reportlab",
              strict: bool = False, pdfa: str | None = None, sign=None, executor: str = "lokal",
              scheduler: str | None = None) -> BatchResult:
    """Build one document per unit of the config at ``config_path`` into ``out_dir``.

    Every PDF, each unit's and the combined one, is PDF/A ``pdfa`` (or ``keluaran.pdfa``) and
    signed with ``sign`` (a :class:`~spmdocs.render.signing.SignOptions`) when asked.
    ``executor`` is ``"lokal"`` (a process pool of ``jobs`` workers) or ``"dask"`` (the Dask
    distributed cluster whose scheduler is at ``scheduler``; ``jobs`` is then the cluster's).
    With ``cakupan: nasional`` the units are every daerah of the data and the combined PDF is one
    per provinsi.

    Raises :class:`~spmdocs.errors.ConfigError` or :class:`~spmdocs.errors.DataError` when nothing
    can be built; failures of single units are in the returned records. ``result.interrupted`` is
    set when the run was stopped (Ctrl-C, SIGTERM, a worker killed) before every unit finished.
    """
    options = pipeline.Options(formats, pdf_engine, strict, pdfa, sign)
    check_executor(executor, scheduler, sign is not None)
    with pipeline.stage("membaca konfigurasi"):
        config, src = pipeline.load(config_path, data)
    kind = _batchable(kind_of(config), src)
    runner = _connect(scheduler, config, kind) if executor == "dask" else _LocalPool()
    try:
        return _run(config, src, kind, runner, config_path, out_dir, jobs, resume, options, make_zip, progress)
    finally:
        runner.stop()


def _run(config: ReportBase, src: YamlSource, kind: ReportKind, runner: "_Runner", config_path: Path,
         out_dir: Path | None, jobs: int | None, resume: bool, options: pipeline.Options, make_zip: bool,
         progress: Progress | None) -> BatchResult:
    """The run once the config is read and the executor ready: plan, build every unit, combine."""
    formats, strict = options.formats, options.strict
    out_dir = Path(out_dir) if out_dir is not None else Path("output") / Path(config_path).stem
    pipeline.check_out_dir(out_dir)
    leftovers = pipeline.config_warnings(config, src)
    pipeline.refuse_warnings(leftovers, strict)
    with pipeline.stage("membaca data"):
        tables, file_problems = _load(config)
    units, notes = kind.units(config, tables)
    notes = leftovers + notes
    tasks, notes = _plan(config, kind, tables, units, file_problems, notes)
    pipeline.refuse_overwriting_inputs(
        out_dir, [*_combined_names(config), *_province_pdfs(config, units).values(), f"{MANIFEST}.csv",
                  f"{MANIFEST}.json", JOURNAL], config, src, prefixes=[task.stem for task in tasks])
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError([Problem(f"folder keluaran tidak dapat dibuat ({os_reason(exc)})",
                                   Location(file=str(out_dir)))]) from exc
    _remove_stale(out_dir)
    previous = _previous_records(out_dir) if resume else {}
    tasks = [dataclasses.replace(task, previous=previous.get((task.unit.unit.kode_wilayah, task.unit.unit.nama)))
             for task in tasks]
    result = BatchResult(out_dir=out_dir, total=len(tasks), problems=notes)
    # The last run's manifest and combined PDFs stay until this run writes its own: an interrupted
    # run leaves them as they were, and its journal says which units it replaced.
    stale_names = (*_combined_names(config), *_province_pdfs(config, units).values(), *_previous_provinces(out_dir),
                   f"{MANIFEST}.csv", f"{MANIFEST}.json")
    journal = _Journal(out_dir / JOURNAL, previous.values())
    state = _WorkerState(config=config, src=src, tables=_data_only(tables), out_dir=out_dir, options=options,
                         digest=_static_digest(config, kind, options, tables))
    combining = _Combining.of(config, kind, out_dir, tasks, formats, _province_pdfs(config, units))
    try:
        try:
            records = _build_all(state, tasks, runner, jobs or os.cpu_count() or 1, journal, result, progress,
                                 combining)
        finally:
            journal.close()
        result.records = sorted(records, key=lambda r: r.urut)
        if result.interrupted:
            return result
        for name in stale_names:
            stale = out_dir / name
            if stale.is_file() or stale.is_symlink():
                stale.unlink()
        try:
            result.outputs = _write_outputs(config, out_dir, result.records, make_zip,
                                            pipeline.finishing(options, config), combining)
        except KeyboardInterrupt:  # every unit is in the journal: a --resume writes these
            result.interrupted = "dihentikan oleh pengguna atau sinyal saat menulis manifest dan berkas gabungan"
            return result
    finally:
        combining.discard()
    journal.remove()
    return result


def _batchable(kind: ReportKind, src: YamlSource) -> ReportKind:
    if kind.units is None:
        able = ", ".join(f"'{k.jenis}'" for k in REGISTRY.values() if k.units is not None)
        raise ConfigError([Problem(f"perintah batch hanya untuk konfigurasi yang dibuat per unit (jenis {able}); "
                                   f"jenis '{kind.jenis}' dibuat dengan perintah: spmdocs build <berkas konfigurasi>",
                                   src.location(("jenis",)))])
    return kind


def _build_all(state: _WorkerState, tasks: list[_Task], runner: "_Runner", jobs: int, journal: "_Journal",
               result: BatchResult, progress: Progress | None, combining: "_Combining") -> list[UnitRecord]:
    """Run every task on ``runner`` with ``jobs`` workers; stop cleanly on Ctrl-C, SIGTERM or a dead worker.

    A unit whose inputs and files are unchanged since the last run (``resume``) is taken as it
    is, here, before anything is sent to a worker; the others are built by the runner's workers,
    started only when there is a unit to build (a resume of a complete run loads no renderer).
    Files a worker sends back (a Dask worker) are published here, all-or-nothing per unit. Each
    finished unit's PDF goes into the combined PDF as soon as the units before it are in.
    """
    if progress is not None:
        progress.start(len(tasks))
    records: list[UnitRecord] = []
    start = time.perf_counter()
    main_thread = threading.current_thread() is threading.main_thread()
    previous_handler = signal.signal(signal.SIGTERM, _raise_interrupt) if main_thread else None

    def finished(record: UnitRecord, reused: bool, journaled: bool = False) -> None:
        if not (reused or journaled):  # a reused record is in the journal since it was opened
            journal.add(record)
        records.append(record)
        combining.offer(record)
        result.reused += reused
        result.built += not reused
        if progress is not None:
            progress.advance(record, reused)

    try:
        todo = []
        for task in tasks:
            if task.previous is not None and _still_valid(task.previous, _input_hash(state, task), state.out_dir):
                finished(task.previous, True)
            else:
                todo.append(task)
        if todo:
            runner.start(state, jobs, len(todo))
            for record, pid, peak, files in runner.run(todo):
                if files is not None:
                    record = _publish_unit(record, files, state.out_dir)
                result.worker_peak_rss[pid] = max(peak, result.worker_peak_rss.get(pid, 0))
                finished(record, False, journaled=files is None and record.ok and runner.journals)
    except (KeyboardInterrupt, SystemExit):
        result.interrupted = "dihentikan oleh pengguna atau sinyal"
    except runner.broken:
        result.interrupted = "proses pekerja berhenti tiba-tiba"
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous_handler)
        runner.stop()
        if result.interrupted:
            _remove_stale(state.out_dir)
            # Units a worker published whose answer never came back (the rest of its message).
            known = {record.key for record in records}
            pending = {(t.unit.unit.kode_wilayah, t.unit.unit.nama) for t in tasks}
            for record in journal.read():
                if record.key not in known and record.key in pending:
                    known.add(record.key)
                    records.append(record)
                    result.built += 1
    result.seconds = time.perf_counter() - start
    return records


def _publish_unit(record: UnitRecord, files: dict[str, bytes], out_dir: Path) -> UnitRecord:
    """Write the files a worker sent back for one unit; on failure the unit fails, its old files kept."""
    try:
        _publish(files, out_dir, Path(record.berkas[0].nama).stem if record.berkas else "")
    except RenderError as exc:
        return dataclasses.replace(record, status=STATUS_FAILED, berkas=[],
                                   galat="; ".join(_describe(p) for p in exc.problems))
    return record


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _remove_stale(out_dir: Path) -> None:
    """Delete the temporary files that killed spmdocs processes left in the output folder."""
    for path in stale_temporary(out_dir):
        path.unlink(missing_ok=True)


class _Journal:
    """The journal file: one JSON line per finished unit, never written through a link."""

    def __init__(self, path: Path, records) -> None:
        self.path = path
        if path.is_symlink():
            path.unlink()
        # Appending: a local pool's workers add their units' lines to the same file (:func:`journal_unit`).
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0), 0o644)
        self.handle = os.fdopen(fd, "w", encoding="utf-8")
        for record in records:
            self._write(record)
        self.handle.flush()
        self.carried = os.fstat(fd).st_size
        """Bytes of the last run's records the journal starts with (not this run's)."""

    def add(self, record: UnitRecord) -> None:
        self._write(record)
        self.handle.flush()

    def _write(self, record: UnitRecord) -> None:
        self.handle.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.handle.close()

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)

    def read(self) -> list[UnitRecord]:
        """The records this run added, the workers' lines included."""
        try:
            with open(self.path, "rb") as handle:
                handle.seek(self.carried)
                return _journal_records(handle.read().decode("utf-8", errors="replace"))
        except OSError:
            return []


def _journal_records(text: str) -> list["UnitRecord"]:
    """The records of a journal's lines (a line cut short by a stop is left out)."""
    found = []
    for line in text.splitlines():
        try:
            found.append(UnitRecord.from_json(json.loads(line)))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return found


def journal_unit(out_dir: Path, record: "UnitRecord") -> None:
    """Append a unit a worker just published to the run's journal, in one write: if the run is
    stopped before the worker's answer reaches it, the unit is still known to have been replaced."""
    try:
        fd = os.open(out_dir / JOURNAL, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return
    try:
        os.write(fd, (json.dumps(record.to_json(), ensure_ascii=False) + "\n").encode("utf-8"))
    except OSError:
        pass
    finally:
        os.close(fd)


def _previous_provinces(out_dir: Path) -> list[str]:
    """The per-province combined PDFs the last national run wrote (its manifest's
    ``gabungan_provinsi``): removed with the other combined files, so a province that has no unit
    any more does not keep last run's PDF beside this run's. Only plain names in ``out_dir``."""
    manifest = out_dir / f"{MANIFEST}.json"
    if not manifest.is_file() or manifest.is_symlink():
        return []
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8")).get("gabungan_provinsi") or []
        names = [entry["nama"] for entry in entries]
    except (ValueError, KeyError, TypeError, AttributeError):
        return []
    return [n for n in names if isinstance(n, str) and n.lower().endswith(".pdf") and Path(n).name == n
            and not n.startswith(".") and "\\" not in n]


def _previous_records(out_dir: Path) -> dict[tuple[str, str], UnitRecord]:
    """The records of the last run: its manifest, updated by its journal when it was interrupted."""
    records: dict[tuple[str, str], UnitRecord] = {}
    manifest = out_dir / f"{MANIFEST}.json"
    if manifest.is_file() and not manifest.is_symlink():
        try:
            for item in json.loads(manifest.read_text(encoding="utf-8")).get("unit", []):
                record = UnitRecord.from_json(item)
                records[record.key] = record
        except (ValueError, KeyError, TypeError, AttributeError):
            records.clear()
    journal = out_dir / JOURNAL
    if journal.is_file() and not journal.is_symlink():
        for record in _journal_records(journal.read_text(encoding="utf-8", errors="replace")):
            records[record.key] = record
    return records


# --- planning: data → units ---------------------------------------------------------------------

def _load(config: ReportBase) -> tuple[Tables, list[Problem]]:
    """Every year's validated tables, and the problems of their rows (kept for the units).

    A problem that is not tied to a row (a missing column, an unreadable file) stops the run.
    """
    from spmdocs.data.validate import validate_files

    options = {"allow_years": True, "aliases": config.data.alias_kolom or None, "sheet": config.data.lembar,
               "defaults": pipeline.table_defaults(config)}
    frames, problems, unread = {}, [], set()
    for kind in ("capaian", "mutu", "kegiatan"):
        paths = getattr(config.data, kind)
        if not paths:
            frames[kind] = None
            continue
        found = validate_files(paths, kind=kind, **options)
        problems += found.problems
        unread |= _files_without_rows(paths, found.frame)
        frames[kind] = found.frame.reset_index(drop=True)
    raise_if_errors([p for p in problems if p.location.row is None or p.location.file in unread], DataError)
    return Tables(frames["capaian"], frames["mutu"], frames["kegiatan"]), problems


def _files_without_rows(paths: list[Path], frame: pd.DataFrame) -> set[str]:
    """Files that gave no row at all (a missing column, say): their problems stop the run."""
    from spmdocs.data.loader import split_sheet

    return {str(split_sheet(path)[0]) for path in paths} - set(frame["_file"].unique())


def _plan(config: ReportBase, kind: ReportKind, tables: Tables, units: list[BatchUnit],
          problems: list[Problem], notes: list[Problem]) -> tuple[list[_Task], list[Problem]]:
    """One task per unit: its file stem, its rows' problems and the digest of its rows."""
    notes = [p for p in problems if p.location.row is None] + list(notes)
    row_problems = _problems_by_row(problems)
    row_hashes, mutu_hashes = _row_hashes(tables.capaian), _row_hashes(tables.mutu)
    capaian_sources, mutu_sources = _sources(tables.capaian), _sources(tables.mutu)
    tasks: list[_Task] = []
    claimed: set[tuple[str, int]] = set()
    for batch_unit, stem in zip(units, _unique_stems(config, kind, units)):
        sources = [capaian_sources[i] for i in batch_unit.rows]
        if mutu_sources is not None:
            sources += [mutu_sources[i] for i in batch_unit.mutu_rows]
        claimed.update(sources)
        found = [p for source in sources for p in row_problems.get(source, ())]
        digest = hashlib.sha256(row_hashes[list(batch_unit.rows)].tobytes())
        if mutu_hashes is not None:
            digest.update(mutu_hashes[list(batch_unit.mutu_rows)].tobytes())
        tasks.append(_Task(unit=batch_unit, stem=stem,
                           errors=tuple(_describe(p) for p in found if p.is_error),
                           warnings=tuple(_describe(p) for p in found if not p.is_error),
                           data_digest=digest.hexdigest()))
    outside = sum(p.is_error for s, found in row_problems.items() if s not in claimed for p in found)
    if outside:
        notes.append(Problem(f"{outside} galat pada baris di luar tahun {config.tahun} atau wilayah "
                             "batch diabaikan", severity="warning"))
    return tasks, notes


def _sources(frame: pd.DataFrame | None) -> list[tuple[str, int]] | None:
    """(file, row) of every row of ``frame``, by position: a unit's are picked from it without pandas."""
    if frame is None:
        return None
    return list(zip(frame["_file"].tolist(), frame["_row"].tolist()))


def _problems_by_row(problems: list[Problem]) -> dict[tuple[str, int], list[Problem]]:
    """The problems of data rows, by (file, row)."""
    by_row: dict[tuple[str, int], list[Problem]] = {}
    for problem in problems:
        where = problem.location
        if where.row is not None and where.file is not None:
            by_row.setdefault((where.file, where.row), []).append(problem)
    return by_row


def _row_hashes(frame: pd.DataFrame | None):
    """One 64-bit hash of every row's data (its source file and row number left out)."""
    if frame is None:
        return None
    return pd.util.hash_pandas_object(_data_columns(frame), index=False).to_numpy()


def _data_columns(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    """The frame without the columns that say where a row came from (scored and hashed as is)."""
    if frame is None:
        return None
    return frame.drop(columns=[c for c in frame.columns if c.startswith("_")])


def _data_only(tables: Tables) -> Tables:
    return Tables(_data_columns(tables.capaian), _data_columns(tables.mutu), _data_columns(tables.kegiatan))


def _describe(problem: Problem) -> str:
    """A problem as one line for the manifest: where it is, then what it is."""
    where = str(problem.location)
    return f"{where}: {problem.message}" if where else problem.message


def _combined_names(config: ReportBase) -> tuple[str, str]:
    """Names of the combined PDF and the ZIP (``keluaran.gabungan``, else "<jenis>-gabungan-<tahun>")."""
    pattern = getattr(config.keluaran, "gabungan", "{jenis}-gabungan-{tahun}")
    stem = safe_filename(fill(pattern, config.name_values(config.daerah.nama or config.daerah.kode_wilayah)),
                         NAME_LIMIT)
    return f"{stem}.pdf", f"{stem}.zip"


def province_of(kode_wilayah: str) -> str:
    """The province code of a Kemendagri code ("65.01" → "65")."""
    return kode_wilayah.split(".")[0]


def _province_pdfs(config: ReportBase, units) -> dict[str, str]:
    """With ``cakupan: nasional``, the combined PDF of each province of ``units`` (BatchUnit or
    UnitRecord), by province code in code order: "<combined stem>-<kode>-<province>.pdf"."""
    if not config.nasional:
        return {}
    from spmdocs.spm.wilayah import nama_wilayah

    stem = Path(_combined_names(config)[0]).stem
    codes = sorted({province_of(getattr(u, "unit", u).kode_wilayah) for u in units}, key=code_key)
    names = {}
    for kode in codes:
        nama = re.sub(r"^provinsi\s+", "", (nama_wilayah(kode) or "").casefold())
        slug = "-".join(re.findall(r"[a-z0-9]+", nama))
        names[kode] = f"{safe_filename('-'.join(filter(None, (stem, kode, slug))), NAME_LIMIT)}.pdf"
    return names


def _unique_stems(config: ReportBase, kind: ReportKind, units: list[BatchUnit]) -> list[str]:
    """A safe file-name stem per unit, unique ignoring case, never one of the combined files."""
    taken = {MANIFEST.casefold(), *(Path(n).stem.casefold() for n in _combined_names(config)),
             *(Path(n).stem.casefold() for n in _province_pdfs(config, units).values())}
    stems = []
    for batch_unit in units:
        own = kind.config_of(config, batch_unit.unit)
        fields = batch_unit.unit.fields(own)
        stem, n = output_name(own, fields, NAME_LIMIT), 1
        while stem.casefold() in taken:
            n += 1
            suffix = f"-{n}"
            stem = output_name(own, fields, NAME_LIMIT - len(suffix)) + suffix
        taken.add(stem.casefold())
        stems.append(stem)
    return stems


def _versions() -> dict[str, str]:
    found = {}
    for name in RENDERING_LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "-"
    return found


def _template_files(config: ReportBase, kind: ReportKind) -> list[Path | None]:
    """The files every unit's document is drawn from: Word template, logo, default texts, letter."""
    letter = getattr(config, "surat_pengantar", None)
    return [config.templat_word or DEFAULT_WORD_TEMPLATE, config.kop.logo, kind.narrative_defaults,
            letter.templat if letter is not None else None]


def _shared_files(config: ReportBase, kind: ReportKind) -> list[str]:
    """Every file a worker reads besides the data it is sent: the templates and the font files."""
    from spmdocs.fonts import FontError

    files = [str(p) for p in _template_files(config, kind) if p]
    try:
        files += [str(p) for p in config.tata_letak.font_files().files if p]
    except (FontError, AttributeError):
        pass
    return files


def _static_digest(config: ReportBase, kind: ReportKind, options: pipeline.Options, tables: Tables) -> str:
    """sha256 of everything every unit's output depends on besides its own rows and identity."""
    settings = config.model_dump(mode="json", exclude={"data": True})
    digest = hashlib.sha256()
    columns = [list(frame.columns) for frame in (tables.capaian, tables.mutu) if frame is not None]
    finish = pipeline.finishing(options, config)
    digest.update(json.dumps({"config": settings, "format": list(options.formats), "mesin_pdf": options.pdf_engine,
                              "ketat": options.strict, "pdfa": finish.pdfa,
                              "sertifikat": getattr(finish.sign, "digest", None), "kolom": columns,
                              "versi": _versions()},
                             sort_keys=True, ensure_ascii=False).encode("utf-8"))
    for path in _template_files(config, kind):
        digest.update(b"\0" + (hashlib.sha256(Path(path).read_bytes()).digest() if path else b"-"))
    kegiatan = _row_hashes(tables.kegiatan)
    digest.update(b"\0" + (kegiatan.tobytes() if kegiatan is not None else b"-"))
    return digest.hexdigest()


# --- executors: where the units are built ------------------------------------------------------

EXECUTORS = ("lokal", "dask")
"""``lokal``: a process pool on this machine; ``dask``: the workers of a Dask distributed cluster."""

SCHEDULER_ADDRESS = re.compile(r"(?:(?:tcp|tls)://)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.\-_]*)(?::\d{1,5})?")
"""A Dask scheduler's address: tcp://HOST:PORT (tls:// too; the scheme and the port may be left out)."""

CONNECT_SECONDS = 10
"""How long to wait for the Dask scheduler to answer, and for its first worker."""

_DASK_MISSING = ("pustaka Dask belum terpasang; pasang dengan: pip install \"spmdocs[dask]\" (di komputer ini "
                 "dan di setiap komputer pekerja, dengan versi paket yang sama)")


def check_executor(executor: str, scheduler: str | None, signing: bool = False) -> None:
    """Refuse an unknown executor, a scheduler without Dask, Dask without a scheduler or without Dask,
    and signing on Dask over an unencrypted connection (the certificate and its password would
    travel to the workers in the clear)."""
    problems = []
    if executor not in EXECUTORS:
        problems.append(Problem(f"eksekutor '{executor}' tidak dikenal; pilihan: {', '.join(EXECUTORS)}",
                                Location(key="--executor")))
    elif executor == "lokal" and scheduler:
        problems.append(Problem("pilihan --scheduler hanya berlaku dengan --executor dask", Location(key="--scheduler")))
    elif executor == "dask":
        if not scheduler:
            problems.append(Problem("--executor dask memerlukan alamat penjadwal Dask, mis. --scheduler "
                                    "tcp://192.168.1.10:8786", Location(key="--scheduler")))
        elif signing and not scheduler.startswith("tls://"):
            problems.append(Problem("--sign-p12 dengan --executor dask mengirim sertifikat dan kata sandinya ke "
                                    "setiap pekerja; pakai penjadwal berkoneksi terenkripsi (tls://HOST:PORT) atau "
                                    "--executor lokal", Location(key="--sign-p12")))
        try:
            import distributed  # noqa: F401
        except ImportError:
            problems.append(Problem(_DASK_MISSING, Location(key="--executor")))
    raise_if_errors(problems, _OptionError)


class _OptionError(SpmdocsError):
    headline = "Pilihan perintah tidak valid"


class _Runner(Protocol):
    """Where the units are built: started with the run's state, yields (record, pid, peak RSS, files
    or None) as units finish, stopped once (stopping twice is harmless)."""

    broken: tuple[type[BaseException], ...]
    journals: bool
    """Whether its workers add the units they publish to the journal themselves."""

    def start(self, state: _WorkerState, jobs: int, count: int) -> None: ...

    def run(self, tasks: list[_Task]) -> Iterator[tuple[UnitRecord, int, int, dict[str, bytes] | None]]: ...

    def stop(self) -> None: ...


CHUNK_MOST = 8
"""Most units the local pool hands a worker in one message. Every message costs the pool's threads
in the parent about four wake-ups (some 0.5 ms of CPU on 2 cores, taken from the workers): at
2 000 units that was a second of the run. Small runs keep one unit per message, so the last
units are shared out evenly."""


def chunk_size(units: int, jobs: int) -> int:
    """Units per message to the local pool: about eight messages per worker at least, at most
    :data:`CHUNK_MOST` units each (a worker then ends at most seven quick units after another)."""
    return max(1, min(CHUNK_MOST, units // (8 * max(1, jobs))))


class _LocalPool:
    """The local process pool of ``jobs`` workers, each given the run's state once (forked where possible)."""

    broken = (BrokenProcessPool,)
    journals = True
    """Its workers add each unit they publish to the journal themselves (:func:`journal_unit`)."""

    def __init__(self) -> None:
        self.executor: ProcessPoolExecutor | None = None
        self.jobs = 1

    def start(self, state: _WorkerState, jobs: int, count: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        if context.get_start_method() == "fork" and min(jobs, count) > 1:
            _preload(state)  # once here, inherited by every forked worker
        self.jobs = max(1, min(jobs, count or 1))
        self.executor = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context,
                                            initializer=_init_worker, initargs=(state,))

    def run(self, tasks):
        size = chunk_size(len(tasks), self.jobs)
        futures = [self.executor.submit(_run_units, tasks[i:i + size]) for i in range(0, len(tasks), size)]
        for future in as_completed(futures):
            yield from future.result()

    def stop(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None


class _DaskCluster:
    """The workers of a Dask distributed cluster: the run's state is sent to each once, and each
    unit's files come back to be published here (the output folder need not be shared)."""

    def __init__(self, client) -> None:
        from concurrent.futures import CancelledError

        from distributed import KilledWorker

        self.broken = (KilledWorker, CancelledError, OSError, TimeoutError)
        self.journals = False
        """A worker that died on every retry, or the scheduler lost: the run stops, resumable."""
        self.client = client
        self.futures: list = []
        self.state = None

    def start(self, state: _WorkerState, jobs: int, count: int) -> None:
        self.state = self.client.scatter(state, broadcast=True, hash=False)

    def run(self, tasks):
        from distributed import as_completed as dask_completed

        run_id = hashlib.sha256(f"{os.getpid()}-{time.time_ns()}".encode()).hexdigest()[:12]
        self.futures = [self.client.submit(_run_on_dask_worker, self.state, task, pure=False,
                                           key=f"spmdocs-{run_id}-{task.unit.unit.urut}") for task in tasks]
        for future in dask_completed(self.futures, loop=self.client.loop):
            yield future.result()

    def stop(self) -> None:
        if self.client is None:
            return
        client, self.client = self.client, None
        try:
            if self.futures:
                client.cancel(self.futures)
        finally:
            client.close()


def _connect(scheduler: str, config: ReportBase, kind: ReportKind) -> _DaskCluster:
    """The cluster of the Dask scheduler at ``scheduler``, checked before anything is read or built.

    Refused (exit 2) when the scheduler does not answer, has no worker, or a worker has other
    versions of the rendering libraries or cannot see the project's files (its bytes would differ).
    """
    from distributed import Client

    where = Location(key="--scheduler")
    if not SCHEDULER_ADDRESS.fullmatch(scheduler):
        raise _OptionError([Problem(f"alamat penjadwal Dask '{scheduler[:100]}' tidak valid; tulis sebagai "
                                    "tcp://HOST:PORT, mis. tcp://192.168.1.10:8786", where)])
    try:
        client = Client(scheduler, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise _OptionError([Problem(f"penjadwal Dask di {scheduler} tidak dapat dihubungi ({_reason(exc)}); "
                                    "periksa alamatnya dan bahwa 'dask scheduler' sedang berjalan", where)]) from None
    try:
        try:
            client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError):
            raise _OptionError([Problem(f"penjadwal Dask di {scheduler} belum mempunyai pekerja; jalankan "
                                        f"'dask worker {scheduler}' di komputer pekerja", where)]) from None
        raise_if_errors(_worker_problems(client, _shared_files(config, kind), where), _OptionError)
    except BaseException:
        client.close()
        raise
    return _DaskCluster(client)


def _reason(exc: BaseException) -> str:
    return "waktu habis" if isinstance(exc, TimeoutError) or "imed out" in str(exc) else "alamat tidak valid" \
        if isinstance(exc, (ValueError, TypeError)) else "koneksi ditolak"


def _node_versions() -> dict[str, str]:
    """The versions that change a document's bytes on a machine: the rendering libraries, Python
    and the zlib that compresses DOCX and PDF streams."""
    import platform
    import zlib

    return {**_versions(), "python": platform.python_version(), "zlib": zlib.ZLIB_RUNTIME_VERSION}


def _worker_problems(client, files: list[str], where: Location) -> list[Problem]:
    """What would make a worker's documents differ from this machine's: versions, unseen files."""
    wanted = _node_versions()
    problems = []
    for worker, (versions, missing) in sorted(client.run(_worker_view, files).items()):
        differ = [f"{name} {versions.get(name, '-')} (di sini {version})" for name, version in wanted.items()
                  if versions.get(name) != version]
        if differ:
            problems.append(Problem(f"pekerja Dask {worker} memakai versi paket yang berbeda: {', '.join(differ)}; "
                                    "pasang versi yang sama di setiap komputer", where))
        if missing:
            problems.append(Problem(f"pekerja Dask {worker} tidak melihat berkas proyek di jalur yang sama: "
                                    f"{', '.join(missing[:3])}; bagikan folder proyek di jalur yang sama", where))
    return problems


def _worker_view(files: list[str]) -> tuple[dict[str, str], list[str]]:
    """Run on each Dask worker: its versions of the rendering libraries and the files it cannot read."""
    return _node_versions(), [f for f in files if not os.access(f, os.R_OK)]


def _run_on_dask_worker(state: _WorkerState, task: _Task):
    """One unit on a Dask worker: the state (sent once per worker) is prepared on first use.

    A failure while preloading (a font file the worker cannot read) is left to the unit's own
    build, which records it in the unit's manifest entry like any other failure.
    """
    global _state
    if _state is not state:
        try:
            _prepare(state)
        except Exception:  # noqa: BLE001 - reported by the unit's build below
            _state = state
    return _run_unit(task, deliver=True)


# --- the workers --------------------------------------------------------------------------------

_state: _WorkerState | None = None


def _init_worker(state: _WorkerState) -> None:
    """Keep the run's state, load the renderers, fonts and templates once, and set up signals.

    Ctrl-C reaches every process of the terminal; the workers ignore it and finish the unit in
    hand while the parent stops the run. SIGTERM ends a worker through ``SystemExit``, so the
    temporary files of the unit in hand are removed.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_worker)
    guard.start_in_worker()
    _prepare(state)


def _prepare(state: _WorkerState) -> None:
    """Keep the run's state and load the renderers, fonts and templates once per worker process."""
    global _state
    _state = state
    _preload(state)


def _preload(state: _WorkerState) -> None:
    """Import the renderers and load the fonts the run needs (idempotent). The local pool calls it
    in the parent before forking, so its workers share one copy instead of each loading its own
    (ReportLab's platypus alone is about 0.2 s of CPU per process). The fonts are loaded for Word
    too: the layout measures text in them (four TrueType files, some 30 ms per process)."""
    from spmdocs.compose.measure import load_fonts
    from spmdocs.render import docx  # noqa: F401  (imported once, before the first unit)

    layout = state.config.tata_letak
    load_fonts(layout.font_files().files)
    if "pdf" in state.options.formats:
        from spmdocs.fonts import font_family
        from spmdocs.render import pdf  # noqa: F401

        font_family(layout.huruf, layout.font_files().files)


def _exit_worker(signum, frame) -> None:
    raise SystemExit(1)


def _run_unit(task: _Task, deliver: bool = False) -> tuple[UnitRecord, int, int, dict[str, bytes] | None]:
    """Build one unit in a worker: (record, pid, peak RSS in bytes, files).

    The worker publishes the unit's files into the output folder itself (files None) or, with
    ``deliver``, sends them back to be published by the run (a worker on another machine).
    """
    state = _state
    unit = task.unit.unit
    record = UnitRecord(urut=unit.urut, kode_wilayah=unit.kode_wilayah, daerah=unit.daerah,
                        unit=unit.nama, status=STATUS_OK, peringatan=list(task.warnings))
    files = None
    try:
        record.hash_masukan = _input_hash(state, task)
        if task.errors:
            raise DataError([Problem(e) for e in task.errors])
        with guard.time_limit(guard.stage_seconds(), "pembuatan dokumen unit ini"):
            outputs, warnings = _build_unit(state, task)
        if deliver:
            files = {o.name: o.data for o in outputs}
        record.peringatan += warnings
        record.berkas = [OutputFile(o.name, o.format, o.sha256, o.pages) for o in outputs]
        if not deliver:
            _publish({o.name: o.data for o in outputs}, state.out_dir, task.stem)
            journal_unit(state.out_dir, record)
    except SpmdocsError as exc:
        record.status = STATUS_FAILED
        record.galat = "; ".join(_describe(p) for p in exc.problems if p.is_error) or exc.format_message()
        record.berkas, files = [], None
    except guard.LimitExceeded as exc:
        record.status = STATUS_FAILED
        record.galat = exc.message
        record.berkas, files = [], None
    except Exception as exc:  # noqa: BLE001 - one unit's failure must not stop the others
        record.status = STATUS_FAILED
        record.galat = f"kesalahan tak terduga saat membuat dokumen ({type(exc).__name__})"
        record.berkas, files = [], None
    return record, os.getpid(), _peak_rss(), files


def _run_units(tasks: list[_Task]) -> list[tuple[UnitRecord, int, int, dict[str, bytes] | None]]:
    """Build the units of one message to a local pool worker, in order (see :func:`_run_unit`)."""
    return [_run_unit(task) for task in tasks]


def _build_unit(state: _WorkerState, task: _Task) -> tuple[list[Output], list[str]]:
    """The unit through the pipeline: its config and rows → report → files, in memory."""
    report = pipeline.make_unit(state.config, state.src, state.tables, task.unit)
    warnings = [_describe(p) for p in report.warnings]
    pipeline.refuse_warnings([Problem(w, severity="warning") for w in (*task.warnings, *warnings)],
                             state.options.strict)
    report.rendition = dataclasses.replace(report.rendition, name=task.stem)
    return pipeline.render(report, state.options, state.config), warnings


def _publish(files: dict[str, bytes], out_dir: Path, stem: str) -> None:
    """A unit's files into the output folder, all-or-nothing (the unit's old files kept on failure)."""
    try:
        publish_files(files, out_dir)
    except OSError as exc:
        raise RenderError([Problem(f"dokumen unit tidak dapat ditulis ({os_reason(exc)}); berkas lama unit ini "
                                   "tidak diubah", Location(file=str(out_dir / stem)))]) from None


def _peak_rss() -> int:
    try:
        import resource
    except ImportError:
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _input_hash(state: _WorkerState, task: _Task) -> str:
    """sha256 of the run's settings, templates and libraries, and the unit's rows, identity and name."""
    unit = task.unit.unit
    digest = hashlib.sha256(state.digest.encode())
    digest.update(json.dumps([unit.kode_wilayah, unit.nama, unit.daerah, unit.urut, task.stem, task.errors,
                              task.warnings, task.data_digest], ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def _still_valid(previous: UnitRecord | None, input_hash: str, out_dir: Path) -> bool:
    """True when the last run built this unit from the same inputs and its files are unchanged."""
    if previous is None or not previous.ok or previous.hash_masukan != input_hash:
        return False
    for output in previous.berkas:
        path = out_dir / output.nama
        try:
            if path.is_symlink():
                return False
            data = path.read_bytes()
        except OSError:
            return False
        if hashlib.sha256(data).hexdigest() != output.sha256:
            return False
    return True


# --- the combined outputs -----------------------------------------------------------------------

def _write_outputs(config: ReportBase, out_dir: Path, records: list[UnitRecord], make_zip: bool, finishing,
                   combining: "_Combining") -> list[Path]:
    """Finish the combined PDF (with ``cakupan: nasional`` one per province), write the manifest
    (JSON and CSV) and the ZIP; return their paths.

    A combined PDF was streamed into a temporary file beside its target while the units were
    built (:class:`_Combining`); it is published with the rest, all or nothing.
    """
    created = datetime.combine(config.tanggal, clock(8, 0))
    files: dict[str, bytes | Path] = {}
    combined, per_province = None, []
    try:
        for group in combining.groups:
            found = combining.finish(group, created, finishing)
            if found is None:
                continue
            files[group.name] = group.path
            if group.kode is None:
                combined = found
            else:
                per_province.append({"kode_wilayah": group.kode, "provinsi": group.nama, **vars(found)})
        for name, write in ((f"{MANIFEST}.csv", lambda handle: _manifest_csv(handle, records)),
                            (f"{MANIFEST}.json",
                             lambda handle: _manifest_json(handle, config, records, combined, per_province))):
            files[name] = temporary_beside(out_dir / name)
            with open(files[name], "w", encoding="utf-8", newline="") as handle:
                write(handle)
        if make_zip:
            members = {f.nama: (out_dir / f.nama).read_bytes() for r in records if r.ok for f in r.berkas}
            made = {name: data.read_bytes() if isinstance(data, Path) else data for name, data in files.items()}
            files[_combined_names(config)[1]] = _archive({**members, **made}, created)
        return publish_files(files, out_dir)
    except OSError as exc:
        raise RenderError([Problem(f"manifest atau berkas gabungan tidak dapat ditulis ({os_reason(exc)})",
                                   Location(file=str(out_dir)))]) from None
    finally:
        for data in files.values():
            if isinstance(data, Path):
                data.unlink(missing_ok=True)


@dataclass
class _Group:
    """One combined PDF of a run: its file name, whom it is about, and its units in order."""

    name: str
    nama: str
    title: str
    order: list[int]
    kode: str | None = None
    """The province of a national run's per-province PDF; None for the run's one combined PDF."""
    next: int = 0
    path: Path | None = None
    handle: object = None
    pdf: object = None


class _Combining:
    """The combined PDFs of a run, written while its units are built.

    Every finished unit is offered; each combined PDF then takes the PDFs of its next units, in
    order, as soon as they are all finished. Reading a part (pypdf, some 2.5 ms per annex) thus
    runs beside the workers instead of after the last of them, and memory holds only the parts'
    offsets and bookmarks. The bytes are those of combining the finished parts in one go.
    """

    def __init__(self, config: ReportBase, out_dir: Path, groups: list[_Group]) -> None:
        self.config = config
        self.out_dir = out_dir
        self.groups = groups
        self.waiting: dict[int, UnitRecord] = {}
        self.failure: Exception | None = None
        """What stopped a combined PDF while the units were built, raised when it is finished."""

    @classmethod
    def of(cls, config: ReportBase, kind: ReportKind, out_dir: Path, tasks: list[_Task], formats: tuple[str, ...],
           provinces: dict[str, str]) -> "_Combining":
        groups = []
        if "pdf" in formats:
            order = sorted(task.unit.unit.urut for task in tasks)
            if config.nasional:
                from spmdocs.spm.wilayah import nama_wilayah

                province = {task.unit.unit.urut: province_of(task.unit.unit.kode_wilayah) for task in tasks}
                for kode, name in provinces.items():
                    nama = nama_wilayah(kode) or kode
                    groups.append(_Group(name, nama, _combined_title(config, kind, nama),
                                         [u for u in order if province[u] == kode], kode))
            else:
                nama = config.daerah.nama or config.daerah.kode_wilayah
                groups.append(_Group(_combined_names(config)[0], nama, _combined_title(config, kind, nama), order))
        return cls(config, out_dir, groups)

    def offer(self, record: UnitRecord) -> None:
        """A unit is finished (built, failed or taken from the last run)."""
        if not self.groups:
            return
        self.waiting[record.urut] = record
        self._advance_all(self.groups)

    def _advance_all(self, groups: list[_Group]) -> None:
        """Advance ``groups``; a failure is kept and told when the combined PDF is finished."""
        if self.failure is not None:
            return
        try:
            for group in groups:
                self._advance(group)
        except Exception as exc:  # noqa: BLE001 - raised by finish(), after every unit is built
            self.failure = exc

    def _advance(self, group: _Group) -> None:
        from spmdocs.render.merge import CombinedPdf

        while group.next < len(group.order) and group.order[group.next] in self.waiting:
            record = self.waiting.pop(group.order[group.next])
            group.next += 1
            pdf = record.file("pdf") if record.ok else None
            if pdf is None:
                continue
            if group.pdf is None:
                group.path = temporary_beside(self.out_dir / group.name)
                group.handle = open(group.path, "wb")
                group.pdf = CombinedPdf(group.handle)
            group.pdf.add(self.out_dir / pdf.nama, _unit_title(self.config, record))

    def finish(self, group: _Group, created: datetime, finishing) -> OutputFile | None:
        """The group's combined PDF completed and finished (PDF/A, signature); None without any PDF."""
        self._advance_all([group])
        if self.failure is not None:
            raise self.failure
        if group.pdf is None:
            return None
        with group.handle:
            pages = group.pdf.finish({"Title": group.title, "Author": self.config.kop.pemerintah,
                                      "Subject": "Gabungan dokumen per unit"}, created)
        group.handle = None
        path = group.path
        if finishing:
            path.write_bytes(finishing.apply(path.read_bytes(), group.name))
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return OutputFile(group.name, "pdf", digest.hexdigest(), pages)

    def discard(self) -> None:
        """Close and remove every combined PDF not published (an interrupted or failed run)."""
        for group in self.groups:
            if group.handle is not None:
                group.handle.close()
                group.handle = None
            if group.path is not None:
                group.path.unlink(missing_ok=True)


def _combined_title(config: ReportBase, kind: ReportKind, nama: str) -> str:
    return (f"Lampiran Capaian SPM {nama} Tahun {config.tahun}" if kind.batch_only
            else f"Gabungan {kind.title} {nama} Tahun {config.tahun}")


def _unit_title(config: ReportBase, record: UnitRecord) -> str:
    from spmdocs.config import Unit

    return Unit(record.kode_wilayah, record.unit, record.daerah, record.urut).title(config.per_daerah)


def _manifest_json(handle, config: ReportBase, records: list[UnitRecord], combined: OutputFile | None,
                   per_province: list[dict]) -> None:
    """The manifest as JSON (two-space indented) into the text file ``handle``, one unit at a time:
    a national run's thousands of units are never one string in memory."""
    ok = sum(r.ok for r in records)
    data = {
        "jenis": config.jenis, "tahun": config.tahun, "kode_wilayah": config.daerah.kode_wilayah,
        "unit_kolom": getattr(config, "unit_kolom", "daerah"), "jumlah_unit": len(records), "berhasil": ok,
        "gagal": len(records) - ok, "gabungan": vars(combined) if combined else None,
    }
    if config.nasional:
        data["cakupan"] = "nasional"
        data["gabungan_provinsi"] = per_province
    data["unit"] = []
    before, _, after = json.dumps(data, ensure_ascii=False, indent=2).rpartition('"unit": []')
    handle.write(before + '"unit": [')
    for i, record in enumerate(records):
        # each unit as json.dumps(data, indent=2) would write it, two levels deep
        unit = json.dumps(record.to_json(), ensure_ascii=False, indent=2).replace("\n", "\n    ")
        handle.write(f"{',' if i else ''}\n    {unit}")
    handle.write(("\n  ]" if records else "]") + after + "\n")


def _manifest_csv(handle, records: list[UnitRecord]) -> None:
    """The manifest as CSV into the text file ``handle``; a cell a spreadsheet would run as a
    formula is written as text."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        writer.writerow([csv_cell(value) for value in (
            r.urut, r.kode_wilayah, r.daerah, r.unit, r.status, "; ".join(f.nama for f in r.berkas),
            "" if r.halaman is None else r.halaman, "; ".join(f.sha256 for f in r.berkas),
            " | ".join(r.peringatan), r.galat)])


def _archive(members: dict[str, bytes], created: datetime) -> bytes:
    """One ZIP of ``members`` (sorted by name) with fixed timestamps and permissions."""
    stamp = max(created, datetime(1980, 1, 1)).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            archive.writestr(info, members[name], compresslevel=6)
    return buffer.getvalue()
