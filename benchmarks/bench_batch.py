"""Benchmark of ``spmdocs batch`` as users run it, paired against plain docxtpl and plain ReportLab.

Run from the repository root, in the venv spmdocs is installed in::

    python benchmarks/bench_batch.py                    # 46 and 200 units, 3 pairs each
    python benchmarks/bench_batch.py --n 2000 --pairs 1
    python benchmarks/bench_batch.py --format docx      # Word only

For each N the script writes, in a temporary folder, the shipped config ``configs/lampiran-opd.yaml``
unchanged except for its file paths (cover letters included), with its capaian data scaled to N
OPD units by copying the sample's OPDs under new names and with figures of their own (every
count and amount scaled by a factor of the copy; the mutu file as shipped). Then, per
format, it runs A/B pairs of whole processes, in alternating order (A B, B A, …):

* A: the installed ``spmdocs batch CONFIG --out … --jobs J --format F --quiet`` command;
* B: the plain library making the same documents from text spmdocs composed beforehand (not
  timed), as a whole ``python script.py`` process with a pool of J processes:
  ``plain_docxtpl.py`` (per unit an annex and a cover letter, both ``DocxTemplate`` from their
  templates) or ``plain_reportlab.py`` (per unit an annex and, as spmdocs makes it for the shipped config even
  with ``--format pdf``, the Word cover letter with plain docxtpl; then one combined PDF with a
  bookmark per unit).

Each process is timed with ``os.wait4``: wall time, CPU time of the whole process tree (the
command and every worker it waited for: RUSAGE of the children included) and the peak resident
memory of its largest process. The ratio of a pair is B's wall time over A's (documents per second
of spmdocs over the plain library's); the script prints the median ratio of the pairs with their
minimum and maximum, the same for CPU time, the CPU time of the ``spmdocs batch`` process itself
(its workers left out), and spmdocs' fixed cost: the CPU time of a whole ``spmdocs batch
--format docx`` on a config whose every unit is skipped (``--resume`` after a complete run),
which is imports, validation, planning and the manifest. With several N, it also prints, per
format, the least-squares line of spmdocs' whole-process CPU against N: its intercept is what a run
costs before its first unit, the pool's start and each worker's first-unit warm-up included (a
resumed run has neither), and its slope the CPU per unit.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
SHIPPED = ROOT / "configs" / "lampiran-opd.yaml"
TARGETS = {"docx": 3.0, "pdf": 1.0}
MEMORY_TARGET_MIB = 200
FIXED_TARGET_S = 0.5


# --- inputs -------------------------------------------------------------------------------------

FIGURES = ("sasaran", "terlayani", "mutu_target", "mutu_terpenuhi", "anggaran", "realisasi_anggaran")
"""The capaian columns a copied OPD gets figures of its own in."""


def write_inputs(folder: Path, n: int) -> Path:
    """The shipped config with its capaian data scaled to ``n`` OPD units; returns its path."""
    import pandas as pd

    sample = pd.read_csv(ROOT / "data" / "sample" / "capaian-2025.csv", dtype=str, keep_default_na=False)
    groups = [rows for _, rows in sample.groupby(["kode_wilayah", "opd"], sort=True)]
    parts = []
    for i in range(n):
        rows = groups[i % len(groups)].copy()
        if i >= len(groups):  # a copy: another OPD, its rows told apart by their unit
            copy = i // len(groups) + 1
            rows["opd"] = rows["opd"] + f" {copy}"
            rows["unit"] = [f"{u or 'Satuan Kerja'} {copy}" for u in rows["unit"]]
            # and its own figures, as another OPD has: every count and amount scaled alike and
            # rounded down (so terlayani <= sasaran still holds), no two copies with the same texts
            factor = 1 + i / (7 * n)
            for column in FIGURES:
                rows[column] = [str(int(int(v) * factor)) if v.isdigit() else v for v in rows[column]]
        parts.append(rows)
    capaian = folder / "capaian.csv"
    pd.concat(parts).to_csv(capaian, index=False)
    text = SHIPPED.read_text(encoding="utf-8")
    text = text.replace("../data/sample/capaian-2025.csv", str(capaian))
    text = text.replace("../data/sample/", f"{ROOT / 'data' / 'sample'}/")
    text = text.replace("../templates/", f"{ROOT / 'templates'}/")
    assert "../" not in text, "the shipped config names a file the benchmark does not relocate"
    config = folder / "lampiran-opd.yaml"
    config.write_text(text, encoding="utf-8")
    return config


def plain_jobs(config_path: Path, target: Path, annex_template: Path) -> int:
    """Every unit's annex text and letter fields as spmdocs composes them, for the plain scripts."""
    from spmdocs import pipeline
    from spmdocs.batch import _load, _unique_stems
    from spmdocs.fonts import _FILES
    from spmdocs.model import LampiranHeading, Paragraph, SignatureBlock, Table
    from spmdocs.reports import kind_of
    from spmdocs.resources import resource_path

    config, src = pipeline.load(config_path, None)
    kind = kind_of(config)
    tables, _ = _load(config)
    units, _ = kind.units(config, tables)
    out = []
    letter_kop = None
    for batch_unit, stem in zip(units, _unique_stems(config, kind, units)):
        report = pipeline.make_unit(config, src, tables, batch_unit)
        blocks = report.rendition.document.sections[0].blocks
        tables_ = [b for b in blocks if isinstance(b, Table)]
        signature = next(b for b in blocks if isinstance(b, SignatureBlock))
        letter = report.rendition.letter
        letter_kop = letter.kop
        out.append({
            "name": stem, "title": batch_unit.unit.title(config.per_daerah),
            "annex": {
                "lampiran": list(next(b for b in blocks if isinstance(b, LampiranHeading)).lines),
                "judul": next(b for b in blocks if hasattr(b, "title") and isinstance(b.title, str)).title,
                "narasi": [b.text for b in blocks if isinstance(b, Paragraph)],
                "capaian": [[c.text for c in row] for row in tables_[0].body],
                "anggaran": [[c.text for c in row] for row in tables_[1].body],
                "captions": [t.caption for t in tables_],
                "ttd": {"tempat_tanggal": signature.place_date, "jabatan": signature.jabatan_lines[0],
                        "nama": signature.name},
            },
            "letter": letter.context,
        })
    logo = target.parent / "logo.png"
    logo.write_bytes(letter_kop.logo)
    height = letter_kop.logo_height_mm
    jobs = {"annex_template": str(annex_template), "letter_template": str(config.surat_pengantar.templat),
            "kop": {"logo": str(logo), "logo_height_mm": height, "logo_width_mm": height / letter_kop.logo_aspect,
                    "lines": [(line.text, round(line.size_pt * 2), line.bold) for line in letter_kop.lines]},
            "fonts": [str(resource_path("fonts", f)) for f in _FILES.values()],
            "units": out}
    target.write_text(json.dumps(jobs, ensure_ascii=False), encoding="utf-8")
    return len(out)


CAPAIAN_HEAD = ["No", "Jenis Pelayanan Dasar", "Harus Dilayani", "Terlayani", "Harus Dipenuhi",
                "Terpenuhi", "Capaian Penerima (%)", "Capaian Mutu (%)", "Nilai", "Kategori"]
ANGGARAN_HEAD = ["No", "Jenis Pelayanan Dasar", "Alokasi Anggaran", "Realisasi", "Sisa", "%"]


def build_docxtpl_template(target: Path) -> None:
    """A Word template with the annex's layout written with docxtpl tags."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(330), Mm(215)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(25)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Arial", Pt(12)
    for tag in ("{%p for baris in lampiran %}", "{{ baris }}", "{%p endfor %}"):
        document.add_paragraph(tag).paragraph_format.left_indent = Mm(154)
    document.add_paragraph("{{ judul }}").runs[0].bold = True
    for tag in ("{%p for teks in narasi %}", "{{ teks }}", "{%p endfor %}"):
        document.add_paragraph(tag)
    for key, head in (("capaian", CAPAIAN_HEAD), ("anggaran", ANGGARAN_HEAD)):
        document.add_paragraph("{{ captions[%d] }}" % (0 if key == "capaian" else 1))
        table = document.add_table(rows=3, cols=len(head))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, head):
            cell.text = text
        table.rows[1].cells[0].text = "{%%tr for row in %s %%}" % key
        for i, cell in enumerate(table.rows[2].cells):
            cell.text = "{{ row[%d] }}" % i
        end = table.add_row()
        end.cells[0].text = "{%tr endfor %}"
        for cell in table.rows[2].cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)
    for tag in ("{{ ttd.tempat_tanggal }}", "{{ ttd.jabatan }}", "", "", "{{ ttd.nama }}"):
        document.add_paragraph(tag).paragraph_format.left_indent = Mm(140)
    document.save(target)


def prepare(folder: Path, n: int) -> None:
    """The inputs of one N: the scaled config, the plain annex template and the plain scripts' jobs."""
    config = write_inputs(folder, n)
    template = folder / "lampiran-polos.docx"
    build_docxtpl_template(template)
    units = plain_jobs(config, folder / "jobs.json", template)
    assert units == n, (units, n)


# --- timing whole processes ---------------------------------------------------------------------

def timed(command: list[str], cwd: Path = ROOT) -> dict:
    """Run ``command`` as a whole process: wall seconds, CPU seconds of its tree, largest peak RSS."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} gagal ({process.returncode}):\n{stderr.decode(errors='replace')}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak": usage.ru_maxrss * 1024}


def spmdocs_command(config: Path, out: Path, fmt: str, jobs: int, *extra: str) -> list[str]:
    script = Path(sys.executable).parent / "spmdocs"
    head = [str(script)] if script.exists() else [sys.executable, "-m", "spmdocs"]
    return [*head, "batch", str(config), "--out", str(out), "--jobs", str(jobs), "--format", fmt, "--quiet",
            *extra]


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def pairs(config: Path, jobs_file: Path, folder: Path, fmt: str, jobs: int, count: int) -> list[tuple[dict, dict]]:
    """``count`` (spmdocs, plain) runs, in alternating order, each into a fresh folder."""
    plain = HERE / ("plain_docxtpl.py" if fmt == "docx" else "plain_reportlab.py")
    found = []
    for i in range(count):
        run_a = lambda: timed(spmdocs_command(config, fresh(folder / f"spmdocs-{fmt}"), fmt, jobs))  # noqa: E731
        run_b = lambda: timed([sys.executable, str(plain), str(jobs_file), str(fresh(folder / f"plain-{fmt}")),  # noqa: E731
                               str(jobs)])
        if i % 2 == 0:
            a, b = run_a(), run_b()
        else:
            b, a = run_b(), run_a()
        found.append((a, b))
    return found


SELF_CPU = """\
import atexit, os, resource, runpy, sys
def _dump():
    used = resource.getrusage(resource.RUSAGE_SELF)
    with open(os.environ["SPMDOCS_BENCH_SELF"], "w") as handle:
        handle.write(repr(used.ru_utime + used.ru_stime))
atexit.register(_dump)
sys.argv[0] = "spmdocs"
runpy.run_module("spmdocs", run_name="__main__", alter_sys=True)
"""


def parent_cpu(config: Path, folder: Path, fmt: str, jobs: int, count: int = 3) -> list[float]:
    """CPU seconds of the ``spmdocs batch`` process itself, its workers left out: imports, validation,
    planning, handing out the units and collecting them, the combined PDF and the manifest."""
    found = []
    for _ in range(count):
        report_file = folder / "self-cpu.txt"
        command = spmdocs_command(config, fresh(folder / "spmdocs-parent"), fmt, jobs)
        os.environ["SPMDOCS_BENCH_SELF"] = str(report_file)
        timed([sys.executable, "-c", SELF_CPU, *command[command.index("batch"):]])
        found.append(float(report_file.read_text()))
    return found


def fixed_cost(config: Path, folder: Path, fmt: str, jobs: int, count: int = 3) -> list[float]:
    """CPU seconds of a whole ``spmdocs batch --resume`` on an output folder a complete run made:
    every unit is taken as it is, so what is left is the command's fixed cost (imports, reading
    and validating the config and the data, planning, the manifest)."""
    out = fresh(folder / "spmdocs-fixed")
    timed(spmdocs_command(config, out, fmt, jobs))
    return [timed(spmdocs_command(config, out, fmt, jobs, "--resume"))["cpu"] for _ in range(count)]


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def line_through(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least-squares (intercept, slope) of CPU seconds against units: what a run costs before its
    first unit (imports, validation, planning, the pool and each worker's start) and per unit."""
    slope, intercept = statistics.linear_regression([n for n, _ in points], [cpu for _, cpu in points])
    return intercept, slope


def report(n: int, fmt: str, found: list[tuple[dict, dict]], docs: int) -> None:
    label = "docxtpl biasa" if fmt == "docx" else "ReportLab biasa"
    wall = [b["wall"] / a["wall"] for a, b in found]
    cpu = [b["cpu"] / a["cpu"] for a, b in found]
    a_rate = [docs / a["wall"] for a, _ in found]
    b_rate = [docs / b["wall"] for _, b in found]
    print(f"  {fmt.upper()} N={n} ({docs} dokumen, {len(found)} pasang): spmdocs {statistics.median(a_rate):.1f} dok/dtk, "
          f"{label} {statistics.median(b_rate):.1f} dok/dtk")
    print(f"      rasio dok/dtk (median, min–maks) {spread(wall)}  (target >= {TARGETS[fmt]:.0f}x); "
          f"rasio waktu CPU {spread(cpu)}")
    print(f"      CPU per unit: spmdocs {1000 * statistics.median(a['cpu'] for a, _ in found) / n:.1f} ms, "
          f"{label} {1000 * statistics.median(b['cpu'] for _, b in found) / n:.1f} ms; puncak memori "
          f"proses terbesar: spmdocs {max(a['peak'] for a, _ in found) / 2**20:.0f} MiB "
          f"(target <= {MEMORY_TARGET_MIB} MiB), {label} {max(b['peak'] for _, b in found) / 2**20:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", default="46,200", help="units per run, comma-separated (default 46,200)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for every contender (default 2)")
    parser.add_argument("--pairs", type=int, default=3, help="A/B pairs per format and N (default 3)")
    parser.add_argument("--format", default="docx,pdf", help="docx, pdf or both (default)")
    parser.add_argument("--prepare", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    formats = [f.strip() for f in args.format.split(",") if f.strip()]

    if args.prepare:
        prepare(Path(args.prepare), int(args.n))
        return
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "spmdocs"), str(HERE)], check=True)
    print(f"spmdocs batch configs/lampiran-opd.yaml (dengan surat pengantar), {args.jobs} proses per pesaing")
    totals: dict[str, list[tuple[int, float]]] = {fmt: [] for fmt in formats}
    for n in (int(v) for v in args.n.split(",")):
        with tempfile.TemporaryDirectory(prefix="spmdocs-bench-") as tmp:
            folder = Path(tmp)
            # Inputs are made in another process: this one stays small, so that the peak memory
            # of a timed process is its own, never the benchmark's (a forked child starts as a copy).
            subprocess.run([sys.executable, __file__, "--prepare", str(folder), "--n", str(n)], check=True)
            config, jobs_file = folder / "lampiran-opd.yaml", folder / "jobs.json"
            for fmt in formats:
                found = pairs(config, jobs_file, folder, fmt, args.jobs, args.pairs)
                report(n, fmt, found, 2 * n if fmt == "docx" else n)
                totals[fmt].append((n, statistics.median(a["cpu"] for a, _ in found)))
                own = parent_cpu(config, folder, fmt, args.jobs, args.pairs)
                print(f"      CPU proses induk spmdocs saja (impor, validasi, perencanaan, gabungan, manifest): "
                      f"{spread(own)} dtk")
                if fmt == "docx":  # with PDF, a resumed run also combines every unit's PDF again
                    fixed = fixed_cost(config, folder, fmt, args.jobs, args.pairs)
                    print(f"      biaya tetap (CPU seluruh proses --resume setelah run lengkap: impor, validasi, "
                          f"perencanaan, manifest): {spread(fixed)} dtk (target <= {FIXED_TARGET_S} dtk)")
    for fmt, points in totals.items():
        if len({n for n, _ in points}) > 1:
            intercept, slope = line_through(points)
            print(f"  {fmt.upper()}: garis CPU seluruh proses terhadap N ({', '.join(str(n) for n, _ in points)}): "
                  f"{intercept:.2f} dtk sebelum unit pertama (impor, validasi, perencanaan, pool, awal tiap pekerja) "
                  f"+ {1000 * slope:.1f} ms per unit")


if __name__ == "__main__":
    main()
