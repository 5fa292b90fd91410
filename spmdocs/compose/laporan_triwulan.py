"""Compose the quarterly Laporan Penerapan SPM (aligned with e-SPM): quarter scores → document model.

Every figure is cumulative to the end of the quarter: the report shows the rows of that triwulan as
they are (never a sum of quarters), against the year's sasaran, mutu target and anggaran.
Outline: a cover note with the e-SPM input deadline and the signature, Daftar Isi, BAB I
Pendahuluan, BAB II Capaian Penerapan SPM (summary per bidang, then penerima and mutu tables per
bidang, compared with the previous quarter when its data is present), BAB III Anggaran,
BAB IV Permasalahan dan Tindak Lanjut, BAB V Penutup, and a landscape Lampiran in the e-SPM
format (plus the kab/kota of a province).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import pandas as pd

from spmdocs import charts
from spmdocs.compose.blocks import (DEFAULT_TITLE_LINES, Outline, Rows, columns, head, kop_block, label, lampiran_heading,
                                    title_lines,
                                    narrative_paragraphs, number_cell, numbered_list, ordinal_cell, percent_cell,
                                    signature_block, text_cell)
from spmdocs.compose.context import dasar_hukum, report_context, scored_figures
from spmdocs.compose.layout import lay_out
from spmdocs.compose.tables import SHADE, anggaran_table, change, kategori, members_table, signed
from spmdocs.compose.texts import NarrativeTexts
from spmdocs.config import LaporanTriwulanConfig
from spmdocs.fmt import nilai, tanggal, triwulan as triwulan_label
from spmdocs.model import (FIGURE_MAX_HEIGHT, Block, Cell, Column, Document, DocumentInfo, Heading, Layout, Paragraph,
                           Section, Spacer, Table,
                           TableOfContents)
from spmdocs.narrative import NarrativeRenderer
from spmdocs.resources import resource_path
from spmdocs.spm.catalog import Catalog
from spmdocs.spm.scoring import BidangScore, DaerahScore, LayananScore, ScoreResult
from spmdocs.spm.wilayah import nama_wilayah
from spmdocs.yamlsrc import YamlSource

DEFAULTS_FILE = resource_path("narasi", "laporan-triwulan.yaml")
QUARTER_SHARE = 25.0
"""The share of a year's target one quarter represents: capaian proporsional = 25% × triwulan."""
CHART_SHARE = 0.7
"""Share of the landscape text width the lampiran's chart takes."""
CAPTION_ROOM_MM = 12.0


@dataclass
class TriwulanInputs:
    """What the quarterly report is composed from: config, this and the previous quarter's scores."""

    config: LaporanTriwulanConfig
    src: YamlSource
    scores: ScoreResult
    score: DaerahScore
    previous: DaerahScore | None
    catalog: Catalog


def quarter_end(tahun: int, triwulan: int) -> date:
    """The last day of a quarter: 31 Maret, 30 Juni, 30 September, 31 Desember."""
    return date(tahun, 3 * triwulan, 31 if triwulan in (1, 4) else 30)


def _signed(value: float | None, bold: bool = False, shade: str | None = None) -> Cell:
    return Cell(signed(value), align="right", bold=bold, shade=shade)




def _previous_layanan(inputs: TriwulanInputs) -> dict[str, LayananScore]:
    return {item.kode: item for item in inputs.previous.layanan()} if inputs.previous else {}


def _context(inputs: TriwulanInputs, nama: str) -> dict:
    config, score, previous = inputs.config, inputs.score, inputs.previous
    context = report_context(score, inputs.catalog, nama, config.daerah.ibu_kota, config.tanggal)
    proporsional = QUARTER_SHARE * config.triwulan
    before = previous.bidang_by_kode() if previous else {}
    for bidang in score.bidang:
        own = context["bidang"][bidang.kode]
        earlier = before.get(bidang.kode)
        own["indeks_sebelumnya"] = earlier.indeks if earlier else None
        own["perubahan"] = change(bidang.indeks, own["indeks_sebelumnya"])
        own["di_bawah_proporsional"] = [item.nama for item in bidang.layanan if item.capaian_penerima is not None
                                        and item.capaian_penerima < proporsional]
    provinsi = nama_wilayah(score.kode_wilayah.split(".")[0]) or ""
    context.update({
        "tempat": config.tempat, "tanggal": config.tanggal, "penandatangan": config.penandatangan.model_dump(),
        "triwulan": config.triwulan, "batas_input": config.batas_input.for_quarter(config.tahun, config.triwulan),
        "periode": {"awal": date(config.tahun, 1, 1), "akhir": quarter_end(config.tahun, config.triwulan)},
        "provinsi": provinsi.removeprefix("Provinsi "),
        "proporsional": proporsional,
        "sebelumnya": ({"triwulan": previous.triwulan, "indeks": previous.indeks, "kategori": previous.kategori}
                       if previous else None),
        "perubahan": change(score.indeks, previous.indeks if previous else None),
    })
    return context


def _cover_note(inputs: TriwulanInputs, texts: NarrativeTexts, context: dict, nama: str) -> Section:
    config, score, previous = inputs.config, inputs.score, inputs.previous
    label = triwulan_label(config.triwulan)
    title = [Paragraph.of(line, bold=True, align="center", size_pt=13, space_after_pt=2)
             for line in (*title_lines(config.judul, (" ".join(DEFAULT_TITLE_LINES),)),
                          f"{label.upper()} TAHUN {config.tahun}", nama.upper())]
    facts = [("Daerah", f"{nama} (kode wilayah {score.kode_wilayah})"),
             ("Periode data", f"{tanggal(context['periode']['awal'])} s.d. {tanggal(context['periode']['akhir'])}"),
             ("Sifat angka", f"kumulatif sampai dengan akhir {label}"),
             (f"Indeks Pencapaian SPM s.d. {label}",
              f"{nilai(score.indeks)} ({score.kategori or '-'})")]
    if previous is not None:
        facts.append((f"Perubahan dari {triwulan_label(previous.triwulan)}",
                      f"{_signed(context['perubahan']).text} poin (indeks {nilai(previous.indeks)})"))
    if config.nomor:
        facts.insert(0, ("Nomor", config.nomor))
    rows = [(text_cell(key), text_cell(value)) for key, value in facts]
    rows.append((text_cell("Batas akhir input e-SPM", bold=True),
                 text_cell(tanggal(context["batas_input"]), bold=True)))
    blocks: list[Block] = [*title, Spacer(6.0),
                           Table(columns=(Column(2.2), Column(4.0)), header=(), body=tuple(rows), number_row=False),
                           Spacer(4.0), *narrative_paragraphs(texts.text("pengantar")),
                           signature_block(config.penandatangan, config.tempat, config.tanggal)]
    return Section(tuple(blocks), numbering="none", label="Pengantar")


def _summary_table(outline: Outline, inputs: TriwulanInputs) -> Table:
    score, previous = inputs.score, inputs.previous
    label = triwulan_label(score.triwulan)
    before = previous.bidang_by_kode() if previous else {}
    rows = Rows()
    for i, bidang in enumerate(score.bidang, 1):
        row = [ordinal_cell(i), text_cell(bidang.nama)]
        if previous:
            earlier = before.get(bidang.kode)
            row += [percent_cell(earlier.indeks if earlier else None), percent_cell(bidang.indeks),
                    _signed(change(bidang.indeks, earlier.indeks if earlier else None))]
        else:
            row.append(percent_cell(bidang.indeks))
        rows.item(*row, text_cell(bidang.kategori or "-"))
    total = [percent_cell(previous.indeks, True), percent_cell(score.indeks, True),
             _signed(change(score.indeks, previous.indeks), True)] if previous else [percent_cell(score.indeks, True)]
    rows.total(Cell("Indeks Pencapaian SPM", colspan=2, bold=True, align="right"), *total,
               Cell(score.kategori or "-", bold=True))
    if previous:
        aligns = columns("center", "left", "right", "right", "right", "left")
        header = head("No", "Bidang Urusan", f"Indeks {triwulan_label(previous.triwulan)}", f"Indeks {label}",
                      "Perubahan (poin)", "Kategori")
    else:
        aligns = columns("center", "left", "right", "left")
        header = head("No", "Bidang Urusan", f"Indeks {label}", "Kategori")
    return outline.table(aligns, (header,), rows, f"Indeks Pencapaian SPM per Bidang s.d. {label} Tahun {score.tahun}")


def penerima_rows(bidang: BidangScore, previous: dict[str, LayananScore]) -> Rows:
    """One row per service: annual sasaran, cumulative terlayani, capaian and, if known, its change."""
    rows = Rows()
    for i, item in enumerate(bidang.layanan, 1):
        row = [ordinal_cell(i), text_cell(item.nama), number_cell(item.sasaran),
               number_cell(item.terlayani), number_cell(item.belum_terlayani), percent_cell(item.capaian_penerima)]
        if previous:
            earlier = previous.get(item.kode)
            before = earlier.capaian_penerima if earlier else None
            row += [percent_cell(before), _signed(change(item.capaian_penerima, before))]
        rows.item(*row)
    return rows


def _penerima_table(outline: Outline, inputs: TriwulanInputs, bidang: BidangScore) -> Table:
    label = triwulan_label(inputs.score.triwulan)
    previous = _previous_layanan(inputs)
    aligns = ["center", "left", "right", "right", "right", "right"]
    titles = ["No", "Jenis Pelayanan Dasar", "Harus Dilayani (setahun)", f"Terlayani s.d. {label}",
              "Belum Terlayani", "Capaian (%)"]
    if previous:
        aligns += ["right", "right"]
        titles += [f"Capaian {triwulan_label(inputs.previous.triwulan)} (%)", "Perubahan (poin)"]
    return outline.table(columns(*aligns), (head(*titles),), penerima_rows(bidang, previous),
                         f"Penerima Layanan Dasar {bidang.nama} s.d. {label}", font_size_pt=9.0)


def _mutu_table(outline: Outline, inputs: TriwulanInputs, bidang: BidangScore) -> Table:
    label = triwulan_label(inputs.score.triwulan)
    rows = Rows()
    for i, item in enumerate(bidang.layanan, 1):
        kurang = None if pd.isna(item.mutu_target) else max(item.mutu_target - item.mutu_terpenuhi, 0.0)
        rows.item(ordinal_cell(i), text_cell(item.nama), number_cell(item.mutu_target),
                  number_cell(item.mutu_terpenuhi), number_cell(kurang), percent_cell(item.capaian_mutu),
                  percent_cell(item.nilai), text_cell(kategori(item)))
    return outline.table(
        columns("center", "left", "right", "right", "right", "right", "right", "left"),
        (head("No", "Jenis Pelayanan Dasar", "Harus Dipenuhi (setahun)", f"Terpenuhi s.d. {label}",
              "Belum Terpenuhi", "Capaian Mutu (%)", "Nilai", "Kategori"),),
        rows, f"Mutu Layanan Dasar {bidang.nama} s.d. {label}", font_size_pt=9.0)


def _bab_capaian(inputs: TriwulanInputs, outline: Outline, texts: NarrativeTexts) -> list[Block]:
    score, catalog = inputs.score, inputs.catalog
    label = triwulan_label(score.triwulan)
    blocks: list[Block] = [outline.chapter("Capaian Penerapan SPM"), outline.sub("Ringkasan")]
    blocks += narrative_paragraphs(texts.text("capaian"))
    blocks.append(_summary_table(outline, inputs))
    for bidang in score.bidang:
        blocks.append(outline.sub(catalog.bidang(bidang.kode).nama_urusan))
        if not bidang.layanan:
            blocks.append(Paragraph.of(f"Data {bidang.nama} s.d. {label} tidak tersedia.", italic=True))
            continue
        blocks.append(outline.point("Penerima Layanan Dasar"))
        blocks.append(_penerima_table(outline, inputs, bidang))
        blocks.append(outline.point("Mutu Layanan Dasar"))
        blocks.append(_mutu_table(outline, inputs, bidang))
    return blocks


def _bab_anggaran(inputs: TriwulanInputs, outline: Outline, texts: NarrativeTexts) -> list[Block]:
    label = triwulan_label(inputs.score.triwulan)
    blocks: list[Block] = [outline.chapter("Anggaran Penerapan SPM")]
    groups = [(bidang.nama, bidang.layanan) for bidang in inputs.score.bidang]
    if not any(not pd.isna(item.anggaran) for _, items in groups for item in items):
        return blocks + [Paragraph.of(f"Data anggaran s.d. {label} tidak tersedia.", italic=True)]
    blocks += narrative_paragraphs(texts.text("anggaran"))
    blocks.append(anggaran_table(outline, groups,
                                 f"Alokasi dan Realisasi Anggaran SPM s.d. {label} Tahun {inputs.score.tahun}",
                                 realisasi=f"Realisasi s.d. {label} (Rp)", font_size_pt=9.0))
    return blocks


STAGES = (("pengumpulan_data", "Pengumpulan Data"),
          ("penghitungan_kebutuhan", "Penghitungan Kebutuhan Pemenuhan Pelayanan Dasar"),
          ("penyusunan_rencana", "Penyusunan Rencana Pemenuhan Pelayanan Dasar"),
          ("pelaksanaan", "Pelaksanaan Pemenuhan Pelayanan Dasar"))
"""The four stages of applying SPM the quarterly report accounts for (Permendagri 59/2021)."""


def _bab_tahapan(outline: Outline, texts: NarrativeTexts) -> list[Block]:
    blocks: list[Block] = [outline.chapter("Tahapan Penerapan SPM"), *narrative_paragraphs(texts.text("tahapan"))]
    for key, title in STAGES:
        blocks += [outline.sub(title), *narrative_paragraphs(texts.text(f"tahapan_{key}"))]
    return blocks


def _bab_permasalahan(inputs: TriwulanInputs, outline: Outline, texts: NarrativeTexts, context: dict) -> list[Block]:
    blocks: list[Block] = [outline.chapter("Permasalahan dan Tindak Lanjut")]
    for bidang in inputs.score.bidang:
        extra = {"ini": context["bidang"][bidang.kode]}
        blocks.append(outline.sub(inputs.catalog.bidang(bidang.kode).nama_urusan))
        blocks.append(label("Permasalahan:"))
        blocks += narrative_paragraphs(texts.bidang(bidang.kode, "permasalahan", extra))
        blocks.append(label("Tindak lanjut:"))
        blocks += narrative_paragraphs(texts.bidang(bidang.kode, "tindak_lanjut", extra))
    return blocks


def rekap_rows(score: DaerahScore, previous: DaerahScore | None) -> Rows:
    """The e-SPM recap: bidang rows with their index, then each service's figures and nilai change."""
    before = {item.kode: item for item in previous.layanan()} if previous else {}
    bidang_before = previous.bidang_by_kode() if previous else {}
    width = 8
    rows = Rows()
    for bidang in score.bidang:
        earlier = bidang_before.get(bidang.kode)
        tail = [percent_cell(earlier.indeks if earlier else None, True, SHADE),
                _signed(change(bidang.indeks, earlier.indeks if earlier else None), True, SHADE)] if previous else []
        rows.group(Cell(bidang.nama, colspan=width, bold=True, shade=SHADE), percent_cell(bidang.indeks, True, SHADE),
                   Cell(bidang.kategori or "-", bold=True, shade=SHADE), *tail)
        for item in bidang.layanan:
            old = before.get(item.kode)
            tail = [percent_cell(old.nilai if old else None), _signed(change(item.nilai, old.nilai if old else None))] \
                if previous else []
            rows.item(text_cell(item.kode), text_cell(item.nama), number_cell(item.sasaran),
                      number_cell(item.terlayani), percent_cell(item.capaian_penerima), number_cell(item.mutu_target),
                      number_cell(item.mutu_terpenuhi), percent_cell(item.capaian_mutu), percent_cell(item.nilai),
                      text_cell(kategori(item)), *tail)
    total = [percent_cell(previous.indeks, True), _signed(change(score.indeks, previous.indeks), True)] if previous else []
    rows.total(Cell("INDEKS PENCAPAIAN SPM", colspan=width, bold=True, align="right"), percent_cell(score.indeks, True),
               Cell(score.kategori or "-", bold=True), *total)
    return rows


def _lampiran(inputs: TriwulanInputs, outline: Outline, nama: str, layout: Layout) -> list[Section]:
    config, score, previous = inputs.config, inputs.score, inputs.previous
    label = triwulan_label(config.triwulan)
    judul = f"{config.judul} {nama} {label} Tahun {config.tahun}"
    blocks: list[Block] = [lampiran_heading(1, judul, config.nomor, config.tanggal),
                           outline.lampiran(f"Rekapitulasi Capaian SPM s.d. {label}", show_number=False)]
    names = [b.nama for b in score.bidang]
    width = layout.text_width_mm("landscape") * CHART_SHARE
    tallest = layout.text_height_mm("landscape") * FIGURE_MAX_HEIGHT - CAPTION_ROOM_MM
    if previous:
        before = previous.bidang_by_kode()
        chart = charts.paired_bar_chart(
            names, [before[b.kode].indeks if b.kode in before else None for b in score.bidang],
            [b.indeks for b in score.bidang], (triwulan_label(previous.triwulan), label), width,
            max_height_mm=tallest, axis_label="Indeks")
    else:
        chart = charts.bar_chart(names, [b.indeks for b in score.bidang], width, max_height_mm=tallest)
    blocks.append(outline.chart(chart, f"Indeks Pencapaian SPM per Bidang s.d. {label}", width))
    aligns = ["left", "left", "right", "right", "right", "right", "right", "right", "right", "left"]
    first = [Cell("Kode", rowspan=2, bold=True, align="center"),
             Cell("Bidang / Jenis Pelayanan Dasar", rowspan=2, bold=True, align="center"),
             Cell("Penerima Layanan", colspan=3, bold=True, align="center"),
             Cell("Mutu Layanan", colspan=3, bold=True, align="center"),
             Cell("Nilai / Indeks", rowspan=2, bold=True, align="center"),
             Cell("Kategori", rowspan=2, bold=True, align="center")]
    second = list(head("Harus Dilayani", f"Terlayani s.d. {label}", "%", "Harus Dipenuhi", f"Terpenuhi s.d. {label}",
                       "%"))
    if previous:
        aligns += ["right", "right"]
        first.append(Cell(f"Dibanding {triwulan_label(previous.triwulan)}", colspan=2, bold=True, align="center"))
        second += list(head("Nilai", "Perubahan (poin)"))
    blocks.append(outline.table(columns(*aligns), (tuple(first), tuple(second)), rekap_rows(score, previous),
                                f"Rekapitulasi Capaian SPM {nama} s.d. {label} Tahun {config.tahun}", font_size_pt=8.0))
    blocks.append(signature_block(config.penandatangan, config.tempat, config.tanggal))
    sections = [Section(tuple(blocks), orientation="landscape")]
    members = [d for d in inputs.scores.daerah if d.kode_wilayah.startswith(f"{score.kode_wilayah}.")
               and d.tahun == score.tahun and d.triwulan == score.triwulan]
    if score.level == "provinsi" and members:
        sections.append(Section(tuple(_members(inputs, outline, members, judul)), orientation="landscape"))
    return sections


def _members(inputs: TriwulanInputs, outline: Outline, members: list[DaerahScore], judul: str) -> list[Block]:
    config, score = inputs.config, inputs.score
    label = triwulan_label(config.triwulan)
    earlier = None
    if inputs.previous:
        earlier = {d.kode_wilayah: d for d in inputs.scores.daerah if d.triwulan == inputs.previous.triwulan}
    return [lampiran_heading(2, judul, config.nomor, config.tanggal),
            outline.lampiran(f"Indeks Pencapaian SPM Kabupaten/Kota s.d. {label}", show_number=False),
            members_table(outline, score, members,
                          f"Indeks Pencapaian SPM Kabupaten/Kota s.d. {label} Tahun {score.tahun}", earlier,
                          triwulan_label(inputs.previous.triwulan) if inputs.previous else ""),
            signature_block(config.penandatangan, config.tempat, config.tanggal)]


@scored_figures
def compose_laporan_triwulan(inputs: TriwulanInputs) -> tuple[Document, NarrativeRenderer]:
    """The quarterly report as a document; the renderer holds any narrative problems."""
    config, score = inputs.config, inputs.score
    nama = config.daerah.nama or score.nama
    layout = config.tata_letak.to_layout()
    context = _context(inputs, nama)
    renderer = NarrativeRenderer(context, inputs.src, default_source=str(DEFAULTS_FILE))
    texts = NarrativeTexts(config.narasi, DEFAULTS_FILE, renderer)
    context["kepada"] = " ".join(texts.text("kepada").split())
    outline = Outline()
    label = triwulan_label(config.triwulan)

    body: list[Block] = [outline.chapter("Pendahuluan"), outline.sub("Latar Belakang"),
                         *narrative_paragraphs(texts.text("latar_belakang")), outline.sub("Dasar Hukum")]
    body += numbered_list(dasar_hukum(texts, inputs.catalog, score, config.tanggal))
    body += [outline.sub("Periode dan Sifat Data"), *narrative_paragraphs(texts.text("periode_data"))]
    body += _bab_capaian(inputs, outline, texts)
    body += _bab_anggaran(inputs, outline, texts)
    body += _bab_tahapan(outline, texts)
    body += _bab_permasalahan(inputs, outline, texts, context)
    body += [outline.chapter("Penutup"), *narrative_paragraphs(texts.text("penutup")),
             signature_block(config.penandatangan, config.tempat, config.tanggal)]
    first = body[0]
    body[0] = Heading(first.level, first.title, first.number, first.in_toc, page_break_before=False)

    sections = [_cover_note(inputs, texts, context, nama),
                Section((Heading(1, "DAFTAR ISI", in_toc=False), TableOfContents(max_level=2)), numbering="roman",
                        restart_numbering=True),
                Section(tuple(body), numbering="arabic", restart_numbering=True),
                *_lampiran(inputs, outline, nama, layout)]
    info = DocumentInfo(
        title=f"{config.judul} {nama} {label} Tahun {config.tahun}",
        author=config.kop.pemerintah,
        subject=f"Laporan Penerapan SPM {label} Tahun {config.tahun}",
        keywords=("SPM", "Standar Pelayanan Minimal", "e-SPM", label, nama, str(config.tahun)),
        created=datetime.combine(config.tanggal, time(8, 0)),
    )
    document = lay_out(Document(info=info, sections=tuple(sections), layout=layout, kop=kop_block(config.kop, layout),
                        page_number_format=config.tata_letak.format_nomor_halaman))
    return document, renderer
