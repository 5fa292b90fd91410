"""Bounds on every spmdocs process: regular input files read to a size limit, time and memory per stage.

A bottom module (nothing of spmdocs but the error types). The command line runs every command in
:func:`limits`: a memory watchdog and, as a last resort, an operating-system limit on the data a
process may allocate; each stage of a build runs in :func:`time_limit`. A limit that is hit ends
the stage with :class:`LimitExceeded`, whose message says in Bahasa Indonesia what was too big
or too slow, instead of a machine that swaps for an hour or a process the kernel kills.

Limits are generous for real SPM work (a whole province's data and reports need a few hundred MB
and a few seconds per stage) and can be raised with the environment variables
``SPMDOCS_BATAS_MEMORI_MB`` and ``SPMDOCS_BATAS_WAKTU_DETIK``.
"""

from __future__ import annotations

import os
import signal
import stat
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

MEMORY_MB = 2048
"""Default memory a process may use (resident), in MB."""

STAGE_SECONDS = 600
"""Default time one stage of a build (reading data, composing, rendering) may take, in seconds."""

MAX_INPUT_BYTES = 512 * 1024 ** 2
"""Largest input file (data table, template, logo, evidence) read at all."""


class LimitExceeded(BaseException):
    """A stage went over its time or memory budget; ``message`` is for a clerk.

    A ``BaseException``, like ``KeyboardInterrupt``: ``except Exception`` handlers deep in a
    library do not swallow it, while ``finally`` blocks still clean up.
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TimeLimit(LimitExceeded):
    """A :func:`time_limit` expired."""

    def __init__(self, what: str, seconds: float, token: object = None):
        super().__init__(f"{what} melebihi batas waktu {_seconds(seconds)} detik; periksa apakah masukannya "
                         "terlalu besar atau berulang tanpa akhir (batas dapat dinaikkan dengan variabel "
                         "lingkungan SPMDOCS_BATAS_WAKTU_DETIK)")
        self.what = what
        self.token = token


class MemoryLimit(LimitExceeded):
    """The process used more memory than :func:`limits` allows."""

    def __init__(self, megabytes: int):
        super().__init__(f"proses memakai lebih dari {megabytes} MB memori dan dihentikan; masukannya terlalu "
                         "besar (pecah datanya per daerah atau per tahun, atau naikkan batas dengan variabel "
                         "lingkungan SPMDOCS_BATAS_MEMORI_MB)")


def _seconds(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


def memory_mb() -> int:
    """The memory budget in MB (``SPMDOCS_BATAS_MEMORI_MB`` or :data:`MEMORY_MB`)."""
    return int(_env_number("SPMDOCS_BATAS_MEMORI_MB", MEMORY_MB))


def stage_seconds() -> float:
    """The time budget of one stage (``SPMDOCS_BATAS_WAKTU_DETIK`` or :data:`STAGE_SECONDS`)."""
    return _env_number("SPMDOCS_BATAS_WAKTU_DETIK", STAGE_SECONDS)


# --- input files ----------------------------------------------------------------------------------

def not_regular(path: Path | str) -> str | None:
    """Why ``path`` cannot be read as an input file (a folder, a device, a pipe), or None.

    ``/dev/zero`` or a named pipe as "data" would be read forever; only regular files are inputs.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "ini sebuah folder, bukan berkas"
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        return "ini sebuah pipa atau soket, bukan berkas biasa"
    return "ini sebuah perangkat, bukan berkas biasa"


NAME_BYTES = 255
"""Longest file or folder name (in UTF-8 bytes) common file systems allow."""

PATH_BYTES = 4000
"""Longest whole path accepted."""


def path_reason(path: Path | str) -> str | None:
    """Why ``path`` cannot name a file on this system (a name over 255 bytes, a NUL byte), or None."""
    text = str(path)
    if "\0" in text:
        return "jalur berisi karakter NUL"
    if len(text.encode("utf-8", "surrogateescape")) > PATH_BYTES:
        return f"jalur terlalu panjang (lebih dari {PATH_BYTES} bita)"
    for part in Path(text).parts:
        size = len(part.encode("utf-8", "surrogateescape"))
        if size > NAME_BYTES:
            return (f"nama '{part[:40]}…' terlalu panjang ({size} bita; paling banyak {NAME_BYTES} bita per nama "
                    "berkas atau folder)")
    return None


class InputTooLarge(OSError):
    """An input file is not a regular file or is larger than allowed; ``str()`` is for a clerk."""


def read_input(path: Path | str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them (InputTooLarge otherwise)."""
    reason = not_regular(path)
    if reason:
        raise InputTooLarge(reason)
    with open(path, "rb") as handle:
        data = _read_at_most(handle, limit + 1)
    if len(data) > limit:
        raise InputTooLarge(f"berkas lebih besar dari {limit // 1024 ** 2} MB; ini bukan berkas masukan yang wajar")
    return data


def _read_at_most(handle, count: int) -> bytes:
    """Up to ``count`` bytes of ``handle``, asking for no more than the file's size (+1) first.

    ``read(count)`` makes Python allocate ``count`` bytes up front, 512 MiB per data file for the
    default limit. A file that grew since its size was taken, or whose size says nothing (/proc),
    is read on to ``count``.
    """
    size = os.fstat(handle.fileno()).st_size
    data = handle.read(min(size, count - 1) + 1)
    if len(data) > size and len(data) < count:
        data += handle.read(count - len(data))
    return data


# --- time -----------------------------------------------------------------------------------------

@dataclass
class _Deadline:
    at: float
    what: str
    seconds: float


_local = threading.local()


def _stack() -> list[_Deadline]:
    if not hasattr(_local, "deadlines"):
        _local.deadlines = []
    return _local.deadlines


def _on_alarm(signum, frame) -> None:
    _local.armed = None  # the timer has fired: it runs no more until set again
    now = time.monotonic()
    expired = [d for d in _stack() if d.at <= now + 0.001]
    if expired:
        innermost = expired[-1]
        raise TimeLimit(innermost.what, innermost.seconds, innermost)
    _arm()


def _uses_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _arm() -> None:
    """Set the timer for the earliest deadline of the stack (or stop it when the stack is empty)."""
    deadlines = _stack()
    if not deadlines:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _local.armed = None
        return
    earliest = min(d.at for d in deadlines)
    signal.setitimer(signal.ITIMER_REAL, max(earliest - time.monotonic(), 0.001))
    _local.armed = earliest


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[_Deadline]:
    """Run the block for at most ``seconds``; then :class:`TimeLimit` ("<what> melebihi batas waktu …").

    In the main thread the block is interrupted by a timer signal (also in a loop that calls
    nothing); in other threads (the web server's) :func:`check` raises at the next check point.
    Limits nest: the earliest deadline wins, and each raises only for its own block.

    A unit of a batch enters a dozen nested limits (one per template filled), so only the
    outermost limit installs the signal handler and stops the timer, and the timer is set again
    only for a deadline earlier than the one it is set for. A limit that ends leaves the timer as
    it is: if it then fires before any deadline, :func:`_on_alarm` sets it for the earliest one left.
    """
    deadline = _Deadline(time.monotonic() + seconds, what, seconds)
    deadlines = _stack()
    alarm = _uses_alarm()
    outermost = not deadlines
    previous = None
    if alarm and outermost:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
    deadlines.append(deadline)
    try:
        if alarm:
            armed = getattr(_local, "armed", None)
            if outermost or armed is None or deadline.at < armed:
                _arm()
        yield deadline
    finally:
        deadlines.remove(deadline)
        if alarm and outermost:
            signal.setitimer(signal.ITIMER_REAL, 0)
            _local.armed = None
            signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)


def check() -> None:
    """Raise :class:`TimeLimit` when a deadline of this thread has passed (for threads without the timer)."""
    now = time.monotonic()
    for deadline in reversed(_stack()):
        if deadline.at <= now:
            raise TimeLimit(deadline.what, deadline.seconds, deadline)


# --- memory ---------------------------------------------------------------------------------------

def rss_bytes() -> int:
    """The resident memory of this process now (0 where it cannot be read)."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class _Watchdog(threading.Thread):
    """Polls the process's resident memory; over the budget, interrupts the main thread."""

    def __init__(self, limit_bytes: int, megabytes: int) -> None:
        super().__init__(name="spmdocs-batas-memori", daemon=True)
        self.limit_bytes = limit_bytes
        self.megabytes = megabytes
        self.stopped = threading.Event()
        self.hit = False

    def run(self) -> None:
        main = threading.main_thread().ident
        while not self.stopped.wait(0.05):
            if rss_bytes() > self.limit_bytes:
                self.hit = True
                signal.pthread_kill(main, signal.SIGUSR1)
                self.stopped.wait(1.0)


_active: list[_Watchdog] = []


def _on_memory(signum, frame) -> None:
    if _active and _active[-1].hit:
        _active[-1].hit = False
        raise MemoryLimit(_active[-1].megabytes)


@contextmanager
def limits(megabytes: int | None = None) -> Iterator[None]:
    """Run the block within the memory budget (:func:`memory_mb` by default).

    A watchdog thread raises :class:`MemoryLimit` in the main thread once the resident memory
    passes the budget; an operating-system limit on allocated data at twice the budget turns a
    single huge allocation into ``MemoryError`` before the machine starts swapping. Both are
    undone when the block ends. Outside the main thread the block runs unbounded (the caller
    bounds its own work).
    """
    megabytes = megabytes or memory_mb()
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_kill"):
        yield
        return
    watchdog = _Watchdog(megabytes * 1024 ** 2, megabytes)
    previous = signal.signal(signal.SIGUSR1, _on_memory)
    restore = _limit_data(2 * megabytes * 1024 ** 2)
    _active.append(watchdog)
    watchdog.start()
    try:
        yield
    finally:
        watchdog.stopped.set()
        watchdog.join()
        _active.remove(watchdog)
        restore()
        signal.signal(signal.SIGUSR1, previous)


def start_in_worker(megabytes: int | None = None) -> None:
    """The memory budget for a worker process that lives until its pool ends (batch workers)."""
    megabytes = megabytes or memory_mb()
    if not hasattr(signal, "pthread_kill"):
        return
    watchdog = _Watchdog(megabytes * 1024 ** 2, megabytes)
    signal.signal(signal.SIGUSR1, _on_memory)
    _active[:] = [watchdog]
    watchdog.start()


def _limit_data(limit: int):
    """Lower the soft RLIMIT_DATA to ``limit`` (never raising it); a function that restores it."""
    try:
        import resource
    except ImportError:
        return lambda: None
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    wanted = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    if soft != resource.RLIM_INFINITY and soft <= wanted:
        return lambda: None
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (wanted, hard))
    except (ValueError, OSError):
        return lambda: None
    return lambda: resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))
