"""LibreOffice PDF engine: convert a rendered .docx to PDF headless, with its Daftar Isi refreshed.

``soffice --convert-to pdf`` exports the table of contents as the .docx caches it (the "Perbarui
Bidang" placeholder), so this engine drives LibreOffice through UNO instead: every conversion
starts its own LibreOffice, with its own user profile in a temporary folder (so parallel workers
never share one) and listening on a private pipe; ``_uno_export.py``, run by the system Python
that has the UNO bridge (Debian ``python3-uno``), updates the indexes and fields and stores the PDF
and the refreshed .docx. The whole LibreOffice process group is killed afterwards, and at once when
the time limit passes.

The PDF's dates and file identifier are then fixed from the .docx (its creation date and a hash of
its bytes), so the same .docx gives the same PDF bytes with the same LibreOffice version.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import NoReturn

from docx import Document as open_docx
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, ByteStringObject

from spmdocs.errors import Location, Problem, RenderError
from spmdocs.fileio import os_reason, write_bytes_atomic
from spmdocs.fmt import angka
from spmdocs.render._ooxml import normalize_zip

SOFFICE_NAMES = ("soffice", "libreoffice")
"""Command names of LibreOffice looked up on PATH, in this order."""

SOFFICE_PACKAGE = "libreoffice-writer-nogui"
UNO_PACKAGE = "python3-uno"

SYSTEM_PYTHON = Path("/usr/bin/python3")
"""The Python that Debian's python3-uno extends; LibreOffice's own bundled Python comes first."""

UNO_SCRIPT = Path(__file__).with_name("_uno_export.py")

QUIT_GRACE_SECONDS = 5.0
"""How long LibreOffice may take to quit on its own after the export before it is killed."""

_POLL_SECONDS = 0.05
_CORE_PART = "docProps/core.xml"
_LO_BOOKMARK = re.compile(rb"(__RefHeading___Toc\d+_)\d+")
_EXIT_NO_UNO, _EXIT_LOAD = 3, 4
"""Exit codes of ``_uno_export.py`` (it cannot import them from here)."""


def convert_to_pdf(docx: Path, target: Path, *, timeout: float = 180,
                   refresh_docx: bool = True) -> Path:
    """Convert ``docx`` to a PDF at ``target`` (atomically) with LibreOffice; return ``target``.

    The tables of contents and other fields are updated before the export, so the PDF's Daftar Isi
    shows real page numbers. With ``refresh_docx`` the refreshed document is also written back to
    ``docx`` (as LibreOffice saves it, with the original document properties), so the Word file
    carries the same page numbers. Raises :class:`~spmdocs.errors.RenderError` when LibreOffice or
    its UNO bridge is missing, or the conversion fails or takes longer than ``timeout`` seconds.
    """
    docx, target = Path(docx), Path(target)
    original = _read_docx(docx)
    soffice = find_soffice()
    python = find_uno_python(soffice)
    with tempfile.TemporaryDirectory(prefix="spmdocs-lo-") as work_dir:
        work = Path(work_dir)
        source = work / "sumber.docx"
        source.write_bytes(original)
        pdf = work / "keluaran.pdf"
        refreshed = work / "keluaran.docx" if refresh_docx else None
        _run(soffice, python, source, pdf, refreshed, work, docx, timeout)
        if not pdf.is_file():
            _fail(docx, "LibreOffice tidak menghasilkan berkas PDF")
        created = _created(original)
        pdf_bytes = _fix_pdf(pdf.read_bytes(), created, hashlib.md5(original).digest(), docx)
        if refreshed is not None:
            docx_bytes = _normalize_docx(refreshed.read_bytes(), original, created)
    write_bytes_atomic(target, pdf_bytes)
    if refresh_docx:
        write_bytes_atomic(docx, docx_bytes)
    return target


def find_soffice() -> Path:
    """The LibreOffice command on PATH, or a RenderError saying which Debian package to install."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise RenderError([Problem(
        f"LibreOffice (perintah 'soffice') tidak ditemukan. Pasang paket Debian {SOFFICE_PACKAGE} "
        f"(apt-get install --no-install-recommends {SOFFICE_PACKAGE} {UNO_PACKAGE}) atau buat PDF "
        "dengan mesin bawaan (--pdf-engine reportlab).")])


def find_uno_python(soffice: Path) -> Path:
    """The Python interpreter to run the UNO script with: LibreOffice's own, else the system one."""
    bundled = Path(os.path.realpath(soffice)).parent / "python"
    for candidate in (bundled, SYSTEM_PYTHON):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise RenderError([Problem(_no_uno_message(SYSTEM_PYTHON))])


def _no_uno_message(python: Path) -> str:
    return (f"Jembatan UNO LibreOffice tidak tersedia untuk {python}. Pasang paket Debian "
            f"{UNO_PACKAGE} (apt-get install --no-install-recommends {UNO_PACKAGE}); tanpa itu daftar "
            "isi tidak dapat diperbarui sebelum ekspor PDF.")


def _fail(docx: Path, message: str) -> NoReturn:
    raise RenderError([Problem(message, Location(file=str(docx)))])


def _read_docx(docx: Path) -> bytes:
    try:
        data = docx.read_bytes()
    except OSError as exc:
        _fail(docx, f"berkas DOCX tidak dapat dibaca untuk dikonversi ke PDF ({os_reason(exc)})")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        _fail(docx, "berkas ini bukan dokumen Word (.docx) yang utuh; tidak dapat dikonversi ke PDF")
    return data


def _run(soffice: Path, python: Path, source: Path, pdf: Path, refreshed: Path | None, work: Path,
         docx: Path, timeout: float) -> None:
    """Start a private LibreOffice, let the UNO script export through it, then stop both."""
    pipe = f"spmdocs-{os.getpid()}-{secrets.token_hex(6)}"
    profile = work / "profil"
    office_log = (work / "soffice.log").open("wb")
    script_log = (work / "uno.log").open("wb")
    office = script = None
    try:
        office = _start(docx, [
            str(soffice), "--headless", "--invisible", "--nologo", "--nodefault", "--norestore",
            "--nolockcheck", "--nofirststartwizard", f"-env:UserInstallation={profile.as_uri()}",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"], office_log, work)
        script = _start(docx, [str(python), "-I", str(UNO_SCRIPT), pipe, str(source), str(pdf),
                               *([str(refreshed)] if refreshed is not None else [])], script_log, work)
        deadline = time.monotonic() + timeout
        while script.poll() is None:
            if time.monotonic() > deadline:
                _fail(docx, f"konversi ke PDF dengan LibreOffice melewati batas waktu {angka(timeout)} "
                            "detik dan dihentikan")
            if office.poll() is not None:
                _fail(docx, "LibreOffice berhenti sebelum konversi selesai (kode keluar "
                            f"{office.returncode}): {_tail(work / 'soffice.log')}")
            time.sleep(_POLL_SECONDS)
        if script.returncode == _EXIT_NO_UNO:
            raise RenderError([Problem(_no_uno_message(python))])
        if script.returncode == _EXIT_LOAD:
            _fail(docx, f"LibreOffice tidak dapat membuka dokumen: {_tail(work / 'uno.log')}")
        if script.returncode != 0:
            _fail(docx, f"LibreOffice gagal mengekspor PDF: {_tail(work / 'uno.log')}")
        with contextlib.suppress(subprocess.TimeoutExpired):
            office.wait(QUIT_GRACE_SECONDS)
    finally:
        for process in (script, office):
            if process is not None:
                _kill_group(process)
        office_log.close()
        script_log.close()


def _start(docx: Path, command: list[str], log, work: Path) -> subprocess.Popen:
    """Start ``command`` in its own session (so its whole process group can be killed)."""
    try:
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True, cwd=work)
    except OSError as exc:
        _fail(docx, f"{command[0]} tidak dapat dijalankan ({os_reason(exc)})")


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the process and everything it started (its own session and group), then reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:  # a busy machine may take a moment to end the group's others
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(_POLL_SECONDS)


def _tail(log: Path, limit: int = 300) -> str:
    text = " ".join(log.read_text(errors="replace").split()) if log.exists() else ""
    return text[-limit:] or "tanpa keterangan"


def _created(docx_bytes: bytes) -> datetime:
    """The document's creation date: its core property, else the time stamp of its zip entries."""
    props = open_docx(io.BytesIO(docx_bytes)).core_properties
    if props.created or props.modified:
        return props.created or props.modified
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as source:
        return datetime(*source.infolist()[0].date_time)


def _pdf_date(when: datetime) -> str:
    if when.tzinfo is None:
        return when.strftime("D:%Y%m%d%H%M%S")
    offset = int(when.utcoffset().total_seconds() // 60)
    if offset == 0:
        return when.strftime("D:%Y%m%d%H%M%SZ")
    sign = "+" if offset > 0 else "-"
    return when.strftime("D:%Y%m%d%H%M%S") + f"{sign}{abs(offset) // 60:02d}'{abs(offset) % 60:02d}'"


def _fix_pdf(data: bytes, created: datetime, file_id: bytes, docx: Path) -> bytes:
    """Replace LibreOffice's clock dates and random file identifier with values from the .docx."""
    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    except PdfReadError as exc:
        _fail(docx, f"PDF dari LibreOffice rusak ({exc})")
    stamp = _pdf_date(created)
    writer.add_metadata({"/Creator": "spmdocs", "/CreationDate": stamp, "/ModDate": stamp})
    identifier = ByteStringObject(file_id)
    writer._ID = ArrayObject([identifier, identifier])  # pypdf has no public setter for the /ID
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _normalize_docx(refreshed: bytes, original: bytes, created: datetime) -> bytes:
    """LibreOffice's .docx made reproducible, with the original document properties.

    LibreOffice names the bookmarks the Daftar Isi links to with a random number per session; it is
    replaced by one derived from the original bytes, and the zip gets fixed time stamps.
    """
    with zipfile.ZipFile(io.BytesIO(original)) as source:
        core = source.read(_CORE_PART) if _CORE_PART in source.namelist() else None
    session = str(int.from_bytes(hashlib.md5(original).digest()[:4], "big")).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(refreshed)) as lo, zipfile.ZipFile(out, "w") as target:
        for name in lo.namelist():
            data = lo.read(name)
            if name == _CORE_PART and core is not None:
                data = core
            elif name.endswith(".xml"):
                data = _LO_BOOKMARK.sub(rb"\g<1>" + session, data)
            target.writestr(name, data)
    if created.tzinfo is not None:
        created = created.astimezone(timezone.utc).replace(tzinfo=None)
    return normalize_zip(out.getvalue(), created)
