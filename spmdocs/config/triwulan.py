"""Config of the quarterly report aligned with e-SPM: triwulan and input deadline."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from spmdocs.config.base import (CAKUPAN, Keluaran, REPORT_KINDS, ReportBase, _Strict)


class BatasInput(_Strict):
    """The e-SPM input deadline of a quarter: a fixed date, or day ``hari`` of the month after it.

    The 20th is the reference's default rule and UNCERTAIN (Ditjen Bina Bangda sets it each year),
    so both parts can be changed in the config.
    """

    tanggal: date | None = None
    hari: int = Field(20, ge=1, le=28)

    def for_quarter(self, tahun: int, triwulan: int) -> date:
        """The deadline for ``triwulan`` of ``tahun``: the fixed date, else day ``hari`` of the next month."""
        if self.tanggal is not None:
            return self.tanggal
        month = triwulan * 3 + 1
        return date(tahun + 1, 1, self.hari) if month > 12 else date(tahun, month, self.hari)

class NarasiTriwulanBidang(_Strict):
    """Problems and follow-up of one bidang in a quarterly report (Jinja, with that bidang's figures)."""

    permasalahan: str | None = None
    tindak_lanjut: str | None = None

class NarasiTriwulan(_Strict):
    """Narrative text of the quarterly report; unset keys take the packaged default text."""

    kepada: str | None = None
    pengantar: str | None = None
    latar_belakang: str | None = None
    dasar_hukum: list[str] | None = None
    periode_data: str | None = None
    capaian: str | None = None
    anggaran: str | None = None
    tahapan: str | None = None
    tahapan_pengumpulan_data: str | None = None
    tahapan_penghitungan_kebutuhan: str | None = None
    tahapan_penyusunan_rencana: str | None = None
    tahapan_pelaksanaan: str | None = None
    penutup: str | None = None
    bidang: dict[str, NarasiTriwulanBidang] = {}

class KeluaranTriwulan(Keluaran):
    """Output naming of a quarterly report: the pattern may also use {triwulan} (1-4)."""

    FIELDS = (*Keluaran.FIELDS, "triwulan")
    nama_berkas: str = "{jenis}-{kode_wilayah}-{tahun}-tw{triwulan}"

class LaporanTriwulanConfig(ReportBase):
    """The quarterly Laporan Penerapan SPM (aligned with e-SPM), cumulative to the quarter's end."""

    jenis: Literal["laporan_triwulan"] = "laporan_triwulan"
    triwulan: int = Field(ge=1, le=4)
    batas_input: BatasInput = BatasInput()
    narasi: NarasiTriwulan = NarasiTriwulan()
    keluaran: KeluaranTriwulan = KeluaranTriwulan()
    cakupan: CAKUPAN = "provinsi"

    def name_values(self, daerah: str) -> dict:
        return {**super().name_values(daerah), "triwulan": self.triwulan}

REPORT_KINDS["laporan_triwulan"] = LaporanTriwulanConfig
