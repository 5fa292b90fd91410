"""Terminal presentation of scores: one rich table of every daerah's bidang indices and kategori."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from spmdocs.fmt import angka, triwulan
from spmdocs.spm.scoring import ScoreResult


def print_score_table(result: ScoreResult, console: Console | None = None) -> None:
    """Print every daerah with its six bidang indices, its index and its kategori."""
    console = console or Console(width=160)
    codes = list(dict.fromkeys(b.kode for d in result.daerah for b in d.bidang))
    table = Table(title="Indeks Pencapaian SPM", show_lines=False)
    table.add_column("Kode")
    table.add_column("Daerah")
    table.add_column("Periode")
    for code in codes:
        table.add_column(code, justify="right")
    table.add_column("Indeks", justify="right", style="bold")
    table.add_column("Kategori")
    for d in result.daerah:
        by_code = d.bidang_by_kode()
        period = f"{d.tahun}" + (f" {triwulan(d.triwulan)}" if d.triwulan else "")
        table.add_row(d.kode_wilayah, d.nama, period,
                      *[angka(by_code[c].indeks, 2) if c in by_code else "" for c in codes],
                      angka(d.indeks, 2), d.kategori or "-")
    console.print(table)
