"""The plain docxtpl contender of bench_batch.py: every unit's annex and cover letter, in a pool.

    python benchmarks/plain_docxtpl.py JOBS.json OUT_FOLDER PROCESSES

JOBS.json (written by bench_batch.py before any timing) holds the annex template (docxtpl tags
for the annex's heading, title, narrative, two tables and signature), the shipped cover-letter
template and, per unit, the annex text and the letter's fields as spmdocs composed them. Each
unit gives two documents, like ``spmdocs batch``: ``DocxTemplate(...).render(...).save(...)`` once
for the annex and once for the letter (with the kop's lines and logo, autoescaped as spmdocs does).
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from pathlib import Path

_shared: dict = {}


def _init(shared: dict) -> None:
    _shared.update(shared)


def _rows(rows: list[list[str]], width: int) -> list[list[str]]:
    return [row + [""] * (width - len(row)) for row in rows]


def make_unit(unit: dict) -> None:
    from docxtpl import DocxTemplate

    out = Path(_shared["out"])
    annex = DocxTemplate(_shared["annex_template"])
    annex.render({**unit["annex"], "capaian": _rows(unit["annex"]["capaian"], 10),
                  "anggaran": _rows(unit["annex"]["anggaran"], 6)}, autoescape=True)
    annex.save(out / f"{unit['name']}.docx")
    make_letter(unit, _shared["letter_template"], _shared["kop"], out)


def make_letter(unit: dict, template: str, kop: dict, out: Path) -> None:
    """The unit's cover letter from the shipped template (also used by plain_reportlab.py)."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage, RichText

    letter = DocxTemplate(template)
    logo = InlineImage(letter, kop["logo"], width=Mm(kop["logo_width_mm"]), height=Mm(kop["logo_height_mm"]))
    lines = [RichText(text, size=size, bold=bold) for text, size, bold in kop["lines"]]
    letter.render({**unit["letter"], "kop": {"baris": lines, "logo": logo}}, autoescape=True)
    letter.save(out / f"{unit['name']}-surat-pengantar.docx")


def main() -> None:
    jobs_file, out, processes = sys.argv[1], sys.argv[2], int(sys.argv[3])
    jobs = json.loads(Path(jobs_file).read_text(encoding="utf-8"))
    shared = {"out": out, "annex_template": jobs["annex_template"], "letter_template": jobs["letter_template"],
              "kop": jobs["kop"]}
    with multiprocessing.get_context("fork").Pool(processes, initializer=_init, initargs=(shared,)) as pool:
        pool.map(make_unit, jobs["units"], chunksize=4)


if __name__ == "__main__":
    main()
