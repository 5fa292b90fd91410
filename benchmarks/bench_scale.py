"""`spmdocs score` of a national capaian CSV at 10^4 … 10^7 rows: time and memory, as users run it.

Usage::

    python benchmarks/bench_scale.py                       # 10^4, 10^5, 10^6, 10^7 rows
    python benchmarks/bench_scale.py --sizes 10000,1000000 --repeat 5

The files are written once by ``scripts/national_data.py`` (seed 0) into a cache folder under the
system temp folder (``--cache DIR`` to choose) and reused. Each size runs, paired and
interleaved (A/B/A/B), two whole processes:

- **spmdocs**: ``spmdocs score FILE --format json`` (the installed command; output discarded);
- **plain pyarrow**: a fresh interpreter that reads the same file with ``pyarrow.csv.read_csv``
  (typed columns, all cores) and sums the six counts per daerah × service with
  ``Table.group_by``: the least any tool must do, with no validation and no scoring.

Printed per size: wall time, CPU time (user + system of the process and its children, from
``getrusage(RUSAGE_CHILDREN)``), the peak resident memory of the process (``os.wait4``), each the
median over the repeats with min–max, spmdocs' CPU per row, and the median of the per-pair wall
ratios spmdocs / plain with min–max.

National data is valid for ``validate`` and ``score`` (the one-province rule applies only with
``--cakupan provinsi``), so the command is run exactly as a user types it.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from national_data import write_national  # noqa: E402

PLAIN = """
import sys
import pyarrow.csv as csv
table = csv.read_csv(sys.argv[1], convert_options=csv.ConvertOptions(column_types={"kode_wilayah": "string"}))
counts = ["sasaran", "terlayani", "mutu_target", "mutu_terpenuhi", "anggaran", "realisasi_anggaran"]
summed = table.group_by(["kode_wilayah", "kode_layanan"]).aggregate([(c, "sum") for c in counts])
print(summed.num_rows)
"""
def _run(command: list[str]) -> tuple[float, float, int, int]:
    """(wall s, CPU s of the process and its children, peak RSS bytes, exit status) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.stderr.write(process.stderr.read().decode("utf-8", "replace")[-2000:])
    process.stderr.close()
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, usage.ru_maxrss * 1024, process.returncode


def _spmdocs(path: Path) -> list[str]:
    arguments = ["score", str(path), "--format", "json"]
    installed = shutil.which("spmdocs", path=str(Path(sys.executable).parent)) or shutil.which("spmdocs")
    return [installed, *arguments] if installed else [sys.executable, "-m", "spmdocs", *arguments]


def _spread(values: list[float], scale: float = 1.0, digits: int = 2) -> str:
    low, mid, high = min(values) / scale, statistics.median(values) / scale, max(values) / scale
    return f"{mid:.{digits}f} ({low:.{digits}f}–{high:.{digits}f})" if len(values) > 1 else f"{mid:.{digits}f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000,10000000",
                        help="row counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=None,
                        help="pairs per size (default 5 up to 10^5 rows, 3 up to 10^6, 1 beyond)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "spmdocs-bench-scale")
    parser.add_argument("--no-plain", action="store_true", help="leave out the plain pyarrow contender")
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    print(f"{'rows':>10} | {'spmdocs wall s':>20} | {'CPU s':>20} | {'peak MiB':>14} | {'CPU µs/row':>10} | "
          f"{'plain wall s':>20} | {'plain peak MiB':>14} | {'wall ratio':>18}")
    failed = False
    for rows in sizes:
        path = args.cache / f"national-{rows}-seed0.csv"
        if not path.exists():
            write_national(path, rows)
        repeat = args.repeat or (5 if rows <= 100_000 else 3 if rows <= 1_000_000 else 1)
        ours, plain = [], []
        for _ in range(repeat):
            ours.append(_run(_spmdocs(path)))
            if not args.no_plain:
                plain.append(_run([sys.executable, "-c", PLAIN, str(path)]))
        if any(r[3] for r in ours):
            print(f"{rows:>10} | spmdocs exited with status {ours[0][3]} (see above)")
            failed = True
            continue
        walls, cpus, peaks = [r[0] for r in ours], [r[1] for r in ours], [r[2] for r in ours]
        line = (f"{rows:>10} | {_spread(walls):>20} | {_spread(cpus):>20} | {_spread(peaks, 2 ** 20, 0):>14} | "
                f"{statistics.median(cpus) / rows * 1e6:>10.2f}")
        if plain:
            ratios = [a[0] / b[0] for a, b in zip(ours, plain)]
            line += (f" | {_spread([r[0] for r in plain]):>20} | {_spread([r[2] for r in plain], 2 ** 20, 0):>14} | "
                     f"{_spread(ratios):>18}")
        print(line, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
