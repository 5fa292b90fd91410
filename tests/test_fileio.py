"""Atomic output files: complete or absent, never half-written, normal permissions."""

import os
import stat

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
