"""Config of the annual Laporan Penerapan SPM: narrative per section and the outline."""

from __future__ import annotations

from typing import Literal


from spmdocs.config.base import (CAKUPAN, REPORT_KINDS, ReportBase, _Strict)


class BagianKerangka(_Strict):
    """One part of the outline: its title override and whether it is shown."""

    judul: str | None = None
    tampil: bool = True

class NarasiBidang(_Strict):
    """Narrative text for one bidang in BAB II (Jinja, with that bidang's figures)."""

    jenis_pelayanan: str | None = None
    target: str | None = None
    realisasi: str | None = None
    anggaran: str | None = None
    personil: str | None = None
    permasalahan: str | None = None
    solusi: str | None = None

class Narasi(_Strict):
    """Narrative text per section; unset sections take the packaged default text."""

    kata_pengantar: str | None = None
    latar_belakang: str | None = None
    dasar_hukum: list[str] | None = None
    kebijakan_umum: str | None = None
    arah_kebijakan: str | None = None
    program_kegiatan: str | None = None
    penutup: str | None = None
    bidang: dict[str, NarasiBidang] = {}

OUTLINE_PARTS = ("sampul", "kata_pengantar", "daftar_isi", "pendahuluan", "penerapan",
                 "program_kegiatan", "penutup", "lampiran")

class LaporanConfig(ReportBase):
    """The annual Laporan Penerapan SPM: adds narrative per section and the outline."""

    jenis: Literal["laporan_tahunan"] = "laporan_tahunan"
    narasi: Narasi = Narasi()
    kerangka: dict[Literal[OUTLINE_PARTS], BagianKerangka] = {}
    cakupan: CAKUPAN = "provinsi"

    def shown(self, part: str) -> bool:
        return self.kerangka.get(part, BagianKerangka()).tampil

    def title_of(self, part: str, default: str) -> str:
        return self.kerangka.get(part, BagianKerangka()).judul or default


REPORT_KINDS["laporan_tahunan"] = LaporanConfig
