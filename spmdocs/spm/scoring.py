"""SPM scoring: capaian penerima and mutu per service, nilai, bidang and daerah indices, kategori.

The rules follow the reference (§3): sub-unit rows are summed (never averaged), capaian is kept
raw for display and capped for the index, nilai = 0,8 × penerima + 0,2 × mutu, a bidang index is
the mean of its services and the daerah index the mean of its bidang. Every rule the sources leave
UNCERTAIN is a field of :class:`ScoringRules`, whose defaults are the reference's defaults.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from spmdocs.spm.catalog import Catalog, level_of, load_catalog

COUNT_COLUMNS = ("sasaran", "terlayani", "mutu_target", "mutu_terpenuhi", "anggaran",
                 "realisasi_anggaran")
_EPSILON = 1e-9


class Weights(BaseModel):
    """Weights of the two components of a service's nilai."""

    model_config = ConfigDict(extra="forbid")
    penerima: float = Field(0.8, ge=0, le=1)
    mutu: float = Field(0.2, ge=0, le=1)

    @model_validator(mode="after")
    def _sum_to_one(self) -> "Weights":
        if abs(self.penerima + self.mutu - 1) > 1e-6:
            raise ValueError("bobot penerima + mutu harus berjumlah 1")
        return self


class KategoriBound(BaseModel):
    """A kategori and the lowest index (inclusive) that earns it."""

    model_config = ConfigDict(extra="forbid")
    min: float
    label: str


DEFAULT_KATEGORI = (
    KategoriBound(min=100, label="Tuntas Paripurna"),
    KategoriBound(min=90, label="Tuntas Utama"),
    KategoriBound(min=80, label="Tuntas Madya"),
    KategoriBound(min=70, label="Tuntas Pratama"),
    KategoriBound(min=60, label="Tuntas Muda"),
    KategoriBound(min=0, label="Belum Tuntas"),
)


class ScoringRules(BaseModel):
    """How capaian becomes nilai, indeks and kategori; every UNCERTAIN rule is a setting here."""

    model_config = ConfigDict(extra="forbid")
    weights: Weights = Weights()
    cap_at_100: bool = True
    mutu_pooling: Literal["pooled_ratio", "mean_of_items"] = "pooled_ratio"
    zero_denominator: Literal["exclude", "treat_as_100", "treat_as_0"] = "exclude"
    no_mutu: Literal["penerima_only", "treat_as_0", "treat_as_100"] = "penerima_only"
    kategori: tuple[KategoriBound, ...] = DEFAULT_KATEGORI
    display_decimals: int = Field(2, ge=0, le=6)

    @model_validator(mode="after")
    def _kategori_descending(self) -> "ScoringRules":
        mins = [k.min for k in self.kategori]
        if not mins or mins != sorted(mins, reverse=True):
            raise ValueError("batas kategori harus diurutkan dari nilai terbesar ke terkecil")
        return self

    def kategori_of(self, indeks: float | None) -> str | None:
        """The kategori earned by an unrounded index (None when there is no index)."""
        if indeks is None:
            return None
        for bound in self.kategori:
            if indeks >= bound.min - _EPSILON:
                return bound.label
        return self.kategori[-1].label


@dataclass(frozen=True)
class LayananScore:
    """One Jenis Pelayanan Dasar of one daerah: summed counts, raw capaian, nilai, kategori."""

    kode: str
    nama: str
    bidang: str
    opd: str
    sasaran: float
    terlayani: float
    mutu_target: float
    mutu_terpenuhi: float
    anggaran: float
    realisasi_anggaran: float
    capaian_penerima: float | None
    capaian_mutu: float | None
    nilai: float | None
    kategori: str | None
    catatan: str = ""
    units: tuple[str, ...] = ()

    @property
    def belum_terlayani(self) -> float:
        return max(self.sasaran - self.terlayani, 0.0)


@dataclass(frozen=True)
class BidangScore:
    """One bidang of one daerah: the mean of its scored services."""

    kode: str
    nama: str
    indeks: float | None
    kategori: str | None
    layanan: tuple[LayananScore, ...]
    tanpa_data: tuple[str, ...] = ()


@dataclass(frozen=True)
class DaerahScore:
    """One daerah in one year (and triwulan, for quarterly data): its index and bidang."""

    kode_wilayah: str
    nama: str
    tahun: int
    triwulan: int | None
    level: str | None
    indeks: float | None
    kategori: str | None
    bidang: tuple[BidangScore, ...]

    def bidang_by_kode(self) -> dict[str, BidangScore]:
        return {b.kode: b for b in self.bidang}

    def layanan(self) -> list[LayananScore]:
        return [layanan for b in self.bidang for layanan in b.layanan]


@dataclass(frozen=True)
class ScoreResult:
    """The scores of every daerah in the data, with the rules that produced them."""

    daerah: tuple[DaerahScore, ...]
    rules: ScoringRules = field(default_factory=ScoringRules)

    def find(self, kode_wilayah: str, tahun: int | None = None,
             triwulan: int | None = None) -> DaerahScore | None:
        for d in self.daerah:
            if d.kode_wilayah == kode_wilayah and (tahun is None or d.tahun == tahun) \
                    and (triwulan is None or d.triwulan == triwulan):
                return d
        return None


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return math.fsum(present) / len(present) if present else None


def _ratio(numerator: float, denominator: float) -> float | None:
    if pd.isna(numerator) or pd.isna(denominator) or denominator == 0:
        return None
    value = float(numerator) / float(denominator) * 100.0
    return value if math.isfinite(value) else None


def _capped(value: float | None, rules: ScoringRules) -> float | None:
    if value is None:
        return None
    return min(value, 100.0) if rules.cap_at_100 else value


def _mutu_from_items(items: list[tuple[float, float]], rules: ScoringRules) -> float | None:
    """Capaian mutu of one service from its (target, terpenuhi) items, pooled or averaged."""
    items = [(target, done) for target, done in items if target > 0]
    if not items:
        return None
    if rules.mutu_pooling == "pooled_ratio":
        return _ratio(math.fsum(d for _, d in items), math.fsum(t for t, _ in items))
    return _mean(_capped(_ratio(done, target), rules) for target, done in items)


def score_layanan(kode: str, nama: str, bidang: str, opd: str, sums: dict[str, float],
                  rules: ScoringRules, mutu_items: list[tuple[float, float]] | None = None,
                  units: tuple[str, ...] = ()) -> LayananScore:
    """Score one service from its summed counts (and its (target, terpenuhi) mutu items)."""
    catatan = []
    penerima = _ratio(sums["terlayani"], sums["sasaran"])
    zero_sasaran = not pd.isna(sums["sasaran"]) and sums["sasaran"] == 0
    if mutu_items:
        mutu = _mutu_from_items(mutu_items, rules)
    else:
        mutu = _ratio(sums["mutu_terpenuhi"], sums["mutu_target"])

    if penerima is None and zero_sasaran:
        if rules.zero_denominator == "exclude":
            catatan.append("sasaran 0: tidak diperhitungkan dalam indeks")
            return LayananScore(kode, nama, bidang, opd, *(sums[c] for c in COUNT_COLUMNS),
                                None, mutu, None, None, "; ".join(catatan), units)
        index_penerima = 100.0 if rules.zero_denominator == "treat_as_100" else 0.0
        catatan.append(f"sasaran 0: dihitung {index_penerima:g}%")
    else:
        index_penerima = _capped(penerima, rules)

    index_mutu = _capped(mutu, rules)
    if index_penerima is None:
        nilai = None
    elif index_mutu is None:
        if rules.no_mutu == "penerima_only":
            nilai = index_penerima
            catatan.append("tanpa data mutu: nilai dari capaian penerima saja")
        else:
            fill = 100.0 if rules.no_mutu == "treat_as_100" else 0.0
            nilai = rules.weights.penerima * index_penerima + rules.weights.mutu * fill
            catatan.append(f"tanpa data mutu: mutu dihitung {fill:g}%")
    else:
        nilai = rules.weights.penerima * index_penerima + rules.weights.mutu * index_mutu
    return LayananScore(kode, nama, bidang, opd, *(sums[c] for c in COUNT_COLUMNS),
                        penerima, mutu, nilai, rules.kategori_of(nilai), "; ".join(catatan), units)


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _rows(frame: pd.DataFrame, columns: list[str]):
    """The values of ``columns`` row by row as plain Python objects (faster than itertuples)."""
    return zip(*(frame[column].tolist() for column in columns))


def _with_quarter(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    if "triwulan" not in frame:
        frame["triwulan"] = pd.NA
    frame["_tw"] = frame["triwulan"].astype("Int64").fillna(0)
    return frame


def _mutu_by_service(mutu_items: pd.DataFrame | None) -> dict[tuple, list[tuple[float, float]]]:
    """(kode_wilayah, tahun, triwulan or 0, kode_layanan) → its mutu items as (target, terpenuhi)."""
    if mutu_items is None or mutu_items.empty:
        return {}
    items = _with_quarter(mutu_items)
    by_key: dict[tuple, list[tuple[float, float]]] = {}
    columns = ["kode_wilayah", "tahun", "_tw", "kode_layanan", "target", "terpenuhi"]
    for wilayah, tahun, tw, kode, target, done in _rows(items, columns):
        by_key.setdefault((wilayah, int(tahun), int(tw), kode), []).append((target, done))
    return by_key


def score(frame: pd.DataFrame, rules: ScoringRules | None = None,
          mutu_items: pd.DataFrame | None = None, catalog: Catalog | None = None) -> ScoreResult:
    """Score a tidy capaian frame (canonical columns, ``kode_layanan`` resolved to catalog codes).

    Rows are grouped per daerah × tahun × triwulan × service and their counts summed, so data
    per puskesmas, kecamatan or sekolah scores exactly as the same data per daerah would. The sums
    are one pandas aggregation; the rest works on the (small) aggregated result.
    """
    rules = rules or ScoringRules()
    catalog = catalog or load_catalog()
    if frame.empty:
        return ScoreResult((), rules)
    frame = _with_quarter(frame)
    keys = ["kode_wilayah", "tahun", "_tw", "kode_layanan"]
    present = [c for c in COUNT_COLUMNS if c in frame]
    sums = frame.groupby(keys, sort=False)[present].sum(min_count=1)
    texts: dict[tuple, dict] = {}
    names: dict[tuple, str] = {}
    text_columns = [c if c in frame else "_tw" for c in ("opd", "unit", "daerah")]
    for *key, opd, unit, daerah in _rows(frame, keys + text_columns):
        key = (key[0], int(key[1]), int(key[2]), key[3])
        entry = texts.setdefault(key, {"opd": "", "units": set()})
        entry["opd"] = entry["opd"] or _text(opd)
        if _text(unit):
            entry["units"].add(_text(unit))
        names[key[:3]] = names.get(key[:3]) or _text(daerah)
    items = _mutu_by_service(mutu_items)
    order = {s.kode: i for i, s in enumerate(catalog.services("provinsi")
                                              + catalog.services("kabupaten_kota"))}
    by_daerah: dict[tuple, dict[str, LayananScore]] = {}
    for raw_key, row in zip(sums.index.tolist(), sums.to_numpy().tolist()):
        key = (raw_key[0], int(raw_key[1]), int(raw_key[2]), raw_key[3])
        counts = dict(zip(present, row))
        counts.update({c: float("nan") for c in COUNT_COLUMNS if c not in counts})
        service = catalog.get(str(key[3]))
        text = texts[key]
        by_daerah.setdefault(key[:3], {})[service.kode] = score_layanan(
            service.kode, service.nama, service.bidang, text["opd"] or service.opd_pengampu, counts,
            rules, items.get(key), tuple(sorted(text["units"])))
    results = []
    for (kode_wilayah, tahun, tw) in sorted(by_daerah):
        by_service = by_daerah[(kode_wilayah, tahun, tw)]
        level = level_of(str(kode_wilayah))
        bidang_scores = []
        for bidang in catalog.bidang_list:
            expected = catalog.services(level, bidang.kode) if level else ()
            layanan = tuple(sorted((s for s in by_service.values() if s.bidang == bidang.kode),
                                   key=lambda s: order[s.kode]))
            if not layanan and not expected:
                continue
            indeks = _mean(item.nilai for item in layanan)
            bidang_scores.append(BidangScore(
                bidang.kode, bidang.nama, indeks, rules.kategori_of(indeks), layanan,
                tuple(s.kode for s in expected if s.kode not in by_service)))
        indeks = _mean(b.indeks for b in bidang_scores)
        results.append(DaerahScore(
            kode_wilayah=str(kode_wilayah), nama=names.get((kode_wilayah, tahun, tw)) or str(kode_wilayah),
            tahun=tahun, triwulan=tw or None, level=level, indeks=indeks,
            kategori=rules.kategori_of(indeks), bidang=tuple(bidang_scores)))
    return ScoreResult(tuple(results), rules)
