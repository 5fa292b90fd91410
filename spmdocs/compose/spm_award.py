"""Compose the SPM Awards dossier: config + multi-year scores + evidence status → document model.

Order: the Surat Pengantar (the Tata Naskah Dinas form: addressee, title and number, a table of
what is sent, signature, receipt) on the kop page; the cover; Daftar Isi; BAB I Profil Daerah;
BAB II Indeks Pencapaian SPM (this year's index per bidang and its trend over the years in the
data); BAB III Penilaian Mandiri (the assessed components with weight, score, weighted value and
evidence, adding up to a total); BAB IV Inovasi; BAB V Daftar Periksa Bukti Dukung; BAB VI
Penutup. The build step appends the evidence PDFs themselves after the dossier's last page.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from pathlib import Path

from spmdocs import charts
from spmdocs.compose.blocks import (Outline, Rows, columns, empty_note, head, image_aspect, kop_block, label,
                                    narrative_paragraphs, number_cell, ordinal_cell, percent_cell,
                                    signature_block, text_cell)
from spmdocs.compose.context import report_context, scored_figures
from spmdocs.compose.layout import lay_out
from spmdocs.compose.tables import bidang_index_table, bidang_trend_table, change, signed
from spmdocs.compose.texts import NarrativeTexts
from spmdocs.config import IP_SPM, KOMPONEN_AWARD_2024, KomponenPenilaian, SpmAwardConfig
from spmdocs.fmt import angka, nilai, round_half_up, terbilang
from spmdocs.model import (Block, Cell, Column, Document, DocumentInfo, Figure, Heading, Paragraph, Section,
                           Spacer, Table, TableOfContents)
from spmdocs.narrative import NarrativeRenderer
from spmdocs.resources import resource_path
from spmdocs.spm.catalog import Catalog
from spmdocs.spm.scoring import DaerahScore, ScoreResult
from spmdocs.yamlsrc import YamlSource

DEFAULTS_FILE = resource_path("narasi", "spm-award.yaml")
ADDRESS_INDENT = 0.55
COVER_LINE_CHARS = 40
NOT_SCORED = "belum dinilai"


@dataclass(frozen=True)
class BuktiStatus:
    """One listed evidence file as found on disk: present or not, its pages, and any note."""

    komponen: str
    berkas: Path
    judul: str
    ada: bool
    halaman: int | None = None
    catatan: str = ""

    @property
    def digabung(self) -> bool:
        """Whether the file is appended to the dossier PDF (a readable PDF)."""
        return self.ada and self.halaman is not None

    @property
    def status(self) -> str:
        text = "Ada" if self.ada else "Tidak ada"
        return f"{text} ({self.catatan})" if self.catatan else text


@dataclass(frozen=True)
class NilaiKomponen:
    """One component's weighted value: bobot × skor / 100, rounded half-up to 2 decimals."""

    kode: str
    nama: str
    bobot: float
    skor: float | None
    nilai: Decimal
    dari_data: bool


@dataclass(frozen=True)
class Penilaian:
    """The self-assessment: every component's value and their total (the exact sum of the values)."""

    komponen: tuple[NilaiKomponen, ...]
    total: Decimal

    @property
    def bobot_total(self) -> float:
        return sum(k.bobot for k in self.komponen)

    def unscored(self) -> list[NilaiKomponen]:
        return [k for k in self.komponen if k.skor is None]


def assess(komponen: list[KomponenPenilaian], indeks: float | None) -> Penilaian:
    """Weighted values of the components; the IP-SPM component scores the index itself.

    A component without a score counts 0. Each value is rounded before summing, so the total
    printed under the table is exactly the sum of the printed values.
    """
    rows = []
    for item in komponen:
        skor = indeks if item.kode == IP_SPM else item.skor
        nilai = round_half_up(item.bobot * skor / 100, 2) if skor is not None else Decimal("0.00")
        rows.append(NilaiKomponen(item.kode, item.nama, item.bobot, skor, nilai, item.kode == IP_SPM))
    return Penilaian(tuple(rows), sum((row.nilai for row in rows), Decimal("0.00")))


@dataclass
class AwardInputs:
    """What the dossier is composed from: config, scores per year, region facts, evidence status."""

    config: SpmAwardConfig
    src: YamlSource
    scores: ScoreResult
    tren: tuple[DaerahScore, ...]
    catalog: Catalog
    anggota: tuple[tuple[str, str], ...] = ()
    provinsi: str = ""
    bukti: tuple[BuktiStatus, ...] = ()

    @property
    def score(self) -> DaerahScore:
        """The daerah's score in the assessed year (the last of the trend)."""
        return self.tren[-1]


class _Texts(NarrativeTexts):
    """Narrative lookup plus the award's own texts: component descriptions and innovations."""

    def __init__(self, config: SpmAwardConfig, renderer: NarrativeRenderer):
        super().__init__(config.narasi, DEFAULTS_FILE, renderer)
        self.config = config

    def uraian(self, index: int, item: KomponenPenilaian) -> str:
        if item.uraian is not None:
            return self.renderer.render(item.uraian, ("komponen", index, "uraian"))
        if item.kode == IP_SPM:
            return self.renderer.render(self.defaults["uraian_ip_spm"], ("uraian_ip_spm",), from_config=False)
        return ""

    def inovasi(self, index: int) -> str:
        return self.renderer.render(self.config.inovasi[index].uraian, ("inovasi", index, "uraian"))


def _trend_summary(tren: tuple[DaerahScore, ...]) -> dict:
    points = [d for d in tren if d.indeks is not None]
    if len(points) < 2:
        return {"awal": None, "akhir": None, "selisih": None, "arah": ""}
    first, last = points[0], points[-1]
    delta = last.indeks - first.indeks
    shown = round_half_up(delta, 2)
    arah = "meningkat" if shown > 0 else "menurun" if shown < 0 else "tetap"
    return {"awal": {"tahun": first.tahun, "indeks": first.indeks, "kategori": first.kategori},
            "akhir": {"tahun": last.tahun, "indeks": last.indeks, "kategori": last.kategori},
            "selisih": abs(delta), "arah": arah}


def _context(inputs: AwardInputs, nama: str, penilaian: Penilaian) -> dict:
    config, score = inputs.config, inputs.score
    context = report_context(score, inputs.catalog, nama, config.daerah.ibu_kota, config.tanggal,
                             inputs.tren[-2] if len(inputs.tren) > 1 else None)
    previous = [None, *[d.indeks for d in inputs.tren[:-1]]]
    default_weights = {k.kode: k.bobot for k in config.komponen} == {
        kode: bobot for kode, (_, bobot) in KOMPONEN_AWARD_2024.items()}
    context.update({
        "tempat": config.tempat, "tanggal": config.tanggal,
        "penandatangan": config.penandatangan.model_dump(),
        "penghargaan": config.award_year, "provinsi": inputs.provinsi,
        "anggota": [{"kode": kode, "nama": nama_anggota} for kode, nama_anggota in inputs.anggota],
        "tren": [{"tahun": d.tahun, "indeks": d.indeks, "kategori": d.kategori,
                  "perubahan": change(d.indeks, before)} for d, before in zip(inputs.tren, previous)],
        "ringkasan_tren": _trend_summary(inputs.tren),
        "penilaian": {"total": penilaian.total, "bobot_bawaan": default_weights,
                      "komponen": {k.kode: {"nama": k.nama, "bobot": k.bobot, "skor": k.skor,
                                            "nilai": k.nilai} for k in penilaian.komponen}},
        "inovasi": [item.model_dump(exclude={"uraian"}) for item in config.inovasi],
    })
    return context


@dataclass(frozen=True)
class BuktiCount:
    """The evidence counts both the surat pengantar and Bab V state, from one list."""

    dicantumkan: int
    ada: int
    digabung: int

    @classmethod
    def of(cls, bukti) -> "BuktiCount":
        return cls(len(bukti), sum(b.ada for b in bukti), len({b.berkas for b in bukti if b.digabung}))

    @property
    def tidak_ada(self) -> int:
        return self.dicantumkan - self.ada


def _surat_pengantar(inputs: AwardInputs, nama: str, text_width_mm: float) -> Section:
    config = inputs.config
    indent = text_width_mm * ADDRESS_INDENT
    address = [Paragraph.of(line, align="left", indent_mm=indent, space_after_pt=0)
               for line in (f"Yth. {config.tujuan.jabatan}", "di")]
    address.append(Paragraph.of(config.tujuan.tempat, align="left", indent_mm=indent + 5, space_after_pt=0))
    award = f"SPM Awards Tahun {config.award_year}"
    dossier = f"{config.judul} {nama} Tahun Anggaran {config.tahun} untuk {award}"
    rows = [(Cell("1.", align="center"), text_cell(dossier), text_cell("1 (satu) berkas"),
             text_cell(f"Disampaikan dengan hormat sebagai bahan penilaian {award}."))]
    appended = BuktiCount.of(inputs.bukti).digabung
    if appended:
        rows.append((Cell("2.", align="center"), text_cell("Bukti dukung penilaian (daftar pada Bab V)"),
                     text_cell(f"{appended} ({terbilang(appended)}) berkas"),
                     text_cell("Digabungkan pada berkas PDF dokumen penilaian.")))
    table = Table(columns=(Column(0.5, "center"), Column(4.2), Column(1.6), Column(3.2)),
                  header=(head("No", "Naskah Dinas yang Dikirimkan", "Banyaknya", "Keterangan"),),
                  body=tuple(rows), number_row=False)
    receipt = [Paragraph.of(line, align="left", space_after_pt=0)
               for line in ("Diterima tanggal ....................", "Penerima,")]
    blank = "." * 36
    signed = [Paragraph.of(line, align="left", space_after_pt=0) for line in (f"({blank})", f"NIP {blank}")]
    blocks: list[Block] = [
        Spacer(4.0), *address, Spacer(8.0),
        Paragraph.of("SURAT PENGANTAR", bold=True, align="center", space_after_pt=0),
        Paragraph.of(f"NOMOR {config.nomor or '....................'}", align="center"),
        Spacer(4.0), table, Spacer(4.0),
        signature_block(config.penandatangan, config.tempat, config.tanggal),
        Spacer(6.0), *receipt, Spacer(18.0), *signed,
    ]
    return Section(tuple(blocks), numbering="none", label="Surat Pengantar")


def _balanced_lines(text: str, limit: int) -> list[str]:
    """``text`` broken at spaces into the fewest lines of about ``limit`` characters, of similar length."""
    if not text:
        return []
    count = -(-len(text) // limit)
    return textwrap.wrap(text, width=max(-(-len(text) // count) + 2, max(map(len, text.split()))))


def _cover(inputs: AwardInputs, nama: str) -> Section:
    config = inputs.config
    blocks: list[Block] = [Spacer(25.0)]
    title = [*_balanced_lines(config.judul.upper(), COVER_LINE_CHARS),
             f"SPM AWARDS TAHUN {config.award_year}"]
    blocks += [Paragraph.of(line, bold=True, align="center", size_pt=16, space_after_pt=4) for line in title]
    blocks.append(Spacer(18.0))
    if config.kop.logo:
        logo = config.kop.logo.read_bytes()
        blocks.append(Figure(image=logo, aspect=image_aspect(logo), width_fraction=0.28))
    blocks += [Spacer(12.0),
               Paragraph.of(nama.upper(), bold=True, align="center", size_pt=16, space_after_pt=4),
               Paragraph.of(f"TAHUN ANGGARAN {config.tahun}", bold=True, align="center", size_pt=14),
               Spacer(30.0),
               Paragraph.of(config.kop.pemerintah.upper(), bold=True, align="center", size_pt=14),
               Paragraph.of(f"{config.tempat.upper()}, {config.tanggal.year}", bold=True, align="center")]
    return Section(tuple(blocks), numbering="none", label="Sampul")


def _bab_profil(inputs: AwardInputs, outline: Outline, texts: _Texts, nama: str) -> list[Block]:
    config, score = inputs.config, inputs.score
    blocks: list[Block] = [outline.chapter("Profil Daerah"), outline.sub("Gambaran Umum")]
    blocks += narrative_paragraphs(texts.text("profil_daerah"))
    level = "Provinsi" if score.level == "provinsi" else "Kabupaten/Kota"
    jumlah = len(inputs.catalog.services(score.level)) if score.level else len(score.layanan())
    facts = [("Nama Daerah", nama), ("Kode Wilayah (Kemendagri)", score.kode_wilayah),
             ("Tingkat Daerah", level)]
    if inputs.provinsi:
        facts.append(("Provinsi", inputs.provinsi))
    if config.daerah.ibu_kota:
        facts.append(("Ibu Kota", config.daerah.ibu_kota))
    if inputs.anggota:
        facts.append(("Jumlah Kabupaten/Kota", f"{len(inputs.anggota)} ({terbilang(len(inputs.anggota))})"))
    facts += [("Kepala Daerah", config.penandatangan.nama),
              ("Jumlah Jenis Pelayanan Dasar", f"{jumlah} ({terbilang(jumlah)})"),
              ("Tahun Anggaran yang Dinilai", str(config.tahun))]
    blocks.append(outline.sub("Identitas Daerah"))
    blocks.append(outline.table(
        columns("center", "left", "left"), (head("No", "Uraian", "Keterangan"),),
        [(Cell(str(i), align="center"), text_cell(label), text_cell(value))
         for i, (label, value) in enumerate(facts, 1)], f"Identitas {nama}"))
    if inputs.anggota:
        blocks.append(outline.sub(f"Kabupaten/Kota di Wilayah {nama}"))
        rows = []
        for i, (kode, nama_anggota) in enumerate(inputs.anggota, 1):
            found = inputs.scores.find(kode, score.tahun)
            rows.append((Cell(str(i), align="center"), text_cell(kode), text_cell(nama_anggota),
                         percent_cell(found.indeks if found else None),
                         text_cell((found.kategori or "-") if found else "tidak ada data")))
        blocks.append(Paragraph.of(
            f"Indeks Pencapaian SPM kabupaten/kota di wilayah {nama} Tahun {score.tahun} disajikan pada "
            "tabel berikut.", first_line_indent_mm=12.5))
        blocks.append(outline.table(
            columns("center", "left", "left", "right", "left"),
            (head("No", "Kode", "Kabupaten/Kota", "Indeks", "Kategori"),), rows,
            f"Indeks Pencapaian SPM Kabupaten/Kota Tahun {score.tahun}"))
    return blocks


def _bab_indeks(inputs: AwardInputs, outline: Outline, texts: _Texts, nama: str,
                text_width_mm: float) -> list[Block]:
    score, tren = inputs.score, inputs.tren
    blocks: list[Block] = [outline.chapter("Indeks Pencapaian SPM"),
                           outline.sub(f"Indeks Pencapaian SPM Tahun {score.tahun}")]
    blocks.append(Paragraph.of(
        f"Indeks Pencapaian SPM (IP-SPM) {nama} Tahun {score.tahun} adalah {nilai(score.indeks)} dengan "
        f"kategori {score.kategori or '-'}. Rincian per bidang disajikan pada tabel berikut.",
        first_line_indent_mm=12.5))
    blocks.append(bidang_index_table(outline, score, nama, f"Indeks Pencapaian SPM per Bidang Tahun {score.tahun}"))

    first, last = tren[0].tahun, tren[-1].tahun
    period = f"Tahun {first}–{last}" if first != last else f"Tahun {last}"
    blocks.append(outline.sub(f"Perkembangan Indeks Pencapaian SPM {period}"))
    blocks += narrative_paragraphs(texts.text("tren"))
    if len(tren) > 1:
        thresholds = tuple(k.min for k in inputs.scores.rules.kategori if 0 < k.min < 100)
        chart = charts.trend_chart([str(d.tahun) for d in tren], [d.indeks for d in tren], text_width_mm * 0.8,
                                   thresholds)
        blocks.append(outline.chart(chart, f"Perkembangan Indeks Pencapaian SPM {period}", text_width_mm * 0.8))
    previous = [None, *[d.indeks for d in tren[:-1]]]
    rows = Rows()
    for d, before in zip(tren, previous):
        rows.item(Cell(str(d.tahun), align="center"), percent_cell(d.indeks), text_cell(d.kategori or "-"),
                  Cell(signed(change(d.indeks, before)), align="right"))
    blocks.append(outline.table(
        columns("center", "right", "left", "right"),
        (head("Tahun", "Indeks", "Kategori", "Perubahan dari Tahun Sebelumnya (poin)"),), rows,
        f"Perkembangan Indeks Pencapaian SPM {period}"))
    if len(tren) > 1:
        blocks.append(bidang_trend_table(outline, list(tren), f"Indeks Pencapaian SPM per Bidang {period}",
                                         last="perubahan"))
    return blocks


def _evidence_lines(bukti: list[BuktiStatus]) -> list[Paragraph]:
    if not bukti:
        return [Paragraph.of("Belum ada bukti dukung yang dicantumkan untuk komponen ini.", italic=True,
                             indent_mm=10.0)]
    lines = []
    for number, item in enumerate(bukti, 1):
        detail = f"ada, {item.halaman} halaman" if item.digabung else item.status.lower()
        lines.append(Paragraph.of(f"{item.judul} (berkas {item.berkas.name}): {detail}.", label=f"{number}.",
                                  indent_mm=10.0, align="left"))
    return lines


def _bab_penilaian(inputs: AwardInputs, outline: Outline, texts: _Texts, penilaian: Penilaian) -> list[Block]:
    config = inputs.config
    blocks: list[Block] = [outline.chapter("Penilaian Mandiri Komponen SPM Awards")]
    blocks += narrative_paragraphs(texts.text("penilaian"))
    blocks.append(outline.sub("Rekapitulasi Penilaian Mandiri"))
    rows = Rows()
    for i, (row, item) in enumerate(zip(penilaian.komponen, config.komponen), 1):
        listed = [b for b in inputs.bukti if b.komponen == item.kode]
        rows.item(ordinal_cell(i), text_cell(row.nama), number_cell(row.bobot),
                  Cell(angka(row.skor, 2) if row.skor is not None else NOT_SCORED, align="right"),
                  text_cell("Data IP-SPM" if row.dari_data else "Penilaian mandiri"),
                  Cell(angka(row.nilai, 2), align="right"),
                  Cell(f"{sum(b.ada for b in listed)} dari {len(listed)}" if listed else "-", align="center"))
    rows.total(Cell("Jumlah", colspan=2, bold=True, align="right"),
               Cell(angka(penilaian.bobot_total), bold=True, align="right"), Cell(""), Cell(""),
               Cell(angka(penilaian.total, 2), bold=True, align="right"), Cell(""))
    blocks.append(outline.table(
        columns("center", "left", "right", "right", "left", "right", "center"),
        (head("No", "Komponen", "Bobot (%)", "Skor (0–100)", "Sumber Skor", "Nilai Tertimbang",
              "Bukti Dukung Ada"),), rows, f"Penilaian Mandiri SPM Awards Tahun {config.award_year}"))
    for index, (row, item) in enumerate(zip(penilaian.komponen, config.komponen)):
        blocks.append(outline.sub(row.nama))
        skor = angka(row.skor, 2) if row.skor is not None else NOT_SCORED
        source = " (dari data)" if row.dari_data else ""
        blocks.append(label(f"Bobot {angka(row.bobot)}%; skor {skor}{source}; nilai tertimbang {angka(row.nilai, 2)}."))
        blocks += narrative_paragraphs(texts.uraian(index, item))
        blocks.append(label("Bukti dukung:", bold=False))
        blocks += _evidence_lines([b for b in inputs.bukti if b.komponen == item.kode])
    return blocks


def _bab_inovasi(inputs: AwardInputs, outline: Outline, texts: _Texts) -> list[Block]:
    config, catalog = inputs.config, inputs.catalog
    blocks: list[Block] = [outline.chapter("Inovasi Penerapan SPM")]
    if not config.inovasi:
        return blocks + [Paragraph.of("Belum ada inovasi penerapan SPM yang dicantumkan dalam dokumen ini.",
                                      italic=True, first_line_indent_mm=12.5)]
    blocks += narrative_paragraphs(texts.text("inovasi"))

    def bidang_name(value: str | None) -> str:
        if not value:
            return "-"
        try:
            return catalog.bidang(value).nama
        except KeyError:
            return value

    rows = [(Cell(str(i), align="center"), text_cell(item.judul), text_cell(bidang_name(item.bidang)),
             Cell(str(item.tahun_mulai) if item.tahun_mulai else "-", align="center"))
            for i, item in enumerate(config.inovasi, 1)]
    blocks.append(outline.table(columns("center", "left", "left", "center"),
                                (head("No", "Inovasi", "Bidang", "Tahun Mulai"),), rows,
                                "Daftar Inovasi Penerapan SPM"))
    for index, item in enumerate(config.inovasi):
        blocks.append(outline.sub(item.judul))
        blocks += narrative_paragraphs(texts.inovasi(index))
    return blocks


def _bab_bukti(inputs: AwardInputs, outline: Outline) -> list[Block]:
    names = {item.kode: item.nama for item in inputs.config.komponen}
    bukti = inputs.bukti
    blocks: list[Block] = [outline.chapter("Daftar Periksa Bukti Dukung")]
    if not bukti:
        return blocks + [empty_note("bukti dukung")]
    count = BuktiCount.of(bukti)
    blocks.append(Paragraph.of(
        f"Dokumen ini mencantumkan {count.dicantumkan} ({terbilang(count.dicantumkan)}) bukti dukung; "
        f"{count.ada} ({terbilang(count.ada)}) ada dan {count.tidak_ada} ({terbilang(count.tidak_ada)}) tidak ada. "
        f"Sebanyak {count.digabung} ({terbilang(count.digabung)}) berkas PDF yang dapat dibaca digabungkan "
        "setelah halaman terakhir dokumen ini pada versi PDF, sesuai urutan daftar berikut, masing-masing "
        "dengan penanda (bookmark); berkas yang dicantumkan lebih dari sekali digabungkan satu kali.",
        first_line_indent_mm=12.5))
    rows = [(Cell(str(i), align="center"), text_cell(names[b.komponen]), text_cell(b.judul),
             text_cell(b.berkas.name), Cell(angka(b.halaman) if b.halaman else "-", align="center"),
             Cell(b.status, bold=not b.ada)) for i, b in enumerate(bukti, 1)]
    blocks.append(outline.table(
        columns("center", "left", "left", "left", "center", "left"),
        (head("No", "Komponen", "Bukti Dukung", "Nama Berkas", "Jumlah Halaman", "Status"),), rows,
        "Daftar Periksa Bukti Dukung", font_size_pt=9.0))
    return blocks


@scored_figures
def compose_spm_award(inputs: AwardInputs) -> tuple[Document, NarrativeRenderer]:
    """The SPM Awards dossier as a document; the renderer holds any narrative problems."""
    config, score = inputs.config, inputs.score
    nama = config.daerah.nama or score.nama
    layout = config.tata_letak.to_layout()
    penilaian = assess(config.komponen, score.indeks)
    renderer = NarrativeRenderer(_context(inputs, nama, penilaian), inputs.src,
                                 default_source=str(DEFAULTS_FILE))
    texts = _Texts(config, renderer)
    outline = Outline()
    width = layout.text_width_mm("portrait")

    front = Section((Heading(1, "DAFTAR ISI", in_toc=False), TableOfContents(max_level=2)),
                    numbering="roman", restart_numbering=True)
    body: list[Block] = []
    body += _bab_profil(inputs, outline, texts, nama)
    body += _bab_indeks(inputs, outline, texts, nama, width)
    body += _bab_penilaian(inputs, outline, texts, penilaian)
    body += _bab_inovasi(inputs, outline, texts)
    body += _bab_bukti(inputs, outline)
    body.append(outline.chapter("Penutup"))
    body += narrative_paragraphs(texts.text("penutup"))
    body.append(signature_block(config.penandatangan, config.tempat, config.tanggal))
    first = body[0]
    body[0] = Heading(first.level, first.title, first.number, first.in_toc, page_break_before=False)
    sections = [_surat_pengantar(inputs, nama, width), _cover(inputs, nama), front,
                Section(tuple(body), numbering="arabic", restart_numbering=True)]
    info = DocumentInfo(
        title=f"{config.judul} {nama} Tahun Anggaran {config.tahun}",
        author=config.kop.pemerintah,
        subject=f"SPM Awards Tahun {config.award_year}",
        keywords=("SPM Awards", "Standar Pelayanan Minimal", nama, str(config.tahun)),
        created=datetime.combine(config.tanggal, time(8, 0)),
    )
    document = lay_out(Document(info=info, sections=tuple(sections), layout=layout, kop=kop_block(config.kop, layout),
                        page_number_format=config.tata_letak.format_nomor_halaman))
    return document, renderer
