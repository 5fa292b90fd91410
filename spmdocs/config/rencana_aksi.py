"""Config of the five-year Rencana Aksi Penerapan SPM: period, targets, pagu indikatif, kegiatan."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from spmdocs.errors import Problem
from spmdocs.yamlsrc import YamlSource
from spmdocs.config.base import (Keluaran, REPORT_KINDS, ReportBase, _Strict)


class KeluaranRencana(Keluaran):
    """Output naming of a Rencana Aksi: the pattern may also use {mulai} and {selesai}."""

    FIELDS = (*Keluaran.FIELDS, "mulai", "selesai")
    nama_berkas: str = "{jenis}-{kode_wilayah}-{mulai}-{selesai}"

class Periode(_Strict):
    """The years a Rencana Aksi covers, both inclusive (five years: 2026-2030)."""

    mulai: int = Field(ge=2000, le=2100)
    selesai: int = Field(ge=2000, le=2100)

    @field_validator("selesai")
    @classmethod
    def _after_start(cls, value: int, info) -> int:
        start = info.data.get("mulai")
        if start is not None and value < start:
            raise ValueError("tahun selesai tidak boleh sebelum tahun mulai")
        if start is not None and value - start >= 10:
            raise ValueError("periode rencana aksi paling lama 10 tahun")
        return value

class PaguRencana(_Strict):
    """The pagu indikatif per year: the tahun dasar anggaran grown yearly, or amounts given per sub-kegiatan."""

    pertumbuhan_persen: float = Field(5.0, ge=-50, le=100)
    pembulatan: float = Field(1000.0, ge=1)
    sub_kegiatan: dict[str, list[float]] = {}

class KegiatanRencana(_Strict):
    """A sub-kegiatan the plan adds to one Jenis Pelayanan Dasar, with its pagu for every year."""

    kode: str
    nama: str
    opd: str | None = None
    pagu: list[float]

class NarasiRencanaBidang(_Strict):
    """Narrative for one bidang in the plan's matrix chapter."""

    strategi: str | None = None

class NarasiRencana(_Strict):
    """Narrative text of the Rencana Aksi; unset keys take the packaged default text."""

    kata_pengantar: str | None = None
    latar_belakang: str | None = None
    dasar_hukum: list[str] | None = None
    maksud_tujuan: str | None = None
    sistematika: str | None = None
    gambaran_umum: str | None = None
    analisis_penerima: str | None = None
    analisis_mutu: str | None = None
    analisis_biaya: str | None = None
    kapasitas_fiskal: str | None = None
    rencana_aksi: str | None = None
    pemantauan: str | None = None
    penutup: str | None = None
    bidang: dict[str, NarasiRencanaBidang] = {}

class RencanaAksiConfig(ReportBase):
    """The five-year Rencana Aksi Penerapan SPM; ``tahun`` is the tahun dasar (latest data year)."""

    jenis: Literal["rencana_aksi"] = "rencana_aksi"
    judul: str = "Rencana Aksi Penerapan Standar Pelayanan Minimal"
    periode: Periode | None = None
    target_akhir: float = Field(100.0, ge=1, le=100)
    target_layanan: dict[str, list[float]] = {}
    pagu: PaguRencana = PaguRencana()
    kegiatan: dict[str, list[KegiatanRencana]] = {}
    narasi: NarasiRencana = NarasiRencana()
    keluaran: KeluaranRencana = KeluaranRencana()

    def name_values(self, daerah: str) -> dict:
        years = self.years()
        return {**super().name_values(daerah), "mulai": years[0], "selesai": years[-1]}

    def years(self) -> list[int]:
        """The plan's years: ``periode``, or the five years after the tahun dasar."""
        if self.periode is None:
            return list(range(self.tahun + 1, self.tahun + 6))
        return list(range(self.periode.mulai, self.periode.selesai + 1))

    def plan_problems(self, src: YamlSource, service_codes: set[str]) -> list[Problem]:
        """What the models alone cannot check: period after the tahun dasar, one value per year, known codes."""
        problems = []
        count = len(self.years())
        if self.years()[0] <= self.tahun:
            problems.append(Problem(f"periode harus dimulai setelah tahun dasar {self.tahun}",
                                    src.location(("periode", "mulai"))))
        for kode, values in self.target_layanan.items():
            key = ("target_layanan", kode)
            if kode not in service_codes:
                problems.append(Problem(f"kode jenis pelayanan '{kode}' tidak dikenal untuk daerah ini",
                                        src.location(key)))
            if len(values) != count:
                problems.append(Problem(f"harus berisi {count} target, satu per tahun periode", src.location(key)))
            if any(not 0 <= v <= 100 for v in values):
                problems.append(Problem("target harus di antara 0 dan 100", src.location(key)))
        for kode, values in self.pagu.sub_kegiatan.items():
            if len(values) != count:
                problems.append(Problem(f"harus berisi {count} pagu, satu per tahun periode",
                                        src.location(("pagu", "sub_kegiatan", kode))))
        for kode, items in self.kegiatan.items():
            if kode not in service_codes:
                problems.append(Problem(f"kode jenis pelayanan '{kode}' tidak dikenal untuk daerah ini",
                                        src.location(("kegiatan", kode))))
            for i, item in enumerate(items):
                if len(item.pagu) != count:
                    problems.append(Problem(f"harus berisi {count} pagu, satu per tahun periode",
                                            src.location(("kegiatan", kode, i, "pagu"))))
        return problems

REPORT_KINDS["rencana_aksi"] = RencanaAksiConfig
