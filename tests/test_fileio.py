"""Atomic output files: complete or absent, never half-written, normal permissions."""

import os
import stat

from pathlib import Path

import pytest

from spmdocs.fileio import atomic_path, write_bytes_atomic


def test_failure_inside_the_block_leaves_no_file(tmp_path):
    target = tmp_path / "laporan.docx"
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"setengah")
            raise RuntimeError("terputus")
    assert list(tmp_path.iterdir()) == []


def test_existing_file_is_replaced_only_when_complete(tmp_path):
    target = write_bytes_atomic(tmp_path / "a.pdf", b"lama")
    with pytest.raises(KeyboardInterrupt):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"baru tapi belum selesai")
            raise KeyboardInterrupt
    assert target.read_bytes() == b"lama"
    write_bytes_atomic(target, b"baru")
    assert target.read_bytes() == b"baru" and [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_written_files_follow_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        target = write_bytes_atomic(tmp_path / "b.pdf", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_publish_writes_all_files_or_none_when_the_disk_fills(tmp_path, monkeypatch):
    import errno

    from spmdocs import fileio
    from spmdocs.fileio import os_reason, publish_files

    out = tmp_path / "out"
    out.mkdir()
    (out / "a.docx").write_bytes(b"lama")
    real = fileio._write_new

    def full_disk(fd, data, path):
        if "a.pdf" in path.name:
            os.write(fd, data[:3])  # part of it written, then the disk is full
            os.close(fd)
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(fd, data, path)
    monkeypatch.setattr(fileio, "_write_new", full_disk)
    with pytest.raises(OSError) as caught:
        publish_files({"a.docx": b"baru a.docx", "a.pdf": b"baru a.pdf"}, out)
    assert os_reason(caught.value) == "ruang penyimpanan penuh"
    assert sorted(p.name for p in out.iterdir()) == ["a.docx"] and (out / "a.docx").read_bytes() == b"lama"
    monkeypatch.setattr(fileio, "_write_new", real)
    written = publish_files({"a.docx": b"baru a.docx", "a.pdf": b"baru a.pdf"}, out / "baru")
    assert [p.read_bytes() for p in written] == [b"baru a.docx", b"baru a.pdf"]


@pytest.mark.parametrize("failing", [0, 1, 2])
def test_a_target_that_cannot_be_replaced_puts_every_old_file_back(tmp_path, monkeypatch, failing):
    """Both or neither: the n-th rename fails (a file open in Word) and the folder is as before."""
    import errno

    from spmdocs import fileio

    out = tmp_path / "out"
    out.mkdir()
    old = {"a.docx": b"lama docx", "a.pdf": b"lama pdf", "a-surat.docx": b"lama surat"}
    for name, data in old.items():
        (out / name).write_bytes(data)
    real, calls = os.replace, []

    def locked(source, target):
        if Path(target).parent == out and not Path(target).name.startswith("."):
            calls.append(target)
            if len(calls) == failing + 1:
                raise OSError(errno.EBUSY, "busy", str(target))
        return real(source, target)
    monkeypatch.setattr(fileio.os, "replace", locked)
    with pytest.raises(OSError):
        fileio.publish_files({name: b"baru" for name in old}, out)
    monkeypatch.setattr(fileio.os, "replace", real)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == old


def test_stale_temporary_files_are_only_those_of_dead_processes(tmp_path):
    import subprocess
    import sys

    from spmdocs.fileio import TEMPORARY_PREFIX, stale_temporary

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    mine = tmp_path / f"{TEMPORARY_PREFIX}{os.getpid()}-a.pdf.x1.tmp"
    left = tmp_path / f"{TEMPORARY_PREFIX}{dead}-a.pdf.x2.tmp"
    other = tmp_path / "catatan.tmp"
    for path in (mine, left, other):
        path.write_bytes(b"")
    assert stale_temporary(tmp_path) == [left]


def test_publish_refuses_a_read_only_target_and_leaves_no_new_folder(tmp_path):
    from spmdocs.fileio import publish

    source = tmp_path / "x.pdf"
    source.write_bytes(b"baru")
    out = tmp_path / "out"
    out.mkdir()
    (out / "x.pdf").write_bytes(b"lama")
    (out / "x.pdf").chmod(0o444)
    with pytest.raises(PermissionError):
        publish([source], out)
    assert (out / "x.pdf").read_bytes() == b"lama"
    missing = tmp_path / "belum" / "ada"
    (tmp_path / "y.pdf").mkdir()  # a folder where a file should go: the copy fails
    with pytest.raises(OSError):
        publish([tmp_path / "y.pdf"], missing)
    assert not (tmp_path / "belum").exists()
