"""One batch worker's steady state, in this process: CPU per unit, optionally a cProfile.

    python benchmarks/profile_unit.py CONFIG --format docx           # CPU ms per unit
    python benchmarks/profile_unit.py CONFIG --format pdf --profile  # and the top functions

CONFIG is a batch config (``lampiran_opd``), e.g. the one ``bench_batch.py --prepare FOLDER --n 200``
writes in FOLDER. The script does what a worker of ``spmdocs batch`` does (the run's state, the
renderers and fonts loaded once, then ``_run_unit`` per unit, publishing into ``--out``) after a
first, untimed unit, and prints the process CPU time per unit. This is a tool for finding where a
unit's time goes, not the benchmark of record: whole commands are timed by ``bench_batch.py``.
Comparing ``--out`` folders of two versions with ``diff -r`` checks that outputs are unchanged.
"""

from __future__ import annotations

import argparse
import os
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

from spmdocs import batch, pipeline
from spmdocs.reports import kind_of


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("--format", default="docx", help="docx, pdf or docx,pdf")
    parser.add_argument("--out", type=Path, help="output folder (default: a temporary one)")
    parser.add_argument("--profile", action="store_true", help="print the 40 costliest functions")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="spmdocs-profile-"))
    out.mkdir(parents=True, exist_ok=True)
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    options = pipeline.Options(formats, "reportlab", False, None, None)
    config, src = pipeline.load(args.config, None)
    kind = kind_of(config)
    tables, file_problems = batch._load(config)
    units, notes = kind.units(config, tables)
    tasks, _ = batch._plan(config, kind, tables, units, file_problems, notes)
    state = batch._WorkerState(config=config, src=src, tables=batch._data_only(tables), out_dir=out,
                               options=options, digest=batch._static_digest(config, kind, options, tables))
    batch._prepare(state)
    batch._run_unit(tasks[0])
    profile = cProfile.Profile() if args.profile else None
    start = time.process_time()
    if profile:
        profile.enable()
    for task in tasks[1:]:
        record = batch._run_unit(task)[0]
        if not record.ok:
            raise SystemExit(f"unit {record.unit}: {record.galat}")
    if profile:
        profile.disable()
    used = time.process_time() - start
    print(f"{args.format}: {1000 * used / max(1, len(tasks) - 1):.1f} ms CPU per unit over {len(tasks) - 1} units"
          f"{' (under cProfile)' if profile else ''}; output in {out}")
    if profile:
        pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(40)


if __name__ == "__main__":
    main()
