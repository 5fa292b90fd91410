"""Batch production: one annex per unit (an OPD, a daerah …) of a data file, in parallel and safely.

:func:`run_batch` fans a ``lampiran_opd`` config out over the values of its unit column. The
parent loads and validates the data once and splits it into units; a process pool builds them,
each worker loading the config, the templates and the fonts once. A unit is built on its own: bad
rows or a broken narrative fail that unit only, and the manifest records its message.

Every file is written to a temporary name and renamed when complete. A journal in the output
folder records each finished unit, so a run that was interrupted and is started again with
``resume=True`` skips every unit whose inputs (the config, the unit's data rows and the template
files, by sha256) and output files are unchanged. The manifest (CSV and JSON), the combined PDF
with one bookmark per unit, and the optional ZIP are byte-identical for the same inputs.
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
from typing import Protocol

import pandas as pd

from spmdocs.build import FORMATS, safe_filename
from spmdocs.compose.lampiran_opd import LampiranInputs, Unit, compose_lampiran, letter_context
from spmdocs.config import LampiranConfig, load_config
from spmdocs.errors import (ConfigError, DataError, Location, Problem, RenderError, SpmdocsError,
                            TemplateError, raise_if_errors)
from spmdocs.fileio import os_reason, write_bytes_atomic
from spmdocs.yamlsrc import YamlSource

MANIFEST = "manifest"
"""Stem of the manifest files (manifest.csv, manifest.json) in the output folder."""

JOURNAL = ".jurnal-batch.jsonl"
"""One JSON line per finished unit, kept until the manifest of a complete run is written."""

STATUS_OK = "berhasil"
STATUS_FAILED = "gagal"
LETTER_SUFFIX = "surat-pengantar"
NAME_LIMIT = 100
"""Longest file name stem, so that suffixes and the folder stay within Windows' path limit."""

CSV_COLUMNS = ("urut", "kode_wilayah", "daerah", "unit", "status", "berkas", "halaman", "sha256",
               "peringatan", "galat")
_TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
"""The temporary files of :func:`~spmdocs.fileio.atomic_path` (left only by a killed process)."""


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
        """Pages of the unit's PDF annex (None without a PDF)."""
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
    """One unit handed to a worker: its rows (positions in the worker's frames) and problems."""

    unit: Unit
    stem: str
    rows: tuple[int, ...]
    mutu_rows: tuple[int, ...]
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    data_digest: str = ""
    previous: UnitRecord | None = None


@dataclass
class _Plan:
    """The data split into units, ready for the workers."""

    capaian: pd.DataFrame
    mutu: pd.DataFrame | None
    tasks: list[_Task]
    problems: list[Problem]


@dataclass
class _WorkerState:
    """What every worker holds for the whole run (loaded once per worker process)."""

    config: LampiranConfig
    src: YamlSource
    capaian: pd.DataFrame
    mutu: pd.DataFrame | None
    out_dir: Path
    formats: tuple[str, ...]
    digest: str


# --- the run ------------------------------------------------------------------------------------

def run_batch(config_path: Path, data: list[Path] | None = None, out_dir: Path | None = None,
              jobs: int | None = None, resume: bool = False, formats: tuple[str, ...] = FORMATS,
              make_zip: bool = False, progress: Progress | None = None) -> BatchResult:
    """Build one annex per unit of the ``lampiran_opd`` config at ``config_path`` into ``out_dir``.

    Raises :class:`~spmdocs.errors.ConfigError` or :class:`~spmdocs.errors.DataError` when nothing
    can be built; failures of single units are in the returned records. ``result.interrupted`` is
    set when the run was stopped (Ctrl-C, SIGTERM, a worker killed) before every unit finished.
    """
    config, src = load_config(config_path, data)
    if not isinstance(config, LampiranConfig):
        raise ConfigError([Problem("perintah batch hanya untuk konfigurasi dengan jenis "
                                   "'lampiran_opd'", src.location(("jenis",)))])
    out_dir = Path(out_dir) if out_dir is not None else Path("output") / Path(config_path).stem
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError([Problem(f"folder keluaran tidak dapat dibuat ({os_reason(exc)})",
                                   Location(file=str(out_dir)))]) from exc
    _remove_temporary_files(out_dir)
    plan = _plan(config)
    previous = _previous_records(out_dir) if resume else {}
    tasks = [_with_previous(task, previous.get((task.unit.kode_wilayah, task.unit.nama)))
             for task in plan.tasks]
    result = BatchResult(out_dir=out_dir, total=len(tasks), problems=plan.problems)
    combined_names = _combined_names(config)
    for name in (*combined_names, f"{MANIFEST}.csv", f"{MANIFEST}.json"):
        (out_dir / name).unlink(missing_ok=True)
    journal = out_dir / JOURNAL
    with journal.open("w", encoding="utf-8") as handle:
        for record in previous.values():
            handle.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")

    state = _WorkerState(config=config, src=src, capaian=plan.capaian, mutu=plan.mutu, out_dir=out_dir,
                         formats=formats, digest=_static_digest(config, formats, plan))
    records = _build_all(state, tasks, jobs or os.cpu_count() or 1, journal, result, progress)
    result.records = sorted(records, key=lambda r: r.urut)
    if result.interrupted:
        return result
    result.outputs = _write_outputs(config, out_dir, result.records, formats, make_zip, combined_names)
    journal.unlink(missing_ok=True)
    return result


def _build_all(state: _WorkerState, tasks: list[_Task], jobs: int, journal: Path,
               result: BatchResult, progress: Progress | None) -> list[UnitRecord]:
    """Run every task in a process pool; stop cleanly on Ctrl-C, SIGTERM or a dead worker."""
    if progress is not None:
        progress.start(len(tasks))
    records: list[UnitRecord] = []
    start = time.perf_counter()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    main_thread = threading.current_thread() is threading.main_thread()
    previous_handler = signal.signal(signal.SIGTERM, _raise_interrupt) if main_thread else None
    executor = ProcessPoolExecutor(max_workers=max(1, min(jobs, len(tasks) or 1)), mp_context=context,
                                   initializer=_init_worker, initargs=(state,))
    try:
        with journal.open("a", encoding="utf-8") as handle:
            futures = [executor.submit(_run_unit, task) for task in tasks]
            for future in as_completed(futures):
                record, reused, pid, peak = future.result()
                handle.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
                handle.flush()
                records.append(record)
                result.reused += reused
                result.built += not reused
                result.worker_peak_rss[pid] = max(peak, result.worker_peak_rss.get(pid, 0))
                if progress is not None:
                    progress.advance(record, reused)
    except (KeyboardInterrupt, SystemExit):
        result.interrupted = "dihentikan oleh pengguna atau sinyal"
    except BrokenProcessPool:
        result.interrupted = "proses pekerja berhenti tiba-tiba"
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous_handler)
        executor.shutdown(wait=True, cancel_futures=True)
        if result.interrupted:
            _remove_temporary_files(state.out_dir)
    result.seconds = time.perf_counter() - start
    return records


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _with_previous(task: _Task, record: UnitRecord | None) -> _Task:
    if record is None:
        return task
    return dataclasses.replace(task, previous=record)


def _remove_temporary_files(out_dir: Path) -> None:
    """Delete the temporary files a killed process left in the output folder."""
    for path in out_dir.iterdir():
        if _TEMPORARY.match(path.name) and path.is_file():
            path.unlink(missing_ok=True)


def _previous_records(out_dir: Path) -> dict[tuple[str, str], UnitRecord]:
    """The records of the last run: its manifest, updated by its journal when it was interrupted."""
    records: dict[tuple[str, str], UnitRecord] = {}
    manifest = out_dir / f"{MANIFEST}.json"
    if manifest.is_file():
        try:
            for item in json.loads(manifest.read_text(encoding="utf-8")).get("unit", []):
                record = UnitRecord.from_json(item)
                records[record.key] = record
        except (ValueError, KeyError, TypeError):
            records.clear()
    journal = out_dir / JOURNAL
    if journal.is_file():
        for line in journal.read_text(encoding="utf-8").splitlines():
            try:
                record = UnitRecord.from_json(json.loads(line))
            except (ValueError, KeyError, TypeError):
                continue
            records[record.key] = record
    return records


# --- planning: data → units ---------------------------------------------------------------------

def _plan(config: LampiranConfig) -> _Plan:
    """Validate the data, keep the config's year and wilayah, and split the rows into units."""
    capaian, mutu, problems = _load(config)
    notes = [p for p in problems if p.location.row is None]
    capaian, empty_note = _with_unit_column(capaian, config)
    notes += empty_note
    groups = capaian.groupby(["kode_wilayah", "_unit"], sort=False).indices
    keys = sorted(groups, key=lambda key: (_code_key(str(key[0])), str(key[1]).casefold()))
    units = []
    for urut, key in enumerate(keys, 1):
        rows = capaian.iloc[groups[key]]
        daerah = (_first_text(rows["daerah"]) if "daerah" in rows else "") or str(key[0])
        units.append(Unit(kode_wilayah=str(key[0]), nama=daerah if config.per_daerah else str(key[1]),
                          daerah=daerah, urut=urut))
    mutu_index = _mutu_index(mutu)
    row_problems = _problems_by_row(problems)
    row_hashes = _row_hashes(capaian)
    mutu_hashes = _row_hashes(mutu)
    tasks: list[_Task] = []
    claimed: set[tuple[str, int]] = set()
    for unit, stem, key in zip(units, _unique_stems(config, units), keys):
        rows = capaian.iloc[groups[key]]
        mutu_rows = sorted(p for kode in rows["kode_layanan"].unique()
                           for p in mutu_index.get((unit.kode_wilayah, kode), ()))
        sources = list(zip(rows["_file"], rows["_row"]))
        if mutu is not None:
            picked = mutu.iloc[mutu_rows]
            sources += list(zip(picked["_file"], picked["_row"]))
        claimed.update(sources)
        found = [p for source in sources for p in row_problems.get(source, ())]
        data = hashlib.sha256(row_hashes[groups[key]].tobytes())
        if mutu_hashes is not None:
            data.update(mutu_hashes[mutu_rows].tobytes())
        tasks.append(_Task(unit=unit, stem=stem, rows=tuple(int(p) for p in groups[key]),
                           mutu_rows=tuple(int(p) for p in mutu_rows),
                           errors=tuple(_describe(p) for p in found if p.is_error),
                           warnings=tuple(_describe(p) for p in found if not p.is_error),
                           data_digest=data.hexdigest()))
    outside = sum(p.is_error for s, found in row_problems.items() if s not in claimed for p in found)
    if outside:
        notes.append(Problem(f"{outside} galat pada baris di luar tahun {config.tahun} atau wilayah "
                             "lampiran diabaikan", severity="warning"))
    return _Plan(capaian=_data_columns(capaian), mutu=_data_columns(mutu), tasks=tasks, problems=notes)


def _load(config: LampiranConfig) -> tuple[pd.DataFrame, pd.DataFrame | None, list[Problem]]:
    """The capaian rows of the config's year and wilayah, its year's mutu rows, and all problems.

    A problem that is not tied to a row (a missing column, an unreadable file) stops the run.
    """
    from spmdocs.data.validate import validate_files

    options = {"allow_years": True, "aliases": config.data.alias_kolom or None,
               "sheet": config.data.lembar}
    loaded = validate_files(config.data.capaian, kind="capaian", **options)
    problems = list(loaded.problems)
    unread = _files_without_rows(config.data.capaian, loaded.frame)
    mutu = None
    if config.data.mutu:
        found = validate_files(config.data.mutu, kind="mutu", **options)
        problems += found.problems
        unread |= _files_without_rows(config.data.mutu, found.frame)
        mutu = found.frame[found.frame["tahun"] == config.tahun].reset_index(drop=True)
    raise_if_errors([p for p in problems if p.location.row is None or p.location.file in unread], DataError)
    capaian = _scoped(loaded.frame, config)
    if capaian.empty:
        raise DataError([Problem(f"data tidak memuat baris tahun {config.tahun} di wilayah "
                                 f"{config.daerah.kode_wilayah}",
                                 Location(file=", ".join(str(p) for p in config.data.capaian)))])
    return capaian, mutu, problems


def _files_without_rows(paths: list[Path], frame: pd.DataFrame) -> set[str]:
    """Files that gave no row at all (a missing column, say): their problems stop the run."""
    from spmdocs.data.loader import split_sheet

    return {str(split_sheet(path)[0]) for path in paths} - set(frame["_file"])


def _with_unit_column(capaian: pd.DataFrame, config: LampiranConfig) -> tuple[pd.DataFrame, list[Problem]]:
    """The rows with their unit in ``_unit``; rows without one are dropped with a warning."""
    column = config.unit_kolom
    if column not in capaian.columns or capaian[column].isna().all():
        raise DataError([Problem(f"kolom '{column}' (unit_kolom) tidak ada atau kosong di data "
                                 f"tahun {config.tahun}", Location(column=column))])
    values = capaian["kode_wilayah"].astype(str) if config.per_daerah else \
        capaian[column].astype("string").str.strip()
    capaian = capaian.assign(_unit=values).reset_index(drop=True)
    empty = capaian[capaian["_unit"].isna() | (capaian["_unit"] == "")]
    if empty.empty:
        return capaian, []
    rows = ", ".join(str(r) for r in empty["_row"].head(10))
    note = Problem(f"{len(empty)} baris tanpa isi kolom '{column}' tidak masuk lampiran mana pun "
                   f"(baris {rows})", Location(file=str(empty["_file"].iloc[0]), column=column),
                   "warning")
    return capaian.drop(index=empty.index).reset_index(drop=True), [note]


def _row_hashes(frame: pd.DataFrame | None):
    """One 64-bit hash of every row's data (its source file and row number left out)."""
    if frame is None:
        return None
    data = _data_columns(frame)
    return pd.util.hash_pandas_object(data, index=False).to_numpy()


def _data_columns(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    """The frame without the columns that say where a row came from (scored and hashed as is)."""
    if frame is None:
        return None
    return frame.drop(columns=[c for c in frame.columns if c.startswith("_")])


def _scoped(frame: pd.DataFrame, config: LampiranConfig) -> pd.DataFrame:
    """Rows of the config's year and wilayah; for quarterly data, the last triwulan."""
    kode = config.daerah.kode_wilayah
    codes = frame["kode_wilayah"].astype(str)
    inside = codes == kode
    if config.cakupan == "dengan_kabupaten_kota":
        inside |= codes.str.startswith(f"{kode}.")
    scoped = frame[inside & (frame["tahun"] == config.tahun)]
    if "triwulan" in scoped and scoped["triwulan"].notna().any():
        last = int(scoped["triwulan"].max())
        scoped = scoped[scoped["triwulan"].isna() | (scoped["triwulan"] == last)]
    return scoped


def _describe(problem: Problem) -> str:
    """A problem as one line for the manifest: where it is, then what it is."""
    where = str(problem.location)
    return f"{where}: {problem.message}" if where else problem.message


def _code_key(kode: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in kode.split("."))


def _first_text(values: pd.Series) -> str:
    return next((v.strip() for v in values if isinstance(v, str) and v.strip()), "")


def _mutu_index(mutu: pd.DataFrame | None) -> dict[tuple[str, str], list[int]]:
    if mutu is None or mutu.empty:
        return {}
    return {(str(k), str(s)): list(v) for (k, s), v in
            mutu.groupby(["kode_wilayah", "kode_layanan"], sort=False).indices.items()}


def _problems_by_row(problems: list[Problem]) -> dict[tuple[str, int], list[Problem]]:
    """The problems of data rows, by (file, row)."""
    by_row: dict[tuple[str, int], list[Problem]] = {}
    for problem in problems:
        where = problem.location
        if where.row is not None and where.file is not None:
            by_row.setdefault((where.file, where.row), []).append(problem)
    return by_row


def _combined_names(config: LampiranConfig) -> tuple[str, str]:
    """Names of the combined PDF and the ZIP."""
    stem = safe_filename(config.keluaran.gabungan.format(
        jenis=config.jenis.replace("_", "-"), kode_wilayah=config.daerah.kode_wilayah,
        daerah=config.daerah.nama or config.daerah.kode_wilayah, tahun=config.tahun), NAME_LIMIT)
    return f"{stem}.pdf", f"{stem}.zip"


def _unique_stems(config: LampiranConfig, units: list[Unit]) -> list[str]:
    """A safe file-name stem per unit, unique ignoring case, never one of the combined files."""
    taken = {MANIFEST.casefold(), *(Path(n).stem.casefold() for n in _combined_names(config))}
    stems = []
    for unit in units:
        base = safe_filename(config.keluaran.nama_berkas.format(**unit.fields(config)), NAME_LIMIT)
        stem, n = base, 1
        while stem.casefold() in taken:
            n += 1
            suffix = f"-{n}"
            stem = base[:NAME_LIMIT - len(suffix)].rstrip(" .") + suffix
        taken.add(stem.casefold())
        stems.append(stem)
    return stems


def _static_digest(config: LampiranConfig, formats: tuple[str, ...], plan: _Plan) -> str:
    """sha256 of everything every unit's output depends on besides its own rows and signatory."""
    from spmdocs.render.docx import DEFAULT_TEMPLATE

    settings = config.model_dump(mode="json", exclude={
        "data": True, "penandatangan_unit": True, "templat_word": True, "kop": {"logo"},
        "surat_pengantar": {"templat"}})
    digest = hashlib.sha256()
    columns = [list(frame.columns) for frame in (plan.capaian, plan.mutu) if frame is not None]
    digest.update(json.dumps({"config": settings, "format": list(formats), "kolom": columns,
                              "spmdocs": metadata.version("spmdocs")},
                             sort_keys=True, ensure_ascii=False).encode("utf-8"))
    files = [config.templat_word or DEFAULT_TEMPLATE, config.kop.logo,
             config.surat_pengantar.templat if config.surat_pengantar else None]
    for path in files:
        digest.update(b"\0" + (hashlib.sha256(Path(path).read_bytes()).digest() if path else b"-"))
    return digest.hexdigest()


# --- the workers --------------------------------------------------------------------------------

_state: _WorkerState | None = None


def _init_worker(state: _WorkerState) -> None:
    """Keep the run's state, load the renderers, fonts and templates once, and set up signals.

    Ctrl-C reaches every process of the terminal; the workers ignore it and finish the unit in
    hand while the parent stops the run. SIGTERM ends a worker through ``SystemExit``, so the
    temporary file of the unit in hand is removed.
    """
    global _state
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_worker)
    _state = state
    if "docx" in state.formats or state.config.surat_pengantar is not None:
        from spmdocs.render import docx  # noqa: F401  (imported once, before the first unit)
    if "pdf" in state.formats:
        from spmdocs.fonts import font_family

        font_family(state.config.tata_letak.huruf)


def _exit_worker(signum, frame) -> None:
    raise SystemExit(1)


def _run_unit(task: _Task) -> tuple[UnitRecord, bool, int, int]:
    """Build one unit in a worker: (record, reused from the last run, pid, peak RSS in bytes)."""
    state = _state
    unit = task.unit
    record = UnitRecord(urut=unit.urut, kode_wilayah=unit.kode_wilayah, daerah=unit.daerah,
                        unit=unit.nama, status=STATUS_OK, peringatan=list(task.warnings))
    try:
        record.hash_masukan = _input_hash(state, task)
        if _still_valid(task.previous, record.hash_masukan, state.out_dir):
            return task.previous, True, os.getpid(), _peak_rss()
        if task.errors:
            raise DataError([Problem(e) for e in task.errors])
        rows = state.capaian.iloc[list(task.rows)]
        mutu = state.mutu.iloc[list(task.mutu_rows)] if state.mutu is not None else None
        record.berkas = _build_files(state, task, rows, mutu)
    except SpmdocsError as exc:
        record.status = STATUS_FAILED
        record.galat = "; ".join(_describe(p) for p in exc.problems if p.is_error) \
            or exc.format_message()
    except Exception as exc:  # noqa: BLE001 - one unit's failure must not stop the others
        record.status = STATUS_FAILED
        record.galat = f"kesalahan tak terduga: {type(exc).__name__}: {exc}"
    if not record.ok:
        for path in _unit_paths(state, task.stem):
            path.unlink(missing_ok=True)
    return record, False, os.getpid(), _peak_rss()


def _peak_rss() -> int:
    try:
        import resource
    except ImportError:
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _unit_paths(state: _WorkerState, stem: str) -> list[Path]:
    paths = [state.out_dir / f"{stem}.{fmt}" for fmt in state.formats]
    if state.config.surat_pengantar is not None:
        paths.append(state.out_dir / f"{stem}-{LETTER_SUFFIX}.docx")
    return paths


def _input_hash(state: _WorkerState, task: _Task) -> str:
    """sha256 of the run's settings and templates, the unit's rows, signatory and file name."""
    unit = task.unit
    signer = state.config.signer_of(unit.kode_wilayah, unit.nama, unit.daerah, unit.urut)
    digest = hashlib.sha256(state.digest.encode())
    digest.update(json.dumps([unit.kode_wilayah, unit.nama, unit.daerah, unit.urut, task.stem,
                              signer.model_dump(mode="json"), task.errors, task.warnings,
                              task.data_digest], ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def _still_valid(previous: UnitRecord | None, input_hash: str, out_dir: Path) -> bool:
    """True when the last run built this unit from the same inputs and its files are unchanged."""
    if previous is None or not previous.ok or previous.hash_masukan != input_hash:
        return False
    for output in previous.berkas:
        try:
            data = (out_dir / output.nama).read_bytes()
        except OSError:
            return False
        if hashlib.sha256(data).hexdigest() != output.sha256:
            return False
    return True


def _build_files(state: _WorkerState, task: _Task, rows: pd.DataFrame,
                 mutu: pd.DataFrame | None) -> list[OutputFile]:
    """Score the unit's rows, compose its annex and write it in every format (and its letter)."""
    from spmdocs.spm.catalog import load_catalog
    from spmdocs.spm.scoring import score

    config = state.config
    scores = score(rows, config.aturan_penilaian, mutu, load_catalog())
    inputs = LampiranInputs(config, state.src, task.unit, scores.daerah[0])
    document, narrative = compose_lampiran(inputs)
    raise_if_errors(narrative.problems, TemplateError)
    files = []
    for fmt in state.formats:
        path = state.out_dir / f"{task.stem}.{fmt}"
        files.append(_docx_file(document, path, config.templat_word) if fmt == "docx"
                     else _pdf_file(document, path))
    if config.surat_pengantar is not None:
        path = state.out_dir / f"{task.stem}-{LETTER_SUFFIX}.docx"
        data = _letter_bytes(inputs)
        write_bytes_atomic(path, data)
        files.append(OutputFile(path.name, "docx", hashlib.sha256(data).hexdigest()))
    return files


def _docx_file(document, path: Path, template: Path | None) -> OutputFile:
    from spmdocs.render.docx import render_docx_bytes

    data = render_docx_bytes(document, template)
    write_bytes_atomic(path, data)
    return OutputFile(path.name, "docx", hashlib.sha256(data).hexdigest())


def _pdf_file(document, path: Path) -> OutputFile:
    from pypdf import PdfReader

    from spmdocs.render.pdf import render_pdf

    render_pdf(document, path)
    data = path.read_bytes()
    return OutputFile(path.name, "pdf", hashlib.sha256(data).hexdigest(),
                      len(PdfReader(io.BytesIO(data)).pages))


def _letter_bytes(inputs: LampiranInputs) -> bytes:
    """The unit's cover letter: the docxtpl template filled with the letter's fields and kop."""
    from docxtpl import DocxTemplate
    from jinja2.exceptions import TemplateError as JinjaTemplateError

    from spmdocs.compose.blocks import kop_block
    from spmdocs.render._ooxml import normalize_zip
    from spmdocs.render.docx import kop_context, template_environment, template_problem, template_problems

    config = inputs.config
    template = config.surat_pengantar.templat
    context, narrative = letter_context(inputs)
    raise_if_errors(narrative.problems, TemplateError)
    tpl = DocxTemplate(io.BytesIO(_template_bytes(template)))
    raise_if_errors(template_problems(template, tpl.get_docx()), TemplateError)
    context["kop"] = kop_context(tpl, kop_block(config.kop, config.tata_letak.to_layout()))
    try:
        tpl.render(context, jinja_env=template_environment())
    except JinjaTemplateError as exc:
        raise TemplateError([template_problem(template, tpl, exc)]) from None
    created = datetime.combine(config.tanggal, clock(8, 0))
    props = tpl.docx.core_properties
    props.title = f"Surat Pengantar Lampiran {inputs.unit.title(config.per_daerah)}"
    props.subject = context["perihal"]
    props.author = props.last_modified_by = config.kop.pemerintah
    props.created = props.modified = created
    buffer = io.BytesIO()
    tpl.save(buffer)
    return normalize_zip(buffer.getvalue(), created)


_template_files: dict[Path, bytes] = {}


def _template_bytes(path: Path) -> bytes:
    """A template file's bytes, read once per worker."""
    if path not in _template_files:
        try:
            _template_files[path] = path.read_bytes()
        except OSError as exc:
            raise TemplateError([Problem(f"templat tidak dapat dibaca ({os_reason(exc)})",
                                         Location(file=str(path)))]) from exc
    return _template_files[path]


# --- the combined outputs -----------------------------------------------------------------------

def _write_outputs(config: LampiranConfig, out_dir: Path, records: list[UnitRecord],
                   formats: tuple[str, ...], make_zip: bool, combined_names: tuple[str, str]) -> list[Path]:
    """Write the combined PDF, the manifest (JSON and CSV) and the ZIP; return their paths."""
    created = datetime.combine(config.tanggal, clock(8, 0))
    combined = None
    if "pdf" in formats and any(r.ok for r in records):
        combined = _combine_pdfs(config, out_dir, records, out_dir / combined_names[0], created)
    manifest_json = out_dir / f"{MANIFEST}.json"
    manifest_csv = out_dir / f"{MANIFEST}.csv"
    write_bytes_atomic(manifest_json, _manifest_json(config, records, combined))
    write_bytes_atomic(manifest_csv, _manifest_csv(records))
    outputs = [manifest_csv, manifest_json]
    if combined is not None:
        outputs.insert(0, out_dir / combined.nama)
    if make_zip:
        members = [out_dir / f.nama for r in records if r.ok for f in r.berkas] + outputs
        outputs.append(_archive(out_dir / combined_names[1], members, created))
    return outputs


def _combine_pdfs(config: LampiranConfig, out_dir: Path, records: list[UnitRecord], target: Path,
                  created: datetime) -> OutputFile:
    """All PDF annexes in manifest order, one bookmark per unit, with fixed metadata."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for record in records:
        pdf = record.file("pdf") if record.ok else None
        if pdf is None:
            continue
        unit = Unit(record.kode_wilayah, record.unit, record.daerah, record.urut)
        writer.append(PdfReader(out_dir / pdf.nama), outline_item=unit.title(config.per_daerah),
                      import_outline=False)
    stamp = created.strftime("D:%Y%m%d%H%M%S")
    writer.add_metadata({
        "/Title": f"Lampiran Capaian SPM {config.daerah.nama or config.daerah.kode_wilayah} "
                  f"Tahun {config.tahun}",
        "/Author": config.kop.pemerintah, "/Subject": "Gabungan lampiran per unit",
        "/Creator": "spmdocs", "/Producer": "spmdocs", "/CreationDate": stamp, "/ModDate": stamp})
    writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    write_bytes_atomic(target, data)
    return OutputFile(target.name, "pdf", hashlib.sha256(data).hexdigest(), len(writer.pages))


def _manifest_json(config: LampiranConfig, records: list[UnitRecord], combined: OutputFile | None) -> bytes:
    ok = sum(r.ok for r in records)
    data = {
        "jenis": config.jenis, "tahun": config.tahun, "kode_wilayah": config.daerah.kode_wilayah,
        "unit_kolom": config.unit_kolom, "jumlah_unit": len(records), "berhasil": ok,
        "gagal": len(records) - ok, "gabungan": vars(combined) if combined else None,
        "unit": [r.to_json() for r in records],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _manifest_csv(records: list[UnitRecord]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        writer.writerow([r.urut, r.kode_wilayah, r.daerah, r.unit, r.status,
                         "; ".join(f.nama for f in r.berkas),
                         "" if r.halaman is None else r.halaman,
                         "; ".join(f.sha256 for f in r.berkas), " | ".join(r.peringatan), r.galat])
    return buffer.getvalue().encode("utf-8")


def _archive(target: Path, members: list[Path], created: datetime) -> Path:
    """One ZIP of ``members`` (sorted by name) with fixed timestamps and permissions."""
    stamp = max(created, datetime(1980, 1, 1)).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(members, key=lambda p: p.name):
            info = zipfile.ZipInfo(path.name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=6)
    return write_bytes_atomic(target, buffer.getvalue())
