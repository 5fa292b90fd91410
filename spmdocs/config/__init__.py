"""Report configuration: the YAML a secretariat edits, validated into typed settings.

``base`` holds what every report kind shares (layout, kop, signatory, data, loading and error
messages); each other module is one report kind and registers itself in ``REPORT_KINDS``.
Everything is importable from ``spmdocs.config``.
"""

from spmdocs.config.base import (
    Daerah, Keluaran, Kop, MAX_LOGO_PIXELS, Margin, NIP_PATTERN, Penandatangan, REPORT_KINDS,
    ReportBase, SumberData, TTE_FIELDS, TTE_FOOTER, TandaTanganElektronik, TataLetak, Unit, in_project,
    is_inside, load_config,
    project_folder, pydantic_problems, resolve_layout,
)
from spmdocs.config.laporan_tahunan import (
    BagianKerangka, LaporanConfig, Narasi, NarasiBidang, OUTLINE_PARTS,
)
from spmdocs.config.lampiran import (
    DEFAULT_LAMPIRAN_NARASI, DEFAULT_PENGANTAR_ISI, JudulLampiran, KeluaranLampiran,
    LampiranConfig, SuratPengantar, UNIT_COLUMNS, UNIT_FIELDS, check_pattern,
)
from spmdocs.config.award import (
    Bukti, IP_SPM, Inovasi, KOMPONEN_AWARD_2024, KomponenPenilaian, NarasiAward, SpmAwardConfig,
    TujuanSurat,
)
from spmdocs.config.rencana_aksi import (
    KegiatanRencana, KeluaranRencana, NarasiRencana, NarasiRencanaBidang, PaguRencana, Periode,
    RencanaAksiConfig,
)
from spmdocs.config.triwulan import (
    BatasInput, KeluaranTriwulan, LaporanTriwulanConfig, NarasiTriwulan, NarasiTriwulanBidang,
)

__all__ = [
    "BagianKerangka", "BatasInput", "Bukti", "DEFAULT_LAMPIRAN_NARASI", "DEFAULT_PENGANTAR_ISI",
    "Daerah", "IP_SPM", "Inovasi", "JudulLampiran", "KOMPONEN_AWARD_2024", "KegiatanRencana",
    "Keluaran", "KeluaranLampiran", "KeluaranRencana", "KeluaranTriwulan", "KomponenPenilaian",
    "Kop", "LampiranConfig", "LaporanConfig", "LaporanTriwulanConfig", "MAX_LOGO_PIXELS", "Margin",
    "NIP_PATTERN", "Narasi", "NarasiAward", "NarasiBidang", "NarasiRencana", "NarasiRencanaBidang",
    "NarasiTriwulan", "NarasiTriwulanBidang", "OUTLINE_PARTS", "PaguRencana", "Penandatangan",
    "Periode", "REPORT_KINDS", "RencanaAksiConfig", "ReportBase", "SpmAwardConfig", "SumberData",
    "SuratPengantar", "TTE_FIELDS", "TTE_FOOTER", "TandaTanganElektronik", "TataLetak", "TujuanSurat", "Unit",
    "UNIT_COLUMNS", "UNIT_FIELDS", "check_pattern",
    "in_project", "is_inside", "load_config", "project_folder", "pydantic_problems",
    "resolve_layout",
]
