"""Benchmark of a national batch on the two executors, and of spmdocs on Dask against plain Dask.

Run from the repository root (needs ``pip install -e ".[dask]"``)::

    python benchmarks/bench_executor.py                      # 38 provinsi x 2 kab/kota = 114 units
    python benchmarks/bench_executor.py --members 0          # every kab/kota: 552 units
    python benchmarks/bench_executor.py --pairs 5 --format docx

The script writes a national capaian file (every provinsi with its first ``--members`` kab/kota,
made from the sample's rows) and a ``lampiran_opd`` config with ``cakupan: nasional``, starts a
Dask scheduler and two ``dask worker`` processes (one thread each, no nanny) on this machine, and
runs, as whole processes timed with ``os.wait4``, in A/B pairs (the order alternating per pair):

* ``lokal`` vs ``dask``: ``spmdocs batch --executor lokal --jobs 2`` against ``spmdocs batch
  --executor dask --scheduler ...`` (2 workers: the same processors);
* ``dask`` vs ``plain Dask``: spmdocs on Dask against a plain ``distributed`` script that sends
  the same units (``client.map``) to the same workers, builds each with spmdocs' pipeline
  (``pipeline.make_unit`` + ``pipeline.render``) and writes the files with ``open()``: no
  validation of the workers, no journal, resume, manifest, combined PDFs or atomic writes.

Printed per pair kind: the median of the pair ratios (B / A) of wall time and of CPU time, with
min–max. CPU counts every process: the command and its children (``wait4``) and, for Dask runs,
the two workers and the scheduler (their utime + stime in ``/proc`` before and after). Memory: the
largest peak resident set of any process (the command's ``ru_maxrss``, the workers' ``VmHWM``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


PLAIN_DASK = """\
import sys
from pathlib import Path
from distributed import Client, as_completed
from spmdocs import pipeline
from spmdocs.batch import _load
from spmdocs.reports import kind_of

config_path, out, scheduler, formats = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], tuple(sys.argv[4].split(","))
config, src = pipeline.load(config_path)
tables, _ = _load(config)
units, _ = kind_of(config).units(config, tables)
options = pipeline.Options(formats)

def build(config, src, tables, unit):
    report = pipeline.make_unit(config, src, tables, unit)
    return {o.name: o.data for o in pipeline.render(report, options, config)}

client = Client(scheduler)
state = client.scatter((config, src, tables), broadcast=True, hash=False)
out.mkdir(parents=True, exist_ok=True)
futures = [client.submit(lambda s, u: build(*s, u), state, unit, pure=False) for unit in units]
for future in as_completed(futures):
    for name, data in future.result().items():
        (out / name).write_bytes(data)
client.close()
"""


def _ticks(pid: int) -> float:
    """CPU seconds (user + system) a live process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def timed(command: list[str], cluster: list[int] = ()) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of every process, peak RSS KiB of the command) of one run."""
    before = sum(_ticks(pid) for pid in cluster)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode()[-2000:]}")
    process.stderr.close()
    cpu = usage.ru_utime + usage.ru_stime + sum(_ticks(pid) for pid in cluster) - before
    return wall, cpu, usage.ru_maxrss


def start_cluster(port: int) -> tuple[list[subprocess.Popen], list[int]]:
    """A scheduler and two single-threaded workers without nanny; their pids for the CPU count."""
    bin_dir = Path(sys.executable).parent
    scheduler = subprocess.Popen([str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                  "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(3)
    workers = [subprocess.Popen([str(bin_dir / "dask"), "worker", f"tcp://127.0.0.1:{port}", "--nthreads", "1",
                                 "--no-nanny", "--no-dashboard"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL) for _ in range(2)]
    from distributed import Client

    with Client(f"tcp://127.0.0.1:{port}", timeout=30) as client:
        client.wait_for_workers(2, timeout=60)
    processes = [scheduler, *workers]
    return processes, [p.pid for p in processes]


def stop_cluster(processes: list[subprocess.Popen]) -> None:
    for process in reversed(processes):
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _summary(label: str, ratios: list[float]) -> str:
    return f"{label}: median {statistics.median(ratios):.2f}x (min {min(ratios):.2f}, max {max(ratios):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, default=0, help="provinsi (0: all 38)")
    parser.add_argument("--members", type=int, default=2, help="kab/kota per provinsi (0: all)")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--format", default="docx,pdf")
    parser.add_argument("--port", type=int, default=8797)
    args = parser.parse_args()
    from nasional import annex_config, write_national

    folder = Path(tempfile.mkdtemp(prefix="spmdocs-bench-executor-"))
    processes: list[subprocess.Popen] = []
    try:
        data = write_national(folder / "nasional.csv", args.provinces or None, args.members or None)
        config = folder / "nasional.yaml"
        config.write_text(annex_config(data), encoding="utf-8")
        processes, pids = start_cluster(args.port)
        address = f"tcp://127.0.0.1:{args.port}"
        spmdocs = [sys.executable, "-m", "spmdocs", "batch", str(config), "--quiet", "--format", args.format]
        contenders = {
            "lokal": lambda out: timed([*spmdocs, "--out", str(out), "--jobs", "2"]),
            "dask": lambda out: timed([*spmdocs, "--out", str(out), "--executor", "dask", "--scheduler", address],
                                      pids),
            "plain Dask": lambda out: timed([sys.executable, "-c", PLAIN_DASK, str(config), str(out), address,
                                             args.format], pids),
        }
        out = folder / "out"
        contenders["dask"](out)  # warm-up: the workers import spmdocs once, as long-lived workers do
        pairs = (("lokal", "dask"), ("plain Dask", "dask"))
        runs: dict[tuple[str, str], list[tuple[float, float, int]]] = {(p, n): [] for p in pairs for n in p}
        for n in range(args.pairs):
            for pair in pairs:
                for name in (pair if n % 2 == 0 else pair[::-1]):
                    shutil.rmtree(out, ignore_errors=True)
                    runs[(pair, name)].append(contenders[name](out))
        units = len(list(out.glob("*.docx"))) or len(list(out.glob("*.pdf")))
        print(f"{units} units, formats {args.format}, {args.pairs} pairs, 2 processes / workers")
        for (pair, name), measured in runs.items():
            walls = [w for w, _, _ in measured]
            cpus = [c for _, c, _ in measured]
            print(f"  [{' vs '.join(pair)}] {name:10s} wall median {statistics.median(walls):6.2f} s (min "
                  f"{min(walls):.2f}, max {max(walls):.2f}); CPU median {statistics.median(cpus):6.2f} s; "
                  f"command peak {max(r for _, _, r in measured) / 1024:.0f} MiB")
        for pair in pairs:
            a, b = runs[(pair, pair[0])], runs[(pair, pair[1])]
            print("  " + _summary(f"{pair[1]} / {pair[0]} wall", [rb[0] / ra[0] for ra, rb in zip(a, b)]))
            print("  " + _summary(f"{pair[1]} / {pair[0]} CPU ", [rb[1] / ra[1] for ra, rb in zip(a, b)]))
        print(f"  largest Dask worker peak: {max(_peak_kib(pid) for pid in pids[1:]) / 1024:.0f} MiB")
    finally:
        stop_cluster(processes)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
