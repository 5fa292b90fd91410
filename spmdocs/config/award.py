"""Config of the SPM Awards dossier: assessed components, evidence, innovations, addressee."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from spmdocs.config.base import (REPORT_KINDS, ReportBase, _Strict)


KOMPONEN_AWARD_2024: dict[str, tuple[str, float]] = {
    "ip_spm": ("Indeks Pencapaian SPM (IP-SPM)", 60.0),
    "anggaran": ("Komitmen Anggaran untuk Penerapan SPM", 10.0),
    "tahapan": ("Pelaksanaan Sesuai Tahapan Penerapan SPM", 10.0),
    "tim": ("Pembentukan dan Keaktifan Tim Penerapan SPM", 5.0),
    "rencana_aksi": ("Dokumen Rencana Aksi Penerapan SPM", 5.0),
    "pelaporan": ("Kualitas dan Kepatuhan Pelaporan e-SPM Triwulanan", 10.0),
}
"""The components assessed in the SPM Awards 2024 (kode → nama, bobot %).

The weights come from one news report (reference §6, UNCERTAIN), so every component's ``nama``
and ``bobot`` can be set in the config; these are only the defaults.
"""

IP_SPM = "ip_spm"
"""The component whose score is the daerah's Indeks Pencapaian SPM, computed from the data."""

class Bukti(_Strict):
    """One evidence file of a component: its path and an optional title for the checklist."""

    berkas: Path
    judul: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_path(cls, value: Any) -> Any:
        return {"berkas": value} if isinstance(value, (str, Path)) else value

class KomponenPenilaian(_Strict):
    """One assessed component: weight (%), self-assessed score (0-100), description, evidence."""

    kode: str
    nama: str | None = None
    bobot: float | None = Field(None, ge=0, le=100)
    skor: float | None = Field(None, ge=0, le=100)
    uraian: str | None = None
    bukti: list[Bukti] = []

    @model_validator(mode="after")
    def _known_defaults(self) -> "KomponenPenilaian":
        known = KOMPONEN_AWARD_2024.get(self.kode)
        if known is None and (self.nama is None or self.bobot is None):
            raise ValueError(f"komponen '{self.kode}' bukan komponen bawaan "
                             f"({', '.join(KOMPONEN_AWARD_2024)}); isi 'nama' dan 'bobot'")
        if self.kode == IP_SPM and self.skor is not None:
            raise ValueError("skor komponen ip_spm dihitung dari Indeks Pencapaian SPM pada data; "
                             "hapus kunci 'skor'")
        if known is not None:
            self.nama = self.nama or known[0]
            self.bobot = known[1] if self.bobot is None else self.bobot
        return self

class TujuanSurat(_Strict):
    """The addressee of the surat pengantar."""

    jabatan: str = "Direktur Jenderal Bina Pembangunan Daerah Kementerian Dalam Negeri"
    tempat: str = "Jakarta"

class Inovasi(_Strict):
    """One innovation in applying SPM: title, bidang, first year and its description (Jinja)."""

    judul: str
    bidang: str | None = None
    tahun_mulai: int | None = Field(None, ge=2000, le=2100)
    uraian: str

class NarasiAward(_Strict):
    """Narrative text of the dossier; unset keys take the packaged default text."""

    profil_daerah: str | None = None
    tren: str | None = None
    penilaian: str | None = None
    inovasi: str | None = None
    penutup: str | None = None

class SpmAwardConfig(ReportBase):
    """The SPM Awards dossier: components with weights and evidence, innovations, multi-year data."""

    jenis: Literal["spm_award"] = "spm_award"
    judul: str = "Dokumen Penilaian Penerapan Standar Pelayanan Minimal"
    tahun_penghargaan: int | None = Field(None, ge=2000, le=2100)
    tujuan: TujuanSurat = TujuanSurat()
    komponen: list[KomponenPenilaian] = Field(
        default_factory=lambda: [KomponenPenilaian(kode=kode) for kode in KOMPONEN_AWARD_2024])
    inovasi: list[Inovasi] = []
    narasi: NarasiAward = NarasiAward()

    @field_validator("komponen")
    @classmethod
    def _weights_total_100(cls, komponen: list[KomponenPenilaian]) -> list[KomponenPenilaian]:
        kodes = [k.kode for k in komponen]
        twice = sorted({k for k in kodes if kodes.count(k) > 1})
        if twice:
            raise ValueError(f"kode komponen ganda: {', '.join(twice)}")
        total = sum(k.bobot for k in komponen)
        if abs(total - 100) > 1e-6:
            raise ValueError(f"jumlah bobot komponen harus 100, sekarang {total:g}")
        return komponen

    @property
    def award_year(self) -> int:
        """The SPM Awards year: by default the year after the assessed fiscal year."""
        return self.tahun_penghargaan or self.tahun + 1

    def with_base(self, base: Path) -> "SpmAwardConfig":
        resolved = super().with_base(base)
        def absolute(path: Path) -> Path:
            return path if path.is_absolute() else (base / path).resolve()

        komponen = [k.model_copy(update={"bukti": [b.model_copy(update={"berkas": absolute(b.berkas)})
                                                   for b in k.bukti]}) for k in resolved.komponen]
        return resolved.model_copy(update={"komponen": komponen})

REPORT_KINDS["spm_award"] = SpmAwardConfig
