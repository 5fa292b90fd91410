"""Safe output files: write to a temporary name beside the target, rename when complete."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterable, Iterator

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


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; it replaces ``target`` only if the block succeeds.

    A failure or interruption inside the block removes the temporary file, so a reader never sees
    a half-written document under the real name.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    os.chmod(tmp, 0o666 & ~_umask())
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_bytes_atomic(target: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically and return the path."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


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


def publish(files: Iterable[Path], folder: Path) -> list[Path]:
    """Copy finished ``files`` into ``folder`` (same names): all of them, or none if one fails.

    Each copy goes to a temporary name beside its target first; the targets are replaced only
    after every copy is complete, so a full disk or a missing permission never leaves a mix of
    old and new documents. An existing target marked read-only is refused (as Windows would),
    with ``PermissionError``.
    """
    files = [Path(f) for f in files]
    targets = [Path(folder) / f.name for f in files]
    for target in targets:
        if read_only(target):
            raise PermissionError(errno.EACCES, "read-only", str(target))
    folder = Path(folder)
    created = [parent for parent in (folder, *folder.parents) if not parent.exists()]
    try:
        with ExitStack() as stack:
            for source, target in zip(files, targets):
                tmp = stack.enter_context(atomic_path(target))
                shutil.copyfile(source, tmp)
    except BaseException:
        for made in created:
            if made.is_dir() and not any(made.iterdir()):
                made.rmdir()
        raise
    return targets
