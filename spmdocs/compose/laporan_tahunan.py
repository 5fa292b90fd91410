"""Compose the annual Laporan Penerapan SPM: config + scores → document model.

Outline (Permendagri 100/2018 format, configurable through ``kerangka``): cover, Kata Pengantar,
Daftar Isi, BAB I Pendahuluan, BAB II Penerapan dan Pencapaian SPM (per bidang: jenis pelayanan,
target, realisasi, anggaran, personil, permasalahan dan solusi), BAB III Program dan Kegiatan,
BAB IV Penutup with the signature, and a landscape Lampiran with the index table and charts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

import pandas as pd

from spmdocs import charts
from spmdocs.compose.layout import lay_out
from spmdocs.compose.blocks import (DEFAULT_TITLE_LINES, label, Outline, Rows, columns, cover_section, title_lines, empty_note, head, kop_block,
                                    lampiran_heading, money_cell, narrative_paragraphs, number_cell, numbered_list,
                                    ordinal_cell, percent_cell, signature_block, text_cell)
from spmdocs.compose.tables import (SHADE, anggaran_table, bidang_index_table, capaian_table, kategori,
                                    members_table)
from spmdocs.compose.context import dasar_hukum, report_context, scored_figures
from spmdocs.compose.texts import NarrativeTexts
from spmdocs.config import LaporanConfig
from spmdocs.fmt import nilai
from spmdocs.model import (FIGURE_MAX_HEIGHT, Block, Cell, Document, DocumentInfo, Heading, Layout, Paragraph,
                           Section, TableOfContents)
from spmdocs.narrative import NarrativeRenderer
from spmdocs.resources import resource_path
from spmdocs.spm.catalog import Catalog
from spmdocs.spm.scoring import BidangScore, DaerahScore, ScoreResult
from spmdocs.yamlsrc import YamlSource

DEFAULTS_FILE = resource_path("narasi", "laporan-tahunan.yaml")
CAPTION_ROOM_MM = 12.0
"""Room a figure's caption takes below the picture."""


@dataclass
class AnnualInputs:
    """What the annual report is composed from: validated config, scores and optional tables."""

    config: LaporanConfig
    src: YamlSource
    scores: ScoreResult
    score: DaerahScore
    catalog: Catalog
    mutu: pd.DataFrame | None = None
    kegiatan: pd.DataFrame | None = None
    previous: DaerahScore | None = None


def _front(inputs: AnnualInputs, texts: NarrativeTexts) -> Section:
    config = inputs.config
    blocks: list[Block] = []
    if config.shown("kata_pengantar"):
        blocks.append(Heading(1, config.title_of("kata_pengantar", "KATA PENGANTAR").upper()))
        blocks += narrative_paragraphs(texts.text("kata_pengantar"))
        blocks.append(signature_block(config.penandatangan, config.tempat, config.tanggal))
    if config.shown("daftar_isi"):
        blocks.append(Heading(1, config.title_of("daftar_isi", "DAFTAR ISI").upper(), in_toc=False,
                              page_break_before=bool(blocks)))
        blocks.append(TableOfContents(max_level=2))
    return Section(tuple(blocks), numbering="roman", restart_numbering=True)


def _layanan_table(outline: Outline, bidang: BidangScore, catalog: Catalog) -> list[Block]:
    rows = Rows()
    for kode, opd in [(item.kode, item.opd) for item in bidang.layanan] + [(k, "(tidak ada data)")
                                                                           for k in bidang.tanpa_data]:
        service = catalog.get(kode)
        rows.item(ordinal_cell(len(rows) + 1), text_cell(service.nama), text_cell(service.indikator_penerima),
                  text_cell(service.indikator_mutu), text_cell(opd))
    return [outline.table(
        columns("center", "left", "left", "left", "left"),
        (head("No", "Jenis Pelayanan Dasar", "Indikator Penerima", "Indikator Mutu", "OPD Pengampu"),),
        rows, f"Jenis Pelayanan Dasar {bidang.nama}")]


def _target_table(outline: Outline, bidang: BidangScore, catalog: Catalog) -> list[Block]:
    if not bidang.layanan:
        return [empty_note("target pencapaian")]
    rows = Rows()
    for i, item in enumerate(bidang.layanan, 1):
        rows.item(ordinal_cell(i), text_cell(item.nama), text_cell(catalog.get(item.kode).satuan),
                  number_cell(item.sasaran), Cell("100%", align="right"), number_cell(item.mutu_target),
                  Cell("100%", align="right"))
    return [outline.table(
        columns("center", "left", "left", "right", "right", "right", "right"),
        (head("No", "Jenis Pelayanan Dasar", "Satuan", "Jumlah Harus Dilayani", "Target Penerima",
              "Jumlah Mutu Harus Dipenuhi", "Target Mutu"),),
        rows, f"Target Pencapaian SPM {bidang.nama}")]


def _realisasi_table(outline: Outline, bidang: BidangScore) -> list[Block]:
    if not bidang.layanan:
        return [empty_note("realisasi")]
    rows = Rows()
    for i, item in enumerate(bidang.layanan, 1):
        rows.item(ordinal_cell(i), text_cell(item.nama), number_cell(item.sasaran), number_cell(item.terlayani),
                  number_cell(item.belum_terlayani), percent_cell(item.capaian_penerima),
                  percent_cell(item.capaian_mutu), percent_cell(item.nilai), text_cell(kategori(item)))
    rows.total(Cell(f"Indeks {bidang.nama}", colspan=7, bold=True, align="right"), percent_cell(bidang.indeks, True),
               text_cell(bidang.kategori or "-", True))
    return [outline.table(
        columns("center", "left", "right", "right", "right", "right", "right", "right", "left"),
        ((Cell("No", rowspan=2, bold=True, align="center"),
          Cell("Jenis Pelayanan Dasar", rowspan=2, bold=True, align="center"),
          Cell("Penerima Layanan", colspan=3, bold=True, align="center"),
          Cell("Capaian (%)", colspan=2, bold=True, align="center"),
          Cell("Nilai", rowspan=2, bold=True, align="center"),
          Cell("Kategori", rowspan=2, bold=True, align="center")),
         head("Harus Dilayani", "Terlayani", "Belum Terlayani", "Penerima", "Mutu")),
        rows, f"Realisasi Pencapaian SPM {bidang.nama}", font_size_pt=9.0)]


def _anggaran_table(outline: Outline, bidang: BidangScore) -> list[Block]:
    table = anggaran_table(outline, [(None, bidang.layanan)], f"Alokasi dan Realisasi Anggaran SPM {bidang.nama}")
    return [table] if table is not None else [empty_note("alokasi anggaran")]


def _personil_table(outline: Outline, inputs: AnnualInputs, bidang: BidangScore) -> list[Block]:
    mutu = inputs.mutu
    if mutu is None or mutu.empty:
        return [empty_note("dukungan personil")]
    codes = [item.kode for item in bidang.layanan]
    sdm = mutu[(mutu["kode_wilayah"] == inputs.score.kode_wilayah) & (mutu["tahun"] == inputs.score.tahun)
               & (mutu["jenis_mutu"] == "sdm") & (mutu["kode_layanan"].isin(codes))]
    if sdm.empty:
        return [empty_note("dukungan personil")]
    grouped = sdm.groupby(["kode_layanan", "uraian", "satuan"], sort=False)[["target", "terpenuhi"]].sum()
    names = {item.kode: item.nama for item in bidang.layanan}
    rows = Rows()
    for (kode, uraian, satuan), values in grouped.iterrows():
        kurang = max(values["target"] - values["terpenuhi"], 0.0)
        rows.item(ordinal_cell(len(rows) + 1), text_cell(names[kode]), text_cell(uraian), text_cell(satuan),
                  number_cell(values["target"]), number_cell(values["terpenuhi"]), number_cell(kurang))
    return [outline.table(
        columns("center", "left", "left", "left", "right", "right", "right"),
        (head("No", "Jenis Pelayanan Dasar", "Uraian SDM", "Satuan", "Dibutuhkan", "Tersedia",
              "Kekurangan"),),
        rows, f"Dukungan Personil SPM {bidang.nama}")]


def _bab_penerapan(inputs: AnnualInputs, outline: Outline, texts: NarrativeTexts, context: dict) -> list[Block]:
    config, score, catalog = inputs.config, inputs.score, inputs.catalog
    blocks: list[Block] = [outline.chapter(config.title_of("penerapan", "Penerapan dan Pencapaian SPM"))]
    nama = context["daerah"]["nama"]
    penilaian = context["dasar_penilaian"]
    blocks.append(Paragraph.of(
        f"Indeks Pencapaian SPM {nama} Tahun {score.tahun} adalah "
        f"{nilai(score.indeks)} dengan kategori {score.kategori or '-'}. Capaian dinilai menurut "
        f"{penilaian['peraturan']}: {penilaian['rumus']}; indeks bidang adalah rata-rata nilai jenis "
        "pelayanannya dan indeks daerah rata-rata indeks bidang. Rincian per bidang disajikan pada "
        "tabel berikut.", first_line_indent_mm=12.5))
    blocks.append(bidang_index_table(outline, score, nama, f"Indeks Pencapaian SPM per Bidang Tahun {score.tahun}"))
    for bidang in score.bidang:
        extra = {"ini": context["bidang"][bidang.kode]}
        blocks.append(outline.sub(f"{catalog.bidang(bidang.kode).nama_urusan}"))
        blocks.append(outline.point("Jenis Pelayanan Dasar"))
        blocks += narrative_paragraphs(texts.bidang(bidang.kode, "jenis_pelayanan", extra))
        blocks += _layanan_table(outline, bidang, catalog)
        blocks.append(outline.point("Target Pencapaian"))
        blocks += narrative_paragraphs(texts.bidang(bidang.kode, "target", extra))
        blocks += _target_table(outline, bidang, catalog)
        blocks.append(outline.point("Realisasi"))
        blocks += narrative_paragraphs(texts.bidang(bidang.kode, "realisasi", extra))
        blocks += _realisasi_table(outline, bidang)
        blocks.append(outline.point("Alokasi Anggaran"))
        if any(not pd.isna(item.anggaran) for item in bidang.layanan):
            blocks += narrative_paragraphs(texts.bidang(bidang.kode, "anggaran", extra))
        blocks += _anggaran_table(outline, bidang)
        blocks.append(outline.point("Dukungan Personil"))
        personil = _personil_table(outline, inputs, bidang)
        if not isinstance(personil[0], Paragraph):
            blocks += narrative_paragraphs(texts.bidang(bidang.kode, "personil", extra))
        blocks += personil
        blocks.append(outline.point("Permasalahan dan Solusi"))
        blocks.append(label("Permasalahan:"))
        blocks += narrative_paragraphs(texts.bidang(bidang.kode, "permasalahan", extra))
        blocks.append(label("Solusi:"))
        blocks += narrative_paragraphs(texts.bidang(bidang.kode, "solusi", extra))
    return blocks


def _bab_program(inputs: AnnualInputs, outline: Outline, texts: NarrativeTexts) -> list[Block]:
    blocks: list[Block] = [outline.chapter(inputs.config.title_of("program_kegiatan", "Program dan Kegiatan"))]
    blocks += narrative_paragraphs(texts.text("program_kegiatan"))
    kegiatan = inputs.kegiatan
    score = inputs.score
    if kegiatan is not None and not kegiatan.empty:
        kegiatan = kegiatan[(kegiatan["kode_wilayah"] == score.kode_wilayah)
                            & (kegiatan["tahun"] == score.tahun)]
    if kegiatan is None or kegiatan.empty:
        return blocks + [empty_note("program dan kegiatan")]
    rows = Rows()
    totals = [0.0, 0.0]
    count = 0
    for layanan in score.layanan():
        own = kegiatan[kegiatan["kode_layanan"] == layanan.kode].sort_values("kode_sub_kegiatan", kind="stable")
        if own.empty:
            continue
        rows.group(Cell(layanan.nama, colspan=7, bold=True, align="left", shade=SHADE))
        for _, row in own.iterrows():
            anggaran, realisasi = row["anggaran"], row["realisasi_anggaran"]
            totals[0] += anggaran if not pd.isna(anggaran) else 0.0
            totals[1] += realisasi if not pd.isna(realisasi) else 0.0
            count += 1
            rows.item(ordinal_cell(count), text_cell(str(row["kode_sub_kegiatan"])),
                      text_cell(str(row["sub_kegiatan"])), text_cell(str(row["opd"])), money_cell(anggaran),
                      money_cell(realisasi), percent_cell(realisasi / anggaran * 100 if anggaran else None))
    rows.total(Cell("Jumlah", colspan=4, bold=True, align="right"), money_cell(totals[0], True),
               money_cell(totals[1], True),
               percent_cell(totals[1] / totals[0] * 100 if totals[0] else None, True))
    blocks.append(outline.table(
        columns("center", "left", "left", "left", "right", "right", "right"),
        (head("No", "Kode Sub Kegiatan", "Sub Kegiatan", "OPD", "Anggaran (Rp)", "Realisasi (Rp)", "%"),),
        rows, f"Program dan Kegiatan Penerapan SPM Tahun {score.tahun}", font_size_pt=9.0))
    return blocks


def _chart_note(item) -> str | None:
    """What a chart writes instead of a missing bar: why the service has no capaian."""
    return "tidak dinilai: sasaran 0" if item.catatan.startswith("sasaran 0") else None


def _chart_groups(bidang: list[BidangScore], width_mm: float, tallest_mm: float) -> list[list[BidangScore]]:
    """Consecutive bidang grouped so that each group's chart of services fits ``tallest_mm``."""
    groups: list[list[BidangScore]] = []
    for b in bidang:
        if groups:
            names = [item.nama for g in (*groups[-1], b) for item in g.layanan]
            if charts.horizontal_height_mm(names, width_mm, bars=2) <= tallest_mm:
                groups[-1].append(b)
                continue
        groups.append([b])
    return groups


def _lampiran(inputs: AnnualInputs, outline: Outline, nama: str, layout: Layout) -> list[Section]:
    config, score = inputs.config, inputs.score
    judul = f"{config.judul} {nama} Tahun {config.tahun}"
    thresholds = tuple(k.min for k in inputs.scores.rules.kategori if 0 < k.min < 100)
    tallest = layout.text_height_mm("landscape") * FIGURE_MAX_HEIGHT - CAPTION_ROOM_MM
    width = layout.text_width_mm("landscape")
    first: list[Block] = [
        lampiran_heading(1, judul, config.nomor, config.tanggal),
        outline.lampiran("Indeks Pencapaian Standar Pelayanan Minimal", show_number=False),
        outline.chart(charts.bar_chart([b.nama for b in score.bidang], [b.indeks for b in score.bidang],
                                       width * 0.6, thresholds, max_height_mm=tallest),
                      "Indeks Pencapaian SPM per Bidang", width * 0.6),
    ]
    groups = _chart_groups([b for b in score.bidang if b.layanan], width, tallest)
    for group in groups:
        layanan = [item for b in group for item in b.layanan]
        part = "" if len(groups) == 1 else " " + ", ".join(f"Bidang {b.nama}" for b in group)
        first.append(outline.chart(charts.paired_bar_chart(
            [item.nama for item in layanan], [item.capaian_penerima for item in layanan],
            [item.capaian_mutu for item in layanan], ("Capaian penerima", "Capaian mutu"), width,
            max_height_mm=tallest, notes=[_chart_note(item) for item in layanan]),
            f"Capaian Penerima dan Mutu per Jenis Pelayanan Dasar{part}", width))
    first.append(capaian_table(outline, score.bidang, f"Indeks Pencapaian SPM {nama} Tahun {config.tahun}",
                               numbered=False, group_index=True, total_label=f"INDEKS PENCAPAIAN SPM {nama.upper()}",
                               total=score.indeks, total_kategori=score.kategori))
    first.append(signature_block(config.penandatangan, config.tempat, config.tanggal))
    sections = [Section(tuple(first), orientation="landscape")]
    members = [d for d in inputs.scores.daerah if d.kode_wilayah.startswith(f"{score.kode_wilayah}.")
               and d.tahun == score.tahun]
    if score.level == "provinsi" and members:
        sections.append(Section((
            lampiran_heading(2, judul, config.nomor, config.tanggal),
            outline.lampiran("Indeks Pencapaian SPM Kabupaten/Kota", show_number=False),
            members_table(outline, score, members, f"Indeks Pencapaian SPM Kabupaten/Kota Tahun {score.tahun}"),
            signature_block(config.penandatangan, config.tempat, config.tanggal),
        ), orientation="landscape"))
    return sections


@scored_figures
def compose_annual(inputs: AnnualInputs) -> tuple[Document, NarrativeRenderer]:
    """The Laporan Penerapan SPM as a document; the renderer holds any narrative problems."""
    config, score = inputs.config, inputs.score
    nama = config.daerah.nama or score.nama
    layout = config.tata_letak.to_layout()
    context = report_context(score, inputs.catalog, nama, config.daerah.ibu_kota, config.tanggal,
                             inputs.previous)
    context.update({"tempat": config.tempat, "tanggal": config.tanggal,
                    "penandatangan": config.penandatangan.model_dump()})
    renderer = NarrativeRenderer(context, inputs.src, default_source=str(DEFAULTS_FILE))
    texts = NarrativeTexts(config.narasi, DEFAULTS_FILE, renderer)
    outline = Outline()

    sections: list[Section] = []
    if config.shown("sampul"):
        sections.append(cover_section([*title_lines(config.judul, DEFAULT_TITLE_LINES), nama.upper(),
                                       f"TAHUN {config.tahun}"], config.kop, config.tempat,
                                      config.tanggal.year))
    front = _front(inputs, texts)
    if front.blocks:
        sections.append(front)
    body: list[Block] = []
    if config.shown("pendahuluan"):
        body.append(outline.chapter(config.title_of("pendahuluan", "Pendahuluan")))
        body.append(outline.sub("Latar Belakang"))
        body += narrative_paragraphs(texts.text("latar_belakang"))
        body.append(outline.sub("Dasar Hukum"))
        body += numbered_list(dasar_hukum(texts, inputs.catalog, score, config.tanggal))
        body.append(outline.sub("Kebijakan Umum"))
        body += narrative_paragraphs(texts.text("kebijakan_umum"))
        body.append(outline.sub("Arah Kebijakan"))
        body += narrative_paragraphs(texts.text("arah_kebijakan"))
    if config.shown("penerapan"):
        body += _bab_penerapan(inputs, outline, texts, context)
    if config.shown("program_kegiatan"):
        body += _bab_program(inputs, outline, texts)
    if config.shown("penutup"):
        body.append(outline.chapter(config.title_of("penutup", "Penutup")))
        body += narrative_paragraphs(texts.text("penutup"))
    body.append(signature_block(config.penandatangan, config.tempat, config.tanggal))
    if body:
        first = body[0]
        if isinstance(first, Heading):
            body[0] = Heading(first.level, first.title, first.number, first.in_toc, page_break_before=False)
        sections.append(Section(tuple(body), numbering="arabic", restart_numbering=True))
    if config.shown("lampiran"):
        sections += _lampiran(inputs, outline, nama, layout)

    info = DocumentInfo(
        title=f"{config.judul} {nama} Tahun {config.tahun}",
        author=config.kop.pemerintah,
        subject=f"Laporan Penerapan SPM Tahun {config.tahun}",
        keywords=("SPM", "Standar Pelayanan Minimal", nama, str(config.tahun)),
        created=datetime.combine(config.tanggal, time(8, 0)),
    )
    document = lay_out(Document(info=info, sections=tuple(sections), layout=layout,
                        kop=None if config.shown("sampul") else kop_block(config.kop, layout),
                                page_number_format=config.tata_letak.format_nomor_halaman))
    return document, renderer

