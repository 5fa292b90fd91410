"""spmdocs/__init__.py and the command line: the process-wide settings made when they are imported."""

import os
import subprocess
import sys

import pytest

SHOW_POOL = "import spmdocs, pandas, pyarrow; print(pyarrow.default_memory_pool().backend_name)"


def _pool(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    done = subprocess.run([sys.executable, "-c", SHOW_POOL], env={**clean, **env}, capture_output=True,
                          text=True, check=True)
    assert done.stderr == ""
    return done.stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the allocator is chosen on Linux only")
def test_pyarrow_gives_freed_memory_back_on_linux():
    assert _pool() == "jemalloc"


def test_the_users_allocator_wins():
    assert _pool(ARROW_DEFAULT_MEMORY_POOL="system") == "system"


def test_a_batch_does_not_load_what_only_some_documents_need():
    """Every batch process pays for what ``spmdocs.batch`` imports: the QR library (and the
    urllib.request and ssl it pulls in) is loaded only for a page signed electronically."""
    probe = ("import sys, spmdocs.batch, spmdocs.render.docx; "
             "print(sorted(m for m in ('segno', 'matplotlib', 'openpyxl', 'pikepdf', "
             "'pyhanko', 'flask') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


THREADS = ("import os, spmdocs.cli, numpy; print(os.environ.get('OPENBLAS_NUM_THREADS'), sum(1 for t in "
           "os.listdir('/proc/self/task') if open(f'/proc/self/task/{t}/comm').read().strip() != 'jemalloc_bg_thd'))")


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="threads are counted in /proc")
@pytest.mark.parametrize("given", [None, "2"])
def test_a_command_starts_no_blas_threads_unless_the_user_asks(given):
    """numpy's OpenBLAS would start a spinning thread per core (0.1 s of CPU of every command)."""
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    if given:
        env["OPENBLAS_NUM_THREADS"] = given
    done = subprocess.run([sys.executable, "-c", THREADS], env=env, capture_output=True, text=True, check=True)
    setting, threads = done.stdout.split()
    assert setting == (given or "1")
    if given is None:
        assert threads == "1"
