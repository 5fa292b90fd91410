"""Tables several report kinds print, made once: capaian, anggaran, index per bidang, kab/kota.

Every table is built from scores and says what each body row is (a service, a bidang group row
heading the services below it, a total), so the layout keeps a group row with its first service
and a total with the row above it. Column widths are not decided here: the layout sets them from
the content; a :class:`~spmdocs.model.Column` only says how its cells are aligned.
"""

from __future__ import annotations

import math

from spmdocs.compose.blocks import (Rows, columns, head, money_cell, number_cell, ordinal_cell, percent_cell,
                                    text_cell)
from spmdocs.compose.context import percent_of
from spmdocs.fmt import nilai
from spmdocs.model import Cell, Table
from spmdocs.spm.scoring import BidangScore, DaerahScore, LayananScore

SHADE = "EDEDED"
"""Background of a group row (a bidang above its services)."""
REMAINING = "Sisa"
"""The one word for what is left of an allocation (alokasi − realisasi) in every report."""


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def kategori(item: LayananScore) -> str:
    """The kategori of a service, or why it has none (e.g. "sasaran 0: …")."""
    return item.kategori or item.catatan or "-"


# --- capaian per service --------------------------------------------------------------------------

def capaian_header(first: str, second: str, nilai: str) -> tuple[tuple[Cell, ...], ...]:
    """Two header rows: key, service, penerima and mutu counts, capaian (%), nilai, kategori."""
    def spanning(title: str) -> Cell:
        return Cell(title, rowspan=2, bold=True, align="center")

    return ((spanning(first), spanning(second),
             Cell("Penerima Layanan", colspan=2, bold=True, align="center"),
             Cell("Mutu Layanan", colspan=2, bold=True, align="center"),
             Cell("Capaian (%)", colspan=2, bold=True, align="center"), spanning(nilai), spanning("Kategori")),
            head("Harus Dilayani", "Terlayani", "Harus Dipenuhi", "Terpenuhi", "Penerima", "Mutu"))


def capaian_rows(bidang: list[BidangScore], numbered: bool, group_index: bool, group_prefix: str = "") -> Rows:
    """A group row per bidang (with its index when ``group_index``), then one row per service:
    its number (``numbered``) or code, counts, capaian, nilai and kategori."""
    rows = Rows()
    count = 0
    for b in bidang:
        if not b.layanan:
            continue
        title = f"{group_prefix}{b.nama}"
        if group_index:
            rows.group(Cell(title, colspan=8, bold=True, align="left", shade=SHADE), percent_cell(b.indeks, True, SHADE),
                       text_cell(b.kategori or "-", True, SHADE))
        else:
            rows.group(Cell(title, colspan=10, bold=True, align="left", shade=SHADE))
        for item in b.layanan:
            count += 1
            rows.item(ordinal_cell(count) if numbered else text_cell(item.kode), text_cell(item.nama), number_cell(item.sasaran),
                      number_cell(item.terlayani), number_cell(item.mutu_target), number_cell(item.mutu_terpenuhi),
                      percent_cell(item.capaian_penerima), percent_cell(item.capaian_mutu), percent_cell(item.nilai),
                      text_cell(kategori(item)))
    return rows


def capaian_table(outline, bidang: list[BidangScore], caption: str, *, numbered: bool, group_index: bool,
                  total_label: str, total: float | None, total_kategori: str | None,
                  group_prefix: str = "") -> Table:
    """The capaian of every service grouped by bidang, closed by the unit's index or mean nilai."""
    rows = capaian_rows(bidang, numbered, group_index, group_prefix)
    rows.total(Cell(total_label, colspan=8, bold=True, align="right"), percent_cell(total, True),
               text_cell(total_kategori or "-", True))
    key = "No" if numbered else "Kode"
    second = "Jenis Pelayanan Dasar" if numbered else "Bidang / Jenis Pelayanan Dasar"
    return outline.table(columns("center" if numbered else "left", "left", *["right"] * 7, "left"),
                         capaian_header(key, second, "Nilai" if numbered else "Nilai / Indeks"),
                         rows, caption, font_size_pt=9.0)


# --- anggaran -------------------------------------------------------------------------------------

def _realised(item: LayananScore) -> float:
    return item.realisasi_anggaran if _present(item.realisasi_anggaran) else 0.0


def anggaran_table(outline, groups: list[tuple[str | None, list[LayananScore]]], caption: str,
                   realisasi: str = "Realisasi (Rp)", font_size_pt: float | None = None) -> Table | None:
    """Alokasi, realisasi, sisa and percentage per service with an anggaran, closed by "Jumlah".

    Each group with a name gets a shaded row with its own sums above its services (bidang in a
    whole-daerah table); None when no service has an anggaran.
    """
    rows = Rows()
    grand = [0.0, 0.0]
    named = any(name for name, _ in groups)
    for name, items in groups:
        items = [item for item in items if _present(item.anggaran)]
        if not items:
            continue
        alokasi = math.fsum(item.anggaran for item in items)
        spent = math.fsum(_realised(item) for item in items)
        grand[0] += alokasi
        grand[1] += spent
        if name:
            rows.group(Cell("", shade=SHADE), text_cell(name, True, SHADE), *_sums(alokasi, spent, True, SHADE))
        for i, item in enumerate(items, 1):
            rows.item(ordinal_cell(i if named else len(rows) + 1), text_cell(item.nama), *_sums(item.anggaran, _realised(item)))
    if not rows:
        return None
    rows.total(Cell("Jumlah", colspan=2, bold=True, align="right"), *_sums(grand[0], grand[1], True))
    return outline.table(columns("center", "left", "right", "right", "right", "right"),
                         (head("No", "Jenis Pelayanan Dasar" if not named else "Bidang / Jenis Pelayanan Dasar",
                               "Alokasi Anggaran (Rp)", realisasi, f"{REMAINING} (Rp)", "%"),),
                         rows, caption, font_size_pt=font_size_pt)


def _sums(alokasi: float, spent: float, bold: bool = False, shade: str | None = None) -> tuple[Cell, ...]:
    return (money_cell(alokasi, bold, shade), money_cell(spent, bold, shade), money_cell(alokasi - spent, bold, shade),
            percent_cell(percent_of(spent, alokasi), bold, shade))


# --- index per bidang -----------------------------------------------------------------------------

def bidang_index_table(outline, score: DaerahScore, nama: str, caption: str) -> Table:
    """Number of services, index and kategori per bidang, closed by the daerah's index."""
    rows = Rows()
    for i, b in enumerate(score.bidang, 1):
        rows.item(ordinal_cell(i), text_cell(b.nama), number_cell(len(b.layanan)), percent_cell(b.indeks), text_cell(b.kategori or "-"))
    rows.total(Cell(f"Indeks Pencapaian SPM {nama}", colspan=3, bold=True, align="right"),
               percent_cell(score.indeks, True), text_cell(score.kategori or "-", True))
    return outline.table(columns("center", "left", "right", "right", "left"),
                         (head("No", "Bidang Urusan", "Jumlah Jenis Pelayanan", "Indeks", "Kategori"),),
                         rows, caption)


def bidang_trend_table(outline, years: list[DaerahScore], caption: str, last: str) -> Table:
    """The index per bidang in every year of ``years``, then ``last``: the kategori of the last
    year ("kategori") or the change from the first to the last year ("perubahan")."""
    score = years[-1]
    rows = Rows()
    for i, b in enumerate(score.bidang, 1):
        values = [d.bidang_by_kode()[b.kode].indeks if b.kode in d.bidang_by_kode() else None for d in years]
        tail = text_cell(b.kategori or "-") if last == "kategori" else Cell(signed(change(values[-1], values[0])),
                                                                       align="right")
        rows.item(ordinal_cell(i), text_cell(b.nama), *[percent_cell(v) for v in values], tail)
    tail = (text_cell(score.kategori or "-", True) if last == "kategori"
            else Cell(signed(change(score.indeks, years[0].indeks)), bold=True, align="right"))
    rows.total(Cell("Indeks Pencapaian SPM", colspan=2, bold=True, align="right"),
               *[percent_cell(d.indeks, True) for d in years], tail)
    title = f"Kategori {score.tahun}" if last == "kategori" else f"Perubahan {years[0].tahun}–{score.tahun}"
    return outline.table(columns("center", "left", *["right"] * len(years), "left" if last == "kategori" else "right"),
                         (head("No", "Bidang Urusan", *[f"Indeks {d.tahun}" for d in years], title),), rows,
                         caption, font_size_pt=9.0)


def change(current: float | None, previous: float | None) -> float | None:
    """Index points gained since the earlier figure (None when either is missing)."""
    return None if current is None or previous is None else current - previous


def signed(value: float | None) -> str:
    """A change in index points with its sign: +3,85 / -1,20 / 0,00."""
    shown = nilai(value)
    return f"+{shown}" if value is not None and value > 0 and shown != "0,00" else shown


# --- kab/kota members -----------------------------------------------------------------------------

def members_table(outline, score: DaerahScore, members: list[DaerahScore], caption: str,
                  earlier: dict[str, DaerahScore] | None = None, earlier_label: str = "") -> Table:
    """The index of every kab/kota of a province, per bidang and overall, and its kategori;
    with ``earlier``, the change since that period too."""
    rows = Rows()
    for i, d in enumerate(members, 1):
        by_kode = d.bidang_by_kode()
        cells = [ordinal_cell(i), text_cell(d.kode_wilayah), text_cell(d.nama),
                 *[percent_cell(by_kode[b.kode].indeks if b.kode in by_kode else None) for b in score.bidang],
                 percent_cell(d.indeks, True)]
        if earlier is not None:
            old = earlier.get(d.kode_wilayah)
            cells.append(Cell(signed(change(d.indeks, old.indeks if old else None)), align="right"))
        rows.item(*cells, text_cell(d.kategori or "-"))
    titles = ["No", "Kode", "Kabupaten/Kota", *[b.nama for b in score.bidang], "Indeks"]
    if earlier is not None:
        titles.append(f"Perubahan dari {earlier_label} (poin)")
    titles.append("Kategori")
    aligns = ["center", "left", "left", *["right"] * (len(score.bidang) + 1)]
    if earlier is not None:
        aligns.append("right")
    return outline.table(columns(*aligns, "left"), (head(*titles),), rows, caption, font_size_pt=9.0)
