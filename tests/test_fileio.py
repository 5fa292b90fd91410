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


def test_publish_copies_all_files_or_none(tmp_path, monkeypatch):
    import errno
    import shutil

    from spmdocs.fileio import os_reason, publish

    staged = tmp_path / "staged"
    staged.mkdir()
    for name in ("a.docx", "a.pdf"):
        (staged / name).write_bytes(f"baru {name}".encode())
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.docx").write_bytes(b"lama")
    real = shutil.copyfile

    def full_disk(source, target, *args, **kwargs):
        if ".a.pdf." in str(target):
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        return real(source, target, *args, **kwargs)
    monkeypatch.setattr(shutil, "copyfile", full_disk)
    with pytest.raises(OSError) as caught:
        publish([staged / "a.docx", staged / "a.pdf"], out)
    assert os_reason(caught.value) == "ruang penyimpanan penuh"
    assert sorted(p.name for p in out.iterdir()) == ["a.docx"] and (out / "a.docx").read_bytes() == b"lama"
    monkeypatch.setattr(shutil, "copyfile", real)
    written = publish([staged / "a.docx", staged / "a.pdf"], out / "baru")
    assert [p.read_bytes() for p in written] == [b"baru a.docx", b"baru a.pdf"]


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
