"""Scoring rules: the reference's worked example, configurable rules, and invariants."""

import math

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from spmdocs.fmt import nilai, score_style
from spmdocs.spm.scoring import KategoriBound, ScoringRules, score

COLUMNS = ["kode_wilayah", "daerah", "tahun", "triwulan", "kode_layanan", "opd", "unit", "sasaran",
           "terlayani", "mutu_target", "mutu_terpenuhi", "anggaran", "realisasi_anggaran"]


def frame(rows):
    base = {"kode_wilayah": "65.01", "daerah": "Kabupaten Bulungan", "tahun": 2025,
            "triwulan": pd.NA, "opd": "Dinas Kesehatan", "unit": "", "mutu_target": float("nan"),
            "mutu_terpenuhi": float("nan"), "anggaran": float("nan"),
            "realisasi_anggaran": float("nan")}
    data = pd.DataFrame([{**base, **row} for row in rows], columns=COLUMNS)
    data["tahun"] = data["tahun"].astype("Int64")
    data["triwulan"] = data["triwulan"].astype("Int64")
    return data


def test_worked_example_from_reference():
    """Sasaran 1.000, terlayani 950, mutu 3.636 of 4.040 → nilai 94,00, Tuntas Utama (§3.6)."""
    items = pd.DataFrame({
        "kode_wilayah": ["65.01"] * 2, "tahun": [2025] * 2, "kode_layanan": ["K-KES-1"] * 2,
        "jenis_mutu": ["barang_jasa", "sdm"], "uraian": ["Barang", "SDM"], "satuan": ["unit", "orang"],
        "target": [4000.0, 40.0], "terpenuhi": [3600.0, 36.0]})
    result = score(frame([{"kode_layanan": "K-KES-1", "sasaran": 1000.0, "terlayani": 950.0}]),
                   mutu_items=items)
    layanan = result.daerah[0].bidang_by_kode()["KES"].layanan[0]
    assert layanan.capaian_penerima == pytest.approx(95.0)
    assert layanan.capaian_mutu == pytest.approx(90.0)
    assert layanan.nilai == pytest.approx(94.0)
    assert layanan.kategori == "Tuntas Utama"


def test_mean_of_items_differs_from_pooled():
    items = pd.DataFrame({"kode_wilayah": ["65.01"] * 2, "tahun": [2025] * 2,
                          "kode_layanan": ["K-KES-1"] * 2, "target": [100.0, 10.0],
                          "terpenuhi": [100.0, 0.0]})
    data = frame([{"kode_layanan": "K-KES-1", "sasaran": 10.0, "terlayani": 10.0}])
    pooled = score(data, mutu_items=items).daerah[0].layanan()[0]
    mean = score(data, ScoringRules(mutu_pooling="mean_of_items"), items).daerah[0].layanan()[0]
    assert pooled.capaian_mutu == pytest.approx(100 / 110 * 100)
    assert mean.capaian_mutu == pytest.approx(50.0)


def test_over_100_kept_raw_but_capped_in_nilai():
    result = score(frame([{"kode_layanan": "K-KES-1", "sasaran": 100.0, "terlayani": 120.0,
                           "mutu_target": 10.0, "mutu_terpenuhi": 10.0}]))
    layanan = result.daerah[0].layanan()[0]
    assert layanan.capaian_penerima == pytest.approx(120.0)
    assert layanan.nilai == pytest.approx(100.0)
    assert layanan.kategori == "Tuntas Paripurna"


def test_no_mutu_scores_on_penerima_alone_unless_configured():
    data = frame([{"kode_layanan": "K-KES-1", "sasaran": 100.0, "terlayani": 80.0}])
    assert score(data).daerah[0].layanan()[0].nilai == pytest.approx(80.0)
    zero = score(data, ScoringRules(no_mutu="treat_as_0")).daerah[0].layanan()[0]
    assert zero.nilai == pytest.approx(64.0)


def test_zero_sasaran_policy():
    data = frame([{"kode_layanan": "K-KES-1", "sasaran": 0.0, "terlayani": 0.0},
                  {"kode_layanan": "K-KES-2", "sasaran": 10.0, "terlayani": 5.0}])
    excluded = score(data).daerah[0].bidang_by_kode()["KES"]
    assert excluded.indeks == pytest.approx(50.0)
    assert excluded.layanan[0].nilai is None and "sasaran 0" in excluded.layanan[0].catatan
    as_100 = score(data, ScoringRules(zero_denominator="treat_as_100")).daerah[0]
    assert as_100.bidang_by_kode()["KES"].indeks == pytest.approx(75.0)


def test_daerah_index_is_mean_of_bidang_and_missing_services_listed():
    data = frame([{"kode_layanan": "K-KES-1", "sasaran": 10.0, "terlayani": 10.0},
                  {"kode_layanan": "K-KES-2", "sasaran": 10.0, "terlayani": 8.0},
                  {"kode_layanan": "K-DIK-1", "sasaran": 10.0, "terlayani": 6.0}])
    daerah = score(data).daerah[0]
    assert daerah.bidang_by_kode()["KES"].indeks == pytest.approx(90.0)
    assert daerah.indeks == pytest.approx((90.0 + 60.0) / 2)
    assert daerah.kategori == "Tuntas Pratama"
    assert "K-KES-3" in daerah.bidang_by_kode()["KES"].tanpa_data


@pytest.mark.parametrize("indeks, kategori", [
    (100.0, "Tuntas Paripurna"), (99.99, "Tuntas Utama"), (90.0, "Tuntas Utama"),
    (89.99, "Tuntas Madya"), (80.0, "Tuntas Madya"), (70.0, "Tuntas Pratama"),
    (60.0, "Tuntas Muda"), (59.99, "Belum Tuntas"), (0.0, "Belum Tuntas")])
def test_kategori_bounds(indeks, kategori):
    assert ScoringRules().kategori_of(indeks) == kategori


@pytest.mark.parametrize("rules, indeks, printed, kategori", [
    ({}, 89.996, "90,00", "Tuntas Utama"),
    ({}, 99.999, "100,00", "Tuntas Paripurna"),
    ({}, 89.994, "89,99", "Tuntas Madya"),
    ({"pembulatan": "ke_bawah"}, 89.996, "89,99", "Tuntas Madya"),
    ({"pembulatan": "ke_bawah"}, 99.999, "99,99", "Tuntas Utama"),
    ({"desimal": 1}, 89.96, "90,0", "Tuntas Utama"),
    ({"desimal": 0, "pembulatan": "ke_bawah"}, 89.96, "89", "Tuntas Madya"),
])
def test_printed_value_and_kategori_never_contradict(rules, indeks, printed, kategori):
    rules = ScoringRules.model_validate(rules)
    with score_style(rules.display_decimals, rules.rounding):
        assert nilai(indeks) == printed
    assert rules.kategori_of(indeks) == kategori


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=0, max_value=100, allow_nan=False), st.integers(0, 4),
       st.sampled_from(["setengah_ke_atas", "ke_bawah"]))
def test_kategori_is_that_of_the_printed_value(value, decimals, rounding):
    rules = ScoringRules(display_decimals=decimals, rounding=rounding)
    with score_style(decimals, rounding):
        printed = float(nilai(value).replace(".", "").replace(",", "."))
    assert rules.kategori_of(value) == ScoringRules(display_decimals=6).kategori_of(printed)


def test_regulation_follows_the_data_year():
    """2021 data: Permendagri 100/2018, penerima only; 2022 data: Permendagri 59/2021, 0,8/0,2."""
    rows = [{"tahun": year, "kode_layanan": "K-KES-1", "sasaran": 100.0, "terlayani": 80.0,
             "mutu_target": 10.0, "mutu_terpenuhi": 5.0} for year in (2021, 2022)]
    result = score(frame(rows))
    old, new = sorted(result.daerah, key=lambda d: d.tahun)
    assert old.peraturan == "permendagri_100_2018" and old.layanan()[0].nilai == pytest.approx(80.0)
    assert old.layanan()[0].catatan == "" and old.layanan()[0].capaian_mutu == pytest.approx(50.0)
    assert new.peraturan == "permendagri_59_2021" and new.layanan()[0].nilai == pytest.approx(74.0)
    assert result.regime(old).nama == "Permendagri 100/2018"
    assert "Nomor 59 Tahun 2021" in result.regime(new).peraturan
    assert "0,8 × capaian penerima" in result.rules.rumus(2022)
    assert "sama dengan capaian penerima" in result.rules.rumus(2021)


def test_regulation_and_weights_can_be_set_in_config():
    rows = [{"tahun": 2021, "kode_layanan": "K-KES-1", "sasaran": 100.0, "terlayani": 80.0,
             "mutu_target": 10.0, "mutu_terpenuhi": 5.0}]
    forced = ScoringRules.model_validate({"peraturan": "permendagri_59_2021"})
    assert score(frame(rows), forced).daerah[0].layanan()[0].nilai == pytest.approx(74.0)
    weighted = ScoringRules.model_validate({"bobot": {"penerima": 0.5, "mutu": 0.5}})
    assert score(frame(rows), weighted).daerah[0].layanan()[0].nilai == pytest.approx(65.0)


def test_indonesian_keys_and_english_aliases_are_the_same_rules():
    indonesian = ScoringRules.model_validate({
        "bobot": {"penerima": 0.7, "mutu": 0.3}, "batas_100": False, "gabungan_mutu": "rata_rata_item",
        "sasaran_nol": "dihitung_100", "tanpa_mutu": "dihitung_0", "desimal": 1,
        "kategori": [{"batas_bawah": 50, "nama": "Baik"}, {"batas_bawah": 0, "nama": "Kurang"}]})
    english = ScoringRules.model_validate({
        "weights": {"penerima": 0.7, "mutu": 0.3}, "cap_at_100": False, "mutu_pooling": "mean_of_items",
        "zero_denominator": "treat_as_100", "no_mutu": "treat_as_0", "display_decimals": 1,
        "kategori": [{"min": 50, "label": "Baik"}, {"min": 0, "label": "Kurang"}]})
    assert indonesian == english
    assert indonesian.kategori_of(55) == "Baik"
    with pytest.raises(ValueError, match="pilihan: dikecualikan, dihitung_100, dihitung_0"):
        ScoringRules.model_validate({"sasaran_nol": "nol"})


def test_kategori_bounds_are_configurable_and_checked():
    rules = ScoringRules(kategori=(KategoriBound(min=75, label="Baik"), KategoriBound(min=0, label="Kurang")))
    assert rules.kategori_of(80) == "Baik"
    with pytest.raises(ValueError):
        ScoringRules(kategori=(KategoriBound(min=0, label="a"), KategoriBound(min=50, label="b")))
    with pytest.raises(ValueError):
        ScoringRules(weights={"penerima": 0.7, "mutu": 0.2})


counts = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False,
                   allow_subnormal=False)
service_rows = st.lists(
    st.tuples(st.sampled_from(["K-KES-1", "K-KES-2", "K-DIK-1", "K-SOS-3", "K-PU-1"]), counts, counts,
              counts, counts),
    min_size=1, max_size=12)


def _rows(rows):
    return [{"kode_layanan": k, "sasaran": s, "terlayani": t, "mutu_target": mt, "mutu_terpenuhi": mf}
            for k, s, t, mt, mf in rows]


@settings(max_examples=60, deadline=None)
@given(service_rows)
def test_index_within_0_and_100_after_capping(rows):
    daerah = score(frame(_rows(rows))).daerah[0]
    for value in [daerah.indeks] + [b.indeks for b in daerah.bidang] + [s.nilai for s in daerah.layanan()]:
        assert value is None or -1e-9 <= value <= 100 + 1e-9


@settings(max_examples=60, deadline=None)
@given(service_rows, st.randoms(use_true_random=False))
def test_row_order_is_irrelevant(rows, rnd):
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    a, b = score(frame(_rows(rows))).daerah[0], score(frame(_rows(shuffled))).daerah[0]
    assert (a.indeks is None) == (b.indeks is None)
    if a.indeks is not None:
        assert a.indeks == pytest.approx(b.indeks, rel=1e-9, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(service_rows, st.integers(min_value=2, max_value=6), st.floats(min_value=0.05, max_value=0.95))
def test_splitting_into_sub_units_keeps_the_score(rows, parts, share):
    whole = score(frame(_rows(rows))).daerah[0]
    split = []
    for row in _rows(rows):
        remaining = dict(row)
        for i in range(parts - 1):
            piece = {k: (v * share if isinstance(v, float) else v) for k, v in remaining.items()}
            remaining = {k: (v - piece[k] if isinstance(v, float) else v) for k, v in remaining.items()}
            split.append({**piece, "unit": f"Puskesmas {i}"})
        split.append({**remaining, "unit": f"Puskesmas {parts}"})
    pieces = score(frame(split)).daerah[0]
    for a, b in zip(whole.layanan(), pieces.layanan()):
        assert a.kode == b.kode
        if a.nilai is None:
            assert b.nilai is None or math.isclose(a.sasaran, 0, abs_tol=1e-6)
        else:
            assert b.nilai == pytest.approx(a.nilai, rel=1e-6, abs=1e-6)



_parts = st.one_of(st.just(float("nan")), st.floats(0, 1e9, allow_nan=False), st.integers(0, 10**9).map(float),
                   st.sampled_from([0.1, 0.2, 0.3, 2.0 ** 52, 1.0, 3.0, -0.0]))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["K-KES-1", "K-KES-2", "K-DIK-1"]), st.sampled_from([pd.NA, 1, 2]),
                          _parts, _parts, _parts), min_size=1, max_size=40))
def test_small_frames_score_as_the_pandas_groupby(rows):
    """A batch unit's few rows are summed in plain Python when the sum cannot depend on how it is
    added; the scores are then those of pandas' groupby, to the last bit; otherwise pandas sums."""
    from spmdocs.spm import scoring

    data = frame([{"kode_layanan": k, "triwulan": tw, "sasaran": s if s == s else 1.0, "terlayani": t,
                   "anggaran": a, "unit": f"Puskesmas {i % 3}"} for i, (k, tw, s, t, a) in enumerate(rows)])
    fast = repr(score(data))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scoring, "SMALL_FRAME", -1)
        assert scoring._small_sums(data, ["sasaran"]) is None
        assert fast == repr(score(data))


@pytest.mark.parametrize("values, expected", [
    ([float("nan")] * 2, "nan"), ([2.5, float("nan")], "2.5"), ([-0.0], None), ([0.0, 5.0], "5.0"),
    ([3.0, 4.0, -2.0], "5.0"),
    ([0.1, 0.2], None), ([2.0 ** 53, 1.0], None)])
def test_exact_sums_only(values, expected):
    from spmdocs.spm.scoring import _exact_sum

    found = _exact_sum(values)
    assert (None if found is None else repr(found)) == expected
    if found is not None:
        pandas = pd.DataFrame({"k": ["a"] * len(values), "v": values}).groupby("k")["v"].sum(min_count=1)
        assert repr(float(pandas.iloc[0])) == expected
