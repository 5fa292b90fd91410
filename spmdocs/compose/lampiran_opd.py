"""Compose one batch annex (lampiran) for one unit, an OPD or a daerah: config + scores → document.

The annex is one landscape section: the lampiran heading (LAMPIRAN I / document / NOMOR / TANGGAL)
at the top right, the title, a short narrative, the unit's capaian table (counts, capaian, nilai
and kategori per Jenis Pelayanan Dasar, grouped by bidang), its budget table and the signature of
the unit's signatory. :func:`letter_context` gives the fields of the optional cover letter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, time

from spmdocs.compose.blocks import (Outline, empty_note, lampiran_heading, narrative_paragraphs,
                                    signature_block)
from spmdocs.compose.context import kepala_daerah, layanan_context, percent_of, scored_figures, sum_present
from spmdocs.compose.layout import lay_out
from spmdocs.compose.tables import anggaran_table, capaian_table
from spmdocs.config import LampiranConfig, Penandatangan, Unit
from spmdocs.config.lampiran import DEFAULTS_FILE
from spmdocs.config.placeholders import fill
from spmdocs.fmt import romawi
from spmdocs.model import Block, Document, DocumentInfo, Heading, Section
from spmdocs.narrative import NarrativeRenderer
from spmdocs.spm.scoring import DaerahScore
from spmdocs.yamlsrc import YamlSource

DEFAULT_NARASI_SOURCE = f"{DEFAULTS_FILE} (narasi)"
DEFAULT_ISI_SOURCE = f"{DEFAULTS_FILE} (isi_surat_pengantar)"


@dataclass
class LampiranInputs:
    """What one annex is composed from: the validated config, the unit and its scores."""

    config: LampiranConfig
    src: YamlSource
    unit: Unit
    score: DaerahScore


def _mean(values) -> float | None:
    present = [v for v in values if v is not None]
    return math.fsum(present) / len(present) if present else None


def unit_nilai(inputs: LampiranInputs) -> tuple[float | None, str | None]:
    """The unit's summary figure and kategori: the daerah's index, or an OPD's mean nilai."""
    score = inputs.score
    if inputs.config.per_daerah:
        return score.indeks, score.kategori
    nilai = _mean(item.nilai for item in score.layanan())
    return nilai, inputs.config.aturan_penilaian.kategori_of(nilai)


def _nilai_label(inputs: LampiranInputs) -> str:
    if inputs.config.per_daerah:
        return "Indeks Pencapaian SPM"
    return "Rata-rata nilai capaian"


def signer(inputs: LampiranInputs) -> Penandatangan:
    """Who signs the unit's annex (``penandatangan_unit``, else the default with {unit} filled)."""
    unit = inputs.unit
    return inputs.config.signer_of(unit.kode_wilayah, unit.nama, unit.daerah, unit.urut)


def narrative_context(inputs: LampiranInputs) -> dict:
    """Everything the annex narrative and the cover letter text can refer to."""
    config, score, unit = inputs.config, inputs.score, inputs.unit
    layanan = score.layanan()
    nilai, kategori = unit_nilai(inputs)
    alokasi = sum_present(item.anggaran for item in layanan)
    realisasi = sum_present(item.realisasi_anggaran for item in layanan)
    return {
        "unit": {"nama": unit.nama, "kode_wilayah": unit.kode_wilayah, "urut": unit.urut,
                 "per_daerah": config.per_daerah, "jumlah_layanan": len(layanan), "nilai": nilai,
                 "kategori": kategori, "label_nilai": _nilai_label(inputs),
                 "tuntas": [item.nama for item in layanan
                            if item.capaian_penerima is not None and item.capaian_penerima >= 100],
                 "belum_tuntas": [item.nama for item in layanan
                                  if item.capaian_penerima is not None and item.capaian_penerima < 100]},
        "daerah": {"nama": unit.daerah, "kode_wilayah": unit.kode_wilayah, "level": score.level,
                   "kepala_daerah": kepala_daerah(score.level, unit.daerah)},
        "tahun": config.tahun,
        "triwulan": score.triwulan,
        "layanan": {item.kode: layanan_context(item) for item in layanan},
        "anggaran": {"alokasi": alokasi, "realisasi": realisasi, "persen": percent_of(realisasi, alokasi)},
        "tempat": config.tempat,
        "tanggal": config.tanggal,
        "penandatangan": signer(inputs).model_dump(),
    }


def _capaian_table(inputs: LampiranInputs, outline: Outline, title: str) -> Block:
    nilai, kategori = unit_nilai(inputs)
    return capaian_table(outline, inputs.score.bidang, f"Capaian SPM {title} Tahun {inputs.config.tahun}",
                         numbered=True, group_index=inputs.config.per_daerah,
                         total_label=f"{_nilai_label(inputs)} {title}", total=nilai, total_kategori=kategori,
                         group_prefix="Bidang ")


def _anggaran_table(inputs: LampiranInputs, outline: Outline, title: str) -> Block:
    table = anggaran_table(outline, [(None, inputs.score.layanan())],
                           f"Alokasi dan Realisasi Anggaran SPM {title} Tahun {inputs.config.tahun}")
    return table if table is not None else empty_note("alokasi anggaran")


def document_title(inputs: LampiranInputs) -> str:
    """The annex title from ``lampiran.judul`` or the default for the unit kind."""
    pattern = inputs.config.lampiran.judul
    if pattern:
        return fill(pattern, inputs.unit.fields(inputs.config))
    title = inputs.unit.title(inputs.config.per_daerah)
    return f"Capaian Standar Pelayanan Minimal {title} Tahun {inputs.config.tahun}"


@scored_figures
def compose_lampiran(inputs: LampiranInputs) -> tuple[Document, NarrativeRenderer]:
    """One unit's annex as a document; the renderer holds any narrative problems."""
    config = inputs.config
    renderer = NarrativeRenderer(narrative_context(inputs), inputs.src,
                                 default_source=DEFAULT_NARASI_SOURCE)
    from_config = isinstance(inputs.src.data, dict) and "narasi" in inputs.src.data
    narasi = renderer.render(config.narasi, ("narasi",), from_config=from_config)
    dokumen = config.lampiran.dokumen or f"{config.judul} {config.daerah.nama or ''} Tahun {config.tahun}"
    title = inputs.unit.title(config.per_daerah)
    outline = Outline(prefix=f"L.{romawi(config.lampiran.urutan)}")
    blocks: list[Block] = [
        lampiran_heading(config.lampiran.urutan, " ".join(dokumen.split()), config.nomor, config.tanggal),
        Heading(1, document_title(inputs).upper()),
        *narrative_paragraphs(narasi),
        outline.sub("Capaian Jenis Pelayanan Dasar"),
        _capaian_table(inputs, outline, title),
        outline.sub("Alokasi dan Realisasi Anggaran"),
        _anggaran_table(inputs, outline, title),
        signature_block(signer(inputs), config.tempat, config.tanggal),
    ]
    info = DocumentInfo(
        title=document_title(inputs),
        author=config.kop.pemerintah,
        subject=f"Lampiran Capaian SPM Tahun {config.tahun}",
        keywords=("SPM", "Standar Pelayanan Minimal", "Lampiran", inputs.unit.nama, str(config.tahun)),
        created=datetime.combine(config.tanggal, time(8, 0)),
    )
    section = Section(tuple(blocks), orientation="landscape", numbering="arabic", restart_numbering=True)
    document = lay_out(Document(info=info, sections=(section,), layout=config.tata_letak.to_layout(), kop=None,
                        page_number_format=config.tata_letak.format_nomor_halaman))
    return document, renderer


@scored_figures
def letter_context(inputs: LampiranInputs) -> tuple[dict, NarrativeRenderer]:
    """The fields of the unit's cover letter (surat pengantar) for its docxtpl template."""
    config = inputs.config
    letter = config.surat_pengantar
    fields = inputs.unit.fields(config)
    renderer = NarrativeRenderer(narrative_context(inputs), inputs.src, default_source=DEFAULT_ISI_SOURCE)
    from_config = (isinstance(inputs.src.data, dict)
                   and "isi" in (inputs.src.data.get("surat_pengantar") or {}))
    isi = renderer.render(letter.isi, ("surat_pengantar", "isi"), from_config=from_config)
    sender = signature_block(letter.penandatangan, config.tempat, config.tanggal)
    context = {
        "tempat_tanggal": sender.place_date,
        "nomor": fill(letter.nomor, fields),
        "sifat": fill(letter.sifat, fields),
        "lampiran": fill(letter.lampiran, fields),
        "perihal": fill(letter.perihal, fields),
        "kepada": fill(letter.kepada, fields),
        "di": fill(letter.di, fields),
        "isi": [p.text for p in narrative_paragraphs(isi)],
        "tembusan": list(letter.tembusan),
        "ttd": {"jabatan": "\n".join(sender.jabatan_lines), "nama": sender.name,
                "rincian": "\n".join(sender.details)},
    }
    return context, renderer
