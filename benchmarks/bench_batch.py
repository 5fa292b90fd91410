"""Benchmark of batch annexes: spmdocs against plain docxtpl and plain ReportLab on the same content.

Run from the repository root::

    python benchmarks/bench_batch.py            # N = 200 annexes
    python benchmarks/bench_batch.py --n 2000   # N = 2 000 annexes

The script writes a data file with N OPDs (copies of the OPDs of ``data/sample/capaian-2025.csv``
under new names) and a ``lampiran_opd`` config into a temporary folder, then measures, each with
``--jobs`` processes (default 2):

* spmdocs DOCX and spmdocs PDF: a whole ``spmdocs batch`` run (config and data validation,
  scoring, composing, rendering, hashing, manifest; for PDF also the combined PDF), in a fresh
  interpreter as the command line runs it, with every worker's peak memory;
* plain docxtpl and plain ReportLab: only the rendering of the same annexes (same heading, title,
  narrative, tables and signature, same font) from contexts computed beforehand by spmdocs, one
  ``DocxTemplate(...).render().save()`` or ``SimpleDocTemplate(...).build()`` per annex;
* the time of ``spmdocs --help``.

The comparison favours the plain libraries: their figures leave out the data work spmdocs does.
Every contender runs ``--repeat`` times, interleaved, and its best time counts, so that other load
on the machine disturbs the figures less. spmdocs is reported twice: the whole command (start-up,
validation and manifest included) and its production phase alone (the process pool, from the
start of the workers to the last annex), which is what the plain libraries' figures measure. The
CPU time the worker processes used per document is printed too: unlike the wall-clock rates it
hardly changes when other programs compete for the processors.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "capaian-2025.csv"
TARGETS = {"docx": 3.0, "pdf": 1.0}
MEMORY_TARGET_MIB = 150
HELP_TARGET_S = 0.2

CONFIG = """\
jenis: lampiran_opd
daerah: {{kode_wilayah: "65", nama: Provinsi Kalimantan Utara}}
tahun: 2025
data: {{capaian: {data}}}
unit_kolom: opd
tata_letak: tnd-f4
kop: {{pemerintah: Pemerintah Provinsi Kalimantan Utara}}
lampiran:
  dokumen: Laporan Penerapan Standar Pelayanan Minimal Provinsi Kalimantan Utara Tahun 2025
penandatangan: {{jabatan: "Kepala {{unit}} {{daerah}}", nama: NAMA KEPALA OPD}}
tempat: Tanjung Selor
tanggal: 2026-01-19
nomor: 100.3.4/012/SPM/I/2026
"""


# --- inputs -------------------------------------------------------------------------------------

def write_inputs(folder: Path, n: int) -> Path:
    """A capaian file with ``n`` OPDs and a config for it; returns the config's path."""
    import pandas as pd

    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    groups = [rows for _, rows in sample.groupby(["kode_wilayah", "opd"], sort=True)]
    parts = []
    for i in range(n):
        rows = groups[i % len(groups)].copy()
        rows["opd"] = rows["opd"] + f" {i + 1:04d}"
        rows["unit"] = [f"{u or 'Satuan Kerja'} {i + 1:04d}" for u in rows["unit"]]
        parts.append(rows)
    data = folder / "capaian.csv"
    pd.concat(parts).to_csv(data, index=False)
    config = folder / "lampiran.yaml"
    config.write_text(CONFIG.format(data=data), encoding="utf-8")
    return config


# --- spmdocs ------------------------------------------------------------------------------------

def spmdocs_run(config: Path, out: Path, fmt: str, jobs: int) -> dict:
    """One ``spmdocs batch`` run in a fresh interpreter: seconds, worker peaks, units built."""
    code = ("import json, resource, sys, time\n"
            "t = time.perf_counter()\n"
            "from spmdocs.batch import run_batch\n"
            f"r = run_batch({str(config)!r}, out_dir={str(out)!r}, jobs={jobs}, formats=({fmt!r},))\n"
            "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(json.dumps({'seconds': time.perf_counter() - t, 'pool': r.seconds,"
            " 'cpu': u.ru_utime + u.ru_stime,"
            " 'built': r.built, 'failed': len(r.failed), 'peaks': list(r.worker_peak_rss.values())}))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the same content for the plain libraries ---------------------------------------------------

def contexts(config_path: Path) -> list[dict]:
    """Every annex's content (heading, title, narrative, table rows, signature) as plain text."""
    from spmdocs.batch import _plan
    from spmdocs.compose.lampiran_opd import LampiranInputs, compose_lampiran
    from spmdocs.config import load_config
    from spmdocs.model import LampiranHeading, Paragraph, SignatureBlock, Table
    from spmdocs.spm.catalog import load_catalog
    from spmdocs.spm.scoring import score

    config, src = load_config(config_path)
    plan = _plan(config)
    catalog = load_catalog()
    out = []
    for task in plan.tasks:
        rows = plan.capaian.iloc[list(task.rows)]
        scored = score(rows, config.aturan_penilaian, None, catalog).daerah[0]
        document, _ = compose_lampiran(LampiranInputs(config, src, task.unit, scored))
        blocks = document.sections[0].blocks
        tables = [b for b in blocks if isinstance(b, Table)]
        signature = next(b for b in blocks if isinstance(b, SignatureBlock))
        out.append({
            "name": task.stem,
            "lampiran": list(next(b for b in blocks if isinstance(b, LampiranHeading)).lines),
            "judul": blocks[1].title,
            "narasi": [b.text for b in blocks if isinstance(b, Paragraph)],
            "capaian": [[c.text for c in row] for row in tables[0].body],
            "anggaran": [[c.text for c in row] for row in tables[1].body],
            "captions": [t.caption for t in tables],
            "ttd": {"tempat_tanggal": signature.place_date, "jabatan": signature.jabatan_lines[0],
                    "nama": signature.name},
        })
    return out


def _table_rows(rows: list[list[str]], width: int) -> list[list[str]]:
    """Rows padded to ``width`` cells (a spanning cell is written once, the rest left empty)."""
    return [row + [""] * (width - len(row)) for row in rows]


# --- plain docxtpl ------------------------------------------------------------------------------

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


def render_docxtpl(job: tuple[Path, Path, dict]) -> None:
    from docxtpl import DocxTemplate

    template, folder, context = job
    tpl = DocxTemplate(template)
    tpl.render({**context, "capaian": _table_rows(context["capaian"], 10),
                "anggaran": _table_rows(context["anggaran"], 6)})
    tpl.save(folder / f"{context['name']}.docx")


# --- plain ReportLab ----------------------------------------------------------------------------

def _register_font() -> None:
    from spmdocs.fonts import font_family

    font_family("Arial")


def render_reportlab(job: tuple[Path, dict]) -> None:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from xml.sax.saxutils import escape

    folder, context = job
    body = ParagraphStyle("isi", fontName="LiberationSans", fontSize=12, leading=20.7, alignment=4)
    head = ParagraphStyle("kepala", parent=body, alignment=0, leading=13.8, leftIndent=154 * mm)
    title = ParagraphStyle("judul", parent=body, fontName="LiberationSans-Bold", alignment=1)
    cell = ParagraphStyle("sel", fontName="LiberationSans", fontSize=9, leading=10.4)
    story = [Paragraph(escape(line), head) for line in context["lampiran"]]
    story += [Spacer(0, 12), Paragraph(escape(context["judul"]), title)]
    story += [Paragraph(escape(text), body) for text in context["narasi"]]
    for key, header, caption in (("capaian", CAPAIAN_HEAD, context["captions"][0]),
                                 ("anggaran", ANGGARAN_HEAD, context["captions"][1])):
        story.append(Paragraph(escape(caption), title))
        rows = _table_rows(context[key], len(header))
        data = [[Paragraph(escape(t), cell) for t in row] for row in [header] + rows]
        table = Table(data, repeatRows=1, colWidths=[280 * mm / len(header)] * len(header))
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        story += [table, Spacer(0, 12)]
    sign = ParagraphStyle("ttd", parent=body, alignment=0, leftIndent=140 * mm)
    ttd = context["ttd"]
    story += [Paragraph(escape(ttd["tempat_tanggal"]), sign), Paragraph(escape(ttd["jabatan"]), sign),
              Spacer(0, 25 * mm), Paragraph(f"<b><u>{escape(ttd['nama'])}</u></b>", sign)]
    doc = SimpleDocTemplate(str(folder / f"{context['name']}.pdf"), pagesize=(330 * mm, 215 * mm),
                            leftMargin=30 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=25 * mm, invariant=1)
    doc.build(story)


def timed_pool(function, jobs: list, processes: int, initializer=None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the worker processes) of one pool run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    pool = multiprocessing.get_context("fork").Pool(processes, initializer=initializer)
    pool.map(function, jobs, chunksize=4)
    pool.close()
    pool.join()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


# --- spmdocs --help -----------------------------------------------------------------------------

def help_seconds(runs: int = 7) -> float:
    """Median wall time of ``spmdocs --help`` (the installed script, without any shell shim)."""
    script = Path(sys.executable).parent / "spmdocs"
    command = [str(script), "--help"] if script.exists() else \
        [sys.executable, "-c", "from spmdocs.cli import main; main()", "--help"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --- report -------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="number of annexes (default 200)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for every contender")
    parser.add_argument("--repeat", type=int, default=3, help="runs per contender; the best counts")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="spmdocs-bench-") as tmp:
        folder = Path(tmp)
        config = write_inputs(folder, args.n)
        print(f"{args.n} lampiran OPD, {args.jobs} proses per pesaing, terbaik dari {args.repeat} kali")
        contents = contexts(config)
        template = folder / "polos.docx"
        build_docxtpl_template(template)
        for name in ("docxtpl", "reportlab"):
            (folder / name).mkdir()
        runs: dict[str, list[dict]] = {"docx": [], "pdf": []}
        plain: dict[str, list[tuple[float, float]]] = {"docxtpl": [], "reportlab": []}
        for _ in range(args.repeat):
            for fmt in runs:
                run = spmdocs_run(config, folder / f"spmdocs-{fmt}", fmt, args.jobs)
                assert run["built"] == args.n and not run["failed"], run
                runs[fmt].append(run)
            plain["docxtpl"].append(timed_pool(
                render_docxtpl, [(template, folder / "docxtpl", c) for c in contents], args.jobs))
            plain["reportlab"].append(timed_pool(
                render_reportlab, [(folder / "reportlab", c) for c in contents], args.jobs,
                initializer=_register_font))
        help_s = help_seconds()

    best = {fmt: min(found, key=lambda r: r["pool"]) for fmt, found in runs.items()}
    whole = {fmt: min(r["seconds"] for r in found) for fmt, found in runs.items()}
    cpu = {fmt: min(r["cpu"] for r in found) for fmt, found in runs.items()}
    for fmt, name, target in (("docx", "docxtpl", TARGETS["docx"]), ("pdf", "reportlab", TARGETS["pdf"])):
        wall = args.n / best[fmt]["pool"]
        command = args.n / whole[fmt]
        other = args.n / min(w for w, _ in plain[name])
        other_cpu = min(c for _, c in plain[name])
        label = "docxtpl biasa" if name == "docxtpl" else "ReportLab biasa"
        print(f"  {fmt.upper()}: spmdocs {wall:6.1f} dok/dtk produksi, {command:6.1f} seluruh perintah; "
              f"{label} {other:6.1f} dok/dtk")
        print(f"        rasio {wall / other:4.2f}x produksi, {command / other:4.2f}x seluruh perintah; "
              f"waktu CPU per dokumen {1000 * cpu[fmt] / args.n:5.1f} ms lawan "
              f"{1000 * other_cpu / args.n:5.1f} ms = {other_cpu / cpu[fmt]:4.2f}x "
              f"(target >= {target:.0f}x)")
    for fmt, run in best.items():
        peaks = ", ".join(f"{p / 2**20:.0f}" for p in sorted(run["peaks"]))
        print(f"  puncak memori pekerja spmdocs {fmt.upper()}: {peaks} MiB "
              f"(target <= {MEMORY_TARGET_MIB} MiB)")
    print(f"  spmdocs --help: {help_s:.3f} dtk (target < {HELP_TARGET_S} dtk)")


if __name__ == "__main__":
    main()
