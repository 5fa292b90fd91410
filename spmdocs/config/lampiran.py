"""Config of batch annexes (``lampiran_opd``): fan-out column, annex heading, signatories, letter."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from spmdocs.config import placeholders
from spmdocs.resources import resource_path
from spmdocs.yamlsrc import read_yaml
from spmdocs.config.base import (Keluaran, Penandatangan, REPORT_KINDS, ReportBase, _Strict)


UNIT_COLUMNS = ("opd", "daerah", "kode_wilayah", "unit", "kode_layanan", "jenis_pelayanan")
"""Canonical capaian columns a batch can fan out over."""

UNIT_FIELDS = ("jenis", "kode_wilayah", "daerah", "tahun", "unit", "urut")
"""Placeholders of the per-unit patterns (file name, title, signatory, letter fields)."""

def check_pattern(value: str | None, fields: tuple[str, ...] = UNIT_FIELDS) -> str | None:
    """``value`` when it is a valid pattern using only ``fields`` (see :mod:`.placeholders`)."""
    return None if value is None else placeholders.check(value, fields)

class JudulLampiran(_Strict):
    """The annex heading: LAMPIRAN <urutan> / <dokumen> / NOMOR … / TANGGAL …, and the title below."""

    urutan: int = Field(1, ge=1, le=99)
    dokumen: str | None = None
    judul: str | None = None

    @field_validator("judul")
    @classmethod
    def _pattern(cls, value: str | None) -> str | None:
        return check_pattern(value)

class PenandatanganLampiran(Penandatangan):
    """The default signatory of an annex: its jabatan and nama are patterns ({unit}, {daerah} …)."""

    @field_validator("jabatan", "nama")
    @classmethod
    def _pattern(cls, value: str) -> str:
        return check_pattern(value)


class KeluaranLampiran(Keluaran):
    """Output naming of a batch: one file name pattern per unit and one for the combined files."""

    FIELDS = UNIT_FIELDS
    nama_berkas: str = "lampiran-{kode_wilayah}-{unit}-{tahun}"
    gabungan: str = "lampiran-gabungan-{tahun}"

    @field_validator("gabungan")
    @classmethod
    def _combined_pattern(cls, value: str) -> str:
        return check_pattern(value, ("jenis", "kode_wilayah", "daerah", "tahun"))

DEFAULTS_FILE = resource_path("narasi", "lampiran-opd.yaml")
"""The packaged default texts of the annex and its cover letter."""

_DEFAULTS = read_yaml(DEFAULTS_FILE).data
DEFAULT_LAMPIRAN_NARASI: str = _DEFAULTS["narasi"]
DEFAULT_PENGANTAR_ISI: str = _DEFAULTS["isi_surat_pengantar"]

class SuratPengantar(_Strict):
    """The cover letter sent with each annex, filled from a docxtpl template."""

    templat: Path
    kepada: str = "Kepala {unit} {daerah}"
    di: str = "Tempat"
    nomor: str
    sifat: str = "Biasa"
    lampiran: str = "1 (satu) berkas"
    perihal: str = "Penyampaian Lampiran Capaian SPM Tahun {tahun}"
    isi: str = DEFAULT_PENGANTAR_ISI
    tembusan: list[str] = []
    penandatangan: Penandatangan

    @field_validator("kepada", "di", "nomor", "sifat", "lampiran", "perihal")
    @classmethod
    def _pattern(cls, value: str) -> str:
        return check_pattern(value)

class LampiranConfig(ReportBase):
    """Batch annexes: one lampiran per value of ``unit_kolom`` (an OPD, a daerah …) of the data.

    Units are taken per daerah: with ``unit_kolom: opd`` the Dinas Kesehatan of every kab/kota
    gets its own annex. ``penandatangan`` is the default signatory of an annex (its jabatan and
    nama may use {unit} and {daerah}); ``penandatangan_unit`` names the signatory of a unit, by
    "<kode_wilayah>/<unit>", by the unit's name, or by its kode_wilayah.

    ``cakupan`` is the wilayah of the units: ``dengan_kabupaten_kota`` (or ``provinsi``, the
    default) the config's daerah and its kab/kota, ``daerah_ini`` the config's daerah alone,
    ``nasional`` every daerah in the data, of every province.
    """

    jenis: Literal["lampiran_opd"] = "lampiran_opd"
    unit_kolom: Literal[UNIT_COLUMNS] = "opd"
    cakupan: Literal["dengan_kabupaten_kota", "daerah_ini", "provinsi", "nasional"] = "dengan_kabupaten_kota"
    lampiran: JudulLampiran = JudulLampiran()
    penandatangan_unit: dict[str, Penandatangan] = {}
    narasi: str = DEFAULT_LAMPIRAN_NARASI
    surat_pengantar: SuratPengantar | None = None
    keluaran: KeluaranLampiran = KeluaranLampiran()
    penandatangan: PenandatanganLampiran


    @property
    def per_daerah(self) -> bool:
        """True when a unit is a whole daerah rather than a part of one."""
        return self.unit_kolom in ("daerah", "kode_wilayah")

    def signer_of(self, kode_wilayah: str, unit: str, daerah: str, urut: int) -> Penandatangan:
        """The signatory of one unit's annex: from ``penandatangan_unit`` or the default."""
        identity = {"kode_wilayah": kode_wilayah, "daerah": daerah, "unit": unit}
        for key in (f"{kode_wilayah}/{unit}", unit, kode_wilayah):
            if key in self.penandatangan_unit:
                return self.penandatangan_unit[key].with_identity(**identity)
        fields = {"jenis": self.jenis.replace("_", "-"), "kode_wilayah": kode_wilayah,
                  "daerah": daerah, "tahun": self.tahun, "unit": unit, "urut": urut}
        return self.penandatangan.model_copy(update={
            "jabatan": placeholders.fill(self.penandatangan.jabatan, fields),
            "nama": placeholders.fill(self.penandatangan.nama, fields)}).with_identity(**identity)

    def with_signatory_identity(self) -> "LampiranConfig":
        """A copy whose signatories, the default and every unit's, know the document's identity."""
        config = super().with_signatory_identity()
        identity = self.identity()
        return config.model_copy(update={"penandatangan_unit": {
            key: signer.with_identity(**identity) for key, signer in self.penandatangan_unit.items()}})

    def file_fields(self) -> list[tuple[tuple, Path | None, str]]:
        fields = super().file_fields()
        if self.surat_pengantar is not None:
            fields.append((("surat_pengantar", "templat"), self.surat_pengantar.templat,
                           "templat surat pengantar"))
        return fields

    def with_base(self, base: Path) -> "LampiranConfig":
        config = super().with_base(base)
        letter = config.surat_pengantar
        if letter is not None and not letter.templat.is_absolute():
            letter = letter.model_copy(update={"templat": (base / letter.templat).resolve()})
            config = config.model_copy(update={"surat_pengantar": letter})
        return config

REPORT_KINDS["lampiran_opd"] = LampiranConfig
