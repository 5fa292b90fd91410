"""The legal references SPM documents cite, each version with the date from which it applies.

The references are data (``spmdocs/resources/regulasi.yaml``). A document cites the version in
force on the day it is signed (:meth:`DaftarRegulasi.pada`); a bidang's technical standard follows
the year the data measures (:func:`tanggal_standar`). A reference limited to one level of
government (the kab/kota standards for bencana and kebakaran) is never cited for the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from spmdocs.errors import ConfigError, Location, Problem

_PACKAGED = "regulasi.yaml"
LEVELS = ("provinsi", "kabupaten_kota")


@dataclass(frozen=True)
class Versi:
    """One wording of a reference and the first day it applies."""

    teks: str
    berlaku: date
    kode: str = ""
    perkiraan: bool = False


@dataclass(frozen=True)
class Regulasi:
    """A reference in all its versions (oldest first), optionally limited to one level."""

    kode: str
    versi: tuple[Versi, ...]
    tingkat: tuple[str, ...] = ()
    dicabut: date | None = None

    def pada(self, tanggal: date, level: str | None = None) -> Versi | None:
        """The version in force on ``tanggal`` for a daerah of ``level``; None if none is."""
        if level is not None and self.tingkat and level not in self.tingkat:
            return None
        if self.dicabut is not None and tanggal >= self.dicabut:
            return None
        current = None
        for versi in self.versi:
            if versi.berlaku <= tanggal:
                current = versi
        return current


class DaftarRegulasi:
    """Every packaged reference by its kode, and every version by its own kode."""

    def __init__(self, items: tuple[Regulasi, ...]):
        self.items = items
        self._by_kode = {item.kode: item for item in items}
        self._versi = {v.kode: v for item in items for v in item.versi if v.kode}

    def __contains__(self, kode: str) -> bool:
        return kode in self._by_kode

    def get(self, kode: str) -> Regulasi:
        """The reference ``kode``; KeyError naming the known ones."""
        try:
            return self._by_kode[kode]
        except KeyError:
            raise KeyError(f"regulasi '{kode}' tidak dikenal; pilihan: {', '.join(self._by_kode)}") from None

    def versi(self, kode: str) -> Versi:
        """The version with its own kode (``permendagri_59_2021``)."""
        return self._versi[kode]

    def teks(self, kode: str, tanggal: date, level: str | None = None) -> str:
        """The wording of ``kode`` in force on ``tanggal`` ("" when it does not apply)."""
        versi = self.get(kode).pada(tanggal, level)
        return versi.teks if versi else ""

    def pada(self, tanggal: date, level: str | None = None) -> dict[str, str]:
        """Every reference's wording on ``tanggal`` by kode ("" where none applies): for narratives."""
        return {item.kode: self.teks(item.kode, tanggal, level) for item in self.items}


def tanggal_standar(tahun: int, tanggal: date | None = None) -> date:
    """The day whose technical standards a report on ``tahun`` follows: year end, or ``tanggal`` if earlier."""
    year_end = date(tahun, 12, 31)
    return min(tanggal, year_end) if tanggal is not None else year_end


SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader (ten times faster on the packaged files), else PyYAML's."""


@lru_cache(maxsize=1)
def load_regulasi() -> DaftarRegulasi:
    """The packaged legal references (cached); ConfigError naming the key of any malformed entry."""
    text = resources.files("spmdocs").joinpath("resources").joinpath(_PACKAGED).read_text(encoding="utf-8")
    return parse_regulasi(yaml.load(text, Loader=SAFE_LOADER), _PACKAGED)  # noqa: S506 - a safe loader


def parse_regulasi(raw: Any, file: str) -> DaftarRegulasi:
    """The references of a parsed YAML document; every problem reported together."""
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        problems.append(Problem(message, Location(file=file, key=key)))

    entries = raw.get("regulasi") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ConfigError([Problem("Berkas regulasi harus memuat daftar 'regulasi'.", Location(file=file))])
    items: list[Regulasi] = []
    for i, entry in enumerate(entries, 1):
        key = f"regulasi[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("kode"), str):
            problem(key, "Harus berupa pemetaan dengan 'kode' dan 'versi'.")
            continue
        key = f"regulasi.{entry['kode']}"
        unknown = sorted(set(entry) - {"kode", "versi", "tingkat", "dicabut"})
        for name in unknown:
            problem(f"{key}.{name}", "Kunci tidak dikenal; periksa ejaannya.")
        tingkat = tuple(entry.get("tingkat") or ())
        if any(t not in LEVELS for t in tingkat):
            problem(f"{key}.tingkat", "Harus daftar berisi 'provinsi' dan/atau 'kabupaten_kota'.")
        versions = _versions(entry.get("versi"), key, problem)
        dicabut = entry.get("dicabut")
        if dicabut is not None and not isinstance(dicabut, date):
            problem(f"{key}.dicabut", "Harus tanggal TTTT-BB-HH.")
        if versions and not unknown:
            items.append(Regulasi(entry["kode"], versions, tingkat, dicabut))
    codes = [item.kode for item in items]
    for kode in sorted({c for c in codes if codes.count(c) > 1}):
        problem(f"regulasi.{kode}", "Kode regulasi dipakai lebih dari sekali.")
    if problems:
        raise ConfigError(problems)
    return DaftarRegulasi(tuple(items))


def _versions(raw: Any, key: str, problem) -> tuple[Versi, ...]:
    if not isinstance(raw, list) or not raw:
        problem(f"{key}.versi", "Wajib berupa daftar versi {berlaku, teks}.")
        return ()
    versions: list[Versi] = []
    for j, entry in enumerate(raw, 1):
        where = f"{key}.versi[{j}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("berlaku"), date) \
                or not isinstance(entry.get("teks"), str) or not entry["teks"].strip():
            problem(where, "Wajib berisi 'berlaku' (tanggal TTTT-BB-HH) dan 'teks'.")
            continue
        versions.append(Versi(entry["teks"].strip(), entry["berlaku"], str(entry.get("kode") or ""),
                              bool(entry.get("perkiraan", False))))
    if [v.berlaku for v in versions] != sorted(v.berlaku for v in versions):
        problem(f"{key}.versi", "Versi harus urut dari tanggal berlaku yang paling awal.")
    return tuple(versions)
