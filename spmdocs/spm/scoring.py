"""SPM scoring: capaian penerima and mutu per service, nilai, bidang and daerah indices, kategori.

The rules follow the reference (§3 and "Updates (2026-12)"): sub-unit rows are summed (never
averaged), capaian is kept raw for display and capped for the index, a bidang index is the mean of
its services and the daerah index the mean of its bidang. The nilai of a service follows the
regulation of the data's year: Permendagri 100/2018 for tahun ≤ 2021 (capaian penerima only, as
Kemendagri scored 2021), Permendagri 59/2021 from 2022 (0,8 × penerima + 0,2 × mutu). A kategori
is that of the value as printed (rounded to ``desimal`` places by ``pembulatan``), so a printed
figure and its kategori never contradict each other. Every rule the sources leave UNCERTAIN is a
field of :class:`ScoringRules`; clerks write the keys in Indonesian, the English names still work.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Literal

import pandas as pd
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator

from spmdocs.fmt import rounded
from spmdocs.spm.catalog import Catalog, level_of, load_catalog
from spmdocs.spm.regulasi import load_regulasi

COUNT_COLUMNS = ("sasaran", "terlayani", "mutu_target", "mutu_terpenuhi", "anggaran",
                 "realisasi_anggaran")
_EPSILON = 1e-9


def _key(indonesian: str, english: str) -> dict:
    """Field options accepting the clerk's Indonesian key and the earlier English name."""
    return {"validation_alias": AliasChoices(indonesian, english)}


class _Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Weights(_Rules):
    """Weights of the two components of a service's nilai (``bobot``)."""

    penerima: float = Field(0.8, ge=0, le=1)
    mutu: float = Field(0.2, ge=0, le=1)

    @model_validator(mode="after")
    def _sum_to_one(self) -> "Weights":
        if abs(self.penerima + self.mutu - 1) > 1e-6:
            raise ValueError("bobot penerima + mutu harus berjumlah 1")
        return self


class KategoriBound(_Rules):
    """A kategori and the lowest index (inclusive) that earns it."""

    min: float = Field(**_key("batas_bawah", "min"))
    label: str = Field(**_key("nama", "label"))


DEFAULT_KATEGORI = (
    KategoriBound(min=100, label="Tuntas Paripurna"),
    KategoriBound(min=90, label="Tuntas Utama"),
    KategoriBound(min=80, label="Tuntas Madya"),
    KategoriBound(min=70, label="Tuntas Pratama"),
    KategoriBound(min=60, label="Tuntas Muda"),
    KategoriBound(min=0, label="Belum Tuntas"),
)


@dataclass(frozen=True)
class Regime:
    """The regulation a year's scores follow: its name, legal text and how nilai is formed."""

    kode: str
    nama: str
    sampai: int | None
    weights: Weights

    @property
    def peraturan(self) -> str:
        """The regulation's full title, from the packaged legal references."""
        return load_regulasi().versi(self.kode).teks

    @property
    def penerima_saja(self) -> bool:
        return self.weights.mutu == 0


REGIMES: dict[str, Regime] = {
    "permendagri_100_2018": Regime("permendagri_100_2018", "Permendagri 100/2018", 2021,
                                   Weights(penerima=1.0, mutu=0.0)),
    "permendagri_59_2021": Regime("permendagri_59_2021", "Permendagri 59/2021", None, Weights()),
}
"""The scoring regulations, oldest first; each applies up to and including its ``sampai`` year."""

_SYNONYMS = {
    "mutu_pooling": {"rasio_gabungan": "pooled_ratio", "rata_rata_item": "mean_of_items"},
    "zero_denominator": {"dikecualikan": "exclude", "dihitung_100": "treat_as_100",
                         "dihitung_0": "treat_as_0"},
    "no_mutu": {"penerima_saja": "penerima_only", "dihitung_0": "treat_as_0",
                "dihitung_100": "treat_as_100"},
}
"""Indonesian values of the settings whose values were English first (both are accepted)."""


class ScoringRules(_Rules):
    """How capaian becomes nilai, indeks and kategori; every UNCERTAIN rule is a setting here.

    ``regime`` (``peraturan``) "otomatis" picks the regulation from the data's year; ``weights``
    (``bobot``), when written in the config, replace the regulation's weights for every year.
    """

    regime: Literal["otomatis", "permendagri_100_2018", "permendagri_59_2021"] = Field(
        "otomatis", **_key("peraturan", "regime"))
    weights: Weights = Field(Weights(), **_key("bobot", "weights"))
    cap_at_100: bool = Field(True, **_key("batas_100", "cap_at_100"))
    mutu_pooling: Literal["pooled_ratio", "mean_of_items"] = Field(
        "pooled_ratio", **_key("gabungan_mutu", "mutu_pooling"))
    zero_denominator: Literal["exclude", "treat_as_100", "treat_as_0"] = Field(
        "exclude", **_key("sasaran_nol", "zero_denominator"))
    no_mutu: Literal["penerima_only", "treat_as_0", "treat_as_100"] = Field(
        "penerima_only", **_key("tanpa_mutu", "no_mutu"))
    kategori: tuple[KategoriBound, ...] = DEFAULT_KATEGORI
    display_decimals: int = Field(2, ge=0, le=6, **_key("desimal", "display_decimals"))
    rounding: Literal["setengah_ke_atas", "ke_bawah"] = Field(
        "setengah_ke_atas", **_key("pembulatan", "rounding"))

    @field_validator("mutu_pooling", "zero_denominator", "no_mutu", mode="before")
    @classmethod
    def _indonesian_values(cls, value: Any, info) -> Any:
        synonyms = _SYNONYMS[info.field_name]
        if isinstance(value, str) and value not in synonyms.values():
            if value not in synonyms:
                raise ValueError(f"nilai '{value}' tidak dikenal; pilihan: {', '.join(synonyms)}")
            return synonyms[value]
        return value

    @model_validator(mode="after")
    def _kategori_descending(self) -> "ScoringRules":
        mins = [k.min for k in self.kategori]
        if not mins or mins != sorted(mins, reverse=True):
            raise ValueError("batas kategori harus diurutkan dari nilai terbesar ke terkecil")
        return self

    def regime_of(self, tahun: int | None) -> Regime:
        """The regulation scores of ``tahun`` follow (the configured one, or the year's)."""
        if self.regime != "otomatis":
            return REGIMES[self.regime]
        for regime in REGIMES.values():
            if tahun is not None and regime.sampai is not None and tahun <= regime.sampai:
                return regime
        return list(REGIMES.values())[-1]

    def for_year(self, tahun: int | None) -> "ScoringRules":
        """These rules with the regulation of ``tahun`` applied (its weights, unless set in config)."""
        regime = self.regime_of(tahun)
        weights = self.weights if "weights" in self.model_fields_set else regime.weights
        return self.model_copy(update={"regime": regime.kode, "weights": weights})

    def shown(self, value: float | None) -> float | None:
        """``value`` as documents print it: rounded to ``display_decimals`` by ``rounding``."""
        if value is None:
            return None
        return float(rounded(value, self.display_decimals, self.rounding))

    def kategori_of(self, indeks: float | None) -> str | None:
        """The kategori of an index as printed (None when there is no index)."""
        if indeks is None:
            return None
        value = self.shown(indeks)
        for bound in self.kategori:
            if value >= bound.min - _EPSILON:
                return bound.label
        return self.kategori[-1].label

    def rumus(self, tahun: int | None = None) -> str:
        """How a service's nilai is formed in ``tahun``, as a sentence fragment for documents."""
        return rumus(self.for_year(tahun).weights)


def rumus(weights: Weights) -> str:
    """How a service's nilai is formed with ``weights``, as a sentence fragment for documents."""
    if weights.mutu == 0:
        return "nilai setiap jenis pelayanan dasar sama dengan capaian penerima layanan dasar"
    return (f"nilai setiap jenis pelayanan dasar = {_decimal(weights.penerima)} × capaian penerima "
            f"layanan dasar + {_decimal(weights.mutu)} × capaian mutu pelayanan dasar")


def _decimal(value: float) -> str:
    return f"{value:g}".replace(".", ",")


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
    peraturan: str = "permendagri_59_2021"
    bobot: Weights = Weights()

    def bidang_by_kode(self) -> dict[str, BidangScore]:
        return {b.kode: b for b in self.bidang}

    def layanan(self) -> list[LayananScore]:
        return [layanan for b in self.bidang for layanan in b.layanan]


@dataclass(frozen=True)
class ScoreResult:
    """The scores of every daerah in the data, with the rules that produced them."""

    daerah: tuple[DaerahScore, ...]
    rules: ScoringRules = field(default_factory=ScoringRules)

    def regime(self, score: DaerahScore) -> Regime:
        """The regulation ``score`` was computed under."""
        return REGIMES[score.peraturan]

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
    elif rules.weights.mutu == 0:
        nilai = index_penerima
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


SMALL_FRAME = 512
"""Frames up to this many rows (one unit of a batch: a few dozen) are summed in plain Python: the
pandas groupby costs about a millisecond and a half of fixed overhead per call, more than the rows."""


def _quarters(frame: pd.DataFrame) -> list[int]:
    """Each row's triwulan, 0 for a yearly row (the ``_tw`` of :func:`_with_quarter`)."""
    if "triwulan" not in frame:
        return [0] * len(frame)
    return [0 if value is None or value is pd.NA or value != value else int(value)
            for value in frame["triwulan"].tolist()]


_EXACT = float(2 ** 53)


def _exact_sum(values: list[float]) -> float | None:
    """The sum pandas' groupby ``sum(min_count=1)`` gives for these float64 values, when it is
    the same whatever the summation order or compensation: NaN when every value is missing, the
    one value when there is one, the exact sum of whole numbers whose partial sums are all
    representable; None otherwise (the caller then lets pandas sum)."""
    found = [v for v in values if v == v]
    if not found:
        return math.nan
    if any(v == 0 and math.copysign(1.0, v) < 0 for v in found):
        return None  # the sign of a zero sum is the adder's business
    if len(found) == 1:
        return found[0]
    if all(v.is_integer() for v in found) and sum(abs(v) for v in found) < _EXACT:
        return sum(found)
    return None


def _small_sums(frame: pd.DataFrame, present: list[str]):
    """(group keys in order of appearance, their sums, each row's triwulan) of a small frame, as
    ``frame.groupby(keys, sort=False)[present].sum(min_count=1)`` gives them; None when the frame
    is not one this path reproduces exactly (a missing key, a count column not float64, a group
    whose sum could depend on how pandas adds: fractions in several rows, see :func:`_exact_sum`)."""
    if len(frame) > SMALL_FRAME or any(frame[c].dtype != "float64" for c in present):
        return None
    quarters = _quarters(frame)
    groups: dict[tuple, list[int]] = {}
    for index, (wilayah, tahun, kode, tw) in enumerate(zip(frame["kode_wilayah"].tolist(), frame["tahun"].tolist(),
                                                           frame["kode_layanan"].tolist(), quarters)):
        if any(v is None or v is pd.NA or v != v for v in (wilayah, tahun, kode)):
            return None
        groups.setdefault((wilayah, tahun, tw, kode), []).append(index)
    columns = [frame[c].tolist() for c in present]
    sums = []
    for rows in groups.values():
        row = [_exact_sum([column[i] for i in rows]) for column in columns]
        if None in row:
            return None
        sums.append(row)
    return list(groups), sums, quarters


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
    quarters = (_quarters(mutu_items) if len(mutu_items) <= SMALL_FRAME
                else _with_quarter(mutu_items)["_tw"].tolist())
    by_key: dict[tuple, list[tuple[float, float]]] = {}
    columns = ["kode_wilayah", "tahun", "kode_layanan", "target", "terpenuhi"]
    for (wilayah, tahun, kode, target, done), tw in zip(_rows(mutu_items, columns), quarters):
        by_key.setdefault((wilayah, int(tahun), int(tw), kode), []).append((target, done))
    return by_key


def score(frame: pd.DataFrame, rules: ScoringRules | None = None,
          mutu_items: pd.DataFrame | None = None, catalog: Catalog | None = None) -> ScoreResult:
    """Score a tidy capaian frame (canonical columns, ``kode_layanan`` resolved to catalog codes).

    Each year is scored under its regulation (:meth:`ScoringRules.for_year`).

    Rows are grouped per daerah × tahun × triwulan × service and their counts summed, so data
    per puskesmas, kecamatan or sekolah scores exactly as the same data per daerah would. The sums
    are one pandas aggregation; the rest works on the (small) aggregated result.
    """
    rules = rules or ScoringRules()
    catalog = catalog or load_catalog()
    if frame.empty:
        return ScoreResult((), rules)
    keys = ["kode_wilayah", "tahun", "_tw", "kode_layanan"]
    present = [c for c in COUNT_COLUMNS if c in frame]
    small = _small_sums(frame, present)
    if small is not None:
        sum_keys, sum_rows, quarters = small
    else:
        frame = _with_quarter(frame)
        sums = frame.groupby(keys, sort=False)[present].sum(min_count=1)
        sum_keys, sum_rows = sums.index.tolist(), sums.to_numpy().tolist()
        quarters = frame["_tw"].tolist()
    texts: dict[tuple, dict] = {}
    names: dict[tuple, str] = {}
    text_columns = [frame[c].tolist() if c in frame else [None] * len(frame) for c in ("opd", "unit", "daerah")]
    for wilayah, tahun, tw, kode, opd, unit, daerah in zip(
            frame["kode_wilayah"].tolist(), frame["tahun"].tolist(), quarters, frame["kode_layanan"].tolist(),
            *text_columns):
        key = (wilayah, int(tahun), int(tw), kode)
        entry = texts.setdefault(key, {"opd": "", "units": set()})
        entry["opd"] = entry["opd"] or _text(opd)
        if _text(unit):
            entry["units"].add(_text(unit))
        names[key[:3]] = names.get(key[:3]) or _text(daerah)
    items = _mutu_by_service(mutu_items)
    order = {s.kode: i for i, s in enumerate(catalog.services("provinsi")
                                              + catalog.services("kabupaten_kota"))}
    by_daerah: dict[tuple, dict[str, LayananScore]] = {}
    yearly: dict[int, ScoringRules] = {}
    for raw_key, row in zip(sum_keys, sum_rows):
        key = (raw_key[0], int(raw_key[1]), int(raw_key[2]), raw_key[3])
        year_rules = yearly.setdefault(key[1], rules.for_year(key[1]))
        counts = dict(zip(present, row))
        counts.update({c: float("nan") for c in COUNT_COLUMNS if c not in counts})
        service = catalog.get(str(key[3]))
        text = texts[key]
        by_daerah.setdefault(key[:3], {})[service.kode] = score_layanan(
            service.kode, service.nama, service.bidang, text["opd"] or service.opd_pengampu, counts,
            year_rules, items.get(key), tuple(sorted(text["units"])))
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
            kategori=rules.kategori_of(indeks), bidang=tuple(bidang_scores),
            peraturan=yearly[tahun].regime, bobot=yearly[tahun].weights))
    return ScoreResult(tuple(results), rules)
