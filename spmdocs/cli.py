"""Command line: thin click commands over validate, score and build (heavy imports are lazy)."""

from __future__ import annotations

import atexit
import os
import re
import signal
import sys
import threading
from pathlib import Path

import click

if "numpy" not in sys.modules:
    # numpy's OpenBLAS starts a spinning thread per core when it is imported: about 0.1 s of CPU
    # of every command, taken from the batch workers on a small machine. spmdocs does no linear
    # algebra. A value the user set wins; spmdocs used as a library leaves numpy as it is.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from spmdocs.errors import Location, Problem, SpmdocsError, tally

class _PathArgument(click.ParamType):
    """A path checked by spmdocs itself, which says in Bahasa Indonesia what is wrong with it.

    Only its form is checked here (a name over 255 bytes cannot be looked up at all); whether it
    exists is told by the command that reads it.
    """

    name = "path"

    def convert(self, value, param, ctx):
        from spmdocs.guard import path_reason

        reason = path_reason(value)
        if reason:
            key = param.opts[0] if param is not None and param.opts and param.opts[0].startswith("-") else \
                (param.human_readable_name if param is not None else None)
            raise SpmdocsError([Problem(reason, Location(file=str(value)[:120], key=key))],
                               headline="Perintah tidak valid")
        return Path(value)


EXISTING = _PathArgument()
"""A path checked by spmdocs itself, which says in Bahasa Indonesia what is wrong with it."""


def _echo_warnings(problems: list[Problem], quiet: bool = False) -> None:
    if quiet:
        return
    for problem in problems:
        if not problem.is_error:
            click.echo(f"  - {problem}", err=True)


_USAGE = (
    (re.compile(r"No such (option|command):? '?([^'\s.]+)'?\.?(?: Did you mean '([^']+)'\?)?"),
     lambda m: (m[2], f"{'pilihan' if m[1] == 'option' else 'perintah'} {m[2]} tidak dikenal"
                      + (f"; mungkin maksud Anda {m[3]}" if m[3] else ""))),
    (re.compile(r"Missing argument '([^']+)'"), lambda m: (m[1], f"argumen {m[1]} belum diisi")),
    (re.compile(r"Missing option '([^']+)'"), lambda m: (m[1], f"pilihan {m[1]} wajib diisi")),
    (re.compile(r"Option '([^']+)' requires an argument"), lambda m: (m[1], f"pilihan {m[1]} memerlukan nilai")),
    (re.compile(r"Got unexpected extra arguments? \((.*)\)"), lambda m: (None, f"argumen berlebih: {m[1]}")),
    (re.compile(r"Invalid value for '([^']+)': '?(.*?)'? is not one of (.*)\."),
     lambda m: (m[1], f"nilai '{m[2]}' tidak dikenal; pilihan: {m[3]}")),
    (re.compile(r"Invalid value for '([^']+)': '?(.*?)'? is not a valid (integer|float)"),
     lambda m: (m[1], f"nilai '{m[2]}' harus berupa angka{' bulat' if m[3] == 'integer' else ''}")),
    (re.compile(r"Invalid value for '([^']+)': (.*) is not in the range (.*)\."),
     lambda m: (m[1], f"nilai {m[2]} di luar rentang yang diizinkan ({m[3]})")),
)


def _usage_problem(exc: click.UsageError) -> SpmdocsError:
    """Click's complaint about the command line, told in Bahasa Indonesia like any bad input."""
    text = exc.format_message()
    for pattern, translate in _USAGE:
        found = pattern.search(text)
        if found:
            key, message = translate(found)
            break
    else:
        key, message = None, text
    command = exc.ctx.command_path if exc.ctx is not None else "spmdocs"
    return SpmdocsError([Problem(f"{message}. Lihat petunjuk: {command} --help", Location(key=key))],
                        headline="Perintah tidak valid")


def guard_error(exc: BaseException) -> SpmdocsError:
    """A time or memory limit that was hit, as a failure a clerk reads."""
    from spmdocs.guard import LimitExceeded, MemoryLimit, memory_mb

    message = exc.message if isinstance(exc, LimitExceeded) else MemoryLimit(memory_mb()).message
    return SpmdocsError([Problem(message)], headline="Proses dihentikan karena batas sumber daya")


def os_error(exc: OSError) -> SpmdocsError:
    """A file the operating system refused that no stage foresaw, told with its path and reason."""
    from spmdocs.errors import RenderError
    from spmdocs.fileio import os_reason

    name = str(exc.filename)[:200] if exc.filename else None
    return RenderError([Problem(f"berkas atau folder tidak dapat dipakai ({os_reason(exc)}); tidak ada berkas "
                                "keluaran yang diubah", Location(file=name))])


class _Said(click.ClickException):
    """A message for the clerk handed to click: shown on stderr as it is (no English prefix)."""

    def show(self, file=None) -> None:  # noqa: D401 - click's signature
        click.echo(self.message, file=file, err=True)


class _Reported(_Said):
    """A :class:`SpmdocsError` handed to click: its message on stderr and its exit code."""

    def __init__(self, error: SpmdocsError):
        super().__init__(error.format_message())
        self.exit_code = error.exit_code


_CLICK_PHRASES = {
    "Usage:": "Cara pakai:",
    "Options": "Pilihan",
    "Commands": "Perintah",
    "Show this message and exit.": "Tampilkan petunjuk ini lalu keluar.",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
}
_METAVARS = {"TEXT": "TEKS", "PATH": "JALUR", "INTEGER": "ANGKA", "FLOAT": "ANGKA", "RANGE": "RENTANG"}
_TYPE_NAMES = re.compile(r"\b(?:" + "|".join(_METAVARS) + r")\b")
_CLICK_EXTRAS = (("[default: ", "[bawaan: "), ("default: ", "bawaan: "), ("required", "wajib"))


class _Help(click.HelpFormatter):
    """click's help page with its fixed English phrases said in Bahasa Indonesia.

    click words its headings and the notes after an option (default, required) itself; they are
    translated here, where the page is written, so every command's ``--help`` reads in one
    language.
    """

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="Cara pakai: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_CLICK_PHRASES.get(heading, heading))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(_TYPE_NAMES.sub(lambda m: _METAVARS[m.group(0)], term), _translated(text)) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


def _translated(text: str) -> str:
    text = _CLICK_PHRASES.get(text, text)
    for english, indonesian in _CLICK_EXTRAS:
        text = text.replace(english, indonesian)
    return text


class _HelpContext(click.Context):
    formatter_class = _Help


class _Command(click.Command):
    context_class = _HelpContext

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[PILIHAN]")
        super().__init__(*args, **kwargs)


class _Commands(click.Group):
    """The command group; a mistyped command line gets an answer in Bahasa Indonesia.

    Every :class:`SpmdocsError` a command raises is adapted to click here, so the engine's
    error types never depend on click.
    """

    context_class = _HelpContext
    command_class = _Command

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[PILIHAN]")
        kwargs.setdefault("subcommand_metavar", "PERINTAH [ARGUMEN]...")
        super().__init__(*args, **kwargs)

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise _Reported(_usage_problem(exc)) from None
        except SpmdocsError as exc:
            raise _Reported(exc) from None

    def invoke(self, ctx):
        from spmdocs import guard

        # SIGTERM (a service manager, `kill`, the web page stopping a job) ends a command the way
        # Ctrl-C does: through KeyboardInterrupt, so every half-written file is removed on the way
        # out and the clerk reads why it stopped, not a silent death or click's "Aborted!".
        main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _interrupt) if main_thread else None
        try:
            with guard.limits():
                return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _Stopped() from None
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise _Reported(_usage_problem(exc)) from None
        except SpmdocsError as exc:
            raise _Reported(exc) from None
        except (guard.LimitExceeded, MemoryError) as exc:
            raise _Reported(guard_error(exc)) from None
        except OSError as exc:
            raise _Reported(os_error(exc)) from None
        finally:
            if main_thread:
                signal.signal(signal.SIGTERM, previous)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


class _Stopped(_Said):
    """Ctrl-C or SIGTERM before the command finished: said in Bahasa Indonesia, exit code 1."""

    exit_code = 1

    def __init__(self):
        super().__init__("Dihentikan oleh pengguna (Ctrl+C) atau sinyal sebelum selesai; berkas keluaran yang "
                         "belum selesai tidak ditulis.")


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="spmdocs", message="%(prog)s, versi %(version)s")
def main() -> None:
    """spmdocs: laporan Standar Pelayanan Minimal dari data ke Word dan PDF."""


def run() -> None:
    """The ``spmdocs`` command (and ``python -m spmdocs``): :func:`main`, then a quick exit.

    Once a command is done, the interpreter's own shutdown tears down every module (pandas,
    pyarrow, ReportLab, python-docx) object by object: about 0.17 s of CPU on this 2-core machine,
    a sixth of a resumed batch, for memory the system frees anyway. The exit handlers still run
    (worker pools, temporary folders, logging) and the output streams are flushed; only the
    teardown is skipped, and only when no other thread is alive (a thread's work is waited for).
    """
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    if not isinstance(code, int):
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    finish = getattr(atexit, "_run_exitfuncs", None)
    if finish is None or threading.active_count() > 1:
        sys.exit(code)
    finish()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (spmdocs … | head): nothing more to say
            pass
    os._exit(code)


_SCOPE_HELP = ("nasional (bawaan): data boleh memuat daerah dari banyak provinsi; provinsi: semua daerah "
               "harus dalam satu provinsi.")


@main.command()
@click.argument("data", nargs=-1, required=True, type=EXISTING)
@click.option("--jenis", type=click.Choice(["capaian", "mutu", "kegiatan"]), default=None,
              help="Jenis tabel; bawaan: dikenali dari judul kolom.")
@click.option("--lembar", default=None, help="Nama lembar (sheet) Excel yang dibaca.")
@click.option("--multi-tahun", is_flag=True, help="Izinkan data berisi lebih dari satu tahun.")
@click.option("--strict", is_flag=True, help="Perlakukan peringatan sebagai galat.")
@click.option("--cakupan", type=click.Choice(["nasional", "provinsi"]), default="nasional", show_default=True,
              help=_SCOPE_HELP)
def validate(data: tuple[Path, ...], jenis: str | None, lembar: str | None, multi_tahun: bool,
             strict: bool, cakupan: str) -> None:
    """Periksa berkas data (CSV, XLSX atau ODS) dan laporkan semua masalah sekaligus."""
    from spmdocs import api

    result = api.validate(list(data), jenis, strict=strict, allow_years=multi_tahun, sheet=lembar,
                          one_province=cakupan == "provinsi", aggregate=True)
    errors = [p for p in result.problems if p.is_error]
    warnings = [p for p in result.problems if not p.is_error]
    if errors:
        raise SpmdocsError(result.problems, headline="Data tidak valid")
    rows = result.rows_read if result.rows_read is not None else len(result.frame)
    from spmdocs.fmt import angka

    click.echo(f"Data valid: {angka(rows, 0)} baris, {tally(warnings)} peringatan.")
    _echo_warnings(warnings)


@main.command()
@click.argument("data", nargs=-1, required=True, type=EXISTING)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="Bentuk keluaran.")
@click.option("--mutu", "mutu_files", multiple=True, type=EXISTING,
              help="Tabel rincian mutu (barang/jasa dan SDM) untuk perhitungan mutu per item.")
@click.option("--multi-tahun", is_flag=True, help="Izinkan data berisi lebih dari satu tahun.")
@click.option("--cakupan", type=click.Choice(["nasional", "provinsi"]), default="nasional", show_default=True,
              help=_SCOPE_HELP)
def score(data: tuple[Path, ...], fmt: str, mutu_files: tuple[Path, ...], multi_tahun: bool, cakupan: str) -> None:
    """Hitung capaian, nilai, indeks dan kategori SPM dari berkas data (satu provinsi atau nasional)."""
    from spmdocs import api
    from spmdocs.spm import export

    scored = api.score(list(data), mutu=list(mutu_files) or None, allow_years=multi_tahun,
                       one_province=cakupan == "provinsi")
    result = scored.scores
    if fmt == "json":
        click.echo(export.to_json(result))
    elif fmt == "csv":
        click.echo(export.to_csv(result), nl=False)
    else:
        from spmdocs.present import print_score_table

        print_score_table(result)
    _echo_warnings(scored.warnings)


def _finishing(formats: tuple[str, ...], pdfa: bool, sign_p12: Path | None):
    """The PDF/A level and the checked certificate asked for with --pdfa and --sign-p12."""
    from spmdocs.pipeline import Options

    Options(formats, pdfa="2b" if pdfa else None, sign=sign_p12)  # refuses both without a PDF, first
    sign = None
    if sign_p12 is not None:
        from spmdocs.render.signing import sign_options

        sign = sign_options(sign_p12)
    return ("2b" if pdfa else None), sign


_PDFA_HELP = "Tulis setiap PDF sebagai PDF/A-2b untuk arsip (sama dengan keluaran.pdfa: 2b)."
_SIGN_HELP = ("Tandatangani setiap PDF secara elektronik (PAdES) dengan sertifikat .p12/.pfx kantor; "
              "kata sandinya dibaca dari variabel lingkungan SPMDOCS_P12_PASSWORD.")


@main.command()
@click.argument("config", type=EXISTING)
@click.option("--format", "formats", default="docx", show_default=True,
              help="Format keluaran, dipisah koma: docx,pdf.")
@click.option("--data", "data", multiple=True, type=EXISTING,
              help="Ganti berkas data capaian dari konfigurasi (kolom yang sama).")
@click.option("--out", "out_dir", type=EXISTING, default=Path("output"),
              show_default=True, help="Folder keluaran.")
@click.option("--pdf-engine", type=click.Choice(["reportlab", "libreoffice"]), default="reportlab",
              show_default=True, help="Mesin PDF: ReportLab (bawaan) atau LibreOffice dari DOCX.")
@click.option("--quiet", is_flag=True, help="Hanya tampilkan galat.")
@click.option("--strict", is_flag=True, help="Perlakukan peringatan sebagai galat; tidak ada dokumen yang ditulis.")
@click.option("--pdfa", is_flag=True, help=_PDFA_HELP)
@click.option("--sign-p12", "sign_p12", type=EXISTING, default=None, help=_SIGN_HELP)
def build(config: Path, formats: str, data: tuple[Path, ...], out_dir: Path, pdf_engine: str,
          quiet: bool, strict: bool, pdfa: bool, sign_p12: Path | None) -> None:
    """Susun laporan dari berkas konfigurasi YAML menjadi DOCX dan/atau PDF."""
    from spmdocs.pipeline import Options, build, parse_formats

    wanted = parse_formats(formats)
    level, sign = _finishing(wanted, pdfa, sign_p12)
    result = build(config, Options(wanted, pdf_engine, strict, level, sign), list(data) or None, out_dir)
    _echo_warnings(result.warnings, quiet)
    if not quiet:
        click.echo(result.summary)
        for path in result.outputs:
            click.echo(f"Ditulis: {path}")



@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--daerah", "kode", required=True,
              help="Kode wilayah Kemendagri bertitik: 65 (provinsi) atau 65.01 (kabupaten/kota).")
@click.option("--tahun", type=click.IntRange(2000, 2100), required=True, help="Tahun anggaran laporan.")
@click.option("--force", is_flag=True, help="Izinkan menulis ke folder yang sudah berisi (berkas sama ditimpa).")
def init(folder: Path, kode: str, tahun: int, force: bool) -> None:
    """Siapkan folder kerja daerah baru: konfigurasi, templat data Excel, templat Word dan README."""
    from spmdocs.init import init_folder

    result = init_folder(folder, kode, tahun, force)
    tingkat = "provinsi" if result.level == "provinsi" else "kabupaten/kota"
    click.echo(f"Folder kerja {result.nama} ({result.kode}, {tingkat}, {result.layanan} jenis pelayanan "
               f"dasar) Tahun {tahun}:")
    for path in result.files:
        click.echo(f"Ditulis: {path}")
    _echo_warnings(result.warnings)
    click.echo(f"Langkah berikutnya: isi data di {folder / 'data'} lalu baca {folder / 'README.md'}.")


class _BatchProgress:
    """A rich progress bar on stderr: units done, units failed, and documents per second."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(TextColumn("Dokumen"), BarColumn(), MofNCompleteColumn(),
                             TextColumn("gagal: {task.fields[gagal]}"),
                             TextColumn("{task.fields[laju]} dok/dtk"), TimeElapsedColumn(),
                             console=Console(stderr=True))
        self._task = None
        self._failed = 0
        self._done = 0
        self._start = 0.0

    def start(self, total: int) -> None:
        import time

        self._start = time.perf_counter()
        self._bar.start()
        self._task = self._bar.add_task("", total=total, gagal=0, laju="0")

    def advance(self, record, reused: bool) -> None:
        import time

        from spmdocs.fmt import angka

        self._done += 1
        self._failed += not record.ok
        rate = self._done / max(time.perf_counter() - self._start, 1e-6)
        self._bar.update(self._task, advance=1, gagal=self._failed, laju=angka(rate, 1))

    def stop(self) -> None:
        self._bar.stop()


@main.command()
@click.argument("config", type=EXISTING)
@click.option("--data", "data", multiple=True, type=EXISTING,
              help="Ganti berkas data capaian dari konfigurasi (kolom yang sama).")
@click.option("--out", "out_dir", type=EXISTING, default=None,
              help="Folder keluaran; bawaan: output/<nama berkas konfigurasi>.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Jumlah proses paralel (--executor lokal); bawaan: jumlah inti prosesor.")
@click.option("--resume", is_flag=True,
              help="Lanjutkan proses: lewati unit yang data, konfigurasi dan berkasnya tidak berubah.")
@click.option("--format", "formats", default="docx,pdf", show_default=True,
              help="Format keluaran, dipisah koma: docx,pdf.")
@click.option("--zip", "make_zip", is_flag=True, help="Kemas semua keluaran dalam satu berkas ZIP.")
@click.option("--pdf-engine", type=click.Choice(["reportlab", "libreoffice"]), default="reportlab",
              show_default=True, help="Mesin PDF: ReportLab (bawaan) atau LibreOffice dari DOCX.")
@click.option("--strict", is_flag=True,
              help="Perlakukan peringatan sebagai galat: unit yang berperingatan gagal dan tidak ditulis.")
@click.option("--quiet", is_flag=True, help="Tanpa bilah kemajuan dan ringkasan; hanya galat.")
@click.option("--pdfa", is_flag=True, help=_PDFA_HELP)
@click.option("--sign-p12", "sign_p12", type=EXISTING, default=None, help=_SIGN_HELP)
@click.option("--executor", type=click.Choice(["lokal", "dask"]), default="lokal", show_default=True,
              help="Tempat unit dibuat: lokal (proses paralel di komputer ini) atau dask (klaster Dask).")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="Alamat penjadwal Dask untuk --executor dask, mis. tcp://192.168.1.10:8786.")
@click.pass_context
def batch(ctx: click.Context, config: Path, data: tuple[Path, ...], out_dir: Path | None,
          jobs: int | None, resume: bool, formats: str, make_zip: bool, pdf_engine: str, strict: bool,
          quiet: bool, pdfa: bool, sign_p12: Path | None, executor: str, scheduler: str | None) -> None:
    """Buat satu dokumen per unit (OPD atau daerah) dari satu berkas data, sekaligus ratusan."""
    from spmdocs.batch import check_executor, run_batch
    from spmdocs.pipeline import parse_formats

    wanted = parse_formats(formats)
    check_executor(executor, scheduler, sign_p12 is not None)
    level, sign = _finishing(wanted, pdfa, sign_p12)
    progress = None if quiet else _BatchProgress()
    try:
        result = run_batch(config, list(data) or None, out_dir, jobs, resume, wanted, make_zip, progress,
                           pdf_engine=pdf_engine, strict=strict, pdfa=level, sign=sign, executor=executor,
                           scheduler=scheduler)
    except KeyboardInterrupt:  # between the run's stages: what was finished is in the journal
        click.echo("Dihentikan (dihentikan oleh pengguna atau sinyal). Jalankan lagi dengan --resume untuk "
                   "menyelesaikan sisanya.", err=True)
        ctx.exit(1)
    finally:
        if progress is not None:
            progress.stop()
    _echo_warnings(result.problems, quiet)
    for record in result.failed:
        click.echo(f"GAGAL: {record.unit} ({record.kode_wilayah}): {record.galat}", err=True)
    if result.interrupted:
        click.echo(f"Dihentikan ({result.interrupted}): {len(result.records)} dari {result.total} unit "
                   "selesai. Jalankan lagi dengan --resume untuk menyelesaikan sisanya.", err=True)
        ctx.exit(1)
    if not quiet:
        ok = len(result.records) - len(result.failed)
        click.echo(f"Selesai: {result.total} unit, {ok} berhasil ({result.reused} dipakai dari hasil "
                   f"sebelumnya), {len(result.failed)} gagal.")
        for path in result.outputs:
            click.echo(f"Ditulis: {path}")
    if result.failed:
        ctx.exit(1)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Alamat yang dilayani; bawaan hanya komputer ini. 0.0.0.0 membuka untuk jaringan kantor.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True, help="Nomor port.")
@click.option("--folder", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
              show_default=True, help="Folder kerja (dibuat dengan spmdocs init, atau folder baru).")
def serve(host: str, port: int, folder: Path) -> None:
    """Halaman web untuk petugas: unggah data, isi pengaturan, buat dan unduh dokumen."""
    from spmdocs.serve.server import run

    run(folder, host, port)
