"""guard: the size limit of input files and what reading one costs; time limits and their timer."""

from __future__ import annotations

import signal
import time
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


# --- time limits ------------------------------------------------------------------------------------

def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_a_loop_that_calls_nothing_is_stopped_at_its_deadline():
    start = time.monotonic()
    with pytest.raises(guard.TimeLimit) as caught:
        with guard.time_limit(0.2, "langkah uji"):
            while True:
                pass
    assert 0.15 < time.monotonic() - start < 1.5
    assert "langkah uji" in caught.value.message


def test_nested_limits_each_raise_for_their_own_block():
    with guard.time_limit(30, "luar"):
        for _ in range(3):  # consecutive inner limits: each is still enforced
            with pytest.raises(guard.TimeLimit) as caught:
                with guard.time_limit(0.1, "dalam"):
                    _spin(5)
            assert "dalam" in caught.value.message
        with guard.time_limit(0.1, "singkat"):
            pass  # ended early: the timer it left must not raise for anyone
        _spin(0.3)
    with pytest.raises(guard.TimeLimit) as caught:
        with guard.time_limit(0.2, "luar"):
            with guard.time_limit(30, "dalam"):
                _spin(5)
    assert "luar" in caught.value.message


def test_the_outermost_limit_stops_the_timer_and_gives_the_signal_back():
    before = signal.getsignal(signal.SIGALRM)
    with guard.time_limit(30, "luar"):
        assert signal.getsignal(signal.SIGALRM) is guard._on_alarm
        for _ in range(5):
            with guard.time_limit(10, "dalam"):
                assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getsignal(signal.SIGALRM) == before


def test_inner_limits_after_the_first_do_not_set_the_timer_again(monkeypatch):
    calls = []
    real = signal.setitimer
    monkeypatch.setattr(guard.signal, "setitimer", lambda *a: (calls.append(a), real(*a))[1])
    with guard.time_limit(30, "luar"):
        for _ in range(10):
            with guard.time_limit(5, "dalam"):
                pass
    assert len(calls) <= 3  # the outer limit, the first inner one, and stopping the timer
