"""Safe output files: write to a temporary name beside the target, rename when complete."""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Mapping

_REASONS = {
    errno.ENOSPC: "ruang penyimpanan penuh",
    errno.EDQUOT: "kuota ruang penyimpanan habis",
    errno.EACCES: "tidak ada izin tulis atau berkas sedang dibuka program lain",
    errno.EPERM: "tidak ada izin tulis atau berkas sedang dibuka program lain",
    errno.EROFS: "media penyimpanan hanya-baca",
    errno.ENOENT: "folder atau berkas tidak ada",
    errno.ENOTDIR: "salah satu bagian jalurnya adalah berkas, bukan folder",
    errno.EISDIR: "jalur ini sebuah folder",
    errno.ENAMETOOLONG: "nama berkas terlalu panjang",
    errno.EEXIST: "sudah ada berkas dengan nama itu",
    errno.EIO: "galat baca/tulis pada media penyimpanan",
    errno.EBUSY: "berkas sedang dipakai program lain",
    errno.ETXTBSY: "berkas sedang dipakai program lain",
}


@contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; it replaces ``target`` only if the block succeeds.

    A failure or interruption inside the block removes the temporary file, so a reader never sees
    a half-written document under the real name.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary(target)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_bytes_atomic(target: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically and return the path."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _create_temporary(target)
    try:
        _write_new(fd, data, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in Bahasa Indonesia (for a clerk, not a programmer)."""
    return _REASONS.get(exc.errno, f"galat sistem berkas nomor {exc.errno}" if exc.errno else str(exc))


def read_only(path: Path) -> bool:
    """True when ``path`` is an existing file without any write permission bit (marked read-only)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def publish_files(files: Mapping[str, bytes | Path], folder: Path | str) -> list[Path]:
    """Write ``files`` (name → bytes) into ``folder``: all of them, or none if one fails.

    A value may instead be a file the caller wrote completely beforehand with
    :func:`temporary_beside` (a large file streamed to disk): it is renamed into place, and
    removed like the other temporary files when publishing fails.

    Every file is first written completely under a temporary name beside its target. Then each
    existing target is moved aside and the new file renamed into place; if any rename fails
    (a file held open by another program, a full directory), the files already replaced are put
    back, so the folder holds either every new file or exactly what it held before. An existing
    target marked read-only is refused (as Windows would), with ``PermissionError``.
    """
    folder = Path(folder)
    targets = [folder / name for name in files]
    for target in targets:
        if read_only(target):
            raise PermissionError(errno.EACCES, "read-only", str(target))
    created = _missing_folders(folder)
    temporary: list[Path] = []
    moved: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    current = folder
    try:
        if created:
            folder.mkdir(parents=True, exist_ok=True)
        for target, data in zip(targets, files.values()):
            current = target
            if isinstance(data, Path):
                temporary.append(data)  # written already by the caller, beside its target
                continue
            fd, tmp = _create_temporary(target)
            temporary.append(tmp)
            _write_new(fd, data, tmp)
        for target, tmp in zip(targets, temporary):
            current = target
            if target.exists():
                aside = _temporary(target, ".lama")
                temporary.append(aside)
                os.replace(target, aside)
                moved.append((target, aside))
            os.replace(tmp, target)
            placed.append(target)
    except BaseException as exc:
        if isinstance(exc, OSError):
            exc.filename, exc.filename2 = str(current), None  # the document, never a temporary name
        for target in placed:
            target.unlink(missing_ok=True)
        for target, aside in moved:
            os.replace(aside, target)
        _remove_temporary(temporary)
        for made in created:
            if made.is_dir() and not any(made.iterdir()):
                made.rmdir()
        raise
    _remove_temporary([aside for _, aside in moved])  # the others are in place under their names
    return targets


def _write_new(fd: int, data: bytes, path: Path) -> None:
    """Write ``data`` into the new file ``path`` through its descriptor ``fd`` and close it (opening
    the file again by its name cost about 0.1 ms more per file)."""
    with open(fd, "wb") as handle:
        handle.write(data)


def _missing_folders(folder: Path) -> list[Path]:
    """``folder`` and those of its parents that do not exist, innermost first."""
    missing = []
    for parent in (folder, *folder.parents):
        if parent.exists():
            break
        missing.append(parent)
    return missing


def _remove_temporary(paths: list[Path]) -> None:
    for tmp in paths:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            continue


TEMPORARY_PREFIX = ".spmdocs-"
"""Every temporary file spmdocs makes in an output folder starts with this (see :func:`stale_temporary`)."""


def temporary_beside(target: Path) -> Path:
    """A new empty temporary file beside ``target``, to be filled and handed to :func:`publish_files`."""
    return _temporary(Path(target))


def _temporary(target: Path, suffix: str = ".tmp") -> Path:
    """A new empty file beside ``target`` that only this process uses, with the output's permissions."""
    fd, path = _create_temporary(target, suffix)
    os.close(fd)
    return path


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _create_temporary(target: Path, suffix: str = ".tmp") -> tuple[int, Path]:
    """A new empty file beside ``target`` (its descriptor, open for writing, and its path) that only
    this process uses. It is made with mode 0666 less the umask, as the output file would be."""
    prefix = f"{TEMPORARY_PREFIX}{os.getpid()}-{target.name[:80]}."
    for _ in range(100):
        path = target.parent / f"{prefix}{secrets.token_hex(4)}{suffix}"
        try:
            return os.open(path, _CREATE, 0o666), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "tidak ada nama berkas sementara yang bebas", str(target))


def stale_temporary(folder: Path) -> list[Path]:
    """Temporary files in ``folder`` left by spmdocs processes that no longer run (killed ones)."""
    stale = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    for path in entries:
        name = path.name
        if not name.startswith(TEMPORARY_PREFIX) or not (name.endswith(".tmp") or name.endswith(".lama")):
            continue
        pid = name[len(TEMPORARY_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not process_running(int(pid)) and path.is_file() and not path.is_symlink():
            stale.append(path)
    return stale


def process_running(pid: int) -> bool:
    """Whether process ``pid`` still runs on this machine (one of another user counts as running)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def publish(files: Iterable[Path], folder: Path) -> list[Path]:
    """Copy finished ``files`` into ``folder`` (same names), all or none (see :func:`publish_files`)."""
    return publish_files({Path(f).name: Path(f).read_bytes() for f in files}, folder)


FILE_NAME_BYTES = 200
"""Longest file-name stem in UTF-8 bytes (see :func:`safe_filename`)."""


def safe_filename(text: str, limit: int = 120, limit_bytes: int = FILE_NAME_BYTES) -> str:
    """A file name safe on Windows and Linux: no separators, reserved, control or invisible characters.

    At most ``limit`` characters and ``limit_bytes`` UTF-8 bytes, so that the name with its
    extension and the temporary suffix of an atomic write stays within the 255-byte file-name
    limit of common file systems.
    """
    text = "".join("-" if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in text)
    cleaned = re.sub(r'[<>:"/\\|?*]+', "-", text)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .-")
    cleaned = re.sub(r"-{2,}", "-", cleaned)
    if re.fullmatch(r"(?i)(con|prn|aux|nul|com\d|lpt\d)(\..*)?", cleaned or ""):
        cleaned = f"_{cleaned}"
    cleaned = (cleaned or "dokumen")[:limit]
    while len(cleaned.encode("utf-8")) > limit_bytes:
        cleaned = cleaned[:-1]
    return cleaned.rstrip(" .")
