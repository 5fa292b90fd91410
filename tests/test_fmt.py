"""Indonesian formatting: separators, Rupiah, percent, dates, Roman numerals, words, rounding."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from spmdocs import fmt


@pytest.mark.parametrize("value, decimals, expected", [
    (1234567.891, 2, "1.234.567,89"),
    (1234567, None, "1.234.567"),
    (12345.6, None, "12.345,60"),
    (86.425, 2, "86,43"),      # half-up, not banker's rounding
    (86.435, 2, "86,44"),
    (0.005, 2, "0,01"),
    (-0.001, 2, "0,00"),       # no "-0,00"
    (float("nan"), 2, "-"),
    (None, 2, "-"),
])
def test_angka(value, decimals, expected):
    assert fmt.angka(value, decimals) == expected


def test_persen_rupiah_tanggal_triwulan():
    assert fmt.persen(86.4321) == "86,43%"
    assert fmt.rupiah(1250000) == "Rp1.250.000"
    assert fmt.rupiah(1250000.5, decimals=2) == "Rp1.250.000,50"
    assert fmt.rupiah(-1500) == "-Rp1.500"
    assert fmt.tanggal(date(2026, 1, 19)) == "19 Januari 2026"
    assert fmt.tanggal("2025-08-17") == "17 Agustus 2025"
    assert fmt.triwulan(4) == "Triwulan IV"
    assert fmt.romawi(2026) == "MMXXVI"
    assert fmt.huruf(1) == "A" and fmt.huruf(6) == "F" and fmt.huruf(2, upper=False) == "b"
    assert fmt.bulan(5) == "Mei"


def test_terbilang():
    assert fmt.terbilang(1250000, currency=True) == "satu juta dua ratus lima puluh ribu rupiah"
    assert fmt.terbilang(1100) == "seribu seratus"
    assert fmt.terbilang(12.5) == "dua belas koma lima"


def test_invalid_numbering_is_refused():
    with pytest.raises(ValueError):
        fmt.triwulan(5)
    with pytest.raises(ValueError):
        fmt.romawi(0)


@given(st.decimals(min_value=-10**9, max_value=10**9, places=3, allow_nan=False))
def test_round_half_up_matches_decimal_rule(value):
    rounded = fmt.round_half_up(value, 2)
    assert abs(rounded - value) <= Decimal("0.005")
    if (value * 1000) % 10 == 5 and value > 0:
        assert rounded > value


def test_angka_writes_what_babel_writes():
    """The fast id_ID grouping gives babel's text for every kind of figure an annex prints."""
    import random

    from babel.numbers import format_decimal

    from spmdocs.fmt import _pattern, _grouped, rounded

    rng = random.Random(14)
    values = [0, 1, -1, 999, 1000, -1000, 999999.995, 1234567.891, -0.004, 0.005, 12.345, 1e15, 86.435,
              *(rng.uniform(-1e9, 1e9) for _ in range(300)), *(rng.uniform(-2, 2) for _ in range(300)),
              *(rng.randrange(-10**12, 10**12) for _ in range(300))]
    for value in values:
        for decimals in (0, 1, 2, 3):
            for rounding in ("setengah_ke_atas", "ke_bawah"):
                shown = rounded(value, decimals, rounding)
                if shown == 0:
                    shown = abs(shown)
                expected = format_decimal(shown, format=_pattern(decimals), locale="id_ID",
                                          decimal_quantization=False)
                assert _grouped(shown, decimals) == expected, (value, decimals)
                assert fmt.angka(value, decimals, rounding) == expected
    assert _grouped(Decimal("-1234567.50"), 2) == "-1.234.567,50"
