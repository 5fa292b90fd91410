"""Compose the five-year Rencana Aksi Penerapan SPM: baseline scores + plan settings → document model.

Outline (a convention derived from the four stages of SPM application, reference §5.2; no
regulation fixes it, and the document says so in BAB I): cover, Kata Pengantar, Daftar Isi,
BAB I Pendahuluan, BAB II Gambaran Umum Penerapan SPM, BAB III Analisis Kebutuhan Pemenuhan,
BAB IV Rencana Aksi (a landscape matrix per bidang whose header rows repeat on every page),
BAB V Pemantauan, Evaluasi dan Pelaporan, BAB VI Penutup with the signature.

The plan itself (:func:`make_plan`) is computed before any block is drawn: per Jenis Pelayanan
Dasar the capaian penerima of the tahun dasar, the gap to 100%, yearly targets (configured, or a
straight line to ``target_akhir``), the sub-kegiatan with their codes and the pagu indikatif per
year (configured, or the tahun dasar anggaran grown by ``pagu.pertumbuhan_persen`` a year).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, time

import pandas as pd

from spmdocs import charts
from spmdocs.compose.blocks import (Outline, Rows, columns, cover_section, head, money_cell, narrative_paragraphs,
                                    number_cell, numbered_list, ordinal_cell, percent_cell, signature_block,
                                    text_cell)
from spmdocs.compose.context import dasar_hukum, report_context, scored_figures
from spmdocs.compose.layout import lay_out
from spmdocs.compose.tables import SHADE, bidang_trend_table
from spmdocs.compose.texts import NarrativeTexts
from spmdocs.config import RencanaAksiConfig
from spmdocs.fmt import angka, romawi, round_half_up
from spmdocs.model import (Block, Cell, Column, Document, DocumentInfo, Heading, Paragraph, Section,
                           TableOfContents)
from spmdocs.narrative import NarrativeRenderer
from spmdocs.resources import resource_path
from spmdocs.spm.catalog import Catalog
from spmdocs.spm.scoring import DaerahScore, LayananScore
from spmdocs.yamlsrc import YamlSource

DEFAULTS_FILE = resource_path("narasi", "rencana-aksi.yaml")
FULL = 100.0
PAGU_UNIT = 1000.0
"""The matrix shows pagu in thousands of Rupiah ("Rp ribu") so five years fit beside the targets."""

CHAPTERS = (
    ("Pendahuluan", "latar belakang, dasar hukum, maksud dan tujuan, serta sistematika"),
    ("Gambaran Umum Penerapan SPM", "kondisi capaian SPM per bidang pada tahun dasar"),
    ("Analisis Kebutuhan Pemenuhan", "kesenjangan penerima layanan, kebutuhan mutu barang/jasa dan SDM, "
                                     "kebutuhan biaya, dan kapasitas fiskal"),
    ("Rencana Aksi", "matriks target tahunan, sub-kegiatan, pagu indikatif dan perangkat daerah "
                     "penanggung jawab per jenis pelayanan dasar"),
    ("Pemantauan, Evaluasi dan Pelaporan", "pemantauan triwulanan melalui e-SPM dan pelaporan dalam LPPD"),
    ("Penutup", ""),
)


@dataclass(frozen=True)
class SubKegiatanPlan:
    """One sub-kegiatan under a service, with its pagu indikatif for each year of the plan."""

    kode: str
    nama: str
    opd: str
    pagu: tuple[float | None, ...]


@dataclass(frozen=True)
class LayananPlan:
    """One Jenis Pelayanan Dasar in the plan: where it starts, its yearly targets and its funding."""

    kode: str
    nama: str
    bidang: str
    opd: str
    capaian_awal: float | None
    target: tuple[float, ...]
    kegiatan: tuple[SubKegiatanPlan, ...]
    pagu_layanan: tuple[float | None, ...]
    target_dari_konfigurasi: bool = False

    @property
    def kesenjangan(self) -> float | None:
        """Percentage points still missing to 100% at the start (0 when already reached)."""
        return None if self.capaian_awal is None else max(FULL - self.capaian_awal, 0.0)

    @property
    def pagu(self) -> tuple[float | None, ...]:
        """The service's pagu per year: the sum of its sub-kegiatan, or its own when it has none."""
        if not self.kegiatan:
            return self.pagu_layanan
        return tuple(_total(k.pagu[i] for k in self.kegiatan) for i in range(len(self.pagu_layanan)))


@dataclass(frozen=True)
class RencanaPlan:
    """The whole plan: its years and every service, in catalog order."""

    years: tuple[int, ...]
    layanan: tuple[LayananPlan, ...]

    def of_bidang(self, kode: str) -> list[LayananPlan]:
        return [item for item in self.layanan if item.bidang == kode]

    def pagu(self, bidang: str | None = None) -> tuple[float | None, ...]:
        """Pagu per year of one bidang, or of the whole plan."""
        items = self.layanan if bidang is None else self.of_bidang(bidang)
        return tuple(_total(item.pagu[i] for item in items) for i in range(len(self.years)))


def _total(values) -> float | None:
    present = [v for v in values if v is not None and not math.isnan(v)]
    return math.fsum(present) if present else None


def straight_line(start: float | None, end: float, count: int) -> tuple[float, ...]:
    """``count`` yearly targets rising evenly from ``start`` (capped at 100) to ``end``.

    A service already at or above ``end``, or without a baseline, holds ``end`` every year, so the
    targets never fall and the last one is always ``end``.
    """
    if start is None or min(start, FULL) >= end:
        return (end,) * count
    start = min(start, FULL)
    return tuple(end if k == count else start + (end - start) * k / count for k in range(1, count + 1))


def grow(base: float | None, percent: float, years: int, rounding: float) -> tuple[float | None, ...]:
    """``base`` grown by ``percent`` a year for 1..``years`` years, rounded half-up to ``rounding``."""
    if base is None or pd.isna(base):
        return (None,) * years
    return tuple(float(round_half_up(base * (1 + percent / 100) ** k / rounding, 0)) * rounding
                 for k in range(1, years + 1))


def _sub_kegiatan(config: RencanaAksiConfig, rows: pd.DataFrame, count: int) -> list[SubKegiatanPlan]:
    """The service's sub-kegiatan of the tahun dasar, one per code, with configured or grown pagu."""
    out = []
    for kode, group in rows.groupby("kode_sub_kegiatan", sort=True):
        own = config.pagu.sub_kegiatan.get(str(kode))
        pagu = tuple(own) if own is not None else grow(
            group["anggaran"].sum(min_count=1), config.pagu.pertumbuhan_persen, count, config.pagu.pembulatan)
        out.append(SubKegiatanPlan(str(kode), str(group["sub_kegiatan"].iloc[0]), str(group["opd"].iloc[0]), pagu))
    return out


def make_plan(config: RencanaAksiConfig, score: DaerahScore, catalog: Catalog,
              kegiatan: pd.DataFrame | None) -> RencanaPlan:
    """The plan of every service the daerah's level must report, from its tahun dasar score."""
    years = tuple(config.years())
    count = len(years)
    scored: dict[str, LayananScore] = {item.kode: item for item in score.layanan()}
    if kegiatan is not None and not kegiatan.empty:
        kegiatan = kegiatan[(kegiatan["kode_wilayah"].astype(str) == score.kode_wilayah)
                            & (kegiatan["tahun"] == score.tahun)]
    items = []
    for service in catalog.services(score.level):
        own = scored.get(service.kode)
        awal = own.capaian_penerima if own is not None else None
        configured = config.target_layanan.get(service.kode)
        target = tuple(configured) if configured is not None else straight_line(awal, config.target_akhir, count)
        subs = []
        if kegiatan is not None and not kegiatan.empty:
            subs = _sub_kegiatan(config, kegiatan[kegiatan["kode_layanan"] == service.kode], count)
        opd = own.opd if own is not None and own.opd else service.opd_pengampu
        subs += [SubKegiatanPlan(k.kode, k.nama, k.opd or opd, tuple(k.pagu))
                 for k in config.kegiatan.get(service.kode, [])]
        anggaran = own.anggaran if own is not None else None
        items.append(LayananPlan(
            service.kode, service.nama, service.bidang, opd, awal, target, tuple(subs),
            grow(anggaran, config.pagu.pertumbuhan_persen, count, config.pagu.pembulatan),
            configured is not None))
    return RencanaPlan(years, tuple(items))


@dataclass
class RencanaInputs:
    """What the plan is composed from: config, the tahun dasar score, earlier years and kegiatan."""

    config: RencanaAksiConfig
    src: YamlSource
    score: DaerahScore
    catalog: Catalog
    history: tuple[DaerahScore, ...] = ()
    kegiatan: pd.DataFrame | None = None


def _thousands(value, bold: bool = False) -> Cell:
    return Cell(angka(None if value is None else value / PAGU_UNIT), align="right", bold=bold)


def _starting(block: Heading) -> Heading:
    """A chapter heading that opens a new section: the section already starts a new page."""
    return Heading(block.level, block.title, block.number, block.in_toc, page_break_before=False)


def _periode(plan: RencanaPlan) -> str:
    return f"{plan.years[0]}–{plan.years[-1]}"


def _cover(config: RencanaAksiConfig, nama: str, plan: RencanaPlan) -> Section:
    return cover_section(["RENCANA AKSI PENERAPAN", "STANDAR PELAYANAN MINIMAL", nama.upper(),
                          f"TAHUN {_periode(plan)}"], config.kop, config.tempat, config.tanggal.year)


def _context(inputs: RencanaInputs, plan: RencanaPlan, nama: str) -> dict:
    config, score = inputs.config, inputs.score
    context = report_context(score, inputs.catalog, nama, config.daerah.ibu_kota, config.tanggal,
                             inputs.history[-1] if inputs.history else None)
    for kode, bidang in context["bidang"].items():
        items = plan.of_bidang(kode)
        bidang["belum_tuntas"] = [i.nama for i in items
                                  if i.capaian_awal is not None and i.capaian_awal < config.target_akhir]
        bidang["pagu_jumlah"] = _total(plan.pagu(kode))
    context.update({
        "tempat": config.tempat, "tanggal": config.tanggal, "penandatangan": config.penandatangan.model_dump(),
        "tahun_dasar": score.tahun, "target_akhir": config.target_akhir,
        "periode": {"mulai": plan.years[0], "selesai": plan.years[-1], "tahun": list(plan.years)},
        "pagu": {"jumlah": _total(plan.pagu()), "per_tahun": list(plan.pagu()),
                 "pertumbuhan_persen": config.pagu.pertumbuhan_persen},
        "riwayat": [d.tahun for d in inputs.history] + [score.tahun],
        "jumlah_belum_tuntas": sum(1 for i in plan.layanan
                                   if i.capaian_awal is not None and i.capaian_awal < config.target_akhir),
    })
    return context


def _bab_pendahuluan(inputs: RencanaInputs, outline: Outline, texts: NarrativeTexts) -> list[Block]:
    score = inputs.score
    blocks: list[Block] = [_starting(outline.chapter("Pendahuluan")), outline.sub("Latar Belakang")]
    blocks += narrative_paragraphs(texts.text("latar_belakang"))
    blocks.append(outline.sub("Dasar Hukum"))
    blocks += numbered_list(dasar_hukum(texts, inputs.catalog, score, inputs.config.tanggal))
    blocks.append(outline.sub("Maksud dan Tujuan"))
    blocks += narrative_paragraphs(texts.text("maksud_tujuan"))
    blocks.append(outline.sub("Sistematika"))
    blocks += narrative_paragraphs(texts.text("sistematika"))
    blocks += [Paragraph.of(f"BAB {romawi(i)} {title.upper()}" + (f": {what}." if what else "."),
                            indent_mm=10.0, label=f"{i}.", keep_with_next=i == len(CHAPTERS) - 1)
               for i, (title, what) in enumerate(CHAPTERS, 1)]
    return blocks


def _bab_gambaran(inputs: RencanaInputs, outline: Outline, texts: NarrativeTexts, text_width_mm: float) -> list[Block]:
    score = inputs.score
    blocks: list[Block] = [outline.chapter("Gambaran Umum Penerapan SPM")]
    blocks += narrative_paragraphs(texts.text("gambaran_umum"))
    years = list(inputs.history) + [score]
    period = f"Tahun {years[0].tahun}–{score.tahun}" if len(years) > 1 else f"Tahun {score.tahun}"
    blocks.append(bidang_trend_table(outline, years, f"Indeks Pencapaian SPM per Bidang {period}", last="kategori"))
    thresholds = tuple(k.min for k in inputs.config.aturan_penilaian.kategori if 0 < k.min < 100)
    chart = charts.bar_chart([b.nama for b in score.bidang], [b.indeks for b in score.bidang],
                             text_width_mm * 0.9, thresholds)
    blocks.append(outline.chart(chart, f"Indeks Pencapaian SPM per Bidang Tahun {score.tahun}", text_width_mm * 0.9))
    return blocks


def _penerima_table(outline: Outline, inputs: RencanaInputs, plan: RencanaPlan) -> Block:
    rows = Rows()
    scored = {item.kode: item for item in inputs.score.layanan()}
    for bidang in inputs.score.bidang:
        rows.group(Cell(bidang.nama, colspan=7, bold=True, align="left", shade=SHADE))
        for i, item in enumerate(plan.of_bidang(bidang.kode), 1):
            own = scored.get(item.kode)
            rows.item(ordinal_cell(i), text_cell(item.nama),
                      number_cell(own.sasaran if own else None), number_cell(own.terlayani if own else None),
                      number_cell(own.belum_terlayani if own else None), percent_cell(item.capaian_awal),
                      percent_cell(item.kesenjangan))
    return outline.table(
        columns("center", "left", "right", "right", "right", "right", "right"),
        (head("No", "Jenis Pelayanan Dasar", "Harus Dilayani", "Terlayani", "Belum Terlayani", "Capaian (%)",
              "Kesenjangan (%)"),),
        rows, f"Kesenjangan Penerima Layanan Dasar Tahun {inputs.score.tahun}", font_size_pt=9.0)


def _mutu_table(outline: Outline, inputs: RencanaInputs) -> Block:
    rows = Rows()
    for bidang in inputs.score.bidang:
        if not bidang.layanan:
            continue
        rows.group(Cell(bidang.nama, colspan=6, bold=True, align="left", shade=SHADE))
        for i, item in enumerate(bidang.layanan, 1):
            kurang = None if pd.isna(item.mutu_target) else max(item.mutu_target - item.mutu_terpenuhi, 0.0)
            rows.item(ordinal_cell(i), text_cell(item.nama), number_cell(item.mutu_target),
                      number_cell(item.mutu_terpenuhi), number_cell(kurang), percent_cell(item.capaian_mutu))
    return outline.table(
        columns("center", "left", "right", "right", "right", "right"),
        (head("No", "Jenis Pelayanan Dasar", "Harus Dipenuhi", "Terpenuhi", "Belum Terpenuhi", "Capaian (%)"),),
        rows, f"Kebutuhan Mutu Barang/Jasa dan SDM Tahun {inputs.score.tahun}", font_size_pt=9.0)


def _biaya_table(outline: Outline, inputs: RencanaInputs, plan: RencanaPlan) -> Block:
    rows, totals = Rows(), [[], [], []]
    for i, bidang in enumerate(inputs.score.bidang, 1):
        alokasi = _total(item.anggaran for item in bidang.layanan)
        realisasi = _total(item.realisasi_anggaran for item in bidang.layanan)
        pagu = _total(plan.pagu(bidang.kode))
        for bucket, value in zip(totals, (alokasi, realisasi, pagu)):
            bucket.append(value)
        rows.item(ordinal_cell(i), text_cell(bidang.nama), money_cell(alokasi), money_cell(realisasi),
                  money_cell(pagu))
    rows.total(Cell("Jumlah", colspan=2, bold=True, align="right"),
               *[money_cell(_total(bucket), bold=True) for bucket in totals])
    return outline.table(
        columns("center", "left", "right", "right", "right"),
        (head("No", "Bidang Urusan", f"Alokasi {inputs.score.tahun} (Rp)", f"Realisasi {inputs.score.tahun} (Rp)",
              f"Pagu Indikatif {_periode(plan)} (Rp)"),),
        rows, "Kebutuhan Biaya Pemenuhan SPM", font_size_pt=9.0)


def _bab_analisis(inputs: RencanaInputs, outline: Outline, texts: NarrativeTexts, plan: RencanaPlan) -> list[Block]:
    blocks: list[Block] = [outline.chapter("Analisis Kebutuhan Pemenuhan"), outline.sub("Data Penerima Layanan Dasar")]
    blocks += narrative_paragraphs(texts.text("analisis_penerima"))
    blocks.append(_penerima_table(outline, inputs, plan))
    blocks.append(outline.sub("Kebutuhan Mutu Barang/Jasa dan Sumber Daya Manusia"))
    blocks += narrative_paragraphs(texts.text("analisis_mutu"))
    blocks.append(_mutu_table(outline, inputs))
    blocks.append(outline.sub("Kebutuhan Biaya"))
    blocks += narrative_paragraphs(texts.text("analisis_biaya"))
    blocks.append(_biaya_table(outline, inputs, plan))
    blocks.append(outline.sub("Kapasitas Fiskal"))
    blocks += narrative_paragraphs(texts.text("kapasitas_fiskal"))
    return blocks


def matrix_header(plan: RencanaPlan, tahun_dasar: int) -> tuple[tuple[Cell, ...], ...]:
    """Two header rows: fixed columns spanning both, then Target and Pagu under each year."""
    def spanning(text: str) -> Cell:
        return Cell(text, rowspan=2, bold=True, align="center")

    first = (spanning("No"), spanning("Kode"), spanning("Jenis Pelayanan Dasar / Sub Kegiatan"),
             spanning(f"Capaian Awal {tahun_dasar} (%)"), spanning("Kesenjangan (%)"),
             *[Cell(f"T{i} {year}", colspan=2, bold=True, align="center") for i, year in enumerate(plan.years, 1)],
             spanning("OPD Penanggung Jawab"))
    second = tuple(cell for _ in plan.years for cell in head("Target (%)", "Pagu (Rp ribu)"))
    return first, second


def matrix_rows(plan: RencanaPlan, bidang: str) -> Rows:
    """Each service (bold, with its targets and total pagu) followed by its sub-kegiatan rows."""
    rows = Rows()
    for i, item in enumerate(plan.of_bidang(bidang), 1):
        yearly = [cell for target, pagu in zip(item.target, item.pagu)
                  for cell in (percent_cell(target, bold=True), _thousands(pagu, bold=True))]
        cells = (ordinal_cell(i, bold=True), text_cell(""), text_cell(item.nama, bold=True),
                 percent_cell(item.capaian_awal, bold=True), percent_cell(item.kesenjangan, bold=True), *yearly,
                 text_cell(item.opd, bold=True))
        (rows.group if item.kegiatan else rows.item)(*cells)
        for sub in item.kegiatan:
            yearly = [cell for pagu in sub.pagu for cell in (text_cell(""), _thousands(pagu))]
            rows.item(text_cell(""), text_cell(sub.kode), text_cell(sub.nama), text_cell(""), text_cell(""),
                      *yearly, text_cell(sub.opd))
    total = plan.pagu(bidang)
    rows.total(Cell("Jumlah Pagu Indikatif", colspan=5, bold=True, align="right"),
               *[cell for value in total for cell in (text_cell(""), _thousands(value, bold=True))], text_cell(""))
    return rows


def _matrix_columns(plan: RencanaPlan) -> tuple[Column, ...]:
    return columns("center", "left", "left", "right", "right", *["right"] * (2 * len(plan.years)), "left")


def _bab_rencana(inputs: RencanaInputs, outline: Outline, texts: NarrativeTexts, plan: RencanaPlan,
                 context: dict) -> list[Block]:
    score, catalog = inputs.score, inputs.catalog
    blocks: list[Block] = [_starting(outline.chapter("Rencana Aksi"))]
    blocks += narrative_paragraphs(texts.text("rencana_aksi"))
    for bidang in score.bidang:
        blocks.append(outline.sub(catalog.bidang(bidang.kode).nama_urusan))
        blocks += narrative_paragraphs(texts.bidang(bidang.kode, "strategi", {"ini": context["bidang"][bidang.kode]}))
        blocks.append(outline.table(_matrix_columns(plan), matrix_header(plan, score.tahun),
                                    matrix_rows(plan, bidang.kode),
                                    f"Matriks Rencana Aksi {bidang.nama} Tahun {_periode(plan)}", font_size_pt=7.5))
    blocks.append(outline.sub("Ringkasan Pagu Indikatif"))
    rows = Rows()
    for i, bidang in enumerate(score.bidang, 1):
        rows.item(ordinal_cell(i), text_cell(bidang.nama), *[money_cell(v) for v in plan.pagu(bidang.kode)],
                  money_cell(_total(plan.pagu(bidang.kode))))
    rows.total(Cell("Jumlah", colspan=2, bold=True, align="right"),
               *[money_cell(v, bold=True) for v in plan.pagu()], money_cell(_total(plan.pagu()), bold=True))
    blocks.append(outline.table(
        columns("center", "left", *["right"] * (len(plan.years) + 1)),
        (head("No", "Bidang Urusan", *[f"{year} (Rp)" for year in plan.years], "Jumlah (Rp)"),),
        rows, f"Ringkasan Pagu Indikatif per Bidang Tahun {_periode(plan)}", font_size_pt=9.0))
    return blocks


@scored_figures
def compose_rencana_aksi(inputs: RencanaInputs) -> tuple[Document, NarrativeRenderer, RencanaPlan]:
    """The Rencana Aksi as a document, the renderer holding any narrative problems, and the plan."""
    config, score = inputs.config, inputs.score
    nama = config.daerah.nama or score.nama
    layout = config.tata_letak.to_layout()
    plan = make_plan(config, score, inputs.catalog, inputs.kegiatan)
    context = _context(inputs, plan, nama)
    renderer = NarrativeRenderer(context, inputs.src, default_source=str(DEFAULTS_FILE))
    texts = NarrativeTexts(config.narasi, DEFAULTS_FILE, renderer)
    outline = Outline()
    signature = signature_block(config.penandatangan, config.tempat, config.tanggal)

    front: list[Block] = [Heading(1, "KATA PENGANTAR"), *narrative_paragraphs(texts.text("kata_pengantar")),
                          signature, Heading(1, "DAFTAR ISI", in_toc=False, page_break_before=True),
                          TableOfContents(max_level=2)]
    body: list[Block] = _bab_pendahuluan(inputs, outline, texts)
    body += _bab_gambaran(inputs, outline, texts, layout.text_width_mm())
    body += _bab_analisis(inputs, outline, texts, plan)
    matrix = _bab_rencana(inputs, outline, texts, plan, context)
    closing: list[Block] = [_starting(outline.chapter("Pemantauan, Evaluasi dan Pelaporan")),
                            *narrative_paragraphs(texts.text("pemantauan")), outline.chapter("Penutup"),
                            *narrative_paragraphs(texts.text("penutup")), signature]
    sections = (
        _cover(config, nama, plan),
        Section(tuple(front), numbering="roman", restart_numbering=True),
        Section(tuple(body), numbering="arabic", restart_numbering=True),
        Section(tuple(matrix), orientation="landscape"),
        Section(tuple(closing)),
    )
    info = DocumentInfo(
        title=f"{config.judul} {nama} Tahun {_periode(plan)}",
        author=config.kop.pemerintah,
        subject=f"Rencana Aksi Penerapan SPM Tahun {_periode(plan)}",
        keywords=("SPM", "Standar Pelayanan Minimal", "Rencana Aksi", nama, _periode(plan)),
        created=datetime.combine(config.tanggal, time(8, 0)),
    )
    document = lay_out(Document(info=info, sections=sections, layout=layout, kop=None,
                        page_number_format=config.tata_letak.format_nomor_halaman))
    return document, renderer, plan
