"""guard.read_input: the size limit of input files, and what reading one costs."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from spmdocs import guard


def test_a_file_over_the_limit_is_refused_and_one_at_the_limit_read(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(b"x" * 1025)
    with pytest.raises(guard.InputTooLarge, match="lebih besar dari"):
        guard.read_input(path, limit=1024)
    assert guard.read_input(path, limit=1025) == b"x" * 1025


def test_reading_a_small_file_does_not_allocate_the_whole_limit(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(b"kode_wilayah,tahun\n65,2025\n")
    tracemalloc.start()
    try:
        data = guard.read_input(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert data == b"kode_wilayah,tahun\n65,2025\n"
    assert peak < 1024 ** 2


def test_a_file_that_grew_after_its_size_was_taken_is_read_whole(tmp_path, monkeypatch):
    path = tmp_path / "data.csv"
    path.write_bytes(b"y" * 5000)
    real_fstat = guard.os.fstat

    class Stale:
        st_size = 10

    monkeypatch.setattr(guard.os, "fstat", lambda fd: Stale if fd > 2 else real_fstat(fd))
    assert guard.read_input(path) == b"y" * 5000
    with pytest.raises(guard.InputTooLarge):
        guard.read_input(path, limit=4999)


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="no /proc")
def test_a_file_whose_size_says_nothing_is_read_whole():
    assert b"Name:" in guard.read_input("/proc/self/status")
